/**
 * Batches another leader settled (issue 24). In a replicated group every leader settles on
 * the same vault with the same key, but each keeps its outbox in its own data dir, so a new
 * leader finds on-chain batches its outbox never cut: the old leader's, recorded by the
 * engine or not yet, or one that landed under the id of its own unsent cut. The chain is
 * the record. Each such batch is re-derived from this node's journal (the same events,
 * netted from the previous batch's throughSeq, give the same bytes) and taken only when its
 * content hash is the one the vault holds; then the settler confirms and records it like
 * its own. A batch the journal does not derive was not settled from this exchange's ledger,
 * and settlement stops with an alarm, as it did before for any batch it had not sent.
 */
import type { Contract, EventLog } from 'ethers';
import type { EngineLimits, Journal } from '../engine/index.js';
import { batchContentHash } from './batch.js';
import { SettlementStateError } from './errors.js';
import type { AddressOf, Netting } from './netting.js';
import { replayEventsAfter } from '../read-models/replay.js';

/** What the vault's BatchSettled event says of a batch. */
export interface ChainBatch {
  batchId: number;
  contentHash: string;
  throughSeq: number;
  txHash: string;
  blockNumber: number;
}

/** The vault's batches `fromBatchId` … `toBatchId`, oldest first, from their BatchSettled events. */
export async function chainBatches(vault: Contract, deployBlock: number, fromBatchId: number, toBatchId: number): Promise<ChainBatch[]> {
  // One query for every batch: a new leader that never led may have thousands to take.
  const logs = (await vault.queryFilter(vault.filters.BatchSettled!(), deployBlock)) as EventLog[];
  const byId = new Map<number, ChainBatch>();
  for (const log of logs) {
    const batchId = Number(log.args[0] as bigint);
    if (batchId < fromBatchId || batchId > toBatchId) continue;
    byId.set(batchId, {
      batchId,
      contentHash: (log.args[1] as string).toLowerCase(),
      throughSeq: Number(log.args[2] as bigint),
      txHash: log.transactionHash.toLowerCase(),
      blockNumber: log.blockNumber,
    });
  }
  const out: ChainBatch[] = [];
  for (let id = fromBatchId; id <= toBatchId; id++) {
    const b = byId.get(id);
    // The vault's lastBatchId said it holds them; its events may lag its state on a node behind a load balancer.
    if (b === undefined) return out;
    out.push(b);
  }
  return out;
}

/** The batches derived, in order, and why the next one was not (if one was not). */
export interface DerivedBatches {
  cuts: Array<ReturnType<Netting['cut']>>;
  refused?: SettlementStateError;
}

/**
 * The cut of each chain batch re-derived from the journal, in one replay from
 * `afterSeq` (the throughSeq of the batch before the first): a batch's events are
 * the turns after the previous batch's throughSeq through its own. Stops at the first
 * batch whose throughSeq is past `reachedSeq` (what this node has netted) or ends no
 * turn of this journal, or whose hash differs, and says why in `refused`.
 */
export function deriveChainBatches(
  journal: Journal,
  limits: Partial<EngineLimits>,
  afterSeq: number,
  reachedSeq: number,
  batches: readonly ChainBatch[],
  nettingFrom: (fromSeq: number) => Netting,
  addressOf: AddressOf,
): DerivedBatches {
  const cuts: DerivedBatches['cuts'] = [];
  if (batches.length === 0) return { cuts };
  let i = 0;
  let netting = nettingFrom(afterSeq);
  for (const turn of replayEventsAfter(journal, afterSeq, limits)) {
    // A batch may end within a turn (the settler cuts a bounded batch command by command), and one turn may end several.
    while (i < batches.length && batches[i]!.throughSeq <= Math.min(turn.lastSeq, reachedSeq)) {
      const b = batches[i]!;
      netting.add(turn.events.filter((e) => e.seq <= b.throughSeq), b.throughSeq, turn.timeMs);
      const derived = netting.cut(b.batchId, addressOf);
      const hash = batchContentHash(derived.cut.batch);
      if (hash.toLowerCase() !== b.contentHash) {
        const refused = new SettlementStateError(`batch ${b.batchId} on-chain (hash ${b.contentHash}) is not what this node's journal nets to through seq ${b.throughSeq} (hash ${hash}): another settler?`, {
          batchId: b.batchId,
          chainHash: b.contentHash,
          journalHash: hash,
        });
        return { cuts, refused };
      }
      cuts.push(derived);
      i++;
      netting = nettingFrom(b.throughSeq);
    }
    if (i === batches.length) return { cuts };
    if (batches[i]!.throughSeq > reachedSeq) break;
    netting.add(turn.events, turn.lastSeq, turn.timeMs);
  }
  const b = batches[i]!;
  const refused =
    b.throughSeq > reachedSeq
      ? new SettlementStateError(`batch ${b.batchId} on-chain settles through seq ${b.throughSeq}, past what this node's journal holds (${reachedSeq}): a leader settled commands that were never replicated`, {
          batchId: b.batchId,
          throughSeq: b.throughSeq,
          reachedSeq,
        })
      : new SettlementStateError(`batch ${b.batchId} on-chain settles through seq ${b.throughSeq}, past the end of this node's journal`, { batchId: b.batchId, throughSeq: b.throughSeq });
  return { cuts, refused };
}
