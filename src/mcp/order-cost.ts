/**
 * What a buy can cost at most, as the exchange itself holds it (docs/fees.md, "What a trade
 * pays"; src/engine/core/trade-fees.ts): per right, its limit price plus the fee at the higher of
 * the maker and taker rates at that price (it may rest or take), and on an option or a synthetic
 * the issuance rate too (it may meet the broker writing). The rates are the fee schedule in force
 * (GET /v1/fees, public). A fill then pays its price and its `feeMicros` (the execution report's).
 */
import { feeMicros, type FeeScheduleReport } from '../risk/index.js';
import type { PublicReads } from './exchange-reads.js';
import { okBody } from './refusal.js';

/** The series kinds whose buys may meet the broker writing, and pay the issuance rate. */
const ISSUED_KINDS: ReadonlySet<string> = new Set(['CALL', 'PUT', 'SYNTHETIC']);

/** The fee rate (bps) a buy in a series of `kind` holds per right under the schedule in force. */
export async function buyFeeHoldBps(reads: PublicReads, kind: string): Promise<number> {
  const schedule = okBody<FeeScheduleReport>(await reads('/v1/fees'));
  const row = schedule.current.find((r) => r.kind === kind);
  if (row === undefined) return 0;
  return Math.max(row.makerBps, row.takerBps) + (ISSUED_KINDS.has(kind) ? row.issuanceBps : 0);
}

/** The most one right bought at `priceMicros` can cost: its price and the fee held for it (rounded up, as the exchange rounds). */
export function worstPerRightMicros(priceMicros: number, feeBps: number): number {
  return priceMicros + feeMicros(priceMicros, feeBps);
}

/** The series kinds whose sale may open a short that holds margin (and can lose it): a synthetic, an option written. */
const MARGINED_KINDS: ReadonlySet<string> = new Set(['CALL', 'PUT', 'SYNTHETIC']);

/** What a sale needs to know to bound what it can hold of the wallet's PAT. µPAT; quantities in rights. */
export interface SaleTerms {
  kind: string;
  /** The sale's limit (a market sale's protection bound). */
  priceMicros: number;
  qty: number;
  /** Never rests (ioc, fok, market). */
  immediate: boolean;
  /** The highest price of the series and of its spot series (the index is made of the spot's prices). */
  maxPriceMicros: number;
  /** The wallet's rights in the series not offered by a resting sale (negative when short). */
  heldAvailable: number;
  /** The fee rate (bps) a trade in the series can pay at most (buyFeeHoldBps). */
  feeBps: number;
}

/**
 * The most one right of a sale can hold of (or lose from) the wallet's PAT, 0 for a sale that holds
 * none, as the engine holds it (docs/mcp.md, "Spending limit"):
 * - a spot sale, of rights held (the exchange refuses more: INSUFFICIENT_RIGHTS): nothing;
 * - an option sale of at most the units held unoffered (options.ts `writingCollateral`: no margin),
 *   and a synthetic sale of at most the long that never rests (order-entry.ts `reducesNow`): nothing;
 * - a forward sale: its collateral, at most its price (risk.forwardCollateralBps ≤ 10,000), and its fee;
 * - a sale that writes an option or opens (or rests beside) a synthetic position: its margin and what the
 *   position can lose until its settlement. Every margin rate is at most 10,000 bps, so the initial
 *   margin at the index (or the mark) is at most the highest price M, and the loss (the index less
 *   the price; an option's value at the index, or its maintenance over it) at most M again: 2 × M a right,
 *   and the fee at M. Conservative: the engine holds less (docs/synthetics.md, docs/options.md).
 */
export function saleWorstPerRightMicros(t: SaleTerms): number {
  if (t.kind === 'SPOT') return 0;
  if (t.kind === 'FORWARD') return worstPerRightMicros(t.priceMicros, t.feeBps);
  if (!MARGINED_KINDS.has(t.kind)) return worstPerRightMicros(2 * t.maxPriceMicros, t.feeBps);
  const closes = t.qty <= t.heldAvailable && (t.kind !== 'SYNTHETIC' || t.immediate);
  if (closes) return 0;
  return 2 * t.maxPriceMicros + feeMicros(t.maxPriceMicros, t.feeBps);
}
