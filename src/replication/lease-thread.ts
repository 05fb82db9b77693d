/**
 * The lease on a thread of its own (lease-worker.ts runs LeaderLease there, on its own NATS
 * connection). On the main thread a node replays journals, applies long turns and reads
 * large samples; a renewal timer there waits behind all of it, and a takeover that replayed
 * for longer than the ttl used to depose itself. Here the renewals never wait on the engine.
 *
 * The main thread learns of the lease by messages (acquired, lost) and reads the end of its
 * validity from shared memory, before every write (`validNow`), so a leader that was paused
 * past its lease writes nothing when it resumes, even before its thread has said it lost.
 */
import type { Worker } from 'node:worker_threads';
import { bootThread } from '../runtime/worker-thread.js';
import type { LeaseHolder, LeaseOptions } from './lease.js';

export type LeaseThreadData = {
  entry: string;
  servers: string[];
  lease: Omit<LeaseOptions, 'onValidity'>;
  /** One BigInt64: the end of validity, microseconds on the process's monotonic clock (0: not leading). */
  validity: SharedArrayBuffer;
};

export type ToLeaseThread = { type: 'acquire' } | { type: 'release' } | { type: 'close' };

export type FromLeaseThread =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'waiting'; holder: LeaseHolder }
  | { type: 'acquired'; epoch: number }
  | { type: 'acquire-failed'; message: string }
  | { type: 'lost'; reason: string }
  | { type: 'closed' };

export class LeaseThread {
  private held = false;
  private ended = false;
  private lostListeners: Array<(reason: string) => void> = [];
  private waiting: ((holder: LeaseHolder) => void) | undefined;
  private acquiring: { resolve: (epoch: number) => void; reject: (error: Error) => void } | undefined;
  private closing: (() => void) | undefined;
  epoch = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly validity: BigInt64Array,
  ) {
    worker.on('message', (m: FromLeaseThread) => this.heard(m));
    worker.on('error', (error) => this.threadEnded(`the lease's thread failed: ${error.message}`));
    worker.on('exit', () => this.threadEnded("the lease's thread ended"));
  }

  /** Starts the thread and opens the lease's bucket there; rejects if it cannot. */
  static open(servers: string[], options: Omit<LeaseOptions, 'onValidity'>): Promise<LeaseThread> {
    const validity = new SharedArrayBuffer(8);
    const data: LeaseThreadData = { entry: new URL('./lease-worker.ts', import.meta.url).href, servers, lease: options, validity };
    const worker = bootThread('patx-lease', data);
    return new Promise((resolve, reject) => {
      const first = (m: FromLeaseThread): void => {
        worker.off('message', first);
        worker.off('error', failed);
        if (m.type === 'ready') resolve(new LeaseThread(worker, new BigInt64Array(validity)));
        else {
          void worker.terminate();
          reject(new Error(m.type === 'open-failed' ? m.message : `the lease's thread said ${m.type} first`));
        }
      };
      const failed = (error: Error): void => reject(error);
      worker.on('message', first);
      worker.once('error', failed);
    });
  }

  get isLeader(): boolean {
    return this.held && this.validNow();
  }

  /** Whether this node may write now: it holds the lease and its validity has not run out (read from shared memory, no message). */
  validNow(): boolean {
    return Atomics.load(this.validity, 0) > process.hrtime.bigint() / 1_000n;
  }

  /** Called once when this node stops being the leader. */
  onLost(listener: (reason: string) => void): void {
    this.lostListeners.push(listener);
  }

  /** Resolves with this node's epoch once it holds the lease (LeaderLease.acquire, on the thread). */
  acquire(waiting?: (holder: LeaseHolder) => void): Promise<number> {
    if (this.ended) return Promise.reject(new Error("the lease's thread has ended"));
    this.waiting = waiting;
    return new Promise((resolve, reject) => {
      this.acquiring = { resolve, reject };
      this.worker.postMessage({ type: 'acquire' } satisfies ToLeaseThread);
    });
  }

  /** A clean stop: hands the lease over at once (LeaderLease.release), then ends the thread. */
  release(): Promise<void> {
    return this.end('release');
  }

  /** Stops renewing or waiting (a deposed or aborted node), then ends the thread. */
  close(): Promise<void> {
    return this.end('close');
  }

  private async end(type: 'release' | 'close'): Promise<void> {
    this.held = false;
    if (this.ended) return;
    const closed = new Promise<void>((resolve) => (this.closing = resolve));
    this.worker.postMessage({ type } satisfies ToLeaseThread);
    // Bounded: a thread that does not answer is stopped anyway (the ttl frees the key).
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await this.worker.terminate();
  }

  private heard(m: FromLeaseThread): void {
    switch (m.type) {
      case 'waiting':
        this.waiting?.(m.holder);
        return;
      case 'acquired':
        this.epoch = m.epoch;
        this.held = true;
        this.acquiring?.resolve(m.epoch);
        this.acquiring = undefined;
        return;
      case 'acquire-failed':
        this.acquiring?.reject(new Error(m.message));
        this.acquiring = undefined;
        return;
      case 'lost':
        this.lose(m.reason);
        return;
      case 'closed':
        this.closing?.();
        return;
      default:
        return;
    }
  }

  private threadEnded(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    Atomics.store(this.validity, 0, 0n);
    this.acquiring?.reject(new Error(reason));
    this.acquiring = undefined;
    this.closing?.();
    this.lose(reason);
  }

  private lose(reason: string): void {
    if (!this.held) return;
    this.held = false;
    for (const listener of this.lostListeners.splice(0)) listener(reason);
  }
}
