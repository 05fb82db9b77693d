/**
 * Who may act on a grant besides its consumer (docs/organisations.md): a member of the organisation that holds it.
 * The routes ask through `OrganisationOf`, read from the engine's state, and never import the organisations.
 */
import type { GrantRecord } from './grant-record.js';

/** The organisation a member's account belongs to: its account, and whether the member is a reader (it downloads, but moves no money). */
export type OrganisationOf = (accountId: number) => { accountId: number; reader: boolean } | undefined;

/**
 * Whether `accountId` acts for a grant's holder: undefined when no organisations are served (only a grant's
 * consumer then). Membership is read when the ledger applies the update (in its order), not when the request arrived.
 */
export function actsForHolder(organisationOf: OrganisationOf | undefined, accountId: number): ((holder: number) => boolean) | undefined {
  return organisationOf === undefined ? undefined : (holder: number) => organisationOf(accountId)?.accountId === holder;
}

/** Its consumer (or a member of the organisation that is), or its provider; to anyone else a grant is not there. */
export function grantSeenBy(r: GrantRecord, accountId: number, organisationOf: OrganisationOf | undefined): boolean {
  const organisations = organisationOf?.(accountId)?.accountId === r.consumerAccountId;
  return r.consumerAccountId === accountId || r.providerAccountId === accountId || organisations;
}
