/**
 * Issue 59, point 5: a market-data edge serves every public channel the leader's
 * /v1/market serves (BOOK, TRADES, QUOTES, REFERENCE, STATUS, SETTLEMENT, OPTION and a
 * contract's FORWARD_CURVE) with the leader's payloads and sequence numbers, also after a
 * failover to another node, and stops cleanly with subscribers attached: in this process
 * (MarketDataEdge.stop) and as its own process (`PATX_ROLE=edge` through src/main.ts) sent
 * SIGTERM, which exits 0 within a bound having closed each subscriber with 1001.
 *
 * Two exchange services in this process on a real three-node nats-server cluster (the
 * quoter on, its timer off, a clock the test moves), one edge, real uWS on 127.0.0.1 and
 * MarketDataClients reading real protobuf frames. Market data unpaced (intervalMs 0) on
 * every node, so each released turn publishes and payloads can be compared exactly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketDataClient, wire } from '../../src/client/index.js';
import { CommandKind, EventType, Role, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { gatewayConfigSchema } from '../../src/gateway/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { strikeGrid } from '../../src/quoting/index.js';
import { replicationConfigSchema, startLocalCluster, startMarketDataEdge, type LocalCluster, type MarketDataEdge } from '../../src/replication/index.js';
import { startService, type Service } from '../../src/app/service.js';
import type { patx } from '../../src/proto/index.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { CONTRACT, iocOrder, listOnWindow, NOW, OPERATOR, openSpot, quoteTurn, send } from '../support/quoting-service.js';

const logger = createLogger('silent');
const NAMES = { stream: 'PATX_EDGE_CHANNELS', subject: 'patx.edgechannels.journal' };
/** The edge-process test's own group on the same cluster (its own stream, catalog and lease), so it does not depend on the others. */
const PROCESS_NAMES = {
  stream: 'PATX_EDGE_PROCESS',
  subject: 'patx.edgeprocess.journal',
  catalogStream: 'PATX_EDGE_PROCESS_CATALOG',
  catalogSubject: 'patx.edgeprocess.catalog',
  leaseBucket: 'patx_edge_process_leader',
};
const ROOT = path.resolve(import.meta.dirname, '../..');
const GRANT_SIGNER_KEY = `0x${'5a'.repeat(32)}`;
const Channel = wire.Channel;

let cluster: LocalCluster;
const dirs: string[] = [];
let now = NOW;

beforeAll(async () => {
  cluster = await startLocalCluster();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  for (const d of dirs) removeDir(d);
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'patx-edge-channels-'));
  dirs.push(d);
  return d;
}

/**
 * Two groups share this cluster; each stream reserves its byte limit from a server's JetStream store (8 GiB in the local
 * cluster), and the defaults (5 GiB a group: journal, catalog, key bucket) would leave the second group no room.
 */
const SMALL_STREAMS = { maxStreamBytes: 256 * 2 ** 20, catalogMaxStreamBytes: 256 * 2 ** 20, idempotencyKeyBucketMaxBytes: 64 * 2 ** 20 };

function replication(node: string, names: Record<string, string> = NAMES): Record<string, unknown> {
  return { enabled: true, servers: cluster.servers, node, ack: 'quorum', ...names, ...SMALL_STREAMS, leaseTtlMs: 3_000, leaseRenewMs: 500 };
}

function nodeConfig(node: string, names: Record<string, string> = NAMES): Config {
  return loadConfig({}, {
    dataDir: tempDir(),
    sequencer: { maxBatchCommands: 64, maxQueuedCommands: 10_000, maxUncommittedCommands: 1024, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: { 'quoting.levels': 2, 'risk.maxOrderQty': 50_000 } },
    gateway: { port: 0, marketDataPort: 0, marketDataIntervalMs: 0 },
    settlement: { enabled: false },
    grants: { signerKey: GRANT_SIGNER_KEY },
    replication: replication(node, names),
  });
}

/** One message of a stream as a subscriber got it: its seqs and its whole payload. */
interface Received {
  stream: string;
  seq: number;
  prevSeq: number;
  payload: unknown;
}

/** Everything a subscriber receives, by stream, in order. */
class Recorder {
  readonly messages: Received[] = [];
  readonly gaps: unknown[] = [];
  readonly closed: Array<{ code: number; reason: string }> = [];

