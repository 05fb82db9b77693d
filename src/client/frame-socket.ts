/**
 * A WebSocket carrying PATX frames: encodes requests with fresh request ids,
 * resolves each request with the frame that answers it (or rejects with a
 * PatxRequestError), hands every unsolicited frame to `onUnsolicited`, and keeps
 * the heartbeat both ways.
 */
import WebSocket from 'ws';
import { wire, type patx } from '../proto/index.js';

export type ServerFrame = patx.v1.ServerFrame;
export type RequestBody = Omit<patx.v1.IClientFrame, 'requestId'>;

/** The server refused a request (a gateway error frame); `code` is the wire ErrorCode name. */
export class PatxRequestError extends Error {
  override readonly name = 'PatxRequestError';
  constructor(
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(`${code}: ${message}${field ? ` (${field})` : ''}`);
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

export interface FrameSocketOptions {
  /** A request not answered within this long is rejected with PatxTimeoutError. */
  requestTimeoutMs?: number;
}

export class FrameSocket {
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
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

  private constructor(
    private readonly ws: WebSocket,
    private readonly requestTimeoutMs: number,
  ) {
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.lastReceivedMonoMs = performance.now();
      if (!isBinary) return;
      if (this.onRawFrame !== undefined) return this.onRawFrame(data);
      this.receive(wire.ServerFrame.decode(data));
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.closed = new PatxConnectionClosedError(code, reason.toString('utf8'));
      if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
      for (const p of this.pending.values()) p.reject(this.closed);
      this.pending.clear();
      this.onClose(this.closed);
    });
    ws.on('error', () => undefined); // 'close' follows and carries what matters
  }

  /** Opens a connection; `first` receives frames that arrive before the caller attaches its handler. */
  static open(url: string, options: FrameSocketOptions = {}, first?: (frame: ServerFrame) => void): Promise<FrameSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024, perMessageDeflate: false });
      const socket = new FrameSocket(ws, options.requestTimeoutMs ?? 10_000);
      if (first !== undefined) socket.onUnsolicited = first;
      ws.once('open', () => resolve(socket));
      ws.once('error', (error) => reject(error));
    });
  }

  /** Sends a request and resolves with the frame that answers it. */
  request(body: RequestBody): Promise<ServerFrame> {
    if (this.closed) return Promise.reject(this.closed);
    const requestId = this.nextRequestId++;
    if (this.nextRequestId > 0xffffffff) this.nextRequestId = 1;
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
      this.sendRaw(wire.ClientFrame.encode({ ...body, requestId }).finish());
    });
  }

  /** Sends a frame that expects no answer. */
  post(body: RequestBody): void {
    if (!this.closed) this.sendRaw(wire.ClientFrame.encode({ ...body, requestId: 0 }).finish());
  }

  /** Sends raw bytes as they are (tests use it to send malformed frames). */
  sendRaw(bytes: Uint8Array | string): void {
    this.ws.send(bytes, { binary: typeof bytes !== 'string' });
  }

  /** Holds writes until `uncork`, so a burst of frames leaves in few TCP segments. */
  cork(): void {
    (this.ws as unknown as { _socket?: { cork(): void } })._socket?.cork();
  }

  uncork(): void {
    (this.ws as unknown as { _socket?: { uncork(): void } })._socket?.uncork();
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
    this.heartbeatTimer.unref();
  }


  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000, 'bye');
    });
  }

  /** Drops the TCP connection without a close handshake (tests: an abrupt disconnect). */
  terminate(): void {
    this.ws.terminate();
  }

  private receive(frame: ServerFrame): void {
    const requestId = frame.requestId ?? 0;
    const pending = requestId === 0 ? undefined : this.pending.get(requestId);
    if (pending === undefined) return this.onUnsolicited(frame);
    this.pending.delete(requestId);
    if (frame.body === 'error') {
      const e = frame.error!;
      pending.reject(new PatxRequestError(wire.ErrorCode[e.code ?? 0] ?? String(e.code), e.message ?? '', e.field ?? ''));
    } else {
      pending.resolve(frame);
    }
  }
}
