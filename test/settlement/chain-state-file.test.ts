/**
 * The embedded chain's state survives a torn state file (src/settlement/chain-state-file.ts). anvil
 * rewrites <dataDir>/chain/state.json in place every second; a kill during the write left it empty or
 * cut short, and the next start's anvil refused it: the chain, with every deposit and batch, gone.
 * A real anvil: a balance set and blocks mined, the service's own dump made, the chain stopped, its
 * state file cut in half (what a SIGKILL mid-write leaves); the next start restores the dump and the
 * balance is there. And the refusals: a torn file with no dump is kept, never deleted.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { anvilBinary, startPersistentChain } from '../../src/settlement/anvil-chain.js';
import { CHAIN_DUMP_FILE, CHAIN_STATE_FILE, stateToLoad } from '../../src/settlement/chain-state-file.js';
import { LocalChainError } from '../../src/settlement/local-chain.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-chain-state-'));
const ADDRESS = '0x00000000000000000000000000000000000c0ffe';

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return ((await res.json()) as { result?: unknown }).result;
}

afterAll(() => removeDir(dir));

describe('the embedded chain and a torn state file', () => {
  it('restores its last whole dump when the state file was cut in half, and keeps the torn file aside', async () => {
    const stateDir = path.join(dir, 'chain');
    const options = { stateDir, host: '127.0.0.1', port: 0, confirmations: 1, blockIntervalMs: 60_000 };
    const chain = await startPersistentChain(options);
    let head = 0;
    try {
      await rpc(chain.rpcUrl, 'anvil_setBalance', [ADDRESS, '0x1234']);
      await rpc(chain.rpcUrl, 'anvil_mine', ['0x3']);
      head = Number(await rpc(chain.rpcUrl, 'eth_blockNumber', []));
    } finally {
      await chain.stop(); // its last dump, then anvil's own on SIGTERM
    }
    expect(existsSync(path.join(stateDir, CHAIN_DUMP_FILE))).toBe(true);
    const stateFile = path.join(stateDir, CHAIN_STATE_FILE);
    truncateSync(stateFile, Math.floor(statSync(stateFile).size / 2));

    const again = await startPersistentChain(options);
    try {
      expect(await rpc(again.rpcUrl, 'eth_getBalance', [ADDRESS, 'latest'])).toBe('0x1234');
      expect(Number(await rpc(again.rpcUrl, 'eth_blockNumber', []))).toBeGreaterThanOrEqual(head);
    } finally {
      await again.stop();
    }
    const aside = readdirSync(stateDir).filter((f) => f.startsWith(`${CHAIN_STATE_FILE}.torn-`));
    expect(aside.length).toBe(1);
  }, 120_000);

  it('while it runs, the dump follows the chain (a block added: a new dump within the interval)', async () => {
    const stateDir = path.join(dir, 'following');
    const chain = await startPersistentChain({ stateDir, host: '127.0.0.1', port: 0, confirmations: 1, blockIntervalMs: 60_000 });
    try {
      const dump = path.join(stateDir, CHAIN_DUMP_FILE);
      await until(() => existsSync(dump), 'the first dump', 10_000);
      const first = statSync(dump).mtimeMs;
      await rpc(chain.rpcUrl, 'anvil_mine', ['0x2']);
      await until(() => statSync(dump).mtimeMs > first, 'a dump after the new blocks', 15_000);
    } finally {
      await chain.stop();
    }
  }, 60_000);

  it('a torn or empty state file with no dump refuses the start and is kept; a whole one is loaded as it is', () => {
    const stateDir = path.join(dir, 'no-dump');
    mkdirSync(stateDir, { recursive: true });
    const stateFile = path.join(stateDir, CHAIN_STATE_FILE);
    for (const torn of ['', '{"block":{"number":"0x5",']) {
      writeFileSync(stateFile, torn);
      expect(() => stateToLoad(stateDir, undefined, 1_000 + torn.length)).toThrow(LocalChainError);
      expect(readFileSync(path.join(stateDir, `${CHAIN_STATE_FILE}.torn-${1_000 + torn.length}`), 'utf8')).toBe(torn);
      expect(existsSync(stateFile)).toBe(false);
    }
    writeFileSync(stateFile, '{"block":{"number":"0x5"}}');
    expect(stateToLoad(stateDir, undefined)).toBe(true);
    expect(readFileSync(stateFile, 'utf8')).toBe('{"block":{"number":"0x5"}}');
    expect(stateToLoad(path.join(dir, 'fresh'), undefined)).toBe(false);
    // A state file deleted on purpose is a new chain, not a torn one: the dump does not stand in (settlement then refuses the start: ChainReplacedError).
    writeFileSync(path.join(stateDir, CHAIN_DUMP_FILE), '');
    rmSync(stateFile);
    expect(stateToLoad(stateDir, undefined)).toBe(false);
    expect(existsSync(stateFile)).toBe(false);
  });

  it("stops an anvil a killed start left on this state, and never another chain's (a data directory copied from a running service names that one)", async () => {
    const spawnOn = (stateFile: string): ChildProcess => spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', '0', '--state', stateFile], { stdio: 'ignore' });
    const alive = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;
    const stateDir = path.join(dir, 'copied');
    mkdirSync(stateDir, { recursive: true });
    const otherDir = path.join(dir, 'other');
    mkdirSync(otherDir, { recursive: true });
    const other = spawnOn(path.join(otherDir, CHAIN_STATE_FILE)); // the running exchange's chain
    try {
      await until(() => existsSync(`/proc/${other.pid}/cmdline`), 'the other anvil runs');
      writeFileSync(path.join(stateDir, 'anvil.pid'), `${other.pid}\n`); // what a copy of its data directory carries
      const chain = await startPersistentChain({ stateDir, host: '127.0.0.1', port: 0, confirmations: 1, blockIntervalMs: 60_000 });
      await chain.stop();
      expect(alive(other), "the other exchange's chain still runs").toBe(true);

      // This state's own leftover (its service SIGKILLed) is stopped by the next start.
      const leftover = spawnOn(path.join(stateDir, CHAIN_STATE_FILE));
      await until(() => existsSync(`/proc/${leftover.pid}/cmdline`), 'the leftover anvil runs');
      writeFileSync(path.join(stateDir, 'anvil.pid'), `${leftover.pid}\n`);
      const exited = new Promise((resolve) => leftover.once('exit', resolve));
      const again = await startPersistentChain({ stateDir, host: '127.0.0.1', port: 0, confirmations: 1, blockIntervalMs: 60_000 });
      await exited;
      await again.stop();
      expect(alive(other)).toBe(true);
    } finally {
      other.kill('SIGKILL');
    }
  }, 60_000);
});
