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
 * which this module also keeps in a bounded in-memory trail for GET /audit.
 */
import { z } from 'zod';
import {
  CommandKind,
  EventType,
  KillScope,
  rejectReasonName,
  SeriesStatus,
  type Command,
  type Engine,
  type EngineEvent,
  type Sequencer,
} from '../engine/index.js';
import { paramChangeSchema, paramSpec, QUOTING_PARAM_SPECS, RISK_PARAM_SPECS, SEGMENT_PARAM_SPECS, type ParamSpec } from '../risk/index.js';
import { RiskMetrics } from './metrics.js';
import type { QuotingStats } from '../quoting/index.js';

export interface OperatorRequest {
  method: string;
  /** Path with or without the `/operator` prefix, e.g. `/operator/params/risk.maxOrderQty`. */
  path: string;
  /** Parsed JSON body (undefined if none). */
  body: unknown;
  /** Authenticated operator name (the gateway checks the token). */
  operator: string;
}

export interface OperatorResponse {
  status: number;
  body: unknown;
}

export interface OperatorApiDeps {
  engine: Engine;
  sequencer: Sequencer;
  /** Engine account id an operator acts as; default: the first OPERATOR account. */
  operatorAccount?: (operator: string) => number | undefined;
  /** Audit entries kept for GET /audit (default 1000). */
  auditCapacity?: number;
  /** The quoter, for its counters in the metrics (optional). */
  quoting?: { readonly stats: QuotingStats } | undefined;
}

export interface AuditEntry {
  seq: number;
  timeMs: number;
  /** Engine account that acted. */
  actor: number;
  /** Operator name that asked over this API, when it did. */
  operator: string | undefined;
  event: string;
  detail: Record<string, unknown>;
}

export interface OperatorApi {
  handle(req: OperatorRequest): Promise<OperatorResponse>;
  /** Prometheus text lines: parameter values, kill switches, MMP state, risk rejects by reason. */
  metrics(): string;
  /** The audit trail since start, oldest first. */
  audit(): readonly AuditEntry[];
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

const ROUTE_PREFIX = '/operator';

const setValueSchema = z.object({ value: z.number().finite() }).strict();
const killSchema = z
  .object({
    scope: z.enum(['account', 'series', 'global']),
    targetId: z.number().int().nonnegative().default(0),
    engaged: z.boolean(),
  })
  .strict()
  .refine((v) => (v.scope === 'global' ? v.targetId === 0 : v.targetId > 0), { message: 'targetId: required (> 0) for account and series scope, 0 for global', path: ['targetId'] });
const SCOPES = { account: KillScope.ACCOUNT, series: KillScope.SERIES, global: KillScope.GLOBAL } as const;

export function createOperatorApi(deps: OperatorApiDeps): OperatorApi {
  return new OperatorApiImpl(deps);
}

class OperatorApiImpl implements OperatorApi {
  private readonly trail: AuditEntry[] = [];
  private readonly capacity: number;
  private readonly riskMetrics = new RiskMetrics();
  /** Operator names of commands submitted here, by seq, until their audit events are released. */
  private readonly pendingNames = new Map<number, string>();

  constructor(private readonly deps: OperatorApiDeps) {
    this.capacity = deps.auditCapacity ?? 1_000;
    deps.sequencer.onRelease((batch) => {
      for (const e of batch.events) {
        this.riskMetrics.observe(e);
        this.record(e);
      }
    });
  }

  audit(): readonly AuditEntry[] {
    return this.trail;
  }

  metrics(): string {
    return this.riskMetrics.render(this.deps.engine, this.deps.quoting?.stats);
  }

