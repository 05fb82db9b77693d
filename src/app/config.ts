/**
 * Service configuration: embedded defaults, overridden by a JSON file
 * (PATX_CONFIG, or ./patx.config.json when present), then by environment
 * variables. Validated with zod; a bad value stops the start with every problem listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { envEnum, envInt, envPort, envSwitch, envText, mapParse, type EnvField } from '../runtime/config-env.js';
// From the defining modules, not the packages' indexes: the configuration is read by the CLI's offline tools too, which need not load the gateway, the catalog or settlement.
import { contractSpecListSchema } from '../engine/public-values.js';
import { DEFAULT_CATALOG_QUOTAS } from '../catalog/quotas.js';
import { DEMO_CONTRACTS } from './demo-contracts.js';
import { MAX_STRIKES_PER_EXPIRY } from '../option-pricing/black76.js';
import { DEFAULT_GATEWAY_CONFIG, gatewayConfigSchema, httpUrlSchema } from '../gateway/config.js';
import { paramChangeSchema } from '../risk/params.js';
import { weakTokenReason } from '../operator/token-strength.js';
import { settlementConfigSchema, SETTLEMENT_DEFAULTS, SETTLEMENT_ENV_FIELDS } from '../settlement/config.js';
import { replicationConfigSchema, REPLICATION_DEFAULTS, REPLICATION_ENV_FIELDS } from '../replication/config.js';
import { MAX_WEBHOOK_ALLOW, WebhookAllowance } from '../gate/webhook-target.js';
import { DEFAULT_MIN_COVER_MICROS } from '../subscriptions/cover-default.js';

const positiveInt = z.number().int().positive();
/** The longest burn-in a model feed may be asked for (modelFeeds.burnInDays). */
export const MAX_FEED_BURN_IN_DAYS = 365;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parameter seeds by flat name, each checked against the registry's bounds (src/risk/params.ts). */
const paramSeedsSchema = z.record(z.string(), z.number()).superRefine((seeds, ctx) => {
  for (const [name, value] of Object.entries(seeds)) {
    const problem = paramChangeSchema.safeParse({ name, value });
    if (!problem.success) for (const issue of problem.error.issues) ctx.addIssue({ code: 'custom', path: [name], message: issue.message });
  }
});

/**
 * Risk limits and market-maker protection the service ships with (docs/risk.md,
 * "Shipped defaults"), seeded as journaled SET_PARAM commands at the first start.
 * A config's `quoting.params` is laid over them name by name; 0 turns a check
 * off, and only when a config says so.
 */
export const SHIPPED_PARAM_SEEDS: Readonly<Record<string, number>> = {
  'risk.maxOrderQty': 10_000,
  'risk.priceBandBps': 2_000,
  'risk.maxPositionQty': 50_000,
  'risk.throttleMessages': 200,
  'risk.throttleWindowMs': 1_000,
  'risk.brokerMaxLongSeries': 500,
  'risk.brokerMaxLongWindow': 1_500,
  'risk.mmpQty': 1_000,
  'risk.mmpIntervalMs': 60_000,
  'risk.mmpFreezeMs': 30_000,
  'risk.mintRequiresListing': 1,
  // Providers are paid out only once verified (docs/providers.md); a journal from before holds nobody until this is journaled.
  'risk.payoutRequiresVerification': 1,
  'risk.brokerMaxForwardShort': 500,
  'risk.brokerMaxForwardShortWindow': 1_500,
};

const DISK_DEFAULTS = { lowFreeBytes: 256 * 2 ** 20, minFreeBytes: 64 * 2 ** 20, checkIntervalMs: 1_000 };

const QUOTING_DEFAULTS = { enabled: true, brokerFloatPat: 10_000, params: { ...SHIPPED_PARAM_SEEDS }, tickMs: 50 };

const quotingConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    brokerFloatPat: z.number().int().nonnegative().max(1_000_000_000).default(10_000),
    params: paramSeedsSchema.default({}).transform((seeds) => ({ ...SHIPPED_PARAM_SEEDS, ...seeds })),
    tickMs: positiveInt.max(60_000).default(50),
  })
  .strict()
  .default(QUOTING_DEFAULTS);

/** Strikes an expiry may have by default: the 9-strike grid and 8 more as it re-centres (a week's index moving 40%). */
export const DEFAULT_MAX_STRIKES_PER_EXPIRY = 17;

