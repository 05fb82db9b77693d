/**
 * Order-entry load over real WebSockets on loopback: spawns the bench server
 * in its own process, logs in many wallet sessions, and drives them either at
 * a fixed offered rate (open loop: latency is measured from each order's
 * scheduled send time, so a stalled server cannot hide its queueing) or flat
 * out with a window of orders in flight per session. The order mix: resting
 * bids below the broker's ask, cancels of them, and IOC buys that trade.
 * Sessions log in with real wallet signatures, then send over raw-socket.ts
 * with hand-encoded frames (order-frames.ts): the generator shares the cores
 * with the server, so it must cost as little as it can.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { getBytes, keccak256, toUtf8Bytes, Wallet } from 'ethers';
import { signInMessageFor } from '../../src/client/trading-client.js';
import { IntMap } from '../../src/collections/index.js';
import { wire, type FrameWriter, type patx } from '../../src/proto/index.js';
import { BENCH_ASK_MICROS, BENCH_BID_MICROS } from './bench-market.js';
import { checkOrderFrames, encodeCancelByClientId, encodeNewOrder } from './order-frames.js';
import { RawFrameSocket } from './raw-socket.js';

export interface BenchServer {
  port: number;
  /** Public market data (`/v1/market`), served by its own thread. */
  marketDataPort: number;
  seriesIds: number[];
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Node's flags in `npm start` (package.json, in `root`), so a bench's server runs as the service does. */
export function serviceNodeFlags(root = '.'): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(' ').filter((arg) => arg.startsWith('--') && arg !== '--import');
}

/**
 * How a bench server runs: compiled, as `npm start` runs the service (scripts/build-bench-servers.mjs,
 * built here when a source changed since), its workers compiled too; with BENCH_SOURCES=1 its
 * TypeScript through tsx.
 */
