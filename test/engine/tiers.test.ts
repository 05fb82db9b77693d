/**
 * Subscription tiers and bundles (issue 81; src/engine/products/tiers.ts, bundles.ts): a tier's
 * terms are checked before anything is held; a tier subscription is one subscription per
 * contract made at once, holding a seat, buying at the derived caps, every k-th window, and
 * closing as one; a bundle buys every leg at the asks or nothing. Replay and a snapshot
 * reproduce both.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  decodeCommands,
  decodeState,
  encodeState,
  EventType,
  Role,
  stateHash,
  SubscriptionDelivery,
  SubscriptionStatus,
  SubscriptionTrigger,
  SelfTradePrevention,
  Side,
  SkipReason,
  OrderType,
  SYSTEM_ACTOR,
  TierPriceRule,
  TimeInForce,
  type BuyBundle,
  type Command,
  type EngineEvent,
  type SetListingTiers,
  type SubscribeTier,
  type SubscribeTierPush,
  type TierTerms,
} from '../../src/engine/index.js';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import { MAX_PUSH_AUTHORISATION_LENGTH, MAX_WEBHOOK_URL_LENGTH, TIER_PROVIDER_RULES, TIER_SEAT_RULES } from '../../src/engine/products/subscriptions.js';
import { RETIRED_LISTING_RULES } from '../../src/engine/products/rights-supply.js';
import { encodeCommandsToBytes } from '../../src/engine/durability/command-codec.js';
import { EngineFixture, HOUR_MS, PAT, T0, WINDOW_MS, expectEvent, ofType, rejectionName, stateSummary } from '../support/engine-fixture.js';

const C1 = 'AUTO_INTENT|7D|0.70-0.85';
const C2 = 'AUTO_INTENT|7D|0.85-1.00';
const NEXT_OPEN = T0 + WINDOW_MS;
const LISTING = 7;

interface World {
  fx: EngineFixture;
  consumer: number;
  other: number;
  provider: number;
  /** Per contract, the window open now and the next. */
  series: Record<string, { current: number; next: number }>;
}

/** Rules 3; the broker holds 100 rights in each window of both contracts, bought from the provider. */
function world(): World {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 }), EventType.RULES_ADOPTED);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const consumer = fx.newAccount(Role.CONSUMER);
  const other = fx.newAccount(Role.CONSUMER);
  const provider = fx.newAccount(Role.PROVIDER);
  fx.deposit(fx.broker, 10_000 * PAT);
  fx.deposit(consumer, 100 * PAT);
  fx.deposit(other, 100 * PAT);
  const series: World['series'] = {};
  for (const contract of [C1, C2]) {
    const current = fx.newSeries({ contract });
    const next = fx.newSeries({ contract, openAtMs: NEXT_OPEN });
    series[contract] = { current, next };
    for (const seriesId of [current, next]) {
      expectEvent(fx.declareCapacity(provider, 1_000, seriesId), EventType.CAPACITY_DECLARED);
      expectEvent(fx.mint(provider, 100, seriesId), EventType.RIGHTS_MINTED);
      expectEvent(fx.sell(provider, 500_000, 100, { seriesId }), EventType.ORDER_ACCEPTED);
      expectEvent(fx.buy(fx.broker, 500_000, 100, { seriesId, tif: TimeInForce.IOC }), EventType.FILL);
    }
  }
  return { fx, consumer, other, provider, series };
}

function ask(fx: EngineFixture, seriesId: number, levels: Array<[number, number]>): void {
  for (const [price, qty] of levels) expectEvent(fx.sell(fx.broker, price, qty, { seriesId }), EventType.ORDER_ACCEPTED);
}

function tier(o: Partial<TierTerms> = {}): TierTerms {
  return { name: 'pro', contracts: [C1, C2], qtyPerContract: 2, everyWindows: 1, seats: 2, priceRule: TierPriceRule.ASK_CAPPED, capBps: 1_000, windowBudgetMicros: 0, ...o };
}

function setTiers(tiers: TierTerms[], segment = 'AUTO_INTENT'): SetListingTiers {
  return { kind: CommandKind.SET_LISTING_TIERS, actor: SYSTEM_ACTOR, listingId: LISTING, segment, tiers };
}

function subscribeTier(actor: number, o: Partial<SubscribeTier> = {}): SubscribeTier {
  return { kind: CommandKind.SUBSCRIBE_TIER, actor, listingId: LISTING, tier: 'pro', budgetMicros: 40 * PAT, trigger: SubscriptionTrigger.ON_OPEN, maxSkips: 3, includeCurrent: true, ...o };
}

const run = (fx: EngineFixture, timeMs?: number): EngineEvent[] => fx.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 100 }, timeMs);

/** Everything a refused command must leave as it was. */
function unchanged(fx: EngineFixture): unknown {
  const e = fx.engine;
  return {
    state: stateSummary(fx), live: JSON.stringify([...e.subscriptions.live.values()]),
    tiers: JSON.stringify([...e.tiers.live.values()]), listings: JSON.stringify([...e.tiers.byListing].map(([id, l]) => [id, l.segment, [...l.tiers.values()]])),
  };
}

