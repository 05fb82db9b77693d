/**
 * A table of names in shared memory beside a ring of numbers (the market-data feed ring,
 * src/gateway/feed-ring.ts; the purchase ring, src/catalog/purchase-ring.ts): a record carries a
 * name's index, and the name goes into the table once, as a 2-byte length (little-endian) and its
 * UTF-8. The writer publishes the table's end before the records that use it, so a reader that
 * sees a record finds its names.
 */

/** A name's length is stored in 2 bytes. */
const MAX_NAME_BYTES = 0xffff;

/** The writing thread's side. */
export class SharedNamesWriter {
  private readonly ids = new Map<string, number>();
  /** Bytes written: what the writer publishes before the records that use them. */
  end = 0;

  constructor(private readonly table: Uint8Array) {}

  /** The name's index, appending it the first time; -1 if it does not fit. */
  id(name: string): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const bytes = Buffer.from(name, 'utf8');
    if (bytes.length > MAX_NAME_BYTES || this.end + 2 + bytes.length > this.table.length) return -1;
    this.table[this.end] = bytes.length & 0xff;
    this.table[this.end + 1] = bytes.length >>> 8;
    this.table.set(bytes, this.end + 2);
    this.end += 2 + bytes.length;
    const id = this.ids.size;
    this.ids.set(name, id);
    return id;
  }
}

/** The reading thread's side. */
export class SharedNamesReader {
  private readonly names: string[] = [];
  private read = 0;

  constructor(private readonly table: Uint8Array) {}

  /** The name at `id`, reading the table up to `publishedEnd` the first time; undefined if it is not there. */
  at(id: number, publishedEnd: number): string | undefined {
    while (id >= this.names.length && this.read < publishedEnd) {
      const n = this.table[this.read]! | (this.table[this.read + 1]! << 8);
      // slice copies out of shared memory (decoders refuse views of a SharedArrayBuffer).
      this.names.push(Buffer.from(this.table.slice(this.read + 2, this.read + 2 + n)).toString('utf8'));
      this.read += 2 + n;
    }
    return this.names[id];
  }
}
