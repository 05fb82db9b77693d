/**
 * The operator API, independent of any HTTP framework: the gateway mounts
 * `handle` under `/operator/` on its HTTP server after authenticating the
 * operator (bearer token), and passes the operator's name.
 *
 * Every change is a journaled command submitted through the sequencer as the
 * operator's engine account: validated here with zod (a bad value is refused
 * with 400 and the reason; nothing is submitted), validated again by the
 * engine (a refusal there is 409 with the engine's reject reason; nothing
 * changed), and audited by the engine's own events (who, when, old, new),
 * kept in the audit trail derived from the journal (audit-trail.ts, GET /audit).
 * Operators are named, each on an engine account of its own (credentials.ts).
 *
 * Each change needs a role (requiredRole below): operators need admin, the catalog's
 * changes moderator, parameters, kill switches, MMP, halts and qualification risk.
 * Reads need none beyond being an operator. A request outside the caller's roles is
 * 403 FORBIDDEN_ROLE and changes nothing.
 */
import { z } from 'zod';
import {
  CommandKind,
  CURRENT_RULES,
  DiskLowError,
  EventType,
  KillScope,
  CancelReason,
  OperatorAction,
  Side,
  enumName,
  rejectReasonName,
  Role,
  SYSTEM_ACTOR,
  SeriesKind,
  SeriesStatus,
  UNGOVERNED_PHASE,
  type Command,
  type Engine,
  type EngineEvent,
  type Sequencer,
} from '../engine/index.js';
import { checkParam, FEE_FIELDS, FEE_KINDS, FEE_PARAM_SPECS, feeParamName, feeScheduleReport, paramChangeSchema, paramSpec, PHASE_READINESS_PARAM_SPECS, QUOTING_PARAM_SPECS, RISK_PARAM_SPECS, SEGMENT_PARAM_SPECS, type FeeKind, type ParamSpec } from '../risk/index.js';
import { renderAlarmMetrics, RiskMetrics } from './metrics.js';
import { CLEARED_BY_OPERATOR, type AlarmBoard } from './alarm-board.js';
import type { AlarmName } from '../runtime/health.js';
import { ALARM_HISTORY_LIMITS, type AlarmHistory } from './alarm-history.js';
import type { AuditEntry, AuditTrail } from './audit-trail.js';
import { OperatorCredentialError, operatorNameSchema, operatorRoleSchema, type OperatorCredentials, type OperatorRole } from './credentials.js';
import { exposureReport } from './exposure.js';
import { brokerIndexRisk, type QuotingService } from '../quoting/index.js';

export interface OperatorRequest {
  method: string;
  /** Path with or without the `/operator` prefix, e.g. `/operator/params/risk.maxOrderQty`. */
  path: string;
  /** Parsed JSON body (undefined if none). */
  body: unknown;
  /** Authenticated operator name (the gateway checks the token). */
  operator: string;
  /** The operator's roles; absent: its credential's, looked up by name (none for an unknown name). */
  roles?: readonly OperatorRole[];
  /** The operator's engine account (from its credential); absent: resolved by `operatorAccount`. */
  operatorAccountId?: number;
  /** Query parameters (GET /audit?from=&limit=). */
  query?: URLSearchParams;
}

export interface OperatorResponse {
  status: number;
  body: unknown;
  /** Set for a text body (GET /metrics: Prometheus text). */
  contentType?: string;
}

export interface OperatorApiDeps {
  engine: Engine;
  sequencer: Sequencer;
  /** Engine account id an operator acts as; default: the first OPERATOR account. */
  operatorAccount?: (operator: string) => number | undefined;
  /** The quoter: its counters, the broker's P&L, inventory and cost per series, its synthetics and options (GET /broker and the metrics). */
  quoting?: Pick<QuotingService, 'stats' | 'views' | 'pnl' | 'syntheticViews' | 'optionViews'> | undefined;
  /** The audit trail (GET /audit). */
  audit: AuditTrail;
  /** Named operators (GET/POST /operators) and the names the audit shows. */
  credentials: OperatorCredentials;
  /** Wall clock, for credential records. */
  clock: () => number;
  /** The alarm board (GET /alarms and the metrics); absent: GET /alarms answers ALARMS_UNAVAILABLE. */
  alarms?: AlarmBoard;
  /** The alarms' history kept across restarts (GET /alarms/history); absent: ALARMS_UNAVAILABLE. */
  alarmHistory?: AlarmHistory;
  /** The catalog's operator routes (`/operator/listings…`, `/operator/catalog/…`); undefined for paths that are not its. */
  catalogRoute?: (req: { method: string; path: string; body: unknown; query: URLSearchParams; operator: string }) => OperatorResponse | Promise<OperatorResponse> | undefined;
  /**
   * The provider-identity routes (`/operator/providers…`, src/providers/); undefined for paths that are not
   * theirs. `mayReadPrivate`: the caller holds the risk role; `actor`: its engine account.
   */
  providersRoute?: (req: { method: string; path: string; body: unknown; query: URLSearchParams; operator: string; mayReadPrivate: boolean; actor: () => number }) => Promise<OperatorResponse> | undefined;
  /** The dispute routes (`/operator/disputes…`, src/grants/); undefined for paths that are not theirs. `actor`: the deciding operator's engine account. */
  disputesRoute?: (req: { method: string; path: string; body: unknown; actor: () => number; operator: string; nowMs: number }) => Promise<OperatorResponse | undefined>;
  /** The phase-readiness report (GET /phase/readiness, src/phase-readiness/); absent: READINESS_UNAVAILABLE. */
  phaseReadiness?: () => PhaseReadinessSummary;
  /** The washing flags (`/operator/wash-flags`, src/washing/); undefined for paths that are not theirs. */
  washingRoute?: (req: { method: string; path: string; query: URLSearchParams }) => Promise<OperatorResponse> | undefined;
  /**
   * The vault's fee recipient and the account at it, for a fee sweep (POST /fees/sweep; the settlement's `treasury`);
   * absent, or resolving undefined: settlement is not running (SETTLEMENT_UNAVAILABLE).
   */
  treasury?: () => Promise<TreasuryLookup | undefined>;
}

