/**
 * Market data from edges (issue 24): the leader's CPU per command without and with three
 * market-data edges (`PATX_ROLE=edge`, each its own `src/main.ts` process following the
 * replicated stream) serving SUBSCRIBERS connections between them (book channel of the
 * workload's series, raw sockets in a process per edge: bench/support/subscribers.ts).
 * The leader is this process: the engine bench's workload through the Sequencer, its LMDB
 * journal and the replicated stream ('local' acks), on a three-node nats-server cluster on
 * 127.0.0.1.
 *
 *   npm run bench:edges        # SUBSCRIBERS=10000 COMMANDS=100000 TURN=200 RUNS=5 PIN=on
 *
 * Each round feeds COMMANDS commands in turns of TURN (a turn enqueued at once, the next
 * when it is acknowledged and shipped), so the leader's turns are the same size whatever
 * else runs: on 2 shared cores, contention would otherwise merge turns and lower the cost
 * per command, which is not the edges' doing. The variants alternate round by round: the
 * edges and their subscribers are stopped (SIGSTOP) for the rounds without, and run (SIGCONT,
 * then caught up) for the rounds with. At the end each subscriber process reports what its
 * connections received (frames, bytes, connections cut).
 *
 * Figure: the leader's CPU (user + system of this whole process, /proc) per command in each
 * variant, and with ÷ without per round (target: within 5%). Everything shares the
 * machine's 2 cores, so the leader's wall-clock speed is not the figure; its CPU is.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Journal, recover, Sequencer, type Command } from '../src/engine/index.js';
import { freePort } from '../src/runtime/free-port.js';
import { ensureStream, REPLICATION_DEFAULTS, startLocalCluster, takeThePen } from '../src/replication/index.js';
import { removeDir } from '../test/support/exchange-fixture.js';
import { fmt, loadavg, median, reportFigure, stat } from './support/figures.js';
import { processCpuMs } from './support/load.js';
import { generateWorkload, WORKLOAD_START_MS } from './workload.js';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 10_000);
const COMMANDS = Number(process.env.COMMANDS ?? 100_000);
const TURN = Number(process.env.TURN ?? 200);
const RUNS = Number(process.env.RUNS ?? 5);
const EDGES = 3;
const ROOT = path.resolve(import.meta.dirname, '..');

console.log(`bench:edges ${new Date().toISOString()}; node ${process.version}; load average at start ${loadavg()}; ${SUBSCRIBERS} subscribers over ${EDGES} edges, ${COMMANDS} commands a round in turns of ${TURN}, ${RUNS} rounds of each variant`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-bench-edges-'));
// Pinned (PIN=on, with 2 cores or more): the nats-servers, the edges and their subscribers on
// core 1 (they inherit this process's affinity while it is there), then the leader alone on
// core 0 for the rounds. Edges are meant for other machines; on one machine, sharing a core
// with eight processes would be charged to the leader's cost per command.
const PIN = (process.env.PIN ?? 'on') === 'on' && os.availableParallelism() >= 2;
const pinTo = (core: number): void => void execFileSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
if (PIN) pinTo(1);
const cluster = await startLocalCluster();
const nc = await connect({ servers: cluster.servers });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
const names = { stream: REPLICATION_DEFAULTS.stream, subject: REPLICATION_DEFAULTS.subject };
await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 2 * 2 ** 30 });
const journal = Journal.open(path.join(dir, 'leader'), { durability: 'commit' });
const { engine } = recover(journal);
const leadership = await takeThePen({ js, jsm, names, journal, node: 'bench', epoch: 1, ack: 'local', window: 64, retryMs: 50, onFenced: (e) => console.error(e.message) });
// The engine's own time per turn: apply() timed command by command (the same overhead in both variants).
let applyNs = 0n;
const apply = engine.apply.bind(engine);
engine.apply = (...args: Parameters<typeof engine.apply>): ReturnType<typeof engine.apply> => {
  const t0 = process.hrtime.bigint();
  try {
    return apply(...args);
  } finally {
    applyNs += process.hrtime.bigint() - t0;
  }
};
const sequencer = new Sequencer(engine, leadership.journal, () => WORKLOAD_START_MS, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
const workload = generateWorkload(COMMANDS * (2 * RUNS + 2), 42); // two warm-ups and RUNS rounds of each variant
await Promise.all(workload.setup.map((c) => sequencer.submit(c)));
let next = 0;

/**
 * Feeds the next COMMANDS ops in turns of TURN. Returns the leader's CPU per command (µs; the
 * whole process, shipping included) and the engine's time per command in the median turn
 * (ns; a turn the scheduler interrupted is an outlier, not the median).
 */
