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

export type ToPurchaseWriter = { type: 'write'; batch: number; purchases: Purchase[]; throughSeq: number } | { type: 'close' };

export type FromPurchaseWriter = { type: 'written'; batch: number } | { type: 'failed'; batch: number; message: string } | { type: 'closed' };
