/**
 * Organisations (issue 81 item 2; src/engine/products/organisations.ts, docs/organisations.md):
 * a wallet founds one and is its first admin; admins add members with roles, change them and
 * remove them; the last admin can neither leave nor be demoted; a wallet belongs to at most one;
 * PAT moves in from any member and out only to an admin; the organisation's own account trades
 * and exercises like any consumer's. Every refusal changes nothing, and a snapshot (and a replay
 * of the same commands) gives the same state.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  decodeState,
  encodeState,
  EventType,
  OrganisationRole,
  RejectReason,
  Role,
  stateHash,
  TimeInForce,
  type Command,
} from '../../src/engine/index.js';
import { MAX_ORGANISATION_MEMBERS, organisationAddress } from '../../src/engine/products/organisations.js';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import { addressOf } from '../support/organisation-fixture.js';
import { EngineFixture, PAT, expectEvent, expectRefused, ofType } from '../support/engine-fixture.js';

interface World {
  fx: EngineFixture;
  alice: number;
  bob: number;
  carol: number;
  dave: number;
  orgId: number;
  orgAccount: number;
}

function world(): World {
  const fx = new EngineFixture();
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const [alice, bob, carol, dave] = [1, 2, 3, 4].map((n) => fx.newAccount(Role.CONSUMER, addressOf(0xa0 + n)));
  fx.deposit(alice!, 100 * PAT);
  const created = fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: alice!, name: 'Acme Analytics' });
  const event = ofType(created, EventType.ORGANISATION_CREATED)[0]!;
  expect(ofType(created, EventType.ACCOUNT_OPENED)[0]).toMatchObject({ accountId: event.accountId, role: Role.CONSUMER, address: organisationAddress(event.organisationId) });
  return { fx, alice: alice!, bob: bob!, carol: carol!, dave: dave!, orgId: event.organisationId, orgAccount: event.accountId };
}

function set(w: World, actor: number, member: number, role: OrganisationRole): Command {
  return { kind: CommandKind.SET_ORGANISATION_MEMBER, actor, organisationId: w.orgId, memberAccountId: member, role };
}

function remove(w: World, actor: number, member: number): Command {
  return { kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor, organisationId: w.orgId, memberAccountId: member };
}

describe('organisations in the engine', () => {
  it('the founder is the first admin; admins add members with roles and change them', () => {
    const w = world();
    expect(w.fx.engine.organisations.roleIn(w.orgId, w.alice)).toBe(OrganisationRole.ADMIN);
    expect(organisationAddress(1)).toBe('0x6f72670000000000000000000000000000000001');
    expectEvent(w.fx.submit(set(w, w.alice, w.bob, OrganisationRole.TRADER)), EventType.ORGANISATION_MEMBER_SET);
    const ev = w.fx.submit(set(w, w.alice, w.carol, OrganisationRole.READER));
    expect(ofType(ev, EventType.ORGANISATION_MEMBER_SET)[0]).toMatchObject({ memberAccountId: w.carol, role: OrganisationRole.READER, previousRole: 0 });
    const changed = w.fx.submit(set(w, w.alice, w.carol, OrganisationRole.TRADER));
    expect(ofType(changed, EventType.ORGANISATION_MEMBER_SET)[0]).toMatchObject({ role: OrganisationRole.TRADER, previousRole: OrganisationRole.READER });
    expect([...w.fx.engine.organisations.byId.get(w.orgId)!.members]).toEqual([[w.alice, 1], [w.bob, 2], [w.carol, 2]]);
  });

  it('refuses, changing nothing: a non-admin managing, a second organisation, the last admin leaving or demoted, bad names and roles', () => {
    const w = world();
    expectEvent(w.fx.submit(set(w, w.alice, w.bob, OrganisationRole.TRADER)), EventType.ORGANISATION_MEMBER_SET);
    expectRefused(w.fx, RejectReason.NOT_ORGANISATION_ADMIN, () => w.fx.submit(set(w, w.bob, w.carol, OrganisationRole.READER)));
    expectRefused(w.fx, RejectReason.NOT_ORGANISATION_ADMIN, () => w.fx.submit(remove(w, w.bob, w.alice)));
    expectRefused(w.fx, RejectReason.NOT_ORGANISATION_ADMIN, () => w.fx.submit(set(w, w.dave, w.dave, OrganisationRole.ADMIN)));
    expectRefused(w.fx, RejectReason.LAST_ADMIN, () => w.fx.submit(remove(w, w.alice, w.alice)));
    expectRefused(w.fx, RejectReason.LAST_ADMIN, () => w.fx.submit(set(w, w.alice, w.alice, OrganisationRole.READER)));
    expectRefused(w.fx, RejectReason.ALREADY_IN_ORGANISATION, () => w.fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: w.bob, name: 'Second' }));
    expectRefused(w.fx, RejectReason.INVALID_ORGANISATION, () => w.fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: w.dave, name: '' }));
    expectRefused(w.fx, RejectReason.INVALID_ORGANISATION, () => w.fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: w.dave, name: 'x'.repeat(65) }));
    expectRefused(w.fx, RejectReason.INVALID_ORGANISATION, () => w.fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: w.dave, name: 'bad\nname' }));
    expectRefused(w.fx, RejectReason.INVALID_ORGANISATION, () => w.fx.submit(set(w, w.alice, w.dave, 4 as OrganisationRole)));
    // Neither the organisation's own account, nor the broker, nor an unknown account joins.
    expectRefused(w.fx, RejectReason.INVALID_ORGANISATION, () => w.fx.submit(set(w, w.alice, w.orgAccount, OrganisationRole.READER)));
    expectRefused(w.fx, RejectReason.INVALID_ORGANISATION, () => w.fx.submit(set(w, w.alice, w.fx.broker, OrganisationRole.READER)));
    expectRefused(w.fx, RejectReason.UNKNOWN_ACCOUNT, () => w.fx.submit(set(w, w.alice, 999, OrganisationRole.READER)));
    expectRefused(w.fx, RejectReason.UNKNOWN_ORGANISATION, () => w.fx.submit({ ...set(w, w.alice, w.dave, OrganisationRole.READER), organisationId: 99 } as Command));
    expectRefused(w.fx, RejectReason.NOT_A_MEMBER, () => w.fx.submit(remove(w, w.alice, w.dave)));
    // A second admin lets the first leave; a member leaves by itself.
    expectEvent(w.fx.submit(set(w, w.alice, w.bob, OrganisationRole.ADMIN)), EventType.ORGANISATION_MEMBER_SET);
    expectEvent(w.fx.submit(remove(w, w.alice, w.alice)), EventType.ORGANISATION_MEMBER_REMOVED);
    expect(w.fx.engine.organisations.memberOf(w.alice)).toBeUndefined();
    // The founder may now found another one.
    expectEvent(w.fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: w.alice, name: 'Second' }), EventType.ORGANISATION_CREATED);
  });

  it(`an organisation holds at most ${MAX_ORGANISATION_MEMBERS} members`, () => {
    const w = world();
    for (let i = 1; i < MAX_ORGANISATION_MEMBERS; i++) {
      const member = w.fx.newAccount(Role.CONSUMER, addressOf(0x1000 + i));
      expectEvent(w.fx.submit(set(w, w.alice, member, OrganisationRole.READER)), EventType.ORGANISATION_MEMBER_SET);
    }
    expectRefused(w.fx, RejectReason.ORGANISATION_FULL, () => w.fx.submit(set(w, w.alice, w.dave, OrganisationRole.READER)));
  });

  it('PAT moves in from any member and out only to an admin; the organisation account buys and exercises', () => {
    const w = world();
    expectEvent(w.fx.submit(set(w, w.alice, w.bob, OrganisationRole.TRADER)), EventType.ORGANISATION_MEMBER_SET);
    const fund = (actor: number, toOrganisation: boolean, amountMicros: number): Command => ({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor, organisationId: w.orgId, toOrganisation, amountMicros });
    const moved = w.fx.submit(fund(w.alice, true, 40 * PAT));
    expect(ofType(moved, EventType.ORGANISATION_FUNDS_MOVED)[0]).toMatchObject({ fromAccountId: w.alice, toAccountId: w.orgAccount, amountMicros: 40 * PAT });
    expectRefused(w.fx, RejectReason.NOT_ORGANISATION_ADMIN, () => w.fx.submit(fund(w.bob, false, PAT)));
    expectRefused(w.fx, RejectReason.NOT_A_MEMBER, () => w.fx.submit(fund(w.dave, true, PAT)));
    expectRefused(w.fx, RejectReason.INSUFFICIENT_BALANCE, () => w.fx.submit(fund(w.alice, false, 41 * PAT)));
    expectRefused(w.fx, RejectReason.INVALID_AMOUNT, () => w.fx.submit(fund(w.alice, false, 0)));
    expectEvent(w.fx.submit(fund(w.alice, false, 10 * PAT)), EventType.ORGANISATION_FUNDS_MOVED);
    expect(w.fx.engine.accounts[w.orgAccount]!.availableMicros).toBe(30 * PAT);
    expect(w.fx.engine.accounts[w.alice]!.availableMicros).toBe(70 * PAT);

    // The organisation's account buys from a provider and exercises, as a consumer does.
    const provider = w.fx.newAccount(Role.PROVIDER, addressOf(0xfe));
    w.fx.seriesId = w.fx.newSeries();
    expectEvent(w.fx.declareCapacity(provider, 100), EventType.CAPACITY_DECLARED);
    expectEvent(w.fx.mint(provider, 10), EventType.RIGHTS_MINTED);
    w.fx.deposit(w.fx.broker, 100 * PAT);
    expectEvent(w.fx.sell(provider, 500_000, 10), EventType.ORDER_ACCEPTED);
    expectEvent(w.fx.buy(w.fx.broker, 500_000, 10, { tif: TimeInForce.IOC }), EventType.FILL);
    expectEvent(w.fx.sell(w.fx.broker, 600_000, 10), EventType.ORDER_ACCEPTED);
    expectEvent(w.fx.buy(w.orgAccount, 600_000, 4, { tif: TimeInForce.IOC }), EventType.FILL);
    expectEvent(w.fx.exercise(w.orgAccount, 2), EventType.RIGHTS_EXERCISED);
  });

  it('a snapshot and a replay of the same commands give the same state and hash', () => {
    const w = world();
    expectEvent(w.fx.submit(set(w, w.alice, w.bob, OrganisationRole.TRADER)), EventType.ORGANISATION_MEMBER_SET);
    expectEvent(w.fx.submit(set(w, w.alice, w.carol, OrganisationRole.READER)), EventType.ORGANISATION_MEMBER_SET);
    expectEvent(w.fx.submit(remove(w, w.alice, w.bob)), EventType.ORGANISATION_MEMBER_REMOVED);
    const bytes = encodeState(w.fx.engine);
    const decoded = decodeState(bytes);
    expect(stateHash(decoded)).toBe(stateHash(w.fx.engine));
    expect(decoded.organisations.roleIn(w.orgId, w.carol)).toBe(OrganisationRole.READER);
    expect(decoded.organisations.memberOf(w.bob)).toBeUndefined();
    expect(decoded.organisations.ofAccount.get(w.orgAccount)?.name).toBe('Acme Analytics');
    // The decoded engine goes on as the original does: the next organisation gets the same id and account.
    const next: Command = { kind: CommandKind.CREATE_ORGANISATION, actor: w.bob, name: 'Next' };
    const copy = new EmbeddedEngine({}, w.fx.nowMs);
    (copy as unknown as { engine: unknown }).engine = decoded; // the embedded engine's state, replaced by the decoded one
    const a = w.fx.submit(next);
    const b = copy.submit(next, w.fx.nowMs);
    expect(b).toEqual(a);
    expect(stateHash(copy.engine)).toBe(stateHash(w.fx.engine));
  });

  it('a state without organisations has the bytes it had before they existed (no section written)', () => {
    const fx = new EngineFixture();
    fx.operator = fx.newAccount(Role.OPERATOR);
    const before = encodeState(fx.engine);
    expect(fx.engine.organisations.nextOrganisationId).toBe(1);
    expect(decodeState(before).organisations.byId.size).toBe(0);
    const alice = fx.newAccount(Role.CONSUMER, addressOf(1));
    expectRefused(fx, RejectReason.INVALID_ORGANISATION, () => fx.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: alice, name: ' ' }));
    // A refused creation writes no section either.
    expect(decodeState(encodeState(fx.engine)).organisations.nextOrganisationId).toBe(1);
  });
});
