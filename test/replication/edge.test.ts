/**
 * A market-data edge on a real three-node nats-server cluster: it follows the leader's
 * replicated journal and serves /v1/market with the same protocol; a subscriber's book
 * (snapshot, then deltas checked by prev_seq and checksum) equals the leader's engine book, and
 * keeps up as the leader trades on. Two edges serve the same books at the same (journal) seq.
 * Its status port answers ready and its metrics once it applied everything. An edge whose
 * follower stops (a damaged message on the stream) closes its subscribers rather than serve a
 * frozen book, and says so.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import WebSocket from 'ws';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { MarketDataClient } from '../../src/client/index.js';
import { Journal, recover, Sequencer, type Command } from '../../src/engine/index.js';
import { gatewayConfigSchema } from '../../src/gateway/index.js';
import { takeableBook } from '../../src/gateway/views.js';
import { createLogger } from '../../src/runtime/log.js';
import { ensureStream, replicationConfigSchema, startLocalCluster, startMarketDataEdge, takeThePen, type LocalCluster, type MarketDataEdge } from '../../src/replication/index.js';
import { removeDir, until } from '../support/exchange-fixture.js';

let cluster: LocalCluster;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const dirs: string[] = [];
const edges: MarketDataEdge[] = [];
const NAMES = { stream: 'PATX_EDGE_TEST', subject: 'patx.edgetest.journal' };

beforeAll(async () => {
  cluster = await startLocalCluster();
  nc = await connect({ servers: cluster.servers });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  await ensureStream(jsm, { ...NAMES, replicas: 3, maxBytes: 256 * 2 ** 20 });
}, 60_000);

afterAll(async () => {
  for (const e of edges) await e.stop();
  await nc?.close();
  await cluster?.stop();
  for (const d of dirs) removeDir(d);
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'patx-edge-'));
  dirs.push(d);
  return d;
}


const workload = generateWorkload(4_000, 11);
const SERIES_ID = 1;

describe('market-data edges', () => {
  it("serve the leader's books from the replicated journal: snapshot, then deltas with gapless seqs and matching checksums", async () => {
    const journal = Journal.open(tempDir(), { durability: 'commit' });
    const { engine } = recover(journal);
    const leadership = await takeThePen({ js, jsm, names: NAMES, journal, node: 'leader', epoch: 1, ack: 'quorum', window: 32, retryMs: 50, onFenced: () => undefined });
    const sequencer = new Sequencer(engine, leadership.journal, () => WORKLOAD_START_MS, { snapshotEveryMs: 0, snapshotEveryCommands: 0, maxBatchCommands: 64 });
    const submit = (cmds: readonly Command[]): Promise<unknown> => Promise.all(cmds.map((c) => sequencer.submit(c)));
    await submit(workload.setup);
    await submit(workload.ops.slice(0, 1_000));

    const replication = replicationConfigSchema.parse({ enabled: true, servers: cluster.servers, node: 'edge', stream: NAMES.stream, subject: NAMES.subject });
    const gateway = gatewayConfigSchema.parse({ host: '127.0.0.1', port: 0, marketDataPort: 0 });
    const logger = createLogger('silent');
    for (let i = 0; i < 2; i++) edges.push(await startMarketDataEdge({ replication, gateway, dataDir: tempDir(), logger }));

    const leaderBook = (): unknown => {
      const d = takeableBook(engine, SERIES_ID, 10_000);
      return { bids: d.bids, asks: d.asks };
    };
    const subscribers = await Promise.all(edges.map(async (e) => {
      const md = await MarketDataClient.connect(`ws://127.0.0.1:${e.port}/v1/market`);
      await md.subscribe(SERIES_ID);
      return md;
    }));
    const inStep = (): boolean =>
      subscribers.every((md) => {
        const book = md.book(SERIES_ID);
        return book?.ready === true && isDeepStrictEqual({ bids: book.bids(), asks: book.asks() }, leaderBook());
      });
    await until(inStep, 'the edges to show the leader\'s book');
    // The leader trades on: the subscribers follow through deltas alone.
    await submit(workload.ops.slice(1_000));
    await sequencer.drain();
    await until(() => edges.every((e) => e.engine.lastSeq === engine.lastSeq), 'the edges to apply every record');
    await until(inStep, 'the edges to follow the leader\'s book');
    // Seqs are journal seqs, not counts of what an edge published: every edge's book stands at the same one.
    const seqs = subscribers.map((md) => md.book(SERIES_ID)!.seq);
    expect(new Set(seqs).size, JSON.stringify(seqs)).toBe(1);
    expect(seqs[0]).toBeLessThanOrEqual(engine.lastSeq);
    // Its status port, as a load balancer and Prometheus read it: live, ready once it read where the stream ends and is within its bound.
    const status = `http://127.0.0.1:${edges[0]!.statusPort}`;
    type Ready = { role: string; seq: number; streamSeq: number; lagSeqs: number; marketDataPort: number };
    const readyz = async (): Promise<{ status: number; body: Ready }> => {
      const r = await fetch(`${status}/readyz`);
      return { status: r.status, body: (await r.json()) as Ready };
    };
    // Where the stream ends is read every 0.5 s: it catches up with the last record shipped.
    await until(async () => (await readyz()).body.streamSeq === engine.lastSeq, 'the edge to read where the stream ends');
    const ready = await readyz();
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ role: 'edge', seq: engine.lastSeq, streamSeq: engine.lastSeq, lagSeqs: 0, marketDataPort: edges[0]!.port });
    const metrics = (await (await fetch(`${status}/metrics`)).text()).split('\n');
    for (const line of ['patx_edge_following 1', 'patx_edge_lag_seqs 0', `patx_engine_seq ${engine.lastSeq}`, `patx_market_data_seq ${engine.lastSeq}`, 'patx_market_data_connections 1', 'patx_orders_received_total 0']) expect(metrics, line).toContain(line);
    for (const md of subscribers) {
      expect(md.resyncs).toBe(0); // no gap or checksum mismatch forced a fresh snapshot
      await md.close();
    }
    await sequencer.stop();
    await leadership.shipper.stop();
  }, 60_000);

  it('closes its subscribers and reports the failure when its follower stops, instead of serving a frozen book', async () => {
    const names = { stream: 'PATX_EDGE_FAIL_TEST', subject: 'patx.edgefail.journal' };
    await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 64 * 2 ** 20 });
    const journal = Journal.open(tempDir(), { durability: 'commit' });
    const { engine } = recover(journal);
    const leadership = await takeThePen({ js, jsm, names, journal, node: 'leader', epoch: 1, ack: 'quorum', window: 32, retryMs: 50, onFenced: () => undefined });
    const sequencer = new Sequencer(engine, leadership.journal, () => WORKLOAD_START_MS, { snapshotEveryMs: 0, snapshotEveryCommands: 0, maxBatchCommands: 64 });
    await Promise.all(workload.setup.map((c) => sequencer.submit(c)));
    await sequencer.drain();

    const replication = replicationConfigSchema.parse({ enabled: true, servers: cluster.servers, node: 'edge-fail', stream: names.stream, subject: names.subject });
    const gateway = gatewayConfigSchema.parse({ host: '127.0.0.1', port: 0, marketDataPort: 0 });
    const edge = await startMarketDataEdge({ replication, gateway, dataDir: tempDir(), logger: createLogger('silent') });
    await until(() => edge.engine.lastSeq === engine.lastSeq, 'the edge to apply the setup');
    const ws = new WebSocket(`ws://127.0.0.1:${edge.port}/v1/market`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

    // A message no leader wrote (no kind header): the follower cannot take it, and stops.
    await js.publish(names.subject, new Uint8Array([1, 2, 3]));
    const error = await edge.failed;
    expect(error.message).toMatch(/unknown kind/);
    expect(await closed).toBe(1001); // going away: a client reconnects to another edge
    // Nothing listens on its port any more: a new subscriber is refused, not served the frozen book.
    const refused = await new Promise<string>((resolve) => {
      const again = new WebSocket(`ws://127.0.0.1:${edge.port}/v1/market`);
      again.once('open', () => {
        again.terminate();
        resolve('opened');
      });
      again.once('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
    });
    expect(refused).toBe('ECONNREFUSED');
    // Its status port is gone with it: a load balancer's check fails, as the process exits.
    expect(await fetch(`http://127.0.0.1:${edge.statusPort}/healthz`).then((r) => String(r.status), (e: Error) => (e.cause as NodeJS.ErrnoException | undefined)?.code ?? e.message)).toBe('ECONNREFUSED');
    await edge.stop(); // already stopped: resolves at once
    await sequencer.stop();
    await leadership.shipper.stop();
  }, 60_000);
});
