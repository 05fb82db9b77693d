/**
 * The offline reconciliation over a data directory, for `patx reconcile`:
 * the engine recovered read-only from the journal, the settlement store opened
 * read-only, the open netting re-derived from the journal, and the chain read
 * at the RPC URL the service last used (or one given).
 */
import { Journal, recover } from '../engine/index.js';
import type { SettlementConfig } from './config.js';
import type { Deployment } from './deploy.js';
import { SettlementConfigError } from './errors.js';
import { forwardRulesOf, Netting } from './netting.js';
import { Participants } from './participants.js';
import { ledgerViewOf, reconcile, type ChainView, type ReconciliationReport } from './reconcile.js';
import { rpcChainView } from './rpc-chain-view.js';
import { replayEventsAfter } from '../read-models/replay.js';
import { grantsOfExercise } from '../grants/issue.js';
import { deploymentOf, readRuntime } from './data-files.js';
import { SettlementStore, storeDir } from './store.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface OfflineOptions {
  dataDir: string;
  config: SettlementConfig;
  /** Overrides the RPC URL the service last used. */
  rpcUrl?: string | undefined;
  /** Told when reconciliation starts waiting for the node to have state at the block it reads (reconcile.ts). */
  onWaitForState?: (block: number, head: number, waitMs: number) => void;
}

/** How many times `reconcileDataDir` reads the data directory when the chain has settled past it, and how long it waits between. */
const OFFLINE_READS = 4;
const REREAD_AFTER_MS = 500;

/** The chain has applied a batch newer than the data directory as read: read it again. */
class ChainAheadError extends Error {}

/**
 * Reconciles the data directory's ledger against the chain. Beside a running service the
 * directory keeps moving, so one reading of it (the journal, then the outbox and the open
 * netting as of the journal's last command) is frozen while the chain is read after it; if
 * the chain has by then applied a batch that reading does not hold, the comparison would
 * show that batch as mismatches. It reads the directory again instead, a few times; if the
 * chain is still ahead at the last reading, it compares anyway: a batch the ledger never
 * cut (another settler) is a mismatch to report.
 */
export async function reconcileDataDir(o: OfflineOptions): Promise<ReconciliationReport> {
  const d = deploymentOf(o.dataDir, o.config);
  const runtime = readRuntime(o.dataDir);
  const rpcUrl = o.rpcUrl ?? o.config.rpcUrl ?? runtime?.rpcUrl;
  if (rpcUrl === undefined) throw new SettlementConfigError('no RPC URL: pass --rpc, set settlement.rpcUrl, or run the service once');
  // Plain JSON-RPC, not ethers' contracts: a CLI call need not load ethers (rpc-chain-view.ts).
  const chain = await rpcChainView(rpcUrl, d);
  for (let read = 1; ; read++) {
    try {
      return await reconcileOneReading(o, d, chain, runtime?.brokerAddress, read < OFFLINE_READS);
    } catch (error) {
      if (!(error instanceof ChainAheadError)) throw error;
      await sleep(REREAD_AFTER_MS);
    }
  }
}

async function reconcileOneReading(o: OfflineOptions, d: Deployment, chain: ChainView, brokerAddress: string | undefined, rereadIfAhead: boolean): Promise<ReconciliationReport> {
  const journal = Journal.open(o.dataDir, { durability: 'commit', readOnly: true });
  const store = SettlementStore.open(storeDir(o.dataDir, d), { readOnly: true });
  try {
    const { engine } = recover(journal);
    const participants = new Participants(engine, o.config.brokerAddress ?? brokerAddress);
    // The outbox and the netting as of the recovered engine's last command: a batch cut since covers commands it has not applied.
    const outbox = [...store.outboxFrom(1)].filter((r) => r.batch.throughSeq <= engine.lastSeq);
    const knownBatchId = Math.max(outbox.at(-1)?.batchId ?? 0, engine.settledBatchId);
    const fromSeq = Math.max(outbox.at(-1)?.batch.throughSeq ?? 0, engine.settledThroughSeq);
    const netting = new Netting(fromSeq, (id) => participants.isProvider(id), (e, timeMs) => grantsOfExercise(engine, e, timeMs), forwardRulesOf(engine));
    for (const turn of replayEventsAfter(journal, fromSeq)) {
      if (turn.lastSeq > engine.lastSeq) break;
      netting.add(turn.events, turn.lastSeq, turn.timeMs);
    }
    return await reconcile(
      chain,
      (vaultBatchId) => {
        if (rereadIfAhead && vaultBatchId > knownBatchId) throw new ChainAheadError();
        return ledgerViewOf(engine, netting, outbox, (id) => participants.addressOf(id), vaultBatchId);
      },
      o.onWaitForState === undefined ? {} : { onWaitForState: o.onWaitForState },
    );
  } finally {
    await store.close();
    await journal.close();
  }
}
