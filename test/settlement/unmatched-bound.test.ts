/**
 * Deposits from an address no account has are bounded (settlement.unmatchedDeposits): each is kept one by one only from
 * `minKeptWei` on and among the `maxKept` largest; the rest are counted and summed in one aggregate, which the operator
 * sees (status, metrics, one alarm) and credits by ref once the address has an account. An audit found them kept
 * without a limit: a stranger's many tiny deposits grew the store, and each poll's walk of it, for ever. Here the store
 * on real LMDB, then the settlement service on a real local chain: every wei deposited is either kept, aggregated or
 * credited, and reconciliation stays clean.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventLog } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/engine/index.js';
import { accountLedgerWei, SettlementStore, type UnmatchedDeposit } from '../../src/settlement/index.js';
import { settlementMetricsText } from '../../src/settlement/metrics.js';
import { settlementRoutes } from '../../src/app/components/settlement-routes.js';
import { removeDir, until, PAT_WEI } from '../support/exchange-fixture.js';
import { openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const LIMITS = { minKeptWei: PAT_WEI, maxKept: 2 };
const dep = (n: number, pat10ths: number, block = n): UnmatchedDeposit => ({ ref: `0x${n.toString(16).padStart(64, '0')}:0`, depositor: `0x${'a'.repeat(39)}${n % 10}`, amountWei: (BigInt(pat10ths) * PAT_WEI) / 10n, blockNumber: block });

describe('the store: kept one by one up to the bound, the rest aggregated', () => {
  it('aggregates what is below the least and the smallest past the most, atomically with the cursor, once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-unmatched-'));
    try {
      let store = SettlementStore.open(dir);
      // 0.5 PAT: below the least. 2 and 3 PAT: kept. 1.5 PAT: past the most and the smallest, aggregated. 4 PAT: pushes 2 out.
      const first = await store.keepUnmatched([dep(1, 5), dep(2, 20), dep(3, 30)], 10, LIMITS);
      expect([first.kept.map((d) => d.ref), first.aggregated.map((d) => d.ref)]).toEqual([[dep(2, 20).ref, dep(3, 30).ref], [dep(1, 5).ref]]);
      const second = await store.keepUnmatched([dep(4, 15, 11), dep(5, 40, 12)], 20, LIMITS);
      expect(second.aggregated.map((d) => d.ref)).toEqual([dep(4, 15).ref, dep(2, 20).ref]);
      expect(store.watcherCursor()).toBe(20);
      const kept = store.unmatchedDeposits().map((d) => d.amountWei);
      expect(kept.sort()).toEqual([30n * (PAT_WEI / 10n), 40n * (PAT_WEI / 10n)]);
      expect(store.aggregatedDeposits()).toEqual({ deposits: 3, amountWei: 40n * (PAT_WEI / 10n), throughBlock: 20 });
      // Every wei: 0.5 + 2 + 3 + 1.5 + 4 PAT, kept or aggregated.
      expect(store.keptUnmatched().amountWei + store.aggregatedDeposits().amountWei).toBe(110n * (PAT_WEI / 10n));
      // Read again (a cursor set back): nothing counted twice, nothing pushed out.
      await store.keepUnmatched([dep(1, 5), dep(2, 20), dep(3, 30), dep(4, 15, 11), dep(5, 40, 12)], 20, LIMITS);
      expect([store.keptUnmatched().deposits, store.aggregatedDeposits().deposits]).toEqual([2, 3]);
      // After a restart the kept are known again in memory: a 3.5 PAT deposit pushes out the 3.
      await store.close();
      store = SettlementStore.open(dir);
      const third = await store.keepUnmatched([dep(6, 35, 21)], 30, LIMITS);
      expect(third.aggregated.map((d) => d.ref)).toEqual([dep(3, 30).ref]);
      expect(store.unmatchedWeiFrom(dep(3, 30).depositor)).toBe(0n);
      expect(store.unmatchedWeiFrom(dep(6, 35).depositor)).toBe(35n * (PAT_WEI / 10n));
      // A credit by ref takes its deposit out of the aggregate.
      await store.takeAggregated(2n * PAT_WEI);
      expect(store.aggregatedDeposits()).toMatchObject({ deposits: 3, amountWei: 50n * (PAT_WEI / 10n) });
      await store.close();
    } finally {
      removeDir(dir);
    }
  });
});

describe('the watcher on a real chain', () => {
  let h: SettledExchange;
  beforeAll(async () => {
    h = await openSettledExchange({ consumer: 4, provider: 5 });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** The refs of the vault's deposits from a wallet, in chain order. */
  async function refsOf(walletIndex: number): Promise<string[]> {
    const logs = (await h.vault.queryFilter(h.vault.getEvent('Deposited'))) as EventLog[];
    const address = h.fx.addresses[walletIndex]!.toLowerCase();
    return logs.filter((l) => String(l.args[0]).toLowerCase() === address).map((l) => `${l.transactionHash.toLowerCase()}:${l.index}`);
  }

  it('keeps at most the bound, aggregates the rest with every wei counted, and the operator credits an aggregated one by ref', async () => {
    const s = await h.startSettlement({ unmatchedDeposits: { minKeptWei: String(PAT_WEI), maxKept: 2 } });
    const { store } = s;
    const counts = (): [number, number] => [store.keptUnmatched().deposits, store.aggregatedDeposits().deposits];
    // Wallets 1, 2, 3, 6, 7 have no account. 0.5 PAT, then 2 and 3 PAT kept, then 1.5 PAT (the smallest past the most), then 4 PAT (pushes the 2 out).
    await h.depositOnChain(1, PAT_WEI / 2n);
    await until(() => counts()[1] === 1, 'the half PAT aggregated');
    await h.depositOnChain(2, 2n * PAT_WEI);
    await h.depositOnChain(3, 3n * PAT_WEI);
    await until(() => counts()[0] === 2, 'two kept');
    const [twoPat] = await refsOf(2);
    expect(h.alarms.get('unmatched-deposit', `deposit ${twoPat}`)?.active).toBe(true);
    await h.depositOnChain(6, (3n * PAT_WEI) / 2n);
    await until(() => counts()[1] === 2, 'the 1.5 PAT aggregated');
    await h.depositOnChain(7, 4n * PAT_WEI);
    await until(() => counts()[1] === 3, 'the 2 PAT pushed out');
    expect(counts()).toEqual([2, 3]);
    expect(store.unmatchedDeposits().map((d) => d.depositor).sort()).toEqual([h.fx.addresses[3]!.toLowerCase(), h.fx.addresses[7]!.toLowerCase()].sort());
    // Every wei deposited (11 PAT) is kept or aggregated; the operator sees both.
    expect(store.keptUnmatched().amountWei + store.aggregatedDeposits().amountWei).toBe(11n * PAT_WEI);
    expect(s.status().unmatchedDeposits).toMatchObject({ kept: { deposits: 2, amountWei: 7n * PAT_WEI }, aggregated: { deposits: 3, amountWei: 4n * PAT_WEI } });
    const metrics = settlementMetricsText({ enabled: true, starting: false, settlement: s, engine: h.x.engine });
    expect(metrics).toContain('patx_settlement_unmatched_deposits{held="aggregated"} 3');
    expect(metrics).toContain('patx_settlement_unmatched_micros{held="kept"} 7000000');
    expect(h.alarms.get('unmatched-deposit', 'aggregated deposits')).toMatchObject({ active: true, summary: expect.stringMatching(/^3 deposits \(4000000000000000000 wei\)/) });
    expect(h.alarms.get('unmatched-deposit', `deposit ${twoPat}`)?.active).toBe(false);

    // The 2 PAT pushed out: not credited when its wallet's account opens, but by the operator, by its ref
    // (POST /settlement/deposits/{ref}/credit, the risk role's: its route, as the gateway mounts it).
    const [route] = settlementRoutes(() => s, h.x.engine, h.x.sequencer, undefined, 2, () => undefined, (operator) => operator === 'risk-desk', () => Object.assign(() => true, { changesAtMs: [] }));
    const credit = async (ref: string, principal = 'risk-desk'): Promise<{ status: number; body: unknown }> => {
      const path = `/settlement/deposits/${ref}/credit`;
      const reply = await route!.handle({ method: 'POST', path, query: new URLSearchParams(), body: undefined, principal, accountId: 0, operationId: 'creditAggregatedDeposit', params: { ref } });
      return { status: reply.status, body: reply.body };
    };
    expect(await credit(twoPat!)).toMatchObject({ status: 409, body: { error: 'NO_ACCOUNT' } });
    const account = await h.openAccount(Role.CONSUMER, 2);
    await new Promise((resolve) => setTimeout(resolve, 300)); // polls every 20 ms: an aggregated deposit is not retried by them
    const [threePat] = await refsOf(3);
    expect(await credit(threePat!)).toMatchObject({ status: 409, body: { error: 'NOT_AGGREGATED' } });
    expect(await credit(`0x${'1'.repeat(64)}:0`)).toMatchObject({ status: 404, body: { error: 'UNKNOWN_DEPOSIT' } });
    expect(await credit(twoPat!, 'viewer')).toMatchObject({ status: 403, body: { error: 'FORBIDDEN_ROLE' } });
    expect(accountLedgerWei(h.x.engine, account)).toBe(0n);
    expect(await credit(twoPat!)).toEqual({ status: 200, body: { ref: twoPat, credited: true, accountId: account, depositor: h.fx.addresses[2]!.toLowerCase(), amountWei: String(2n * PAT_WEI) } });
    expect(accountLedgerWei(h.x.engine, account)).toBe(2n * PAT_WEI);
    expect(await credit(twoPat!)).toMatchObject({ status: 409, body: { error: 'ALREADY_CREDITED' } });
    expect(store.aggregatedDeposits()).toMatchObject({ deposits: 2, amountWei: 2n * PAT_WEI });
    // The chain and the ledger agree: what is not credited is still the depositors' in the vault.
    await h.expectReconciled();
  }, 120_000);
});
