/**
 * What the reference provider server is started with (server.ts): its key, address and TLS,
 * where its records come from, the exchange to report to, and its bounds: timeouts, connection
 * caps, the report queue's size and push delivery's period, retries and caps.
 */
import type { DataSchema } from '../catalog/data-schema.js';
import type { Cadence } from '../catalog/listing.js';
import type { AccessGrant, GateOptions, RetryPolicy } from '../gate/index.js';
import type { Logger } from '../runtime/log.js';
import type { TransportSecurity } from '../runtime/transport-security.js';
import type { HttpListenerLimits } from '../gateway/http-listener.js';
import type { RateLimit } from '../gateway/request-limits.js';

/** A contract's confidence band in basis points: scores from `loBps` up to, not including, `hiBps` (10,000 included). */
export interface ConfidenceBand {
  loBps: number;
  hiBps: number;
}

export interface ProviderServerLimits extends HttpListenerLimits {
  /**
   * Delivery reports waiting for the exchange at most; more are dropped and counted. Refusals (of requests the
   * grant's consumer signed) may take a tenth of it, and each grant and reason is reported once: a consumer's
   * repeated refusals never crowd a delivery's evidence out (report-queue.ts).
   */
  maxQueuedReports: number;
  /**
   * Requests one client address may send (POST /records, /records/stream, /records/push): a burst, refilled at a
   * steady rate; past it `429 RATE_LIMITED` with `Retry-After`, before the body is read or a signature checked: one
   * address's flood of junk would slow every other answer (the exchange's too, when `npm start` ran it on the engine's thread).
   */
  requestsPerAddress: RateLimit;
  /**
   * Records one file download (`POST /records?format=csv|ndjson|parquet`) carries at most: a
   * request for more rights than make this many is refused TOO_MANY_RECORDS (413) before
   * anything is counted, so no consumer makes the server build a file beyond it in memory.
   */
  maxFileRecords: number;
}

export const PROVIDER_SERVER_LIMITS: ProviderServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  maxConnectionsPerAddress: 64,
  maxQueuedReports: 10_000,
  requestsPerAddress: { burst: 60, perSecond: 20 },
  maxFileRecords: 100_000,
};

/** How long the reference provider server waits before asking for the exchange's revocations again after a failed read, or between reads of an exchange that does not long-poll. */
export const REVOCATION_POLL_MS = 5_000;

/**
 * Time between two pushed batches (streams, webhooks) of a listing with this cadence: one
 * right's records each period. `realtime` is a batch a second. `npm start`'s provider server and
 * `patx provider serve` push at their listing version's cadence.
 */
export const PUSH_PERIOD_MS: Readonly<Record<Cadence, number>> = {
  realtime: 1_000,
  hourly: 3_600_000,
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 30 * 86_400_000,
};

/** Push delivery (streams and webhooks) at the reference provider server. */
export interface ProviderPushOptions {
  /** Time between two pushed batches of a grant: one right each (default 60 s; `npm start` uses the listing's cadence). */
  periodMs: number | ((grant: AccessGrant) => number);
  /** Webhook retries: firstDelayMs doubling to maxDelayMs, at most maxAttempts attempts a batch. */
  retry: Partial<RetryPolicy>;
  /** How long a webhook POST may take (default 10 s). */
  webhookTimeoutMs: number;
  /** Open streams at most, and on one grant (default 1,000 and 4). */
  maxStreams: number;
  maxStreamsPerGrant: number;
  /** Webhook registrations at most, and on one grant (default 10,000 and 4). */
  maxPushes: number;
  maxPushesPerGrant: number;
  /** An SSE comment this often keeps an idle stream open through proxies (default 15 s). */
  heartbeatMs: number;
}

export const PROVIDER_PUSH_DEFAULTS: ProviderPushOptions = { periodMs: 60_000, retry: {}, webhookTimeoutMs: 10_000, maxStreams: 1_000, maxStreamsPerGrant: 4, maxPushes: 10_000, maxPushesPerGrant: 4, heartbeatMs: 15_000 };

/** The gate's options but its provider, endpoint and readiness probe: the server makes those (its key, its bound port, its records). */
export interface ProviderServerOptions extends Omit<GateOptions, 'provider' | 'endpoint' | 'hasRecords'> {
  /** The provider's key: its address is the gate's provider; it signs the delivery reports. */
  providerKey: string;
  host: string;
  port: number;
  /**
   * The server's public base URL, as consumers reach it (behind a proxy, or by a name):
   * its gate's endpoint is this URL's `/records`, and a request signed for any other
   * endpoint is refused. Default http(s)://<host>:<port> (the bound port).
   */
  publicUrl?: string;
  /** https over `tls` (the gateway's certificate under `npm start`), else http, refused off loopback without `allowPlaintext` (default: loopback only). */
  security?: TransportSecurity;
  /** The listing's segment, for the records (undefined: not a listing this server has records for). */
  segmentOf: (listingId: number) => string | undefined;
  /**
   * Deterministic records: `count` of the segment's, from `first`, stamped at or before `atMs`, their
   * confidence scores within `band` when the server knows the contract the right was bought in (`bandOf`).
   */
  records: (segment: string, first: number, count: number, atMs: number, band?: ConfidenceBand) => Record<string, string | number>[] | undefined;
  /**
   * The confidence band of the contract a series trades (`AUTO_INTENT|7D|0.70-0.85`: 7,000 to 8,500 bps), which
   * the records of a right bought in it must fall in: a consumer who bought 0.70–0.85 gets no 0.95 (the
   * dearer band's). Series never change, so a server may ask the exchange once (`GET /v1/series/{id}`) and keep it.
   */
  bandOf?: (seriesId: number) => ConfidenceBand | undefined;
  /**
   * Instead of `records`: the records of the grant's window as they are at `atMs` (a model feed's
   * committed signals), `count` for the right from index `first` of the grant's.
   */
  windowRecords?: (grant: AccessGrant, first: number, count: number, atMs: number) => Record<string, string | number>[] | undefined;
  /**
   * The listing's data schema, whose columns (names, order, types) a records file carries
   * (`POST /records?format=…`); the exchange's listing (GET /v1/listings/{id}) says the same, so
   * a consumer reads a CSV by it. Undefined (or no schema for the listing): files are refused
   * FORMAT_UNAVAILABLE; the JSON answer is served as ever.
   */
  schemaOf?: (listingId: number, listingVersion: number) => Pick<DataSchema, 'columns'> | undefined;
  /** The exchange's HTTP base URL, for delivery reports and the revocations of refunded rights (undefined: neither). */
  exchangeUrl?: string;
  /** The wait before reading the exchange's revocations again after a failure, or between reads of an exchange that does not long-poll (revocations.ts; default REVOCATION_POLL_MS). */
  revocationPollMs?: number;
  /**
   * What the exchange holds of each grant's use (its rights, a usage grant's units: the provider's reports and the
   * consumers' receipts), read at start, before the first request is served: the gate raises its counts to it, so a gate
   * started on a new store (another directory, a lost disk) does not serve again what consumers took. A failure is
   * logged and the gate serves on its own counts.
   */
  usedAtStart?: () => Promise<ReadonlyArray<{ grantId: number; used: number }>>;
  log: Logger;
  /** Timeouts, the connection caps (in all and per address) and the report queue's bound (default PROVIDER_SERVER_LIMITS). */
  limits?: Partial<ProviderServerLimits>;
  /** Push delivery: the period, retries and bounds (default PROVIDER_PUSH_DEFAULTS). */
  push?: Partial<ProviderPushOptions>;
}
