/**
 * A minimal protobuf writer for the frames sent most (the gateway's acks,
 * execution reports, book updates, trades, quote ladders; the load generator's
 * orders): varints into a reused, growable buffer, and length-delimited
 * fields whose length is patched in when they end. protobufjs's encoder wants a message object tree and
 * allocates an op per field (and a LongBits per 64-bit field); this allocates
 * only each frame's finished bytes. Fields at their default value (0) are left
 * out, as proto3 allows.
 */
const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
/** Length-delimited fields open at once; PATX frames nest three deep at most. */
const MAX_OPEN_FIELDS = 16;

/** Varints into a growable buffer, with length-delimited fields whose length is patched in after the body. */
export class FrameWriter {
  private buf = new Uint8Array(4_096);
  private pos = 0;
  /**
   * Start positions of the bodies of open length-delimited fields, a fixed stack: an array
   * emptied by `length = 0` drops its backing store, so every frame's first push allocated.
   */
  private readonly open = new Int32Array(MAX_OPEN_FIELDS);
  private openCount = 0;

  reset(): void {
    this.pos = 0;
    this.openCount = 0;
  }

  /** Bytes written since the last reset. */
  get length(): number {
    return this.pos;
  }

  /** The internal buffer: its first `length` bytes are the frame, valid until the next reset (no view allocated). */
  get buffer(): Uint8Array {
    return this.buf;
  }

  /** The frame written: a view of the internal buffer, valid until the next reset. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of the frame written (from Node's buffer pool when small: no external memory per frame). */
  bytes(): Uint8Array {
    const out = Buffer.allocUnsafe(this.pos);
    // A byte loop for the usual small frame: set() needs a subarray view, one more object per frame.
    if (this.pos <= 256) for (let i = 0; i < this.pos; i++) out[i] = this.buf[i]!;
    else out.set(this.buf.subarray(0, this.pos));
    return out;
  }

  /** A non-negative safe integer (every PATX id, quantity, price and time), or a negative one as two's complement int64. */
  private varint(value: number): void {
    if (this.pos + 10 > this.buf.length) this.grow();
    if (value >>> 0 === value) {
      // 0..2^32-1, every field but times and large ids: bitwise ops are exact here and cheaper than
      // the division below (an ack with two reports, 0.46 → 0.39 µs; issue 79).
      const buf = this.buf;
      let pos = this.pos;
      while (value > 0x7f) {
        buf[pos++] = (value & 0x7f) | 0x80;
        value >>>= 7;
      }
      buf[pos++] = value;
      this.pos = pos;
      return;
    }
    if (value < 0) return this.negativeVarint(value);
    while (value >= 0x80) {
      this.buf[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buf[this.pos++] = value;
  }

  private negativeVarint(value: number): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  /** A varint field; 0 is the default and is not written. */
  field(fieldNumber: number, value: number): void {
    if (value === 0) return;
    this.varint((fieldNumber << 3) | WIRE_VARINT);
    this.varint(value);
  }

  /** A length-delimited field of raw bytes (empty is the default and is not written). */
  bytesField(fieldNumber: number, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.varint((fieldNumber << 3) | WIRE_LENGTH_DELIMITED);
    this.varint(bytes.length);
    while (this.pos + bytes.length > this.buf.length) this.grow();
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A string field, UTF-8 (empty is the default and is not written). */
  stringField(fieldNumber: number, text: string): void {
    this.bytesField(fieldNumber, Buffer.from(text, 'utf8'));
  }

  /** Opens a length-delimited field; its length is written by the matching `end`. */
  begin(fieldNumber: number): void {
    this.varint((fieldNumber << 3) | WIRE_LENGTH_DELIMITED);
    this.varint(0); // one byte, room for a length < 128; `end` widens it if needed
    if (this.openCount === MAX_OPEN_FIELDS) throw new RangeError(`FrameWriter: more than ${MAX_OPEN_FIELDS} nested fields`);
    this.open[this.openCount++] = this.pos;
  }

  end(): void {
    if (this.openCount === 0) throw new RangeError('FrameWriter: end() without begin()');
    const start = this.open[--this.openCount]!;
    const length = this.pos - start;
    if (length < 0x80) {
      this.buf[start - 1] = length;
      return;
    }
    let extra = 0;
    for (let v = length; v >= 0x80; v = Math.floor(v / 0x80)) extra++;
    if (this.pos + extra > this.buf.length) this.grow();
    this.buf.copyWithin(start + extra, start, this.pos);
    this.pos = start - 1;
    this.varint(length);
    this.pos = start + extra + length;
  }

  private grow(): void {
    const bigger = new Uint8Array(this.buf.length * 2);
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }
}

/** One writer for the process: the engine's thread encodes one frame at a time, start to finish. */
export const frameWriter = new FrameWriter();
