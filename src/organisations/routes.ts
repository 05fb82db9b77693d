/**
 * Organisations over HTTP (docs/organisations.md), every route wallet-signed and about the
 * signer's own organisation:
 *
 *     POST   /v1/organisations {name}                       found one; the signer is its first admin
 *     GET    /v1/organisations/mine                         its account, balance, members and roles
 *     POST   /v1/organisations/mine/members {address, role}  add a wallet or change its role (admins)
 *     DELETE /v1/organisations/mine/members/{address}       remove (admins) or leave (oneself)
 *     POST   /v1/organisations/mine/funds {direction, amountMicros}   PAT in (members) or out to oneself (admins)
 *     GET    /v1/organisations/mine/membership              the exchange's signed statement a gate takes
 *     GET    /v1/organisations/mine/grants                  the organisation's grants (every role)
 *     GET    /v1/organisations/mine/purchases               the organisation's purchases (every role)
 *
 * What changes the engine is a journaled command (CREATE_ORGANISATION, SET_ORGANISATION_MEMBER,
 * REMOVE_ORGANISATION_MEMBER, MOVE_ORGANISATION_FUNDS) the engine checks again (admin, last admin,
 * one organisation per wallet, limits); the reads come from the engine's state and the ledgers.
 * Errors are the house shape `{error: CODE, message}`; nothing changes on one.
 */
import { z } from 'zod';
import { CommandKind, EventType, OrganisationRole, rejectReasonName, type Command, type Engine, type EngineEvent, type Sequencer } from '../engine/index.js';
import type { Organisation } from '../engine/index.js';
import type { HttpReply, HttpRequestInfo, MountedRoute } from '../http-registry/index.js';
import { grantView, MEMBERSHIP_TTL_MS, signMembership, type GrantLedger } from '../grants/index.js';
import { createOrganisationBody, fundsBody, memberBody, ORGANISATION_OPERATIONS as OPS } from './operations.js';

export interface OrganisationRouteOptions {
  engine: Engine;
  sequencer: Pick<Sequencer, 'submit'>;
  /** Undefined while the grant ledger is not open. */
  grants: () => GrantLedger | undefined;
  purchasesOf: (accountId: number, offset: number, limit: number) => Promise<{ total: number; purchases: unknown[] }>;
  clock: () => number;
}

const ROLE_OF_NAME = { admin: OrganisationRole.ADMIN, trader: OrganisationRole.TRADER, reader: OrganisationRole.READER } as const;
const NAME_OF_ROLE: Record<number, string> = { 1: 'admin', 2: 'trader', 3: 'reader' };

/** The engine's refusals of the organisation commands: the route's status and what it means for the caller. */
const REFUSALS: Record<string, readonly [number, string]> = {
  INVALID_ORGANISATION: [400, 'the name (1 to 64 printable characters), the role or the member is out of range (the broker, an operator or an organisation cannot be a member)'],
  INVALID_AMOUNT: [400, 'the amount is not a positive whole number of µPAT'],
  NOT_ORGANISATION_ADMIN: [403, "only the organisation's admins may do this"],
  UNKNOWN_ORGANISATION: [404, 'the organisation is gone'],
  NOT_A_MEMBER: [404, 'that wallet is not a member of the organisation'],
  UNKNOWN_ACCOUNT: [404, 'that wallet has no account yet: it logs in once first'],
  ALREADY_IN_ORGANISATION: [409, 'that wallet belongs to an organisation already (a wallet belongs to at most one; it leaves first)'],
  ORGANISATION_FULL: [409, 'the organisation has as many members as it may (100), or the exchange as many organisations'],
  LAST_ADMIN: [409, 'the organisation would have no admin left: make another member admin first'],
  INSUFFICIENT_BALANCE: [409, 'the free PAT of the account it comes from does not cover the amount'],
  TIER_SEATS_FULL: [409, 'the organisation subscribes to a tier with no free seat: every member takes one (docs/organisations.md, "Seats"); cancel the tier subscription, or remove a member, first'],
};

const error = (status: number, code: string, message: string): HttpReply => ({ status, body: { error: code, message } });
const notAdmin = (): HttpReply => error(403, 'NOT_ORGANISATION_ADMIN', REFUSALS.NOT_ORGANISATION_ADMIN![1]);

/** The command's refusal as the route's reply (undefined: it was applied). */
function refused(events: EngineEvent[]): HttpReply | undefined {
  const rejected = events.find((e) => e.type === EventType.COMMAND_REJECTED);
  if (rejected?.type !== EventType.COMMAND_REJECTED) return undefined;
  const code = rejectReasonName(rejected.reason);
  const [status, message] = REFUSALS[code] ?? [409, `refused: ${code}`];
  return error(status, code, message);
}

/** The page the query asks for (the registry checked both against the operation's schema). */
function pageAsked(query: URLSearchParams): [offset: number, limit: number] {
  return [Number(query.get('offset') ?? 0), Number(query.get('limit') ?? 50)];
}

/** The organisation as its members see it. */
export function organisationView(engine: Engine, org: Organisation, viewerAccountId: number): object {
  const account = engine.accounts[org.accountId]!;
  return {
    organisationId: org.id,
    name: org.name,
    accountId: org.accountId,
    address: account.address,
    role: NAME_OF_ROLE[org.members.get(viewerAccountId) ?? 0] ?? null,
    balance: { availableMicros: account.availableMicros, heldMicros: account.heldMicros, lockedMicros: account.lockedMicros },
    members: [...org.members].map(([accountId, role]) => ({ accountId, address: engine.accounts[accountId]?.address ?? '', role: NAME_OF_ROLE[role] })),
  };
}

