/**
 * Purchases carried from the engine's thread to the purchase ledger's writer thread
 * (purchase-writer.ts, purchase-writes.ts): a single-producer single-consumer ring of numbers
 * in shared memory, as the market-data feed ring (src/gateway/feed-ring.ts). Writing a turn's
 * purchases costs the engine's thread a few stores each: no message, no copy, no syscall. A
 * postMessage a batch cost it 60 µs at the median and up to 6 ms at the tail (bench/RESULTS.md,
 * "The purchase ledger's hand-over"), stalls the whole order path waited behind.
 *
 * Records, each a kind and its numbers:
 * - PURCHASE: tradeId, seq, atMs, consumerAccountId, seriesId, qty, priceMicros, feeMicros (0:
 *   none), the contract's number, the listings' count, then each listing's id and version;
 * - THROUGH: the ledger's seq (or SEQ_UNCHANGED) and the writer's record number, after each
 *   `write`'s purchases.
 * A `write` is published whole (WRITE moves once), so a reader never sees half of one. A turn's
 * purchases too many for the ring go as several writes (`chunks`), all but the last leaving the
 * stored seq as it was: a restart after only some are committed still replays the turn.
 *
 * A contract's name goes to the reader once, by message (`nameContract`), when the writer first
 * numbers it: rare, and never a bound a stream of new contracts could fill, as a names table in
 * the shared memory would be. A write whose contract's name has not reached the reader yet waits
 * in the ring for its next read.
 */
import type { Purchase } from './purchase.js';

const PURCHASE = 1;
const THROUGH = 2;
const PURCHASE_SLOTS = 11;
const THROUGH_SLOTS = 3;

/** Control words: where the writer and reader are, in slots modulo the capacity. */
const WRITE = 0;
const READ = 1;
const CONTROL_WORDS = 2;

/** A THROUGH that leaves the stored seq as it was (a turn's purchases written in parts, all but the last). */
export const SEQ_UNCHANGED = -1;

/** Slots in a ring by default: 2 MiB, some 20,000 purchases, two seconds of a busy exchange's buys. */
export const PURCHASE_RING_SLOTS = 256 * 1024;

export interface PurchaseRingBuffers {
  slots: SharedArrayBuffer;
  control: SharedArrayBuffer;
}

export function createPurchaseRing(slots = PURCHASE_RING_SLOTS): PurchaseRingBuffers {
  if (!Number.isInteger(slots) || slots < PURCHASE_SLOTS + THROUGH_SLOTS + 1) throw new RangeError(`a purchase ring holds at least ${PURCHASE_SLOTS + THROUGH_SLOTS + 1} slots, not ${slots}`);
  return {
    slots: new SharedArrayBuffer(slots * Float64Array.BYTES_PER_ELEMENT),
    control: new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
  };
}

function slotsOf(p: Purchase): number {
  return PURCHASE_SLOTS + 2 * p.listings.length;
}

/** The engine's side. */
export class PurchaseRingWriter {
  private readonly slots: Float64Array;
  private readonly control: Int32Array;
  private readonly capacity: number;
  private write = 0;
  /** Each contract's number, given the first time it is written. */
  private readonly contracts = new Map<string, number>();

  constructor(
    buffers: PurchaseRingBuffers,
    /** Sends a contract's name and number to the reader (before any write that uses it is published). */
    private readonly nameContract: (id: number, contract: string) => void,
  ) {
    this.slots = new Float64Array(buffers.slots);
    this.control = new Int32Array(buffers.control);
    this.capacity = this.slots.length;
  }

  /**
   * The purchases split into writes that fit in the empty ring, in order (one write when they
   * all fit, the usual case). A single purchase is assumed to fit: a listing count in the
   * hundreds of thousands would not.
   */
  chunks(purchases: readonly Purchase[]): Array<readonly Purchase[]> {
    const room = this.capacity - 1 - THROUGH_SLOTS;
    let slots = 0;
    for (const p of purchases) slots += slotsOf(p);
    if (slots <= room) return [purchases];
    const out: Purchase[][] = [];
    let chunk: Purchase[] = [];
    slots = 0;
    for (const p of purchases) {
      if (chunk.length > 0 && slots + slotsOf(p) > room) {
        out.push(chunk);
        chunk = [];
        slots = 0;
      }
      chunk.push(p);
      slots += slotsOf(p);
    }
    out.push(chunk);
    return out;
  }