  constructor(readonly md: MarketDataClient) {
    const put = (stream: string, m: { seq?: number | null; prevSeq?: number | null }): void => {
      this.messages.push({ stream, seq: Number(m.seq ?? 0), prevSeq: Number(m.prevSeq ?? 0), payload: plain(m) });
    };
    const socket = md.socket;
    const receive = socket.onUnsolicited!;
    // Book updates as sent (the client folds them into its LocalBook, whose seq is all it keeps).
    socket.onUnsolicited = (frame) => {
      if (frame.body === 'bookUpdate') put(`${Number(frame.bookUpdate!.seriesId)}/BOOK`, frame.bookUpdate!);
      if (frame.body === 'bookSnapshot') put(`${Number(frame.bookSnapshot!.seriesId)}/BOOK-SNAPSHOT`, frame.bookSnapshot!);
      receive(frame);
    };
    md.on('trade', (t) => put(`${Number(t.seriesId)}/TRADES`, t));
    md.on('quotes', (q) => put(`${Number(q.seriesId)}/QUOTES`, q));
    md.on('reference', (r) => put(`${Number(r.seriesId)}/REFERENCE`, r));
    md.on('status', (s) => put(`${Number(s.seriesId)}/STATUS`, s));
    md.on('mark', (m) => put(`${Number(m.seriesId)}/SETTLEMENT`, m));
    md.on('settlementIndex', (m) => put(`${Number(m.seriesId)}/SETTLEMENT`, m));
    md.on('optionModel', (m) => put(`${Number(m.seriesId)}/OPTION`, m));
    md.on('curve', (c) => put(`${c.contract}/FORWARD_CURVE`, c));
    md.on('gap', (...g) => this.gaps.push(g));
    md.on('curveGap', (...g) => this.gaps.push(g));
    md.on('resync', (...g) => this.gaps.push(g));
    md.on('closed', (code, reason) => this.closed.push({ code, reason }));
  }

  static async connect(port: number): Promise<Recorder> {
    return new Recorder(await MarketDataClient.connect(`ws://127.0.0.1:${port}/v1/market`));
  }

  of(stream: string): Received[] {
    return this.messages.filter((m) => m.stream === stream);
  }

  /** Each stream's seq as Subscribed gave it (its snapshot carries the same). */
  readonly subscribedAt = new Map<string, number>();

  /** The updates of a stream: its messages past the subscription's seq (or `after`). */
  updates(stream: string, after = this.subscribedAt.get(stream) ?? 0): Received[] {
    return this.of(stream).filter((m) => m.seq > after);
  }
}

/** A decoded message as plain data (protobufjs objects carry their prototype). */
function plain(m: object): unknown {
  return JSON.parse(JSON.stringify(m));
}

/** Subscribes to everything the test's market has: the spot's five channels, the CALL's STATUS, SETTLEMENT and OPTION, the contract's curve. */
async function subscribeAll(r: Recorder, spot: Series, call: Series): Promise<void> {
  const names = ['', 'BOOK', 'TRADES', 'QUOTES', 'REFERENCE', 'STATUS', 'FORWARD_CURVE', 'SETTLEMENT', 'OPTION'];
  for (const [id, subscribed] of [
    [spot.id, await r.md.subscribe(spot.id)],
    [call.id, await r.md.subscribe(call.id, [Channel.STATUS, Channel.SETTLEMENT, Channel.OPTION])],
    [CONTRACT, await r.md.subscribeCurve(CONTRACT)],
  ] as const) {
    for (const p of subscribed.streams ?? []) r.subscribedAt.set(`${id}/${names[Number(p.channel)]}`, Number(p.seq ?? 0));
  }
}

/** Streams the activity always moves (quotes, the reference and the curve move when the quoter's prices do: compared, not required). */
const CAUSED = ['/BOOK', '/TRADES', '/STATUS', '/SETTLEMENT', '/OPTION'];

/** The streams the test compares. */
function streamsOf(spot: Series, call: Series): string[] {
  return [
    `${spot.id}/BOOK`, `${spot.id}/TRADES`, `${spot.id}/QUOTES`, `${spot.id}/REFERENCE`, `${spot.id}/STATUS`,
    `${call.id}/STATUS`, `${call.id}/SETTLEMENT`, `${call.id}/OPTION`, `${CONTRACT}/FORWARD_CURVE`,
  ];
}

