/**
 * Forwards over the wire, on a real uWS server, sequencer and LMDB journal: a spot
 * and a forward series of the next window are listed through the sequencer, the
 * broker quotes them, a consumer buys forward and a provider pledges and sells
 * forward over order entry; the account views show the forward positions and the
 * PAT locked in them; at the window's open DELIVER_FORWARDS delivers and each
 * client receives its ForwardDelivery. A market-data subscriber follows the
 * contract's forward curve: the snapshot, an update when a forward quote changes,
 * the curve after delivery; malformed and unknown curve subscriptions get typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatxRequestError, rejectName, wire, type ForwardCurve, type ForwardDelivery, type MarketDataClient } from '../../src/client/index.js';
import {
  CommandKind,
  EventType,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  WEI_PER_MICRO,
  type EngineEvent,
  type ForwardDelivered,
} from '../../src/engine/index.js';
import { limitOrder, until } from '../support/exchange-fixture.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

/** A contract of this test's own, so the service's schedule (demo contracts) never lists beside it. */
const CONTRACT = 'FWDTEST|1h|0.70-0.85';
const HOUR_MS = 3_600_000;

let fx: GatewayFixture;
/** The service's clock runs ahead of the wall clock by this much once the test moves it to the window's open. */
let clockOffsetMs = 0;
/** The next window opens two minutes from the start: room for the setup, and trading in the forward ends then. */
const nextOpenMs = Math.ceil((Date.now() + 120_000) / 1_000) * 1_000;
let spotNow = 0;
let spotNext = 0;
let forward = 0;
let brokerId = 0;
/** The journal seq of the last command that changed the curve before the test (the forward's first quote). */
let curveChangedAt = 0;

function list(kind: SeriesKind, openAtMs: number): Promise<number> {
  return fx.listSeries({ contract: CONTRACT, kind, openAtMs, closeAtMs: openAtMs + HOUR_MS, bandBps: 500 });
}

function quote(seriesId: number, bid: number, ask: number, qty: number): Promise<EngineEvent[]> {
  return fx.submitOk({
    kind: CommandKind.MASS_QUOTE,
    actor: brokerId,
    seriesId,
    bids: { priceMicros: [bid], qty: [qty] },
    asks: { priceMicros: [ask], qty: [qty] },
    referencePriceMicros: (bid + ask) / 2,
  });
}

const wei = (micros: number): string => (BigInt(micros) * WEI_PER_MICRO).toString();