describe('tiers: terms', () => {
  it('refuses terms out of range, typed, and changes nothing: contracts outside the segment, zero seats, a bad price rule', () => {
    const { fx, consumer } = world();
    const before = unchanged(fx);
    const bad: TierTerms[] = [
      tier({ contracts: ['HEALTH_INTENT|7D|0.70-0.85'] }),
      tier({ contracts: ['AUTO_INTENT|7D|0.7-0.85'] }), // not canonical
      tier({ contracts: [C1, C1] }),
      tier({ contracts: [] }),
      tier({ seats: 0 }),
      tier({ everyWindows: 0 }),
      tier({ qtyPerContract: 0 }),
      tier({ name: 'Pro!' }),
      tier({ priceRule: 9 as TierPriceRule }),
      tier({ priceRule: TierPriceRule.ASK, capBps: 10 }),
      tier({ priceRule: TierPriceRule.WINDOW_BUDGET, capBps: 0, windowBudgetMicros: 3 }), // less than 1 µPAT a right (2 contracts × 2)
      tier({ capBps: 100_001 }),
    ];
    for (const t of bad) expect(rejectionName(fx.submit(setTiers([t])))).toBe('INVALID_TIER');
    expect(rejectionName(fx.submit(setTiers([tier(), tier()])))).toBe('INVALID_TIER'); // a name twice
    expect(rejectionName(fx.submit({ ...setTiers([tier()]), actor: consumer }))).toBe('ROLE_NOT_ALLOWED');
    expect(unchanged(fx)).toEqual(before);
    expect(rejectionName(fx.submit(subscribeTier(consumer)))).toBe('UNKNOWN_TIER');
    expect(unchanged(fx)).toEqual(before);
  });
});

