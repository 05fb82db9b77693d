/**
 * Minting eligibility: with `risk.mintRequiresListing` on, a provider mints only
 * in segments the catalog says it has a published listing for. The catalog tells
 * the engine through a journaled command, so replay and snapshots agree.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, RejectReason, decodeCommands, decodeState, encodeCommands, encodeState, stateHash, type EngineEvent } from '../../src/engine/index.js';
import { BinaryWriter } from '../../src/engine/binary.js';
import { createFixture, expectRefused, EventType, SYSTEM_ACTOR, versionTwoSnapshot, type EngineFixture } from '../support/engine-fixture.js';

function eligibility(fx: EngineFixture, accountId: number, segment: string, eligible: boolean, actor = SYSTEM_ACTOR): EngineEvent[] {
  return fx.submit({ kind: CommandKind.SET_MINT_ELIGIBILITY, actor, accountId, segment, eligible });
}

function requireListing(fx: EngineFixture): void {
  expect(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.mintRequiresListing', value: 1 })[0]?.type).toBe(EventType.PARAM_CHANGED);
}

describe('minting eligibility', () => {
  it('is off by default: any provider mints (the engine alone knows no catalog)', () => {
    const fx = createFixture({ brokerRights: 0 });
    expect(fx.mint(fx.providers[0]!, 10)[0]?.type).toBe(EventType.RIGHTS_MINTED);
  });

  it('when on, refuses a mint without a published listing for the segment, allows it with one, and again refuses once it is withdrawn', () => {
    const fx = createFixture({ brokerRights: 0 });
    const [p1, p2] = fx.providers as [number, number];
    requireListing(fx);
    expectRefused(fx, RejectReason.NO_PUBLISHED_LISTING, () => fx.mint(p1, 10));
    // Another segment's listing does not count.
    expect(eligibility(fx, p1, 'TRAVEL_INTENT', true)[0]).toMatchObject({ type: EventType.MINT_ELIGIBILITY_SET, accountId: p1, segment: 'TRAVEL_INTENT', eligible: true });
    expectRefused(fx, RejectReason.NO_PUBLISHED_LISTING, () => fx.mint(p1, 10));
    eligibility(fx, p1, 'AUTO_INTENT', true);
    expect(fx.mint(p1, 10)[0]?.type).toBe(EventType.RIGHTS_MINTED);
    // Only the provider whose listing it is.
    expectRefused(fx, RejectReason.NO_PUBLISHED_LISTING, () => fx.mint(p2, 10));
    eligibility(fx, p1, 'AUTO_INTENT', false);
    expectRefused(fx, RejectReason.NO_PUBLISHED_LISTING, () => fx.mint(p1, 10));
    // Rights already minted stay: selling them is not minting.
    expect(fx.acct(p1).positions.get(fx.seriesId)?.available).toBe(510);
  });

  it('comes only from the service itself, for a provider and a valid segment; a refusal changes nothing', () => {
    const fx = createFixture({ brokerRights: 0 });
    const p = fx.providers[0]!;
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => eligibility(fx, p, 'AUTO_INTENT', true, fx.operator));
    expectRefused(fx, RejectReason.INVALID_ELIGIBILITY, () => eligibility(fx, fx.consumers[0]!, 'AUTO_INTENT', true));
    expectRefused(fx, RejectReason.INVALID_ELIGIBILITY, () => eligibility(fx, 9_999, 'AUTO_INTENT', true));
    for (const bad of ['', 'auto_intent', 'AUTO|7D', '1AUTO', 'A'.repeat(49)]) expectRefused(fx, RejectReason.INVALID_ELIGIBILITY, () => eligibility(fx, p, bad, true));
  });

  it('survives a snapshot and the journal codec; a version-2 snapshot decodes with none', () => {
    const fx = createFixture({ brokerRights: 0 });
    expect(decodeState(versionTwoSnapshot(fx.engine)).accounts.every((a) => a === undefined || a.mintSegments.size === 0)).toBe(true);
    expect(stateHash(decodeState(versionTwoSnapshot(fx.engine)))).toBe(stateHash(fx.engine));
    const before = stateHash(fx.engine);
    eligibility(fx, fx.providers[1]!, 'HOME_INTENT', true);
    eligibility(fx, fx.providers[1]!, 'AUTO_INTENT', true);
    expect(stateHash(fx.engine)).not.toBe(before);
    const decoded = decodeState(encodeState(fx.engine));
    expect([...decoded.account(fx.providers[1]!)!.mintSegments].sort()).toEqual(['AUTO_INTENT', 'HOME_INTENT']);
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    const cmd = { kind: CommandKind.SET_MINT_ELIGIBILITY, actor: SYSTEM_ACTOR, accountId: 7, segment: 'AUTO_INTENT', eligible: false } as const;
    const w = new BinaryWriter(64);
    encodeCommands([cmd], w);
    expect(decodeCommands(w.toBytes(), 1)).toEqual([cmd]);
  });
});
