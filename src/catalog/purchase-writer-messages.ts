/** What the purchase ledger's writer thread (purchase-worker.ts) and the engine's thread (purchase-writer.ts) say to each other. */
import type { Purchase } from './purchase.js';

/** The catalog store's databases the writer thread writes (store.ts opens the same). */
export const PURCHASE_DBS = { maxDbs: 12, purchases: 'purchases', meta: 'meta', throughSeqKey: 'purchasesThroughSeq' } as const;

export interface PurchaseWriterData {
  /** The worker's module (worker-boot.mjs loads it). */
  entry: string;
  /** The catalog's LMDB directory. */
  dir: string;
}

export type ToPurchaseWriter = { type: 'write'; batch: number; purchases: PackedPurchases; throughSeq: number } | { type: 'close' };

export type FromPurchaseWriter = { type: 'written'; batch: number } | { type: 'failed'; batch: number; message: string } | { type: 'closed' };

/**
 * Purchases as numbers in one transferred buffer and their contracts named once: a structured
 * clone of each purchase object cost the engine's thread 2% at 50k orders/s (postMessage).
 * Per purchase: tradeId, seq, atMs, consumerAccountId, seriesId, qty, priceMicros, feeMicros (0: none), the index of
 * its contract, its listings' count, then each listing's id and version.
 */
export interface PackedPurchases {
  fields: Float64Array;
  contracts: string[];
}

const FIXED_FIELDS = 10;

export function packPurchases(purchases: readonly Purchase[]): PackedPurchases {
  let length = 0;
  for (const p of purchases) length += FIXED_FIELDS + 2 * p.listings.length;
  const fields = new Float64Array(length);
  const contracts: string[] = [];
  const contractIndex = new Map<string, number>();
  let i = 0;
  for (const p of purchases) {
    let c = contractIndex.get(p.contract);
    if (c === undefined) contractIndex.set(p.contract, (c = contracts.push(p.contract) - 1));
    fields[i++] = p.tradeId;
    fields[i++] = p.seq;
    fields[i++] = p.atMs;
    fields[i++] = p.consumerAccountId;
    fields[i++] = p.seriesId;
    fields[i++] = p.qty;
    fields[i++] = p.priceMicros;
    fields[i++] = p.feeMicros ?? 0;
    fields[i++] = c;
    fields[i++] = p.listings.length;
    for (const l of p.listings) {
      fields[i++] = l.listingId;
      fields[i++] = l.version;
    }
  }
  return { fields, contracts };
}

export function unpackPurchases({ fields, contracts }: PackedPurchases): Purchase[] {
  const out: Purchase[] = [];
  let i = 0;
  while (i < fields.length) {
    const [tradeId, seq, atMs, consumerAccountId, seriesId, qty, priceMicros, feeMicros, contract, listingCount] = fields.subarray(i, (i += FIXED_FIELDS));
    const listings: Purchase['listings'] = [];
    for (let k = 0; k < listingCount!; k++) listings.push({ listingId: fields[i++]!, version: fields[i++]! });
    out.push({ tradeId: tradeId!, seq: seq!, atMs: atMs!, consumerAccountId: consumerAccountId!, seriesId: seriesId!, contract: contracts[contract!]!, qty: qty!, priceMicros: priceMicros!, ...(feeMicros === 0 ? {} : { feeMicros: feeMicros! }), listings });
  }
  return out;
}
