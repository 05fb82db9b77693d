/**
 * One WebSocket path of a uWS app, with what every PATX connection gets
 * whatever it is for: a connection limit, frame size and type checks, the
 * message throttle, protobuf decoding, typed error frames, outgoing frames
 * queued and flushed once per event-loop turn under one cork, the slow-consumer
 * cut-off (per connection and per client address), heartbeats and silence
 * timeouts. What a frame means is the handler's (order entry in server.ts,
 * market data in market-data-server.ts). Bad input
 * of any kind ends in an error frame or a close with a reason, never a throw.
 */
import type uWS from 'uWebSockets.js';
import { uws } from './uws.js';
import { ReusedList } from '../collections/index.js';
import type { Logger } from '../runtime/log.js';
import { wire, type FrameWriter, type patx } from '../proto/index.js';
import { clientAddress, TrustedProxies } from './client-address.js';
import type { GatewayConfig } from './config.js';
import { Connection, MAX_REQUESTS_BEFORE_LOGIN, RATE_REFUSALS_SECONDS, SessionState, type Endpoint, type SocketData } from './connection.js';
import { MessageThrottle } from './throttle.js';
import { ConnectionsByAddress } from './connections-by-address.js';
import { RateBuckets } from './request-limits.js';
import { readOrderFrameInPlace } from './order-frames-in-place.js';
import { ErrorCode, WireError } from './wire-commands.js';

type ServerFrame = patx.v1.IServerFrame;
export type ClientFrame = patx.v1.ClientFrame;

/** The longest header a server's WebSocket frame has (RFC 6455: 2 bytes, 8 of length, no mask). */
const WS_HEADER_BYTES_AT_MOST = 10;
/** The arena's first bytes, where a frame queued in it is copied to be sent; a longer frame is queued as a copy of its own. */
const SEND_WINDOW = 1_024;
/** An outbox entry meaning: the connection's next frame in the arena (Connection.inArena). */
const IN_ARENA = new Uint8Array(0);

/** WebSocket close codes: 4000 + the wire ErrorCode that ended the connection. */
export function closeCode(code: ErrorCode): number {
  return 4000 + code;
}

/** The counters an endpoint bumps (GatewayMetrics on the engine's thread, shared memory on the market-data thread). */
export interface SocketCounters {
  framesIn: number;
  framesOut: number;
  slowConsumersCut: number;
  /** Bytes queued in the server for this endpoint's connections (beyond the kernel's socket buffers), as of the last backpressure check. */
  queuedBytes: number;
  error(name: string): void;
}

export interface EndpointHandler {
  opened(c: Connection, nowMs: number): void;
  /** After the connection is gone from the endpoint's set. */
  closed(c: Connection, code: number): void;
  /** A decoded frame within the throttle; a WireError thrown here goes back as an error frame. */
  frame(c: Connection, frame: ClientFrame, requestId: number, nowMs: number): void;
  /** Called by the sweep before heartbeats: true if it cut the connection. */
  overdue?(c: Connection, nowMs: number): boolean;
  /**
   * When a frame was last published to the connection outside its outbox (uWS pub/sub), on
   * performance.now()'s clock; 0 if never. Asked only when a heartbeat is due, so that
   * publishing costs nothing per subscriber.
   */
  lastPublishedMonoMs?(c: Connection): number;
}

export interface SocketEndpointOptions {
  app: uWS.TemplatedApp;
  path: string;
  endpoint: Endpoint;
  config: GatewayConfig;
  counters: SocketCounters;
  log: Logger;
  clock: () => number;
  handler: EndpointHandler;
  /** When true, client frames are dropped unread: the server is closing (MarketDataCounters.shuttingDown). */
  shuttingDown?: () => boolean;
  /**
   * Order-entry frames read in place (order-frames-in-place.ts): the frame handed to the handler is then reused,
   * valid only during its call. For order entry, whose handler copies what it keeps; not for market data.
   */
  readsOrdersInPlace?: boolean;
  /** Order entry: connections count as not logged in from their open until `loggedIn`, within `maxUnauthenticatedPerAddress`. */
  awaitsLogin?: boolean;
}

