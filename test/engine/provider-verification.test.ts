/**
 * A provider's verification (docs/providers.md): the operator verifies or revokes it with
 * SET_PROVIDER_VERIFIED; while `risk.payoutRequiresVerification` is 1 an unverified
 * provider's withdrawal is refused PAYOUT_HELD_UNVERIFIED and changes nothing, while it
 * still mints and sells. The flag rides in snapshots (format 7); format 6 decodes unverified.
 * Under rules 19 its own deposits (since the adoption, less its withdrawals) may still leave.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, RejectReason, WEI_PER_MICRO, decodeCommands, decodeState, encodeState, stateHash, type EngineEvent } from '../../src/engine/index.js';
import { encodeCommandsToBytes } from '../../src/engine/durability/command-codec.js';
import { OWN_DEPOSIT_RULES } from '../../src/engine/core/account-funds.js';
import { createFixture, expectRefused, fills, prng, rejection, EventType, Role, SYSTEM_ACTOR, PAT, TimeInForce, type EngineFixture } from '../support/engine-fixture.js';

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

function adopt(fx: EngineFixture, version: number): void {
  expect(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version })[0]?.type).toBe(EventType.RULES_ADOPTED);
}

const patWei = (pat: number): bigint => BigInt(pat * PAT) * WEI_PER_MICRO;

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

  it('rules 19: a held provider withdraws its own deposits and no more, its earnings wait; the deposits ride in snapshots', () => {
    const { fx, p, earnedWei } = world();
    adopt(fx, OWN_DEPOSIT_RULES);
    holdPayouts(fx, 1);
    expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => fx.requestWithdrawal(p, 1n)); // only earnings so far
    fx.deposit(p, 5 * PAT);
    expect(fx.acct(p).ownDepositWei).toBe(patWei(5));
    expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => fx.requestWithdrawal(p, patWei(5) + 1n));
    expect(fx.requestWithdrawal(p, patWei(3))[0]).toMatchObject({ type: EventType.WITHDRAWAL_REQUESTED, accountId: p, amountWei: patWei(3) });
    expect(fx.acct(p).ownDepositWei).toBe(patWei(2));
    const decoded = decodeState(encodeState(fx.engine));
    expect(decoded.account(p)!.ownDepositWei).toBe(patWei(2));
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    expect(fx.requestWithdrawal(p, patWei(2))[0]?.type).toBe(EventType.WITHDRAWAL_REQUESTED);
    expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => fx.requestWithdrawal(p, 1n));
    expect(fx.acct(p).freeWei(WEI_PER_MICRO)).toBe(earnedWei); // what it earned stays

    // Verified, a withdrawal takes its deposits first; revoked, what is left of them may still leave.
    fx.deposit(p, 10 * PAT);
    verify(fx, p, true);
    fx.requestWithdrawal(p, patWei(4));
    verify(fx, p, false);
    expect(fx.acct(p).ownDepositWei).toBe(patWei(6));
    expect(fx.requestWithdrawal(p, patWei(6))[0]?.type).toBe(EventType.WITHDRAWAL_REQUESTED);
    expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => fx.requestWithdrawal(p, 1n));
    // A consumer's deposits are not counted (nothing of its is held).
    fx.deposit(fx.consumers[0]!, PAT);
    expect(fx.acct(fx.consumers[0]!).ownDepositWei).toBe(0n);
  });

  it('rules 19: frozen payouts (a screening hit) hold its own deposits too until thawed; who may freeze, and what', () => {
    const { fx, p } = world();
    const freeze = (frozen: boolean, actor = fx.operator, accountId = p): EngineEvent[] => fx.submit({ kind: CommandKind.SET_PAYOUTS_FROZEN, actor, accountId, frozen });
    expectRefused(fx, RejectReason.UNKNOWN_RULES, () => freeze(true)); // no freeze before rules 19
    adopt(fx, OWN_DEPOSIT_RULES);
    holdPayouts(fx, 1);
    fx.deposit(p, 5 * PAT);
    expect(freeze(true)[0]).toEqual({ type: EventType.PAYOUTS_FROZEN, seq: fx.engine.lastSeq, timeMs: fx.nowMs, actor: fx.operator, accountId: p, frozen: true });
    expect(fx.acct(p).ownDepositsFreeWei(WEI_PER_MICRO)).toBe(0n);
    expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => fx.requestWithdrawal(p, 1n));
    const decoded = decodeState(encodeState(fx.engine));
    expect(decoded.account(p)!.payoutsFrozen).toBe(true);
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => freeze(false, p));
    expectRefused(fx, RejectReason.INVALID_VERIFICATION, () => freeze(true)); // already
    expectRefused(fx, RejectReason.INVALID_VERIFICATION, () => freeze(true, fx.operator, fx.consumers[0]!));
    expectRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => freeze(true, fx.operator, 9_999));
    expect(freeze(false, SYSTEM_ACTOR)[0]).toMatchObject({ type: EventType.PAYOUTS_FROZEN, frozen: false });
    expect(fx.requestWithdrawal(p, patWei(5))[0]?.type).toBe(EventType.WITHDRAWAL_REQUESTED);
  });

  it("rules 19: a held provider pays into an organisation (whose admins may take it out) only its own deposits; under 18 anything", () => {
    for (const rules of [OWN_DEPOSIT_RULES - 1, OWN_DEPOSIT_RULES]) {
      const fx = createFixture({ consumers: 1 });
      adopt(fx, rules);
      holdPayouts(fx, 1);
      const p = fx.newAccount(Role.PROVIDER, `0x${'ab'.repeat(20)}`);
      fx.deposit(p, 10 * PAT);
      expect(fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: p, name: 'Pass-through Ltd' })[0]?.type).toBe(EventType.ACCOUNT_OPENED);
      const organisationId = fx.engine.organisations.ofMember.get(p)!.id;
      // What it earned (here a payment out of the organisation to its admin, as any other member's could be).
      const pay = (toOrganisation: boolean, pat: number) => fx.submit({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: p, organisationId, toOrganisation, amountMicros: pat * PAT });
      expect(pay(true, 4)[0]?.type).toBe(EventType.ORGANISATION_FUNDS_MOVED);
      expect(pay(false, 4)[0]?.type).toBe(EventType.ORGANISATION_FUNDS_MOVED);
      if (rules < OWN_DEPOSIT_RULES) {
        expect(pay(true, 10)[0]?.type).toBe(EventType.ORGANISATION_FUNDS_MOVED); // the hold's way round, before rules 19
        continue;
      }
      expect(fx.acct(p).ownDepositWei).toBe(patWei(6)); // the 4 paid in were deposits; the 4 paid back are not
      expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => pay(true, 7));
      expect(pay(true, 6)[0]?.type).toBe(EventType.ORGANISATION_FUNDS_MOVED);
      expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => pay(true, 1));
      expect(fx.acct(p).availableMicros).toBe(4 * PAT);
      verify(fx, p, true);
      expect(pay(true, 4)[0]?.type).toBe(EventType.ORGANISATION_FUNDS_MOVED); // verified: anything
    }
  });

  it('under rules 18 a held provider withdraws nothing, its own deposit included, and the deposit is not counted (the state as before)', () => {
    const { fx, p } = world();
    adopt(fx, OWN_DEPOSIT_RULES - 1);
    holdPayouts(fx, 1);
    fx.deposit(p, 5 * PAT);
    expect(fx.acct(p).ownDepositWei).toBe(0n); // so no own-deposits section: the state's bytes as before rules 19
    expectRefused(fx, RejectReason.PAYOUT_HELD_UNVERIFIED, () => fx.requestWithdrawal(p, patWei(5)));
  });

  it.each([0, OWN_DEPOSIT_RULES])('over 3,000 random verifications, revocations, freezes, switches of the hold, deposits and withdrawals (seeded, rules %i), every outcome is the model\'s, and a snapshot replays to the same state', (rules) => {
    const { fx } = world();
    if (rules > 0) adopt(fx, rules);
    const r = prng(53);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const accounts = [...fx.providers, ...fx.consumers, fx.broker, fx.operator, 9_999];
    const model = { hold: 0, verified: new Set<number>(), own: new Map<number, bigint>(), frozen: new Set<number>() };
    const own = (id: number): bigint => model.own.get(id) ?? 0n;
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
      } else if (x < 0.35 && rules >= OWN_DEPOSIT_RULES) {
        const accountId = pick(fx.providers);
        const frozen = r() < 0.4;
        const want = model.frozen.has(accountId) === frozen ? RejectReason.INVALID_VERIFICATION : RejectReason.NONE;
        expect(rejection(fx.submit({ kind: CommandKind.SET_PAYOUTS_FROZEN, actor: fx.operator, accountId, frozen })), `#${i}`).toBe(want);
        if (want === RejectReason.NONE) (frozen ? model.frozen.add(accountId) : model.frozen.delete(accountId));
      } else if (x < 0.4) {
        model.hold = r() < 0.5 ? 1 : 0;
        fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.payoutRequiresVerification', value: model.hold });
      } else if (x < 0.5) {
        const to = pick([...fx.providers, ...fx.consumers]);
        const micros = 1 + Math.floor(r() * PAT);
        fx.deposit(to, micros);
        if (rules >= OWN_DEPOSIT_RULES && fx.providers.includes(to)) model.own.set(to, own(to) + BigInt(micros) * WEI_PER_MICRO);
      } else {
        const actor = pick([...fx.providers, ...fx.consumers]);
        const free = fx.acct(actor).freeWei(WEI_PER_MICRO);
        const amountWei = r() < 0.1 ? free + 1n : BigInt(Math.floor(r() * Number(free / WEI_PER_MICRO) + 1)) * WEI_PER_MICRO;
        const want =
          amountWei > free ? RejectReason.INSUFFICIENT_BALANCE
          : model.hold === 1 && fx.providers.includes(actor) && !model.verified.has(actor) && (model.frozen.has(actor) || amountWei > own(actor)) ? RejectReason.PAYOUT_HELD_UNVERIFIED
          : RejectReason.NONE;
        expect(rejection(fx.requestWithdrawal(actor, amountWei)), `#${i}`).toBe(want);
        if (want === RejectReason.NONE && model.own.has(actor)) model.own.set(actor, own(actor) > amountWei ? own(actor) - amountWei : 0n);
      }
      for (const p of fx.providers) expect(fx.acct(p).verified).toBe(model.verified.has(p));
      for (const p of fx.providers) expect(fx.acct(p).ownDepositWei, `#${i}`).toBe(own(p));
    }
    if (rules >= OWN_DEPOSIT_RULES) expect([...model.own.values()].some((w) => w > 0n)).toBe(true); // the rule was met, not only refused
    const decoded = decodeState(encodeState(fx.engine));
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    for (const p of fx.providers) expect(decoded.account(p)!.verified).toBe(model.verified.has(p));
    for (const p of fx.providers) expect([decoded.account(p)!.ownDepositWei, decoded.account(p)!.payoutsFrozen]).toEqual([own(p), model.frozen.has(p)]);
  });
});
