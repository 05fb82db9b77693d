/**
 * The memory request bodies past their first 64 KiB are read into (body-reader.ts): blocks of 64 KiB cut from shared
 * slabs, taken as a body's bytes come and given back once its request is done, so a body costs the engine's thread one
 * copy into memory it has written before. Measured here (bench/RESULTS.md, "Strangers over HTTP", 2026-12-04 10:40):
 *  - a page written for the first time faults, ~9–17 µs on this VM: a fresh buffer for every body cost the thread
 *    2.3 ms a MiB, and sixteen 7.8 MiB bodies at once held it 40–90 ms at a time;
 *  - an ArrayBuffer counts as V8's external memory on the thread that holds it, and its growth forced collections of
 *    the whole young generation there (a 58–75 ms scavenge "external memory pressure"); a SharedArrayBuffer does not
 *    (V8 accounts shared memory to no isolate), and it reaches an intake worker without a copy.
 * Slabs are made as the bodies held need them: at most the bytes held allow (HeldBytes), so memory stays within what
 * the port may hold at once. Free blocks are taken last given, first taken, so the blocks a quiet port uses stay the
 * same few; memory that stayed free a whole `trim` period is let go, down to `KEPT_BYTES` (a burst of large bodies
 * does not hold the process's memory for good).
 */

/** A block: each 64 KiB of a large body. */
export const BODY_BLOCK_BYTES = 64 * 1024;
/** Blocks cut from one shared slab (4 MiB). */
const SLAB_BLOCKS = 64;
const SLAB_BYTES = SLAB_BLOCKS * BODY_BLOCK_BYTES;
/** Free memory kept written ahead of the bodies: when less is free, this much more is written off this thread. */
const WRITTEN_AHEAD_BYTES = 8 * 1024 * 1024;
/** Fewer warm blocks free than this while more are being written: bodies wait for them (`short`). */
const LOW_BLOCKS = 16;
/** Memory `trim` never lets go. */
export const KEPT_BYTES = 16 * 1024 * 1024;

export class BodyBlocks {
  private readonly free: Uint8Array[] = [];
  /** Each piece of memory blocks are cut from (a slab, or memory written ahead), and how many of its blocks are free. */
  private readonly pieces = new Map<ArrayBufferLike, { blocks: number; free: number }>();
  /** The fewest blocks free since the last `trim`: what stayed free the whole period. */
  private leastFree = 0;
  private slabs = 0;
  /** Slabs being written once off this thread (`warm`): their blocks join `free` when that is done. */
  private warming = 0;
  /** Readers waiting for `warming` to be done (`whenWritten`). */
  private waiters: Array<() => void> = [];

  constructor(
    /** The most bytes kept in slabs: what the bytes held for bodies allow at once (blocks past it are not kept). */
    private readonly maxBytes: number,
    /** Writes every page of `memory` once, off this thread (an intake worker); undefined: slabs are written where used. */
    private readonly write?: (memory: Uint8Array) => Promise<unknown>,
  ) {}

  /** Bytes in slabs (free or in use): memory the port keeps for bodies. */
  get bytes(): number {
    return this.slabs * SLAB_BYTES;
  }

  /**
   * Few written blocks are free and more are being written: a body should stop reading until they are (`whenWritten`),
   * rather than have this thread write fresh pages for it.
   */
  get short(): boolean {
    return this.warming > 0 && this.free.length < LOW_BLOCKS;
  }

  /** Calls `then` once the memory being written is ready (or its writing failed); at once when none is. */
  whenWritten(then: () => void): void {
    if (this.warming === 0) queueMicrotask(then);
    else this.waiters.push(then);
  }

