/**
 * `patx cluster up|status|down`: the replicated deployment on one machine, to try it
 * (docs/replication.md, "A trial on one machine"). Three nats-servers with JetStream (clients
 * and routes over TLS), three exchange nodes a, b, c and one market-data edge, each a process
 * of its own in the background (not children of this command: `up` returns and they run on),
 * every port on 127.0.0.1, every server over TLS with certificates from a CA made here
 * (cluster-tls.ts). Their stores, logs and pids are under one directory (./data-cluster);
 * `cluster.json` there lists what `up` started, and `down` and `status` read it.
 *
 * Ports from one base (default 8600; npm start's 84xx and the sandbox's 85xx are left alone):
 * a +0 (HTTPS, wss order entry) and +1 (wss market data), b +10/+11, c +20/+21, the edge +30
 * (HTTPS: its health and metrics) and +31 (wss market data), the nats-servers' clients +40..+42
 * and routes +50..+52.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATS_SERVER, waitForJetStream } from '../replication/local-cluster.js';
import { ensureClusterTls } from './cluster-tls.js';
import { setTimeout as sleep } from 'node:timers/promises';

const EXCHANGE_NODES = ['a', 'b', 'c'] as const;
const NATS_NODES = ['n1', 'n2', 'n3'] as const;

export class ClusterError extends Error {
  override readonly name = 'ClusterError';
}

type Kind = 'nats' | 'exchange' | 'edge';

/** One process `up` started, as cluster.json keeps it. */
export interface ClusterProcess {
  name: string;
  kind: Kind;
  pid: number;
  log: string;
  /** Found in /proc/<pid>/cmdline or environ: a pid reused by another program is never signalled. */
  marker: string;
  /** The exchange node's gateway (HTTPS, order entry); the edge's status port (HTTPS: health, metrics); the nats-server's client URL. */
  url?: string;
  /** wss market data (exchange nodes and the edge). */
  marketDataUrl?: string;
}

export interface ClusterRecord {
  dir: string;
  basePort: number;
  ca: string;
  operatorToken: string;
  servers: string[];
  processes: ClusterProcess[];
}

/** What `status` finds of one process. */
export interface ProcessStatus extends ClusterProcess {
  running: boolean;
  /** An exchange node's role by its /healthz: leader, standby, or unreachable; the edge's readiness by its /readyz: ready, not ready (why), or unreachable. */
  role?: string;
}

export interface ClusterStatus {
  dir: string;
  leader: string | null;
  ca: string;
  processes: ProcessStatus[];
}

interface Layout {
  nats: Array<{ name: string; client: number; route: number }>;
  exchange: Array<{ name: string; port: number; marketDataPort: number }>;
  edge: { name: string; port: number; marketDataPort: number };
}

function layout(base: number): Layout {
  return {
    nats: NATS_NODES.map((name, i) => ({ name, client: base + 40 + i, route: base + 50 + i })),
    exchange: EXCHANGE_NODES.map((name, i) => ({ name, port: base + 10 * i, marketDataPort: base + 10 * i + 1 })),
    edge: { name: 'edge', port: base + 30, marketDataPort: base + 31 },
  };
}

function portsOf(l: Layout): number[] {
  return [...l.nats.flatMap((n) => [n.client, n.route]), ...l.exchange.flatMap((e) => [e.port, e.marketDataPort]), l.edge.port, l.edge.marketDataPort];
}

/** The checkout this CLI runs from (src/cli or dist/cli/<build>): where bin/start.js is. */
function checkoutRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'bin', 'start.js'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new ClusterError('bin/start.js not found above the CLI: run it from a PATX checkout');
    dir = up;
  }
  return dir;
}

/** npm start's node flags, from package.json, so a node runs as `npm start` runs it. */
function startFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const m = /^node (.*)bin\/start\.js$/.exec(pkg.scripts?.start ?? '');
  return m === null ? [] : m[1]!.trim().split(/\s+/).filter((f) => f !== '');
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A secret kept under the cluster's dir (0600), made once: a second `up` keeps the same operator token and grant key. */
function secret(file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = make();
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}

