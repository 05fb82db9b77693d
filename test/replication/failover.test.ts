/**
 * Failover from outside: two PATX nodes (`src/main.ts` as `npm start` runs it, each with
 * its own data dir) replicate through a three-node nats-server cluster on 127.0.0.1 with
 * 'quorum' acks. A provider, through FailoverTradingClient given both gateways, keeps
 * placing resting orders while the leader is killed with SIGKILL, three times (the killed
 * node comes back as the standby each time). After every failover every order the client
 * saw acknowledged is resting on the new leader, none twice, and at the end the two
 * nodes' journals replay to the same state hash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailoverTradingClient, wire } from '../../src/client/index.js';
import { Engine, Journal, replayJournal, stateHash } from '../../src/engine/index.js';
import { freePort } from '../../src/free-port.js';
import { startLocalCluster, type LocalCluster } from '../../src/replication/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/hardhat-keys.js';
import { removeDir } from '../support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FAILOVERS = 3;
const OPERATOR_TOKEN = 'failover-test-operator';
/** Every node signs access grants with the same key (replication requires it configured). */
const GRANT_SIGNER_KEY = '0x' + '42'.repeat(32);

interface NodeProcess {
  name: string;
  dataDir: string;
  port: number;
  child: ChildProcess | undefined;
  output: string;
}

let cluster: LocalCluster;
let dir: string;
const nodes: NodeProcess[] = [];

beforeAll(async () => {
  cluster = await startLocalCluster();
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-failover-'));
  for (const name of ['a', 'b']) nodes.push({ name, dataDir: path.join(dir, name), port: await freePort(), child: undefined, output: '' });
}, 60_000);

afterAll(async () => {
  for (const n of nodes) n.child?.kill('SIGKILL');
  await cluster?.stop();
  if (dir !== undefined) removeDir(dir);
});

