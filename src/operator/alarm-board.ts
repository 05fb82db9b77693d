/**
 * The alarm board: the alarms raised since start, each once per (name, subject), with
 * its severity, first and last time, how often it was raised, its latest details, and
 * whether it is still active. Settlement and the service raise and clear through the
 * AlarmSink interface (src/runtime/health.ts); GET /operator/alarms, the operator page and
 * /metrics read it.
 *
 * Kept across restarts when given a store (src/operator/alarm-history.ts: LMDB in the data
 * directory): the entries and a log of every raise and clear. At start the saved board comes
 * back; an alarm that was active is ended by the restart (cleared, `clearedBy: 'restart'`)
 * and raised again by whoever still sees its condition (the alarm watch re-derives engine
 * and health state at start, the watcher its unmatched deposits), except those listed in
 * KEPT_ACTIVE_ACROSS_RESTART, which nobody re-derives at start and whose source (or an
 * operator, for those in CLEARED_BY_OPERATOR) clears them.
 *
 * Bounded (TigerStyle): at most `maxAlarms` entries. A new alarm on a full board evicts
 * the oldest cleared one, else the oldest warning, else the oldest; evictions are
 * counted (`dropped`), so a flood is visible rather than silent. Details are bounded
 * too (keys, text length), since they come from errors and chain data.
 */
import { ALARMS, type AlarmInput, type AlarmName, type AlarmSeverity, type AlarmSink } from '../runtime/health.js';

/**
 * Where the board writes a line when an alarm becomes active (new, or raised again once cleared) and when it clears,
 * with the field `alarm`: every alarm reaches the log, where only some sources wrote one (a kill switch, a halt, a
 * degraded component were on the board alone). A raise of an alarm already active writes nothing: bounded by the board.
 */
export interface AlarmLog {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** One line of the history: an alarm raised (a counted occurrence) or cleared. */
export interface AlarmEvent {
  /** Increases by one per event, across restarts. */
  id: number;
  atMs: number;
  kind: 'raised' | 'cleared';
  name: AlarmName;
  subject: string;
  severity: AlarmSeverity;
  summary: string;
  /** The alarm's count after this event. */
  count: number;
  /** A clear by the restart itself (the alarm was active when the service stopped), not by its source. */
  byRestart?: true;
  /** A clear by an operator (POST /operator/alarms/clear): its name. Absent for a clear by the alarm's source. */
  byOperator?: string;
}

/** Where the board keeps itself: AlarmHistory on disk (alarm-history.ts), or nothing (tests, tools). */
export interface AlarmStore {
  /** The board as saved, in no particular order. */
  savedAlarms(): Alarm[];
  saveAlarm(alarm: Alarm): void;
  removeAlarm(name: AlarmName, subject: string): void;
  append(event: Omit<AlarmEvent, 'id'>): void;
}

/** A detail value as the API shows it: JSON-safe and short. */
export type AlarmDetail = string | number | boolean | null;

export interface Alarm {
  name: AlarmName;
  /** What it is about (a series, a deposit ref, a component); '' = the exchange as a whole. */
  subject: string;
  severity: AlarmSeverity;
  active: boolean;
  summary: string;
  /** When it was first raised, last raised, and last cleared (wall clock, ms). */
  firstAtMs: number;
  lastAtMs: number;
  clearedAtMs: number | undefined;
  /** Times raised since first (a cleared alarm raised again counts on). */
  count: number;
  details: Record<string, AlarmDetail>;
  /** Present when the last clear was the service's restart, not the alarm's source. */
  clearedBy?: 'restart';
  /** Present when the last clear was an operator's (POST /operator/alarms/clear): its name. */
  clearedByOperator?: string;
}

/**
 * Alarms that stay active across a restart: nobody re-derives them at start, and their
 * source clears them. `reconciliation-mismatch` is cleared by the next clean reconciliation
 * (scheduled every minute by default); a restart must not hide a difference between the
 * chain and the ledger until then.
 */
export const KEPT_ACTIVE_ACROSS_RESTART: ReadonlySet<AlarmName> = new Set<AlarmName>(['reconciliation-mismatch', 'replication-tail-set-aside']);

/**
 * Alarms only an operator clears (POST /operator/alarms/clear): what they report happened
 * once and has no source that could see it end. `replication-tail-set-aside`: acknowledged
 * commands left the exchange's state; the operator says they have dealt with them.
 */
export const CLEARED_BY_OPERATOR: ReadonlySet<AlarmName> = new Set<AlarmName>(['replication-tail-set-aside']);

/** GET /operator/alarms. */
export interface AlarmReport {
  /** Active first (critical before warning, newest first), then cleared (newest cleared first). */
  alarms: Alarm[];
  active: number;
  critical: number;
  /** Alarms evicted from a full board since start. */
  dropped: number;
  maxAlarms: number;
}

export const ALARM_LIMITS = {
  maxAlarms: 256,
  maxDetailKeys: 16,
  maxTextChars: 500,
} as const;

export class AlarmBoard implements AlarmSink {
  /** Insertion-ordered by key `name\0subject`. */
  private readonly alarms = new Map<string, Alarm>();
  private readonly raisedByName = new Map<AlarmName, number>();
  private droppedCount = 0;
  readonly maxAlarms: number;

