/**
 * The fence holds by identity, with writes pipelined (issue 59). A leader's connection to
 * NATS goes through a proxy that stalls it, as a paused process would: its shipper has a
 * whole window of records in flight when a new leader writes its LEADER message, and they
 * all arrive after it. Fenced by expected sequences alone, the old leader's record that
 * expected seq S+1 was stored right after the LEADER message took S+1 (and 62 more after
 * it); fenced by the chain of message ids, none is. The catalog stream likewise. And a
 * stream that forgets its last message id (every nats-server restarted after the
 * duplicate window) does not fence a leader that is still the only writer.
 *
 * Real three-node nats-server cluster on 127.0.0.1, real LMDB journals, real sockets.
 */
import { createHash } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { Journal, recover, Sequencer, stateHash, type Command } from '../../src/engine/index.js';
import { CatalogStore } from '../../src/catalog/index.js';
import { CatalogShipper, takeTheCatalogPen } from '../../src/replication/catalog-shipper.js';
import { JournalFollower } from '../../src/replication/follower.js';
import { takeThePen, type Leadership } from '../../src/replication/leader.js';
import type { LocalCluster } from '../../src/replication/local-cluster.js';
import type { ReplicationAck } from '../../src/replication/replicated-journal.js';
import type { ShipperFencedError } from '../../src/replication/shipper.js';
import { ensureStream, HEADER_EPOCH, streamBounds, type StreamNames } from '../../src/replication/stream.js';
import { until } from '../support/exchange-fixture.js';
import { natsTestbed } from '../support/nats-testbed.js';
import { StallingProxy } from '../support/stalling-proxy.js';
import { csv } from '../support/catalog-fixture.js';

const bed = natsTestbed('patx-fence-');
const tempDir = (): string => bed.tempDir();
let js: JetStreamClient;
let jsm: JetStreamManager;
let cluster: LocalCluster;
let streamNo = 0;

beforeAll(() => {
  ({ js, jsm, cluster } = bed);
});

async function freshStream(settings: { duplicateWindowMs?: number } = {}): Promise<StreamNames> {
  streamNo++;
  const names = { stream: `PATX_FENCE_${streamNo}`, subject: `patx.fence${streamNo}.journal` };
  if (settings.duplicateWindowMs === undefined) await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 256 * 2 ** 20 });
  else await jsm.streams.add({ name: names.stream, subjects: [names.subject], num_replicas: 3, duplicate_window: settings.duplicateWindowMs * 1_000_000 });
  return names;
}

/** A client whose traffic to the first nats-server goes through a proxy the test can stall. */
async function stallableClient(): Promise<{ proxy: StallingProxy; nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager }> {
  const first = new URL(cluster.servers[0]!);
  const proxy = await StallingProxy.start({ host: first.hostname, port: Number(first.port) });
  const proxied = await connect({ servers: [`127.0.0.1:${proxy.port}`], ignoreClusterUpdates: true });
  return { proxy, nc: proxied, js: jetstream(proxied), jsm: await jetstreamManager(proxied) };
}

interface Leader {
  sequencer: Sequencer;
  leadership: Leadership;
  fenced: ShipperFencedError[];
}

async function lead(client: { js: JetStreamClient; jsm: JetStreamManager }, names: StreamNames, epoch: number, ack: ReplicationAck, journal: Journal, engine = recover(journal).engine, appliedStreamSeq?: number): Promise<Leader> {
  const fenced: ShipperFencedError[] = [];
  const leadership = await takeThePen({ ...client, names, journal, node: `node-${epoch}`, epoch, ack, window: 64, retryMs: 50, appliedStreamSeq, onFenced: (e) => fenced.push(e) });
  const sequencer = new Sequencer(engine, leadership.journal, () => WORKLOAD_START_MS, { snapshotEveryMs: 0, snapshotEveryCommands: 0, maxBatchCommands: 1 });
  return { sequencer, leadership, fenced };
}

function submitAll(sequencer: Sequencer, commands: readonly Command[]): Promise<unknown> {
  return Promise.all(commands.map((c) => sequencer.submit(c)));
}

/** The epochs of the messages stored after stream seq `after`, in order. */
async function epochsAfter(names: StreamNames, after: number): Promise<number[]> {
  const { last } = await streamBounds(jsm, names.stream);
  const epochs: number[] = [];
  for (let seq = after + 1; seq <= last; seq++) {
    const m = await jsm.streams.getMessage(names.stream, { seq });
    epochs.push(Number(m!.header.get(HEADER_EPOCH)));
  }
  return epochs;
}

const workload = generateWorkload(2_000, 11);

function putSample(store: CatalogStore, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  return store.putSample(createHash('sha256').update(bytes).digest('hex'), bytes);
}

