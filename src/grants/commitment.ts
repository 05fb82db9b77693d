/**
 * A settlement batch's commitment to the grants it covers: the root of an
 * OpenZeppelin standard Merkle tree (leaf = keccak256(keccak256(abi.encode(the
 * grant's fields in GRANT_TYPES order)))), stored on-chain by the access-rights
 * registry as `grantsRoot(batchId)`. With a proof from this tree anyone can check
 * on-chain that a grant was issued (`isGrantCommitted`), without trusting the
 * exchange's API.
 */
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import type { AccessGrant } from './grant.js';
import { GRANT_TYPES } from './grant-types.js';

const FIELDS = GRANT_TYPES.AccessGrant!;
const LEAF_ENCODING = FIELDS.map((f) => f.type);
export const NO_GRANTS_ROOT = `0x${'0'.repeat(64)}`;

function values(g: AccessGrant): unknown[] {
  return FIELDS.map((f) => (g as unknown as Record<string, unknown>)[f.name]);
}

export interface GrantCommitment {
  root: string;
  count: number;
}

/** The root over these grants (any order: the tree sorts its leaves); the zero root for none. */
export function grantsCommitment(grants: readonly AccessGrant[]): GrantCommitment {
  if (grants.length === 0) return { root: NO_GRANTS_ROOT, count: 0 };
  return { root: StandardMerkleTree.of(grants.map(values), LEAF_ENCODING).root, count: grants.length };
}

/** One grant's leaf and proof in the tree over `grants`; undefined if it is not among them. */
export function grantProof(grants: readonly AccessGrant[], grantId: number): { leaf: string; proof: string[] } | undefined {
  const i = grants.findIndex((g) => g.grantId === grantId);
  if (i < 0) return undefined;
  const tree = StandardMerkleTree.of(grants.map(values), LEAF_ENCODING);
  return { leaf: tree.leafHash(values(grants[i]!)), proof: tree.getProof(i) };
}
