/**
 * Writing an HTTP reply the way every route does: the house JSON (bigints as strings), HEAD
 * answered with exactly the headers the GET would send for the same request headers (its
 * Content-Encoding and the Content-Length of the bytes it would send), CORS on public reads,
 * and bodies over 1 KiB compressed (br, else gzip) when the request's Accept-Encoding allows,
 * with `Vary: Accept-Encoding`.
 * Compression runs on libuv's thread pool (node:zlib's async calls), not on the engine's
 * thread; the reply is written when it is done, unless the client went away meanwhile.
 * A body is written as the client's socket takes it (tryEnd, then onWritable), never copied
 * into uWS's buffer: `res.end` kept whatever a client did not read, and replies to requests
 * pipelined behind it too, without limit (now a request pipelined behind an unsent reply closes
 * the connection: uWS 20.30's behaviour behind any reply not yet written whole). What a client has not read counts against its
 * address (`UnsentReplies`); over that its connection is closed.
 */
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type uWS from 'uWebSockets.js';
import { STATUS_TEXT } from '../http-registry/index.js';
import { HeldBytes } from './held-bytes.js';

/** Bodies at least this large are compressed (smaller ones gain little and cost a pool round trip). */
export const COMPRESS_MIN_BYTES = 1024;

export interface HttpReplyLike {
  status: number;
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** A body sent unchanged on every request (the API's documents): its compressed forms, kept here once made. */
  compressed?: Map<'br' | 'gzip', Buffer>;
}

/**
 * Reply bytes written but not yet taken by their clients' sockets, per client address. A reply
 * that would take its address past `maxBytesPerAddress` closes its connection (a client that
 * does not read what it asks for gets nothing more).
 */
export class UnsentReplies {
  private readonly held: HeldBytes;
  /** Connections closed because their address had too much unread. */
  closed = 0;

  constructor(maxBytesPerAddress: number) {
    this.held = new HeldBytes(Number.POSITIVE_INFINITY, maxBytesPerAddress);
  }

  /** Unsent reply bytes, every address together. */
  get bytes(): number {
    return this.held.bytes;
  }

  /** Charges a reply's unsent rest to its address; false (nothing charged) when that would pass the address's limit. */
  hold(address: string, bytes: number): boolean {
    return this.held.take(address, bytes) === undefined;
  }

  release(address: string, bytes: number): void {
    this.held.give(address, bytes);
  }
}

/** Where a reply's unsent bytes are counted: the ledger and the request's client address. */
export interface ReplyQueue {
  replies: UnsentReplies;
  address: string;
}

/** Answers one request (written once), as its dispatcher knows it before the handler runs. */
export class Responder {
  /** The client went away (uWS's onAborted): nothing may be written. */
  aborted = false;
  /** Answered (or being compressed): nothing else writes. */
  answered = false;
  /** Called when the client goes away (a body reader lets go). */
  onAbort: (() => void) | undefined;
  /** Bytes of the body being streamed that the socket has not taken (charged to the address). */
  private unsent = 0;

  constructor(
    readonly res: uWS.HttpResponse,
    /** HEAD: the GET's status and headers (its encoding and length included), no body. */
    readonly head: boolean,
    /** The request's Accept-Encoding, read before anything async (uWS's request is gone after). */
    readonly acceptEncoding: string,
    /** Access-Control-Allow-Origin: * on this answer (a public read). */
    readonly cors: boolean,
    /** Where unread reply bytes are counted; absent: written with `res.end` (uWS keeps what the socket does not take). */
    readonly queue?: ReplyQueue,
  ) {
    res.onAborted(() => {
      this.aborted = true;
      this.settle(0);
      this.onAbort?.();
    });
  }

  /** Writes a body as it is (no JSON, no compression): status, headers and bytes, HEAD without the bytes. */
  sendBytes(status: number, headers: Record<string, string>, body: Buffer): void {
    if (this.aborted || this.answered) return;
    this.answered = true;
    this.write(status, headers, body, false);
  }