/** Where the vault credits the fees, read from the chain, and the engine account at that address (undefined: none). */
export interface TreasuryLookup {
  feeRecipient: string;
  accountId: number | undefined;
}

/** What GET /phase shows of the readiness report (GET /phase/readiness has all of it). */
export interface PhaseReadinessSummary {
  rule: string;
  nextPhase: number | null;
  overall: { contracts: number; readyContracts: number; ready: boolean };
}

/** An audit entry as the API shows it: with the operator's name. */
export interface NamedAuditEntry extends AuditEntry {
  /** The operator's name, 'system' for the engine's own actions, undefined for another account. */
  operator: string | undefined;
}

export interface OperatorApi {
  handle(req: OperatorRequest): Promise<OperatorResponse>;
  /** Prometheus text lines: parameter values, kill switches, MMP state, risk rejects by reason. */
  metrics(): string;
  /** Audit entries from `fromSeq`, oldest first, with operator names. */
  audit(fromSeq?: number, limit?: number): NamedAuditEntry[];
}

/** A request this API refuses; `status` and `code` go to the response. */
export class OperatorRequestError extends Error {
  override readonly name = 'OperatorRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: unknown = undefined,
  ) {
    super(message);
  }
}

/** A command the sequencer did not take: 507 DISK_LOW (as the catalog answers it: nothing could be stored), else 503. */
function notTaken(error: unknown): OperatorRequestError {
  if (error instanceof DiskLowError) return new OperatorRequestError(507, 'DISK_LOW', error.message);
  return new OperatorRequestError(503, 'SEQUENCER_UNAVAILABLE', (error as Error).message);
}

const ROUTE_PREFIX = '/operator';

export const setValueSchema = z.object({ value: z.number().finite() }).strict();
/** POST /operator/params's body as a shape: which names and values the registry takes is setParam's to say (UNKNOWN_PARAM, PARAM_OUT_OF_RANGE). */
const paramChangeShape = z.object({ name: z.string().min(1).max(200), value: z.number().finite() }).strict();
/** PUT /operator/fees/{kind}: one kind's rates, for every phase or from one phase on (docs/fees.md); each rate within its bounds. */
export const feeChangeSchema = z
  .object({
    phase: z.number().int().min(1).max(4).optional().meta({ description: 'from this governance phase on (1-4); absent: every phase' }),
    makerBps: z.number().int().min(0).optional(),
    takerBps: z.number().int().min(0).optional(),
    issuanceBps: z.number().int().min(0).optional(),
    takeRateBps: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((b) => FEE_FIELDS.some((f) => b[f] !== undefined), { message: 'name at least one of makerBps, takerBps, issuanceBps, takeRateBps' });
/** POST /operator/fees/sweep: how much of the fee account to sweep to the treasury (docs/fees.md); absent: all of it. */
export const feeSweepSchema = z
  .object({ amountMicros: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'µPAT to sweep, at most what the fee account holds; absent: all of it' }) })
  .strict();
export const feeKindParams = z.object({ kind: z.enum(FEE_KINDS).meta({ description: `a product kind: ${FEE_KINDS.join(', ')}` }) });
/** POST /operator/accounts/{id}/institution: qualify a consumer as an institution, or withdraw it. */
export const institutionSchema = z.object({ qualified: z.boolean() }).strict();
export const killSchema = z
  .object({
    scope: z.enum(['account', 'series', 'global']),
    targetId: z.number().int().nonnegative().default(0),
    engaged: z.boolean(),
  })
  .strict()
  .refine((v) => (v.scope === 'global' ? v.targetId === 0 : v.targetId > 0), { message: 'targetId: required (> 0) for account and series scope, 0 for global', path: ['targetId'] });
