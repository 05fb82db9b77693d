/**
 * Escrow settled on a real hardhat node from a real journaled exchange under rules 3
 * (docs/delivery.md, "Escrow, claims and refunds"): a provider's sale reaches its vault
 * balance at once while the engine holds the proceeds (not withdrawable); a claim resolved
 * after its grace refunds the consumer from the held proceeds and the provider's free PAT,
 * and the batch moves that PAT on-chain; at the close the provider's unsold rights are burned
 * and leave the registry. After each batch the chain equals the ledger and reconciliation
 * is clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, RejectReason, Side, SYSTEM_ACTOR, TimeInForce } from '../../src/engine/index.js';
import { accountLedgerWei } from '../../src/settlement/index.js';
import { limitOrder, NOW, PAT_MICROS, PAT_WEI, T0, until } from '../support/exchange-fixture.js';
import { BROKER, ok, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const CONSUMER = 4;
const PROVIDER = 5;
const HOUR_MS = 3_600_000;
const CLOSE = T0 + 7 * 86_400_000;

let nowMs = NOW;
let h: SettledExchange;

async function expectChainEqualsLedger(): Promise<void> {
  const { x, cast, fx, vault, registry } = h;
  for (const [id, wallet] of [[cast.broker, BROKER], [cast.consumer, CONSUMER], [cast.provider, PROVIDER]] as const) {
    expect(await vault.getFunction('balanceOf')(fx.addresses[wallet]), `PAT of account ${id}`).toBe(accountLedgerWei(x.engine, id));
    const p = x.engine.accounts[id]!.positions.get(cast.seriesId);
    expect(await registry.getFunction('rightsOf')(cast.seriesId, fx.addresses[wallet]), `rights of account ${id}`).toBe(BigInt((p?.available ?? 0) + (p?.held ?? 0)));
  }
  await h.expectReconciled();
}

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER, clock: () => nowMs, dirPrefix: 'patx-escrow-chain-' });
  await ok(h.x.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 }), EventType.RULES_ADOPTED);
  await h.startSettlement();
  await h.depositOnChain(BROKER, 1000n * PAT_WEI);
  await h.depositOnChain(CONSUMER, 100n * PAT_WEI);
  await h.depositOnChain(PROVIDER, 2n * PAT_WEI);
  const { x, cast } = h;
  await until(() => [cast.broker, cast.consumer, cast.provider].every((id) => x.engine.accounts[id]!.availableMicros > 0), 'deposits credited');
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('escrow on-chain (rules 3)', () => {
  it('a sale reaches the provider\'s vault balance while the engine holds it; a claim\'s refund moves PAT to the consumer on-chain', async () => {
    const { x, cast } = h;
    const { broker, consumer, provider, seriesId } = cast;
    await ok(x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 100 }), EventType.CAPACITY_DECLARED);
    await ok(x.submit({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 50 }), EventType.RIGHTS_MINTED);
    await ok(x.submit(limitOrder(provider, seriesId, Side.SELL, 500_000, 20)), EventType.ORDER_ACCEPTED);
    await ok(x.submit(limitOrder(broker, seriesId, Side.BUY, 500_000, 20, TimeInForce.IOC)), EventType.SALE_PROCEEDS_HELD);
    await ok(x.submit(limitOrder(broker, seriesId, Side.SELL, PAT_MICROS, 10)), EventType.ORDER_ACCEPTED);
    await ok(x.submit(limitOrder(consumer, seriesId, Side.BUY, PAT_MICROS, 10, TimeInForce.IOC)), EventType.FILL);
    const ev = await ok(x.submit({ kind: CommandKind.EXERCISE, actor: consumer, seriesId, qty: 10 }), EventType.GRANT_ESCROWED);
    const grantId = ev.find((e) => e.type === EventType.GRANT_ESCROWED)!.grantId;
    // Held: the provider may withdraw only its free 2 PAT, not the 10 it was paid.
    const refused = await x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: provider, amountWei: 3n * PAT_WEI });
    expect(refused).toMatchObject([{ type: EventType.COMMAND_REJECTED, reason: RejectReason.INSUFFICIENT_BALANCE }]);
    await h.settle();
    expect(await h.balanceOf(PROVIDER)).toBe(12n * PAT_WEI);
    await expectChainEqualsLedger();

    await ok(x.submit({ kind: CommandKind.FILE_CLAIM, actor: consumer, grantId }), EventType.CLAIM_FILED);
    nowMs += HOUR_MS;
    const resolved = await ok(x.submit({ kind: CommandKind.RESOLVE_CLAIM, actor: SYSTEM_ACTOR, grantId }), EventType.CLAIM_RESOLVED);
    // 10 undelivered at 1 PAT: 5 held (10 × 0.5), 2 of the provider's free PAT, 3 short.
    expect(resolved.find((e) => e.type === EventType.CLAIM_RESOLVED)).toMatchObject({ refundMicros: 10 * PAT_MICROS, fromHeldMicros: 5 * PAT_MICROS, fromProviderMicros: 2 * PAT_MICROS, shortfallMicros: 3 * PAT_MICROS });
    const consumerBefore = await h.balanceOf(CONSUMER);
    await h.settle();
    expect((await h.balanceOf(CONSUMER)) - consumerBefore).toBe(7n * PAT_WEI);
    expect(await h.balanceOf(PROVIDER)).toBe(5n * PAT_WEI);
    await expectChainEqualsLedger();
  });

  it('at the close the provider\'s unsold rights are burned and leave the registry; unexercised sales are released', async () => {
    const { x, cast, fx, registry } = h;
    expect(await registry.getFunction('rightsOf')(cast.seriesId, fx.addresses[PROVIDER])).toBe(30n);
    nowMs = CLOSE;
    const ev = await ok(x.submit({ kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: cast.seriesId, cutoffMs: CLOSE }), EventType.RIGHTS_BURNED);
    expect(ev.find((e) => e.type === EventType.RIGHTS_BURNED)).toMatchObject({ accountId: cast.provider, qty: 30 });
    // The broker's 10 unexercised rights were sold by the provider: their 5 PAT are released.
    expect(ev.find((e) => e.type === EventType.ESCROW_RELEASED)).toMatchObject({ grantId: 0, accountId: cast.provider, qty: 10, releasedMicros: 5 * PAT_MICROS });
    expect(x.engine.accounts[cast.provider]!.proceedsHeldMicros).toBe(0);
    await h.settle();
    expect(await registry.getFunction('rightsOf')(cast.seriesId, fx.addresses[PROVIDER])).toBe(0n);
    await expectChainEqualsLedger();
  });
});
