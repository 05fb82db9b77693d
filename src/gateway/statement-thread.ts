/**
 * The account statement's thread (statement-follower.ts), seen from the engine's thread. The
 * statement keeps an engine of its own that applies every journaled command again
 * (account-statement.ts): on the engine's thread that was 3–3.7× the engine's own time and took
 * the wire's p99 at 50k orders/s from 12.6 to 32.7 ms (bench/RESULTS.md, 2026-12-02). On this
 * thread it reads the journal's committed records itself, as a standby follows a leader, and
 * the engine's thread does nothing per turn: it reads the statement's rows from LMDB and, for a
 * read that must see what the reader did, waits until the thread has taken the journal's last
 * seq (a shared counter).
 *
 * A thread that fails (a store it cannot write) says so: the statement answers
 * STATEMENT_UNAVAILABLE until a restart, whose thread takes up again from the progress the store
 * saved.
 */
import type { Worker } from 'node:worker_threads';
import type { Durability, EngineLimits } from '../engine/index.js';
import type { AccountStatement } from './account-statement.js';
import { closeThread, startThread } from '../runtime/worker-thread.js';

/** The thread's module, spelled as the build and test/app/compiled-service find worker entries. */
const STATEMENT_THREAD = { entry: new URL('./statement-worker.ts', import.meta.url).href };

/** How often the thread reads the journal's new records. */
export const STATEMENT_POLL_MS = 20;
/**
 * How often the thread commits what it took when no read waits for it: a commit at every poll (50 a second) was a
 * quarter of the thread's CPU at 50k orders/s (bench/RESULTS.md, 2026-12-02 19:50). A read says the seq it waits for
 * (WANTED_SEQ), and the thread commits at its next poll.
 */
export const STATEMENT_FLUSH_MS = 1_000;
/** Where the shared counters are: the last seq the statement's store holds every change of, whether the thread failed, the highest seq a read waits for. */
export const TAKEN_SEQ = 0;
export const FAILED = 1;
export const WANTED_SEQ = 2;

export interface StatementThreadData {
  /** The worker's module (worker-boot.mjs loads it). */
  entry: string;
  /** The data directory: the journal (read only) and <dataDir>/statement. */
  dataDir: string;
  durability: Durability;
  limits: Partial<EngineLimits>;
  /** The derived store without an fsync a commit (under 'commit' durability, as the other read models). */
  noSync: boolean;
  pollMs: number;
  /** The longest it keeps what it took uncommitted while no read waits (STATEMENT_FLUSH_MS). */
  flushMs: number;
  /** BigInt64Array over it: [taken seq, failed, wanted seq]. */
  shared: SharedArrayBuffer;
}

/** The statement as the engine's thread reads it: its rows from the store, as far as its thread has taken the journal. */
export interface FollowedStatement {
  reads: Pick<AccountStatement, 'statementOf'>;
  thread: Pick<StatementThread, 'seq' | 'failed' | 'caughtUp'>;
}

export type ToStatementThread = { type: 'close' };
export type FromStatementThread = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'closed' };

/** Atomics.waitAsync (Node 20; the ES2024 lib the project's ES2022 target does not load declares it). */
const waitAsync = (Atomics as unknown as { waitAsync(a: BigInt64Array, i: number, v: bigint, timeoutMs: number): { async: false } | { async: true; value: Promise<string> } }).waitAsync;

export class StatementUnavailable extends Error {
  override readonly name = 'StatementUnavailable';
}

export class StatementThread {
  private worker: Worker | undefined;
  private readonly shared = new SharedArrayBuffer(24);
  private readonly counters = new BigInt64Array(this.shared);
  private failure: StatementUnavailable | undefined;
  private closing: Promise<void> | undefined;
  private readonly isReady: Promise<void>;
  private heardReady: () => void = () => undefined;

  constructor(
    private readonly data: Omit<StatementThreadData, 'entry' | 'shared' | 'pollMs' | 'flushMs'> & { pollMs?: number; flushMs?: number },
    private readonly entry = STATEMENT_THREAD.entry,
  ) {
    this.isReady = new Promise((resolve) => (this.heardReady = resolve));
  }

  /** Starts the thread; resolves once it has opened the journal and the store (its catch-up goes on after). */
  start(): Promise<void> {
    if (this.worker !== undefined) return this.isReady;
    const data: StatementThreadData = { pollMs: STATEMENT_POLL_MS, flushMs: STATEMENT_FLUSH_MS, ...this.data, entry: this.entry, shared: this.shared };
    const heard = (m: FromStatementThread): void => {
      if (m.type === 'ready') this.heardReady();
      else if (m.type === 'failed') this.stop(new StatementUnavailable(`the account statement stopped (${m.message}); a restart takes it up again from the journal`));
    };
    this.worker = startThread('patx-statement', data, heard, (error) =>
      this.stop(new StatementUnavailable(error === undefined ? "the account statement's thread ended" : `the account statement's thread failed: ${error.message}`)),
    );
    return this.isReady;
  }

  /** The last seq the statement holds every change of. */
  get seq(): number {
    return Number(Atomics.load(this.counters, TAKEN_SEQ));
  }

  get failed(): StatementUnavailable | undefined {
    if (this.failure === undefined && Atomics.load(this.counters, FAILED) !== 0n) this.failure = new StatementUnavailable('the account statement stopped; a restart takes it up again from the journal');
    return this.failure;
  }

  /**
   * Resolves true once the statement holds every change through `seq`; false if it has not within `timeoutMs` (it
   * answers as of less). Says the seq it waits for, so the thread commits at its next poll what it took; woken by the
   * thread's notify on the counter, not a poll: a waiting read costs the engine's thread nothing until the counter moves.
   */
  async caughtUp(seq: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    if (BigInt(seq) > Atomics.load(this.counters, WANTED_SEQ)) Atomics.store(this.counters, WANTED_SEQ, BigInt(seq)); // this thread alone writes it
    for (;;) {
      const taken = Atomics.load(this.counters, TAKEN_SEQ);
      if (Number(taken) >= seq) return true;
      const left = deadline - Date.now();
      if (this.failed !== undefined || left <= 0) return false;
      const waited = waitAsync(this.counters, TAKEN_SEQ, taken, left);
      if (waited.async) await waited.value;
    }
  }

  /** The thread takes what is left of the journal, saves its progress and ends. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined || this.failure !== undefined) {
      await worker?.terminate();
      return;
    }
    await closeThread(worker, { type: 'close' } satisfies ToStatementThread, (m: FromStatementThread) => m.type === 'closed' || m.type === 'failed');
  }

  private stop(error: StatementUnavailable): void {
    if (this.closing !== undefined) return; // an ended thread after a close is no failure
    Atomics.store(this.counters, FAILED, 1n);
    Atomics.notify(this.counters, TAKEN_SEQ); // a waiting read hears it at once
    this.failure ??= error;
    this.heardReady();
  }
}