/** Activity on every channel: a repricing (quotes, book, reference, curve, option models), a mark, a trade, a halt and resume. */
async function activity(svc: Service, spot: Series, call: Series, provider: number): Promise<void> {
  now += 60_000;
  await quoteTurn(svc);
  await send(svc, { kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: call.id });
  // A provider sells into the broker's best bid: trades, the book and (next turn) the broker's quotes move.
  const bid = svc.engine.orders.get(spot.quoteBidIds[0]!)!.priceMicros;
  expect((await send(svc, iocOrder(provider, spot.id, Side.SELL, bid, 3))).some((e) => e.type === EventType.FILL)).toBe(true);
  for (const series of [spot, call]) {
    await send(svc, { kind: CommandKind.SET_SERIES_STATUS, actor: OPERATOR, seriesId: series.id, status: SeriesStatus.HALTED });
    await send(svc, { kind: CommandKind.SET_SERIES_STATUS, actor: OPERATOR, seriesId: series.id, status: SeriesStatus.TRADING });
  }
  now += 60_000;
  await quoteTurn(svc);
  await svc.sequencer.drain();
}

/** A provider with rights minted in the spot series, to sell into the broker's bid. */
async function openProvider(svc: Service, spot: Series): Promise<number> {
  const provider = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  await send(svc, { kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: provider, segment: 'AUTO_INTENT', listingId: 1, listingVersion: 1 });
  await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot.id, capacity: 100 });
  await send(svc, { kind: CommandKind.MINT, actor: provider, seriesId: spot.id, qty: 50 });
  return provider;
}

