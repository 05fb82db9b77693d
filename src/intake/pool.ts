/**
 * The intake: worker threads that do, for the engine's thread, the work a stranger
 * controls (parse and bound JSON, check a body's hash, recover a signer, decode and
 * measure samples). The engine's thread only hands bytes over and takes back small,
 * validated results, as LMAX unmarshals on its input side.
 *
 * Everything is bounded: jobs and bytes waiting in total, jobs and bytes per client (so
 * one address cannot take the queue), and the time one job may hold a worker (a worker
 * past it is replaced and the job refused TOO_COSTLY). A job over a bound is refused at
 * once with SERVER_BUSY (503, Retry-After), and nothing waits unboundedly.
 *
 * Lanes (an outside audit, 2026-12: 8 sample measurements of one fresh provider key, seconds
 * each, held both workers, and every other wallet's signed request waited 12-17 s behind them
 * in the one FIFO queue): a signature recovery (every signed request and login) and the
 * exchange's own chores go ahead of every other job waiting; sample measurements
 * (MEASUREMENT_TASKS) run on at most `maxRunningMeasurements` workers at once, so with two or
 * more workers one is always left for signatures and bodies; and one client may have at most
 * `maxMeasurementsPerClient` measurements waiting or running (the rest refused
 * TOO_MANY_MEASUREMENTS, 429 with Retry-After).
 */
import type { Worker } from 'node:worker_threads';
import { bootThread } from '../runtime/worker-thread.js';
import type { ComponentHealth } from '../runtime/health.js';
import type { Logger } from '../runtime/log.js';
import { IntakeError } from './intake-error.js';
import type { FromIntake, IntakeClose, ToIntake } from './messages.js';
import { revive } from './refusals.js';
import type { TaskInput, TaskName, TaskOutput } from './tasks.js';
import { labelledMetricLines, metricLines } from '../runtime/prometheus-text.js';

export interface IntakeLimits {
  /** Worker threads (each runs one job at a time). */
  workers: number;
  /** Jobs waiting for a worker, in total. */
  maxQueuedJobs: number;
  /** Bytes in jobs waiting or running, in total. */
  maxQueuedBytes: number;
  /** Jobs one client may have waiting or running. */
  maxJobsPerClient: number;
  /** Bytes one client may have waiting or running. */
  maxBytesPerClient: number;
  /** Sample measurements (MEASUREMENT_TASKS) one client may have waiting or running; more are refused TOO_MANY_MEASUREMENTS. */
  maxMeasurementsPerClient: number;
  /** Workers that may be measuring samples at once (at least 1); the rest are left for signatures and bodies. Default: all but one. */
  maxRunningMeasurements?: number;
  /** A job holding its worker longer is stopped (the worker replaced) and refused TOO_COSTLY. */
  maxJobMs: number;
  /** Linux nice of the workers (0-19): above the engine's thread, they take the cores it leaves. */
  nice: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  workers: 2,
  maxQueuedJobs: 256,
  maxQueuedBytes: 256 * 1024 * 1024,
  maxJobsPerClient: 8,
  maxBytesPerClient: 64 * 1024 * 1024,
  maxMeasurementsPerClient: 4, // a provider's few uploads at once (test/gateway/strangers.test.ts posts four listings at once); its fifth is refused
  maxJobMs: 30_000, // a 10 MiB sample takes under 1 s on a quiet core; a niced worker on a loaded machine took over 10 s in CI
  nice: 10,
};

export interface RunOptions {
  /** Whose job it is (an address key): the per-client bounds apply to it. */
  client?: string;
  /** Bytes this job carries (for the byte bounds). */
  bytes?: number;
  /** Buffers to move into the worker rather than copy (they are unusable here afterwards). */
  transfer?: ArrayBuffer[];
  /** Ahead of the jobs waiting: the exchange's own short chore others wait on (the body memory's `touch`). */
  first?: boolean;
}

/** Where the intake's work runs (IntakePool: worker threads). */
export interface Intake {
  run<K extends TaskName>(task: K, input: TaskInput<K>, options?: RunOptions): Promise<TaskOutput<K>>;
  /** Starts the workers if nothing has yet, without waiting for them. */
  start(): void;
  /** Starts the workers if nothing has yet; resolves once each is warm (`IntakePool.health`). */
  ready(): Promise<void>;
  /** For /readyz: ok once every worker has booted and answered its warm-up task. */
  health(): ComponentHealth;
  close(): Promise<void>;
}