export class SocketEndpoint {
  readonly connections = new Set<Connection>();
  /** The same connections by client address (the per-address limits). */
  readonly byAddress = new ConnectionsByAddress();
  /** Of them, those not logged in yet (order entry only: `awaitsLogin`). */
  private readonly unauthenticated: ConnectionsByAddress | undefined;
  /** Upgrades attempted by client address (`connectRateLimitPerAddress`). */
  private readonly attemptsByAddress: RateBuckets;
  private readonly trustedProxies: TrustedProxies;
  /** Connections the last sweep found silent, judged after the event loop has read what they sent (sweep). */
  private readonly silent = new ReusedList<Connection>();
  private silentAsOfMonoMs = 0;
  private nextConnectionId = 1;
  /** Connections with frames in their outbox, each once (`Connection.flushQueued`). */
  private readonly toFlush = new ReusedList<Connection>();
  private flushScheduled = false;
  private lastBackpressureCheckMs = 0;
  private readonly config: GatewayConfig;
  private readonly counters: SocketCounters;
  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly handler: EndpointHandler;
  private readonly endpoint: Endpoint;
  private readonly shuttingDown: () => boolean;
  private readonly readsOrdersInPlace: boolean;

  constructor(options: SocketEndpointOptions) {
    this.config = options.config;
    this.counters = options.counters;
    this.log = options.log;
    this.clock = options.clock;
    this.handler = options.handler;
    this.endpoint = options.endpoint;
    this.shuttingDown = options.shuttingDown ?? ((): boolean => false);
    this.readsOrdersInPlace = options.readsOrdersInPlace === true;
    this.unauthenticated = options.awaitsLogin === true ? new ConnectionsByAddress() : undefined;
    this.attemptsByAddress = new RateBuckets('connect', this.config.connectRateLimitPerAddress);
    this.trustedProxies = new TrustedProxies(this.config.trustedProxies);
    options.app.ws<SocketData>(options.path, {
      compression: uws().DISABLED,
      // Frames over our limit are refused with a reason (onMessage); uWS drops the
      // connection without one only past this hard cap, before buffering more.
      maxPayloadLength: Math.max(this.config.maxFrameBytes * 4, 64 * 1024),
      // A hard stop: past four times our own limit uWS closes the socket itself (no reason given).
      // Our own limit is checked before every frame sent (sendCorked) and after publications
      // (checkBackpressure), so a connection is cut with a reason (4017) long before.
      maxBackpressure: this.config.maxBackpressureBytes * 4,
      closeOnBackpressureLimit: true, // boolean in uWS 20.57's types, a number in 20.30's (true converts to 1)
      idleTimeout: 0, // heartbeats are ours (sweep), with their own timeout
      upgrade: (res, req, context) => {
        const remoteAddress = clientAddress(Buffer.from(res.getRemoteAddressAsText()).toString('latin1'), req.getHeader('x-forwarded-for'), this.trustedProxies);
        if (this.connections.size >= this.config.maxConnections) {
          return refuseUpgrade(res, this.counters, 503, 'TOO_MANY_CONNECTIONS', `at most ${this.config.maxConnections} connections`);
        }
        // Every attempt spends, refused or not: the work is the attempt's.
        const attempt = this.attemptsByAddress.take(remoteAddress, this.clock());
        if (!attempt.ok) {
          const limit = this.config.connectRateLimitPerAddress;
          return refuseUpgrade(res, this.counters, 429, 'TOO_MANY_CONNECTION_ATTEMPTS', `more than ${limit.burst} connection attempts at once or ${limit.perSecond} a second from one address (${remoteAddress}); retry after ${attempt.retryAfterS} s`, attempt.retryAfterS);
        }
        if (this.byAddress.count(remoteAddress) >= this.config.maxConnectionsPerAddress) {
          return refuseUpgrade(res, this.counters, 429, 'TOO_MANY_CONNECTIONS_PER_ADDRESS', `at most ${this.config.maxConnectionsPerAddress} connections from one address (${remoteAddress}); close one first`);
        }
        if (this.unauthenticated !== undefined && this.unauthenticated.count(remoteAddress) >= this.config.maxUnauthenticatedPerAddress) {
          return refuseUpgrade(res, this.counters, 429, 'TOO_MANY_UNAUTHENTICATED_PER_ADDRESS', `at most ${this.config.maxUnauthenticatedPerAddress} connections not yet logged in from one address (${remoteAddress}); log in on one first`);
        }
        res.upgrade<SocketData>({ connection: undefined, remoteAddress }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
      },
      open: (ws) => this.onOpen(ws),
      message: (ws, message, isBinary) => this.onMessage(ws, message, isBinary),
      // A WebSocket ping or pong is something arriving, as docs/protocol.md counts silence: a
      // client library's keep-alive pings keep its session (uWS answers the ping itself).
      ping: (ws) => this.onControl(ws),
      pong: (ws) => this.onControl(ws),
      close: (ws, code) => this.onClose(ws, code),
    });
  }

  /**
   * Closes every connection: a close frame with the code (1001 going away by default), or
   * at once, without one, for a connection with data still queued for it. Its close frame
   * would wait behind that data, and uWS keeps such a socket open while the client keeps
   * reading, however slowly: a thread holding it outlives the close limit, and stopping
   * it with sockets open aborts the process (market-data-worker.ts).
   */
  closeAll(code = 1001, reason = 'server shutting down'): void {
    for (const c of [...this.connections]) {
      if (c.closed) continue;
      if (c.ws.getBufferedAmount() > 0) c.ws.close();
      else c.ws.end(code, reason);
    }
  }

  private onOpen(ws: uWS.WebSocket<SocketData>): void {
    const now = this.clock();
    const data = ws.getUserData();
    const c = new Connection(this.nextConnectionId++, this.endpoint, ws, data.remoteAddress, now, this.config.maxMessagesPerSecond);
    data.connection = c;
    this.connections.add(c);
    this.byAddress.add(c);
    this.unauthenticated?.add(c);
    this.handler.opened(c, now);
  }

  private onClose(ws: uWS.WebSocket<SocketData>, code: number): void {
    const c = ws.getUserData().connection;
    if (c === undefined) return;
    c.closed = true;
    this.connections.delete(c);
    this.byAddress.remove(c);
    this.unauthenticated?.remove(c);
    this.handler.closed(c, code);
  }

  /** The connection logged in: it no longer counts against its address's connections awaiting a login. */
  loggedIn(c: Connection): void {
    this.unauthenticated?.remove(c);
  }

  private onControl(ws: uWS.WebSocket<SocketData>): void {
    const c = ws.getUserData().connection;
    if (c === undefined || c.closed) return;
    c.lastReceivedMonoMs = performance.now();
    this.counters.framesIn++;
    // A ping spends the message budget like a frame (uWS answers each with a pong): a flood of them is cut, not answered
    // with an error frame apiece. A library's keep-alive pings every few seconds.
    if (!c.throttle.take(this.clock())) this.cut(c, ErrorCode.RATE_LIMITED, `over ${this.config.maxMessagesPerSecond} messages per second (pings count)`);
  }

  private onMessage(ws: uWS.WebSocket<SocketData>, message: ArrayBuffer, isBinary: boolean): void {
    const c = ws.getUserData().connection;
    if (c === undefined || c.closed || this.shuttingDown()) return;
    const now = this.clock();
    const monoNow = performance.now();
    c.lastReceivedMonoMs = monoNow;
    this.counters.framesIn++;
    if (message.byteLength > this.config.maxFrameBytes) {
      return this.cut(c, ErrorCode.FRAME_TOO_LARGE, `frames are limited to ${this.config.maxFrameBytes} bytes`);
    }
    // Every frame, good or bad, spends from the budget; decoding first lets the refusal name the request.
    const withinBudget = c.throttle.take(now);
    if (!isBinary) return this.refuse(c, 0, withinBudget, ErrorCode.TEXT_FRAME, 'frames are binary protobuf (patx.v1.ClientFrame); text is refused', now);
    const bytes = new Uint8Array(message);
    let frame = this.readsOrdersInPlace ? readOrderFrameInPlace(bytes) : undefined;
    if (frame === undefined) {
      try {
        frame = wire.ClientFrame.decode(bytes);
      } catch (error) {
        return this.refuse(c, 0, withinBudget, ErrorCode.MALFORMED_FRAME, `not a ClientFrame: ${(error as Error).message}`, now);
      }
    }
    const requestId = frame.requestId ?? 0;
    if (!withinBudget) return this.refuse(c, requestId, false, ErrorCode.RATE_LIMITED, '', now);
    if (frame.body === undefined) return this.refuse(c, requestId, true, ErrorCode.EMPTY_FRAME, 'the frame has no request in it (unknown to this server, or empty)', now);
    try {
      if (frame.body !== 'heartbeat') this.handler.frame(c, frame, requestId, now);
    } catch (error) {
      if (error instanceof WireError) return this.sendError(c, requestId, error.code, error.message, error.field, error.retryAfterMs);
      // A bug of ours must not take the process down or leave the client guessing.
      this.log.error({ err: error, connection: c.id }, 'request failed');
      this.sendError(c, requestId, ErrorCode.SERVICE_UNAVAILABLE, 'internal error; nothing was done');
    }
  }

  /**
   * Answers a frame the endpoint refuses itself (it never reaches the handler). One over the message rate is answered
   * RATE_LIMITED while the connection's refusals for the rate have budget left (RATE_REFUSALS_SECONDS); past it the
   * connection is cut: a flood ignoring RATE_LIMITED got one answer a frame, 60,000 a second from one connection (an
   * audit), the throttle bounding what was done but not the work of saying so.
   */
  private refuse(c: Connection, requestId: number, withinBudget: boolean, code: ErrorCode, message: string, now: number): void {
    // Before a login these count with the requests order entry reads: a stranger's unreadable frames were answered on the
    // engine's thread without end (2,000 a second a connection), where its readable ones were cut at the allowance.
    if (this.unauthenticated !== undefined && c.state !== SessionState.ACTIVE && ++c.requestsBeforeLogin > MAX_REQUESTS_BEFORE_LOGIN) {
      return this.cut(c, ErrorCode.RATE_LIMITED, `more than ${MAX_REQUESTS_BEFORE_LOGIN} requests before logging in`, requestId);
    }
    if (withinBudget) return this.sendError(c, requestId, code, message);
    const rate = this.config.maxMessagesPerSecond;
    c.rateRefusals ??= new MessageThrottle(rate, now, rate * RATE_REFUSALS_SECONDS);
    if (!c.rateRefusals.take(now)) return this.cut(c, ErrorCode.RATE_LIMITED, `kept sending over ${rate} messages per second after RATE_LIMITED`, requestId);
    const retryAfterMs = c.throttle.retryAfterMs();
    this.sendError(c, requestId, ErrorCode.RATE_LIMITED, `over ${rate} messages per second; nothing was done, retry after ${retryAfterMs} ms`, '', retryAfterMs);
  }

  // ------------------------------------------------------------ sending

  send(c: Connection, frame: ServerFrame): void {
    if (!c.closed) this.sendBytes(c, wire.ServerFrame.encode(frame).finish());
  }

  sendBytes(c: Connection, bytes: Uint8Array): void {
    if (c.closed) return;
    c.outbox.push(bytes);
    this.queueFlush(c);
  }

  /**
   * Queues the frame in `writer` (from its reset) without a copy of its own: its bytes go into the
   * arena until the flush. A copy per frame was an object per order's ack (issue 79); sent from the
   * arena, a frame costs a view reused for every frame of its length.
   */
  sendWritten(c: Connection, writer: FrameWriter): void {
    if (c.closed) return;
    const length = writer.length;
    if (length > SEND_WINDOW) return this.sendBytes(c, writer.bytes());
    while (this.arenaEnd + length > this.arena.length) this.growArena();
    const from = writer.buffer;
    const to = this.arena;
    const start = this.arenaEnd;
    for (let i = 0; i < length; i++) to[start + i] = from[i]!;
    this.arenaEnd = start + length;
    c.outbox.push(IN_ARENA);
    c.inArena.push(start);
    c.inArena.push(this.arenaEnd);
    this.queueFlush(c);
  }

  private growArena(): void {
    const bigger = new Uint8Array(this.arena.length * 2);
    bigger.set(this.arena.subarray(0, this.arenaEnd));
    this.arena = bigger;
    this.windowViews.length = 0; // they view the old buffer
  }

  /** The arena's first `length` bytes, one view per length kept. */
  private windowView(length: number): Uint8Array {
    let view = this.windowViews[length];
    if (view === undefined) {
      for (let n = this.windowViews.length; n < length; n++) this.windowViews[n] = undefined; // kept dense: no dictionary mode
      this.windowViews[length] = view = new Uint8Array(this.arena.buffer, 0, length);
    }
    return view;
  }

  private queueFlush(c: Connection): void {
    if (!c.flushQueued) {
      c.flushQueued = true;
      this.toFlush.push(c);
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flushNow);
    }
  }

