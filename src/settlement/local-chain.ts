/**
 * A local chain for development and tests: `hardhat node` as a child process
 * on 127.0.0.1, on a free port, stopped cleanly. Its state lives in that
 * process only (hardhat keeps no files), so a restarted local chain is empty.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort } from '../runtime/free-port.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOCAL_CHAIN_ID = 31337;

export { HARDHAT_KEYS } from './hardhat-keys.js';

export class LocalChainError extends Error {
  override readonly name = 'LocalChainError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(output === '' ? message : `${message}\n--- hardhat output ---\n${output.slice(-2000)}`);
  }
}

export interface LocalChainOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** Mine a block every this many ms besides one per transaction (0 = only on transactions, the default). */
  blockIntervalMs?: number;
  /** How long to wait for the node to answer eth_chainId. */
  startTimeoutMs?: number;
}

export interface LocalChain {
  /** The service's own URL of the chain (every method). */
  readonly rpcUrl: string;
  /** The URL depositors on this machine are given, when not rpcUrl: the embedded chain's RPC filter (rpc-filter.ts). */
  readonly depositorRpcUrl?: string;
  readonly chainId: number;
  readonly pid: number;
  /** Stops the node (SIGTERM, then SIGKILL after a grace period) and removes its config. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** The project root, from where hardhat must run (it refuses a non-local installation). */
function hardhatPaths(): { cli: string; cwd: string } {
  const pkg = require.resolve('hardhat/package.json');
  const hardhatDir = dirname(pkg);
  return { cli: join(hardhatDir, 'internal', 'cli', 'cli.js'), cwd: dirname(dirname(hardhatDir)) };
}

/** eth_chainId over plain HTTP; undefined if nothing answers. */
export async function probeChainId(rpcUrl: string, timeoutMs = 2000): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { result?: string };
    return typeof body.result === 'string' ? Number(BigInt(body.result)) : undefined;
  } catch {
    return undefined;
  }
}

/** Tries to take a free port this many times: another process can bind the one found before hardhat does. */
const FREE_PORT_ATTEMPTS = 3;

export async function startLocalChain(options: LocalChainOptions = {}): Promise<LocalChain> {
  const fixedPort = options.port !== undefined && options.port !== 0 ? options.port : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNode(fixedPort ?? (await freePort()), options);
    } catch (error) {
      const portTaken = error instanceof LocalChainError && error.output.includes('EADDRINUSE');
      if (fixedPort !== undefined || !portTaken || attempt === FREE_PORT_ATTEMPTS) throw error;
    }
  }
}

async function startNode(port: number, options: LocalChainOptions): Promise<LocalChain> {
  const dir = mkdtempSync(join(tmpdir(), 'patx-hardhat-'));
  const config = join(dir, 'hardhat.config.cjs');
  const mining =
    options.blockIntervalMs !== undefined && options.blockIntervalMs > 0
      ? `, mining: { auto: true, interval: ${options.blockIntervalMs} }`
      : '';
  writeFileSync(config, `module.exports = { solidity: "0.8.28", networks: { hardhat: { chainId: ${LOCAL_CHAIN_ID}${mining} } } };\n`);
  const { cli, cwd } = hardhatPaths();
  const child = spawn(process.execPath, [cli, '--config', config, 'node', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  // Ready only once this node says it listens: a probe alone could be answered by another
  // local chain that took the port first (this node then fails with EADDRINUSE).
  const listeningLine = `JSON-RPC server at ${rpcUrl}/`;
  let listening = false;
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    listening ||= output.includes(listeningLine);
    output = output.slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      cleanup();
      throw new LocalChainError(`hardhat node exited (${child.exitCode ?? child.signalCode}) before answering on ${rpcUrl}`, output);
    }
    if (listening && (await probeChainId(rpcUrl, 1000)) === LOCAL_CHAIN_ID) break;
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      cleanup();
      throw new LocalChainError(`hardhat node did not answer eth_chainId on ${rpcUrl} in time`, output);
    }
    await sleep(100);
  }
  // A stray node would outlive a crashed parent: kill it when this process exits.
  const onExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  return {
    rpcUrl,
    chainId: LOCAL_CHAIN_ID,
    pid: child.pid ?? 0,
    async stop() {
      process.removeListener('exit', onExit);
      await stopChild(child, exited);
      cleanup();
    },
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
