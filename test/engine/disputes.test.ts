/**
 * Delivery evidence, claims and disputes (rules 5; src/engine/products/escrow.ts, docs/delivery.md
 * "Evidence, claims and disputes"; issue 73). The findings this answers:
 * - a consumer who downloaded everything (the provider holds its signed requests and its own
 *   signed statements) filed a claim and was refunded in full, part of it from the provider's
 *   free PAT, more than the provider earned on the sale;
 * - a refund took the provider's free PAT with nobody deciding it.
 * Every refusal changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, decodeState, DisputeReason, encodeState, EventType, RejectReason, ReleaseReason, Role, stateHash, SYSTEM_ACTOR, TimeInForce, type Command } from '../../src/engine/index.js';
import { DAY_MS, EngineFixture, expectEvent, expectRefused, HOUR_MS, ofType, PAT, T0, WINDOW_MS, conservation, stateSummary } from '../support/engine-fixture.js';

const CLOSE = T0 + WINDOW_MS;
/** The provider sells at 0.8 PAT (the broker's bid), the consumer buys at 1 PAT (its ask). */
const BID = 800_000;
const ASK = PAT;
const QTY = 10;

interface World {
  fx: EngineFixture;
  provider: number;
  consumer: number;
  grantId: number;
}

/** A provider with 5 PAT of its own free; 10 rights sold to the broker at 0.8, bought by the consumer at 1 and exercised: one grant of 10, 8 PAT held. */
function world(rules = 5): World {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules }), EventType.RULES_ADOPTED);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const consumer = fx.newAccount(Role.CONSUMER);
  const provider = fx.newAccount(Role.PROVIDER);
  fx.consumers = [consumer];
  fx.providers = [provider];
  fx.seriesId = fx.newSeries();
  fx.deposit(fx.broker, 10_000 * PAT);
  fx.deposit(consumer, 1_000 * PAT);
  fx.deposit(provider, 5 * PAT);
  expectEvent(fx.declareCapacity(provider, 100), EventType.CAPACITY_DECLARED);
  fx.mint(provider, QTY);
  expectEvent(fx.sell(provider, BID, QTY), EventType.ORDER_ACCEPTED);
  fx.buy(fx.broker, BID, QTY, { tif: TimeInForce.IOC });
  expectEvent(fx.sell(fx.broker, ASK, QTY), EventType.ORDER_ACCEPTED);
  fx.buy(consumer, ASK, QTY, { tif: TimeInForce.IOC });
  const [r] = ofType(fx.exercise(consumer, QTY), EventType.RIGHTS_EXERCISED)[0]!.redemptions;
  expect(r).toMatchObject({ providerAccountId: provider, qty: QTY });
  return { fx, provider, consumer, grantId: r!.grantId };
}

const evidence = (w: World, qty: number, actor = SYSTEM_ACTOR): Command => ({ kind: CommandKind.RECORD_DELIVERY_EVIDENCE, actor, grantId: w.grantId, qty });
const claim = (w: World, actor = w.consumer): Command => ({ kind: CommandKind.FILE_CLAIM, actor, grantId: w.grantId });
const dispute = (w: World, reason: number = DisputeReason.MISSING_RECORDS, actor = w.consumer): Command => ({ kind: CommandKind.FILE_DISPUTE, actor, grantId: w.grantId, reason: reason as DisputeReason });
const resolve = (w: World): Command => ({ kind: CommandKind.RESOLVE_CLAIM, actor: SYSTEM_ACTOR, grantId: w.grantId });
const release = (w: World): Command => ({ kind: CommandKind.RELEASE_ESCROW, actor: SYSTEM_ACTOR, grantId: w.grantId });
const decide = (w: World, refundQty: number, chargeProviderMicros = 0, actor = w.fx.operator): Command => ({ kind: CommandKind.DECIDE_DISPUTE, actor, grantId: w.grantId, refundQty, chargeProviderMicros });