describe('tiers: subscriptions', () => {
  it('a tier subscription is one subscription per contract at the derived caps, holding one seat; a full tier is refused and nothing changes', () => {
    const { fx, consumer, other, series } = world();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier({ seats: 1 })])), EventType.LISTING_TIERS_SET);
    const ev = fx.submit(subscribeTier(consumer));
    const made = ofType(ev, EventType.TIER_SUBSCRIBED)[0]!;
    // ASK_CAPPED 1,000 bps: each contract's cap is its ask now + 10%.
    expect(made).toMatchObject({ tierSubscriptionId: 1, accountId: consumer, tier: 'pro', capPriceMicros: [660_000, 880_000], budgetMicros: 40 * PAT, seatsTaken: 1, seats: 1 });
    expect(ofType(ev, EventType.SUBSCRIPTION_CREATED).map((c) => [c.contract, c.qtyPerWindow, c.budgetMicros])).toEqual([[C1, 2, 20 * PAT], [C2, 2, 20 * PAT]]);
    expect(made.subscriptionIds).toEqual(ofType(ev, EventType.SUBSCRIPTION_CREATED).map((c) => c.subscriptionId));

    const before = unchanged(fx);
    expect(rejectionName(fx.submit(subscribeTier(other)))).toBe('TIER_SEATS_FULL');
    expect(rejectionName(fx.submit(subscribeTier(consumer)))).toBe('ALREADY_IN_TIER');
    expect(unchanged(fx)).toEqual(before);

    // The runner buys each contract's window at the ask and exercises it.
    const bought = run(fx);
    expect(ofType(bought, EventType.SUBSCRIPTION_FILLED).map((f) => [f.seriesId, f.qty, f.costMicros])).toEqual([
      [series[C1]!.current, 2, 1_200_000],
      [series[C2]!.current, 2, 1_600_000],
    ]);
    expect(ofType(bought, EventType.SUBSCRIPTION_EXERCISED)).toHaveLength(2);
  });

  it('refusals before anything is held: no quote to derive a cap from, too little PAT, bad terms', () => {
    const { fx, consumer, other, series } = world();
    expectEvent(fx.submit(setTiers([tier(), tier({ name: 'retail', contracts: [C1], priceRule: TierPriceRule.WINDOW_BUDGET, capBps: 0, windowBudgetMicros: 2 * PAT })])), EventType.LISTING_TIERS_SET);
    const before = unchanged(fx);
    expect(rejectionName(fx.submit(subscribeTier(consumer)))).toBe('TIER_NOT_QUOTED'); // no ask, no reference price yet
    expect(rejectionName(fx.submit(subscribeTier(consumer, { budgetMicros: 0 })))).toBe('INVALID_SUBSCRIPTION');
    expect(rejectionName(fx.submit(subscribeTier(consumer, { budgetMicros: 1 })))).toBe('INVALID_SUBSCRIPTION'); // less than 1 µPAT a contract
    expect(rejectionName(fx.submit(subscribeTier(fx.broker)))).toBe('ROLE_NOT_ALLOWED');
    expect(rejectionName(fx.submit(subscribeTier(consumer, { tier: 'gold' })))).toBe('UNKNOWN_TIER');
    expect(unchanged(fx)).toEqual(before);
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    fx.setReference(700_000, series[C2]!.current);
    expect(ofType(fx.submit(subscribeTier(other, { tier: 'retail' })), EventType.TIER_SUBSCRIBED)[0]!.capPriceMicros).toEqual([PAT]);
    // The reference price stands in for a contract without an ask: its cap is the reference + 10%.
    const made = ofType(fx.submit(subscribeTier(consumer)), EventType.TIER_SUBSCRIBED)[0]!;
    expect(made.capPriceMicros).toEqual([660_000, 770_000]);
  });

  it('too little free PAT for one window at the caps is refused INSUFFICIENT_BALANCE', () => {
    const { fx, series } = world();
    const poor = fx.newAccount(Role.CONSUMER);
    fx.deposit(poor, 1 * PAT);
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier()])), EventType.LISTING_TIERS_SET);
    const before = unchanged(fx);
    expect(rejectionName(fx.submit(subscribeTier(poor)))).toBe('INSUFFICIENT_BALANCE');
    expect(unchanged(fx)).toEqual(before);
  });

  it('buys every k-th window only (everyWindows 2), at the window budget\'s cap', () => {
    const { fx, consumer, series } = world();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C1]!.next, [[600_000, 10]]);
    // WINDOW_BUDGET 2 PAT over 1 contract × 2 rights: at most 1 PAT a right.
    expectEvent(fx.submit(setTiers([tier({ name: 'slow', contracts: [C1], everyWindows: 2, priceRule: TierPriceRule.WINDOW_BUDGET, capBps: 0, windowBudgetMicros: 2 * PAT })])), EventType.LISTING_TIERS_SET);
    const made = ofType(fx.submit(subscribeTier(consumer, { tier: 'slow' })), EventType.TIER_SUBSCRIBED)[0]!;
    expect(made.capPriceMicros).toEqual([PAT]);
    expect(ofType(run(fx), EventType.SUBSCRIPTION_FILLED).map((f) => f.seriesId)).toEqual([series[C1]!.current]);
    // The next window opens: passed over (every 2nd). The one after is due.
    expect(fx.engine.subscriptions.anyDue(NEXT_OPEN)).toBe(false);
    expect(ofType(run(fx, NEXT_OPEN), EventType.SUBSCRIPTION_FILLED)).toEqual([]);
    expect(fx.engine.subscriptions.live.get(made.subscriptionIds[0]!)!.lastOpenAtMs).toBe(T0 + WINDOW_MS);
  });

  it('cancels as one: cancelling the tier, or one of its contracts, closes all and frees the seat', () => {
    const { fx, consumer, other, series } = world();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier({ seats: 1 })])), EventType.LISTING_TIERS_SET);
    const first = ofType(fx.submit(subscribeTier(consumer)), EventType.TIER_SUBSCRIBED)[0]!;
    expect(rejectionName(fx.submit({ kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor: other, tierSubscriptionId: first.tierSubscriptionId }))).toBe('NOT_YOUR_SUBSCRIPTION');
    const cancelled = fx.submit({ kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor: consumer, tierSubscriptionId: first.tierSubscriptionId });
    expect(ofType(cancelled, EventType.SUBSCRIPTION_STATUS_CHANGED).map((c) => [c.subscriptionId, c.status])).toEqual(first.subscriptionIds.map((id) => [id, SubscriptionStatus.CANCELLED]));
    expect(ofType(cancelled, EventType.TIER_SUBSCRIPTION_CLOSED)[0]).toMatchObject({ tierSubscriptionId: first.tierSubscriptionId, status: SubscriptionStatus.CANCELLED, causeSubscriptionId: 0 });
    expect(fx.engine.subscriptions.live.size).toBe(0);
    expect(rejectionName(fx.submit({ kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor: consumer, tierSubscriptionId: first.tierSubscriptionId }))).toBe('UNKNOWN_TIER_SUBSCRIPTION');
    // The seat is free: another subscribes; cancelling one of its contracts' subscriptions closes the other too.
    const second = ofType(fx.submit(subscribeTier(other)), EventType.TIER_SUBSCRIBED)[0]!;
    const one = fx.submit({ kind: CommandKind.CANCEL_SUBSCRIPTION, actor: other, subscriptionId: second.subscriptionIds[1]! });
    expect(ofType(one, EventType.SUBSCRIPTION_STATUS_CHANGED).map((c) => c.subscriptionId).sort()).toEqual([...second.subscriptionIds].sort());
    expect(ofType(one, EventType.TIER_SUBSCRIPTION_CLOSED)[0]).toMatchObject({ causeSubscriptionId: second.subscriptionIds[1] });
    expect(fx.engine.tiers.seats.taken(`${LISTING}/pro`)).toBe(0);
  });

  it('ends as one when one contract\'s budget is spent', () => {
    const { fx, consumer, series } = world();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    ask(fx, series[C1]!.next, [[600_000, 10]]);
    ask(fx, series[C2]!.next, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier({ priceRule: TierPriceRule.ASK, capBps: 0 })])), EventType.LISTING_TIERS_SET);
    // 3.4 PAT: 1.7 a contract; C2's first window costs 1.6, leaving too little for another right at 0.8.
    const made = ofType(fx.submit(subscribeTier(consumer, { budgetMicros: 3_400_000 })), EventType.TIER_SUBSCRIBED)[0]!;
    run(fx);
    const ended = run(fx, NEXT_OPEN);
    expect(ofType(ended, EventType.TIER_SUBSCRIPTION_CLOSED)[0]).toMatchObject({ tierSubscriptionId: made.tierSubscriptionId, status: SubscriptionStatus.ENDED });
    expect(fx.engine.subscriptions.live.size).toBe(0);
    expect(fx.engine.tiers.live.size).toBe(0);
  });
});

