/**
 * What the purchase ledger's writer thread does (purchase-worker.ts starts it): opens the
 * catalog's LMDB environment (lmdb-js shares one environment between the threads of a process),
 * and every `pollMs` reads what the engine's thread wrote into the purchase ring since the last
 * read and writes it, with the seq it reaches, in one synchronous transaction, then says so: each
 * consumer's purchases of the read as one block (purchase-blocks.ts). A transaction that throws is
 * rolled back and answered `failed`, and the thread reads no more.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Database } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import { ShortRuns, SIDE_THREAD_RUNS } from '../runtime/short-runs.js';
import type { Purchase } from './purchase.js';
import { encodePurchaseBlock, purchasesThrough, readPurchaseBlock } from './purchase-blocks.js';
import { encodePurchases, purchasedTrade } from './purchase-record.js';
import { PurchaseRingReader, SEQ_UNCHANGED } from './purchase-ring.js';
import { PURCHASE_DBS, type FromPurchaseWriter, type PurchaseWriterData, type ToPurchaseWriter } from './purchase-writer-messages.js';

/**
 * Serves the writer on `port`. `inTransaction` runs inside each transaction after its puts (a
 * test's fault: a throw there rolls the batch back).
 */
export function serveWrites(port: MessagePort, data: Pick<PurchaseWriterData, 'dir' | 'ring' | 'pollMs'>, inTransaction: (batch: readonly Purchase[]) => void = () => undefined): void {
  const env = openStore({ path: data.dir, maxDbs: PURCHASE_DBS.maxDbs });
  const purchases = env.openDB<Uint8Array, [number, number]>({ name: PURCHASE_DBS.purchases, encoding: 'binary' });
  const meta = env.openDB<number, string>({ name: PURCHASE_DBS.meta });
  const ring = new PurchaseRingReader(data.ring);
  let committedThroughSeq = meta.get(PURCHASE_DBS.throughSeqKey) ?? 0;
  let failed = false;
  let writeQueued = false;
  const say = (m: FromPurchaseWriter): void => port.postMessage(m);
  // A read of 250 ms at 10,000 buys a second is a run of about 1.3 ms: short runs, the transaction open between;
  // none while the ring fills behind the read.
  const runs = new ShortRuns({ ...SIDE_THREAD_RUNS, behind: () => ring.filling() });
  // Each consumer's newest block as this thread last committed or read it: from its start the thread is the ledger's only
  // writer (a ledger derived again is cleared at open, before it starts), so a consumer's newest is read from the store
  // once, not at every read of the ring (50 range reads every 250 ms at 50k orders/s). One entry a consumer who bought.
  const newest = new Map<number, Newest>();
  const wrote: Array<[number, Newest]> = [];

  const write = (): void => {
    if (failed) return;
    try {
      const drained = ring.drain();
      if (drained === undefined) return;
      runs.begin();
      // One transaction: a stored seq implies its purchases.
      wrote.length = 0;
      env.transactionSync(() => {
        writeBlocks(purchases, drained.purchases, runs, newest, wrote);
        if (drained.throughSeq !== SEQ_UNCHANGED) void meta.put(PURCHASE_DBS.throughSeqKey, drained.throughSeq);
        inTransaction(drained.purchases);
      });
      for (const [consumer, n] of wrote) newest.set(consumer, n); // committed: what the store now says
      ring.release();
      if (drained.throughSeq !== SEQ_UNCHANGED) committedThroughSeq = drained.throughSeq;
      say({ type: 'written', recordNo: drained.recordNo });
    } catch (error) {
      failed = true;
      say({ type: 'failed', committedThroughSeq, message: (error as Error).message });
    }
  };
  const poller = setInterval(write, data.pollMs);
  write();

  port.on('message', (m: ToPurchaseWriter) => {
    if (m.type === 'name') {
      // A write may be waiting in the ring for this name: read again once the names sent with it are in.
      ring.nameContract(m.id, m.contract);
      if (!writeQueued) {
        writeQueued = true;
        setImmediate(() => {
          writeQueued = false;
          write();
        });
      }
      return;
    }
    if (m.type === 'drain') return write();
    clearInterval(poller);
    write();
    void env.close().then(() => say({ type: 'closed' }));
  });
}

/** What a consumer's newest block says: its purchases so far and the last one's trade (0, 0 before any). */
interface Newest {
  through: number;
  lastTradeId: number;
}

function newestOf(purchases: Database<Uint8Array, [number, number]>, consumerAccountId: number): Newest {
  for (const { value } of purchases.getRange({ start: [consumerAccountId, Number.MAX_SAFE_INTEGER], end: [consumerAccountId, -1], reverse: true, limit: 1 })) {
    const { records } = readPurchaseBlock(value);
    return { through: purchasesThrough(value), lastTradeId: records.length === 0 ? 0 : purchasedTrade(records[records.length - 1]!) };
  }
  return { through: 0, lastTradeId: 0 };
}

/**
 * Each consumer's purchases of one read as one block, keyed by its first trade. A purchase already stored (a trade
 * at or before the consumer's last) is left out, as a put under its own key overwrote it in layout 3.
 */
function writeBlocks(purchases: Database<Uint8Array, [number, number]>, bought: readonly Purchase[], runs: ShortRuns, known: ReadonlyMap<number, Newest>, wrote: Array<[number, Newest]>): void {
  const records = encodePurchases(bought);
  const byConsumer = new Map<number, number[]>();
  for (let i = 0; i < bought.length; i++) {
    const consumer = bought[i]!.consumerAccountId;
    const indices = byConsumer.get(consumer);
    if (indices === undefined) byConsumer.set(consumer, [i]);
    else indices.push(i);
  }
  for (const [consumer, indices] of byConsumer) {
    const newest = known.get(consumer) ?? newestOf(purchases, consumer);
    const fresh = indices.filter((i) => bought[i]!.tradeId > newest.lastTradeId);
    if (fresh.length === 0) continue;
    void purchases.put([consumer, bought[fresh[0]!]!.tradeId], encodePurchaseBlock(fresh.map((i) => records[i]!), newest.through));
    wrote.push([consumer, { through: newest.through + fresh.length, lastTradeId: bought[fresh[fresh.length - 1]!]!.tradeId }]);
    runs.breathe();
  }
}
