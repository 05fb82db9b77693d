/**
 * The fee sweep end to end on a real chain (anvil) and a real journaled exchange (LMDB), through the
 * operator API (docs/fees.md, "Sweeping the fee account"): fees accrue from fills; a batch credits
 * them to the vault's fee recipient; with no account at that address the sweep is refused; the
 * treasury account opened there, the operator sweeps part, then the rest, and later fees not yet
 * on-chain; the treasury withdraws through the ordinary path and the vault pays the fee recipient's
 * address from its balance (the same batch crediting the newest fees first); reconciliation ties to
 * the wei at every step. Then the demo's arrangement: the fee recipient moved to the broker's address
 * (the settler's in the demo), whose account was opened without one: the sweep goes to the broker. And a
 * deployment that names a treasury wallet of its own as the fee recipient (settlement.feeRecipient).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract } from 'ethers';
import { CommandKind, EventType, Role, Side, SYSTEM_ACTOR, TimeInForce, WEI_PER_MICRO, type EngineEvent } from '../../src/engine/index.js';
import { accountLedgerWei, contractAt, settlementConfigSchema } from '../../src/settlement/index.js';
import { resolveDeployment } from '../../src/settlement/settlement-deployment.js';
import { createLogger } from '../../src/runtime/log.js';
import { AuditTrail, createOperatorApi, OperatorCredentials, type OperatorApi, type OperatorResponse } from '../../src/operator/index.js';
import { feeMicros } from '../../src/risk/index.js';
import { limitOrder, PAT_MICROS, PAT_WEI, removeDir, until } from '../support/exchange-fixture.js';
import { BROKER, MICRO_WEI, ok, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const CONSUMER = 4;
const PROVIDER = 5;
/** The harness deploys with wallet 0 as the vault's admin and fee recipient (test/support/chain-fixture.ts). */
const FEE_WALLET = 0;
let h: SettledExchange;
let api: OperatorApi;
let audit: AuditTrail;

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER, dirPrefix: 'patx-fee-sweep-chain-' });
  await h.startSettlement();
  await h.depositOnChain(BROKER, 1000n * PAT_WEI);
  await h.depositOnChain(CONSUMER, 100n * PAT_WEI);
  const { x, cast } = h;
  await until(() => [cast.broker, cast.consumer].every((id) => x.engine.accounts[id]!.availableMicros > 0), 'deposits credited');
  // The operator API as the service builds it: the bootstrap operator ('admin', every role) on the cast's operator account,
  // the audit trail following the released turns, the treasury from the running settlement.
  audit = AuditTrail.open(x.dir, x.journal);
  x.sequencer.onRelease((batch) => audit.record(batch));
  const credentials = OperatorCredentials.open(x.dir, 'fee-sweep-chain-token-0123456789', () => cast.operator);
  api = createOperatorApi({ engine: x.engine, sequencer: x.sequencer, audit, credentials, clock: () => Date.now(), treasury: () => h.settlement.treasury() });
}, 120_000);

afterAll(async () => {
  await audit?.close();
  await h?.stop();
});

function sweep(body: unknown = {}): Promise<OperatorResponse> {
  return api.handle({ method: 'POST', path: '/operator/fees/sweep', body, operator: 'admin' });
}

function swept(res: OperatorResponse): Record<string, unknown> {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const events = (res.body as { events: Array<Record<string, unknown>> }).events;
  expect(events).toHaveLength(1);
  expect(events[0]!.type).toBe('FEES_SWEPT');
  return events[0]!;
}

function refused(res: OperatorResponse): [number, string] {
  return [res.status, (res.body as { error: string }).error];
}

