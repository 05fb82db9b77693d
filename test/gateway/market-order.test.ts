/**
 * A MARKET order sent over the wire trades with the broker's ask when the broker quotes above
 * the lagging reference by more than the series' band (the demo's case: reference 0.8700, ask
 * 0.9410). The service adopts engine rules 6 at its first start, under which the protection is
 * the best ask plus the band (src/engine/products/rules.ts); a real service on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, CURRENT_RULES, Side } from '../../src/engine/index.js';
import { PatxRequestError, wire } from '../../src/client/index.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture();
  await fx.stockBroker(20, 500_000);
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

describe('a MARKET order over the wire', () => {
  it('fills at the broker asks up to the best ask plus the band; the rest is cancelled', async () => {
    expect(fx.service.engine.rulesVersion).toBe(CURRENT_RULES);
    const series = fx.service.engine.series[fx.seriesId]!;
    const ask = 941_000;
    // The best ask plus the series' band, rounded down onto the tick: the last price the order may pay.
    const bound = Math.floor((ask + Math.floor((ask * series.bandBps) / 10_000)) / series.tickMicros) * series.tickMicros;
    await fx.submitOk({
      kind: CommandKind.MASS_QUOTE,
      actor: fx.service.engine.brokerId,
      seriesId: fx.seriesId,
      bids: { priceMicros: [], qty: [] },
      asks: { priceMicros: [ask, bound, bound + series.tickMicros], qty: [5, 2, 4] },
      referencePriceMicros: 870_000,
    });
    expect(series.referencePriceMicros).toBe(870_000);

    const consumer = await fx.connect(testWallet(780));
    try {
      await fx.fund(consumer.accountId, 100);
      const ack = await consumer.newOrder({ seriesId: fx.seriesId, clientOrderId: 1, side: wire.Side.BUY, orderType: wire.OrderType.MARKET, priceMicros: 0, qty: 10, timeInForce: wire.TimeInForce.IOC });
      expect(ack.rejectReason ?? 0).toBe(0);
      const reports = ack.reports!.map((r) => [r.execType, Number(r.lastQty ?? 0), Number(r.lastPriceMicros ?? 0), Number(r.canceledQty ?? 0)]);
      expect(reports).toEqual([
        [wire.ExecType.EXEC_NEW, 0, 0, 0],
        [wire.ExecType.EXEC_TRADE, 5, ask, 0],
        [wire.ExecType.EXEC_TRADE, 2, bound, 0],
        [wire.ExecType.EXEC_CANCELED, 0, 0, 3],
      ]);
      expect(series.brokerSells.depth(Side.SELL, 5)).toEqual([[bound + series.tickMicros, 4, 1]]);
      // Side and price: a market order's limit is its protection bound; as the taker its trades name no limit (the fill names the maker's).
      expect(ack.reports!.map((r) => [Number(r.side ?? 0), Number(r.priceMicros ?? 0)])).toEqual([
        [wire.Side.BUY, bound],
        [wire.Side.BUY, 0],
        [wire.Side.BUY, 0],
        [wire.Side.BUY, bound],
      ]);
    } finally {
      await consumer.close();
    }
  });

  it('with a price is refused INVALID_FIELD at the gateway, nothing done: the engine would put its protection price in its place', async () => {
    // A bot meaning the price as a cap got none: a buy 100,000 µPAT under the ask was accepted and filled at the ask.
    const series = fx.service.engine.series[fx.seriesId]!;
    const ask = series.brokerSells.depth(Side.SELL, 1)[0]![0];
    const consumer = await fx.connect(testWallet(781));
    try {
      await fx.fund(consumer.accountId, 100);
      const account = fx.service.engine.accounts[consumer.accountId]!;
      const before = { seq: fx.service.engine.lastSeq, available: account.availableMicros, asks: series.brokerSells.depth(Side.SELL, 5) };
      for (const priceMicros of [ask - 100_000, ask, -1]) {
        const error = await consumer.newOrder({ seriesId: fx.seriesId, clientOrderId: 2, side: wire.Side.BUY, orderType: wire.OrderType.MARKET, priceMicros, qty: 1, timeInForce: wire.TimeInForce.IOC }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(PatxRequestError);
        expect(error).toMatchObject({ code: 'INVALID_FIELD', field: 'price_micros', message: 'INVALID_FIELD: a market order carries no price (0): use a LIMIT IOC to cap the price (price_micros)' });
      }
      expect({ seq: fx.service.engine.lastSeq, available: account.availableMicros, asks: series.brokerSells.depth(Side.SELL, 5) }).toEqual(before);
      // The cap meant: a LIMIT IOC at it, which takes nothing above it.
      const capped = await consumer.newOrder({ seriesId: fx.seriesId, clientOrderId: 3, side: wire.Side.BUY, orderType: wire.OrderType.LIMIT, priceMicros: ask - 100_000, qty: 1, timeInForce: wire.TimeInForce.IOC });
      expect(capped.reports!.map((r) => r.execType)).toEqual([wire.ExecType.EXEC_NEW, wire.ExecType.EXEC_CANCELED]);
    } finally {
      await consumer.close();
    }
  });
});
