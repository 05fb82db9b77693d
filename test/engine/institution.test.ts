/**
 * Onboarding an institution: the operator qualifies a consumer account as an
 * INSTITUTION (who and when kept with the account, journaled), or withdraws it; the
 * account keeps its balances, rights and orders and trades as before (phase 2 treats
 * institutions like consumers). Anything else is refused and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, RejectReason, decodeState, encodeState, stateHash, type EngineEvent } from '../../src/engine/index.js';
import { createFixture, expectRefused, EventType, Role, SYSTEM_ACTOR, PAT, type EngineFixture } from '../support/engine-fixture.js';

function qualify(fx: EngineFixture, accountId: number, qualified: boolean, actor = fx.operator): EngineEvent[] {
  return fx.submit({ kind: CommandKind.SET_INSTITUTION, actor, accountId, qualified });
}

describe('institution qualification', () => {
  it('the operator qualifies a consumer, who keeps everything and still trades and exercises; withdrawing makes it a consumer again', () => {
    const fx = createFixture({ consumers: 2 });
    const c = fx.consumers[0]!;
    const before = fx.available(c);
    fx.nowMs += 5_000;
    expect(qualify(fx, c, true)[0]).toMatchObject({ type: EventType.INSTITUTION_SET, accountId: c, qualified: true, actor: fx.operator, timeMs: fx.nowMs });
    expect(fx.acct(c)).toMatchObject({ role: Role.INSTITUTION, qualifiedBy: fx.operator, qualifiedAtMs: fx.nowMs });
    expect(fx.available(c)).toBe(before);
    fx.sell(fx.broker, 600_000, 5);
    expect(fx.buy(c, 600_000, 5, {}).some((e) => e.type === EventType.FILL)).toBe(true);
    expect(fx.submit({ kind: CommandKind.EXERCISE, actor: c, seriesId: fx.seriesId, qty: 1 })[0]?.type).toBe(EventType.RIGHTS_EXERCISED);
    // A snapshot keeps who qualified it and when.
    const decoded = decodeState(encodeState(fx.engine));
    expect(decoded.account(c)).toMatchObject({ role: Role.INSTITUTION, qualifiedBy: fx.operator, qualifiedAtMs: fx.nowMs });
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    expect(qualify(fx, c, false, SYSTEM_ACTOR)[0]).toMatchObject({ type: EventType.INSTITUTION_SET, qualified: false });
    expect(fx.acct(c)).toMatchObject({ role: Role.CONSUMER, qualifiedBy: 0, qualifiedAtMs: 0 });
    expect(PAT).toBe(1_000_000);
  });

  it('refuses a non-operator, an unknown account, a provider or broker, and a change that changes nothing', () => {
    const fx = createFixture({ consumers: 2 });
    const [c1, c2] = fx.consumers as [number, number];
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => qualify(fx, c1, true, c2));
    expectRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => qualify(fx, 9_999, true));
    expectRefused(fx, RejectReason.INVALID_QUALIFICATION, () => qualify(fx, fx.providers[0]!, true));
    expectRefused(fx, RejectReason.INVALID_QUALIFICATION, () => qualify(fx, fx.broker, true));
    expectRefused(fx, RejectReason.INVALID_QUALIFICATION, () => qualify(fx, c1, false)); // not an institution
    qualify(fx, c1, true);
    expectRefused(fx, RejectReason.INVALID_QUALIFICATION, () => qualify(fx, c1, true)); // already one
  });
});