  constructor(
    private readonly clock: () => number = Date.now,
    maxAlarms: number = ALARM_LIMITS.maxAlarms,
    /** Where the board and its history are kept across restarts; absent: in memory only. */
    private readonly store?: AlarmStore,
    private readonly log?: AlarmLog,
  ) {
    if (!Number.isSafeInteger(maxAlarms) || maxAlarms < 1) throw new RangeError(`maxAlarms must be a positive integer, got ${maxAlarms}`);
    this.maxAlarms = maxAlarms;
    if (store !== undefined) this.restore(store);
  }

  /** The saved board, oldest first; what was active ends with the restart unless it is kept (see the module's comment). */
  private restore(store: AlarmStore): void {
    const now = this.clock();
    const saved = store.savedAlarms().filter((a) => a.name in ALARMS).sort((a, b) => a.firstAtMs - b.firstAtMs);
    for (const a of saved) {
      const alarm: Alarm = { ...a, details: { ...a.details }, clearedAtMs: a.clearedAtMs ?? undefined };
      if (alarm.active && !KEPT_ACTIVE_ACROSS_RESTART.has(alarm.name)) {
        alarm.active = false;
        alarm.clearedAtMs = now;
        alarm.clearedBy = 'restart';
        store.saveAlarm(alarm);
        store.append({ atMs: now, kind: 'cleared', name: alarm.name, subject: alarm.subject, severity: alarm.severity, summary: alarm.summary, count: alarm.count, byRestart: true });
      }
      if (this.alarms.size >= this.maxAlarms) this.evictOne();
      this.alarms.set(keyOf(alarm.name, alarm.subject), alarm);
    }
  }

  /** An occurrence: a new alarm, or one more raise of an active or cleared one (active again). */
  raise(name: AlarmName, input: AlarmInput): void {
    this.upsert(name, input, true);
  }

  /**
   * A condition that holds (read from state, not an event): active with these details;
   * counted only when it was not active, so a condition checked every few seconds is one raise.
   */
  hold(name: AlarmName, input: AlarmInput): void {
    this.upsert(name, input, false);
  }

  /** Ends an alarm; true when it was active. `byOperator`: the operator who cleared it (absent: its source did). */
  clear(name: AlarmName, subject = '', byOperator?: string): boolean {
    const alarm = this.alarms.get(keyOf(name, subject));
    if (alarm === undefined || !alarm.active) return false;
    alarm.active = false;
    alarm.clearedAtMs = this.clock();
    delete alarm.clearedBy;
    if (byOperator === undefined) delete alarm.clearedByOperator;
    else alarm.clearedByOperator = byOperator;
    this.store?.saveAlarm(alarm);
    this.store?.append({ atMs: alarm.clearedAtMs, kind: 'cleared', name: alarm.name, subject: alarm.subject, severity: alarm.severity, summary: alarm.summary, count: alarm.count, ...(byOperator === undefined ? {} : { byOperator }) });
    this.log?.info({ alarm: alarm.name, subject: alarm.subject, severity: alarm.severity, state: 'cleared', ...(byOperator === undefined ? {} : { byOperator }) }, `alarm cleared: ${alarm.summary}`);
    return true;
  }

  /** The active alarms of `name` whose subject is not in `holding` are cleared: `holding` is the whole truth for that name. */
  clearAllBut(name: AlarmName, holding: ReadonlySet<string>): void {
    for (const a of this.alarms.values()) if (a.name === name && a.active && !holding.has(a.subject)) this.clear(name, a.subject);
  }

  get(name: AlarmName, subject = ''): Alarm | undefined {
    const a = this.alarms.get(keyOf(name, subject));
    return a === undefined ? undefined : { ...a, details: { ...a.details } };
  }

  report(): AlarmReport {
    const all = [...this.alarms.values()].map((a) => ({ ...a, details: { ...a.details } }));
    const active = all.filter((a) => a.active).sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.lastAtMs - a.lastAtMs);
    const cleared = all.filter((a) => !a.active).sort((a, b) => (b.clearedAtMs ?? 0) - (a.clearedAtMs ?? 0));
    return { alarms: [...active, ...cleared], active: active.length, critical: active.filter((a) => a.severity === 'critical').length, dropped: this.droppedCount, maxAlarms: this.maxAlarms };
  }

