/**
 * The embedded chain's state file kept whole. anvil dumps its state into <dataDir>/chain/state.json
 * every second by truncating the file and writing it again in place, so a kill at the wrong moment
 * (the OOM killer, `docker kill`, a stop timeout that SIGKILLs the group) leaves it empty or cut
 * short, and the next start's anvil refuses it: every deposit, batch and registry entry on the chain
 * gone with no copy (found by an outside review: about one kill in a hundred lands in the write).
 *
 * So beside anvil's own dump the service keeps one of its own, written whole or not at all: every
 * second when a block was added, `anvil_dumpState` (anvil serialises its state in memory: never
 * torn) into state.dump.json.gz through a temporary file and a rename. At start a state file that
 * does not parse is moved aside (never deleted) and the dump takes its place; the chain is then as of
 * the dump, at most DUMP_INTERVAL_MS (1 s, as anvil's own) behind: a machine crash's lost second, which
 * settlement checks at start as it does for one (docs/settlement.md, ChainReplacedError). With no dump, the start is refused with both
 * files named.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Logger } from '../runtime/log.js';
import { LocalChainError } from './local-chain.js';
import { OneAtATime } from '../runtime/one-at-a-time.js';

export const CHAIN_STATE_FILE = 'state.json';
/** anvil_dumpState's bytes (gzip of the same JSON anvil writes to CHAIN_STATE_FILE). */
export const CHAIN_DUMP_FILE = 'state.dump.json.gz';
/** How often the dump is refreshed, when a block was added since the last. */
export const DUMP_INTERVAL_MS = 1_000;

/**
 * Before anvil starts: a state file that does not parse (torn by a kill while anvil wrote it) is
 * moved aside and replaced by the last whole dump. Returns whether a state file is there to load.
 */
export function stateToLoad(stateDir: string, log: Logger | undefined, nowMs: number = Date.now()): boolean {
  const stateFile = join(stateDir, CHAIN_STATE_FILE);
  const dumpFile = join(stateDir, CHAIN_DUMP_FILE);
  // No state file: a first start, or one deleted on purpose (a new chain): the dump stands in only for a torn one.
  if (!existsSync(stateFile)) return false;
  const problem = unreadable(readFileSync(stateFile));
  if (problem === undefined) return true;
  const aside = `${stateFile}.torn-${nowMs}`;
  renameSync(stateFile, aside);
  if (!restoreDump(stateFile, dumpFile, log, `torn (${problem}; kept as ${aside})`)) {
    throw new LocalChainError(`the embedded chain's state file was torn (${problem}; kept as ${aside}) and there is no dump (${dumpFile}) to restore it from: restore <dataDir>/chain from a backup`, '');
  }
  return true;
}

/** Why a state file's bytes are not a whole state, or undefined. */
function unreadable(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return 'empty';
  try {
    const state = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof state === 'object' && state !== null && 'block' in state ? undefined : 'not an anvil state';
  } catch (error) {
    return `not whole JSON, ${bytes.length} bytes: ${(error as Error).message}`;
  }
}

/** Writes the dump, unzipped, as the state file anvil loads; false when there is no usable dump. */
function restoreDump(stateFile: string, dumpFile: string, log: Logger | undefined, why: string): boolean {
  if (!existsSync(dumpFile)) return false;
  let json: Buffer;
  try {
    json = gunzipSync(readFileSync(dumpFile));
  } catch (error) {
    log?.error({ err: error, dumpFile }, 'embedded chain: its dump does not unzip');
    return false;
  }
  if (unreadable(json) !== undefined) return false;
  writeFileSync(`${stateFile}.restoring`, json);
  renameSync(`${stateFile}.restoring`, stateFile);
  log?.warn({ dumpFile }, `embedded chain: its state file was ${why}; restored from its last dump (the chain goes back at most ${DUMP_INTERVAL_MS / 1000} s; a batch confirmed in that time stops settlement with ChainReplacedError: docs/settlement.md)`);
  return true;
}

/** Keeps CHAIN_DUMP_FILE: `dumpState` is anvil_dumpState (0x-hex gzip), `blockNumber` eth_blockNumber. */
export class ChainStateDumper {
  private dumpedAt = -1n;
  private readonly runs = new OneAtATime(() => this.step());

  constructor(
    private readonly stateDir: string,
    private readonly rpc: { blockNumber(): Promise<bigint>; dumpState(): Promise<string> },
  ) {}

  /** Dumps if a block was added since the last dump; one at a time. */
  tick(): Promise<void> {
    return this.runs.tick();
  }

  idle(): Promise<void> {
    return this.runs.idle();
  }

  private async step(): Promise<void> {
    try {
      const head = await this.rpc.blockNumber();
      if (head === this.dumpedAt) return;
      const hex = await this.rpc.dumpState();
      if (!/^0x[0-9a-f]+$/i.test(hex)) throw new Error('anvil_dumpState answered no hex');
      const file = join(this.stateDir, CHAIN_DUMP_FILE);
      // Whole or not at all: a kill between the two leaves the previous dump.
      await writeFile(`${file}.writing`, Buffer.from(hex.slice(2), 'hex'));
      await rename(`${file}.writing`, file);
      this.dumpedAt = head;
    } catch {
      // The chain is stopping or busy: the next tick tries again, the previous dump stands.
    }
  }
}
