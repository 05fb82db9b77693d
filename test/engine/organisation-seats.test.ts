/**
 * Tier seats count an organisation's members (issue 81 item 2; docs/organisations.md, "Seats";
 * src/engine/products/tier-seats.ts): a tier subscription an organisation's account makes takes
 * one seat per member, refused TIER_SEATS_FULL when they are not all free; adding a member takes
 * one more seat in each tier the organisation subscribes to (refused, changing nothing, when a
 * tier is full); a member leaving frees one; cancelling frees them all. Seats are derived, so a
 * snapshot gives the same counts (the organisations decoded after the tiers) and the same hash.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  decodeState,
  encodeState,
  EventType,
  OrganisationRole,
  Role,
  stateHash,
  SubscriptionTrigger,
  SYSTEM_ACTOR,
  TierPriceRule,
  TimeInForce,
  type Command,
  type SubscribeTier,
  type TierTerms,
} from '../../src/engine/index.js';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import { addressOf } from '../support/organisation-fixture.js';
import { EngineFixture, HOUR_MS, PAT, T0, expectEvent, ofType, rejectionName, stateSummary } from '../support/engine-fixture.js';

/** What a refusal must leave as it was (the state hash moves with the refused command's seq). */
function unchanged(fx: EngineFixture): unknown {
  const e = fx.engine;
  return { state: stateSummary(fx), members: JSON.stringify([...e.organisations.byId.values()].map((o) => [...o.members])), tiers: JSON.stringify([...e.tiers.live.values()]), seats: e.tiers.seats.taken(KEY) };
}

const C1 = 'AUTO_INTENT|7D|0.70-0.85';
const LISTING = 7;
const KEY = `${LISTING}/pro`;

interface World {
  fx: EngineFixture;
  alice: number;
  bob: number;
  carol: number;
  solo: number;
  orgId: number;
  orgAccount: number;
}

/** A tier `pro` of 3 seats on one contract the broker quotes; Alice's organisation (Alice and Bob) holds 40 PAT; Carol and Solo are wallets. */
function world(seats = 3): World {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 }), EventType.RULES_ADOPTED);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const provider = fx.newAccount(Role.PROVIDER);
  const [alice, bob, carol, solo] = [1, 2, 3, 4].map((n) => fx.newAccount(Role.CONSUMER, addressOf(0xb0 + n)));
  fx.deposit(fx.broker, 10_000 * PAT);
  for (const a of [alice!, solo!]) fx.deposit(a, 100 * PAT);
  const seriesId = fx.newSeries({ contract: C1 });
  expectEvent(fx.declareCapacity(provider, 1_000, seriesId), EventType.CAPACITY_DECLARED);
  expectEvent(fx.mint(provider, 100, seriesId), EventType.RIGHTS_MINTED);
  expectEvent(fx.sell(provider, 500_000, 100, { seriesId }), EventType.ORDER_ACCEPTED);
  expectEvent(fx.buy(fx.broker, 500_000, 100, { seriesId, tif: TimeInForce.IOC }), EventType.FILL);
  expectEvent(fx.sell(fx.broker, 600_000, 50, { seriesId }), EventType.ORDER_ACCEPTED);
  const terms: TierTerms = { name: 'pro', contracts: [C1], qtyPerContract: 1, everyWindows: 1, seats, priceRule: TierPriceRule.ASK_CAPPED, capBps: 1_000, windowBudgetMicros: 0 };
  expectEvent(fx.submit({ kind: CommandKind.SET_LISTING_TIERS, actor: SYSTEM_ACTOR, listingId: LISTING, segment: 'AUTO_INTENT', tiers: [terms] }), EventType.LISTING_TIERS_SET);
  const created = ofType(fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: alice!, name: 'Acme' }), EventType.ORGANISATION_CREATED)[0]!;
  const w = { fx, alice: alice!, bob: bob!, carol: carol!, solo: solo!, orgId: created.organisationId, orgAccount: created.accountId };
  expectEvent(fx.submit(set(w, w.bob, OrganisationRole.READER)), EventType.ORGANISATION_MEMBER_SET);
  expectEvent(fx.submit({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: alice!, organisationId: w.orgId, toOrganisation: true, amountMicros: 40 * PAT }), EventType.ORGANISATION_FUNDS_MOVED);
  return w;
}