const SCOPES = { account: KillScope.ACCOUNT, series: KillScope.SERIES, global: KillScope.GLOBAL } as const;

/**
 * The engine's refusal of an operator's command in words: a series or an account it does not have is named by its id
 * (`patx halt 999` said "UNKNOWN_SERIES: refused by the engine: UNKNOWN_SERIES"); any other reason as the engine gave it.
 */
export function refusedWords(cmd: Command, reason: string): string {
  const c = cmd as { seriesId?: unknown; accountId?: unknown; scope?: unknown; targetId?: unknown };
  const seriesId = c.seriesId ?? (c.scope === KillScope.SERIES ? c.targetId : undefined);
  const accountId = c.accountId ?? (c.scope === KillScope.ACCOUNT ? c.targetId : undefined);
  if (reason === 'UNKNOWN_SERIES' && typeof seriesId === 'number') return `no series ${seriesId} (GET /operator/series, patx series, lists them): nothing changed`;
  if (reason === 'UNKNOWN_ACCOUNT' && typeof accountId === 'number') return `no account ${accountId}: nothing changed`;
  return `refused by the engine: ${reason}`;
}

export function createOperatorApi(deps: OperatorApiDeps): OperatorApi {
  return new OperatorApiImpl(deps);
}

/** The audit trail's names of operators' journaled notes: their operator is the note's `by` (the root credential has no engine account). */
const NOTED_ACTIONS: ReadonlySet<string> = new Set(Object.keys(OperatorAction));

class OperatorApiImpl implements OperatorApi {
  private readonly riskMetrics = new RiskMetrics();

  constructor(private readonly deps: OperatorApiDeps) {
    deps.sequencer.onRelease((batch) => {
      // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
      for (let k = 0; k < batch.events.length; k++) this.riskMetrics.observe(batch.events[k]!);
    });
  }

  audit(fromSeq = 1, limit = 1_000): NamedAuditEntry[] {
    return this.deps.audit.page(fromSeq, limit).map((e) => ({ ...e, operator: typeof e.detail.by === 'string' && (e.note !== undefined || NOTED_ACTIONS.has(e.event)) ? e.detail.by : e.actor === 0 ? 'system' : this.deps.credentials.nameOf(e.actor) }));
  }

  metrics(): string {
    const risk = this.riskMetrics.render(this.deps.engine, this.deps.quoting);
    return this.deps.alarms === undefined ? risk : risk + renderAlarmMetrics(this.deps.alarms);
  }

  async handle(req: OperatorRequest): Promise<OperatorResponse> {
    try {
      return await this.route(req);
    } catch (error) {
      if (error instanceof OperatorCredentialError) {
        return { status: error.code === 'UNKNOWN_OPERATOR' ? 404 : 409, body: { error: error.code, message: error.message } };
      }
      if (error instanceof OperatorRequestError) {
        return { status: error.status, body: { error: error.code, message: error.message, ...(error.issues === undefined ? {} : { details: { issues: error.issues } }) } };
      }
      throw error;
    }
  }

