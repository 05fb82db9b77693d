/**
 * A replicated group from outside, for tests and benches: a three-node nats-server cluster
 * on 127.0.0.1 and PATX nodes run as `npm start` runs them (`src/main.ts`, each with its own
 * data dir and ports, 'quorum' acks), which can be killed and started again; and a provider
 * that keeps placing resting orders through FailoverTradingClient, timing each failover from
 * the kill to the first order the new leader accepts.
 *
 * Used by test/replication/failover.test.ts, test/replication/standby-health.test.ts,
 * test/replication/catalog-failover.test.ts and bench/failover.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { FailoverTradingClient, wire } from '../../src/client/index.js';
import type { JetStreamManager } from '@nats-io/jetstream';
import { Engine, Journal, replayJournal, stateHash } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startLocalCluster, type LocalCluster } from '../../src/replication/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/hardhat-keys.js';
import { removeDir } from './exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const OPERATOR_TOKEN = 'replicated-group-operator';
/** Every node signs access grants with the same key (replication requires it configured). */
const GRANT_SIGNER_KEY = '0x' + '42'.repeat(32);

/** One PATX node: its process (while it runs) and what it printed since it was last started. */
export interface ExchangeNode {
  name: string;
  dataDir: string;
  /** The gateway's port (PATX_PORT): the leader's gateway, or a standby's health answers. */
  port: number;
  child: ChildProcess | undefined;
  output: string;
}

export class ReplicatedGroup {
  private constructor(
    readonly cluster: LocalCluster,
    private readonly dir: string,
    readonly nodes: ExchangeNode[],
    private readonly leaseTtlMs: number | 'node-default',
    private readonly nodeFlags: readonly string[],
  ) {}

  /**
   * The cluster and the nodes' records (data dirs, ports); no node runs yet. The nodes' lease
   * ttl is 3 s unless given: the tests share 2 cores with other tests, and a node starved of CPU
   * for the production default of 1 s would be deposed (docs/replication.md). 'node-default'
   * sets no ttl at all, so a node runs with whatever src/replication/config.ts defaults to (the
   * failover bench). `nodeFlags`: node's flags before `--import tsx` (the bench passes
   * `npm start`'s V8 flags, so a node runs exactly as `npm start` runs it).
   */
  static async create(names: readonly string[] = ['a', 'b'], options: { leaseTtlMs?: number | 'node-default'; nodeFlags?: readonly string[] } = {}): Promise<ReplicatedGroup> {
    const cluster = await startLocalCluster();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-group-'));
    const nodes: ExchangeNode[] = [];
    for (const name of names) nodes.push({ name, dataDir: path.join(dir, name), port: await freePort(), child: undefined, output: '' });
    return new ReplicatedGroup(cluster, dir, nodes, options.leaseTtlMs ?? 3_000, options.nodeFlags ?? []);
  }

