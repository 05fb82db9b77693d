/**
 * Market data runs on its own thread and port. The engine's thread never waits
 * for it: when it falls a feed ring behind, or fails, it starts over from the
 * engine's journaled state on the same port, and its subscribers are told why
 * and to come back.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MarketDataClient } from '../../src/client/index.js';
import { EventType, SeriesKind, Side } from '../../src/engine/index.js';
import { closeCode, ErrorCode } from '../../src/gateway/index.js';
import { takeableBook } from '../../src/gateway/views.js';
import { PAT_MICROS, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { limitOrder, until } from '../support/exchange-fixture.js';

const PRICE = 2 * PAT_MICROS;
const TICK = 1_000;
let fx: GatewayFixture | undefined;

afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

function engineLevels(f: GatewayFixture, side: Side): Array<{ priceMicros: number; qty: number }> {
  const depth = takeableBook(f.service.engine, f.seriesId, 10_000);
  return side === Side.BUY ? depth.bids : depth.asks;
}

/** The broker, funded: its bids are the BOOK (a customer's wait for the broker's asks, on no BOOK). */
async function fundedBroker(f: GatewayFixture): Promise<number> {
  const brokerId = f.service.engine.brokerId;
  await f.fund(brokerId, 1_000_000);
  return brokerId;
}

/** A subscriber of the fixture's series whose book equals the engine's. */
async function subscribedInStep(f: GatewayFixture): Promise<MarketDataClient> {
  const md = await MarketDataClient.connect(f.marketUrl);
  try {
    await md.subscribe(f.seriesId);
    // Per attempt (see reconnect): a connection closed by a reset never gets its book.
    await until(() => {
      const book = md.book(f.seriesId);
      return book?.ready === true && isDeepStrictEqual(book.bids(), engineLevels(f, Side.BUY)) && isDeepStrictEqual(book.asks(), engineLevels(f, Side.SELL));
    }, 'a book equal to the engine', 5_000);
  } catch (error) {
    await md.close(); // a failed attempt must not count as a connection later
    throw error;
  }
  return md;
}

/** Connects and subscribes again, retrying while market data starts over. */
async function reconnect(f: GatewayFixture): Promise<MarketDataClient> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await subscribedInStep(f);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function metric(f: GatewayFixture, name: string): Promise<number> {
  const text = await (await fetch(`${f.httpUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

describe('the market-data thread', () => {
  it('a subscribe right after a listing finds the series: the thread looks at the ring before it answers (it polls it every ms)', async () => {
    const f = (fx = await startGatewayFixture());
    const md = await MarketDataClient.connect(f.marketUrl);
    try {
      const spec = f.service.engine.series[f.seriesId]!.spec;
      const windowMs = spec.closeAtMs - spec.openAtMs;
      // Each listed a window further out, released, then subscribed at once: without the look first, most were
      // SERIES_NOT_FOUND (the subscribe came before the thread's next poll).
      for (let i = 1; i <= 30; i++) {
        const id = await f.listSeries({ contract: spec.contract, kind: SeriesKind.SPOT, openAtMs: spec.openAtMs + i * windowMs, closeAtMs: spec.closeAtMs + i * windowMs, bandBps: spec.bandBps });
        await expect(md.subscribe(id), `series ${id}`).resolves.toBeDefined();
      }
    } finally {
      await md.close();
    }
  });

  it('starts over when it falls a ring behind: subscribers are told to come back and find the same book on the same port', async () => {
    fx = await startGatewayFixture({ marketDataRingRecords: 1_024 });
    const f = fx;
    const broker = await fundedBroker(f);
    const before = await subscribedInStep(f);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => before.on('closed', (code, reason) => resolve({ code, reason })));
    const port = f.service.gateway.marketData.port;

    // 1,200 orders queued at once: the first turn takes 1,024 of them, more events than the ring holds.
    const orders = Array.from({ length: 1_200 }, (_, i) => f.submit(limitOrder(broker, f.seriesId, Side.BUY, PRICE - (100 + (i % 50)) * TICK, 1)));
    const results = await Promise.all(orders);
    expect(results.every((r) => r.events[0]!.type === EventType.ORDER_ACCEPTED)).toBe(true); // the engine did not wait

    const { code, reason } = await closed;
    expect(code).toBe(closeCode(ErrorCode.SERVICE_UNAVAILABLE));
    expect(reason).toMatch(/restarting.*resubscribe/);
    await until(() => f.service.gateway.marketData.counters.connections === 0 && f.service.gateway.marketData.resets === 1, 'the reset');

    const after = await reconnect(f);
    expect(f.service.gateway.marketData.port).toBe(port);
    expect(after.book(f.seriesId)!.bids().reduce((n, l) => n + l.qty, 0)).toBeGreaterThanOrEqual(1_200);
    expect(await metric(f, 'patx_market_data_resets_total')).toBe(1);
    expect(await metric(f, 'patx_market_data_connections')).toBe(1);
    await after.close();
  });

  it('starts over when it fails, and trading goes on meanwhile', async () => {
    fx = await startGatewayFixture();
    const f = fx;
    const broker = await fundedBroker(f);
    const before = await subscribedInStep(f);
    const closed = new Promise<number>((resolve) => before.on('closed', (code) => resolve(code)));
    // A failure inside the thread: a record it cannot read (written into the ring behind the writer's back, on purpose).
    const writer = (f.service.gateway.marketData as unknown as { writer: { records: Float64Array; control: Int32Array; write: number; capacity: number } }).writer;
    writer.records[writer.write * 10] = 99;
    writer.write = (writer.write + 1) % writer.capacity;
    Atomics.store(writer.control, 0, writer.write);
    expect(await closed).toBe(closeCode(ErrorCode.SERVICE_UNAVAILABLE));
    const placed = await f.submit(limitOrder(broker, f.seriesId, Side.BUY, PRICE - 300 * TICK, 7));
    expect(placed.events[0]!.type).toBe(EventType.ORDER_ACCEPTED);
    const after = await reconnect(f);
    expect(after.book(f.seriesId)!.bids().find((l) => l.priceMicros === PRICE - 300 * TICK)?.qty).toBe(7);
    expect(f.service.gateway.marketData.resets).toBe(1);
    await after.close();
  });
});
