/**
 * The quoter sees subscriptions (docs/pricing.md, "Subscribed demand" and "SeatFactor"), read
 * from the in-process engine: what live subscriptions are still to buy in a window raises the
 * series' sale rate, hence its expected sales and its bid limit, within what they can pay for at
 * the ask; and the seats a segment's subscriptions take raise its reference, within e^seatSensitivity.
 * Without subscriptions nothing changes. The running service, its clock the test's.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, SubscriptionDelivery, SubscriptionTrigger, SYSTEM_ACTOR, type Series, type Subscribe } from '../../src/engine/index.js';
import { seatFactor, DEFAULT_QUOTING_PARAMS } from '../../src/quoting/index.js';
import type { Service } from '../../src/app/service.js';
import { NOW, OPERATOR, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-subscribed-');
const DAILY = 'AUTO_INTENT|1D|0.70-0.85';
const PAT = 1_000_000;

async function consumer(svc: Service, pat: number): Promise<number> {
  const opened = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!;
  if (pat > 0) await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: opened.accountId, amountWei: BigInt(pat) * 10n ** 18n, ref: `c-${opened.accountId}` });
  return opened.accountId;
}

/** A subscription to the windows opening after now (bought at their open: none is due while the test's clock stays before it). */
async function subscribe(svc: Service, actor: number, contract: string, qtyPerWindow: number, capPriceMicros = 5 * PAT, budgetMicros = 1_000 * PAT): Promise<number> {
  const cmd: Subscribe = {
    kind: CommandKind.SUBSCRIBE, actor, contract, qtyPerWindow, capPriceMicros, budgetMicros, trigger: SubscriptionTrigger.ON_OPEN,
    autoExercise: true, maxSkips: 3, includeCurrent: false, delivery: SubscriptionDelivery.PULL, webhookUrl: '', pushAuthorisation: '',
  };
  const created = (await send(svc, cmd)).find((e) => e.type === EventType.SUBSCRIPTION_CREATED);
  if (created?.type !== EventType.SUBSCRIPTION_CREATED) throw new Error('not subscribed');
  return created.subscriptionId;
}

/** The daily contract's window listed ahead of the one open now. */
function nextDaily(svc: Service): Series {
  const s = svc.engine.series.find((x) => x !== undefined && x.spec.contract === DAILY && x.spec.kind === SeriesKind.SPOT && x.spec.openAtMs > qs.now);
  if (s === undefined) throw new Error('the next daily window is not listed');
  return s;
}

const bidQty = (svc: Service, s: Series): number => svc.quoting!.series(s.id)!.lastQuote!.bids.qty.reduce((a, b) => a + b, 0);

async function turn(svc: Service): Promise<void> {
  qs.now += 1_000; // past the requote interval
  await quoteTurn(svc);
}

describe('subscribed demand', () => {
  it("raises the sale rate and the bid limit by what subscribers are still to buy in the window, within their caps and funds; nothing without them", async () => {
    qs.now = NOW + 10 * 3_600_000; // 22:00: tomorrow's daily window is listed (3 h ahead of today's close), 26 h to its close
    const svc = await qs.start();
    // A slow segment: at 0.1 sales an hour the broker expects to sell 2.6 rights before the close, so it bids for 2.
    await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.saleRatePriorPerHour', value: 0.1 });
    const next = nextDaily(svc);
    const hoursLeft = (next.spec.closeAtMs - qs.now) / 3_600_000;
    await turn(svc);
    const before = svc.quoting!.view(next.id)!;
    expect(before.saleRatePerHour).toBe(0.1);
    expect(before.subscribedQty).toBe(0);
    expect(bidQty(svc, next)).toBe(2);

    // A subscriber that can pay for 20 rights a window: 20 more rights expected before the close.
    const rich = await consumer(svc, 1_000);
    const id = await subscribe(svc, rich, DAILY, 20);
    const withSub = svc.quoting!.view(next.id)!;
    expect(withSub.subscribedQty).toBe(20);
    expect(withSub.saleRatePerHour).toBeCloseTo(0.1 + 20 / hoursLeft, 2);
    await turn(svc);
    expect(svc.quoting!.view(next.id)!.expectedSales).toBe(Math.round(0.1 * hoursLeft + 20));
    expect(bidQty(svc, next)).toBe(Math.floor(0.8 * (0.1 * hoursLeft + 20))); // 18: the bid limit rose with it
    // Only the window it has still to buy: today's open window (it subscribed after its open) is unchanged.
    const today = svc.engine.series.find((x) => x !== undefined && x.spec.contract === DAILY && x.spec.kind === SeriesKind.SPOT && x.spec.openAtMs <= qs.now && qs.now < x.spec.closeAtMs)!;
    expect(svc.quoting!.view(today.id)!.subscribedQty).toBe(0);

    // What a subscriber cannot pay for is no demand: a cap below the reference, or PAT for 3 rights.
    const cheap = await consumer(svc, 1_000);
    await subscribe(svc, cheap, DAILY, 50, Math.floor(next.referencePriceMicros / 2));
    // Subscribing asks for one window at the cap (250 PAT here); what it holds after (a withdrawal) is what counts.
    const poor = await consumer(svc, 250);
    await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: poor, amountWei: BigInt(3 * next.referencePriceMicros + 1) * 10n ** 12n, ref: 'poor' });
    await subscribe(svc, poor, DAILY, 50);
    await send(svc, { kind: CommandKind.REQUEST_WITHDRAWAL, actor: poor, amountWei: 250n * 10n ** 18n });
    expect(svc.quoting!.view(next.id)!.subscribedQty).toBe(23);

    // Cancelled (and the others' counted share set to 0): the rate is back where it was, and so is the bid.
    await send(svc, { kind: CommandKind.CANCEL_SUBSCRIPTION, actor: rich, subscriptionId: id });
    await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.subscribedDemandShare', value: 0 });
    const after = svc.quoting!.view(next.id)!;
    expect([after.saleRatePerHour, after.subscribedQty]).toEqual([0.1, 0]);
    await turn(svc);
    expect(bidQty(svc, next)).toBe(2);
    await svc.stop();
  });
});

