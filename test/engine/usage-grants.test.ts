/**
 * Usage grants (issue 81, item 1; src/engine/products/escrow.ts, docs/delivery.md "Usage grants"):
 * a right bought under a listing version that sells usage buys `unitsPerRight` units; the units
 * used are recorded as verified evidence shows them, and at the dispute window's end the unused
 * units' share of the held proceeds is refunded to the consumer, the used share released to the
 * provider. Journaled, replayed and in snapshots; every refusal changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, decodeState, DisputeReason, EmbeddedEngine, encodeState, EventType, RejectReason, ReleaseReason, Role, stateHash, SYSTEM_ACTOR, TimeInForce, UsageUnit, type Command, type EngineEvent } from '../../src/engine/index.js';
import { DAY_MS, EngineFixture, expectEvent, expectRefused, HOUR_MS, ofType, PAT, T0, WINDOW_MS, conservation, stateSummary } from '../support/engine-fixture.js';

const CLOSE = T0 + WINDOW_MS;
const BID = 800_000;
const ASK = PAT;
const QTY = 10;
const PER_RIGHT = 5_000;
const LISTING = 7;

interface World {
  fx: EngineFixture;
  provider: number;
  consumer: number;
  grantId: number;
  /** Every command applied, with its time: a replay applies them again. */
  log: Array<[Command, number]>;
}

/** As disputes.test.ts's world, with the provider's listing selling usage (null: a listing without): 10 rights of 5,000 records each, 8 PAT held. */
function world(usage: { usageUnit: number; unitsPerRight: number } | null = { usageUnit: UsageUnit.RECORDS, unitsPerRight: PER_RIGHT }): World {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  const log: Array<[Command, number]> = [];
  const submit = fx.submit.bind(fx);
  fx.submit = (cmd: Command, timeMs = fx.nowMs): EngineEvent[] => {
    log.push([cmd, timeMs]);
    return submit(cmd, timeMs);
  };
  expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 5 }), EventType.RULES_ADOPTED);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const consumer = fx.newAccount(Role.CONSUMER);
  const provider = fx.newAccount(Role.PROVIDER);
  fx.seriesId = fx.newSeries();
  fx.deposit(fx.broker, 10_000 * PAT);
  fx.deposit(consumer, 1_000 * PAT);
  fx.deposit(provider, 5 * PAT);
  const listing = { actor: SYSTEM_ACTOR, accountId: provider, segment: 'AUTO_INTENT', listingId: LISTING, listingVersion: 2 };
  if (usage === null) fx.submit({ kind: CommandKind.SET_PROVIDER_LISTING, ...listing });
  else {
    const ev = fx.submit({ kind: CommandKind.SET_USAGE_LISTING, ...listing, usageUnit: usage.usageUnit as UsageUnit, unitsPerRight: usage.unitsPerRight });
    expect(ev.map((e) => e.type)).toEqual([EventType.PROVIDER_LISTING_SET, EventType.USAGE_LISTING_SET]);
  }
  expectEvent(fx.declareCapacity(provider, 100), EventType.CAPACITY_DECLARED);
  fx.mint(provider, QTY);
  expectEvent(fx.sell(provider, BID, QTY), EventType.ORDER_ACCEPTED);
  fx.buy(fx.broker, BID, QTY, { tif: TimeInForce.IOC });
  expectEvent(fx.sell(fx.broker, ASK, QTY), EventType.ORDER_ACCEPTED);
  fx.buy(consumer, ASK, QTY, { tif: TimeInForce.IOC });
  const [r] = ofType(fx.exercise(consumer, QTY), EventType.RIGHTS_EXERCISED)[0]!.redemptions;
  expect(r).toMatchObject({ providerAccountId: provider, qty: QTY, listingId: LISTING, listingVersion: 2 });
  return { fx, provider, consumer, grantId: r!.grantId, log };
}

