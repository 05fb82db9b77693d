/**
 * Sessions that act for an organisation (docs/organisations.md, "Roles"): a member's wallet logs
 * in with `Login.organisation_id`, and the session's commands name the organisation's account.
 * What the member's role lets it send is decided here, before anything reaches the engine: a
 * READER only reads (the account, its open orders, an order's status), a TRADER and an ADMIN trade, exercise and
 * subscribe. Nobody withdraws from the organisation's account over a session: its settlement
 * address has no key, so an admin moves PAT to its own account first (POST
 * /v1/organisations/mine/funds) and withdraws from there.
 *
 * The sessions are kept per organisation, so that a member removed (or whose role changed) is
 * cut (or held to its new role) as soon as the engine's turn that did it is released.
 */
import { OrganisationRole } from '../engine/index.js';
import type { Connection } from './connection.js';

/** What a reader's session may send: reads of the organisation's account. */
const READER_MAY = new Set(['accountQuery', 'openOrdersQuery', 'orderStatusQuery']);
/** What no session acting for an organisation may send (the organisation's address has no key). */
const NOBODY_MAY = new Set(['requestWithdrawal', 'declareCapacity', 'mint']);

/** Why a member with `role` may not send `body` for its organisation (undefined: it may). */
export function organisationRefusal(role: OrganisationRole, body: string): string | undefined {
  if (NOBODY_MAY.has(body)) {
    return body === 'requestWithdrawal'
      ? "an organisation's PAT leaves only to an admin's own account (POST /v1/organisations/mine/funds {direction: 'out'}); withdraw from there"
      : 'an organisation buys data; it does not supply it';
  }
  if (role === OrganisationRole.READER && !READER_MAY.has(body)) return "a reader of the organisation may read its account and list and download its grants, not trade or act for it: an admin can make you a trader";
  return undefined;
}

export function organisationRoleName(role: number): 'admin' | 'trader' | 'reader' | undefined {
  return role === OrganisationRole.ADMIN ? 'admin' : role === OrganisationRole.TRADER ? 'trader' : role === OrganisationRole.READER ? 'reader' : undefined;
}

/** The live sessions acting for each organisation. */
export class OrganisationSessions {
  private readonly byOrganisation = new Map<number, Set<Connection>>();

  add(c: Connection): void {
    let set = this.byOrganisation.get(c.organisationId);
    if (set === undefined) this.byOrganisation.set(c.organisationId, (set = new Set()));
    set.add(c);
  }

  remove(c: Connection): void {
    const set = this.byOrganisation.get(c.organisationId);
    if (set === undefined) return;
    set.delete(c);
    if (set.size === 0) this.byOrganisation.delete(c.organisationId);
  }

  /** The sessions of `memberAccountId`'s wallet acting for the organisation. */
  ofMember(organisationId: number, memberAccountId: number): Connection[] {
    return [...(this.byOrganisation.get(organisationId) ?? [])].filter((c) => c.memberAccountId === memberAccountId);
  }
}