/** At most this many `catalog.endpointAllow` pairs: with the reference provider servers' two, an allowance's most (MAX_WEBHOOK_ALLOW). */
export const MAX_ENDPOINT_ALLOW = MAX_WEBHOOK_ALLOW - 2;

/** Exact `address:port` pairs (WebhookAllowance's form), at most `max`. */
function allowList(max: number) {
  return z
    .array(z.string())
    .max(max)
    .default([])
    .superRefine((entries, ctx) => {
      try {
        new WebhookAllowance(entries);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    });
}

export const configSchema = z
  .object({
    /**
     * 'exchange': the exchange itself (with replication on, a node that leads or stands by);
     * 'edge': a market-data edge serving /v1/market from the replicated journal (docs/replication.md).
     */
    role: z.enum(['exchange', 'edge']).default('exchange'),
    /** Where the journal and snapshots live. */
    dataDir: z.string().min(1).default('./data'),
    /** 'commit': acks after the LMDB commit (survives kill -9); 'flush': after fsync (survives power loss). */
    durability: z.enum(['commit', 'flush']).default('commit'),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    /**
     * SCHED_FIFO priority (1-99) for the engine's thread (the process's main thread:
     * sequencer, engine, order entry), so it runs as soon as it wakes (src/runtime/realtime-priority.ts).
     * 0: normal scheduling. Needs CAP_SYS_NICE; without it the service warns and runs on.
     */
    engineRealtimePriority: z.number().int().min(0).max(99).default(0),
    /**
     * The side threads (market data, the order history's and the purchase ledger's writers, the statement's) under
     * SCHED_IDLE while they keep up, so their work takes only cores nothing else wants (src/runtime/background-threads.ts).
     * Off by default, as `engineRealtimePriority`: on a host shared with other work (a laptop, a test suite) they would wait
     * for it, up to the 3 s after which one is brought back; a deployment that owns its cores turns it on. Needs
     * CAP_SYS_NICE to bring a starved thread back; without it the service says so and leaves them at normal scheduling.
     */
    backgroundThreads: z.boolean().default(false),
    /**
     * Orders `npm start` runs through scratch copies of the order path right before the gateway
     * listens, after the rehearsal (src/app/order-path-warm-up.ts), so the first orders meet
     * compiled code. 0: none.
     */
    warmUpOrders: z.number().int().min(0).max(10_000_000).default(100_000),
    /**
     * Orders `npm start` first sends a scratch exchange of its own over loopback sockets
     * (src/app/rehearsal.ts), so that the gateway, the read models and every listener are
     * compiled too. 0: none.
     */
    rehearsalOrders: z.number().int().min(0).max(1_000_000).default(20_000),
    sequencer: z
      .object({
        maxBatchCommands: positiveInt.max(1 << 20).default(4096),
        maxQueuedCommands: positiveInt.default(1_000_000),
        maxUncommittedCommands: positiveInt.default(65_536),
        snapshotEveryCommands: z.number().int().nonnegative().default(1_000_000),
        snapshotEveryMs: z.number().int().nonnegative().default(60_000),
      })
      .strict()
      .default({
        maxBatchCommands: 4096,
        maxQueuedCommands: 1_000_000,
        maxUncommittedCommands: 65_536,
        snapshotEveryCommands: 1_000_000,
        snapshotEveryMs: 60_000,
      }),
    /**
     * The free space kept under the data dir (src/app/data-dir-space.ts): under `lowFreeBytes`
     * only cancels are taken, under `minFreeBytes` no command (0: never); checked every
     * `checkIntervalMs`. LMDB must never meet a full disk.
     */
    disk: z
      .object({
        lowFreeBytes: z.number().int().nonnegative().default(DISK_DEFAULTS.lowFreeBytes),
        minFreeBytes: z.number().int().nonnegative().default(DISK_DEFAULTS.minFreeBytes),
        checkIntervalMs: positiveInt.max(60_000).default(DISK_DEFAULTS.checkIntervalMs),
      })
      .strict()
      .refine((d) => d.lowFreeBytes === 0 || d.lowFreeBytes >= d.minFreeBytes, { message: 'lowFreeBytes must be at least minFreeBytes (or 0: off)', path: ['lowFreeBytes'] })
      .default(DISK_DEFAULTS),
    /**
     * What providers may store in the catalog (docs/security.md, "Quotas"): per provider, its
     * samples' bytes, drafts and listings; the catalog's samples in all; and the free space
     * above `disk.lowFreeBytes` no sample may take (the journal's room). A provider the operator
     * has not verified keeps at most `unverifiedProviderSampleBytes` (10 MiB; never more than
     * `providerSampleBytes`), and all unverified providers together at most `unverifiedSampleShare`
     * (0.25) of `totalSampleBytes`: fresh keys cannot fill the catalog for verified providers.
     */
    catalog: z
      .object({
        providerSampleBytes: positiveInt.default(DEFAULT_CATALOG_QUOTAS.providerSampleBytes),
        unverifiedProviderSampleBytes: positiveInt.default(DEFAULT_CATALOG_QUOTAS.unverifiedProviderSampleBytes),
        unverifiedSampleShare: z.number().min(0).max(1).default(DEFAULT_CATALOG_QUOTAS.unverifiedSampleShare),
        providerDrafts: positiveInt.default(DEFAULT_CATALOG_QUOTAS.providerDrafts),
        listingVersionsPerDay: positiveInt.default(DEFAULT_CATALOG_QUOTAS.listingVersionsPerDay),
        providerListings: positiveInt.default(DEFAULT_CATALOG_QUOTAS.providerListings),
        totalSampleBytes: positiveInt.default(DEFAULT_CATALOG_QUOTAS.totalSampleBytes),
        diskReserveBytes: z.number().int().nonnegative().default(DEFAULT_CATALOG_QUOTAS.diskReserveBytes),
        /**
         * The exact `address:port` pairs a listing's delivery endpoint may name or resolve to though
         * not globally routable (docs/delivery.md, "Endpoints the exchange connects to"): the
         * exchange POSTs to providers' gates (the courier's push registrations) under the webhook
         * rules. The reference provider servers are allowed besides (endpointAllowance).
         */
        endpointAllow: allowList(MAX_ENDPOINT_ALLOW),
      })
      .strict()
      .default({ ...DEFAULT_CATALOG_QUOTAS, endpointAllow: [] }),
    /**
     * Model feeds (docs/catalog.md, "Burn-in"). `burnInDays`: how long a feed's live signals must
     * span (its first to its newest, in the model live now) before the operator may publish it;
     * fractions allowed (the sandbox's is minutes), 0: off. Unset: modelFeedBurnInMs below.
     */
    modelFeeds: z
      .object({ burnInDays: z.number().min(0).max(MAX_FEED_BURN_IN_DAYS).optional() })
      .strict()
      .default({}),
    /**
     * What the order history keeps of orders that ended (GET /v1/orders, OrderStatusQuery; docs/http-api.md,
     * "Orders"): each at least `retentionDays` after it ended (fractions allowed; the sandbox's are shorter), and
     * of each account at least its newest `maxClosedPerAccount`, at most that plus one flush's worth. Live orders are
     * always kept (the engine bounds them per account).
     */
    orderHistory: z
      .object({
        retentionDays: z.number().positive().max(3_650).default(30),
        maxClosedPerAccount: positiveInt.max(1_000_000).default(10_000),
      })
      .strict()
      .default({ retentionDays: 30, maxClosedPerAccount: 10_000 }),
    /**
     * The account statement (GET /v1/statement; docs/http-api.md): its read model applies every command a second
     * time in an engine of its own, on a thread of its own that follows the journal (src/gateway/statement-thread.ts),
     * with a second copy of the engine's state in memory. That thread took 15–25% of a core at 50,000 orders/s and
     * bench:wire's PATX p99 there from 8.6 to 11.1 ms on the 2-core VM (2026-12-02; 12–15% since it commits only when a
     * read waits or once a second): 'auto', the default, keeps it on a host with a core to spare (statementOn). Off, the
     * route answers 503 STATEMENT_UNAVAILABLE.
     */
    statement: z.object({ enabled: z.union([z.boolean(), z.literal('auto')]).default('auto') }).strict().default({ enabled: 'auto' }),
    /** How often the listing schedule runs (lists next windows, expires closed ones). */
    scheduleIntervalMs: positiveInt.default(1_000),
    /**
     * The most strikes one expiry (a spot window's options) may have listed, a CALL and a PUT
     * each: the strike grid re-centres as the index moves and listed strikes stay, so this
     * bounds the listings a window makes (docs/options.md). The grid itself is 9 strikes.
     */
    maxStrikesPerExpiry: positiveInt.max(MAX_STRIKES_PER_EXPIRY).default(DEFAULT_MAX_STRIKES_PER_EXPIRY),
    /** How often GTD expiry is checked. */
    expiryIntervalMs: positiveInt.default(100),
    /** Contracts listed on the schedule. */
    contracts: contractSpecListSchema.default(DEMO_CONTRACTS),
    /** WebSocket and HTTP server (docs/protocol.md). */
    gateway: gatewayConfigSchema.default(DEFAULT_GATEWAY_CONFIG),
    /** The broker's quoter (issue 4): see docs/pricing.md and docs/risk.md. */
    quoting: quotingConfigSchema,
    /**
     * Demo participants (src/demo/) trading with the broker from the first start, so the
     * books are two-sided and prices move. Default: on with the embedded chain or without
     * settlement, never against a configured chain (their wallets' keys are public).
     */
    demo: z
      .object({ enabled: z.boolean().optional(), intervalMs: positiveInt.max(3_600_000).default(2_000) })
      .strict()
      .default({ intervalMs: 2_000 }),
    /**
     * Subscriptions (docs/subscriptions.md). Webhooks go to globally routable addresses only
     * (providers' gates POST records there: anything else would make them probe their own
     * networks); `webhookAllow` lists the exact `address:port` pairs allowed besides (a receiver
     * on this machine, `127.0.0.1:9000`; at most 16), taken by the exchange's check and, under
     * `npm start`, by the demo's provider servers. Default: none, demo or not.
     * `minCoverPerSubscriptionMicros`: the least each live subscription counts for in the free PAT a new one
     * needs with the account's live ones (docs/subscriptions.md, "Cover"; default 1 PAT): dust cannot hold
     * the exchange's 100,000 subscriptions.
     */
    subscriptions: z
      .object({
        minCoverPerSubscriptionMicros: positiveInt.max(Number.MAX_SAFE_INTEGER).default(DEFAULT_MIN_COVER_MICROS),
        webhookAllow: allowList(MAX_WEBHOOK_ALLOW),
        privateWebhooks: z.never({ error: 'gone (issue 74): list the exact address:port pairs webhooks may reach in subscriptions.webhookAllow' }).optional(),
      })
      .strict()
      .default({ webhookAllow: [], minCoverPerSubscriptionMicros: DEFAULT_MIN_COVER_MICROS }),
    /** On-chain settlement (src/settlement/config.ts); `npm start` with none starts a local chain. */
    settlement: settlementConfigSchema.default(SETTLEMENT_DEFAULTS),
    /** The replicated journal and failover (docs/replication.md); off: one process, its LMDB journal. */
    replication: replicationConfigSchema.default(REPLICATION_DEFAULTS),
    /**
     * Access grants (docs/delivery.md): the key the exchange signs them with, a 0x-prefixed
     * 32-byte hex secp256k1 key; empty: one generated on first start and kept in
     * `<dataDir>/grant-signer.key` (mode 600). The dispute window is one journaled parameter,
     * `risk.disputeWindowMs` (docs/delivery.md, "One dispute window"), no longer `grants.disputeMs`.
     */
    grants: z
      .object({
        signerKey: z.union([z.literal(''), z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a 0x-prefixed 32-byte hex key')]).default(''),
        disputeMs: z.never({ error: 'gone (issue 73): the one dispute window is the journaled parameter risk.disputeWindowMs (./patx params set risk.disputeWindowMs <ms>, or seed it in quoting.params)' }).optional(),
      })
      .strict()
      .default({ signerKey: '' }),
    /**
     * The reference provider data server (src/provider-server/): the demo provider's records
     * for each demo segment behind the gate. Default: on wherever the demo runs.
     */
    providerServer: z
      .object({
        enabled: z.boolean().optional(),
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).default(8490),
        /** The demo model feed's own server's port. Unset: the next one after `port` (0 with `port` 0: any free one). */
        feedPort: z.number().int().min(0).max(65_535).optional(),
        /** Its public base URL (behind a proxy, or by a name): the gate's endpoint is its /records, the one consumers sign for. Unset: http://<host>:<port>. */
        publicUrl: httpUrlSchema.optional(),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8490 }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** Every problem found, one line each. */
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}

/** Environment variables and the config fields each sets; each parses strictly (src/runtime/config-env.ts). */
const ENV_FIELDS: Record<string, EnvField> = {
  PATX_ROLE: (v, name) => mapParse(envEnum(v, name, ['exchange', 'edge'] as const), (role) => ({ role })),
  PATX_DATA_DIR: envText((v) => ({ dataDir: v })),
  PATX_DURABILITY: (v, name) => mapParse(envEnum(v, name, ['commit', 'flush'] as const), (durability) => ({ durability })),
  PATX_LOG_LEVEL: (v, name) => mapParse(envEnum(v, name, LOG_LEVELS), (logLevel) => ({ logLevel })),
  PATX_ENGINE_REALTIME_PRIORITY: (v, name) => mapParse(envInt(v, name, 0, 99), (engineRealtimePriority) => ({ engineRealtimePriority })),
  PATX_BACKGROUND_THREADS: (v, name) => mapParse(envSwitch(v, name), (backgroundThreads) => ({ backgroundThreads })),
  PATX_WARM_UP_ORDERS: (v, name) => mapParse(envInt(v, name, 0, 10_000_000), (warmUpOrders) => ({ warmUpOrders })),
  PATX_REHEARSAL_ORDERS: (v, name) => mapParse(envInt(v, name, 0, 1_000_000), (rehearsalOrders) => ({ rehearsalOrders })),
  PATX_HOST: envText((host) => ({ gateway: { host } })),
  PATX_PORT: envPort((port) => ({ gateway: { port } })),
  PATX_MARKET_DATA_PORT: envPort((marketDataPort) => ({ gateway: { marketDataPort } })),
  PATX_TLS_CERT: envText((certFile) => ({ gateway: { tls: { certFile } } })),
  PATX_TLS_KEY: envText((keyFile) => ({ gateway: { tls: { keyFile } } })),
  PATX_ALLOW_PLAINTEXT: (v, name) => mapParse(envSwitch(v, name), (allowPlaintext) => ({ gateway: { allowPlaintext } })),
  PATX_OPERATOR_TOKEN: envText((operatorToken) => ({ gateway: { operatorToken } })),
  PATX_PUBLIC_URL: envText((publicUrl) => ({ gateway: { publicUrl } })),
  PATX_TRUSTED_PROXIES: envText((v) => ({ gateway: { trustedProxies: v.split(',').map((p) => p.trim()).filter((p) => p !== '') } })),
  PATX_DEMO: (v, name) => mapParse(envSwitch(v, name), (enabled) => ({ demo: { enabled } })),
  PATX_GRANT_SIGNER_KEY: envText((signerKey) => ({ grants: { signerKey } })),
  PATX_PROVIDER_SERVER: (v, name) => mapParse(envSwitch(v, name), (enabled) => ({ providerServer: { enabled } })),
  PATX_STATEMENT: (v, name) => {
    if (v.trim().toLowerCase() === 'auto') return { ok: true, value: { statement: { enabled: 'auto' } } };
    const on = envSwitch(v, name);
    return on.ok ? { ok: true, value: { statement: { enabled: on.value } } } : { ok: false, problem: `${on.problem}, or auto` };
  },
  PATX_PROVIDER_PORT: envPort((port) => ({ providerServer: { port } })),
  PATX_FEED_PROVIDER_PORT: envPort((feedPort) => ({ providerServer: { feedPort } })),
  PATX_PROVIDER_HOST: envText((host) => ({ providerServer: { host } })),
  PATX_PROVIDER_PUBLIC_URL: envText((publicUrl) => ({ providerServer: { publicUrl } })),
};

/**
 * Where the exchange may POST to providers' gates besides globally routable addresses: the
 * exact pairs of `catalog.endpointAllow`, and the reference provider servers it runs (its
 * `providerServer.host`, 0.0.0.0 and :: as the loopback their URLs name, at `port` and the feed's
 * port; a port of 0, any free one, is allowed only through `catalog.endpointAllow`).
 */
export function endpointAllowance(config: Config): WebhookAllowance {
  const own: string[] = [];
  if (providerServerEnabled(config)) {
    const host = config.providerServer.host;
    const address = host === '0.0.0.0' || host === 'localhost' ? '127.0.0.1' : host === '::' ? '::1' : host;
    const literal = /^[0-9.]+$/.test(address) ? address : /^[0-9a-fA-F:.]+$/.test(address) && address.includes(':') ? `[${address}]` : undefined;
    for (const port of new Set([config.providerServer.port, feedServerPort(config)])) if (literal !== undefined && port !== 0) own.push(`${literal}:${port}`);
  }
  // A host that is no exact address (a name) gives no pair: its servers are reached as any provider's are.
  const exact = own.filter((entry) => {
    try {
      return new WebhookAllowance([entry]).size === 1;
    } catch {
      return false;
    }
  });
  // A reference server's pair the operator listed too is counted once.
  return new WebhookAllowance([...new Set([...config.catalog.endpointAllow, ...exact])]);
}

/** Whether the reference provider data server runs: as configured, else wherever the demo runs (it serves the demo provider's listings). */
export function providerServerEnabled(config: Config): boolean {
  return config.providerServer.enabled ?? demoEnabled(config);
}

/** The demo model feed's provider server's port: `providerServer.feedPort`, else the next after `providerServer.port` (0 with it: any free one). */
export function feedServerPort(config: Config): number {
  const { port, feedPort } = config.providerServer;
  return feedPort ?? (port === 0 ? 0 : port + 1);
}

/** A model feed's burn-in unless configured: a week of live signals before buyers see the feed. */
export const DEFAULT_FEED_BURN_IN_DAYS = 7;
/** ... and wherever the demo runs: its feed is published once its reference model has signalled this long (three of its 5-minute periods). */
export const DEMO_FEED_BURN_IN_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** The burn-in a model feed needs before publication, ms: as configured, else a week, or DEMO_FEED_BURN_IN_MS wherever the demo runs. */
export function modelFeedBurnInMs(config: Config): number {
  const days = config.modelFeeds.burnInDays;
  if (days !== undefined) return Math.round(days * DAY_MS);
  return demoEnabled(config) ? DEMO_FEED_BURN_IN_MS : DEFAULT_FEED_BURN_IN_DAYS * DAY_MS;
}

/** Whether the demo participants run: as configured, else only where their public keys are harmless. */
export function demoEnabled(config: Config): boolean {
  return config.demo.enabled ?? (!config.settlement.enabled || config.settlement.rpcUrl === undefined);
}

/** Cores a host needs for the account statement under `statement.enabled: 'auto'`: its thread takes 12–15% of a core at 50k orders/s. */
export const STATEMENT_AUTO_CORES = 4;

/** Whether the account statement is kept: as configured, else ('auto') on a host with STATEMENT_AUTO_CORES cores or more. */
export function statementOn(config: Config, cores: number = availableParallelism()): boolean {
  const enabled = config.statement.enabled;
  return enabled === 'auto' ? cores >= STATEMENT_AUTO_CORES : enabled;
}

/**
 * PATX_* variables read elsewhere (the settler's key, clients, tests), so an
 * unknown one can be reported as a probable typo.
 */
const OTHER_KNOWN_ENV = [
  'PATX_CONFIG',
  'PATX_PROFILE',
  'PATX_SETTLER_KEY',
  'PATX_SETTLER_CRASH_AT',
  'PATX_OPERATOR_URL', // deprecated for PATX_URL, still read (src/runtime/service-url.ts)
  'PATX_CLI_SOURCES',
  'PATX_SERVICE_SOURCES',
  'PATX_SERVICE_DIST', // set by bin/start.js for the worker threads (src/gateway/worker-boot.mjs)
  'PATX_WALLET_KEY',
  'PATX_GATEWAY_URL', // deprecated for PATX_URL, still read
  'PATX_MCP_MAX_SPEND',
  'PATX_CONFIRM_ABOVE', // the CLI's order confirmation threshold (src/cli/order-ticket.ts)
  'PATX_NATS_SERVER', // the nats-server binary a local replication cluster runs (src/replication/local-cluster.ts)
  'PATX_CLUSTER_DIR', // patx cluster's options (src/cli/cluster-command.ts)
  'PATX_CLUSTER_BASE_PORT',
  'PATX_MCP_DOWNLOAD_DIR', // patx mcp's --download-dir (src/mcp/cli-command.ts)
  'PATX_URL', // the service's HTTP base, for every tool (src/runtime/service-url.ts)
  'PATX_MARKET_URL', // deprecated: GET /v1/endpoints names market data; still read
  'PATX_TEST_LOG',
  'PATX_CRASH_SEED',
  'PATX_CRASH_LOG',
  'PATX_PROPERTY_SEED',
  'PATX_PROPERTY_SEEDS',
  'PATX_PROPERTY_COMMANDS',
  'PATX_PROPERTY_STATS',
];

/** PATX_* variables set in `env` that nothing reads: most likely typos (the service warns). */
export function unknownEnvVars(env: NodeJS.ProcessEnv = process.env): string[] {
  const known = new Set([...Object.keys(ENV_FIELDS), ...Object.keys(SETTLEMENT_ENV_FIELDS), ...Object.keys(REPLICATION_ENV_FIELDS), ...OTHER_KNOWN_ENV]);
  return Object.keys(env).filter((name) => name.startsWith('PATX_') && !known.has(name) && !name.startsWith('PATX_BENCH_'));
}

/**
 * The configuration, from low to high: the embedded defaults, the config file, `profile`
 * (a profile's layer, e.g. the sandbox's: src/sandbox/profile.ts), the environment, then
 * `overrides`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Record<string, unknown> = {}, profile: Record<string, unknown> = {}): Config {
  const file = env.PATX_CONFIG ?? (existsSync('patx.config.json') ? 'patx.config.json' : undefined);
  let fromFile: Record<string, unknown> = {};
  if (file !== undefined) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`, [(error as Error).message]);
    }
  }
  let merged: Record<string, unknown> = mergeDeep(fromFile, profile);
  const problems: string[] = [];
  const fromEnv = (fields: Record<string, EnvField>, wrap: (f: Record<string, unknown>) => Record<string, unknown>): void => {
    for (const [name, parse] of Object.entries(fields)) {
      const value = env[name];
      if (value === undefined || value === '') continue;
      const parsed = parse(value, name);
      if (parsed.ok) merged = mergeDeep(merged, wrap(parsed.value));
      else problems.push(parsed.problem);
    }
  };
  fromEnv(ENV_FIELDS, (f) => f);
  fromEnv(SETTLEMENT_ENV_FIELDS, (f) => ({ settlement: f }));
  fromEnv(REPLICATION_ENV_FIELDS, (f) => ({ replication: f }));
  merged = mergeDeep(merged, overrides);
  const result = configSchema.safeParse(merged);
  if (!result.success) problems.push(...result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(config)'}: ${issue.message}`));
  const weakToken = result.success && result.data.gateway.operatorToken !== '' ? weakTokenReason(result.data.gateway.operatorToken) : undefined;
  if (weakToken !== undefined) problems.push(`gateway.operatorToken (PATX_OPERATOR_TOKEN): WEAK_OPERATOR_TOKEN: ${weakToken}`);
  if (result.success && result.data.role === 'edge' && !result.data.replication.enabled) {
    problems.push('role: an edge serves the replicated journal: set replication.servers (PATX_REPLICATION_SERVERS)');
  }
  if (result.success && result.data.role === 'exchange' && result.data.replication.enabled && result.data.grants.signerKey === '') {
    // Each node would generate its own key, and grants signed before a failover would stop verifying after it.
    problems.push('grants.signerKey: replication needs the access-grant signing key configured (PATX_GRANT_SIGNER_KEY), the same on every node');
  }
  if (result.success && result.data.role === 'exchange' && result.data.replication.enabled && result.data.settlement.enabled) {
    // Each node would start its own embedded chain, or deploy its own contracts: the group must settle on one vault.
    if (result.data.settlement.rpcUrl === undefined) problems.push('settlement.rpcUrl: a replicated group settles on one chain: set settlement.rpcUrl (PATX_RPC_URL), the same on every node, or PATX_SETTLEMENT=off');
    if (result.data.settlement.contracts === undefined) problems.push('settlement.contracts: a replicated group settles on one deployment: set settlement.contracts, the same on every node');
    // Under 'local' acks a failover loses what the old leader acknowledged and had not shipped; a batch it settled from that tail would pay out for trades the group no longer holds.
    if (result.data.replication.ack === 'local') problems.push("replication.ack: 'local' acks can lose acknowledged commands at a failover (the leader's unshipped tail): a group that settles on chain needs 'quorum' (PATX_REPLICATION_ACK=quorum), or PATX_SETTLEMENT=off");
  }
  if (!result.success || problems.length > 0) {
    const source = file === undefined ? 'environment' : `${file} and the environment`;
    throw new ConfigError(`invalid configuration (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`, problems);
  }
  return result.data;
}

/** Merges plain objects field by field (so PATX_PORT keeps the file's other gateway settings). */
function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? mergeDeep(prev, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
