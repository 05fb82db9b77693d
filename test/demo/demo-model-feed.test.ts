/**
 * The demo model feed end to end against a started service (real LMDB, HTTP and WebSocket,
 * settlement off): the listing published with its computed disclosures; the reference model
 * reading public market data, posting signals the exchange stamps and outcomes it agrees with
 * (its own figure from the same trades); a consumer who buys and exercises a right of the
 * feed's contract downloading the committed signals from the feed's provider server; and a
 * restart that sends a signal meant before the crash once, duplicates none and picks up the
 * pending outcomes. The model's own rule is tested in feed-model.test.ts; here it takes a
 * position on any prices (a fresh exchange has minutes of trades, not the rule's history), at
 * an hour's period and a 3-second horizon.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, grantsOfAck, signedRequest, TradingClient, wire } from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { DEMO_CONTRACTS } from '../../src/app/demo-contracts.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { FEED_PROVIDER_KEY, FEED_SEGMENT, FEED_TARGET_SEGMENT, publishDemoModelFeed, type FeedPace } from '../../src/demo/demo-model-feed.js';
import { feedLineage } from '../../src/demo/feed-model.js';
import { FeedSignalStore } from '../../src/demo/feed-signals.js';
import { startReferenceModel, type ReferenceModel } from '../../src/demo/reference-model.js';
import { CommandKind, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startFeedProviderServer, type DemoProviderServer } from '../../src/demo/provider-servers.js';
import { startService, type Service } from '../../src/app/service.js';
import { tradeBothSides } from '../support/broker-rights.js';
import { credit, openAccount } from '../support/subscription-market.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
const PACE: FeedPace = { periodMs: 3_600_000, horizonMs: 3_000 };
const SHA = feedLineage().modelConfigSha;
let dir: string;
let config: Config;
let service: Service;
let server: DemoProviderServer;
let store: FeedSignalStore;
let model: ReferenceModel | undefined;
let listingId: number;
const http = () => `http://127.0.0.1:${service.gateway.port}`;

/** Long on a rise (or flat), short on a fall: a position on any prices. */
const anyPrices = (p: readonly number[]): number => (p[p.length - 1]! >= p[0]! ? 0.5 : -0.5);

/** What the reference model warns of (a refused signal or outcome, a failed step): said when an assertion fails. */
const warnings: string[] = [];
const modelLog = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });

function startModel(): Promise<ReferenceModel> {
  return startReferenceModel({ httpUrl: http(), tradeUrl: `ws://127.0.0.1:${service.gateway.port}/v1/trade`, listingId, pace: PACE, store, turnMs: 3_600_000, log: modelLog, minHistoryMinutes: 0, positionOf: anyPrices });
}

function spot(segment: string) {
  const now = Date.now();
  return service.engine.series.filter((s) => s !== undefined && s.isSpot && s.segment === segment && s.status === 1 && s.spec.openAtMs <= now && now < s.spec.closeAtMs).map((s) => s!);
}

interface Perf {
  signals: number;
  outcomes: number;
  pending: number;
  lineage: unknown;
}
async function performance(): Promise<Perf> {
  return (await (await fetch(`${http()}/v1/listings/${listingId}/performance`)).json()) as Perf;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-demo-feed-'));
  const contracts = DEMO_CONTRACTS.filter((c) => c.contract === 'AUTO_INTENT|7D|0.70-0.85' || c.contract.startsWith(`${FEED_SEGMENT}|`));
  config = loadConfig({}, { dataDir: dir, contracts, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, modelFeeds: { burnInDays: 0 } });
  service = await startService(config, logger);
  const fresh = service.catalog.all().length === 0;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  store = new FeedSignalStore(path.join(dir, 'model-feed'), SHA);
  server = await startFeedProviderServer(store, { dataDir: dir, host: '127.0.0.1', port: 0, exchangeUrl: http(), log: logger });
  listingId = (await publishDemoModelFeed(service.catalog, service.engine, service.sequencer, PACE, Date.now, logger, server.endpoint, fresh))!;
  // The server reads its listings over the exchange's API: told they changed, as `npm start` tells it (src/demo/run.ts).
  await server.listingsChanged();
}, 60_000);

afterAll(async () => {
  await model?.stop();
  await server?.close();
  await service?.stop();
  removeDir(dir);
});

