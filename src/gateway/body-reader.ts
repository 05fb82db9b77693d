/**
 * A request body as it arrives on the HTTP port (http-api.ts): a small one into a buffer of its
 * length, a large one into blocks of shared memory (body-blocks.ts), charged to the bytes held
 * for the client (held-bytes.ts), refused the moment it passes its declared length, the route's
 * limit or the bytes held.
 */
import type uWS from 'uWebSockets.js';
import { BODY_BLOCK_BYTES, type BodyBlocks } from './body-blocks.js';
import type { HeldBytes, HeldLimit } from './held-bytes.js';

/** Why a body was not read: shorter or longer than declared, past the route's limit, or no room in the bytes held. */
export type BodyRefusal = 'BODY_LENGTH_MISMATCH' | 'PAYLOAD_TOO_LARGE' | HeldLimit;

/**
 * A body's bytes: a buffer of its own (a small body: moved to an intake worker) or its blocks in order, the last
 * cut to its end (shared with the worker, never copied; they stay the body's until the reader's `release`).
 */
export type BodyBytes = Buffer | readonly Uint8Array[];

/** A body as read: whole, or why not. */
export type BodyRead = { ok: true; bytes: BodyBytes; size: number } | { ok: false; code: BodyRefusal };

/** Bodies declared at most this long are read into a buffer of their length; longer ones, and chunked ones, into blocks. */
export const FIRST_BODY_BYTES = BODY_BLOCK_BYTES;

/**
 * Collects a request body as it arrives: one declared within 64 KiB into a buffer of its length
 * (moved to an intake worker whole), a longer or chunked one into blocks taken as its bytes come, so
 * memory follows the bytes received (a client that declared 15 MiB and sent one byte holds one block)
 * and each byte is copied once, into memory written before. Each buffer or block is charged to the
 * bytes held (`held`, in total and for the client's address) and the body refused the moment one
 * does not fit; they are given back on `release` (the request answered or gone), or at once when the
 * body is refused. A body longer or shorter than declared is refused,
 * and a chunked one (no content-length) the moment it passes the route's limit (nothing more is kept,
 * and whoever waits hears at once). uWS hands over the decoded bytes either way, so the hash checked
 * is that of the body as sent. The handler is attached at once (uWS drops a body nobody listens to);
 * `pause` stops the socket's reads until `resume`, so a body waits in the kernel, not here, while its
 * sender's signature is checked.
 */
export class BodyReader {
  /** A small body's buffer. */
  private bytes: Buffer | undefined;
  /** A large body's blocks, the last filled up to `size` modulo the block's length. */
  private blocks: Uint8Array[] | undefined;
  /** Bytes allocated for the body (and charged to `held`). */
  private capacity = 0;
  private size = 0;
  private refusal: BodyRefusal | undefined;
  private ended: boolean;
  /** The socket's reads stopped while its sender's signature is checked (`pause`). */
  private paused = false;
  /** The socket's reads stopped until the body memory has written blocks free again (BodyBlocks.short). */
  private waitingForMemory = false;
  /** Handed to the request whole: its bytes are the request's until `release`. */
  private delivered = false;
  private waiting: ((body: BodyRead) => void) | undefined;

  constructor(
    private readonly res: uWS.HttpResponse,
    /** The declared content-length (checked against the route's limit before), or a chunked body and the route's limit. */
    private readonly length: { declaredBytes: number } | { chunkedLimitBytes: number },
    /** Where the body's bytes are charged, and to which client address; the blocks a large body is read into. */
    private readonly budget: { held: HeldBytes; address: string; blocks: BodyBlocks },
  ) {
    this.ended = 'declaredBytes' in length && length.declaredBytes === 0;
    if (this.ended) return;
    res.onData((chunk, isLast) => {
      if (this.refusal === undefined) this.take(chunk);
      if (isLast) this.ended = true;
      else if (this.refusal === undefined && this.blocks !== undefined && this.budget.blocks.short) this.waitForMemory();
      // Past the route's limit or the bytes held: refused now, not when (if ever) its sender stops.
      if (isLast || stopsReading(this.refusal)) this.deliver();
    });
  }