describe('tiers under rules 7: seats go to subscribers who can buy', () => {
  /** The world of rules 3, moved on to rules 7 (a live journal adopts each version in turn). */
  function world7(): World {
    const w = world();
    expectEvent(w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: TIER_SEAT_RULES }), EventType.RULES_ADOPTED);
    return w;
  }

  it("refuses a budget or a cap below one window at the quotes and a contract not quoted, as well as free PAT short of a window; under rules 6 the finding's 2 µPAT took a seat", () => {
    const { fx, consumer, other, series } = world7();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier({ priceRule: TierPriceRule.ASK, capBps: 0, seats: 1 }), tier({ name: 'thin', contracts: [C1], priceRule: TierPriceRule.WINDOW_BUDGET, capBps: 0, windowBudgetMicros: 1_000_000 }), tier({ name: 'far', contracts: ['AUTO_INTENT|30D|0.70-0.85'], priceRule: TierPriceRule.ASK, capBps: 0 })])), EventType.LISTING_TIERS_SET);
    const poor = fx.newAccount(Role.CONSUMER);
    fx.deposit(poor, 3_000_000);
    const before = unchanged(fx);
    // One window of the ask tier: 2 rights of C1 at 0.6 and 2 of C2 at 0.8 = 2.8 PAT, its budget shared 1.4 a contract.
    expect(rejectionName(fx.submit(subscribeTier(consumer, { budgetMicros: 2 })))).toBe('INVALID_SUBSCRIPTION');
    expect(rejectionName(fx.submit(subscribeTier(consumer, { budgetMicros: 3_199_998 })))).toBe('INVALID_SUBSCRIPTION'); // 1.6 a contract: C2's window is 1.6
    // The window budget's cap, 0.5 a right, is below C1's ask of 0.6: it could never buy.
    expect(rejectionName(fx.submit(subscribeTier(consumer, { tier: 'thin', budgetMicros: 10 * PAT })))).toBe('INVALID_SUBSCRIPTION');
    // No window of the 30-day contract is listed: nothing quotes it.
    expect(rejectionName(fx.submit(subscribeTier(consumer, { tier: 'far', budgetMicros: 10 * PAT })))).toBe('TIER_NOT_QUOTED');
    expect(rejectionName(fx.submit(subscribeTier(poor, { budgetMicros: 10 * PAT })))).toBe('INSUFFICIENT_BALANCE'); // 3.0 PAT free, the window at the caps min(cap × 2, 5) = 10
    expect(unchanged(fx)).toEqual(before);
    // One window at the asks is enough, and takes the seat.
    expectEvent(fx.submit(subscribeTier(consumer, { budgetMicros: 3_200_000 })), EventType.TIER_SUBSCRIBED);
    expect(rejectionName(fx.submit(subscribeTier(other, { budgetMicros: 40 * PAT })))).toBe('TIER_SEATS_FULL');

    // The same 2 µPAT under rules 6 took the seat.
    const old = world();
    ask(old.fx, old.series[C1]!.current, [[600_000, 10]]);
    ask(old.fx, old.series[C2]!.current, [[800_000, 10]]);
    expectEvent(old.fx.submit(setTiers([tier({ priceRule: TierPriceRule.ASK, capBps: 0, seats: 1 })])), EventType.LISTING_TIERS_SET);
    expectEvent(old.fx.submit(subscribeTier(old.consumer, { budgetMicros: 2 })), EventType.TIER_SUBSCRIBED);
  });

  it("a contract skipping maxSkips windows in a row ends the tier subscription and frees its seat for the next subscriber (under rules 6 it paused holding the seat)", () => {
    const { fx, consumer, other, series } = world7();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier({ seats: 1 })])), EventType.LISTING_TIERS_SET);
    const made = ofType(fx.submit(subscribeTier(consumer, { maxSkips: 1, includeCurrent: false })), EventType.TIER_SUBSCRIBED)[0]!;
    // The next windows open with C2 asked above its cap (0.8 + 10%): C2 skips CAP_BELOW_ASK, its one skip allowed.
    ask(fx, series[C1]!.next, [[600_000, 10]]);
    ask(fx, series[C2]!.next, [[1_000_000, 10]]);
    const ev = run(fx, NEXT_OPEN);
    expect(ofType(ev, EventType.SUBSCRIPTION_SKIPPED).map((e) => e.subscriptionId)).toContain(made.subscriptionIds[1]);
    expect(ofType(ev, EventType.TIER_SUBSCRIPTION_CLOSED)[0]).toMatchObject({ tierSubscriptionId: made.tierSubscriptionId, status: SubscriptionStatus.ENDED, causeSubscriptionId: made.subscriptionIds[1] });
    expect(fx.engine.tiers.live.size).toBe(0);
    expect(fx.engine.subscriptions.live.size).toBe(0);
    expectEvent(fx.submit(subscribeTier(other, { includeCurrent: false })), EventType.TIER_SUBSCRIBED);
  });
});

