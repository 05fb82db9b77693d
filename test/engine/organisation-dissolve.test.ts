/**
 * An organisation's sole member leaving it (rules 17, DISSOLVE_RULES; src/engine/products/organisations.ts,
 * docs/organisations.md "Leaving and dissolving"): under rules 16 it is LAST_ADMIN, so a wallet that founded one
 * to try it could join no other; from rules 17 its leave dissolves the organisation, when the organisation's
 * account holds nothing a dissolution would lose (ORGANISATION_NOT_EMPTY otherwise). The last admin among other
 * members is still LAST_ADMIN. A dissolved organisation takes no command, its pending invitations are revoked, the
 * wallet founds or joins another, and a snapshot carries it.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, decodeState, DISSOLVE_RULES, encodeState, EventType, OrganisationRole, RejectReason, Role, stateHash, SYSTEM_ACTOR, TimeInForce, type Command } from '../../src/engine/index.js';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import { addressOf } from '../support/organisation-fixture.js';
import { DAY_MS, EngineFixture, HOUR_MS, PAT, T0, WINDOW_MS, expectEvent, expectRefused, ofType, rejectionName } from '../support/engine-fixture.js';

interface World {
  fx: EngineFixture;
  alice: number;
  bob: number;
  carol: number;
  orgId: number;
  orgAccount: number;
}

/** Alice founds 'Acme Analytics' under `rules`; bob and carol are wallets in no organisation. */
function world(rules: number): World {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules }), EventType.RULES_ADOPTED);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const [alice, bob, carol] = [1, 2, 3].map((n) => fx.newAccount(Role.CONSUMER, addressOf(0xd0 + n)));
  fx.deposit(alice!, 100 * PAT);
  const created = ofType(fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: alice!, name: 'Acme Analytics' }), EventType.ORGANISATION_CREATED)[0]!;
  return { fx, alice: alice!, bob: bob!, carol: carol!, orgId: created.organisationId, orgAccount: created.accountId };
}

const leave = (w: World, actor = w.alice, organisationId = w.orgId): Command => ({ kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor, organisationId, memberAccountId: actor });
const invite = (w: World, invitee: number, role: OrganisationRole = OrganisationRole.READER): Command => ({ kind: CommandKind.INVITE_ORGANISATION_MEMBER, actor: w.alice, organisationId: w.orgId, inviteeAccountId: invitee, role });
const fund = (w: World, toOrganisation: boolean, amountMicros: number): Command => ({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: w.alice, organisationId: w.orgId, toOrganisation, amountMicros });