const used = (w: World, units: number, actor = SYSTEM_ACTOR): Command => ({ kind: CommandKind.RECORD_USAGE, actor, grantId: w.grantId, units });
const release = (w: World): Command => ({ kind: CommandKind.RELEASE_ESCROW, actor: SYSTEM_ACTOR, grantId: w.grantId });

describe('usage terms in the engine', () => {
  it('SET_USAGE_LISTING refuses a bad unit, units per right out of bounds, no listing, and anyone but the system; changing nothing', () => {
    const w = world();
    const base = { kind: CommandKind.SET_USAGE_LISTING, actor: SYSTEM_ACTOR, accountId: w.provider, segment: 'AUTO_INTENT', listingId: LISTING, listingVersion: 3, usageUnit: UsageUnit.REQUESTS, unitsPerRight: 20 } as const;
    expectRefused(w.fx, RejectReason.INVALID_USAGE_TERMS, () => w.fx.submit({ ...base, usageUnit: 3 as UsageUnit }));
    expectRefused(w.fx, RejectReason.INVALID_USAGE_TERMS, () => w.fx.submit({ ...base, usageUnit: 0 as UsageUnit }));
    expectRefused(w.fx, RejectReason.INVALID_USAGE_TERMS, () => w.fx.submit({ ...base, unitsPerRight: 0 }));
    expectRefused(w.fx, RejectReason.INVALID_USAGE_TERMS, () => w.fx.submit({ ...base, unitsPerRight: 1_000_001 }));
    expectRefused(w.fx, RejectReason.INVALID_USAGE_TERMS, () => w.fx.submit({ ...base, unitsPerRight: 2.5 }));
    expectRefused(w.fx, RejectReason.INVALID_PROVIDER_LISTING, () => w.fx.submit({ ...base, listingId: 0, listingVersion: 0 }));
    expectRefused(w.fx, RejectReason.ROLE_NOT_ALLOWED, () => w.fx.submit({ ...base, actor: w.provider }));
    expect(w.fx.engine.accounts[w.provider]!.providerListings.get('AUTO_INTENT')).toEqual({ listingId: LISTING, listingVersion: 2, usage: { usageUnit: UsageUnit.RECORDS, unitsPerRight: PER_RIGHT } });
    // A version without usage ends it: the next grants are one-time rights.
    w.fx.submit({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: w.provider, segment: 'AUTO_INTENT', listingId: LISTING, listingVersion: 3 });
    expect(w.fx.engine.accounts[w.provider]!.providerListings.get('AUTO_INTENT')).toEqual({ listingId: LISTING, listingVersion: 3 });
  });

  it('an exercise under it opens a usage grant of rights × units per right', () => {
    const w = world();
    const g = w.fx.engine.escrow.grants.get(w.grantId)!;
    expect({ unit: g.usageUnit, perRight: g.unitsPerRight, units: g.units, used: g.usedUnits, held: g.heldMicros }).toEqual({ unit: UsageUnit.RECORDS, perRight: PER_RIGHT, units: 50_000, used: 0, held: 8 * PAT });
  });

  it('a grant under a listing without usage is a one-time grant, as before', () => {
    const w = world(null);
    expect(w.fx.engine.escrow.grants.get(w.grantId)!.isUsage).toBe(false);
    expectRefused(w.fx, RejectReason.NOT_USAGE_GRANT, () => w.fx.submit(used(w, 1)));
  });
});

