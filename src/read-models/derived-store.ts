/** How a wholly derived store commits (docs/journal.md, "Derived stores"). */
export interface DerivedStoreOptions {
  /**
   * No fsync at each commit: the journal's own 'commit' durability, under which the journal is not
   * fsynced at each commit either. A store left behind by a power loss replays its tail from the
   * journal; one left ahead of the journal is emptied and derived again at open (src/app/components/read-models.ts).
   * An fsync per turn's transaction, on the libuv pool's threads, took CPU from the engine's thread at 50k orders/s (issue 79).
   */
  noSync?: boolean;
  /**
   * Under `noSync`, written through a writable map, as the journal under 'commit' (engine/durability/journal.ts,
   * syncFlags): for a store written in large transactions on a thread of its own (the order history's writer). Without
   * it a commit pwrites every dirty page in one native call: a flush of 16,384 rows held the writer thread 3.7 ms at its
   * commit (1.5–11 ms under load), a burst beside the engine's thread on 2 cores (issue 79); through the map the pages
   * are written as the transaction runs, in its short runs, and the commit takes 0.04 ms. Not for the stores the
   * engine's thread writes: each fresh page of the map is a fault on the writing thread (the engine's thread's faults at
   * 50k orders/s doubled, 396 to 760 a second, with every derived store mapped so). A stray native write could reach
   * the file: the store is wholly derived, and one damaged is removed and derived again (docs/journal.md).
   */
  writableMap?: boolean;
}

export type DerivedStoreFlags = { noSync?: true; useWritemap?: true };

/** lmdb-js flags for a derived store (no derived store nests transactions, which a writable map does not allow). */
export function derivedStoreFlags(options: DerivedStoreOptions): DerivedStoreFlags {
  if (options.noSync !== true) return {};
  return options.writableMap === true ? { noSync: true, useWritemap: true } : { noSync: true };
}
