/**
 * A request body as it arrives on the HTTP port (http-api.ts): into one buffer that grows as
 * bytes come, charged to the bytes held for the client (held-bytes.ts), refused the moment it
 * passes its declared length, the route's limit or the bytes held.
 */
import type uWS from 'uWebSockets.js';
import type { HeldBytes, HeldLimit } from './held-bytes.js';

/** Why a body was not read: shorter or longer than declared, past the route's limit, or no room in the bytes held. */
export type BodyRefusal = 'BODY_LENGTH_MISMATCH' | 'PAYLOAD_TOO_LARGE' | HeldLimit;

/** A body as read: whole, or why not. */
export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; code: BodyRefusal };

/** A body's first buffer (or its whole length when smaller): a declared length costs nothing until bytes come. */
export const FIRST_BODY_BYTES = 64 * 1024;
/**
 * How much a body's buffer grows when full: memory stays within four times the bytes received, and an 8 MiB body is
 * copied about 1.3 times over, not twice as when it doubled (bench:strangers' sixteen 7.8 MiB evidence bodies: p99.9
 * +52–67 ms over idle, +28–247 doubling, +37–291 at the code before; bench/RESULTS.md).
 */
const GROWTH = 4;

/**
 * Collects a request body as it arrives, into one buffer that grows as bytes come (fourfold, up to
 * the declared length or the route's limit), so memory follows the bytes received: a client that
 * declared 15 MiB and sent one byte used to cost an allocation of 15 MiB. A declared body ends up in
 * a buffer of exactly its length (the last growth stops there), moved to an intake worker whole.
 * Every growth is charged to the bytes held (`held`, in total and for the client's address) and the
 * body refused the moment one does not fit; they are given back on `release` (the request answered
 * or gone), or at once when the body is refused. A body longer or shorter than declared is refused,
 * and a chunked one (no content-length) the moment it passes the route's limit (nothing more is kept,
 * and whoever waits hears at once). uWS hands over the decoded bytes either way, so the hash checked
 * is that of the body as sent. The handler is attached at once (uWS drops a body nobody listens to);
 * `pause` stops the socket's reads until `resume`, so a body waits in the kernel, not here, while its
 * sender's signature is checked.
 */
export class BodyReader {
  private bytes: Uint8Array | undefined;
  /** Bytes allocated for the body (and charged to `held`). */
  private capacity = 0;
  private size = 0;
  private refusal: BodyRefusal | undefined;
  private ended: boolean;
  private paused = false;
  private waiting: ((body: BodyRead) => void) | undefined;

  constructor(
    private readonly res: uWS.HttpResponse,
    /** The declared content-length (checked against the route's limit before), or a chunked body and the route's limit. */
    private readonly length: { declaredBytes: number } | { chunkedLimitBytes: number },
    /** Where the body's bytes are charged, and to which client address. */
    private readonly budget: { held: HeldBytes; address: string },
  ) {
    this.ended = 'declaredBytes' in length && length.declaredBytes === 0;
    if (this.ended) return;
    res.onData((chunk, isLast) => {
      if (this.refusal === undefined) this.take(chunk);
      if (isLast) this.ended = true;
      // Past the route's limit or the bytes held: refused now, not when (if ever) its sender stops.
      if (isLast || stopsReading(this.refusal)) this.deliver();
    });
  }

  private take(chunk: ArrayBuffer): void {
    if (chunk.byteLength === 0) return; // uWS may end a body with an empty chunk
    const needed = this.size + chunk.byteLength;
    if ('declaredBytes' in this.length && needed > this.length.declaredBytes) return this.refuse('BODY_LENGTH_MISMATCH');
    if ('chunkedLimitBytes' in this.length && needed > this.length.chunkedLimitBytes) return this.refuse('PAYLOAD_TOO_LARGE');
    if (needed > this.capacity && !this.grow(needed)) return;
    this.bytes!.set(new Uint8Array(chunk), this.size); // a copy: uWS reuses the chunk's memory
    this.size = needed;
  }

  /** A buffer for at least `needed` bytes: four times the last, at most the body's length or limit; false when the bytes held have no room. */
  private grow(needed: number): boolean {
    const most = 'declaredBytes' in this.length ? this.length.declaredBytes : this.length.chunkedLimitBytes;
    const capacity = Math.min(most, Math.max(needed, this.capacity * GROWTH, FIRST_BODY_BYTES));
    const over = this.budget.held.take(this.budget.address, capacity - this.capacity, capacity <= FIRST_BODY_BYTES);
    if (over !== undefined) {
      this.refuse(over);
      return false;
    }
    // Not zero-filled: every byte up to `size` is written before it is read. A buffer of its own (never the pool's), so a
    // body of exactly its length moves to the intake worker whole.
    const bytes = Buffer.allocUnsafeSlow(capacity);
    if (this.bytes !== undefined) bytes.set(this.bytes.subarray(0, this.size));
    this.bytes = bytes;
    this.capacity = capacity;
    return true;
  }

  /** Refused: what was kept is let go at once (a refusal answers, so nothing will read it). */
  private refuse(code: BodyRefusal): void {
    this.refusal ??= code;
    this.drop();
  }

  private drop(): void {
    this.bytes = undefined;
    this.budget.held.give(this.budget.address, this.capacity);
    this.capacity = 0;
  }

  pause(): void {
    if (this.ended || this.paused) return;
    this.paused = true;
    this.res.pause();
  }

  /**
   * The whole body once it has arrived, or why it is refused. Resumes the socket even when
   * the body came in whole meanwhile: a paused socket stays paused for the connection's next
   * request too.
   */
  resume(): Promise<BodyRead> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      if (this.paused) {
        this.paused = false;
        this.res.resume();
      }
      if (this.ended || stopsReading(this.refusal)) this.deliver();
    });
  }

  /**
   * Refused before the body was read: the socket reads again and what comes is dropped (uWS
   * drops the rest of a body once its request is answered), so the refusal is not lost to a
   * reset, and the connection can carry its next request.
   */
  discard(): void {
    this.refuse('BODY_LENGTH_MISMATCH');
    if (!this.paused) return;
    this.paused = false;
    this.res.resume();
  }

  /** The connection went away: whoever waits for the body gets none. */
  abort(): void {
    this.refuse('BODY_LENGTH_MISMATCH');
    this.ended = true;
    this.paused = false;
    this.deliver();
  }

  /** The request is answered (or gone): the body's bytes are no longer held, and whatever still comes is dropped. */
  release(): void {
    this.refuse('BODY_LENGTH_MISMATCH');
  }

  private deliver(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    if (this.refusal !== undefined) return waiting({ ok: false, code: this.refusal });
    if ('declaredBytes' in this.length && this.size !== this.length.declaredBytes) {
      this.refuse('BODY_LENGTH_MISMATCH');
      return waiting({ ok: false, code: 'BODY_LENGTH_MISMATCH' });
    }
    const bytes = this.bytes;
    // The body is the request's now (charged until `release`); a buffer of its exact length moves to the worker whole.
    this.bytes = undefined;
    if (bytes === undefined) return waiting({ ok: true, bytes: Buffer.alloc(0) });
    waiting({ ok: true, bytes: this.size === bytes.byteLength ? Buffer.from(bytes.buffer, 0, this.size) : Buffer.from(bytes.subarray(0, this.size)) });
  }
}

/** A refusal known before the body ends: whoever waits hears it at once. */
function stopsReading(refusal: BodyRefusal | undefined): boolean {
  return refusal !== undefined && refusal !== 'BODY_LENGTH_MISMATCH';
}
