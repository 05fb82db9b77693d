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
import { open, type Database, type RootDatabase } from 'lmdb';
import type { EngineLimits, Journal } from '../engine/index.js';
import { replayEventsAfter } from '../settlement/replay.js';
import type { EstimatesData, QuoterEstimates } from './estimates.js';

const STATE_KEY = 'estimates';

export class QuoterStore {
  private constructor(
    private readonly env: RootDatabase,
    private readonly db: Database<EstimatesData, string>,
  ) {}

  static open(dataDir: string): QuoterStore {
    const dir = join(dataDir, 'quoter');
    mkdirSync(dir, { recursive: true });
    const env = open({ path: dir, maxDbs: 1 });
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
