/**
 * What the purchase ledger's writer thread does (purchase-worker.ts starts it): opens the
 * catalog's LMDB environment (lmdb-js shares one environment between the threads of a process)
 * and writes each batch of purchases with the seq they reach in one synchronous transaction,
 * then says so; a batch whose transaction throws is rolled back and answered `failed`.
 */
import type { MessagePort } from 'node:worker_threads';
import { open } from 'lmdb';
import type { Purchase } from './purchase.js';
import { PURCHASE_DBS, unpackPurchases, type FromPurchaseWriter, type ToPurchaseWriter } from './purchase-writer-messages.js';

/**
 * Serves the writer's messages on `port` for the store at `dir`. `inTransaction` runs inside each
 * batch's transaction after its puts (a test's fault: a throw there rolls the batch back).
 */
export function serveWrites(port: MessagePort, dir: string, inTransaction: (batch: readonly Purchase[]) => void = () => undefined): void {
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
      // One transaction: a stored seq implies its purchases.
      const batch = unpackPurchases(m.purchases);
      env.transactionSync(() => {
        for (const p of batch) void purchases.put([p.consumerAccountId, p.tradeId], p);
        void meta.put(PURCHASE_DBS.throughSeqKey, m.throughSeq);
        inTransaction(batch);
      });
      reply = { type: 'written', batch: m.batch };
    } catch (error) {
      reply = { type: 'failed', batch: m.batch, message: (error as Error).message };
    }
    port.postMessage(reply);
  });
}
