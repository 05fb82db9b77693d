/**
 * The quoting service inside the running service, on a real LMDB journal: it
 * quotes the demo contracts, follows inventory (skew, asks bounded by rights),
 * respects market-maker protection and its reset, applies operator parameter
 * changes, and a restart recovers the same state. The timer is off: tests call
 * `tick()` and move the injected clock, so nothing depends on timing.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import type { Service } from '../../src/app/service.js';
import { startQuoting } from '../../src/quoting/index.js';
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, Side, SYSTEM_ACTOR, TimeInForce, type Command } from '../../src/engine/index.js';
import { CONTRACT, NOW, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-quoting-');

function start(): Promise<Service> {
  return qs.start();
}

function seriesOf(svc: Service, contract = CONTRACT) {
  const s = svc.engine.series.find((x) => x !== undefined && x.spec.contract === contract && x.spec.openAtMs <= qs.now && qs.now < x.spec.closeAtMs);
  if (s === undefined) throw new Error(`no open series ${contract}`);
  return s;
}

function order(actor: number, seriesId: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce = TimeInForce.GTC): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST };
}

async function openAccount(svc: Service, role: Role): Promise<number> {
  const ev = await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' });
  const opened = ev.find((e) => e.type === EventType.ACCOUNT_OPENED);
  if (opened === undefined) throw new Error('account not opened');
  if (role === Role.PROVIDER) {
    // What the catalog sends once the provider's listing for the segment is published (test/catalog covers that part).
    await send(svc, { kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: opened.accountId, segment: 'AUTO_INTENT', listingId: 1, listingVersion: 1 });
  }
  return opened.accountId;
}

describe('quoting service', () => {
  it('quotes every listed demo series, seeds config parameters as journaled commands, and follows inventory', async () => {
    const svc = await start();
    expect(svc.engine.params.get('quoting.levels')).toBe(2);
    expect(svc.engine.risk.maxOrderQty).toBe(50_000);
    const listed = svc.engine.series.filter((s) => s !== undefined && qs.now < s.spec.closeAtMs);
    expect(await quoteTurn(svc)).toBe(listed.length);
    const s = seriesOf(svc);
    expect(s.referencePriceMicros).toBeGreaterThan(0);
    expect(s.quoteBidIds).toHaveLength(2);
    expect(s.quoteAskIds).toHaveLength(0); // no rights yet: the broker can only sell what it holds
    // Nothing changed: a second turn right away sends nothing.
    expect(await quoteTurn(svc)).toBe(0);

    // A provider sells into the broker's bid: the broker is long, asks appear and both sides move down.
    const provider = await openAccount(svc, Role.PROVIDER);
    await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: s.id, capacity: 10_000 });
    await send(svc, { kind: CommandKind.MINT, actor: provider, seriesId: s.id, qty: 1_000 });
    const bestBidBefore = svc.engine.orders.get(s.quoteBidIds[0]!)!.priceMicros;
    const reservationBefore = svc.quoting!.series(s.id)!.lastQuote!.reservation;
    const fillEvents = await send(svc, order(provider, s.id, Side.SELL, bestBidBefore, 10, TimeInForce.IOC));
    expect(fillEvents.filter((e) => e.type === EventType.FILL).reduce((n, e) => n + (e.type === EventType.FILL ? e.qty : 0), 0)).toBe(10);
    qs.now += 1_000;
    expect(await quoteTurn(svc)).toBeGreaterThan(0);
    const quote = svc.quoting!.series(s.id)!.lastQuote!;
    expect(quote.reservation).toBeLessThan(reservationBefore);
    expect(s.quoteAskIds.length).toBeGreaterThan(0);
    const askQty = s.quoteAskIds.reduce((n, id) => n + svc.engine.orders.get(id)!.leavesQty, 0);
    expect(askQty).toBeLessThanOrEqual(10);
    await svc.stop();
  });

  it('quotes a series listed ahead of its window: rights trade before the open, only exercise waits', async () => {
    qs.now = NOW + 55 * 60_000; // the next hourly window is listed 10 minutes before this one closes
    const svc = await start();
    const next = svc.engine.series.find((x) => x !== undefined && x.spec.contract === 'AUTO_INTENT|1h|0.85-1.00' && x.spec.openAtMs > qs.now);
    expect(next).toBeDefined();
    await quoteTurn(svc);
    expect(next!.quoteBidIds.length).toBeGreaterThan(0);
    expect(svc.quoting!.series(next!.id)!.lastQuote!.reference.priceMicros).toBeGreaterThan(0);
    await svc.stop();
  });

  it("shares the window's long limit by sale rate: a band that does not sell cannot fill the window for its sibling", async () => {
    const svc = await start();
    const busy = seriesOf(svc);
    const thin = seriesOf(svc, 'AUTO_INTENT|7D|0.85-1.00');
    await send(svc, { kind: CommandKind.SET_PARAM, actor: 2, name: 'risk.brokerMaxLongWindow', value: 100 });
    const provider = await openAccount(svc, Role.PROVIDER);
    const consumer = await openAccount(svc, Role.CONSUMER);
    await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer, amountWei: 10n ** 22n, ref: 'c-share' });
    for (const s of [busy, thin]) {
      await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: s.id, capacity: 10_000 });
      await send(svc, { kind: CommandKind.MINT, actor: provider, seriesId: s.id, qty: 1_000 });
    }
    await quoteTurn(svc);
    // The thin band gets 5 rights (so it asks) and then sells none; the busy one buys and sells 5 every 10 minutes, for 8 hours.
    await send(svc, order(provider, thin.id, Side.SELL, svc.engine.orders.get(thin.quoteBidIds[0]!)!.priceMicros, 5, TimeInForce.IOC));
    for (let i = 0; i < 48; i++) {
      await send(svc, order(provider, busy.id, Side.SELL, svc.engine.orders.get(busy.quoteBidIds[0]!)!.priceMicros, 5, TimeInForce.IOC));
      qs.now += 1_000;
      await quoteTurn(svc);
      if (busy.quoteAskIds.length > 0) await send(svc, order(consumer, busy.id, Side.BUY, svc.engine.orders.get(busy.quoteAskIds[0]!)!.priceMicros, 5, TimeInForce.IOC));
      qs.now += 10 * 60_000 - 1_000;
      await quoteTurn(svc);
    }
    const bids = (s: typeof busy) => svc.quoting!.series(s.id)!.lastQuote!.bids.qty.reduce((a, b) => a + b, 0);
    const rate = (s: typeof busy) => svc.quoting!.view(s.id)!.saleRatePerHour;
    expect(rate(busy)).toBeGreaterThan(10 * rate(thin));
    // The thin band's share is its floor (10% of the 100), less the 5 it holds; the busy one keeps the rest.
    expect(bids(thin)).toBeLessThanOrEqual(10 - 5);
    expect(bids(busy)).toBeGreaterThan(20);
    // Without the share (a floor of 1: every series may use the whole window) the thin band bids its full ladder.
    await send(svc, { kind: CommandKind.SET_PARAM, actor: 2, name: 'quoting.windowShareFloor', value: 1 });
    qs.now += 1_000;
    await quoteTurn(svc);
    expect(bids(thin)).toBeGreaterThan(20);
    await svc.stop();
  }, 60_000);

  it('stops quoting a series when market-maker protection trips, and resumes after the operator reset', async () => {
    const svc = await start();
    const s = seriesOf(svc);
    const operator = 2;
    await send(svc, { kind: CommandKind.SET_PARAM, actor: operator, name: 'risk.mmpQty', value: 3 });
    await send(svc, { kind: CommandKind.SET_PARAM, actor: operator, name: 'risk.mmpIntervalMs', value: 60_000 });
    await send(svc, { kind: CommandKind.SET_PARAM, actor: operator, name: 'risk.mmpFreezeMs', value: 0 }); // 0: frozen until an operator resets
    // Give the broker rights to sell: buy from a provider.
    const provider = await openAccount(svc, Role.PROVIDER);
    await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: s.id, capacity: 1_000 });
    await send(svc, { kind: CommandKind.MINT, actor: provider, seriesId: s.id, qty: 100 });
    await quoteTurn(svc);
    const bid = svc.engine.orders.get(s.quoteBidIds[0]!)!;
    await send(svc, order(provider, s.id, Side.SELL, bid.priceMicros, 3, TimeInForce.IOC)); // 3 ≤ 3: not tripped
    qs.now += 1_000;
    await quoteTurn(svc);
    const consumer = await openAccount(svc, Role.CONSUMER);
    await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer, amountWei: 10n ** 22n, ref: 'c1' });
    const ask = svc.engine.orders.get(s.quoteAskIds[0]!)!;
    const ev = await send(svc, order(consumer, s.id, Side.BUY, ask.priceMicros, 2, TimeInForce.IOC)); // 4 filled in the interval > 3
    expect(ev.some((e) => e.type === EventType.MMP_TRIGGERED)).toBe(true);
    expect(s.quoteBidIds).toEqual([]);
    qs.now += 10_000;
    await quoteTurn(svc);
    expect(s.quoteBidIds).toEqual([]); // frozen until reset
    expect(svc.quoting!.series(s.id)!.frozenUntilMs).toBe(Number.MAX_SAFE_INTEGER);
    await send(svc, { kind: CommandKind.RESET_MMP, actor: operator, seriesId: s.id });
    await quoteTurn(svc);
    expect(s.quoteBidIds.length).toBeGreaterThan(0);
    await svc.stop();
  });

  it('applies operator pricing changes live, and a restart recovers the same state and quotes on', async () => {
    const first = await start();
    await quoteTurn(first);
    const s = seriesOf(first);
    const before = s.referencePriceMicros;
    await send(first, { kind: CommandKind.SET_PARAM, actor: 2, name: 'quoting.baseValueMicros:AUTO_INTENT', value: 2_000_000 });
    expect(first.quoting!.params().baseValueMicros.AUTO_INTENT).toBe(2_000_000);
    qs.now += 1_000;
    await quoteTurn(first);
    expect(s.referencePriceMicros).toBeGreaterThan(before);
    const hash = first.sequencer.stateHash();
    const seq = first.engine.lastSeq;
    await first.stop();

    const second = await start();
    expect(second.engine.lastSeq).toBe(seq); // no second float deposit, no re-seeded parameter
    expect(second.sequencer.stateHash()).toBe(hash);
    expect(second.quoting!.params().baseValueMicros.AUTO_INTENT).toBe(2_000_000);
    qs.now += 5_000;
    await quoteTurn(second);
    expect(seriesOf(second).quoteBidIds.length).toBeGreaterThan(0);
    await second.stop();
  });

  it('a restart quotes where it left off: the estimates are saved and caught up from the journal (or rebuilt from it)', async () => {
    const first = await start();
    const s = seriesOf(first);
    const provider = await openAccount(first, Role.PROVIDER);
    const consumer = await openAccount(first, Role.CONSUMER);
    await send(first, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: s.id, capacity: 100_000 });
    await send(first, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer, amountWei: 10n ** 22n, ref: 'c1' });
    // An hour of trading with the broker on both sides, one minute at a time.
    for (let minute = 0; minute < 60; minute++) {
      qs.now += 60_000;
      await quoteTurn(first);
      const bid = first.engine.orders.get(s.quoteBidIds[0] ?? -1);
      if (bid !== undefined && minute % 2 === 0) {
        await send(first, { kind: CommandKind.MINT, actor: provider, seriesId: s.id, qty: 4 });
        await send(first, order(provider, s.id, Side.SELL, bid.priceMicros, 4, TimeInForce.IOC));
      }
      const ask = first.engine.orders.get(s.quoteAskIds[0] ?? -1);
      if (ask !== undefined && minute % 3 === 0) await send(first, order(consumer, s.id, Side.BUY, ask.priceMicros, 3, TimeInForce.IOC));
    }
    qs.now += 60_000;
    await quoteTurn(first);
    const before = first.quoting!.view(s.id)!;
    expect(before.inventory).toBeGreaterThan(0);
    expect(before.avgCostMicros).toBeGreaterThan(0);
    expect(before.anchorWeight).toBeGreaterThan(0); // the reference has moved onto the trades
    const learned = (svc: Service) => JSON.stringify([svc.quoting!.estimates.get(s.id), svc.quoting!.estimates.segments.get('AUTO_INTENT'), svc.quoting!.estimates.broker]);
    const estimates = learned(first);
    await first.stop();

    const second = await start();
    expect(learned(second)).toBe(estimates);
    second.quoting!.tick();
    const after = second.quoting!.view(s.id)!;
    expect(after.referenceMicros).toBe(before.referenceMicros);
    expect(after.sigmaBpsPerSqrtHour).toBeCloseTo(before.sigmaBpsPerSqrtHour, 9);
    expect(after.avgCostMicros).toBe(before.avgCostMicros);
    expect(after.realizedPnlMicros).toBe(before.realizedPnlMicros);
    await second.stop();

    // Without the saved copy the whole journal is replayed: the same estimates.
    rmSync(path.join(qs.dir, 'quoter'), { recursive: true, force: true });
    const third = await start();
    expect(third.quoting!.stats.replayedCommands).toBeGreaterThan(100);
    third.quoting!.tick();
    expect(third.quoting!.view(s.id)!.referenceMicros).toBe(before.referenceMicros);
    expect(third.quoting!.view(s.id)!.avgCostMicros).toBe(before.avgCostMicros);
    // The operator sees the broker's P&L and why each quote is where it is.
    const res = await third.operatorApi.handle({ method: 'GET', path: '/operator/broker', body: undefined, query: new URLSearchParams(), operator: 'admin', operatorAccountId: 2 });
    expect(res.status).toBe(200);
    const body = res.body as { realizedMicros: number; series: { seriesId: number; avgCostMicros: number; reasons: string[] }[] };
    expect(body.series.find((x) => x.seriesId === s.id)!.avgCostMicros).toBe(before.avgCostMicros);
    expect(typeof body.realizedMicros).toBe('number');
    expect(third.operatorApi.metrics()).toMatch(/patx_broker_avg_cost_micros\{series="AUTO_INTENT\|7D\|0\.70-0\.85"\} [1-9]/);
    await third.stop();
  });

  it('one series whose inputs break its quote is skipped and logged; the others are quoted', async () => {
    const svc = await start();
    const s = seriesOf(svc);
    const est = svc.quoting!.estimates.get(s.id)!;
    est.mints.value = Number.NaN; // a non-finite estimate: the price it makes is refused (fromFloat throws)
    const sent = await quoteTurn(svc);
    expect(svc.quoting!.stats.seriesFailed).toBe(1);
    expect(sent).toBeGreaterThan(1);
    expect(s.quoteBidIds).toEqual([]);
    expect(s.referencePriceMicros).toBe(0); // never quoted
    const listed = svc.engine.series.filter((x) => x !== undefined && x.status === 1 && qs.now < x.spec.closeAtMs);
    expect(sent).toBe(listed.length - 1);
    expect(svc.quoting!.health().detail).toContain('1 series quotes failed');
    await svc.stop();
  });

  it('sizes bids within the window exposure limit across the series it quotes in the same turn', async () => {
    qs.config = { ...qs.config, quoting: { ...qs.config.quoting, params: { ...qs.config.quoting.params, 'risk.brokerMaxLongWindow': 50 } } };
    const svc = await start();
    await quoteTurn(svc);
    // The spot series (forwards form window groups of their own, with their own limits).
    const group = svc.engine.series.filter((x) => x !== undefined && x.spec.contract.startsWith('AUTO_INTENT|7D|') && x.status === 1 && x.spec.kind === 1);
    expect(group.length).toBeGreaterThanOrEqual(2);
    const bids = group.reduce((n, x) => n + x!.quoteBidIds.reduce((m, id) => m + svc.engine.orders.get(id)!.leavesQty, 0), 0);
    expect(bids).toBeGreaterThan(0);
    expect(bids).toBeLessThanOrEqual(50);
    expect(svc.quoting!.stats.quotesRejected).toBe(0);
    const api = svc.operatorApi;
    expect(api.metrics()).toMatch(/patx_quotes_total\{outcome="sent"\} [1-9]/);
    expect(api.metrics()).toContain('patx_param{name="risk.brokerMaxLongWindow"} 50');
    await svc.stop();
  });

  it('yields to order flow: no turn while the queue is deep, at most maxQuotesPerTurn per turn, one quote in flight per series', async () => {
    qs.config = { ...qs.config, quoting: { ...qs.config.quoting, params: { ...qs.config.quoting.params, 'quoting.maxQuotesPerTurn': 2 } } };
    const svc = await start();
    const quoter = startQuoting({ engine: svc.engine, sequencer: svc.sequencer, clock: () => qs.now, tickMs: 0, maxQueueDepth: 10 });
    svc.quoting!.stop(); // only the quoter under test
    // Order flow queued and not yet applied: the quoter waits.
    const pending = Array.from({ length: 20 }, () => svc.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' }));
    expect(quoter.tick()).toBe(0);
    expect(quoter.stats.turnsSkippedBusy).toBe(1);
    await Promise.all(pending);
    // The quoter's busy time so far is all event handling (its only turn was skipped); its turns add to busyMs alone.
    expect(quoter.stats.eventsMs).toBeGreaterThan(0);
    expect(quoter.stats.busyMs).toBe(quoter.stats.eventsMs);
    expect(quoter.tick()).toBe(2); // capped per turn
    expect(quoter.stats.busyMs).toBeGreaterThan(quoter.stats.eventsMs);
    expect(quoter.tick()).toBe(2); // the next two; the first two are still in flight, so not resent
    await svc.sequencer.drain();
    expect(quoter.stats.quotesSent).toBe(4);
    quoter.stop();
    await svc.stop();
  });

  it('refuses a bad parameter seed in the config with the reason', () => {
    expect(() => loadConfig({}, { quoting: { params: { 'risk.maxOrderQty': -5 } } })).toThrow(/risk\.maxOrderQty/);
    expect(() => loadConfig({}, { quoting: { params: { 'quoting.nope': 1 } } })).toThrow(/unknown parameter/);
  });
});
