/**
 * A WebSocket carrying PATX frames: encodes requests with fresh request ids,
 * resolves each request with the frame that answers it (or rejects with a
 * PatxRequestError), hands every unsolicited frame to `onUnsolicited`, and keeps
 * the heartbeat both ways.
 *
 * The WebSocket itself is a `WireSocketFactory`: in Node the `ws` package (the
 * default there), in a browser its global WebSocket (the default when a `window`
 * with a WebSocket exists; the web console bundles this very client), or any
 * factory passed as `options.socketFactory`.
 */
import WebSocket from 'ws';
import { wire, type patx } from '../proto/index.js';
import { requestFieldProblem } from './request-fields.js';

export type ServerFrame = patx.v1.ServerFrame;
export type RequestBody = Omit<patx.v1.IClientFrame, 'requestId'>;

/** The server refused a request (a gateway error frame); `code` is the wire ErrorCode name. */
export class PatxRequestError extends Error {
  override readonly name = 'PatxRequestError';
  constructor(
    readonly code: string,
    message: string,
    readonly field: string,
    /** The ms the server asks to wait before sending it again (Error.retry_after_ms); undefined when it gave none. */
    readonly retryAfterMs?: number,
  ) {
    super(`${code}: ${message}${field ? ` (${field})` : ''}`);
  }

  /**
   * The wait this refusal names: the typed field, else (a server from before 2026-12-06) the message's `retry after N ms`
   * or `in N ms`; undefined when it names none.
   */
  retryWaitMs(): number | undefined {
    if (this.retryAfterMs !== undefined && this.retryAfterMs > 0) return this.retryAfterMs;
    const named = /(?:retry after|again in) (\d+) ms/.exec(this.message)?.[1];
    return named === undefined ? undefined : Number(named);
  }
}

/** The connection ended; `code` is the WebSocket close code (4000 + ErrorCode when the server closed it for a reason). */
export class PatxConnectionClosedError extends Error {
  override readonly name = 'PatxConnectionClosedError';
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`connection closed (${code}${reason ? `: ${reason}` : ''})`);
  }
}

export class PatxTimeoutError extends Error {
  override readonly name = 'PatxTimeoutError';
}

interface Pending {
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
}

/** What FrameSocket needs of a WebSocket connection. */
export interface WireSocket {
  send(data: Uint8Array | string): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a close handshake (a browser can only close). */
  terminate(): void;
  cork?(): void;
  uncork?(): void;
  /** Stops reading from the connection (tests: a consumer that falls behind). */
  pauseReading?(): void;
  resumeReading?(): void;
}

/** The events a WireSocket reports, each at most once except `message`. */
export interface WireSocketEvents {
  open(): void;
  /** A binary frame's bytes (a Buffer from `ws`), or a text frame (`binary` false). */
  message(data: Uint8Array, binary: boolean): void;
  close(code: number, reason: string): void;
  error(error: Error): void;
}

export type WireSocketFactory = (url: string, events: WireSocketEvents) => WireSocket;

/**
 * Whom a Node client trusts for wss:// (a browser uses its own trust store). By default
 * the system's CAs and NODE_EXTRA_CA_CERTS, as for any node TLS connection; `ca` trusts
 * these certificates instead (PEM), e.g. a self-signed trial's certificate.
 */
export interface ClientTls {
  ca?: string | Buffer | Array<string | Buffer>;
  /** The name the server's certificate must carry, when the URL's host is not it (e.g. an IP address). */
  servername?: string;
}

/** Node: the `ws` package (64 MiB frames, no compression, corkable TCP socket), trusting `tls` for wss://. */
export function nodeWireSocketWith(tls: ClientTls = {}): WireSocketFactory {
  return (url, events) => openNodeWireSocket(url, events, tls);
}

/** Node: the `ws` package with node's default trust (see nodeWireSocketWith). */
export const nodeWireSocket: WireSocketFactory = nodeWireSocketWith();

