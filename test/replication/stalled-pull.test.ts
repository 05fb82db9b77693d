/**
 * A follower whose pull stops delivering (here its ephemeral consumer is removed on the
 * server, which answers the waiting pull 409 and leaves the client to notice by missed
 * heartbeats) on a real three-node nats-server cluster. With the client's default 30 s pull a
 * standby sat that long behind the stream, and a takeover's catch-up timed out (10 s) before
 * it moved on: one reviewer's failover took 11 s. Now a follower notices within about 2 s
 * (FOLLOW_PULL_EXPIRES_MS), a catch-up follows a reader that took nothing for 1 s anew, and
 * both are told to the logs (onPullTrouble).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { JetStreamManager } from '@nats-io/jetstream';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { Journal, recover, Sequencer, stateHash, type Command } from '../../src/engine/index.js';
import { JournalFollower } from '../../src/replication/follower.js';
import { takeThePen } from '../../src/replication/leader.js';
import { ensureStream, type PullTrouble, type StreamNames } from '../../src/replication/stream.js';
import { until } from '../support/exchange-fixture.js';
import { natsTestbed } from '../support/nats-testbed.js';

const bed = natsTestbed('patx-stalled-pull-');
let jsm: JetStreamManager;
let streamNo = 0;

beforeAll(() => {
  jsm = bed.jsm;
});

async function freshStream(): Promise<StreamNames> {
  streamNo++;
  const names = { stream: `PATX_STALL_${streamNo}`, subject: `patx.stall${streamNo}.journal` };
  await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 64 * 2 ** 20 });
  return names;
}

async function startLeader(names: StreamNames): Promise<{ sequencer: Sequencer; stop(): Promise<void> }> {
  const journal = Journal.open(bed.tempDir(), { durability: 'commit' });
  const { engine } = recover(journal);
  const leadership = await takeThePen({ js: bed.js, jsm, names, journal, node: 'leader', epoch: 1, ack: 'quorum', window: 32, retryMs: 50, onFenced: () => undefined });
  const sequencer = new Sequencer(engine, leadership.journal, () => WORKLOAD_START_MS, { snapshotEveryMs: 0, snapshotEveryCommands: 0, maxBatchCommands: 64 });
  return { sequencer, stop: async () => (await sequencer.stop(), await leadership.shipper.stop()) };
}

function startFollower(names: StreamNames, troubles: PullTrouble[]): JournalFollower {
  const journal = Journal.open(bed.tempDir(), { durability: 'commit' });
  const { engine } = recover(journal);
  return new JournalFollower(bed.js, jsm, names, engine, journal, { onPullTrouble: (t) => troubles.push(t) });
}

const submitAll = (sequencer: Sequencer, commands: readonly Command[]): Promise<unknown> => Promise.all(commands.map((c) => sequencer.submit(c)));

/** Removes every consumer on the stream: the follower's pull is answered 409 and delivers nothing more. */
async function removeConsumers(names: StreamNames): Promise<number> {
  let removed = 0;
  for await (const c of jsm.consumers.list(names.stream)) {
    await jsm.consumers.delete(names.stream, c.name);
    removed++;
  }
  return removed;
}

const workload = generateWorkload(1_000, 11);

/** A leader and a standby following it; then the standby's consumer removed and 500 more commands journaled and shipped. */
async function stalledStandby(): Promise<{ leader: Awaited<ReturnType<typeof startLeader>>; standby: JournalFollower; troubles: PullTrouble[] }> {
  const names = await freshStream();
  const leader = await startLeader(names);
  const troubles: PullTrouble[] = [];
  const standby = startFollower(names, troubles);
  await standby.start();
  await submitAll(leader.sequencer, workload.setup);
  await until(() => standby.engine.lastSeq === leader.sequencer.engine.lastSeq, 'the standby to follow');
  expect(await removeConsumers(names)).toBe(1);
  await submitAll(leader.sequencer, workload.ops.slice(0, 500));
  await leader.sequencer.drain();
  return { leader, standby, troubles };
}

describe('a follower whose pull stops delivering', () => {
  it('a standby follows again within seconds, not after the client default 30 s, and says so', async () => {
    const { leader, standby, troubles } = await stalledStandby();
    const t0 = performance.now();
    // 12 s: the client notices after two missed heartbeats of 1 s and makes a new consumer; with its default 30 s pull this took about 30 s.
    await until(() => standby.engine.lastSeq === leader.sequencer.engine.lastSeq, 'the standby to follow again', 12_000);
    expect(stateHash(standby.engine)).toBe(leader.sequencer.stateHash());
    expect(standby.failed).toBeUndefined();
    expect(troubles.map((t) => t.type)).toContain('ordered_consumer_recreated');
    console.log(`followed again ${Math.round(performance.now() - t0)} ms after the consumer was removed; told: ${troubles.map((t) => t.type).join(', ')}`);
    await standby.stop();
    await leader.stop();
  }, 60_000);

  it("a takeover's catch-up follows a stalled reader anew after 1 s and reaches the stream's end within its timeout", async () => {
    const { leader, standby, troubles } = await stalledStandby();
    // The client would notice only after about 2 s: the catch-up (given 1.8 s here) does not wait for it.
    await standby.catchUp(1_800);
    expect(standby.engine.lastSeq).toBe(leader.sequencer.engine.lastSeq);
    expect(stateHash(standby.engine)).toBe(leader.sequencer.stateHash());
    expect(troubles.find((t) => t.type === 'catch_up_stalled')).toBeDefined();
    await leader.stop();
  }, 60_000);
});
