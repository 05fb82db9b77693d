/**
 * 64-bit decision: protobuf 64-bit integers decode to plain numbers, never Long
 * objects. Every id, price and quantity in PATX is a safe integer (< 2^53); a
 * larger value on the wire decodes to a number >= 2^53, which the gateway
 * detects with Number.isSafeInteger and refuses (VALUE_OUT_OF_RANGE), so no
 * value is ever silently rounded. PAT amounts in wei travel as decimal strings.
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

protobuf.Reader.prototype.uint64 = function readUint64(this: protobuf.Reader): number {
  readVarint64(this);
  return lo + hi * 4294967296;
} as unknown as protobuf.Reader['uint64']; // typed as returning Long; with Long off it is a number

protobuf.Reader.prototype.int64 = function readInt64(this: protobuf.Reader): number {
  readVarint64(this);
  if (hi >>> 31 === 0) return lo + hi * 4294967296;
  // Two's complement, as LongBits.toNumber(false).
  const negLo = (~lo + 1) >>> 0;
  const negHi = negLo === 0 ? (~hi + 1) >>> 0 : ~hi >>> 0;
  return -(negLo + negHi * 4294967296);
} as unknown as protobuf.Reader['int64'];