  /** Frames queued by sendWritten, after the send window [0, SEND_WINDOW); emptied by every flush. */
  private arena = new Uint8Array(64 * 1024);
  private arenaEnd = SEND_WINDOW;
  private readonly windowViews: (Uint8Array | undefined)[] = [];

  /** Bound once: a closure per flush (and per connection flushed) was garbage on every order. */
  private readonly flushNow = (): void => this.flush();
  /** The connection being flushed under cork, for sendCorked. */
  private corked: Connection | undefined;
  /** Set by sendCorked when the connection went over the limit mid-flush: it is cut after the cork. */
  private overLimit = false;
  private readonly sendCorked = (): void => {
    const c = this.corked!;
    const limit = this.config.maxBackpressureBytes;
    // Checked before every frame, not once per flush: one flush can hold hundreds of
    // snapshots (a client re-subscribing in a loop), enough to pass uWS's own hard cap
    // mid-flush, where uWS closes the socket itself with no reason, no count and no log.
    // So a connection holds at most the limit plus one frame. What is buffered grows at most by
    // what this loop sends, headers included: uWS is asked again only once that bound passes the
    // limit (an ack flush is a few small frames: one native call each, not two).
    let bufferedAtMost = c.ws.getBufferedAmount();
    let inArena = 0;
    for (let j = 0; j < c.outbox.length; j++) {
      if (bufferedAtMost > limit) {
        bufferedAtMost = c.ws.getBufferedAmount();
        if (bufferedAtMost > limit) {
          this.overLimit = true;
          return;
        }
      }
      let frame = c.outbox.get(j);
      if (frame === IN_ARENA) {
        // Copied to the window and sent from a view of its length: uWS copies what it sends before send returns.
        const start = c.inArena.get(inArena++);
        const end = c.inArena.get(inArena++);
        this.arena.copyWithin(0, start, end);
        frame = this.windowView(end - start);
      }
      c.ws.send(frame, true);
      bufferedAtMost += frame.byteLength + WS_HEADER_BYTES_AT_MOST;
    }
  };

