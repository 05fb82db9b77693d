/**
 * The demo around a running service, as `npm start` and `npm run sandbox` bring it up: the
 * reference provider server (the demo provider's records behind its gate, in a process of its
 * own: provider-process.ts), the demo
 * listings, the demo participants trading spot (demo-market.ts), a subscriber whose data
 * keeps arriving (demo-subscriber.ts), the demo model feed with its reference model posting
 * signals and outcomes and its own provider server (demo-model-feed.ts, reference-model.ts)
 * and, when asked, the later phases' products (demo-products.ts). A part that fails to start
 * is logged and the exchange runs without it.
 */
import path from 'node:path';
import { CommandKind, EventType, Role } from '../engine/index.js';
import { gatewayTransport } from '../gateway/index.js';
import type { Logger } from '../runtime/log.js';
import { forkProviderServer, type ProviderProcess } from './provider-process.js';
import type { Config } from '../app/config.js';
import { demoEnabled, feedServerPort, providerServerEnabled } from '../app/config.js';
import type { Service } from '../app/service.js';
import { offerDemoTerms, publishDemoListings } from './demo-listings.js';
import { FEED_PROVIDER_ADDRESS, feedPace, publishAfterBurnIn, publishDemoModelFeed } from './demo-model-feed.js';
import { feedLineage } from './feed-model.js';
import { FeedSignalStore } from './feed-signals.js';
import { startReferenceModel, type ReferenceModel } from './reference-model.js';
import { startDemoMarket, type DemoMarket } from './demo-market.js';
import { startDemoProducts, type DemoProducts } from './demo-products.js';
import { startDemoSubscriber, type DemoSubscriber } from './demo-subscriber.js';

export interface RunningDemo {
  /** The demo provider's server, in a process of its own. */
  readonly providerServer: ProviderProcess | undefined;
  /** The demo model feed's provider server (a process of its own too), when its contract is listed. */
  readonly feedServer: ProviderProcess | undefined;
  /** The demo model feed's listing and reference model, when published. */
  readonly feedListingId: number | undefined;
  readonly referenceModel: ReferenceModel | undefined;
  /** Stops the participants, then the provider servers' processes. */
  stop(): Promise<void>;
}

export interface DemoRunOptions {
  /** Also trade forwards, synthetics and options (the sandbox). */
  products?: boolean;
  /** Whether a stop was asked for meanwhile: what starts after it is stopped at once. */
  stopping?: () => boolean;
}

