/**
 * The quoter in a SYNTHETIC series (docs/pricing.md, "Synthetics"), inside the running
 * service on a real journal: a listed synthetic gets a two-sided quote around the expected
 * settlement index (the index forecast's mean: days out, the spot's price decayed to the hour before the close), both
 * ladders within the margin the broker's free PAT can hold; the skew follows the broker's
 * signed position; a synthetic fill does not touch the spot estimates; a refused quote
 * backs off instead of being resent every turn. The timer is off: tests call `tick()`.
 */
import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/app/service.js';
import { DEFAULT_SETTLEMENT_INDEX_PARAMS } from '../../src/settlement-index/index.js';
import { elapsedShare, freshnessValue, marginPerUnitMicros } from '../../src/quoting/index.js';
import {
  CommandKind,
  EventType,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  type Series,
} from '../../src/engine/index.js';
import { expectRefusedQuoteBacksOff, iocOrder as order, listOnWindow, openInstitution, openSpot, OPERATOR, quoteTurn, rightsPnl, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-quoting-synth-');

/** The service, the open 7D spot series and a SYNTHETIC listed on its window (phase 3 voted), and a funded institution. */
async function setUp(params: Array<[string, number]> = []): Promise<{ svc: Service; spot: Series; synth: Series; institution: number }> {
  const svc = await qs.start();
  for (const [name, value] of params) await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name, value });
  const spot = openSpot(svc, qs.now);
  await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
  const synth = await listOnWindow(svc, spot, SeriesKind.SYNTHETIC);
  const institution = await openInstitution(svc);
  return { svc, spot, synth, institution };
}

function quoteMarginMicros(svc: Service, s: Series): number {
  let m = 0;
  for (const id of [...s.quoteBidIds, ...s.quoteAskIds]) {
    const o = svc.engine.orders.get(id)!;
    m += o.collateralPerUnitMicros * o.leavesQty;
  }
  return m;
}