describe('metering and the refund at the end (records)', () => {
  it('records the units used, never past the grant\'s units; rights-counted steps are refused by name', () => {
    const w = world();
    const ev = w.fx.submit(used(w, 12_000));
    expect(ofType(ev, EventType.USAGE_RECORDED)).toEqual([{ type: EventType.USAGE_RECORDED, seq: w.fx.engine.lastSeq, grantId: w.grantId, seriesId: w.fx.seriesId, providerAccountId: w.provider, consumerAccountId: w.consumer, units: 12_000, usedUnits: 12_000 }]);
    expectRefused(w.fx, RejectReason.INVALID_QUANTITY, () => w.fx.submit(used(w, 38_001)));
    expectRefused(w.fx, RejectReason.INVALID_QUANTITY, () => w.fx.submit(used(w, 0)));
    expectRefused(w.fx, RejectReason.INVALID_QUANTITY, () => w.fx.submit(used(w, -5)));
    expectRefused(w.fx, RejectReason.ROLE_NOT_ALLOWED, () => w.fx.submit(used(w, 1, w.provider)));
    expectRefused(w.fx, RejectReason.ROLE_NOT_ALLOWED, () => w.fx.submit(used(w, 1, w.consumer)));
    expectRefused(w.fx, RejectReason.UNKNOWN_GRANT, () => w.fx.submit({ ...used(w, 1), grantId: 999 } as Command));
    // Nothing is released or refunded by rights: a usage grant settles by its units at the end.
    expectRefused(w.fx, RejectReason.USAGE_GRANT, () => w.fx.submit({ kind: CommandKind.CONFIRM_DELIVERY, actor: SYSTEM_ACTOR, grantId: w.grantId, qty: 3 }));
    expectRefused(w.fx, RejectReason.USAGE_GRANT, () => w.fx.submit({ kind: CommandKind.RECORD_DELIVERY_EVIDENCE, actor: SYSTEM_ACTOR, grantId: w.grantId, qty: 3 }));
    expectRefused(w.fx, RejectReason.USAGE_GRANT, () => w.fx.submit({ kind: CommandKind.FILE_CLAIM, actor: w.consumer, grantId: w.grantId }));
    expectRefused(w.fx, RejectReason.ESCROW_NOT_DUE, () => w.fx.submit(release(w), CLOSE + DAY_MS - 1));
    w.fx.submit(used(w, 38_000));
    expect(w.fx.engine.escrow.grants.get(w.grantId)!.usedUnits).toBe(50_000);
  });

  it('at the dispute window\'s end: the consumer refunded the unused units\' share, the provider paid the used share', () => {
    const w = world();
    const { fx } = w;
    fx.submit(used(w, 10_000));
    fx.submit(used(w, 2_500));
    const consumerBefore = fx.acct(w.consumer).availableMicros;
    expect(fx.acct(w.provider)).toMatchObject({ availableMicros: 5 * PAT, lockedMicros: 8 * PAT, proceedsHeldMicros: 8 * PAT });
    const ev = fx.submit(release(w), CLOSE + DAY_MS);
    // 12,500 of 50,000 used: a quarter of the 8 PAT to the provider, three quarters back to the consumer.
    expect(ofType(ev, EventType.ESCROW_RELEASED)[0]).toMatchObject({ grantId: w.grantId, accountId: w.provider, releasedMicros: 2 * PAT, reason: ReleaseReason.DISPUTE_WINDOW_ENDED });
    expect(ofType(ev, EventType.USAGE_SETTLED)).toEqual([
      { type: EventType.USAGE_SETTLED, seq: fx.engine.lastSeq, grantId: w.grantId, seriesId: fx.seriesId, consumerAccountId: w.consumer, providerAccountId: w.provider, units: 50_000, usedUnits: 12_500, refundMicros: 6 * PAT, releasedMicros: 2 * PAT },
    ]);
    expect(fx.acct(w.consumer).availableMicros).toBe(consumerBefore + 6 * PAT);
    expect(fx.acct(w.provider)).toMatchObject({ availableMicros: 7 * PAT, lockedMicros: 0, proceedsHeldMicros: 0 });
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => fx.submit(release(w)));
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => fx.submit(used(w, 1)));
    conservation(fx);
  });

  it('nothing evidenced: everything held goes back; all used: everything to the provider; a remainder rounds to the provider', () => {
    const none = world();
    const before = none.fx.acct(none.consumer).availableMicros;
    none.fx.submit(release(none), CLOSE + DAY_MS);
    expect(none.fx.acct(none.consumer).availableMicros).toBe(before + 8 * PAT);
    expect(none.fx.acct(none.provider).availableMicros).toBe(5 * PAT);

    const all = world();
    all.fx.submit(used(all, 50_000));
    const ev = all.fx.submit(release(all), CLOSE + DAY_MS);
    expect(ofType(ev, EventType.USAGE_SETTLED)[0]).toMatchObject({ refundMicros: 0, releasedMicros: 8 * PAT });

    const odd = world({ usageUnit: UsageUnit.REQUESTS, unitsPerRight: 3 });
    odd.fx.submit(used(odd, 1));
    // 29 of 30 units unused: 8 PAT × 29 / 30 = 7,733,333.33 µPAT, rounded down; the provider gets the rest.
    expect(ofType(odd.fx.submit(release(odd), CLOSE + DAY_MS), EventType.USAGE_SETTLED)[0]).toMatchObject({ units: 30, usedUnits: 1, refundMicros: 7_733_333, releasedMicros: 266_667 });
  });

  it('a dispute on evidenced usage waits for the operator, as any dispute', () => {
    const w = world();
    expectRefused(w.fx, RejectReason.NO_EVIDENCE, () => w.fx.submit({ kind: CommandKind.FILE_DISPUTE, actor: w.consumer, grantId: w.grantId, reason: DisputeReason.MISSING_RECORDS }));
    w.fx.submit(used(w, 7_000));
    const filed = ofType(w.fx.submit({ kind: CommandKind.FILE_DISPUTE, actor: w.consumer, grantId: w.grantId, reason: DisputeReason.MISSING_RECORDS }), EventType.DISPUTE_FILED);
    // 7,000 records touch 2 of the 10 rights.
    expect(filed[0]).toMatchObject({ undeliveredQty: QTY, evidencedQty: 2 });
    expectRefused(w.fx, RejectReason.CLAIM_OPEN, () => w.fx.submit(release(w), CLOSE + 30 * DAY_MS));
  });
});

