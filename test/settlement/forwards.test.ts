/**
 * Forwards settled on a real hardhat node from a real journaled exchange: a provider
 * pledges and sells forward to the broker, the broker sells forward to two consumers,
 * and the batch registers the consumers' forward holdings (never a seller's negative
 * position: the registry would revert). Then delivery at the window's open: one window
 * in full, delivered one position per command with a batch and a reconciliation after
 * each (the broker's spot rights are in transit inside the engine meanwhile); the other
 * with the provider short (no published listing while risk.mintRequiresListing is 1),
 * so PAT flows back through the broker. After each batch the chain equals the ledger,
 * rights and PAT, and reconciliation is clean, online and offline (`patx reconcile`).
 */
import { patxJson } from '../support/patx-cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, type EngineEvent, type ForwardDelivered } from '../../src/engine/index.js';
import { accountLedgerWei, deliveryInTransit, payoutsHandler, type Settlement } from '../../src/settlement/index.js';
import type { ChainFixture } from '../support/chain-fixture.js';
import { CONTRACT, limitOrder, PAT_MICROS, PAT_WEI, T0, until, type Cast, type Exchange } from '../support/exchange-fixture.js';
import { BROKER, ok, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const WEEK_MS = 7 * 86_400_000;
const CONSUMER = 4;
const PROVIDER = 5;
const CONSUMER2 = 6;

let h: SettledExchange;
let fx: ChainFixture;
let x: Exchange;
let cast: Cast;
let consumer2: number;
let settlement: Settlement;
let vault: SettledExchange['vault'];
let registry: SettledExchange['registry'];

/** A window after the cast's: its spot and forward series. */
interface Window {
  openAtMs: number;
  spot: number;
  forward: number;
}
const windows: Window[] = [];

async function list(kind: SeriesKind, openAtMs: number): Promise<number> {
  const [e] = await x.submit({
    kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: CONTRACT, seriesKind: kind, openAtMs, closeAtMs: openAtMs + WEEK_MS,
    tickMicros: 1000, lotSize: 1, minPriceMicros: 1000, maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500,
  });
  if (e?.type !== EventType.SERIES_LISTED) throw new Error(`listing failed: ${JSON.stringify(e)}`);
  return e.seriesId;
}

/** Vault balances and registry rights of every account, series by series, equal the ledger; reconciliation is clean. */
async function expectChainEqualsLedger(seriesIds: number[]): Promise<void> {
  const accounts: Array<[number, string]> = [[cast.broker, fx.addresses[BROKER]!], [cast.consumer, fx.addresses[CONSUMER]!], [consumer2, fx.addresses[CONSUMER2]!], [cast.provider, fx.addresses[PROVIDER]!]];
  const inTransit = deliveryInTransit(x.engine);
  for (const [id, address] of accounts) {
    expect(await vault.getFunction('balanceOf')(address), `PAT of account ${id}`).toBe(accountLedgerWei(x.engine, id));
    const account = x.engine.accounts[id]!;
    for (const seriesId of seriesIds) {
      const p = account.positions.get(seriesId);
      const isForward = x.engine.series[seriesId]!.spec.kind === SeriesKind.FORWARD;
      const customer = account.role === Role.CONSUMER || account.role === Role.INSTITUTION;
      const expected = (isForward && !customer ? 0 : (p?.available ?? 0) + (p?.held ?? 0)) + (inTransit.get(`${seriesId}:${id}`) ?? 0);
      expect(await registry.getFunction('rightsOf')(seriesId, address), `rights of account ${id} in series ${seriesId}`).toBe(BigInt(expected));
    }
  }
  await h.expectReconciled();
}

function deliver(w: Window, maxPositions: number): Promise<EngineEvent[]> {
  return x.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: w.forward, cutoffMs: w.openAtMs, maxPositions });
}

