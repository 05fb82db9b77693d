/**
 * The alarm board (src/operator/alarm-board.ts): raise counts, hold does not recount a
 * condition that still holds, clear ends an alarm and a new raise brings it back, the
 * board is bounded (oldest cleared evicted first, then warnings, evictions counted),
 * details are made JSON-safe and short. Then GET /operator/alarms on a real service:
 * the operator credential, halting a series and engaging the global kill switch raise
 * alarms that resuming and releasing clear (derived from released events by the alarm
 * watch), the metrics carry them, and a bad query is refused by name. The watch's
 * state-derived alarms (health probes, a quoter standing still, a journal backlog) are
 * read from the service's real engine and sequencer with a clock the test moves.
 */
import { mkdtempSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import {
  CommandKind,
  EventType,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesKind,
  SeriesStatus,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
  type Series,
} from '../../src/engine/index.js';
import type { ComponentHealth } from '../../src/runtime/health.js';
import { pino } from 'pino';
import { createLogger, type Logger } from '../../src/runtime/log.js';
import { AlarmBoard, AlarmHistory, AlarmWatch, ALARM_LIMITS, type AlarmEvent, type AlarmReport } from '../../src/operator/index.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';

const TOKEN = 'alarm-test-token-0123456789abcdef';
const logger = createLogger('silent');
let service: Service | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await service?.stop();
  service = undefined;
  for (const d of dirs.splice(0)) removeDir(d);
});

