/**
 * Reconciliation right after a chain was restored from a state dump. anvil loaded from a dump
 * has state for its head block only: the head's parent, the block reconciliation reads, has
 * none until the next block is mined ("BlockOutOfRangeError: block height is N but requested
 * was N-1"; a pruned node, or one behind a load balancer that has not seen the block yet,
 * answers alike). `./patx reconcile` right after `npm start`, Ctrl-C, `npm start` failed so.
 * A real anvil: contracts deployed on the embedded chain, stopped (it dumps its state), then
 * loaded from that dump by a plain anvil on which nothing mines until the test says so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, Journal } from '../../src/engine/index.js';
import { anvilBinary, CHAIN_STATE_FILE, startPersistentChain } from '../../src/settlement/anvil-chain.js';
import { contractChainView } from '../../src/settlement/chain-view.js';
import { DEPLOYMENT_FILE } from '../../src/settlement/data-files.js';
import { contractAt, deployContracts, type Deployment } from '../../src/settlement/deploy.js';
import { reconciliationHandler } from '../../src/settlement/handlers.js';
import { HARDHAT_KEYS, LOCAL_CHAIN_ID } from '../../src/settlement/local-chain.js';
import { ChainMovingError, reconcile, type LedgerView } from '../../src/settlement/reconcile.js';
import type { Settlement } from '../../src/settlement/settlement.js';
import { SettlementStore, storeDir } from '../../src/settlement/store.js';
import { SELECTORS } from '../../src/settlement/rpc-chain-view.js';
import { patxJson } from '../support/patx-cli.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-restored-chain-'));
const dataDir = path.join(dir, 'data');
const dump = path.join(dir, 'dump.json');
const anvils: ChildProcess[] = [];
let deployment: Deployment;

/** A plain anvil loaded from `dump` (left as it is), mining only when asked: the head's parent has no state. */
async function restoredAnvil(): Promise<{ rpcUrl: string; output: () => string }> {
  const child = spawn(anvilBinary(), ['--port', '0', '--chain-id', String(LOCAL_CHAIN_ID), '--load-state', dump], { stdio: ['ignore', 'pipe', 'pipe'] });
  anvils.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until(() => /Listening on [^\s]+:\d+/.test(output) || child.exitCode !== null, 'anvil to listen');
  return { rpcUrl: `http://127.0.0.1:${/Listening on [^\s]+:(\d+)/.exec(output)![1]}`, output: () => output };
}

async function rpc(url: string, method: string, params: unknown[]): Promise<{ result?: unknown; error?: { message: string } }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as { result?: unknown; error?: { message: string } };
}

const headOf = async (url: string): Promise<number> => Number((await rpc(url, 'eth_blockNumber', [])).result);
const lastBatchIdAt = (url: string, block: number): ReturnType<typeof rpc> => rpc(url, 'eth_call', [{ to: deployment.vault, data: SELECTORS.lastBatchId }, `0x${block.toString(16)}`]);

/** The ledger of an exchange with no accounts yet: the chain holds the deployed contracts only. */
const emptyLedger = (): LedgerView => ({ engine: new Engine(), pendingBalancesWei: new Map(), pendingRights: new Map(), inFlight: [], grantBatches: [], addressOf: () => undefined });

beforeAll(async () => {
  // The embedded chain as the service runs it: contracts deployed, then stopped (SIGTERM: anvil dumps its state).
  const chain = await startPersistentChain({ stateDir: path.join(dir, 'chain'), host: '127.0.0.1', port: 0, confirmations: 1, blockIntervalMs: 60_000 });
  const provider = new JsonRpcProvider(chain.rpcUrl, LOCAL_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const admin = new Wallet(HARDHAT_KEYS[0]!, provider);
    deployment = await deployContracts(admin, { council: [admin.address], threshold: 1, settler: admin.address, feeRecipient: admin.address });
  } finally {
    provider.destroy();
    await chain.stop();
  }
  copyFileSync(path.join(dir, 'chain', CHAIN_STATE_FILE), dump);
  // The data directory `patx reconcile` reads: the deployment, an empty journal and settlement store.
  mkdirSync(path.join(dataDir, 'settlement'), { recursive: true });
  writeFileSync(path.join(dataDir, 'settlement', DEPLOYMENT_FILE), JSON.stringify(deployment));
  await Journal.open(dataDir, { durability: 'commit' }).close();
  await SettlementStore.open(storeDir(dataDir, deployment)).close();
}, 120_000);

