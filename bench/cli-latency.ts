/**
 * How long `patx --help` and each read-only `patx` command take, end to end: a new
 * process per call, made as the README writes it (`./patx …`; `--via npx` or `--via node` for
 * `npx patx …` or `node bin/patx.js …`), its wall time from
 * spawn to exit. Rounds alternate the commands so that a busy moment of a shared machine
 * lands on all of them; each command's median and range over the rounds, and its median CPU
 * time (user + system, by /usr/bin/time), are printed as a
 * Markdown table (bench/RESULTS.md, "The CLI and the first start").
 *
 *   npx tsx bench/cli-latency.ts [--runs 7] [--data ./data] [--account ID] [--only help,series] [--via script|npx|node] [--bin PATH]
 *
 * The offline commands read --data (default PATX_DATA_DIR or ./data); the operator commands
 * talk to the service at PATX_OPERATOR_URL (default http://127.0.0.1:8480/operator) with its
 * token (PATX_OPERATOR_TOKEN or <data>/operator-token): start it first (`npm start`).
 * --account is a provider's account id for `payouts` and `redemptions` (default 3: the demo provider's
 * on a fresh data directory). --bin times another checkout's bin/patx.js (an earlier commit: `git
 * archive COMMIT | tar -x -C DIR`, with DIR/node_modules a link to this one's).
 * No threshold: it reports, it does not judge.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    data: { type: 'string', default: process.env.PATX_DATA_DIR ?? './data' },
    account: { type: 'string', default: '3' },
    bin: { type: 'string' },
    via: { type: 'string', default: 'script' },
    only: { type: 'string' },
  },
});
const runs = Number(values.runs);
const BIN = values.bin === undefined ? undefined : path.resolve(values.bin);
if (!['script', 'npx', 'node'].includes(values.via)) throw new Error('--via is script (the README\'s ./patx), npx or node');

/**
 * A call as a user types it: the README's `./patx …` by default (issue 77: what is documented is
 * what is timed), `npx patx …` (--via npx) or `node bin/patx.js …` (--via node); --bin: another
 * checkout's bin/patx.js through node.
 */
function invocation(args: readonly string[]): string[] {
  if (BIN !== undefined || values.via === 'node') return [process.execPath, BIN ?? path.join(ROOT, 'bin', 'patx.js'), ...args];
  if (values.via === 'npx') return ['npx', '--no-install', 'patx', ...args];
  return [path.join(ROOT, 'patx'), ...args];
}
const dataDir = path.resolve(values.data);

/** The read-only commands: the offline tools on a data directory, then the operator's reads. */
const COMMANDS: Array<{ name: string; args: string[] }> = [
  { name: 'help', args: ['--help'] },
  { name: 'verify', args: ['verify', '--data', dataDir] },
  { name: 'journal', args: ['journal', '--data', dataDir, '--limit', '20'] },
  { name: 'hash', args: ['hash', '--data', dataDir] },
  { name: 'reconcile', args: ['reconcile', '--data', dataDir] },
  { name: 'payouts', args: ['payouts', '--data', dataDir, '--account', values.account] },
  { name: 'redemptions', args: ['redemptions', '--data', dataDir, '--account', values.account] },
  { name: 'params', args: ['params', 'get'] },
  { name: 'series', args: ['series'] },
  { name: 'kill-status', args: ['kill', 'status'] },
  { name: 'audit', args: ['audit', '--limit', '20'] },
  { name: 'exposure', args: ['exposure'] },
  { name: 'broker', args: ['broker'] },
  { name: 'listings', args: ['listings', 'list'] },
  { name: 'listings-audit', args: ['listings', 'audit'] },
  { name: 'operators', args: ['operators', 'list'] },
  // A wallet's reads at the gateway (PATX_GATEWAY_URL, default http://127.0.0.1:8480): the public book, and the demo consumer's balance (a login).
  { name: 'book', args: ['book', 'AUTO_INTENT|1D|0.70-0.85'] },
  { name: 'balance', args: ['balance', '--dev-key', '6'] },
];

const only = values.only?.split(',');
const commands = only === undefined ? COMMANDS : COMMANDS.filter((c) => only.includes(c.name));

/** /usr/bin/time, when the machine has it: the child's CPU time (user + system) beside its wall time. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = path.join(mkdtempSync(path.join(tmpdir(), 'patx-cli-latency-')), 'cpu');

/**
 * One call: its wall time in ms, its CPU time in ms (NaN without /usr/bin/time) and its exit code.
 * On a loaded machine the wall time waits for a core; the CPU time is close to what the call
 * takes on a quiet one (a little above it: node's background threads count too).
 */
function timeOnce(args: readonly string[]): Promise<{ ms: number; cpuMs: number; code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const command = invocation(args);
    const [file, ...argv] = TIME === undefined ? command : [TIME, '-o', cpuFile, '-f', '%U %S', ...command];
    const started = performance.now();
    const child = spawn(file!, argv, { cwd: ROOT, env: { ...process.env, PATX_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let cpuMs = Number.NaN;
      if (TIME !== undefined) {
        const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        cpuMs = (user! + sys!) * 1000;
      }
      resolve({ ms, cpuMs, code: code ?? 1, stderr });
    });
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const times = new Map<string, number[]>(commands.map((c) => [c.name, []]));
const cpuTimes = new Map<string, number[]>(commands.map((c) => [c.name, []]));
const failures = new Map<string, string>();
const loads: number[] = [];
for (let round = 0; round < runs; round++) {
  loads.push(loadavg()[0]!);
  for (const c of commands) {
    const r = await timeOnce(c.args);
    times.get(c.name)!.push(r.ms);
    cpuTimes.get(c.name)!.push(r.cpuMs);
    if (r.code !== 0) failures.set(c.name, `exit ${r.code}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  }
  process.stderr.write(`round ${round + 1}/${runs} done\n`);
}

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
console.log(`node ${process.version}, ${runs} rounds, load average (1 min) at each round's start ${loads.map((l) => l.toFixed(2)).join(', ')}`);
console.log('');
console.log('| command | wall time, median | range | CPU time (user + system), median |');
console.log('|---|---|---|---|');
for (const c of commands) {
  const xs = times.get(c.name)!;
  const failed = failures.get(c.name);
  const shown = c.args.map((a) => (a === dataDir ? 'DIR' : a)).join(' ');
  console.log(`| \`patx ${shown}\` | ${fmt(median(xs))} | ${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))} | ${fmt(median(cpuTimes.get(c.name)!))}${failed === undefined ? '' : ` (${failed})`} |`);
}