function deliveries(events: EngineEvent[]): ForwardDelivered[] {
  return events.filter((e): e is ForwardDelivered => e.type === EventType.FORWARD_DELIVERED);
}

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER });
  ({ fx, x, cast, vault, registry } = h);
  consumer2 = await h.openAccount(Role.CONSUMER, CONSUMER2);
  for (const openAtMs of [T0 + WEEK_MS, T0 + 2 * WEEK_MS]) windows.push({ openAtMs, spot: await list(SeriesKind.SPOT, openAtMs), forward: await list(SeriesKind.FORWARD, openAtMs) });
  settlement = await h.startSettlement();
  await h.depositOnChain(BROKER, 1000n * PAT_WEI);
  await h.depositOnChain(CONSUMER, 100n * PAT_WEI);
  await h.depositOnChain(CONSUMER2, 100n * PAT_WEI);
  await h.depositOnChain(PROVIDER, 100n * PAT_WEI);
  await until(() => [cast.broker, cast.consumer, consumer2, cast.provider].every((id) => x.engine.accounts[id]!.availableMicros > 0), 'deposits credited');
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('forwards on-chain', () => {
  it('forward sales settle: PAT moves at the fill, only the consumers\' forward holdings are registered', async () => {
    const { broker, consumer, provider } = cast;
    for (const w of windows) {
      await ok(x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: w.forward, capacity: 10 }), EventType.CAPACITY_DECLARED);
      await ok(x.submit(limitOrder(provider, w.forward, Side.SELL, 500_000, 10)), EventType.ORDER_ACCEPTED);
      await ok(x.submit(limitOrder(broker, w.forward, Side.BUY, 500_000, 10, TimeInForce.IOC)), EventType.FILL);
      await ok(x.submit(limitOrder(broker, w.forward, Side.SELL, 600_000, 10)), EventType.ORDER_ACCEPTED);
      await ok(x.submit(limitOrder(consumer, w.forward, Side.BUY, 600_000, 6)), EventType.FILL);
      await ok(x.submit(limitOrder(consumer2, w.forward, Side.BUY, 600_000, 4)), EventType.FILL);
    }
    // The provider's proceeds are escrowed and its collateral locked inside the engine; on-chain they are its balance.
    expect(x.engine.accounts[provider]!.lockedMicros).toBe(2 * (5 + 1) * PAT_MICROS);
    expect(x.engine.accounts[provider]!.positions.get(windows[0]!.forward)!.available).toBe(-10);
    await h.settle();
    const [a] = windows as [Window];
    expect(await registry.getFunction('seriesKind')(a.forward)).toBe(BigInt(SeriesKind.FORWARD));
    expect(await registry.getFunction('rightsOf')(a.forward, fx.addresses[CONSUMER])).toBe(6n);
    expect(await registry.getFunction('rightsOf')(a.forward, fx.addresses[CONSUMER2])).toBe(4n);
    expect(await registry.getFunction('rightsOf')(a.forward, fx.addresses[PROVIDER])).toBe(0n);
    expect(await registry.getFunction('rightsOf')(a.forward, fx.addresses[BROKER])).toBe(0n);
    expect(await registry.getFunction('supplyOf')(a.forward)).toBe(10n);
    expect(await vault.getFunction('balanceOf')(fx.addresses[PROVIDER])).toBe(110n * PAT_WEI);
    await expectChainEqualsLedger(windows.flatMap((w) => [w.spot, w.forward]));
  });

  it('delivers a window in full, one position per command, settling and reconciling after each while the broker\'s rights are in transit', async () => {
    const [a] = windows as [Window];
    let commands = 0;
    let sawInTransit = false;
    while (x.engine.series[a.forward]!.forward!.phase !== 3) {
      const ev = await deliver(a, 1);
      expect(ev.map((e) => e.type)).not.toContain(EventType.COMMAND_REJECTED);
      commands++;
      if (deliveryInTransit(x.engine).size > 0) sawInTransit = true;
      if (!settlement.settler.pending.isEmpty) await h.settle();
      await expectChainEqualsLedger([a.spot, a.forward]);
    }
    expect(commands).toBeGreaterThan(3);
    expect(sawInTransit).toBe(true);
    expect(await registry.getFunction('rightsOf')(a.spot, fx.addresses[CONSUMER])).toBe(6n);
    expect(await registry.getFunction('rightsOf')(a.spot, fx.addresses[CONSUMER2])).toBe(4n);
    expect(await registry.getFunction('rightsOf')(a.spot, fx.addresses[BROKER])).toBe(0n);
    expect(await registry.getFunction('rightsOf')(a.forward, fx.addresses[CONSUMER])).toBe(0n);
    expect(await registry.getFunction('supplyOf')(a.spot)).toBe(10n);
    expect(await registry.getFunction('supplyOf')(a.forward)).toBe(0n);
  });

  it('a provider short (no published listing) repays the broker; the consumers get their price back and the broker\'s collateral, on-chain', async () => {
    const [, b] = windows as [Window, Window];
    await ok(x.submit({ kind: CommandKind.SET_PARAM, actor: cast.operator, name: 'risk.mintRequiresListing', value: 1 }), EventType.PARAM_CHANGED);
    const consumerBefore = accountLedgerWei(x.engine, cast.consumer);
    const ev = await deliver(b, 1_000);
    const byAccount = new Map(deliveries(ev).map((e) => [e.accountId, e]));
    expect(byAccount.get(cast.provider)).toMatchObject({ deliveredQty: 0, shortfallQty: 10, refundMicros: -5 * PAT_MICROS, compensationMicros: -1 * PAT_MICROS });
    expect(byAccount.get(cast.consumer)).toMatchObject({ deliveredQty: 0, shortfallQty: 6, refundMicros: 3_600_000, compensationMicros: 720_000 });
    await h.settle();
    await expectChainEqualsLedger([b.spot, b.forward]);
    expect(accountLedgerWei(x.engine, cast.consumer) - consumerBefore).toBe(4_320_000n * 10n ** 12n);
    expect(await vault.getFunction('balanceOf')(fx.addresses[CONSUMER])).toBe(accountLedgerWei(x.engine, cast.consumer));
    expect(await registry.getFunction('rightsOf')(b.spot, fx.addresses[CONSUMER])).toBe(0n);
    expect(await registry.getFunction('rightsOf')(b.forward, fx.addresses[CONSUMER])).toBe(0n);
    expect(await registry.getFunction('supplyOf')(b.forward)).toBe(0n);
    await ok(x.submit({ kind: CommandKind.SET_PARAM, actor: cast.operator, name: 'risk.mintRequiresListing', value: 0 }), EventType.PARAM_CHANGED);
    await expectChainEqualsLedger(windows.flatMap((w) => [w.spot, w.forward]));
  });

  it('the provider\'s payout statement lists its forward sales and deliveries apart from spot', async () => {
    const res = await payoutsHandler(() => settlement, x.engine)({ accountId: String(cast.provider) });
    expect(res.status).toBe(200);
    const entries = (res.body as { entries: Array<{ fills: number; forward?: Record<string, number> }> }).entries;
    const sum = (k: string): number => entries.reduce((s, e) => s + (e.forward?.[k] ?? 0), 0);
    expect(entries.every((e) => e.fills === 0)).toBe(true);
    expect(sum('fills')).toBe(2);
    expect(sum('grossMicros')).toBe(10 * PAT_MICROS);
    expect(sum('deliveredQty')).toBe(10);
    expect(sum('shortfallQty')).toBe(10);
    expect(sum('proceedsMicros')).toBe(5 * PAT_MICROS);
    expect(sum('repaidMicros')).toBe(6 * PAT_MICROS);
  });

  it('patx reconcile agrees offline, beside the running service', async () => {
    const rec = await patxJson(x.dir, 'reconcile');
    expect(rec.status, rec.stderr).toBe(0);
    expect(JSON.parse(rec.stdout.trim())).toMatchObject({ ok: true, mismatches: [] });
  });
});