  /** Appends the purchases and the seq they reach, tagged `recordNo`; false, with nothing published, if they do not fit. */
  tryWrite(purchases: readonly Purchase[], throughSeq: number, recordNo: number): boolean {
    let needed = THROUGH_SLOTS;
    for (const p of purchases) needed += slotsOf(p);
    const free = (Atomics.load(this.control, READ) - this.write - 1 + this.capacity) % this.capacity;
    if (needed > free) return false;
    for (const p of purchases) {
      const contract = this.contractId(p.contract);
      this.put(PURCHASE);
      this.put(p.tradeId);
      this.put(p.seq);
      this.put(p.atMs);
      this.put(p.consumerAccountId);
      this.put(p.seriesId);
      this.put(p.qty);
      this.put(p.priceMicros);
      this.put(p.feeMicros ?? 0);
      this.put(contract);
      this.put(p.listings.length);
      for (const l of p.listings) {
        this.put(l.listingId);
        this.put(l.version);
      }
    }
    this.put(THROUGH);
    this.put(throughSeq);
    this.put(recordNo);
    Atomics.store(this.control, WRITE, this.write);
    return true;
  }

  private contractId(contract: string): number {
    let id = this.contracts.get(contract);
    if (id === undefined) {
      id = this.contracts.size;
      this.contracts.set(contract, id);
      this.nameContract(id, contract);
    }
    return id;
  }

  private put(value: number): void {
    this.slots[this.write] = value;
    this.write = this.write + 1 === this.capacity ? 0 : this.write + 1;
  }
}

/** What a drain read: the purchases, and the seq and record number of the last write among them. */
export interface DrainedPurchases {
  purchases: Purchase[];
  /** SEQ_UNCHANGED: no write read gave one (parts of a turn). */
  throughSeq: number;
  recordNo: number;
}

/** The writer thread's side. */
export class PurchaseRingReader {
  private readonly slots: Float64Array;
  private readonly control: Int32Array;
  private readonly capacity: number;
  private read: number;
  /** Where the last drain stopped: the reader's position once `release` is called. */
  private drainedTo: number;
  /** Contract names by number, as `nameContract` messages bring them. */
  private readonly contracts: string[] = [];

  constructor(buffers: PurchaseRingBuffers) {
    this.slots = new Float64Array(buffers.slots);
    this.control = new Int32Array(buffers.control);
    this.capacity = this.slots.length;
    this.read = Atomics.load(this.control, READ);
    this.drainedTo = this.read;
  }

  /** A contract's name, sent by the writer when it first numbered it. */
  nameContract(id: number, contract: string): void {
    this.contracts[id] = contract;
  }

  /**
   * Every whole write published since the last `release` whose contracts' names have come;
   * undefined if none. The slots stay the reader's until `release`.
   */
  drain(): DrainedPurchases | undefined {
    const write = Atomics.load(this.control, WRITE);
    const out: DrainedPurchases = { purchases: [], throughSeq: SEQ_UNCHANGED, recordNo: 0 };
    let at = this.read;
    /** Where the last whole write read ends, and its purchases' count. */
    let end = this.read;
    let kept = 0;
    const next = (): number => {
      const v = this.slots[at]!;
      at = at + 1 === this.capacity ? 0 : at + 1;
      return v;
    };
    while (at !== write) {
      const kind = next();
      if (kind === THROUGH) {
        const seq = next();
        if (seq !== SEQ_UNCHANGED) out.throughSeq = seq;
        out.recordNo = next();
        end = at;
        kept = out.purchases.length;
        continue;
      }
      if (kind !== PURCHASE) throw new Error(`purchase ring out of step: record kind ${kind}`);
      const tradeId = next();
      const seq = next();
      const atMs = next();
      const consumerAccountId = next();
      const seriesId = next();
      const qty = next();
      const priceMicros = next();
      const feeMicros = next();
      const contract = this.contracts[next()];
      // Its name is still on its way: this write, and what follows it, wait for the next read.
      if (contract === undefined) break;
      const listingCount = next();
      const listings: Purchase['listings'] = [];
      for (let k = 0; k < listingCount; k++) listings.push({ listingId: next(), version: next() });
      // One shape whether a fee was paid or not (`undefined`, not absent): a purchase of each shape in one read sent the
      // writer's optimised code back to the interpreter (bench/RESULTS.md, "2026-12-05 15:20").
      out.purchases.push({ tradeId, seq, atMs, consumerAccountId, seriesId, contract, qty, priceMicros, feeMicros: feeMicros === 0 ? undefined : feeMicros, listings });
    }
    if (end === this.read) return undefined;
    out.purchases.length = kept;
    this.drainedTo = end;
    return out;
  }

  /** Whether the engine's thread has filled more than half the ring past the last drain: work waits behind it. */
  filling(): boolean {
    const unread = (Atomics.load(this.control, WRITE) - this.drainedTo + this.capacity) % this.capacity;
    return unread * 2 > this.capacity;
  }

  /** What the last drain read is written: its slots go back to the writer. */
  release(): void {
    this.read = this.drainedTo;
    Atomics.store(this.control, READ, this.read);
  }
}
