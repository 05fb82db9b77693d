/**
 * The shared memory large request bodies are read into (src/gateway/body-blocks.ts) and the reader that fills it
 * (body-reader.ts). The HTTP port's own test (http-held-bytes.test.ts) sends bodies over real sockets; here the order
 * of a connection's events after a body was delivered (it goes away while an intake worker reads the blocks) is set by
 * hand, which a real uWS server does not let a test force: the reader is given a stand-in for uWS's response with the
 * three calls it makes (onData, pause, resume).
 */
import type uWS from 'uWebSockets.js';
import { describe, expect, it } from 'vitest';
import { BODY_BLOCK_BYTES, BodyBlocks, KEPT_BYTES } from '../../src/gateway/body-blocks.js';
import { BodyReader, type BodyRead } from '../../src/gateway/body-reader.js';
import { HeldBytes } from '../../src/gateway/held-bytes.js';

const MIB = 1024 * 1024;

describe('body blocks', () => {
  it('are 64 KiB of shared memory, the last given back taken first, and kept', () => {
    const blocks = new BodyBlocks(64 * MIB);
    const a = blocks.take();
    const b = blocks.take();
    expect(a.byteLength).toBe(BODY_BLOCK_BYTES);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.buffer).toBe(b.buffer); // cut from one slab
    expect(b.byteOffset).toBe(a.byteOffset + BODY_BLOCK_BYTES);
    const kept = blocks.bytes;
    blocks.give([a, b]);
    expect(blocks.take()).toBe(b);
    expect(blocks.take()).toBe(a);
    expect(blocks.bytes).toBe(kept);
  });

  it('past the most kept, are blocks of their own, let go when given back', () => {
    const blocks = new BodyBlocks(4 * MIB); // one slab
    const slab = Array.from({ length: 64 }, () => blocks.take());
    const lone = blocks.take();
    expect(lone.buffer).not.toBe(slab[0]!.buffer);
    expect(blocks.bytes).toBe(4 * MIB);
    blocks.give([lone]);
    blocks.give(slab.slice(0, 1));
    expect(blocks.take()).toBe(slab[0]); // the lone block was not kept
    expect(blocks.bytes).toBe(4 * MIB);
  });

  it('are written ahead off the thread, taken from what was written only once it is done; meanwhile a body waits', async () => {
    const writes: Array<{ memory: Uint8Array; done: (ok: boolean) => void }> = [];
    const blocks = new BodyBlocks(64 * MIB, (memory) => new Promise((resolve, reject) => writes.push({ memory, done: (ok) => (ok ? resolve(undefined) : reject(new Error('no worker'))) })));
    const first = blocks.take(); // nothing written yet: the memory asked for, a lone block for the chunk at hand
    expect(writes).toHaveLength(1);
    const written = writes[0]!.memory;
    expect(first.buffer).not.toBe(written.buffer);
    expect(blocks.short).toBe(true); // a body should wait rather than have this thread write fresh pages
    let woken = 0;
    blocks.whenWritten(() => woken++);
    blocks.give([first]); // a lone block is not kept
    expect(blocks.bytes).toBe(0);
    writes[0]!.done(true);
    await Promise.resolve();
    await Promise.resolve();
    expect(woken).toBe(1);
    expect(blocks.short).toBe(false);
    const next = blocks.take();
    expect(next.buffer).toBe(written.buffer);
    expect(next.byteOffset).toBe(0);
    expect(blocks.bytes).toBe(written.byteLength);
  });

  it('free a whole period, are let go down to what is always kept; blocks in use and memory used in the period stay', () => {
    const blocks = new BodyBlocks(256 * MIB);
    const perSlab = (4 * MIB) / BODY_BLOCK_BYTES;
    // A burst: 40 MiB of bodies at once (ten slabs), then all given back.
    const burst = Array.from({ length: 10 * perSlab }, () => blocks.take());
    expect(blocks.bytes).toBe(40 * MIB);
    blocks.give(burst);
    blocks.trim(); // the burst was in this period: nothing stayed free all of it
    expect(blocks.bytes).toBe(40 * MIB);
    // A quiet period: one block in use throughout (its slab stays), the rest free the whole time.
    const held = blocks.take();
    blocks.trim();
    expect(blocks.bytes).toBe(KEPT_BYTES);
    // The block in use was not let go under its body: given back, it is kept.
    blocks.give([held]);
    expect(blocks.bytes).toBe(KEPT_BYTES);
    blocks.trim();
    blocks.trim();
    expect(blocks.bytes).toBe(KEPT_BYTES);
  });

  it('asked to be written ahead and not written, are left out, and whoever waited is woken', async () => {
    const writes: Array<(ok: boolean) => void> = [];
    const blocks = new BodyBlocks(64 * MIB, () => new Promise((resolve, reject) => writes.push((ok) => (ok ? resolve(undefined) : reject(new Error('no worker'))))));
    blocks.take();
    let woken = 0;
    blocks.whenWritten(() => woken++);
    writes[0]!(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(woken).toBe(1);
    expect(blocks.bytes).toBe(0);
    expect(blocks.short).toBe(false);
    blocks.take(); // asked again
    expect(writes).toHaveLength(2);
  });
});