export function organisationRoutes(o: OrganisationRouteOptions): MountedRoute[] {
  const notIn = error(404, 'NOT_IN_ORGANISATION', 'this wallet belongs to no organisation (POST /v1/organisations founds one; an admin adds a wallet)');
  const grantsUnavailable = error(503, 'GRANTS_UNAVAILABLE', 'grants are not served yet (the service is starting)');

  async function submit(cmd: Command): Promise<HttpReply | undefined> {
    const result = await o.sequencer.submit(cmd);
    return refused(result.events);
  }

  async function create(req: HttpRequestInfo): Promise<HttpReply> {
    const parsed = createOrganisationBody.safeParse(req.body);
    if (!parsed.success) return error(400, 'MALFORMED_ORGANISATION', z.prettifyError(parsed.error));
    const result = await o.sequencer.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: req.accountId, name: parsed.data.name });
    const refusal = refused(result.events);
    if (refusal !== undefined) return refusal;
    const created = result.events.find((e) => e.type === EventType.ORGANISATION_CREATED);
    if (created?.type !== EventType.ORGANISATION_CREATED) return error(500, 'NO_EVENT', 'the organisation was neither made nor refused');
    return { status: 201, body: organisationView(o.engine, o.engine.organisations.byId.get(created.organisationId)!, req.accountId) };
  }

  async function setMember(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    const parsed = memberBody.safeParse(req.body);
    if (!parsed.success) return error(400, 'MALFORMED_MEMBER', z.prettifyError(parsed.error));
    // Admins first: a member who may not manage learns nothing of which wallets have accounts.
    if (org.members.get(req.accountId) !== OrganisationRole.ADMIN) return notAdmin();
    const member = o.engine.accountIdByAddress.get(parsed.data.address.toLowerCase());
    if (member === undefined) return error(404, 'UNKNOWN_WALLET', `${parsed.data.address} has no account yet: it logs in once (or deposits) first`);
    const refusal = await submit({ kind: CommandKind.SET_ORGANISATION_MEMBER, actor: req.accountId, organisationId: org.id, memberAccountId: member, role: ROLE_OF_NAME[parsed.data.role] });
    return refusal ?? { status: 200, body: organisationView(o.engine, org, req.accountId) };
  }

  async function removeMember(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    const member = o.engine.accountIdByAddress.get(req.params.address!.toLowerCase());
    if (member !== req.accountId && org.members.get(req.accountId) !== OrganisationRole.ADMIN) return notAdmin();
    if (member === undefined || !org.members.has(member)) return error(404, 'NOT_A_MEMBER', `${req.params.address} is not a member of the organisation`);
    const refusal = await submit({ kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor: req.accountId, organisationId: org.id, memberAccountId: member });
    if (refusal !== undefined) return refusal;
    return { status: 200, body: member === req.accountId ? { left: true, organisationId: org.id } : organisationView(o.engine, org, req.accountId) };
  }

  async function funds(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    const parsed = fundsBody.safeParse(req.body);
    if (!parsed.success) return error(400, 'MALFORMED_FUNDS', z.prettifyError(parsed.error));
    const refusal = await submit({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: req.accountId, organisationId: org.id, toOrganisation: parsed.data.direction === 'in', amountMicros: parsed.data.amountMicros });
    return refusal ?? { status: 200, body: { organisationBalanceMicros: o.engine.accounts[org.accountId]!.availableMicros, ownBalanceMicros: o.engine.accounts[req.accountId]!.availableMicros } };
  }

  function membership(req: HttpRequestInfo, org: Organisation): HttpReply {
    const ledger = o.grants();
    if (ledger === undefined) return grantsUnavailable;
    const now = o.clock();
    const statement = {
      organisation: o.engine.accounts[org.accountId]!.address,
      member: o.engine.accounts[req.accountId]!.address,
      role: org.members.get(req.accountId)!,
      issuedAtMs: now,
      expiresAtMs: now + MEMBERSHIP_TTL_MS,
    };
    return { status: 200, body: { ...signMembership(ledger.signer, statement), domain: ledger.signer.domain } };
  }

  async function grants(req: HttpRequestInfo, org: Organisation): Promise<HttpReply> {
    const ledger = o.grants();
    if (ledger === undefined) return grantsUnavailable;
    const page = await ledger.grantsOf('consumer', org.accountId, ...pageAsked(req.query));
    return { status: 200, body: { total: page.total, grants: page.grants.map(grantView) } };
  }

  const route: MountedRoute = {
    operations: [OPS.create, OPS.mine, OPS.setMember, OPS.removeMember, OPS.funds, OPS.membership, OPS.grants, OPS.purchases],
    maxBodyBytes: 1024,
    async handle(req) {
      if (req.operationId === OPS.create.operationId) return create(req);
      // Every other route is about the signer's organisation, read now (the engine checks again when a command runs).
      const org = o.engine.organisations.memberOf(req.accountId);
      if (org === undefined) return notIn;
      switch (req.operationId) {
        case OPS.mine.operationId:
          return { status: 200, body: organisationView(o.engine, org, req.accountId) };
        case OPS.setMember.operationId:
          return setMember(req, org);
        case OPS.removeMember.operationId:
          return removeMember(req, org);
        case OPS.funds.operationId:
          return funds(req, org);
        case OPS.membership.operationId:
          return membership(req, org);
        case OPS.grants.operationId:
          return grants(req, org);
        case OPS.purchases.operationId:
          return { status: 200, body: await o.purchasesOf(org.accountId, ...pageAsked(req.query)) };
        default:
          return error(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`);
      }
    },
  };
  return [route];
}
