/**
 * The operator API handler and the CLI client against a running service on a
 * real LMDB journal: reads and changes parameters, halts and resumes, kill
 * switches, MMP reset, refusals with the reason and nothing changed, the audit
 * trail, /metrics lines, and changes surviving a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { CommandKind, CURRENT_RULES, EventType, Role, SYSTEM_ACTOR, MAX_POSITION_RIGHTS, OrderType, SelfTradePrevention, SeriesStatus, Side, TimeInForce } from '../../src/engine/index.js';
import { runOperatorCli, type OperatorApi } from '../../src/operator/index.js';

const NOW = Date.UTC(2026, 10, 21, 12);
let dir: string;
let config: Config;
const logger = createLogger('silent');
let svc: Service | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-operator-'));
  config = loadConfig({}, {
    dataDir: dir,
    sequencer: { maxBatchCommands: 64, maxQueuedCommands: 10_000, maxUncommittedCommands: 1024, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    quoting: { enabled: false },
    gateway: { port: 0, marketDataPort: 0 },
    settlement: { enabled: false },
  });
});

afterEach(async () => {
  if (svc !== undefined && !svc.sequencer.stopped) await svc.stop();
  svc = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function boot(): Promise<{ service: Service; api: OperatorApi }> {
  svc = await startService(config, logger, () => NOW);
  return { service: svc, api: svc.operatorApi };
}

// The bootstrap operator (every role): these tests are about the API, not roles (test/operator/operators.test.ts).
const as = (method: string, p: string, body?: unknown) => ({ method, path: p, body, operator: 'admin' });

describe('operator API', () => {
  it('reads and changes a parameter; audited with who, when, old and new; visible in metrics', async () => {
    const { service, api } = await boot();
    const list = await api.handle(as('GET', '/operator/params'));
    expect(list.status).toBe(200);
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'risk.maxOrderQty', value: 0, setByOperator: false })]));
    const res = await api.handle(as('PUT', '/operator/params/risk.maxOrderQty', { value: 25 }));
    expect(res.status).toBe(200);
    expect(service.engine.risk.maxOrderQty).toBe(25);
    const seg = await api.handle(as('POST', '/operator/params', { name: 'quoting.baseValueMicros:AUTO_INTENT', value: 1_500_000 }));
    expect(seg.status).toBe(200);
    expect((await api.handle(as('GET', '/operator/params/quoting.baseValueMicros:AUTO_INTENT'))).body).toMatchObject({ value: 1_500_000, setByOperator: true });
    const audit = api.audit();
    // The service put its new journal under the current engine rules first, as the system.
    expect(audit[0]).toMatchObject({ event: 'RULES_ADOPTED', operator: 'system', actor: 0, detail: { version: CURRENT_RULES } });
    // The request named no account, so it acted as the bootstrap operator ('admin'), whose name the audit shows.
    expect(audit[1]).toMatchObject({ event: 'PARAM_CHANGED', operator: 'admin', timeMs: NOW, detail: { name: 'risk.maxOrderQty', oldValue: 0, newValue: 25 } });
    expect(audit[1]!.actor).toBe(2); // the bootstrap operator account
    expect((await api.handle(as('GET', '/operator/phase'))).body).toMatchObject({ rules: { version: CURRENT_RULES, current: CURRENT_RULES, maxPositionRights: MAX_POSITION_RIGHTS } });
    expect(api.metrics()).toContain('patx_param{name="risk.maxOrderQty"} 25');
    expect(api.metrics()).toContain('patx_param{name="quoting.baseValueMicros:AUTO_INTENT"} 1500000');
  });

  it('refuses bad values with 400 and the reason, and changes nothing', async () => {
    const { service, api } = await boot();
    const seq = service.engine.lastSeq;
    // A value out of its bounds, and a name not in the registry, are refused by name as docs/risk.md lists them (they were INVALID_REQUEST).
    for (const value of [-1, 1.5]) {
      const res = await api.handle(as('PUT', '/operator/params/risk.maxOrderQty', { value }));
      expect([res.status, (res.body as { error: string }).error], String(value)).toEqual([400, 'PARAM_OUT_OF_RANGE']);
    }
    const unknown = await api.handle(as('PUT', '/operator/params/risk.nothing', { value: 1 }));
    expect([unknown.status, (unknown.body as { error: string }).error]).toEqual([404, 'UNKNOWN_PARAM']);
    expect((await api.handle(as('POST', '/operator/params', { name: 'risk.nothing', value: 1 }))).status).toBe(404);
    const cases = [
      as('PUT', '/operator/params/risk.maxOrderQty', { value: '5' }),
      as('PUT', '/operator/params/risk.maxOrderQty', { value: 5, extra: true }),
      as('POST', '/operator/kill', { scope: 'series', engaged: true }),
      as('POST', '/operator/kill', { scope: 'planet', engaged: true }),
      as('POST', '/operator/series/abc/halt'),
    ];
    for (const req of cases) {
      const res = await api.handle(req);
      expect(res.status, JSON.stringify(req)).toBe(400);
      expect(res.body).toMatchObject({ error: 'INVALID_REQUEST' });
    }
    const range = await api.handle(as('PUT', '/operator/params/risk.maxOrderQty', { value: -1 }));
    expect((range.body as { message: string }).message).toMatch(/^risk\.maxOrderQty must be in \[0, /);
    expect(service.engine.lastSeq).toBe(seq);
    expect(service.engine.params.size).toBe(0);
    expect((await api.handle(as('GET', '/operator/nowhere'))).status).toBe(404);
  });

  it('halts and resumes a series, engages and releases kill switches, resets MMP; engine refusals are 409 with the reason', async () => {
    const { service, api } = await boot();
    const halted = await api.handle(as('POST', '/operator/series/1/halt'));
    expect(halted.status).toBe(200);
    expect(service.engine.series[1]!.status).toBe(SeriesStatus.HALTED);
    // Its events by name, as every JSON answer's enums (they were numbers: type 10, status 2).
    expect((halted.body as { events: unknown[] }).events).toContainEqual(expect.objectContaining({ type: 'SERIES_STATUS_CHANGED', seriesId: 1, status: 'HALTED' }));
    const again = await api.handle(as('POST', '/operator/series/1/halt'));
    expect(again).toMatchObject({ status: 409, body: { error: 'INVALID_STATUS_CHANGE' } });
    expect((await api.handle(as('POST', '/operator/series/1/resume'))).status).toBe(200);
    expect((await api.handle(as('POST', '/operator/kill', { scope: 'global', engaged: true }))).status).toBe(200);
    expect((await api.handle(as('GET', '/operator/kill'))).body).toEqual({ global: true, accounts: [], series: [] });
    expect((await api.handle(as('POST', '/operator/kill', { scope: 'series', targetId: 2, engaged: true }))).status).toBe(200);
    expect(api.metrics()).toContain('patx_kill_switch_engaged{scope="global"} 1');
    // A refused order under the kill switch is counted as a risk reject.
    await service.sequencer.submit({ kind: CommandKind.NEW_ORDER, actor: 1, seriesId: 1, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros: 100_000, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
    expect(api.metrics()).toContain('patx_risk_rejects_total{reason="KILL_SWITCH_ENGAGED"} 1');
    expect((await api.handle(as('POST', '/operator/kill', { scope: 'global', engaged: false }))).status).toBe(200);
    // The orders resting in the books: one more once an order rests, one fewer once it is cancelled.
    const resting = (): number => Number(/^patx_orders_resting (\d+)$/m.exec(api.metrics())?.[1]);
    const before = resting();
    expect((await api.handle(as('PUT', '/operator/params/risk.mintRequiresListing', { value: 0 }))).status).toBe(200);
    const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '0x' + '77'.repeat(20) });
    const provider = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
    await service.sequencer.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: 1, capacity: 10 });
    await service.sequencer.submit({ kind: CommandKind.MINT, actor: provider, seriesId: 1, qty: 10 });
    const ask = { kind: CommandKind.NEW_ORDER, actor: provider, seriesId: 1, clientOrderId: 1, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros: service.engine.series[1]!.maxPriceMicros, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST } as const;
    const placed = await service.sequencer.submit(ask);
    expect(placed.events.map((e) => e.type), JSON.stringify(placed.events)).toContain(EventType.ORDER_ACCEPTED);
    expect(resting()).toBe(before + 1);
    await service.sequencer.submit({ kind: CommandKind.CANCEL_ORDER, actor: provider, orderId: 0, clientOrderId: 1 });
    expect(resting()).toBe(before);
    expect(await api.handle(as('POST', '/operator/mmp/1/reset'))).toMatchObject({ status: 409, body: { error: 'MMP_NOT_TRIGGERED' } });
    expect((await api.handle(as('GET', '/operator/series'))).body).toEqual(expect.arrayContaining([expect.objectContaining({ seriesId: 2, killed: true, killedBy: 'series' })]));
    // The global kill switch stops every series: each row says so (it said killed false under it).
    await api.handle(as('POST', '/operator/kill', { scope: 'global', targetId: 0, engaged: true }));
    const rows = (await api.handle(as('GET', '/operator/series'))).body as Array<{ seriesId: number; killed: boolean; killedBy: string | null }>;
    expect(rows.filter((r) => r.seriesId !== 2).every((r) => r.killed && r.killedBy === 'global')).toBe(true);
    await api.handle(as('POST', '/operator/kill', { scope: 'global', targetId: 0, engaged: false }));
    expect(((await api.handle(as('GET', '/operator/series'))).body as Array<{ seriesId: number; killedBy: string | null }>).filter((r) => r.seriesId !== 2).every((r) => r.killedBy === null)).toBe(true);
  });

  it('changes survive a restart (they are journaled commands)', async () => {
    const first = await boot();
    await first.api.handle(as('PUT', '/operator/params/risk.priceBandBps', { value: 700 }));
    await first.api.handle(as('POST', '/operator/kill', { scope: 'account', targetId: 1, engaged: true }));
    await first.service.stop();
    const second = await boot();
    expect(second.service.engine.risk.priceBandBps).toBe(700);
    expect(second.service.engine.accounts[1]!.killed).toBe(true);
  });
});

describe('operator CLI client over HTTP', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server !== undefined) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  });

  /** A stand-in for the gateway's HTTP server: bearer check, JSON body, delegate to the handler. */
  async function serve(api: OperatorApi, token: string): Promise<string> {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        if (req.headers.authorization !== `Bearer ${token}`) {
          res.writeHead(401).end('{"error":"unauthorized"}');
          return;
        }
        const u = new URL(req.url ?? '/', 'http://127.0.0.1');
        void api.handle({ method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, body: raw === '' ? undefined : (JSON.parse(raw) as unknown), operator: 'admin' }).then((r) => {
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.body));
        });
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/operator`;
  }

  it('params set/get, kill, halt; a bad value and a bad token fail with the reason', async () => {
    const { service, api } = await boot();
    const url = await serve(api, 's3cret');
    const out: string[] = [];
    const err: string[] = [];
    const opts = { url, token: 's3cret', out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runOperatorCli(['params', 'set', 'risk.maxOrderQty', '7'], opts)).toBe(0);
    expect(service.engine.risk.maxOrderQty).toBe(7);
    expect(await runOperatorCli(['params', 'get', 'risk.maxOrderQty'], opts)).toBe(0);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({ name: 'risk.maxOrderQty', value: 7 });
    expect(await runOperatorCli(['params', 'set', 'risk.maxOrderQty', '-3'], opts)).toBe(1);
    expect(err.at(-1)).toMatch(/"status":400.*must be in/);
    expect(await runOperatorCli(['kill', 'series', '3'], opts)).toBe(0);
    expect(service.engine.series[3]!.killed).toBe(true);
    expect(await runOperatorCli(['release', 'series', '3'], opts)).toBe(0);
    expect(await runOperatorCli(['halt', '2'], opts)).toBe(0);
    expect(service.engine.series[2]!.status).toBe(SeriesStatus.HALTED);
    expect(await runOperatorCli(['audit'], opts)).toBe(0);
    expect(await runOperatorCli(['params', 'set', 'risk.maxOrderQty', '9'], { ...opts, token: 'wrong' })).toBe(1);
    expect(err.at(-1)).toMatch(/"status":401/);
    expect(await runOperatorCli(['kill', 'account'], opts)).toBe(2);
    expect(service.engine.risk.maxOrderQty).toBe(7);
  });
});