  private take(chunk: ArrayBuffer): void {
    if (chunk.byteLength === 0) return; // uWS may end a body with an empty chunk
    const needed = this.size + chunk.byteLength;
    if ('declaredBytes' in this.length && needed > this.length.declaredBytes) return this.refuse('BODY_LENGTH_MISMATCH');
    if ('chunkedLimitBytes' in this.length && needed > this.length.chunkedLimitBytes) return this.refuse('PAYLOAD_TOO_LARGE');
    // Copies: uWS reuses the chunk's memory.
    if ('declaredBytes' in this.length && this.length.declaredBytes <= FIRST_BODY_BYTES) {
      if (this.bytes === undefined && !this.charge(this.length.declaredBytes)) return;
      this.bytes ??= Buffer.allocUnsafeSlow(this.length.declaredBytes); // not zero-filled: every byte is written before it is read
      this.bytes.set(new Uint8Array(chunk), this.size);
      this.size = needed;
      return;
    }
    const blocks = (this.blocks ??= []);
    let from = 0;
    while (from < chunk.byteLength) {
      const at = this.size % BODY_BLOCK_BYTES;
      if (at === 0) {
        if (!this.charge(BODY_BLOCK_BYTES)) return;
        blocks.push(this.budget.blocks.take());
      }
      const n = Math.min(BODY_BLOCK_BYTES - at, chunk.byteLength - from);
      blocks[blocks.length - 1]!.set(new Uint8Array(chunk, from, n), at);
      from += n;
      this.size += n;
    }
  }

  /** `bytes` more charged to the bytes held, or the body refused (false) when they do not fit; a body's first 64 KiB may use the small reserve. */
  private charge(bytes: number): boolean {
    const over = this.budget.held.take(this.budget.address, bytes, this.capacity + bytes <= FIRST_BODY_BYTES);
    if (over !== undefined) {
      this.refuse(over);
      return false;
    }
    this.capacity += bytes;
    return true;
  }

  /**
   * Refused: what was kept is let go at once (a refusal answers, so nothing will read it), unless the body was delivered
   * already: an intake worker may be reading its blocks, which go back on `release` only.
   */
  private refuse(code: BodyRefusal): void {
    this.refusal ??= code;
    if (!this.delivered) this.drop();
  }

  private drop(): void {
    this.bytes = undefined;
    if (this.blocks !== undefined) this.budget.blocks.give(this.blocks);
    this.blocks = undefined;
    this.budget.held.give(this.budget.address, this.capacity);
    this.capacity = 0;
  }

  pause(): void {
    if (this.ended || this.paused) return;
    this.paused = true;
    if (!this.waitingForMemory) this.res.pause();
  }

  /**
   * Stops reading the socket until written memory is free again: the rest of the body waits in the kernel, and this
   * thread never writes fresh pages for it (body-blocks.ts). Reads again unless the sender's check still holds them.
   */
  private waitForMemory(): void {
    if (!this.paused) this.res.pause();
    this.waitingForMemory = true;
    this.budget.blocks.whenWritten(() => {
      // Gone, refused or drained meanwhile (a refusal answers, and `discard` read on): not this reader's socket to touch.
      if (!this.waitingForMemory || this.ended || this.refusal !== undefined) return;
      this.waitingForMemory = false;
      if (!this.paused) this.res.resume();
    });
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
        if (!this.waitingForMemory) this.res.resume();
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
    if (!this.paused && !this.waitingForMemory) return;
    this.paused = false;
    this.waitingForMemory = false;
    this.res.resume();
  }

  /** The connection went away: whoever waits for the body gets none. */
  abort(): void {
    this.refuse('BODY_LENGTH_MISMATCH');
    this.ended = true;
    this.paused = false;
    this.waitingForMemory = false;
    this.deliver();
  }

  /** The request is answered (or gone), whatever read its body done: its bytes are no longer held, and whatever still comes is dropped. */
  release(): void {
    this.refusal ??= 'BODY_LENGTH_MISMATCH';
    this.drop();
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
    this.delivered = true;
    if (this.blocks !== undefined) {
      // The blocks stay the reader's (given back on `release`), the last cut to the body's end.
      const last = this.size % BODY_BLOCK_BYTES;
      const blocks = last === 0 ? [...this.blocks] : [...this.blocks.slice(0, -1), this.blocks[this.blocks.length - 1]!.subarray(0, last)];
      return waiting({ ok: true, bytes: blocks, size: this.size });
    }
    const bytes = this.bytes;
    // The body is the request's now (charged until `release`): a buffer of its exact length, moved to the worker whole.
    this.bytes = undefined;
    waiting({ ok: true, bytes: bytes ?? Buffer.alloc(0), size: this.size });
  }
}

/** A refusal known before the body ends: whoever waits hears it at once. */
function stopsReading(refusal: BodyRefusal | undefined): boolean {
  return refusal !== undefined && refusal !== 'BODY_LENGTH_MISMATCH';
}
