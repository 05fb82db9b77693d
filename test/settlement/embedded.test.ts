/**
 * The embedded default (`npm start` with no settlement config): the service
 * starts a local hardhat node, deploys the contracts, remembers them under the
 * data directory, settles, and stops the node with itself. And a chain that
 * goes away while the service runs: settlement waits, trading goes on.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService } from '../../src/app/service.js';
import { accountLedgerWei, HARDHAT_KEYS, LocalChainError, LOCAL_CHAIN_ID, probeChainId, startLocalChain, type Deployment } from '../../src/settlement/index.js';
import { isDepositCredited, sendDeposit } from '../../src/client/deposit.js';
import { CommandKind, EventType, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const logger = createLogger(process.env.PATX_TEST_LOG ?? 'silent');
const NOW = Date.UTC(2026, 10, 21, 12);

describe('embedded default', () => {
  it('starts a local chain, deploys and remembers the contracts, settles the listings, and stops the chain with the service', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-embedded-'));
    try {
      const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, settlement: { localChainPort: 0, pollIntervalMs: 20, batchIntervalMs: 50, localBlockIntervalMs: 50 } });
      const service = await startService(config, logger, () => NOW);
      const settlement = service.settlement!;
      expect(settlement).toBeDefined();
      expect(settlement.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const remembered = JSON.parse(readFileSync(path.join(dir, 'settlement', 'deployment.json'), 'utf8')) as Deployment;
      expect(remembered).toEqual(settlement.deployment);
      expect(existsSync(path.join(dir, 'settlement', 'runtime.json'))).toBe(true);
      // The demo series are registered on-chain by the first batch.
      await until(() => service.engine.settledBatchId >= 1, 'first batch recorded');
      expect(await settlement.contracts.registry.getFunction('seriesKind')(1)).toBe(1n);
      // The broker's float was deposited on-chain and credited by the watcher, so the quoter has PAT and the vault agrees.
      // Its whole PAT: free, held by quotes, and locked in forward positions (escrow, collateral) all count.
      await until(() => accountLedgerWei(service.engine, service.engine.brokerId) === 10_000n * 10n ** 18n, 'broker float credited');
      expect((await settlement.reconcile()).ok).toBe(true);
      // A deposit from a wallet with an account: its ref (the transaction and the vault's log) is credited, as the
      // exchange says by that ref (GET /v1/chain/deposits/{ref}, what patx deposit and the console wait on).
      const base = `http://127.0.0.1:${service.gateway.port}`;
      const depositor = new Wallet(HARDHAT_KEYS[7]!);
      await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: depositor.address.toLowerCase() });
      const { ref } = await sendDeposit(base, depositor, 10n ** 18n);
      expect(ref).toMatch(/^0x[0-9a-f]{64}:\d+$/);
      await until(() => isDepositCredited({ url: base }, ref), 'the deposit credited, by its ref');
      expect(service.engine.depositRefs.has(ref)).toBe(true);
      expect(await isDepositCredited({ url: base }, `0x${'ab'.repeat(32)}:1`)).toBe(false);
      const malformed = await fetch(`${base}/v1/chain/deposits/${ref.toUpperCase()}`);
      expect([malformed.status, ((await malformed.json()) as { error: string }).error]).toEqual([400, 'INVALID_FIELD']);
      // A withdrawal of an account with no on-chain address cannot be paid: held out of the batch, an alarm for the operator.
      const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
      const addressless = (opened.events[0] as { accountId: number }).accountId;
      await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: addressless, amountWei: 10n ** 18n, ref: 'embedded-test:addressless' });
      const requested = await service.sequencer.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: addressless, amountWei: 10n ** 18n });
      expect(requested.events[0]?.type).toBe(EventType.WITHDRAWAL_REQUESTED);
      const withdrawalId = (requested.events[0] as { withdrawalId: number }).withdrawalId;
      await until(() => service.alarms.get('unpayable-withdrawal', `withdrawal #${withdrawalId}`)?.active === true, 'the unpayable withdrawal raised');
      expect(service.alarms.get('unpayable-withdrawal', `withdrawal #${withdrawalId}`)).toMatchObject({ severity: 'warning', details: { withdrawalId, accountId: addressless } });
      expect(service.engine.withdrawals.has(withdrawalId)).toBe(true); // still pending: nothing was paid to nobody
      // /metrics says how settlement stands (batches go on being cut meanwhile: each figure lies between a read before and one after).
      const before = { batchId: service.engine.settledBatchId, throughSeq: service.engine.settledThroughSeq, cutAtMs: settlement.store.lastOutbox()!.cutAtMs };
      const metrics = await (await fetch(`http://127.0.0.1:${service.gateway.port}/metrics`)).text();
      const after = { batchId: service.engine.settledBatchId, throughSeq: service.engine.settledThroughSeq, cutAtMs: settlement.store.lastOutbox()!.cutAtMs };
      expect(metrics).toMatch(/^patx_settlement_settler_state\{state="(running|waiting)"\} 1$/m);
      const between = (name: string, low: number, high: number): void => {
        const v = metricValue(metrics, name);
        expect(v, name).toBeGreaterThanOrEqual(low);
        expect(v, name).toBeLessThanOrEqual(high);
      };
      between('patx_settlement_settled_batch_id', Math.max(1, before.batchId), after.batchId);
      between('patx_settlement_settled_through_seq', before.throughSeq, after.throughSeq);
      between('patx_settlement_last_cut_timestamp_seconds', before.cutAtMs / 1000, after.cutAtMs / 1000);
      expect(metricValue(metrics, 'patx_chain_watcher_failed_polls')).toBe(0);
      expect(metricValue(metrics, 'patx_reconciliation_mismatches_total')).toBe(0);
      expect(metrics).toMatch(/^patx_settlement_pending_fills \d+$/m);
      const rpcUrl = settlement.rpcUrl;
      await service.stop();
      expect(await probeChainId(rpcUrl, 500)).toBeUndefined();
    } finally {
      removeDir(dir);
    }
  });

  it('when the chain goes away the settler waits and retries while the exchange keeps trading', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-embedded-'));
    try {
      const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, settlement: { localChainPort: 0, pollIntervalMs: 20, batchIntervalMs: 50, localBlockIntervalMs: 50, retryBaseMs: 20, retryMaxMs: 100 } });
      const service = await startService(config, logger, () => NOW);
      const settlement = service.settlement!;
      await until(() => service.engine.settledBatchId >= 1, 'first batch recorded');
      // Kill the node under the running service (the local chain's process only).
      const runtime = JSON.parse(readFileSync(path.join(dir, 'settlement', 'runtime.json'), 'utf8')) as { rpcUrl: string };
      expect(runtime.rpcUrl).toBe(settlement.rpcUrl);
      await stopLocalChainOf(service);
      const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' });
      expect(opened.events[0]?.type).toBe(EventType.ACCOUNT_OPENED);
      const provider = (opened.events[0] as { accountId: number }).accountId;
      const segment = service.engine.seriesById(1)!.segment;
      await service.sequencer.submit({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: provider, segment, listingId: 1, listingVersion: 1 }); // as the catalog does for a published listing
      await service.sequencer.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: 1, capacity: 5 });
      expect((await service.sequencer.submit({ kind: CommandKind.MINT, actor: provider, seriesId: 1, qty: 5 })).events[0]?.type).toBe(EventType.RIGHTS_MINTED);
      await until(() => settlement.settler.status === 'waiting', 'settler waiting on the dead chain');
      await until(() => settlement.watcher.failures > 0, 'watcher failing');
      expect(settlement.settler.status).toBe('waiting');
      // The operator's board says both.
      await until(() => service.alarms.get('settlement-waiting')?.active === true && service.alarms.get('chain-unreachable')?.active === true, 'both alarms raised');
      expect(service.alarms.get('settlement-waiting')!.severity).toBe('warning');
      const metrics = await (await fetch(`http://127.0.0.1:${service.gateway.port}/metrics`)).text();
      expect(metrics).toContain('patx_settlement_settler_state{state="waiting"} 1\n');
      expect(metricValue(metrics, 'patx_chain_watcher_failed_polls')).toBeGreaterThan(0);
      // Readiness tells the truth about it; liveness does not ask for a restart.
      const ready = await fetch(`http://127.0.0.1:${service.gateway.port}/readyz`);
      expect(ready.status).toBe(503);
      const report = (await ready.json()) as { components: Record<string, { state: string }> };
      expect(report.components.settler!.state).toBe('degraded');
      expect(report.components.chainWatcher!.state).toBe('degraded');
      expect((await fetch(`http://127.0.0.1:${service.gateway.port}/healthz`)).status).toBe(200);
      await service.stop();
    } finally {
      removeDir(dir);
    }
  });
});

/** The value of an unlabelled metric in Prometheus text. */
function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no ${name} in /metrics`);
  return Number(line.slice(name.length + 1));
}

/** Stops the service's own local hardhat node, as a crash of that node would. */
async function stopLocalChainOf(service: Awaited<ReturnType<typeof startService>>): Promise<void> {
  const s = service.settlement!;
  // The settlement handle owns the chain (anvil, a child of this process); find it through the OS and kill only it.
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.trim().split(/\s+/)[1] === String(process.pid) && l.includes('anvil'));
  if (line === undefined) throw new Error(`no embedded chain (anvil) under this process`);
  process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
  await until(async () => (await probeChainId(s.rpcUrl, 200)) === undefined, 'node gone');
}

describe('the local chain', () => {
  it('is ready only once its own node listens: another chain answering on the port is not taken for it', async () => {
    // Stands in for another local chain (another PATX, another test) that took the port first:
    // a plain HTTP server answering eth_chainId as hardhat would, so no second node is needed.
    const other = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: `0x${LOCAL_CHAIN_ID.toString(16)}` }));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    try {
      expect(await probeChainId(`http://127.0.0.1:${port}`, 1_000)).toBe(LOCAL_CHAIN_ID);
      const error = await startLocalChain({ port }).then(
        async (chain) => {
          await chain.stop();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LocalChainError);
      expect((error as LocalChainError).output).toContain('EADDRINUSE');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
