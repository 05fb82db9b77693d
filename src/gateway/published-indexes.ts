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
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { EventType, type EngineLimits, type IndexPublished, type Journal, type Sequencer } from '../engine/index.js';
import { followTurns, type ReplayedTurn } from '../settlement/replay.js';

export interface PublishedIndex {
  event: IndexPublished;
  /** The sequencer's time of the turn that published it. */
  timeMs: number;
}

const LAST_SEQ_KEY = 'lastSeq';
/** How often the seq read is saved when no index moved it (a restart replays from there). */
const SAVE_EVERY_MS = 5_000;

export class PublishedIndexes {
  private lastSeq: number;
  private savedSeq: number;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly env: RootDatabase,
    private readonly indexes: Database<PublishedIndex, number>,
    private readonly meta: Database<number, string>,
  ) {
    this.lastSeq = meta.get(LAST_SEQ_KEY) ?? 0;
    this.savedSeq = this.lastSeq;
    this.timer = setInterval(() => this.saveProgress(), SAVE_EVERY_MS);
    this.timer.unref();
  }

  /** Opens the store under the data directory, catches up with the journal, then follows every released turn. */
  static open(dataDir: string, journal: Journal, sequencer: Sequencer, limits: Partial<EngineLimits> = {}): PublishedIndexes {
    const dir = join(dataDir, 'settlement-indexes');
    mkdirSync(dir, { recursive: true });
    const env = open({ path: dir, maxDbs: 2 });
    const store = new PublishedIndexes(env, env.openDB<PublishedIndex, number>({ name: 'indexes' }), env.openDB<number, string>({ name: 'meta' }));
    followTurns(journal, sequencer, store.lastSeq, limits, (turn) => store.record(turn));
    store.saveProgress();
    return store;
  }

  /** The index a series published, if it did (in any process that wrote this data directory). */
  get(seriesId: number): PublishedIndex | undefined {
    return this.indexes.get(seriesId);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.saveProgress();
    await this.env.close();
  }

  private record(turn: ReplayedTurn): void {
    if (turn.lastSeq <= this.lastSeq) return; // replayed, then released again
    for (const e of turn.events) {
      if (e.type === EventType.SETTLEMENT_INDEX_PUBLISHED) this.indexes.putSync(e.seriesId, { event: e, timeMs: turn.timeMs });
    }
    this.lastSeq = turn.lastSeq;
  }

  private saveProgress(): void {
    if (this.lastSeq === this.savedSeq) return;
    this.meta.putSync(LAST_SEQ_KEY, this.lastSeq);
    this.savedSeq = this.lastSeq;
  }
}