async function start(n: NodeProcess): Promise<void> {
  n.output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PATX_DATA_DIR: n.dataDir,
      PATX_PORT: String(n.port),
      PATX_MARKET_DATA_PORT: String(await freePort()),
      PATX_SETTLEMENT: 'off',
      PATX_DEMO: 'off',
      PATX_PROVIDER_SERVER: 'off',
      PATX_LOG_LEVEL: 'info',
      PATX_REPLICATION_SERVERS: cluster.servers.join(','),
      PATX_REPLICATION_NODE: n.name,
      PATX_REPLICATION_ACK: 'quorum',
      PATX_OPERATOR_TOKEN: OPERATOR_TOKEN,
      PATX_GRANT_SIGNER_KEY: GRANT_SIGNER_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  n.child = child;
  const keep = (chunk: Buffer): void => {
    n.output = (n.output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    const exited = nodes.find((n) => n.child !== undefined && n.child.exitCode !== null && n.child.signalCode === null && n.child.exitCode !== 0);
    if (exited !== undefined) throw new Error(`${exited.name} exited (${exited.child!.exitCode}) while waiting for ${what}\n${exited.output.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${nodes.map((n) => `--- ${n.name}\n${n.output.slice(-3000)}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const leads = (n: NodeProcess): boolean => n.output.includes('"PATX is running');
const follows = (n: NodeProcess): boolean => n.output.includes('following the replicated journal as a standby');

describe('failover', () => {
  it(`kills the leader with SIGKILL under load ${FAILOVERS} times: the standby takes over, every acknowledged order is on the new leader once, the client carries on`, async () => {
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    await start(a);
    await until(() => leads(a), 'a to lead');
    await start(b);
    await until(() => follows(b), 'b to follow');

    const urls = nodes.map((n) => `ws://127.0.0.1:${n.port}/v1/trade`);
    const client = await FailoverTradingClient.connect(urls, { wallet: new Wallet(HARDHAT_KEYS[2]!), role: wire.Role.PROVIDER, reconnectWithinMs: 60_000 });
    const series = (await client.with((c) => c.series())).filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING);
    const seriesId = Number(series.sort((x, y) => Number(y.closeAtMs) - Number(x.closeAtMs))[0]!.seriesId);
    const top = Number(series.find((s) => Number(s.seriesId) === seriesId)!.maxPriceMicros);
    // Minting without a catalog listing (the demo's setting requires one): an operator's parameter, journaled like any.
    const set = await fetch(`http://127.0.0.1:${a.port}/operator/params/risk.mintRequiresListing`, { method: 'PUT', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ value: 0 }) });
    expect(set.status).toBe(200);
    expect(Number((await client.with((c) => c.declareCapacity(seriesId, 1_000_000))).rejectReason ?? 0)).toBe(0);
    expect(Number((await client.with((c) => c.mint(seriesId, 100_000))).rejectReason ?? 0)).toBe(0);

    // The load: asks at the top of the range (they rest), 8 in flight, each with its own client order id.
    const accepted = new Set<number>();
    const duplicates = new Set<number>();
    let nextId = 1;
    let running = true;
    // When the first order was accepted over a connection made after the latest kill.
    let connectionsAtKill = 1;
    let firstAckAfterKillMs = 0;
    const sender = async (): Promise<void> => {
      while (running) {
        const clientOrderId = nextId++;
        const ack = await client.newOrder({ seriesId, clientOrderId, side: wire.Side.SELL, timeInForce: wire.TimeInForce.GTC, priceMicros: top, qty: 1 });
        const reason = Number(ack.rejectReason ?? 0) || Number(ack.reports?.[0]?.rejectReason ?? 0);
        if (reason === 0) {
          accepted.add(clientOrderId);
          if (firstAckAfterKillMs === 0 && client.connections > connectionsAtKill) firstAckAfterKillMs = performance.now();
        }
        else if (reason === wire.RejectReason.DUPLICATE_CLIENT_ORDER_ID) duplicates.add(clientOrderId);
        else if (reason === wire.RejectReason.THROTTLED) await new Promise((resolve) => setTimeout(resolve, 20)); // the account's message rate: back off
        else throw new Error(`order ${clientOrderId} refused: ${wire.RejectReason[reason]}`);
      }
    };
    const failures: unknown[] = [];
    const senders = Array.from({ length: 8 }, () => sender().catch((error: unknown) => void failures.push(error)));

    const failoverMs: number[] = [];
    let leader = a;
    let standby = b;
    for (let round = 0; round < FAILOVERS; round++) {
      await until(() => accepted.size >= (round + 1) * 300 || failures.length > 0, `orders before failover ${round + 1}`);
      expect(failures).toEqual([]);
      connectionsAtKill = client.connections;
      firstAckAfterKillMs = 0;
      const killedAt = performance.now();
      leader.child!.kill('SIGKILL');
      await until(() => leads(standby), `${standby.name} to take over`);
      await until(() => firstAckAfterKillMs > 0, 'the first order accepted by the new leader');
      failoverMs.push(firstAckAfterKillMs - killedAt);
      if (process.env['PATX_FAILOVER_TRACE'] !== undefined) {
        const t0 = Date.now() - (performance.now() - killedAt);
        for (const line of standby.output.split('\n').filter((l) => l.startsWith('{'))) {
          const j = JSON.parse(line) as { time: number; msg: string };
          if (j.time >= t0 - 100) console.log(`${standby.name} +${j.time - t0} ms ${j.msg}`);
        }
      }
      // The killed node comes back, as the standby.
      await start(leader);
      await until(() => follows(leader), `${leader.name} to follow`);
      [leader, standby] = [standby, leader];
      // Every order acknowledged so far rests on the new leader, once.
      const snapshot = new Set(accepted);
      const resting = (await client.with((c) => c.openOrders(seriesId))).map((o) => Number(o.clientOrderId));
      expect(new Set(resting).size).toBe(resting.length);
      const missing = [...snapshot].filter((id) => !resting.includes(id));
      expect(missing).toEqual([]);
      for (const id of duplicates) expect(resting).toContain(id);
    }
    running = false;
    await Promise.all(senders);
    expect(failures).toEqual([]);
    console.log(`failover: kill to the first order accepted by the new leader ${failoverMs.map((x) => x.toFixed(0)).join(', ')} ms; ${accepted.size} orders, ${duplicates.size} resent after a drop; ${client.connections} connections`);
    expect(client.connections).toBe(1 + FAILOVERS);
    await client.close();

    // Both journals replay to the same state up to the seq both hold.
    leader.child!.kill('SIGINT');
    standby.child!.kill('SIGINT');
    await until(() => nodes.every((n) => n.child!.exitCode !== null), 'both nodes to stop');
    const journals = nodes.map((n) => Journal.open(n.dataDir, { durability: 'commit', readOnly: true }));
    const common = Math.min(...journals.map((j) => j.lastSeq()));
    expect(common).toBeGreaterThan(accepted.size);
    const hashes = journals.map((j) => {
      const engine = new Engine();
      replayJournal(engine, j, common);
      return stateHash(engine);
    });
    expect(hashes[0]).toBe(hashes[1]);
    for (const j of journals) await j.close();
  }, 300_000);
});
