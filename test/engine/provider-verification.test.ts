/**
 * A provider's verification (docs/providers.md): the operator verifies or revokes it with
 * SET_PROVIDER_VERIFIED; while `risk.payoutRequiresVerification` is 1 an unverified
 * provider's withdrawal is refused PAYOUT_HELD_UNVERIFIED and changes nothing, while it
 * still mints and sells. The flag rides in snapshots (format 7); format 6 decodes unverified.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, RejectReason, WEI_PER_MICRO, decodeCommands, decodeState, encodeState, stateHash, type EngineEvent } from '../../src/engine/index.js';
import { encodeCommandsToBytes } from '../../src/engine/durability/command-codec.js';
import { createFixture, expectRefused, fills, prng, rejection, EventType, SYSTEM_ACTOR, PAT, TimeInForce, type EngineFixture } from '../support/engine-fixture.js';

function verify(fx: EngineFixture, accountId: number, verified: boolean, actor = fx.operator): EngineEvent[] {
  return fx.submit({ kind: CommandKind.SET_PROVIDER_VERIFIED, actor, accountId, verified });
}

function holdPayouts(fx: EngineFixture, on: 0 | 1): void {
  expect(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.payoutRequiresVerification', value: on })[0]?.type).toBe(EventType.PARAM_CHANGED);
}

/** A provider that sold rights for PAT (the fixture's first provider sold 200 rights to the broker at 0.5 PAT). */
function world(): { fx: EngineFixture; p: number; earnedWei: bigint } {
  const fx = createFixture({ consumers: 1 });
  const p = fx.providers[0]!;
  return { fx, p, earnedWei: BigInt(fx.available(p)) * WEI_PER_MICRO };
}

