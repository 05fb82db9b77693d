/**
 * The reference provider data server (`npm start` runs it for the demo provider):
 * what a data provider runs at its delivery endpoint. Records are generated and
 * deterministic (the demo segments' shapes), or, for the demo model feed's server
 * (`windowRecords`), the signals its reference model committed within the right's
 * window; the exchange never sees them.
 *
 *   POST /records   a gate request (src/gate/): {grant, signature, domain, endpoint, use,
 *                   timeMs, nonce, consumerSignature} → {grantId, listingId, listingVersion,
 *                   records, remaining, delivery, deliverySignature}: RECORDS_PER_RIGHT records
 *                   per right used, and the delivery statement {grantId, use, nonce, records,
 *                   sha256} signed by the provider's key (src/grants/delivery-statement.ts), which
 *                   the consumer's receipt to the exchange carries; a refusal is {error: CODE,
 *                   message} with the gate's status. `?format=ndjson|csv|parquet`: the records as a
 *                   file typed by the listing's schema (`schemaOf`), the statement over those typed
 *                   records in the patx-delivery headers (and a Parquet file's metadata): record-files.ts
 *   POST /records/stream  a stream request (src/grants/push-request.ts) → Server-Sent Events:
 *                   `batch` events (id: the right's seq; data: {grantId, seq, remaining, records,
 *                   delivery, deliverySignature}), one right each push period, then one `end`
 *                   event {grantId, reason, delivered, remaining}; a refusal is JSON as above
 *   POST /records/push    a webhook registration {grant, signature, domain, authorisation} →
 *                   201 {registration, created: true} (200 and created: false for one there is)
 *   GET  /healthz   200 while it serves
 *   GET  /openapi.json  its routes' OpenAPI document (operations.ts: a route not there is 404)
 *   OPTIONS /records, /records/stream, /records/push  the CORS preflight: any origin may POST (a consumer's browser)
 *
 * Rights the exchange refunded to a consumer and nobody served are withdrawn from the gate: the server
 * reads the exchange's revocations at start and then by long poll, within a round trip of each refund
 * (revocations.ts), and a request for them is refused REVOKED (410).
 *
 * Deliveries, and refusals of requests the grant's consumer signed, are reported to the
 * exchange (POST /v1/deliveries with the consumer-signed request, signed by the provider's
 * key), in the background; refusals of anything else (garbage signatures, a stranger's
 * copy of a grant) are not reported: they say nothing about the provider. The reports wait
 * in a bounded queue kept in LMDB (`<dir>/reports`) until the exchange answers them, across a
 * restart: each is a delivery's evidence (report-queue.ts).
 *
 * Open to the internet, so bounded (PROVIDER_SERVER_LIMITS): a client must send its
 * headers within headersTimeoutMs and its whole request within requestTimeoutMs (node
 * closes the connection: a slow-header client holds nothing), an idle keep-alive
 * connection closes after keepAliveTimeoutMs, and connections beyond maxConnections in all,
 * or beyond maxConnectionsPerAddress from one client address, are closed as they arrive (so
 * one address's slow connections cannot take the places of another's downloads); each address
 * sends at most requestsPerAddress requests (a burst, refilled at a rate; 429 past it).
 */
import { Wallet } from 'ethers';
import { defaultPublicUrl } from '../gateway/siwe.js';
import { checkTransport } from '../runtime/transport-security.js';
import type { Gate, Pusher, StreamHub } from '../gate/index.js';
import { deliveries } from './deliveries.js';
import { openDeliveryReports } from './delivery-reports.js';
import { closeListener, listen, stopListening, type Listening } from '../gateway/http-listener.js';
import { RateBuckets } from '../gateway/request-limits.js';
import { openGate } from './open-gate.js';
import { PROVIDER_PUSH_DEFAULTS, PROVIDER_SERVER_LIMITS, REVOCATION_POLL_MS, type ProviderServerOptions } from './options.js';
import { followRevocations } from './revocations.js';
import type { ReportQueue } from './report-queue.js';
import { providerRoutes, type OpenGate } from './routes.js';

export { RECORDS_PER_RIGHT } from './deliveries.js';
export { PROVIDER_PUSH_DEFAULTS, PROVIDER_SERVER_LIMITS, REVOCATION_POLL_MS, type ProviderPushOptions, type ProviderServerLimits, type ProviderServerOptions } from './options.js';