describe('the sole member leaving its organisation', () => {
  it('under rules 16 is LAST_ADMIN, and the founder can join no other organisation', () => {
    const w = world(DISSOLVE_RULES - 1);
    expectRefused(w.fx, RejectReason.LAST_ADMIN, () => w.fx.submit(leave(w)));
    const other = ofType(w.fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: w.bob, name: 'Other' }), EventType.ORGANISATION_CREATED)[0]!.organisationId;
    const invitation = ofType(w.fx.submit({ kind: CommandKind.INVITE_ORGANISATION_MEMBER, actor: w.bob, organisationId: other, inviteeAccountId: w.alice, role: OrganisationRole.TRADER }), EventType.ORGANISATION_MEMBER_INVITED)[0]!;
    expectRefused(w.fx, RejectReason.ALREADY_IN_ORGANISATION, () => w.fx.submit({ kind: CommandKind.ACCEPT_ORGANISATION_INVITATION, actor: w.alice, invitationId: invitation.invitationId }));
  });

  it('from rules 17 dissolves it: its invitations are revoked, nothing acts on it again, and the wallet founds or joins another', () => {
    const w = world(DISSOLVE_RULES);
    const pending = ofType(w.fx.submit(invite(w, w.carol)), EventType.ORGANISATION_MEMBER_INVITED)[0]!.invitationId;
    const ev = w.fx.submit(leave(w));
    const seq = w.fx.engine.lastSeq;
    expect(ev).toEqual([
      { type: EventType.ORGANISATION_MEMBER_REMOVED, seq, organisationId: w.orgId, memberAccountId: w.alice, byAccountId: w.alice },
      { type: EventType.ORGANISATION_INVITATION_REVOKED, seq, invitationId: pending, organisationId: w.orgId, inviteeAccountId: w.carol, byAccountId: w.alice },
      { type: EventType.ORGANISATION_DISSOLVED, seq, organisationId: w.orgId, accountId: w.orgAccount, byAccountId: w.alice },
    ]);
    const orgs = w.fx.engine.organisations;
    expect(orgs.memberOf(w.alice)).toBeUndefined();
    expect(orgs.byId.get(w.orgId)!.dissolved).toBe(true);
    expect(orgs.live(w.orgId)).toBeUndefined();
    expect(w.fx.engine.organisationInvitations.ofInviteeList(w.carol)).toEqual([]);
    // Nobody acts on it again: it is unknown to every organisation command; its account never becomes a member.
    expectRefused(w.fx, RejectReason.UNKNOWN_ORGANISATION, () => w.fx.submit(invite(w, w.bob)));
    expectRefused(w.fx, RejectReason.UNKNOWN_ORGANISATION, () => w.fx.submit(fund(w, true, PAT)));
    expectRefused(w.fx, RejectReason.UNKNOWN_ORGANISATION, () => w.fx.submit(leave(w)));
    expectRefused(w.fx, RejectReason.UNKNOWN_ORGANISATION, () => w.fx.submit({ kind: CommandKind.SET_ORGANISATION_MEMBER, actor: w.alice, organisationId: w.orgId, memberAccountId: w.alice, role: OrganisationRole.ADMIN }));
    expectRefused(w.fx, RejectReason.UNKNOWN_INVITATION, () => w.fx.submit({ kind: CommandKind.ACCEPT_ORGANISATION_INVITATION, actor: w.carol, invitationId: pending }));
    // The wallet joins another organisation by accepting, then may found none while in it; the dissolved one's account is no wallet.
    const other = ofType(w.fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: w.bob, name: 'Other' }), EventType.ORGANISATION_CREATED)[0]!.organisationId;
    expectRefused(w.fx, RejectReason.INVALID_ORGANISATION, () => w.fx.submit({ kind: CommandKind.SET_ORGANISATION_MEMBER, actor: w.bob, organisationId: other, memberAccountId: w.orgAccount, role: OrganisationRole.READER }));
    const invitation = ofType(w.fx.submit({ kind: CommandKind.INVITE_ORGANISATION_MEMBER, actor: w.bob, organisationId: other, inviteeAccountId: w.alice, role: OrganisationRole.TRADER }), EventType.ORGANISATION_MEMBER_INVITED)[0]!;
    expectEvent(w.fx.submit({ kind: CommandKind.ACCEPT_ORGANISATION_INVITATION, actor: w.alice, invitationId: invitation.invitationId }), EventType.ORGANISATION_INVITATION_ACCEPTED);
    expect(orgs.memberOf(w.alice)?.id).toBe(other);
    // Or, had it not joined, it founds anew (the engine keeps no names; the HTTP route frees a dissolved one's).
    expectEvent(w.fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: w.carol, name: 'Acme Analytics' }), EventType.ORGANISATION_CREATED);
  });

  it('from rules 17 the last admin among other members is still LAST_ADMIN; once they left, it dissolves', () => {
    const w = world(DISSOLVE_RULES);
    expectEvent(w.fx.submit({ kind: CommandKind.SET_ORGANISATION_MEMBER, actor: w.alice, organisationId: w.orgId, memberAccountId: w.bob, role: OrganisationRole.READER }), EventType.ORGANISATION_MEMBER_SET);
    expectRefused(w.fx, RejectReason.LAST_ADMIN, () => w.fx.submit(leave(w)));
    // The reader's own leave never dissolves: an admin is left.
    expect(ofType(w.fx.submit(leave(w, w.bob)), EventType.ORGANISATION_DISSOLVED)).toEqual([]);
    expectEvent(w.fx.submit(leave(w)), EventType.ORGANISATION_DISSOLVED);
  });

  it('from rules 17 is refused ORGANISATION_NOT_EMPTY while the account holds PAT, an order, rights or an open escrow', () => {
    const w = world(DISSOLVE_RULES);
    const { fx } = w;
    const provider = fx.newAccount(Role.PROVIDER, addressOf(0xfe));
    fx.seriesId = fx.newSeries();
    fx.deposit(fx.broker, 100 * PAT);
    expectEvent(fx.declareCapacity(provider, 100), EventType.CAPACITY_DECLARED);
    expectEvent(fx.mint(provider, 10), EventType.RIGHTS_MINTED);
    expectEvent(fx.sell(provider, 500_000, 10), EventType.ORDER_ACCEPTED);
    expectEvent(fx.buy(fx.broker, 500_000, 10, { tif: TimeInForce.IOC }), EventType.FILL);
    const notEmpty = () => expectRefused(fx, RejectReason.ORGANISATION_NOT_EMPTY, () => fx.submit(leave(w)));
    // Free PAT.
    expectEvent(fx.submit(fund(w, true, 10 * PAT)), EventType.ORGANISATION_FUNDS_MOVED);
    notEmpty();
    // A resting bid (its PAT held).
    expectEvent(fx.buy(w.orgAccount, 400_000, 2), EventType.ORDER_ACCEPTED);
    expectEvent(fx.submit(fund(w, false, fx.acct(w.orgAccount).availableMicros)), EventType.ORGANISATION_FUNDS_MOVED);
    notEmpty();
    const resting = fx.acct(w.orgAccount).firstOrder!.orderId;
    expectEvent(fx.cancel(w.orgAccount, resting), EventType.ORDER_CANCELED);
    // Rights bought and not exercised (the PAT left moved out: only the rights are held).
    expectEvent(fx.submit(fund(w, true, 10 * PAT)), EventType.ORGANISATION_FUNDS_MOVED);
    expectEvent(fx.sell(fx.broker, 600_000, 4), EventType.ORDER_ACCEPTED);
    expectEvent(fx.buy(w.orgAccount, 600_000, 4, { tif: TimeInForce.IOC }), EventType.FILL);
    expectEvent(fx.submit(fund(w, false, fx.acct(w.orgAccount).availableMicros)), EventType.ORGANISATION_FUNDS_MOVED);
    expect(fx.acct(w.orgAccount).availableMicros).toBe(0);
    notEmpty();
    // Exercised: a grant with its escrow open (rights to deliver, a claim or refund to come).
    const grant = ofType(fx.exercise(w.orgAccount, 4), EventType.RIGHTS_EXERCISED)[0]!.redemptions[0]!;
    notEmpty();
    // The dispute window passed and the escrow was released: nothing is left to lose.
    const due = T0 + WINDOW_MS + DAY_MS;
    expectEvent(fx.submit({ kind: CommandKind.RELEASE_ESCROW, actor: SYSTEM_ACTOR, grantId: grant.grantId }, due), EventType.ESCROW_RELEASED);
    expect(rejectionName(fx.submit(leave(w), due))).toBe('NONE');
    expect(fx.engine.organisations.byId.get(w.orgId)!.dissolved).toBe(true);
  });

  it('a dissolved organisation survives a snapshot: the decoded engine goes on as the original', () => {
    const w = world(DISSOLVE_RULES);
    expectEvent(w.fx.submit(leave(w)), EventType.ORGANISATION_DISSOLVED);
    const decoded = decodeState(encodeState(w.fx.engine));
    expect(stateHash(decoded)).toBe(stateHash(w.fx.engine));
    expect(decoded.organisations.byId.get(w.orgId)!.dissolved).toBe(true);
    expect(decoded.organisations.ofAccount.get(w.orgAccount)?.id).toBe(w.orgId);
    const copy = new EmbeddedEngine({}, w.fx.nowMs);
    (copy as unknown as { engine: unknown }).engine = decoded; // the embedded engine's state, replaced by the decoded one
    for (const cmd of [invite(w, w.bob), { kind: CommandKind.CREATE_ORGANISATION, actor: w.alice, name: 'Again' } as Command]) {
      const a = w.fx.submit(cmd);
      expect(copy.submit(cmd, w.fx.nowMs)).toEqual(a);
    }
    expect(stateHash(copy.engine)).toBe(stateHash(w.fx.engine));
  });
});