function steppingClock(startMs = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = startMs;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('alarm board', () => {
  it('counts raises, keeps first and last time, clears, and raises again', () => {
    const clock = steppingClock();
    const board = new AlarmBoard(clock.now);
    board.raise('unmatched-deposit', { subject: 'deposit 0xab:1', summary: 'deposit from 0x01', details: { amountWei: 5n, depositor: '0x01' } });
    clock.advance(1_000);
    board.raise('unmatched-deposit', { subject: 'deposit 0xab:1', summary: 'deposit from 0x01 again' });
    const a = board.get('unmatched-deposit', 'deposit 0xab:1')!;
    expect(a).toMatchObject({ active: true, count: 2, firstAtMs: 1_000_000, lastAtMs: 1_001_000, severity: 'warning', summary: 'deposit from 0x01 again', clearedAtMs: undefined });
    // Another subject is another alarm.
    board.raise('unmatched-deposit', { subject: 'deposit 0xcd:0', summary: 'another', details: { amountWei: 7n } });
    expect(board.get('unmatched-deposit', 'deposit 0xcd:0')!.details).toEqual({ amountWei: '7' });

    clock.advance(500);
    expect(board.clear('unmatched-deposit', 'deposit 0xab:1')).toBe(true);
    expect(board.clear('unmatched-deposit', 'deposit 0xab:1')).toBe(false);
    expect(board.clear('reconciliation-mismatch')).toBe(false);
    expect(board.get('unmatched-deposit', 'deposit 0xab:1')).toMatchObject({ active: false, clearedAtMs: 1_001_500, count: 2 });

    clock.advance(500);
    board.raise('unmatched-deposit', { subject: 'deposit 0xab:1', summary: 'back' });
    expect(board.get('unmatched-deposit', 'deposit 0xab:1')).toMatchObject({ active: true, clearedAtMs: undefined, count: 3, firstAtMs: 1_000_000, lastAtMs: 1_002_000 });
    expect(board.raisedCounts().get('unmatched-deposit')).toBe(4);
  });

  it('holds a condition without recounting it while it holds; clearAllBut ends the ones that stopped', () => {
    const clock = steppingClock();
    const board = new AlarmBoard(clock.now);
    for (let i = 0; i < 5; i++) {
      board.hold('series-halted', { subject: 'series #3', summary: `halted (check ${i})` });
      clock.advance(1_000);
    }
    expect(board.get('series-halted', 'series #3')).toMatchObject({ count: 1, lastAtMs: 1_000_000, summary: 'halted (check 4)' });
    board.hold('series-halted', { subject: 'series #4', summary: 'halted' });
    board.clearAllBut('series-halted', new Set(['series #4']));
    expect(board.get('series-halted', 'series #3')!.active).toBe(false);
    expect(board.get('series-halted', 'series #4')!.active).toBe(true);
    // Held again after a clear: one more raise.
    board.hold('series-halted', { subject: 'series #3', summary: 'halted again' });
    expect(board.get('series-halted', 'series #3')).toMatchObject({ active: true, count: 2 });
  });

  it('reports active alarms first, critical before warning, newest first; then cleared ones', () => {
    const clock = steppingClock();
    const board = new AlarmBoard(clock.now);
    board.raise('series-halted', { subject: 'series #1', summary: 'a' });
    clock.advance(10);
    board.raise('reconciliation-mismatch', { summary: 'b' });
    clock.advance(10);
    board.raise('chain-unreachable', { summary: 'c' });
    clock.advance(10);
    board.raise('kill-switch', { subject: 'account #9', severity: 'warning', summary: 'd' });
    board.clear('series-halted', 'series #1');
    const r = board.report();
    expect(r.alarms.map((a) => a.summary)).toEqual(['b', 'd', 'c', 'a']);
    expect(r).toMatchObject({ active: 3, critical: 1, dropped: 0, maxAlarms: ALARM_LIMITS.maxAlarms });
    // The report is a copy: changing it changes nothing on the board.
    r.alarms[0]!.active = false;
    expect(board.get('reconciliation-mismatch')!.active).toBe(true);
  });

  it('is bounded: a full board evicts the oldest cleared alarm, then the oldest warning, and counts it', () => {
    const clock = steppingClock();
    const board = new AlarmBoard(clock.now, 3);
    board.raise('reconciliation-mismatch', { summary: 'critical, oldest' });
    clock.advance(1);
    board.raise('series-halted', { subject: 'series #1', summary: 'w1' });
    clock.advance(1);
    board.raise('series-halted', { subject: 'series #2', summary: 'w2' });
    board.clear('series-halted', 'series #2');
    clock.advance(1);
    board.raise('series-halted', { subject: 'series #3', summary: 'w3' });
    expect(board.size).toBe(3);
    expect(board.get('series-halted', 'series #2')).toBeUndefined(); // the cleared one went first
    expect(board.dropped).toBe(1);
    clock.advance(1);
    board.raise('series-halted', { subject: 'series #4', summary: 'w4' });
    expect(board.get('series-halted', 'series #1')).toBeUndefined(); // then the oldest warning
    expect(board.get('reconciliation-mismatch')!.active).toBe(true); // the critical one stays
    expect(board.dropped).toBe(2);
    // Raising an alarm already on the board takes no room.
    board.raise('series-halted', { subject: 'series #4', summary: 'w4 again' });
    expect(board.dropped).toBe(2);
    expect(board.report().dropped).toBe(2);
    for (let i = 0; i < 1_000; i++) board.raise('unmatched-deposit', { subject: `deposit ${i}`, summary: 'flood' });
    expect(board.size).toBe(3);
  });

  it('bounds details: JSON-safe scalars, errors by name and message, long text cut, at most maxDetailKeys', () => {
    const board = new AlarmBoard(() => 0);
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    board.raise('settlement-stopped', { summary: 'x'.repeat(5_000), details: { err: new TypeError('boom'), nested: { a: 1n }, missing: undefined, ...many } });
    const a = board.get('settlement-stopped')!;
    expect(a.summary.length).toBe(ALARM_LIMITS.maxTextChars);
    expect(Object.keys(a.details)).toHaveLength(ALARM_LIMITS.maxDetailKeys);
    expect(a.details).toMatchObject({ err: 'TypeError: boom', nested: '{"a":"1"}', missing: null, k0: 0 });
    expect(() => board.raise('no-such-alarm' as 'settlement-stopped', { summary: 'x' })).toThrow(RangeError);
    expect(() => new AlarmBoard(() => 0, 0)).toThrow(RangeError);
  });
});

async function call(method: string, route: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(`http://127.0.0.1:${service!.gateway.port}${route}`, {
    method,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Prometheus text.
  }
  return { status: res.status, body: parsed, text };
}

async function startAlarmService(quoting = false, log: Logger = logger): Promise<Service> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-alarms-'));
  dirs.push(dir);
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, quoting: { enabled: quoting }, settlement: { enabled: false } });
  return startService(config, log);
}