beforeAll(async () => {
  // Heartbeats are judged by the service's clock: moving it to the open must not look like silence.
  fx = await startGatewayFixture({ heartbeatTimeoutMs: 600_000 }, {}, [], () => Date.now() + clockOffsetMs);
  brokerId = fx.service.engine.brokerId;
  spotNow = await list(SeriesKind.SPOT, nextOpenMs - HOUR_MS);
  spotNext = await list(SeriesKind.SPOT, nextOpenMs);
  forward = await list(SeriesKind.FORWARD, nextOpenMs);
  await fx.fund(brokerId, 10_000);
  // The broker's spot inventory in the current window, bought from a provider, so it quotes both sides there.
  const opened = await fx.submitOk({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: wire.Role.PROVIDER, address: '' });
  const stocker = (opened[0] as { accountId: number }).accountId;
  await fx.submitOk({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: stocker, segment: 'FWDTEST', listingId: 1, listingVersion: 1 });
  await fx.submitOk({ kind: CommandKind.DECLARE_CAPACITY, actor: stocker, seriesId: spotNow, capacity: 10 });
  await fx.submitOk({ kind: CommandKind.MINT, actor: stocker, seriesId: spotNow, qty: 10 });
  await fx.submitOk(limitOrder(stocker, spotNow, Side.SELL, 450_000, 10));
  await fx.submitOk(limitOrder(brokerId, spotNow, Side.BUY, 450_000, 10, TimeInForce.IOC));
  await quote(spotNow, 440_000, 500_000, 5);
  curveChangedAt = (await quote(forward, 500_000, 600_000, 20))[0]!.seq;
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

describe('forwards over the wire', () => {
  it('trades, shows forward positions and locked PAT, and delivers each account its ForwardDelivery; the curve follows', async () => {
    const consumer = await fx.connect(testWallet(700));
    const provider = await fx.connect(testWallet(701), { role: wire.Role.PROVIDER });
    const md = await fx.market();
    try {
      await fx.fund(consumer.accountId, 100);
      await fx.fund(provider.accountId, 100);
      await fx.submitOk({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: provider.accountId, segment: 'FWDTEST', listingId: 2, listingVersion: 1 });
      const deliveries: Array<{ who: string; d: ForwardDelivery }> = [];
      consumer.onForwardDelivery((d) => deliveries.push({ who: 'consumer', d }));
      provider.onForwardDelivery((d) => deliveries.push({ who: 'provider', d }));

      // The series list carries the kind and, for the forward, where its delivery stands.
      const listed = await consumer.series();
      expect(listed.find((s) => Number(s.seriesId) === forward)).toMatchObject({ kind: wire.SeriesKind.FORWARD, delivery: wire.DeliveryState.DELIVERY_PENDING, openAtMs: nextOpenMs });
      expect(listed.find((s) => Number(s.seriesId) === spotNext)?.delivery ?? 0).toBe(0);

      // The curve: snapshot on subscribe (the spot window open now, then the forward; the next spot is not open yet).
      const curves: ForwardCurve[] = [];
      md.on('curve', (c) => curves.push(c));
      const gaps: unknown[] = [];
      md.on('curveGap', (...g) => gaps.push(g));
      await until(() => fx.service.gateway.marketData.counters.appliedSeq >= fx.service.engine.lastSeq, 'market data to apply the setup');
      const subscribed = await md.subscribeCurve(CONTRACT);
      expect(subscribed.contract).toBe(CONTRACT);
      expect(subscribed.streams!.map((s) => s.channel)).toEqual([wire.Channel.FORWARD_CURVE]);
      // The stream stands at the journal seq of the last command that changed the curve (the forward's quote):
      // the commands after it (funding, listings of providers) left it alone.
      const seq = Number(subscribed.streams![0]!.seq);
      expect(seq).toBe(curveChangedAt);
      expect(fx.service.engine.lastSeq).toBeGreaterThan(seq);
      await until(() => curves.length === 1, 'the curve snapshot');
      expect(Number(curves[0]!.seq)).toBe(seq);
      expect(curves[0]!.points).toEqual([
        { seriesId: spotNow, kind: wire.SeriesKind.SPOT, openAtMs: nextOpenMs - HOUR_MS, closeAtMs: nextOpenMs, bidMicros: 440_000, askMicros: 500_000, midMicros: 470_000 },
        { seriesId: forward, kind: wire.SeriesKind.FORWARD, openAtMs: nextOpenMs, closeAtMs: nextOpenMs + HOUR_MS, bidMicros: 500_000, askMicros: 600_000, midMicros: 550_000 },
      ]);

      // A consumer buys forward from the broker's ask; a provider pledges and sells forward into its bid.
      const bought = await consumer.newOrder({ seriesId: forward, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 600_000, qty: 6, timeInForce: wire.TimeInForce.IOC });
      expect(bought.reports!.map((r) => r.execType)).toEqual([wire.ExecType.EXEC_NEW, wire.ExecType.EXEC_TRADE]);
      expect(rejectName(await provider.pledge(forward, 10))).toBe('NONE');
      const sold = await provider.newOrder({ seriesId: forward, clientOrderId: 1, side: wire.Side.SELL, priceMicros: 500_000, qty: 4, timeInForce: wire.TimeInForce.IOC });
      expect(sold.reports!.at(-1)).toMatchObject({ execType: wire.ExecType.EXEC_TRADE, lastQty: 4, lastPriceMicros: 500_000 });

      // Positions: the provider short 4 with escrow (its proceeds) and collateral (20%) locked; the consumer long 6 at its cost.
      const providerView = await provider.account();
      expect(providerView.lockedWei).toBe(wei(4 * 500_000 + 4 * 100_000));
      expect(providerView.positions!.find((p) => Number(p.seriesId) === forward)).toMatchObject({
        available: -4,
        capacity: 10,
        kind: wire.SeriesKind.FORWARD,
        escrowWei: wei(2_000_000),
        collateralWei: wei(400_000),
        costWei: '0',
      });
      const consumerView = await consumer.account();
      expect(consumerView.lockedWei).toBe('0');
      expect(consumerView.positions!.find((p) => Number(p.seriesId) === forward)).toMatchObject({ available: 6, kind: wire.SeriesKind.FORWARD, costWei: wei(3_600_000) });
      const http = (await (await fetch(`${fx.httpUrl}/v1/account?account=${provider.accountId}`, { headers: { authorization: `Bearer ${fx.config.gateway.operatorToken}` } })).json()) as {
        locked: string;
        positions: Array<Record<string, unknown>>;
      };
      expect(http.locked).toBe('2.4');
      expect(http.positions.find((p) => p.seriesId === forward)).toMatchObject({ kind: 'FORWARD', available: -4, escrow: '2', collateral: '0.4', cost: '0' });

      // The broker requotes the forward: the curve's forward point moves, under the requote's seq, chained on the
      // snapshot's (the trades above changed the quotes' sizes, not the curve's prices: no message).
      const requotedAt = (await quote(forward, 520_000, 620_000, 20))[0]!.seq;
      await until(() => curves.length === 2, 'the curve update');
      expect([Number(curves[1]!.seq), Number(curves[1]!.prevSeq)]).toEqual([requotedAt, seq]);
      expect(curves[1]!.points![1]).toMatchObject({ seriesId: forward, bidMicros: 520_000, askMicros: 620_000, midMicros: 570_000 });

      // The window opens: the system delivers. Providers first (4 minted for the broker), then the consumer's 6 pro rata (4 to deliver).
      clockOffsetMs = nextOpenMs - Date.now() + 1_000;
      const { events } = await fx.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: forward, cutoffMs: nextOpenMs, maxPositions: 1_000 });
      const delivered = events.filter((e): e is ForwardDelivered => e.type === EventType.FORWARD_DELIVERED);
      expect(events.some((e) => e.type === EventType.FORWARD_DELIVERY_COMPLETED)).toBe(true);
      await until(() => deliveries.length === 2, 'both clients’ deliveries');
      const of = (who: string): ForwardDelivery => deliveries.find((x) => x.who === who)!.d;
      expect(of('provider')).toMatchObject({ accountId: provider.accountId, counterpartyId: brokerId, seriesId: forward, spotSeriesId: spotNext, positionQty: -4, deliveredQty: 4, proceedsMicros: 2_000_000, collateralReturnedMicros: 400_000 });
      expect(of('provider').shortfallQty ?? 0).toBe(0);
      expect(of('consumer')).toMatchObject({ accountId: consumer.accountId, counterpartyId: brokerId, spotSeriesId: spotNext, positionQty: 6, deliveredQty: 4, shortfallQty: 2, refundMicros: 1_200_000 });
      // Every field as the engine's event says, with the command's seq and time.
      for (const who of ['provider', 'consumer']) {
        const d = of(who);
        const { type: _type, ...fields } = delivered.find((e) => e.accountId === Number(d.accountId))!;
        for (const [k, v] of Object.entries(fields)) expect(Number((d as Record<string, unknown>)[k] ?? 0), `${who} ${k}`).toBe(v);
        expect(Number(d.timeMs)).toBeGreaterThanOrEqual(nextOpenMs);
      }
      const after = await consumer.account();
      expect(after.positions!.find((p) => Number(p.seriesId) === spotNext)?.available).toBe(4);

      // After delivery the forward has left the curve; the forward's view says it was delivered.
      await until(() => curves.at(-1)!.points!.every((p) => p.kind !== wire.SeriesKind.FORWARD), 'the curve without the delivered forward');
      expect(gaps).toEqual([]);
      // Every update chains on the one before, under a larger journal seq no later than the journal's end.
      for (let i = 1; i < curves.length; i++) {
        expect(Number(curves[i]!.prevSeq)).toBe(Number(curves[i - 1]!.seq));
        expect(Number(curves[i]!.seq)).toBeGreaterThan(Number(curves[i - 1]!.seq));
      }
      expect(Number(curves.at(-1)!.seq)).toBeLessThanOrEqual(fx.service.engine.lastSeq);
      const series = (await (await fetch(`${fx.httpUrl}/v1/series/${forward}`)).json()) as Record<string, unknown>;
      expect(series).toMatchObject({ kind: 'FORWARD', status: 'EXPIRED', delivery: 'DELIVERED' });
    } finally {
      await Promise.all([consumer.close(), provider.close(), md.close()]);
    }
  });

  it('answers malformed and unknown curve subscriptions with typed errors', async () => {
    const md: MarketDataClient = await fx.market();
    const refusal = async (run: () => Promise<unknown>): Promise<PatxRequestError> => {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PatxRequestError);
      return error as PatxRequestError;
    };
    try {
      expect(await refusal(() => md.subscribeCurve('NOSUCH|1h|0.70-0.85'))).toMatchObject({ code: 'CONTRACT_NOT_FOUND', field: 'contract' });
      expect(await refusal(() => md.subscribeCurve('not a contract'))).toMatchObject({ code: 'INVALID_FIELD', field: 'contract' });
      // FORWARD_CURVE is per contract, and a contract has no other channel.
      expect(await refusal(() => md.socket.request({ subscribe: { seriesId: forward, channels: [wire.Channel.FORWARD_CURVE] } }))).toMatchObject({ code: 'INVALID_FIELD', field: 'channels' });
      expect(await refusal(() => md.socket.request({ subscribe: { contract: CONTRACT, channels: [wire.Channel.BOOK] } }))).toMatchObject({ code: 'INVALID_FIELD', field: 'channels' });
      expect(await refusal(() => md.socket.request({ subscribe: { seriesId: spotNow, contract: CONTRACT } }))).toMatchObject({ code: 'INVALID_FIELD', field: 'contract' });
      // A series subscription is as before: its five channels, no curve.
      const series = await md.subscribe(spotNow);
      expect(series.streams!.map((s) => s.channel)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await md.close();
    }
  });
});