  private async route(req: OperatorRequest): Promise<OperatorResponse> {
    const path = req.path.startsWith(ROUTE_PREFIX) ? req.path.slice(ROUTE_PREFIX.length) : req.path;
    const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
    const method = req.method.toUpperCase();
    const [head, id, action] = parts;
    const needed = requiredRole(method, head, id);
    const roles = req.roles ?? this.deps.credentials.rolesOf(req.operator);
    if (needed !== undefined) {
      if (!roles.includes(needed)) {
        throw new OperatorRequestError(403, 'FORBIDDEN_ROLE', `${method} ${req.path} needs the ${needed} role; operator '${req.operator}' holds ${roles.length === 0 ? 'none' : roles.join(', ')}`);
      }
    }
    if (method === 'GET' && head === 'params' && id === undefined) return ok(this.listParams());
    if (method === 'GET' && head === 'params' && id !== undefined) return ok(this.oneParam(id));
    if ((method === 'PUT' || method === 'POST') && head === 'params' && id !== undefined) {
      const body = parse(setValueSchema, req.body);
      return this.setParam(req, id, body.value);
    }
    if (method === 'POST' && head === 'params' && id === undefined) {
      // Its shape here; the name and the bounds in setParam, refused by name.
      const body = parse(paramChangeShape, req.body);
      return this.setParam(req, body.name, body.value);
    }
    if (method === 'GET' && head === 'fees' && id === undefined) return ok(this.feeReport());
    if (method === 'POST' && head === 'fees' && id === 'sweep' && action === undefined) return this.sweepFees(req, parse(feeSweepSchema, req.body ?? {}));
    if (method === 'PUT' && head === 'fees' && id !== undefined) return this.setFees(req, id);
    if (method === 'GET' && head === 'series' && id === undefined) return ok(this.listSeries());
    if (method === 'POST' && head === 'series' && id !== undefined && (action === 'halt' || action === 'resume')) {
      const seriesId = parseId(id, 'series id');
      const status = action === 'halt' ? SeriesStatus.HALTED : SeriesStatus.TRADING;
      return this.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: this.actor(req), seriesId, status });
    }
    if (method === 'GET' && head === 'kill' && id === undefined) return ok(this.killSwitches());
    if (method === 'POST' && head === 'kill' && id === undefined) {
      const body = parse(killSchema, req.body);
      return this.submit({ kind: CommandKind.SET_KILL_SWITCH, actor: this.actor(req), scope: SCOPES[body.scope], targetId: body.targetId, engaged: body.engaged });
    }
    if (method === 'POST' && head === 'accounts' && id !== undefined && action === 'institution') {
      const body = parse(institutionSchema, req.body);
      return this.submit({ kind: CommandKind.SET_INSTITUTION, actor: this.actor(req), accountId: parseId(id, 'account id'), qualified: body.qualified });
    }
    if (method === 'POST' && head === 'mmp' && id !== undefined && action === 'reset') {
      return this.submit({ kind: CommandKind.RESET_MMP, actor: this.actor(req), seriesId: parseId(id, 'series id') });
    }
    if (method === 'GET' && head === 'audit' && id === undefined) {
      return ok(this.audit(queryInt(req.query, 'from', 1), Math.min(queryInt(req.query, 'limit', 100), MAX_AUDIT_PAGE)));
    }
    if (method === 'GET' && head === 'exposure' && id === undefined) return ok(exposureReport(this.deps.engine));
    if (method === 'GET' && head === 'broker' && id === undefined) return ok(this.brokerReport());
    if (method === 'GET' && head === 'phase' && id === undefined) return ok(this.phaseReport());
    if (method === 'GET' && head === 'phase' && id === 'readiness' && action === undefined) {
      if (this.deps.phaseReadiness === undefined) throw new OperatorRequestError(409, 'READINESS_UNAVAILABLE', 'this service keeps no market history');
      return ok(this.deps.phaseReadiness());
    }
    if (method === 'GET' && head === 'alarms' && id === undefined) return ok(this.alarmReport(req.query));
    if (method === 'GET' && head === 'alarms' && id === 'history' && action === undefined) {
      // Reads see committed writes only: wait for the batch that holds what was raised before this request.
      await this.deps.alarmHistory?.committed();
      return ok(this.alarmEvents(req.query));
    }
    if (method === 'POST' && head === 'alarms' && id === 'clear' && action === undefined) return ok(await this.clearAlarm(req, parse(clearAlarmSchema, req.body)));
    if (method === 'GET' && head === 'operators' && id === undefined) return ok(this.deps.credentials.list());
    if (method === 'POST' && head === 'operators' && id === undefined) {
      const body = parse(addOperatorSchema, req.body);
      return this.addOperator(req, body.name, body.roles);
    }
    if (method === 'POST' && head === 'operators' && id !== undefined && action === 'revoke') {
      const nowMs = this.deps.clock();
      this.deps.credentials.revoke(id, nowMs, req.operator);
      const revoked = this.deps.credentials.list().find((o) => o.name === id);
      // In the audit trail: who revoked whom, and what it could do.
      await this.noteAction(req, OperatorAction.OPERATOR_REVOKED, { name: id, accountId: revoked?.accountId, roles: revoked?.roles });
      await this.credentialsReplicated();
      return ok({ name: id, revoked: true });
    }
    if (method === 'GET' && head === 'metrics' && id === undefined) return { status: 200, body: this.metrics(), contentType: 'text/plain; version=0.0.4' };
    const providers = this.deps.providersRoute?.({ method, path: ROUTE_PREFIX + path, body: req.body, query: req.query ?? new URLSearchParams(), operator: req.operator, mayReadPrivate: roles.includes('risk'), actor: () => this.actor(req) });
    if (providers !== undefined) return providers;
    if (head === 'disputes') {
      const disputes = await this.deps.disputesRoute?.({ method, path: ROUTE_PREFIX + path, body: req.body, actor: () => this.actor(req), operator: req.operator, nowMs: this.deps.clock() });
      if (disputes !== undefined) return disputes;
    }
    const washing = this.deps.washingRoute?.({ method, path: ROUTE_PREFIX + path, query: req.query ?? new URLSearchParams() });
    if (washing !== undefined) return washing;
    const catalog = this.deps.catalogRoute?.({ method, path: ROUTE_PREFIX + path, body: req.body, query: req.query ?? new URLSearchParams(), operator: req.operator });
    if (catalog !== undefined) return catalog;
    throw new OperatorRequestError(404, 'NOT_FOUND', `no route ${method} ${req.path}`);
  }

  /** The market phase the on-chain governance has enabled (reported by the chain watcher) and what each phase opens. */
  private phaseReport(): object {
    const e = this.deps.engine;
    return {
      phase: e.governancePhase,
      products: { 1: 'SPOT', 2: 'FORWARD', 3: 'SYNTHETIC', 4: 'CALL, PUT' },
      ungovernedPhase: UNGOVERNED_PHASE,
      settledBatchId: e.settledBatchId,
      settledThroughSeq: e.settledThroughSeq,
      // The engine's rules (src/engine/products/rules.ts): an old journal whose state breaks the current ones stays under its own.
      rules: { version: e.rulesVersion, current: CURRENT_RULES, maxPositionRights: Number.isFinite(e.maxPositionRights) ? e.maxPositionRights : null },
      // The guide's rule for the next phase and where the market stands against it (GET /phase/readiness: every figure and verdict).
      ...(this.deps.phaseReadiness === undefined ? {} : { readiness: summaryOf(this.deps.phaseReadiness()) }),
    };
  }

  /** GET /alarms[?active=true]: the alarm board, active first; `active=true` leaves the cleared ones out. */
  private alarmReport(query: URLSearchParams | undefined): object {
    const board = this.deps.alarms;
    if (board === undefined) throw new OperatorRequestError(409, 'ALARMS_UNAVAILABLE', 'this service keeps no alarm board');
    const activeOnly = query?.get('active') ?? null;
    if (activeOnly !== null && activeOnly !== 'true' && activeOnly !== 'false') throw new OperatorRequestError(400, 'INVALID_REQUEST', `active must be true or false, got '${activeOnly}'`);
    const report = board.report();
    return activeOnly === 'true' ? { ...report, alarms: report.alarms.filter((a) => a.active) } : report;
  }

  /** POST /alarms/clear {name, subject}: an operator clears an alarm only they can (CLEARED_BY_OPERATOR), e.g. a set-aside tail dealt with. */
  private async clearAlarm(req: OperatorRequest, body: { name: string; subject: string }): Promise<object> {
    const board = this.deps.alarms;
    if (board === undefined) throw new OperatorRequestError(409, 'ALARMS_UNAVAILABLE', 'this service keeps no alarm board');
    const name = body.name as AlarmName;
    if (!CLEARED_BY_OPERATOR.has(name)) throw new OperatorRequestError(409, 'ALARM_NOT_OPERATOR_CLEARED', `'${body.name}' is cleared by its source, not by an operator (docs/alarms.md)`);
    const alarm = board.get(name, body.subject);
    if (alarm === undefined || !alarm.active) throw new OperatorRequestError(404, 'NO_SUCH_ALARM', `no active '${body.name}' alarm about '${body.subject}'`);
    board.clear(name, body.subject, req.operator);
    await this.noteAction(req, OperatorAction.ALARM_CLEARED, { name: body.name, subject: body.subject, severity: alarm.severity, summary: alarm.summary, count: alarm.count });
    return { name: body.name, subject: body.subject, cleared: true, by: req.operator };
  }

  /** GET /alarms/history[?limit=100&before=ID]: raises and clears, newest first, across restarts; `before` pages back. */
  private alarmEvents(query: URLSearchParams | undefined): object {
    const history = this.deps.alarmHistory;
    if (history === undefined) throw new OperatorRequestError(409, 'ALARMS_UNAVAILABLE', 'this service keeps no alarm history');
    const limit = Math.min(queryInt(query, 'limit', 100), ALARM_HISTORY_LIMITS.maxPage);
    const before = query?.get('before') ?? null;
    const events = history.events(limit, before === null ? undefined : queryInt(query, 'before', 1));
    return { events, kept: history.eventCount, maxEvents: history.maxEvents, next: events.length === limit && events.length > 0 ? events.at(-1)!.id : null };
  }

  /**
   * The broker's P&L (µPAT, marked at the quoter's reference prices) and, per series, its quote,
   * inventory, cost and why; its synthetics and options (position, margin, model, Greeks) and
   * their risk summed per settlement index.
   */
  private brokerReport(): object {
    const q = this.deps.quoting;
    if (q === undefined) throw new OperatorRequestError(409, 'QUOTING_DISABLED', 'the quoter is not running (quoting.enabled is false)');
    const synthetics = q.syntheticViews();
    const options = q.optionViews();
    return { ...q.pnl({ synthetics, options }), series: q.views(), synthetics, options, indices: brokerIndexRisk(synthetics, options) };
  }

  /**
   * Journals an action taken outside the engine (NOTE_OPERATOR_ACTION), so the audit trail of every
   * node, and one rebuilt from the journal, holds it: who (name and engine account), and `detail`.
   * The action has been taken when this runs: a note the engine does not take is an error the
   * operator sees (503 if the sequencer cannot take it, 409 if refused), the action stays taken.
   */
  private async noteAction(req: OperatorRequest, action: OperatorAction, detail: Record<string, unknown>): Promise<void> {
    await this.submit({ kind: CommandKind.NOTE_OPERATOR_ACTION, actor: this.actingAccount(req), action, by: req.operator, detail: JSON.stringify(detail) });
  }

  /** The acting operator's engine account for a noted action, 0 when it has none (its name is in the entry's `by`). */
  private actingAccount(req: OperatorRequest): number {
    try {
      return this.actor(req);
    } catch {
      return 0;
    }
  }

  private actor(req: OperatorRequest): number {
    if (req.operatorAccountId !== undefined) return req.operatorAccountId;
    const resolve = this.deps.operatorAccount ?? (() => this.firstOperatorAccount());
    const id = resolve(req.operator);
    if (id === undefined) throw new OperatorRequestError(403, 'NO_OPERATOR_ACCOUNT', `operator '${req.operator}' has no operator account`);
    return id;
  }

  /** A new named operator: its own engine account (journaled), then its credential; the token is shown once. */
  private async addOperator(req: OperatorRequest, name: string, roles: readonly OperatorRole[]): Promise<OperatorResponse> {
    if (this.deps.credentials.list().some((o) => o.name === name)) throw new OperatorCredentialError('OPERATOR_EXISTS', `an operator named ${name} exists`);
    let result;
    try {
      result = await this.deps.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.OPERATOR, address: '' });
    } catch (error) {
      throw notTaken(error);
    }
    const opened = result.events.find((e) => e.type === EventType.ACCOUNT_OPENED);
    if (opened === undefined) throw new OperatorRequestError(409, 'ACCOUNT_NOT_OPENED', 'the engine did not open an operator account');
    const nowMs = this.deps.clock();
    const token = this.deps.credentials.add(name, opened.accountId, nowMs, roles, req.operator);
    // In the audit trail: who created whom with which roles (the token never).
    await this.noteAction(req, OperatorAction.OPERATOR_ADDED, { name, accountId: opened.accountId, roles: this.deps.credentials.rolesOf(name) });
    await this.credentialsReplicated();
    return { status: 201, body: { name, accountId: opened.accountId, roles: this.deps.credentials.rolesOf(name), token } };
  }

  /** A credential change answers once the replicated group holds it (at once without replication): a failover keeps it. */
  private async credentialsReplicated(): Promise<void> {
    try {
      await this.deps.credentials.replicated();
    } catch (error) {
      throw new OperatorRequestError(503, 'NOT_REPLICATED', `stored on this node, not replicated (it no longer leads?): ${(error as Error).message}`);
    }
  }

  private firstOperatorAccount(): number | undefined {
    for (const a of this.deps.engine.accounts) if (a !== undefined && a.role === 5) return a.id;
    return undefined;
  }

  /** Refused by name as the engine would (docs/risk.md): an unknown name 404 UNKNOWN_PARAM, as reading it is; a value out of its bounds 400 PARAM_OUT_OF_RANGE, in one line. */
  private async setParam(req: OperatorRequest, name: string, value: number): Promise<OperatorResponse> {
    if (paramSpec(name) === undefined) throw new OperatorRequestError(404, 'UNKNOWN_PARAM', `unknown parameter '${name}' (patx params get lists them)`);
    const checked = paramChangeSchema.safeParse({ name, value });
    if (!checked.success) throw new OperatorRequestError(400, 'PARAM_OUT_OF_RANGE', checked.error.issues.map((i) => i.message).join('; '));
    return this.submit({ kind: CommandKind.SET_PARAM, actor: this.actor(req), name, value });
  }

  /** The schedule (docs/fees.md) and the exchange's fee account. */
  private feeReport(): unknown {
    const engine = this.deps.engine;
    return { ...feeScheduleReport(engine.fees, engine.governancePhase), feeAccountMicros: engine.feeAccountMicros };
  }

  /**
   * One kind's rates: every rate checked against its bounds before any is submitted (a refusal
   * changes nothing), then one journaled SET_PARAM per rate, in FEE_FIELDS' order.
   */
  private async setFees(req: OperatorRequest, kindText: string): Promise<OperatorResponse> {
    const { kind } = parse(feeKindParams, { kind: kindText });
    const body = parse(feeChangeSchema, req.body);
    const changes = FEE_FIELDS.flatMap((f) => (body[f] === undefined ? [] : [{ name: feeParamName(f, kind as FeeKind, body.phase), value: body[f] }]));
    for (const c of changes) {
      const s = paramSpec(c.name)!;
      if (checkParam(c.name, c.value) !== undefined) throw new OperatorRequestError(400, 'INVALID_REQUEST', `${c.name} must be in [${s.min}, ${s.max}] bps, got ${c.value}${s.max === 0 ? ` (${s.doc})` : ''}`);
    }
    const events: unknown[] = [];
    let last: OperatorResponse | undefined;
    for (const c of changes) {
      last = await this.submit({ kind: CommandKind.SET_PARAM, actor: this.actor(req), name: c.name, value: c.value });
      events.push(...(last.body as { events: unknown[] }).events);
    }
    return ok({ ...(last!.body as object), events, fees: this.feeReport() });
  }

  /**
   * A fee sweep (docs/fees.md, "Sweeping the fee account"): the fee account's µPAT (all, or `amountMicros`) to the
   * treasury, the account at the vault's fee recipient address as the chain says now. Refused before anything is
   * journaled when settlement cannot say where that is (503), no account is there or the fee account is empty (409);
   * the engine checks the amount and the account again (409 with its reason, nothing changed).
   */
  private async sweepFees(req: OperatorRequest, body: { amountMicros?: number | undefined }): Promise<OperatorResponse> {
    let treasury: TreasuryLookup | undefined;
    try {
      treasury = await this.deps.treasury?.();
    } catch (error) {
      throw new OperatorRequestError(503, 'SETTLEMENT_UNAVAILABLE', `the vault's fee recipient could not be read: ${(error as Error).message}`);
    }
    if (treasury === undefined) throw new OperatorRequestError(503, 'SETTLEMENT_UNAVAILABLE', "settlement is not running: the vault's fee recipient, where the fees are, cannot be read");
    if (treasury.accountId === undefined) {
      throw new OperatorRequestError(409, 'NO_TREASURY_ACCOUNT', `no account is registered at the vault's fee recipient ${treasury.feeRecipient}: open one at that address (its wallet signs in once), then sweep`);
    }
    // Read after the chain: the fee account only grows meanwhile, unless another sweep took some (then the engine refuses FEE_ACCOUNT_SHORT).
    const amountMicros = body.amountMicros ?? this.deps.engine.feeAccountMicros;
    if (amountMicros === 0) throw new OperatorRequestError(409, 'FEE_ACCOUNT_EMPTY', 'the fee account holds nothing to sweep');
    return this.submit({ kind: CommandKind.SWEEP_FEES, actor: this.actor(req), treasuryAccountId: treasury.accountId, feeRecipient: treasury.feeRecipient, amountMicros });
  }

  /** Submits a command; 200 with its events, or 409 with the engine's reject reason (nothing changed). */
  private async submit(cmd: Command): Promise<OperatorResponse> {
    let result;
    try {
      result = await this.deps.sequencer.submit(cmd);
    } catch (error) {
      throw notTaken(error);
    }
    const rejected = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
    if (rejected !== undefined) {
      const reason = rejectReasonName(rejected.reason);
      throw new OperatorRequestError(409, reason, refusedWords(cmd, reason));
    }
    return ok({ seq: result.seq, timeMs: result.timeMs, events: result.events.map(plainEvent) });
  }

  private listParams(): unknown[] {
    const engine = this.deps.engine;
    const rows = [...RISK_PARAM_SPECS, ...QUOTING_PARAM_SPECS, ...PHASE_READINESS_PARAM_SPECS, ...FEE_PARAM_SPECS].map((s) => paramRow(s, s.name, engine));
    for (const name of engine.params.keys()) {
      const s = paramSpec(name);
      // Per-segment values, and fee rates set from one phase on (`fee.takerBps:SPOT@3`).
      if (s !== undefined && (SEGMENT_PARAM_SPECS.includes(s) || (FEE_PARAM_SPECS.includes(s) && name !== s.name))) rows.push(paramRow(s, name, engine));
    }
    return rows;
  }

  private oneParam(name: string): unknown {
    const s = paramSpec(name);
    if (s === undefined) throw new OperatorRequestError(404, 'UNKNOWN_PARAM', `unknown parameter '${name}'`);
    return paramRow(s, name, this.deps.engine);
  }

  private listSeries(): unknown[] {
    const rows: unknown[] = [];
    const global = this.deps.engine.killAll;
    for (const s of this.deps.engine.series) {
      if (s === undefined || s.status === SeriesStatus.EXPIRED) continue;
      rows.push({
        seriesId: s.id,
        series: s.name,
        kind: enumName(SeriesKind, s.spec.kind),
        // An option's strike (µPAT): its kind alone does not say which one it is.
        ...(s.spec.strikeMicros > 0 ? { strikeMicros: s.spec.strikeMicros } : {}),
        status: enumName(SeriesStatus, s.status),
        // Whether orders are refused here by a kill switch, and whose: the global one stops every series (a row said `false` under it).
        killed: s.killed || global,
        killedBy: s.killed ? 'series' : global ? 'global' : null,
        mmpFrozenUntilMs: s.mmpFrozenUntilMs,
        referencePriceMicros: s.referencePriceMicros,
        trades: s.tradeCount,
        quoteLevels: { bids: s.quoteBidIds.length, asks: s.quoteAskIds.length },
      });
    }
    return rows;
  }

  private killSwitches(): unknown {
    const engine = this.deps.engine;
    return {
      global: engine.killAll,
      accounts: engine.accounts.filter((a) => a !== undefined && a.killed).map((a) => a!.id),
      series: engine.series.filter((s) => s !== undefined && s.killed).map((s) => s!.id),
    };
  }
}

