/**
 * The dashboards' routes (issue 81, item 3; docs/dashboards.md) against the running service as
 * `npm start` wires it, with the demo provider's listings and server: the provider sells rights
 * to the broker's bid, a consumer buys 3 at its ask, exercises them and downloads 2 at the gate
 * (with its receipt); the provider's and the consumer's figures over time are what was traded,
 * exercised and downloaded here, per listing and in all, by the hour and by the day; refusals by
 * name (another account, another provider's or an unknown listing, a consumer asking a provider's
 * dashboard, too many buckets, unsigned); after a restart the same figures, and the same again
 * when the dashboards' store is removed and derived from the journal anew.
 * Real service (LMDB, uWS, the grant ledger), real HTTP on 127.0.0.1, real signatures; settlement off.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, grantsOfAck, signedRequest, TradingClient, wire } from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, EventType, OrderType, SelfTradePrevention, Side, SYSTEM_ACTOR, TimeInForce } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { openAutoIntentSeries } from '../support/broker-rights.js';

const HOUR_MS = 3_600_000;
const logger = createLogger('silent');
let dir: string;
let config: Config;
let service: Service;
let server: ProviderServer | undefined;
const consumer = Wallet.createRandom();
const provider = new Wallet(DEMO_PROVIDER_KEY);
const base = () => `http://127.0.0.1:${service.gateway.port}`;
let seriesId: number;
let listingId: number;
let otherListingId: number;
let providerId: number;
const sold = { qty: 0, micros: 0 };
const bought = { qty: 0, micros: 0 };

type Figures = Record<string, number>;
interface ProviderBoard {
  listingId: number | null;
  bucket: string;
  fromMs: number;
  toMs: number;
  listings: Array<{ id: number; segment: string }>;
  buckets: Array<Figures & { startMs: number; ratings: number; meanStars: number | null; trust: { trust: number; quality: number } | null }>;
  totals: Figures;
  trustNow: { trust: number } | null;
  error?: string;
}
interface ConsumerBoard {
  buckets: Array<Figures & { startMs: number }>;
  totals: Figures;
  rightsHeldNow: number;
  error?: string;
  details?: { maxBuckets: number };
}

/** A window around now that holds this test's hours, whatever hour it runs in. */
const around = () => `from=${Date.now() - 2 * HOUR_MS}&to=${Date.now() + HOUR_MS}`;
const providerBoard = (query: string, wallet: Wallet = provider) => signedRequest<ProviderBoard>(base(), wallet, 'GET', `/v1/dashboard/provider?${query}`);
const consumerBoard = (query: string, wallet: Wallet | ReturnType<typeof Wallet.createRandom> = consumer) => signedRequest<ConsumerBoard>(base(), wallet, 'GET', `/v1/dashboard/consumer?${query}`);

async function start(): Promise<void> {
  service = await startService(config, logger);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-dashboards-'));
  const serverPort = await freePort();
  config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} } });
  await start();
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger, `http://127.0.0.1:${serverPort}/records`);
  server = await startDemoProviderServer({ dataDir: dir, host: '127.0.0.1', port: serverPort, exchangeUrl: base(), log: logger });
  const now = Date.now();
  seriesId = openAutoIntentSeries(service, now).id;
  providerId = service.engine.accountIdByAddress.get(provider.address.toLowerCase())!;
  const own = service.catalog.listingsOf(providerId);
  listingId = own.find((l) => l.segment === 'AUTO_INTENT')!.id;
  otherListingId = own.find((l) => l.segment !== 'AUTO_INTENT')!.id;

  // The provider sells up to 20 of 30 minted to the broker's bid (as much as it bids for).
  const send = (cmd: Parameters<Service['sequencer']['submit']>[0]) => service.sequencer.submit(cmd);
  await send({ kind: CommandKind.DECLARE_CAPACITY, actor: providerId, seriesId, capacity: 100 });
  await send({ kind: CommandKind.MINT, actor: providerId, seriesId, qty: 30 });
  service.quoting!.tick();
  await service.sequencer.drain();
  const bid = service.engine.seriesById(seriesId)!.brokerBuys.bestBidMicros();
  const sale = await send({ kind: CommandKind.NEW_ORDER, actor: providerId, seriesId, clientOrderId: 0, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: bid, qty: 20, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
  for (const e of sale.events) if (e.type === EventType.FILL) (sold.qty += e.qty), (sold.micros += e.qty * e.priceMicros);
  expect(sold.qty).toBeGreaterThan(0); // as much as the broker bids for
  await new Promise((r) => setTimeout(r, 150));

  // The consumer buys 3 at the broker's ask, one at a time (its levels are small), exercises them and downloads 2.
  const trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
  try {
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 20n, ref: 'dashboards-test' });
    for (let i = 1; bought.qty < 3; i++) {
      service.quoting!.tick();
      await until(() => service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros() > 0, 'the broker asks');
      const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
      const ack = await trader.newOrder({ seriesId, clientOrderId: i, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 1 });
      for (const r of ack.reports ?? []) if (r.execType === wire.ExecType.EXEC_TRADE) (bought.qty += Number(r.lastQty)), (bought.micros += Number(r.lastQty) * Number(r.lastPriceMicros));
    }
    const grant = grantsOfAck(await trader.exercise(seriesId, 3))[0]!;
    expect(await downloadWithGrant(base(), consumer, grant, 2)).toMatchObject({ outcome: 'received' });
    await until(() => service.engine.escrow.grants.get(grant.grant.grantId)?.evidencedQty === 2, 'the download evidenced');
    await until(() => (service.engine.escrow.grants.get(grant.grant.grantId)?.undeliveredQty ?? 0) === 1, 'the receipt confirmed');
  } finally {
    await trader.close();
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
  await service?.stop();
  removeDir(dir);
});