describe('a consumer who downloaded everything (rules 5)', () => {
  it('cannot claim nothing arrived: the claim is refused by name and nothing moves', () => {
    const w = world();
    expect(ofType(w.fx.submit(evidence(w, QTY)), EventType.DELIVERY_EVIDENCED)).toEqual([
      { type: EventType.DELIVERY_EVIDENCED, seq: w.fx.engine.lastSeq, grantId: w.grantId, seriesId: w.fx.seriesId, providerAccountId: w.provider, consumerAccountId: w.consumer, qty: QTY, evidencedQty: QTY },
    ]);
    expectRefused(w.fx, RejectReason.EVIDENCE_OF_DELIVERY, () => w.fx.submit(claim(w)));
    // Past the dispute window the held proceeds go to the provider, as for any undisputed grant.
    const ev = w.fx.submit(release(w), CLOSE + DAY_MS);
    expect(ofType(ev, EventType.ESCROW_RELEASED)[0]).toMatchObject({ releasedMicros: 8 * PAT, reason: ReleaseReason.DISPUTE_WINDOW_ENDED });
    expect(w.fx.acct(w.provider)).toMatchObject({ availableMicros: 13 * PAT, lockedMicros: 0 });
    conservation(w.fx);
  });

  it('under rules 4 the same claim refunded the consumer in full, 2 PAT of it from the provider\'s free PAT (the finding, as older journals replay it)', () => {
    const w = world(4);
    expectRefused(w.fx, RejectReason.RULES_TOO_OLD, () => w.fx.submit(evidence(w, QTY)));
    w.fx.submit(claim(w));
    const ev = w.fx.submit(resolve(w), w.fx.nowMs + HOUR_MS);
    expect(ofType(ev, EventType.CLAIM_RESOLVED)[0]).toMatchObject({ refundMicros: 10 * PAT, fromHeldMicros: 8 * PAT, fromProviderMicros: 2 * PAT, shortfallMicros: 0 });
  });

  it('disputes, saying what was wrong; the clock never resolves a dispute: the operator decides', () => {
    const w = world();
    const { fx } = w;
    expectRefused(fx, RejectReason.NO_EVIDENCE, () => fx.submit(dispute(w)));
    fx.submit(evidence(w, 6));
    fx.submit(evidence(w, 4));
    expectRefused(fx, RejectReason.INVALID_DISPUTE_REASON, () => fx.submit(dispute(w, 7)));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.submit(dispute(w, DisputeReason.MISSING_RECORDS, w.provider)));
    const filed = ofType(fx.submit(dispute(w, DisputeReason.NONCONFORMING)), EventType.DISPUTE_FILED);
    expect(filed[0]).toMatchObject({ grantId: w.grantId, reason: DisputeReason.NONCONFORMING, undeliveredQty: QTY, evidencedQty: QTY });
    expectRefused(fx, RejectReason.CLAIM_EXISTS, () => fx.submit(claim(w)));
    // Neither the claim grace nor the dispute window moves the money.
    expectRefused(fx, RejectReason.DISPUTE_AWAITS_DECISION, () => fx.submit(resolve(w), fx.nowMs + 30 * DAY_MS));
    expectRefused(fx, RejectReason.CLAIM_OPEN, () => fx.submit(release(w), CLOSE + 30 * DAY_MS));
    // Only the operator (or the system) decides, within what was paid.
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.submit(decide(w, 10, 0, w.consumer)));
    expectRefused(fx, RejectReason.INVALID_DECISION, () => fx.submit(decide(w, 11)));
    expectRefused(fx, RejectReason.INVALID_DECISION, () => fx.submit(decide(w, -1)));
    // 4 rights at the consumer's 1 PAT: 3.2 PAT held for them, so at most 0.8 more from the provider.
    expectRefused(fx, RejectReason.INVALID_DECISION, () => fx.submit(decide(w, 4, 800_001)));
    const consumerBefore = fx.acct(w.consumer).availableMicros;
    const ev = fx.submit(decide(w, 4, 800_000));
    expect(ofType(ev, EventType.DISPUTE_DECIDED)[0]).toMatchObject({ refundQty: 4, upheldQty: 6, chargeProviderMicros: 800_000, decidedBy: fx.operator });
    expect(ofType(ev, EventType.CLAIM_RESOLVED)[0]).toMatchObject({ undeliveredQty: 4, refundMicros: 4 * PAT, fromHeldMicros: 3_200_000, fromProviderMicros: 800_000, shortfallMicros: 0, releasedMicros: 4_800_000 });
    expect(fx.acct(w.consumer).availableMicros).toBe(consumerBefore + 4 * PAT);
    // 5 of its own + 4.8 for the 6 rights upheld − the 0.8 the operator charged.
    expect(fx.acct(w.provider)).toMatchObject({ availableMicros: 9 * PAT, lockedMicros: 0, proceedsHeldMicros: 0 });
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => fx.submit(decide(w, 0)));
    conservation(fx);
  });

  it('a charge on the provider is never above its free PAT', () => {
    const w = world();
    w.fx.submit(evidence(w, QTY));
    w.fx.submit(dispute(w));
    // 10 rights at 1 PAT, 8 held: up to 2 more, but the provider has 5 free, so 2 is fine and 2.000001 is not.
    expectRefused(w.fx, RejectReason.INVALID_DECISION, () => w.fx.submit(decide(w, 10, 2 * PAT + 1)));
    w.fx.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: w.provider, amountWei: 4n * 10n ** 18n } as Command);
    expectRefused(w.fx, RejectReason.INVALID_DECISION, () => w.fx.submit(decide(w, 10, 2 * PAT)));
  });
});

