/**
 * Fee sweeps (src/engine/core/fee-sweep.ts, docs/fees.md "Sweeping the fee account"): an operator moves
 * µPAT from the engine's fee account to the treasury account, the one at the vault's fee recipient
 * address; the engine's total is unchanged; every refusal is typed and changes nothing; a journal replayed and a snapshot decoded give the
 * same fee account, treasury balance and state hash; the treasury then withdraws as any account.
 * The journal codec's round trip is test/engine/command-codec.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  EventType,
  RejectReason,
  Role,
  stateHash,
  SYSTEM_ACTOR,
  TimeInForce,
  type EngineEvent,
  type SweepFees,
} from '../../src/engine/index.js';
import { WEI_PER_MICRO } from '../../src/engine/core/money.js';
import { feeMicros } from '../../src/risk/index.js';
import { expectReplaysAgree, journaledFixture } from '../support/journaled-engine.js';
import { expectRefused, PAT, type EngineFixture } from '../support/engine-fixture.js';

const FEE_RECIPIENT = '0x' + '9e'.repeat(20);

/** An exchange whose fee account holds a consumer's taker fees (bought from the broker), with a treasury account at the fee recipient's address. */
function withFees(): { fx: EngineFixture; journal: ReturnType<typeof journaledFixture>['journal']; treasury: number; fees: number } {
  const { fx, journal } = journaledFixture({ consumers: 1, providers: 1 });
  const c = fx.consumers[0]!;
  const p = fx.providers[0]!;
  fx.deposit(c, 100 * PAT);
  fx.declareCapacity(p, 100);
  fx.mint(p, 20);
  fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'fee.takerBps:SPOT', value: 30 });
  // The counterparty rule: the provider sells to the broker, which sells to the consumer.
  fx.sell(p, 650_000, 20);
  fx.buy(fx.broker, 650_000, 20, { tif: TimeInForce.IOC });
  fx.sell(fx.broker, 700_000, 20);
  fx.buy(c, 700_000, 20, { tif: TimeInForce.IOC });
  const fees = feeMicros(20 * 700_000, 30);
  expect(fx.engine.feeAccountMicros).toBe(fees);
  const treasury = fx.newAccount(Role.CONSUMER, FEE_RECIPIENT);
  return { fx, journal, treasury, fees };
}

function sweep(fx: EngineFixture, treasuryAccountId: number, amountMicros: number, o: { actor?: number; feeRecipient?: string } = {}): EngineEvent[] {
  return fx.submit({ kind: CommandKind.SWEEP_FEES, actor: o.actor ?? fx.operator, treasuryAccountId, feeRecipient: o.feeRecipient ?? FEE_RECIPIENT, amountMicros });
}