afterAll(() => {
  for (const child of anvils) if (child.exitCode === null) child.kill('SIGKILL');
  removeDir(dir);
});

describe('reconcile on a chain restored from a dump', () => {
  it('`patx reconcile` at once waits for the next block, then reconciles at the restored head', async () => {
    const chain = await restoredAnvil();
    const head = await headOf(chain.rpcUrl);
    expect(head - 1).toBeGreaterThanOrEqual(deployment.deployBlock);
    expect((await lastBatchIdAt(chain.rpcUrl, head - 1)).error?.message).toMatch(/BlockOutOfRangeError/);
    const refusals = (): number => chain.output().split('BlockOutOfRangeError').length - 1;
    // The node's line for the refusal just above reaches its output through a pipe, later under load: counted
    // in `before`, not taken for the CLI's (a fresh-clone CI run mined at once on it, and the CLI then had state).
    await until(() => refusals() >= 1, "the node's refusal of the read above to show in its output");
    const before = refusals();
    const cli = patxJson(dataDir, 'reconcile', '--rpc', chain.rpcUrl);
    // Once the CLI has been told the parent has no state, the chain moves on (the service's next transaction would).
    const mined = until(() => refusals() > before, 'the CLI to read the head\'s parent', 50_000).then(() => rpc(chain.rpcUrl, 'evm_mine', []));
    const { status, stdout, stderr } = await cli;
    await mined.catch(() => undefined);
    // One line says why it waits, rather than sit silent; nothing else (no stack).
    expect(stderr).toBe(`patx: the node has no state for block ${head - 1} yet (its head is ${head}; a chain just restored has none until its next block): waiting up to 15 s\n`);
    expect(status).toBe(0);
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as { ok: boolean; block: number };
    expect(report).toMatchObject({ ok: true, block: head });
  }, 60_000);

  it('when the chain does not move, the service\'s route answers 503 CHAIN_MOVING after a bounded wait', async () => {
    const chain = await restoredAnvil();
    const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { staticNetwork: true });
    try {
      const view = contractChainView(contractAt('PATXVault', deployment.vault, provider), contractAt('AccessRightsRegistry', deployment.registry, provider), deployment.deployBlock);
      const settlement = { reconcile: () => reconcile(view, emptyLedger, { stateWaitMs: 1_000 }) } as unknown as Settlement;
      const started = Date.now();
      const answer = await reconciliationHandler(() => settlement)({});
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(answer.status).toBe(503);
      const body = answer.body as { error: string; message: string };
      expect(body.error).toBe('CHAIN_MOVING');
      const head = await headOf(chain.rpcUrl);
      expect(body.message).toContain(`no state for block ${head - 1}`);
      expect(body.message).toContain('BlockOutOfRangeError');
      expect(body.message).toMatch(/try again/);
      await expect(reconcile(view, emptyLedger, { stateWaitMs: 0 })).rejects.toBeInstanceOf(ChainMovingError);
    } finally {
      provider.destroy();
    }
  }, 30_000);

  it('the embedded chain restarted on its dump has state for the head\'s parent at once', async () => {
    const stateDir = path.join(dir, 'restarted');
    mkdirSync(stateDir);
    copyFileSync(dump, path.join(stateDir, CHAIN_STATE_FILE));
    const chain = await startPersistentChain({ stateDir, host: '127.0.0.1', port: 0, confirmations: 1, blockIntervalMs: 60_000 });
    try {
      const head = await headOf(chain.rpcUrl);
      expect((await lastBatchIdAt(chain.rpcUrl, head - 1)).result).toBe(`0x${'0'.repeat(64)}`);
    } finally {
      await chain.stop();
    }
  }, 30_000);
});