function summaryOf(r: PhaseReadinessSummary): PhaseReadinessSummary {
  return { rule: r.rule, nextPhase: r.nextPhase, overall: { contracts: r.overall.contracts, readyContracts: r.overall.readyContracts, ready: r.overall.ready } };
}

function paramRow(s: ParamSpec, name: string, engine: Engine): unknown {
  return {
    name,
    value: engine.params.get(name) ?? s.defaultValue,
    setByOperator: engine.params.has(name),
    defaultValue: s.defaultValue,
    min: s.min,
    max: s.max,
    integer: s.integer,
    unit: s.unit,
    doc: s.doc,
  };
}

const MAX_AUDIT_PAGE = 1_000;
export const clearAlarmSchema = z.object({ name: z.string().min(1).max(100), subject: z.string().max(500).default('') }).strict();

export const addOperatorSchema = z.object({ name: operatorNameSchema, roles: z.array(operatorRoleSchema).min(1, 'roles: at least one of admin, moderator, risk, viewer') }).strict();

/**
 * The role a route needs (undefined: any operator). Operators: admin, reads too (the list
 * names everyone's roles). Changes to the catalog (`/listings…`) and dispute decisions (`/disputes…`): moderator. Parameters, series
 * halts, kill switches, MMP resets, an institution's qualification: risk. A provider's identity
 * (`/providers/{id}…`, its record read too: legal name, KYC reference): risk, the onboarding
 * decisions' role as for institutions; the provider list and the identity audit (values shown
 * to the risk role only) any operator. Everything else
 * (reads of parameters, series, kill switches, audit, exposure, the broker, phase, alarms,
 * metrics, the catalog's listings and audit) any operator.
 */
