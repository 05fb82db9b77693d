/**
 * The organisation invitations' HTTP operations (docs/organisations.md, "Invitations"): rows of
 * the gateway's route registry, served by invitation-routes.ts, every one wallet-signed. An
 * admin's are about its own organisation (`mine`); an invitee's are about invitations addressed
 * to the signer, named by id (another wallet's id is UNKNOWN_INVITATION, as an unknown one).
 */
import { z } from 'zod';
import { field, operationRows, rowsReadCost } from '../http-registry/index.js';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const invitationId = z.object({ id: field.id('an invitation id') });

export const invitationBody = z
  .object({
    address: z.string().regex(ADDRESS).meta({ description: "the invitee's wallet (it has logged in once, so it has an account)" }),
    role: z.enum(['admin', 'trader', 'reader']).meta({ description: 'the role it takes if it accepts' }),
  })
  .strict()
  .meta({ id: 'OrganisationInvitation', description: 'Invite a wallet with a role: it becomes a member only when it accepts' });

const JOIN_REFUSALS = 'ALREADY_IN_ORGANISATION (the invitee belongs to an organisation: it leaves first), ORGANISATION_FULL, TIER_SEATS_FULL, INVITATION_EXPIRED';

/** What both lists answer (the organisation's, the invitee's). */
const INVITATION_LIST = '{invitations: [{invitationId, organisationId, organisationName, address, role, invitedBy, expiresAtMs, expired}]}';

export const INVITATION_OPERATIONS = operationRows({ tags: ['organisations'], security: 'wallet' }, {
  invite: {
    method: 'POST',
    path: '/v1/organisations/mine/invitations',
    operationId: 'inviteOrganisationMember',
    summary: 'Invite a wallet to the organisation with a role (admins): nothing about it changes until it accepts',
    body: invitationBody,
    responses: { 201: { description: 'the invitation: {invitationId, organisationId, organisationName, address, role, invitedBy, expiresAtMs}' } },
    errors: { 400: 'MALFORMED_INVITATION, INVALID_ORGANISATION', 403: 'NOT_ORGANISATION_ADMIN', 404: 'NOT_IN_ORGANISATION, UNKNOWN_WALLET', 409: 'ALREADY_IN_ORGANISATION (a member already), ALREADY_INVITED, INVITATIONS_FULL (100 pending)' },
  },
  organisationInvitations: {
    method: 'GET',
    path: '/v1/organisations/mine/invitations',
    operationId: 'organisationInvitations',
    readCost: rowsReadCost(100), // at most 100 pending per organisation
    summary: "The organisation's pending invitations, oldest first (admins)",
    responses: { 200: { description: INVITATION_LIST } },
    errors: { 403: 'NOT_ORGANISATION_ADMIN', 404: 'NOT_IN_ORGANISATION' },
  },
  revoke: {
    method: 'DELETE',
    path: '/v1/organisations/mine/invitations/{id}',
    operationId: 'revokeOrganisationInvitation',
    summary: 'Withdraw a pending invitation of the organisation (admins)',
    params: invitationId,
    responses: { 200: { description: '{revoked: true, invitationId}' } },
    errors: { 403: 'NOT_ORGANISATION_ADMIN', 404: 'NOT_IN_ORGANISATION, UNKNOWN_INVITATION' },
  },
  myInvitations: {
    method: 'GET',
    path: '/v1/organisations/invitations',
    operationId: 'myOrganisationInvitations',
    readCost: rowsReadCost(20), // at most 20 pending per invitee
    summary: 'The invitations pending for the signing wallet, oldest first (at most 20: a newer one takes the oldest one\'s place)',
    responses: { 200: { description: INVITATION_LIST } },
  },
  accept: {
    method: 'POST',
    path: '/v1/organisations/invitations/{id}/accept',
    operationId: 'acceptOrganisationInvitation',
    summary: 'Accept an invitation addressed to the signer: it joins the organisation with the invited role',
    params: invitationId,
    responses: { 200: { description: 'the organisation, as its members see it' } },
    errors: { 404: 'UNKNOWN_INVITATION', 409: JOIN_REFUSALS },
  },
  decline: {
    method: 'POST',
    path: '/v1/organisations/invitations/{id}/decline',
    operationId: 'declineOrganisationInvitation',
    summary: 'Decline an invitation addressed to the signer: it goes, nothing else changes',
    params: invitationId,
    responses: { 200: { description: '{declined: true, invitationId}' } },
    errors: { 404: 'UNKNOWN_INVITATION' },
  },
});
