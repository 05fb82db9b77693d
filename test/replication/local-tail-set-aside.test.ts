/**
 * A deposed 'local'-ack leader rejoins by itself (issue 78, point 3): two replicated services
 * in this process on a real three-node nats-server cluster, 'local' acks. Leader a reaches
 * NATS through a proxy that is stalled: the stream stops hearing from it while it goes on
 * acknowledging orders at its local commit, until its lease runs out. b takes over and writes
 * other commands at the same seqs. a's connection comes back, a stops, and a starts again:
 * it sets its unreplicated tail aside (a file holding exactly those commands, by seq and
 * kind), cuts its journal back to the stream (its snapshot past that point goes too),
 * follows b to an equal state hash, and its alarm board says what was set aside until an
 * operator clears it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { CommandKind, enumName, EventType, Journal, OrderType, recover, Role, SelfTradePrevention, SeriesKind, SeriesStatus, Side, stateHash, SYSTEM_ACTOR, TimeInForce, type Command } from '../../src/engine/index.js';
import { ReplicationAbortedError, SET_ASIDE_DIR, startLocalCluster, type LocalCluster } from '../../src/replication/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { StallingProxy } from '../support/stalling-proxy.js';

const OPERATOR_TOKEN = 'local-tail-set-aside-operator-token-0123456789';
const TAIL_ORDERS = 199;
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');

let cluster: LocalCluster;
const dirs: string[] = [];
const running: Service[] = [];

beforeAll(async () => {
  cluster = await startLocalCluster();
}, 60_000);

afterAll(async () => {
  for (const s of running) await s.stop().catch(() => undefined);
  await cluster?.stop();
  for (const d of dirs) removeDir(d);
});

function nodeConfig(node: string, dataDir: string, servers: string[], port = 0): Config {
  return loadConfig({}, {
    dataDir,
    gateway: { port, marketDataPort: 0, operatorToken: OPERATOR_TOKEN },
    sequencer: { maxBatchCommands: 16, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    // No quoter, and the listing schedule only at the start (a window opening mid-test, as at midnight UTC, lists its
    // series: 2026-11-30 00:05 seven such commands fell between the test's reads): nothing but the test writes, so the
    // tail is the test's orders.
    quoting: { enabled: false },
    scheduleIntervalMs: 3_600_000,
    settlement: { enabled: false },
    grants: { signerKey: '0x' + '42'.repeat(32) },
    // A ttl of 3 s: two services and three nats-servers share the test machine's cores.
    replication: { enabled: true, servers, node, ack: 'local', leaseTtlMs: 3_000, leaseRenewMs: 1_000 },
  });
}

function tempDir(name: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), `patx-setaside-${name}-`));
  dirs.push(d);
  return d;
}

async function submitAll(s: Service, cmds: readonly Command[]): Promise<number[]> {
  const results = await Promise.all(cmds.map((c) => s.sequencer.submit(c)));
  for (const r of results) for (const e of r.events) if (e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED) throw new Error(`refused: ${JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
  return results.map((r) => r.seq);
}

function restingSell(actor: number, seriesId: number, priceMicros: number, clientOrderId: number): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST };
}

async function healthz(port: number): Promise<{ role?: string; seq?: number }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return (await res.json()) as { role?: string; seq?: number };
  } catch {
    return {};
  }
}

describe("a deposed 'local'-ack leader", () => {
  it('sets its unreplicated tail aside by itself, follows the new leader to an equal state, and raises an alarm an operator clears', async () => {
    const [host, port] = cluster.servers[0]!.replace(/^nats:\/\//, '').split(':');
    const proxy = await StallingProxy.start({ host: host!, port: Number(port) });
    const aDir = tempDir('a');
    const a = await startService(nodeConfig('a', aDir, [`nats://127.0.0.1:${proxy.port}`]), logger);
    running.push(a);
    expect(a.replication?.status().role).toBe('leader');
    const bStarting = startService(nodeConfig('b', tempDir('b'), cluster.servers), logger);
    void bStarting.catch(() => undefined);

    // A provider with rights to sell, on a; replicated before the cut.
    const spot = a.engine.series.find((x) => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING)!;
    const operator = a.engine.accounts.find((x) => x?.role === Role.OPERATOR)!.id;
    const provider = a.engine.accounts.length;
    await submitAll(a, [
      { kind: CommandKind.SET_PARAM, actor: operator, name: 'risk.mintRequiresListing', value: 0 },
      { kind: CommandKind.SET_PARAM, actor: operator, name: 'risk.throttleMessages', value: 1_000_000 },
      { kind: CommandKind.SET_PARAM, actor: operator, name: 'risk.priceBandBps', value: 10_000 },
      { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' },
    ]);
    await submitAll(a, [
      { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: provider, amountWei: 10n ** 24n, ref: 'set-aside:provider' },
      { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot.id, capacity: 1_000_000 },
      { kind: CommandKind.MINT, actor: provider, seriesId: spot.id, qty: 10_000 },
    ]);
    const priceMicros = spot.spec.maxPriceMicros;
    await until(() => a.replication!.status().replicatedSeq === a.engine.lastSeq, "a's records to reach the stream");
    const replicatedSeq = a.engine.lastSeq;

    // The cut: the stream hears nothing more from a, which acknowledges at its local commit until its lease runs out.
    proxy.stall();
    const tailSeqs = await submitAll(a, Array.from({ length: TAIL_ORDERS }, (_, i) => restingSell(provider, spot.id, priceMicros, i + 1)));
    // A snapshot past the stream's end: the rejoin must not recover from it.
    await a.sequencer.snapshot();
    expect(tailSeqs[0]).toBe(replicatedSeq + 1);
    expect(a.replication!.status().lagSeqs).toBeGreaterThanOrEqual(TAIL_ORDERS);
    await a.deposed;
    // b takes over where the stream ends and writes other commands at those seqs.
    const b = await bStarting;
    running.push(b);
    expect(b.engine.lastSeq).toBe(replicatedSeq);
    await submitAll(b, Array.from({ length: 50 }, (_, i) => restingSell(provider, spot.id, priceMicros - spot.spec.tickMicros, 10_000 + i)));
    // a's connection comes back (its held publishes are refused: b's LEADER message fenced it), and a stops: a snapshot at its tail.
    proxy.resume();
    await a.stop();
    running.splice(running.indexOf(a), 1);
    await proxy.close();
    const oldJournal = Journal.open(aDir, { durability: 'commit' });
    const tail = [...oldJournal.read(replicatedSeq + 1)].flatMap((batch) => batch.commands.map((c, i) => ({ seq: batch.firstSeq + i, kind: enumName(CommandKind, c.kind) })));
    expect(oldJournal.latestSnapshot()!.seq).toBe(oldJournal.lastSeq());
    await oldJournal.close();
    expect(tail.map((t) => t.seq)).toEqual(tailSeqs);

    // a starts again, as a standby: by itself it sets the tail aside and follows b.
    const aPort = await freePort();
    const stopA = new AbortController();
    const aAgain = startService(nodeConfig('a', aDir, cluster.servers, aPort), logger, Date.now, { signal: stopA.signal });
    await until(() => existsSync(path.join(aDir, SET_ASIDE_DIR)), 'a to set its tail aside');
    void aAgain.catch(() => undefined);
    await until(async () => {
      const h = await healthz(aPort);
      return h.role === 'standby' && h.seq === b.engine.lastSeq;
    }, 'a to follow b to its last seq', 30_000);
    stopA.abort();
    await expect(aAgain).rejects.toBeInstanceOf(ReplicationAbortedError);

    const files = readdirSync(path.join(aDir, SET_ASIDE_DIR)).filter((f) => f.endsWith('.jsonl'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^set-aside-${replicatedSeq + 1}-${replicatedSeq + TAIL_ORDERS}-`));
    const setAside = readFileSync(path.join(aDir, SET_ASIDE_DIR, files[0]!), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; kind: string; command: { clientOrderId: number; priceMicros: number } });
    expect(setAside.map((c) => ({ seq: c.seq, kind: c.kind }))).toEqual(tail);
    expect(setAside.every((c) => c.kind === 'NEW_ORDER' && c.command.priceMicros === priceMicros)).toBe(true);
    expect(setAside.map((c) => c.command.clientOrderId)).toEqual(Array.from({ length: TAIL_ORDERS }, (_, i) => i + 1));
    expect(existsSync(path.join(aDir, SET_ASIDE_DIR, `${files[0]}.partial`))).toBe(false);

    // a's journal is b's: cut back to the stream (the snapshot at its tail gone too), then b's records; equal state.
    const journal = Journal.open(aDir, { durability: 'commit' });
    expect(journal.snapshotSeqs().every((seq) => seq <= replicatedSeq)).toBe(true);
    const recovered = recover(journal);
    await journal.close();
    expect(recovered.engine.lastSeq).toBe(b.engine.lastSeq);
    expect(recovered.stateHash).toBe(stateHash(b.engine));

    // a starts a third time and leads once b hands the lease over: its board says what was set aside, until an operator clears it.
    const aLeading = startService(nodeConfig('a', aDir, cluster.servers, aPort), logger);
    await until(async () => (await healthz(aPort)).role === 'standby', 'a to wait as a standby again');
    await b.stop();
    running.splice(running.indexOf(b), 1);
    const a3 = await aLeading;
    running.push(a3);
    // The port changed hands (the standby's status server closed every connection, the gateway bound it): a keep-alive
    // socket to the old server may still sit in fetch's pool until its close is read, so the first call waits for the
    // leader's own answer, as a client retrying an idempotent GET would (CI 2026-11-30: "other side closed").
    await until(async () => (await healthz(aPort)).role === 'leader', "a's gateway to answer on its port as the leader");
    const operatorCall = async (method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(`http://127.0.0.1:${aPort}${route}`, { method, headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const board = (await operatorCall('GET', '/operator/alarms?active=true')).body as { alarms: Array<{ name: string; subject: string; severity: string; summary: string; details: Record<string, unknown> }> };
    const alarm = board.alarms.find((x) => x.name === 'replication-tail-set-aside');
    expect(alarm, JSON.stringify(board)).toBeDefined();
    expect(alarm!.subject).toBe(files[0]);
    expect(alarm!.severity).toBe('critical');
    expect(alarm!.details).toMatchObject({ fromSeq: replicatedSeq + 1, toSeq: replicatedSeq + TAIL_ORDERS, commands: TAIL_ORDERS, takenOverBy: 'b' });
    expect(alarm!.summary).toContain(`${TAIL_ORDERS} commands at seqs ${replicatedSeq + 1}–${replicatedSeq + TAIL_ORDERS}`);
    // Only alarms no source clears are an operator's to clear.
    expect((await operatorCall('POST', '/operator/alarms/clear', { name: 'series-halted', subject: '' })).status).toBe(409);
    expect((await operatorCall('POST', '/operator/alarms/clear', { name: 'replication-tail-set-aside', subject: 'set-aside-nothing.jsonl' })).status).toBe(404);
    const cleared = await operatorCall('POST', '/operator/alarms/clear', { name: 'replication-tail-set-aside', subject: files[0] });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    const after = (await operatorCall('GET', '/operator/alarms?active=true')).body as { alarms: Array<{ name: string }> };
    expect(after.alarms.filter((x) => x.name === 'replication-tail-set-aside')).toEqual([]);
  }, 180_000);
});