/** Starts the demo parts the config enables; resolves once each has started or failed (logged). */
export async function startDemo(service: Service, config: Config, logger: Logger, options: DemoRunOptions = {}): Promise<RunningDemo> {
  const stopping = options.stopping ?? (() => false);
  // A part the service's stop cut short is not a fault: said at info level then, a warning otherwise.
  const notStarted = (error: unknown, message: string): void => (stopping() ? logger.info({ err: error }, `${message} (the service is stopping)`) : logger.warn({ err: error }, message));
  const host = config.gateway.host === '0.0.0.0' || config.gateway.host === '::' ? '127.0.0.1' : config.gateway.host;
  // The demo and the provider server's delivery reports reach the gateway as any client does: over TLS when it serves TLS
  // (they trust its certificate as node does: the system's CAs and NODE_EXTRA_CA_CERTS; docs/security.md, "TLS").
  const security = gatewayTransport(config.gateway);
  const [http, ws] = security.tls === undefined ? ['http', 'ws'] : ['https', 'wss'];
  const httpUrl = `${http}://${host}:${service.gateway.port}`;
  const log = logger.child({ module: 'demo' });
  let providerServer: ProviderProcess | undefined;
  let feedServer: ProviderProcess | undefined;
  let feedListingId: number | undefined;
  let referenceModel: ReferenceModel | undefined;
  let market: DemoMarket | undefined;
  let products: DemoProducts | undefined;
  let subscriber: DemoSubscriber | undefined;
  let burnInTimer: NodeJS.Timeout | undefined;
  const running: RunningDemo = {
    get providerServer() {
      return providerServer;
    },
    get feedServer() {
      return feedServer;
    },
    get feedListingId() {
      return feedListingId;
    },
    get referenceModel() {
      return referenceModel;
    },
    async stop() {
      clearInterval(burnInTimer);
      await Promise.allSettled([market?.stop(), products?.stop(), subscriber?.stop(), referenceModel?.stop()]);
      await Promise.allSettled([providerServer?.close(), feedServer?.close()]);
    },
  };
  const pace = feedPace(config.contracts);
  const feedDir = path.join(config.dataDir, 'model-feed');
  const feedStore = pace === undefined || !demoEnabled(config) ? undefined : new FeedSignalStore(feedDir, feedLineage().modelConfigSha);
  ({ providerServer, feedServer } = await forkDemoProviderServers(config, logger, { exchangeUrl: httpUrl, security, feed: feedStore === undefined ? undefined : feedDir, stopping, notStarted }));
  if (!demoEnabled(config) || stopping()) return running;
  const fresh = service.catalog.all().length === 0;
  try {
    const deliveryEndpoint = providerServer?.endpoint ?? `${http}://127.0.0.1:${config.providerServer.port || 8490}/records`;
    await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, log, deliveryEndpoint);
    if (fresh) await offerDemoTerms(service.catalog, config.contracts.map((c) => c.contract), Date.now, log);
    // The server read its listings before they were published (or changed): it reads them again now.
    await providerServer?.listingsChanged();
  } catch (error) {
    notStarted(error, 'the demo listings were not published; the exchange runs without them');
  }
  try {
    const feedEndpoint = feedServer?.endpoint ?? `${http}://127.0.0.1:${feedServerPort(config) || (config.providerServer.port || 8490) + 1}/records`;
    if (pace !== undefined) feedListingId = await publishDemoModelFeed(service.catalog, service.engine, service.sequencer, pace, Date.now, log, feedEndpoint, fresh);
    await feedServer?.listingsChanged();
  } catch (error) {
    notStarted(error, 'the demo model feed was not published; the exchange runs without it');
  }
  const endpoints = {
    tradeUrl: `${ws}://${host}:${service.gateway.port}/v1/trade`,
    signInDomain: service.gateway.signInDomain,
    httpUrl,
    settlement: service.settlement !== undefined,
    intervalMs: config.demo.intervalMs,
    log,
  };
  market = await withRetries('the demo market', () => startDemoMarket({ ...endpoints, marketUrl: `${ws}://${host}:${service.gateway.marketData.port}/v1/market` }), stopping, logger);
  subscriber = await withRetries('the demo subscriber', () => startDemoSubscriber(endpoints), stopping, logger);
  if (feedListingId !== undefined && feedStore !== undefined && pace !== undefined && !stopping()) {
    const feed = { listingId: feedListingId, pace, store: feedStore, turnMs: Math.min(30_000, pace.periodMs / 4) };
    const listingId = feedListingId;
    if (service.catalog.find(listingId)?.status === 'submitted') {
      // Still in its burn-in: its signals are taken before publication only from a verified provider, so the demo's operator verifies it, then publishes the feed once they span the burn-in.
      await verifyFeedProvider(service).catch((error: unknown) => notStarted(error, 'the demo model feed provider was not verified; its feed cannot build its burn-in'));
      const tryPublish = (): void => void publishAfterBurnIn(service.catalog, listingId, log).then(
        (published) => {
          if (!published) return;
          clearInterval(burnInTimer);
          void feedServer?.listingsChanged();
        },
        (error: unknown) => notStarted(error, 'the demo model feed was not published'),
      );
      burnInTimer = setInterval(tryPublish, Math.min(60_000, pace.periodMs));
      burnInTimer.unref();
    }
    referenceModel = await withRetries('the demo feed reference model', () => startReferenceModel({ ...endpoints, ...feed }), stopping, logger);
  }
  if (options.products === true) {
    products = await withRetries('the demo products traders', () => startDemoProducts({ ...endpoints, qualifyInstitution: (accountId) => qualifyInstitution(service, accountId) }), stopping, logger);
  }
  return running;
}

/** What forkDemoProviderServers needs besides the config. */
export interface ProviderServerStarts {
  /** The gateway's HTTP base, as the servers reach the exchange. */
  exchangeUrl: string;
  security: ReturnType<typeof gatewayTransport>;
  /** The demo model feed's signal store directory: its own server is forked too (undefined: no feed). */
  feed: string | undefined;
  stopping: () => boolean;
  notStarted: (error: unknown, message: string) => void;
}

/**
 * Forks the demo's provider servers, both at once: each start is a node process loading its code and reading the
 * exchange (its signer, listings, series), seconds on a loaded host, and one after the other they came up 10-18 s
 * after the service. Each is undefined when it did not start (logged); the demo listings name their endpoints.
 * `fork` is forkProviderServer (a test watches the order of forks and starts through it).
 */
