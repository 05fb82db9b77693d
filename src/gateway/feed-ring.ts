/**
 * Released turns carried from the engine's thread to the market-data thread:
 * a single-producer single-consumer ring of fixed-size records in shared
 * memory. Writing a turn costs the engine's thread a few stores per event: no
 * allocation, no copy, no syscall. The reader polls (every 1-5 ms: feedPollMs) rather
 * than being woken: waking a thread (Atomics.notify to an Atomics.waitAsync, or
 * postMessage) costs the waker 2-10 µs here, as much as a whole order, while a
 * poll costs the market-data thread a few microseconds and market data at most
 * 5% of its publication interval (100 ms by default). The poll also runs, in that
 * thread, the microtasks uWS's callbacks queue (uWS v20.30 does not run them
 * after its own callbacks: the endpoint's flush of a subscriber's reply is one),
 * so a reader that slept until woken left replies unsent (tried, issue 79).
 *
 * The writer never waits: a turn that does not fit is refused (`writeTurn`
 * returns false) and the caller decides (market-data-thread.ts restarts the
 * market-data thread, reseeded, rather than hold the engine).
 *
 * Records hold numbers only. The one string market data needs, a listed series'
 * contract (forward curves are per contract), goes into a names table beside the
 * ring, once per contract: a LISTED record carries the contract's index in it. The
 * table is appended before the turn's records are published, so a reader that sees
 * the record sees the name (Atomics order both).
 */
import { EventType, Role, type EngineEvent, type ReleasedBatch, type SeriesKind, type Side, type SeriesStatus } from '../engine/index.js';
import { SETTLEMENT_INDEX_METHODS, type SettlementIndexMethod } from '../settlement-index/index.js';
import { isFeeParam } from '../risk/index.js';
import type { FeedEvent } from './market-feed.js';

/** Numbers per record: a kind, then the event's fields. */
const RECORD_SLOTS = 10;

const RecordKind = {
  /** A released turn: last seq, time (ms), then the count of event records that follow. */
  TURN: 1,
  ACCEPTED: 2,
  FILL: 3,
  /** Canceled or expired: the order leaves the book. */
  CANCELED: 4,
  EXPIRED: 5,
  AMENDED: 6,
  LISTED: 7,
  STATUS: 8,
  REFERENCE: 9,
  /** A SYNTHETIC marked (method as its index in SETTLEMENT_INDEX_METHODS). */
  MARKED: 10,
  /** A SYNTHETIC's settlement index published (null intermediates as 0). */
  INDEX: 11,
  /** A fee parameter changed (docs/fees.md): its name's index in the names table, its value. */
  FEE_PARAM: 12,
  /** The governance phase set (which row of the fee schedule is in force). */
  PHASE: 13,
  /** A broker's account opened (ACCOUNT_OPENED with Role.BROKER; other openings are not written): its orders are the BOOK. */
  BROKER: 14,
} as const;

/** What writing an event did: wrote its record, skipped it (market data is not made of it), or found no room for its contract's name. */
const WRITTEN = 1;
const NOT_WRITTEN = 0;
const NO_ROOM = -1;

/**
 * How often the market-data thread looks for turns, for a publication interval of `intervalMs`
 * (gateway.marketDataIntervalMs): a twentieth of it, 1 to 5 ms. Each look is a wake-up of the
 * thread; at one a millisecond they were about a third of its CPU at 50k orders/s (0.6–0.9 µs an
 * order; at 5 ms, 0.4–0.5) and all of it idle (23–33 ms a second; at 5 ms, 3–13: bench/RESULTS.md,
 * "2026-12-04 22:35–22:41"), CPU taken from the cores order entry shares. A change then waits at most 5% of the interval more; an interval under 40 ms
 * (0: every turn) keeps the millisecond.
 */
export function feedPollMs(intervalMs: number): number {
  return Math.min(5, Math.max(1, Math.floor(intervalMs / 20)));
}

/** Control words: where the writer and reader are, in records modulo the capacity; the names table's bytes written. */
const WRITE = 0;
const READ = 1;
const NAMES_END = 2;
const CONTROL_WORDS = 3;

/**
 * The names table's size. Each contract takes its UTF-8 length plus 2 bytes, once per
 * ring (a reset starts a fresh one): 64 KiB is some 2,000 contracts. A name that does not
 * fit refuses its turn, which resets market data like a full ring.
 */
