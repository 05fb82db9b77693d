/**
 * A purchase as the catalog's store keeps it (since PURCHASES_LAYOUT 3): a fixed little-endian record,
 * laid out by hand rather than by msgpackr, in its consumer's block (purchase-blocks.ts, layout 4). The
 * writer thread (purchase-writes.ts) writes every buy fill of a data right: at 10,000 buys a
 * second msgpackr's records cost it 1.1 µs of the 4.6 µs each purchase took (structures made
 * again each transaction, an object per listing), the largest of the threads beside the engine's
 * on the wire bench (bench/RESULTS.md, "2026-12-04 21:30–22:00").
 *
 *   u8  format (1)
 *   f64 tradeId, seq, atMs, seriesId, qty, priceMicros, feeMicros (0: none)
 *   u32 listings, u32 contract's UTF-8 bytes
 *   u32 listingId, u32 version (each listing: a segment may list hundreds, and every purchase names them all)
 *   the contract's name, UTF-8
 *
 * Every number is an integer below 2^53: a float64 holds it exactly. A listing's id and version are below 2^32 (the
 * catalog would hold four billion listings first); one that is not is refused, and the purchases with it are not written.
 */
import type { Purchase } from './purchase.js';

const FORMAT = 1;
const NUMBERS = 7;
/** The numbers' places, in the order the record holds them after its format byte. */
const SERIES_ID = 3;
const HEADER_BYTES = 1 + 8 * NUMBERS + 4 + 4;
const LISTING_BYTES = 8;
const MAX_U32 = 0xffff_ffff;

export class PurchaseRecordError extends Error {
  override readonly name = 'PurchaseRecordError';
}

/** The bytes `p` takes as a record (its contract's UTF-8 length given). */
function recordBytes(p: Purchase, contractBytes: number): number {
  return HEADER_BYTES + LISTING_BYTES * p.listings.length + contractBytes;
}

/**
 * Lays the purchases out one after another in one buffer (one allocation a batch, not one a
 * purchase) and returns each one's record, a view of it: put each before the buffer is reused.
 */
export function encodePurchases(purchases: readonly Purchase[]): Uint8Array[] {
  const names = purchases.map((p) => Buffer.from(p.contract, 'utf8'));
  let total = 0;
  for (let i = 0; i < purchases.length; i++) {
    const p = purchases[i]!;
    for (const l of p.listings) {
      if (!(l.listingId <= MAX_U32 && l.version <= MAX_U32)) throw new PurchaseRecordError(`purchase ${p.tradeId}: listing ${l.listingId} version ${l.version}: a record holds ids and versions below 2^32`);
    }
    total += recordBytes(p, names[i]!.length);
  }
  const buffer = Buffer.allocUnsafe(total);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < purchases.length; i++) {
    const p = purchases[i]!;
    const name = names[i]!;
    const start = at;
    view.setUint8(at, FORMAT);
    at += 1;
    view.setFloat64(at, p.tradeId, true);
    view.setFloat64(at + 8, p.seq, true);
    view.setFloat64(at + 16, p.atMs, true);
    view.setFloat64(at + 24, p.seriesId, true);
    view.setFloat64(at + 32, p.qty, true);
    view.setFloat64(at + 40, p.priceMicros, true);
    view.setFloat64(at + 48, p.feeMicros ?? 0, true);
    at += 8 * NUMBERS;
    view.setUint32(at, p.listings.length, true);
    view.setUint32(at + 4, name.length, true);
    at += 8;
    for (const l of p.listings) {
      view.setUint32(at, l.listingId, true);
      view.setUint32(at + 4, l.version, true);
      at += LISTING_BYTES;
    }
    buffer.set(name, at);
    at += name.length;
    records.push(buffer.subarray(start, at));
  }
  return records;
}

/** The `k`th of a record's numbers. */
function numberAt(view: DataView, k: number): number {
  return view.getFloat64(1 + 8 * k, true);
}

/** The purchase a record holds (its consumer comes from its key). */
export function decodePurchase(consumerAccountId: number, record: Uint8Array): Purchase {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  if (record.byteLength < HEADER_BYTES || view.getUint8(0) !== FORMAT) throw new PurchaseRecordError(`not a purchase record of format ${FORMAT} (${record.byteLength} bytes, format ${record.byteLength > 0 ? view.getUint8(0) : '-'})`);
  const n = (k: number): number => numberAt(view, k);
  const listingCount = view.getUint32(1 + 8 * NUMBERS, true);
  const contractBytes = view.getUint32(5 + 8 * NUMBERS, true);
  const listingsAt = HEADER_BYTES;
  const contractAt = listingsAt + LISTING_BYTES * listingCount;
  if (contractAt + contractBytes !== record.byteLength) throw new PurchaseRecordError(`a purchase record of ${record.byteLength} bytes says ${listingCount} listings and ${contractBytes} bytes of contract`);
  const listings: Purchase['listings'] = [];
  for (let k = 0; k < listingCount; k++) {
    const at = listingsAt + LISTING_BYTES * k;
    listings.push({ listingId: view.getUint32(at, true), version: view.getUint32(at + 4, true) });
  }
  const feeMicros = n(6);
  return {
    tradeId: n(0),
    seq: n(1),
    atMs: n(2),
    consumerAccountId,
    seriesId: n(SERIES_ID),
    contract: Buffer.from(record.buffer, record.byteOffset + contractAt, contractBytes).toString('utf8'),
    qty: n(4),
    priceMicros: n(5),
    feeMicros: feeMicros === 0 ? undefined : feeMicros,
    listings,
  };
}

/** The series a record's purchase was in, read without decoding the rest (a listing filtered by series). */
export function purchasedSeries(record: Uint8Array): number {
  return numberAt(new DataView(record.buffer, record.byteOffset, record.byteLength), SERIES_ID);
}

/** The trade a record's purchase was, read without decoding the rest (the writer's check for one already stored). */
export function purchasedTrade(record: Uint8Array): number {
  return numberAt(new DataView(record.buffer, record.byteOffset, record.byteLength), 0);
}