/** A real pino logger whose lines (JSON, as the service writes them) are kept in `lines`. */
function keptLog(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text !== '') lines.push(JSON.parse(text) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

function tradingSpot(s: Service): Series {
  return s.engine.series.find((x): x is Series => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING)!;
}

describe('GET /operator/alarms', () => {
  it('needs the operator credential; a halt and the global kill switch raise alarms that resume and release clear', async () => {
    const kept = keptLog();
    service = await startAlarmService(false, kept.log);
    expect((await call('GET', '/operator/alarms', undefined)).status).toBe(401);
    const empty = await call('GET', '/operator/alarms', TOKEN);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ alarms: [], active: 0, critical: 0, dropped: 0 });

    const spot = tradingSpot(service);
    expect((await call('POST', `/operator/series/${spot.id}/halt`, TOKEN)).status).toBe(200);
    expect((await call('POST', '/operator/kill', TOKEN, { scope: 'global', engaged: true })).status).toBe(200);
    const raised = (await call('GET', '/operator/alarms', TOKEN)).body as AlarmReport;
    expect(raised).toMatchObject({ active: 2, critical: 1 });
    expect(raised.alarms[0]).toMatchObject({ name: 'kill-switch', subject: 'global', severity: 'critical', active: true, count: 1 });
    expect(raised.alarms[1]).toMatchObject({ name: 'series-halted', subject: `series #${spot.id}`, severity: 'warning', active: true, details: { seriesId: spot.id, series: spot.name } });
    expect(raised.alarms[1]!.summary).toContain(spot.name);

    const metrics = await call('GET', '/operator/metrics', TOKEN);
    expect(metrics.text).toContain('patx_alarms_active{name="series-halted",severity="warning"} 1');
    expect(metrics.text).toContain('patx_alarms_active{name="kill-switch",severity="critical"} 1');
    expect(metrics.text).toContain('patx_alarms_raised_total{name="series-halted"} 1');
    expect(metrics.text).toContain('patx_alarms_dropped_total 0');

    expect((await call('POST', `/operator/series/${spot.id}/resume`, TOKEN)).status).toBe(200);
    expect((await call('POST', '/operator/kill', TOKEN, { scope: 'global', engaged: false })).status).toBe(200);
    const cleared = (await call('GET', '/operator/alarms', TOKEN)).body as AlarmReport;
    expect(cleared).toMatchObject({ active: 0, critical: 0 });
    expect(cleared.alarms.map((a) => [a.name, a.active])).toEqual(expect.arrayContaining([['series-halted', false], ['kill-switch', false]]));
    // Each in the log too, with the field `alarm`, at its severity (they were on the board alone): raised once, then cleared.
    const alarmLines = kept.lines.filter((l) => l.alarm !== undefined).map((l) => [l.alarm, l.subject, l.state, l.level]);
    expect(alarmLines).toEqual([
      ['series-halted', `series #${spot.id}`, 'active', 40],
      ['kill-switch', 'global', 'active', 50],
      ['series-halted', `series #${spot.id}`, 'cleared', 30],
      ['kill-switch', 'global', 'cleared', 30],
    ]);
    expect(((await call('GET', '/operator/alarms?active=true', TOKEN)).body as AlarmReport).alarms).toEqual([]);

    const bad = await call('GET', '/operator/alarms?active=maybe', TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'INVALID_FIELD' }); // a malformed query field: the route registry's refusal
    expect((await call('POST', '/operator/alarms', TOKEN, {})).status).toBe(405); // a path served with GET only
  }, 60_000);

  it('keeps the board and its history across a real restart: what held before is ended by the restart and raised again by whoever still sees it', async () => {
    service = await startAlarmService();
    const spot = tradingSpot(service);
    const other = service.engine.series.find((x): x is Series => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING && x.id !== spot.id)!;
    await call('POST', `/operator/series/${spot.id}/halt`, TOKEN);
    // Halted and resumed before the restart: history only.
    await call('POST', `/operator/series/${other.id}/halt`, TOKEN);
    await call('POST', `/operator/series/${other.id}/resume`, TOKEN);
    // Nobody re-derives a mismatch at start: it stays active until a clean reconciliation.
    service.alarms.raise('reconciliation-mismatch', { summary: '2 differences between the chain and the ledger at block 7', details: { mismatches: 2 } });
    const before = (await call('GET', '/operator/alarms/history', TOKEN)).body as { events: AlarmEvent[] };
    expect(before.events.map((e) => [e.kind, e.name, e.subject])).toEqual([
      ['raised', 'reconciliation-mismatch', ''],
      ['cleared', 'series-halted', `series #${other.id}`],
      ['raised', 'series-halted', `series #${other.id}`],
      ['raised', 'series-halted', `series #${spot.id}`],
    ]);
    const dir = dirs[0]!;
    await service.stop();
    service = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, quoting: { enabled: false }, settlement: { enabled: false } }), logger);

    // The halt still holds: the watch raised it again at start (its count goes on).
    expect(service.alarms.get('series-halted', `series #${spot.id}`)).toMatchObject({ active: true, count: 2 });
    expect(service.alarms.get('series-halted', `series #${spot.id}`)!.clearedBy).toBeUndefined();
    expect(service.alarms.get('series-halted', `series #${other.id}`)).toMatchObject({ active: false, count: 1 });
    expect(service.alarms.get('reconciliation-mismatch')).toMatchObject({ active: true, count: 1, severity: 'critical', details: { mismatches: 2 } });
    const board = (await call('GET', '/operator/alarms', TOKEN)).body as AlarmReport;
    expect(board).toMatchObject({ active: 2, critical: 1 });
    const history = (await call('GET', '/operator/alarms/history', TOKEN)).body as { events: AlarmEvent[]; kept: number; next: number | null };
    expect(history.events.map((e) => [e.kind, e.name, e.subject, e.byRestart ?? false])).toEqual([
      ['raised', 'series-halted', `series #${spot.id}`, false],
      ['cleared', 'series-halted', `series #${spot.id}`, true],
      ['raised', 'reconciliation-mismatch', '', false],
      ['cleared', 'series-halted', `series #${other.id}`, false],
      ['raised', 'series-halted', `series #${other.id}`, false],
      ['raised', 'series-halted', `series #${spot.id}`, false],
    ]);
    expect(history.kept).toBe(6);
    // Paged: two at a time, newest first, `before` the last one seen.
    const page = (await call('GET', '/operator/alarms/history?limit=2', TOKEN)).body as { events: AlarmEvent[]; next: number };
    expect(page.events).toHaveLength(2);
    const rest = (await call('GET', `/operator/alarms/history?limit=10&before=${page.next}`, TOKEN)).body as { events: AlarmEvent[]; next: number | null };
    expect(rest.events.map((e) => e.id)).toEqual(history.events.slice(2).map((e) => e.id));
    expect(rest.next).toBeNull();
    expect((await call('GET', '/operator/alarms/history?limit=x', TOKEN)).status).toBe(400);
  }, 90_000);
});