async function feed(): Promise<{ cpuUs: number; engineNs: number }> {
  const cmds: Command[] = workload.ops.slice(next, next + COMMANDS);
  next += COMMANDS;
  const turns: number[] = [];
  const before = processCpuMs(process.pid);
  for (let i = 0; i < cmds.length; i += TURN) {
    const turn = cmds.slice(i, i + TURN);
    const applied = applyNs;
    await new Promise<void>((resolve) => {
      let acked = 0;
      for (const c of turn) sequencer.enqueue(c, () => void (++acked === turn.length && resolve()));
    });
    turns.push(Number(applyNs - applied) / turn.length);
  }
  // Shipped too: the shipper's work for these commands is the leader's.
  while (leadership.shipper.lagSeqs > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return { cpuUs: ((processCpuMs(process.pid) - before) * 1_000) / cmds.length, engineNs: median(turns) };
}

function lines(child: ChildProcess, wanted: (line: string) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 120_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (wanted(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`${what}: exited ${code}`)));
  });
}

const edges: ChildProcess[] = [];
const subscriberProcesses: ChildProcess[] = [];
/** Each subscriber process's last report: what its connections received. */
const receipts: Array<{ frames: number; bytes: number; closed: number } | undefined> = [];

async function startEdges(): Promise<void> {
  const per = Math.ceil(SUBSCRIBERS / EDGES);
  // Every subscriber connects from 127.0.0.1: the per-address limits would count them as one client.
  const edgeConfig = path.join(dir, 'edge-config.json');
  writeFileSync(edgeConfig, JSON.stringify({ gateway: { maxConnectionsPerAddress: 1_000_000, connectRateLimitPerAddress: { burst: 1_000_000, perSecond: 1_000_000 }, maxQueuedBytesPerAddress: 2 ** 40 } }));
  for (let e = 0; e < EDGES; e++) {
    const port = await freePort();
    const edge = spawn(process.execPath, ['bin/start.js'], {
      cwd: ROOT,
      env: { ...process.env, PATX_CONFIG: edgeConfig, PATX_ROLE: 'edge', PATX_REPLICATION_SERVERS: cluster.servers.join(','), PATX_REPLICATION_NODE: `edge-${e}`, PATX_DATA_DIR: path.join(dir, `edge-${e}`), PATX_MARKET_DATA_PORT: String(port), PATX_PORT: String(await freePort()), PATX_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    edges.push(edge);
    await lines(edge, (l) => l.includes('market-data edge is running'), `edge ${e}`);
    const subs = spawn(process.execPath, ['--import', 'tsx', 'bench/support/subscribers.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), SUBSCRIBERS: String(Math.min(per, SUBSCRIBERS - e * per)), SERIES_IDS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    subscriberProcesses.push(subs);
    const i = receipts.push(undefined) - 1;
    createInterface({ input: subs.stdout! }).on('line', (line) => {
      if (line.includes('"frames"')) receipts[i] = JSON.parse(line) as { frames: number; bytes: number; closed: number };
    });
    await lines(subs, (l) => l.includes('"ready":true'), `subscribers of edge ${e}`);
  }
}

/** Stops the edges and then their subscribers (nothing is pushed to a stopped reader), or resumes them the other way round. */
function pauseEdges(paused: boolean): void {
  if (paused) for (const p of [...edges, ...subscriberProcesses]) p.kill('SIGSTOP');
  else for (const p of [...subscriberProcesses, ...edges]) p.kill('SIGCONT');
}

/** How a child process ended (its exit code, or the signal that ended it), once it has. */
function exitOf(p: ChildProcess): Promise<string> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve(`${p.exitCode ?? p.signalCode}`);
  return new Promise((resolve) => p.once('exit', (code, signal) => resolve(`${code ?? signal}`)));
}

/** Stops the subscriber processes and waits for their last reports (at most 30 s: one still draining a backlog is left out). */
async function collectReceipts(): Promise<void> {
  await Promise.all(
    subscriberProcesses.map((p) => {
      const exited = exitOf(p);
      p.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 30_000)))]).finally(() => clearTimeout(timer));
    }),
  );
}