describe('replay and snapshots', () => {
  it('a replay of the journal and a decoded snapshot reach the same state and settle the same', () => {
    const w = world();
    w.fx.submit(used(w, 12_500));
    const replayed = new EmbeddedEngine({}, T0 + HOUR_MS);
    for (const [cmd, timeMs] of w.log) replayed.submit(cmd, timeMs);
    expect(stateHash(replayed.engine)).toBe(stateHash(w.fx.engine));
    const decoded = decodeState(encodeState(w.fx.engine));
    expect(stateHash(decoded)).toBe(stateHash(w.fx.engine));
    expect(stateSummary(decoded)).toEqual(stateSummary(w.fx.engine));
    expect(decoded.escrow.grants.get(w.grantId)).toMatchObject({ usageUnit: UsageUnit.RECORDS, unitsPerRight: PER_RIGHT, usedUnits: 12_500 });
    expect(decoded.accounts[w.provider]!.providerListings.get('AUTO_INTENT')!.usage).toEqual({ usageUnit: UsageUnit.RECORDS, unitsPerRight: PER_RIGHT });
    const out: EngineEvent[] = [];
    decoded.apply(release(w), decoded.lastSeq + 1, CLOSE + DAY_MS, out);
    expect(out).toEqual(w.fx.submit(release(w), CLOSE + DAY_MS));
  });

  it('a state without usage writes no usage section: its bytes are what they were before usage grants', () => {
    const w = world(null);
    const bytes = encodeState(w.fx.engine);
    const decoded = decodeState(bytes);
    expect(encodeState(decoded)).toEqual(bytes);
    // The usage section is the last: a state with it is longer by exactly that section.
    const u = world();
    expect(encodeState(u.fx.engine).length).toBeGreaterThan(bytes.length);
  });
});
