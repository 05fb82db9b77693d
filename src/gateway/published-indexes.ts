/**
 * Every settlement index the engine published (`SETTLEMENT_INDEX_PUBLISHED`), with its
 * inputs and every intermediate, kept in LMDB under <dataDir>/settlement-indexes, so
 * `GET /v1/series/{id}/settlement` still shows the whole computation after a restart.
 *
 * Why derived from the journal rather than kept in the engine's state: the event already
 * carries everything and replay reproduces it exactly, while the engine needs only the
 * index's value to settle; keeping ~60 samples and the minute trades per settled series in
 * the state would grow every snapshot and the state hash for a read model. So, like the
 * audit trail and the purchase ledger: each released turn's indexes are written as they
 * are released, how far the journal was read is saved, and at open what the journal holds
 * beyond it is replayed on an engine rebuilt as of that seq (`followTurns`).
 */
import type { Database } from 'lmdb';
import { EventType, type EngineLimits, type IndexPublished, type Journal, type Sequencer } from '../engine/index.js';
import { JournalReadModel, type DerivedStoreOptions } from '../read-models/journal-read-model.js';

export interface PublishedIndex {
  event: IndexPublished;
  /** The sequencer's time of the turn that published it. */
  timeMs: number;
}

export class PublishedIndexes {
  private constructor(
    /** How far it has read the journal, and `take` for each turn (src/read-models/journal-following.ts). */
    readonly model: JournalReadModel,
    private readonly indexes: Database<PublishedIndex, number>,
  ) {}

  /** Opens the store under the data directory; it takes turns through `model.take` (a standby feeds it while it follows). */
  static create(dataDir: string, options: DerivedStoreOptions = {}): PublishedIndexes {
    const model = new JournalReadModel(dataDir, 'settlement-indexes', 1, 1, options);
    const indexes = model.env.openDB<PublishedIndex, number>({ name: 'indexes' });
    model.recordWith((turn) => {
      // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
      for (let k = 0; k < turn.events.length; k++) {
        const e = turn.events[k]!;
        if (e.type === EventType.SETTLEMENT_INDEX_PUBLISHED) indexes.putSync(e.seriesId, { event: e, timeMs: turn.timeMs });
      }
    });
    return new PublishedIndexes(model, indexes);
  }

  /** Opens the store under the data directory, catches up with the journal, then follows every released turn. */
  static open(dataDir: string, journal: Journal, sequencer: Sequencer, limits: Partial<EngineLimits> = {}): PublishedIndexes {
    const indexes = PublishedIndexes.create(dataDir);
    indexes.model.follow(journal, sequencer, limits);
    return indexes;
  }

  /** The index a series published, if it did (in any process that wrote this data directory). */
  get(seriesId: number): PublishedIndex | undefined {
    return this.indexes.get(seriesId);
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