  async handle(req: OperatorRequest): Promise<OperatorResponse> {
    try {
      return await this.route(req);
    } catch (error) {
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
    if (method === 'GET' && head === 'params' && id === undefined) return ok(this.listParams());
    if (method === 'GET' && head === 'params' && id !== undefined) return ok(this.oneParam(id));
    if ((method === 'PUT' || method === 'POST') && head === 'params' && id !== undefined) {
      const body = parse(setValueSchema, req.body);
      return this.setParam(req.operator, id, body.value);
    }
    if (method === 'POST' && head === 'params' && id === undefined) {
      const body = parse(paramChangeSchema, req.body);
      return this.setParam(req.operator, body.name, body.value);
    }
    if (method === 'GET' && head === 'series' && id === undefined) return ok(this.listSeries());
    if (method === 'POST' && head === 'series' && id !== undefined && (action === 'halt' || action === 'resume')) {
      const seriesId = parseId(id, 'series id');
      const status = action === 'halt' ? SeriesStatus.HALTED : SeriesStatus.TRADING;
      return this.submit(req.operator, { kind: CommandKind.SET_SERIES_STATUS, actor: this.actor(req.operator), seriesId, status });
    }
    if (method === 'GET' && head === 'kill' && id === undefined) return ok(this.killSwitches());
    if (method === 'POST' && head === 'kill' && id === undefined) {
      const body = parse(killSchema, req.body);
      return this.submit(req.operator, { kind: CommandKind.SET_KILL_SWITCH, actor: this.actor(req.operator), scope: SCOPES[body.scope], targetId: body.targetId, engaged: body.engaged });
    }
    if (method === 'POST' && head === 'mmp' && id !== undefined && action === 'reset') {
      return this.submit(req.operator, { kind: CommandKind.RESET_MMP, actor: this.actor(req.operator), seriesId: parseId(id, 'series id') });
    }
    if (method === 'GET' && head === 'audit' && id === undefined) return ok(this.trail);
    if (method === 'GET' && head === 'metrics' && id === undefined) return ok(this.metrics());
    throw new OperatorRequestError(404, 'NOT_FOUND', `no route ${method} ${req.path}`);
  }

  private actor(operator: string): number {
    const resolve = this.deps.operatorAccount ?? (() => this.firstOperatorAccount());
    const id = resolve(operator);
    if (id === undefined) throw new OperatorRequestError(403, 'NO_OPERATOR_ACCOUNT', `operator '${operator}' has no operator account`);
    return id;
  }

  private firstOperatorAccount(): number | undefined {
    for (const a of this.deps.engine.accounts) if (a !== undefined && a.role === 5) return a.id;
    return undefined;
  }

  private async setParam(operator: string, name: string, value: number): Promise<OperatorResponse> {
    parse(paramChangeSchema, { name, value });
    return this.submit(operator, { kind: CommandKind.SET_PARAM, actor: this.actor(operator), name, value });
  }

  /** Submits a command; 200 with its events, or 409 with the engine's reject reason (nothing changed). */
  private async submit(operator: string, cmd: Command): Promise<OperatorResponse> {
    let result;
    try {
      result = await this.deps.sequencer.submit(cmd);
    } catch (error) {
      throw new OperatorRequestError(503, 'SEQUENCER_UNAVAILABLE', (error as Error).message);
    }
    this.nameAudit(result.events, operator);
    const rejected = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
    if (rejected !== undefined) {
      const reason = rejectReasonName(rejected.reason);
      throw new OperatorRequestError(409, reason, `refused by the engine: ${reason}`);
    }
    return ok({ seq: result.seq, timeMs: result.timeMs, events: result.events.map(plainEvent) });
  }

  /** Attaches the operator's name to the audit entries of its command (release listeners may run before or after the ack). */
  private nameAudit(events: readonly EngineEvent[], operator: string): void {
    for (const e of events) {
      const entry = this.trail.find((x) => x.seq === e.seq);
      if (entry !== undefined) entry.operator = operator;
      else this.pendingNames.set(e.seq, operator);
    }
  }

  private record(e: EngineEvent): void {
    let entry: AuditEntry | undefined;
    switch (e.type) {
      case EventType.PARAM_CHANGED:
        entry = { seq: e.seq, timeMs: e.timeMs, actor: e.actor, operator: undefined, event: 'PARAM_CHANGED', detail: { name: e.name, oldValue: e.oldValue, newValue: e.newValue } };
        break;
      case EventType.KILL_SWITCH_CHANGED:
        entry = { seq: e.seq, timeMs: e.timeMs, actor: e.actor, operator: undefined, event: 'KILL_SWITCH_CHANGED', detail: { scope: e.scope, targetId: e.targetId, engaged: e.engaged } };
        break;
      case EventType.MMP_TRIGGERED:
        entry = { seq: e.seq, timeMs: e.timeMs, actor: 0, operator: undefined, event: 'MMP_TRIGGERED', detail: { seriesId: e.seriesId, filledQty: e.filledQty, frozenUntilMs: e.frozenUntilMs } };
        break;
      case EventType.MMP_RESET:
        entry = { seq: e.seq, timeMs: e.timeMs, actor: e.actor, operator: undefined, event: 'MMP_RESET', detail: { seriesId: e.seriesId } };
        break;
      case EventType.SERIES_STATUS_CHANGED:
        entry = { seq: e.seq, timeMs: 0, actor: 0, operator: undefined, event: 'SERIES_STATUS_CHANGED', detail: { seriesId: e.seriesId, status: e.status } };
        break;
      default:
        return;
    }
    const name = this.pendingNames.get(e.seq);
    if (name !== undefined) {
      entry.operator = name;
      this.pendingNames.delete(e.seq);
    }
    this.trail.push(entry);
    if (this.trail.length > this.capacity) this.trail.splice(0, this.trail.length - this.capacity);
  }

  private listParams(): unknown[] {
    const engine = this.deps.engine;
    const rows = [...RISK_PARAM_SPECS, ...QUOTING_PARAM_SPECS].map((s) => paramRow(s, s.name, engine));
    for (const name of engine.params.keys()) {
      const s = paramSpec(name);
      if (s !== undefined && SEGMENT_PARAM_SPECS.includes(s)) rows.push(paramRow(s, name, engine));
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
    for (const s of this.deps.engine.series) {
      if (s === undefined || s.status === SeriesStatus.EXPIRED) continue;
      rows.push({
        seriesId: s.id,
        series: s.name,
        status: s.status === SeriesStatus.HALTED ? 'halted' : 'trading',
        killed: s.killed,
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
function plainEvent(e: EngineEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[k] = typeof v === 'bigint' ? v.toString() : v;
  return out;
}