  /**
   * Writes out now what is queued, rather than at the end of the event-loop turn: the
   * acks of a released turn, before the turn's listeners (Sequencer.onSendersHeard).
   */
  flushQueued(): void {
    if (this.flushScheduled) this.flush();
  }

  private flush(): void {
    this.flushScheduled = false;
    const monoNow = performance.now();
    for (let i = 0; i < this.toFlush.length; i++) {
      const c = this.toFlush.get(i);
      c.flushQueued = false;
      if (c.closed) {
        c.outbox.clear();
        c.inArena.clear();
        continue;
      }
      this.corked = c;
      this.overLimit = false;
      c.ws.cork(this.sendCorked);
      this.counters.framesOut += c.outbox.length;
      c.outbox.clear();
      c.inArena.clear();
      c.lastSentMonoMs = monoNow;
      if (this.overLimit || c.ws.getBufferedAmount() > this.config.maxBackpressureBytes) this.cutSlow(c);
    }
    this.toFlush.clear();
    this.arenaEnd = SEND_WINDOW; // every frame queued in the arena is sent (or dropped with its connection)
  }

  /** `retryAfterMs`: when the refusal knows how long to wait (Error.retry_after_ms; the message says it too, for older clients). */
  sendError(c: Connection, requestId: number, code: ErrorCode, message: string, field = '', retryAfterMs = 0): void {
    this.counters.error(wire.ErrorCode[code] ?? String(code));
    this.send(c, { requestId, error: { code, message, field, ...(retryAfterMs > 0 ? { retryAfterMs: Math.min(Math.ceil(retryAfterMs), 0xffff_ffff) } : {}) } });
  }

