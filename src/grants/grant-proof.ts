/**
 * GET /v1/grants/mine/{id}/proof's answer: once a grant's batch settled, the batch, the Merkle root, the grant's
 * leaf and its proof to check on-chain (registry.isGrantCommitted).
 */
import type { HttpReply } from '../http-registry/index.js';
import { GrantTree } from './commitment.js';
import type { GrantRecord } from './grant-record.js';
import type { GrantLedger } from './ledger.js';

/** The settled batch that covers a journal seq: its id and seq range; undefined while none does. */
export type BatchOfSeq = (seq: number) => { batchId: number; afterSeq: number; throughSeq: number } | undefined;

/** How many settled batches' grant trees the proofs keep built (a batch's grants never change once it is settled). */
const TREES_KEPT = 8;

/**
 * The grant trees of the batches proved most recently: every grant of a batch asks for a proof over the same tree, and
 * building it reads and hashes every grant of the batch (about 25 µs a grant here) on the engine's thread.
 */
export class RecentTrees {
  private readonly trees = new Map<number, GrantTree>();

  async of(batchId: number, build: () => Promise<GrantTree>): Promise<GrantTree> {
    let tree = this.trees.get(batchId);
    if (tree === undefined) {
      tree = await build();
      if (this.trees.size >= TREES_KEPT) this.trees.delete(this.trees.keys().next().value!);
    } else this.trees.delete(batchId); // moved to the newest end
    this.trees.set(batchId, tree);
    return tree;
  }
}

/** The proof of a grant in its settled batch; NOT_SETTLED (409) while no settled batch covers it. `id` is the path's text. */
export async function grantProofReply(l: GrantLedger, r: GrantRecord, id: string, batchOf: BatchOfSeq, batchTrees: RecentTrees): Promise<HttpReply> {
  const batch = batchOf(r.seq);
  if (batch === undefined) return { status: 409, body: { error: 'NOT_SETTLED', message: `grant ${id} is not in a settled batch yet` } };
  const tree = await batchTrees.of(batch.batchId, async () => GrantTree.of((await l.grantsInSeqs(batch.afterSeq, batch.throughSeq)).map((g) => g.signed.grant)));
  const proof = tree.proof(r.signed.grant.grantId)!;
  return { status: 200, body: { batchId: batch.batchId, root: tree.root, leaf: proof.leaf, proof: proof.proof, registry: r.domain.verifyingContract } };
}