describe("tiers under rules 10: a tier delivers its own listing's data", () => {
  const OTHER_LISTING = 1;

  /**
   * The world of rules 3 (the first provider sold the broker 100 rights in every window, under listing 1) and a
   * second provider, whose listing the tier belongs to (listing 7), selling later: its rights are the newest sold.
   */
  function world10(version = TIER_PROVIDER_RULES): World & { second: number } {
    const w = world();
    const { fx, provider } = w;
    expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version }), EventType.RULES_ADOPTED);
    const second = fx.newAccount(Role.PROVIDER);
    const bind = (accountId: number, listingId: number) =>
      expectEvent(fx.submit({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId, segment: 'AUTO_INTENT', listingId, listingVersion: 1 }), EventType.PROVIDER_LISTING_SET);
    bind(provider, OTHER_LISTING);
    bind(second, LISTING);
    return { ...w, second };
  }

  /** `provider` sells the broker `qty` rights in `seriesId` (declared, minted, bought at 0.5). */
  function sellToBroker(fx: EngineFixture, provider: number, seriesId: number, qty: number): void {
    expectEvent(fx.declareCapacity(provider, 1_000, seriesId), EventType.CAPACITY_DECLARED);
    expectEvent(fx.mint(provider, qty, seriesId), EventType.RIGHTS_MINTED);
    expectEvent(fx.sell(provider, 500_000, qty, { seriesId }), EventType.ORDER_ACCEPTED);
    expectEvent(fx.buy(fx.broker, 500_000, qty, { seriesId, tif: TimeInForce.IOC }), EventType.FILL);
  }

  /** Who each grant of the run's exercises was issued to: [provider, listing, rights]. */
  const grants = (ev: EngineEvent[]) => ofType(ev, EventType.RIGHTS_EXERCISED).flatMap((x) => x.redemptions.map((r) => [r.providerAccountId, r.listingId, r.qty]));

  it("the tier's rights are redeemed from its listing's provider, though another's were sold first; under rules 9 the oldest sale's provider delivered them", () => {
    for (const version of [RETIRED_LISTING_RULES, TIER_PROVIDER_RULES]) {
      const { fx, consumer, provider, second, series } = world10(version);
      for (const c of [C1, C2]) sellToBroker(fx, second, series[c]!.current, 10);
      ask(fx, series[C1]!.current, [[600_000, 10]]);
      ask(fx, series[C2]!.current, [[800_000, 10]]);
      expectEvent(fx.submit(setTiers([tier()])), EventType.LISTING_TIERS_SET);
      expectEvent(fx.submit(subscribeTier(consumer)), EventType.TIER_SUBSCRIBED);
      const ev = run(fx);
      expect(ofType(ev, EventType.SUBSCRIPTION_FILLED).map((f) => f.qty)).toEqual([2, 2]);
      const from = version === TIER_PROVIDER_RULES ? [second, LISTING] : [provider, OTHER_LISTING];
      expect(grants(ev)).toEqual([[...from, 2], [...from, 2]]);
    }
  });

  it("buys no more than the listing's provider sold in the window; with none, it waits for them as for an ask, then skips NO_PROVIDER_SUPPLY", () => {
    const { fx, consumer, second, series } = world10();
    sellToBroker(fx, second, series[C1]!.current, 1);
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier()])), EventType.LISTING_TIERS_SET);
    const made = ofType(fx.submit(subscribeTier(consumer)), EventType.TIER_SUBSCRIBED)[0]!;
    const first = run(fx);
    // C1: one right of the second provider's, though the broker asks 10 and the tier wants 2; C2: none of its rights, nothing yet.
    expect(ofType(first, EventType.SUBSCRIPTION_FILLED).map((f) => [f.seriesId, f.qty])).toEqual([[series[C1]!.current, 1]]);
    expect(grants(first)).toEqual([[second, LISTING, 1]]);
    expect(ofType(first, EventType.SUBSCRIPTION_SKIPPED)).toEqual([]);
    expect(fx.engine.subscriptions.anyDue(fx.nowMs)).toBe(false);
    // The provider sells the broker rights in C2: the tier buys them at once.
    sellToBroker(fx, second, series[C2]!.current, 3);
    expect(fx.engine.subscriptions.anyDue(fx.nowMs)).toBe(true);
    const second2 = run(fx);
    expect(ofType(second2, EventType.SUBSCRIPTION_FILLED).map((f) => [f.seriesId, f.qty])).toEqual([[series[C2]!.current, 2]]);
    expect(grants(second2)).toEqual([[second, LISTING, 2]]);

    // The next windows: the broker asks (the first provider's rights), the tier's provider sold none. Nothing until the grace has passed.
    ask(fx, series[C1]!.next, [[600_000, 10]]);
    ask(fx, series[C2]!.next, [[800_000, 10]]);
    expect(fx.engine.subscriptions.anyDue(NEXT_OPEN)).toBe(false);
    const graceEnd = NEXT_OPEN + WINDOW_MS / 2;
    expect(fx.engine.subscriptions.anyDue(graceEnd - 1)).toBe(false);
    const skipped = run(fx, graceEnd);
    expect(ofType(skipped, EventType.SUBSCRIPTION_SKIPPED).map((s) => [s.subscriptionId, s.reason, s.askMicros])).toEqual([
      [made.subscriptionIds[0], SkipReason.NO_PROVIDER_SUPPLY, 600_000],
      [made.subscriptionIds[1], SkipReason.NO_PROVIDER_SUPPLY, 800_000],
    ]);
    expect(ofType(skipped, EventType.SUBSCRIPTION_FILLED)).toEqual([]);
  });

  it("EXERCISE_FROM_LISTING redeems only that listing's provider's rights, or refuses and changes nothing", () => {
    const { fx, consumer, provider, second, series } = world10();
    const s1 = series[C1]!.current;
    sellToBroker(fx, second, s1, 3);
    ask(fx, s1, [[600_000, 10]]);
    expectEvent(fx.buy(consumer, 600_000, 8, { seriesId: s1, tif: TimeInForce.IOC }), EventType.FILL);
    const exercise = (qty: number, listingId: number, seriesId = s1): EngineEvent[] =>
      fx.submit({ kind: CommandKind.EXERCISE_FROM_LISTING, actor: consumer, seriesId, qty, listingId });
    // The second provider's rights are the newest sold: an ordinary exercise would redeem the first's.
    expect(grants(exercise(2, LISTING))).toEqual([[second, LISTING, 2]]);
    // A listing of another segment's.
    const health = fx.newAccount(Role.PROVIDER);
    expectEvent(fx.submit({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: health, segment: 'HEALTH_INTENT', listingId: 12, listingVersion: 1 }), EventType.PROVIDER_LISTING_SET);
    const before = unchanged(fx);
    expect(rejectionName(exercise(2, LISTING))).toBe('LISTING_SUPPLY_SHORT'); // one of its rights left in the window
    expect(rejectionName(exercise(1, 99))).toBe('LISTING_NOT_IN_SERIES');
    expect(rejectionName(exercise(1, 0))).toBe('LISTING_NOT_IN_SERIES');
    expect(rejectionName(exercise(1, 12))).toBe('LISTING_NOT_IN_SERIES');
    expect(rejectionName(exercise(9, LISTING))).toBe('INSUFFICIENT_RIGHTS'); // the exercise's own checks first
    expect(unchanged(fx)).toEqual(before);
    expect(grants(exercise(1, OTHER_LISTING))).toEqual([[provider, OTHER_LISTING, 1]]);
    // Unpublished, a listing still delivers the rights its provider sold (rules 9), so they can still be chosen.
    expectEvent(fx.submit({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: second, segment: 'AUTO_INTENT', listingId: 0, listingVersion: 0 }), EventType.PROVIDER_LISTING_SET);
    expect(grants(exercise(1, LISTING))).toEqual([[second, LISTING, 1]]);
  });

  it("another account's subscription and tier subscription ids are refused as unknown ones (under rules 9, NOT_YOUR_SUBSCRIPTION told they exist)", () => {
    for (const version of [RETIRED_LISTING_RULES, TIER_PROVIDER_RULES]) {
      const { fx, consumer, other, second, series } = world10(version);
      sellToBroker(fx, second, series[C1]!.current, 4);
      sellToBroker(fx, second, series[C2]!.current, 4);
      ask(fx, series[C1]!.current, [[600_000, 10]]);
      ask(fx, series[C2]!.current, [[800_000, 10]]);
      expectEvent(fx.submit(setTiers([tier()])), EventType.LISTING_TIERS_SET);
      const made = ofType(fx.submit(subscribeTier(consumer)), EventType.TIER_SUBSCRIBED)[0]!;
      const before = unchanged(fx);
      const cancelTier = rejectionName(fx.submit({ kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor: other, tierSubscriptionId: made.tierSubscriptionId }));
      const cancelOne = rejectionName(fx.submit({ kind: CommandKind.CANCEL_SUBSCRIPTION, actor: other, subscriptionId: made.subscriptionIds[0]! }));
      const resumeOne = rejectionName(fx.submit({ kind: CommandKind.RESUME_SUBSCRIPTION, actor: other, subscriptionId: made.subscriptionIds[0]! }));
      expect(unchanged(fx)).toEqual(before);
      if (version === TIER_PROVIDER_RULES) expect([cancelTier, cancelOne, resumeOne]).toEqual(['UNKNOWN_TIER_SUBSCRIPTION', 'UNKNOWN_SUBSCRIPTION', 'UNKNOWN_SUBSCRIPTION']);
      else expect([cancelTier, cancelOne, resumeOne]).toEqual(['NOT_YOUR_SUBSCRIPTION', 'NOT_YOUR_SUBSCRIPTION', 'NOT_YOUR_SUBSCRIPTION']);
    }
  });

  it('a snapshot taken with a tier subscription live continues exactly (its listing is known after the decode)', () => {
    const { fx, consumer, second, series } = world10();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier()])), EventType.LISTING_TIERS_SET);
    expectEvent(fx.submit(subscribeTier(consumer)), EventType.TIER_SUBSCRIBED);
    const copy = new EmbeddedEngine({}, fx.nowMs, decodeState(encodeState(fx.engine)));
    expect(copy.engine.subscriptions.anyDue(fx.nowMs)).toBe(false); // the broker asks, but none of the second provider's rights
    for (const c of [C1, C2]) {
      for (const e of [fx, copy]) {
        const at = e === fx ? undefined : fx.nowMs;
        const cmds: Command[] = [
          { kind: CommandKind.DECLARE_CAPACITY, actor: second, seriesId: series[c]!.current, capacity: 1_000 },
          { kind: CommandKind.MINT, actor: second, seriesId: series[c]!.current, qty: 5 },
        ];
        for (const cmd of cmds) e.submit(cmd, at);
      }
    }
    // The same sales on both, through the fixture's helpers on the original and the same commands on the copy.
    const sales: Command[] = [];
    for (const c of [C1, C2]) {
      sales.push({ kind: CommandKind.NEW_ORDER, actor: second, seriesId: series[c]!.current, clientOrderId: 0, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros: 500_000, qty: 5, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
      sales.push({ kind: CommandKind.NEW_ORDER, actor: fx.broker, seriesId: series[c]!.current, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: 500_000, qty: 5, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
    }
    for (const cmd of sales) expect(copy.submit(cmd, fx.nowMs)).toEqual(fx.submit(cmd));
    const a = run(fx);
    expect(grants(a)).toEqual([[second, LISTING, 2], [second, LISTING, 2]]);
    expect(copy.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 100 }, fx.nowMs)).toEqual(a);
    expect(stateHash(copy.engine)).toBe(stateHash(fx.engine));
  });
});

