/**
 * GET /v1/trades on a real service: a series' trades newest first, paged by trade id, every
 * bad query refused by name, and the same answer after a restart, and after the store is
 * deleted (it is derived from the journal: src/gateway/trade-history.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, TimeInForce, type Command, type EngineEvent, type Series } from '../../src/engine/index.js';
import { createLogger } from '../../src/log.js';
import { startService, type Service } from '../../src/service.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const logger = createLogger('silent');

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

  const start = async (): Promise<Service> => {
    const config = loadConfig({}, { dataDir: dir!, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, quoting: { enabled: false }, settlement: { enabled: false }, demo: { enabled: false } });
    service = await startService(config, logger, Date.now);
    return service;
  };
  const get = async (query: string, method = 'GET'): Promise<{ status: number; body: TradesBody & { error?: string; message?: string } }> => {
    const res = await fetch(`http://127.0.0.1:${service!.gateway.port}/v1/trades${query}`, { method });
    return { status: res.status, body: (await res.json()) as TradesBody & { error?: string } };
  };
  const send = async (cmd: Command): Promise<EngineEvent[]> => (await service!.sequencer.submit(cmd)).events;
  const order = (actor: number, seriesId: number, side: Side, priceMicros: number, tif: TimeInForce): Command =>
    ({ kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif, priceMicros, qty: 1 + (priceMicros % 3), expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });

  it('answers a series\' trades newest first, pages them, refuses bad queries, and says the same after a restart and from the journal alone', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-trades-'));
    const s = await start();
    const spot = s.engine.series.find((x): x is Series => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING)!;
    const opened = (await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!;
    const provider = opened.accountId;
    await send({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: provider, segment: spot.segment, listingId: 1, listingVersion: 1 });
    await send({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot.id, capacity: 100 });
    await send({ kind: CommandKind.MINT, actor: provider, seriesId: spot.id, qty: 100 });
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: s.engine.brokerId, amountWei: 10n ** 22n, ref: 'trades-test' });
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
    await until(async () => (await get(`?seriesId=${spot.id}`)).body.trades?.length === 8, 'eight trades readable');
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
});
