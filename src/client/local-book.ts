/**
 * A subscriber's copy of one series' L2 book, kept from a BookSnapshot and the
 * BookUpdates after it. It checks what the protocol promises: each update's prev_seq
 * is the seq of the snapshot or update before it (seqs are journal seqs: they skip),
 * and the checksum of the top levels matches. On a
 * gap or a checksum mismatch it marks itself stale; the client then resubscribes
 * for a fresh snapshot.
 */
import { bookChecksum, type patx } from '../proto/index.js';

export interface BookLevel {
  priceMicros: number;
  qty: number;
}

export type BookProblem = { kind: 'gap'; expectedSeq: number; gotSeq: number } | { kind: 'checksum'; seq: number; expected: number; computed: number };

export class LocalBook {
  private readonly bidQty = new Map<number, number>();
  private readonly askQty = new Map<number, number>();
  /** Seq of the last snapshot or update applied; -1 before the first snapshot. */
  seq = -1;
  /** Set when a gap or a checksum mismatch made this copy untrustworthy; cleared by the next snapshot. */
  problem: BookProblem | undefined;

  constructor(readonly seriesId: number) {}

  get ready(): boolean {
    return this.seq >= 0 && this.problem === undefined;
  }

  applySnapshot(s: patx.v1.IBookSnapshot): void {
    this.bidQty.clear();
    this.askQty.clear();
    for (const l of s.bids ?? []) this.bidQty.set(Number(l.priceMicros), Number(l.qty));
    for (const l of s.asks ?? []) this.askQty.set(Number(l.priceMicros), Number(l.qty));
    this.seq = Number(s.seq ?? 0);
    this.problem = undefined;
    this.verify(s.checksum ?? 0);
  }

  /** Applies an update; returns false (and records the problem) on a gap or checksum mismatch. */
  applyUpdate(u: patx.v1.IBookUpdate): boolean {
    if (this.seq < 0 || this.problem !== undefined) return false;
    const seq = Number(u.seq ?? 0);
    const prevSeq = Number(u.prevSeq ?? 0);
    if (prevSeq !== this.seq) {
      // expectedSeq: the seq the update should have followed; gotSeq: the one it did.
      this.problem = { kind: 'gap', expectedSeq: this.seq, gotSeq: prevSeq };
      return false;
    }
    for (const l of u.bids ?? []) setLevel(this.bidQty, l);
    for (const l of u.asks ?? []) setLevel(this.askQty, l);
    this.seq = seq;
    return this.verify(u.checksum ?? 0);
  }

  bids(maxLevels = Infinity): BookLevel[] {
    return sortedLevels(this.bidQty, true, maxLevels);
  }

  asks(maxLevels = Infinity): BookLevel[] {
    return sortedLevels(this.askQty, false, maxLevels);
  }

  checksum(): number {
    return bookChecksum(this.bids(10), this.asks(10));
  }

  private verify(expected: number): boolean {
    const computed = this.checksum();
    if (computed === expected) return true;
    this.problem = { kind: 'checksum', seq: this.seq, expected, computed };
    return false;
  }
}

function setLevel(side: Map<number, number>, l: patx.v1.ILevel): void {
  const qty = Number(l.qty ?? 0);
  if (qty === 0) side.delete(Number(l.priceMicros));
  else side.set(Number(l.priceMicros), qty);
}

function sortedLevels(side: Map<number, number>, isBid: boolean, maxLevels: number): BookLevel[] {
  const prices = [...side.keys()].sort((a, b) => (isBid ? b - a : a - b));
  const out: BookLevel[] = [];
  for (const priceMicros of prices) {
    if (out.length >= maxLevels) break;
    out.push({ priceMicros, qty: side.get(priceMicros)! });
  }
  return out;
}
