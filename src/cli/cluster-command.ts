/**
 * `patx cluster up|status|down`: the flags and what each prints. Only commander here; the
 * work (openssl, nats, the processes) loads inside the action (cluster.ts).
 *
 *   patx cluster up        three nats-servers, nodes a b c and an edge over TLS, in the background
 *   patx cluster status    each process, running or not, and who leads
 *   patx cluster down      stops them all (the data stays under the dir)
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ClusterStatus, ClusterUp } from './cluster.js';

type Run = (code: Promise<number> | number) => void;

const DEFAULT_DIR = './data-cluster';
const DEFAULT_BASE_PORT = 8600;

function basePort(text: string): number {
  if (!/^\d{4,5}$/.test(text) || Number(text) < 1024 || Number(text) > 65_535 - 52) throw new InvalidArgumentError(`expected a port from 1024 to ${65_535 - 52}`);
  return Number(text);
}

/** A path as the user would type it from here. */
function shown(file: string): string {
  const rel = file.startsWith(process.cwd() + '/') ? file.slice(process.cwd().length + 1) : file;
  return rel;
}

function upText(u: ClusterUp, dirArg: string): string {
  const ca = shown(u.ca);
  const leader = u.nodes.find((n) => n.name === u.leader);
  const dirFlag = dirArg === DEFAULT_DIR ? '' : ` --dir ${dirArg}`;
  const all = u.started.length === u.nodes.length + 4;
  return [
    all ? `the replicated cluster is up (everything under ${shown(u.dir)}; logs in ${shown(u.dir)}/logs)` : `started again: ${u.started.join(', ')} (the rest was running)`,
    '',
    `  nats-servers   ${u.servers.join(' ')}   (JetStream, clients and routes over TLS)`,
    ...u.nodes.map((n) => `  node ${n.name}         ${n.url}  ${n.marketDataUrl}  pid ${n.pid}   ${n.name === u.leader ? 'leads' : 'standby'}`),
    `  edge           ${u.edge.url}  ${u.edge.marketDataUrl}  pid ${u.edge.pid}   market data`,
    '',
    `every server's certificate is signed by the local CA ${ca}: trust it to reach them, e.g.`,
    `  curl --cacert ${ca} ${(leader ?? u.nodes[0]!).url}/healthz`,
    `  PATX_URL=${(leader ?? u.nodes[0]!).url} NODE_EXTRA_CA_CERTS=${ca} PATX_OPERATOR_TOKEN=$(cat ${shown(u.dir)}/operator-token) ./patx series`,
    ...(leader === undefined ? [] : [`a failover: kill -9 ${leader.pid} (node ${leader.name}), then ./patx cluster status${dirFlag}; ./patx cluster up${dirFlag} starts it again`]),
    `stop it all: ./patx cluster down${dirFlag}`,
  ].join('\n');
}

function statusText(s: ClusterStatus): string {
  const rows = s.processes.map((p) => {
    const what = p.kind === 'exchange' ? `${p.role ?? ''}` : p.kind === 'edge' ? `edge${p.role === undefined ? '' : `, ${p.role}`}` : 'nats';
    const where = [p.url, p.marketDataUrl].filter((u) => u !== undefined).join('  ');
    return `  ${p.name.padEnd(5)} ${String(p.pid).padEnd(8)} ${(p.running ? 'running' : 'stopped').padEnd(8)} ${what.padEnd(12)} ${where}`;
  });
  return [`  ${'name'.padEnd(5)} ${'pid'.padEnd(8)} ${'state'.padEnd(8)} ${'role'.padEnd(12)} where`, ...rows, '', `leader: ${s.leader ?? 'none'}   (CA: ${shown(s.ca)})`].join('\n');
}

export function addClusterCommand(program: Command, run: Run, json: () => boolean): void {
  const cluster = program.command('cluster').description('the replicated deployment on this machine, to try it: three nats-servers, nodes a, b, c and a market-data edge, over TLS with a local CA (docs/replication.md)');
  const dirOption = (): Option => new Option('--dir <dir>', 'where it keeps its stores, logs, pids and certificates').env('PATX_CLUSTER_DIR').default(DEFAULT_DIR);
  const act = (work: () => Promise<{ value: unknown; text: string }>): void =>
    run(
      work().then(
        (r) => {
          console.log(json() ? JSON.stringify(r.value) : r.text);
          return 0;
        },
        (error: unknown) => {
          const e = error as Error;
          if (e.name !== 'ClusterError' && e.name !== 'ClusterTlsError' && e.name !== 'LocalClusterError') throw error;
          console.error(json() ? JSON.stringify({ error: e.name, message: e.message }) : `patx: ${e.message}`);
          return 1;
        },
      ),
    );
  cluster
    .command('up')
    .description(`start it in the background (or, when it is up, what of it stopped) and wait until a node leads and the edge serves (ports from ${DEFAULT_BASE_PORT}: a ${DEFAULT_BASE_PORT}/${DEFAULT_BASE_PORT + 1}, b +10/+11, c +20/+21, edge +30/+31, nats +40..+42)`)
    .addOption(dirOption())
    .addOption(new Option('--base-port <port>', 'the first of its ports (it uses the base to base+52)').env('PATX_CLUSTER_BASE_PORT').argParser(basePort).default(DEFAULT_BASE_PORT))
    .action((o: { dir: string; basePort: number }) =>
      act(async () => {
        const { clusterUp } = await import('./cluster.js');
        const u = await clusterUp(o.dir, o.basePort);
        return { value: u, text: upText(u, o.dir) };
      }),
    );
  cluster
    .command('status')
    .description('each process, running or stopped, and which node leads (by its /healthz)')
    .addOption(dirOption())
    .action((o: { dir: string }) =>
      act(async () => {
        const { clusterStatus } = await import('./cluster.js');
        const s = await clusterStatus(o.dir);
        return { value: s, text: statusText(s) };
      }),
    );
  cluster
    .command('down')
    .description('stop it: the edge and standbys, then the leader (SIGINT), then the nats-servers; the data stays under the dir')
    .addOption(dirOption())
    .action((o: { dir: string }) =>
      act(async () => {
        const { clusterDown } = await import('./cluster.js');
        const stopped = await clusterDown(o.dir);
        return { value: { stopped }, text: [...stopped.map((p) => `  ${p.name.padEnd(5)} pid ${String(p.pid).padEnd(8)} ${p.stopped}`), `stopped; the data stays under ${o.dir} (remove it to start afresh)`].join('\n') };
      }),
    );
}