export async function forkDemoProviderServers(config: Config, logger: Logger, o: ProviderServerStarts, fork: typeof forkProviderServer = forkProviderServer): Promise<{ providerServer: ProviderProcess | undefined; feedServer: ProviderProcess | undefined }> {
  if (!providerServerEnabled(config)) return { providerServer: undefined, feedServer: undefined };
  // The provider servers run in processes of their own, so that nobody's downloads take the matching engine's thread;
  // they reach the exchange over its HTTP API, as any provider's server does, and log as the service does.
  const child = { dataDir: config.dataDir, host: config.providerServer.host, security: o.security, exchangeUrl: o.exchangeUrl, webhookAllow: config.subscriptions.webhookAllow, logLevel: logger.level };
  const started = (start: Promise<ProviderProcess>, failure: string): Promise<ProviderProcess | undefined> =>
    start.catch((error: unknown) => void o.notStarted(error, failure));
  const demo = started(
    fork({ ...child, kind: 'demo', port: config.providerServer.port, ...(config.providerServer.publicUrl === undefined ? {} : { publicUrl: config.providerServer.publicUrl }) }, logger.child({ module: 'provider-server' })),
    'the reference provider server did not start; grants cannot be redeemed for the demo listings',
  );
  // The demo model feed's own provider server (its provider's gate), beside the first: the next port, or a free one.
  const feed =
    o.feed === undefined || o.stopping()
      ? Promise.resolve(undefined)
      : started(
          fork({ ...child, kind: 'feed', port: feedServerPort(config), feedStore: { dir: o.feed, modelConfigSha: feedLineage().modelConfigSha } }, logger.child({ module: 'provider-server', feed: true })),
          "the demo model feed's provider server did not start; grants of the feed cannot be redeemed",
        );
  const [providerServer, feedServer] = await Promise.all([demo, feed]);
  return { providerServer, feedServer };
}

const START_ATTEMPTS = 4;
const START_RETRY_MS = 5_000;

/**
 * Starts a demo part, trying again a few times: on a loaded machine a restart's first requests
 * can outwait the client's timeout while the service catches up, and a demo that gave up
 * there would stay silent for the whole run. Undefined when it never started (logged).
 */
async function withRetries<T>(what: string, start: () => Promise<T>, stopping: () => boolean, logger: Logger): Promise<T | undefined> {
  for (let attempt = 1; attempt <= START_ATTEMPTS && !stopping(); attempt++) {
    try {
      return await start();
    } catch (error) {
      if (stopping()) return void logger.info({ err: error }, `${what} did not start (the service is stopping)`);
      const last = attempt === START_ATTEMPTS;
      logger.warn({ err: error, attempt }, last ? `${what} did not start; the exchange runs without it` : `${what} did not start; trying again in ${START_RETRY_MS / 1000} s`);
      if (!last) await new Promise((r) => setTimeout(r, START_RETRY_MS));
    }
  }
  return undefined;
}

/**
 * The bootstrap operator verifies the demo feed's provider through the operator's own route,
 * `POST /operator/providers/{id}/verify` (docs/providers.md: an identity record and its audit
 * row, then the journaled flag); nothing when it is verified already.
 */
async function verifyFeedProvider(service: Service): Promise<void> {
  const provider = service.engine.accountIdByAddress.get(FEED_PROVIDER_ADDRESS);
  if (provider === undefined || service.engine.account(provider)?.verified === true) return;
  const operator = service.engine.accounts.find((a) => a?.role === Role.OPERATOR)?.id;
  if (operator === undefined) throw new Error('no operator account to verify the demo feed provider with');
  const body = { legalName: 'PATX demo model-feed provider (dev wallet 10)', jurisdiction: 'DE', payoutAddress: FEED_PROVIDER_ADDRESS, kycReference: 'demo: a public dev key, no KYC', reason: 'the demo feed builds its burn-in' };
  const reply = await service.operatorApi.handle({ method: 'POST', path: `/operator/providers/${provider}/verify`, body, query: new URLSearchParams(), operator: 'demo', roles: ['risk'], operatorAccountId: operator });
  if (reply.status !== 200) throw new Error(`verifying the demo feed provider was refused: ${JSON.stringify(reply.body)}`);
}

/** The bootstrap operator qualifies the account as an institution: journaled and audited as `./patx institution grant ID` is. */
async function qualifyInstitution(service: Service, accountId: number): Promise<void> {
  const operator = service.engine.accounts.find((a) => a?.role === Role.OPERATOR)?.id;
  if (operator === undefined) throw new Error('no operator account to qualify an institution with');
  const { events } = await service.sequencer.submit({ kind: CommandKind.SET_INSTITUTION, actor: operator, accountId, qualified: true });
  const refused = events.find((e) => e.type === EventType.COMMAND_REJECTED);
  if (refused !== undefined) throw new Error(`qualifying account ${accountId} as an institution was refused (${JSON.stringify(refused)})`);
}