/** What the test traded, exercised and downloaded: the figures every view must show. */
function expectProviderTotals(totals: Figures): void {
  expect(totals).toMatchObject({ soldQty: sold.qty, soldMicros: sold.micros, redeemedQty: 3, deliveredQty: 2, evidencedQty: 2, deliveries: 1, refundedMicros: 0 });
  // Released to the provider's free PAT: the 2 delivered rights' share of the 3 the grant held.
  expect(totals.releasedMicros).toBeGreaterThan(0);
  expect(totals.releasedMicros).toBeLessThan(sold.micros);
}

function expectConsumerTotals(totals: Figures): void {
  expect(totals).toMatchObject({ boughtQty: 3, spentMicros: bought.micros, exercisedQty: 3, evidencedQty: 2, refundMicros: 0, subscriptionFills: 0 });
}

describe('GET /v1/dashboard/provider', () => {
  it("shows the provider's sales, redemptions, deliveries and downloads per listing and in all, by the hour and the day", async () => {
    const listing = await providerBoard(`listing=${listingId}&${around()}`);
    expect(listing.status).toBe(200);
    expect(listing.body.listingId).toBe(listingId);
    expect([3, 4]).toContain(listing.body.buckets.length); // 3 hours and the ones they start and end in
    expectProviderTotals(listing.body.totals);
    // The figures are in the bucket of the hour they happened in, and nowhere else.
    const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    expect(listing.body.buckets.filter((b) => (b.soldQty ?? 0) > 0).every((b) => b.startMs <= hour && b.startMs >= hour - HOUR_MS)).toBe(true);
    expect(listing.body.listings.map((l) => l.id).sort()).toEqual(service.catalog.listingsOf(providerId).map((l) => l.id).sort());
    expect(listing.body.trustNow?.trust).toBeGreaterThan(0);

    const all = await providerBoard(around());
    expect(all.body.listingId).toBeNull();
    expectProviderTotals(all.body.totals);
    const other = await providerBoard(`listing=${otherListingId}&${around()}`);
    expect(other.body.totals).toMatchObject({ soldQty: 0, soldMicros: 0, redeemedQty: 0, deliveries: 0 });

    const days = await providerBoard(`listing=${listingId}&bucket=day&from=${Date.now() - 3 * 24 * HOUR_MS}`);
    expect(days.body.bucket).toBe('day');
    expect(days.body.buckets).toHaveLength(4);
    expect(days.body.buckets.every((b) => b.startMs % (24 * HOUR_MS) === 0)).toBe(true);
    expectProviderTotals(days.body.totals);
  });

  it('shows trust and its components once sampled, and ratings at the time they were given', async () => {
    await service.dashboards.sampleTrust();
    const rated = await signedRequest<{ error?: string }>(base(), consumer, 'POST', `/v1/ratings/${listingId}`, { stars: 4, review: 'as described' });
    expect(rated.status).toBe(201);
    const board = await providerBoard(`listing=${listingId}&${around()}`);
    const now = board.body.buckets.find((b) => b.startMs <= Date.now() && Date.now() < b.startMs + HOUR_MS)!;
    expect(now.trust).toMatchObject({ trust: expect.any(Number), quality: expect.any(Number) });
    expect(now.trust!.trust).toBeGreaterThan(0);
    expect(board.body.totals.ratings).toBe(1);
    expect(board.body.buckets.find((b) => b.ratings === 1)?.meanStars).toBe(4);
  });

  it('refuses by name: another account, another listing, a consumer, an unknown listing, too many buckets, a bad bucket, no signature', async () => {
    const consumerId = service.engine.accountIdByAddress.get(consumer.address.toLowerCase())!;
    const stranger = await providerBoard(`account=${consumerId}`);
    expect([stranger.status, stranger.body.error]).toEqual([403, 'NOT_YOUR_ACCOUNT']);
    expect((await providerBoard('', consumer as unknown as Wallet)).body.error).toBe('NOT_A_PROVIDER');
    const unknown = await providerBoard('listing=999999');
    expect([unknown.status, unknown.body.error]).toEqual([404, 'UNKNOWN_LISTING']);
    const many = await providerBoard(`bucket=hour&from=0&to=${Date.now()}`);
    expect([many.status, many.body.error]).toEqual([400, 'TOO_MANY_BUCKETS']);
    const week = await providerBoard('bucket=week');
    expect([week.status, week.body.error]).toEqual([400, 'INVALID_FIELD']);
    const unsigned = await fetch(`${base()}/v1/dashboard/provider`);
    expect(unsigned.status).toBe(401);
  });
});

