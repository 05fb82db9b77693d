/**
 * A read model derived from the journal and kept in LMDB beside it (the published settlement
 * indexes, the trade history): it records what each released turn says, saves how far it
 * has read, and at open replays what the journal holds beyond that on an engine rebuilt as
 * of that seq (`followTurns`), so after a restart it says what it said before, and more.
 *
 * Progress is written with an asynchronous put, after the turn's own writes: lmdb-js commits
 * asynchronous writes in order, so a saved seq never runs ahead of what it covers; a crash
 * loses at most a tail that the next open replays again (records are keyed, so twice is once).
 *
 * A model whose layout changed says so by its version: a store of another version is removed
 * at open and built again from the journal (one replay), since everything in it is derived.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import type { EngineLimits, Journal, Sequencer } from '../engine/index.js';
import { derivedStoreFlags, type DerivedStoreFlags, type DerivedStoreOptions } from './derived-store.js';
import { followTurns, type ReplayedTurn } from './replay.js';
import type { JournalFollowing } from './journal-following.js';

const LAST_SEQ_KEY = 'lastSeq';
const VERSION_KEY = 'version';
/** How often the seq read is saved when nothing else moved it (a restart replays from there). */
const SAVE_EVERY_MS = 5_000;

export type { DerivedStoreOptions } from './derived-store.js';

export class JournalReadModel implements JournalFollowing {
  readonly env: RootDatabase;
  /** Where the store is, the databases it has room for and its flags (a writer thread opens the same: src/gateway/order-history-writer.ts). */
  readonly dir: string;
  readonly maxDbs: number;
  readonly flags: DerivedStoreFlags;
  private readonly meta: Database<number, string>;
  private lastSeq: number;
  private savedSeq: number;
  private readonly timer: NodeJS.Timeout;
  /** What the model does with a turn it has not seen (set by the model that owns this store). */
  private recordTurn: (turn: ReplayedTurn) => void = () => undefined;
  /** Writes what the model holds back from its turns, before its progress is saved (flushWith). */
  private flushTurns: () => void = () => undefined;
  /** The last seq whose writes are committed (flushWith): progress is never saved past it. */
  private writtenThrough: () => number = () => Number.MAX_SAFE_INTEGER;

  /** Opens `<dataDir>/<name>` with room for `dbs` databases of the model's own; a store without a version is version 1. */
  constructor(dataDir: string, name: string, dbs: number, version: number, options: DerivedStoreOptions = {}) {
    const dir = join(dataDir, name);
    this.dir = dir;
    this.maxDbs = dbs + 1;
    this.flags = derivedStoreFlags(options);
    const openEnv = (): { env: RootDatabase; meta: Database<number, string> } => {
      mkdirSync(dir, { recursive: true });
      const env = openStore({ path: dir, maxDbs: this.maxDbs, ...this.flags });
      return { env, meta: env.openDB<number, string>({ name: 'meta' }) };
    };
    let store = openEnv();
    if ((store.meta.get(VERSION_KEY) ?? 1) !== version) {
      void store.env.close();
      rmSync(dir, { recursive: true, force: true });
      store = openEnv();
    }
    ({ env: this.env, meta: this.meta } = store);
    this.meta.putSync(VERSION_KEY, version);
    this.lastSeq = this.meta.get(LAST_SEQ_KEY) ?? 0;
    this.savedSeq = this.lastSeq;
    this.timer = setInterval(() => this.saveProgress(), SAVE_EVERY_MS);
    this.timer.unref();
  }

  /** The last journal seq the model has taken. */
  get seq(): number {
    return this.lastSeq;
  }

  /** What `take` does with each turn the model has not seen yet; `record` sees each turn once, in order. */
  recordWith(record: (turn: ReplayedTurn) => void): void {
    this.recordTurn = record;
  }

  /**
   * For a model that gathers turns in memory and writes them later: `flush` writes them, and runs
   * before each save of the progress (lmdb-js commits in order), so a saved seq covers only what is written.
   * A model whose writes another thread commits says how far they are committed (`writtenThrough`): the
   * progress saved is never past it (the rest is saved at a later save, or replayed at the next open).
   */
  flushWith(flush: () => void, writtenThrough?: () => number): void {
    this.flushTurns = flush;
    if (writtenThrough !== undefined) this.writtenThrough = writtenThrough;
  }

  /** One turn, replayed, released by the sequencer or applied by a standby; a turn already taken is skipped. */
  take(turn: ReplayedTurn): void {
    if (turn.lastSeq <= this.lastSeq) return; // replayed, then released again
    this.recordTurn(turn);
    this.lastSeq = turn.lastSeq;
  }

  /** Catches up with the journal, then follows every released turn (a model used on its own, without JournalModels). */
  follow(journal: Journal, sequencer: Sequencer, limits: Partial<EngineLimits>): void {
    followTurns(journal, sequencer, this.lastSeq, limits, (turn) => this.take(turn));
    this.saveProgress();
  }

  /** Saves the seq reached now (after a catch-up), not at the next timer. */
  saveNow(): void {
    this.saveProgress();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.saveProgress();
    await this.env.flushed;
    await this.env.close();
  }

  private saveProgress(): void {
    this.flushTurns();
    const seq = Math.min(this.lastSeq, this.writtenThrough());
    if (seq <= this.savedSeq) return;
    void this.meta.put(LAST_SEQ_KEY, seq);
    this.savedSeq = seq;
  }
}