describe('the fence, with writes pipelined', () => {
  it("a paused leader's window of records in flight is refused after a new leader's LEADER message, every one of them", async () => {
    const names = await freshStream();
    const paused = await stallableClient();
    // One command per record (maxBatchCommands 1), so the old leader has a full window of records in flight.
    const old = await lead(paused, names, 1, 'local', Journal.open(tempDir(), { durability: 'commit' }));
    await submitAll(old.sequencer, workload.setup.slice(0, 100));
    await until(() => old.leadership.shipper.shippedSeq === 100, 'the first 100 to ship');
    paused.proxy.stall();
    // A backlog builds behind one publish held in the socket (acknowledged locally: 'local' acks) ...
    await submitAll(old.sequencer, workload.setup.slice(100, 101));
    await until(() => paused.proxy.heldBytes > 0, 'a publish to be held');
    await submitAll(old.sequencer, workload.setup.slice(101, 400));
    // ... then that publish goes through and its acknowledgement comes back: the shipper sends a whole window, which waits in the socket.
    paused.proxy.release();
    await until(() => old.leadership.shipper.shippedSeq === 101, 'the held publish to be acknowledged');
    await until(() => paused.proxy.heldBytes > 60 * 100, 'a window of publishes to be in flight');
    await new Promise((resolve) => setTimeout(resolve, 100));

    // A standby applies the stream as it stands (up to seq 100) and writes its LEADER message.
    const standbyJournal = Journal.open(tempDir(), { durability: 'commit' });
    const follower = new JournalFollower(js, jsm, names, recover(standbyJournal).engine, standbyJournal);
    await follower.start();
    const appliedStreamSeq = await follower.catchUp();
    expect(follower.engine.lastSeq).toBe(101);
    const next = await lead({ js, jsm }, names, 2, 'quorum', standbyJournal, follower.engine, appliedStreamSeq);

    // The old leader resumes: its publishes reach the stream after the LEADER message.
    paused.proxy.resume();
    await until(() => old.fenced.length === 1, 'the old leader to be fenced');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await epochsAfter(names, next.leadership.leaderStreamSeq);
    expect(after.filter((epoch) => epoch === 1)).toEqual([]);

    // The new leader carries on unfenced, and a node that follows from scratch reaches its state.
    await submitAll(next.sequencer, workload.setup.slice(101, 300));
    await next.sequencer.drain();
    await until(() => next.leadership.shipper.shippedSeq === next.sequencer.engine.lastSeq, 'the new leader to ship');
    expect(next.fenced).toEqual([]);
    const freshJournal = Journal.open(tempDir(), { durability: 'commit' });
    const fresh = new JournalFollower(js, jsm, names, recover(freshJournal).engine, freshJournal);
    await fresh.start();
    await until(() => fresh.engine.lastSeq === next.sequencer.engine.lastSeq, 'a fresh follower to apply the stream');
    expect(stateHash(fresh.engine)).toBe(next.sequencer.stateHash());
    expect(fresh.failed).toBeUndefined();
    await fresh.stop();
    await next.sequencer.stop();
    await next.leadership.shipper.stop();
    await old.sequencer.stop().catch(() => undefined);
    await old.leadership.shipper.stop();
    await paused.nc.close();
    await paused.proxy.close();
  }, 90_000);

  it("an old leader's catalog write in flight is refused after a new leader's leader record on the catalog stream", async () => {
    const names = { stream: `PATX_FENCE_CATALOG_${++streamNo}`, subject: `patx.fence${streamNo}.catalog` };
    await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 64 * 2 ** 20, refuseWhenFull: true });
    const paused = await stallableClient();
    await takeTheCatalogPen(paused.js, names, { node: 'node-1', epoch: 1, appliedStreamSeq: 0 });
    const fenced: Error[] = [];
    const oldShipper = new CatalogShipper(paused.js, { names, jsm: paused.jsm, epoch: 1, retryMs: 50, onFenced: (e) => fenced.push(e) });
    oldShipper.start();
    const store = CatalogStore.open(tempDir());
    store.replicateTo(oldShipper);
    await putSample(store, csv(3)); // a write that reaches the stream
    await oldShipper.replicated();
    paused.proxy.stall();
    await putSample(store, csv(5)); // in flight while paused
    const refused = oldShipper.replicated().then(
      () => 'acknowledged',
      () => 'refused',
    );
    await until(() => paused.proxy.heldBytes > 0, 'the write to be in flight');
    const { last } = await streamBounds(jsm, names.stream);
    await takeTheCatalogPen(js, names, { node: 'node-2', epoch: 2, appliedStreamSeq: last });
    paused.proxy.resume();
    expect(await refused).toBe('refused');
    expect(fenced).toHaveLength(1);
    expect((await streamBounds(jsm, names.stream)).last).toBe(last + 1); // only the new leader's record after what was there
    await oldShipper.stop();
    await store.close();
    await paused.nc.close();
    await paused.proxy.close();
  }, 60_000);

  it('a stream that forgot its last message id (every server restarted after the duplicate window) does not fence its only writer', async () => {
    const names = await freshStream({ duplicateWindowMs: 1_000 });
    const journal = Journal.open(tempDir(), { durability: 'commit' });
    const leader = await lead({ js, jsm }, names, 5, 'quorum', journal);
    await submitAll(leader.sequencer, workload.setup.slice(0, 50));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the duplicate window
    for (const server of cluster.nodes) await server.kill('SIGTERM');
    for (const server of cluster.nodes) await server.start();
    await submitAll(leader.sequencer, workload.setup.slice(50, 100)); // waits for the stream, which is back
    expect(leader.fenced).toEqual([]);
    expect(leader.leadership.shipper.shippedSeq).toBe(100);
    // nats-server 2.9 forgets the last id here (it rebuilds it from the duplicate window only): the chain was taken up again.
    expect(leader.leadership.shipper.reanchored).toBeGreaterThanOrEqual(1);
    await leader.sequencer.stop();
    await leader.leadership.shipper.stop();
  }, 120_000);
});