function serverCommand(script: string): { args: string[]; env: Record<string, string> } {
  if (process.env.BENCH_SOURCES === '1') return { args: ['--import', 'tsx', script], env: {} };
  execFileSync(process.execPath, ['scripts/build-bench-servers.mjs', '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dist = path.resolve('dist/bench-servers', readFileSync('dist/bench-servers/current', 'utf8').trim());
  const compiled = path.join(dist, `${path.basename(script, '.ts')}.js`);
  if (!existsSync(compiled)) throw new Error(`${script} is not among the compiled bench servers (scripts/build-bench-servers.mjs)`);
  return { args: [compiled], env: { PATX_SERVICE_DIST: dist } };
}

/**
 * Starts the PATX bench server (bench-server.ts) with `series` series, or another server
 * script speaking the same ready line (`script`, e.g. bare-order-server.ts), with `env` added.
 */
export async function spawnBenchServer(
  series: number,
  script = 'bench/support/bench-server.ts',
  env: Record<string, string> = {},
  /** Each line of its stdout but the ready line (V8's traces, e.g.): to stderr unless given. */
  onLine: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Promise<BenchServer> {
  // SEMI replaces the young generation's size; BENCH_NODE_FLAGS adds flags.
  const flags = serviceNodeFlags().map((f) => (process.env.SEMI && /^--m(ax|in)-semi-space-size=/.test(f) ? `${f.split('=')[0]}=${process.env.SEMI}` : f));
  const command = serverCommand(script);
  const child = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=.tmp/prof'] : []), ...flags, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...command.args], {
    env: { ...process.env, BENCH_SERIES: String(series), ...command.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    // The ready line is the first JSON object; anything else (e.g. --trace-gc output) goes to onLine.
    createInterface({ input: child.stdout! }).on('line', (l) => (l.startsWith('{') ? resolve(l) : onLine(l)));
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  const { port, marketDataPort, seriesIds } = JSON.parse(line) as { port: number; marketDataPort: number; seriesIds: number[] };
  return {
    port,
    marketDataPort,
    seriesIds,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** CPU time (user + system) of a process so far, in ms: from /proc, at the usual 100 ticks/s. */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/**
 * Minor page faults of a process so far (/proc's minflt): on this VM a page's first write faults for 9-17 us, so a
 * server that keeps taking fresh memory pays for it in its pauses (bench/RESULTS.md, "Strangers over HTTP", 2026-12-04).
 */
export function processMinorFaults(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[7]); // field 10, minflt
}

/** CPU time (user + system, ms) of one thread of a process; a process's main thread has the process's id. */
export function threadCpuMs(pid: number, tid: number): number {
  return statCpuMs(`/proc/${pid}/task/${tid}/stat`);
}

/** Whether a thread (a process's main thread: the process's id) runs under SCHED_FIFO now (/proc's policy field). */
export function threadIsRealtime(pid: number, tid = pid): boolean {
  const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[38]) === 1; // field 41, policy: 1 is SCHED_FIFO
}

/** The ids of a process's threads with this name (/proc/<pid>/task/<tid>/comm). */
export function threadIds(pid: number, name: string): number[] {
  return readdirSync(`/proc/${pid}/task`).map(Number).filter((tid) => readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() === name);
}

function statCpuMs(statFile: string): number {
  const fields = readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function benchWallet(i: number): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`patx-bench-wallet-${i}`)));
}

/** ServerFrame.command_ack is field 20, length-delimited: tag (20 << 3) | 2 = 162, a two-byte varint. */
const COMMAND_ACK_TAG = [0xa2, 0x01];

/** A logged-in session driven with raw frames: responses are matched by request id here, not by promises. */
export class LoadSession {
  private nextRequestId = 2; // 1 was the login
  private nextClientOrderId = 1;
  private lastResting = 0;
  private step = 0;
  /** Send time (ms, performance clock) by request id, for requests in flight (an IntMap: a churning Map is GC work, see IntMap). */
  private readonly sentAt = new IntMap<number>(256);
  /** When each request in flight actually went out (the generator may be late for its schedule). */
  private readonly wentAt = new IntMap<number>(256);
  acked = 0;
  errors = 0;
  /** Where acks are recorded while a run measures (shared by all sessions); none during warm-up. */
  recording: Recording | undefined;
  onAck: () => void = () => undefined;

  constructor(
    readonly socket: RawFrameSocket,
    private readonly seriesIds: readonly number[],
    private readonly index: number,
  ) {
    // Like a latency-minded trading client, read only what is needed: the request id
    // (field 1, first when non-zero) and which body follows (CommandAck or Error).
    socket.onFrame = (data, start, end) => {
      if (data[start] !== 0x08) return; // request id 0: unsolicited
      let requestId = 0;
      let shift = 0;
      let i = start + 1;
      for (; i < end; i++) {
        const b = data[i]!;
        requestId += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (b < 0x80) break;
      }
      const sent = this.sentAt.get(requestId);
      if (sent === undefined) return;
      const went = this.wentAt.get(requestId)!;
      this.sentAt.delete(requestId);
      this.wentAt.delete(requestId);
      if (data[i + 1] === COMMAND_ACK_TAG[0] && data[i + 2] === COMMAND_ACK_TAG[1]) this.acked++;
      else this.errors++;
      if (this.recording !== undefined) {
        const now = performance.now();
        this.recording.latencyMs.push(now - sent);
        this.recording.fromSendMs.push(now - went);
      }
      this.onAck();
    };
  }

  /** Opens a session on /v1/trade and logs in with the wallet's signature of the challenge. */
  static async open(port: number, wallet: Wallet, seriesIds: readonly number[], index: number): Promise<LoadSession> {
    const socket = await RawFrameSocket.connect(port, '/v1/trade');
    // The next frame that is not a heartbeat: on a busy machine a login can take longer than the server's heartbeat interval.
    const next = (): Promise<patx.v1.IServerFrame> =>
      new Promise((resolve) => {
        socket.onFrame = (data, start, end) => {
          const frame = wire.ServerFrame.decode(data.subarray(start, end));
          if (frame.heartbeat == null) resolve(frame);
        };
      });
    const challenge = (await next()).challenge;
    if (challenge == null) throw new Error('expected a login challenge first');
    const signature = getBytes(await wallet.signMessage(signInMessageFor(challenge, wallet.address, `127.0.0.1:${port}`)));
    const login = wire.ClientFrame.encode({ requestId: 1, login: { address: wallet.address, signature } }).finish();
    const reply = next();
    socket.queue(login);
    socket.flush();
    const answer = await reply;
    if (answer.loginAccepted == null) throw new Error(`login refused: ${JSON.stringify(answer)}`);
    return new LoadSession(socket, seriesIds, index);
  }

  get inFlight(): number {
    return this.sentAt.size;
  }

  /**
   * Queues the next order of the mix (sent at the next `socket.flush()`);
   * `scheduledAt` is when it should have gone (open-loop latency).
   */
  queueNext(scheduledAt = performance.now()): void {
    const requestId = this.nextRequestId++;
    const seriesId = this.seriesIds[(this.index + this.step) % this.seriesIds.length]!;
    const phase = this.step++ % 5;
    let frame: FrameWriter;
    if (phase === 4) {
      frame = encodeNewOrder(requestId, { seriesId, clientOrderId: this.nextClientOrderId++, side: wire.Side.BUY, priceMicros: BENCH_ASK_MICROS, qty: 1, timeInForce: wire.TimeInForce.IOC });
    } else if (phase % 2 === 0 || this.lastResting === 0) {
      this.lastResting = this.nextClientOrderId++;
      frame = encodeNewOrder(requestId, { seriesId, clientOrderId: this.lastResting, side: wire.Side.BUY, priceMicros: BENCH_BID_MICROS - 1_000 * (1 + (this.step % 50)), qty: 1 + (this.step % 3), timeInForce: 0 });
    } else {
      frame = encodeCancelByClientId(requestId, this.lastResting);
      this.lastResting = 0;
    }
    this.sentAt.set(requestId, scheduledAt);
    this.wentAt.set(requestId, performance.now());
    this.socket.queue(frame.buffer, frame.length);
  }

  close(): Promise<void> {
    return this.socket.close();
  }
}

export async function openSessions(port: number, count: number, seriesIds: readonly number[], firstWallet = 0): Promise<LoadSession[]> {
  checkOrderFrames();
  const sessions: LoadSession[] = [];
  for (let i = 0; i < count; i++) sessions.push(await LoadSession.open(port, benchWallet(firstWallet + i), seriesIds, i));
  // Each new account is funded by the bench server right after it opens.
  await new Promise((r) => setTimeout(r, 300));
  return sessions;
}

export interface RunResult {
  offeredPerSec: number;
  ackedPerSec: number;
  /** Requests answered with an error during this run (warm-up and drain included). */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** How late the generator itself sent orders (p99, ms after their scheduled time): its share of the latency. */
  sendLateP99Ms: number;
  /** Latency from each order's actual send time (p50, p99): what the server and loopback add. */
  fromSendP50Ms: number;
  fromSendP99Ms: number;
}

/**
 * Samples (ms) in a preallocated Float64Array. Growing JS arrays of latencies were
 * most of what the generator's young GCs had to copy (they survive until promoted),
 * and its GC pauses showed up as latency.
 */
class Samples {
  private values: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  push(value: number): void {
    if (this.count === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = value;
  }

  sorted(): Float64Array {
    return this.values.slice(0, this.count).sort();
  }
}

/** What one measured run records, shared by its sessions. */
class Recording {
  /** From each order's scheduled send time to its ack (open loop). */
  readonly latencyMs: Samples;
  /** From the actual send: the server and loopback's share, without the generator's lateness. */
  readonly fromSendMs: Samples;
  /** How late the generator sent each order (fixed rates only). */
  readonly sendLateMs: Samples;

  constructor(expectedOrders: number) {
    this.latencyMs = new Samples(expectedOrders);
    this.fromSendMs = new Samples(expectedOrders);
    this.sendLateMs = new Samples(expectedOrders);
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const errorsSoFar = (sessions: LoadSession[]): number => sessions.reduce((n, s) => n + s.errors, 0);

function summarize(sessions: LoadSession[], recording: Recording, seconds: number, offeredPerSec: number, ackedBefore: number, errorsBefore: number): RunResult {
  const all = recording.latencyMs.sorted();
  const fromSend = recording.fromSendMs.sorted();
  const late = recording.sendLateMs.sorted();
  const acked = sessions.reduce((n, s) => n + s.acked, 0) - ackedBefore;
  return {
    offeredPerSec,
    ackedPerSec: Math.round(acked / seconds),
    errors: errorsSoFar(sessions) - errorsBefore,
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    p999Ms: percentile(all, 0.999),
    maxMs: all.length > 0 ? all[all.length - 1]! : NaN,
    sendLateP99Ms: percentile(late, 0.99),
    fromSendP50Ms: percentile(fromSend, 0.5),
    fromSendP99Ms: percentile(fromSend, 0.99),
  };
}

async function drain(sessions: LoadSession[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (sessions.some((s) => s.inFlight > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

function record(sessions: LoadSession[], recording: Recording | undefined): void {
  for (const s of sessions) s.recording = recording;
}

/** A word nobody writes to: Atomics.wait on it is a sleep of a given fraction of a millisecond. */
const NAP = new Int32Array(new SharedArrayBuffer(4));
const NAP_MS = 0.1;

/**
 * Open loop at `ratePerSec` for `seconds` (after `warmupMs` unrecorded, 1 s unless told: 0 records a
 * cold server's first orders), round-robin over sessions.
 */
export async function runFixedRate(sessions: LoadSession[], ratePerSec: number, seconds: number, warmupMs = 1_000): Promise<RunResult> {
  record(sessions, undefined);
  const errorsBefore = errorsSoFar(sessions);
  const recording = new Recording(Math.ceil(ratePerSec * seconds * 1.1) + 1_000);
  let sent = 0;
  let ackedAtStart = 0;
  const start = performance.now();
  const endMs = warmupMs + seconds * 1_000;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsed = performance.now() - start;
      if (elapsed >= endMs) return resolve();
      if (sessions[0]!.recording === undefined && elapsed >= warmupMs) {
        record(sessions, recording);
        ackedAtStart = sessions.reduce((n, s) => n + s.acked, 0);
      }
      const due = Math.floor((Math.min(elapsed, endMs) * ratePerSec) / 1_000);
      // Cap one burst so a stall does not turn into an unbounded flood.
      if (sent < due) {
        const now = performance.now();
        const measuring = sessions[0]!.recording !== undefined;
        for (let budget = 5_000; sent < due && budget > 0; budget--) {
          const scheduledAt = start + (sent * 1_000) / ratePerSec;
          sessions[sent % sessions.length]!.queueNext(scheduledAt);
          if (measuring) recording.sendLateMs.push(now - scheduledAt);
          sent++;
        }
        for (const s of sessions) s.socket.flush();
      }
      // Node's timers cannot wait less than 1 ms, and orders sent in 1 ms bursts arrive up to
      // 1 ms late by construction; spinning would take a core from the server. So: let I/O
      // (the acks) run, then sleep 0.1 ms off the CPU, then send what has come due.
      setImmediate(napThenTick);
    };
    const napThenTick = (): void => {
      Atomics.wait(NAP, 0, 0, NAP_MS);
      tick();
    };
    tick();
  });
  await drain(sessions);
  record(sessions, undefined);
  return summarize(sessions, recording, seconds, ratePerSec, ackedAtStart, errorsBefore);
}

/** Flat out: each session keeps `window` orders in flight for `seconds` (after a 1 s warm-up). */
export async function runMax(sessions: LoadSession[], window: number, seconds: number): Promise<RunResult> {
  record(sessions, undefined);
  const errorsBefore = errorsSoFar(sessions);
  const recording = new Recording(400_000 * seconds);
  let running = true;
  for (const s of sessions) {
    s.onAck = () => {
      if (running && s.inFlight < window) s.queueNext(); // the socket flushes after the chunk of acks
    };
    for (let i = 0; i < window; i++) s.queueNext();
    s.socket.flush();
  }
  await new Promise((r) => setTimeout(r, 1_000));
  record(sessions, recording);
  const ackedAtStart = sessions.reduce((n, s) => n + s.acked, 0);
  await new Promise((r) => setTimeout(r, seconds * 1_000));
  record(sessions, undefined);
  const result = summarize(sessions, recording, seconds, NaN, ackedAtStart, errorsBefore);
  running = false;
  for (const s of sessions) s.onAck = () => undefined;
  await drain(sessions);
  // Errors answered while the window drains belong to this run too.
  return { ...result, errors: errorsSoFar(sessions) - errorsBefore };
}