describe('seats', () => {
  it("the reference rises as a segment's seats fill, from half of them taken to at most e^seatSensitivity", async () => {
    const svc = await qs.start();
    const s = svc.engine.series.find((x) => x !== undefined && x.spec.contract === 'AUTO_INTENT|7D|0.70-0.85' && x.spec.kind === SeriesKind.SPOT && x.spec.openAtMs <= qs.now && qs.now < x.spec.closeAtMs)!;
    const other = svc.engine.series.find((x) => x !== undefined && x.segment === 'HOME_INTENT' && x.spec.kind === SeriesKind.SPOT && x.spec.openAtMs <= qs.now && qs.now < x.spec.closeAtMs)!;
    await turn(svc);
    const model = (series: Series): number => svc.quoting!.series(series.id)!.lastQuote!.reference.modelMicros;
    const noLimit = { auto: model(s), home: model(other), reference: s.referencePriceMicros };
    expect(svc.quoting!.view(s.id)!.seatFactor).toBe(1);

    await send(svc, { kind: CommandKind.SET_SEGMENT_SEATS, actor: SYSTEM_ACTOR, segment: 'AUTO_INTENT', seats: 10 });
    // A seat is a subscriber (an account), however many subscriptions it holds in the segment.
    const c = await consumer(svc, 100);
    const more = async (): Promise<number> => consumer(svc, 100);
    await subscribe(svc, c, 'AUTO_INTENT|7D|0.70-0.85', 1);
    await subscribe(svc, c, 'AUTO_INTENT|7D|0.70-0.85', 1);
    for (let i = 0; i < 4; i++) await subscribe(svc, await more(), 'AUTO_INTENT|7D|0.70-0.85', 1);
    await turn(svc);
    expect(svc.quoting!.view(s.id)!.seatFactor).toBe(1); // half taken: the knee

    for (let i = 0; i < 4; i++) await subscribe(svc, await more(), 'AUTO_INTENT|1D|0.70-0.85', 1); // any contract of the segment takes one of its seats
    expect(svc.engine.subscriptions.seatsTaken.get('AUTO_INTENT')).toBe(9);
    await turn(svc);
    const factor = svc.quoting!.view(s.id)!.seatFactor;
    expect(factor).toBe(seatFactor(DEFAULT_QUOTING_PARAMS, 0.9));
    expect(factor).toBeCloseTo(Math.exp(0.05 * 0.8), 12);
    // 2 s of freshness aside (a few parts in a million), the model rose by the factor; the reference with it, within the bound.
    expect(model(s) / noLimit.auto).toBeCloseTo(factor, 4);
    expect(s.referencePriceMicros).toBeGreaterThan(noLimit.reference);
    expect(s.referencePriceMicros).toBeLessThanOrEqual(Math.ceil(noLimit.reference * Math.exp(0.05)));
    expect(model(other) / noLimit.home).toBeCloseTo(1, 4); // another segment's seats are its own

    await subscribe(svc, await more(), 'AUTO_INTENT|1D|0.70-0.85', 1);
    const refused = await svc.sequencer.submit({ kind: CommandKind.SUBSCRIBE, actor: await more(), contract: 'AUTO_INTENT|1D|0.70-0.85', qtyPerWindow: 1, capPriceMicros: PAT, budgetMicros: PAT, trigger: SubscriptionTrigger.ON_OPEN, autoExercise: true, maxSkips: 3, includeCurrent: false, delivery: SubscriptionDelivery.PULL, webhookUrl: '', pushAuthorisation: '' });
    expect(refused.events[0]?.type).toBe(EventType.COMMAND_REJECTED); // SEATS_FULL
    await turn(svc);
    expect(svc.quoting!.view(s.id)!.seatFactor).toBe(Math.exp(0.05)); // all taken: the bound
    await svc.stop();
  });
});
