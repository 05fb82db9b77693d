import { EventType, type CancelReason, type EngineEvent, type Fill, type OrderAccepted, type OrderCanceled } from './events.js';
import type { Side } from './commands.js';
import type { RestingOrder } from './order.js';

/** A record's first slot: an event type written as numbers, or OBJECT for an event kept as an object. */
const OBJECT = 0;
/** Slots per record, the tag included (OBJECT: the tag and the object's index). */
const ACCEPTED_SLOTS = 10;
const CANCELED_SLOTS = 12;
const FILL_SLOTS = 19;
const OBJECT_SLOTS = 2;
const INITIAL_SLOTS = 4096;

/**
 * Where the engine writes a command's events (`Engine.out`): every event in order, the order
 * path's three most frequent (ORDER_ACCEPTED, FILL, ORDER_CANCELED) through their own calls,
 * so that a sink can keep them without making objects. Two kinds: `EventLog` keeps records,
 * `EventObjects` makes the objects (what `Engine.apply` returns). Two classes rather than one
 * with a flag: each call site stays small and sees one class in a process that uses one kind
 * (the service uses objects only); one class with both branches made the object path ~5% slower
 * in 3 alternating process pairs (2026-11-24 22:30).
 */
export interface EventSink {
  /** Any event, as the object it is. */
  push(event: EngineEvent): void;
  accepted(seq: number, order: RestingOrder): void;
  canceled(seq: number, order: RestingOrder, canceledQty: number, reason: CancelReason): void;
  fill(seq: number, maker: RestingOrder, taker: RestingOrder, qty: number, priceMicros: number, tradeId: number): void;
}

/** Every event made an object, pushed to the array the sink points at (`Engine.apply`'s). */
export class EventObjects implements EventSink {
  constructor(private target: EngineEvent[]) {}

  /**
   * Writes to `out` from now on. Written only when it changes: the sequencer applies a batch's commands
   * into one array, and storing a young array into this old object on every command took the write
   * barrier's slow path each time (1–2% of the order path's samples under perf, 2026-11-30).
   */
  pointAt(out: EngineEvent[]): void {
    if (this.target !== out) this.target = out;
  }

  push(event: EngineEvent): void {
    this.target.push(event);
  }

  accepted(seq: number, order: RestingOrder): void {
    this.target.push(acceptedEvent(seq, order.orderId, order.owner.id, order.clientOrderId, order.seriesId, order.side, order.priceMicros, order.orderQty, order.isQuote));
  }

  canceled(seq: number, order: RestingOrder, canceledQty: number, reason: CancelReason): void {
    this.target.push(canceledEvent(seq, order.orderId, order.owner.id, order.clientOrderId, order.seriesId, order.side, order.priceMicros, order.orderQty, order.cumQty, canceledQty, reason));
  }

  fill(seq: number, maker: RestingOrder, taker: RestingOrder, qty: number, priceMicros: number, tradeId: number): void {
    this.target.push(
      fillEvent(
        seq, maker.seriesId, tradeId, priceMicros, qty, taker.side,
        maker.orderId, maker.owner.id, maker.clientOrderId, maker.orderQty, maker.cumQty, maker.leavesQty,
        taker.orderId, taker.owner.id, taker.clientOrderId, taker.orderQty, taker.cumQty, taker.leavesQty,
      ),
    );
  }
}

/**
 * The events of one or more commands as records: ORDER_ACCEPTED, FILL and ORDER_CANCELED as
 * numbers in one reused array, every other event kept as the object it is, in its place.
 * `toEvents` makes the objects: the same objects, field for field and key for key, as
 * `EventObjects` makes.
 *
 * Why (issue 21, measured 2026-11-24 in alternating process pairs of the engine bench's
 * in-process loop): an object per event was 210 MB of fresh young-generation memory per
 * million operations, written once and collected; the same events as records in an array
 * that stays in cache ran the loop 5.52M and 5.41M ops/s against 4.39M and 4.53M. Making the
 * objects from records later costs more than making them at once (the values are read back),
 * so a reader that wants objects (the sequencer's senders and listeners today) uses `apply`.
 *
 * The records hold small integers (ids, µPAT, quantities, enums: V8 keeps such an array
 * unboxed; a larger value only makes it slower) taken from an order the engine accepted.
 * Events whose fields echo a client's unvalidated input (ORDER_REJECTED) stay objects.
 *
 * Bounded by what the engine emits between two `clear`s; it grows by doubling and keeps its
 * size, so a caller that clears it after each command or turn allocates nothing once grown.
 */