export const NAMES_TABLE_BYTES = 64 * 1024;
/** A name's length is stored in 2 bytes. */
const MAX_NAME_BYTES = 0xffff;

export interface FeedRingBuffers {
  records: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** Contract names, appended: a 2-byte length (little-endian), then UTF-8. */
  names: SharedArrayBuffer;
}

/**
 * A fresh ring, its pages already resident. The OS hands out a large buffer's pages only
 * when first written, so an untouched ring (20 MiB by default) would join the process's
 * memory page by page as the writer first goes round it, about half an hour at the soak's
 * load: a rise that looks like a leak until it stops (bench/HISTORY.md, Soak), and a page
 * fault on the engine's thread every 4 KiB on the way. Writing it once here puts the
 * whole cost at start, where the memory figures show it.
 */
export function createFeedRing(capacityRecords: number, namesBytes = NAMES_TABLE_BYTES): FeedRingBuffers {
  if (!Number.isInteger(capacityRecords) || capacityRecords < 2) throw new RangeError(`a feed ring holds at least 2 records, not ${capacityRecords}`);
  const records = new SharedArrayBuffer(capacityRecords * RECORD_SLOTS * Float64Array.BYTES_PER_ELEMENT);
  new Float64Array(records).fill(0);
  return {
    records,
    control: new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
    names: new SharedArrayBuffer(namesBytes),
  };
}

/** The engine's side of the ring. */
export class FeedRingWriter {
  private readonly records: Float64Array;
  private readonly control: Int32Array;
  readonly capacity: number;
  /** Records written (the reader sees them once `WRITE` moves past them). */
  private write = 0;
  private readonly names: Uint8Array;
  /** Contract names in the table, by name: their index. */
  private readonly nameIds = new Map<string, number>();
  /** Bytes of the names table written (the reader sees them once `NAMES_END` moves past them). */
  private namesEnd = 0;

  constructor(buffers: FeedRingBuffers) {
    this.records = new Float64Array(buffers.records);
    this.control = new Int32Array(buffers.control);
    this.capacity = this.records.length / RECORD_SLOTS;
    this.names = new Uint8Array(buffers.names);
  }

  private get free(): number {
    return (Atomics.load(this.control, READ) - this.write - 1 + this.capacity) % this.capacity;
  }

  /** Records written and not yet read: how far the reader is behind. */
  get unread(): number {
    return this.capacity - 1 - this.free;
  }

  /** Appends a released turn; false, with nothing written, if it does not fit. */
  writeTurn(batch: ReleasedBatch): boolean {
    const events = batch.events;
    // At most one record per event, plus the turn's: checked before anything is written.
    if (events.length + 1 > this.free) return false;
    const header = this.write;
    this.write = (this.write + 1) % this.capacity;
    let count = 0;
    for (let i = 0; i < events.length; i++) {
      const written = this.writeEvent(events[i]!);
      if (written === NOT_WRITTEN) continue;
      if (written === NO_ROOM) {
        // A contract name did not fit: the records written so far were never published.
        this.write = header;
        return false;
      }
      count++;
    }
    this.put(header, RecordKind.TURN, batch.firstSeq + batch.commands.length - 1, batch.timeMs, count);
    this.publish();
    return true;
  }

  private publish(): void {
    // Names first: a reader that sees a LISTED record must find its contract's name.
    Atomics.store(this.control, NAMES_END, this.namesEnd);
    Atomics.store(this.control, WRITE, this.write);
  }

  /** The contract's index in the names table, appending it the first time; -1 if it does not fit. */
  private nameId(contract: string): number {
    const known = this.nameIds.get(contract);
    if (known !== undefined) return known;
    const bytes = Buffer.from(contract, 'utf8');
    if (bytes.length > MAX_NAME_BYTES || this.namesEnd + 2 + bytes.length > this.names.length) return -1;
    this.names[this.namesEnd] = bytes.length & 0xff;
    this.names[this.namesEnd + 1] = bytes.length >>> 8;
    this.names.set(bytes, this.namesEnd + 2);
    this.namesEnd += 2 + bytes.length;
    const id = this.nameIds.size;
    this.nameIds.set(contract, id);
    return id;
  }

