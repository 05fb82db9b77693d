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
 *   none), the contract's index in the names table, the listings' count, then each listing's
 *   id and version;
 * - THROUGH: the ledger's seq and the writer's record number, after each `write`'s purchases.
 * A `write` is published whole (WRITE moves once), so a reader never sees half of one.
 */
import type { Purchase } from './purchase.js';
import { SharedNamesReader, SharedNamesWriter } from '../runtime/shared-names.js';

const PURCHASE = 1;
const THROUGH = 2;
const PURCHASE_SLOTS = 11;
const THROUGH_SLOTS = 3;

/** Control words: where the writer and reader are, in slots modulo the capacity; the names table's bytes written. */
const WRITE = 0;
const READ = 1;
const NAMES_END = 2;
const CONTROL_WORDS = 3;

/** Slots in a ring by default: 2 MiB, some 20,000 purchases, two seconds of a busy exchange's buys. */
export const PURCHASE_RING_SLOTS = 256 * 1024;
/** Contract names, once each: 64 KiB is some 2,000 contracts. */
const NAMES_BYTES = 64 * 1024;

export interface PurchaseRingBuffers {
  slots: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** Contract names, appended: a 2-byte length (little-endian), then UTF-8. */
  names: SharedArrayBuffer;
}

export function createPurchaseRing(slots = PURCHASE_RING_SLOTS): PurchaseRingBuffers {
  if (!Number.isInteger(slots) || slots < PURCHASE_SLOTS + THROUGH_SLOTS + 1) throw new RangeError(`a purchase ring holds at least ${PURCHASE_SLOTS + THROUGH_SLOTS + 1} slots, not ${slots}`);
  return {
    slots: new SharedArrayBuffer(slots * Float64Array.BYTES_PER_ELEMENT),
    control: new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
    names: new SharedArrayBuffer(NAMES_BYTES),
  };
}

/** The engine's side. */
export class PurchaseRingWriter {
  private readonly slots: Float64Array;
  private readonly control: Int32Array;
  private readonly capacity: number;
  private write = 0;
  private readonly names: SharedNamesWriter;

  constructor(buffers: PurchaseRingBuffers) {
    this.slots = new Float64Array(buffers.slots);
    this.control = new Int32Array(buffers.control);
    this.capacity = this.slots.length;
    this.names = new SharedNamesWriter(new Uint8Array(buffers.names));
  }

  /** Appends the purchases and the seq they reach, tagged `recordNo`; false, with nothing published, if they do not fit. */
  tryWrite(purchases: readonly Purchase[], throughSeq: number, recordNo: number): boolean {
    let needed = THROUGH_SLOTS;
    for (const p of purchases) needed += PURCHASE_SLOTS + 2 * p.listings.length;
    const free = (Atomics.load(this.control, READ) - this.write - 1 + this.capacity) % this.capacity;
    if (needed > free) return false;
    const start = this.write;
    for (const p of purchases) {
      const contract = this.names.id(p.contract);
      if (contract < 0) {
        this.write = start; // the names table is full: nothing of this write was published
        return false;
      }
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
    // Names first: a reader that sees a purchase must find its contract's name.
    Atomics.store(this.control, NAMES_END, this.names.end);
    Atomics.store(this.control, WRITE, this.write);
    return true;
  }

  private put(value: number): void {
    this.slots[this.write] = value;
    this.write = this.write + 1 === this.capacity ? 0 : this.write + 1;
  }
}

/** What a drain read: the purchases, and the seq and record number of the last write among them. */
export interface DrainedPurchases {
  purchases: Purchase[];
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
  private readonly names: SharedNamesReader;

  constructor(buffers: PurchaseRingBuffers) {
    this.slots = new Float64Array(buffers.slots);
    this.control = new Int32Array(buffers.control);
    this.capacity = this.slots.length;
    this.read = Atomics.load(this.control, READ);
    this.drainedTo = this.read;
    this.names = new SharedNamesReader(new Uint8Array(buffers.names));
  }

  /** Every write published since the last `release`; undefined if none. The slots stay the reader's until `release`. */
  drain(): DrainedPurchases | undefined {
    const write = Atomics.load(this.control, WRITE);
    if (write === this.read) return undefined;
    const out: DrainedPurchases = { purchases: [], throughSeq: 0, recordNo: 0 };
    let at = this.read;
    const next = (): number => {
      const v = this.slots[at]!;
      at = at + 1 === this.capacity ? 0 : at + 1;
      return v;
    };
    while (at !== write) {
      const kind = next();
      if (kind === THROUGH) {
        out.throughSeq = next();
        out.recordNo = next();
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
      const contract = this.nameAt(next());
      const listingCount = next();
      const listings: Purchase['listings'] = [];
      for (let k = 0; k < listingCount; k++) listings.push({ listingId: next(), version: next() });
      out.purchases.push({ tradeId, seq, atMs, consumerAccountId, seriesId, contract, qty, priceMicros, ...(feeMicros === 0 ? {} : { feeMicros }), listings });
    }
    this.drainedTo = write;
    return out;
  }

  /** What the last drain read is written: its slots go back to the writer. */
  release(): void {
    this.read = this.drainedTo;
    Atomics.store(this.control, READ, this.read);
  }

  private nameAt(id: number): string {
    const name = this.names.at(id, Atomics.load(this.control, NAMES_END));
    if (name === undefined) throw new Error(`purchase ring out of step: contract name ${id} not in the table`);
    return name;
  }
}
