/**
 * A derived store that holds turns the journal no longer does would skip the seqs written
 * again after them (a model takes a turn only past its own seq) and keep what no longer
 * happened. Two ways it gets there: a deposed `local` leader set its journal's unreplicated tail
 * aside and follows the new leader (its stores had taken those turns when they were released:
 * docs/replication.md, "A deposed `local` leader rejoins"); or a power cut under `commit`
 * durability, whose journal commits are not each fsynced while the stores' are. Such a store is
 * emptied (its directory removed) and opened again, so the one replay at open derives it from
 * the journal alone. Only for stores wholly derived from the journal (a ledger that also keeps
 * receipts or hand-offs would lose them), or whose rows the journal does not hold are few and carried
 * across (`carry`: the audit trail's operator notes written before 2026-12-06).
 */
import { rmSync } from 'node:fs';
import { dataFileShortfall, type DataFileShortfall } from '../runtime/lmdb-file.js';

export interface AheadStore {
  close(): Promise<void>;
}

/**
 * What a store holds that the journal does not, carried from the store emptied to the fresh one (the audit trail's
 * operator notes from before they were journaled): read before the directory is removed, written after it is opened again.
 */
export interface CarriedAcross<T, K> {
  take(store: T): K;
  put(store: T, kept: K): void;
}

/**
 * `open()`'s store, or, when its seq is past `journalSeq`, a fresh one in its place (`dir` removed first, what `carry`
 * takes written to the fresh one); `ahead` is told before. A store whose data file is cut short (src/runtime/lmdb-file.ts)
 * is removed before it is opened, which would fail or, on a read of a page past the file's end, kill the process;
 * `cutShort` is told.
 */
export async function rebuiltIfAheadOrCut<T extends AheadStore, K = undefined>(
  open: () => T,
  seqOf: (store: T) => number,
  dir: string,
  journalSeq: number,
  told: { ahead: (storeSeq: number) => void; cutShort: (shortfall: DataFileShortfall) => void },
  carry?: CarriedAcross<T, K>,
): Promise<T> {
  const shortfall = dataFileShortfall(dir);
  if (shortfall !== undefined) {
    told.cutShort(shortfall);
    rmSync(dir, { recursive: true, force: true });
  }
  const store = open();
  const seq = seqOf(store);
  if (seq <= journalSeq) return store;
  told.ahead(seq);
  const kept = carry?.take(store);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const fresh = open();
  if (carry !== undefined) carry.put(fresh, kept as K);
  return fresh;
}
