/**
 * A purchase writer thread (src/catalog/purchase-worker.ts's protocol, real LMDB writes) whose
 * transaction throws, and so rolls back, for a batch holding trade FAILING_TRADE_ID: what a full
 * disk or a broken store does to one batch, on demand (test/catalog/purchase-writer.test.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { open } from 'lmdb';
import type { Purchase } from '../../src/catalog/purchase.js';
import { PURCHASE_DBS, unpackPurchases, type FromPurchaseWriter, type PurchaseWriterData, type ToPurchaseWriter } from '../../src/catalog/purchase-writer-messages.js';

/** The trade whose batch fails (the test names it too; importing this module would start a writer). */
const FAILING_TRADE_ID = 13;

const port = parentPort!;
const { dir } = workerData as PurchaseWriterData;
const env = open({ path: dir, maxDbs: PURCHASE_DBS.maxDbs });
const purchases = env.openDB<Purchase, [number, number]>({ name: PURCHASE_DBS.purchases });
const meta = env.openDB<number, string>({ name: PURCHASE_DBS.meta });

port.on('message', (m: ToPurchaseWriter) => {
  if (m.type === 'close') {
    void env.close().then(() => port.postMessage({ type: 'closed' } satisfies FromPurchaseWriter));
    return;
  }
  let reply: FromPurchaseWriter;
  try {
    const batch = unpackPurchases(m.purchases);
    env.transactionSync(() => {
      for (const p of batch) void purchases.put([p.consumerAccountId, p.tradeId], p);
      void meta.put(PURCHASE_DBS.throughSeqKey, m.throughSeq);
      if (batch.some((p) => p.tradeId === FAILING_TRADE_ID)) throw new Error('MDB_MAP_FULL: mdb_put: Environment mapsize limit reached (simulated)');
    });
    reply = { type: 'written', batch: m.batch };
  } catch (error) {
    reply = { type: 'failed', batch: m.batch, message: (error as Error).message };
  }
  port.postMessage(reply);
});
