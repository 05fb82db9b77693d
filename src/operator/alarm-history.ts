/**
 * The alarm board's memory across restarts: LMDB under `<dataDir>/alarms/`.
 *
 * - `entries`: the board as it stands, one record per (name, subject), written when an
 *   alarm is raised (counted), cleared or evicted, so a restart finds the board it left.
 * - `events`: what happened, in order: each counted raise and each clear, with its time,
 *   severity and summary, read newest first (GET /operator/alarms/history).
 *
 * Bounded (TigerStyle): the entries by the board's own limit (an evicted entry is deleted
 * here too), the events by `maxEvents` (each append past it deletes the oldest), the text
 * by the board's detail limits. Writes are LMDB's asynchronous puts, batched into its next
 * commit: an alarm never waits on the disk, and a crash loses at most the last few
 * milliseconds of history. After `close` writes are dropped (the service closes it last).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import type { AlarmName } from '../runtime/health.js';
import type { Alarm, AlarmEvent, AlarmStore } from './alarm-board.js';

export const ALARM_HISTORY_LIMITS = {
  /** Events kept: at one raise a second (a chain unreachable for hours), about three hours. */
  maxEvents: 10_000,
  /** Most events one read returns. */
  maxPage: 1_000,
} as const;

export class AlarmHistory implements AlarmStore {
  private nextId: number;
  private closed = false;
  /** Writes LMDB refused (a full disk): the board goes on in memory, the history misses them. */
  writeFailures = 0;

  private constructor(
    private readonly env: RootDatabase,
    private readonly alarms: Database<Alarm, string>,
    private readonly log: Database<AlarmEvent, number>,
    readonly maxEvents: number,
  ) {
    let last = 0;
    for (const key of log.getKeys({ reverse: true, limit: 1 })) last = key;
    this.nextId = last + 1;
    this.trim();
  }

  /** Opens (or creates) the history under the data directory. */
  static open(dataDir: string, maxEvents: number = ALARM_HISTORY_LIMITS.maxEvents): AlarmHistory {
    if (!Number.isSafeInteger(maxEvents) || maxEvents < 1) throw new RangeError(`maxEvents must be a positive integer, got ${maxEvents}`);
    const dir = join(dataDir, 'alarms');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const env = openStore({ path: dir, maxDbs: 2 });
    return new AlarmHistory(env, env.openDB<Alarm, string>({ name: 'alarms' }), env.openDB<AlarmEvent, number>({ name: 'events' }), maxEvents);
  }

  savedAlarms(): Alarm[] {
    return [...this.alarms.getRange({})].map(({ value }) => value);
  }

  saveAlarm(alarm: Alarm): void {
    if (this.closed) return;
    // undefined does not survive every encoding: a missing clearedAtMs is stored as null.
    this.write(this.alarms.put(keyOf(alarm.name, alarm.subject), { ...alarm, clearedAtMs: alarm.clearedAtMs ?? null } as unknown as Alarm));
  }

  removeAlarm(name: AlarmName, subject: string): void {
    if (this.closed) return;
    this.write(this.alarms.remove(keyOf(name, subject)));
  }

  append(event: Omit<AlarmEvent, 'id'>): void {
    if (this.closed) return;
    const id = this.nextId++;
    this.write(this.log.put(id, { id, ...event }));
    // One in, one out: the log never holds more than maxEvents.
    if (id > this.maxEvents) this.write(this.log.remove(id - this.maxEvents));
  }

  /** Events newest first, those before `beforeId` (all when absent), at most `limit` (≤ maxPage). */
  events(limit: number = 100, beforeId?: number): AlarmEvent[] {
    const n = Math.max(0, Math.min(limit, ALARM_HISTORY_LIMITS.maxPage));
    const out: AlarmEvent[] = [];
    const range = beforeId === undefined ? { reverse: true, limit: n } : { start: beforeId - 1, end: 0, reverse: true, limit: n };
    for (const { value } of this.log.getRange(range)) out.push(value);
    return out;
  }

  /** How many events are kept. */
  get eventCount(): number {
    return this.log.getCount();
  }

  /** Resolves once what was written so far is committed (and readable: reads see committed writes only). */
  async committed(): Promise<void> {
    await this.env.committed;
  }

  /** Waits for what is written so far to be on disk, then closes; later writes are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.env.flushed;
    await this.env.close();
  }

  /** An alarm never fails for its history: a refused write (the disk full, which is itself an alarm) is counted. */
  private write(done: Promise<unknown>): void {
    done.catch(() => {
      this.writeFailures++;
    });
  }

  /** At open: a log left longer than maxEvents (a lower limit than before) is cut to it. */
  private trim(): void {
    const keep = this.nextId - this.maxEvents; // ids below this go
    if (keep <= 1) return;
    const old = [...this.log.getKeys({ end: keep })];
    // Synchronous, once at open: what opens is already cut.
    this.env.transactionSync(() => {
      for (const id of old) this.log.removeSync(id);
    });
  }
}

function keyOf(name: string, subject: string): string {
  return `${name}\u0000${subject}`;
}