  /** Writes the event's record if market data is made of it (the others are skipped). */
  private writeEvent(e: EngineEvent): typeof WRITTEN | typeof NOT_WRITTEN | typeof NO_ROOM {
    const at = this.write;
    switch (e.type) {
      case EventType.ORDER_ACCEPTED:
        this.put(at, RecordKind.ACCEPTED, e.seq, e.orderId, e.seriesId, e.side, e.priceMicros, e.orderQty, e.isQuote ? 1 : 0, e.accountId);
        break;
      case EventType.ACCOUNT_OPENED:
        if (e.role !== Role.BROKER) return NOT_WRITTEN;
        this.put(at, RecordKind.BROKER, e.seq, e.accountId);
        break;
      case EventType.FILL:
        this.put(at, RecordKind.FILL, e.seq, e.seriesId, e.tradeId, e.priceMicros, e.qty, e.takerSide, e.makerOrderId, e.takerOrderId);
        break;
      case EventType.ORDER_CANCELED:
        this.put(at, RecordKind.CANCELED, e.seq, e.orderId);
        break;
      case EventType.ORDER_EXPIRED:
        this.put(at, RecordKind.EXPIRED, e.seq, e.orderId);
        break;
      case EventType.ORDER_AMENDED:
        this.put(at, RecordKind.AMENDED, e.seq, e.orderId, e.priceMicros, e.leavesQty);
        break;
      case EventType.SERIES_LISTED: {
        const nameId = this.nameId(e.contract);
        if (nameId < 0) return NO_ROOM;
        this.put(at, RecordKind.LISTED, e.seq, e.seriesId, e.seriesKind, e.openAtMs, e.closeAtMs, nameId);
        break;
      }
      case EventType.SERIES_STATUS_CHANGED:
        this.put(at, RecordKind.STATUS, e.seq, e.seriesId, e.status);
        break;
      case EventType.REFERENCE_PRICE_SET:
        this.put(at, RecordKind.REFERENCE, e.seq, e.seriesId, e.priceMicros);
        break;
      case EventType.SYNTHETIC_MARKED:
        this.put(at, RecordKind.MARKED, e.seq, e.seriesId, e.markAtMs, e.markMicros, SETTLEMENT_INDEX_METHODS.indexOf(e.method), e.holders, e.liquidations);
        break;
      case EventType.PARAM_CHANGED: {
        if (!isFeeParam(e.name)) return NOT_WRITTEN;
        const nameId = this.nameId(e.name);
        if (nameId < 0) return NO_ROOM;
        this.put(at, RecordKind.FEE_PARAM, e.seq, nameId, e.newValue);
        break;
      }
      case EventType.GOVERNANCE_PHASE_SET:
        this.put(at, RecordKind.PHASE, e.seq, e.phase);
        break;
      case EventType.SETTLEMENT_INDEX_PUBLISHED: {
        const x = e.index;
        this.put(at, RecordKind.INDEX, e.seq, e.seriesId, e.spotSeriesId, e.cutoffAtMs, e.indexMicros, SETTLEMENT_INDEX_METHODS.indexOf(e.method), x.twapMidMicros ?? 0, x.tradeVwapMicros ?? 0, x.tradeQty);
        break;
      }
      default:
        return NOT_WRITTEN;
    }
    this.write = (at + 1) % this.capacity;
    return WRITTEN;
  }

  // Fixed arity rather than rest parameters: no array per record on the engine's thread.
  private put(at: number, kind: number, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, i = 0): void {
    const r = this.records;
    const o = at * RECORD_SLOTS;
    r[o] = kind;
    r[o + 1] = a;
    r[o + 2] = b;
    r[o + 3] = c;
    r[o + 4] = d;
    r[o + 5] = e;
    r[o + 6] = f;
    r[o + 7] = g;
    r[o + 8] = h;
    r[o + 9] = i;
  }
}

/** What the reader hands each record to (the market-data server). */
export interface FeedRingVisitor {
  beginTurn(lastSeq: number, timeMs: number): void;
  apply(e: FeedEvent): void;
  endTurn(): void;
}

/** The market-data thread's side of the ring. */
export class FeedRingReader {
  private readonly records: Float64Array;
  private readonly control: Int32Array;
  private readonly capacity: number;
  private read: number;
  private stopped = false;
  private poller: NodeJS.Timeout | undefined;
  private readonly names: Uint8Array;
  /** The names table as read so far, by index, and where reading it stopped. */
  private readonly nameList: string[] = [];
  private namesRead = 0;

