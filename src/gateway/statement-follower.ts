/**
 * What the account statement's thread does (statement-worker.ts starts it; statement-thread.ts
 * says why): opens the journal read only (lmdb-js shares one environment between the threads of a
 * process) and the statement's store, builds the statement's engine as of the seq the store
 * reached, then every `pollMs` takes the journal's records committed since, each as a turn, with
 * its engine naming the accounts from the events it makes (the records hold commands only);
 * writes the rows gathered and stores the seq they reach in the shared counter when a read waits
 * for them (WANTED_SEQ), else at most every `flushMs`. A long catch-up goes CATCH_UP_RECORDS records
 * at a time.
 */
import type { MessagePort } from 'node:worker_threads';
import { Journal } from '../engine/index.js';
import { engineAt } from '../read-models/replay.js';
import { lowerThreadPriority } from '../runtime/worker-thread.js';
import { AccountStatement } from './account-statement.js';
import { FAILED, TAKEN_SEQ, WANTED_SEQ, type FromStatementThread, type StatementThreadData, type ToStatementThread } from './statement-thread.js';

/** Records taken before the counter moves and the thread looks at its messages (a close during a catch-up). */
const CATCH_UP_RECORDS = 4_096;
/**
 * The thread's nice value (Linux: this thread's only; raising it needs no privilege). A report, not the order path:
 * on a busy host it yields the cores to the engine's thread and falls behind (reads then say `asOfSeq`), catching up
 * when the load eases. bench:wire's PATX p99 at 50k orders/s on the 2-core VM, 2026-12-02: 8.6 ms without the
 * statement, 23.9 with this thread at nice 0, 11.1 at nice 10 (it still takes 15–25% of a core there).
 */
export const STATEMENT_THREAD_NICE = 10;

export function followJournal(port: MessagePort, data: StatementThreadData): void {
  const counters = new BigInt64Array(data.shared);
  const say = (m: FromStatementThread): void => port.postMessage(m);
  let journal: Journal | undefined;
  let statement: AccountStatement | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failed = false;
  const fail = (error: unknown): void => {
    failed = true;
    clearInterval(timer);
    Atomics.store(counters, FAILED, 1n);
    Atomics.notify(counters, TAKEN_SEQ);
    say({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  };
  lowerThreadPriority(STATEMENT_THREAD_NICE);
  try {
    const j = Journal.open(data.dataDir, { durability: data.durability, readOnly: true });
    journal = j;
    statement = AccountStatement.create(data.dataDir, (seq) => engineAt(j, seq, data.limits), data.noSync ? { noSync: true } : {}, true);
    statement.prepare();
    Atomics.store(counters, TAKEN_SEQ, BigInt(statement.model.seq));
    Atomics.notify(counters, TAKEN_SEQ);
  } catch (error) {
    fail(error);
    return;
  }
  const s = statement;
  const source = journal;
  say({ type: 'ready' });

  let committedAtMs = Date.now();
  /** Commits what was taken and says so: at once when a read waits for it, else at most every `flushMs`. */
  const commitIfWanted = (): void => {
    const said = Atomics.load(counters, TAKEN_SEQ);
    const taken = BigInt(s.model.seq);
    if (taken === said) return;
    if (Atomics.load(counters, WANTED_SEQ) <= said && Date.now() - committedAtMs < data.flushMs) return;
    s.flush(); // committed before the counter says so
    committedAtMs = Date.now();
    Atomics.store(counters, TAKEN_SEQ, taken);
    Atomics.notify(counters, TAKEN_SEQ); // wakes the reads waiting for it (StatementThread.caughtUp)
  };
  /** Takes up to CATCH_UP_RECORDS records; true when more may be waiting. */
  const take = (): boolean => {
    let n = 0;
    for (const record of source.read(s.model.seq + 1)) {
      s.model.take({ firstSeq: record.firstSeq, lastSeq: record.firstSeq + record.commands.length - 1, timeMs: record.timeMs, commands: record.commands, events: [] });
      if (++n === CATCH_UP_RECORDS) break;
    }
    commitIfWanted();
    return n === CATCH_UP_RECORDS;
  };
  let following = false;
  let closing = false;
  const follow = (): void => {
    if (failed || following || closing) return;
    following = true;
    try {
      if (take()) {
        setImmediate(() => {
          following = false;
          follow();
        });
        return;
      }
    } catch (error) {
      fail(error);
    }
    following = false;
  };
  timer = setInterval(follow, data.pollMs);
  follow();

  port.on('message', (m: ToStatementThread) => {
    if (m.type !== 'close') return;
    closing = true;
    clearInterval(timer);
    void (async () => {
      try {
        if (!failed && !following) while (take());
        await s.close();
        await source.close();
        say({ type: 'closed' });
      } catch (error) {
        fail(error);
      }
    })();
  });
}
