/**
 * The settler killed with SIGKILL at each point of a batch's life (after the
 * outbox write, after sending, after confirmation, after the engine recorded
 * it), then restarted: every batch is applied on-chain exactly once, the
 * withdrawal is paid exactly once, and reconciliation is clean.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract, EventLog } from 'ethers';
import { startChainFixture, type ChainFixture } from '../support/chain-fixture.js';
import { PAT_WEI, removeDir } from '../support/exchange-fixture.js';
import { contractAt, HARDHAT_KEYS, type CrashPoint, type Deployment } from '../../src/settlement/index.js';

const CHILD = fileURLToPath(new URL('../support/settlement-child.ts', import.meta.url));
const CONSUMER = 4;
const PROVIDER = 5;
const BROKER = 8;
const SETTLER = 9;
let fx: ChainFixture;

beforeAll(async () => {
  fx = await startChainFixture();
  await fx.intervalMining(50);
});

afterAll(async () => {
  await fx?.stop();
});

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runChild(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function deposit(d: Deployment, walletIndex: number, amountWei: bigint): Promise<void> {
  const token = contractAt('PATToken', d.token, fx.wallets[0]!);
  await (await token.getFunction('transfer')(fx.addresses[walletIndex], amountWei)).wait();
  await (await (token.connect(fx.wallets[walletIndex]!) as Contract).getFunction('approve')(d.vault, amountWei)).wait();
  await (await contractAt('PATXVault', d.vault, fx.wallets[walletIndex]!).getFunction('deposit')(amountWei)).wait();
}

const POINTS: CrashPoint[] = ['after-cut', 'after-send', 'after-confirm', 'after-record'];

describe('settler crash recovery', () => {
  it.each(POINTS)('killed %s, restarted: each batch exactly once, the withdrawal paid once, reconciliation clean', async (point) => {
    const d = await fx.deploy({ settler: fx.addresses[SETTLER] });
    await deposit(d, CONSUMER, 100n * PAT_WEI);
    await deposit(d, BROKER, 1000n * PAT_WEI);
    const token = contractAt('PATToken', d.token, fx.provider);
    const vault = contractAt('PATXVault', d.vault, fx.provider);
    const walletBefore = (await token.getFunction('balanceOf')(fx.addresses[CONSUMER])) as bigint;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-settle-crash-'));
    const args = (phase: string): string[] => [dir, fx.chain.rpcUrl, JSON.stringify(d), fx.addresses[CONSUMER]!, fx.addresses[PROVIDER]!, fx.addresses[BROKER]!, phase];
    const env = { PATX_SETTLER_KEY: HARDHAT_KEYS[SETTLER]! };
    try {
      const crashed = await runChild(args('trade'), { ...env, PATX_SETTLER_CRASH_AT: point });
      expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
      const resumed = await runChild(args('resume'), env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const result = JSON.parse(resumed.stdout.trim().split('\n').pop()!) as { settled: number; reconciliation: { ok: boolean; mismatches: unknown[] } };
      expect(result.reconciliation.mismatches).toEqual([]);
      expect(result.reconciliation.ok).toBe(true);

      const lastBatchId = Number(await vault.getFunction('lastBatchId')());
      expect(result.settled).toBe(lastBatchId);
      const settled = (await vault.queryFilter(vault.getEvent('BatchSettled'), d.deployBlock)) as EventLog[];
      expect(settled.map((e) => Number(e.args[0]))).toEqual(Array.from({ length: lastBatchId }, (_, i) => i + 1));
      const paid = await vault.queryFilter(vault.getEvent('WithdrawalPaid'), d.deployBlock);
      expect(paid).toHaveLength(1);
      expect(await token.getFunction('balanceOf')(fx.addresses[CONSUMER])).toBe(walletBefore + 10n * PAT_WEI);
      // 100 deposited - 9 paid for 3 rights - 10 withdrawn.
      expect(await vault.getFunction('balanceOf')(fx.addresses[CONSUMER])).toBe(81n * PAT_WEI);
      expect(await vault.getFunction('balanceOf')(fx.addresses[PROVIDER])).toBe(10n * PAT_WEI);
    } finally {
      removeDir(dir);
    }
  });
});