/** A consumer's buy of `qty` at 1 PAT from the broker, paying the taker fee. */
async function consumerBuys(qty: number): Promise<EngineEvent[]> {
  const { x, cast } = h;
  await ok(x.submit(limitOrder(cast.broker, cast.seriesId, Side.SELL, PAT_MICROS, qty)), EventType.ORDER_ACCEPTED);
  return ok(x.submit(limitOrder(cast.consumer, cast.seriesId, Side.BUY, PAT_MICROS, qty, TimeInForce.IOC)), EventType.FILL);
}

async function vaultBalance(address: string): Promise<bigint> {
  return (await h.vault.getFunction('balanceOf')(address)) as bigint;
}

describe('the fee sweep on-chain', () => {
  it('fees reach the fee recipient; the treasury there is swept to, withdraws, and the vault pays its address; reconciliation ties throughout', async () => {
    const { x, cast, fx, token } = h;
    const { broker, provider, seriesId } = cast;
    const recipient = fx.addresses[FEE_WALLET]!;
    expect(String(await h.vault.getFunction('feeRecipient')()).toLowerCase()).toBe(recipient.toLowerCase());
    for (const [name, value] of [['fee.takerBps:SPOT', 25], ['fee.makerBps:SPOT', 5], ['fee.takeRateBps:SPOT', 1_000]] as const) {
      await ok(x.submit({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name, value }), EventType.PARAM_CHANGED);
    }
    await ok(x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 100 }), EventType.CAPACITY_DECLARED);
    await ok(x.submit({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 40 }), EventType.RIGHTS_MINTED);
    await ok(x.submit(limitOrder(provider, seriesId, Side.SELL, 500_000, 40)), EventType.ORDER_ACCEPTED);
    await ok(x.submit(limitOrder(broker, seriesId, Side.BUY, 500_000, 40, TimeInForce.IOC)), EventType.FILL);
    await consumerBuys(10);
    const first = feeMicros(40 * 500_000, 5) + feeMicros(40 * 500_000, 1_000) + feeMicros(10 * PAT_MICROS, 25);
    expect(x.engine.feeAccountMicros).toBe(first);
    await h.settle();
    expect(await vaultBalance(recipient)).toBe(BigInt(first) * MICRO_WEI);
    await h.expectReconciled();

    // No account at the fee recipient's address: refused before anything is journaled.
    const seq = x.engine.lastSeq;
    expect(refused(await sweep())).toEqual([409, 'NO_TREASURY_ACCOUNT']);
    expect(x.engine.lastSeq).toBe(seq);

    const treasury = await h.openAccount(Role.CONSUMER, FEE_WALLET);
    expect(await h.settlement.treasury()).toEqual({ feeRecipient: recipient.toLowerCase(), accountId: treasury });
    await h.expectReconciled(); // the fee recipient's balance: the treasury's (0) and the fee account
    // Part, then more than is left (the engine's refusal, nothing changed), then the rest.
    expect(swept(await sweep({ amountMicros: 1_000 }))).toMatchObject({ treasuryAccountId: treasury, feeRecipient: recipient.toLowerCase(), amountMicros: 1_000, feeAccountMicros: first - 1_000 });
    expect(refused(await sweep({ amountMicros: first }))).toEqual([409, 'FEE_ACCOUNT_SHORT']);
    expect(refused(await sweep({ amountMicros: 0 }))).toEqual([400, 'INVALID_REQUEST']);
    expect(swept(await sweep())).toMatchObject({ amountMicros: first - 1_000, feeAccountMicros: 0 });
    expect(refused(await sweep())).toEqual([409, 'FEE_ACCOUNT_EMPTY']);
    expect(x.engine.feeAccountMicros).toBe(0);
    expect(x.engine.accounts[treasury]!.availableMicros).toBe(first);
    await h.expectReconciled(); // nothing moved on-chain, and nothing needs to

    // Later fees, netted and not yet on-chain, swept too; reconciliation takes them as in flight.
    await consumerBuys(6);
    const second = feeMicros(6 * PAT_MICROS, 25);
    expect(swept(await sweep())).toMatchObject({ amountMicros: second, feeAccountMicros: 0 });
    await h.expectReconciled();

    // The treasury withdraws everything through the ordinary path; one batch credits the newest fees, then pays it.
    const amountWei = BigInt(first + second) * WEI_PER_MICRO;
    await ok(x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: treasury, amountWei }), EventType.WITHDRAWAL_REQUESTED);
    const walletBefore = (await token.getFunction('balanceOf')(recipient)) as bigint;
    await h.settle();
    expect(((await token.getFunction('balanceOf')(recipient)) as bigint) - walletBefore).toBe(amountWei);
    expect(await vaultBalance(recipient)).toBe(0n);
    expect(accountLedgerWei(x.engine, treasury)).toBe(0n);
    expect(x.engine.withdrawals.size).toBe(0);
    await h.expectReconciled();

    // Audited: who swept, how much, to whom.
    const entries = api.audit().filter((e) => e.event === 'FEES_SWEPT');
    expect(entries.map((e) => [e.operator, (e.detail as { amountMicros: number }).amountMicros])).toEqual([['admin', 1_000], ['admin', first - 1_000], ['admin', second]]);
    expect(entries[0]!.detail).toMatchObject({ treasuryAccountId: treasury, feeRecipient: recipient.toLowerCase() });
  }, 180_000);

  it("the demo's arrangement: the fee recipient is the broker's address, its account opened without one; the sweep goes to the broker", async () => {
    const { x, cast, fx } = h;
    const brokerAddress = fx.addresses[BROKER]!;
    await (await (h.vault.connect(fx.wallets[FEE_WALLET]!) as Contract).getFunction('setFeeRecipient')(brokerAddress)).wait();
    expect(x.engine.accounts[cast.broker]!.address).toBe('');
    await consumerBuys(4);
    const fees = feeMicros(4 * PAT_MICROS, 25);
    await h.settle();
    // The broker's vault balance holds its own PAT and the fees, mixed: the ledger says which is which.
    expect(await vaultBalance(brokerAddress)).toBe(accountLedgerWei(x.engine, cast.broker) + BigInt(fees) * MICRO_WEI);
    await h.expectReconciled();
    expect(await h.settlement.treasury()).toEqual({ feeRecipient: brokerAddress.toLowerCase(), accountId: cast.broker });
    const brokerBefore = accountLedgerWei(x.engine, cast.broker);
    expect(swept(await sweep())).toMatchObject({ treasuryAccountId: cast.broker, feeRecipient: brokerAddress.toLowerCase(), amountMicros: fees, feeAccountMicros: 0 });
    expect(accountLedgerWei(x.engine, cast.broker) - brokerBefore).toBe(BigInt(fees) * MICRO_WEI);
    expect(await vaultBalance(brokerAddress)).toBe(accountLedgerWei(x.engine, cast.broker));
    await h.expectReconciled();
  }, 120_000);

  it('a deployment names the treasury wallet as the fee recipient (settlement.feeRecipient), apart from the settler and the broker', async () => {
    const { x, fx } = h;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'patx-fee-recipient-'));
    try {
      const treasuryWallet = fx.addresses[7]!;
      const config = settlementConfigSchema.parse({ rpcUrl: fx.chain.rpcUrl, council: fx.addresses.slice(1, 4), threshold: 2, feeRecipient: treasuryWallet });
      const deps = { config, dataDir, engine: x.engine, sequencer: x.sequencer, journal: x.journal, logger: createLogger('silent') };
      const deployed = await resolveDeployment(deps, fx.chain.rpcUrl, fx.provider, fx.wallets[9]!, false, createLogger('silent'));
      const vault = contractAt('PATXVault', deployed.vault, fx.provider);
      expect(String(await vault.getFunction('feeRecipient')()).toLowerCase()).toBe(treasuryWallet.toLowerCase());
    } finally {
      removeDir(dataDir);
    }
  }, 120_000);
});
