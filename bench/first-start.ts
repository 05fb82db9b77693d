/**
 * How long a first `npm start` takes to be ready: `npm start` in a checkout (by default
 * this one) with a new, empty data directory and, unless --keep-console, no web/dist (so
 * the console is built as on a fresh clone's first start). From the spawn, the time of each
 * milestone the service logs, up to "PATX is running"; then Ctrl-C (SIGINT) and the next
 * round. Prints one Markdown row per round and the median of "ready". Beside it, the CPU time
 * (user + system) the start's processes had used when it was ready (npm, node with its threads,
 * the chain, and the children they waited for; from /proc): on a loaded machine the wall time waits
 * for a core, the CPU time is closer to what a quiet machine takes (above it: threads add up).
 *
 *   npx tsx bench/first-start.ts [--dir CHECKOUT] [--runs 3] [--port 9250] [--keep-console]
 *
 * The ports are --port and the three after it (gateway, market data, chain, provider server).
 * A fresh clone: `git clone . /tmp/c && (cd /tmp/c && npm ci) && npx tsx bench/first-start.ts --dir /tmp/c --runs 1`
 * (npm ci's own time is not counted; only the start after it).
 * No threshold: it reports, it does not judge.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: path.resolve(import.meta.dirname, '..') },
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '9250' },
    'keep-console': { type: 'boolean', default: false },
  },
});
const dir = path.resolve(values.dir);
const port = Number(values.port);

/** The log lines timed, by their message. */
const MILESTONES = ['building the web console (web/ into web/dist)', 'web console built', 'recovered', 'gateway listening', 'embedded chain (anvil) started', 'PATX is running; Ctrl-C to stop'];

/** CPU seconds (user + system, with waited-for children) of `root` and every process below it, from /proc (Linux; NaN elsewhere). */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return Number.NaN;
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15) cutime(16) cstime(17).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(pid), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const below = (pid: number): void => {
    total += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) below(child);
  };
  below(root);
  return total / 100; // USER_HZ
}

async function oneStart(): Promise<Map<string, number>> {
  if (!values['keep-console']) rmSync(path.join(dir, 'web', 'dist'), { recursive: true, force: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'patx-first-start-'));
  const env = {
    ...process.env,
    PATX_DATA_DIR: dataDir,
    PATX_PORT: String(port),
    PATX_MARKET_DATA_PORT: String(port + 1),
    PATX_CHAIN_PORT: String(port + 2),
    PATX_PROVIDER_PORT: String(port + 3),
  };
  const seen = new Map<string, number>();
  const started = performance.now();
  // Its own process group: Ctrl-C reaches npm, node and the chain together, as in a terminal.
  const child = spawn('npm', ['start', '--silent'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      let msg: string | undefined;
      try {
        msg = (JSON.parse(line) as { msg?: string }).msg;
      } catch {
        continue; // npm's own lines
      }
      if (msg !== undefined && MILESTONES.includes(msg) && !seen.has(msg)) seen.set(msg, performance.now() - started);
      if (msg === MILESTONES.at(-1)) {
        seen.set('cpu', treeCpuSeconds(child.pid!) * 1000);
        break;
      }
    }
  } finally {
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
  return seen;
}

const s = (ms: number | undefined): string => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
console.log(`${dir}, node ${process.version}${values['keep-console'] ? ', web/dist kept' : ', web/dist removed before each start'}`);
console.log('');
console.log(`| round | load (1 min) | ${MILESTONES.map((m) => m.replace(/;.*$/, '').replace(/ \(.*\)$/, '')).join(' | ')} | CPU time by then |`);
console.log(`|---|---|${MILESTONES.map(() => '---|').join('')}---|`);
const ready: number[] = [];
for (let round = 1; round <= Number(values.runs); round++) {
  const load = loadavg()[0]!;
  const seen = await oneStart();
  const r = seen.get(MILESTONES.at(-1)!);
  if (r !== undefined) ready.push(r);
  console.log(`| ${round} | ${load.toFixed(2)} | ${MILESTONES.map((m) => s(seen.get(m))).join(' | ')} | ${s(seen.get('cpu'))} |`);
}
ready.sort((a, b) => a - b);
console.log('');
console.log(`ready (PATX is running), median of ${ready.length}: ${s(ready[ready.length >> 1])}`);
