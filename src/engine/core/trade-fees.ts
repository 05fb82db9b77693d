/**
 * Fees on trades (issue 81 item 4, docs/fees.md): what each side of a fill pays the exchange's
 * fee account under the operator's schedule (src/risk/fees.ts). A module of the engine's state
 * machine, called by order entry within `Engine.apply`.
 *
 * - A buy pays its fee on top of the notional, out of its hold: a buy order holds, per unit,
 *   the fee at the higher of the maker and taker rates at its limit (it may rest or take). A fill
 *   charges the rate of the side the order took, never more than the order holds for the quantity
 *   (a rate raised while it rests does not reach it), so a fee never makes a balance negative.
 * - A spot or option sale pays out of the fill's proceeds: its maker or taker fee, plus the take
 *   rate when a provider sells spot rights. Both are at most 10% and 50% of the notional (the
 *   bounds), and their sum is capped at the notional (each is rounded up), so the proceeds always
 *   cover them.
 * - A synthetic moves no notional at the fill and a forward sale's proceeds are escrowed until
 *   delivery, so both sides of a synthetic and a forward's seller pay from free PAT: the order holds
 *   its fee with its margin or collateral while it rests (its `feeHoldBps`), and the fill charges it
 *   from that hold. Under rules 8 a sale filling above its limit (a taker meeting a higher bid) pays
 *   its held rate on the fill's price, the part above the hold from free PAT as far as that goes;
 *   before, never more than the hold. A forward's buyer holds and pays as a spot buyer does.
 * - A provider's forward sale pays the take rate (FORWARD's row) at delivery, out of the proceeds it is
 *   paid for what it delivered (`forwardTakeRate`), before they are held in escrow or made free.
 * - A buy of an option or a synthetic the broker writes (its sale takes its position below zero)
 *   also pays the issuance rate on the notional of the units written (such a buy holds it too).
 * - The broker pays no fees: it is the exchange, whose revenue is the spread and the fees.
 * - Every fee is rounded up to the µPAT (`feeMicros`).
 */
import { Role, Side } from './commands.js';
import type { Account } from './account.js';
import type { EngineState } from './engine-state.js';
import type { Series } from './series.js';
import { feeMicros, feeMicrosOfTwo } from '../../risk/index.js';

const NO_TAKE = Object.freeze({ bps: 0, feeMicros: 0 });

/**
 * Rules version 8 (src/engine/products/rules.ts): a synthetic or forward sale pays its fee on the
 * price it filled at, not only on what it held at its limit (order-entry.ts, `saleFeeCapMicros`).
 */
export const SALE_FEE_AT_FILL_RULES = 8;
/**
 * Rules version 18: a buy of units the broker wrote pays its trade and issuance fees rounded up once, so the fee at its
 * limit never exceeds what the order holds (under 0–17 each was rounded up and the hold, rounded once, capped the sum:
 * 1 µPAT under the schedule at times).
 */
export const ONE_ROUNDING_BUY_FEE_RULES = 18;

/** The engine as trade fees see it. */
export type TradeFeesEngine = Pick<EngineState, 'fees' | 'governancePhase' | 'feeAccountMicros' | 'rulesVersion'>;

export class TradeFees {
  constructor(private readonly e: TradeFeesEngine) {}

  /** Whether the schedule charges nothing at all (the fill path then does exactly what it did before fees). */
  get off(): boolean {
    return this.e.fees.isZero;
  }

  /**
   * The rate (bps) whose fee an order by `owner` holds per unit: a buy (any kind) and a synthetic or
   * forward sale, the higher of maker and taker (it may rest or take), plus issuance on a buy of an
   * option or a synthetic (it may meet the broker writing); 0 for the broker, a spot or option sale
   * (paid out of its proceeds), and under a zero schedule.
   */
  holdBps(owner: Account, series: Series, side: Side): number {
    if (this.e.fees.isZero || owner.role === Role.BROKER) return 0;
    const paysFromFree = series.synthetic !== undefined || series.forward !== undefined;
    if (side !== Side.BUY && !paysFromFree) return 0;
    const kind = series.spec.kind;
    const phase = this.e.governancePhase;
    const maker = this.e.fees.bps(kind, phase, 'makerBps');
    const taker = this.e.fees.bps(kind, phase, 'takerBps');
    const issues = side === Side.BUY && (series.option !== undefined || series.synthetic !== undefined);
    return (maker > taker ? maker : taker) + (issues ? this.e.fees.bps(kind, phase, 'issuanceBps') : 0);
  }