describe('the quoter in a synthetic', () => {
  it('quotes a listed synthetic on both sides around the expected index (below today\'s spot price), within margin', async () => {
    // Without the jump prior's widening of the spot (30 bps): the spot's one-sided book then sits a tick or two lower and
    // the forecast's mean a synthetic tick higher, 0.65% from the level below instead of 0.46% (issue 80's jump model).
    const { svc, spot, synth } = await setUp([['quoting.jumpPriorPerHour', 0]]);
    expect(svc.quoting!.series(synth.id)?.synthetic).toBe(true);
    await quoteTurn(svc);
    expect(svc.quoting!.stats.quotesRejected).toBe(0);
    expect(synth.quoteBidIds.length).toBeGreaterThan(0);
    expect(synth.quoteAskIds.length).toBeGreaterThan(0); // no rights needed: it may sell short
    const q = svc.quoting!.series(synth.id)!.lastQuote!;
    const spotQuote = svc.quoting!.series(spot.id)!.lastQuote!;
    // The expected index: the index forecast's mean, the same as the strike grid's centre. Days before the close that is
    // the spot's price (same inputs, same turn) with the freshness averaged over the index's sample instants, within the
    // book's skew and the rung the forecast expects.
    expect(q.reference.priceMicros).toBe(Math.round(svc.quoting!.expectedIndexMicros(spot.id)! / synth.spec.tickMicros) * synth.spec.tickMicros);
    const p = svc.quoting!.params();
    const { periodMs, sampleEveryMs } = DEFAULT_SETTLEMENT_INDEX_PARAMS;
    let meanF = 0;
    for (let k = 0; k < periodMs / sampleEveryMs; k++) meanF += freshnessValue(p, elapsedShare(spot.spec.openAtMs, spot.spec.closeAtMs, spot.spec.closeAtMs - k * sampleEveryMs));
    meanF /= periodMs / sampleEveryMs;
    const expected = (spotQuote.reference.exactMicros * meanF) / spotQuote.reference.freshness;
    // Within the lean of the broker's stock: the forecast's rules paths move the book by the skew and carry of the stock
    // they carry (issue 80, leanAt), which the spot's reference here leaves out: 1.57% above it (0.65% before the lean).
    expect(Math.abs(q.reference.priceMicros / expected - 1)).toBeLessThan(0.02);
    expect(q.reference.priceMicros).toBeLessThan(spotQuote.reference.priceMicros); // freshness decays toward the close
    expect(synth.referencePriceMicros).toBe(q.reference.priceMicros); // sent as the synthetic's reference
    const bid = svc.engine.orders.get(synth.quoteBidIds[0]!)!.priceMicros;
    const ask = svc.engine.orders.get(synth.quoteAskIds[0]!)!.priceMicros;
    expect(bid).toBeLessThan(q.reference.priceMicros);
    expect(ask).toBeGreaterThan(q.reference.priceMicros);
    expect(ask - bid).toBeLessThan(0.5 * q.reference.priceMicros);
    // Wider than the spot's for the index's uncertainty to the close.
    expect(q.widening.indexFraction).toBeGreaterThan(0);
    expect(q.halfSpread / (q.reference.priceMicros / 1e6)).toBeGreaterThan(spotQuote.halfSpread / (spotQuote.reference.priceMicros / 1e6));
    // Margin held: the engine's rate, within the share of the broker's free PAT the quoter allows.
    const broker = svc.engine.account(svc.engine.brokerId)!;
    const held = quoteMarginMicros(svc, synth);
    expect(held).toBe([...synth.quoteBidIds, ...synth.quoteAskIds].reduce((n, id) => { const o = svc.engine.orders.get(id)!; return n + marginPerUnitMicros(o.priceMicros, svc.engine.risk.syntheticInitialMarginBps) * o.leavesQty; }, 0));
    expect(held).toBeLessThanOrEqual(p.syntheticMarginShare * (broker.availableMicros + held));
    expect(svc.quoting!.syntheticView(synth.id)!.quoteMarginMicros).toBe(held);

    // A tiny margin budget: the ladders shrink to what it holds (best levels first), and the engine takes them.
    await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.syntheticMarginShare', value: 0.00002 });
    qs.now += 1_000;
    await quoteTurn(svc);
    const small = svc.quoting!.series(synth.id)!.lastQuote!;
    expect(small.reasons).toContain('MARGIN_LIMITED');
    expect(svc.quoting!.stats.quotesRejected).toBe(0);
    const heldSmall = quoteMarginMicros(svc, synth);
    expect(heldSmall).toBeGreaterThan(0);
    expect(heldSmall).toBeLessThanOrEqual(0.00002 * (broker.availableMicros + heldSmall));
    expect(small.bids.qty.length + small.asks.qty.length).toBeLessThan(q.bids.qty.length + q.asks.qty.length);
    await svc.stop();
  });

  it('skews by the broker\'s synthetic position, and a synthetic fill leaves the spot estimates alone', async () => {
    const { svc, spot, synth, institution } = await setUp();
    await quoteTurn(svc);
    const flat = svc.quoting!.series(synth.id)!.lastQuote!;
    expect(flat.reservation * 1e6).toBeCloseTo(flat.reference.priceMicros, 3); // flat: no skew

    const learned = () => JSON.stringify([svc.quoting!.estimates.get(spot.id), svc.quoting!.estimates.segments.get('AUTO_INTENT'), svc.quoting!.estimates.broker, rightsPnl(svc)]);
    const spotBefore = learned();
    const inventoryBefore = svc.quoting!.view(spot.id)!.inventory;
    // The institution buys 10 at the broker's ask: the broker is short 10.
    const ask = svc.engine.orders.get(synth.quoteAskIds[0]!)!.priceMicros;
    const fills = (await send(svc, order(institution, synth.id, Side.BUY, ask, 10))).filter((e) => e.type === EventType.FILL);
    expect(fills.length).toBeGreaterThan(0);
    expect(svc.engine.account(svc.engine.brokerId)!.positions.get(synth.id)!.available).toBe(-10);
    expect(learned()).toBe(spotBefore); // no inventory, σ mark, anchor, segment value, intensity or P&L of rights
    expect(svc.quoting!.view(spot.id)!.inventory).toBe(inventoryBefore);
    expect(svc.quoting!.estimates.synthetics.get(synth.id)!.tradeCount).toBe(1);

    qs.now += 1_000;
    await quoteTurn(svc);
    const short = svc.quoting!.series(synth.id)!.lastQuote!;
    expect(short.model.skew).toBeLessThan(0);
    expect(short.reservation * 1e6).toBeGreaterThan(short.reference.priceMicros); // short: buys dearer, sells dearer
    const view = svc.quoting!.syntheticView(synth.id)!;
    expect(view.position).toBe(-10);
    expect(view.costMicros).toBe(-10 * ask);

    // It sells 30 into the broker's bids: the broker is long 20, and the skew turns the other way.
    const bids = synth.quoteBidIds.map((id) => svc.engine.orders.get(id)!);
    const sold = bids.reduce((n, o) => n + o.leavesQty, 0);
    expect(sold).toBeGreaterThanOrEqual(30);
    await send(svc, order(institution, synth.id, Side.SELL, bids[bids.length - 1]!.priceMicros, 30));
    expect(svc.engine.account(svc.engine.brokerId)!.positions.get(synth.id)!.available).toBe(20);
    qs.now += 1_000;
    await quoteTurn(svc);
    const long = svc.quoting!.series(synth.id)!.lastQuote!;
    expect(long.model.skew).toBeGreaterThan(0);
    expect(long.reservation * 1e6).toBeLessThan(long.reference.priceMicros);
    expect(svc.quoting!.view(spot.id)!.inventory).toBe(inventoryBefore);
    await svc.stop();
  });

  it('a refused synthetic quote backs off (doubling) instead of being resent every turn', async () => {
    const { svc, synth } = await setUp();
    await quoteTurn(svc);
    await expectRefusedQuoteBacksOff(svc, qs, synth);
  });
});