function recordFile(dir: string): string {
  return path.join(dir, 'cluster.json');
}

function readRecord(dir: string): ClusterRecord | undefined {
  const file = recordFile(dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterRecord) : undefined;
}

function writeRecord(r: ClusterRecord): void {
  writeFileSync(recordFile(r.dir), JSON.stringify(r, null, 2) + '\n', { mode: 0o600 });
}

/** The process is alive and still the one `up` started (its command line or environment holds the marker). */
export function isOurs(p: ClusterProcess): boolean {
  try {
    process.kill(p.pid, 0); // not isRunning: a pid we may not signal (EPERM) is not one `up` started; a zombie fails the marker below
  } catch {
    return false;
  }
  for (const f of ['cmdline', 'environ']) {
    try {
      if (readFileSync(`/proc/${p.pid}/${f}`, 'utf8').split('\0').includes(p.marker)) return true;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return false;
}

function lastLines(file: string, n = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/** A JSON answer over HTTPS trusting only the cluster's CA; undefined when nothing answers. */
export function getJson(url: string, ca: string): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  return new Promise((resolve) => {
    const req = https.get(url, { ca: readFileSync(ca), timeout: 2000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** Started in the background, its output appended to its log, in a process group of its own (a Ctrl-C at this terminal does not reach it). */
function startProcess(command: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; log: string }): number {
  const fd = openSync(o.log, 'a');
  try {
    const child = spawn(command, args, { cwd: o.cwd, env: o.env, detached: true, stdio: ['ignore', fd, fd] });
    // A command that cannot run (ENOENT) has no pid and reports it as an 'error' event later: said here instead.
    child.on('error', () => undefined);
    if (child.pid === undefined) throw new ClusterError(`${command} did not start (${command === NATS_SERVER ? 'apt-get install nats-server' : 'see ' + o.log})`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, watched: readonly ClusterProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    const dead = watched.find((p) => !isOurs(p));
    if (dead !== undefined) throw new ClusterError(`${dead.name} exited while waiting for ${what}; its log (${dead.log}) ends:\n${lastLines(dead.log)}`);
    if (Date.now() > deadline) throw new ClusterError(`timed out waiting for ${what}; the logs are under ${path.dirname(watched[0]?.log ?? '.')}`);
    await sleep(250);
  }
}

async function roleOf(p: ClusterProcess, ca: string): Promise<string> {
  const r = await getJson(`${p.url}/healthz`, ca);
  return typeof r?.body['role'] === 'string' ? r.body['role'] : 'unreachable';
}

/** The edge's readiness, as a load balancer in front of edges reads it. */
async function edgeReadiness(p: ClusterProcess, ca: string): Promise<string> {
  const r = await getJson(`${p.url}/readyz`, ca);
  if (r === undefined) return 'unreachable';
  if (r.status === 200) return 'ready';
  const lag = r.body['lagSeqs'];
  return typeof lag === 'number' ? `not ready, ${lag} behind` : 'not ready';
}

/** What a started cluster prints: where everything is. */
export interface ClusterUp {
  dir: string;
  leader: string | null;
  /** The processes this `up` started: all of them, or those found stopped in a cluster already up. */
  started: string[];
  ca: string;
  operatorToken: string;
  servers: string[];
  nodes: Array<{ name: string; url: string; marketDataUrl: string; pid: number; log: string }>;
  edge: { url: string; marketDataUrl: string; pid: number; log: string };
}

/** How to start one process of the cluster; the same at every `up`, so a stopped one starts again as it ran. */
interface Launch {
  name: string;
  kind: Kind;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  marker: string;
  url?: string;
  marketDataUrl?: string;
}

interface Plan {
  record: Omit<ClusterRecord, 'processes'>;
  launches: Launch[];
}

/** The certificates, secrets and nats configs (made once, kept after) and how each process starts. */
function plan(dir: string, basePort: number): Plan {
  const l = layout(basePort);
  const root = checkoutRoot();
  for (const sub of ['logs', 'nats']) mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });
  const tls = ensureClusterTls(path.join(dir, 'tls'), [...NATS_NODES, ...EXCHANGE_NODES, l.edge.name]);
  const operatorToken = secret(path.join(dir, 'operator-token'), () => randomBytes(24).toString('base64url'));
  const grantKey = secret(path.join(dir, 'grant-signer-key'), () => '0x' + randomBytes(32).toString('hex'));
  const servers = l.nats.map((n) => `tls://127.0.0.1:${n.client}`);
  const launches: Launch[] = l.nats.map((n) => {
    const store = path.join(dir, 'nats', n.name);
    mkdirSync(store, { recursive: true });
    const cert = tls.certificates[n.name]!;
    const tlsBlock = `tls { cert_file: "${cert.cert}", key_file: "${cert.key}", ca_file: "${tls.ca}", timeout: 5 }`;
    const routes = l.nats.filter((o) => o !== n).map((o) => `nats-route://127.0.0.1:${o.route}`);
    const config = path.join(dir, 'nats', `${n.name}.conf`);
    writeFileSync(
      config,
      [
        `server_name: ${n.name}`,
        `listen: 127.0.0.1:${n.client}`,
        tlsBlock,
        `jetstream { store_dir: "${store}", max_memory_store: 268435456, max_file_store: 8589934592 }`,
        `cluster { name: patx, listen: 127.0.0.1:${n.route}, routes: [${routes.join(', ')}], ${tlsBlock} }`,
        '',
      ].join('\n'),
    );
    return { name: n.name, kind: 'nats', command: NATS_SERVER, args: ['-c', config], cwd: dir, env: process.env, marker: config, url: `tls://127.0.0.1:${n.client}` };
  });
  const flags = startFlags(root);
  const node = (name: string, kind: Kind, extra: Record<string, string>, urls: { url?: string; marketDataUrl: string }): Launch => {
    const cert = tls.certificates[name]!;
    const dataDir = path.join(dir, name);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATX_DATA_DIR: dataDir,
      PATX_REPLICATION_SERVERS: servers.join(','),
      PATX_REPLICATION_NODE: name,
      PATX_GRANT_SIGNER_KEY: grantKey,
      PATX_OPERATOR_TOKEN: operatorToken,
      PATX_TLS_CERT: cert.cert,
      PATX_TLS_KEY: cert.key,
      // The nats client and anything else in the node trusts the local CA.
      NODE_EXTRA_CA_CERTS: tls.ca,
      PATX_HOST: '127.0.0.1',
      // A replicated group settles on one chain named in its config (docs/replication.md); the demo and the provider server stay off in a trial.
      PATX_SETTLEMENT: 'off',
      PATX_DEMO: 'off',
      PATX_PROVIDER_SERVER: 'off',
      ...extra,
    };
    return { name, kind, command: process.execPath, args: [...flags, 'bin/start.js'], cwd: root, env, marker: `PATX_DATA_DIR=${dataDir}`, ...urls };
  };
  for (const e of l.exchange) {
    launches.push(node(e.name, 'exchange', { PATX_ROLE: 'exchange', PATX_PORT: String(e.port), PATX_MARKET_DATA_PORT: String(e.marketDataPort) }, { url: `https://127.0.0.1:${e.port}`, marketDataUrl: `wss://127.0.0.1:${e.marketDataPort}/v1/market` }));
  }
  launches.push(node(l.edge.name, 'edge', { PATX_ROLE: 'edge', PATX_PORT: String(l.edge.port), PATX_MARKET_DATA_PORT: String(l.edge.marketDataPort) }, { url: `https://127.0.0.1:${l.edge.port}`, marketDataUrl: `wss://127.0.0.1:${l.edge.marketDataPort}/v1/market` }));
  return { record: { dir, basePort, ca: tls.ca, operatorToken, servers }, launches };
}

/** One process started; returns it with the size its log had, so a wait reads only what this run printed. */
function launch(dir: string, x: Launch): { p: ClusterProcess; logFrom: number } {
  const log = path.join(dir, 'logs', `${x.name}.log`);
  const logFrom = existsSync(log) ? statSync(log).size : 0;
  const pid = startProcess(x.command, x.args, { cwd: x.cwd, env: x.env, log });
  const p: ClusterProcess = { name: x.name, kind: x.kind, pid, log, marker: x.marker, ...(x.url === undefined ? {} : { url: x.url }), ...(x.marketDataUrl === undefined ? {} : { marketDataUrl: x.marketDataUrl }) };
  return { p, logFrom };
}

function logSince(file: string, from: number): string {
  try {
    return readFileSync(file).subarray(from).toString('utf8');
  } catch {
    return '';
  }
}

/**
 * Starts everything and waits until one node leads, the others follow and the edge serves.
 * With a cluster already up under dir, starts again only what stopped (a node killed to see a
 * failover comes back as a standby). A failure on the way takes down what this `up` started
 * and says which process failed, with its log's end.
 */
export async function clusterUp(dirArg: string, basePort: number, timeoutMs = 180_000): Promise<ClusterUp> {
  const dir = path.resolve(dirArg);
  const before = readRecord(dir);
  const kept = before?.processes.filter(isOurs) ?? [];
  if (before !== undefined && kept.length === before.processes.length) throw new ClusterError(`a cluster is already up under ${dirArg} (./patx cluster status; ./patx cluster down)`);
  const restart = before !== undefined && kept.length > 0;
  if (!restart) {
    for (const port of portsOf(layout(basePort))) if (!(await portFree(port))) throw new ClusterError(`port ${port} on 127.0.0.1 is taken (the cluster uses ${basePort}–${basePort + 52}; --base-port moves it)`);
  }
  // A restart keeps the ports it was started on (its nats configs name them).
  const { record: base, launches } = plan(dir, restart ? before.basePort : basePort);
  const record: ClusterRecord = { ...base, processes: restart ? [...kept] : [] };
  const ca = base.ca;
  const started: Array<{ p: ClusterProcess; logFrom: number }> = [];
  const start = (x: Launch): { p: ClusterProcess; logFrom: number } => {
    const s = launch(dir, x);
    started.push(s);
    // In the launches' order, whatever stopped: nats first, then a, b, c, the edge.
    record.processes = launches.map((l) => (l.name === x.name ? s.p : record.processes.find((p) => p.name === l.name))).filter((p): p is ClusterProcess => p !== undefined);
    writeRecord(record);
    return s;
  };
  const toStart = launches.filter((x) => !kept.some((p) => p.name === x.name));
  try {
    const nats = toStart.filter((x) => x.kind === 'nats').map(start);
    const listening = (s: { p: ClusterProcess; logFrom: number }): boolean => logSince(s.p.log, s.logFrom).includes(`Listening for client connections on ${s.p.url!.replace('tls://', '')}`);
    await waitFor('the nats-servers to listen', () => nats.every(listening), nats.map((s) => s.p), 30_000);
    await waitForJetStream(base.servers, 3, Date.now() + 60_000, { caFile: ca }).catch((error: unknown) => {
      throw new ClusterError(`JetStream did not answer over TLS: ${(error as Error).message}; the logs are under ${path.join(dir, 'logs')}`);
    });
    const running = (): ClusterProcess[] => record.processes;
    const nodes = toStart.filter((x) => x.kind !== 'nats');
    const exchangeRunning = kept.some((p) => p.kind === 'exchange');
    // With no exchange node running, the first starts alone: it compiles the service if a source changed, creates the streams and takes the lease; the others then start at once as standbys.
    if (!exchangeRunning && nodes[0]?.kind === 'exchange') {
      const first = start(nodes.shift()!);
      await waitFor(`node ${first.p.name} to lead`, async () => (await roleOf(first.p, ca)) === 'leader', running(), timeoutMs);
    }
    const rest = nodes.map(start);
    for (const s of rest) {
      if (s.p.kind === 'exchange') await waitFor(`node ${s.p.name} to follow`, async () => ['standby', 'leader'].includes(await roleOf(s.p, ca)), running(), timeoutMs);
      else await waitFor(`the ${s.p.name} to serve`, async () => logSince(s.p.log, s.logFrom).includes('market-data edge serving') && (await edgeReadiness(s.p, ca)) === 'ready', running(), timeoutMs);
    }
  } catch (error) {
    await stopProcesses({ ...record, processes: started.map((s) => s.p) });
    throw error;
  }
  const roles = await Promise.all(record.processes.map(async (p) => (p.kind === 'exchange' ? roleOf(p, ca) : '')));
  const edge = record.processes.find((p) => p.kind === 'edge')!;
  return {
    dir,
    leader: record.processes.find((_, i) => roles[i] === 'leader')?.name ?? null,
    started: started.map((s) => s.p.name),
    ca,
    operatorToken: base.operatorToken,
    servers: base.servers,
    nodes: record.processes.filter((p) => p.kind === 'exchange').map((p) => ({ name: p.name, url: p.url!, marketDataUrl: p.marketDataUrl!, pid: p.pid, log: p.log })),
    edge: { url: edge.url!, marketDataUrl: edge.marketDataUrl!, pid: edge.pid, log: edge.log },
  };
}

async function exited(p: ClusterProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isOurs(p)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Stops the nodes and the edge (SIGINT: a leader ships what is left and hands the lease over), then the nats-servers (SIGTERM); SIGKILL for one that does not stop. */
async function stopProcesses(r: ClusterRecord): Promise<Array<{ name: string; pid: number; stopped: 'clean' | 'killed' | 'not running' }>> {
  const out: Array<{ name: string; pid: number; stopped: 'clean' | 'killed' | 'not running' }> = [];
  const stopAll = async (ps: ClusterProcess[], signal: NodeJS.Signals, graceMs: number): Promise<void> => {
    const running = ps.filter(isOurs);
    for (const p of ps) if (!running.includes(p)) out.push({ name: p.name, pid: p.pid, stopped: 'not running' });
    for (const p of running) process.kill(p.pid, signal);
    await Promise.all(
      running.map(async (p) => {
        if (await exited(p, graceMs)) return void out.push({ name: p.name, pid: p.pid, stopped: 'clean' });
        if (isOurs(p)) process.kill(p.pid, 'SIGKILL');
        await exited(p, 5000);
        out.push({ name: p.name, pid: p.pid, stopped: 'killed' });
      }),
    );
  };
  // Standbys and the edge first, then the leader: the leader's lease is not handed to a node about to stop.
  const nodes = r.processes.filter((p) => p.kind !== 'nats');
  const leaders = await Promise.all(nodes.map(async (p) => p.kind === 'exchange' && isOurs(p) && (await roleOf(p, r.ca)) === 'leader'));
  await stopAll(nodes.filter((_, i) => !leaders[i]), 'SIGINT', 30_000);
  await stopAll(nodes.filter((_, i) => leaders[i]), 'SIGINT', 30_000);
  await stopAll(r.processes.filter((p) => p.kind === 'nats'), 'SIGTERM', 10_000);
  return out;
}

/** Stops what `up` started under dir; its data stays (a later `up` starts from it; remove the dir to start afresh). */
export async function clusterDown(dirArg: string): Promise<Array<{ name: string; pid: number; stopped: string }>> {
  const dir = path.resolve(dirArg);
  const r = readRecord(dir);
  if (r === undefined) throw new ClusterError(`no cluster was started under ${dirArg} (no cluster.json there)`);
  const out = await stopProcesses(r);
  rmSync(recordFile(dir), { force: true });
  return out;
}

export async function clusterStatus(dirArg: string): Promise<ClusterStatus> {
  const dir = path.resolve(dirArg);
  const r = readRecord(dir);
  if (r === undefined) throw new ClusterError(`no cluster is up under ${dirArg} (./patx cluster up)`);
  const processes = await Promise.all(
    r.processes.map(async (p): Promise<ProcessStatus> => {
      const running = isOurs(p);
      if (p.kind === 'nats') return { ...p, running };
      // A cluster.json of an older version has no edge status port.
      if (p.kind === 'edge' && p.url === undefined) return { ...p, running };
      return { ...p, running, role: !running ? 'stopped' : p.kind === 'exchange' ? await roleOf(p, r.ca) : await edgeReadiness(p, r.ca) };
    }),
  );
  return { dir, leader: processes.find((p) => p.role === 'leader')?.name ?? null, ca: r.ca, processes };
}
