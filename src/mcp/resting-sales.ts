/**
 * The wallet's sales already resting when a `patx mcp` session starts (an earlier session's, another
 * program's) that hold its PAT: counted against the session's limit at their worst, as its own would be
 * (order-cost.ts `saleWorstPerRightMicros`, docs/mcp.md "Orders already resting"), since they may fill
 * while it runs and the position they open can lose what they hold. A spot sale holds none; option sales
 * the wallet's long in the series covers (every one of them: its held and unoffered units) hold none.
 */
import type { patx } from '../proto/index.js';
import type { TradingClient } from '../client/trading-client.js';
import { seriesView, type PublicReads, type SeriesView } from './exchange-reads.js';
import { buyFeeHoldBps, saleWorstPerRightMicros } from './order-cost.js';
import type { SpendingLimit } from './spending-limit.js';

/** The highest price a series' sale can be marked against: the series' own, or its spot series' (whose prices make the index), the higher. */
export async function highestIndexPriceMicros(reads: PublicReads, series: SeriesView): Promise<number> {
  const spotId = series.spotSeriesId ?? 0;
  return spotId > 0 ? Math.max(series.maxPriceMicros, (await seriesView(reads, spotId)).maxPriceMicros) : series.maxPriceMicros;
}

/** A resting order as read, with the journal seq its page of open orders is as of. */
export interface RestingOrder {
  order: patx.v1.IOrderView;
  asOfSeq: number;
}

/** Counts each resting sale that can hold the wallet's PAT (`sales`: the account's resting sell orders), as of its page's seq. */
export async function countRestingSales(limit: SpendingLimit, reads: PublicReads, c: TradingClient, sales: readonly RestingOrder[]): Promise<void> {
  if (sales.length === 0) return;
  const bySeries = new Map<number, RestingOrder[]>();
  for (const o of sales) bySeries.set(Number(o.order.seriesId), [...(bySeries.get(Number(o.order.seriesId)) ?? []), o]);
  let positions: patx.v1.IPositionView[] | undefined;
  for (const [seriesId, orders] of bySeries) {
    const series = await seriesView(reads, seriesId);
    if (series.kind === 'SPOT') continue;
    positions ??= (await c.account()).positions ?? [];
    const p = positions.find((v) => Number(v.seriesId) === seriesId);
    const terms = {
      kind: series.kind,
      // All the series' resting sales against the wallet's whole long (units held for them and unoffered): covered or not.
      qty: orders.reduce((n, { order }) => n + Number(order.leavesQty ?? 0), 0),
      heldAvailable: Number(p?.available ?? 0) + Number(p?.held ?? 0),
      immediate: false,
      maxPriceMicros: await highestIndexPriceMicros(reads, series),
      feeBps: await buyFeeHoldBps(reads, series.kind),
    };
    for (const { order: o, asOfSeq } of orders) limit.countRestingSale(Number(o.orderId), Number(o.leavesQty ?? 0), saleWorstPerRightMicros({ ...terms, priceMicros: Number(o.priceMicros ?? 0) }), asOfSeq);
  }
}