describe('the demo model feed', () => {
  it('is published by the operator in its own segment with its computed disclosures; a second call on the same catalog changes nothing', async () => {
    const listing = service.catalog.find(listingId)!;
    expect(listing).toMatchObject({ segment: FEED_SEGMENT, status: 'published', providerAddress: new Wallet(FEED_PROVIDER_KEY).address.toLowerCase() });
    const row = (await (await fetch(`${http()}/v1/listings?kind=model-feed`)).json()) as { listings: { id: number; kind: string; modelFeed: unknown }[] };
    expect(row.listings.map((l) => [l.id, l.kind])).toEqual([[listingId, 'model-feed']]);
    expect(row.listings[0]!.modelFeed).toEqual({ status: 'live', verifiedOutcomes: true });
    const d = (await (await fetch(`${http()}/v1/listings/${listingId}/disclosures`)).json()) as { versions: { modelFeed: { lineage: unknown; target: unknown; horizonMs: number; backtest: { signals: number; curve: unknown[] } } }[] };
    const mf = d.versions[0]!.modelFeed;
    expect(mf.lineage).toEqual(feedLineage());
    expect(mf.target).toEqual({ kind: 'patx-series' });
    expect(mf.horizonMs).toBe(PACE.horizonMs);
    expect(mf.backtest.signals).toBeGreaterThanOrEqual(30);
    expect(mf.backtest.curve.length).toBeGreaterThan(1);
    // No rights of the feed's segment go to the dataset provider's listings, nor the other way round.
    expect(service.catalog.all().filter((l) => l.segment === FEED_SEGMENT)).toHaveLength(1);
    expect(await publishDemoModelFeed(service.catalog, service.engine, service.sequencer, PACE, Date.now, logger, server.endpoint, false)).toBe(listingId);
    expect(service.catalog.find(listingId)!.versions).toHaveLength(1);
  });

  it('posts signals from public market data, stamped by the exchange, and their outcomes once due, which the exchange agrees with', async () => {
    // Both sides trade (a provider sells to the bid, a consumer buys the ask): a series' mark needs a buyer's and a seller's trade.
    const buyer = await openAccount(service, Role.CONSUMER, Wallet.createRandom().address.toLowerCase());
    await credit(service, buyer, 100n * 10n ** 18n);
    const bothSides = (seriesId: number, mint: number, sell: number) => tradeBothSides(service, new Wallet(DEMO_PROVIDER_KEY).address, buyer, seriesId, { mint, sell });
    for (const s of spot(FEED_TARGET_SEGMENT)) await bothSides(s.id, 20, 3);
    service.quoting!.tick();
    await service.sequencer.drain();
    // The series that traded: the model signals on those (a series without a trade has no price).
    // The trade history is a read model fed after each turn's release: on a loaded machine it may trail the drain by a moment.
    const traded: number[] = [];
    await until(async () => {
      traded.length = 0;
      for (const s of spot(FEED_TARGET_SEGMENT)) if (((await (await fetch(`${http()}/v1/trades?seriesId=${s.id}`)).json()) as { trades: unknown[] }).trades.length > 0) traded.push(s.id);
      return traded.length > 0;
    }, 'a trade in the trade history of a series the feed targets', 10_000);
    model = await startModel();
    await model.turn();
    const committed = store.committed();
    expect(committed.map((s) => s.instrument).sort(), warnings.join('\n')).toEqual(traded.map(String).sort());
    for (const s of committed) expect(s.signalId).toBe(`${s.instrument}-${Math.floor(s.atMs! / PACE.periodMs) * PACE.periodMs}`);
    // Too early: no outcome is posted before the horizon.
    expect(store.pendingOutcomes()).toHaveLength(committed.length);
    // After the horizon, trades on both sides; the outcome is the log return of the series' mark from the signal to its horizon.
    await new Promise((r) => setTimeout(r, PACE.horizonMs + 200));
    for (const id of traded) await bothSides(id, 5, 2);
    await model.turn();
    expect(store.pendingOutcomes(), warnings.join('\n')).toEqual([]);
    for (const s of store.committed()) expect(s.outcome, `${JSON.stringify(s)}\n${warnings.join('\n')}`).toHaveProperty('outcomeBps');
    const perf = await performance();
    expect(perf).toMatchObject({ signals: committed.length, outcomes: committed.length, pending: 0 });
  }, 60_000);

  it('a consumer who buys and exercises a right of the feed downloads the committed signals from its provider server', async () => {
    const feedSeries = spot(FEED_SEGMENT)[0]!;
    // The model's turn minted in the feed's series and sold to the broker's bid; the broker asks once it quotes again.
    service.quoting!.tick();
    await service.sequencer.drain();
    if (service.engine.seriesById(feedSeries.id)!.brokerSells.bestAskMicros() === 0) {
      await model!.turn();
      await new Promise((r) => setTimeout(r, 200));
      service.quoting!.tick();
      await service.sequencer.drain();
    }
    const ask = service.engine.seriesById(feedSeries.id)!.brokerSells.bestAskMicros();
    expect(ask).toBeGreaterThan(0);
    const consumer = Wallet.createRandom();
    const trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
    let grants;
    try {
      await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 20n, ref: 'feed-test' });
      const bought = await trader.newOrder({ seriesId: feedSeries.id, clientOrderId: 1, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 1 });
      expect((bought.reports ?? []).some((r) => r.execType === wire.ExecType.EXEC_TRADE)).toBe(true);
      grants = grantsOfAck(await trader.exercise(feedSeries.id, 1));
    } finally {
      await trader.close();
    }
    expect(grants).toHaveLength(1);
    expect(grants[0]!.grant).toMatchObject({ listingId, provider: new Wallet(FEED_PROVIDER_KEY).address });
    const d = await downloadWithGrant(http(), consumer, grants[0]!, 1);
    expect(d.outcome).toBe('received');
    if (d.outcome !== 'received') return;
    const expected = store.committed().map((s) => ({ signal_id: s.signalId, signal_time: new Date(s.atMs!).toISOString(), instrument: s.instrument, position: s.position, model_config_sha: SHA }));
    expect(d.records).toEqual(expected);
    expect(d.receipt.state).toBe('accepted');
    expect(d.conformance).toMatchObject({ state: 'checked', conforms: true });
  }, 60_000);

  it('after a crash and a restart: a signal meant but not committed is sent once, as it was; none is duplicated; a new turn in the same period sends none', async () => {
    await model!.stop();
    model = undefined;
    const seriesId = spot(FEED_TARGET_SEGMENT)[0]!.id;
    const meant = { signalId: `${seriesId}-crash`, instrument: String(seriesId), position: -0.75 };
    store.intend(meant); // written before its POST: the crash came between
    const before = store.committed().length;
    store = new FeedSignalStore(path.join(dir, 'model-feed'), SHA);
    expect(store.uncommitted().map((s) => s.signalId)).toEqual([meant.signalId]);
    model = await startModel();
    await model.turn();
    await model.turn();
    expect(store.uncommitted()).toEqual([]);
    expect(store.committed()).toHaveLength(before + 1);
    expect(store.get(meant.signalId)).toMatchObject({ position: -0.75 });
    // The exchange keeps what it stamped: the same signal again is a no-op, other content is refused.
    const again = await signedRequest<{ signals?: { atMs: number }[]; error?: string }>(http(), new Wallet(FEED_PROVIDER_KEY), 'POST', `/v1/provider/listings/${listingId}/signals`, { signals: [meant] });
    expect(again.status).toBe(200);
    expect(again.body.signals![0]!.atMs).toBe(store.get(meant.signalId)!.atMs);
    const edited = await signedRequest<{ error?: string }>(http(), new Wallet(FEED_PROVIDER_KEY), 'POST', `/v1/provider/listings/${listingId}/signals`, { signals: [{ ...meant, position: 0.75 }] });
    expect(edited.body.error).toBe('SIGNAL_IMMUTABLE');
    // Its outcome once due, after the restart.
    await new Promise((r) => setTimeout(r, PACE.horizonMs + 200));
    await model.turn();
    await until(() => store.pendingOutcomes().length === 0, 'the outcome after the restart', 10_000);
    // Performance is recomputed with each outcome batch: every signal counted once.
    expect(await performance()).toMatchObject({ signals: before + 1, outcomes: before + 1, pending: 0 });
  }, 60_000);
});
