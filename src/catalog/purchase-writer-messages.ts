/** What the purchase ledger's writer thread (purchase-worker.ts) and the engine's thread (purchase-writer.ts) say to each other. */
import type { PurchaseRingBuffers } from './purchase-ring.js';

/** The catalog store's databases the writer thread writes (store.ts opens the same). */
export const PURCHASE_DBS = { maxDbs: 12, purchases: 'purchases', meta: 'meta', throughSeqKey: 'purchasesThroughSeq', layoutKey: 'purchasesLayout' } as const;
/**
 * What the stored purchases hold: 4, buys of data rights only (spot and forward series), each consumer's of one
 * commit as one block of purchase-record.ts's records (purchase-blocks.ts); 3, the same records one a key; 2, the
 * same in msgpackr's records; 1 (or none stored), buys of every kind, synthetics and options too. A store of another
 * layout is derived again from the journal.
 */
export const PURCHASES_LAYOUT = 4;

export interface PurchaseWriterData {
  /** The worker's module (worker-boot.mjs loads it). */
  entry: string;
  /** The catalog's LMDB directory. */
  dir: string;
  /** The ring the engine's thread writes purchases into (purchase-ring.ts). */
  ring: PurchaseRingBuffers;
  /** How often the thread reads the ring: each read's purchases are one commit. */
  pollMs: number;
}

/**
 * `name`: a contract's name and the number the ring's records give it (sent once, before any
 * record that uses it). `drain`: read the ring now (a close waiting for purchases the ring had
 * no room for, a read waiting for purchases recorded since the last poll).
 */
export type ToPurchaseWriter = { type: 'name'; id: number; contract: string } | { type: 'drain' } | { type: 'close' };

/**
 * `written`: every write through `recordNo` is committed. `failed`: a commit failed; nothing
 * after `committedThroughSeq` is written, and the thread reads no more.
 */
export type FromPurchaseWriter = { type: 'written'; recordNo: number } | { type: 'failed'; committedThroughSeq: number; message: string } | { type: 'closed' };
