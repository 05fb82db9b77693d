/**
 * The organisation routes' shared words (routes.ts, invitation-routes.ts): role names, the
 * house error shape and the engine's refusals of the organisation commands as replies.
 */
import { EventType, OrganisationRole, rejectReasonName, type EngineEvent } from '../engine/index.js';
import type { HttpReply } from '../http-registry/index.js';

export const ROLE_OF_NAME = { admin: OrganisationRole.ADMIN, trader: OrganisationRole.TRADER, reader: OrganisationRole.READER } as const;
export const NAME_OF_ROLE: Record<number, string> = { 1: 'admin', 2: 'trader', 3: 'reader' };

/** The engine's refusals of the organisation commands: the route's status and what it means for the caller. */
export const REFUSALS: Record<string, readonly [number, string]> = {
  INVALID_ORGANISATION: [400, 'the name (1 to 64 printable characters), the role or the member is out of range (the broker, an operator or an organisation cannot be a member)'],
  INVALID_AMOUNT: [400, 'the amount is not a positive whole number of µPAT'],
  NOT_ORGANISATION_ADMIN: [403, "only the organisation's admins may do this"],
  UNKNOWN_ORGANISATION: [404, 'the organisation is gone'],
  NOT_A_MEMBER: [404, 'that wallet is not a member of the organisation'],
  UNKNOWN_ACCOUNT: [404, 'that wallet has no account yet: it logs in once first'],
  ALREADY_IN_ORGANISATION: [409, 'that wallet belongs to an organisation already (a wallet belongs to at most one; it leaves first)'],
  ORGANISATION_FULL: [409, 'the organisation has as many members as it may (100), or the exchange as many organisations'],
  LAST_ADMIN: [409, 'the organisation would have no admin left: make another member admin first (its only member leaving dissolves it)'],
  ORGANISATION_NOT_EMPTY: [409, "leaving would dissolve the organisation, and its account still holds something: move its PAT out (POST /v1/organisations/mine/funds {direction: 'out'}), cancel its orders and subscriptions, and let its positions settle and its grants' escrows close, first"],
  INSUFFICIENT_BALANCE: [409, 'the free PAT of the account it comes from does not cover the amount'],
  TIER_SEATS_FULL: [409, 'the organisation subscribes to a tier with no free seat: every member takes one (docs/organisations.md, "Seats"); cancel the tier subscription, or remove a member, first'],
  UNKNOWN_INVITATION: [404, 'no pending invitation with this id for this wallet (one addressed to another wallet, answered, revoked or lapsed is unknown here)'],
  INVITATIONS_FULL: [409, 'the organisation has 100 invitations pending: revoke one, or wait for answers, first'],
  ALREADY_INVITED: [409, 'the organisation has invited that wallet already: revoke that invitation to invite it with another role'],
  INVITATION_EXPIRED: [409, 'the invitation lapsed (7 days after it was made): an admin invites again'],
};

export const error = (status: number, code: string, message: string): HttpReply => ({ status, body: { error: code, message } });
export const notAdmin = (): HttpReply => error(403, 'NOT_ORGANISATION_ADMIN', REFUSALS.NOT_ORGANISATION_ADMIN![1]);

/** The command's refusal as the route's reply (undefined: it was applied). */
export function refused(events: EngineEvent[]): HttpReply | undefined {
  const rejected = events.find((e) => e.type === EventType.COMMAND_REJECTED);
  if (rejected?.type !== EventType.COMMAND_REJECTED) return undefined;
  const code = rejectReasonName(rejected.reason);
  const [status, message] = REFUSALS[code] ?? [409, `refused: ${code}`];
  return error(status, code, message);
}