describe('GET /v1/dashboard/consumer', () => {
  it("shows the account's purchases, spend and usage against what it bought", async () => {
    const board = await consumerBoard(around());
    expect(board.status).toBe(200);
    expectConsumerTotals(board.body.totals);
    expect(board.body.rightsHeldNow).toBe(0);
    const days = await consumerBoard('bucket=day');
    expect(days.body.buckets).toHaveLength(30);
    expectConsumerTotals(days.body.totals);
  });

  it('refuses another account, 367 days and an empty window', async () => {
    expect((await consumerBoard(`account=${providerId}`)).body.error).toBe('NOT_YOUR_ACCOUNT');
    const long = await consumerBoard(`bucket=day&from=${Date.now() - 367 * 24 * HOUR_MS}&to=${Date.now()}`);
    expect([long.status, long.body.error, long.body.details?.maxBuckets]).toEqual([400, 'TOO_MANY_BUCKETS', 366]);
    expect((await consumerBoard(`from=${Date.now()}&to=${Date.now() - 3 * HOUR_MS}`)).body.error).toBe('EMPTY_WINDOW');
  });
});

describe('after a restart', () => {
  it('says the same, and the same again when its store is derived from the journal anew', async () => {
    const before = { provider: (await providerBoard(`listing=${listingId}&${around()}`)).body, consumer: (await consumerBoard(around())).body };
    await server?.close();
    server = undefined;
    await service.stop();
    await start();
    // Trust is sampled again at start (the hour keeps its newest sample); the figures are the journal's.
    const figuresOf = (b: ProviderBoard) => b.buckets.map(({ trust: _t, ...figures }) => figures);
    const after = (await providerBoard(`listing=${listingId}&${around()}`)).body;
    expect(figuresOf(after)).toEqual(figuresOf(before.provider));
    expect(after.buckets.find((b) => b.startMs <= Date.now() && Date.now() < b.startMs + HOUR_MS)?.trust?.trust).toBeGreaterThan(0);
    expect((await consumerBoard(around())).body.buckets).toEqual(before.consumer.buckets);
    await service.stop();
    removeDir(path.join(dir, 'dashboards'));
    await start();
    expect(service.readModels.replayed.get('dashboards')).toBeGreaterThan(0);
    const rebuilt = (await providerBoard(`listing=${listingId}&${around()}`)).body;
    expect(figuresOf(rebuilt)).toEqual(figuresOf(before.provider));
    expect((await consumerBoard(around())).body.buckets).toEqual(before.consumer.buckets);
  });
});
