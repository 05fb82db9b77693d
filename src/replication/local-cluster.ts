/**
 * A NATS cluster with JetStream on this machine: `nodes` nats-server processes (the
 * Debian package's binary), each listening on 127.0.0.1 only, routed to each other, with
 * their JetStream stores in a temp dir. For tests, benchmarks and trying replication on
 * one machine (docs/replication.md); production runs one nats-server per machine.
 *
 * A node can be stopped and started again with its store, so tests can take a server
 * away under the stream and bring it back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { freePort } from '../runtime/free-port.js';
import { setTimeout as sleep } from 'node:timers/promises';

export const NATS_SERVER = process.env['PATX_NATS_SERVER'] ?? 'nats-server';

export class LocalClusterError extends Error {
  override readonly name = 'LocalClusterError';
  constructor(
    message: string,
    /** The last lines the server printed. */
    readonly output: string,
  ) {
    super(`${message}\n${output.slice(-2000)}`);
  }
}

export interface ClusterNode {
  readonly name: string;
  /** nats://127.0.0.1:PORT */
  readonly url: string;
  readonly running: boolean;
  /** Kills the server (SIGKILL by default) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports with the same store. */
  start(): Promise<void>;
}

export interface LocalCluster {
  /** Every node's client URL: what a client's `servers` option takes. */
  readonly servers: string[];
  readonly nodes: ClusterNode[];
  /** Stops every node and removes the stores (unless the caller gave the dir). */
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  nodes?: number;
  /** Where the nodes keep their stores and configs; a temp dir (removed at stop) by default. */
  dir?: string;
  /** The nodes' client ports (one each); free ports by default. The route ports are always free ones. */
  clientPorts?: readonly number[];
  startTimeoutMs?: number;
}

/** Starts the cluster and waits until JetStream answers (a meta leader is elected). */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const count = options.nodes ?? 3;
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'patx-nats-'));
  const clientPorts: number[] = [];
  const routePorts: number[] = [];
  if (options.clientPorts !== undefined && options.clientPorts.length !== count) throw new LocalClusterError(`${count} nodes need ${count} client ports, not ${options.clientPorts.length}`, '');
  for (let i = 0; i < count; i++) {
    clientPorts.push(options.clientPorts?.[i] ?? (await freePort()));
    routePorts.push(await freePort());
  }
  const nodes = clientPorts.map((port, i) => {
    const name = `n${i + 1}`;
    const store = join(dir, name);
    mkdirSync(store, { recursive: true });
    const config = join(dir, `${name}.conf`);
    const routes = routePorts.filter((_, j) => j !== i).map((p) => `nats-route://127.0.0.1:${p}`);
    writeFileSync(
      config,
      [
        `server_name: ${name}`,
        `listen: 127.0.0.1:${port}`,
        `jetstream { store_dir: "${store}", max_memory_store: 268435456, max_file_store: 8589934592 }`,
        count > 1 ? `cluster { name: patx, listen: 127.0.0.1:${routePorts[i]}, routes: [${routes.join(', ')}] }` : '',
        '',
      ].join('\n'),
    );
    return new ServerProcess(name, `nats://127.0.0.1:${port}`, config);
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    await Promise.all(nodes.map((n) => n.start()));
    await waitForJetStream(nodes.map((n) => n.url), count, deadline);
  } catch (error) {
    await Promise.all(nodes.map((n) => n.kill()));
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    servers: nodes.map((n) => n.url),
    nodes,
    async stop() {
      await Promise.all(nodes.map((n) => n.kill('SIGTERM')));
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * JetStream answers account info once the cluster has a meta leader; a stream can be placed on
 * every node only once that leader knows them all (until then: "no suitable peers for
 * placement", seen when a test's first act was to create an R3 bucket). So a stream with a
 * replica on each node is created, and removed, before the cluster counts as started.
 * `tls`: the CA to trust, for servers that take clients over TLS (`patx cluster up`, src/cli/cluster.ts).
 */
export async function waitForJetStream(servers: string[], replicas: number, deadline: number, tls?: { caFile: string }): Promise<void> {
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const nc = await connect({ servers, timeout: 1000, ...(tls === undefined ? {} : { tls }) });
      try {
        const jsm = await jetstreamManager(nc, { timeout: 1000 });
        await jsm.getAccountInfo();
        await jsm.streams.add({ name: 'PATX_CLUSTER_PROBE', subjects: ['patx.cluster.probe'], num_replicas: replicas, storage: StorageType.Memory });
        await jsm.streams.delete('PATX_CLUSTER_PROBE');
        return;
      } finally {
        await nc.close();
      }
    } catch (error) {
      last = error;
      await sleep(100);
    }
  }
  throw new LocalClusterError(`JetStream did not answer on ${servers.join(', ')} in time`, String(last));
}

class ServerProcess implements ClusterNode {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private readonly onExit = (): void => {
    this.child?.kill('SIGKILL');
  };

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly config: string,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const child = spawn(NATS_SERVER, ['-c', this.config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const failed = new Promise<never>((_, reject) => child.once('error', (error) => reject(new LocalClusterError(`${NATS_SERVER}: ${error.message} (apt-get install nats-server)`, ''))));
    // A server that survives its parent would hold its ports: kill it when this process exits.
    process.once('exit', this.onExit);
    const port = Number(new URL(this.url).port);
    await Promise.race([failed, this.waitListening(port)]);
  }

  private async waitListening(port: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    const line = `Listening for client connections on 127.0.0.1:${port}`;
    while (!this.output.includes(line)) {
      if (!this.running) throw new LocalClusterError(`nats-server ${this.name} exited before listening`, this.output);
      if (Date.now() > deadline) throw new LocalClusterError(`nats-server ${this.name} did not listen on ${port} in time`, this.output);
      await sleep(20);
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    process.removeListener('exit', this.onExit);
    if (!this.running) return;
    this.child!.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
