/**
 * The memory request bodies past their first 64 KiB are read into (body-reader.ts): blocks of 64 KiB cut from shared
 * slabs, taken as a body's bytes come and given back once its request is done, so a body costs the engine's thread one
 * copy into memory it has written before. Measured here (bench/RESULTS.md, "Strangers over HTTP", 2026-12-04 10:40):
 *  - a page written for the first time faults, ~9–17 µs on this VM: a fresh buffer for every body cost the thread
 *    2.3 ms a MiB, and sixteen 7.8 MiB bodies at once held it 40–90 ms at a time;
 *  - an ArrayBuffer counts as V8's external memory on the thread that holds it, and its growth forced collections of
 *    the whole young generation there (a 58–75 ms scavenge "external memory pressure"); a SharedArrayBuffer does not
 *    (V8 accounts shared memory to no isolate), and it reaches an intake worker without a copy.
 * Slabs are made as the bodies held need them and kept: at most the bytes held allow (HeldBytes), so memory stays
 * within what the port may hold at once, and what it held once it keeps. Free blocks are taken last given, first
 * taken, so the blocks a quiet port uses stay the same few.
 */

/** A block: each 64 KiB of a large body. */
export const BODY_BLOCK_BYTES = 64 * 1024;
/** Blocks cut from one shared slab (4 MiB). */
const SLAB_BLOCKS = 64;
const SLAB_BYTES = SLAB_BLOCKS * BODY_BLOCK_BYTES;
/** Free memory kept written ahead of the bodies: when less is free, this much more is written off this thread. */
const WRITTEN_AHEAD_BYTES = 8 * 1024 * 1024;

export class BodyBlocks {
  private readonly free: Uint8Array[] = [];
  private slabs = 0;
  /** Slabs being written once off this thread (`warm`): their blocks join `free` when that is done. */
  private warming = 0;

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

  /** A free block; a new slab's first when none is (a lone block past `maxBytes`, not kept when given back). */
  take(): Uint8Array {
    if (this.free.length * BODY_BLOCK_BYTES < WRITTEN_AHEAD_BYTES && this.warming === 0) this.warm(WRITTEN_AHEAD_BYTES);
    const block = this.free.pop();
    if (block !== undefined) return block;
    if ((this.slabs + this.warming + 1) * SLAB_BYTES > this.maxBytes) return new Uint8Array(new SharedArrayBuffer(BODY_BLOCK_BYTES));
    this.slabs++;
    const slab = new SharedArrayBuffer(SLAB_BYTES);
    // The slab's other blocks are free, its first taken now; the rest stacked so the lowest comes next.
    for (let i = SLAB_BLOCKS - 1; i > 0; i--) this.free.push(new Uint8Array(slab, i * BODY_BLOCK_BYTES, BODY_BLOCK_BYTES));
    return new Uint8Array(slab, 0, BODY_BLOCK_BYTES);
  }

  /** Blocks a body no longer needs (its request answered, refused or gone). */
  give(blocks: readonly Uint8Array[]): void {
    // A lone block (its own buffer, made past `maxBytes`) is let go.
    for (const block of blocks) if (block.buffer.byteLength !== BODY_BLOCK_BYTES) this.free.push(block);
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
        // On top of the free blocks (these are written; a slab made where it was needed may not be yet), lowest first.
        for (let i = count * SLAB_BLOCKS - 1; i >= 0; i--) this.free.push(new Uint8Array(memory.buffer, i * BODY_BLOCK_BYTES, BODY_BLOCK_BYTES));
      },
      () => (this.warming -= count),
    );
  }
}
