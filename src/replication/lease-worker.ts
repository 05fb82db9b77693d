/**
 * The lease's thread (lease-thread.ts starts it): a connection of its own to NATS and the
 * LeaderLease on it, so renewals run whatever the main thread is doing (replaying a
 * journal, a long turn, a large sample). It tells the main thread what the lease does, and
 * writes the end of this node's validity into memory both threads share, which the main
 * thread reads before every write.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '@nats-io/transport-node';
import { LeaderLease, answerPresence } from './lease.js';
import type { LeaseThreadData, ToLeaseThread, FromLeaseThread } from './lease-thread.js';

const data = workerData as LeaseThreadData;
const validity = new BigInt64Array(data.validity);
const port = parentPort!;
const post = (m: FromLeaseThread): void => port.postMessage(m);

try {
  const nc = await connect({ servers: data.servers, name: `patx-${data.lease.node}-lease`, maxReconnectAttempts: -1 });
  await answerPresence(nc, data.lease.bucket, data.lease.node);
  const lease = await LeaderLease.open(nc, {
    ...data.lease,
    // Microseconds on the process's monotonic clock, as the main thread reads them.
    onValidity: (validUntilMs) => Atomics.store(validity, 0, BigInt(Math.floor(validUntilMs * 1_000))),
  });
  lease.onLost((reason) => post({ type: 'lost', reason }));
  port.on('message', (m: ToLeaseThread) => {
    if (m.type === 'acquire') {
      lease.acquire((holder) => post({ type: 'waiting', holder })).then(
        (epoch) => post({ type: 'acquired', epoch }),
        (error: unknown) => post({ type: 'acquire-failed', message: (error as Error).message }),
      );
    } else {
      const done = m.type === 'release' ? lease.release() : Promise.resolve(lease.close());
      void done
        .catch(() => undefined)
        .then(() => nc.close())
        .catch(() => undefined)
        .then(() => post({ type: 'closed' }));
    }
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'open-failed', message: (error as Error).message });
}