function bundle(actor: number, legs: BuyBundle['legs'], maxCostMicros = 100 * PAT): BuyBundle {
  return { kind: CommandKind.BUY_BUNDLE, actor, bundleId: 3, legs, maxCostMicros };
}

describe('bundles', () => {
  it('buys every leg at the asks, the price the sum of the legs\' asks', () => {
    const { fx, consumer, series } = world();
    ask(fx, series[C1]!.current, [[600_000, 1], [650_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    const ev = fx.submit(bundle(consumer, [{ seriesId: series[C1]!.current, qty: 2 }, { seriesId: series[C2]!.current, qty: 1 }]));
    const bought = ofType(ev, EventType.BUNDLE_BOUGHT)[0]!;
    expect(bought).toMatchObject({ accountId: consumer, bundleId: 3, costMicros: 600_000 + 650_000 + 800_000 });
    expect(bought.legs).toEqual([{ seriesId: series[C1]!.current, qty: 2, costMicros: 1_250_000 }, { seriesId: series[C2]!.current, qty: 1, costMicros: 800_000 }]);
    expect(fx.rights(consumer, series[C1]!.current)[0]).toBe(2);
    expect(fx.available(consumer)).toBe(100 * PAT - bought.costMicros);
  });

  it('all or none: one leg without an ask, or short, or a total above the maximum: nothing filled, nothing held, the leg named', () => {
    const { fx, consumer, series } = world();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    const before = unchanged(fx);
    const noAsk = fx.submit(bundle(consumer, [{ seriesId: series[C1]!.current, qty: 2 }, { seriesId: series[C2]!.current, qty: 1 }]));
    expect(ofType(noAsk, EventType.BUNDLE_REFUSED)[0]).toMatchObject({ legIndex: 1, seriesId: series[C2]!.current, askMicros: 0 });
    expect(rejectionName(noAsk)).toBe('BUNDLE_LEG_UNFILLABLE');
    expect(ofType(noAsk, EventType.FILL)).toEqual([]);
    expect(unchanged(fx)).toEqual(before);
    ask(fx, series[C2]!.current, [[800_000, 1]]);
    const held = unchanged(fx);
    const short = fx.submit(bundle(consumer, [{ seriesId: series[C1]!.current, qty: 2 }, { seriesId: series[C2]!.current, qty: 2 }]));
    expect(ofType(short, EventType.BUNDLE_REFUSED)[0]).toMatchObject({ legIndex: 1, askMicros: 800_000 });
    expect(rejectionName(fx.submit(bundle(consumer, [{ seriesId: series[C1]!.current, qty: 2 }, { seriesId: series[C2]!.current, qty: 1 }], 1_999_999)))).toBe('BUNDLE_PRICE_MOVED');
    expect(rejectionName(fx.submit(bundle(consumer, [{ seriesId: series[C1]!.next, qty: 1 }])))).toBe('INVALID_BUNDLE'); // not open yet
    expect(rejectionName(fx.submit(bundle(consumer, [{ seriesId: series[C1]!.current, qty: 1 }, { seriesId: series[C1]!.current, qty: 1 }])))).toBe('INVALID_BUNDLE');
    expect(rejectionName(fx.submit(bundle(consumer, [])))).toBe('INVALID_BUNDLE');
    expect(rejectionName(fx.submit(bundle(consumer, [{ seriesId: 999, qty: 1 }])))).toBe('UNKNOWN_SERIES');
    const poor = fx.newAccount(Role.CONSUMER);
    fx.deposit(poor, PAT);
    const poorBefore = unchanged(fx);
    expect(rejectionName(fx.submit(bundle(poor, [{ seriesId: series[C1]!.current, qty: 1 }, { seriesId: series[C2]!.current, qty: 1 }])))).toBe('INSUFFICIENT_BALANCE');
    expect(unchanged(fx)).toEqual(poorBefore);
    expect(held).not.toEqual(before);
  });
});

describe('tiers delivered by push (SUBSCRIBE_TIER_PUSH)', () => {
  const URL = 'https://consumer.example/patx';
  const AUTH = '{"url":"https://consumer.example/patx","untilMs":1,"nonce":"n","consumerSignature":"0x"}';
  const push = (actor: number, o: Partial<SubscribeTierPush> = {}): SubscribeTierPush => ({ ...subscribeTier(actor), kind: CommandKind.SUBSCRIBE_TIER_PUSH, webhookUrl: URL, pushAuthorisation: AUTH, ...o });

  it('makes every contract\'s subscription a WEBHOOK one with the URL and authorisation; the runner buys and exercises them as a pull tier\'s', () => {
    const { fx, consumer, series } = world();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier()])), EventType.LISTING_TIERS_SET);
    const ev = fx.submit(push(consumer));
    const made = ofType(ev, EventType.TIER_SUBSCRIBED)[0]!;
    expect(made).toMatchObject({ tierSubscriptionId: 1, accountId: consumer, tier: 'pro', capPriceMicros: [660_000, 880_000] });
    expect(ofType(ev, EventType.SUBSCRIPTION_CREATED).map((c) => [c.contract, c.delivery, c.webhookUrl, c.pushAuthorisation])).toEqual([
      [C1, SubscriptionDelivery.WEBHOOK, URL, AUTH],
      [C2, SubscriptionDelivery.WEBHOOK, URL, AUTH],
    ]);
    const bought = run(fx);
    expect(ofType(bought, EventType.SUBSCRIPTION_EXERCISED).map((x) => x.subscriptionId)).toEqual(made.subscriptionIds);
  });

  it('refuses a push tier subscription without a URL or authorisation, or past their bounds, INVALID_SUBSCRIPTION, and changes nothing', () => {
    const { fx, consumer, series } = world();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    expectEvent(fx.submit(setTiers([tier()])), EventType.LISTING_TIERS_SET);
    const before = unchanged(fx);
    for (const bad of [{ webhookUrl: '' }, { pushAuthorisation: '' }, { webhookUrl: `https://x.example/${'a'.repeat(MAX_WEBHOOK_URL_LENGTH)}` }, { pushAuthorisation: 'x'.repeat(MAX_PUSH_AUTHORISATION_LENGTH + 1) }]) {
      expect(rejectionName(fx.submit(push(consumer, bad))), JSON.stringify(bad).slice(0, 40)).toBe('INVALID_SUBSCRIPTION');
    }
    expect(unchanged(fx)).toEqual(before);
  });

  it('journals and snapshots as it runs: the journal codec replays it, a snapshot keeps the members\' delivery; a pull tier\'s bytes are as before', () => {
    const { fx, consumer, series } = world();
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    const cmds: Command[] = [setTiers([tier()]), push(consumer)];
    const events = cmds.map((cmd) => fx.submit(cmd));
    const again = world();
    ask(again.fx, again.series[C1]!.current, [[600_000, 10]]);
    ask(again.fx, again.series[C2]!.current, [[800_000, 10]]);
    const decoded = decodeCommands(encodeCommandsToBytes(cmds), cmds.length);
    expect(decoded).toEqual(cmds);
    expect(decoded.map((cmd) => again.fx.submit(cmd))).toEqual(events);
    const copy = decodeState(encodeState(fx.engine));
    expect(stateHash(copy)).toBe(stateHash(fx.engine));
    expect([...copy.subscriptions.live.values()].map((x) => [x.delivery, x.webhookUrl])).toEqual([[SubscriptionDelivery.WEBHOOK, URL], [SubscriptionDelivery.WEBHOOK, URL]]);
    // A pull tier subscription is the same bytes as before push existed: its kind (101) and fields, nothing more.
    const pull = encodeCommandsToBytes([subscribeTier(consumer)]);
    expect(pull[0]).toBe(CommandKind.SUBSCRIBE_TIER);
    expect(encodeCommandsToBytes([push(consumer)]).length).toBe(pull.length + 2 + URL.length + 2 + AUTH.length);
  });
});

