/**
 * Organisations (issue 81; docs/organisations.md): a team's wallets under one name, with
 * roles, trading through one account of the organisation's own. CREATE_ORGANISATION opens
 * that account (a CONSUMER whose settlement address nobody holds a key to: organisationAddress)
 * and makes the founding wallet its first admin; admins add members, set their roles and
 * remove them; a member may leave; the last admin may do neither while anyone else is a member,
 * so an organisation with members always has an admin. From rules 17 (DISSOLVE_RULES) the sole
 * member leaving dissolves it: an organisation with no members is dissolved (kept, so its id and
 * its account's address stay its own, and nothing can act on it again). A wallet belongs to at
 * most one organisation. PAT reaches the organisation's
 * account from a member's own (MOVE_ORGANISATION_FUNDS, to the organisation: any member) and
 * leaves it only to an admin's own account (then the admin withdraws it as ever), so the
 * chain sees ordinary balance moves between known addresses.
 *
 * Who may trade for the organisation (ADMIN and TRADER, never READER) is decided where a
 * member's session acts for it (the gateway: docs/organisations.md, "Roles"): the engine's
 * order commands name the organisation's account, as any account's name their own. What the
 * engine keeps is who belongs and with which role, so that decision, the grants' membership
 * statements and the seats all read one journaled truth.
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import { Account } from '../core/account.js';
import {
  OrganisationRole,
  Role,
  SeriesKind,
  SeriesStatus,
  type CreateOrganisation,
  type MoveOrganisationFunds,
  type RemoveOrganisationMember,
  type SetOrganisationMember,
} from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import { EventType } from '../core/events.js';
import { isPositiveSafeInt } from '../core/integers.js';
import { RejectReason } from '../core/reject-reason.js';
import { OWN_DEPOSIT_RULES, payoutRefused, takeFromOwnDeposits } from '../core/account-funds.js';
import { WEI_PER_MICRO } from '../core/money.js';
import type { Escrow } from './escrow.js';
import type { Subscriptions } from './subscriptions.js';
import type { Tiers } from './tiers.js';

/**
 * The rules version from which an organisation's sole member may leave it, which dissolves it (src/engine/products/rules.ts;
 * docs/organisations.md, "Leaving and dissolving"); before it, LAST_ADMIN.
 */
export const DISSOLVE_RULES = 17;

