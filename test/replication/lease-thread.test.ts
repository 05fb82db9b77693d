/**
 * The lease on a thread of its own (issue 59): a main thread busy for several ttls (a
 * takeover replaying a long journal, a long turn) does not lose the lease, and another node
 * cannot take it meanwhile; a write is refused once the lease's validity has run out, before
 * anything is journaled. Real nats-servers on 127.0.0.1, a real worker thread.
 */
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/engine/index.js';
import { LeaseThread } from '../../src/replication/lease-thread.js';
import { LeaseExpiredError, ReplicatedJournal } from '../../src/replication/replicated-journal.js';
import type { JournalShipper } from '../../src/replication/shipper.js';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { natsTestbed } from '../support/nats-testbed.js';

const bed = natsTestbed('patx-lease-thread-');

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the main thread does nothing else meanwhile: no timer, no message, no socket read
  }
}

describe('the lease on its own thread', () => {
  it('is kept while the main thread is busy for three ttls, and another node cannot take it meanwhile', async () => {
    const bucket = `patx_lease_thread_${Date.now()}`;
    const options = { bucket, ttlMs: 600, renewMs: 100, replicas: 3 };
    const a = await LeaseThread.open(bed.cluster.servers, { ...options, node: 'a' });
    const b = await LeaseThread.open(bed.cluster.servers, { ...options, node: 'b' });
    const lost: string[] = [];
    a.onLost((reason) => lost.push(reason));
    const epoch = await a.acquire();
    expect(a.validNow()).toBe(true);
    let bLeads = false;
    void b.acquire().then(() => (bLeads = true), () => undefined);
    busy(1_800);
    // Messages from the lease's thread are heard once the main thread is free again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lost).toEqual([]);
    expect(a.validNow()).toBe(true);
    expect(a.epoch).toBe(epoch);
    expect(bLeads).toBe(false);
    // A clean stop hands the lease over: b takes it at once, and a may no longer write.
    await a.release();
    expect(a.validNow()).toBe(false);
    await expect.poll(() => bLeads, { timeout: 5_000 }).toBe(true);
    expect(b.epoch).toBeGreaterThan(epoch);
    await b.close();
  }, 30_000);

  it('a write after the validity ran out is refused before anything is journaled, a quorum write whose validity ran out meanwhile is not acknowledged, and the node is told', async () => {
    const local = Journal.open(bed.tempDir(), { durability: 'commit' });
    let valid = true;
    const expired: number[] = [];
    const shipper = { whenShipped: () => Promise.resolve(), checkpoint: () => undefined } as unknown as JournalShipper; // only the fence is under test here
    const journal = new ReplicatedJournal(local, shipper, 'local', { validNow: () => valid, expired: () => expired.push(1) });
    const [command] = generateWorkload(10, 3).setup;
    journal.appendCommitted({ firstSeq: 1, timeMs: WORKLOAD_START_MS, commands: [command!] });
    valid = false;
    expect(() => journal.appendCommitted({ firstSeq: 2, timeMs: WORKLOAD_START_MS, commands: [command!] })).toThrow(LeaseExpiredError);
    expect(() => journal.append({ firstSeq: 2, timeMs: WORKLOAD_START_MS, commands: [command!] })).toThrow(LeaseExpiredError);
    expect(expired).toHaveLength(2);
    expect(local.lastSeq()).toBe(1);
    // Under 'quorum', a turn written in time whose validity ran out while the stream took it (a process stopped meanwhile)
    // is not acknowledged: the stream holds it, its submitters hear an unknown outcome.
    let shipped: () => void = () => undefined;
    const waiting = { whenShipped: () => new Promise<void>((resolve) => (shipped = resolve)), checkpoint: () => undefined } as unknown as JournalShipper;
    const quorum = new ReplicatedJournal(local, waiting, 'quorum', { validNow: () => valid, expired: () => expired.push(1) });
    valid = true;
    const acknowledged = quorum.append({ firstSeq: 2, timeMs: WORKLOAD_START_MS, commands: [command!] });
    valid = false;
    shipped();
    await expect(acknowledged).rejects.toThrow(LeaseExpiredError);
    expect(expired).toHaveLength(3);
    await local.close();
  });
});
