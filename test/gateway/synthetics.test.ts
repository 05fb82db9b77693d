/**
 * Synthetics over the wire, on a real uWS server, sequencer and LMDB journal (the service,
 * on a clock the test moves): phase 3 voted, a spot and a SYNTHETIC series listed on one
 * window, two institutions log in and trade the synthetic; a provider sells a right into the
 * broker's bid at twice the price (the hour's only spot trade, the broker's quote one-sided: the
 * index falls to the trades), a mark liquidates the thin short; at the close the index is published and each
 * position paid. A market-data subscriber of the SETTLEMENT channel gets the marks and the
 * index (decoded by the real protobuf code in the client), the HTTP settlement view shows
 * the mark and the index with its inputs and intermediates, and the liquidated and paid
 * accounts get their SyntheticLiquidation / SyntheticSettlement on their sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wire, type MarketDataClient, type SyntheticLiquidation, type SyntheticSettlement, type TradingClient } from '../../src/client/index.js';
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce } from '../../src/engine/index.js';
import type { patx } from '../../src/proto/index.js';
import { until } from '../support/exchange-fixture.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const CONTRACT = 'SYNTEST|1h|0.70-0.85';
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

let fx: GatewayFixture;
let offsetMs = 0;
const openAtMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
const closeAtMs = openAtMs + HOUR_MS;
let spot = 0;
let synth = 0;
let brokerId = 0;

function list(kind: SeriesKind): Promise<number> {
  return fx.listSeries({ contract: CONTRACT, kind, openAtMs, closeAtMs, bandBps: 5_000 });
}


beforeAll(async () => {
  fx = await startGatewayFixture({}, {}, [], () => Date.now() + offsetMs);
  brokerId = fx.service.engine.brokerId;
  await fx.submitOk({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
  spot = await list(SeriesKind.SPOT);
  synth = await list(SeriesKind.SYNTHETIC);
  await fx.fund(brokerId, 10_000);
  await fx.quoteReference(spot, PAT_MICROS);
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

describe('synthetics over the wire', () => {
  it('marks and the index reach a SETTLEMENT subscriber and the HTTP view; liquidation and settlement reach their accounts', async () => {
    const md: MarketDataClient = await fx.market();
    const long: TradingClient = await fx.connect(testWallet(900));
    const short: TradingClient = await fx.connect(testWallet(901));
    const shortOther: TradingClient = await fx.connect(testWallet(901)); // a second session of the short's account hears it too
    try {
      const operator = fx.service.engine.accounts.find((a) => a?.role === Role.OPERATOR)!.id;
      for (const c of [long, short]) {
        await fx.submitOk({ kind: CommandKind.SET_INSTITUTION, actor: operator, accountId: c.accountId, qualified: true });
      }
      await fx.fund(long.accountId, 100);
      await fx.fund(short.accountId, 3);

      const marks: patx.v1.ISyntheticMark[] = [];
      const indexes: patx.v1.ISettlementIndex[] = [];
      md.on('mark', (m) => marks.push(m));
      md.on('settlementIndex', (i) => indexes.push(i));
      const gaps: unknown[] = [];
      md.on('gap', (...g) => gaps.push(g));
      const subscribed = await md.subscribe(synth, [wire.Channel.SETTLEMENT]);
      expect(subscribed.streams).toEqual([expect.objectContaining({ channel: wire.Channel.SETTLEMENT })]);
      const subscribedSeq = Number(subscribed.streams![0]!.seq ?? 0);

      const liquidations: SyntheticLiquidation[] = [];
      const otherLiquidations: SyntheticLiquidation[] = [];
      const settlements = new Map<number, SyntheticSettlement>();
      short.onSyntheticLiquidation((l) => liquidations.push(l));
      shortOther.onSyntheticLiquidation((l) => otherLiquidations.push(l));
      long.onSyntheticLiquidation(() => {
        throw new Error('the long was not liquidated');
      });
      for (const c of [long, short]) c.onSyntheticSettlement((s) => settlements.set(c.accountId, s));

      // 10 units at 1 PAT: the short posts 2 PAT of initial margin out of its 3.
      const resting = await long.newOrder({ seriesId: synth, clientOrderId: 1, side: wire.Side.BUY, priceMicros: PAT_MICROS, qty: 10, timeInForce: wire.TimeInForce.GTC });
      expect(resting.rejectReason ?? 0).toBe(0);
      const sold = await short.newOrder({ seriesId: synth, clientOrderId: 1, side: wire.Side.SELL, priceMicros: PAT_MICROS, qty: 10, timeInForce: wire.TimeInForce.IOC });
      expect(sold.reports?.some((r) => r.execType === wire.ExecType.EXEC_TRADE)).toBe(true);

      // The index doubles: a provider sells a right into the broker's 2 PAT bid, the hour's only spot trade (a reference
      // moved alone would not move it: the index reads the reference as it stood at the hour's start, rules 4). A minute
      // later the trade's minute is in the trailing hour: the short's equity goes below maintenance and the broker takes
      // it over at the mark.
      // The service also marks on its own when a minute turns (SyntheticMarking, src/app/service.ts). A minute turning
      // between the quote below and the spot trade would mark at the quote's reference (2.1, no trade in the hour yet)
      // and liquidate there, before this test's mark (seen once in CI). So this sequence starts with at least 15 s of
      // its minute left (else it waits for the next minute), and after that minute's own mark: the service makes it within
      // a second of the minute's start, so one not made yet could land mid-sequence too (seen again on 2026-12-01, 2.1).
      const intoMinute = (Date.now() + offsetMs) % MINUTE_MS;
      const minuteMs = Date.now() + offsetMs - intoMinute + (intoMinute > MINUTE_MS - 15_000 ? MINUTE_MS : 0);
      await until(() => fx.service.engine.series[synth]!.cashSettled!.markAtMs >= minuteMs, "the minute's own mark", 30_000);
      await fx.quoteReference(spot, 2 * PAT_MICROS + 100_000); // the broker bids 2
      const opened = await fx.submitOk({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' });
      const provider = (opened.find((e) => e.type === EventType.ACCOUNT_OPENED) as { accountId: number }).accountId;
      await fx.submitOk({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot, capacity: 1 });
      await fx.submitOk({ kind: CommandKind.MINT, actor: provider, seriesId: spot, qty: 1 });
      const intoBid = await fx.submitOk({ kind: CommandKind.NEW_ORDER, actor: provider, seriesId: spot, clientOrderId: 1, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: 2 * PAT_MICROS, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
      expect(intoBid.some((e) => e.type === EventType.FILL)).toBe(true);
      offsetMs += MINUTE_MS;
      const markedAt = (await fx.submitOk({ kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: 0 }))[0]!.seq;
      await until(() => marks.some((m) => Number(m.markMicros) === 2 * PAT_MICROS) && liquidations.length === 1 && otherLiquidations.length === 1, 'the mark and the liquidation');
      const mark = marks.find((m) => Number(m.markMicros) === 2 * PAT_MICROS)!;
      expect(mark).toMatchObject({ seriesId: synth, method: wire.SettlementIndexMethod.TRADE_VWAP });
      // A mark's seq is the journal seq of the command that marked.
      expect(Number(mark.seq)).toBe(markedAt);
      expect(Number(mark.markAtMs) % MINUTE_MS).toBe(0);
      expect(Number(mark.holders)).toBeGreaterThanOrEqual(2);
      const l = liquidations[0]!;
      expect(l).toMatchObject({ seriesId: synth, accountId: short.accountId, brokerId, positionQty: -10, markMicros: 2 * PAT_MICROS });
      expect(Number(l.owedMicros)).toBe(10 * PAT_MICROS); // sold at 1, taken over at 2
      expect(otherLiquidations[0]).toEqual(l);

      const before = (await (await fetch(`${fx.httpUrl}/v1/series/${synth}/settlement`)).json()) as Record<string, any>;
      expect(before).toMatchObject({ seriesId: synth, kind: 'SYNTHETIC', status: 'TRADING', spotSeriesId: spot, settlementIndex: null });
      expect(before.mark).toMatchObject({ markMicros: 2 * PAT_MICROS, mark: '2', method: 'TRADE_VWAP' });

      // A late subscriber gets the last mark as the stream's snapshot.
      const late = await fx.market();
      try {
        const lateMarks: patx.v1.ISyntheticMark[] = [];
        late.on('mark', (m) => lateMarks.push(m));
        await late.subscribe(synth, [wire.Channel.SETTLEMENT]);
        await until(() => lateMarks.length === 1, 'the snapshot');
        expect(Number(lateMarks[0]!.markMicros)).toBe(Number(marks.at(-1)!.markMicros));
        expect(Number(lateMarks[0]!.seq)).toBe(Number(marks.at(-1)!.seq));
      } finally {
        await late.close();
      }

      // The close passes on the service's clock: expiry publishes the index and pays every holder.
      offsetMs = closeAtMs + 1_000 - Date.now();
      const expiredAt = (await fx.submitOk({ kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: synth, cutoffMs: closeAtMs }))[0]!.seq;
      await until(() => indexes.length === 1 && settlements.size === 2, 'the index and the settlements');
      expect(indexes[0]).toMatchObject({ seriesId: synth, spotSeriesId: spot, cutoffAtMs: closeAtMs, indexMicros: 2 * PAT_MICROS, method: wire.SettlementIndexMethod.TRADE_VWAP });
      // One stream, marks then the index, each under its command's journal seq and chained on the one before.
      expect(Number(indexes[0]!.seq)).toBe(expiredAt);
      const stream = [...marks, indexes[0]!];
      // The first is the snapshot (a mark made before the subscription, under its seq) or the update after it.
      const [firstSeq, firstPrev] = [Number(stream[0]!.seq), Number(stream[0]!.prevSeq ?? 0)];
      expect(firstSeq === subscribedSeq || firstPrev === subscribedSeq, `first ${firstSeq} (after ${firstPrev}), subscribed at ${subscribedSeq}`).toBe(true);
      for (let i = 1; i < stream.length; i++) {
        expect(Number(stream[i]!.prevSeq)).toBe(Number(stream[i - 1]!.seq));
        expect(Number(stream[i]!.seq)).toBeGreaterThan(Number(stream[i - 1]!.seq));
      }
      expect(gaps).toEqual([]);
      const paid = settlements.get(long.accountId)!;
      expect(paid).toMatchObject({ seriesId: synth, accountId: long.accountId, positionQty: 10, indexMicros: 2 * PAT_MICROS });
      expect(Number(paid.payoutMicros) + Number(paid.haircutMicros ?? 0)).toBe(10 * PAT_MICROS);
      const owed = settlements.get(short.accountId)!;
      expect(owed).toMatchObject({ seriesId: synth, accountId: short.accountId, indexMicros: 2 * PAT_MICROS });
      expect(Number(owed.payoutMicros ?? 0) - Number(owed.shortfallMicros ?? 0)).toBe(-10 * PAT_MICROS);

      const after = (await (await fetch(`${fx.httpUrl}/v1/series/${synth}/settlement`)).json()) as Record<string, any>;
      expect(after.status).toBe('EXPIRED');
      expect(after.settlementIndex).toMatchObject({ detail: true, spotSeriesId: spot, cutoffAtMs: closeAtMs, indexMicros: 2 * PAT_MICROS, index: '2', method: 'TRADE_VWAP' });
      // The band around the trade's own price: the reference (the one the track first sampled, the window listed inside its hour) does not enter.
      expect(after.settlementIndex.computation).toMatchObject({ indexMicros: 2 * PAT_MICROS, method: 'TRADE_VWAP', anchorSource: 'TRADE_MEDIAN', tradeVwapMicros: 2 * PAT_MICROS });
      expect(after.settlementIndex.inputs).toMatchObject({ cutoffAtMs: closeAtMs, trades: [expect.objectContaining({ priceMicros: 2 * PAT_MICROS, qty: 1 })] });
      expect(after.settlementIndex.computation.referencePriceMicros).toBe(after.settlementIndex.inputs.referencePriceMicros);
      expect(Array.isArray(after.settlementIndex.inputs.quoteSamples)).toBe(true);

      const notSynthetic = await fetch(`${fx.httpUrl}/v1/series/${spot}/settlement`);
      expect(notSynthetic.status).toBe(404);
      expect(((await notSynthetic.json()) as { error: string }).error).toBe('NOT_A_SYNTHETIC');
      expect((await fetch(`${fx.httpUrl}/v1/series/99999/settlement`)).status).toBe(404);
    } finally {
      await Promise.all([md.close(), long.close(), short.close(), shortOther.close()]);
    }
  }, 60_000);
});
