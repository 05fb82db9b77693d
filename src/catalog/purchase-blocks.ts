/**
 * The purchase ledger's values (PURCHASES_LAYOUT 4): one block per consumer per commit of the writer thread,
 * under the key [consumerAccountId, the block's first tradeId], holding that consumer's purchases of the commit as
 * purchase-record.ts's records. One put a purchase cost the writer thread about 1.8 µs of lmdb-js and LMDB each
 * beside the bytes themselves: on the wire bench's 10,000 buys a second from 50 consumers a block holds about fifty
 * (one read every 250 ms), and the thread's CPU fell by a third, 0.52 to 0.33 µs an order at 50k orders/s
 * (bench/RESULTS.md, "2026-12-05 06:15–08:00").
 *
 *   u8  format (2)
 *   u32 purchases in the block
 *   f64 the consumer's purchases in the blocks before this one (so a page's total is read from the newest block alone)
 *   then each purchase, oldest first: u32 its record's bytes, the record
 */
import { PurchaseRecordError } from './purchase-record.js';

const FORMAT = 2;
const HEADER_BYTES = 1 + 4 + 8;
const LENGTH_BYTES = 4;

/** A block as read: how many purchases it holds, how many came before it, and where each record lies in it. */
export interface PurchaseBlock {
  count: number;
  before: number;
  /** The records, oldest first: views of the block's bytes. */
  records: Uint8Array[];
}

/** `records` (one consumer's, oldest first) as one block, after `before` purchases of the same consumer. */
export function encodePurchaseBlock(records: readonly Uint8Array[], before: number): Uint8Array {
  let total = HEADER_BYTES;
  for (let i = 0; i < records.length; i++) total += LENGTH_BYTES + records[i]!.byteLength;
  const block = Buffer.allocUnsafe(total);
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  view.setUint8(0, FORMAT);
  view.setUint32(1, records.length, true);
  view.setFloat64(5, before, true);
  let at = HEADER_BYTES;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    view.setUint32(at, record.byteLength, true);
    block.set(record, at + LENGTH_BYTES);
    at += LENGTH_BYTES + record.byteLength;
  }
  return block;
}

function headerOf(block: Uint8Array): { view: DataView; count: number; before: number } {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  if (block.byteLength < HEADER_BYTES || view.getUint8(0) !== FORMAT) {
    throw new PurchaseRecordError(`not a purchase block of format ${FORMAT} (${block.byteLength} bytes, format ${block.byteLength > 0 ? view.getUint8(0) : '-'})`);
  }
  return { view, count: view.getUint32(1, true), before: view.getFloat64(5, true) };
}

/** The consumer's purchases up to and including this block: read from the header alone. */
export function purchasesThrough(block: Uint8Array): number {
  const { count, before } = headerOf(block);
  return before + count;
}

/** The block's purchases in it: read from the header alone (a page skips whole blocks by it). */
export function purchasesIn(block: Uint8Array): number {
  return headerOf(block).count;
}

/** The block's records, each a view of it; a block whose lengths do not add up to its size is refused. */
export function readPurchaseBlock(block: Uint8Array): PurchaseBlock {
  const { view, count, before } = headerOf(block);
  const records: Uint8Array[] = [];
  let at = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (at + LENGTH_BYTES > block.byteLength) break;
    const length = view.getUint32(at, true);
    at += LENGTH_BYTES;
    if (at + length > block.byteLength) break;
    records.push(block.subarray(at, at + length));
    at += length;
  }
  if (records.length !== count || at !== block.byteLength) {
    throw new PurchaseRecordError(`a purchase block of ${block.byteLength} bytes says ${count} purchases; ${records.length} read, to byte ${at}`);
  }
  return { count, before, records };
}