function set(w: Pick<World, 'alice' | 'orgId'>, member: number, role: OrganisationRole): Command {
  return { kind: CommandKind.SET_ORGANISATION_MEMBER, actor: w.alice, organisationId: w.orgId, memberAccountId: member, role };
}

function subscribeTier(actor: number): SubscribeTier {
  return { kind: CommandKind.SUBSCRIBE_TIER, actor, listingId: LISTING, tier: 'pro', budgetMicros: 10 * PAT, trigger: SubscriptionTrigger.ON_OPEN, maxSkips: 3, includeCurrent: true };
}

describe('tier seats count an organisation\'s members', () => {
  it('an organisation of two takes two seats; a third member takes the last; a fourth is refused while the tier is full; leaving frees one', () => {
    const w = world(3);
    const { fx } = w;
    const made = ofType(fx.submit(subscribeTier(w.orgAccount)), EventType.TIER_SUBSCRIBED)[0]!;
    expect(made).toMatchObject({ accountId: w.orgAccount, seatsTaken: 2, seats: 3 });
    expect(fx.engine.tiers.seats.taken(KEY)).toBe(2);
    // A wallet takes the last seat; then the organisation cannot add a member: the member would need a seat.
    expect(ofType(fx.submit(subscribeTier(w.solo)), EventType.TIER_SUBSCRIBED)[0]).toMatchObject({ seatsTaken: 3 });
    const before = unchanged(fx);
    expect(rejectionName(fx.submit(set(w, w.carol, OrganisationRole.READER)))).toBe('TIER_SEATS_FULL');
    expect(unchanged(fx)).toEqual(before);
    expect(fx.engine.organisations.memberOf(w.carol)).toBeUndefined();
    // Changing a member's role takes no seat.
    expectEvent(fx.submit(set(w, w.bob, OrganisationRole.TRADER)), EventType.ORGANISATION_MEMBER_SET);
    // Bob leaves: one seat free, and Carol joins into it.
    expectEvent(fx.submit({ kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor: w.bob, organisationId: w.orgId, memberAccountId: w.bob }), EventType.ORGANISATION_MEMBER_REMOVED);
    expect(fx.engine.tiers.seats.taken(KEY)).toBe(2);
    expectEvent(fx.submit(set(w, w.carol, OrganisationRole.READER)), EventType.ORGANISATION_MEMBER_SET);
    expect(fx.engine.tiers.seats.taken(KEY)).toBe(3);
    // Cancelling the organisation's tier subscription frees every member's seat.
    const id = made.tierSubscriptionId;
    expectEvent(fx.submit({ kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor: w.orgAccount, tierSubscriptionId: id }), EventType.TIER_SUBSCRIPTION_CLOSED);
    expect(fx.engine.tiers.seats.taken(KEY)).toBe(1);
  });

  it('an organisation with more members than free seats cannot subscribe; nothing changes', () => {
    const w = world(2);
    const { fx } = w;
    expectEvent(fx.submit(subscribeTier(w.solo)), EventType.TIER_SUBSCRIBED);
    const before = unchanged(fx);
    expect(rejectionName(fx.submit(subscribeTier(w.orgAccount)))).toBe('TIER_SEATS_FULL');
    expect(unchanged(fx)).toEqual(before);
    expect(fx.engine.tiers.seats.taken(KEY)).toBe(1);
  });

  it('a snapshot weighs the seats again (the organisations decode after the tiers): same counts, same hash, same refusals', () => {
    const w = world(3);
    const { fx } = w;
    expectEvent(fx.submit(subscribeTier(w.orgAccount)), EventType.TIER_SUBSCRIBED);
    const copy = new EmbeddedEngine({}, fx.nowMs, decodeState(encodeState(fx.engine)));
    expect(copy.engine.tiers.seats.taken(KEY)).toBe(2);
    expect(stateHash(copy.engine)).toBe(stateHash(fx.engine));
    // The copy and the original refuse and accept alike: Solo takes the last seat, Carol then finds none.
    for (const engine of [fx, copy]) {
      expect(ofType(engine.submit(subscribeTier(w.solo)), EventType.TIER_SUBSCRIBED)[0]).toMatchObject({ seatsTaken: 3 });
      expect(rejectionName(engine.submit(set(w, w.carol, OrganisationRole.READER)))).toBe('TIER_SEATS_FULL');
    }
  });
});
