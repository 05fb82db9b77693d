/**
 * Offline tools over a data directory, for `patx reconcile` and `patx payouts`:
 * the engine recovered read-only from the journal, the settlement store opened
 * read-only, the open netting re-derived from the journal, and the chain read
 * at the RPC URL the service last used (or one given).
 */
import { Journal, recover } from '../engine/index.js';
import { bindContracts, connectChain } from './chain.js';
import type { SettlementConfig } from './config.js';
import type { Deployment } from './deploy.js';
import { SettlementConfigError } from './errors.js';
import { forwardRulesOf, Netting } from './netting.js';
import { Participants } from './participants.js';
import { grantBatchesOf, inFlightBatches, reconcile, type ReconciliationReport } from './reconcile.js';
import { replayEventsAfter } from './replay.js';
import { grantsOfExercise } from '../grants/issue.js';
import { readDeployment, readRuntime } from './settlement.js';
import { SettlementStore, storeDir, type PayoutEntry } from './store.js';

export interface OfflineOptions {
  dataDir: string;
  config: SettlementConfig;
  /** Overrides the RPC URL the service last used. */
  rpcUrl?: string | undefined;
}

function deploymentOf(o: OfflineOptions): Deployment {
  const d = o.config.contracts !== undefined ? { chainId: o.config.chainId, ...o.config.contracts } : readDeployment(o.dataDir);
  if (d === undefined) throw new SettlementConfigError(`no deployment configured or remembered under ${o.dataDir}/settlement`);
  return d;
}

/** Reconciles the data directory's ledger against the chain. */
export async function reconcileDataDir(o: OfflineOptions): Promise<ReconciliationReport> {
  const d = deploymentOf(o);
  const runtime = readRuntime(o.dataDir);
  const rpcUrl = o.rpcUrl ?? o.config.rpcUrl ?? runtime?.rpcUrl;
  if (rpcUrl === undefined) throw new SettlementConfigError('no RPC URL: pass --rpc, set settlement.rpcUrl, or run the service once');
  const journal = Journal.open(o.dataDir, { durability: 'commit', readOnly: true });
  const store = SettlementStore.open(storeDir(o.dataDir, d), { readOnly: true });
  try {
    const { engine } = recover(journal);
    const participants = new Participants(engine, o.config.brokerAddress ?? runtime?.brokerAddress);
    const fromSeq = Math.max(store.lastOutbox()?.batch.throughSeq ?? 0, engine.settledThroughSeq);
    const netting = new Netting(fromSeq, (id) => participants.isProvider(id), (e, timeMs) => grantsOfExercise(engine, e, timeMs), forwardRulesOf(engine));
    for (const turn of replayEventsAfter(journal, fromSeq)) netting.add(turn.events, turn.lastSeq, turn.timeMs);
    const provider = await connectChain(rpcUrl, d.chainId);
    try {
      const c = bindContracts(d, provider);
      return await reconcile({ vault: c.vault, registry: c.registry, deployBlock: d.deployBlock }, (vaultBatchId) => ({
        engine,
        pendingBalancesWei: netting.balanceDeltasWei(),
        pendingRights: netting.rightsDeltas(),
        inFlight: inFlightBatches(store, engine, vaultBatchId),
        grantBatches: grantBatchesOf(store.outboxFrom(1)),
        addressOf: (id) => participants.addressOf(id),
      }));
    } finally {
      provider.destroy();
    }
  } finally {
    await store.close();
    await journal.close();
  }
}

/** A provider's payout statement from the data directory's settlement store. */
export async function payoutStatement(o: OfflineOptions & { accountId: number; fromBatchId?: number; limit?: number }): Promise<PayoutEntry[]> {
  const store = SettlementStore.open(storeDir(o.dataDir, deploymentOf(o)), { readOnly: true });
  try {
    return store.payouts(o.accountId, o.fromBatchId ?? 1, o.limit ?? 1000);
  } finally {
    await store.close();
  }
}