describe('alarm history (LMDB)', () => {
  it('is bounded: the events by maxEvents, the entries by the board (an evicted alarm leaves the store too)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-alarm-history-'));
    dirs.push(dir);
    const clock = steppingClock();
    let history = AlarmHistory.open(dir, 5);
    let board = new AlarmBoard(clock.now, 2, history);
    for (let i = 0; i < 6; i++) {
      clock.advance(1);
      board.raise('settlement-waiting', { summary: `retry ${i}` });
    }
    board.clear('settlement-waiting');
    clock.advance(1);
    board.raise('unpayable-withdrawal', { subject: 'withdrawal #1', summary: 'held' });
    clock.advance(1);
    board.raise('unpayable-withdrawal', { subject: 'withdrawal #2', summary: 'held' }); // evicts the cleared settlement-waiting
    expect(board.get('settlement-waiting')).toBeUndefined();
    await history.close();

    history = AlarmHistory.open(dir, 5);
    expect(history.eventCount).toBe(5);
    expect(history.events(100).map((e) => e.id)).toEqual([9, 8, 7, 6, 5]);
    expect(history.events(100)[2]).toMatchObject({ kind: 'cleared', name: 'settlement-waiting', count: 6 });
    expect(history.savedAlarms().map((a) => a.subject).sort()).toEqual(['withdrawal #1', 'withdrawal #2']);
    board = new AlarmBoard(clock.now, 2, history);
    // Both were active: ended by the restart (neither is kept active across one).
    expect(board.get('unpayable-withdrawal', 'withdrawal #1')).toMatchObject({ active: false, clearedBy: 'restart', count: 1 });
    expect(board.report().active).toBe(0);
    await history.committed(); // reads see committed writes
    expect(history.events(2).map((e) => [e.kind, e.byRestart])).toEqual([['cleared', true], ['cleared', true]]);
    expect(history.eventCount).toBe(5);
    // A lower limit at the next open cuts the log to it.
    await history.close();
    history = AlarmHistory.open(dir, 3);
    expect(history.events(100).map((e) => e.id)).toEqual([11, 10, 9]);
    await history.close();
    // Closed: writes are dropped, never thrown.
    board.raise('settlement-lag', { summary: 'after close' });
  });
});