  /** Active alarms per name and severity, for the gauge. */
  activeCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const a of this.alarms.values()) if (a.active) counts.set(`${a.name}\u0000${a.severity}`, (counts.get(`${a.name}\u0000${a.severity}`) ?? 0) + 1);
    return counts;
  }

  /** Raises per name since start (the counter). */
  raisedCounts(): ReadonlyMap<AlarmName, number> {
    return this.raisedByName;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get size(): number {
    return this.alarms.size;
  }

  private upsert(name: AlarmName, input: AlarmInput, occurrence: boolean): void {
    if (!(name in ALARMS)) throw new RangeError(`unknown alarm '${String(name)}'`);
    const subject = bounded(input.subject ?? '');
    const key = keyOf(name, subject);
    const now = this.clock();
    const severity = input.severity ?? ALARMS[name].severity;
    const existing = this.alarms.get(key);
    if (existing !== undefined) {
      const counts = occurrence || !existing.active;
      const activated = !existing.active;
      const escalated = existing.severity !== severity;
      existing.severity = severity;
      existing.summary = bounded(input.summary);
      existing.details = boundedDetails(input.details);
      if (counts) {
        existing.count++;
        existing.lastAtMs = now;
        this.raisedByName.set(name, (this.raisedByName.get(name) ?? 0) + 1);
      }
      existing.active = true;
      existing.clearedAtMs = undefined;
      delete existing.clearedBy;
      delete existing.clearedByOperator;
      // A condition held again and again changes only its figures: kept on disk at its counted raises.
      if (counts) this.saved(existing);
      else if (escalated) this.store?.saveAlarm(existing);
      if (activated || escalated) this.logged(existing);
      return;
    }
    if (this.alarms.size >= this.maxAlarms) this.evictOne();
    const alarm: Alarm = { name, subject, severity, active: true, summary: bounded(input.summary), firstAtMs: now, lastAtMs: now, clearedAtMs: undefined, count: 1, details: boundedDetails(input.details) };
    this.alarms.set(key, alarm);
    this.raisedByName.set(name, (this.raisedByName.get(name) ?? 0) + 1);
    this.saved(alarm);
    this.logged(alarm);
  }

  /** An alarm that became active, or changed severity while active: one line, at its severity. */
  private logged(alarm: Alarm): void {
    const fields = { alarm: alarm.name, subject: alarm.subject, severity: alarm.severity, state: 'active', count: alarm.count, details: alarm.details };
    if (alarm.severity === 'critical') this.log?.error(fields, `alarm raised: ${alarm.summary}`);
    else this.log?.warn(fields, `alarm raised: ${alarm.summary}`);
  }

  /** A counted raise: the entry and one event in the store. */
  private saved(alarm: Alarm): void {
    this.store?.saveAlarm(alarm);
    this.store?.append({ atMs: alarm.lastAtMs, kind: 'raised', name: alarm.name, subject: alarm.subject, severity: alarm.severity, summary: alarm.summary, count: alarm.count });
  }

  /** Room for one: the oldest cleared, else the oldest warning, else the oldest alarm. */
  private evictOne(): void {
    let victim: Alarm | undefined;
    for (const rank of [(a: Alarm) => !a.active, (a: Alarm) => a.severity === 'warning', () => true]) {
      for (const a of this.alarms.values()) {
        if (!rank(a)) continue;
        const at = a.active ? a.lastAtMs : (a.clearedAtMs ?? a.lastAtMs);
        const victimAt = victim === undefined ? Infinity : victim.active ? victim.lastAtMs : (victim.clearedAtMs ?? victim.lastAtMs);
        if (at < victimAt) victim = a;
      }
      if (victim !== undefined) break;
    }
    // A full board has at least one entry, so the last rank always finds a victim.
    if (victim === undefined) throw new Error('alarm board full but empty');
    this.alarms.delete(keyOf(victim.name, victim.subject));
    this.store?.removeAlarm(victim.name, victim.subject);
    this.droppedCount++;
  }
}

function keyOf(name: string, subject: string): string {
  return `${name}\u0000${subject}`;
}

function severityRank(s: AlarmSeverity): number {
  return s === 'critical' ? 0 : 1;
}

function bounded(text: string): string {
  return text.length <= ALARM_LIMITS.maxTextChars ? text : `${text.slice(0, ALARM_LIMITS.maxTextChars - 1)}…`;
}

/** Details as JSON-safe scalars: bigint as text, errors by name and message, objects as short JSON; at most maxDetailKeys. */
function boundedDetails(details: Record<string, unknown> | undefined): Record<string, AlarmDetail> {
  const out: Record<string, AlarmDetail> = {};
  if (details === undefined) return out;
  let n = 0;
  for (const [k, v] of Object.entries(details)) {
    if (n++ >= ALARM_LIMITS.maxDetailKeys) break;
    out[bounded(k)] = detailValue(v);
  }
  return out;
}

function detailValue(v: unknown): AlarmDetail {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return bounded(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Error) return bounded(`${v.name}: ${v.message}`);
  try {
    return bounded(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v));
  } catch {
    return bounded(String(v));
  }
}
