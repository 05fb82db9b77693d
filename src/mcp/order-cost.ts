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
