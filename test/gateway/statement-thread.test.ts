/**
 * The account statement's thread (src/gateway/statement-thread.ts, statement-follower.ts) on a real journal: it commits
 * what it takes when a read waits for it, at once, and otherwise at most every `flushMs` (a commit at every poll was a
 * quarter of its CPU under load). The statement's rows through the service: test/gateway/account-statement.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandKind, EventType, Journal, recover, Role, Sequencer, SYSTEM_ACTOR, WEI_PER_MICRO } from '../../src/engine/index.js';
import { StatementThread } from '../../src/gateway/statement-thread.js';
import { removeDir } from '../support/exchange-fixture.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("the statement's thread", () => {
  let dir: string | undefined;
  let journal: Journal | undefined;
  let thread: StatementThread | undefined;
  afterEach(async () => {
    await thread?.close();
    await journal?.close();
    if (dir !== undefined) removeDir(dir);
    thread = journal = dir = undefined;
  });

  /** A journal with an account opened and credited, and the thread following it. */
  async function follow(flushMs: number): Promise<{ thread: StatementThread; lastSeq: number }> {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-thread-'));
    journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    const sequencer = new Sequencer(engine, journal, () => 1_000, { snapshotEveryMs: 0 });
    thread = new StatementThread({ dataDir: dir, durability: 'commit', limits: engine.limits, noSync: true, pollMs: 5, flushMs });
    await thread.start();
    const opened = await sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: `0x${'cd'.repeat(20)}` });
    const account = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED);
    if (account?.type !== EventType.ACCOUNT_OPENED) throw new Error('no account opened');
    await sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: account.accountId, amountWei: 5n * 1_000_000n * WEI_PER_MICRO, ref: 'chain:0x1:1' });
    await journal.flushed();
    return { thread, lastSeq: journal.lastSeq() };
  }

  it('keeps what it took uncommitted while no read waits, and commits it at once for a read that does', async () => {
    const { thread: t, lastSeq } = await follow(60_000);
    const before = t.seq;
    await sleep(300); // sixty polls: it has read the records, and no read asked
    expect(before).toBeLessThan(lastSeq);
    expect(t.seq).toBe(before);
    const asked = performance.now();
    expect(await t.caughtUp(lastSeq, 5_000)).toBe(true);
    expect(performance.now() - asked).toBeLessThan(5_000);
    expect(t.seq).toBeGreaterThanOrEqual(lastSeq);
  });

  it('commits within flushMs when no read asks', async () => {
    const { thread: t, lastSeq } = await follow(50);
    for (let i = 0; i < 100 && t.seq < lastSeq; i++) await sleep(20);
    expect(t.seq).toBeGreaterThanOrEqual(lastSeq);
  });
});
