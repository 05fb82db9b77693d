/**
 * Organisations over HTTP (docs/organisations.md), every route wallet-signed and about the
 * signer's own organisation:
 *
 *     POST   /v1/organisations {name}                       found one; the signer is its first admin
 *     GET    /v1/organisations/mine                         its account, balance, members and roles
 *     POST   /v1/organisations/mine/members {address, role}  change a member's role (admins; a wallet joins by invitation: invitation-routes.ts)
 *     DELETE /v1/organisations/mine/members/{address}       remove (admins) or leave (oneself; the sole member's leave dissolves it)
 *     POST   /v1/organisations/mine/funds {direction, amountMicros}   PAT in (members) or out to oneself (admins)
 *     GET    /v1/organisations/mine/membership              the exchange's signed statement a gate takes
 *     GET    /v1/organisations/mine/grants                  the organisation's grants (every role)
 *     GET    /v1/organisations/mine/purchases               the organisation's purchases (every role)
 *
 * What changes the engine is a journaled command (CREATE_ORGANISATION, SET_ORGANISATION_MEMBER,
 * REMOVE_ORGANISATION_MEMBER, MOVE_ORGANISATION_FUNDS) the engine checks again (admin, last admin,
 * one organisation per wallet, limits); the reads come from the engine's state, read at their place
 * in the sequencer's queue (never ahead of the journal), and the ledgers.
 * Errors are the house shape `{error: CODE, message}`; nothing changes on one.
 */
import { z } from 'zod';
import { CommandKind, EventType, OrganisationRole, type Command, type Engine, type Sequencer } from '../engine/index.js';
import type { Organisation } from '../engine/index.js';
import { replyReleased, unreadReply, type HttpReply, type HttpRequestInfo, type MountedRoute } from '../http-registry/index.js';
import { grantList, MEMBERSHIP_TTL_MS, signMembership, type GrantLedger } from '../grants/index.js';
import { error, notAdmin, refused, ROLE_OF_NAME } from './refusals.js';
import { invitationRoute } from './invitation-routes.js';
import { organisationView } from './organisation-view.js';
import { submitWhileHeld } from '../subscriptions/cover.js';
import { createOrganisationBody, fundsBody, memberBody, nameAsRead, ORGANISATION_OPERATIONS as OPS } from './operations.js';

export interface OrganisationRouteOptions {
  engine: Engine;
  /** `released`: what a reply shows is read at its place in the queue, never ahead of the journal. */
  sequencer: Pick<Sequencer, 'submit' | 'released'>;
  /** Undefined while the grant ledger is not open. */
  grants: () => GrantLedger | undefined;
  purchasesOf: (accountId: number, offset: number, limit: number) => Promise<{ total: number; purchases: unknown[] }>;
  clock: () => number;
  /** The engine's last accounts, kept for wallets with a deposit waiting (gateway.accountsReservedForDepositors): a founding opens one, so none is founded into them. */
  accountsReservedForDepositors?: number;
  /**
   * Admits `amountMicros` leaving `accountId` when what stays free still covers its live subscriptions' next windows
   * (docs/subscriptions.md, "Cover"): held until released, else the refusal to answer. Absent: not checked.
   */
  admitOutflow?(accountId: number, amountMicros: number): { release(): void } | HttpReply;
}

/** The page the query asks for (the registry checked both against the operation's schema). */
function pageAsked(query: URLSearchParams): [offset: number, limit: number] {
  return [Number(query.get('offset') ?? 0), Number(query.get('limit') ?? 50)];
}

export function organisationRoutes(o: OrganisationRouteOptions): MountedRoute[] {
  const routes = new OrganisationRoutes(o);
  const route: MountedRoute = {
    operations: [OPS.create, OPS.mine, OPS.setMember, OPS.removeMember, OPS.funds, OPS.membership, OPS.grants, OPS.purchases],
    maxBodyBytes: 1024,
    handle: (req) => routes.handle(req),
  };
  return [route, invitationRoute(o)];
}

const NOT_IN = error(404, 'NOT_IN_ORGANISATION', 'this wallet belongs to no organisation (POST /v1/organisations founds one; a wallet an admin invited accepts: GET /v1/organisations/invitations)');
const GRANTS_UNAVAILABLE = error(503, 'GRANTS_UNAVAILABLE', 'grants are not served yet (the service is starting)');

/**
 * Organisations by their names as read, kept up to the newest: ids are given in order and names never change, so each
 * check reads only the organisations made since the last (not every one, on the engine's thread). A dissolved one's
 * name is free (docs/organisations.md, "Leaving and dissolving"); a later one of the same name takes its place here.
 */
class NamesTaken {
  private readonly ids = new Map<string, number>();
  private next = 1;

  constructor(private readonly engine: Engine) {}

  idOf(read: string): number | undefined {
    const byId = this.engine.organisations.byId;
    for (let org = byId.get(this.next); org !== undefined; org = byId.get(++this.next)) this.ids.set(nameAsRead(org.name), org.id);
    const id = this.ids.get(read);
    return id === undefined || this.engine.organisations.live(id) === undefined ? undefined : id;
  }
}

