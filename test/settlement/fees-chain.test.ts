/**
 * Fees settled on a real chain from a real journaled exchange (docs/fees.md): under a fee
 * schedule a provider's sale and a consumer's purchase pay their fees; the batch carries them
 * as its feeWei, the vault credits its fee recipient, every account's vault balance equals its
 * ledger and the fee recipient's the engine's fee account; reconciliation (which reads the
 * recipient from the vault) is clean, before and after the batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, Side, SYSTEM_ACTOR, TimeInForce } from '../../src/engine/index.js';
import { id } from 'ethers';
import { accountLedgerWei } from '../../src/settlement/index.js';
import { contractChainView } from '../../src/settlement/chain-view.js';
import { FEE_RECIPIENT_SELECTOR, rpcChainView } from '../../src/settlement/rpc-chain-view.js';
import { feeMicros } from '../../src/risk/index.js';
import { limitOrder, PAT_MICROS, PAT_WEI, until } from '../support/exchange-fixture.js';
import { BROKER, MICRO_WEI, ok, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const CONSUMER = 4;
const PROVIDER = 5;
let h: SettledExchange;

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER, dirPrefix: 'patx-fees-chain-' });
  await h.startSettlement();
  await h.depositOnChain(BROKER, 1000n * PAT_WEI);
  await h.depositOnChain(CONSUMER, 100n * PAT_WEI);
  const { x, cast } = h;
  await until(() => [cast.broker, cast.consumer].every((id) => x.engine.accounts[id]!.availableMicros > 0), 'deposits credited');
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('fees on-chain', () => {
  it('the batch carries the fees to the vault\'s fee recipient; balances equal the ledger; reconciliation is clean', async () => {
    const { x, cast, vault } = h;
    const { broker, consumer, provider, seriesId } = cast;
    for (const [name, value] of [['fee.takerBps:SPOT', 25], ['fee.makerBps:SPOT', 5], ['fee.takeRateBps:SPOT', 1_000]] as const) {
      await ok(x.submit({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name, value }), EventType.PARAM_CHANGED);
    }
    await ok(x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 100 }), EventType.CAPACITY_DECLARED);
    await ok(x.submit({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 20 }), EventType.RIGHTS_MINTED);
    await ok(x.submit(limitOrder(provider, seriesId, Side.SELL, 500_000, 20)), EventType.ORDER_ACCEPTED);
    await ok(x.submit(limitOrder(broker, seriesId, Side.BUY, 500_000, 20, TimeInForce.IOC)), EventType.FILL);
    await ok(x.submit(limitOrder(broker, seriesId, Side.SELL, PAT_MICROS, 10)), EventType.ORDER_ACCEPTED);
    await ok(x.submit(limitOrder(consumer, seriesId, Side.BUY, PAT_MICROS, 10, TimeInForce.IOC)), EventType.FILL);
    const providerFee = feeMicros(10 * PAT_MICROS, 5) + feeMicros(10 * PAT_MICROS, 1_000);
    const consumerFee = feeMicros(10 * PAT_MICROS, 25);
    expect(x.engine.feeAccountMicros).toBe(providerFee + consumerFee);
    await h.expectReconciled(); // the fees netted, not yet on-chain

    const recipient = String(await vault.getFunction('feeRecipient')());
    const before = (await vault.getFunction('balanceOf')(recipient)) as bigint;
    await h.settle();
    expect(((await vault.getFunction('balanceOf')(recipient)) as bigint) - before).toBe(BigInt(providerFee + consumerFee) * MICRO_WEI);
    for (const [id, wallet] of [[broker, BROKER], [consumer, CONSUMER], [provider, PROVIDER]] as const) {
      expect(await h.balanceOf(wallet), `PAT of account ${id}`).toBe(accountLedgerWei(x.engine, id));
    }
    expect(await h.balanceOf(CONSUMER)).toBe(100n * PAT_WEI - 10n * PAT_WEI - BigInt(consumerFee) * MICRO_WEI);
    await h.expectReconciled();
    // The check could fail: a fee account one µPAT off is the fee recipient's mismatch.
    x.engine.feeAccountMicros += 1;
    try {
      const report = await h.settlement.reconcile();
      expect(report.mismatches).toEqual([expect.objectContaining({ kind: 'balance', address: recipient.toLowerCase(), expected: ((before + BigInt(providerFee + consumerFee + 1) * MICRO_WEI)).toString() })]);
    } finally {
      x.engine.feeAccountMicros -= 1;
    }
    // `patx reconcile`'s JSON-RPC view reads the same fee recipient as the ethers contracts.
    expect(FEE_RECIPIENT_SELECTOR).toBe(id('feeRecipient()').slice(0, 10));
    const block = (await h.fx.provider.getBlockNumber()) - 1;
    const viaRpc = await rpcChainView(h.fx.chain.rpcUrl, h.d);
    expect(await viaRpc.feeRecipient!(block)).toBe(recipient.toLowerCase());
    expect(await contractChainView(vault, h.registry, h.d.deployBlock).feeRecipient!(block)).toBe(recipient.toLowerCase());
    const payouts = h.settlement.payouts(provider);
    expect(payouts.at(-1)).toMatchObject({ fills: 1, grossMicros: 10 * PAT_MICROS, feesMicros: providerFee });
  }, 120_000);
});