async function send(cmd: Command): Promise<EngineEvent[]> {
  return (await service!.sequencer.submit(cmd)).events;
}

async function openAccount(role: Role): Promise<number> {
  const opened = (await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED);
  if (opened === undefined) throw new Error('account not opened');
  return opened.accountId;
}

function ioc(actor: number, seriesId: number, side: Side, priceMicros: number, qty: number): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST };
}

async function until(what: string, ok: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('settlement alarms in the service', () => {
  it('settlement that cannot reach its chain is a critical settlement-unavailable alarm; trading goes on', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-alarms-'));
    dirs.push(dir);
    const rpcUrl = `http://127.0.0.1:${await closedPort()}`;
    const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, quoting: { enabled: false }, settlement: { enabled: true, rpcUrl } });
    service = await startService(config, logger);
    expect(service.settlement).toBeUndefined();
    const report = (await call('GET', '/operator/alarms?active=true', TOKEN)).body as AlarmReport;
    expect(report).toMatchObject({ active: 1, critical: 1 });
    expect(report.alarms[0]).toMatchObject({ name: 'settlement-unavailable', severity: 'critical', subject: '', count: 1 });
    expect(report.alarms[0]!.summary).toContain('ChainUnreachableError');
    expect(report.alarms[0]!.summary).toContain(rpcUrl);
    // The settler's and chain watcher's failed probes are this alarm, not two more.
    expect(report.alarms.some((a) => a.name === 'component-degraded')).toBe(false);
    expect(await (await fetch(`http://127.0.0.1:${service.gateway.port}/metrics`)).text()).toContain('patx_settlement_settler_state{state="unavailable"} 1\n');
    // Trading goes on: the process is live, and a command is still journaled.
    expect((await call('GET', '/healthz', undefined)).status).toBe(200);
    expect((await call('POST', `/operator/series/${tradingSpot(service).id}/halt`, TOKEN)).status).toBe(200);
  }, 60_000);
});

describe('market-maker protection as an alarm', () => {
  it('a real trip of the broker\'s quotes raises mmp-tripped with its figures; an operator reset clears it', async () => {
    service = await startAlarmService(true);
    for (const [name, value] of [['risk.mmpQty', 3], ['risk.mmpIntervalMs', 60_000], ['risk.mmpFreezeMs', 0]] as const) {
      expect((await call('PUT', `/operator/params/${name}`, TOKEN, { value })).status).toBe(200);
    }
    const now = Date.now();
    const s = service.engine.series
      .filter((x): x is Series => x !== undefined && x.segment === 'AUTO_INTENT' && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING && x.spec.openAtMs <= now && now < x.spec.closeAtMs)
      .sort((a, b) => b.spec.closeAtMs - a.spec.closeAtMs)[0]!;
    // The broker buys 3 from a provider at its bid (3 ≤ mmpQty: no trip), then sells 2 to a consumer at its ask: 5 > 3.
    const provider = await openAccount(Role.PROVIDER);
    await send({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: provider, segment: 'AUTO_INTENT', listingId: 1, listingVersion: 1 });
    await send({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: s.id, capacity: 1_000 });
    await send({ kind: CommandKind.MINT, actor: provider, seriesId: s.id, qty: 100 });
    await until('a broker bid', () => s.quoteBidIds.length > 0);
    const bid = service.engine.orders.get(s.quoteBidIds[0]!)!;
    expect((await send(ioc(provider, s.id, Side.SELL, bid.priceMicros, 3))).some((e) => e.type === EventType.FILL)).toBe(true);
    await until('a broker ask', () => s.quoteAskIds.length > 0);
    const consumer = await openAccount(Role.CONSUMER);
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer, amountWei: 10n ** 22n, ref: 'alarm-test' });
    const ask = service.engine.orders.get(s.quoteAskIds[0]!)!;
    const events = await send(ioc(consumer, s.id, Side.BUY, ask.priceMicros, 2));
    expect(events.some((e) => e.type === EventType.MMP_TRIGGERED)).toBe(true);

    const tripped = service.alarms.get('mmp-tripped', `series #${s.id}`)!;
    expect(tripped).toMatchObject({ active: true, severity: 'warning', count: 1, details: { seriesId: s.id, frozenUntilMs: null } });
    expect(tripped.details['filledQty']).toBeGreaterThan(3);
    expect(tripped.summary).toContain('until an operator resets');
    expect((await call('POST', `/operator/mmp/${s.id}/reset`, TOKEN)).status).toBe(200);
    expect(service.alarms.get('mmp-tripped', `series #${s.id}`)!.active).toBe(false);
  }, 60_000);
});