function openNodeWireSocket(url: string, events: WireSocketEvents, tls: ClientTls): WireSocket {
  const ws = new WebSocket(url, {
    maxPayload: 64 * 1024 * 1024,
    perMessageDeflate: false,
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
  });
  ws.binaryType = 'nodebuffer';
  ws.on('open', () => events.open());
  ws.on('message', (data: Buffer, isBinary: boolean) => events.message(data, isBinary));
  ws.on('close', (code: number, reason: Buffer) => events.close(code, reason.toString('utf8')));
  ws.on('error', (error: Error) => events.error(error));
  type Tcp = { cork(): void; uncork(): void; pause(): void; resume(): void };
  const tcp = (): Tcp | undefined => (ws as unknown as { _socket?: Tcp })._socket;
  return {
    send: (data) => ws.send(data, { binary: typeof data !== 'string' }),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    cork: () => tcp()?.cork(),
    uncork: () => tcp()?.uncork(),
    pauseReading: () => tcp()?.pause(),
    resumeReading: () => tcp()?.resume(),
  };
}

/** A browser's global WebSocket (binary frames as ArrayBuffer). */
export const browserWireSocket: WireSocketFactory = (url, events) => {
  const ws = new globalThis.WebSocket(url);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => events.open();
  ws.onmessage = (e: MessageEvent) => {
    if (typeof e.data === 'string') events.message(new TextEncoder().encode(e.data), false);
    else events.message(new Uint8Array(e.data as ArrayBuffer), true);
  };
  ws.onclose = (e: CloseEvent) => events.close(e.code, e.reason);
  ws.onerror = () => events.error(new Error(`WebSocket error on ${url}`));
  return {
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.close(),
  };
};

/** The browser's WebSocket when running in a page, the `ws` package otherwise (trusting `tls` for wss://). */
export function defaultWireSocket(tls?: ClientTls): WireSocketFactory {
  const g = globalThis as { window?: unknown; WebSocket?: unknown };
  if (g.window !== undefined && typeof g.WebSocket === 'function') return browserWireSocket;
  return tls === undefined ? nodeWireSocket : nodeWireSocketWith(tls);
}

export interface FrameSocketOptions {
  /** A request not answered within this long is rejected with PatxTimeoutError. */
  requestTimeoutMs?: number;
  /** The WebSocket to use (default: defaultWireSocket(tls)). */
  socketFactory?: WireSocketFactory;
  /** Node: whom to trust for wss:// URLs (default: the system's CAs and NODE_EXTRA_CA_CERTS). */
  tls?: ClientTls;
}

export class FrameSocket {
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private readonly closeWaiters: Array<() => void> = [];
  /** On the monotonic clock: a step of the wall clock must not look like a silent server. */
  private lastReceivedMonoMs = performance.now();
  closed: PatxConnectionClosedError | undefined;
  onUnsolicited: (frame: ServerFrame) => void = () => undefined;
  /**
   * When set, every binary frame goes here undecoded instead (load generators
   * that read just the request id); requests through `request()` then never resolve.
   */
  onRawFrame: ((data: Buffer) => void) | undefined;
  onClose: (error: PatxConnectionClosedError) => void = () => undefined;

  private ws!: WireSocket;

  private constructor(readonly requestTimeoutMs: number) {}

  /**
   * Opens a connection; `first` receives frames that arrive before the caller attaches its handler. A server that
   * accepts the TCP connection and never completes the handshake (a stopped process: the kernel still accepts) is
   * given up after the request timeout (PatxTimeoutError), not waited for.
   */
  static open(url: string, options: FrameSocketOptions = {}, first?: (frame: ServerFrame) => void): Promise<FrameSocket> {
    return new Promise((resolve, reject) => {
      const socket = new FrameSocket(options.requestTimeoutMs ?? 10_000);
      if (first !== undefined) socket.onUnsolicited = first;
      let opened = false;
      const handshake = setTimeout(() => {
        reject(new PatxTimeoutError(`${url}: no WebSocket handshake in ${socket.requestTimeoutMs} ms`));
        socket.ws.terminate();
      }, socket.requestTimeoutMs);
      socket.ws = (options.socketFactory ?? defaultWireSocket(options.tls))(url, {
        open: () => {
          clearTimeout(handshake);
          opened = true;
          resolve(socket);
        },
        message: (data, isBinary) => {
          socket.lastReceivedMonoMs = performance.now();
          if (!isBinary) return;
          if (socket.onRawFrame !== undefined) return socket.onRawFrame(data as Buffer);
          socket.receive(wire.ServerFrame.decode(data));
        },
        close: (code, reason) => {
          if (socket.closed !== undefined) return;
          socket.closed = new PatxConnectionClosedError(code, reason);
          if (socket.heartbeatTimer !== undefined) clearInterval(socket.heartbeatTimer);
          for (const p of socket.pending.values()) p.reject(socket.closed);
          socket.pending.clear();
          socket.onClose(socket.closed);
          for (const w of socket.closeWaiters.splice(0)) w();
        },
        // 'close' follows and carries what matters; before the open, the error is the reason.
        error: (error) => {
          clearTimeout(handshake);
          if (!opened) reject(error);
        },
      });
    });
  }

