/**
 * A standby takes the lease as soon as its holder is gone, not after the ttl (issue 78): a
 * node answers on its presence subject on each of its connections; the servers' "no
 * responders" on it is the positive sign of a dead process. Real nats-servers on 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { LeaderLease, answerPresence } from '../../src/replication/lease.js';
import { natsTestbed } from '../support/nats-testbed.js';

const bed = natsTestbed('patx-lease-absence-');

describe('taking the lease from an absent holder', () => {
  it('waits while any of the holder\'s connections answers, and takes at once, long before the ttl, when none does', async () => {
    const bucket = `patx_lease_absence_${Date.now()}`;
    const ttlMs = 20_000;
    const options = { bucket, ttlMs, renewMs: 200, replicas: 3 };
    // The holder as a node runs it: the lease on a connection of its own, and a main connection.
    const leaseConnection = await connect({ servers: bed.cluster.servers });
    const mainConnection = await connect({ servers: bed.cluster.servers });
    await answerPresence(leaseConnection, bucket, 'a.1 holder'); // a name no subject could hold as it is
    await answerPresence(mainConnection, bucket, 'a.1 holder');
    const a = await LeaderLease.open(leaseConnection, { ...options, node: 'a.1 holder' });
    const epochA = await a.acquire();
    const standbyConnection = await connect({ servers: bed.cluster.servers });
    await answerPresence(standbyConnection, bucket, 'b');
    const b = await LeaderLease.open(standbyConnection, { ...options, node: 'b', takeOnAbsence: true });
    let bLeads = false;
    const bAcquired = b.acquire().then((epoch) => {
      bLeads = true;
      return epoch;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(bLeads).toBe(false); // a renews and answers

    // The lease's connection goes (its server moved, say): no renewal lands, but the node still answers on its main connection.
    await leaseConnection.close();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(bLeads).toBe(false);

    // The process is gone: nobody listens on its subject any more.
    const goneAt = performance.now();
    await mainConnection.close();
    const epochB = await bAcquired;
    expect(performance.now() - goneAt).toBeLessThan(ttlMs / 2);
    expect(epochB).toBeGreaterThan(epochA);
    await expect.poll(() => b.holder(), { timeout: 5_000 }).toEqual({ node: 'b', epoch: epochB });
    a.close();
    await b.release();
    await standbyConnection.close();
  }, 30_000);
});
