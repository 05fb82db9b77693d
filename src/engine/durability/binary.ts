/**
 * A small growable binary writer and a bounds-checked reader, shared by the
 * command codec and the journal. Multi-byte integers are little-endian unless a
 * method says otherwise.
 *
 * Besides fixed-width fields they speak two variable-length formats:
 *
 * Compact number (`number()`): every JS number round-trips exactly, and the
 * common case (a non-negative safe integer) is short. One tag byte `t`:
 *   - 0x00..0xEF      the integer `t` itself (0..239);
 *   - 0xF1..0xF7      a non-negative integer in the next `t - 0xF0` bytes (1..7),
 *                     little-endian; never above Number.MAX_SAFE_INTEGER;
 *   - 0xFF            an IEEE-754 float64, little-endian, in the next 8 bytes: any
 *                     other number (negative, fractional, -0, NaN, ±Infinity,
 *                     integers beyond 2^53-1);
 *   - 0xF0, 0xF8..0xFE are invalid.
 *
 * Unsigned bigint (`bigUint()`): one length byte `n` (0..maxBytes), then `n`
 * bytes big-endian with no leading zero byte (so 0n is a single 0x00 byte).
 *
 * String (`string()`): u16 byte length, then UTF-8. Only well-formed strings
 * (no lone UTF-16 surrogates) are accepted, because anything else would not
 * come back identical.
 */

const TWO_POW_32 = 4294967296;
/** Largest value of the high 32-bit half of a safe integer (2^21 - 1). */
const MAX_SAFE_HIGH_WORD = 0x1fffff;

export const NUMBER_TAG_MAX_INLINE = 0xef;
export const NUMBER_TAG_UINT_BASE = 0xf0;
export const NUMBER_TAG_FLOAT64 = 0xff;
export const STRING_MAX_BYTES = 0xffff;

const LONE_SURROGATE = /\p{Cs}/u;
const utf8Encoder = new TextEncoder();
/** fatal: reject invalid UTF-8 rather than substitute; ignoreBOM: keep a leading U+FEFF. */
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Thrown by BinaryReader when the bytes do not hold what was asked for. */
export class BinaryReadError extends Error {
  override readonly name = 'BinaryReadError';
  constructor(
    message: string,
    /** Byte offset (into the reader's buffer) where the failing field starts. */
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
  }
}

/** Thrown by BinaryWriter when a value has no representation in the format. */
export class BinaryWriteError extends Error {
  override readonly name = 'BinaryWriteError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * Appends binary fields to an internal buffer that doubles when full. Reuse one
 * writer (call `reset()`) on hot paths so steady state allocates nothing.
 */
export class BinaryWriter {
  private buf: Uint8Array;
  private dv: DataView;
  /** Bytes written so far. */
  length = 0;

  constructor(initialCapacityBytes = 64 * 1024) {
    this.buf = new Uint8Array(Math.max(16, initialCapacityBytes));
    this.dv = new DataView(this.buf.buffer);
  }

  reset(): void {
    this.length = 0;
  }

  /** The bytes written so far: a view of the internal buffer, valid until the next write or reset. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /** Makes room for `extraBytes` more bytes. */
  reserve(extraBytes: number): void {
    const needed = this.length + extraBytes;
    if (needed > this.buf.length) this.grow(needed);
  }

