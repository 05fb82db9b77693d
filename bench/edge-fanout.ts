/**
 * Market data from edges (issue 24): the leader's CPU per command with no edge, then with
 * three market-data edges (`PATX_ROLE=edge`, each its own `src/main.ts` process following
 * the replicated stream) serving SUBSCRIBERS connections between them (book channel of the
 * workload's series, raw sockets in a process per edge: bench/support/subscribers.ts).
 * The leader is this process: the engine bench's workload through the Sequencer, its LMDB
 * journal and the replicated stream ('local' acks), on a three-node nats-server cluster on
 * 127.0.0.1; its commands are fed at RATE per second, so both variants do the same work.
 *
 *   npm run bench:edges        # SUBSCRIBERS=10000 RATE=20000 SECONDS=5 RUNS=5
 *
 * Not counted here: what the subscribers received (test/replication/edge.test.ts checks
 * that edges serve the leader's books).
 *
 * Figure: the leader's CPU (user + system of this whole process, /proc) per command in each
 * variant, alternating, and with ÷ without per round (target: within 5%). Everything shares
 * the machine's 2 cores, so the leader's wall-clock speed is not the figure; its CPU is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Journal, recover, Sequencer, type Command } from '../src/engine/index.js';
import { freePort } from '../src/free-port.js';
import { ensureStream, REPLICATION_DEFAULTS, startLocalCluster, takeThePen } from '../src/replication/index.js';
import { removeDir } from '../test/support/exchange-fixture.js';
import { fmt, loadavg, median, reportFigure, stat } from './support/figures.js';
import { processCpuMs } from './support/load.js';
import { generateWorkload, WORKLOAD_START_MS } from './workload.js';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 10_000);
const RATE = Number(process.env.RATE ?? 20_000);
const SECONDS = Number(process.env.SECONDS ?? 5);
const RUNS = Number(process.env.RUNS ?? 5);
const EDGES = 3;
const ROOT = path.resolve(import.meta.dirname, '..');

console.log(`bench:edges ${new Date().toISOString()}; node ${process.version}; load average at start ${loadavg()}; ${SUBSCRIBERS} subscribers over ${EDGES} edges, ${RATE} commands/s for ${SECONDS} s, ${RUNS} rounds`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-bench-edges-'));
const cluster = await startLocalCluster();
const nc = await connect({ servers: cluster.servers });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
const names = { stream: REPLICATION_DEFAULTS.stream, subject: REPLICATION_DEFAULTS.subject };
await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 2 * 2 ** 30 });
const journal = Journal.open(path.join(dir, 'leader'), { durability: 'commit' });
const { engine } = recover(journal);
const leadership = await takeThePen({ js, jsm, names, journal, node: 'bench', epoch: 1, ack: 'local', window: 64, retryMs: 50, onFenced: (e) => console.error(e.message) });
const sequencer = new Sequencer(engine, leadership.journal, () => WORKLOAD_START_MS, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
const workload = generateWorkload(RATE * SECONDS * (2 * RUNS + 2), 42) // two warm-ups and RUNS rounds of each variant;
await Promise.all(workload.setup.map((c) => sequencer.submit(c)));
let next = 0;

/** Feeds the next RATE × SECONDS ops at RATE per second (in 10 ms slices); resolves when all are acknowledged. */
async function feed(): Promise<number> {
  const count = RATE * SECONDS;
  const cmds: Command[] = workload.ops.slice(next, next + count);
  next += count;
  let acked = 0;
  const done = new Promise<void>((resolve) => {
    const ack = (): void => {
      if (++acked === cmds.length) resolve();
    };
    const perSlice = RATE / 100;
    let i = 0;
    const t0 = performance.now();
    const tick = (): void => {
      const due = Math.min(cmds.length, Math.floor(((performance.now() - t0) / 10 + 1) * perSlice));
      for (; i < due; i++) sequencer.enqueue(cmds[i]!, ack);
      if (i < cmds.length) setTimeout(tick, 10);
    };
    tick();
  });
  const before = processCpuMs(process.pid);
  await done;
  // Shipped too: the shipper's work for these commands is the leader's.
  while (leadership.shipper.lagSeqs > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return ((processCpuMs(process.pid) - before) * 1_000) / cmds.length; // µs per command
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

const children: ChildProcess[] = [];

async function startEdges(): Promise<void> {
  const per = Math.ceil(SUBSCRIBERS / EDGES);
  for (let e = 0; e < EDGES; e++) {
    const port = await freePort();
    const edge = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PATX_ROLE: 'edge', PATX_REPLICATION_SERVERS: cluster.servers.join(','), PATX_REPLICATION_NODE: `edge-${e}`, PATX_DATA_DIR: path.join(dir, `edge-${e}`), PATX_MARKET_DATA_PORT: String(port), PATX_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(edge);
    await lines(edge, (l) => l.includes('market-data edge is running'), `edge ${e}`);
    const subs = spawn(process.execPath, ['--import', 'tsx', 'bench/support/subscribers.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), SUBSCRIBERS: String(Math.min(per, SUBSCRIBERS - e * per)), SERIES_IDS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(subs);
    await lines(subs, (l) => l.includes('"ready":true'), `subscribers of edge ${e}`);
  }
}

try {
  await feed(); // warm-up
  const without: number[] = [];
  for (let r = 0; r < RUNS; r++) without.push(await feed());
  await startEdges();
  await feed(); // the edges catch up
  const withEdges: number[] = [];
  for (let r = 0; r < RUNS; r++) withEdges.push(await feed());
  const ratios = withEdges.map((x, i) => x / without[i]!);
  console.log(`leader CPU per command, no edge: ${stat(without, (x) => `${x.toFixed(2)} µs`)}`);
  console.log(`leader CPU per command, ${EDGES} edges serving ${fmt(SUBSCRIBERS)} subscribers: ${stat(withEdges, (x) => `${x.toFixed(2)} µs`)}`);
  console.log(`with ÷ without: ${ratios.map((x) => x.toFixed(3)).join(', ')} (median ${median(ratios).toFixed(3)}; target within 5%)`);
  reportFigure('leader CPU per command, no edge', 'µs', without, 'lower');
  reportFigure(`leader CPU per command, ${EDGES} edges, ${SUBSCRIBERS} subscribers`, 'µs', withEdges, 'lower');
  reportFigure('leader CPU per command, with edges ÷ without', '×', ratios, 'lower');
} finally {
  for (const c of children) c.kill('SIGTERM');
  await sequencer.stop();
  await leadership.shipper.stop();
  await journal.close();
  await nc.close();
  await cluster.stop();
  removeDir(dir);
  console.log(`load average at the end ${loadavg()}`);
}
