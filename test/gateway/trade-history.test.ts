/**
 * GET /v1/trades on a real service: a series' trades newest first, paged by trade id, every
 * bad query refused by name, and the same answer after a restart, and after the store is
 * deleted (it is derived from the journal: src/gateway/trade-history.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, TimeInForce, type Command, type EngineEvent, type Series } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');

interface CandlesBody {
  interval: string;
  candles: Array<{ startMs: number; openMicros: number; highMicros: number; lowMicros: number; closeMicros: number; volume: number; trades: number }>;
}

interface TradesBody {
  seriesId: number;
  trades: Array<{ tradeId: number; seq: number; timeMs: number; priceMicros: number; qty: number; takerSide: string }>;
  next: number | null;
}

describe('GET /v1/trades', () => {
  let service: Service | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    if (dir !== undefined) removeDir(dir);
  });

  const start = async (clock: () => number = Date.now): Promise<Service> => {
    const config = loadConfig({}, { dataDir: dir!, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, quoting: { enabled: false }, settlement: { enabled: false }, demo: { enabled: false } });
    service = await startService(config, logger, clock);
    return service;
  };
  const get = async (query: string, method = 'GET', route = '/v1/trades'): Promise<{ status: number; body: TradesBody & CandlesBody & { error?: string; message?: string } }> => {
    const res = await fetch(`http://127.0.0.1:${service!.gateway.port}${route}${query}`, { method });
    return { status: res.status, body: (await res.json()) as TradesBody & CandlesBody & { error?: string } };
  };
  /** A provider with rights to sell in `spot`, and the broker funded to buy them. */
  const provision = async (s: Service, spot: Series): Promise<number> => {
    const opened = (await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!;
    await send({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: opened.accountId, segment: spot.segment, listingId: 1, listingVersion: 1 });
    await send({ kind: CommandKind.DECLARE_CAPACITY, actor: opened.accountId, seriesId: spot.id, capacity: 100 });
    await send({ kind: CommandKind.MINT, actor: opened.accountId, seriesId: spot.id, qty: 100 });
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: s.engine.brokerId, amountWei: 10n ** 22n, ref: `trades-test:${spot.id}` });
    return opened.accountId;
  };
  const tradingSpot = (s: Service): Series => s.engine.series.find((x): x is Series => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING)!;
  const send = async (cmd: Command): Promise<EngineEvent[]> => (await service!.sequencer.submit(cmd)).events;
  const order = (actor: number, seriesId: number, side: Side, priceMicros: number, tif: TimeInForce): Command =>
    ({ kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif, priceMicros, qty: 1 + (priceMicros % 3), expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });

  it('answers a series\' trades newest first, pages them, refuses bad queries, and says the same after a restart and from the journal alone', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-trades-'));
    const s = await start();
    const spot = tradingSpot(s);
    const provider = await provision(s, spot);
    // Five trades, one command each: the provider offers, the broker takes.
    const fills: Array<{ tradeId: number; priceMicros: number; qty: number }> = [];
    for (const priceMicros of [500_000, 510_000, 505_000, 520_000, 515_000]) {
      await send(order(provider, spot.id, Side.SELL, priceMicros, TimeInForce.GTC));
      const events = await send(order(s.engine.brokerId, spot.id, Side.BUY, priceMicros, TimeInForce.IOC));
      const fill = events.find((e) => e.type === EventType.FILL);
      expect(fill, `a fill at ${priceMicros}`).toBeDefined();
      fills.push({ tradeId: fill!.tradeId, priceMicros: fill!.priceMicros, qty: fill!.qty });
    }
    // Then three in one command (one turn): the broker's buy sweeps three offers.
    for (const priceMicros of [521_000, 522_000, 523_000]) await send(order(provider, spot.id, Side.SELL, priceMicros, TimeInForce.GTC));
    const sweep = { ...order(s.engine.brokerId, spot.id, Side.BUY, 523_000, TimeInForce.IOC), qty: 100 } as Command;
    const swept = (await send(sweep)).filter((e) => e.type === EventType.FILL);
    expect(swept).toHaveLength(3);
    for (const f of swept) fills.push({ tradeId: f.tradeId, priceMicros: f.priceMicros, qty: f.qty });
    const newestFirst = fills.reverse();
    // Read at once, not waited for: a read sees every trade released before it (the gathered trades are written first).
    const all = await get(`?seriesId=${spot.id}`);
    expect(all.status).toBe(200);
    expect(all.body.trades.map((t) => ({ tradeId: t.tradeId, priceMicros: t.priceMicros, qty: t.qty }))).toEqual(newestFirst);
    expect(all.body.trades.every((t) => t.takerSide === 'BUY' && t.seq > 0 && t.timeMs > 0)).toBe(true);
    expect(new Set(all.body.trades.slice(0, 3).map((t) => t.seq)).size).toBe(1); // the sweep: one command
    expect(all.body.next).toBeNull();

    // Pages of three: 3 (the sweep), 3, 2, each `next` the following page's `before`.
    const pages: number[][] = [];
    let before: number | null | undefined;
    do {
      const page = await get(`?seriesId=${spot.id}&limit=3${before === undefined ? '' : `&before=${before}`}`);
      pages.push(page.body.trades.map((t) => t.tradeId));
      before = page.body.next;
    } while (before !== null);
    expect(pages).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3, 6), newestFirst.slice(6, 8)].map((p) => p.map((t) => t.tradeId)));
    // A page boundary inside one turn's trades: limit 2, then the rest of the sweep and what came before.
    const first = await get(`?seriesId=${spot.id}&limit=2`);
    expect(first.body.trades.map((t) => t.tradeId)).toEqual(newestFirst.slice(0, 2).map((t) => t.tradeId));
    const rest = await get(`?seriesId=${spot.id}&limit=4&before=${first.body.next}`);
    expect(rest.body.trades.map((t) => t.tradeId)).toEqual(newestFirst.slice(2, 6).map((t) => t.tradeId));
    // Another series has none of them.
    const other = s.engine.series.find((x) => x !== undefined && x.id !== spot.id)!;
    expect((await get(`?seriesId=${other.id}`)).body.trades).toEqual([]);

    // Bad queries: refused by name.
    for (const [query, status, error] of [
      ['', 400, 'INVALID_FIELD'],
      ['?seriesId=0', 400, 'INVALID_FIELD'],
      ['?seriesId=abc', 400, 'INVALID_FIELD'],
      [`?seriesId=${spot.id}&limit=0`, 400, 'INVALID_FIELD'],
      [`?seriesId=${spot.id}&limit=1001`, 400, 'INVALID_FIELD'],
      [`?seriesId=${spot.id}&before=-3`, 400, 'INVALID_FIELD'],
      ['?seriesId=99999', 404, 'UNKNOWN_SERIES'],
    ] as const) {
      const r = await get(query);
      expect([query, r.status, r.body.error]).toEqual([query, status, error]);
    }
    expect((await get(`?seriesId=${spot.id}`, 'POST')).status).toBe(405);

    // A restart: the same answer.
    await s.stop();
    service = undefined;
    await start();
    expect((await get(`?seriesId=${spot.id}`)).body).toEqual(all.body);
    // The store gone: rebuilt from the journal at start, the same answer.
    await service!.stop();
    service = undefined;
    rmSync(path.join(dir, 'trades'), { recursive: true, force: true });
    await start();
    expect((await get(`?seriesId=${spot.id}`)).body).toEqual(all.body);
  }, 60_000);

  it('GET /v1/candles: one-minute candles kept as trades come, longer intervals from them, by the sequencer\'s clock; the same after a restart, after every turn came again, and from the journal alone', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-candles-'));
    const HOUR = 3_600_000;
    let now = Math.floor(Date.now() / HOUR) * HOUR + 10 * 60_000 + 5_000; // 00:10:05 of this hour
    const base = now - 5_000;
    const s = await start(() => now);
    const spot = tradingSpot(s);
    const provider = await provision(s, spot);
    // [seconds after base, price]: minute 0 gets three trades, minute 1 one, minute 4 two, minute 6 one.
    const plan: Array<[number, number]> = [[5, 500_000], [20, 530_000], [50, 490_000], [70, 510_000], [250, 520_000], [290, 515_000], [370, 505_000]];
    const qtys: number[] = [];
    for (const [atS, priceMicros] of plan) {
      now = base + atS * 1_000;
      await send(order(provider, spot.id, Side.SELL, priceMicros, TimeInForce.GTC));
      const fill = (await send(order(s.engine.brokerId, spot.id, Side.BUY, priceMicros, TimeInForce.IOC))).find((e) => e.type === EventType.FILL);
      expect(fill, `a fill at ${priceMicros}`).toBeDefined();
      qtys.push(fill!.qty);
    }
    const q = (...i: number[]): number => i.reduce((sum, k) => sum + qtys[k]!, 0);
    const minute = (k: number): number => base + k * 60_000;
    const oneMinute = [
      { startMs: minute(0), openMicros: 500_000, highMicros: 530_000, lowMicros: 490_000, closeMicros: 490_000, volume: q(0, 1, 2), trades: 3 },
      { startMs: minute(1), openMicros: 510_000, highMicros: 510_000, lowMicros: 510_000, closeMicros: 510_000, volume: q(3), trades: 1 },
      { startMs: minute(4), openMicros: 520_000, highMicros: 520_000, lowMicros: 515_000, closeMicros: 515_000, volume: q(4, 5), trades: 2 },
      { startMs: minute(6), openMicros: 505_000, highMicros: 505_000, lowMicros: 505_000, closeMicros: 505_000, volume: q(6), trades: 1 },
    ];
    // Read at once, not waited for (the candles gathered are written before a read).
    const m1 = await get(`?seriesId=${spot.id}&interval=1m`, 'GET', '/v1/candles');
    expect(m1.status).toBe(200);
    expect(m1.body).toEqual({ seriesId: spot.id, interval: '1m', candles: oneMinute });
    // Five minutes (base is 00:10, a multiple of 5 minutes): 00:10–00:15 holds minutes 0, 1 and 4; 00:15–00:20 minute 6.
    const m5 = await get(`?seriesId=${spot.id}&interval=5m`, 'GET', '/v1/candles');
    expect(m5.body.candles).toEqual([
      { startMs: minute(0), openMicros: 500_000, highMicros: 530_000, lowMicros: 490_000, closeMicros: 515_000, volume: q(0, 1, 2, 3, 4, 5), trades: 6 },
      { startMs: minute(5), openMicros: 505_000, highMicros: 505_000, lowMicros: 505_000, closeMicros: 505_000, volume: q(6), trades: 1 },
    ]);
    // The newest two minutes that traded; then those that began before minute 4.
    expect((await get(`?seriesId=${spot.id}&interval=1m&limit=2`, 'GET', '/v1/candles')).body.candles).toEqual(oneMinute.slice(2));
    expect((await get(`?seriesId=${spot.id}&interval=1m&endMs=${minute(4)}`, 'GET', '/v1/candles')).body.candles).toEqual(oneMinute.slice(0, 2));
    const h1 = await get(`?seriesId=${spot.id}&interval=1h`, 'GET', '/v1/candles');
    expect(h1.body.candles).toEqual([{ startMs: base - 10 * 60_000, openMicros: 500_000, highMicros: 530_000, lowMicros: 490_000, closeMicros: 505_000, volume: q(0, 1, 2, 3, 4, 5, 6), trades: 7 }]);
    for (const [query, error] of [
      [`?seriesId=${spot.id}`, 'INVALID_FIELD'],
      [`?seriesId=${spot.id}&interval=2m`, 'INVALID_FIELD'],
      [`?seriesId=${spot.id}&interval=constructor`, 'INVALID_FIELD'],
      [`?seriesId=${spot.id}&interval=1d&limit=31`, 'INVALID_FIELD'], // 30 days a read
      [`?seriesId=${spot.id}&interval=1m&endMs=x`, 'INVALID_FIELD'],
      ['?seriesId=99999&interval=1m', 'UNKNOWN_SERIES'],
    ] as const) {
      expect([query, (await get(query, 'GET', '/v1/candles')).body.error]).toEqual([query, error]);
    }
    expect((await get(`?seriesId=${spot.id}&interval=1d&limit=30`, 'GET', '/v1/candles')).status).toBe(200);

    await s.stop();
    service = undefined;
    await start(() => now);
    expect((await get(`?seriesId=${spot.id}&interval=1m`, 'GET', '/v1/candles')).body).toEqual(m1.body);
    const trades = (await get(`?seriesId=${spot.id}`)).body.trades;
    expect(trades).toHaveLength(7);
    await service!.stop();
    service = undefined;
    // As after a crash that lost the saved progress but not the writes before it: every turn comes again.
    const env = open({ path: path.join(dir, 'trades'), maxDbs: 3 });
    env.openDB<number, string>({ name: 'meta' }).putSync('lastSeq', 0);
    await env.close();
    await start(() => now);
    expect((await get(`?seriesId=${spot.id}&interval=1m`, 'GET', '/v1/candles')).body).toEqual(m1.body);
    expect((await get(`?seriesId=${spot.id}`)).body.trades).toEqual(trades);
    await service!.stop();
    service = undefined;
    rmSync(path.join(dir, 'trades'), { recursive: true, force: true });
    await start(() => now);
    expect((await get(`?seriesId=${spot.id}&interval=1m`, 'GET', '/v1/candles')).body).toEqual(m1.body);
    expect((await get(`?seriesId=${spot.id}&interval=5m`, 'GET', '/v1/candles')).body).toEqual(m5.body);
  }, 60_000);
});