  /**
   * A free block. None free: with a writer, a lone block for the chunk at hand while more memory is written (not kept:
   * the body then waits, `short`); without one, a new slab's first; past `maxBytes`, a lone block too.
   */
  take(): Uint8Array {
    if (this.free.length * BODY_BLOCK_BYTES < WRITTEN_AHEAD_BYTES && this.warming === 0) this.warm(WRITTEN_AHEAD_BYTES);
    const block = this.free.pop();
    if (block !== undefined) {
      this.pieces.get(block.buffer)!.free--;
      this.leastFree = Math.min(this.leastFree, this.free.length);
      return block;
    }
    this.leastFree = 0;
    if (this.warming > 0 || (this.slabs + this.warming + 1) * SLAB_BYTES > this.maxBytes) return new Uint8Array(new SharedArrayBuffer(BODY_BLOCK_BYTES));
    this.slabs++;
    const slab = new SharedArrayBuffer(SLAB_BYTES);
    this.pieces.set(slab, { blocks: SLAB_BLOCKS, free: SLAB_BLOCKS - 1 });
    // The slab's other blocks are free, its first taken now; the rest stacked so the lowest comes next.
    for (let i = SLAB_BLOCKS - 1; i > 0; i--) this.free.push(new Uint8Array(slab, i * BODY_BLOCK_BYTES, BODY_BLOCK_BYTES));
    return new Uint8Array(slab, 0, BODY_BLOCK_BYTES);
  }

  /** Blocks a body no longer needs (its request answered, refused or gone). */
  give(blocks: readonly Uint8Array[]): void {
    for (const block of blocks) {
      const piece = this.pieces.get(block.buffer);
      if (piece === undefined) continue; // a lone block (made past `maxBytes`), or one of memory let go: not kept
      piece.free++;
      this.free.push(block);
    }
  }

  /**
   * Lets go of memory none of whose blocks was taken since the last call (every block of it free the whole period),
   * keeping `KEPT_BYTES`; called every minute or so. Blocks in use are never touched: a piece goes only whole.
   */
  trim(): void {
    let spare = Math.min(this.leastFree * BODY_BLOCK_BYTES, this.bytes - KEPT_BYTES);
    const gone = new Set<ArrayBufferLike>();
    for (const [buffer, piece] of this.pieces) {
      const bytes = piece.blocks * BODY_BLOCK_BYTES;
      if (piece.free < piece.blocks || bytes > spare) continue;
      gone.add(buffer);
      spare -= bytes;
    }
    if (gone.size > 0) {
      for (const buffer of gone) {
        this.slabs -= this.pieces.get(buffer)!.blocks / SLAB_BLOCKS;
        this.pieces.delete(buffer);
      }
      const kept = this.free.filter((b) => !gone.has(b.buffer));
      this.free.length = 0;
      this.free.push(...kept);
    }
    this.leastFree = this.free.length;
  }

  /**
   * Makes `bytes` of slabs now and has `write` write every page of them once, off this thread, so bodies do not take
   * those pages' first-write faults here; their blocks are taken only once it is done (the two must not write the same
   * memory at once). A failed write leaves them out: slabs are made again as bodies need them.
   */
  private warm(bytes: number): void {
    const write = this.write;
    if (write === undefined) return;
    const count = Math.min(Math.floor(bytes / SLAB_BYTES), Math.floor(this.maxBytes / SLAB_BYTES) - this.slabs - this.warming);
    if (count <= 0) return;
    this.warming += count;
    const memory = new Uint8Array(new SharedArrayBuffer(count * SLAB_BYTES));
    write(memory).then(
      () => {
        this.warming -= count;
        this.slabs += count;
        this.pieces.set(memory.buffer, { blocks: count * SLAB_BLOCKS, free: count * SLAB_BLOCKS });
        // On top of the free blocks (these are written; a slab made where it was needed may not be yet), lowest first.
        for (let i = count * SLAB_BLOCKS - 1; i >= 0; i--) this.free.push(new Uint8Array(memory.buffer, i * BODY_BLOCK_BYTES, BODY_BLOCK_BYTES));
        this.wake();
      },
      () => {
        this.warming -= count;
        this.wake();
      },
    );
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const then of waiters) then();
  }
}
