/**
 * A takeover copies no book (issue 78): two replicated services in this process on a real
 * three-node nats-server cluster. The standby starts on an empty data dir while the leader's
 * book is empty, so its market-data thread's one seed carries no order; the leader then rests
 * thousands of orders on both sides (and cancels some). When the leader stops, the standby
 * leads and its market data serves the leader's book at once without taking another seed:
 * the thread kept its books current from every record the standby applied, whatever their
 * size. After the takeover it follows the new leader's own turns.
 *
 * A promotion that seeded market data from the engine (O(book): 0.7 s at 100,000 resting
 * orders, 10.7 s at 1,000,000) counts those orders in `seededOrders` and fails here.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { MarketDataClient } from '../../src/client/index.js';
import { CommandKind, EventType, OrderType, rejectReasonName, Role, SelfTradePrevention, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, TimeInForce, type Command } from '../../src/engine/index.js';
import { takeableBook } from '../../src/gateway/views.js';
import { createLogger } from '../../src/runtime/log.js';
import { until } from '../support/exchange-fixture.js';
import { takeoverNodes } from '../support/takeover-nodes.js';

const RESTING = 4_000;
const ACCOUNTS = 8;
const OPERATOR_TOKEN = 'takeover-market-data-operator-token-0123';
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');

const nodes = takeoverNodes('takeover-md', OPERATOR_TOKEN);

function nodeConfig(node: string): Config {
  return nodes.config(node, {
    sequencer: { maxBatchCommands: 64, maxQueuedCommands: 20_000, maxUncommittedCommands: 1024, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    // The broker's quotes stay as placed: no tick changes a book while the test compares it.
    quoting: { tickMs: 60_000 },
  });
}

async function submitAll(s: Service, cmds: readonly Command[]): Promise<Record<string, number>> {
  const outcome: Record<string, number> = {};
  for (let i = 0; i < cmds.length; i += 256) {
    for (const r of await Promise.all(cmds.slice(i, i + 256).map((c) => s.sequencer.submit(c)))) {
      for (const e of r.events) {
        if (e.type === EventType.FILL) outcome['FILLS'] = (outcome['FILLS'] ?? 0) + 1;
        if (e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED) outcome[rejectReasonName(e.reason)] = (outcome[rejectReasonName(e.reason)] ?? 0) + 1;
      }
    }
  }
  return outcome;
}

function order(actor: number, seriesId: number, side: Side, priceMicros: number, clientOrderId: number): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId, side, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros, qty: 1 + (clientOrderId % 3), expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST };
}

describe("a takeover's market data", () => {
  it('the standby keeps its market-data books current while it follows: leading, it serves the leader\'s book without a seed, then follows its own turns', async () => {
    const a = await startService(nodeConfig('a'), logger);
    nodes.started(a);
    expect(a.replication?.status().role).toBe('leader');
    // b starts now, on an empty data dir: its market-data thread's seed holds no order.
    const bStarting = startService(nodeConfig('b'), logger);
    void bStarting.catch(() => undefined);

    const spot = a.engine.series.filter((x) => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING).sort((x, y) => y!.spec.closeAtMs - x!.spec.closeAtMs)[0]!;
    const seriesId = spot.id;
    const operator = a.engine.accounts.find((x) => x?.role === Role.OPERATOR)!.id;
    const param = (name: string, value: number): Command => ({ kind: CommandKind.SET_PARAM, actor: operator, name, value });
    const setup: Command[] = [param('risk.mintRequiresListing', 0), param('risk.throttleMessages', 1_000_000), param('risk.priceBandBps', 10_000), param('risk.brokerMaxLongSeries', 0), param('risk.brokerMaxLongWindow', 0)];
    const broker = a.engine.brokerId;
    setup.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: broker, amountWei: 10n ** 24n, ref: 'takeover-md:broker' });
    const firstId = a.engine.accounts.length;
    const providers = Array.from({ length: ACCOUNTS / 2 }, (_, i) => firstId + i);
    const consumers = Array.from({ length: ACCOUNTS / 2 }, (_, i) => firstId + ACCOUNTS / 2 + i);
    for (const _ of providers) setup.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' });
    for (const _ of consumers) setup.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
    for (const id of [...providers, ...consumers]) setup.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: 10n ** 24n, ref: `takeover-md:${id}` });
    for (const id of providers) setup.push({ kind: CommandKind.DECLARE_CAPACITY, actor: id, seriesId, capacity: 1_000_000 }, { kind: CommandKind.MINT, actor: id, seriesId, qty: 100_000 });
    expect(await submitAll(a, setup)).toEqual({});

    // Providers' asks at the top of the range and the broker's bids at its bottom, 50 levels each: far apart, so they rest.
    // The bids are the BOOK; the asks wait for the broker (on no BOOK: market-feed.ts), and the standby follows both.
    const { tickMicros, maxPriceMicros, minPriceMicros } = spot.spec;
    const orders: Command[] = [];
    for (let i = 0; i < RESTING; i++) {
      const sell = i % 2 === 0;
      const who = sell ? providers[(i >> 1) % providers.length]! : broker;
      const level = (i >> 1) % 50;
      orders.push(order(who, seriesId, sell ? Side.SELL : Side.BUY, sell ? maxPriceMicros - level * tickMicros : minPriceMicros + level * tickMicros, i + 1));
    }
    expect(await submitAll(a, orders)).toEqual({});
    // Some leave again: the standby's books follow deletions as well as additions.
    const cancels: Command[] = [];
    for (let i = 0; i < RESTING; i += 7) {
      const sell = i % 2 === 0;
      const who = sell ? providers[(i >> 1) % providers.length]! : broker;
      cancels.push({ kind: CommandKind.CANCEL_ORDER, actor: who, orderId: 0, clientOrderId: i + 1 });
    }
    expect(await submitAll(a, cancels)).toEqual({});

    a.quoting?.stop();
    const leaderBook = takeableBook(a.engine, seriesId, 100_000);
    expect([leaderBook.bids.length, leaderBook.asks.length, leaderBook.waiting!.bids.length, leaderBook.waiting!.asks.length]).toEqual([50, 0, 0, 50]);
    let resting = 0;
    for (const book of a.engine.series[seriesId]!.books()) for (const side of [Side.BUY, Side.SELL]) for (const _ of book.orders(side)) resting++;
    expect(resting).toBe(RESTING - cancels.length);
    const throughSeq = a.engine.lastSeq;

    // a stops (a clean stop hands the lease over at once); b takes over.
    nodes.stopped(a);
    await a.stop();
    const b = await bStarting;
    nodes.started(b);
    expect(b.replication?.status().role).toBe('leader');
    expect(b.engine.lastSeq).toBeGreaterThanOrEqual(throughSeq);
    expect(takeableBook(b.engine, seriesId, 100_000)).toEqual(leaderBook);

    // The promotion copied no book: the thread's only seed was taken when b started, its engine empty.
    const md = b.gateway.marketData;
    expect({ seeds: md.seeds, seededOrders: md.seededOrders, resets: md.resets }).toEqual({ seeds: 1, seededOrders: 0, resets: 0 });

    // And what it serves is the leader's book.
    const client = await MarketDataClient.connect(`ws://127.0.0.1:${md.port}/v1/market`);
    try {
      await client.subscribe(seriesId);
      const served = (): unknown => {
        const book = client.book(seriesId);
        return book?.ready === true ? { bids: book.bids(), asks: book.asks() } : undefined;
      };
      const engineBook = (): unknown => {
        const d = takeableBook(b.engine, seriesId, 100_000);
        return { bids: d.bids, asks: d.asks };
      };
      await until(() => served() !== undefined, 'the snapshot of the book');
      expect(served()).toEqual({ bids: leaderBook.bids, asks: leaderBook.asks });

      // The new leader's own turns reach it too (the thread now follows b's sequencer).
      const more: Command[] = [order(providers[0]!, seriesId, Side.SELL, maxPriceMicros - 60 * tickMicros, RESTING + 1), order(broker, seriesId, Side.BUY, minPriceMicros + 60 * tickMicros, RESTING + 1)];
      expect(await submitAll(b, more)).toEqual({});
      await until(() => isDeepStrictEqual(served(), engineBook()), "b's own orders in its market data");
      expect(served()).not.toEqual({ bids: leaderBook.bids, asks: leaderBook.asks });
      expect(client.resyncs).toBe(0); // no gap or checksum mismatch forced a fresh snapshot
      expect({ seeds: md.seeds, seededOrders: md.seededOrders, resets: md.resets }).toEqual({ seeds: 1, seededOrders: 0, resets: 0 });
    } finally {
      await client.close();
    }
  }, 300_000);
});
