/**
 * A provider's payout statement offline (`patx payouts`), from the data directory's settlement
 * store alone: no engine, no chain, no ethers, so the command loads little more than LMDB.
 */
import type { SettlementConfig } from './config.js';
import { deploymentOf } from './data-files.js';
import { SettlementStore, storeDir, type PayoutEntry } from './store.js';

export { addEntry, emptyPayoutMonth, utcMonth, type PayoutMonth } from './store.js';

/** A provider's payout statement from the data directory's settlement store. */
export async function payoutStatement(o: { dataDir: string; config: SettlementConfig; accountId: number; fromBatchId?: number; limit?: number }): Promise<PayoutEntry[]> {
  const store = SettlementStore.open(storeDir(o.dataDir, deploymentOf(o.dataDir, o.config)), { readOnly: true });
  try {
    return store.payouts(o.accountId, o.fromBatchId ?? 1, o.limit ?? 1000);
  } finally {
    await store.close();
  }
}