export class EventLog implements EventSink {
  private slots: number[] = new Array<number>(INITIAL_SLOTS).fill(0);
  private used = 0;
  /** The events not written as records, by index. */
  private readonly objects: EngineEvent[] = [];
  /** Events written since the last `clear`. */
  count = 0;

  clear(): void {
    this.used = 0;
    this.count = 0;
    if (this.objects.length > 0) this.objects.length = 0;
  }

  /** Any event, kept as the object it is. */
  push(event: EngineEvent): void {
    this.count++;
    const s = this.slots.length - this.used < OBJECT_SLOTS ? this.grown() : this.slots;
    s[this.used] = OBJECT;
    s[this.used + 1] = this.objects.length;
    this.used += OBJECT_SLOTS;
    this.objects.push(event);
  }

  accepted(seq: number, order: RestingOrder): void {
    const s = this.slots.length - this.used < ACCEPTED_SLOTS ? this.grown() : this.slots;
    let at = this.orderRef(s, EventType.ORDER_ACCEPTED, seq, order);
    s[at++] = order.isQuote ? 1 : 0;
    this.used = at;
    this.count++;
  }

  canceled(seq: number, order: RestingOrder, canceledQty: number, reason: CancelReason): void {
    const s = this.slots.length - this.used < CANCELED_SLOTS ? this.grown() : this.slots;
    let at = this.orderRef(s, EventType.ORDER_CANCELED, seq, order);
    s[at++] = order.cumQty;
    s[at++] = canceledQty;
    s[at++] = reason;
    this.used = at;
    this.count++;
  }

  fill(seq: number, maker: RestingOrder, taker: RestingOrder, qty: number, priceMicros: number, tradeId: number): void {
    const s = this.slots.length - this.used < FILL_SLOTS ? this.grown() : this.slots;
    let at = this.used;
    s[at++] = EventType.FILL;
    s[at++] = seq;
    s[at++] = maker.seriesId;
    s[at++] = tradeId;
    s[at++] = priceMicros;
    s[at++] = qty;
    s[at++] = taker.side;
    this.used = tradeSide(s, tradeSide(s, at, maker), taker);
    this.count++;
  }

  /** Writes the fields ORDER_ACCEPTED and ORDER_CANCELED share (their OrderRef and orderQty) from the next free slot; returns the slot after them. */
  private orderRef(s: number[], type: EventType, seq: number, order: RestingOrder): number {
    let at = this.used;
    s[at++] = type;
    s[at++] = seq;
    s[at++] = order.orderId;
    s[at++] = order.owner.id;
    s[at++] = order.clientOrderId;
    s[at++] = order.seriesId;
    s[at++] = order.side;
    s[at++] = order.priceMicros;
    s[at++] = order.orderQty;
    return at;
  }

  /** Appends the events since the last `clear` to `out` as objects, in order. */
  toEvents(out: EngineEvent[]): void {
    const s = this.slots;
    for (let at = 0; at < this.used; ) {
      switch (s[at]) {
        case OBJECT:
          out.push(this.objects[s[at + 1]!]!);
          at += OBJECT_SLOTS;
          break;
        case EventType.ORDER_ACCEPTED:
          out.push(acceptedEvent(s[at + 1]!, s[at + 2]!, s[at + 3]!, s[at + 4]!, s[at + 5]!, s[at + 6]! as Side, s[at + 7]!, s[at + 8]!, s[at + 9] === 1));
          at += ACCEPTED_SLOTS;
          break;
        case EventType.ORDER_CANCELED:
          out.push(canceledEvent(s[at + 1]!, s[at + 2]!, s[at + 3]!, s[at + 4]!, s[at + 5]!, s[at + 6]! as Side, s[at + 7]!, s[at + 8]!, s[at + 9]!, s[at + 10]!, s[at + 11]! as CancelReason));
          at += CANCELED_SLOTS;
          break;
        case EventType.FILL:
          out.push(
            fillEvent(
              s[at + 1]!, s[at + 2]!, s[at + 3]!, s[at + 4]!, s[at + 5]!, s[at + 6]! as Side,
              s[at + 7]!, s[at + 8]!, s[at + 9]!, s[at + 10]!, s[at + 11]!, s[at + 12]!,
              s[at + 13]!, s[at + 14]!, s[at + 15]!, s[at + 16]!, s[at + 17]!, s[at + 18]!,
            ),
          );
          at += FILL_SLOTS;
          break;
        default:
          throw new Error(`unreachable: event record tag ${s[at]} at slot ${at}`);
      }
    }
  }

