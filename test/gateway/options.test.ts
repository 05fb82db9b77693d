/**
 * Options over the wire, on a real uWS server, sequencer and LMDB journal (the service, on
 * a clock the test moves): phase 4 voted, a spot series, a CALL and a PUT listed on one
 * window with their strikes. The series list on both sockets and the HTTP series views
 * carry kind, strike and spot series; a consumer buys calls from an institution that
 * writes them (and may not write one itself); the writer's position shows its writing
 * margin; marks reach a SETTLEMENT subscriber and the HTTP settlement view (with the
 * option's value at the mark: the index moved by a spot trade, not by the reference); at the close the index is published and the cash exercise
 * reaches both accounts as SyntheticSettlement with `valueMicros`; the settlement view
 * answers for option series (never NOT_A_SYNTHETIC) and shows the value at the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectName, wire, type MarketDataClient, type SyntheticSettlement, type TradingClient } from '../../src/client/index.js';
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce } from '../../src/engine/index.js';
import type { patx } from '../../src/proto/index.js';
import { until } from '../support/exchange-fixture.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const CONTRACT = 'OPTTEST|1h|0.70-0.85';
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const CALL_STRIKE = PAT_MICROS; // 1 PAT
const PUT_STRIKE = 1_500_000; // 1.5 PAT

let fx: GatewayFixture;
let offsetMs = 0;
const openAtMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
const closeAtMs = openAtMs + HOUR_MS;
let spot = 0;
let call = 0;
let put = 0;
let brokerId = 0;

function list(kind: SeriesKind, strikeMicros?: number): Promise<number> {
  return fx.listSeries({ contract: CONTRACT, kind, openAtMs, closeAtMs, bandBps: 5_000, strikeMicros });
}


async function getJson(path: string): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${fx.httpUrl}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  fx = await startGatewayFixture({}, {}, [], () => Date.now() + offsetMs);
  // The intake's workers (which check a login's signature) booted now, not by the first login.
  await fx.service.intake.ready();
  brokerId = fx.service.engine.brokerId;
  await fx.submitOk({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
  spot = await list(SeriesKind.SPOT);
  call = await list(SeriesKind.CALL, CALL_STRIKE);
  put = await list(SeriesKind.PUT, PUT_STRIKE);
  await fx.fund(brokerId, 10_000);
  await fx.quoteReference(spot, PAT_MICROS);
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

describe('options over the wire', () => {
  it('series lists and HTTP views carry the kind, the strike and the spot series', async () => {
    const md = await fx.market();
    const client = await fx.connect(testWallet(920));
    try {
      for (const listed of [await md.series(), await client.series()]) {
        const c = listed.find((s) => Number(s.seriesId) === call)!;
        expect(c).toMatchObject({ contract: CONTRACT, kind: wire.SeriesKind.CALL, status: wire.SeriesStatus.TRADING });
        expect(Number(c.strikeMicros)).toBe(CALL_STRIKE);
        expect(Number(c.spotSeriesId)).toBe(spot);
        const p = listed.find((s) => Number(s.seriesId) === put)!;
        expect(p.kind).toBe(wire.SeriesKind.PUT);
        expect(Number(p.strikeMicros)).toBe(PUT_STRIKE);
        const s = listed.find((x) => Number(x.seriesId) === spot)!;
        expect(Number(s.strikeMicros ?? 0)).toBe(0);
        expect(Number(s.spotSeriesId ?? 0)).toBe(0);
      }

      const one = await getJson(`/v1/series/${put}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ seriesId: put, kind: 'PUT', strikeMicros: PUT_STRIKE, strike: '1.5', spotSeriesId: spot, status: 'TRADING' });
      const all = await getJson('/v1/series');
      expect(all.body.series.find((s: { seriesId: number }) => s.seriesId === call)).toMatchObject({ kind: 'CALL', strikeMicros: CALL_STRIKE, strike: '1', spotSeriesId: spot });
      const spotJson = all.body.series.find((s: { seriesId: number }) => s.seriesId === spot);
      expect(spotJson.kind).toBe('SPOT');
      expect(spotJson).not.toHaveProperty('strikeMicros');
      expect(spotJson).not.toHaveProperty('spotSeriesId');

      // The settlement view answers for a put too (not NOT_A_SYNTHETIC), with the engine's mark: the service marks
      // every live option within a second of listing and each minute after, so the test waits for that first mark
      // rather than racing it (a minute boundary falls between two marks, never between these two reads).
      const cash = fx.service.engine.series[put]!.cashSettled!;
      await until(() => cash.markAtMs > 0, 'the put marked');
      const view = await getJson(`/v1/series/${put}/settlement`);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ seriesId: put, kind: 'PUT', strikeMicros: PUT_STRIKE, strike: '1.5', spotSeriesId: spot, settlementIndex: null });
      expect(view.body.mark).toMatchObject({ markAtMs: cash.markAtMs, markMicros: cash.markMicros });
    } finally {
      await Promise.all([md.close(), client.close()]);
    }
  }, 30_000);

  it('a consumer buys calls an institution writes; marks, the index and the cash exercise reach the wire and the HTTP view', async () => {
    const md: MarketDataClient = await fx.market();
    const buyer: TradingClient = await fx.connect(testWallet(921));
    const writer: TradingClient = await fx.connect(testWallet(922));
    try {
      const operator = fx.service.engine.accounts.find((a) => a?.role === Role.OPERATOR)!.id;
      await fx.submitOk({ kind: CommandKind.SET_INSTITUTION, actor: operator, accountId: writer.accountId, qualified: true });
      await fx.fund(buyer.accountId, 10);
      await fx.fund(writer.accountId, 100);

      const marks: patx.v1.ISyntheticMark[] = [];
      const indexes: patx.v1.ISettlementIndex[] = [];
      md.on('mark', (m) => marks.push(m));
      md.on('settlementIndex', (i) => indexes.push(i));
      await md.subscribe(call, [wire.Channel.SETTLEMENT]);
      const settlements = new Map<number, SyntheticSettlement>();
      for (const c of [buyer, writer]) c.onSyntheticSettlement((s) => settlements.set(c.accountId, s));

      // A consumer may not write: selling a call it does not hold is refused.
      const naked = await buyer.newOrder({ seriesId: call, clientOrderId: 1, side: wire.Side.SELL, priceMicros: 100_000, qty: 1, timeInForce: wire.TimeInForce.GTC });
      expect(rejectName(naked)).toBe('INSTITUTION_REQUIRED');

      // The institution writes 2 calls at 0.1 PAT; the consumer buys them and pays the premium at the fill.
      const written = await writer.newOrder({ seriesId: call, clientOrderId: 1, side: wire.Side.SELL, priceMicros: 100_000, qty: 2, timeInForce: wire.TimeInForce.GTC });
      expect(written.rejectReason ?? 0).toBe(0);
      const bought = await buyer.newOrder({ seriesId: call, clientOrderId: 2, side: wire.Side.BUY, priceMicros: 100_000, qty: 2, timeInForce: wire.TimeInForce.IOC });
      expect(bought.reports?.some((r) => r.execType === wire.ExecType.EXEC_TRADE)).toBe(true);
      const buyerAccount = await buyer.account();
      expect(BigInt(buyerAccount.availableWei ?? '0')).toBe(BigInt(10 * PAT_MICROS - 200_000) * 10n ** 12n);
      const held = buyerAccount.positions!.find((p) => Number(p.seriesId) === call)!;
      expect(held).toMatchObject({ kind: wire.SeriesKind.CALL });
      expect(Number(held.available)).toBe(2);
      const short = (await writer.account()).positions!.find((p) => Number(p.seriesId) === call)!;
      expect(short.kind).toBe(wire.SeriesKind.CALL);
      expect(Number(short.available)).toBe(-2);
      expect(BigInt(short.collateralWei ?? '0')).toBeGreaterThan(0n); // its writing margin

      // The index rises to 1.4 PAT: a provider sells a right into the broker's 1.4 PAT bid, the hour's only spot trade
      // (its quote one-sided, the index falls to the trades: docs/settlement-index.md). A reference moved alone would not
      // move it: the index reads the reference as it stood at the hour's start (rules 4). A minute later the trade's
      // minute is in the trailing hour: the mark goes out on the SETTLEMENT channel and the view values the call at 0.4.
      await fx.quoteReference(spot, 1_500_000); // the broker bids 1.4
      const opened = await fx.submitOk({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' });
      const provider = (opened.find((e) => e.type === EventType.ACCOUNT_OPENED) as { accountId: number }).accountId;
      await fx.submitOk({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot, capacity: 1 });
      await fx.submitOk({ kind: CommandKind.MINT, actor: provider, seriesId: spot, qty: 1 });
      const sold = await fx.submitOk({ kind: CommandKind.NEW_ORDER, actor: provider, seriesId: spot, clientOrderId: 1, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: 1_400_000, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
      expect(sold.some((e) => e.type === EventType.FILL)).toBe(true);
      offsetMs += MINUTE_MS;
      await fx.submitOk({ kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: call });
      await until(() => marks.some((m) => Number(m.markMicros) === 1_400_000), 'the mark');
      expect(marks.at(-1)).toMatchObject({ seriesId: call, method: wire.SettlementIndexMethod.TRADE_VWAP });
      const before = await getJson(`/v1/series/${call}/settlement`);
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ kind: 'CALL', strikeMicros: CALL_STRIKE, status: 'TRADING', settlementIndex: null });
      expect(before.body.mark).toMatchObject({ markMicros: 1_400_000, valueMicros: 400_000, value: '0.4', method: 'TRADE_VWAP' });

      // The close passes: the index is published and every position exercised for cash.
      offsetMs = closeAtMs + 1_000 - Date.now();
      await fx.submitOk({ kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: call, cutoffMs: closeAtMs });
      await until(() => indexes.length === 1 && settlements.size === 2, 'the index and the settlements');
      expect(indexes[0]).toMatchObject({ seriesId: call, spotSeriesId: spot, cutoffAtMs: closeAtMs, indexMicros: 1_400_000 });
      const paid = settlements.get(buyer.accountId)!;
      expect(paid).toMatchObject({ seriesId: call, positionQty: 2, indexMicros: 1_400_000, valueMicros: 400_000 });
      expect(Number(paid.payoutMicros) + Number(paid.haircutMicros ?? 0)).toBe(800_000);
      const owed = settlements.get(writer.accountId)!;
      expect(owed).toMatchObject({ seriesId: call, positionQty: -2, indexMicros: 1_400_000, valueMicros: 400_000 });
      expect(Number(owed.payoutMicros ?? 0) - Number(owed.shortfallMicros ?? 0)).toBe(-800_000);

      const after = await getJson(`/v1/series/${call}/settlement`);
      expect(after.body.status).toBe('EXPIRED');
      expect(after.body.settlementIndex).toMatchObject({ detail: true, indexMicros: 1_400_000, index: '1.4', valueMicros: 400_000, value: '0.4' });
    } finally {
      await Promise.all([md.close(), buyer.close(), writer.close()]);
    }
  }, 60_000);
});