/** The routes' handlers, each its own method; the state they share (names being made, recent dissolutions) kept here. */
class OrganisationRoutes {
  private readonly namesTaken: NamesTaken;
  /** Names as read whose creation is submitted and not yet applied (one per request in flight). */
  private readonly namesBeingMade = new Set<string>();
  private readonly dissolutions = new RecentDissolutions();

  constructor(private readonly o: OrganisationRouteOptions) {
    this.namesTaken = new NamesTaken(o.engine);
  }

  async handle(req: HttpRequestInfo): Promise<HttpReply> {
    if (req.operationId === OPS.create.operationId) return this.create(req);
    // Every other route is about the signer's organisation, read now (the engine checks again when a command runs).
    const org = this.o.engine.organisations.memberOf(req.accountId);
    if (org === undefined) return NOT_IN;
    switch (req.operationId) {
      case OPS.mine.operationId:
        return this.viewReleased(org.id, req.accountId);
      case OPS.setMember.operationId:
        return this.setMember(req, org);
      case OPS.removeMember.operationId:
        return this.removeMember(req, org);
      case OPS.funds.operationId:
        return this.funds(req, org);
      case OPS.membership.operationId:
        return this.membership(req);
      case OPS.grants.operationId:
        return this.grants(req, org);
      case OPS.purchases.operationId:
        return { status: 200, body: await this.o.purchasesOf(org.accountId, ...pageAsked(req.query)) };
      default:
        return error(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`);
    }
  }

  private async submit(cmd: Command): Promise<HttpReply | undefined> {
    return refused((await this.o.sequencer.submit(cmd)).events);
  }

  /** The organisation `organisationId` as `accountId` sees it, read once what was queued before is journaled. */
  private viewReleased(organisationId: number, accountId: number, status = 200): Promise<HttpReply> {
    return replyReleased(
      this.o.sequencer.released((engine) => {
        const org = engine.organisations.byId.get(organisationId);
        return org === undefined ? NOT_IN : { status, body: organisationView(engine, org, accountId) };
      }),
    );
  }

  private async create(req: HttpRequestInfo): Promise<HttpReply> {
    const o = this.o;
    const parsed = createOrganisationBody.safeParse(req.body);
    if (!parsed.success) return error(400, 'MALFORMED_ORGANISATION', z.prettifyError(parsed.error));
    const wait = this.dissolutions.waitMs(req.accountId, o.clock());
    if (wait > 0) return { status: 429, body: { error: 'RATE_LIMITED', message: `this wallet dissolved an organisation less than a day ago: it may found another in ${Math.ceil(wait / 3_600_000)} h (or join one it is invited to now); nothing was made` }, headers: { 'retry-after': String(Math.ceil(wait / 1000)) } };
    // A second "Acme Analytics" invites the first one's people into a look-alike (an outside review): one name, one organisation.
    // Founding opens the organisation's account: not one of those a full exchange keeps for depositors (an outside review).
    if (o.engine.accountsLeft() <= (o.accountsReservedForDepositors ?? 0)) {
      return error(409, 'ACCOUNTS_FULL', "the exchange's last accounts open only for wallets with a deposit waiting, and founding an organisation opens one: nothing was made");
    }
    const read = nameAsRead(parsed.data.name);
    const taken = this.namesTaken.idOf(read);
    if (taken !== undefined) return error(409, 'ORGANISATION_NAME_TAKEN', `organisation ${taken} is named ${JSON.stringify(o.engine.organisations.byId.get(taken)!.name)}: choose another name`);
    // Two at once: each was checked before the other was applied, and both were made. A name stays reserved while its creation is queued.
    if (this.namesBeingMade.has(read)) return error(409, 'ORGANISATION_NAME_TAKEN', `an organisation of that name is being made: choose another name`);
    this.namesBeingMade.add(read);
    let result;
    try {
      result = await o.sequencer.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: req.accountId, name: parsed.data.name });
    } finally {
      this.namesBeingMade.delete(read);
    }
    const refusal = refused(result.events);
    if (refusal !== undefined) return refusal;
    const created = result.events.find((e) => e.type === EventType.ORGANISATION_CREATED);
    if (created?.type !== EventType.ORGANISATION_CREATED) return error(500, 'NO_EVENT', 'the organisation was neither made nor refused');
    return this.viewReleased(created.organisationId, req.accountId, 201);
  }

  private async setMember(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    const parsed = memberBody.safeParse(req.body);
    if (!parsed.success) return error(400, 'MALFORMED_MEMBER', z.prettifyError(parsed.error));
    // Admins first: a member who may not manage learns nothing of which wallets have accounts.
    if (org.members.get(req.accountId) !== OrganisationRole.ADMIN) return notAdmin();
    const member = this.o.engine.accountIdByAddress.get(parsed.data.address.toLowerCase());
    // Joining takes the wallet's consent: a wallet not yet a member is invited (docs/organisations.md, "Invitations").
    if (member === undefined || !org.members.has(member)) return error(404, 'NOT_A_MEMBER', `${parsed.data.address} is not a member: invite it (POST /v1/organisations/mine/invitations); it joins when it accepts`);
    const refusal = await this.submit({ kind: CommandKind.SET_ORGANISATION_MEMBER, actor: req.accountId, organisationId: org.id, memberAccountId: member, role: ROLE_OF_NAME[parsed.data.role] });
    return refusal ?? this.viewReleased(org.id, req.accountId);
  }

  private async removeMember(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    const member = this.o.engine.accountIdByAddress.get(req.params.address!.toLowerCase());
    if (member !== req.accountId && org.members.get(req.accountId) !== OrganisationRole.ADMIN) return notAdmin();
    if (member === undefined || !org.members.has(member)) return error(404, 'NOT_A_MEMBER', `${req.params.address} is not a member of the organisation`);
    const { events } = await this.o.sequencer.submit({ kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor: req.accountId, organisationId: org.id, memberAccountId: member });
    const refusal = refused(events);
    if (refusal !== undefined) return refusal;
    // The sole member's leave dissolves the organisation (rules 17): said, so nobody looks for it again.
    const dissolved = events.some((e) => e.type === EventType.ORGANISATION_DISSOLVED);
    if (dissolved) this.dissolutions.record(req.accountId, this.o.clock());
    return member === req.accountId ? { status: 200, body: { left: true, organisationId: org.id, dissolved } } : this.viewReleased(org.id, req.accountId);
  }

  private async funds(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    const parsed = fundsBody.safeParse(req.body);
    if (!parsed.success) return error(400, 'MALFORMED_FUNDS', z.prettifyError(parsed.error));
    const toOrganisation = parsed.data.direction === 'in';
    // A move may not take a subscription's cover away from the account it leaves, as a withdrawal may not.
    const held = this.o.admitOutflow?.(toOrganisation ? req.accountId : org.accountId, parsed.data.amountMicros);
    if (held !== undefined && 'status' in held) return held;
    const refusal = await submitWhileHeld(held, () =>
      this.submit({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: req.accountId, organisationId: org.id, toOrganisation, amountMicros: parsed.data.amountMicros }),
    );
    if (refusal !== undefined) return refusal;
    return replyReleased(
      this.o.sequencer.released((engine) => ({ status: 200, body: { organisationBalanceMicros: engine.accounts[org.accountId]!.availableMicros, ownBalanceMicros: engine.accounts[req.accountId]!.availableMicros } })),
    );
  }

  /** Signed from a journaled membership only: a statement a gate honours must not outlive a crash's loss of the change it states. */
  private async membership(req: HttpRequestInfo): Promise<HttpReply> {
    const ledger = this.o.grants();
    if (ledger === undefined) return GRANTS_UNAVAILABLE;
    let member: { organisation: string; member: string; role: OrganisationRole } | undefined;
    try {
      member = await this.o.sequencer.released((engine) => {
        const org = engine.organisations.memberOf(req.accountId);
        return org === undefined ? undefined : { organisation: engine.accounts[org.accountId]!.address, member: engine.accounts[req.accountId]!.address, role: org.members.get(req.accountId)! };
      });
    } catch (error) {
      return unreadReply(error);
    }
    if (member === undefined) return NOT_IN;
    const now = this.o.clock();
    return { status: 200, body: { ...signMembership(ledger.signer, { ...member, issuedAtMs: now, expiresAtMs: now + MEMBERSHIP_TTL_MS }), domain: ledger.signer.domain } };
  }

  private async grants(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    const ledger = this.o.grants();
    if (ledger === undefined) return GRANTS_UNAVAILABLE;
    return grantList(ledger, 'consumer', org.accountId, req.query);
  }
}

/** A day: how long after dissolving an organisation its wallet waits to found another. */
const REFOUND_AFTER_MS = 86_400_000;
/** Past this many wallets remembered, a record also drops every one older than a day. */
const SWEEP_ABOVE = 10_000;

/**
 * Wallets that dissolved an organisation in the last day (rules 17), which may not found another until the day is
 * out. Founding opens an account and an organisation the exchange keeps for good (both bounded in all: maxAccounts,
 * MAX_ORGANISATIONS); a wallet that could found, dissolve and found again without end could fill both for everyone.
 * Before rules 17 a wallet founded at most one, ever. Kept in memory as the accounts opened per address are
 * (src/gateway/account-openings.ts): a restart forgets it.
 */
class RecentDissolutions {
  private readonly atMs = new Map<number, number>();

  record(accountId: number, nowMs: number): void {
    if (this.atMs.size > SWEEP_ABOVE) for (const [id, at] of this.atMs) if (nowMs - at >= REFOUND_AFTER_MS) this.atMs.delete(id);
    this.atMs.set(accountId, nowMs);
  }

  /** How long `accountId` still waits to found again (0: it may). */
  waitMs(accountId: number, nowMs: number): number {
    const at = this.atMs.get(accountId);
    return at === undefined ? 0 : Math.max(0, at + REFOUND_AFTER_MS - nowMs);
  }
}
