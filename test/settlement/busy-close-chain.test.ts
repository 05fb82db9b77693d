/**
 * A busy close settled on a real hardhat node (issue 80, point 3): a CALL and a PUT struck at 1 PAT,
 * written by a qualified institution and bought by a consumer, expire while the consumer keeps
 * placing and cancelling orders and asking for withdrawals, and while readers keep reading both
 * series' settlement views (the gateway's SyntheticViews through the real sequencer, fed by released
 * turns as the gateway feeds its own). Every view is whole: no index before the expiry's seq, the
 * published index with its computation from it on, never `detail: false`. Then one batch settles
 * it all: each wallet's vault balance moves by exactly its settlement payouts less the withdrawals
 * it asked for, to the wei of each µPAT, the chain equals the ledger and reconciliation is clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, OrderType, SelfTradePrevention, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, WEI_PER_MICRO, type EngineEvent } from '../../src/engine/index.js';
import { SyntheticViews, type SettlementView } from '../../src/gateway/views.js';
import type { Settlement } from '../../src/settlement/index.js';
import { CONTRACT, limitOrder, NOW, PAT_MICROS, PAT_WEI, T0, until, type Cast, type Exchange } from '../support/exchange-fixture.js';
import { BROKER, fundCashSettledCast, MICRO_WEI, ok, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const CLOSE = T0 + 7 * 86_400_000;
const HOUR_MS = 3_600_000;
const CONSUMER = 4;
const PROVIDER = 5;
const WRITER = 6;
const STRIKE = PAT_MICROS;
const PREMIUM = 100_000;
const QTY = 10;

let h: SettledExchange;
let x: Exchange;
let clockMs = NOW;
let cast: Cast;
let writer: number;
let settlement: Settlement;

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER, clock: () => clockMs, dirPrefix: 'patx-busy-close-' });
  ({ x, cast } = h);
  ({ writer, settlement } = await fundCashSettledCast(h, { consumer: CONSUMER, writer: WRITER }, { broker: 1000n * PAT_WEI, consumer: 100n * PAT_WEI, writer: 20n * PAT_WEI }));
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

type Settled = Extract<EngineEvent, { type: typeof EventType.SYNTHETIC_SETTLED }>;
type Published = Extract<EngineEvent, { type: typeof EventType.SETTLEMENT_INDEX_PUBLISHED }>;

describe('a busy close on-chain', () => {
  it('reads whole views while it expires among orders and withdrawals, and settles every payout and withdrawal to the µPAT', async () => {
    await h.councilVotes(3);
    await h.councilVotes(4);
    await ok(h.setReference(PAT_MICROS), EventType.REFERENCE_PRICE_SET);
    const options: number[] = [];
    for (const kind of [SeriesKind.CALL, SeriesKind.PUT]) {
      const [listed] = await x.submit({
        kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: CONTRACT, seriesKind: kind, openAtMs: T0, closeAtMs: CLOSE,
        tickMicros: 1000, lotSize: 1, minPriceMicros: 1000, maxPriceMicros: PAT_MICROS, maxOrderQty: 100_000, bandBps: 500, strikeMicros: STRIKE,
      });
      expect(listed?.type, JSON.stringify(listed)).toBe(EventType.SERIES_LISTED);
      options.push((listed as { seriesId: number }).seriesId);
    }
    await ok(x.submit({ kind: CommandKind.SET_INSTITUTION, actor: cast.operator, accountId: writer, qualified: true }), EventType.INSTITUTION_SET);
    for (const id of options) {
      await ok(x.submit(limitOrder(writer, id, Side.SELL, PREMIUM, QTY)), EventType.ORDER_ACCEPTED);
      await ok(x.submit(limitOrder(cast.consumer, id, Side.BUY, PREMIUM, QTY)), EventType.FILL);
    }
    await h.settle();

    // The index falls back to the reference (no broker quotes in the spot): 1.3 PAT, the call 0.3 a unit in the money, the put out.
    clockMs = CLOSE - 2 * HOUR_MS;
    await ok(h.setReference(1_300_000), EventType.REFERENCE_PRICE_SET);
    const vault = { consumer: await h.balanceOf(CONSUMER), writer: await h.balanceOf(WRITER) };
    const views = new SyntheticViews();
    const published = new Map<number, Published>();
    const paid: Settled[] = [];
    x.sequencer.onRelease((batch) => {
      for (const e of batch.events) {
        views.record(e, batch.timeMs);
        if (e.type === EventType.SETTLEMENT_INDEX_PUBLISHED) published.set(e.seriesId, e);
        else if (e.type === EventType.SYNTHETIC_SETTLED) paid.push(e);
      }
    });

    clockMs = CLOSE;
    let busy = true;
    let withdrawnMicros = 0;
    const trading = (async () => {
      for (let i = 0; busy; i++) {
        const placed = await x.submit({ kind: CommandKind.NEW_ORDER, actor: cast.consumer, seriesId: options[0]!, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros: 1000, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
        const accepted = placed.find((e) => e.type === EventType.ORDER_ACCEPTED);
        if (accepted !== undefined) await x.submit({ kind: CommandKind.CANCEL_ORDER, actor: cast.consumer, orderId: accepted.orderId, clientOrderId: 0 });
        if (i % 3 === 0) {
          const asked = await x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: cast.consumer, amountWei: 1000n * WEI_PER_MICRO });
          if (asked.some((e) => e.type === EventType.WITHDRAWAL_REQUESTED)) withdrawnMicros += 1000;
        }
      }
    })();
    const seen = new Map<number, SettlementView[]>(options.map((id) => [id, []]));
    const reading = options.map(async (id) => {
      while (busy || !published.has(id) || seen.get(id)!.filter((v) => v.status === 200 && v.body.status === 'EXPIRED').length < 3) {
        seen.get(id)!.push(await views.read(x.sequencer, id));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Each expiry with a read queued right behind it, in the same tick: the sequencer takes them in one turn.
    const behind: Array<Promise<void>> = [];
    for (const id of options) {
      void x.submit({ kind: CommandKind.EXPIRE_SERIES, actor: cast.operator, seriesId: id, cutoffMs: CLOSE });
      behind.push(views.read(x.sequencer, id).then((v) => void seen.get(id)!.push(v)));
    }
    await Promise.all(behind);
    await until(() => options.every((id) => published.has(id)), 'both expiries released');
    await new Promise((resolve) => setTimeout(resolve, 100));
    busy = false;
    await Promise.all([trading, ...reading]);

    for (const id of options) {
      const index = published.get(id)!;
      expect(index.indexMicros).toBe(1_300_000);
      for (const v of seen.get(id)!) {
        if (v.status !== 200) throw new Error(`series ${id}: ${v.code}`);
        const asOfSeq = v.body.asOfSeq as number;
        const shown = v.body.settlementIndex as Record<string, unknown> | null;
        if (asOfSeq < index.seq) {
          expect(shown, `series ${id} as of ${asOfSeq}`).toBeNull();
          continue;
        }
        expect(shown, `series ${id} as of ${asOfSeq}`).toMatchObject({ detail: true, seq: index.seq, indexMicros: index.indexMicros });
        expect(shown!.computation).toBeDefined();
      }
    }

    // Each unit paid its worth at the index: the call 0.3 PAT, the put nothing; zero-sum between the two accounts.
    const payout = (account: number): number => paid.filter((p) => p.accountId === account).reduce((sum, p) => sum + p.payoutMicros, 0);
    expect(payout(cast.consumer)).toBe(QTY * 300_000);
    expect(payout(writer)).toBe(-QTY * 300_000);
    expect(withdrawnMicros).toBeGreaterThan(0);
    expect((await settlement.reconcile()).mismatches).toEqual([]);
    await h.settle();
    expect(await h.balanceOf(CONSUMER)).toBe(vault.consumer + BigInt(payout(cast.consumer) - withdrawnMicros) * MICRO_WEI);
    expect(await h.balanceOf(WRITER)).toBe(vault.writer + BigInt(payout(writer)) * MICRO_WEI);
    await h.expectCashSettledChainEqualsLedger([[cast.broker, BROKER], [cast.consumer, CONSUMER], [writer, WRITER]], options, 'option');
  }, 120_000);
});