describe('provider verification and held payouts', () => {
  it('holds an unverified provider\'s withdrawal; it still sells; once verified the same withdrawal is taken; revoked, held again', () => {
    const { fx, p, earnedWei } = world();
    expect(earnedWei).toBe(100n * BigInt(PAT) * WEI_PER_MICRO);
    holdPayouts(fx, 1);
    expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => fx.requestWithdrawal(p, 1n));
    // Minting and selling are not held: the provider mints and sells to the broker.
    expect(fx.mint(p, 10)[0]?.type).toBe(EventType.RIGHTS_MINTED);
    fx.sell(p, 600_000, 5);
    expect(fills(fx.buy(fx.broker, 600_000, 5, { tif: TimeInForce.IOC })).length).toBeGreaterThan(0);
    // A consumer's withdrawal is not concerned.
    expect(fx.requestWithdrawal(fx.consumers[0]!, 1n)[0]?.type).toBe(EventType.WITHDRAWAL_REQUESTED);

    fx.nowMs += 1_000;
    expect(verify(fx, p, true)[0]).toEqual({ type: EventType.PROVIDER_VERIFIED, seq: fx.engine.lastSeq, timeMs: fx.nowMs, actor: fx.operator, accountId: p, verified: true });
    expect(fx.acct(p).verified).toBe(true);
    expect(fx.requestWithdrawal(p, earnedWei)[0]).toMatchObject({ type: EventType.WITHDRAWAL_REQUESTED, accountId: p, amountWei: earnedWei });

    expect(verify(fx, p, false, SYSTEM_ACTOR)[0]).toMatchObject({ type: EventType.PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, verified: false });
    expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => fx.requestWithdrawal(p, 1n));
  });

  it('holds nothing while risk.payoutRequiresVerification is 0 (the engine default: journals from before replay as they were)', () => {
    const { fx, p } = world();
    expect(fx.engine.risk.payoutRequiresVerification).toBe(0);
    expect(fx.requestWithdrawal(p, 1n)[0]?.type).toBe(EventType.WITHDRAWAL_REQUESTED);
    holdPayouts(fx, 1);
    expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => fx.requestWithdrawal(p, 1n));
    holdPayouts(fx, 0);
    expect(fx.requestWithdrawal(p, 1n)[0]?.type).toBe(EventType.WITHDRAWAL_REQUESTED);
  });

  it('checks the balance before the hold: an overdraft is INSUFFICIENT_BALANCE whether verified or not', () => {
    const { fx, p, earnedWei } = world();
    holdPayouts(fx, 1);
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.requestWithdrawal(p, earnedWei + 1n));
    expectRefused(fx, RejectReason.INVALID_AMOUNT, () => fx.requestWithdrawal(p, 0n));
  });

  it('refuses a non-operator, an unknown account, the system account, a non-provider and a change that changes nothing', () => {
    const { fx, p } = world();
    const c = fx.consumers[0]!;
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => verify(fx, p, true, p));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => verify(fx, p, true, c));
    expectRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => verify(fx, 9_999, true));
    expectRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => verify(fx, 0, true));
    expectRefused(fx, RejectReason.INVALID_VERIFICATION, () => verify(fx, c, true));
    expectRefused(fx, RejectReason.INVALID_VERIFICATION, () => verify(fx, fx.broker, true));
    expectRefused(fx, RejectReason.INVALID_VERIFICATION, () => verify(fx, p, false)); // not verified
    verify(fx, p, true);
    expectRefused(fx, RejectReason.INVALID_VERIFICATION, () => verify(fx, p, true)); // already
  });

  it('journals round-trip; the flag rides in format-7 snapshots; format 6 decodes with nobody verified', () => {
    const { fx, p } = world();
    const cmd = { kind: CommandKind.SET_PROVIDER_VERIFIED, actor: fx.operator, accountId: p, verified: true } as const;
    expect(decodeCommands(encodeCommandsToBytes([cmd]), 1)).toEqual([cmd]);
    fx.submit(cmd);
    const decoded = decodeState(encodeState(fx.engine));
    expect(decoded.account(p)?.verified).toBe(true);
    expect(decoded.account(fx.providers[1]!)?.verified).toBe(false);
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    expect(decodeState(encodeState(fx.engine, 6)).account(p)?.verified).toBe(false);
  });

  it('over 3,000 random verifications, revocations, switches of the hold and withdrawals (seeded), every outcome is the model\'s, and a snapshot replays to the same state', () => {
    const { fx } = world();
    const r = prng(53);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const accounts = [...fx.providers, ...fx.consumers, fx.broker, fx.operator, 9_999];
    const model = { hold: 0, verified: new Set<number>() };
    for (let i = 0; i < 3_000; i++) {
      const x = r();
      if (x < 0.3) {
        const accountId = pick(accounts);
        const verified = r() < 0.5;
        const actor = r() < 0.9 ? pick([fx.operator, SYSTEM_ACTOR]) : pick(fx.providers);
        const a = fx.engine.account(accountId);
        const want =
          actor !== SYSTEM_ACTOR && actor !== fx.operator ? RejectReason.ROLE_NOT_ALLOWED
          : a === undefined ? RejectReason.UNKNOWN_ACCOUNT
          : !fx.providers.includes(accountId) || model.verified.has(accountId) === verified ? RejectReason.INVALID_VERIFICATION
          : RejectReason.NONE;
        const ev = verify(fx, accountId, verified, actor);
        expect(rejection(ev), `#${i}`).toBe(want);
        if (want === RejectReason.NONE) (verified ? model.verified.add(accountId) : model.verified.delete(accountId));
      } else if (x < 0.4) {
        model.hold = r() < 0.5 ? 1 : 0;
        fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.payoutRequiresVerification', value: model.hold });
      } else if (x < 0.5) {
        fx.deposit(pick([...fx.providers, ...fx.consumers]), 1 + Math.floor(r() * PAT));
      } else {
        const actor = pick([...fx.providers, ...fx.consumers]);
        const free = fx.acct(actor).freeWei(WEI_PER_MICRO);
        const amountWei = r() < 0.1 ? free + 1n : BigInt(Math.floor(r() * Number(free / WEI_PER_MICRO) + 1)) * WEI_PER_MICRO;
        const want =
          amountWei > free ? RejectReason.INSUFFICIENT_BALANCE
          : model.hold === 1 && fx.providers.includes(actor) && !model.verified.has(actor) ? RejectReason.PAYOUT_HELD_UNVERIFIED
          : RejectReason.NONE;
        expect(rejection(fx.requestWithdrawal(actor, amountWei)), `#${i}`).toBe(want);
      }
      for (const p of fx.providers) expect(fx.acct(p).verified).toBe(model.verified.has(p));
    }
    const decoded = decodeState(encodeState(fx.engine));
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    for (const p of fx.providers) expect(decoded.account(p)!.verified).toBe(model.verified.has(p));
  });
});
