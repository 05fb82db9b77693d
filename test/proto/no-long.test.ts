import protobuf from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import { wire } from '../../src/proto/index.js';

/** A varint's value as the protobuf spec defines it (low 64 bits of the 7-bit groups). */
function referenceVarint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < bytes.length; i++) v |= BigInt(bytes[i]! & 127) << BigInt(7 * i);
  return BigInt.asUintN(64, v);
}

/** A deterministic stream of 32-bit values (no Math.random: failures must replay). */
function* lcg(seed: number): Generator<number> {
  let s = seed >>> 0;
  for (;;) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    yield s;
  }
}

describe('64-bit readers (src/proto/no-long.ts)', () => {
  it('are the replacements, not protobufjs own (nothing reconfigured protobufjs after them)', () => {
    expect(protobuf.Reader.prototype.uint64.name).toBe('readUint64');
    expect(protobuf.Reader.prototype.int64.name).toBe('readInt64');
  });

  it('read every varint length as the spec says: uint64 unsigned, int64 two\'s complement', () => {
    const rand = lcg(64);
    for (let n = 0; n < 20_000; n++) {
      const length = 1 + (rand.next().value! % 10);
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i++) bytes[i] = (rand.next().value! & 127) | (i < length - 1 ? 128 : 0);
      const v = referenceVarint(bytes);
      expect(new protobuf.Reader(bytes).uint64() as unknown as number).toBe(Number(v));
      expect(new protobuf.Reader(bytes).int64() as unknown as number).toBe(Number(BigInt.asIntN(64, v)));
    }
  });

  it('round-trip safe integers exactly in frames, and decode larger ones as unsafe numbers (refused by the gateway)', () => {
    const values = [0, 1, 127, 128, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 35 + 5, 2 ** 49 + 3, Number.MAX_SAFE_INTEGER];
    for (const v of values) {
      const frame = wire.ClientFrame.decode(wire.ClientFrame.encode({ requestId: 1, newOrder: { clientOrderId: v, priceMicros: -v, qty: v } }).finish());
      expect(frame.newOrder?.clientOrderId).toBe(v);
      expect(frame.newOrder?.priceMicros).toBe(v === 0 ? 0 : -v);
      expect(frame.newOrder?.qty).toBe(v);
    }
    const big = wire.ClientFrame.decode(wire.ClientFrame.encode({ newOrder: { clientOrderId: 2 ** 60 } }).finish());
    expect(Number.isSafeInteger(big.newOrder?.clientOrderId)).toBe(false);
  });

  it('refuse a truncated varint', () => {
    expect(() => new protobuf.Reader(new Uint8Array([0xff, 0xff, 0xff])).uint64()).toThrow(RangeError);
    expect(() => new protobuf.Reader(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).int64()).toThrow(RangeError);
    expect(() => new protobuf.Reader(new Uint8Array(11).fill(0xff)).uint64()).toThrow('invalid varint encoding');
  });
});