export function requiredRole(method: string, head: string | undefined, id?: string): OperatorRole | undefined {
  if (head === 'operators') return 'admin';
  if (head === 'providers') return method === 'GET' && (id === undefined || id === 'audit') ? undefined : 'risk';
  if (method === 'GET') return undefined;
  if (head === 'listings' || head === 'catalog' || head === 'disputes') return 'moderator';
  if (head === 'params' || head === 'fees' || head === 'series' || head === 'kill' || head === 'mmp' || head === 'accounts' || head === 'phase') return 'risk';
  // A change this table does not name (fail closed: a new route is the admin's until it is named here).
  return 'admin';
}

/** A non-negative integer query parameter, or the default when absent; a bad one is 400. */
function queryInt(query: URLSearchParams | undefined, name: string, fallback: number): number {
  const text = query?.get(name);
  if (text === null || text === undefined) return fallback;
  if (!/^[0-9]{1,15}$/.test(text)) throw new OperatorRequestError(400, 'INVALID_REQUEST', `${name} must be a whole number, got '${text}'`);
  return Number(text);
}

function ok(body: unknown): OperatorResponse {
  return { status: 200, body };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new OperatorRequestError(400, 'INVALID_REQUEST', z.prettifyError(r.error), r.error.issues);
  return r.data;
}

function parseId(text: string, what: string): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) throw new OperatorRequestError(400, 'INVALID_REQUEST', `${what} must be a positive integer, got '${text}'`);
  return n;
}

/** Events as JSON-safe objects (bigint amounts as strings). */
/**
 * An event as JSON answers carry it: enums by name, never numbers (docs/protocol.md), bigints as strings. The
 * operator's changes answer with their events (a halt's SERIES_STATUS_CHANGED, a kill switch's cancels): they
 * showed `type 20`, `status 2`, `scope 2`.
 */
function plainEvent(e: EngineEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[k] = typeof v === 'bigint' ? v.toString() : v;
  out.type = enumName(EventType, e.type);
  if (typeof out.scope === 'number') out.scope = enumName(KillScope, out.scope);
  if (typeof out.side === 'number') out.side = enumName(Side, out.side);
  if (e.type === EventType.SERIES_STATUS_CHANGED && typeof out.status === 'number') out.status = enumName(SeriesStatus, out.status);
  if (typeof out.reason === 'number') out.reason = e.type === EventType.COMMAND_REJECTED ? rejectReasonName(out.reason) : e.type === EventType.ORDER_CANCELED ? enumName(CancelReason, out.reason) : out.reason;
  return out;
}