describe('fee sweeps', () => {
  it('move µPAT from the fee account to the treasury, the engine total unchanged; FEES_SWEPT says who, how much, what is left', () => {
    const { fx, treasury, fees } = withFees();
    const total = fx.engine.totalMicros;
    const part = 1_000;
    const ev = sweep(fx, treasury, part);
    expect(ev).toEqual([{ type: EventType.FEES_SWEPT, seq: fx.engine.lastSeq, actor: fx.operator, treasuryAccountId: treasury, feeRecipient: FEE_RECIPIENT, amountMicros: part, feeAccountMicros: fees - part }]);
    expect(fx.engine.feeAccountMicros).toBe(fees - part);
    expect(fx.available(treasury)).toBe(part);
    expect(fx.engine.totalMicros).toBe(total);
    // The rest, all of it: the fee account is empty, the treasury holds every fee charged.
    sweep(fx, treasury, fees - part);
    expect(fx.engine.feeAccountMicros).toBe(0);
    expect(fx.available(treasury)).toBe(fees);
    expect(fx.engine.totalMicros).toBe(total);
  });

  it('refuses, typed and changing nothing: a non-operator, an unknown account, an account not at the fee recipient, a bad address, 0, a fraction, more than the fee account', () => {
    const { fx, treasury, fees } = withFees();
    const c = fx.consumers[0]!;
    const refused = (reason: RejectReason, run: () => EngineEvent[]): void => {
      // expectRefused compares the accounts' balances, orders and series; the fee account and the total here.
      const [fee, total] = [fx.engine.feeAccountMicros, fx.engine.totalMicros];
      const [e] = expectRefused(fx, reason, run);
      expect(e).toMatchObject({ type: EventType.COMMAND_REJECTED, commandKind: CommandKind.SWEEP_FEES });
      expect([fx.engine.feeAccountMicros, fx.engine.totalMicros]).toEqual([fee, total]);
    };
    refused(RejectReason.ROLE_NOT_ALLOWED, () => sweep(fx, treasury, 1, { actor: c }));
    refused(RejectReason.ROLE_NOT_ALLOWED, () => sweep(fx, c, 1, { actor: c }));
    refused(RejectReason.UNKNOWN_ACCOUNT, () => sweep(fx, 999, 1));
    refused(RejectReason.UNKNOWN_ACCOUNT, () => sweep(fx, 0, 1));
    refused(RejectReason.INVALID_ADDRESS, () => sweep(fx, treasury, 1, { feeRecipient: 'treasury' }));
    refused(RejectReason.INVALID_ADDRESS, () => sweep(fx, treasury, 1, { feeRecipient: FEE_RECIPIENT.toUpperCase().replace('0X', '0x') }));
    // The consumer has no address, the treasury another than the one named: neither holds the fees on-chain.
    refused(RejectReason.NOT_FEE_RECIPIENT, () => sweep(fx, c, 1));
    refused(RejectReason.NOT_FEE_RECIPIENT, () => sweep(fx, treasury, 1, { feeRecipient: '0x' + '11'.repeat(20) }));
    refused(RejectReason.NOT_FEE_RECIPIENT, () => sweep(fx, fx.operator, 1));
    refused(RejectReason.INVALID_AMOUNT, () => sweep(fx, treasury, 0));
    refused(RejectReason.INVALID_AMOUNT, () => sweep(fx, treasury, -5));
    refused(RejectReason.INVALID_AMOUNT, () => sweep(fx, treasury, 0.5));
    refused(RejectReason.FEE_ACCOUNT_SHORT, () => sweep(fx, treasury, fees + 1));
    expect(fx.engine.feeAccountMicros).toBe(fees);
    expect(fx.available(treasury)).toBe(0);
  });

  it('the broker opened without an address may be the treasury (settlement gives it the fee recipient\'s address in the demo), and the system may sweep', () => {
    const { fx, fees } = withFees();
    const brokerBefore = fx.available(fx.broker);
    const ev = sweep(fx, fx.broker, fees, { actor: SYSTEM_ACTOR });
    expect(ev[0]).toMatchObject({ type: EventType.FEES_SWEPT, treasuryAccountId: fx.broker, amountMicros: fees, feeAccountMicros: 0 });
    expect(fx.available(fx.broker) - brokerBefore).toBe(fees);
  });

  it('a journal replayed (with and without events) and a snapshot decoded give the same fee account, treasury and state hash, a whole sweep too', () => {
    const { fx, journal, treasury, fees } = withFees();
    sweep(fx, treasury, 777);
    const { replayed, snapshot } = expectReplaysAgree(fx, journal);
    for (const e of [replayed, snapshot]) {
      expect(e.feeAccountMicros).toBe(fees - 777);
      expect(e.accounts[treasury]!.availableMicros).toBe(777);
    }
    // The snapshot carries on as the live engine does.
    const rest: SweepFees = { kind: CommandKind.SWEEP_FEES, actor: fx.operator, treasuryAccountId: treasury, feeRecipient: FEE_RECIPIENT, amountMicros: fees - 777 };
    const live = fx.submit(rest);
    const continued: EngineEvent[] = [];
    snapshot.apply(rest, snapshot.lastSeq + 1, fx.ee.nowMs, continued);
    expect(continued).toEqual(live);
    expect(stateHash(snapshot)).toBe(stateHash(fx.engine));
    // An empty fee account after a whole sweep: the snapshot's fee section is not written, and decodes as 0.
    expect(fx.engine.feeAccountMicros).toBe(0);
    const again = expectReplaysAgree(fx, journal);
    expect(again.snapshot.feeAccountMicros).toBe(0);
    expect(again.snapshot.accounts[treasury]!.availableMicros).toBe(fees);
  });

  it('the treasury withdraws what was swept through the ordinary withdrawal path', () => {
    const { fx, treasury, fees } = withFees();
    sweep(fx, treasury, fees);
    const amountWei = BigInt(fees) * WEI_PER_MICRO;
    const [requested] = fx.requestWithdrawal(treasury, amountWei);
    expect(requested).toMatchObject({ type: EventType.WITHDRAWAL_REQUESTED, accountId: treasury, amountWei });
    expect(fx.available(treasury)).toBe(0);
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.requestWithdrawal(treasury, 1n));
  });
});
