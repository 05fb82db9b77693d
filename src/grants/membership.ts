/**
 * Membership statements (docs/organisations.md, "Downloads for members"): what lets a member's
 * wallet use a grant its organisation holds. A grant the organisation's account exercised names
 * the organisation's address as its consumer, and no key signs for that address. So the exchange
 * signs, for each member that asks, an EIP-712 statement under the grants' own domain and key:
 * "wallet M is a member of organisation O with role R from issuedAtMs until expiresAtMs". A gate
 * then takes a request the member signed when it carries a statement (1) signed by the exchange's
 * grant key, (2) naming the grant's consumer as the organisation and the request's signer as the
 * member, (3) not expired. A member the exchange removed gets no new statement, so it loses access
 * once its last one expires (MEMBERSHIP_TTL_MS at most); a stranger cannot make one.
 */
import { getAddress, TypedDataEncoder } from 'ethers';
import type { GrantDomain, GrantSigner } from './grant.js';
import { recoverSigner } from './grant.js';

/** How long a statement holds: the longest a removed member keeps access to the organisation's grants. */
export const MEMBERSHIP_TTL_MS = 10 * 60_000;

export interface MembershipStatement {
  /** The organisation's account address: the consumer its grants name. */
  organisation: string;
  /** The member's wallet. */
  member: string;
  /** 1 admin, 2 trader, 3 reader (every role may download). */
  role: number;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface SignedMembership {
  statement: MembershipStatement;
  /** The exchange's grant key's EIP-712 signature, 0x + 65 bytes. */
  signature: string;
}

export const MEMBERSHIP_TYPES = {
  OrganisationMembership: [
    { name: 'organisation', type: 'address' },
    { name: 'member', type: 'address' },
    { name: 'role', type: 'uint8' },
    { name: 'issuedAtMs', type: 'uint64' },
    { name: 'expiresAtMs', type: 'uint64' },
  ],
};

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Why `value` is not a signed membership statement's shape (undefined: it is). */
export function membershipProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'membership: {statement, signature}';
  const { statement, signature } = value as Record<string, unknown>;
  if (typeof signature !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(signature)) return "membership.signature: the exchange's 65-byte signature, 0x hex";
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) return 'membership.statement: {organisation, member, role, issuedAtMs, expiresAtMs}';
  const s = statement as Record<string, unknown>;
  if (Object.keys(s).length !== 5) return 'membership.statement: exactly organisation, member, role, issuedAtMs, expiresAtMs';
  if (typeof s.organisation !== 'string' || !ADDRESS.test(s.organisation)) return 'membership.statement.organisation: an address';
  if (typeof s.member !== 'string' || !ADDRESS.test(s.member)) return 'membership.statement.member: an address';
  if (s.role !== 1 && s.role !== 2 && s.role !== 3) return 'membership.statement.role: 1, 2 or 3';
  for (const k of ['issuedAtMs', 'expiresAtMs'] as const) {
    if (typeof s[k] !== 'number' || !Number.isSafeInteger(s[k]) || (s[k] as number) < 0) return `membership.statement.${k}: ms since the epoch`;
  }
  return undefined;
}

/** The EIP-712 digest of a statement under the grants' domain. */
export function membershipDigest(domain: GrantDomain, statement: MembershipStatement): Uint8Array {
  return Buffer.from(TypedDataEncoder.hash(domain, MEMBERSHIP_TYPES, statement).slice(2), 'hex');
}

/** The exchange signs a statement with its grant key (checksummed addresses, so the statement reads as the grants do). */
export function signMembership(signer: GrantSigner, statement: MembershipStatement): SignedMembership {
  const s = { ...statement, organisation: getAddress(statement.organisation.toLowerCase()), member: getAddress(statement.member.toLowerCase()) };
  return { statement: s, signature: signer.signDigest(membershipDigest(signer.domain, s)) };
}

/** Who signed a statement's digest (lower case), or undefined when it is not a signature. */
export function membershipSigner(domain: GrantDomain, m: SignedMembership): string | undefined {
  return recoverSigner(membershipDigest(domain, m.statement), m.signature);
}