describe('tiers and bundles: replay and snapshots', () => {
  it('a replay of the journaled commands (through the journal codec) reproduces every event; a snapshot continues exactly', () => {
    const { fx, consumer, other, series } = world();
    const recorded: Array<{ cmd: Command; timeMs: number; events: EngineEvent[] }> = [];
    const submit = fx.submit.bind(fx);
    fx.submit = (cmd: Command, timeMs = fx.nowMs) => {
      const events = submit(cmd, timeMs);
      recorded.push({ cmd, timeMs, events });
      return events;
    };
    ask(fx, series[C1]!.current, [[600_000, 10]]);
    ask(fx, series[C2]!.current, [[800_000, 10]]);
    fx.submit(setTiers([tier(), tier({ name: 'retail', contracts: [C1], everyWindows: 2, priceRule: TierPriceRule.ASK, capBps: 0 })]));
    fx.submit(subscribeTier(consumer));
    fx.submit(subscribeTier(other, { tier: 'retail', trigger: SubscriptionTrigger.ON_LIST }));
    fx.submit(bundle(other, [{ seriesId: series[C1]!.current, qty: 1 }, { seriesId: series[C2]!.current, qty: 1 }]));
    fx.submit(bundle(other, [{ seriesId: series[C1]!.current, qty: 1 }, { seriesId: series[C2]!.next, qty: 1 }]));
    run(fx);
    ask(fx, series[C1]!.next, [[650_000, 10]]);
    ask(fx, series[C2]!.next, [[850_000, 10]]);
    run(fx);
    // A snapshot now (tiers, a tier subscription each, a cadence step) continues as the engine it came from.
    const bytes = encodeState(fx.engine);
    const copy = new EmbeddedEngine({}, fx.nowMs, decodeState(bytes));
    expect(stateHash(copy.engine)).toBe(stateHash(fx.engine));
    expect(encodeState(copy.engine)).toEqual(bytes);
    const a = run(fx, NEXT_OPEN);
    const b = copy.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 100 }, NEXT_OPEN);
    expect(b).toEqual(a);
    const c = fx.submit({ kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor: consumer, tierSubscriptionId: 1 });
    expect(copy.submit({ kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor: consumer, tierSubscriptionId: 1 }, fx.nowMs)).toEqual(c);
    expect(stateHash(copy.engine)).toBe(stateHash(fx.engine));
    expect(recorded.flatMap((r) => r.events).some((e) => e.type === EventType.BUNDLE_BOUGHT)).toBe(true);

    // The world rebuilt the same way, then the recorded commands through the journal's bytes.
    const again = world();
    const cmds = decodeCommands(encodeCommandsToBytes(recorded.map((r) => r.cmd)), recorded.length);
    const replayed = cmds.map((cmd, i) => again.fx.submit(cmd, recorded[i]!.timeMs));
    expect(replayed).toEqual(recorded.map((r) => r.events));
    expect(stateHash(again.fx.engine)).toBe(stateHash(fx.engine));
  });

  it('a state without tiers has the bytes it had before tiers existed (no tiers section)', () => {
    const { fx } = world();
    const bytes = encodeState(fx.engine);
    expect(decodeState(bytes).tiers.byListing.size).toBe(0);
    fx.submit(setTiers([tier()]));
    expect(encodeState(fx.engine).length).toBeGreaterThan(bytes.length);
  });
});

