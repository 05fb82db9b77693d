/**
 * The quoter's estimates kept across restarts: a copy saved in LMDB under
 * `<dataDir>/quoter` (every few seconds and at stop), and the journal after it
 * replayed on start, so a restarted quoter holds exactly the estimates it
 * would have held had it never stopped, and quotes where it left off.
 * Without a saved copy (first start, deleted, or ahead of the journal) the
 * whole journal is replayed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import type { EngineLimits, Journal } from '../engine/index.js';
import { replayEventsAfter, type ReplayedTurn } from '../read-models/replay.js';
import type { JournalFollowing } from '../read-models/journal-following.js';
import { QuoterEstimates, type EstimatesData } from './estimates.js';
import type { QuotingParams } from './params.js';

const STATE_KEY = 'estimates';

export class QuoterStore {
  private constructor(
    private readonly env: RootDatabase,
    private readonly db: Database<EstimatesData, string>,
  ) {}

  static open(dataDir: string): QuoterStore {
    const dir = join(dataDir, 'quoter');
    mkdirSync(dir, { recursive: true });
    const env = openStore({ path: dir, maxDbs: 1 });
    return new QuoterStore(env, env.openDB<EstimatesData, string>({ name: 'state' }));
  }

  /** The saved estimates, or undefined if none (or of another format version). */
  load(): EstimatesData | undefined {
    const data = this.db.get(STATE_KEY);
    return data?.version === 1 ? data : undefined;
  }

  save(data: EstimatesData): void {
    this.db.putSync(STATE_KEY, data);
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}

/**
 * Replays the journal after the estimates' last seq into them; returns the
 * number of commands replayed. Events already applied are skipped by seq, so
 * turns released while this runs are not counted twice.
 */
export function catchUpFromJournal(estimates: QuoterEstimates, journal: Journal, limits: Partial<EngineLimits> = {}): number {
  const from = estimates.lastSeq;
  if (journal.lastSeq() <= from) return 0;
  for (const turn of replayEventsAfter(journal, from, limits)) estimates.apply(turn);
  return estimates.lastSeq - from;
}

/**
 * The estimates to start from: the saved copy if the journal holds its seq (else, with a
 * warning, none), or empty under `base` (a replay from the start meets the journal's
 * SET_PARAMs itself). Not caught up: the caller replays the journal after its seq.
 */
export function savedEstimates(store: QuoterStore | undefined, journal: Journal | undefined, base: QuotingParams, brokerId: number, warn: (savedSeq: number) => void): QuoterEstimates {
  const saved = store?.load();
  const usable = saved !== undefined && journal !== undefined && saved.lastSeq <= journal.lastSeq() ? saved : undefined;
  if (saved !== undefined && usable === undefined) warn(saved.lastSeq);
  return new QuoterEstimates(journal !== undefined && usable === undefined ? base : (usable?.params ?? base), brokerId, usable);
}

/**
 * The quoter's estimates as a read model of the journal (src/read-models/journal-following.ts), apart
 * from the quoter that quotes with them: a standby keeps them current while it follows and
 * saves them as the quoter would, and hands them to the quoter when it leads, so the quoter
 * replays nothing then.
 */
export class QuoterEstimatesModel implements JournalFollowing {
  private savedSeq: number;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly store: QuoterStore,
    readonly estimates: QuoterEstimates,
    saveEveryMs: number,
    private readonly warn: (error: unknown) => void,
  ) {
    this.savedSeq = estimates.lastSeq;
    this.timer = setInterval(() => this.saveNow(), saveEveryMs);
    this.timer.unref();
  }

  /** The saved estimates under `<dataDir>/quoter` (or none), not yet caught up with the journal. */
  static open(dataDir: string, journal: Journal, base: QuotingParams, brokerId: number, log: { warn(obj: object, msg: string): void }, saveEveryMs = 5_000): QuoterEstimatesModel {
    const store = QuoterStore.open(dataDir);
    const estimates = savedEstimates(store, journal, base, brokerId, (savedSeq) => log.warn({ savedSeq }, 'saved quoter estimates are ahead of the journal: rebuilding them from the journal'));
    return new QuoterEstimatesModel(store, estimates, saveEveryMs, (error) => log.warn({ err: error }, 'saving the quoter estimates failed (the journal still has everything; the next start replays more)'));
  }

  get seq(): number {
    return this.estimates.lastSeq;
  }

  take(turn: ReplayedTurn): void {
    // Only while it is this model's: once handed over, the quoter applies released turns itself.
    if (this.timer !== undefined) this.estimates.apply(turn);
  }

  saveNow(): void {
    if (this.estimates.lastSeq === this.savedSeq) return;
    try {
      this.store.save(this.estimates.toData());
      this.savedSeq = this.estimates.lastSeq;
    } catch (error) {
      this.warn(error);
    }
  }

  /** The quoter takes the estimates and their store over: it applies and saves them from now on. */
  handOver(): { store: QuoterStore; estimates: QuoterEstimates } {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    return { store: this.store, estimates: this.estimates };
  }

  /** Saves and closes (a node that stops before it leads). */
  async close(): Promise<void> {
    if (this.timer === undefined) return; // handed over: the quoter closes the store
    this.handOver();
    this.saveNow();
    await this.store.close();
  }
}
