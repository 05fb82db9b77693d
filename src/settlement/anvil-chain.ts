/**
 * The service's embedded chain: anvil (the binary in npm @foundry-rs/anvil-linux-amd64,
 * an optional dependency: only linux-x64 is published to the registries we install from) with its state in <dataDir>/chain/state.json, so a restart finds the
 * deposits, batches and registry the journal remembers. hardhat node (local-chain.ts)
 * keeps nothing on disk and stays for tests, where a throwaway chain is the point.
 *
 * - anvil loads the state file at start and dumps it every second and on SIGTERM;
 *   stop() sends SIGTERM and waits, so Ctrl-C loses nothing. A machine crash can lose
 *   the last second (see docs/settlement.md: the settler and reconcile catch it). anvil
 *   rewrites the file in place, so a kill mid-write tears it: the service keeps a whole
 *   dump of its own beside it and restores it at start (chain-state-file.ts).
 * - A service killed with SIGKILL leaves its anvil running (it keeps the newest state
 *   in memory): its pid is kept in <dataDir>/chain/anvil.pid, and the next start stops
 *   it with SIGTERM (which dumps the state) before starting its own.
 * - anvil loaded from its state file has state for the loaded head block only: calls at an
 *   earlier block fail ("BlockOutOfRangeError: block height is 30 but requested was 29") until
 *   the next block is mined, and reconciliation reads at the head's parent. So a start that
 *   loaded a state mines one empty block at once: the loaded head becomes the parent, with its
 *   state (reconcile.ts also waits for a block when a node has no state for the one it reads).
 * - Blocks: one per transaction (automine), plus the few empty blocks that
 *   confirmations need, mined here on demand, and one per start on a loaded state. Interval mining would add an empty block
 *   every interval forever, and anvil keeps every block in the state file (~1.3 KB
 *   each, rewritten every second): 110 MB a day at one block a second.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createLogger, type Logger } from '../runtime/log.js';
import { processStat } from '../runtime/process-stat.js';
import { OneAtATime } from '../runtime/one-at-a-time.js';
import { isLoopbackHost } from '../runtime/transport-security.js';
import { LOCAL_CHAIN_ID, LocalChainError, probeChainId, stopChild, type LocalChain } from './local-chain.js';
import { startRpcFilter, type RpcFilter } from './rpc-filter.js';
import { CHAIN_STATE_FILE, stateToLoad } from './chain-state-file.js';
import { startChainDumpThread } from './chain-dump-thread.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** anvil writes its state on SIGTERM: give it time before SIGKILL. */
const ANVIL_GRACE_MS = 10_000;

export interface PersistentChainOptions {
  /** Directory of the state file and pid file (<dataDir>/chain). */
  stateDir: string;
  /**
   * Interface the chain is offered on (0.0.0.0 in a container). anvil itself always
   * listens on loopback: a loopback host gets anvil, any other gets the JSON-RPC filter
   * (rpc-filter.ts) in front of an anvil on 127.0.0.1 and a free port.
   */
  host: string;
  /** 0: a free port (tests). */
  port: number;
  /** Senders whose raw transactions the filter refuses (the settler, the council: their dev keys are public). */
  refusedSenders?: readonly string[];
  log?: Logger;
  /** Empty blocks mined after a block with transactions, so they reach this many confirmations. */
  confirmations: number;
  /** How often to check whether a block needs confirming blocks. */
  blockIntervalMs: number;
  startTimeoutMs?: number;
  /**
   * Told when anvil exits while the service runs (not on stop): what it was and how it ended. Nothing restarts it in
   * the service: a chain brought back from its state file may be up to a second behind the blocks the watcher read
   * (`--state-interval 1`), which only a start's checks catch (ChainReplacedError); a restart of the exchange does.
   */
  onUnexpectedExit?: (exit: { pid: number; code: number | null; signal: NodeJS.Signals | null; output: string }) => void;
}

export { CHAIN_STATE_FILE } from './chain-state-file.js';
const PID_FILE = 'anvil.pid';
const require = createRequire(import.meta.url);

