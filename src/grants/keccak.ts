/**
 * keccak256 on one reused native state of the `keccak` package.
 *
 * Why (bench/RESULTS.md, Access grants): the package's `createKeccakHash` builds a stream
 * object around a fresh native state for every hash: 4 µs for a grant's 384-byte struct here,
 * against 2 µs for the same native absorb and squeeze on one state kept, and a gate hashes twice
 * for each grant it has not seen (the struct, then the digest) and once for each request. The state is the package's own add-on, loaded as the package loads it;
 * where it cannot be (no prebuilt binary: the package then runs its JavaScript), the package's
 * API is used as before. One thread, and a hash runs start to end without yielding, so one
 * state serves every caller.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import createKeccakHash from 'keccak';

/** The add-on's state (keccak's src/addon.cc), what the package's `Keccak` class drives. */
interface KeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Buffer;
}

/** keccak256's sponge: rate 1088 bits, capacity 512; the original Keccak padding's first byte 0x01 (not SHA-3's 0x06). */
const RATE = 1088;
const CAPACITY = 512;
const PADDING = 0x01;

function nativeState(): KeccakState | undefined {
  try {
    const fromKeccak = createRequire(createRequire(import.meta.url).resolve('keccak/package.json'));
    const load = fromKeccak('node-gyp-build') as (dir: string) => unknown;
    const State = load(path.dirname(fromKeccak.resolve('./package.json'))) as new () => KeccakState;
    return new State();
  } catch {
    return undefined;
  }
}

const state = nativeState();

/** Whether the reused native state is in use (tests). */
export const keccakNative = state !== undefined;

/** keccak256 of `data` (32 bytes, a new Buffer). */
export function keccak256Bytes(data: Uint8Array): Buffer {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (state === undefined) return createKeccakHash('keccak256').update(bytes).digest();
  state.initialize(RATE, CAPACITY);
  state.absorb(bytes);
  state.absorbLastFewBits(PADDING);
  return state.squeeze(32);
}
