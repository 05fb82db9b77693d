/**
 * Organisation invitations over HTTP (docs/organisations.md, "Invitations"), every route
 * wallet-signed:
 *
 *     POST   /v1/organisations/mine/invitations {address, role}   invite a wallet (admins)
 *     GET    /v1/organisations/mine/invitations                   the organisation's pending ones (admins)
 *     DELETE /v1/organisations/mine/invitations/{id}              revoke one (admins)
 *     GET    /v1/organisations/invitations                        those pending for the signer
 *     POST   /v1/organisations/invitations/{id}/accept            the signer joins with the invited role
 *     POST   /v1/organisations/invitations/{id}/decline           the invitation goes
 *
 * Each change is a journaled command the engine checks (INVITE_ORGANISATION_MEMBER,
 * ACCEPT_/DECLINE_/REVOKE_ORGANISATION_INVITATION); the lists read the engine's state.
 */
import { z } from 'zod';
import { CommandKind, OrganisationRole, type Command, type Engine, type Organisation, type OrganisationInvitation, type Sequencer } from '../engine/index.js';
import { replyReleased, type HttpReply, type HttpRequestInfo, type MountedRoute } from '../http-registry/index.js';
import { INVITATION_OPERATIONS as OPS, invitationBody } from './invitation-operations.js';
import { error, NAME_OF_ROLE, notAdmin, refused, ROLE_OF_NAME } from './refusals.js';
import { organisationView } from './organisation-view.js';

export interface InvitationRouteOptions {
  engine: Engine;
  /** `released`: the lists and replies are read at their place in the queue, never ahead of the journal. */
  sequencer: Pick<Sequencer, 'submit' | 'released'>;
  clock: () => number;
}

export function invitationRoute(o: InvitationRouteOptions): MountedRoute {
  const notIn = error(404, 'NOT_IN_ORGANISATION', 'this wallet belongs to no organisation (POST /v1/organisations founds one)');
  const invitations = o.engine.organisationInvitations;

  function view(engine: Engine, i: OrganisationInvitation, now: number): object {
    return {
      invitationId: i.id,
      organisationId: i.organisationId,
      organisationName: engine.organisations.byId.get(i.organisationId)?.name ?? '',
      address: engine.accounts[i.inviteeAccountId]?.address ?? '',
      role: NAME_OF_ROLE[i.role],
      invitedBy: engine.accounts[i.byAccountId]?.address ?? '',
      expiresAtMs: i.expiresAtMs,
      // Lapsed but not yet dropped (the engine drops it when its organisation or invitee is next invited): accepting it is refused.
      expired: i.expiresAtMs <= now,
    };
  }

  async function submit(cmd: Command): Promise<HttpReply | undefined> {
    return refused((await o.sequencer.submit(cmd)).events);
  }

  async function invite(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    const parsed = invitationBody.safeParse(req.body);
    if (!parsed.success) return error(400, 'MALFORMED_INVITATION', z.prettifyError(parsed.error));
    // Admins first: a member who may not manage learns nothing of which wallets have accounts.
    if (org.members.get(req.accountId) !== OrganisationRole.ADMIN) return notAdmin();
    const invitee = o.engine.accountIdByAddress.get(parsed.data.address.toLowerCase());
    if (invitee === undefined) return error(404, 'UNKNOWN_WALLET', `${parsed.data.address} has no account yet: it logs in once (or deposits) first`);
    const result = await o.sequencer.submit({ kind: CommandKind.INVITE_ORGANISATION_MEMBER, actor: req.accountId, organisationId: org.id, inviteeAccountId: invitee, role: ROLE_OF_NAME[parsed.data.role] });
    const refusal = refused(result.events);
    if (refusal !== undefined) return refusal;
    const now = o.clock();
    return replyReleased(
      o.sequencer.released((engine) => {
        const made = [...engine.organisationInvitations.ofOrganisationList(org.id)].reverse().find((i) => i.inviteeAccountId === invitee);
        return made === undefined ? error(500, 'NO_EVENT', 'the invitation was neither made nor refused') : { status: 201, body: view(engine, made, now) };
      }),
    );
  }

  /** The invitations `pick` lists, read once what was queued before is journaled. */
  function listed(pick: (engine: Engine) => OrganisationInvitation[]): Promise<HttpReply> {
    const now = o.clock();
    return replyReleased(o.sequencer.released((engine) => ({ status: 200, body: { invitations: pick(engine).map((i) => view(engine, i, now)) } })));
  }

  async function revoke(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    if (org.members.get(req.accountId) !== OrganisationRole.ADMIN) return notAdmin();
    const id = Number(req.params.id);
    const refusal = await submit({ kind: CommandKind.REVOKE_ORGANISATION_INVITATION, actor: req.accountId, invitationId: id });
    return refusal ?? { status: 200, body: { revoked: true, invitationId: id } };
  }

  async function answer(req: HttpRequestInfo, accept: boolean): Promise<HttpReply> {
    const id = Number(req.params.id);
    const invitation = invitations.byId.get(id);
    const kind = accept ? CommandKind.ACCEPT_ORGANISATION_INVITATION : CommandKind.DECLINE_ORGANISATION_INVITATION;
    const refusal = await submit({ kind, actor: req.accountId, invitationId: id });
    if (refusal !== undefined) return refusal;
    if (!accept) return { status: 200, body: { declined: true, invitationId: id } };
    return replyReleased(
      o.sequencer.released((engine) => {
        const joined = engine.organisations.byId.get(invitation!.organisationId);
        return joined === undefined ? notIn : { status: 200, body: organisationView(engine, joined, req.accountId) };
      }),
    );
  }

  return {
    operations: [OPS.invite, OPS.organisationInvitations, OPS.revoke, OPS.myInvitations, OPS.accept, OPS.decline],
    maxBodyBytes: 1024,
    async handle(req) {
      switch (req.operationId) {
        case OPS.myInvitations.operationId:
          return listed((engine) => engine.organisationInvitations.ofInviteeList(req.accountId));
        case OPS.accept.operationId:
          return answer(req, true);
        case OPS.decline.operationId:
          return answer(req, false);
      }
      // The rest are an admin's, about the signer's organisation (the engine checks again when a command runs).
      const org = o.engine.organisations.memberOf(req.accountId);
      if (org === undefined) return notIn;
      switch (req.operationId) {
        case OPS.invite.operationId:
          return invite(req, org);
        case OPS.organisationInvitations.operationId:
          return org.members.get(req.accountId) === OrganisationRole.ADMIN ? listed((engine) => engine.organisationInvitations.ofOrganisationList(org.id)) : notAdmin();
        case OPS.revoke.operationId:
          return revoke(req, org);
        default:
          return error(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`);
      }
    },
  };
}