  /** Starts `n` (again); `env` adds to or overrides the group's settings. */
  async start(n: ExchangeNode, env: Record<string, string> = {}): Promise<void> {
    n.output = '';
    const ttl: Record<string, string> = this.leaseTtlMs === 'node-default' ? {} : { PATX_REPLICATION_LEASE_TTL_MS: String(this.leaseTtlMs) };
    const child = spawn(process.execPath, [...this.nodeFlags, 'bin/start.js'], {
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
        PATX_REPLICATION_SERVERS: this.cluster.servers.join(','),
        PATX_REPLICATION_NODE: n.name,
        PATX_REPLICATION_ACK: 'quorum',
        ...ttl,
        PATX_OPERATOR_TOKEN: OPERATOR_TOKEN,
        PATX_GRANT_SIGNER_KEY: GRANT_SIGNER_KEY,
        ...env,
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

  /** Waits for `check`; throws with the nodes' last output on a timeout or when a node exits with an error. */
  async until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const exited = this.nodes.find((n) => n.child !== undefined && n.child.exitCode !== null && n.child.signalCode === null && n.child.exitCode !== 0);
      if (exited !== undefined) throw new Error(`${exited.name} exited (${exited.child!.exitCode}) while waiting for ${what}\n${exited.output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${this.outputs()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** What each node printed last: for a failed test's message (a fetch that fails says nothing of why). */
  outputs(): string {
    return this.nodes.map((n) => `--- ${n.name} (exit ${n.child?.exitCode ?? 'running'})\n${n.output.slice(-4000)}`).join('\n');
  }

  /** Every node's order-entry URL, in the nodes' order. */
  tradeUrls(): string[] {
    return this.nodes.map((n) => `ws://127.0.0.1:${n.port}/v1/trade`);
  }

  /** Stops every node (SIGINT: each ships what is left and hands the lease over) and waits for them. */
  async stopNodes(): Promise<void> {
    for (const n of this.nodes) if (n.child !== undefined && n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGINT');
    await this.until(() => this.nodes.every((n) => n.child === undefined || n.child.exitCode !== null || n.child.signalCode !== null), 'every node to stop');
  }

  /** Kills what still runs, stops the cluster and removes the data dirs. */
  async close(): Promise<void> {
    for (const n of this.nodes) n.child?.kill('SIGKILL');
    await this.cluster.stop();
    removeDir(this.dir);
  }
}

/** Started leading: its gateway takes orders. */
export const leads = (n: ExchangeNode): boolean => n.output.includes('"PATX is running');
/** Following the stream as a standby. */
export const follows = (n: ExchangeNode): boolean => n.output.includes('following the replicated journal as a standby');

/**
 * A provider placing asks at the top of a spot series' range (they rest), `inFlight` at
 * a time, each with its own client order id, through a FailoverTradingClient given every
 * node's gateway; it carries on across failovers.
 */
export class RestingOrderLoad {
  readonly accepted = new Set<number>();
  /** Orders resent after a drop that the engine had already taken (DUPLICATE_CLIENT_ORDER_ID). */
  readonly duplicates = new Set<number>();
  readonly failures: unknown[] = [];
  private nextId = 1;
  private running = true;
  private senders: Array<Promise<void>> = [];
  // When the first order was accepted over a connection made after the latest kill.
  private connectionsAtKill = 1;
  private firstAckAfterKillMs = 0;

  private constructor(
    readonly client: FailoverTradingClient,
    readonly seriesId: number,
    private readonly priceMicros: number,
  ) {}

  /**
   * Connects to the group (`leaderPort`: the current leader's gateway, for the operator's
   * parameter), gives the provider capacity and supply in the latest spot series, and starts.
   */
  static async start(group: ReplicatedGroup, leaderPort: number, inFlight = 8): Promise<RestingOrderLoad> {
    const client = await FailoverTradingClient.connect(group.tradeUrls(), { wallet: new Wallet(HARDHAT_KEYS[2]!), role: wire.Role.PROVIDER, reconnectWithinMs: 60_000 });
    const series = (await client.with((c) => c.series())).filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING);
    const seriesId = Number(series.sort((x, y) => Number(y.closeAtMs) - Number(x.closeAtMs))[0]!.seriesId);
    const top = Number(series.find((s) => Number(s.seriesId) === seriesId)!.maxPriceMicros);
    // Minting without a catalog listing (the demo's setting requires one): an operator's parameter, journaled like any.
    const set = await fetch(`http://127.0.0.1:${leaderPort}/operator/params/risk.mintRequiresListing`, { method: 'PUT', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ value: 0 }) });
    if (set.status !== 200) throw new Error(`risk.mintRequiresListing not set: ${set.status} ${await set.text()}`);
    const capacity = Number((await client.with((c) => c.declareCapacity(seriesId, 1_000_000))).rejectReason ?? 0);
    const minted = Number((await client.with((c) => c.mint(seriesId, 100_000))).rejectReason ?? 0);
    if (capacity !== 0 || minted !== 0) throw new Error(`capacity ${wire.RejectReason[capacity]}, mint ${wire.RejectReason[minted]}`);
    const load = new RestingOrderLoad(client, seriesId, top);
    load.senders = Array.from({ length: inFlight }, () => load.send().catch((error: unknown) => void load.failures.push(error)));
    return load;
  }

  private async send(): Promise<void> {
    while (this.running) {
      const clientOrderId = this.nextId++;
      const ack = await this.client.newOrder({ seriesId: this.seriesId, clientOrderId, side: wire.Side.SELL, timeInForce: wire.TimeInForce.GTC, priceMicros: this.priceMicros, qty: 1 });
      const reason = Number(ack.rejectReason ?? 0) || Number(ack.reports?.[0]?.rejectReason ?? 0);
      if (reason === 0) {
        this.accepted.add(clientOrderId);
        if (this.firstAckAfterKillMs === 0 && this.client.connections > this.connectionsAtKill) this.firstAckAfterKillMs = performance.now();
      } else if (reason === wire.RejectReason.DUPLICATE_CLIENT_ORDER_ID) this.duplicates.add(clientOrderId);
      else if (reason === wire.RejectReason.THROTTLED) await new Promise((resolve) => setTimeout(resolve, 20)); // the account's message rate: back off
      else throw new Error(`order ${clientOrderId} refused: ${wire.RejectReason[reason]}`);
    }
  }

  /** Call just before killing the leader: from now on, the first order accepted over a new connection is timed. */
  markKill(): void {
    this.connectionsAtKill = this.client.connections;
    this.firstAckAfterKillMs = 0;
  }

  /** performance.now() of the first order accepted over a connection made since markKill (0 until then). */
  get firstAckAfterKill(): number {
    return this.firstAckAfterKillMs;
  }

  /** The client order ids of the provider's orders resting in its series on the leader it is connected to. */
  async restingIds(): Promise<number[]> {
    return (await this.client.with((c) => c.openOrders(this.seriesId))).map((o) => Number(o.clientOrderId));
  }

  /** Stops sending and waits for the orders in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.senders);
  }
}

/**
 * Kills `leader` with SIGKILL and waits until `standby` leads and the load has an order
 * accepted by it; returns the time from the kill to that order, ms. With
 * PATX_FAILOVER_TRACE set, prints the standby's log lines from the kill on, timed from it.
 */
export async function killLeader(group: ReplicatedGroup, leader: ExchangeNode, standby: ExchangeNode, load: RestingOrderLoad): Promise<number> {
  load.markKill();
  const killedAt = performance.now();
  leader.child!.kill('SIGKILL');
  await group.until(() => leads(standby), `${standby.name} to take over`);
  await group.until(() => load.firstAckAfterKill > 0, 'the first order accepted by the new leader');
  if (process.env['PATX_FAILOVER_TRACE'] !== undefined) {
    const t0 = Date.now() - (performance.now() - killedAt);
    for (const line of standby.output.split('\n').filter((l) => l.startsWith('{'))) {
      const j = JSON.parse(line) as { time: number; msg: string };
      if (j.time >= t0 - 100) console.log(`${standby.name} +${Math.round(j.time - t0)} ms ${j.msg}`);
    }
  }
  return load.firstAckAfterKill - killedAt;
}

/**
 * The nodes' journals (their processes stopped) each replayed to the last seq all of them hold:
 * that seq and each one's state hash there (equal when the nodes agree).
 */
export async function journalsAtCommonSeq(nodes: readonly ExchangeNode[]): Promise<{ common: number; hashes: string[] }> {
  const journals = nodes.map((n) => Journal.open(n.dataDir, { durability: 'commit', readOnly: true }));
  const common = Math.min(...journals.map((j) => j.lastSeq()));
  const hashes = journals.map((j) => {
    const engine = new Engine();
    replayJournal(engine, j, common);
    return stateHash(engine);
  });
  for (const j of journals) await j.close();
  return { common, hashes };
}

/**
 * Whether `stream` has a leader and its `replicas − 1` other replicas, each current and online: a restarted
 * nats-server has caught up (one not listed yet has not).
 */
export async function streamReplicasCurrent(jsm: JetStreamManager, stream: string, replicas: number): Promise<boolean> {
  const c = (await jsm.streams.info(stream).catch(() => undefined))?.cluster;
  const others = c?.replicas ?? [];
  return c?.leader !== undefined && others.length === replicas - 1 && others.every((r) => r.current && r.offline !== true);
}