describe('market-data edges serve every channel with the leader\'s seqs', () => {
  it('the same payloads and seqs as the leader on every channel, and as the new leader after a failover', async () => {
    const configA = nodeConfig('a');
    const a = await startService(configA, logger, () => now);
    let b: Service | undefined;
    let edge: MarketDataEdge | undefined;
    const recorders: Recorder[] = [];
    try {
      // The market: the schedule's spot priced, phase 4, a CALL on its window, an institution to trade.
      const spot = openSpot(a, now);
      await quoteTurn(a);
      await send(a, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
      const grid = strikeGrid(spot.referencePriceMicros, spot.spec.tickMicros);
      const call = await listOnWindow(a, spot, SeriesKind.CALL, { strikeMicros: grid[Math.floor(grid.length / 2)]!, minPriceMicros: spot.spec.tickMicros });
      const provider = await openProvider(a, spot);
      now += 1_000;
      await quoteTurn(a); // the call's first model
      // The service's own timer (SyntheticMarking, each second of wall time) marks the call once for the minute just
      // entered. Let it before anyone subscribes: landing between the leader's and the edge's subscriptions, that mark
      // was an update to one recorder and part of the other's snapshot (a CI run, 2026-11-27).
      await until(() => call.cashSettled!.markAtMs >= Math.floor(now / 60_000) * 60_000, "the minute's mark");
      await a.sequencer.drain();

      const gateway = gatewayConfigSchema.parse({ host: '127.0.0.1', port: 0, marketDataPort: 0, marketDataIntervalMs: 0 });
      edge = await startMarketDataEdge({ replication: replicationConfigSchema.parse(replication('edge')), gateway, dataDir: tempDir(), logger });
      await until(() => edge!.engine.lastSeq === a.engine.lastSeq, 'the edge to catch up');

      const atLeader = await Recorder.connect(a.gateway.marketData.port);
      const atEdge = await Recorder.connect(edge.port);
      recorders.push(atLeader, atEdge);
      for (const r of recorders) await subscribeAll(r, spot, call);

      await activity(a, spot, call, provider);
      const streams = streamsOf(spot, call);
      const settled = (): boolean => edge!.engine.lastSeq === a.engine.lastSeq && streams.every((s) => atEdge.of(s).length >= atLeader.of(s).length);
      await until(settled, 'the edge to publish what the leader did');
      for (const s of streams) {
        // Every channel had updates (the OPTION stream's first is the model the edge got with the leader's board).
        if (CAUSED.some((c) => s.endsWith(c))) expect(atLeader.updates(s).length, s).toBeGreaterThan(0);
        // prev_seq aside (the first update's names where each server's stream stood when it started: the edge's seed was
        // later); the chains themselves are checked by the clients (no gap below).
        expect(upToCommonSeq(atEdge.updates(s), atLeader.updates(s)), s).toEqual(upToCommonSeq(atLeader.updates(s), atEdge.updates(s)));
      }
      expect(atLeader.gaps).toEqual([]);
      expect(atEdge.gaps).toEqual([]);

      // Where each stream stood on the edge before the failover.
      const before = new Map(streams.map((s) => [s, Math.max(0, ...atEdge.of(s).map((m) => m.seq))]));

      // A failover: b waits as a standby, a stops (handing the lease over at once), b leads.
      const leading = startService(nodeConfig('b'), logger, () => now);
      await until(async () => (await fetch(`http://127.0.0.1:${a.gateway.port}/healthz`).then((r) => r.json() as Promise<{ role: string }>)).role === 'leader', 'a to lead');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // b is following
      await a.stop();
      // What a published up to its stop, as its own subscriber got it (its close comes after every message): the
      // edge's subscriber got that too (a's own timer can mark the call for a new minute after \`before\` was taken, a
      // CI run, 2026-11-27), and it is not the new leader's.
      await until(() => atLeader.closed.length > 0, "a's subscriber to be closed");
      const fromA = new Map(streams.map((s) => [s, Math.max(0, ...atLeader.of(s).map((m) => m.seq))]));
      b = await leading;
      await b.sequencer.drain();
      const atNewLeader = await Recorder.connect(b.gateway.marketData.port);
      recorders.push(atNewLeader);
      await subscribeAll(atNewLeader, b.engine.seriesById(spot.id)!, b.engine.seriesById(call.id)!);

      await activity(b, b.engine.seriesById(spot.id)!, b.engine.seriesById(call.id)!, provider);
      await until(() => edge!.engine.lastSeq === b!.engine.lastSeq, 'the edge to follow the new leader');
      // What the new leader published once its subscriber was there (the edge's subscriber also saw a's last commands, from its stop).
      const sinceFailover = (r: Recorder, s: string): Received[] => r.updates(s, Math.max(before.get(s)!, fromA.get(s)!, atNewLeader.subscribedAt.get(s) ?? 0));
      await until(() => streams.every((s) => sinceFailover(atEdge, s).length >= sinceFailover(atNewLeader, s).length), 'the edge to publish what the new leader did').catch((error: unknown) => {
        for (const s of streams) console.log(s, JSON.stringify(sinceFailover(atEdge, s).map((m) => m.seq)), JSON.stringify(sinceFailover(atNewLeader, s).map((m) => m.seq)));
        throw error;
      });
      for (const s of streams) {
        // The edge's subscriber, connected since before the failover, got each of the new leader's updates with the seq and payload
        // the new leader's own subscriber got (prev_seq aside: the first one's is each server's previous message).
        if (CAUSED.some((c) => s.endsWith(c))) expect(sinceFailover(atNewLeader, s).length, s).toBeGreaterThan(0);
        expect(upToCommonSeq(sinceFailover(atEdge, s), sinceFailover(atNewLeader, s)), s).toEqual(upToCommonSeq(sinceFailover(atNewLeader, s), sinceFailover(atEdge, s)));
      }
      // Fresh subscribers on both now start from the same snapshot seqs.
      const lateLeader = await Recorder.connect(b.gateway.marketData.port);
      const lateEdge = await Recorder.connect(edge.port);
      recorders.push(lateLeader, lateEdge);
      const subscribedSeqs = async (r: Recorder): Promise<unknown> => {
        const spotStreams = await r.md.subscribe(spot.id);
        const callStreams = await r.md.subscribe(call.id, [Channel.STATUS, Channel.SETTLEMENT, Channel.OPTION]);
        const curve = await r.md.subscribeCurve(CONTRACT);
        return [spotStreams, callStreams, curve].map((s: patx.v1.ISubscribed) => (s.streams ?? []).map((p) => [Number(p.channel), Number(p.seq ?? 0)]));
      };
      // Every stream but the spot's STATUS... changed since the new leader started: those stand at the same seq on both.
      expect(await subscribedSeqs(lateEdge)).toEqual(await subscribedSeqs(lateLeader));
      for (const r of [atEdge, atNewLeader]) expect(r.gaps).toEqual([]);
    } finally {
      for (const r of recorders) await r.md.close().catch(() => undefined);
      await edge?.stop();
      await b?.stop();
      await a.stop().catch(() => undefined);
    }
  }, 120_000);
});

describe('an edge stopped with subscribers attached', () => {
  it('closes each with 1001 going away and stops within a bound', async () => {
    const gateway = gatewayConfigSchema.parse({ host: '127.0.0.1', port: 0, marketDataPort: 0 });
    const edge = await startMarketDataEdge({ replication: replicationConfigSchema.parse(replication('edge-stop')), gateway, dataDir: tempDir(), logger });
    const subscribers = await Promise.all([0, 1, 2].map(() => Recorder.connect(edge.port)));
    for (const r of subscribers) await r.md.series();
    const started = performance.now();
    await edge.stop();
    expect(performance.now() - started).toBeLessThan(5_000);
    await until(() => subscribers.every((r) => r.closed.length > 0), 'every subscriber closed');
    for (const r of subscribers) expect(r.closed[0]!.code).toBe(1001);
    await edge.stop(); // a second stop (a signal after the supervisor's) is the same stop
  }, 60_000);
});

describe('an edge process (PATX_ROLE=edge, src/main.ts) sent SIGTERM with subscribers attached', () => {
  it('closes each subscriber with 1001 and exits 0 within a bound', async () => {
    const leader = await startService(nodeConfig('proc-leader', PROCESS_NAMES), logger, () => now);
    let child: ChildProcess | undefined;
    const recorders: Recorder[] = [];
    try {
      const spot = openSpot(leader, now);
      await quoteTurn(leader); // the broker's quotes: a book to snapshot
      await leader.sequencer.drain();

      // The edge as an operator runs it: its own process, configured by a file and the environment.
      const dir = tempDir();
      const config = path.join(dir, 'edge.json');
      writeFileSync(config, JSON.stringify({ replication: { stream: PROCESS_NAMES.stream, subject: PROCESS_NAMES.subject } }));
      const port = await freePort();
      const edge = spawn(process.execPath, ['bin/start.js'], {
        cwd: ROOT,
        env: {
          ...process.env,
          PATX_CONFIG: config,
          PATX_ROLE: 'edge',
          PATX_REPLICATION_SERVERS: cluster.servers.join(','),
          PATX_REPLICATION_NODE: 'proc-edge',
          PATX_DATA_DIR: path.join(dir, 'data'),
          PATX_HOST: '127.0.0.1',
          PATX_MARKET_DATA_PORT: String(port),
          // Its status port (health, metrics): one of its own, not the default 8480 a service on this machine may hold.
          PATX_PORT: String(await freePort()),
          PATX_LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = edge;
      let output = '';
      const keep = (chunk: Buffer): void => {
        output = (output + chunk.toString('utf8')).slice(-100_000);
      };
      edge.stdout!.on('data', keep);
      edge.stderr!.on('data', keep);
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
        edge.once('exit', (code, signal) => resolve({ code, signal, atMs: performance.now() })),
      );
      await until(() => output.includes('market-data edge is running') || edge.exitCode !== null, 'the edge process to serve', 60_000);
      expect(edge.exitCode, output.slice(-3_000)).toBeNull();

      // Subscribers with live subscriptions (the spot's every channel; a book snapshot received), once the edge holds the series.
      for (let i = 0; i < 3; i++) recorders.push(await Recorder.connect(port));
      for (const r of recorders) {
        await until(() => r.md.subscribe(spot.id).then(() => true, () => false), 'the edge to know the spot series', 30_000);
        await until(() => r.md.book(spot.id)?.ready === true, 'the book snapshot');
      }
      expect(recorders.every((r) => r.of(`${spot.id}/BOOK-SNAPSHOT`).length === 1)).toBe(true);

      const sentAt = performance.now();
      edge.kill('SIGTERM');
      const { code, signal, atMs } = await exited;
      // Stopping is closing sockets, a thread, a NATS connection and LMDB: seconds at most, even on a loaded machine.
      expect({ code, signal }, output.slice(-3_000)).toEqual({ code: 0, signal: null });
      expect(atMs - sentAt).toBeLessThan(10_000);
      await until(() => recorders.every((r) => r.closed.length > 0), 'every subscriber closed');
      for (const r of recorders) expect(r.closed[0]).toEqual({ code: 1001, reason: 'server shutting down' });
      expect(output).toContain('market-data edge stopped');
      for (const r of recorders) expect(r.gaps).toEqual([]);
    } finally {
      for (const r of recorders) await r.md.close().catch(() => undefined);
      // Only if the test failed before the edge exited: this test's own child.
      if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await leader.stop();
    }
  }, 120_000);
});

/** A message's seq and payload without its prev_seq. */
/**
 * `mine` up to the last seq both lists reached, as bare messages: the new leader keeps
 * quoting, so one server's subscriber may already hold an update the other's has not
 * received yet when they are compared; what both hold must be the same.
 */
function upToCommonSeq(mine: readonly Received[], theirs: readonly Received[]): unknown[] {
  const cut = Math.min(mine.at(-1)?.seq ?? 0, theirs.at(-1)?.seq ?? 0);
  return mine.filter((m) => m.seq <= cut).map(bare);
}

function bare(m: Received): unknown {
  const p = { ...(m.payload as Record<string, unknown>) };
  delete p.prevSeq;
  return { seq: m.seq, payload: p };
}