  private grow(neededBytes: number): void {
    let capacity = this.buf.length * 2;
    while (capacity < neededBytes) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Advances over `n` bytes (zeroed) to be filled later with the `set…At` methods. */
  skip(n: number): void {
    this.reserve(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }

  u8(v: number): void {
    if (this.length + 1 > this.buf.length) this.grow(this.length + 1);
    this.buf[this.length++] = v;
  }

  u16(v: number): void {
    this.reserve(2);
    this.dv.setUint16(this.length, v, true);
    this.length += 2;
  }

  u32(v: number): void {
    this.reserve(4);
    this.dv.setUint32(this.length, v, true);
    this.length += 4;
  }

  f64(v: number): void {
    this.reserve(8);
    this.dv.setFloat64(this.length, v, true);
    this.length += 8;
  }

  /** A non-negative safe integer as 8 bytes little-endian. */
  u64(v: number): void {
    this.reserve(8);
    this.setU64At(this.length, v);
    this.length += 8;
  }

  bool(v: boolean): void {
    this.u8(v ? 1 : 0);
  }

  bytes(src: Uint8Array): void {
    this.reserve(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }

  setU16At(offset: number, v: number): void {
    this.dv.setUint16(offset, v, true);
  }

  setU32At(offset: number, v: number): void {
    this.dv.setUint32(offset, v, true);
  }

  setU64At(offset: number, v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new BinaryWriteError(`u64 field needs a non-negative safe integer, got ${v}`);
    const low = v >>> 0;
    this.dv.setUint32(offset, low, true);
    this.dv.setUint32(offset + 4, (v - low) / TWO_POW_32, true);
  }

  /** Compact number: see the module comment. Hot path: no allocation. */
  number(v: number): void {
    if (this.length + 9 > this.buf.length) this.grow(this.length + 9);
    const buf = this.buf;
    let pos = this.length;
    if (v >>> 0 === v && !(v === 0 && 1 / v < 0)) {
      // An integer in 0..2^32-1 (and not -0): bitwise ops are exact here.
      if (v <= NUMBER_TAG_MAX_INLINE) {
        buf[pos++] = v;
      } else if (v < 0x100) {
        buf[pos++] = NUMBER_TAG_UINT_BASE + 1;
        buf[pos++] = v;
      } else if (v < 0x10000) {
        buf[pos++] = NUMBER_TAG_UINT_BASE + 2;
        buf[pos++] = v & 0xff;
        buf[pos++] = v >>> 8;
      } else if (v < 0x1000000) {
        buf[pos++] = NUMBER_TAG_UINT_BASE + 3;
        buf[pos++] = v & 0xff;
        buf[pos++] = (v >>> 8) & 0xff;
        buf[pos++] = v >>> 16;
      } else {
        buf[pos++] = NUMBER_TAG_UINT_BASE + 4;
        this.dv.setUint32(pos, v, true);
        pos += 4;
      }
    } else if (v > 0 && Number.isSafeInteger(v)) {
      // 2^32..2^53-1: low word by ToUint32, high word (< 2^21) by exact division.
      const low = v >>> 0;
      const high = (v - low) / TWO_POW_32;
      const highBytes = high < 0x100 ? 1 : high < 0x10000 ? 2 : 3;
      buf[pos++] = NUMBER_TAG_UINT_BASE + 4 + highBytes;
      this.dv.setUint32(pos, low, true);
      pos += 4;
      buf[pos++] = high & 0xff;
      if (highBytes > 1) buf[pos++] = (high >>> 8) & 0xff;
      if (highBytes > 2) buf[pos++] = high >>> 16;
    } else {
      buf[pos++] = NUMBER_TAG_FLOAT64;
      this.dv.setFloat64(pos, v, true);
      pos += 8;
    }
    this.length = pos;
  }

  /** u16 byte length + UTF-8. Throws BinaryWriteError for lone surrogates or more than 65535 bytes. */
  string(v: string): void {
    if (LONE_SURROGATE.test(v)) throw new BinaryWriteError('string has a lone UTF-16 surrogate and cannot round-trip through UTF-8');
    const maxBytes = v.length * 3;
    this.reserve(2 + maxBytes);
    const start = this.length + 2;
    const { written } = utf8Encoder.encodeInto(v, this.buf.subarray(start, start + maxBytes));
    if (written > STRING_MAX_BYTES) throw new BinaryWriteError(`string of ${written} UTF-8 bytes exceeds ${STRING_MAX_BYTES}`);
    this.dv.setUint16(this.length, written, true);
    this.length = start + written;
  }

  /** Unsigned bigint of at most `maxBytes` bytes: length byte + minimal big-endian bytes. */
  bigUint(v: bigint, maxBytes: number): void {
    if (typeof v !== 'bigint' || v < 0n) throw new BinaryWriteError(`expected a non-negative bigint, got ${String(v)}`);
    let hex = v === 0n ? '' : v.toString(16);
    if (hex.length % 2 === 1) hex = '0' + hex;
    const byteCount = hex.length / 2;
    if (byteCount > maxBytes) throw new BinaryWriteError(`bigint needs ${byteCount} bytes, more than ${maxBytes}`);
    this.reserve(1 + byteCount);
    this.buf[this.length++] = byteCount;
    for (let i = 0; i < byteCount; i++) this.buf[this.length++] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
}

/** Reads fields from `bytes[offset, end)`, throwing BinaryReadError rather than reading past `end`. */
export class BinaryReader {
  private readonly dv: DataView;
  offset: number;
  readonly end: number;

  constructor(
    private readonly bytes: Uint8Array,
    offset = 0,
    end = bytes.length,
  ) {
    if (offset < 0 || end > bytes.length || offset > end) throw new RangeError(`bad reader bounds ${offset}..${end} of ${bytes.length}`);
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
    this.end = end;
  }

  remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number, what: string): void {
    if (this.offset + n > this.end) throw new BinaryReadError(`truncated: ${what} needs ${n} bytes, ${this.end - this.offset} left`, this.offset);
  }

  u8(): number {
    if (this.offset >= this.end) this.need(1, 'u8');
    return this.bytes[this.offset++]!;
  }

  u16(): number {
    this.need(2, 'u16');
    const v = this.dv.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }

  u32(): number {
    this.need(4, 'u32');
    const v = this.dv.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  f64(): number {
    this.need(8, 'f64');
    const v = this.dv.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** 8 bytes little-endian; throws if above Number.MAX_SAFE_INTEGER. */
  u64(): number {
    this.need(8, 'u64');
    const low = this.dv.getUint32(this.offset, true);
    const high = this.dv.getUint32(this.offset + 4, true);
    if (high > MAX_SAFE_HIGH_WORD) throw new BinaryReadError('u64 above Number.MAX_SAFE_INTEGER', this.offset);
    this.offset += 8;
    return high * TWO_POW_32 + low;
  }

  bool(): boolean {
    const start = this.offset;
    const v = this.u8();
    if (v > 1) throw new BinaryReadError(`boolean byte is ${v}, not 0 or 1`, start);
    return v === 1;
  }

  /** Compact number: see the module comment. Hot path: no allocation. */
  number(): number {
    const start = this.offset;
    const tag = this.u8();
    if (tag <= NUMBER_TAG_MAX_INLINE) return tag;
    if (tag === NUMBER_TAG_FLOAT64) return this.f64();
    const byteCount = tag - NUMBER_TAG_UINT_BASE;
    if (byteCount < 1 || byteCount > 7) throw new BinaryReadError(`invalid number tag 0x${tag.toString(16)}`, start);
    this.need(byteCount, 'number');
    const bytes = this.bytes;
    let pos = this.offset;
    let v: number;
    if (byteCount <= 4) {
      v = 0;
      for (let i = byteCount - 1; i >= 0; i--) v = v * 256 + bytes[pos + i]!;
    } else {
      const low = this.dv.getUint32(pos, true);
      let high = 0;
      for (let i = byteCount - 1; i >= 4; i--) high = high * 256 + bytes[pos + i]!;
      if (high > MAX_SAFE_HIGH_WORD) throw new BinaryReadError('number above Number.MAX_SAFE_INTEGER', start);
      v = high * TWO_POW_32 + low;
    }
    pos += byteCount;
    this.offset = pos;
    return v;
  }

  string(): string {
    const byteLength = this.u16();
    const start = this.offset;
    this.need(byteLength, 'string');
    this.offset += byteLength;
    try {
      return utf8Decoder.decode(this.bytes.subarray(start, start + byteLength));
    } catch {
      throw new BinaryReadError('string is not valid UTF-8', start);
    }
  }

  bigUint(maxBytes: number): bigint {
    const start = this.offset;
    const byteCount = this.u8();
    if (byteCount > maxBytes) throw new BinaryReadError(`bigint of ${byteCount} bytes exceeds ${maxBytes}`, start);
    this.need(byteCount, 'bigint');
    if (byteCount === 0) return 0n;
    if (this.bytes[this.offset] === 0) throw new BinaryReadError('bigint has a leading zero byte', start);
    let hex = '0x';
    for (let i = 0; i < byteCount; i++) hex += this.bytes[this.offset + i]!.toString(16).padStart(2, '0');
    this.offset += byteCount;
    return BigInt(hex);
  }

  /** `n` bytes as a view (no copy). */
  bytesView(n: number): Uint8Array {
    this.need(n, 'bytes');
    const view = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return view;
  }
}