describe('alarm watch', () => {
  it('derives alarms from health probes, a quoter standing still while series trade, and the journal queue', async () => {
    service = await startAlarmService();
    const clock = steppingClock(Date.now());
    const board = new AlarmBoard(clock.now);
    let quoter: ComponentHealth = { state: 'ok' };
    const stats = { quotesSent: 0, quotesRejected: 0, quotesSkippedUnchanged: 0, turnsSkippedBusy: 0, seriesFailed: 0, lastRepriceMs: 0, busyMs: 0, eventsMs: 0, replayedCommands: 0 };
    const watch = new AlarmWatch({
      board,
      engine: service.engine,
      sequencer: service.sequencer,
      clock: clock.now,
      probes: () => ({ quoter: () => quoter, journal: () => { throw new Error('no journal here'); } }),
      quoter: { stats },
      limits: { quoterStallMs: 10_000, journalBacklogCommands: 0 },
    });
    watch.check();
    expect(board.get('component-degraded', 'quoter')).toBeUndefined();
    expect(board.get('component-degraded', 'journal')).toMatchObject({ active: true, severity: 'critical' });
    expect(board.get('component-degraded', 'journal')!.summary).toContain('its probe failed: no journal here');

    quoter = { state: 'degraded', detail: 'its last turn failed: bad input' };
    watch.check();
    watch.check();
    expect(board.get('component-degraded', 'quoter')).toMatchObject({ active: true, severity: 'warning', count: 1, summary: 'quoter degraded: its last turn failed: bad input' });
    quoter = { state: 'ok' };
    watch.check();
    expect(board.get('component-degraded', 'quoter')!.active).toBe(false);

    // The counters stand still past the limit while series trade: stalled; one quote: cleared.
    clock.advance(11_000);
    watch.check();
    expect(board.get('quoter-stalled')).toMatchObject({ active: true });
    stats.quotesSkippedUnchanged++;
    watch.check();
    expect(board.get('quoter-stalled')!.active).toBe(false);

    // Nothing queued is no backlog, even with a limit of 0 (cleared at half the limit, 0).
    watch.check();
    expect(board.get('journal-backlog')).toBeUndefined();
    watch.stop();
  }, 60_000);

  it('derives settlement lag from fills waiting since the later of the last cut and the first fill seen', async () => {
    service = await startAlarmService();
    const clock = steppingClock(10_000_000);
    const board = new AlarmBoard(clock.now);
    const backlog = { pendingFills: 0, lastCutAtMs: 0 };
    const watch = new AlarmWatch({ board, engine: service.engine, sequencer: service.sequencer, clock: clock.now, settlementBacklog: () => backlog, limits: { settlementLagMs: 60_000 } });
    watch.check();
    // A fill after a long idle spell: waiting since it was seen, not since the old cut.
    backlog.pendingFills = 3;
    watch.check();
    expect(board.get('settlement-lag')).toBeUndefined();
    clock.advance(61_000);
    watch.check();
    expect(board.get('settlement-lag')).toMatchObject({ active: true, details: { pendingFills: 3, waitedMs: 61_000 } });
    backlog.lastCutAtMs = clock.now();
    watch.check();
    expect(board.get('settlement-lag')!.active).toBe(false);
  }, 60_000);
});