  /** Closes a connection with an error frame (answering `requestId`, if the request caused it) and a close code naming the reason. */
  cut(c: Connection, code: ErrorCode, message: string, requestId = 0): void {
    if (c.closed) return;
    this.sendError(c, requestId, code, message);
    this.flush();
    if (c.closed) return;
    c.closed = true; // nothing more is sent to it; onClose finishes the bookkeeping
    c.ws.end(closeCode(code), message);
  }

  private cutSlow(c: Connection): void {
    if (c.closed) return;
    c.closed = true; // nothing more is sent to it; onClose finishes the bookkeeping
    this.counters.slowConsumersCut++;
    this.log.warn({ connection: c.id, bufferedBytes: c.ws.getBufferedAmount() }, 'slow consumer cut off');
    // Its queue is full: the reason goes in the close frame, not a data frame behind the backlog.
    c.ws.end(closeCode(ErrorCode.SLOW_CONSUMER), 'SLOW_CONSUMER: backpressure limit exceeded');
  }

  /**
   * Cuts connections over the backpressure limit, and an address's most backed-up
   * connections while all of its together hold more than maxQueuedBytesPerAddress (a
   * hundred connections that never read would otherwise hold a hundred limits' worth).
   * Publishing does not say which sockets are behind, so look, but at most every 5 ms
   * (a scan of 1,000 sockets costs a few microseconds each time).
   */
  checkBackpressure(): void {
    const now = performance.now();
    if (now - this.lastBackpressureCheckMs < 5) return;
    this.lastBackpressureCheckMs = now;
    const { maxBackpressureBytes, maxQueuedBytesPerAddress } = this.config;
    let queuedInTotal = 0;
    for (const group of this.byAddress.groups()) {
      let queued = 0;
      for (const c of group) {
        if (c.closed) continue;
        const buffered = c.ws.getBufferedAmount();
        if (buffered > maxBackpressureBytes) this.cutSlow(c);
        else queued += buffered;
      }
      queuedInTotal += queued;
      if (queued > maxQueuedBytesPerAddress) queuedInTotal -= this.cutAddressBacklog(group, queued);
    }
    this.counters.queuedBytes = queuedInTotal;
  }

