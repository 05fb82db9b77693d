/**
 * The catalog's provider listings in the engine: with `risk.mintRequiresListing`
 * on, a provider mints only in segments it has a published listing for; and an
 * exercise redeems minted rights FIFO by mint, one access grant per provider share,
 * naming the provider's listing at that moment. The catalog tells the engine
 * through a journaled command, so replay and snapshots agree.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, RejectReason, decodeCommands, decodeState, encodeCommands, encodeState, stateHash, type EngineEvent, type RightsExercised } from '../../src/engine/index.js';
import { BinaryWriter } from '../../src/engine/durability/binary.js';
import { createFixture, expectRefused, EventType, Role, SYSTEM_ACTOR, versionTwoSnapshot, type EngineFixture } from '../support/engine-fixture.js';

function providerListing(fx: EngineFixture, accountId: number, segment: string, listingId: number, listingVersion = listingId === 0 ? 0 : 1, actor = SYSTEM_ACTOR): EngineEvent[] {
  return fx.submit({ kind: CommandKind.SET_PROVIDER_LISTING, actor, accountId, segment, listingId, listingVersion });
}

function requireListing(fx: EngineFixture): void {
  expect(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.mintRequiresListing', value: 1 })[0]?.type).toBe(EventType.PARAM_CHANGED);
}

function exercised(events: EngineEvent[]): RightsExercised {
  const e = events.find((x) => x.type === EventType.RIGHTS_EXERCISED);
  if (e === undefined) throw new Error(`not exercised: ${JSON.stringify(events)}`);
  return e as RightsExercised;
}

describe('provider listings: minting', () => {
  it('is not required by default: any provider mints (the engine alone knows no catalog)', () => {
    const fx = createFixture({ brokerRights: 0 });
    expect(fx.mint(fx.providers[0]!, 10)[0]?.type).toBe(EventType.RIGHTS_MINTED);
  });

  it('when required, refuses a mint without a published listing for the segment, allows it with one, and again refuses once it is withdrawn', () => {
    const fx = createFixture({ brokerRights: 0 });
    const [p1, p2] = fx.providers as [number, number];
    requireListing(fx);
    expectRefused(fx, RejectReason.NO_PUBLISHED_LISTING, () => fx.mint(p1, 10));
    // Another segment's listing does not count.
    expect(providerListing(fx, p1, 'TRAVEL_INTENT', 4)[0]).toMatchObject({ type: EventType.PROVIDER_LISTING_SET, accountId: p1, segment: 'TRAVEL_INTENT', listingId: 4, listingVersion: 1 });
    expectRefused(fx, RejectReason.NO_PUBLISHED_LISTING, () => fx.mint(p1, 10));
    providerListing(fx, p1, 'AUTO_INTENT', 3);
    expect(fx.mint(p1, 10)[0]?.type).toBe(EventType.RIGHTS_MINTED);
    // Only the provider whose listing it is.
    expectRefused(fx, RejectReason.NO_PUBLISHED_LISTING, () => fx.mint(p2, 10));
    providerListing(fx, p1, 'AUTO_INTENT', 0);
    expectRefused(fx, RejectReason.NO_PUBLISHED_LISTING, () => fx.mint(p1, 10));
    // Rights already minted stay: selling them is not minting.
    expect(fx.acct(p1).positions.get(fx.seriesId)?.available).toBe(510);
  });

  it('comes only from the service itself, for a provider, a valid segment and listing; a refusal changes nothing', () => {
    const fx = createFixture({ brokerRights: 0 });
    const p = fx.providers[0]!;
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => providerListing(fx, p, 'AUTO_INTENT', 1, 1, fx.operator));
    expectRefused(fx, RejectReason.INVALID_PROVIDER_LISTING, () => providerListing(fx, fx.consumers[0]!, 'AUTO_INTENT', 1));
    expectRefused(fx, RejectReason.INVALID_PROVIDER_LISTING, () => providerListing(fx, 9_999, 'AUTO_INTENT', 1));
    for (const bad of ['', 'auto_intent', 'AUTO|7D', '1AUTO', 'A'.repeat(49)]) expectRefused(fx, RejectReason.INVALID_PROVIDER_LISTING, () => providerListing(fx, p, bad, 1));
    expectRefused(fx, RejectReason.INVALID_PROVIDER_LISTING, () => providerListing(fx, p, 'AUTO_INTENT', 1, 0)); // a listing has a version
    expectRefused(fx, RejectReason.INVALID_PROVIDER_LISTING, () => providerListing(fx, p, 'AUTO_INTENT', 0, 2)); // none has none
    expectRefused(fx, RejectReason.INVALID_PROVIDER_LISTING, () => providerListing(fx, p, 'AUTO_INTENT', -1, 1));
  });
});

describe('provider listings: under rules 0–2 an exercise redeems supply FIFO by mint (rules 3 redeems by sale: escrow.test.ts)', () => {
  it('splits an exercise across the providers whose rights were minted first, one grant each, naming their listing then', () => {
    // Provider 1 minted 500, then provider 2 500 (the fixture).
    const fx = createFixture({ brokerRights: 0, consumers: 1 });
    const [p1, p2] = fx.providers as [number, number];
    const consumer = fx.consumers[0]!;
    providerListing(fx, p1, 'AUTO_INTENT', 11, 2);
    // Rights reach the consumer from provider 2's stock (who holds them does not matter: supply is FIFO by mint).
    fx.sell(p2, 500_000, 500);
    fx.sell(p1, 500_000, 100);
    expect(fx.buy(fx.broker, 500_000, 600, {}).some((e) => e.type === EventType.FILL)).toBe(true);
    fx.sell(fx.broker, 600_000, 600);
    expect(fx.buy(consumer, 600_000, 600, {}).some((e) => e.type === EventType.FILL)).toBe(true);
    const first = exercised(fx.submit({ kind: CommandKind.EXERCISE, actor: consumer, seriesId: fx.seriesId, qty: 450 }));
    expect(first.redemptions).toEqual([{ grantId: 1, providerAccountId: p1, listingId: 11, listingVersion: 2, qty: 450 }]);
    const second = exercised(fx.submit({ kind: CommandKind.EXERCISE, actor: consumer, seriesId: fx.seriesId, qty: 100 }));
    expect(second.redemptions).toEqual([
      { grantId: 2, providerAccountId: p1, listingId: 11, listingVersion: 2, qty: 50 },
      { grantId: 3, providerAccountId: p2, listingId: 0, listingVersion: 0, qty: 50 }, // provider 2 has no published listing: a grant naming none
    ]);
    expect(fx.series().supply.live()).toEqual([{ providerAccountId: p2, qty: 450, heldMicros: 0 }]);
    // Later mints queue behind: provider 1 again.
    fx.declareCapacity(p1, 2_000);
    fx.mint(p1, 30);
    expect(fx.series().supply.live()).toEqual([{ providerAccountId: p2, qty: 450, heldMicros: 0 }, { providerAccountId: p1, qty: 30, heldMicros: 0 }]);
  });

  it('survives a snapshot and the journal codec; a version-2 snapshot rebuilds supply from positions', () => {
    const fx = createFixture({ brokerRights: 0 });
    expect(stateHash(decodeState(versionTwoSnapshot(fx.engine)))).toBe(stateHash(fx.engine));
    const before = stateHash(fx.engine);
    providerListing(fx, fx.providers[1]!, 'HOME_INTENT', 5);
    providerListing(fx, fx.providers[1]!, 'AUTO_INTENT', 6, 3);
    expect(stateHash(fx.engine)).not.toBe(before);
    const decoded = decodeState(encodeState(fx.engine));
    expect([...decoded.account(fx.providers[1]!)!.providerListings].sort()).toEqual([['AUTO_INTENT', { listingId: 6, listingVersion: 3 }], ['HOME_INTENT', { listingId: 5, listingVersion: 1 }]]);
    expect(decoded.seriesById(fx.seriesId)!.supply.live()).toEqual(fx.series().supply.live());
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    const cmd = { kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: 7, segment: 'AUTO_INTENT', listingId: 0, listingVersion: 0 } as const;
    const w = new BinaryWriter(64);
    encodeCommands([cmd], w);
    expect(decodeCommands(w.toBytes(), 1)).toEqual([cmd]);
    expect(Role.PROVIDER).toBe(2);
  });
});

describe('provider listings: rules 9, a listing unpublished still names the grants for the rights sold under it', () => {
  /** Provider 1 publishes listing 11 v2, sells 100 to the broker, then unpublishes; a consumer buys them from the broker and exercises. */
  function soldThenUnpublished(rules: number) {
    const fx = createFixture({ brokerRights: 0, consumers: 1 });
    const p1 = fx.providers[0]!;
    const consumer = fx.consumers[0]!;
    expect(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules })[0]?.type).toBe(EventType.RULES_ADOPTED);
    requireListing(fx);
    providerListing(fx, p1, 'AUTO_INTENT', 11, 2);
    fx.sell(p1, 500_000, 100);
    expect(fx.buy(fx.broker, 500_000, 100, {}).some((e) => e.type === EventType.FILL)).toBe(true);
    providerListing(fx, p1, 'AUTO_INTENT', 0);
    fx.sell(fx.broker, 600_000, 100);
    expect(fx.buy(consumer, 600_000, 100, {}).some((e) => e.type === EventType.FILL)).toBe(true);
    return { fx, p1, consumer };
  }

  it('an exercise after the unpublish is granted under the listing and version the rights were sold under; no mint; under rules 8 it named none', () => {
    const { fx, p1, consumer } = soldThenUnpublished(9);
    expectRefused(fx, RejectReason.NO_PUBLISHED_LISTING, () => fx.mint(p1, 10));
    const first = exercised(fx.submit({ kind: CommandKind.EXERCISE, actor: consumer, seriesId: fx.seriesId, qty: 40 }));
    expect(first.redemptions).toEqual([expect.objectContaining({ providerAccountId: p1, listingId: 11, listingVersion: 2, qty: 40 })]);
    // The state with a retired listing: a snapshot decodes to the same state, and an exercise after it names the listing too.
    const decoded = decodeState(encodeState(fx.engine));
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    expect(decoded.accounts[p1]!.retiredListings.get('AUTO_INTENT')).toEqual({ listingId: 11, listingVersion: 2 });
    // Publishing again replaces it: the next grants name the listing published now.
    providerListing(fx, p1, 'AUTO_INTENT', 12, 1);
    expect(fx.acct(p1).retiredListings.size).toBe(0);
    const second = exercised(fx.submit({ kind: CommandKind.EXERCISE, actor: consumer, seriesId: fx.seriesId, qty: 10 }));
    expect(second.redemptions).toEqual([expect.objectContaining({ providerAccountId: p1, listingId: 12, listingVersion: 1, qty: 10 })]);

    const before = soldThenUnpublished(8);
    const old = exercised(before.fx.submit({ kind: CommandKind.EXERCISE, actor: before.consumer, seriesId: before.fx.seriesId, qty: 40 }));
    expect(old.redemptions).toEqual([expect.objectContaining({ providerAccountId: before.p1, listingId: 0, listingVersion: 0, qty: 40 })]);
    expect(before.fx.acct(before.p1).retiredListings.size).toBe(0);
  });
});