  constructor(buffers: FeedRingBuffers) {
    this.records = new Float64Array(buffers.records);
    this.control = new Int32Array(buffers.control);
    this.capacity = this.records.length / RECORD_SLOTS;
    this.read = Atomics.load(this.control, READ);
    this.names = new Uint8Array(buffers.names);
  }

  /** The contract name at `id` in the names table (read from it the first time). */
  private nameAt(id: number): string {
    if (id >= this.nameList.length) {
      const end = Atomics.load(this.control, NAMES_END);
      while (this.namesRead < end) {
        const n = this.names[this.namesRead]! | (this.names[this.namesRead + 1]! << 8);
        // slice copies out of shared memory (decoders refuse views of a SharedArrayBuffer).
        this.nameList.push(Buffer.from(this.names.slice(this.namesRead + 2, this.namesRead + 2 + n)).toString('utf8'));
        this.namesRead += 2 + n;
      }
    }
    const name = this.nameList[id];
    if (name === undefined) throw new Error(`feed ring out of step: contract name ${id} not in the table`);
    return name;
  }

  /** Hands every complete record written so far to `visitor`, in order. */
  drain(visitor: FeedRingVisitor): void {
    const write = Atomics.load(this.control, WRITE);
    while (this.read !== write) {
      const o = this.read * RECORD_SLOTS;
      const r = this.records;
      const kind = r[o]!;
      if (kind !== RecordKind.TURN) throw new Error(`feed ring out of step: record kind ${kind} where a turn begins`);
      const count = r[o + 3]!;
      visitor.beginTurn(r[o + 1]!, r[o + 2]!);
      for (let k = 1; k <= count; k++) visitor.apply(this.decode(((this.read + k) % this.capacity) * RECORD_SLOTS));
      visitor.endTurn();
      this.advance(count + 1);
    }
  }

  /** Drains now and every `pollMs` (feedPollMs) until `stop`; an error thrown by the visitor goes to `fail` and stops it. */
  follow(visitor: FeedRingVisitor, fail: (error: unknown) => void, pollMs = 1): void {
    const poll = (): void => {
      try {
        this.drain(visitor);
      } catch (error) {
        this.stop();
        fail(error);
      }
    };
    poll();
    if (this.poller === undefined && !this.stopped) this.poller = setInterval(poll, pollMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.poller !== undefined) clearInterval(this.poller);
    this.poller = undefined;
  }

  private advance(records: number): void {
    this.read = (this.read + records) % this.capacity;
    Atomics.store(this.control, READ, this.read);
  }

  // One reused object per kind: the feed reads an event's fields while it applies it and
  // keeps none of them, except fills (kept until published as trades), which are new objects.
  private readonly accepted = { type: EventType.ORDER_ACCEPTED, seq: 0, orderId: 0, accountId: 0, seriesId: 0, side: 1 as Side, priceMicros: 0, orderQty: 0, isQuote: false };
  private readonly broker = { type: EventType.ACCOUNT_OPENED, seq: 0, accountId: 0, role: Role.BROKER as Role };
  private readonly canceled = { type: EventType.ORDER_CANCELED as typeof EventType.ORDER_CANCELED | typeof EventType.ORDER_EXPIRED, seq: 0, orderId: 0 };
  private readonly amended = { type: EventType.ORDER_AMENDED, seq: 0, orderId: 0, priceMicros: 0, leavesQty: 0 };
  private readonly listed = { type: EventType.SERIES_LISTED, seq: 0, seriesId: 0, contract: '', seriesKind: 1 as SeriesKind, openAtMs: 0, closeAtMs: 0 };
  private readonly status = { type: EventType.SERIES_STATUS_CHANGED, seq: 0, seriesId: 0, status: 1 as SeriesStatus };
  private readonly reference = { type: EventType.REFERENCE_PRICE_SET, seq: 0, seriesId: 0, priceMicros: 0 };
  private readonly feeParam = { type: EventType.PARAM_CHANGED, seq: 0, name: '', newValue: 0 };
  private readonly phase = { type: EventType.GOVERNANCE_PHASE_SET, seq: 0, phase: 0 };
  private readonly marked = { type: EventType.SYNTHETIC_MARKED, seq: 0, seriesId: 0, markAtMs: 0, markMicros: 0, method: SETTLEMENT_INDEX_METHODS[0] as SettlementIndexMethod, holders: 0, liquidations: 0 };
  private readonly published = {
    type: EventType.SETTLEMENT_INDEX_PUBLISHED,
    seq: 0,
    seriesId: 0,
    spotSeriesId: 0,
    cutoffAtMs: 0,
    indexMicros: 0,
    method: SETTLEMENT_INDEX_METHODS[0] as SettlementIndexMethod,
    index: { twapMidMicros: null as number | null, tradeVwapMicros: null as number | null, tradeQty: 0 },
  };