/** The anvil binary shipped in the platform package (no install script needed). */
export function anvilBinary(): string {
  const pkg = `@foundry-rs/anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  try {
    return join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'anvil');
  } catch {
    throw new LocalChainError(`the embedded chain needs npm package ${pkg} (an optional dependency installed by npm ci on linux-x64); on another platform set PATX_RPC_URL to a chain`, '');
  }
}

export async function startPersistentChain(options: PersistentChainOptions): Promise<LocalChain> {
  mkdirSync(options.stateDir, { recursive: true });
  await stopLeftover(options.stateDir);
  // Absolute, so a later start can tell this chain's anvil from another's by its command line (stopLeftover).
  const stateFile = resolve(options.stateDir, CHAIN_STATE_FILE);
  // A state file torn by a kill while anvil wrote it is replaced by the service's last whole dump (chain-state-file.ts).
  const loadsState = stateToLoad(options.stateDir, options.log);
  // Cheat methods answer whoever reaches anvil: only this machine may, and others go through the filter.
  const filtered = !isLoopbackHost(options.host);
  const anvilHost = filtered ? '127.0.0.1' : options.host;
  const anvilPort = filtered ? 0 : options.port;
  const anvil = spawnAnvil(options.stateDir, ['--host', anvilHost, '--port', String(anvilPort), '--chain-id', String(LOCAL_CHAIN_ID), '--state', stateFile, '--state-interval', '1']);
  const rpcUrl = await anvilAnswering(anvil, anvilHost, anvilPort, options.startTimeoutMs ?? 60_000);
  if (loadsState) await mineAfterLoad(rpcUrl, options.log);
  const filter = filtered ? await startFilter(anvil, options, rpcUrl) : undefined;
  const miner = new ConfirmationMiner(rpcUrl, options.confirmations);
  const timer = setInterval(() => void miner.tick(), options.blockIntervalMs);
  // The service's own whole dump beside anvil's state file, on a thread of its own (chain-state-file.ts).
  const dumps = startChainDumpThread(rpcUrl, options.stateDir);
  // A crashed parent must not leave a stray chain when it exits normally otherwise.
  const onExit = (): void => {
    anvil.child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  let stopping = false;
  anvil.child.once('exit', (code, signal) => {
    if (stopping) return;
    clearInterval(timer); // its blocks have no chain to go to
    options.onUnexpectedExit?.({ pid: anvil.child.pid ?? 0, code, signal, output: anvil.output().slice(-500) });
  });
  return {
    rpcUrl,
    // Depositors on this machine reach the chain as others do, through the filter when there is one.
    depositorRpcUrl: filter === undefined ? rpcUrl : `http://127.0.0.1:${filter.port}`,
    chainId: LOCAL_CHAIN_ID,
    pid: anvil.child.pid ?? 0,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await filter?.close();
      await miner.idle();
      await dumps.stop(); // the state as it stops, whole (anvil's own dump on SIGTERM follows)
      process.removeListener('exit', onExit);
      await anvil.stop();
    },
  };
}

/** A running anvil: its process, what it printed last, the port it said it listens on. */
interface Anvil {
  readonly child: ChildProcess;
  /** The last 8,000 characters it printed. */
  output(): string;
  port(): number | undefined;
  /** Forgets its pid file (it exited). */
  removePid(): void;
  /** Stops it (SIGTERM, then SIGKILL after a grace) and forgets its pid file. */
  stop(): Promise<void>;
}

function spawnAnvil(stateDir: string, args: string[]): Anvil {
  // A process group of its own: a terminal's Ctrl-C goes to every process of its foreground group,
  // and anvil, in it, stopped at once (it handles SIGINT itself) while the service's shutdown still
  // settled: a batch in flight met a closed port ('settlement waits; retrying' at Ctrl-C). Out of the
  // group, the chain is stopped by the service, last, with SIGTERM, as on every stop. A chain a
  // SIGKILLed service leaves is stopped at the next start (stopLeftover), as before.
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  writeFileSync(join(stateDir, PID_FILE), `${child.pid ?? 0}\n`);
  let output = '';
  let port: number | undefined;
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-8000);
    const m = /Listening on [^\s]+:(\d+)/.exec(output);
    if (m !== null) port = Number(m[1]);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const removePid = (): void => rmSync(join(stateDir, PID_FILE), { force: true });
  return {
    child,
    output: () => output,
    port: () => port,
    removePid,
    async stop() {
      await stopChild(child, exited, ANVIL_GRACE_MS);
      removePid();
    },
  };
}

/** Waits until anvil answers eth_chainId on the port it printed; its RPC URL. Refused if it exits first or is not up by the deadline. */
async function anvilAnswering(anvil: Anvil, anvilHost: string, anvilPort: number, startTimeoutMs: number): Promise<string> {
  const { child } = anvil;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      anvil.removePid();
      const inUse = /address already in use|Address in use|AddrInUse/i.test(anvil.output());
      throw new LocalChainError(
        inUse ? `the embedded chain cannot listen on ${anvilHost}:${anvilPort}: the port is in use (set PATX_CHAIN_PORT)` : `anvil exited (${child.exitCode ?? child.signalCode}) before answering`,
        anvil.output(),
      );
    }
    const port = anvil.port();
    if (port !== undefined && (await probeChainId(`http://${urlHost(anvilHost)}:${port}`, 1000)) === LOCAL_CHAIN_ID) return `http://${urlHost(anvilHost)}:${port}`;
    if (Date.now() > deadline) {
      await anvil.stop();
      throw new LocalChainError(`anvil did not answer eth_chainId in time`, anvil.output());
    }
    await sleep(50);
  }
}

