/**
 * Fees on trades (issue 81 item 4, docs/fees.md): what each side of a fill pays the exchange's
 * fee account under the operator's schedule (src/risk/fees.ts). A module of the engine's state
 * machine, called by order entry within `Engine.apply`.
 *
 * - A buy pays its fee on top of the notional, out of its hold: a buy order holds, per unit,
 *   the fee at the higher of the maker and taker rates at its limit (it may rest or take), in
 *   the order's `collateralPerUnitMicros` (0 on every other buy). A fill charges the rate of the
 *   side the order took, never more than the order holds for the quantity (a rate raised while
 *   it rests does not reach it), so a fee never makes a balance negative.
 * - A sell pays out of the fill's proceeds: its maker or taker fee, plus the take rate when a
 *   provider sells spot rights. Both are at most 10% and 50% of the notional (the bounds), and
 *   their sum is capped at the notional (each is rounded up), so the proceeds always cover them.
 * - A buy of an option the broker writes (issues) also pays the issuance rate on the notional of
 *   the units the broker's sale wrote (an option buy holds it too).
 * - The broker pays no fees: it is the exchange, whose revenue is the spread and the fees.
 * - Every fee is rounded up to the µPAT (`feeMicros`).
 */
import { Role, Side } from './commands.js';
import type { Account } from './account.js';
import type { EngineState } from './engine-state.js';
import type { Series } from './series.js';
import { feeMicros } from '../../risk/index.js';

/** The engine as trade fees see it. */
export type TradeFeesEngine = Pick<EngineState, 'fees' | 'governancePhase' | 'feeAccountMicros'>;

export class TradeFees {
  constructor(private readonly e: TradeFeesEngine) {}

  /** Whether the schedule charges nothing at all (the fill path then does exactly what it did before fees). */
  get off(): boolean {
    return this.e.fees.isZero;
  }

  /** µPAT a buy order by `owner` at `priceMicros` holds per unit for its fee (0 for a sell, the broker, or a kind without trade fees). */
  holdPerUnitMicros(owner: Account, series: Series, side: Side, priceMicros: number): number {
    if (this.e.fees.isZero || side !== Side.BUY || owner.role === Role.BROKER || !chargesTradeFees(series)) return 0;
    const kind = series.spec.kind;
    const maker = this.e.fees.bps(kind, this.e.governancePhase, 'makerBps');
    const taker = this.e.fees.bps(kind, this.e.governancePhase, 'takerBps');
    // An option buy may meet the broker writing: it holds the issuance rate too.
    const issuance = series.option !== undefined ? this.e.fees.bps(kind, this.e.governancePhase, 'issuanceBps') : 0;
    return feeMicros(priceMicros, (maker > taker ? maker : taker) + issuance);
  }

  /**
   * The buyer's fee on a fill of `notionalMicros`: its trade fee, and the issuance fee on
   * `issuedMicros` (the notional of option units the broker's sale wrote), capped by what its
   * order held for `heldFeeMicros`.
   */
  buyerFeeMicros(owner: Account, series: Series, isMaker: boolean, notionalMicros: number, issuedMicros: number, heldFeeMicros: number): number {
    if (owner.role === Role.BROKER || !chargesTradeFees(series)) return 0;
    const kind = series.spec.kind;
    const phase = this.e.governancePhase;
    const trade = feeMicros(notionalMicros, this.e.fees.bps(kind, phase, isMaker ? 'makerBps' : 'takerBps'));
    const fee = trade + (issuedMicros === 0 ? 0 : feeMicros(issuedMicros, this.e.fees.bps(kind, phase, 'issuanceBps')));
    return fee < heldFeeMicros ? fee : heldFeeMicros;
  }

  /** The seller's fee on a fill of `notionalMicros`: its trade fee, plus the take rate on a provider's spot sale. */
  sellerFeeMicros(owner: Account, series: Series, isMaker: boolean, notionalMicros: number): number {
    if (owner.role === Role.BROKER || !chargesTradeFees(series)) return 0;
    const phase = this.e.governancePhase;
    const kind = series.spec.kind;
    const trade = feeMicros(notionalMicros, this.e.fees.bps(kind, phase, isMaker ? 'makerBps' : 'takerBps'));
    const take = owner.role === Role.PROVIDER && series.isSpot ? feeMicros(notionalMicros, this.e.fees.bps(kind, phase, 'takeRateBps')) : 0;
    // Each is rounded up: on a 1 µPAT sale both are 1, more than the proceeds (which must cover the fee).
    return trade + take < notionalMicros ? trade + take : notionalMicros;
  }

  /** Credits fees to the exchange's fee account (the payers' balances were debited by the caller). */
  collect(micros: number): void {
    this.e.feeAccountMicros += micros;
  }
}

/** Spot and options move their notional at the fill; forwards escrow it and synthetics move none (not charged yet). */
function chargesTradeFees(series: Series): boolean {
  return series.isSpot || series.option !== undefined;
}
