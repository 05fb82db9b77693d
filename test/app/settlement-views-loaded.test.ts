/**
 * Settlement views read while a close is busy (issue 80, point 3): the running service (real LMDB
 * journal, uWS on loopback, the quoter on) with a synthetic and a grid of calls and puts on one
 * spot window; at the close, while a trader keeps placing and cancelling orders and a consumer keeps
 * asking for withdrawals, readers poll `GET /v1/series/{id}/settlement` of every series over HTTP
 * and the schedule expires them all. Every answer is whole: no index before the expiry's seq, and
 * from it on the published index with its computation (`detail: true`), equal to the one the
 * engine published, never the bare value (`detail: false`); an EXPIRED series always shows its index.
 * A consumer holding one of each option is paid each unit's worth at the published index, and its
 * ledger moves by exactly those payouts less the withdrawals it asked for meanwhile, to the µPAT, and its
 * statement (GET /v1/settlements, read right after the close) holds those settlement events, row for row.
 * With the view joined at its capture (before the fix) two runs in three failed here. Off-chain: the on-chain
 * side of a settled expiry is test/settlement/options-chain.test.ts and synthetics-chain.test.ts.
 */
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { listFills, listSettlements } from '../../src/client/index.js';
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, WEI_PER_MICRO, type EngineEvent } from '../../src/engine/index.js';
import type { Service } from '../../src/app/service.js';
import { strikeGrid } from '../../src/option-pricing/black76.js';
import { iocOrder, listOnWindow, optionsWindow, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-settlement-views-loaded-');

interface View {
  status: string;
  asOfSeq: number;
  settlementIndex: { detail: boolean; seq?: number; indexMicros: number; computation?: unknown; inputs?: unknown } | null;
}

async function view(svc: Service, seriesId: number): Promise<View> {
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${svc.gateway.port}/v1/series/${seriesId}/settlement`);
    // Read as fast as this address may (every route has its rate: 429 with Retry-After past it), and read again then.
    if (res.status === 429) {
      await res.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    expect(res.status).toBe(200);
    return (await res.json()) as View;
  }
}

async function account(svc: Service, role: Role, address = ''): Promise<number> {
  return (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
}

/**
 * A read from the address that just polled the public settlement views as hard as it could: the per-address rate
 * (50 a second) may refuse it RATE_LIMITED for a second; it is the statement's figures this test checks, so it waits.
 */
async function afterRateLimit<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'RATE_LIMITED' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
  }
}

describe('settlement views at a busy close', () => {
  it('are whole in every answer read while the series expire with trading and withdrawals in flight', async () => {
    const svc = await qs.start();
    try {
      const spot = await optionsWindow(svc, qs.now);
      const cashSettled = [(await listOnWindow(svc, spot, SeriesKind.SYNTHETIC)).id];
      const grid = strikeGrid(spot.referencePriceMicros, spot.spec.tickMicros);
      for (const strike of grid.slice(0, 4)) {
        for (const kind of [SeriesKind.CALL, SeriesKind.PUT]) cashSettled.push((await listOnWindow(svc, spot, kind, { strikeMicros: strike, minPriceMicros: spot.spec.tickMicros })).id);
      }

      // Inside the index hour: the broker quotes and a provider sells into its bid, so the index has samples and a trade.
      qs.now = spot.spec.closeAtMs - 40 * 60_000;
      await quoteTurn(svc);
      const provider = await account(svc, Role.PROVIDER);
      await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot.id, capacity: 1_000 });
      await send(svc, { kind: CommandKind.MINT, actor: provider, seriesId: spot.id, qty: 1_000 });
      const bid = (): number => svc.engine.orders.get(spot.quoteBidIds[0]!)!.priceMicros;
      await send(svc, iocOrder(provider, spot.id, Side.SELL, bid(), 2));
      const wallet = new Wallet(Wallet.createRandom().privateKey);
      const consumer = await account(svc, Role.CONSUMER, wallet.address.toLowerCase());
      await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer, amountWei: 1_000n * 1_000_000n * WEI_PER_MICRO, ref: 'loaded:consumer' });

      // The consumer buys one of each option at the broker's ask: it holds them at the close.
      await quoteTurn(svc);
      const held: number[] = [];
      for (const id of cashSettled.slice(1)) {
        const ask = svc.engine.series[id]!.quoteAskIds[0];
        const askOrder = ask === undefined ? undefined : svc.engine.orders.get(ask);
        if (askOrder === undefined) continue;
        const bought = await send(svc, iocOrder(consumer, id, Side.BUY, askOrder.priceMicros, 1));
        if (bought.some((e) => e.type === EventType.FILL)) held.push(id);
      }
      expect(held).toHaveLength(cashSettled.length - 1);
      // Another consumer only bids in an option and cancels: the engine settles it (it ordered) with nothing to settle.
      const bidderWallet = new Wallet(Wallet.createRandom().privateKey);
      const bidder = await account(svc, Role.CONSUMER, bidderWallet.address.toLowerCase());
      await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: bidder, amountWei: 10n * 1_000_000n * WEI_PER_MICRO, ref: 'loaded:bidder' });
      // An option whose best ask is above its lowest price: a bid there rests.
      const option = cashSettled.slice(1).map((id) => svc.engine.series[id]!).find((o) => {
        const ask = o.bookFor(Side.BUY, false).bestAskMicros(); // the asks a customer's buy meets
        return ask === 0 || ask > o.spec.minPriceMicros;
      })!;
      const bidden = (await send(svc, { kind: CommandKind.NEW_ORDER, actor: bidder, seriesId: option.id, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros: option.spec.minPriceMicros, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST })).find((e) => e.type === EventType.ORDER_ACCEPTED);
      expect(bidden).toBeDefined();
      await send(svc, { kind: CommandKind.CANCEL_ORDER, actor: bidder, orderId: bidden!.orderId, clientOrderId: 0 });
      const ledger = (): number => svc.engine.accounts[consumer]!.availableMicros + svc.engine.accounts[consumer]!.heldMicros;
      const before = ledger();
      let withdrawnMicros = 0;
      qs.now = spot.spec.closeAtMs + 1_000;
      const published = new Map<number, Extract<EngineEvent, { type: typeof EventType.SETTLEMENT_INDEX_PUBLISHED }>>();
      const paid: Array<Extract<EngineEvent, { type: typeof EventType.SYNTHETIC_SETTLED }>> = [];
      svc.sequencer.onRelease((batch) => {
        for (const e of batch.events) {
          if (e.type === EventType.SETTLEMENT_INDEX_PUBLISHED) published.set(e.seriesId, e);
          else if (e.type === EventType.SYNTHETIC_SETTLED && e.accountId === consumer) paid.push(e);
        }
      });

      let busy = true;
      // A trader placing and cancelling bids, a consumer asking for withdrawals, as fast as the sequencer takes them.
      const trading = (async () => {
        for (let i = 0; busy; i++) {
          const placed = await send(svc, { kind: CommandKind.NEW_ORDER, actor: consumer, seriesId: spot.id, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros: spot.spec.tickMicros, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
          const accepted = placed.find((e) => e.type === EventType.ORDER_ACCEPTED);
          if (accepted !== undefined) await send(svc, { kind: CommandKind.CANCEL_ORDER, actor: consumer, orderId: accepted.orderId, clientOrderId: 0 });
          if (i % 5 === 0) {
            const asked = await send(svc, { kind: CommandKind.REQUEST_WITHDRAWAL, actor: consumer, amountWei: WEI_PER_MICRO });
            if (asked.some((e) => e.type === EventType.WITHDRAWAL_REQUESTED)) withdrawnMicros += 1;
          }
        }
      })();
      const seen = new Map<number, View[]>(cashSettled.map((id) => [id, []]));
      const reading = cashSettled.map(async (id) => {
        // Until this series has been seen expired a few times after the schedule ran.
        while (busy || seen.get(id)!.filter((v) => v.status === 'EXPIRED').length < 3) seen.get(id)!.push(await view(svc, id));
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await svc.runSchedule(); // the close's expiries, among the trader's and the consumer's commands
      await new Promise((resolve) => setTimeout(resolve, 300));
      busy = false;
      await Promise.all([trading, ...reading]);

      for (const id of cashSettled) {
        const index = published.get(id);
        expect(index, `series ${id} expired`).toBeDefined();
        const views = seen.get(id)!;
        expect(views.some((v) => v.status === 'EXPIRED')).toBe(true);
        for (const v of views) {
          if (v.asOfSeq < index!.seq) {
            expect(v.settlementIndex, `series ${id} as of ${v.asOfSeq}, before the expiry at ${index!.seq}`).toBeNull();
            continue;
          }
          expect(v.status).toBe('EXPIRED');
          expect(v.settlementIndex, `series ${id} as of ${v.asOfSeq}`).toMatchObject({ detail: true, seq: index!.seq, indexMicros: index!.indexMicros });
          expect(v.settlementIndex!.computation).toBeDefined();
          expect(v.settlementIndex!.inputs).toBeDefined();
        }
      }

      // The holder's side: one settlement per option held, each unit paid its worth at the published index, and its
      // ledger moved by exactly those payouts less what it withdrew meanwhile (its orders all cancelled), to the µPAT.
      expect(paid.map((p) => p.seriesId).sort((a, b) => a - b)).toEqual([...held].sort((a, b) => a - b));
      for (const p of paid) {
        const series = svc.engine.series[p.seriesId]!;
        const index = published.get(p.seriesId)!.indexMicros;
        const strike = series.spec.strikeMicros;
        expect(p.indexMicros).toBe(index);
        expect(p.valueMicros).toBe(series.spec.kind === SeriesKind.CALL ? Math.max(index - strike, 0) : Math.max(strike - index, 0));
        expect(p.payoutMicros).toBe(p.positionQty * p.valueMicros - p.haircutMicros);
      }
      expect(paid.some((p) => p.payoutMicros > 0)).toBe(true); // some in the money: the ledger check weighs something
      expect(withdrawnMicros).toBeGreaterThan(0);
      expect(svc.engine.accounts[consumer]!.heldMicros).toBe(0);
      expect(ledger()).toBe(before - withdrawnMicros + paid.reduce((sum, p) => sum + p.payoutMicros, 0));
      // Its statement (GET /v1/settlements, wallet-signed) says the same, right after the close: one row per settlement event.
      const http = { url: `http://127.0.0.1:${svc.gateway.port}`, wallet, clock: () => qs.now }; // signed on the service's clock
      const statement = await afterRateLimit(() => listSettlements(http));
      expect(statement.settlements.map(({ seq, seriesId, positionQty, costMicros, indexMicros, valueMicros, payoutMicros, shortfallMicros, haircutMicros }) => ({ seq, seriesId, positionQty, costMicros, indexMicros, valueMicros, payoutMicros, shortfallMicros, haircutMicros })).sort((a, b) => a.seriesId - b.seriesId)).toEqual(
        paid.map(({ seq, seriesId, positionQty, costMicros, indexMicros, valueMicros, payoutMicros, shortfallMicros, haircutMicros }) => ({ seq, seriesId, positionQty, costMicros, indexMicros, valueMicros, payoutMicros, shortfallMicros, haircutMicros })).sort((a, b) => a.seriesId - b.seriesId),
      );
      expect(statement.settlements.every((row) => row.kind === 'CALL' || row.kind === 'PUT')).toBe(true);
      // The bidder's statement has no row: its SYNTHETIC_SETTLED moved nothing.
      const bidderRows = (await afterRateLimit(() => listSettlements({ ...http, wallet: bidderWallet }))).settlements;
      expect(bidderRows, JSON.stringify(bidderRows)).toEqual([]);
      // Its fills: one buy of each option held, as taker; each settlement's premium is what that buy paid, and its P&L the payout less it.
      const bought = (await afterRateLimit(() => listFills(http))).fills.filter((f) => held.includes(f.seriesId));
      expect(bought.map((f) => [f.seriesId, f.side, f.qty, f.liquidity]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([...held].sort((a, b) => a - b).map((id) => [id, 'BUY', 1, 'TAKER']));
      for (const row of statement.settlements) {
        expect(row.premiumMicros).toBe(bought.find((f) => f.seriesId === row.seriesId)!.notionalMicros);
        expect(row.pnlMicros).toBe(row.positionQty * row.valueMicros - row.costMicros - row.premiumMicros);
      }
    } finally {
      await svc.stop();
    }
  }, 60_000);
});
