/**
 * Cancel-on-disconnect sessions in the engine (src/engine/core/cancel-on-disconnect.ts): an
 * account's armed sessions are state, counted by ARM_CANCEL_ON_DISCONNECT and ended by
 * END_CANCEL_ON_DISCONNECT, which takes the account's orders down first (CancelReason
 * CANCEL_ON_DISCONNECT) when asked; refusals change nothing; the journal codec carries both
 * commands; a snapshot carries the count in a section written only while something is armed (so a
 * state without sessions keeps its bytes); and a real LMDB journal recovers it from snapshot + tail.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancelReason, CommandKind, decodeCommands, decodeState, encodeState, Engine, EventType, Journal, recover, RejectReason, Role, Sequencer, stateHash, SYSTEM_ACTOR, type Command } from '../../src/engine/index.js';
import { encodeCommandsToBytes } from '../../src/engine/durability/command-codec.js';
import { MAX_CANCEL_ON_DISCONNECT_SESSIONS } from '../../src/engine/core/cancel-on-disconnect.js';
import { canceled, createFixture, expectRefused, type EngineFixture } from '../support/engine-fixture.js';
import { expectReplaysAgree, journaledFixture } from '../support/journaled-engine.js';
import { removeDir } from '../support/exchange-fixture.js';

const arm = (actor: number, accountId = actor): Command => ({ kind: CommandKind.ARM_CANCEL_ON_DISCONNECT, actor, accountId });
const end = (actor: number, sessions = 1, massCancel = true, accountId = actor): Command => ({ kind: CommandKind.END_CANCEL_ON_DISCONNECT, actor, accountId, sessions, massCancel });

function armed(fx: EngineFixture): Array<{ accountId: number; sessions: number }> {
  return fx.engine.cancelOnDisconnect.armedAccounts();
}

describe('cancel-on-disconnect sessions in the engine', () => {
  it('counts armed sessions per account; ending one with its mass cancel takes down every resting order of the account, and only its', () => {
    const fx = createFixture();
    const [c, other] = fx.consumers as [number, number];
    fx.buy(c, 600_000, 3);
    fx.buy(c, 610_000, 2);
    fx.buy(other, 600_000, 1);
    expect(fx.submit(arm(c))).toEqual([]);
    expect(fx.submit(arm(c))).toEqual([]);
    expect(armed(fx)).toEqual([{ accountId: c, sessions: 2 }]);

    const ev = fx.submit(end(c));
    expect(canceled(ev).map((e) => [e.accountId, e.canceledQty, e.reason])).toEqual([
      [c, 3, CancelReason.CANCEL_ON_DISCONNECT],
      [c, 2, CancelReason.CANCEL_ON_DISCONNECT],
    ]);
    expect(fx.acct(c).openOrders).toBe(0);
    expect(fx.held(c)).toBe(0);
    expect(fx.acct(other).openOrders).toBe(1);
    expect(armed(fx)).toEqual([{ accountId: c, sessions: 1 }]);

    // Without the mass cancel (a session that keeps running without the flag) only the count goes.
    fx.buy(c, 600_000, 1);
    expect(fx.submit(end(c, 1, false))).toEqual([]);
    expect(fx.acct(c).openOrders).toBe(1);
    expect(armed(fx)).toEqual([]);
  });

  it('the system ends every session an account had (after a crash), and never more than are armed', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    for (let i = 0; i < 3; i++) fx.submit(arm(c));
    fx.buy(c, 600_000, 1);
    expect(canceled(fx.submit(end(SYSTEM_ACTOR, 3, true, c))).map((e) => e.reason)).toEqual([CancelReason.CANCEL_ON_DISCONNECT]);
    expect(armed(fx)).toEqual([]);
    // A session whose arming never counted still closes, and takes its orders down: nothing goes below zero.
    fx.buy(c, 600_000, 1);
    expect(canceled(fx.submit(end(c, 5))).length).toBe(1);
    expect(armed(fx)).toEqual([]);
  });

  it("refuses another account's session, an unknown account, a count below one and past the bound, changing nothing", () => {
    const fx = createFixture();
    const [c, other] = fx.consumers as [number, number];
    fx.submit(arm(c));
    fx.buy(c, 600_000, 1);
    const refused = (reason: RejectReason, cmd: Command): void => {
      const before = armed(fx);
      expectRefused(fx, reason, () => fx.submit(cmd)); // balances, orders, positions as they were
      expect(armed(fx)).toEqual(before);
    };
    refused(RejectReason.ROLE_NOT_ALLOWED, arm(other, c));
    refused(RejectReason.ROLE_NOT_ALLOWED, end(other, 1, true, c));
    refused(RejectReason.UNKNOWN_ACCOUNT, arm(SYSTEM_ACTOR, 999));
    refused(RejectReason.UNKNOWN_ACCOUNT, end(SYSTEM_ACTOR, 1, true, 0));
    refused(RejectReason.INVALID_QUANTITY, end(c, 0));
    refused(RejectReason.INVALID_QUANTITY, end(c, 1.5));
    // An operator may act for any account (as its mass cancel may).
    expect(fx.submit(arm(fx.operator, other))).toEqual([]);
    fx.engine.cancelOnDisconnect.armed.set(c, MAX_CANCEL_ON_DISCONNECT_SESSIONS);
    refused(RejectReason.CANCEL_ON_DISCONNECT_SESSIONS_FULL, arm(c));
  });

  it('the journal codec carries both commands', () => {
    const cmds: Command[] = [arm(7), end(SYSTEM_ACTOR, 20, true, 7), end(7, 1, false)];
    expect(decodeCommands(encodeCommandsToBytes(cmds), cmds.length)).toEqual(cmds);
  });

  it('a snapshot carries the armed sessions (section 18) and a state with none keeps its bytes; replays agree', () => {
    const { fx, journal } = journaledFixture({ consumers: 2 });
    const [c, d] = fx.consumers as [number, number];
    const before = encodeState(fx.engine);
    fx.submit(arm(d));
    fx.submit(arm(c));
    fx.submit(arm(c));
    const bytes = encodeState(fx.engine);
    // The section is last: tag 18, two accounts in id order, each with its sessions.
    expect(bytes.length).toBeGreaterThan(before.length);
    const decoded = decodeState(bytes);
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    expect(decoded.cancelOnDisconnect.armedAccounts()).toEqual([{ accountId: c, sessions: 2 }, { accountId: d, sessions: 1 }]);
    expectReplaysAgree(fx, journal);
    // Every session ended: the bytes are those of a state that never had one, apart from the seq and time.
    fx.submit(end(c, 2));
    fx.submit(end(d));
    const after = encodeState(fx.engine);
    expect(after.length).toBe(before.length);
    expect(decodeState(after).cancelOnDisconnect.armed.size).toBe(0);
    expectReplaysAgree(fx, journal);
  });

  it('recovers the armed sessions from a real LMDB journal: snapshot and tail, and the tail alone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cod-'));
    try {
      const journal = Journal.open(dir, { durability: 'commit' });
      const sequencer = new Sequencer(new Engine(), journal, () => Date.UTC(2026, 10, 21), { snapshotEveryCommands: 4, snapshotEveryMs: 0 }, (error) => {
        throw error;
      });
      const open = async (): Promise<number> => {
        const r = await sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
        return (r.events.find((e) => e.type === EventType.ACCOUNT_OPENED) as { accountId: number }).accountId;
      };
      const a = await open();
      const b = await open();
      for (const cmd of [arm(a), arm(a), arm(b)]) await sequencer.submit(cmd); // a snapshot at seq 4 holds a: 1 (then 2, b: 1 in the tail)
      await sequencer.submit(end(b));
      await sequencer.submit(arm(b));
      await sequencer.stop();
      const live = sequencer.engine.cancelOnDisconnect.armedAccounts();
      expect(live).toEqual([{ accountId: a, sessions: 2 }, { accountId: b, sessions: 1 }]);
      const hash = stateHash(sequencer.engine);
      await journal.close();

      const reopened = Journal.open(dir, { durability: 'commit', readOnly: true });
      const recovered = recover(reopened);
      expect(recovered.snapshotSeq).toBeGreaterThan(0);
      expect(recovered.engine.cancelOnDisconnect.armedAccounts()).toEqual(live);
      expect(stateHash(recovered.engine)).toBe(hash);
      const fromScratch = recover(reopened, {}, true);
      expect(fromScratch.engine.cancelOnDisconnect.armedAccounts()).toEqual(live);
      await reopened.close();
    } finally {
      removeDir(dir);
    }
  });
});