describe('claims for what never arrived (rules 5)', () => {
  it('refund at most what the provider was paid for those rights, and never from its free PAT', () => {
    const w = world();
    w.fx.submit(claim(w));
    const ev = w.fx.submit(resolve(w), w.fx.nowMs + HOUR_MS);
    // The consumer paid 10; the provider was paid 8 (held): 8 back, the broker's 2 of spread the shortfall.
    expect(ofType(ev, EventType.CLAIM_RESOLVED)[0]).toMatchObject({ undeliveredQty: QTY, refundMicros: 10 * PAT, fromHeldMicros: 8 * PAT, fromProviderMicros: 0, shortfallMicros: 2 * PAT, releasedMicros: 0 });
    expect(w.fx.acct(w.provider)).toMatchObject({ availableMicros: 5 * PAT, lockedMicros: 0, proceedsHeldMicros: 0 });
    expectRefused(w.fx, RejectReason.ESCROW_CLOSED, () => w.fx.submit(claim(w)));
    conservation(w.fx);
  });

  it('refund only the rights nothing evidences; evidence arriving during the grace takes rights out of the refund; the rest stays held, released at the window\'s end', () => {
    const w = world();
    const { fx } = w;
    fx.submit(evidence(w, 3));
    fx.submit(claim(w));
    fx.submit(evidence(w, 2)); // the provider's report of a download during the grace
    const ev = fx.submit(resolve(w), fx.nowMs + HOUR_MS);
    // 5 unevidenced: 4 PAT held for them refunded (of the consumer's 5), 4 PAT stays held for the 5 evidenced.
    expect(ofType(ev, EventType.CLAIM_RESOLVED)[0]).toMatchObject({ undeliveredQty: 5, refundMicros: 5 * PAT, fromHeldMicros: 4 * PAT, fromProviderMicros: 0, shortfallMicros: PAT, releasedMicros: 0 });
    const g = fx.engine.escrow.grants.get(w.grantId)!;
    expect(g).toMatchObject({ undeliveredQty: 5, heldMicros: 4 * PAT, claimedAtMs: 0 });
    conservation(fx);
    // Never twice: what was refunded cannot be claimed again; the evidenced rest is disputed or released.
    expectRefused(fx, RejectReason.EVIDENCE_OF_DELIVERY, () => fx.submit(claim(w)));
    const released = fx.submit(release(w), CLOSE + DAY_MS);
    expect(ofType(released, EventType.ESCROW_RELEASED)[0]).toMatchObject({ qty: 5, releasedMicros: 4 * PAT });
    expect(fx.acct(w.provider).availableMicros).toBe(9 * PAT);
    conservation(fx);
  });

  it('a receipt (CONFIRM_DELIVERY) of evidenced rights is not double-counted: evidence beyond the receipts is what protects the provider', () => {
    const w = world();
    w.fx.submit(evidence(w, 4));
    w.fx.submit({ kind: CommandKind.CONFIRM_DELIVERY, actor: SYSTEM_ACTOR, grantId: w.grantId, qty: 4 });
    // The 4 receipted are delivered; of the 6 left none is evidenced: a claim refunds all 6.
    w.fx.submit(claim(w));
    const ev = w.fx.submit(resolve(w), w.fx.nowMs + HOUR_MS);
    expect(ofType(ev, EventType.CLAIM_RESOLVED)[0]).toMatchObject({ undeliveredQty: 6, fromHeldMicros: 4_800_000 });
  });

  it('evidence is the system\'s, within the grant\'s quantity', () => {
    const w = world();
    expectRefused(w.fx, RejectReason.ROLE_NOT_ALLOWED, () => w.fx.submit(evidence(w, 1, w.provider)));
    expectRefused(w.fx, RejectReason.INVALID_QUANTITY, () => w.fx.submit(evidence(w, QTY + 1)));
    expectRefused(w.fx, RejectReason.INVALID_QUANTITY, () => w.fx.submit(evidence(w, 0)));
    expectRefused(w.fx, RejectReason.UNKNOWN_GRANT, () => w.fx.submit({ ...evidence(w, 1), grantId: 999 } as Command));
  });
});