  /** Cuts an address's connections, most bytes queued first, until what it has queued is within the limit; returns the bytes the cut ones held. */
  private cutAddressBacklog(group: ReadonlySet<Connection>, queued: number): number {
    const open = [...group].filter((c) => !c.closed).map((c) => ({ c, buffered: c.ws.getBufferedAmount() }));
    open.sort((a, b) => b.buffered - a.buffered);
    let released = 0;
    for (const { c, buffered } of open) {
      if (queued - released <= this.config.maxQueuedBytesPerAddress) break;
      this.cutSlow(c);
      released += buffered;
    }
    return released;
  }

  /** Heartbeats out, silent connections closed, slow consumers cut (and the handler's own deadlines). */
  sweep(): void {
    const now = this.clock();
    // Liveness on the monotonic clock (Connection); the heartbeat carries the service's time.
    const monoNow = performance.now();
    const { heartbeatIntervalMs, heartbeatTimeoutMs } = this.config;
    this.lastBackpressureCheckMs = 0;
    this.checkBackpressure();
    for (const c of this.connections) {
      if (c.closed) continue;
      if (this.handler.overdue?.(c, now) === true) continue;
      // A login being checked waits on the server (its signature on the intake), not on the client: not silence. Nor does a
      // challenged one: its wallet may take a person's while to sign, and the challenge's expiry bounds it (`overdue`).
      const awaitsSignature = c.state === SessionState.CHALLENGED && c.challenge !== undefined;
      if (c.state !== SessionState.LOGGING_IN && !awaitsSignature && monoNow - c.lastReceivedMonoMs > heartbeatTimeoutMs) this.silent.push(c);
      if (monoNow - c.lastSentMonoMs >= heartbeatIntervalMs) {
        // What was published to it counts as sent: a heartbeat goes out only after heartbeatIntervalMs of nothing else.
        const publishedMonoMs = this.handler.lastPublishedMonoMs?.(c) ?? 0;
        if (publishedMonoMs > c.lastSentMonoMs) c.lastSentMonoMs = publishedMonoMs;
        if (monoNow - c.lastSentMonoMs >= heartbeatIntervalMs) this.send(c, { heartbeat: { timeMs: now } });
      }
    }
    if (this.silent.length > 0) {
      this.silentAsOfMonoMs = monoNow;
      setImmediate(this.judgeSilent);
    }
  }