/** The RPC filter in front of anvil, on the configured host and port; anvil is stopped if it cannot listen. */
async function startFilter(anvil: Anvil, options: PersistentChainOptions, rpcUrl: string): Promise<RpcFilter> {
  try {
    return await startRpcFilter({ host: options.host, port: options.port, upstreamUrl: rpcUrl, refusedSenders: options.refusedSenders ?? [], log: options.log ?? createLogger('silent') });
  } catch (error) {
    await anvil.stop();
    const code = (error as NodeJS.ErrnoException).code;
    throw new LocalChainError(`the embedded chain's RPC filter cannot listen on ${options.host}:${options.port}: ${code === 'EADDRINUSE' ? 'the port is in use (set PATX_CHAIN_PORT)' : (code ?? (error as Error).message)}`, anvil.output());
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Mines one empty block on a chain just loaded from its state file, so that the loaded head,
 * the only block it has state for, becomes the head's parent: what reconciliation reads.
 * Not fatal if it fails: reconciliation then waits for the next block.
 */
async function mineAfterLoad(rpcUrl: string, log: Logger | undefined): Promise<void> {
  try {
    await anvilRpc(rpcUrl, 'evm_mine', [], 5000);
  } catch (error) {
    log?.warn({ err: error }, 'embedded chain: could not mine a block after loading its state; reconciliation waits for the next block');
  }
}

/** One JSON-RPC call to the embedded anvil: its result, or an Error with the node's message. */
async function anvilRpc(rpcUrl: string, method: string, params: unknown[], timeoutMs: number): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const answer = (await response.json()) as { result?: unknown; error?: { message?: string } };
  if (answer.error !== undefined) throw new Error(answer.error.message ?? JSON.stringify(answer.error));
  return answer.result;
}

/**
 * Mines an empty block while the newest block holding transactions has fewer than
 * `confirmations` blocks on top of it; does nothing on an idle chain.
 */
class ConfirmationMiner {
  private lastTxBlock = -1;
  private readonly runs = new OneAtATime(() => this.step());

  constructor(
    private readonly rpcUrl: string,
    private readonly confirmations: number,
  ) {}

  tick(): Promise<void> {
    return this.runs.tick();
  }

  idle(): Promise<void> {
    return this.runs.idle();
  }

  private async step(): Promise<void> {
    try {
      const latest = (await this.rpc('eth_getBlockByNumber', ['latest', false])) as { number: string; transactions: unknown[] } | null;
      if (latest === null) return;
      const number = Number(BigInt(latest.number));
      if (latest.transactions.length > 0) this.lastTxBlock = number;
      // The block with the transactions counts as the first confirmation.
      if (this.lastTxBlock >= 0 && number < this.lastTxBlock + this.confirmations) await this.rpc('evm_mine', []);
    } catch {
      // The chain is stopping or busy: the next tick tries again.
    }
  }

  private rpc(method: string, params: unknown[]): Promise<unknown> {
    return anvilRpc(this.rpcUrl, method, params, 2000);
  }
}

/**
 * Stops an anvil a killed service left running on this state (SIGTERM: it dumps its state first). Only one whose
 * `--state` is this directory's state file: a data directory copied from a running service (a backup restored beside
 * it) names that service's anvil in its pid file, and a start from the copy stopped the other exchange's chain.
 */
async function stopLeftover(stateDir: string): Promise<void> {
  const file = join(stateDir, PID_FILE);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  rmSync(file, { force: true });
  const stateFile = resolve(stateDir, CHAIN_STATE_FILE);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !isAnvilOn(pid, stateFile)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isAnvilOn(pid, stateFile)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await sleep(50);
  }
}

/** Whether `pid` is a live anvil process keeping `stateFile` (a recycled pid belongs to something else; another anvil to another chain). */
function isAnvilOn(pid: number, stateFile: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const stat = processStat(pid);
    if (stat === undefined || stat.state === 'Z' || !args[0]!.endsWith('anvil')) return false;
    const at = args.indexOf('--state');
    const state = at < 0 ? undefined : args[at + 1];
    // A relative --state (a chain started before it was made absolute) is read from the process's own directory.
    return state !== undefined && resolve(readlinkSync(`/proc/${pid}/cwd`), state) === stateFile;
  } catch {
    return false;
  }
}