describe('the state tagged sections side by side (fee account, tiers, organisations)', () => {
  it('a snapshot holding several sections decodes in their tag order to the same state hash', () => {
    const w = world();
    const { fx } = w;
    expectEvent(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'fee.takerBps:SPOT', value: 25 }), EventType.PARAM_CHANGED);
    expectEvent(fx.submit(setTiers([tier()])), EventType.LISTING_TIERS_SET);
    ask(fx, w.series[C1]!.current, [[600_000, 5]]);
    const [fill] = ofType(fx.buy(w.consumer, 600_000, 2, { seriesId: w.series[C1]!.current, tif: TimeInForce.IOC }), EventType.FILL);
    expect(fill!.takerFeeMicros).toBeGreaterThan(0);
    const founder = fx.newAccount(Role.CONSUMER, `0x${'a1'.padStart(40, '0')}`); // an organisation's founder is a wallet
    expectEvent(fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: founder, name: 'Acme Analytics' }), EventType.ORGANISATION_CREATED);
    expect(fx.engine.feeAccountMicros).toBeGreaterThan(0);
    const decoded = decodeState(encodeState(fx.engine));
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    expect(decoded.feeAccountMicros).toBe(fx.engine.feeAccountMicros);
    expect(decoded.organisations.byId.size).toBe(1);
    expect(stateSummary(decoded)).toEqual(stateSummary(fx.engine));
  });
});
