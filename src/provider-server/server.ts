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
 *                   sha256} signed by the provider's key (src/gate/delivery-statement.ts), which
 *                   the consumer's receipt to the exchange carries; a refusal is {error: CODE,
 *                   message} with the gate's status
 *   POST /records/stream  a stream request (src/gate/push-request.ts) → Server-Sent Events:
 *                   `batch` events (id: the right's seq; data: {grantId, seq, remaining, records,
 *                   delivery, deliverySignature}), one right each push period, then one `end`
 *                   event {grantId, reason, delivered, remaining}; a refusal is JSON as above
 *   POST /records/push    a webhook registration {grant, signature, domain, authorisation} →
 *                   201 {registration, created: true} (200 and created: false for one there is)
 *   GET  /healthz   200 while it serves
 *   GET  /openapi.json  its routes' OpenAPI document (operations.ts: a route not there is 404)
 *   OPTIONS /records, /records/stream, /records/push  the CORS preflight: any origin may POST (a consumer's browser)
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
 * one address's slow connections cannot take the places of another's downloads).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { open } from 'lmdb';
import { signedRequest } from '../client/signed-http.js';
import {
  deliveryStatementText,
  Gate,
  GateError,
  Pusher,
  pushNonce,
  recordsSha256,
  StreamHub,
  type DeliveryStatement,
  type GateOptions,
  type PushBatchMaker,
  type PushPayload,
  type RetryPolicy,
  type StreamEnd,
} from '../gate/index.js';
import { MessageKeySigner, type AccessGrant } from '../grants/grant.js';
import { addressKey } from '../gateway/client-address.js';
import { ConnectionsByAddress, type AddressedConnection } from '../gateway/connections-by-address.js';
import { defaultPublicUrl } from '../gateway/siwe.js';
import type { Logger } from '../runtime/log.js';
import { checkTransport, readTlsFiles, type TransportSecurity } from '../runtime/transport-security.js';
import { answerOutsideRoutes } from './operations.js';
import { ReportQueue, type DeliveryReport, type SendOutcome } from './report-queue.js';

/** Records served per right: one right is one download of this many. */
export const RECORDS_PER_RIGHT = 25;
const MAX_BODY_BYTES = 16 * 1024;
/** How long close() lets open connections finish their last writes before cutting them. */
const CLOSE_GRACE_MS = 250;

export interface ProviderServerLimits {
  /** Time a client has to send its request headers (node's server.headersTimeout). */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request (server.requestTimeout). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection closes after this (server.keepAliveTimeout). */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are closed as they arrive (server.maxConnections). */
  maxConnections: number;
  /**
   * Open connections from one client address at most (an IPv4 address, or an IPv6 /64, as
   * the gateway counts them: src/gateway/client-address.ts); more are closed as they arrive,
   * before a byte is read. The socket's address: behind a reverse proxy every client is the
   * proxy's address, so raise it there (or cap per client in the proxy).
   */
  maxConnectionsPerAddress: number;
  /** Delivery reports waiting for the exchange at most; more are dropped and counted. */
  maxQueuedReports: number;
}

export const PROVIDER_SERVER_LIMITS: ProviderServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  maxConnectionsPerAddress: 64,
  maxQueuedReports: 10_000,
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

export interface ProviderServerOptions extends Omit<GateOptions, 'provider' | 'endpoint'> {
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
  /** Deterministic records: `count` of the segment's, from `first`, stamped at or before `atMs`. */
  records: (segment: string, first: number, count: number, atMs: number) => Record<string, string | number>[] | undefined;
  /**
   * Instead of `records`: the records of the grant's window as they are at `atMs` (a model feed's
   * committed signals), `count` for the right from index `first` of the grant's.
   */
  windowRecords?: (grant: AccessGrant, first: number, count: number, atMs: number) => Record<string, string | number>[] | undefined;
  /** The exchange's HTTP base URL, for delivery reports (undefined: not reported). */
  exchangeUrl?: string;
  log: Logger;
  /** Timeouts, the connection caps (in all and per address) and the report queue's bound (default PROVIDER_SERVER_LIMITS). */
  limits?: Partial<ProviderServerLimits>;
  /** Push delivery: the period, retries and bounds (default PROVIDER_PUSH_DEFAULTS). */
  push?: Partial<ProviderPushOptions>;
}

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
  /** The delivery reports' queue: waiting, sent and dropped (full) counts. */
  readonly reports: Pick<ReportQueue, 'queued' | 'sent' | 'dropped' | 'maxQueued'>;
  /** Connections closed as they arrived because their address already had maxConnectionsPerAddress open. */
  readonly connectionsRefusedPerAddress: number;
  close(): Promise<void>;
}