  /** Doubles the buffer (kept for the next use); returns it. */
  private grown(): number[] {
    const bigger = new Array<number>(this.slots.length * 2).fill(0);
    for (let i = 0; i < this.used; i++) bigger[i] = this.slots[i]!;
    this.slots = bigger;
    return bigger;
  }
}

/** Writes one side of a FILL (the order, its owner and quantities after the trade) at `at`; returns the slot after it. */
function tradeSide(s: number[], at: number, order: RestingOrder): number {
  s[at] = order.orderId;
  s[at + 1] = order.owner.id;
  s[at + 2] = order.clientOrderId;
  s[at + 3] = order.orderQty;
  s[at + 4] = order.cumQty;
  s[at + 5] = order.leavesQty;
  return at + 6;
}

/**
 * A FILL that charged fees (trade-fees.ts): the fill's fields and the two fees. Pushed as an object
 * (both sinks keep objects in place), so the records of fee-free fills keep their size.
 */
export function feeFillEvent(
  seq: number, maker: RestingOrder, taker: RestingOrder, qty: number, priceMicros: number, tradeId: number, makerFeeMicros: number, takerFeeMicros: number,
): Fill {
  const e = fillEvent(
    seq, maker.seriesId, tradeId, priceMicros, qty, taker.side,
    maker.orderId, maker.owner.id, maker.clientOrderId, maker.orderQty, maker.cumQty, maker.leavesQty,
    taker.orderId, taker.owner.id, taker.clientOrderId, taker.orderQty, taker.cumQty, taker.leavesQty,
  );
  e.makerFeeMicros = makerFeeMicros;
  e.takerFeeMicros = takerFeeMicros;
  return e;
}

// One shape per event type, made in one place for both sinks.

function acceptedEvent(
  seq: number, orderId: number, accountId: number, clientOrderId: number, seriesId: number,
  side: Side, priceMicros: number, orderQty: number, isQuote: boolean,
): OrderAccepted {
  return { type: EventType.ORDER_ACCEPTED, seq, orderId, accountId, clientOrderId, seriesId, side, priceMicros, orderQty, isQuote };
}

function canceledEvent(
  seq: number, orderId: number, accountId: number, clientOrderId: number, seriesId: number, side: Side,
  priceMicros: number, orderQty: number, cumQty: number, canceledQty: number, reason: CancelReason,
): OrderCanceled {
  return { type: EventType.ORDER_CANCELED, seq, orderId, accountId, clientOrderId, seriesId, side, priceMicros, orderQty, cumQty, canceledQty, reason };
}

function fillEvent(
  seq: number, seriesId: number, tradeId: number, priceMicros: number, qty: number, takerSide: Side,
  makerOrderId: number, makerAccountId: number, makerClientOrderId: number, makerOrderQty: number, makerCumQty: number, makerLeavesQty: number,
  takerOrderId: number, takerAccountId: number, takerClientOrderId: number, takerOrderQty: number, takerCumQty: number, takerLeavesQty: number,
): Fill {
  return {
    type: EventType.FILL, seq, seriesId, tradeId, priceMicros, qty, takerSide,
    makerOrderId, makerAccountId, makerClientOrderId, makerOrderQty, makerCumQty, makerLeavesQty,
    takerOrderId, takerAccountId, takerClientOrderId, takerOrderQty, takerCumQty, takerLeavesQty,
  };
}
