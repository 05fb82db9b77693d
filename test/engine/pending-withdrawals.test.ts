/**
 * The bound on an account's withdrawals waiting for a settlement batch is the engine's rule (rules 24,
 * src/engine/core/account-funds.ts): sent straight to the engine, past any gateway, the withdrawal beyond
 * MAX_PENDING_WITHDRAWALS is refused TOO_MANY_PENDING_WITHDRAWALS and changes nothing; a batch that pays one makes
 * room. A journal written under rules 23 took any number, and recovers as it ran.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CommandKind,
  EventType,
  Journal,
  MAX_PENDING_WITHDRAWALS,
  PENDING_WITHDRAWALS_RULES,
  recover,
  RejectReason,
  stateHash,
  SYSTEM_ACTOR,
  type Command,
  type EngineEvent,
  type JournalBatch,
} from '../../src/engine/index.js';
import { createFixture, EngineFixture, expectEvent, expectRefused, microsToWei, ofType, PAT, Role } from '../support/engine-fixture.js';

const AMOUNT = microsToWei(PAT);

function adopt(fx: EngineFixture, version: number): void {
  expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version }), EventType.RULES_ADOPTED);
}

/** `count` withdrawals of 1 PAT by `account`, each accepted; their ids. */
function withdrawAccepted(fx: EngineFixture, account: number, count: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const requested = ofType(fx.requestWithdrawal(account, AMOUNT), EventType.WITHDRAWAL_REQUESTED);
    expect(requested, `withdrawal #${i + 1}`).toHaveLength(1);
    ids.push(requested[0]!.withdrawalId);
  }
  return ids;
}

/** The batch settler's record of a batch that paid `withdrawalIds`. */
function settle(fx: EngineFixture, batchId: number, withdrawalIds: number[]): EngineEvent[] {
  const throughSeq = fx.engine.lastSeq;
  return fx.submit({ kind: CommandKind.RECORD_SETTLEMENT, actor: SYSTEM_ACTOR, batchId, throughSeq, txHash: `0x${'ab'.repeat(32)}`, withdrawalIds });
}

describe('the bound on pending withdrawals, an engine rule from rules 24', () => {
  it('refuses the withdrawal past the bound sent straight to the engine, changing nothing; a batch that pays one makes room', () => {
    const fx = createFixture({ consumers: 2 });
    adopt(fx, PENDING_WITHDRAWALS_RULES);
    const [c, other] = fx.consumers as [number, number];
    const ids = withdrawAccepted(fx, c, MAX_PENDING_WITHDRAWALS);
    const a = fx.acct(c);
    expect(a.pendingWithdrawals).toBe(MAX_PENDING_WITHDRAWALS);
    const available = a.availableMicros;

    // Any amount, even one within the free balance: refused by count, and nothing moved (expectRefused compares the state).
    expectRefused(fx, RejectReason.TOO_MANY_PENDING_WITHDRAWALS, () => fx.requestWithdrawal(c, AMOUNT));
    expectRefused(fx, RejectReason.TOO_MANY_PENDING_WITHDRAWALS, () => fx.requestWithdrawal(c, 1n));
    expect(a.pendingWithdrawals).toBe(MAX_PENDING_WITHDRAWALS);
    expect(a.pendingWithdrawalWei).toBe(BigInt(MAX_PENDING_WITHDRAWALS) * AMOUNT);
    expect(a.availableMicros).toBe(available);
    expect(fx.engine.withdrawals.size).toBe(MAX_PENDING_WITHDRAWALS);

    // The bound is per account: another one withdraws.
    expect(ofType(fx.requestWithdrawal(other, AMOUNT), EventType.WITHDRAWAL_REQUESTED)).toHaveLength(1);

    // A batch paying two of them: two more, and the bound holds again.
    settle(fx, 1, ids.slice(0, 2));
    expect(a.pendingWithdrawals).toBe(MAX_PENDING_WITHDRAWALS - 2);
    withdrawAccepted(fx, c, 2);
    expectRefused(fx, RejectReason.TOO_MANY_PENDING_WITHDRAWALS, () => fx.requestWithdrawal(c, AMOUNT));
  });

  it('adopting it asks nothing of the state: an account already past the bound keeps its withdrawals and is refused more until under it', () => {
    const fx = createFixture();
    adopt(fx, PENDING_WITHDRAWALS_RULES - 1);
    const [c] = fx.consumers as [number];
    const ids = withdrawAccepted(fx, c, MAX_PENDING_WITHDRAWALS + 5);
    adopt(fx, PENDING_WITHDRAWALS_RULES);
    expect(fx.acct(c).pendingWithdrawals).toBe(MAX_PENDING_WITHDRAWALS + 5);
    expectRefused(fx, RejectReason.TOO_MANY_PENDING_WITHDRAWALS, () => fx.requestWithdrawal(c, AMOUNT));
    settle(fx, 1, ids.slice(0, 5));
    expectRefused(fx, RejectReason.TOO_MANY_PENDING_WITHDRAWALS, () => fx.requestWithdrawal(c, AMOUNT));
    settle(fx, 2, ids.slice(5, 6));
    withdrawAccepted(fx, c, 1);
  });
});

describe('a journal written under rules 23', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('holds more withdrawals than the bound and recovers as it ran, still under rules 23', async () => {
    // Every command the fixture applies is journaled as its own batch, with its time.
    const fx = new EngineFixture();
    const batches: JournalBatch[] = [];
    const apply = fx.submit.bind(fx);
    fx.submit = (cmd: Command, timeMs = fx.nowMs): EngineEvent[] => {
      batches.push({ firstSeq: fx.engine.lastSeq + 1, timeMs, commands: [cmd] });
      return apply(cmd, timeMs);
    };
    fx.operator = fx.newAccount(Role.OPERATOR);
    fx.consumers.push(fx.newAccount(Role.CONSUMER));
    expectEvent(fx.deposit(fx.consumers[0]!, 1_000 * PAT), EventType.DEPOSIT_CREDITED);
    adopt(fx, 23);
    const [c] = fx.consumers as [number];
    const taken = MAX_PENDING_WITHDRAWALS + 10;
    withdrawAccepted(fx, c, taken);
    const recorded = stateHash(fx.engine);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-pending-withdrawals-'));
    const journal = Journal.open(dir, { durability: 'commit' });
    try {
      for (const b of batches) await journal.append(b);
      const recovered = recover(journal, {}, true);
      expect(recovered.replayedCommands).toBe(batches.length);
      expect(recovered.engine.rulesVersion).toBe(23);
      expect(recovered.engine.accounts[c]!.pendingWithdrawals).toBe(taken);
      expect(recovered.stateHash).toBe(recorded);
    } finally {
      await journal.close();
    }
  });
});