export interface ProviderServer {
  readonly port: number;
  /** The gate's endpoint: where consumers POST their requests (a listing's delivery endpoint). */
  readonly endpoint: string;
  readonly gate: Gate;
  /** Streams open (POST /records/stream). */
  readonly streams: StreamHub;
  /** Webhook registrations and their deliveries (POST /records/push). */
  readonly pusher: Pusher;
  /** Delivery reports sent so far and still in flight (tests wait for them). */
  settled(): Promise<void>;
  /** Reads the exchange's revocations now (the server's long poll also brings each as it comes). */
  readRevocations(): Promise<void>;
  /** The delivery reports' queue: waiting, sent and dropped (full) counts. */
  readonly reports: Pick<ReportQueue, 'queued' | 'sent' | 'dropped' | 'maxQueued'>;
  /** Connections closed as they arrived because their address already had maxConnectionsPerAddress open. */
  readonly connectionsRefusedPerAddress: number;
  close(): Promise<void>;
}

/**
 * What it sets up, in order: the records and their signed statements, the delivery reports'
 * queue, the routes, the listener (TLS, timeouts, caps), then the gate and its push delivery;
 * close() takes them down in reverse.
 */
/** How long a starting server waits for its first read of the exchange's revocations before it serves anyway. */
export const REVOCATIONS_FIRST_READ_MS = 3_000;

export async function startProviderServer(o: ProviderServerOptions): Promise<ProviderServer> {
  const security = o.security ?? { allowPlaintext: false };
  checkTransport('the reference provider server', o.host, security);
  const wallet = new Wallet(o.providerKey);
  const served = deliveries(o);
  const limits = { ...PROVIDER_SERVER_LIMITS, ...o.limits };
  const reports = openDeliveryReports(o, wallet, limits.maxQueuedReports);
  const push = { ...PROVIDER_PUSH_DEFAULTS, ...o.push };
  // Set once the port is bound (its endpoint names it) and the exchange's revocations are read; requests before are answered STARTING.
  const open: OpenGate = {};
  const requestRate = new RateBuckets('address', limits.requestsPerAddress);
  const handle = providerRoutes({ open, deliveries: served, report: reports.report, log: o.log, schemaOf: o.schemaOf, usageOf: o.usageOf, maxFileRecords: limits.maxFileRecords, requestRate });
  let listening: Listening;
  try {
    listening = await listen(handle, o.host, o.port, security, limits, o.log);
  } catch (error) {
    await reports.close();
    throw error;
  }
  const { server, port, perAddress } = listening;
  let opened: { gate: Gate; streams: StreamHub; pusher: Pusher };
  try {
    const base = (o.publicUrl ?? defaultPublicUrl(o.host, port, security.tls !== undefined ? 'https' : 'http')).replace(/\/+$/, '');
    opened = openGate(o, wallet.address, base, served, push, reports.report);
  } catch (error) {
    await stopListening(server);
    await reports.close();
    throw error;
  }
  const { gate, streams, pusher } = opened;
  const revocations = followRevocations(gate, o, wallet, o.revocationPollMs ?? REVOCATION_POLL_MS);
  // The exchange's revocations read before the first request is served or a webhook pushed (requests meanwhile are
  // answered STARTING): a refund made while the server was down is withdrawn first. An exchange slow to answer delays
  // that by REVOCATIONS_FIRST_READ_MS at most; one away fails the read at once, and the server serves as it did.
  await Promise.race([revocations.started, new Promise((resolve) => setTimeout(resolve, REVOCATIONS_FIRST_READ_MS).unref())]);
  if (o.usedAtStart !== undefined) {
    try {
      const floors = await o.usedAtStart();
      await gate.raiseUsed(floors);
    } catch (error) {
      o.log.warn({ err: error }, "the exchange's counts of the grants' use could not be read: the gate serves on its own");
    }
  }
  Object.assign(open, opened);
  pusher.start();
  o.log.info({ host: o.host, port, tls: security.tls !== undefined, provider: wallet.address, endpoint: gate.endpoint }, 'reference provider server listening (POST /records, /records/stream, /records/push)');
  return {
    port,
    endpoint: gate.endpoint,
    gate,
    streams,
    pusher,
    settled: () => reports.queue.settled(),
    readRevocations: () => revocations.readNow(),
    reports: reports.queue,
    get connectionsRefusedPerAddress() {
      return perAddress.refused;
    },
    async close() {
      // Open streams would hold server.close() open: each gets its end event first.
      streams.endAll();
      await pusher.close();
      await closeListener(server);
      await reports.close();
      await revocations.close();
      await gate.close();
    },
  };
}
