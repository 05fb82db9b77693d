/**
 * The released events no batch holds yet, folded as they come into nettings of at most one batch each: a netting
 * closes at the first command that brings it to the batch's bound (entries or fills) and the next starts after that
 * command, turns split where they must. So a cut takes the first netting as it is. Before, one netting held all of it
 * and a cut past the bound replayed the journal (a snapshot decoded, the journal replayed from it) to find where the
 * batch ends, then again to net what was left: on the service's thread, for every batch, and the whole backlog each
 * time after a chain outage (an hour at 1,000 fills a second: seconds of the engine's thread per batch, thousands of
 * batches). One command's entries can still pass the bound: its netting holds that command alone.
 */
import type { EngineEvent } from '../engine/index.js';
import type { Netting } from './netting.js';

export interface BatchBounds {
  batchMaxEntries: number;
  batchMaxFills: number;
}

export class UncutBatches {
  /** Oldest first: every one but the last is full; the last takes what is released. */
  private readonly nettings: Netting[];

  constructor(
    fromSeq: number,
    private readonly newNetting: (fromSeq: number) => Netting,
    private readonly bounds: BatchBounds,
  ) {
    this.nettings = [newNetting(fromSeq)];
  }

  /** What the next cut takes: one batch's worth at most (one command's more, when a single command passes the bound). */
  get next(): Netting {
    return this.nettings[0]!;
  }

  /** Whether a full batch waits (the next cut need not wait for the interval). */
  get full(): boolean {
    return this.nettings.length > 1 || this.isFull(this.nettings[0]!);
  }

  /** The next batch was cut: the nettings after it remain (or an empty one after it). */
  dropNext(): void {
    const cut = this.nettings.shift()!;
    if (this.nettings.length === 0) this.nettings.push(this.newNetting(cut.lastSeq));
  }

  /**
   * Folds a turn's events (ascending by seq; those at or before `lastSeq` are skipped) through `throughSeq`, command by
   * command, opening a new netting after each command that fills the last one.
   */
  add(events: readonly EngineEvent[], throughSeq: number, timeMs: number): void {
    let last = this.nettings[this.nettings.length - 1]!;
    for (let i = 0; i < events.length; ) {
      const seq = events[i]!.seq;
      let j = i + 1;
      while (j < events.length && events[j]!.seq === seq) j++;
      if (seq > last.lastSeq && seq <= throughSeq) {
        last.addRange(events, i, j, seq, timeMs);
        if (this.isFull(last)) {
          last = this.newNetting(seq);
          this.nettings.push(last);
        }
      }
      i = j;
    }
    if (throughSeq > last.lastSeq) last.lastSeq = throughSeq;
  }

  /** The last seq folded in. */
  get lastSeq(): number {
    return this.nettings[this.nettings.length - 1]!.lastSeq;
  }

  get fills(): number {
    let n = 0;
    for (const netting of this.nettings) n += netting.fills;
    return n;
  }

  get isEmpty(): boolean {
    return this.nettings.every((n) => n.isEmpty);
  }

  /** The net PAT change per account over every uncut netting, in wei (for reconciliation). */
  balanceDeltasWei(): Map<number, bigint> {
    return summed(this.nettings.map((n) => n.balanceDeltasWei()), (a, b) => a + b, 0n);
  }

  /** The net rights change per `${seriesId}:${accountId}` over every uncut netting (for reconciliation). */
  rightsDeltas(): Map<string, number> {
    return summed(this.nettings.map((n) => n.rightsDeltas()), (a, b) => a + b, 0);
  }

  /** The fees netted and not yet cut, in wei. */
  feeWei(): bigint {
    let fee = 0n;
    for (const netting of this.nettings) fee += netting.feeWei();
    return fee;
  }

  private isFull(netting: Netting): boolean {
    return netting.fills >= this.bounds.batchMaxFills || netting.entries >= this.bounds.batchMaxEntries;
  }
}

/** Per key, the sum over the maps; keys summing to zero are left out, as a single netting leaves them out. */
function summed<K, V>(maps: ReadonlyArray<Map<K, V>>, plus: (a: V, b: V) => V, zero: V): Map<K, V> {
  if (maps.length === 1) return maps[0]!;
  const out = new Map<K, V>();
  for (const map of maps) for (const [key, value] of map) out.set(key, plus(out.get(key) ?? zero, value));
  for (const [key, value] of out) if (value === zero) out.delete(key);
  return out;
}
