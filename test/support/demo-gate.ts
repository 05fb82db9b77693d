/**
 * A service with the demo gate, as the grant, push, subscription, client and console tests start it:
 * the demo provider's listings published at its real server and gate (127.0.0.1, a free port), the
 * broker stocked in the open AUTO_INTENT window, a consumer funded over its first login, and a
 * webhook receiver on loopback. Real parts: LMDB, uWS, the grant ledger, HTTP; settlement off.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { loadConfig, type Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { TradingClient } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { startDemoProviderServer, type DemoProviderServerOptions } from '../../src/demo/provider-servers.js';
import { CommandKind, Role, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { freePort } from '../../src/runtime/free-port.js';
import type { Logger } from '../../src/runtime/log.js';
import { flagshipSpotAt, openAutoIntentSeries, providerSellsToBroker } from './broker-rights.js';
import { removeDir } from './exchange-fixture.js';
import { credit, openAccount, quietConfig, stockBroker } from './subscription-market.js';

export interface DemoGateOptions {
  logger: Logger;
  /** Runs once the listings are published, before the server starts (terms the grants must name: tiers, usage). */
  beforeGate?: (service: Service) => Promise<unknown>;
  /** Rights the demo provider mints in the window and sells to the broker's bid; none when absent. */
  stock?: { mint: number; sell: number };
  retry?: DemoProviderServerOptions['retry'];
  webhookAllow?: readonly string[];
  /** The provider server's port (default a free one); a service whose courier hands it grants allows it (catalog.endpointAllow). */
  port?: number;
}

export interface DemoGate {
  server: ProviderServer;
  /** The gate's endpoint, where the listings send consumers. */
  endpoint: string;
  /** The open AUTO_INTENT spot window that closes last (where the broker is stocked). */
  seriesId: number;
}

/** On a started service (`exchangeUrl` its gateway): the demo listings published at a provider server on a free port, started on `dataDir`. */
export async function startDemoGate(service: Service, dataDir: string, exchangeUrl: string, o: Omit<DemoGateOptions, 'stock'>): Promise<Omit<DemoGate, 'seriesId'>> {
  const port = o.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}/records`;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, o.logger, endpoint);
  await o.beforeGate?.(service);
  const server = await startDemoProviderServer({
    dataDir,
    host: '127.0.0.1',
    port,
    exchangeUrl,
    log: o.logger,
    ...(o.retry === undefined ? {} : { retry: o.retry }),
    ...(o.webhookAllow === undefined ? {} : { webhookAllow: o.webhookAllow }),
  });
  return { server, endpoint };
}

/** The demo gate started (startDemoGate), and the broker stocked in the open AUTO_INTENT window that closes last. */
export async function openDemoGate(service: Service, dataDir: string, exchangeUrl: string, o: DemoGateOptions): Promise<DemoGate> {
  const gate = await startDemoGate(service, dataDir, exchangeUrl, o);
  const seriesId = openAutoIntentSeries(service).id;
  if (o.stock !== undefined) await providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, seriesId, o.stock);
  return { ...gate, seriesId };
}

export interface DemoGateService extends DemoGate {
  dir: string;
  config: Config;
  service: Service;
  /** http://127.0.0.1:PORT of the gateway, and its trading WebSocket. */
  base: string;
  wsUrl: string;
  /** Stops the provider server and the service, and removes the data directory. */
  close(): Promise<void>;
}

/**
 * A service in a fresh directory named by `prefix` (ports 0, settlement off, the quoter on at a
 * minute's tick; `config` merged over that) on `clock`, with the demo gate opened on it.
 */
export async function startDemoGateService(prefix: string, o: DemoGateOptions & { config?: Record<string, unknown>; clock?: () => number }): Promise<DemoGateService> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `patx-${prefix}-`));
  const port = o.port ?? (await freePort());
  // The gate's exact loopback address:port allowed, as an operator would configure it: the exchange's courier POSTs to it.
  const defaults = { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, catalog: { endpointAllow: [`127.0.0.1:${port}`] } };
  // The defaults as the profile, the test's own as overrides: loadConfig merges the one deeply over the other.
  const config = loadConfig({}, o.config ?? {}, defaults);
  const service = await startService(config, o.logger, o.clock);
  const base = `http://127.0.0.1:${service.gateway.port}`;
  const gate = await openDemoGate(service, dir, base, { ...o, port });
  return {
    ...gate,
    dir,
    config,
    service,
    base,
    wsUrl: `ws://127.0.0.1:${service.gateway.port}/v1/trade`,
    async close() {
      await gate.server.close();
      await service.stop();
      removeDir(dir);
    },
  };
}

/** A consumer's first login (it opens its account) and 100 PAT (`amountWei`) credited to it; the session is left open. */
export async function fundedConsumer(service: Service, wsUrl: string, wallet: Wallet | ReturnType<typeof Wallet.createRandom>, ref: string, amountWei = 10n ** 20n): Promise<TradingClient> {
  const trader = await TradingClient.connect(wsUrl, { wallet });
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei, ref });
  return trader;
}

export interface WebhookReceiver {
  server: Server;
  port: number;
  /** Its exact `127.0.0.1:port`, as an operator allows it (subscriptions.webhookAllow). */
  allow: string;
  close(): Promise<void>;
}

/** A subscriber's webhook on 127.0.0.1: each request's whole body handed to `answer`, which says the status to reply. */
export async function startWebhookReceiver(answer: (body: string, req: IncomingMessage) => number): Promise<WebhookReceiver> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.writeHead(answer(Buffer.concat(chunks).toString('utf8'), req)).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, port, allow: `127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface QuietDemoMarket {
  dir: string;
  service: Service;
  server: ProviderServer;
  base: string;
  /** The flagship's spot window open now (AUTO_INTENT|7D|0.70-0.85, the demo listing's), where the broker asks 50 at 0.8 PAT. */
  series: Series;
  consumerId: number;
  close(): Promise<void>;
}

/**
 * A quiet service (nothing runs by itself: subscription-market's quietConfig) in a fresh directory
 * named by `prefix`, with the demo gate; the schedule run; a consumer at `consumerAddress` and the
 * broker with 1,000 PAT each; the demo provider sells to the broker, which asks 50 at 0.8 PAT.
 */
export async function startQuietDemoMarket(prefix: string, logger: Logger, consumerAddress: string, gateway: Record<string, unknown> = {}): Promise<QuietDemoMarket> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `patx-${prefix}-`));
  const service = await startService(quietConfig(dir, gateway), logger);
  const base = `http://127.0.0.1:${service.gateway.port}`;
  const { server } = await startDemoGate(service, dir, base, { logger });
  await service.runSchedule();
  const series = flagshipSpotAt(service);
  const consumerId = await openAccount(service, Role.CONSUMER, consumerAddress.toLowerCase());
  for (const accountId of [service.engine.brokerId, consumerId]) await credit(service, accountId, 10n ** 21n);
  await stockBroker(service, service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!, series.id);
  return {
    dir,
    service,
    server,
    base,
    series,
    consumerId,
    async close() {
      await server.close();
      await service.stop();
      removeDir(dir);
    },
  };
}