  /** µPAT an order by `owner` at `priceMicros` holds per unit for its fee (see holdBps). */
  holdPerUnitMicros(owner: Account, series: Series, side: Side, priceMicros: number): number {
    return feeMicros(priceMicros, this.holdBps(owner, series, side));
  }

  /**
   * The buyer's fee on a fill of `notionalMicros`: its trade fee, and the issuance fee on
   * `issuedMicros` (the notional of option or synthetic units the broker's sale wrote), capped by
   * what its order held for `heldFeeMicros`.
   */
  buyerFeeMicros(owner: Account, series: Series, isMaker: boolean, notionalMicros: number, issuedMicros: number, heldFeeMicros: number): number {
    if (owner.role === Role.BROKER) return 0;
    const kind = series.spec.kind;
    const phase = this.e.governancePhase;
    const tradeBps = this.e.fees.bps(kind, phase, isMaker ? 'makerBps' : 'takerBps');
    let fee: number;
    if (issuedMicros === 0) fee = feeMicros(notionalMicros, tradeBps);
    else if (this.e.rulesVersion >= ONE_ROUNDING_BUY_FEE_RULES) fee = feeMicrosOfTwo(notionalMicros, tradeBps, issuedMicros, this.e.fees.bps(kind, phase, 'issuanceBps'));
    else fee = feeMicros(notionalMicros, tradeBps) + feeMicros(issuedMicros, this.e.fees.bps(kind, phase, 'issuanceBps'));
    return fee < heldFeeMicros ? fee : heldFeeMicros;
  }

  /**
   * The seller's fee on a fill of `notionalMicros`: its trade fee, plus the take rate on a provider's
   * spot sale; capped by `heldFeeMicros` when the sale paid from a hold (a synthetic or forward sale:
   * what it held, and under rules 8 what it owes above that at the fill's price and can pay from free PAT).
   */
  sellerFeeMicros(owner: Account, series: Series, isMaker: boolean, notionalMicros: number, heldFeeMicros = Number.MAX_SAFE_INTEGER): number {
    if (owner.role === Role.BROKER) return 0;
    const phase = this.e.governancePhase;
    const kind = series.spec.kind;
    const trade = feeMicros(notionalMicros, this.e.fees.bps(kind, phase, isMaker ? 'makerBps' : 'takerBps'));
    const take = owner.role === Role.PROVIDER && series.isSpot ? feeMicros(notionalMicros, this.e.fees.bps(kind, phase, 'takeRateBps')) : 0;
    // Each is rounded up: on a 1 µPAT sale both are 1, more than the proceeds (which must cover the fee);
    // and never more than its cap (a synthetic's or forward seller's fee, from its hold and free PAT).
    const fee = trade + take;
    const cap = notionalMicros < heldFeeMicros ? notionalMicros : heldFeeMicros;
    return fee < cap ? fee : cap;
  }

  /**
   * The take rate on what a provider is paid at a forward's delivery (`proceedsMicros`: its
   * escrowed sale proceeds for the rights it delivered), at the FORWARD row's rate in force at
   * delivery, never more than the proceeds; 0 for anyone else and under a zero schedule. Charged at
   * delivery, not at the fill: a forward sale's proceeds are the provider's only for what it
   * delivers (the rest goes back to the broker), so the rate falls on what it is paid.
   */
  forwardTakeRate(owner: Account, series: Series, proceedsMicros: number): Readonly<{ bps: number; feeMicros: number }> {
    if (this.e.fees.isZero || owner.role !== Role.PROVIDER || proceedsMicros <= 0) return NO_TAKE;
    const bps = this.e.fees.bps(series.spec.kind, this.e.governancePhase, 'takeRateBps');
    if (bps === 0) return NO_TAKE;
    const fee = feeMicros(proceedsMicros, bps);
    return { bps, feeMicros: fee < proceedsMicros ? fee : proceedsMicros };
  }

  /** Credits fees to the exchange's fee account (the payers' balances were debited by the caller). */
  collect(micros: number): void {
    this.e.feeAccountMicros += micros;
  }
}
