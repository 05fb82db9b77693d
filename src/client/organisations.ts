/**
 * Organisations from the client (issue 81; docs/organisations.md): a team's wallets under one
 * name with roles (admin, trader, reader), trading through the organisation's own account. Each
 * call is one wallet-signed request to the gateway's /v1/organisations routes (signed-http.ts),
 * always about the signing wallet's own organisation; a refusal throws OrganisationError with the
 * server's code (`NOT_ORGANISATION_ADMIN`, `LAST_ADMIN`, `ALREADY_IN_ORGANISATION`, ...).
 *
 *   const http = { url: 'http://127.0.0.1:8480', wallet };
 *   const org = await createOrganisation(http, 'Acme Analytics');
 *   const invitation = await inviteOrganisationMember(http, colleague.address, 'reader');
 *   await acceptOrganisationInvitation(colleagueHttp, invitation.invitationId);   // the colleague consents
 *   const membership = await getOrganisationMembership(readerHttp);   // what the gate takes
 *
 * Trading for the organisation is a TradingClient logged in with `organisationId` (its role is
 * checked there). No Node imports: the web console uses it too.
 */
import { PatxHttpError, signedCall } from './http.js';
import type { MessageSigner } from './trading-client.js';
import type { SignedMembership } from '../grants/membership.js';
import type { GrantDomain } from '../grants/grant.js';
import type { GrantView } from './grants.js';

/** One of the organisation's grants as /v1/organisations/mine/grants lists it: the grant's view, as the account's own (with its delivery, escrow and a usage grant's units). */
export type OrganisationGrant = GrantView;

export interface OrganisationsHttp {
  /** The gateway's HTTP base, e.g. http://127.0.0.1:8480 (in a browser: location.origin). */
  url: string;
  wallet: MessageSigner;
  /** The chain the exchange settles on; default: what GET /v1/endpoints says (read once per URL). */
  chainId?: number;
  /** The time each request's signature states (default: now). Only a test running the exchange on its own clock sets it. */
  clock?: () => number;
  /** How long to wait for an answer, ms (default 30 s): past it, the call throws TIMEOUT. */
  timeoutMs?: number;
}

export type OrganisationRoleName = 'admin' | 'trader' | 'reader';

/** An organisation as its members see it (µPAT). */
export interface Organisation {
  organisationId: number;
  name: string;
  /** The organisation's own engine account: its orders, positions and grants. */
  accountId: number;
  /** That account's settlement address (no key signs for it: docs/organisations.md). */
  address: string;
  /** The signing wallet's role. */
  role: OrganisationRoleName | null;
  balance: { availableMicros: number; heldMicros: number; lockedMicros: number };
  members: { accountId: number; address: string; role: OrganisationRoleName }[];
}

export class OrganisationError extends PatxHttpError {
  override readonly name = 'OrganisationError';
}

/** Founds an organisation; the signing wallet is its first admin. */
export function createOrganisation(http: OrganisationsHttp, name: string): Promise<Organisation> {
  return call<Organisation>(http, 'POST', '/v1/organisations', { name });
}

/** The signing wallet's organisation (OrganisationError NOT_IN_ORGANISATION when it has none). */
export function getMyOrganisation(http: OrganisationsHttp): Promise<Organisation> {
  return call<Organisation>(http, 'GET', '/v1/organisations/mine');
}

/** Changes a member's role: admins only. A wallet that is not a member is invited (inviteOrganisationMember) and joins when it accepts. */
export function setOrganisationMember(http: OrganisationsHttp, address: string, role: OrganisationRoleName): Promise<Organisation> {
  return call<Organisation>(http, 'POST', '/v1/organisations/mine/members', { address, role });
}

/** What leaving answers: `dissolved` when the wallet was the only member, whose leave dissolved the organisation (engine rules 17). */
export interface OrganisationLeft {
  left: true;
  organisationId: number;
  dissolved: boolean;
}

/**
 * Removes a member (admins), or leaves (the wallet's own address). The last admin stays while anyone else is a member
 * (LAST_ADMIN); the only member's leave dissolves the organisation (`dissolved: true`), refused ORGANISATION_NOT_EMPTY
 * while its account holds PAT, rights, orders, positions, open escrows or subscriptions.
 */
export function removeOrganisationMember(http: OrganisationsHttp, address: string): Promise<Organisation | OrganisationLeft> {
  return call(http, 'DELETE', `/v1/organisations/mine/members/${address}`);
}

/** PAT into the organisation's account from the wallet's own ('in', any member) or out to it ('out', admins). */
export function moveOrganisationFunds(http: OrganisationsHttp, direction: 'in' | 'out', amountMicros: number): Promise<{ organisationBalanceMicros: number; ownBalanceMicros: number }> {
  return call(http, 'POST', '/v1/organisations/mine/funds', { direction, amountMicros });
}

