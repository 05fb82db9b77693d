/**
 * The HTTP port of a process that is not the exchange's gateway (a standby waiting to lead, a
 * market-data edge): health, readiness, metrics and its own OpenAPI document, answered on the
 * thread that follows the stream.
 *
 * The port is public (clients and load balancers are given every node's URL), so it is bounded as
 * the reference provider server's is (src/gateway/http-listener.ts: header and request timeouts, at
 * most 1,000 connections and 32 from one address): a stranger holding connections cannot take the
 * process's file descriptors; and at most 40 requests at once, 10 a second, from one address (429
 * RATE_LIMITED beyond, as the gateway answers): a stranger's requests cannot take the thread that
 * follows the stream. A WebSocket upgrade is refused before it opens, with the answer the owner
 * gives (the standby's NOT_LEADER, the edge's pointer to its market-data port).
 *
 * node:http rather than uWebSockets.js: a standby's port lives only until the node leads, and must
 * then close every connection it holds, idle keep-alive ones included, or a client would keep
 * asking a server that no longer exists; node's server does that (closeAllConnections), the uWS
 * build we use has no App.close(). Node binds without SO_REUSEPORT, so a second process on the
 * port fails as the gateway's exclusive bind does.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { ListenError } from '../gateway/index.js';
import { addressKey } from '../gateway/client-address.js';
import { listen, type HttpListenerLimits } from '../gateway/http-listener.js';
import { overLimit, RateBuckets, rateLimitedReply, type RateLimit } from '../gateway/request-limits.js';
import type { Logger } from '../runtime/log.js';
import { checkTransport, type TransportSecurity } from '../runtime/transport-security.js';

export interface StatusReply {
  status: number;
  headers?: Record<string, string>;
  /** JSON to write, or text written as it is (the document, the metrics). */
  body: unknown;
  allow?: string;
  /** application/json unless said. */
  contentType?: string;
}

/** A refusal written on the raw socket of a WebSocket upgrade. */
export interface UpgradeRefusal {
  status: 404 | 503;
  body: { error: string; message: string };
}

export interface StatusPortOptions {
  /** Whose port, in logs and errors: 'standby', 'edge'. */
  name: string;
  host: string;
  /** 0: any free port (`port` then says which). */
  port: number;
  /** https when the process serves TLS; plaintext off loopback refused without allowPlaintext. */
  security?: TransportSecurity;
  /** Requests per address (default: 40 at once, 10 a second). */
  ratePerAddress?: RateLimit;
  log: Logger;
  answer(method: string, path: string, authorization: string): StatusReply | Promise<StatusReply>;
  refuseUpgrade(url: string): UpgradeRefusal;
}

/**
 * What a stranger may hold of the port: health checks and scrapes need a few connections, and the
 * process's file descriptors are its journal's, its snapshots' and NATS's.
 */
const STATUS_PORT_LIMITS: HttpListenerLimits = { headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000, maxConnectionsPerAddress: 32 };
/** Requests one address may send: health checks every second and scrapes every few seconds fit many times over. */
const STATUS_PORT_RATE: RateLimit = { burst: 40, perSecond: 10 };
/** Every route's 429, in the OpenAPI documents (standby-operations.ts, edge-operations.ts). */
export const STATUS_PORT_RATE_LIMITED = 'RATE_LIMITED: this address sent more than 40 requests at once or 10 a second (Retry-After says when to try again)';

const REASONS: Record<number, string> = { 404: 'Not Found', 503: 'Service Unavailable' };

export class StatusPort {
  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    private readonly name: string,
    private readonly log: Logger,
  ) {}

  /** Listens; rejects with a ListenError saying why it could not. */
  static start(o: StatusPortOptions): Promise<StatusPort> {
    const security = o.security ?? { allowPlaintext: false };
    try {
      checkTransport(`the ${o.name}`, o.host, security);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const write = (res: http.ServerResponse, { status, body, allow, contentType, headers }: StatusReply): void => {
      res.writeHead(status, { 'content-type': contentType ?? 'application/json', 'cache-control': 'no-store', ...(status === 503 ? { 'retry-after': '1' } : {}), ...(allow === undefined ? {} : { allow }), ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const rates = new RateBuckets('address', o.ratePerAddress ?? STATUS_PORT_RATE);
    const failed = (res: http.ServerResponse, error: unknown): void => {
      o.log.warn({ err: error }, `${o.name}: a request failed`);
      write(res, { status: 500, body: { error: 'INTERNAL', message: `the ${o.name} could not answer this request` } });
    };
    const handle: http.RequestListener = (req, res) => {
      // A failure here is the process's, never the client's: answered 500, it goes on following.
      try {
        // Every request is answered on the thread that applies the stream (a scrape renders for about a millisecond): a rate per address, as the gateway's.
        const verdict = rates.take(addressKey(req.socket.remoteAddress ?? ''), Date.now());
        if (!verdict.ok) return write(res, rateLimitedReply(rates, verdict, overLimit(rates, 'this address')));
        const reply = o.answer(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!, req.headers.authorization ?? '');
        if (reply instanceof Promise) reply.then((r) => write(res, r), (error: unknown) => failed(res, error));
        else write(res, reply);
      } catch (error) {
        failed(res, error);
      }
    };
    const refuseUpgrades = (server: http.Server): void => {
      server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => refuseUpgrade(socket, o.refuseUpgrade(req.url ?? '/')));
    };
    return listen(handle, o.host, o.port, security, STATUS_PORT_LIMITS, o.log, refuseUpgrades).then(
      ({ server, port }) => new StatusPort(server, port, o.name, o.log),
      (error: NodeJS.ErrnoException) => Promise.reject(new ListenError(o.name, o.host, o.port, error.code ?? error.message)),
    );
  }

  /** Stops listening and closes every connection; resolves once the port is free. */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Answers are written synchronously, so none is half sent: what is dropped here is idle, or a request still arriving (the client sees a reset and retries).
    this.server.closeAllConnections();
    return closed.then(() => this.log.info({ port: this.port }, `${this.name}: port released`));
  }
}

function refuseUpgrade(socket: Duplex, refusal: UpgradeRefusal): void {
  socket.on('error', () => undefined); // a client gone before the answer: nothing to tell it
  const body = JSON.stringify(refusal.body);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${refusal.status === 503 ? 'Retry-After: 1\r\n' : ''}Connection: close\r\n\r\n${body}`,
  );
}
