/**
 * A take whose answer never comes may still land (lease.ts, take): during an election, or on a
 * stalled connection, the write waits somewhere and the client stops waiting for it. The key
 * then names the taker with epoch 0 and nobody renews it; before, the taker treated it as
 * another's holder and every node waited out the ttl. Here the taker's connection runs through
 * a TCP proxy that holds its write to the key for longer than the client's 5 s publish timeout
 * (a stalled socket), then lets it through. Real nats-servers on 127.0.0.1.
 */
import net from 'node:net';
import { describe, expect, it, onTestFailed } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { LeaderLease } from '../../src/replication/lease.js';
import { natsTestbed } from '../support/nats-testbed.js';

const bed = natsTestbed('patx-lease-unanswered-take-');

/**
 * Forwards to `upstream`; the first client chunk that publishes to `subject` is held, with all
 * that follows it, for `holdMs`, then sent on. (A publish is one chunk on loopback: the client
 * writes its line and payload together.)
 */
async function stallingProxy(upstream: URL, subject: string, holdMs: number): Promise<{ url: string; heldAt: Promise<number>; releasedAt: Promise<number>; close(): void }> {
  let held: ((at: number) => void) | undefined;
  let released: ((at: number) => void) | undefined;
  const heldAt = new Promise<number>((resolve) => (held = resolve));
  const releasedAt = new Promise<number>((resolve) => (released = resolve));
  let armed = true;
  const sockets: net.Socket[] = [];
  const server = net.createServer((client) => {
    const up = net.connect(Number(upstream.port), upstream.hostname);
    sockets.push(client, up);
    up.pipe(client);
    let queue: Buffer[] | undefined;
    client.on('data', (chunk: Buffer) => {
      if (queue !== undefined) return void queue.push(chunk);
      if (armed && chunk.includes(`PUB ${subject} `)) {
        armed = false;
        queue = [chunk];
        held?.(performance.now());
        setTimeout(() => {
          for (const c of queue ?? []) up.write(c);
          queue = undefined;
          released?.(performance.now());
        }, holdMs);
        return;
      }
      up.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      up.destroy();
    };
    client.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `nats://127.0.0.1:${port}`,
    heldAt,
    releasedAt,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('a take whose answer never came', () => {
  it('is found when it lands after all: the taker leads at once instead of everyone waiting out the ttl', async () => {
    // When each step was reached, printed if the test fails (it timed out once in a full suite on 2 cores, with nothing to go on).
    const t0 = performance.now();
    const steps: string[] = [];
    const step = (what: string): void => void steps.push(`${Math.round(performance.now() - t0)} ms ${what}`);
    onTestFailed(() => console.error(`steps reached:\n${steps.join('\n')}`));
    const bucket = `patx_lease_unanswered_${Date.now()}`;
    const ttlMs = 30_000;
    const options = { bucket, ttlMs, renewMs: 200, replicas: 3 };
    const proxy = await stallingProxy(new URL(bed.cluster.servers[0]!), `$KV.${bucket}.leader`, 6_000);
    const takerConnection = await connect({ servers: proxy.url, ignoreClusterUpdates: true });
    const standbyConnection = await connect({ servers: bed.cluster.servers });
    const b = await LeaderLease.open(takerConnection, { ...options, node: 'b' });
    const c = await LeaderLease.open(standbyConnection, { ...options, node: 'c' });
    step('both leases open');
    // b finds the key free and takes it; its write is held past the client's wait, then lands (nobody else
    // took the key meanwhile: had another, the held write would be refused, as compare-and-set means).
    let bLeadsAt: number | undefined;
    const bAcquired = b.acquire().then((epoch) => {
      bLeadsAt = performance.now();
      return epoch;
    });
    await proxy.heldAt;
    step("b's take held by the proxy");
    const releasedAt = await proxy.releasedAt;
    step("b's take let through");
    // A standby that comes now finds the key naming b, as after any take, and waits.
    let cLeads = false;
    const cAcquired = c.acquire((holder) => step(`c waits for ${JSON.stringify(holder)}`)).then((epoch) => {
      cLeads = true;
      step(`c leads, epoch ${epoch}`);
      return epoch;
    });
    const epochB = await bAcquired;
    step(`b leads, epoch ${epochB}`);
    // Without looking for its own write, b would have waited out the ttl (30 s) like c.
    expect(bLeadsAt! - releasedAt).toBeLessThan(ttlMs / 3);
    expect(b.isLeader).toBe(true);
    await expect.poll(() => c.holder(), { timeout: 5_000 }).toEqual({ node: 'b', epoch: epochB });
    expect(cLeads).toBe(false);

    // b's term is an ordinary one: on release c takes over with a higher epoch.
    await b.release();
    step('b released');
    expect(await cAcquired).toBeGreaterThan(epochB);
    await c.release();
    proxy.close();
    await Promise.allSettled([takerConnection.close(), standbyConnection.close()]);
  }, 60_000);
});