/** Members one organisation may have (admins, traders and readers together). */
export const MAX_ORGANISATION_MEMBERS = 100;
/** Organisations the exchange holds in all. */
export const MAX_ORGANISATIONS = 100_000;
export const MAX_ORGANISATION_NAME_LENGTH = 64;
/** Printable, no control characters, no leading or trailing space. */
const NAME_PATTERN = /^[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u;

/** One organisation: its own account and its members' roles, in the order they joined. */
export class Organisation {
  readonly members = new Map<number, OrganisationRole>();
  constructor(
    readonly id: number,
    readonly accountId: number,
    readonly name: string,
  ) {}

  /** Dissolved (rules 17): its sole member left. Nothing acts on it again; its name may be taken anew. */
  get dissolved(): boolean {
    return this.members.size === 0;
  }

  admins(): number {
    let n = 0;
    for (const role of this.members.values()) if (role === OrganisationRole.ADMIN) n++;
    return n;
  }
}

/**
 * The settlement address of organisation `id`'s account: `0x6f7267` ("org") then the id in 34
 * hex digits. No key is known for it (finding one for a chosen address is as hard as breaking
 * the curve), so nobody logs in as it or signs for it; PAT reaches and leaves it only through
 * the engine (docs/organisations.md, "The organisation's account").
 */
export function organisationAddress(id: number): string {
  return `0x6f7267${id.toString(16).padStart(34, '0')}`;
}

export type OrganisationsEngine = Pick<EngineState, 'seq' | 'rejectCommand' | 'out' | 'accounts' | 'limits' | 'addAccount' | 'accountIdByAddress' | 'brokerId' | 'isOperator' | 'rulesVersion' | 'series' | 'risk'> & {
  /** The tiers' seats: an organisation's tier subscription takes one per member (docs/organisations.md, "Seats"); its live tier subscriptions. */
  readonly tiers: Pick<Tiers, 'seatWeightOf' | 'seatForOneMore' | 'membersChanged' | 'liveOf'>;
  /** What a dissolution must not lose: the account's live subscriptions and the grants it holds in escrow. */
  readonly subscriptions: Pick<Subscriptions, 'liveCountOf'>;
  readonly escrow: Pick<Escrow, 'grants'>;
  /** A dissolution revokes the organisation's pending invitations (organisation-invitations.ts, which imports this module). */
  readonly organisationInvitations: { revokeAllOf(organisationId: number, byAccountId: number): void };
};

export class Organisations {
  /** Live organisations by id, in id order. */
  readonly byId = new Map<number, Organisation>();
  /** Member account → its organisation. Derived. */
  readonly ofMember = new Map<number, Organisation>();
  /** The organisation's own account → the organisation. Derived. */
  readonly ofAccount = new Map<number, Organisation>();
  nextOrganisationId = 1;

  constructor(private readonly e: OrganisationsEngine) {
    e.tiers.seatWeightOf = (accountId) => this.ofAccount.get(accountId)?.members.size ?? 1;
  }

  create(cmd: CreateOrganisation): void {
    const id = this.nextOrganisationId;
    const address = organisationAddress(id);
    let reason: RejectReason = this.memberProblem(cmd.actor);
    if (reason === RejectReason.NONE && !validName(cmd.name)) reason = RejectReason.INVALID_ORGANISATION;
    else if (reason === RejectReason.NONE && this.byId.size >= MAX_ORGANISATIONS) reason = RejectReason.ORGANISATION_FULL;
    else if (reason === RejectReason.NONE && this.e.accounts.length > this.e.limits.maxAccounts) reason = RejectReason.ORGANISATION_FULL;
    else if (reason === RejectReason.NONE && this.e.accountIdByAddress.has(address)) reason = RejectReason.ADDRESS_IN_USE;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const account = new Account(this.e.accounts.length, Role.CONSUMER, address, this.e.limits.recentClientIdsPerAccount);
    this.e.addAccount(account);
    const org = new Organisation(id, account.id, cmd.name);
    this.nextOrganisationId++;
    this.add(org);
    this.join(org, cmd.actor, OrganisationRole.ADMIN);
    this.e.out.push({ type: EventType.ACCOUNT_OPENED, seq: this.e.seq, accountId: account.id, role: Role.CONSUMER, address });
    this.e.out.push({ type: EventType.ORGANISATION_CREATED, seq: this.e.seq, organisationId: id, accountId: account.id, name: cmd.name, adminAccountId: cmd.actor });
  }

  setMember(cmd: SetOrganisationMember): void {
    const org = this.live(cmd.organisationId);
    let reason: RejectReason = RejectReason.NONE;
    if (org === undefined) reason = RejectReason.UNKNOWN_ORGANISATION;
    else if (org.members.get(cmd.actor) !== OrganisationRole.ADMIN) reason = RejectReason.NOT_ORGANISATION_ADMIN;
    else if (!isRole(cmd.role)) reason = RejectReason.INVALID_ORGANISATION;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const o = org!;
    const previous = o.members.get(cmd.memberAccountId);
    if (previous === undefined) reason = this.admissionProblem(o, cmd.memberAccountId);
    else if (previous === OrganisationRole.ADMIN && cmd.role !== OrganisationRole.ADMIN && o.admins() === 1) reason = RejectReason.LAST_ADMIN;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    if (previous === undefined) return this.admit(o, cmd.memberAccountId, cmd.role);
    o.members.set(cmd.memberAccountId, cmd.role);
    this.e.out.push({ type: EventType.ORGANISATION_MEMBER_SET, seq: this.e.seq, organisationId: o.id, memberAccountId: cmd.memberAccountId, role: cmd.role, previousRole: previous });
  }

  /**
   * Why `accountId` may not join `org` now (NONE: it may): a wallet in no organisation, a free
   * place among the members and a free seat in every tier the organisation subscribes to. Made
   * when a wallet joins, by an accepted invitation (organisation-invitations.ts) or, in journals
   * written before invitations, SET_ORGANISATION_MEMBER.
   */
  admissionProblem(org: Organisation, accountId: number): RejectReason {
    const reason = this.memberProblem(accountId);
    if (reason !== RejectReason.NONE) return reason;
    if (org.members.size >= MAX_ORGANISATION_MEMBERS) return RejectReason.ORGANISATION_FULL;
    // A new member takes a seat in every tier the organisation subscribes to.
    return this.e.tiers.seatForOneMore(org.accountId);
  }

  /** Joins `accountId` to `org` with `role` (admissionProblem said NONE) and says so. */
  admit(org: Organisation, accountId: number, role: OrganisationRole): void {
    this.join(org, accountId, role);
    this.e.tiers.membersChanged(org.accountId);
    this.e.out.push({ type: EventType.ORGANISATION_MEMBER_SET, seq: this.e.seq, organisationId: org.id, memberAccountId: accountId, role, previousRole: 0 });
  }

  removeMember(cmd: RemoveOrganisationMember): void {
    const org = this.live(cmd.organisationId);
    let reason: RejectReason = RejectReason.NONE;
    // Rules 17: the sole member leaving dissolves the organisation, when its account holds nothing that would be lost.
    const dissolves = org !== undefined && this.e.rulesVersion >= DISSOLVE_RULES && cmd.actor === cmd.memberAccountId && org.members.size === 1 && org.members.has(cmd.actor);
    if (org === undefined) reason = RejectReason.UNKNOWN_ORGANISATION;
    // A member may always leave; anyone else needs to be an admin.
    else if (cmd.actor !== cmd.memberAccountId && org.members.get(cmd.actor) !== OrganisationRole.ADMIN) reason = RejectReason.NOT_ORGANISATION_ADMIN;
    else if (!org.members.has(cmd.memberAccountId)) reason = RejectReason.NOT_A_MEMBER;
    else if (dissolves) reason = this.holdingProblem(org);
    else if (org.members.get(cmd.memberAccountId) === OrganisationRole.ADMIN && org.admins() === 1) reason = RejectReason.LAST_ADMIN;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    org!.members.delete(cmd.memberAccountId);
    this.ofMember.delete(cmd.memberAccountId);
    this.e.tiers.membersChanged(org!.accountId);
    this.e.out.push({ type: EventType.ORGANISATION_MEMBER_REMOVED, seq: this.e.seq, organisationId: org!.id, memberAccountId: cmd.memberAccountId, byAccountId: cmd.actor });
    if (!dissolves) return;
    // Nobody is left to answer for them: an invitee accepting would join an organisation without an admin.
    this.e.organisationInvitations.revokeAllOf(org!.id, cmd.actor);
    this.e.out.push({ type: EventType.ORGANISATION_DISSOLVED, seq: this.e.seq, organisationId: org!.id, accountId: org!.accountId, byAccountId: cmd.actor });
  }

  /**
   * Why `org`'s account may not be given up (NONE: it holds nothing a dissolution would lose): PAT (free, held by
   * orders, locked, a sub-µPAT deposit, a withdrawal on its way), resting orders, rights or a position in a series
   * not done with (a spot series' rights die with its window; forwards and cash-settled series zero their positions
   * when they settle), a grant whose escrow is open (rights to deliver, a claim or a refund to come), a live
   * subscription or tier subscription (they would buy for nobody).
   */
  private holdingProblem(org: Organisation): RejectReason {
    const a = this.e.accounts[org.accountId]!;
    const notEmpty = RejectReason.ORGANISATION_NOT_EMPTY;
    if (a.availableMicros !== 0 || a.heldMicros !== 0 || a.lockedMicros !== 0 || a.remainderWei !== 0n || a.pendingWithdrawalWei !== 0n || a.openOrders !== 0) return notEmpty;
    for (const p of a.positions.values()) {
      const series = this.e.series[p.seriesId];
      if (series?.status === SeriesStatus.EXPIRED && series.spec.kind === SeriesKind.SPOT) continue;
      if (p.available !== 0 || p.held !== 0 || p.openBuyQty !== 0 || p.escrowMicros !== 0 || p.collateralMicros !== 0 || p.costMicros !== 0) return notEmpty;
    }
    if (this.e.subscriptions.liveCountOf(a.id) !== 0 || this.e.tiers.liveOf(a.id).length !== 0) return notEmpty;
    // Rare (a sole member dissolving), so a walk of the open escrows rather than an index every grant would keep.
    for (const g of this.e.escrow.grants.values()) if (g.consumerAccountId === a.id) return notEmpty;
    return RejectReason.NONE;
  }

  moveFunds(cmd: MoveOrganisationFunds): void {
    const org = this.live(cmd.organisationId);
    const role = org?.members.get(cmd.actor);
    let reason: RejectReason = RejectReason.NONE;
    if (org === undefined) reason = RejectReason.UNKNOWN_ORGANISATION;
    else if (role === undefined) reason = RejectReason.NOT_A_MEMBER;
    // Anyone in the organisation may pay in; only an admin takes PAT out.
    else if (!cmd.toOrganisation && role !== OrganisationRole.ADMIN) reason = RejectReason.NOT_ORGANISATION_ADMIN;
    else if (!isPositiveSafeInt(cmd.amountMicros) || typeof cmd.toOrganisation !== 'boolean') reason = RejectReason.INVALID_AMOUNT;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const from = this.e.accounts[cmd.toOrganisation ? cmd.actor : org!.accountId]!;
    const to = this.e.accounts[cmd.toOrganisation ? org!.accountId : cmd.actor]!;
    if (from.availableMicros < cmd.amountMicros) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.INSUFFICIENT_BALANCE);
    // Rules 19: PAT paid in can leave through any admin, so a provider whose payouts are held pays in only its own deposits.
    if (this.e.rulesVersion >= OWN_DEPOSIT_RULES && cmd.toOrganisation) {
      const wei = BigInt(cmd.amountMicros) * WEI_PER_MICRO;
      if (payoutRefused(from, wei, this.e)) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.PAYOUT_HELD_UNVERIFIED);
      takeFromOwnDeposits(from, wei);
    }
    from.availableMicros -= cmd.amountMicros;
    to.availableMicros += cmd.amountMicros;
    this.e.out.push({ type: EventType.ORGANISATION_FUNDS_MOVED, seq: this.e.seq, organisationId: org!.id, fromAccountId: from.id, toAccountId: to.id, amountMicros: cmd.amountMicros });
  }

  // ------------------------------------------------------------------- queries

  /** Organisation `organisationId` unless it is unknown or dissolved (no command acts on one dissolved). */
  live(organisationId: number): Organisation | undefined {
    const org = this.byId.get(organisationId);
    return org === undefined || org.dissolved ? undefined : org;
  }

  /** The organisation `accountId` is a member of, if any. */
  memberOf(accountId: number): Organisation | undefined {
    return this.ofMember.get(accountId);
  }

  /** The role `accountId` holds in organisation `organisationId` (undefined: not a member). */
  roleIn(organisationId: number, accountId: number): OrganisationRole | undefined {
    return this.byId.get(organisationId)?.members.get(accountId);
  }

  /** @internal Adds an organisation (made, or decoded from a snapshot) and indexes its account. */
  add(org: Organisation): void {
    this.byId.set(org.id, org);
    this.ofAccount.set(org.accountId, org);
  }

  /** @internal Adds a member (joined, or decoded). */
  join(org: Organisation, accountId: number, role: OrganisationRole): void {
    org.members.set(accountId, role);
    this.ofMember.set(accountId, org);
  }

  /** Why `accountId` may not join an organisation (NONE: it may): a wallet's account, in none yet. */
  memberProblem(accountId: number): RejectReason {
    const account = this.e.accounts[accountId];
    if (account === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    // Wallets only: not the broker, an operator, or an organisation's own account (no key signs for it).
    if (account.role === Role.BROKER || account.role === Role.OPERATOR || account.address === '' || this.ofAccount.has(accountId)) return RejectReason.INVALID_ORGANISATION;
    if (this.ofMember.has(accountId)) return RejectReason.ALREADY_IN_ORGANISATION;
    return RejectReason.NONE;
  }
}

export function isRole(role: number): role is OrganisationRole {
  return role === OrganisationRole.ADMIN || role === OrganisationRole.TRADER || role === OrganisationRole.READER;
}

function validName(name: unknown): name is string {
  return typeof name === 'string' && name.length >= 1 && name.length <= MAX_ORGANISATION_NAME_LENGTH && NAME_PATTERN.test(name);
}
