/**
 * The organisations' HTTP operations (docs/organisations.md): rows of the gateway's route
 * registry, served by routes.ts. Every route is wallet-signed and about the signer's own
 * organisation (`mine`: a wallet belongs to at most one), so no route takes an organisation id
 * a stranger could try.
 */
import { z } from 'zod';
import { MAX_ORGANISATION_MEMBERS } from '../engine/index.js';
import { GRANT_LIST_ANSWER, GRANT_LIST_QUERY, GRANT_LIST_REFUSALS } from '../grants/index.js';
import { field, ONE_ROW_READ_COST, operationRows, pageReadCost, rowsReadCost } from '../http-registry/index.js';
import { hasInvisibleCharacter, INVISIBLE_CHARACTER_MESSAGE, withoutInvisibleCharacters } from '../catalog/invisible-characters.js';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const role = z.enum(['admin', 'trader', 'reader']).meta({ description: 'admin: trades, manages members, moves PAT out; trader: trades, exercises, subscribes; reader: lists and downloads the grants, never trades' });

/** A name as people read it: invisible characters aside (a Hangul filler as the blank it shows), compatibility forms folded, case and runs of spaces ignored (two organisations never share one). */
export function nameAsRead(name: string): string {
  return withoutInvisibleCharacters(withoutInvisibleCharacters(name).normalize('NFKC')).toLowerCase().replace(/\s+/gu, ' ');
}

export const createOrganisationBody = z
  .object({
    name: z
      .string()
      .min(1)
      .max(64)
      // A name is shown to people deciding whether to join: what they read is what it is (src/catalog/invisible-characters.ts).
      .refine((name) => !hasInvisibleCharacter(name), `a name ${INVISIBLE_CHARACTER_MESSAGE}`)
      .meta({ description: "the organisation's name, 1 to 64 printable characters, no invisible characters (Unicode Cf, Default_Ignorable_Code_Point, Hangul fillers); no other organisation's name as read (case, spacing, invisible characters and compatibility forms aside)" }),
  })
  .strict()
  .meta({ id: 'CreateOrganisation', description: 'Found an organisation: the signing wallet is its first admin' });

export const memberBody = z
  .object({
    address: z.string().regex(ADDRESS).meta({ description: "the member's wallet (it has logged in once, so it has an account)" }),
    role,
  })
  .strict()
  .meta({ id: 'OrganisationMember', description: "Change a member's role (a wallet joins by accepting an invitation)" });

export const fundsBody = z
  .object({
    direction: z.enum(['in', 'out']).meta({ description: "in: from the signer's own account to the organisation's (any member); out: from the organisation's to the signer's own (admins)" }),
    amountMicros: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ description: 'µPAT' }),
  })
  .strict()
  .meta({ id: 'OrganisationFunds', description: "PAT between the signer's account and its organisation's" });

const page = field.page();
const NOT_IN = { 404: 'NOT_IN_ORGANISATION' } as const;