  /**
   * Sends a request and resolves with the frame that answers it. A field the wire would not carry as given
   * (a fraction, a number past its field's range, text that is not a number) rejects INVALID_FIELD, nothing sent.
   */
  request(body: RequestBody): Promise<ServerFrame> {
    if (this.closed) return Promise.reject(this.closed);
    const requestId = this.nextRequestId++;
    if (this.nextRequestId > 0xffffffff) this.nextRequestId = 1;
    const bytes = wire.ClientFrame.encode({ ...body, requestId }).finish();
    const bad = requestFieldProblem(body, bytes);
    if (bad !== undefined) return Promise.reject(new PatxRequestError('INVALID_FIELD', bad.message, bad.field));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new PatxTimeoutError(`request ${requestId} not answered in ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(requestId, {
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.sendRaw(bytes);
    });
  }

  /** Sends a frame that expects no answer. */
  post(body: RequestBody): void {
    if (!this.closed) this.sendRaw(wire.ClientFrame.encode({ ...body, requestId: 0 }).finish());
  }

  /** Sends raw bytes as they are (tests use it to send malformed frames). */
  sendRaw(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  /** Holds writes until `uncork`, so a burst of frames leaves in few TCP segments. */
  cork(): void {
    this.ws.cork?.();
  }

  uncork(): void {
    this.ws.uncork?.();
  }

  /** Stops reading from the connection, so the kernel's buffers and then the server's queue fill (tests: a slow consumer). Node only. */
  pauseReading(): void {
    if (this.ws.pauseReading === undefined) throw new Error('this WebSocket cannot stop reading');
    this.ws.pauseReading();
  }

  resumeReading(): void {
    this.ws.resumeReading?.();
  }

  /** Sends a Heartbeat every `intervalMs`; closes the socket if the server says nothing for `timeoutMs`. */
  startHeartbeat(intervalMs: number, timeoutMs: number): void {
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => {
      if (performance.now() - this.lastReceivedMonoMs > timeoutMs) {
        this.ws.terminate();
        return;
      }
      this.post({ heartbeat: { timeMs: Date.now() } });
    }, intervalMs);
    (this.heartbeatTimer as { unref?: () => void }).unref?.();
  }


  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.closeWaiters.push(resolve);
      this.ws.close(1000, 'bye');
    });
  }

  /** Drops the TCP connection without a close handshake (a server that answers nothing; tests: an abrupt disconnect); resolves once closed. */
  terminate(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.closeWaiters.push(resolve);
      this.ws.terminate();
    });
  }

  private receive(frame: ServerFrame): void {
    const requestId = frame.requestId ?? 0;
    const pending = requestId === 0 ? undefined : this.pending.get(requestId);
    if (pending === undefined) return this.onUnsolicited(frame);
    this.pending.delete(requestId);
    if (frame.body === 'error') {
      const e = frame.error!;
      pending.reject(new PatxRequestError(wire.ErrorCode[e.code ?? 0] ?? String(e.code), e.message ?? '', e.field ?? '', e.retryAfterMs ? e.retryAfterMs : undefined));
    } else {
      pending.resolve(frame);
    }
  }
}