/** `size` bytes counting up modulo `m`: a block out of place shows. */
function pattern(size: number, m: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = i % m;
  return bytes;
}

/** A stand-in for uWS's HttpResponse: the reader's three calls, its data handler kept to be fed by hand. */
function response(): { res: uWS.HttpResponse; send: (bytes: Uint8Array, last: boolean) => void; calls: string[] } {
  let onData: ((chunk: ArrayBuffer, isLast: boolean) => void) | undefined;
  const calls: string[] = [];
  const res = { onData: (h: typeof onData) => void (onData = h), pause: () => void calls.push('pause'), resume: () => void calls.push('resume') };
  return { res: res as unknown as uWS.HttpResponse, send: (bytes, last) => onData!(bytes.slice().buffer, last), calls };
}

describe('a large body read', () => {
  it('keeps its blocks and its bytes held until released, even when its connection goes away while they are read', async () => {
    const blocks = new BodyBlocks(64 * MIB);
    const held = new HeldBytes(64 * MIB, 64 * MIB);
    const { res, send } = response();
    const size = 3 * BODY_BLOCK_BYTES + 1_000;
    const bytes = pattern(size, 251);
    const reader = new BodyReader(res, { declaredBytes: size }, { held, address: 'a', blocks });
    send(bytes.subarray(0, 100_000), false);
    send(bytes.subarray(100_000), true);
    const read = (await reader.resume()) as Extract<BodyRead, { ok: true }>;
    expect(read.ok).toBe(true);
    expect(read.size).toBe(size);
    expect(Buffer.concat(read.bytes as Uint8Array[]).equals(bytes)).toBe(true);
    expect(held.bytes).toBe(4 * BODY_BLOCK_BYTES);
    // The connection goes away while an intake worker reads the blocks: none may be handed to another body yet.
    reader.abort();
    const other = blocks.take();
    for (const b of read.bytes as Uint8Array[]) expect(other.byteOffset === b.byteOffset && other.buffer === b.buffer).toBe(false);
    expect(held.bytes).toBe(4 * BODY_BLOCK_BYTES);
    reader.release();
    expect(held.bytes).toBe(0);
    expect((read.bytes as Uint8Array[]).map((b) => b.byteOffset)).toContain(blocks.take().byteOffset);
  });

  it('stops reading its socket while the memory it needs is written off the thread, and reads on once it is', async () => {
    let written: (() => void) | undefined;
    const blocks = new BodyBlocks(64 * MIB, () => new Promise((resolve) => (written = () => resolve(undefined))));
    const held = new HeldBytes(64 * MIB, 64 * MIB);
    const { res, send, calls } = response();
    const size = 600_000;
    const bytes = pattern(size, 253);
    const reader = new BodyReader(res, { declaredBytes: size }, { held, address: 'a', blocks });
    const read = reader.resume();
    send(bytes.subarray(0, 200_000), false); // into lone blocks; nothing written is free: the socket waits
    expect(calls).toEqual(['pause']);
    written!();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['pause', 'resume']);
    send(bytes.subarray(200_000), true);
    const body = (await read) as Extract<BodyRead, { ok: true }>;
    expect(Buffer.concat(body.bytes as Uint8Array[]).equals(bytes)).toBe(true);
    expect(calls).toEqual(['pause', 'resume']); // the last chunk does not stop the socket: the next request is read
    reader.release();
    expect(held.bytes).toBe(0);
  });
});
