/**
 * The snapshot's organisation invitations section (state-codec.ts; docs/organisations.md,
 * "Invitations"): a tagged section after the organisations, written only once an invitation was
 * ever made, so a state without one keeps the bytes (and the hash) it had before invitations.
 *
 * Written: the next invitation id, then each pending invitation in id order (id, organisation,
 * invitee, role, the admin who invited, when it lapses). The per-organisation and per-invitee
 * indexes are derived on reading.
 */
import type { BinaryReader, BinaryWriter } from './binary.js';
import { OrganisationRole } from '../core/commands.js';
import type { Engine } from '../engine.js';
import { MAX_PENDING_PER_INVITEE, MAX_PENDING_PER_ORGANISATION, OrganisationInvitation } from '../products/organisation-invitations.js';

export const INVITATIONS_TAG = 17;

export function writeInvitations(w: BinaryWriter, engine: Engine): void {
  const invitations = engine.organisationInvitations;
  if (invitations.nextInvitationId === 1) return;
  w.u8(INVITATIONS_TAG);
  w.number(invitations.nextInvitationId);
  w.number(invitations.byId.size);
  for (const i of invitations.byId.values()) {
    w.number(i.id);
    w.number(i.organisationId);
    w.number(i.inviteeAccountId);
    w.u8(i.role);
    w.number(i.byAccountId);
    w.number(i.expiresAtMs);
  }
}

/** Reads the section (after the organisations'); `fail` throws the codec's error. */
export function readInvitations(r: BinaryReader, engine: Engine, fail: (message: string) => never): void {
  const invitations = engine.organisationInvitations;
  invitations.nextInvitationId = r.number();
  const count = r.number();
  let last = 0;
  for (let n = 0; n < count; n++) {
    const [id, organisationId, invitee, role, by, expiresAtMs] = [r.number(), r.number(), r.number(), r.u8(), r.number(), r.number()];
    if (id <= last || id >= invitations.nextInvitationId) fail(`invitation ${id} out of order or past the next id ${invitations.nextInvitationId}`);
    last = id;
    const org = engine.organisations.byId.get(organisationId);
    if (org === undefined) fail(`invitation ${id} names organisation ${organisationId}, which does not exist`);
    if (engine.accounts[invitee] === undefined || org.members.has(invitee)) fail(`invitation ${id} names invitee ${invitee}, which does not exist or is a member already`);
    if (role < OrganisationRole.ADMIN || role > OrganisationRole.READER) fail(`invitation ${id} gives role ${role}`);
    if ((invitations.ofOrganisation.get(organisationId)?.size ?? 0) >= MAX_PENDING_PER_ORGANISATION || (invitations.ofInvitee.get(invitee)?.size ?? 0) >= MAX_PENDING_PER_INVITEE) {
      fail(`invitation ${id} is past the bounds of pending invitations`);
    }
    for (const other of invitations.ofOrganisation.get(organisationId)?.values() ?? []) if (other.inviteeAccountId === invitee) fail(`invitation ${id} repeats invitation ${other.id}`);
    invitations.add(new OrganisationInvitation(id, organisationId, invitee, role as OrganisationRole, by, expiresAtMs));
  }
}