/** The exchange's signed statement that the wallet is a member, good for 10 minutes: pass it to downloadWithGrant's `membership`. */
export function getOrganisationMembership(http: OrganisationsHttp): Promise<SignedMembership & { domain: GrantDomain }> {
  return call(http, 'GET', '/v1/organisations/mine/membership');
}

/**
 * The organisation's grants, newest first (every role may list them). With `before` (the previous page's `next`) a
 * page reads only itself and counts nothing; by offset (at most 10,000) it says the total.
 */
export function listOrganisationGrants(http: OrganisationsHttp, page: { before: number; limit?: number }): Promise<{ grants: OrganisationGrant[]; next: number | null }>;
export function listOrganisationGrants(http: OrganisationsHttp, page?: { offset?: number; limit?: number }): Promise<{ total: number; grants: OrganisationGrant[]; next?: number | null }>;
export function listOrganisationGrants(http: OrganisationsHttp, page: { before?: number; offset?: number; limit?: number } = {}): Promise<{ total?: number; grants: OrganisationGrant[]; next?: number | null }> {
  return call(http, 'GET', `/v1/organisations/mine/grants${pageQuery(page)}`);
}

/** The organisation's purchases, newest first. */
export function listOrganisationPurchases(http: OrganisationsHttp, page: { offset?: number; limit?: number } = {}): Promise<{ total: number; purchases: unknown[] }> {
  return call(http, 'GET', `/v1/organisations/mine/purchases${pageQuery(page)}`);
}

/** An invitation to join an organisation, pending until its invitee accepts or declines (docs/organisations.md, "Invitations"). */
export interface OrganisationInvitation {
  invitationId: number;
  organisationId: number;
  organisationName: string;
  /** The invitee's wallet. */
  address: string;
  role: OrganisationRoleName;
  /** The admin who invited. */
  invitedBy: string;
  /** When it lapses (accepting later is refused INVITATION_EXPIRED). */
  expiresAtMs: number;
  expired: boolean;
}

/** Invites a wallet (it has logged in once) with a role: admins only. Nothing about it changes until it accepts. */
export function inviteOrganisationMember(http: OrganisationsHttp, address: string, role: OrganisationRoleName): Promise<OrganisationInvitation> {
  return call(http, 'POST', '/v1/organisations/mine/invitations', { address, role });
}

/** The organisation's pending invitations, oldest first: admins only. */
export function listOrganisationInvitations(http: OrganisationsHttp): Promise<{ invitations: OrganisationInvitation[] }> {
  return call(http, 'GET', '/v1/organisations/mine/invitations');
}

/** Withdraws a pending invitation of the organisation: admins only. */
export function revokeOrganisationInvitation(http: OrganisationsHttp, invitationId: number): Promise<{ revoked: true; invitationId: number }> {
  return call(http, 'DELETE', `/v1/organisations/mine/invitations/${invitationId}`);
}

/** The invitations pending for the signing wallet, oldest first. */
export function listMyOrganisationInvitations(http: OrganisationsHttp): Promise<{ invitations: OrganisationInvitation[] }> {
  return call(http, 'GET', '/v1/organisations/invitations');
}

/** Accepts an invitation addressed to the signing wallet: it joins with the invited role (refused ALREADY_IN_ORGANISATION while it belongs to one). */
export function acceptOrganisationInvitation(http: OrganisationsHttp, invitationId: number): Promise<Organisation> {
  return call(http, 'POST', `/v1/organisations/invitations/${invitationId}/accept`);
}

/** Declines an invitation addressed to the signing wallet. */
export function declineOrganisationInvitation(http: OrganisationsHttp, invitationId: number): Promise<{ declined: true; invitationId: number }> {
  return call(http, 'POST', `/v1/organisations/invitations/${invitationId}/decline`);
}

function pageQuery(page: { before?: number; offset?: number; limit?: number }): string {
  const parts = Object.entries(page).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/**
 * A signed call as every other HTTP call of the client makes it (http.ts, signedCall: the chain from GET /v1/endpoints
 * unless given, the timeout, a write's Idempotency-Key), its refusal as an OrganisationError with the server's code, details and wait.
 */
async function call<T>(http: OrganisationsHttp, method: 'GET' | 'POST' | 'DELETE', pathAndQuery: string, body?: unknown): Promise<T> {
  try {
    return await signedCall<T>(http, method, pathAndQuery, body);
  } catch (error) {
    if (!(error instanceof PatxHttpError)) throw error;
    throw new OrganisationError(error.code, error.detail, error.status, error.details, error.retryAfterMs);
  }
}