  /** Writes `r` once; `closeConnection` after a refusal whose body was not read. */
  send(r: HttpReplyLike, closeConnection = false): void {
    if (this.aborted || this.answered) return;
    this.answered = true;
    const text = r.contentType !== undefined && typeof r.body === 'string' ? r.body : JSON.stringify(r.body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const contentType = r.contentType !== undefined && typeof r.body === 'string' ? r.contentType : 'application/json';
    // nosniff: a JSON answer echoing what a client sent (a listing's title, an error naming a field) is never read as HTML.
    const headers: Record<string, string> = { 'content-type': contentType, 'x-content-type-options': 'nosniff', ...(r.headers ?? {}) };
    if (this.cors) {
      headers['access-control-allow-origin'] = '*';
      // A page on another origin reads a list's total (GET /v1/scores) only if it is exposed.
      if (headers['x-total-count'] !== undefined) headers['access-control-expose-headers'] = 'x-total-count';
    }
    const body = Buffer.from(text, 'utf8');
    // HEAD negotiates like GET and compresses too: the only way to know the Content-Length GET would send (RFC 9110 9.3.2).
    const encoding = body.length < COMPRESS_MIN_BYTES ? undefined : chooseEncoding(this.acceptEncoding);
    // The representation depends on Accept-Encoding wherever it could be compressed.
    if (body.length >= COMPRESS_MIN_BYTES) headers.vary = headers.vary === undefined ? 'Accept-Encoding' : `${headers.vary}, Accept-Encoding`;
    if (encoding === undefined) return this.write(r.status, headers, body, closeConnection);
    const kept = r.compressed?.get(encoding);
    if (kept !== undefined) return this.write(r.status, { ...headers, 'content-encoding': encoding }, kept, closeConnection);
    compress(body, encoding, (compressed) => {
      if (compressed === undefined) return this.write(r.status, headers, body, closeConnection);
      r.compressed?.set(encoding, compressed);
      this.write(r.status, { ...headers, 'content-encoding': encoding }, compressed, closeConnection);
    });
  }

  private write(status: number, headers: Record<string, string>, body: Buffer, closeConnection: boolean): void {
    if (this.aborted) return;
    const res = this.res;
    // A refusal that closes its connection is small and nothing is pipelined behind it: written whole.
    const streamed = !this.head && !closeConnection && this.queue !== undefined;
    let overBudget = false;
    res.cork(() => {
      res.writeStatus(STATUS_TEXT[status] ?? `${status} Status`);
      for (const [k, v] of Object.entries(headers)) res.writeHeader(k, v);
      // HEAD: the GET's length as a header, and no argument to endWithoutBody: given a length (even undefined) uWS writes
      // its own Content-Length too, and leaves a kept-alive connection waiting for that many bytes. (A HEAD carries no body
      // to leave unread, so its connection need not close.)
      if (this.head) res.writeHeader('content-length', String(body.length)).endWithoutBody();
      else if (streamed) overBudget = !this.stream(body);
      else res.end(body, closeConnection);
    });
    if (overBudget) {
      this.queue!.replies.closed++;
      res.close(); // onAborted runs: nothing stays charged
    }
  }

  /**
   * Ends the reply with as much of `body` as the socket takes now; the rest is written as it
   * drains (a request pipelined behind it meanwhile makes uWS close the connection, so one reply
   * at most waits per connection). False when the rest would pass the address's unread limit.
   */
  private stream(body: Buffer): boolean {
    const res = this.res;
    const start = res.getWriteOffset();
    if (res.tryEnd(body, body.length)[1]) return true;
    const unsent = body.length - (res.getWriteOffset() - start);
    if (!this.queue!.replies.hold(this.queue!.address, unsent)) return false;
    this.unsent = unsent;
    res.onWritable((offset) => {
      const [ok, done] = res.tryEnd(body.subarray(offset - start), body.length);
      this.settle(done ? 0 : body.length - (res.getWriteOffset() - start));
      return ok;
    });
    return true;
  }

  /** The streamed body's unsent bytes are now `unsent`: the address is charged only for those. */
  private settle(unsent: number): void {
    if (this.queue === undefined || unsent === this.unsent) return;
    if (unsent < this.unsent) this.queue.replies.release(this.queue.address, this.unsent - unsent);
    this.unsent = unsent;
  }
}

/**
 * The encoding to send for an Accept-Encoding value: br, else gzip, each only when listed
 * (or `*`) with a non-zero q; undefined for identity.
 */
export function chooseEncoding(acceptEncoding: string): 'br' | 'gzip' | undefined {
  const q = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    if (name === '') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const weight = (name: string): number => q.get(name) ?? q.get('*') ?? 0;
  const br = weight('br');
  const gz = weight('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return undefined;
}

function compress(body: Buffer, encoding: 'br' | 'gzip', done: (compressed: Buffer | undefined) => void): void {
  const callback = (error: Error | null, out: Buffer): void => done(error === null ? out : undefined);
  // Brotli at quality 4: most of its gain over gzip at a fraction of quality 11's time.
  if (encoding === 'br') brotliCompress(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }, callback);
  else gzip(body, { level: 6 }, callback);
}