export const ORGANISATION_OPERATIONS = operationRows({ tags: ['organisations'], security: 'wallet' }, {
  create: {
    method: 'POST',
    path: '/v1/organisations',
    operationId: 'createOrganisation',
    summary: 'Found an organisation (the signer is its first admin) with an account of its own',
    body: createOrganisationBody,
    responses: { 201: { description: 'the organisation: {organisationId, name, accountId, address, members}' } },
    errors: { 400: 'MALFORMED_ORGANISATION, INVALID_ORGANISATION', 409: 'ALREADY_IN_ORGANISATION, ORGANISATION_FULL, ORGANISATION_NAME_TAKEN, ACCOUNTS_FULL (the last accounts are kept for depositors)', 429: 'RATE_LIMITED (the wallet dissolved an organisation less than a day ago)' },
  },
  mine: {
    method: 'GET',
    path: '/v1/organisations/mine',
    operationId: 'myOrganisation',
    readCost: rowsReadCost(MAX_ORGANISATION_MEMBERS),
    summary: "The signer's organisation: its account, balance, members and roles, and the signer's own role",
    responses: { 200: { description: '{organisationId, name, accountId, address, role, balance, members: [{accountId, address, role}]}' } },
    errors: NOT_IN,
  },
  setMember: {
    method: 'POST',
    path: '/v1/organisations/mine/members',
    operationId: 'setOrganisationMember',
    summary: "Change a member's role (admins). A wallet that is not a member is invited instead (POST /v1/organisations/mine/invitations): nobody joins without accepting",
    body: memberBody,
    responses: { 200: { description: 'the organisation' } },
    errors: { 400: 'MALFORMED_MEMBER, INVALID_ORGANISATION', 403: 'NOT_ORGANISATION_ADMIN', 404: 'NOT_IN_ORGANISATION, NOT_A_MEMBER (invite it)', 409: 'LAST_ADMIN' },
  },
  removeMember: {
    method: 'DELETE',
    path: '/v1/organisations/mine/members/{address}',
    operationId: 'removeOrganisationMember',
    summary: "Remove a member (admins), or leave (a member naming itself); the last admin stays while anyone else is a member, and the only member's leave dissolves the organisation",
    params: z.object({ address: z.string().regex(ADDRESS, 'address: 0x and 40 hex digits').meta({ description: "the member's wallet" }) }),
    responses: { 200: { description: 'the organisation (or {left: true, organisationId, dissolved} when the signer left; dissolved: it was the only member)' } },
    errors: { 403: 'NOT_ORGANISATION_ADMIN', 404: 'NOT_IN_ORGANISATION, NOT_A_MEMBER', 409: "LAST_ADMIN (others are members: make one admin first), ORGANISATION_NOT_EMPTY (the only member leaving, while the organisation's account holds PAT, rights, orders, positions, open escrows or subscriptions)" },
  },
  funds: {
    method: 'POST',
    path: '/v1/organisations/mine/funds',
    operationId: 'moveOrganisationFunds',
    summary: "Move PAT into the organisation's account (any member) or out to the signer's own (admins)",
    body: fundsBody,
    responses: { 200: { description: '{organisationBalance, ownBalance} in µPAT' } },
    errors: { 400: 'MALFORMED_FUNDS', 403: 'NOT_ORGANISATION_ADMIN', 404: 'NOT_IN_ORGANISATION', 409: 'INSUFFICIENT_BALANCE' },
  },
  membership: {
    method: 'GET',
    path: '/v1/organisations/mine/membership',
    operationId: 'organisationMembership',
    readCost: ONE_ROW_READ_COST,
    summary: "The exchange's signed, expiring statement that the signer is a member: what a gate takes to serve it the organisation's grants",
    responses: { 200: { description: '{statement: {organisation, member, role, issuedAtMs, expiresAtMs}, signature, domain}' } },
    errors: { ...NOT_IN, 503: 'GRANTS_UNAVAILABLE' },
  },
  grants: {
    method: 'GET',
    path: '/v1/organisations/mine/grants',
    operationId: 'organisationGrants',
    readCost: pageReadCost(50),
    summary: "The organisation's access grants, newest first (every member, readers included): a page before a grant id (`before`, the previous page's `next`) or by offset (at most 10,000)",
    query: z.object(GRANT_LIST_QUERY),
    responses: { 200: { description: GRANT_LIST_ANSWER } },
    errors: { ...NOT_IN, 400: GRANT_LIST_REFUSALS, 503: 'GRANTS_UNAVAILABLE' },
  },
  purchases: {
    method: 'GET',
    path: '/v1/organisations/mine/purchases',
    operationId: 'organisationPurchases',
    readCost: pageReadCost(50),
    summary: "The organisation's purchases with the listing versions they were bought under, newest first",
    query: page,
    responses: { 200: { description: '{total, purchases}' } },
    errors: NOT_IN,
  },
});