  /**
   * Silence is counted to when a frame arrived, not to when this thread got round to reading
   * it: a thread busy for longer than the timeout (a flood of others' requests) leaves an
   * honest client's frames unread in its socket, and closing it then punished it for our
   * delay. So the sweep only suspects; this runs after the event loop's next poll for I/O
   * (setImmediate: the check phase, right after it), which has read whatever reached the
   * sockets by the sweep. A suspect still without a frame received since was really silent.
   */
  private readonly judgeSilent = (): void => {
    const timeoutMs = this.config.heartbeatTimeoutMs;
    for (let i = 0; i < this.silent.length; i++) {
      const c = this.silent.get(i);
      if (!c.closed && this.silentAsOfMonoMs - c.lastReceivedMonoMs > timeoutMs) this.cut(c, ErrorCode.HEARTBEAT_TIMEOUT, `nothing received for ${timeoutMs} ms`);
    }
    this.silent.clear();
  };

  /** How often to sweep: often enough for the heartbeat interval and a quarter of the timeout. */
  get sweepIntervalMs(): number {
    return Math.max(10, Math.min(this.config.heartbeatIntervalMs, Math.floor(this.config.heartbeatTimeoutMs / 4), 250));
  }
}

/**
 * Refuses a WebSocket upgrade with an HTTP status and a typed JSON body ({error, message}, as
 * the HTTP API's errors), counted by name, and closes the socket: a refused client must not
 * keep a socket here (nor keep the market-data thread from ending: market-data-worker.ts).
 */
function refuseUpgrade(res: uWS.HttpResponse, counters: SocketCounters, status: 429 | 503, code: string, message: string, retryAfterS?: number): void {
  counters.error(code);
  res.cork(() => {
    res.writeStatus(status === 429 ? '429 Too Many Requests' : '503 Service Unavailable').writeHeader('content-type', 'application/json');
    if (retryAfterS !== undefined) res.writeHeader('retry-after', String(retryAfterS));
    res.end(JSON.stringify({ error: code, message }), true);
  });
}
