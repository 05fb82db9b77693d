/**
 * Organisation invitations (issue 81; docs/organisations.md, "Invitations"): nobody is made a
 * member without consent. An admin invites an account with a role; the invitation is pending and
 * nothing about the invitee changes (it may belong to another organisation, found one, be
 * invited elsewhere). The invitee accepts (it joins with that role: the checks of joining, one
 * organisation per wallet, room among the members, a seat in every tier, are made then) or
 * declines; an admin revokes. Invitations are bounded: MAX_PENDING_PER_ORGANISATION per
 * organisation (past it a new one is refused), MAX_PENDING_PER_INVITEE per invitee (past it the
 * oldest lapses, so a stranger filling a wallet's inbox cannot keep its team's invitation out),
 * and each lapses INVITATION_TTL_MS after the command that made it (the command's sequenced
 * time, never a clock).
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import { CommandKind, OrganisationRole, type AnswerOrganisationInvitation, type InviteOrganisationMember, type RevokeOrganisationInvitation } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import { EventType, InvitationLapse } from '../core/events.js';
import { RejectReason } from '../core/reject-reason.js';
import { isRole, type Organisations } from './organisations.js';

/** Pending invitations one organisation may have out at once. */
export const MAX_PENDING_PER_ORGANISATION = 100;
/** Pending invitations one account may hold; a newer one takes the oldest's place. */
export const MAX_PENDING_PER_INVITEE = 20;
/** How long an invitation may be accepted: 7 days of sequenced time. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export class OrganisationInvitation {
  constructor(
    readonly id: number,
    readonly organisationId: number,
    readonly inviteeAccountId: number,
    readonly role: OrganisationRole,
    readonly byAccountId: number,
    readonly expiresAtMs: number,
  ) {}
}

export type InvitationsEngine = Pick<EngineState, 'seq' | 'nowMs' | 'rejectCommand' | 'out'> & {
  readonly organisations: Pick<Organisations, 'byId' | 'live' | 'memberProblem' | 'admissionProblem' | 'admit'>;
};

export class OrganisationInvitations {
  /** Pending invitations by id, in id order (the order they were made). */
  readonly byId = new Map<number, OrganisationInvitation>();
  /** Organisation → its pending invitations, oldest first. Derived. */
  readonly ofOrganisation = new Map<number, Map<number, OrganisationInvitation>>();
  /** Invitee account → its pending invitations, oldest first. Derived. */
  readonly ofInvitee = new Map<number, Map<number, OrganisationInvitation>>();
  nextInvitationId = 1;

  constructor(private readonly e: InvitationsEngine) {}

  invite(cmd: InviteOrganisationMember): void {
    const org = this.e.organisations.live(cmd.organisationId);
    let reason: RejectReason = RejectReason.NONE;
    if (org === undefined) reason = RejectReason.UNKNOWN_ORGANISATION;
    else if (org.members.get(cmd.actor) !== OrganisationRole.ADMIN) reason = RejectReason.NOT_ORGANISATION_ADMIN;
    else if (!isRole(cmd.role)) reason = RejectReason.INVALID_ORGANISATION;
    else if (org.members.has(cmd.inviteeAccountId)) reason = RejectReason.ALREADY_IN_ORGANISATION;
    else {
      // Only whether it is a wallet: belonging to another organisation is checked when it accepts.
      const problem = this.e.organisations.memberProblem(cmd.inviteeAccountId);
      if (problem !== RejectReason.ALREADY_IN_ORGANISATION) reason = problem;
    }
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    // Expired ones first, so they neither count against the bounds nor block a new invitation.
    const ofOrg = this.ofOrganisation.get(cmd.organisationId);
    const ofInvitee = this.ofInvitee.get(cmd.inviteeAccountId);
    const expired = [...new Set([...(ofOrg?.values() ?? []), ...(ofInvitee?.values() ?? [])])].filter((i) => i.expiresAtMs <= this.e.nowMs);
    let duplicate = false;
    for (const i of ofOrg?.values() ?? []) if (i.inviteeAccountId === cmd.inviteeAccountId && i.expiresAtMs > this.e.nowMs) duplicate = true;
    const livePerOrg = (ofOrg?.size ?? 0) - expired.filter((i) => i.organisationId === cmd.organisationId).length;
    if (duplicate) reason = RejectReason.ALREADY_INVITED;
    else if (livePerOrg >= MAX_PENDING_PER_ORGANISATION) reason = RejectReason.INVITATIONS_FULL;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    for (const i of expired) this.lapse(i, InvitationLapse.EXPIRED);
    const inbox = this.ofInvitee.get(cmd.inviteeAccountId);
    if (inbox !== undefined && inbox.size >= MAX_PENDING_PER_INVITEE) this.lapse(inbox.values().next().value!, InvitationLapse.DISPLACED);
    const invitation = new OrganisationInvitation(this.nextInvitationId++, cmd.organisationId, cmd.inviteeAccountId, cmd.role, cmd.actor, this.e.nowMs + INVITATION_TTL_MS);
    this.add(invitation);
    this.e.out.push({
      type: EventType.ORGANISATION_MEMBER_INVITED,
      seq: this.e.seq,
      invitationId: invitation.id,
      organisationId: invitation.organisationId,
      inviteeAccountId: invitation.inviteeAccountId,
      role: invitation.role,
      byAccountId: cmd.actor,
      expiresAtMs: invitation.expiresAtMs,
    });
  }

  /** ACCEPT or DECLINE, by the invitee only: anyone else's answer is UNKNOWN_INVITATION (it learns nothing of the id). */
  answer(cmd: AnswerOrganisationInvitation): void {
    const invitation = this.byId.get(cmd.invitationId);
    if (invitation === undefined || invitation.inviteeAccountId !== cmd.actor) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.UNKNOWN_INVITATION);
    const org = this.e.organisations.byId.get(invitation.organisationId)!;
    if (cmd.kind === CommandKind.DECLINE_ORGANISATION_INVITATION) return this.close(invitation, EventType.ORGANISATION_INVITATION_DECLINED, cmd.actor);
    let reason: RejectReason = RejectReason.NONE;
    if (invitation.expiresAtMs <= this.e.nowMs) reason = RejectReason.INVITATION_EXPIRED;
    else reason = this.e.organisations.admissionProblem(org, cmd.actor);
    // Refused, the invitation stays pending: the invitee may leave its organisation, or a seat free up, and accept then.
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.close(invitation, EventType.ORGANISATION_INVITATION_ACCEPTED, cmd.actor);
    this.e.organisations.admit(org, cmd.actor, invitation.role);
  }

  /** An admin of the inviting organisation withdraws it; a stranger's revoke is UNKNOWN_INVITATION. */
  revoke(cmd: RevokeOrganisationInvitation): void {
    const invitation = this.byId.get(cmd.invitationId);
    const role = invitation === undefined ? undefined : this.e.organisations.byId.get(invitation.organisationId)?.members.get(cmd.actor);
    if (invitation === undefined || role === undefined) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.UNKNOWN_INVITATION);
    if (role !== OrganisationRole.ADMIN) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.NOT_ORGANISATION_ADMIN);
    this.close(invitation, EventType.ORGANISATION_INVITATION_REVOKED, cmd.actor);
  }

  /** Its sole member dissolved the organisation (rules 17): each pending invitation is revoked by it, oldest first. */
  revokeAllOf(organisationId: number, byAccountId: number): void {
    for (const i of this.ofOrganisationList(organisationId)) this.close(i, EventType.ORGANISATION_INVITATION_REVOKED, byAccountId);
  }

  // ------------------------------------------------------------------- queries

  /** The organisation's pending invitations, oldest first (expired ones included until they lapse). */
  ofOrganisationList(organisationId: number): OrganisationInvitation[] {
    return [...(this.ofOrganisation.get(organisationId)?.values() ?? [])];
  }

  /** The invitations pending for `accountId`, oldest first. */
  ofInviteeList(accountId: number): OrganisationInvitation[] {
    return [...(this.ofInvitee.get(accountId)?.values() ?? [])];
  }

  /** @internal Adds a pending invitation (made, or decoded from a snapshot) and indexes it. */
  add(i: OrganisationInvitation): void {
    this.byId.set(i.id, i);
    index(this.ofOrganisation, i.organisationId, i);
    index(this.ofInvitee, i.inviteeAccountId, i);
  }

  private remove(i: OrganisationInvitation): void {
    this.byId.delete(i.id);
    unindex(this.ofOrganisation, i.organisationId, i);
    unindex(this.ofInvitee, i.inviteeAccountId, i);
  }

  private close(i: OrganisationInvitation, type: typeof EventType.ORGANISATION_INVITATION_ACCEPTED | typeof EventType.ORGANISATION_INVITATION_DECLINED | typeof EventType.ORGANISATION_INVITATION_REVOKED, byAccountId: number): void {
    this.remove(i);
    this.e.out.push({ type, seq: this.e.seq, invitationId: i.id, organisationId: i.organisationId, inviteeAccountId: i.inviteeAccountId, byAccountId });
  }

  private lapse(i: OrganisationInvitation, reason: InvitationLapse): void {
    this.remove(i);
    this.e.out.push({ type: EventType.ORGANISATION_INVITATION_LAPSED, seq: this.e.seq, invitationId: i.id, organisationId: i.organisationId, inviteeAccountId: i.inviteeAccountId, reason });
  }
}

function index(by: Map<number, Map<number, OrganisationInvitation>>, key: number, i: OrganisationInvitation): void {
  let m = by.get(key);
  if (m === undefined) by.set(key, (m = new Map()));
  m.set(i.id, i);
}

function unindex(by: Map<number, Map<number, OrganisationInvitation>>, key: number, i: OrganisationInvitation): void {
  const m = by.get(key);
  m?.delete(i.id);
  if (m?.size === 0) by.delete(key);
}
