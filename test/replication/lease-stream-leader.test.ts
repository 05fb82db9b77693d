/**
 * The lease's compare-and-set is on its bucket stream's last sequence (lease.ts, writeLeaseKey):
 * the stream leader checks it against the writes it has proposed, a count it takes up again from
 * the stream when another server becomes the leader. Here the server leading the bucket's stream
 * is killed (SIGKILL) under a holder renewing every 200 ms: renewals carry on at the new stream
 * leader, nobody else can take the key meanwhile, and two writes expecting one revision still
 * never both land. Real nats-servers on 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { LeaderLease, writeLeaseKey } from '../../src/replication/lease.js';
import { whenAvailable } from '../../src/replication/unavailable.js';
import { createLogger } from '../../src/runtime/log.js';
import { until } from '../support/exchange-fixture.js';
import { natsTestbed } from '../support/nats-testbed.js';

const bed = natsTestbed('patx-lease-stream-leader-');

describe('the lease across a change of its stream leader', () => {
  it('keeps renewing at the new stream leader when the old one is killed; two writes expecting one revision still never both land', async () => {
    const bucket = `patx_lease_leader_${Date.now()}`;
    const stream = `KV_${bucket}`;
    // A ttl longer than the servers' election (seconds), so the holder is not fenced while the stream has no leader.
    const options = { bucket, ttlMs: 20_000, renewMs: 200, replicas: 3 };
    const a = await LeaderLease.open(bed.nc, { ...options, node: 'a' });
    const epochA = await a.acquire();
    const lost: string[] = [];
    a.onLost((reason) => lost.push(reason));
    const kv = await new Kvm(bed.nc).open(bucket);
    const streamLeader = async (): Promise<string | undefined> => (await bed.jsm.streams.info(stream)).cluster?.leader;
    const before = await streamLeader();
    const victim = bed.cluster.nodes.find((n) => n.name === before);
    expect(victim, `the stream's leader ${String(before)} is one of the cluster's nodes`).toBeDefined();
    await victim!.kill('SIGKILL');
    const revisionAtKill = (await kv.get('leader').catch(() => null))?.revision ?? 0;
    await until(async () => ((await streamLeader().catch(() => undefined)) ?? before) !== before, 'another server to lead the stream', 30_000);
    await until(async () => bed.jsm.getAccountInfo().then(() => true, () => false), "JetStream's API to answer again", 30_000);
    // Renewals land at the new leader: the key moves on by several revisions, still naming a's term.
    await until(async () => ((await kv.get('leader').catch(() => null))?.revision ?? 0) > revisionAtKill + 5, "a's renewals to land at the new stream leader", 30_000);
    expect(lost).toEqual([]);
    expect(a.isLeader).toBe(true);
    expect(await a.holder()).toEqual({ node: 'a', epoch: epochA });

    // A standby meanwhile sees the key move and does not take it; on a's release it does, with a higher epoch.
    // Opened as a node opens it (node.ts): waiting NATS out. The killed server may also have led the cluster's
    // metadata, and JetStream's API times out until another server does (CI 2026-11-30, under load).
    const b = await whenAvailable('opening the lease', () => LeaderLease.open(bed.nc, { ...options, node: 'b' }), { log: createLogger('silent') });
    let bLeads = false;
    const bAcquired = b.acquire().then((epoch) => {
      bLeads = true;
      return epoch;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(bLeads).toBe(false);
    await a.release();
    expect(await bAcquired).toBeGreaterThan(epochA);
    await b.release();

    // Pairs of writes expecting one revision, from two of the surviving servers: one of each lands.
    const alive = bed.cluster.nodes.filter((n) => n.running).map((n) => n.url);
    const [ncA, ncB] = await Promise.all(alive.slice(0, 2).map((server) => connect({ servers: server })));
    const [jsA, jsB] = [jetstream(ncA!), jetstream(ncB!)];
    let revision = (await bed.jsm.streams.info(stream)).state.last_seq;
    for (let pair = 0; pair < 30; pair++) {
      const results = await Promise.allSettled([
        writeLeaseKey(jsA, bucket, new TextEncoder().encode('{"node":"x","epoch":0}'), revision),
        writeLeaseKey(jsB, bucket, new TextEncoder().encode('{"node":"y","epoch":0}'), revision),
      ]);
      const landed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect({ pair, landed: landed.length }).toEqual({ pair, landed: 1 });
      revision = landed[0]!;
    }
    await Promise.all([ncA!.close(), ncB!.close()]);
    a.close();
    b.close();
    await victim!.start();
  }, 90_000);
});