/**
 * Each worker's first task, before any client's: a signature recovered, as every wallet login
 * does. A worker that has only loaded its modules still pays for its first recovery (the curve
 * library's tables, the compiler warming up): the first login after a start waited seconds for
 * it on a loaded machine, long after /readyz said ready. A fixed text signed by a fixed key
 * (0x11…11, address 0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A), so the answer is checked too.
 */
export const WARM_UP_TASK = {
  text: 'patx intake warm-up',
  signature: '0xfe6b5a934e6897aa50e952418635ec42ec420438746e8c8f21bace183b051dad1a5d454454c135f842fa7785bf436cf654e0027311aa94892692e3ce3093ec681c',
  signer: '0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a',
} as const;

/**
 * The tasks that decode and measure a sample (or records against one): up to a second each for a
 * 10 MiB sample, where a signature takes 52 µs. Bounded per client and in how many workers they hold.
 */
export const MEASUREMENT_TASKS: ReadonlySet<TaskName> = new Set<TaskName>(['listing', 'listingParsed', 'reference', 'accuracy', 'conformance', 'preview']);

/** The tasks taken before any other waiting: a signature (every signed request and login waits on one) and the exchange's own chore. */
const URGENT_TASKS: ReadonlySet<TaskName> = new Set<TaskName>(['recover', 'touch']);

interface Job {
  id: number;
  /** A sample measurement (MEASUREMENT_TASKS). */
  measures: boolean;
  task: TaskName;
  input: unknown;
  transfer: ArrayBuffer[];
  client: string;
  bytes: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Booted and warmed up (WARM_UP_TASK answered): it takes clients' jobs. */
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Resolves once the worker has loaded its modules (its first message) or exited. */
  booted: Promise<void>;
}

/**
 * How long `close` waits for a booting worker to finish loading before it is terminated anyway.
 * A worker terminated while it loads a native addon (libsecp256k1, keccak, or bufferutil through
 * ethers' `ws`) can fail the addon's N-API initialisation, which aborts the whole process
 * (`Init: Assertion status == napi_ok`): seen when a service was stopped right after /readyz
 * started its workers.
 */
const BOOT_WAIT_ON_CLOSE_MS = 15_000;

/**
 * How long `close` waits for a worker to exit between jobs (its current job first) before it is
 * terminated anyway. A worker terminated inside a native call (a recovery's keccak or secp256k1)
 * aborts the whole process ("FATAL ERROR: Error::Error napi_create_reference", CI 2026-11-29:
 * a service stopped during its workers' warm-up recoveries).
 */
const EXIT_WAIT_ON_CLOSE_MS = 5_000;

/** Whether `promise` settled within `ms` (its timer cleared either way). */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(() => true, () => true);
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What the intake holds now (for /metrics and tests). */
export interface IntakeCounters {
  queuedJobs: number;
  runningJobs: number;
  bytes: number;
  busyRefusals: number;
  jobsStopped: number;
}

export class IntakePool implements Intake {
  private readonly slots: Slot[] = [];
  /** Signature recoveries and the exchange's chores: taken before `queue`. */
  private readonly urgent: Job[] = [];
  private readonly queue: Job[] = [];
  private readonly perClient = new Map<string, { jobs: number; bytes: number; measurements: number }>();
  /** Workers measuring a sample now (at most `maxRunningMeasurements`). */
  private measuring = 0;
  /** The client whose measurement started last (the next goes to another's, if one waits). */
  private lastMeasuredFor: string | undefined;
  private nextId = 1;
  private bytes = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Every worker of the first start has answered its warm-up task (health). */
  private warmedUp = false;
  /** Callers of `ready` waiting for every worker to be warm, resolved all at once (the service's start and tests call it; /readyz only `start`s). */
  private readyWaiters: Array<() => void> = [];
  readonly counters: IntakeCounters = { queuedJobs: 0, runningJobs: 0, bytes: 0, busyRefusals: 0, jobsStopped: 0 };