try {
  await startEdges();
  if (PIN) pinTo(0);
  console.log(`${EDGES} edges and ${fmt(SUBSCRIBERS)} subscribers ready${PIN ? '; the leader on core 0, the rest on core 1' : ''}`);
  await feed(); // warm-up, with the edges following
  pauseEdges(true);
  await feed(); // warm-up without
  const without: Array<{ cpuUs: number; engineNs: number }> = [];
  const withEdges: Array<{ cpuUs: number; engineNs: number }> = [];
  for (let r = 0; r < RUNS; r++) {
    without.push(await feed());
    pauseEdges(false);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the edges catch up on the round without
    withEdges.push(await feed());
    pauseEdges(true);
    console.log(`round ${r + 1}: leader CPU per command ${without.at(-1)!.cpuUs.toFixed(2)} µs without, ${withEdges.at(-1)!.cpuUs.toFixed(2)} µs with`);
  }
  pauseEdges(false);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await collectReceipts();
  for (const [what, unit, of] of [
    ['leader CPU per command (the whole process)', 'µs', (x: { cpuUs: number }) => x.cpuUs],
    ['engine time per command (median turn)', 'ns', (x: { engineNs: number }) => x.engineNs],
  ] as const) {
    const a = without.map(of);
    const b = withEdges.map(of);
    const ratios = b.map((x, i) => x / a[i]!);
    console.log(`${what}, edges stopped: ${stat(a, (x) => `${x.toFixed(2)} ${unit}`)}`);
    console.log(`${what}, ${EDGES} edges serving ${fmt(SUBSCRIBERS)} subscribers: ${stat(b, (x) => `${x.toFixed(2)} ${unit}`)}`);
    console.log(`${what}, with ÷ without, round by round: ${ratios.map((x) => x.toFixed(3)).join(', ')} (median ${median(ratios).toFixed(3)}; target within 5%)`);
    reportFigure(`${what}, edges stopped`, unit, a, 'lower');
    reportFigure(`${what}, ${EDGES} edges, ${SUBSCRIBERS} subscribers`, unit, b, 'lower');
    reportFigure(`${what}, with edges ÷ without`, '×', ratios, 'lower');
  }
  const got = receipts.filter((x) => x !== undefined);
  const frames = got.reduce((a, x) => a + x.frames, 0);
  console.log(`subscribers received ${fmt(frames)} frames, ${fmt(got.reduce((a, x) => a + x.bytes, 0))} bytes; ${got.reduce((a, x) => a + x.closed, 0)} of ${fmt(SUBSCRIBERS)} connections cut; ${got.length} of ${EDGES} processes reported`);
} finally {
  pauseEdges(false);
  // A clean stop is part of what is measured: an edge that aborts on SIGTERM shows here.
  const children = [...edges, ...subscriberProcesses];
  const exits = children.map(exitOf);
  for (const c of children) c.kill('SIGTERM');
  console.log(`after SIGTERM the edges and subscriber processes exited with: ${(await Promise.all(exits)).join(', ')}`);
  await sequencer.stop();
  await leadership.shipper.stop();
  await journal.close();
  await nc.close();
  await cluster.stop();
  removeDir(dir);
  console.log(`load average at the end ${loadavg()}`);
}
