/**
 * A settlement batch's commitment to the grants it covers: the root of an
 * OpenZeppelin standard Merkle tree (leaf = keccak256(keccak256(abi.encode(the
 * grant's fields in GRANT_TYPES order)))), stored on-chain by the access-rights
 * registry as `grantsRoot(batchId)`. With a proof from this tree anyone can check
 * on-chain that a grant was issued (`isGrantCommitted`), without trusting the
 * exchange's API.
 *
 * Built here, not with `@openzeppelin/merkle-tree`'s StandardMerkleTree, which it matches byte for byte
 * (test/grants/commitment.test.ts holds it to that package's roots and proofs): that package took 0.5–0.9 ms a
 * grant on this machine (its ABI coder and hex strings), so one proof over a batch of 1,000 grants held the
 * engine's thread 1.5 s (it built the tree twice) and a batch of 10,000 about 16 s. The grant's fields are all
 * static ABI types, so its encoding is 11 words written in place, hashed with the native keccak (keccak.ts).
 */
import type { AccessGrant } from './grant.js';
import { GRANT_TYPES } from './grant-types.js';
import { keccak256Bytes } from './keccak.js';

const FIELDS = GRANT_TYPES.AccessGrant!;
export const NO_GRANTS_ROOT = `0x${'0'.repeat(64)}`;
const WORD = 32;
const ADDRESS_BYTES = 20;

/** abi.encode of the grant's fields (every one a static type: an address, or a uint of at most 64 bits). */
function encoded(g: AccessGrant): Buffer {
  const out = Buffer.alloc(FIELDS.length * WORD);
  FIELDS.forEach((f, i) => {
    const value = (g as unknown as Record<string, unknown>)[f.name];
    const end = (i + 1) * WORD;
    if (f.type === 'address') {
      if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw new TypeError(`grant ${g.grantId}: ${f.name} is not an address`);
      Buffer.from(value.slice(2), 'hex').copy(out, end - ADDRESS_BYTES);
      return;
    }
    const bits = Number(/^uint(\d+)$/.exec(f.type)?.[1]);
    if (!(bits <= 64) || typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || (bits < 53 && value >= 2 ** bits)) {
      throw new TypeError(`grant ${g.grantId}: ${f.name} is not a ${f.type}`);
    }
    out.writeBigUInt64BE(BigInt(value), end - 8);
  });
  return out;
}

/** The tree's leaf for a grant: keccak256(keccak256(abi.encode(fields))), as StandardMerkleTree's `leafHash`. */
export function grantLeaf(g: AccessGrant): Buffer {
  return keccak256Bytes(keccak256Bytes(encoded(g)));
}

/** An inner node: keccak256 of its two children, the smaller first (OpenZeppelin's `standardNodeHash`). */
function nodeHash(a: Buffer, b: Buffer): Buffer {
  return keccak256Bytes(Buffer.compare(a, b) <= 0 ? Buffer.concat([a, b]) : Buffer.concat([b, a]));
}

const hex = (b: Buffer): string => `0x${b.toString('hex')}`;

/**
 * The tree over a batch's grants, in StandardMerkleTree's layout: the leaves sorted, the i-th smallest at
 * `nodes[length - 1 - i]`, each inner node `i` over `2i + 1` and `2i + 2`, the root at 0.
 */
export class GrantTree {
  private constructor(
    private readonly nodes: readonly Buffer[],
    /** By grant id, its leaf's index in `nodes`. */
    private readonly leafAt: ReadonlyMap<number, number>,
  ) {}

  /** The tree over `grants` (any order: the leaves are sorted); at least one grant. */
  static of(grants: readonly AccessGrant[]): GrantTree {
    if (grants.length === 0) throw new RangeError('a grant tree needs at least one grant');
    const leaves = grants.map((g) => ({ grantId: g.grantId, hash: grantLeaf(g) })).sort((a, b) => Buffer.compare(a.hash, b.hash));
    const nodes = new Array<Buffer>(2 * leaves.length - 1);
    const leafAt = new Map<number, number>();
    leaves.forEach((leaf, i) => {
      nodes[nodes.length - 1 - i] = leaf.hash;
      leafAt.set(leaf.grantId, nodes.length - 1 - i);
    });
    for (let i = nodes.length - 1 - leaves.length; i >= 0; i--) nodes[i] = nodeHash(nodes[2 * i + 1]!, nodes[2 * i + 2]!);
    return new GrantTree(nodes, leafAt);
  }

  get root(): string {
    return hex(this.nodes[0]!);
  }

  /** A grant's leaf and proof (its siblings from the leaf up); undefined if it is not in the tree. */
  proof(grantId: number): { leaf: string; proof: string[] } | undefined {
    let i = this.leafAt.get(grantId);
    if (i === undefined) return undefined;
    const leaf = hex(this.nodes[i]!);
    const proof: string[] = [];
    while (i > 0) {
      proof.push(hex(this.nodes[i % 2 === 1 ? i + 1 : i - 1]!));
      i = Math.floor((i - 1) / 2);
    }
    return { leaf, proof };
  }
}

export interface GrantCommitment {
  root: string;
  count: number;
}

/** The root over these grants (any order: the tree sorts its leaves); the zero root for none. */
export function grantsCommitment(grants: readonly AccessGrant[]): GrantCommitment {
  if (grants.length === 0) return { root: NO_GRANTS_ROOT, count: 0 };
  return { root: GrantTree.of(grants).root, count: grants.length };
}

/** One grant's leaf and proof in the tree over `grants`; undefined if it is not among them. */
export function grantProof(grants: readonly AccessGrant[], grantId: number): { leaf: string; proof: string[] } | undefined {
  if (!grants.some((g) => g.grantId === grantId)) return undefined;
  return GrantTree.of(grants).proof(grantId);
}