export async function startProviderServer(o: ProviderServerOptions): Promise<ProviderServer> {
  const security = o.security ?? { allowPlaintext: false };
  checkTransport('the reference provider server', o.host, security);
  const wallet = new Wallet(o.providerKey);
  const statementSigner = new MessageKeySigner(o.providerKey);
  // Made once the port is bound (its endpoint names it); no request is read before.
  let gate: Gate | undefined;
  const clock = o.clock ?? Date.now;
  const limits = { ...PROVIDER_SERVER_LIMITS, ...o.limits };
  const url = o.exchangeUrl;
  // Kept beside the gate's metering until the exchange answers: a report is a delivery's evidence.
  const reportsDir = join(o.dir, 'reports');
  mkdirSync(reportsDir, { recursive: true });
  const reportsEnv = open({ path: reportsDir });
  const reports = new ReportQueue(
    async (r): Promise<SendOutcome> => {
      if (url === undefined) return 'answered';
      const answer = await signedRequest(url, wallet, 'POST', '/v1/deliveries', r, { chainId: Number(o.domain.chainId) });
      // The exchange away, overloaded or starting: the evidence is sent again later, not lost.
      if (answer.status >= 500 || answer.status === 429) return 'retry';
      if (answer.status !== 200) o.log.warn({ grantId: r.grantId, status: answer.status, body: answer.body }, 'the exchange refused a delivery report');
      return 'answered';
    },
    limits.maxQueuedReports,
    o.log,
    reportsEnv.openDB<DeliveryReport, number>({ name: 'reports' }),
  );
  const report = (r: DeliveryReport): void => {
    if (url !== undefined) reports.add(r);
  };

  const recordsOf = (grant: AccessGrant, first: number, count: number): Record<string, string | number>[] => {
    const segment = o.segmentOf(grant.listingId);
    if (segment === undefined) return [];
    const atMs = Math.min(clock(), grant.windowCloseMs);
    return (o.windowRecords !== undefined ? o.windowRecords(grant, first, count, atMs) : o.records(segment, grant.grantId * 1_000_000 + first, count, atMs)) ?? [];
  };
  // One pushed right: its records (the same ones POST /records serves for that right) and the signed statement (use 1, nonce push-<seq>).
  const batch: PushBatchMaker = (grant, seq, remaining): PushPayload => {
    const records = recordsOf(grant, (seq - 1) * RECORDS_PER_RIGHT, RECORDS_PER_RIGHT);
    const delivery: DeliveryStatement = { grantId: grant.grantId, use: 1, nonce: pushNonce(seq), records: records.length, sha256: recordsSha256(records) };
    return { grantId: grant.grantId, seq, remaining, records, delivery, deliverySignature: statementSigner.signMessage(deliveryStatementText(o.domain, grant, delivery)) };
  };
  const push = { ...PROVIDER_PUSH_DEFAULTS, ...o.push };
  const periodOf = push.periodMs;
  const periodMs = typeof periodOf === 'number' ? () => periodOf : periodOf;

  const serve = async (body: unknown): Promise<{ status: number; body: unknown }> => {
    if (gate === undefined) return { status: 503, body: { error: 'STARTING', message: 'the gate is not open yet' } };
    try {
      const { grant, use, remaining, request } = await gate.admit(body);
      const records = recordsOf(grant, (grant.quantity - remaining - use) * RECORDS_PER_RIGHT, use * RECORDS_PER_RIGHT);
      // What the consumer can prove it received: signed over the records' canonical bytes.
      const delivery: DeliveryStatement = { grantId: grant.grantId, use, nonce: request.nonce, records: records.length, sha256: recordsSha256(records) };
      const deliverySignature = statementSigner.signMessage(deliveryStatementText(o.domain, grant, delivery));
      // The evidence of this delivery: the consumer's signed request and the provider's signed statement of what it served.
      report({ grantId: grant.grantId, rights: use, outcome: 'delivered', request, delivery, deliverySignature });
      o.log.info({ grantId: grant.grantId, consumer: grant.consumer, use, remaining }, 'records delivered');
      return { status: 200, body: { grantId: grant.grantId, listingId: grant.listingId, listingVersion: grant.listingVersion, records, remaining, delivery, deliverySignature } };
    } catch (error) {
      if (!(error instanceof GateError)) throw error;
      // Only what the grant's consumer signed is reported: the exchange would refuse the rest, and it says nothing of the provider.
      if (error.grantId !== undefined && error.signedRequest !== undefined) report({ grantId: error.grantId, rights: 0, outcome: error.code, request: error.signedRequest });
      o.log.info({ code: error.code, grantId: error.grantId }, `gate refused: ${error.message}`);
      return { status: error.status, body: { error: error.code, message: error.message } };
    }
  };

  const refused = (error: unknown): { status: number; body: unknown } => {
    if (!(error instanceof GateError)) throw error;
    o.log.info({ code: error.code, grantId: error.grantId }, `gate refused: ${error.message}`);
    return { status: error.status, body: { error: error.code, message: error.message } };
  };
  // Made with the gate, once the port is bound.
  let streams: StreamHub | undefined;
  let pusher: Pusher | undefined;

  // connectionsCheckingInterval: how often node looks for connections past the header and request timeouts.
  const timeouts = { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))) };
  const ROUTES = new Set(['/records', '/records/stream', '/records/push']);
  const handle: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    // Only what its route rows name (operations.ts: 404, 405, and /openapi.json); the rest is theirs below.
    if (answerOutsideRoutes(req, res)) return;
    // Any origin may call it (a consumer's browser: the web console's account page): a gate request carries its own signatures, no cookies.
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'OPTIONS' && ROUTES.has(path)) {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
      return void res.end();
    }
    if (req.method === 'GET' && path === '/healthz') return reply(200, { status: 'ok' });
    if (!ROUTES.has(path)) return reply(404, { error: 'NOT_FOUND', message: `no route ${req.method} ${path}` });
    if (req.method !== 'POST') return reply(405, { error: 'METHOD_NOT_ALLOWED', message: path === '/records' ? 'POST a gate request' : path === '/records/stream' ? 'POST a stream request' : 'POST a webhook registration' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reply(413, { error: 'MALFORMED_REQUEST', message: `a request is at most ${MAX_BODY_BYTES} bytes` });
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(400, { error: 'MALFORMED_REQUEST', message: 'the body is not JSON' });
      }
      const failed = (error: unknown): void => {
        o.log.error({ err: error, path }, 'request failed');
        if (!res.headersSent) reply(500, { error: 'INTERNAL', message: 'internal error' });
        else res.end();
      };
      if (path === '/records') return void serve(body).then((out) => reply(out.status, out.body), failed);
      if (streams === undefined || pusher === undefined) return reply(503, { error: 'STARTING', message: 'the gate is not open yet' });
      if (path === '/records/push') {
        return void pusher.register(body).then(
          ({ registration, created }) => reply(created ? 201 : 200, { registration, created }),
          (error: unknown) => {
            try {
              const out = refused(error);
              reply(out.status, out.body);
            } catch (e) {
              failed(e);
            }
          },
        );
      }
      void openStream(streams, body, res).catch((error: unknown) => {
        try {
          const out = refused(error);
          reply(out.status, out.body);
        } catch (e) {
          failed(e);
        }
      });
    });
    req.on('error', () => undefined);
  };

  /** Opens a stream (the first right counted) and answers with Server-Sent Events. */
  const openStream = async (hub: StreamHub, body: unknown, res: ServerResponse): Promise<void> => {
    const stream = await hub.openStream(body);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', 'access-control-allow-origin': '*' });
    // The consumer went away: no more rights are counted, and its half-closed connection is let go (server.close() would wait on it).
    res.on('close', () => {
      stream.stop();
      if (!res.writableEnded) res.destroy();
    });
    const g = stream.admission.grant;
    o.log.info({ grantId: g.grantId, consumer: g.consumer, rights: stream.admission.request.rights }, 'stream opened');
    stream.start({
      batch: (p: PushPayload) => void res.write(`event: batch\nid: ${p.seq}\ndata: ${JSON.stringify(p)}\n\n`),
      end: (e: StreamEnd) => void res.end(`event: end\ndata: ${JSON.stringify(e)}\n\n`),
      heartbeat: () => void res.write(': keep-alive\n\n'),
    });
  };
  const server: Server = security.tls === undefined ? createServer(timeouts, handle) : createTlsServer({ ...readTlsFiles(security.tls), ...timeouts }, handle);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  const perAddress = capPerAddress(server, limits.maxConnectionsPerAddress, o.log);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => resolve());
    });
  } catch (error) {
    await reports.close();
    await reportsEnv.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  let opened: Gate;
  try {
    const base = (o.publicUrl ?? defaultPublicUrl(o.host, port, security.tls !== undefined ? 'https' : 'http')).replace(/\/+$/, '');
    opened = gate = new Gate({ ...o, provider: wallet.address, endpoint: `${base}/records` });
    streams = new StreamHub(opened, { batch, periodMs, maxStreams: push.maxStreams, maxStreamsPerGrant: push.maxStreamsPerGrant, heartbeatMs: push.heartbeatMs, log: o.log, onBatch: (p) => o.log.info({ grantId: p.grantId, seq: p.seq, remaining: p.remaining }, 'records streamed') });
    pusher = new Pusher(opened, {
      batch,
      periodMs,
      retry: push.retry,
      timeoutMs: push.webhookTimeoutMs,
      maxPerGrant: push.maxPushesPerGrant,
      maxTotal: push.maxPushes,
      log: o.log,
      onDelivered: (r, p, answer) => {
        o.log.info({ grantId: r.grantId, seq: p.seq, remaining: p.remaining, status: answer.status }, 'records pushed to webhook');
        // The evidence of a push: the consumer's authorisation of this URL, the signed batch it took, and what answered.
        report({ grantId: r.grantId, rights: 1, outcome: 'pushed', delivery: p.delivery, deliverySignature: p.deliverySignature, push: { seq: p.seq, authorisation: r.authorisation, answer } });
      },
    });
    pusher.start();
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await reports.close();
    await reportsEnv.close();
    throw error;
  }
  const hub = streams!;
  const webhooks = pusher!;
  o.log.info({ host: o.host, port, tls: security.tls !== undefined, provider: wallet.address, endpoint: opened.endpoint }, 'reference provider server listening (POST /records, /records/stream, /records/push)');
  return {
    port,
    endpoint: opened.endpoint,
    gate: opened,
    streams: hub,
    pusher: webhooks,
    settled: () => reports.settled(),
    reports,
    get connectionsRefusedPerAddress() {
      return perAddress.refused;
    },
    async close() {
      // Open streams would hold server.close() open: each gets its end event first.
      hub.endAll();
      await webhooks.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A connection that never sent a request (a client's spare one) is not idle to node and would hold the close until its timeout: let go after a moment for the last writes to flush.
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(force);
      await reports.close();
      await reportsEnv.close();
      await opened.close();
    },
  };
}

/**
 * Closes a connection as it arrives (before node reads a byte of it) when its client address
 * already has `max` open: one address holding hundreds of slow connections took the places
 * of other addresses' downloads under the total cap alone (issue 74). Node's total cap
 * (server.maxConnections) is checked before this. A warning is logged at the first refusal
 * and every 100th.
 */
function capPerAddress(server: Server, max: number, log: Logger): { readonly refused: number } {
  const open = new ConnectionsByAddress<AddressedConnection>();
  const counts = { refused: 0 };
  server.on('connection', (socket: Socket) => {
    const c: AddressedConnection = { remoteAddress: addressKey(socket.remoteAddress ?? '') };
    if (open.count(c.remoteAddress) >= max) {
      counts.refused++;
      if (counts.refused === 1 || counts.refused % 100 === 0) log.warn({ address: c.remoteAddress, maxConnectionsPerAddress: max, refused: counts.refused }, 'connections from one address over the cap closed as they arrive');
      socket.destroy();
      return;
    }
    open.add(c);
    socket.once('close', () => open.remove(c));
  });
  return counts;
}