  private decode(o: number): FeedEvent {
    const r = this.records;
    const seq = r[o + 1]!;
    switch (r[o]) {
      case RecordKind.ACCEPTED: {
        const e = this.accepted;
        e.seq = seq;
        e.orderId = r[o + 2]!;
        e.seriesId = r[o + 3]!;
        e.side = r[o + 4]! as Side;
        e.priceMicros = r[o + 5]!;
        e.orderQty = r[o + 6]!;
        e.isQuote = r[o + 7] === 1;
        e.accountId = r[o + 8]!;
        return e;
      }
      case RecordKind.BROKER: {
        const e = this.broker;
        e.seq = seq;
        e.accountId = r[o + 2]!;
        return e;
      }
      case RecordKind.FILL:
        return { type: EventType.FILL, seq, seriesId: r[o + 2]!, tradeId: r[o + 3]!, priceMicros: r[o + 4]!, qty: r[o + 5]!, takerSide: r[o + 6]! as Side, makerOrderId: r[o + 7]!, takerOrderId: r[o + 8]! };
      case RecordKind.CANCELED:
      case RecordKind.EXPIRED: {
        const e = this.canceled;
        e.type = r[o] === RecordKind.CANCELED ? EventType.ORDER_CANCELED : EventType.ORDER_EXPIRED;
        e.seq = seq;
        e.orderId = r[o + 2]!;
        return e;
      }
      case RecordKind.AMENDED: {
        const e = this.amended;
        e.seq = seq;
        e.orderId = r[o + 2]!;
        e.priceMicros = r[o + 3]!;
        e.leavesQty = r[o + 4]!;
        return e;
      }
      case RecordKind.LISTED: {
        const e = this.listed;
        e.seq = seq;
        e.seriesId = r[o + 2]!;
        e.seriesKind = r[o + 3]! as SeriesKind;
        e.openAtMs = r[o + 4]!;
        e.closeAtMs = r[o + 5]!;
        e.contract = this.nameAt(r[o + 6]!);
        return e;
      }
      case RecordKind.STATUS: {
        const e = this.status;
        e.seq = seq;
        e.seriesId = r[o + 2]!;
        e.status = r[o + 3]! as SeriesStatus;
        return e;
      }
      case RecordKind.REFERENCE: {
        const e = this.reference;
        e.seq = seq;
        e.seriesId = r[o + 2]!;
        e.priceMicros = r[o + 3]!;
        return e;
      }
      case RecordKind.FEE_PARAM: {
        const e = this.feeParam;
        e.seq = seq;
        e.name = this.nameAt(r[o + 2]!);
        e.newValue = r[o + 3]!;
        return e;
      }
      case RecordKind.PHASE: {
        const e = this.phase;
        e.seq = seq;
        e.phase = r[o + 2]!;
        return e;
      }
      case RecordKind.MARKED: {
        const e = this.marked;
        e.seq = seq;
        e.seriesId = r[o + 2]!;
        e.markAtMs = r[o + 3]!;
        e.markMicros = r[o + 4]!;
        e.method = SETTLEMENT_INDEX_METHODS[r[o + 5]!]!;
        e.holders = r[o + 6]!;
        e.liquidations = r[o + 7]!;
        return e;
      }
      case RecordKind.INDEX: {
        const e = this.published;
        e.seq = seq;
        e.seriesId = r[o + 2]!;
        e.spotSeriesId = r[o + 3]!;
        e.cutoffAtMs = r[o + 4]!;
        e.indexMicros = r[o + 5]!;
        e.method = SETTLEMENT_INDEX_METHODS[r[o + 6]!]!;
        e.index.twapMidMicros = r[o + 7]! === 0 ? null : r[o + 7]!;
        e.index.tradeVwapMicros = r[o + 8]! === 0 ? null : r[o + 8]!;
        e.index.tradeQty = r[o + 9]!;
        return e;
      }
      default:
        throw new Error(`feed ring out of step: record kind ${r[o]} inside a turn`);
    }
  }
}