  constructor(
    private readonly limits: IntakeLimits,
    private readonly log: Logger,
  ) {}

  /**
   * The workers start with the first request (a service that is never sent a body, as in
   * most tests, boots none), with `ready`, or with a readiness check (/readyz); `ready` resolves
   * once each has loaded its modules and answered its warm-up task (WARM_UP_TASK).
   */
  ready(): Promise<void> {
    this.start();
    if (this.closed || this.slots.every((s) => s.ready)) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * 'starting' until every worker has booted and been warmed up once, and whenever none is
   * ready (all being replaced): a login then would wait for a worker to boot. Asking does not
   * start the workers (the alarm watch asks every 2 s); /readyz starts them (`ready`).
   */
  health(): ComponentHealth {
    const warm = this.slots.filter((s) => s.ready).length;
    const detail = `${warm} of ${this.limits.workers} workers warm, ${this.urgent.length + this.queue.length} jobs queued`;
    if (this.slots.length === 0) return { state: 'starting', detail: 'workers not started (they start with the first request or a readiness check)' };
    if (!this.warmedUp || warm === 0) return { state: 'starting', detail };
    return { state: 'ok', detail };
  }

  /** Starts the workers if nothing has yet (each warms itself up); a no-op after. */
  start(): void {
    if (this.slots.length > 0 || this.closed) return;
    for (let i = 0; i < this.limits.workers; i++) this.slots.push(this.spawn());
  }

  run<K extends TaskName>(task: K, input: TaskInput<K>, options: RunOptions = {}): Promise<TaskOutput<K>> {
    if (this.closed) return Promise.reject(new IntakeError('SERVER_BUSY', 'the intake is closed: the service is stopping'));
    this.start();
    const client = options.client ?? '';
    const bytes = options.bytes ?? 0;
    const mine = this.perClient.get(client) ?? { jobs: 0, bytes: 0, measurements: 0 };
    const measures = MEASUREMENT_TASKS.has(task);
    if (measures && client !== '' && mine.measurements >= this.limits.maxMeasurementsPerClient) {
      this.counters.busyRefusals++;
      return Promise.reject(new IntakeError('TOO_MANY_MEASUREMENTS', `this client has ${mine.measurements} samples being measured (at most ${this.limits.maxMeasurementsPerClient}): send it again once one is answered`));
    }
    const busy =
      this.urgent.length + this.queue.length >= this.limits.maxQueuedJobs
        ? `${this.limits.maxQueuedJobs} requests are waiting to be read`
        : this.bytes + bytes > this.limits.maxQueuedBytes
          ? `${this.limits.maxQueuedBytes} bytes of requests are waiting to be read`
          : undefined;
    const clientFull =
      client !== '' && mine.jobs >= this.limits.maxJobsPerClient
        ? `this client has ${mine.jobs} requests being read (at most ${this.limits.maxJobsPerClient})`
        : client !== '' && mine.bytes + bytes > this.limits.maxBytesPerClient
          ? `this client has ${mine.bytes} bytes of requests being read (at most ${this.limits.maxBytesPerClient})`
          : undefined;
    if (clientFull !== undefined || busy !== undefined) {
      this.counters.busyRefusals++;
      return Promise.reject(clientFull !== undefined ? new IntakeError('TOO_MANY_IN_FLIGHT', `${clientFull}: wait for one to finish`) : new IntakeError('SERVER_BUSY', `${busy!}: try again shortly`));
    }
    mine.jobs++;
    mine.bytes += bytes;
    if (measures) mine.measurements++;
    this.perClient.set(client, mine);
    this.bytes += bytes;
    return new Promise<TaskOutput<K>>((resolve, reject) => {
      const job: Job = { id: this.nextId++, measures, task, input, transfer: options.transfer ?? [], client, bytes, resolve: resolve as (v: unknown) => void, reject };
      if (options.first === true) this.urgent.unshift(job);
      else if (URGENT_TASKS.has(task)) this.urgent.push(job);
      else this.queue.push(job);
      this.dispatch();
    });
  }

  /** Prometheus text (docs/metrics.md, "The intake"). */
  metricsText(): string {
    const c = this.counters;
    return [
      ...metricLines('gauge', 'patx_intake_jobs_queued', 'Requests waiting for an intake worker (bodies to parse, signatures to recover, samples to measure).', c.queuedJobs),
      ...metricLines('gauge', 'patx_intake_jobs_running', 'Intake workers busy with a request.', c.runningJobs),
      ...metricLines('gauge', 'patx_intake_bytes', 'Bytes of requests waiting for or held by the intake.', c.bytes),
      ...labelledMetricLines('counter', 'patx_intake_refused_total', 'Requests the intake refused: busy (its queue full, in total or for the client), too_costly (a worker past its time, replaced).', [
        ['reason="busy"', c.busyRefusals],
        ['reason="too_costly"', c.jobsStopped],
      ]),
      '',
    ].join('\n');
  }

  /** Once, however often asked (the service and the gateway both close it): a second pass would wait for workers already gone. */
  close(): Promise<void> {
    return (this.closing ??= this.closeWorkers());
  }

  private async closeWorkers(): Promise<void> {
    this.closed = true;
    this.releaseReadyWaiters();
    for (const job of [...this.urgent.splice(0), ...this.queue.splice(0)]) this.finish(job, undefined, new IntakeError('SERVER_BUSY', 'the service is stopping'));
    await Promise.all(
      this.slots.map(async (s) => {
        await settledWithin(s.booted, BOOT_WAIT_ON_CLOSE_MS);
        const exited = new Promise<void>((resolve) => s.worker.once('exit', () => resolve()));
        s.worker.postMessage({ close: true } satisfies IntakeClose);
        // A job still running past the wait is a long parse (JavaScript), not a recovery: terminated.
        if (!(await settledWithin(exited, EXIT_WAIT_ON_CLOSE_MS))) await s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    // Never what keeps the process alive: a service that failed to start still exits. No websocket is opened here:
    // ethers' `ws` needs no native helpers (one addon fewer to load, and to be caught loading).
    const worker = bootThread('patx-intake', { entry: new URL('./worker.ts', import.meta.url).href, nice: this.limits.nice }, { env: { ...process.env, WS_NO_BUFFER_UTIL: '1', WS_NO_UTF_8_VALIDATE: '1' } });
    let booted!: () => void;
    const slot: Slot = { worker, ready: false, job: undefined, timer: undefined, booted: new Promise<void>((resolve) => (booted = resolve)) };
    worker.once('exit', () => booted());
    worker.on('message', (m: FromIntake | { ready: true }) => {
      if ('ready' in m) {
        booted();
        return this.warmUp(slot);
      }
      this.answered(slot, m);
    });
    worker.on('error', (error) => this.log.error({ err: error }, 'an intake worker failed'));
    worker.on('exit', () => {
      const job = slot.job;
      slot.job = undefined;
      if (job?.measures === true) this.measuring--;
      if (slot.timer !== undefined) clearTimeout(slot.timer);
      if (job !== undefined) this.finish(job, undefined, new IntakeError('TOO_COSTLY', 'the request could not be read: its worker stopped'));
      if (this.closed) return;
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots[at] = this.spawn();
    });
    return slot;
  }

  /**
   * A booted worker's first job, before any client's (WARM_UP_TASK), held to the same time
   * limit (past it, or if the worker dies, it is replaced as for any job, and the new one
   * warms up). Its answer makes the worker ready; a wrong answer is a bug of ours, logged.
   */
  private warmUp(slot: Slot): void {
    const job: Job = {
      id: this.nextId++,
      measures: false,
      task: 'recover',
      input: undefined,
      transfer: [],
      client: '',
      bytes: 0,
      resolve: (signer) => this.warmedUpSlot(slot, signer === WARM_UP_TASK.signer ? undefined : `it recovered ${String(signer)}, not ${WARM_UP_TASK.signer}`),
      // TOO_COSTLY: the worker was stopped or died (stop, the exit handler), and is being replaced.
      reject: (error) => (error instanceof IntakeError && error.code === 'TOO_COSTLY' ? undefined : this.warmedUpSlot(slot, error.message)),
    };
    slot.job = job;
    slot.timer = setTimeout(() => this.stop(slot), this.limits.maxJobMs);
    const message: ToIntake = { id: job.id, task: 'recover', input: { text: WARM_UP_TASK.text, signature: WARM_UP_TASK.signature } };
    slot.worker.postMessage(message);
  }

  private warmedUpSlot(slot: Slot, wrong: string | undefined): void {
    if (wrong !== undefined) this.log.error({ why: wrong }, 'an intake worker answered its warm-up task wrongly (logins will fail)');
    slot.ready = true;
    if (this.slots.every((s) => s.ready)) {
      this.warmedUp = true;
      this.releaseReadyWaiters();
    }
    this.dispatch();
  }

  private releaseReadyWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** The most workers measuring at once: all but one (so signatures and bodies always have one), at least 1. */
  private maxMeasuring(): number {
    return Math.max(1, this.limits.maxRunningMeasurements ?? this.limits.workers - 1);
  }

  /** The next job for a free worker: a signature first, else the oldest job waiting, passing over measurements while as many run as may. */
  private next(): Job | undefined {
    const urgent = this.urgent.shift();
    if (urgent !== undefined) return urgent;
    if (this.measuring < this.maxMeasuring()) {
      // A client whose measurement is not running and did not start last goes ahead: one provider's few uploads in a row
      // (each up to seconds) take turns with another's instead of holding it back. First in, first out otherwise.
      const measuringFor = new Set(this.slots.flatMap((s) => (s.job?.measures === true ? [s.job.client] : [])));
      const at = this.queue.findIndex((j) => !j.measures || (!measuringFor.has(j.client) && j.client !== this.lastMeasuredFor));
      const job = this.queue.splice(at < 0 ? 0 : at, 1)[0];
      if (job?.measures === true) this.lastMeasuredFor = job.client;
      return job;
    }
    const at = this.queue.findIndex((j) => !j.measures);
    return at < 0 ? undefined : this.queue.splice(at, 1)[0];
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job !== undefined) continue;
      const job = this.next();
      if (job === undefined) break;
      if (job.measures) this.measuring++;
      slot.job = job;
      slot.timer = setTimeout(() => this.stop(slot), this.limits.maxJobMs);
      const message: ToIntake = { id: job.id, task: job.task, input: job.input };
      slot.worker.postMessage(message, job.transfer);
      job.input = undefined; // transferred or cloned: nothing here keeps it alive
    }
    this.refreshCounters();
  }

  /** A job past its time: the worker is stopped (its exit handler refuses the job and starts a new one). */
  private stop(slot: Slot): void {
    const job = slot.job;
    if (job === undefined) return;
    this.counters.jobsStopped++;
    this.log.warn({ task: job.task, client: job.client, bytes: job.bytes, limitMs: this.limits.maxJobMs }, 'an intake job took too long: its worker is replaced');
    slot.job = undefined;
    slot.timer = undefined;
    if (job.measures) this.measuring--;
    this.finish(job, undefined, new IntakeError('TOO_COSTLY', `the request took more than ${this.limits.maxJobMs} ms to read: refused`));
    slot.ready = false;
    void slot.worker.terminate();
  }

  private answered(slot: Slot, m: FromIntake): void {
    const job = slot.job;
    if (job === undefined || job.id !== m.id) return; // a stopped job's late answer
    slot.job = undefined;
    if (job.measures) this.measuring--;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    if (m.ok) this.finish(job, m.result, undefined);
    else this.finish(job, undefined, revive(m.refusal));
    this.dispatch();
  }

  private finish(job: Job, result: unknown, error: Error | undefined): void {
    const mine = this.perClient.get(job.client);
    if (mine !== undefined) {
      mine.jobs--;
      mine.bytes -= job.bytes;
      if (job.measures) mine.measurements--;
      if (mine.jobs === 0) this.perClient.delete(job.client);
    }
    this.bytes -= job.bytes;
    if (error !== undefined) job.reject(error);
    else job.resolve(result);
    this.refreshCounters();
  }

  private refreshCounters(): void {
    this.counters.queuedJobs = this.urgent.length + this.queue.length;
    this.counters.runningJobs = this.slots.filter((s) => s.job !== undefined).length;
    this.counters.bytes = this.bytes;
  }
}
