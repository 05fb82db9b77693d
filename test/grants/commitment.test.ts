/**
 * The grants' Merkle tree (src/grants/commitment.ts) is OpenZeppelin's StandardMerkleTree byte for byte: the registry
 * on-chain checks proofs against roots built here. The package stays the oracle; the tree is built here because the
 * package took 0.5–0.9 ms a grant on the engine's thread (a proof over a batch of 1,000 grants held it 1.5 s).
 */
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { describe, expect, it } from 'vitest';
import { GrantTree, grantLeaf, grantProof, grantsCommitment, NO_GRANTS_ROOT } from '../../src/grants/commitment.js';
import type { AccessGrant } from '../../src/grants/grant.js';
import { GRANT_TYPES } from '../../src/grants/grant-types.js';

const FIELDS = GRANT_TYPES.AccessGrant!;
const oracle = (grants: readonly AccessGrant[]): StandardMerkleTree<unknown[]> =>
  StandardMerkleTree.of(
    grants.map((g) => FIELDS.map((f) => (g as unknown as Record<string, unknown>)[f.name])),
    FIELDS.map((f) => f.type),
  );

/** A deterministic spread of grants, with fields at their extremes among them. */
function grants(n: number): AccessGrant[] {
  return Array.from({ length: n }, (_, i) => ({
    grantId: 1_000 + i,
    consumer: `0x${((i * 2_654_435_761) >>> 0).toString(16).padStart(40, 'a')}`,
    provider: i % 3 === 0 ? `0x${'f'.repeat(40)}` : `0x${'0'.repeat(39)}${i % 10}`,
    listingId: i % 5,
    listingVersion: i === 1 ? 2 ** 32 - 1 : i % 4,
    seriesId: 7 + (i % 11),
    windowOpenMs: 1_790_000_000_000 + i,
    windowCloseMs: 1_790_604_800_000 + i,
    quantity: i === 2 ? Number.MAX_SAFE_INTEGER : 1 + (i % 50),
    expiresAtMs: 1_791_000_000_000,
    nonce: 40_000 + i * 3,
  }));
}

describe('the grant tree', () => {
  it.each([1, 2, 3, 4, 5, 8, 13, 33, 100])('has the roots, leaves and proofs of StandardMerkleTree over %i grants', (n) => {
    const gs = grants(n);
    const ours = GrantTree.of(gs);
    const theirs = oracle(gs);
    expect(ours.root).toBe(theirs.root);
    expect(grantsCommitment(gs)).toEqual({ root: theirs.root, count: n });
    gs.forEach((g, i) => {
      const leaf = theirs.leafHash(FIELDS.map((f) => (g as unknown as Record<string, unknown>)[f.name]));
      expect(ours.proof(g.grantId)).toEqual({ leaf, proof: theirs.getProof(i) });
      expect(`0x${grantLeaf(g).toString('hex')}`).toBe(leaf);
    });
    expect(ours.proof(1)).toBeUndefined();
    expect(grantProof(gs, 1)).toBeUndefined();
  });

  it('is the zero root over no grants, and refuses a field its type cannot hold', () => {
    expect(grantsCommitment([])).toEqual({ root: NO_GRANTS_ROOT, count: 0 });
    const [g] = grants(1);
    expect(() => GrantTree.of([{ ...g!, listingVersion: 2 ** 32 }])).toThrow(/listingVersion is not a uint32/);
    expect(() => GrantTree.of([{ ...g!, quantity: -1 }])).toThrow(/quantity is not a uint64/);
    expect(() => GrantTree.of([{ ...g!, consumer: '0x1234' }])).toThrow(/consumer is not an address/);
  });
});