describe('nothing released behind a claim or a dispute (rules 20)', () => {
  const confirm = (w: World, qty: number): Command => ({ kind: CommandKind.CONFIRM_DELIVERY, actor: SYSTEM_ACTOR, grantId: w.grantId, qty });

  it('a confirmation is refused while a dispute awaits the operator, and the decision settles what is held', () => {
    const w = world(20);
    const { fx } = w;
    fx.submit(evidence(w, QTY));
    fx.submit(dispute(w));
    // The service's count of the provider's own reports (or a receipt) comes while the dispute waits: nothing moves.
    expectRefused(fx, RejectReason.DISPUTE_AWAITS_DECISION, () => fx.submit(confirm(w, QTY)));
    expect(fx.engine.escrow.grants.get(w.grantId)).toMatchObject({ undeliveredQty: QTY, heldMicros: 8 * PAT });
    const ev = fx.submit(decide(w, 4));
    expect(ofType(ev, EventType.DISPUTE_DECIDED)[0]).toMatchObject({ refundQty: 4, upheldQty: 6 });
    expect(fx.acct(w.consumer).availableMicros).toBe(990 * PAT + 3_200_000);
    conservation(fx);
  });

  it('a confirmation is refused while a claim is open; once it is resolved the evidenced rest is confirmed', () => {
    const w = world(20);
    const { fx } = w;
    fx.submit(evidence(w, 3));
    fx.submit(claim(w));
    expectRefused(fx, RejectReason.CLAIM_OPEN, () => fx.submit(confirm(w, 3)));
    fx.submit(resolve(w), fx.nowMs + HOUR_MS);
    expect(ofType(fx.submit(confirm(w, 3)), EventType.ESCROW_RELEASED)[0]).toMatchObject({ qty: 3, releasedMicros: 2_400_000 });
    conservation(fx);
  });

  it('under rules 19 the confirmation during a dispute paid the provider and closed the escrow: the decision found nothing (as older journals replay it)', () => {
    const w = world(19);
    const { fx } = w;
    fx.submit(evidence(w, QTY));
    fx.submit(dispute(w));
    expect(ofType(fx.submit(confirm(w, QTY)), EventType.ESCROW_RELEASED)[0]).toMatchObject({ qty: QTY, releasedMicros: 8 * PAT });
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => fx.submit(decide(w, 4)));
  });
});

describe('evidence and disputes in snapshots', () => {
  it('a decoded engine has the same hash and summary, and decides the same', () => {
    const w = world();
    w.fx.submit(evidence(w, 7));
    w.fx.submit(dispute(w));
    const decoded = decodeState(encodeState(w.fx.engine));
    expect(stateHash(decoded)).toBe(stateHash(w.fx.engine));
    expect(stateSummary(decoded)).toEqual(stateSummary(w.fx.engine));
    expect(decoded.escrow.grants.get(w.grantId)).toMatchObject({ evidencedQty: 7, disputed: true, disputeReason: DisputeReason.MISSING_RECORDS });
    const out: ReturnType<EngineFixture['submit']> = [];
    const cmd = decide(w, 3);
    decoded.apply(cmd, decoded.lastSeq + 1, w.fx.nowMs, out);
    expect(out).toEqual(w.fx.submit(cmd));
  });

  it('a state under rules 4 writes no evidence section: its bytes are what they were before rules 5', () => {
    const w = world(4);
    const bytes = encodeState(w.fx.engine);
    const decoded = decodeState(bytes);
    expect(encodeState(decoded)).toEqual(bytes);
    expect(stateHash(decoded)).toBe(stateHash(w.fx.engine));
  });
});
