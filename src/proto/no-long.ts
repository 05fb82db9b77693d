/**
 * 64-bit decision: protobuf 64-bit integers decode to plain numbers, never Long
 * objects. Every id, price and quantity in PATX is a safe integer (< 2^53); a
 * larger value on the wire decodes to a number >= 2^53, which the gateway
 * detects with Number.isSafeInteger and refuses (VALUE_OUT_OF_RANGE), so no
 * value is ever silently rounded. A negative number sent in a uint64 field
 * (two's complement, sign bit set) decodes to 2^63 or more, and only such a
 * value does (halvesToNumber): the gateway names it negative. PAT amounts in
 * wei travel as decimal strings.
 *
 * The int64 and uint64 readers are replaced too: protobufjs's build a LongBits
 * object per value and convert it (several per order frame, ~4% of the gateway's
 * garbage); these read the same varint into two 32-bit halves held here and
 * return the same number (LongBits.toNumber's arithmetic).
 *
 * This module must be evaluated before the generated code (index.ts imports it first).
 */
import protobuf from 'protobufjs/minimal.js';

protobuf.util.Long = null as unknown as typeof protobuf.util.Long;
protobuf.configure();

/** The halves of the last varint read (no object per value). */
let lo = 0;
let hi = 0;

function outOfRange(r: protobuf.Reader): RangeError {
  return new RangeError(`index out of range: ${r.pos} + 1 > ${r.len}`);
}

/** protobufjs's readLongVarint (src/reader.js), into `lo` and `hi`. */
function readVarint64(r: protobuf.Reader): void {
  const buf = r.buf;
  lo = 0;
  hi = 0;
  let b: number;
  for (let i = 0; i < 4; i++) {
    if (r.pos >= r.len) throw outOfRange(r);
    b = buf[r.pos++]!;
    lo = (lo | ((b & 127) << (i * 7))) >>> 0;
    if (b < 128) return;
  }
  if (r.pos >= r.len) throw outOfRange(r);
  b = buf[r.pos++]!;
  lo = (lo | ((b & 127) << 28)) >>> 0;
  hi = (b & 127) >> 4;
  if (b < 128) return;
  for (let i = 0; i < 5; i++) {
    if (r.pos >= r.len) throw outOfRange(r);
    b = buf[r.pos++]!;
    hi = (hi | ((b & 127) << (i * 7 + 3))) >>> 0;
    if (b < 128) return;
  }
  throw new Error('invalid varint encoding');
}

/** 2^63, and the largest double below it. */
const SIGN_BIT = 2 ** 63;
const BELOW_SIGN_BIT = SIGN_BIT - 1024;

/**
 * The halves as a number. Below 2^63 (sign bit clear) it stays below 2^63: the sum rounds 2^63 - 512 ... 2^63 - 1
 * up to 2^63, which would read as a set sign bit; those take the double below. So a uint64 read as 2^63 or more
 * is exactly one sent with its sign bit set (a negative number: the gateway says so, wire-commands.ts).
 */
function halvesToNumber(): number {
  const v = lo + hi * 4294967296;
  return v === SIGN_BIT && hi >>> 31 === 0 ? BELOW_SIGN_BIT : v;
}

protobuf.Reader.prototype.uint64 = function readUint64(this: protobuf.Reader): number {
  readVarint64(this);
  return halvesToNumber();
} as unknown as protobuf.Reader['uint64']; // typed as returning Long; with Long off it is a number

protobuf.Reader.prototype.int64 = function readInt64(this: protobuf.Reader): number {
  readVarint64(this);
  if (hi >>> 31 === 0) return halvesToNumber();
  // Two's complement, as LongBits.toNumber(false).
  const negLo = (~lo + 1) >>> 0;
  const negHi = negLo === 0 ? (~hi + 1) >>> 0 : ~hi >>> 0;
  return -(negLo + negHi * 4294967296);
} as unknown as protobuf.Reader['int64'];
