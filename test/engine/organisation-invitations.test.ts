/**
 * Organisation invitations in the engine (issue 81 follow-up; src/engine/products/organisation-invitations.ts,
 * docs/organisations.md "Invitations"): an invitation changes nothing about the invitee until it
 * accepts; joining's checks are made at acceptance; decline, revoke, someone else's id, the bounds
 * (100 pending per organisation refused past it, 20 per invitee with the oldest displaced), expiry
 * by the command's sequenced time, and a snapshot that carries the pending ones.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, decodeState, encodeState, EventType, InvitationLapse, OrganisationRole, RejectReason, Role, stateHash, type Command } from '../../src/engine/index.js';
import { INVITATION_TTL_MS, MAX_PENDING_PER_INVITEE, MAX_PENDING_PER_ORGANISATION } from '../../src/engine/products/organisation-invitations.js';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import { BinaryWriter } from '../../src/engine/durability/binary.js';
import { writeInvitations } from '../../src/engine/durability/invitation-state-codec.js';
import { addressOf } from '../support/organisation-fixture.js';
import { EngineFixture, expectEvent, expectRefused, ofType } from '../support/engine-fixture.js';

interface World {
  fx: EngineFixture;
  admin: number;
  trader: number;
  invitee: number;
  stranger: number;
  orgId: number;
}

let nextAddress = 0x100;

function found(fx: EngineFixture, actor: number, name: string): number {
  return ofType(fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor, name }), EventType.ORGANISATION_CREATED)[0]!.organisationId;
}

function wallet(fx: EngineFixture): number {
  return fx.newAccount(Role.CONSUMER, addressOf(nextAddress++));
}

function world(): World {
  const fx = new EngineFixture();
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const [admin, trader, invitee, stranger] = [wallet(fx), wallet(fx), wallet(fx), wallet(fx)];
  const orgId = found(fx, admin, 'Acme Analytics');
  expectEvent(fx.submit({ kind: CommandKind.SET_ORGANISATION_MEMBER, actor: admin, organisationId: orgId, memberAccountId: trader, role: OrganisationRole.TRADER }), EventType.ORGANISATION_MEMBER_SET);
  return { fx, admin, trader, invitee, stranger, orgId };
}

const invite = (actor: number, organisationId: number, invitee: number, role: OrganisationRole = OrganisationRole.READER): Command => ({ kind: CommandKind.INVITE_ORGANISATION_MEMBER, actor, organisationId, inviteeAccountId: invitee, role });
const accept = (actor: number, invitationId: number): Command => ({ kind: CommandKind.ACCEPT_ORGANISATION_INVITATION, actor, invitationId });
const decline = (actor: number, invitationId: number): Command => ({ kind: CommandKind.DECLINE_ORGANISATION_INVITATION, actor, invitationId });
const revoke = (actor: number, invitationId: number): Command => ({ kind: CommandKind.REVOKE_ORGANISATION_INVITATION, actor, invitationId });

function invited(fx: EngineFixture, cmd: Command): number {
  return ofType(fx.submit(cmd), EventType.ORGANISATION_MEMBER_INVITED)[0]!.invitationId;
}

describe('organisation invitations in the engine', () => {
  it("a stranger's invitation changes nothing about the invitee: it founds its own, and joins only by accepting, once free", () => {
    const w = world();
    const strangerOrg = found(w.fx, w.stranger, 'Stranger Ltd');
    const id = invited(w.fx, invite(w.stranger, strangerOrg, w.invitee, OrganisationRole.ADMIN));
    expect(w.fx.engine.organisations.memberOf(w.invitee)).toBeUndefined();
    expect(w.fx.engine.organisationInvitations.ofInviteeList(w.invitee).map((i) => i.id)).toEqual([id]);
    // Its real team invites it too, and it accepts that one: the stranger's claim never stood in the way.
    const team = invited(w.fx, invite(w.admin, w.orgId, w.invitee, OrganisationRole.TRADER));
    const joined = w.fx.submit(accept(w.invitee, team));
    expect(ofType(joined, EventType.ORGANISATION_INVITATION_ACCEPTED)[0]).toMatchObject({ invitationId: team, organisationId: w.orgId, inviteeAccountId: w.invitee, byAccountId: w.invitee });
    expect(ofType(joined, EventType.ORGANISATION_MEMBER_SET)[0]).toMatchObject({ organisationId: w.orgId, memberAccountId: w.invitee, role: OrganisationRole.TRADER, previousRole: 0 });
    expect(w.fx.engine.organisations.roleIn(w.orgId, w.invitee)).toBe(OrganisationRole.TRADER);
    // The stranger's is still pending; accepting it now is refused (one organisation per wallet), changing nothing.
    expectRefused(w.fx, RejectReason.ALREADY_IN_ORGANISATION, () => w.fx.submit(accept(w.invitee, id)));
    expectEvent(w.fx.submit(decline(w.invitee, id)), EventType.ORGANISATION_INVITATION_DECLINED);
    expect(w.fx.engine.organisationInvitations.byId.size).toBe(0);
  });

  it("refuses, changing nothing: a non-admin inviting, a member or a duplicate invited, someone else's id answered or revoked", () => {
    const w = world();
    expectRefused(w.fx, RejectReason.NOT_ORGANISATION_ADMIN, () => w.fx.submit(invite(w.trader, w.orgId, w.invitee)));
    expectRefused(w.fx, RejectReason.ALREADY_IN_ORGANISATION, () => w.fx.submit(invite(w.admin, w.orgId, w.trader)));
    expectRefused(w.fx, RejectReason.INVALID_ORGANISATION, () => w.fx.submit(invite(w.admin, w.orgId, w.fx.broker)));
    expectRefused(w.fx, RejectReason.INVALID_ORGANISATION, () => w.fx.submit(invite(w.admin, w.orgId, w.invitee, 7 as OrganisationRole)));
    expectRefused(w.fx, RejectReason.UNKNOWN_ACCOUNT, () => w.fx.submit(invite(w.admin, w.orgId, 9_999)));
    expectRefused(w.fx, RejectReason.UNKNOWN_ORGANISATION, () => w.fx.submit(invite(w.admin, 42, w.invitee)));
    const id = invited(w.fx, invite(w.admin, w.orgId, w.invitee));
    expectRefused(w.fx, RejectReason.ALREADY_INVITED, () => w.fx.submit(invite(w.admin, w.orgId, w.invitee, OrganisationRole.ADMIN)));
    for (const other of [w.stranger, w.admin, w.trader]) {
      expectRefused(w.fx, RejectReason.UNKNOWN_INVITATION, () => w.fx.submit(accept(other, id)));
      expectRefused(w.fx, RejectReason.UNKNOWN_INVITATION, () => w.fx.submit(decline(other, id)));
    }
    expectRefused(w.fx, RejectReason.UNKNOWN_INVITATION, () => w.fx.submit(revoke(w.stranger, id)));
    expectRefused(w.fx, RejectReason.UNKNOWN_INVITATION, () => w.fx.submit(revoke(w.invitee, id)));
    expectRefused(w.fx, RejectReason.NOT_ORGANISATION_ADMIN, () => w.fx.submit(revoke(w.trader, id)));
    expectRefused(w.fx, RejectReason.UNKNOWN_INVITATION, () => w.fx.submit(accept(w.invitee, id + 1)));
    expect(ofType(w.fx.submit(revoke(w.admin, id)), EventType.ORGANISATION_INVITATION_REVOKED)[0]).toMatchObject({ invitationId: id, byAccountId: w.admin });
    expectRefused(w.fx, RejectReason.UNKNOWN_INVITATION, () => w.fx.submit(accept(w.invitee, id)));
    expect(w.fx.engine.organisations.memberOf(w.invitee)).toBeUndefined();
  });

  it('bounds: 100 pending per organisation (the next refused), 20 per invitee (the oldest displaced)', () => {
    const w = world();
    const invitees = Array.from({ length: MAX_PENDING_PER_ORGANISATION + 1 }, () => wallet(w.fx));
    for (const i of invitees.slice(0, -1)) invited(w.fx, invite(w.admin, w.orgId, i));
    expectRefused(w.fx, RejectReason.INVITATIONS_FULL, () => w.fx.submit(invite(w.admin, w.orgId, invitees.at(-1)!)));
    const first = w.fx.engine.organisationInvitations.ofOrganisationList(w.orgId)[0]!;
    expectEvent(w.fx.submit(revoke(w.admin, first.id)), EventType.ORGANISATION_INVITATION_REVOKED);
    invited(w.fx, invite(w.admin, w.orgId, invitees.at(-1)!));

    // Twenty-one organisations invite one wallet: the first one's invitation makes way for the last.
    const orgs = Array.from({ length: MAX_PENDING_PER_INVITEE + 1 }, (_, n) => {
      const founder = wallet(w.fx);
      return { founder, id: found(w.fx, founder, `Org ${n}`) };
    });
    const ids = orgs.slice(0, -1).map((o) => invited(w.fx, invite(o.founder, o.id, w.invitee)));
    const last = orgs.at(-1)!;
    const events = w.fx.submit(invite(last.founder, last.id, w.invitee));
    expect(ofType(events, EventType.ORGANISATION_INVITATION_LAPSED)[0]).toMatchObject({ invitationId: ids[0], reason: InvitationLapse.DISPLACED, inviteeAccountId: w.invitee });
    const inbox = w.fx.engine.organisationInvitations.ofInviteeList(w.invitee);
    expect(inbox).toHaveLength(MAX_PENDING_PER_INVITEE);
    expect(inbox.map((i) => i.organisationId)).toEqual(orgs.slice(1).map((o) => o.id));
  });

  it('an invitation lapses INVITATION_TTL_MS after the command that made it (sequenced time): accepting it then is refused', () => {
    const w = world();
    const t0 = w.fx.nowMs;
    const id = invited(w.fx, invite(w.admin, w.orgId, w.invitee));
    expect(w.fx.engine.organisationInvitations.byId.get(id)!.expiresAtMs).toBe(t0 + INVITATION_TTL_MS);
    expectRefused(w.fx, RejectReason.INVITATION_EXPIRED, () => w.fx.submit(accept(w.invitee, id), t0 + INVITATION_TTL_MS));
    // The expired one neither blocks nor counts: inviting again drops it and makes a fresh one.
    const again = w.fx.submit(invite(w.admin, w.orgId, w.invitee), t0 + INVITATION_TTL_MS);
    expect(ofType(again, EventType.ORGANISATION_INVITATION_LAPSED)[0]).toMatchObject({ invitationId: id, reason: InvitationLapse.EXPIRED });
    const fresh = ofType(again, EventType.ORGANISATION_MEMBER_INVITED)[0]!;
    expect(fresh.expiresAtMs).toBe(t0 + 2 * INVITATION_TTL_MS);
    expectEvent(w.fx.submit(accept(w.invitee, fresh.invitationId), t0 + INVITATION_TTL_MS + 1), EventType.ORGANISATION_MEMBER_SET);
  });

  it('accepting makes the checks of joining: a full organisation refuses, the invitation stays pending', () => {
    const w = world();
    const id = invited(w.fx, invite(w.admin, w.orgId, w.invitee));
    for (let n = 2; n < 100; n++) {
      expectEvent(w.fx.submit({ kind: CommandKind.SET_ORGANISATION_MEMBER, actor: w.admin, organisationId: w.orgId, memberAccountId: wallet(w.fx), role: OrganisationRole.READER }), EventType.ORGANISATION_MEMBER_SET);
    }
    expectRefused(w.fx, RejectReason.ORGANISATION_FULL, () => w.fx.submit(accept(w.invitee, id)));
    expect(w.fx.engine.organisationInvitations.byId.has(id)).toBe(true);
    expectEvent(w.fx.submit({ kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor: w.trader, organisationId: w.orgId, memberAccountId: w.trader }), EventType.ORGANISATION_MEMBER_REMOVED);
    expectEvent(w.fx.submit(accept(w.invitee, id)), EventType.ORGANISATION_INVITATION_ACCEPTED);
  });

  it('a snapshot carries the pending invitations: the decoded engine goes on as the original', () => {
    const w = world();
    const other = found(w.fx, w.stranger, 'Other');
    const a = invited(w.fx, invite(w.admin, w.orgId, w.invitee, OrganisationRole.TRADER));
    invited(w.fx, invite(w.stranger, other, w.invitee));
    const c = invited(w.fx, invite(w.admin, w.orgId, wallet(w.fx)));
    expectEvent(w.fx.submit(revoke(w.admin, c)), EventType.ORGANISATION_INVITATION_REVOKED);
    const decoded = decodeState(encodeState(w.fx.engine));
    expect(stateHash(decoded)).toBe(stateHash(w.fx.engine));
    expect(decoded.organisationInvitations.nextInvitationId).toBe(4);
    expect(decoded.organisationInvitations.ofInviteeList(w.invitee).map((i) => [i.id, i.role])).toEqual([[a, OrganisationRole.TRADER], [2, OrganisationRole.READER]]);
    const copy = new EmbeddedEngine({}, w.fx.nowMs);
    (copy as unknown as { engine: unknown }).engine = decoded; // the embedded engine's state, replaced by the decoded one
    for (const cmd of [accept(w.invitee, a), invite(w.admin, w.orgId, w.stranger)]) expect(copy.submit(cmd, w.fx.nowMs)).toEqual(w.fx.submit(cmd));
    expect(stateHash(copy.engine)).toBe(stateHash(w.fx.engine));
  });

  it('a state where nobody was ever invited keeps its bytes (no section), a refused invitation writes none', () => {
    const w = world();
    const section = (): Uint8Array => {
      const out = new BinaryWriter();
      writeInvitations(out, w.fx.engine);
      return out.toBytes();
    };
    expectRefused(w.fx, RejectReason.NOT_ORGANISATION_ADMIN, () => w.fx.submit(invite(w.trader, w.orgId, w.invitee)));
    expect(section()).toHaveLength(0);
    const id = invited(w.fx, invite(w.admin, w.orgId, w.invitee));
    expect(section()[0]).toBe(17);
    // Once one was made, the section stays (the next id must survive a restart), even with none pending.
    expectEvent(w.fx.submit(decline(w.invitee, id)), EventType.ORGANISATION_INVITATION_DECLINED);
    expect(decodeState(encodeState(w.fx.engine)).organisationInvitations.nextInvitationId).toBe(2);
  });
});
