/**
 * The parameter registry: every pricing and risk parameter the operator can
 * change live, with its bounds. One table serves the operator API (zod, before
 * a command is submitted), the engine (again, when the SET_PARAM command is
 * applied, so a journaled value is always valid) and the docs.
 *
 * Names are flat: `risk.<field>` for pre-trade checks the engine applies,
 * `quoting.<field>` for the quoter, and `quoting.<field>:<SEGMENT>` for the
 * per-segment pricing inputs, `fee.<field>:<KIND>[@phase]` for the fee schedule
 * (fees.ts, docs/fees.md). Values are numbers; enums are small integers.
 * Nothing here imports the engine: the engine imports this file.
 */
import { z } from 'zod';
import { FEE_PARAMS, feeBaseName } from './fees.js';

export interface ParamSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** What the engine uses before the operator sets it (risk: permissive; 0 usually means "off"). */
  readonly defaultValue: number;
  readonly unit: string;
  readonly doc: string;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const DAY_MS = 86_400_000;

function spec(name: string, min: number, max: number, integer: boolean, defaultValue: number, unit: string, doc: string): ParamSpec {
  return { name, min, max, integer, defaultValue, unit, doc };
}

/** Risk parameters, in the order of RiskParams (engine state encodes them in this order). */
export const RISK_PARAM_SPECS: readonly ParamSpec[] = [
  spec('risk.maxOrderQty', 0, MAX_SAFE, true, 0, 'rights', 'largest order (or quote level) any account may send; 0 = only the series limit'),
  spec('risk.priceBandBps', 0, 10_000, true, 0, 'bps', 'a limit buy above reference×(1+band) or sell below reference×(1−band) is refused; 0 = off'),
  spec('risk.marginBps', 10_000, 100_000, true, 10_000, 'bps', 'PAT collateral a buy needs, as a multiple of its notional (10000 = 1×)'),
  spec('risk.thinMarginBps', 10_000, 100_000, true, 10_000, 'bps', 'the same multiple for thin series (fewer than risk.thinTradeCount trades)'),
  spec('risk.thinTradeCount', 0, MAX_SAFE, true, 0, 'trades', 'a series with fewer trades than this is thin; 0 = none is'),
  spec('risk.maxPositionQty', 0, MAX_SAFE, true, 0, 'rights', 'rights a non-broker account may hold or bid for in one series; 0 = off'),
  spec('risk.throttleMessages', 0, MAX_SAFE, true, 0, 'orders', 'new orders and amends an account may enter per throttle window; 0 = off (the broker is exempt)'),
  spec('risk.throttleWindowMs', 1, DAY_MS, true, 1_000, 'ms', 'length of the throttle window (fixed windows on the sequencer time)'),
  spec('risk.brokerMaxLongSeries', 0, MAX_SAFE, true, 0, 'rights', 'broker long limit per series: rights held plus bids; 0 = off'),
  spec('risk.brokerMaxLongWindow', 0, MAX_SAFE, true, 0, 'rights', 'broker long limit over a segment\'s live series of one window length; 0 = off'),
  spec('risk.mmpQty', 0, MAX_SAFE, true, 0, 'rights', 'market-maker protection: broker quote fills in a series above this within the interval pull its quotes; 0 = off'),
  spec('risk.mmpIntervalMs', 1, DAY_MS, true, 1_000, 'ms', 'MMP counting interval (fixed windows on the sequencer time)'),
  spec('risk.mmpFreezeMs', 0, DAY_MS, true, 0, 'ms', 'how long quotes stay pulled after MMP trips; 0 = until an operator reset'),
  spec('risk.mintRequiresListing', 0, 1, true, 0, 'flag', '1 = a provider mints only in segments it has a published catalog listing for; 0 = off'),
  spec('risk.forwardCollateralBps', 0, 10_000, true, 2_000, 'bps', 'collateral a forward sale posts against non-delivery, per right, as a share of its price (forfeited for what is not delivered)'),
  spec('risk.brokerMaxForwardShort', 0, MAX_SAFE, true, 0, 'rights', 'broker short limit per forward series (sold forward beyond what it bought); 0 = off'),
  spec('risk.brokerMaxForwardShortWindow', 0, MAX_SAFE, true, 0, 'rights', 'broker short limit over a segment\'s live forwards of one window length; 0 = off'),
  spec('risk.syntheticInitialMarginBps', 1, 10_000, true, 2_000, 'bps', 'initial margin of a synthetic order or position, as a share of its price per unit (phase 3)'),
  spec('risk.syntheticMaintenanceMarginBps', 1, 10_000, true, 1_000, 'bps', 'a synthetic position whose equity falls below this share of its value at the mark is liquidated'),
  spec('risk.syntheticLiquidationPenaltyBps', 0, 10_000, true, 200, 'bps', 'what a liquidated synthetic position pays the broker that takes it over, as a share of its value at the mark'),
  spec('risk.optionWriteMarginBps', 1, 10_000, true, 1_500, 'bps', 'a written option\'s initial margin per unit: this share of the index less what it is out of the money, at least risk.optionWriteMinMarginBps of the index, plus its premium (Deribit\'s standard margin)'),
  spec('risk.optionWriteMinMarginBps', 0, 10_000, true, 1_000, 'bps', 'the floor of a written option\'s margin per unit, as a share of the index (a far out-of-the-money option still carries it)'),
  spec('risk.optionMaintenanceMarginBps', 1, 10_000, true, 750, 'bps', 'a written option position is liquidated when its margin falls below this share of the index plus its value at the index, per unit; from rules 4 a writing order holds at least that'),
  spec('risk.optionWritingOpen', 0, 1, true, 0, 'flag', '1 = any account may write (sell short) options; 0 = institutions and the broker only (phase 4: retail buys options, writing stays for institutions)'),
  spec('risk.syntheticsOpenToRetail', 0, 1, true, 0, 'flag', '1 = from phase 4, consumers may trade synthetics too; 0 = institutions and the broker only (the phase-3 rule)'),
  spec('risk.syntheticMaxPositionQty', 0, MAX_SAFE, true, 0, 'units', 'largest |position| a non-broker account may reach in one synthetic series, resting orders on the side counted; 0 = off'),
  spec('risk.optionMaxPositionQty', 0, MAX_SAFE, true, 0, 'units', 'largest long or written position a non-broker account may reach in one option series, its resting orders on that side counted; 0 = off'),
  spec('risk.payoutRequiresVerification', 0, 1, true, 0, 'flag', '1 = a provider withdraws (is paid out) only once the operator verified its identity (PAYOUT_HELD_UNVERIFIED); 0 = off'),
  spec('risk.disputeWindowMs', 0, 366 * DAY_MS, true, DAY_MS, 'ms', 'how long after the window close (or the exercise, if later) a consumer may claim it was not served; a provider\'s sale proceeds stay held until then unless delivery is confirmed (rules 3; fixed per grant at the exercise)'),
  spec('risk.claimGraceMs', 0, 30 * DAY_MS, true, 3_600_000, 'ms', 'how long a provider has to deliver after a claim before the consumer is refunded (fixed per claim when filed)'),
];

/** Scalar quoting parameters (see src/quoting/params.ts for meanings). */
export const QUOTING_PARAM_SPECS: readonly ParamSpec[] = [
  spec('quoting.defaultBaseValueMicros', 1, 1e12, true, 1_000_000, 'µPAT', 'base value of a segment with none set'),
  spec('quoting.defaultQuality', 0, 1, false, 0.8, 'score', 'quality score of a segment with none set'),
  spec('quoting.qualityFloor', 0, 1, false, 0.5, 'share', 'share of the base value a zero-quality segment keeps'),
  spec('quoting.segmentPriorQty', 0.001, 1e9, false, 100, 'rights', 'weight of the operator value against the segment\'s traded rights'),
  spec('quoting.segmentHalfLifeMs', 60_000, 366 * DAY_MS, true, DAY_MS, 'ms', 'half-life of traded rights in the segment value'),
  spec('quoting.refWindowMs', 3_600_000, 366 * DAY_MS, true, 7 * DAY_MS, 'ms', 'window length the segment value is quoted for'),
  spec('quoting.windowExponent', 0, 2, false, 0.5, '', 'WindowFactor = (window / refWindow)^exponent'),
  spec('quoting.refConfidenceBps', 1, 10_000, true, 7_750, 'bps', 'confidence band midpoint the segment value is quoted for'),
  spec('quoting.confidenceExponent', 0, 10, false, 1.5, '', 'BandFactor = (band midpoint / refConfidence)^exponent'),
  spec('quoting.freshnessCurve', 0, 1, true, 0, 'enum', '0 = exponential, 1 = piecewise-linear'),
  spec('quoting.freshnessOpen', 0.01, 10, false, 1.2, '×', 'freshness multiplier at the window open'),
  spec('quoting.freshnessClose', 0.01, 10, false, 0.6, '×', 'freshness multiplier at the window close'),
  spec('quoting.freshnessDecay', 0.01, 50, false, 2, '1/window', 'exponential curve decay rate λ'),
  spec('quoting.freshnessMidPoint', 0.01, 0.99, false, 0.5, 'share', 'piecewise-linear: elapsed share of the middle point'),
  spec('quoting.freshnessMidValue', 0.01, 10, false, 1, '×', 'piecewise-linear: multiplier at the middle point'),
  spec('quoting.anchorHalfLifeMs', 1_000, 30 * DAY_MS, true, 300_000, 'ms', 'half-life of traded rights in a series\' VWAP anchor'),
  spec('quoting.anchorHoldMs', 60_000, 30 * DAY_MS, true, 21_600_000, 'ms', 'half-life of the anchor\'s weight: how long a series that stopped trading keeps its trade-anchored level'),
  spec('quoting.anchorAccountQty', 0, 1e9, false, 20, 'rights', 'one account\'s recent rights at which its trades count half in the anchor and the segment value (0 = no cap)'),
  spec('quoting.staleSideMs', 60_000, 30 * DAY_MS, true, 900_000, 'ms', 'a quote side standing this long without a fill starts the stale-side drift'),
  spec('quoting.staleDriftBpsPerHour', 0, 100_000, false, 2_000, 'bps/h', 'pace of the stale-side drift of the anchor (0 = off)'),
  spec('quoting.staleDriftMaxBps', 0, 9_000, false, 2_500, 'bps', 'how far from the last trade\'s level the stale-side drift may take the anchor'),
  spec('quoting.anchorSkewShare', 0, 1, false, 0.75, 'share', 'share of the standing quote\'s skew and carry offset taken out of a trade before it joins the anchor'),
  spec('quoting.volSkewShare', 0, 1, false, 0.4, 'share', 'share of the standing quote\'s skew and carry offset whose move leaves the returns σ counts whole (0 = prices as traded)'),
  spec('quoting.jumpHoldShare', 0, 1, false, 1, 'share', 'share of the standing quote\'s offset move taken off what σ\'s bounds set aside as a jump'),
  spec('quoting.anchorQty', 0.001, 1e9, false, 20, 'rights', 'traded rights at which the anchor and the model weigh the same'),
  spec('quoting.tradeClampBps', 1, 10_000, false, 1_000, 'bps', 'a trade\'s price counts at most this far from the reference'),
  spec('quoting.velocityHalfLifeMs', 1_000, 30 * DAY_MS, true, 3_600_000, 'ms', 'half-life of the mint and burn rates'),
  spec('quoting.velocityEpsilon', 0.001, 1e9, false, 50, 'rights/h', 'added to the flow imbalance\'s denominator'),
  spec('quoting.flowSensitivity', 0, 1, false, 0.04, 'log', 'bound of the flow factor, as a log (0.04 = ±4%)'),
  spec('quoting.substituteScale', 0.001, 1e12, false, 100, 'rights', 'substitute inventory that halves the flow\'s effect'),
  spec('quoting.seatSensitivity', 0, 1, false, 0.05, 'log', 'bound of the seat factor, as a log (0.05 = up to +5% with every seat of the segment taken; 0 = off)'),
  spec('quoting.seatKnee', 0, 0.99, false, 0.5, 'share', 'seat use (taken / seats) from which the seat factor rises'),
  spec('quoting.baseHalfSpreadBps', 0, 5_000, false, 25, 'bps', 'fixed half-spread'),
  spec('quoting.volMultiplier', 0, 100, false, 1, '×', 'volatility widening multiplier'),
  spec('quoting.volHorizonMs', 1, 30 * DAY_MS, true, 900_000, 'ms', 'horizon of the volatility widening'),
  spec('quoting.volHalfLifeMs', 60_000, 30 * DAY_MS, true, 43_200_000, 'ms', 'half-life of the realized variance'),
  spec('quoting.volSampleMs', 1_000, DAY_MS, true, 1_200_000, 'ms', 'length of one σ mark (the VWAP of one side\'s trades in it)'),
  spec('quoting.volPriorBps', 0, 10_000, false, 150, 'bps/√h', 'σ of a series with no samples and no segment σ'),
  spec('quoting.volPriorWeight', 0, 1e6, false, 6, 'returns', 'returns the prior σ weighs as against a series\' own'),
  spec('quoting.jumpPriorPerHour', 0, 1_000, false, 0.04, 'jumps/h', 'prior jump intensity λ₀ of a series with no evidence of its own'),
  spec('quoting.jumpPriorSizeBps', 0, 10_000, false, 300, 'bps', 'prior jump size, √E[J²]'),
  spec('quoting.jumpPriorHours', 0, 1e6, false, 6, 'hours', 'hours of returns the jump prior weighs as against a series\' own'),
  spec('quoting.jumpMultiplier', 0, 100, false, 1, '×', 'jump widening multiplier: half-spread += this × √(λ·E[J²] × the volatility horizon)'),
  spec('quoting.maxJumpHalfSpreadBps', 0, 10_000, false, 500, 'bps', 'cap of the jump widening'),
  spec('quoting.activityHalfLifeMs', 60_000, 30 * DAY_MS, true, 21_600_000, 'ms', 'half-life of the recent trade count'),
  spec('quoting.thinTradesPerHour', 0, 1e9, false, 6, 'trades/h', 'recent trades per hour below which a series is thin'),
  spec('quoting.thinHalfSpreadBps', 0, 5_000, false, 100, 'bps', 'extra half-spread of a series with no recent trades'),
  spec('quoting.skewModel', 0, 1, true, 0, 'enum', '0 = Avellaneda–Stoikov, 1 = Guéant–Lehalle–Fernandez-Tapia asymptotic'),
  spec('quoting.gamma', 1e-9, 1e6, false, 0.15, '1/s', 'risk aversion γ per unit of the reference price'),
  spec('quoting.k', 1e-6, 1e6, false, 40, '1/s', 'prior order-arrival decay k per unit of the reference price'),
  spec('quoting.arrivalA', 1e-6, 1e9, false, 140, 'fills/unit', 'prior order-arrival intensity A (GLFT)'),
  spec('quoting.modelTimeUnitMs', 1_000, 366 * DAY_MS, true, DAY_MS, 'ms', 'model time unit for T − t and σ'),
  spec('quoting.markupShare', 0, 1, false, 0.5, 'share', 'share of the model\'s markup (2/γ)ln(1+γ/k) the broker charges'),
  spec('quoting.inventoryTargetHours', 0, 1e4, false, 0.5, 'h', 'the skew aims at this many hours of the broker\'s sales as inventory'),
  spec('quoting.inventoryUnit', 0.001, 1e12, false, 5, 'rights', 'prior rights per unit of model inventory q (the observed fill size replaces it)'),
  spec('quoting.intensityHalfLifeMs', 60_000, 366 * DAY_MS, true, DAY_MS, 'ms', 'half-life of fill-intensity observations'),
  spec('quoting.intensityBucketBps', 1, 5_000, false, 50, 'bps', 'quote-distance bucket width of the intensity fit'),
  spec('quoting.kMin', 0, 1e6, false, 20, '1/s', 'floor of the calibrated k: the widest markup when fills stop is (2/γ)ln(1 + γ/kMin)'),
  spec('quoting.intensityPriorFills', 0, 1e9, false, 30, 'fills', 'fills the prior k weighs as'),
  spec('quoting.maxSkewBps', 0, 10_000, false, 500, 'bps', 'cap on the reservation price\'s distance from the reference'),
  spec('quoting.maxHalfSpreadBps', 1, 10_000, false, 2_000, 'bps', 'cap on the half-spread'),
  spec('quoting.expiryRule', 0, 1, true, 1, 'flag', '1 = sell down what cannot be sold before the close, buy no more than can be'),
  spec('quoting.saleRatePriorPerHour', 0, 1e9, false, 30, 'rights/h', 'prior of the broker\'s sale and purchase rates per quoted hour in a segment with no history'),
  spec('quoting.rateHalfLifeMs', 60_000, 30 * DAY_MS, true, 21_600_000, 'ms', 'half-life of the broker\'s sales, purchases and quoted hours behind its rates'),
  spec('quoting.ratePriorHours', 0, 1e4, false, 1, 'h', 'quoted hours the segment\'s rate weighs as against a series\' own'),
  spec('quoting.subscribedDemandShare', 0, 1, false, 1, 'share', 'share of what live subscriptions are still to buy in a spot window (within their caps and funds at the ask) the broker counts on selling; 0 = off'),
  spec('quoting.expirySellThrough', 0, 1, false, 0.8, 'share', 'bids stop at this share of the expected sales before the close'),
  spec('quoting.maxExpiryDiscountBps', 0, 10_000, false, 5_000, 'bps', 'largest expiry discount of the ask below the reference'),
  spec('quoting.windowShareFloor', 0, 1, false, 0.1, 'share', 'least share of its window\'s long limit a spot series gets; the rest goes by sale rate'),
  spec('quoting.skewHorizonShare', 0, 1, false, 0.5, 'share', 'the inventory skew\'s horizon on a spot series is at least this share of its window; 0 = the time to the close (A–S)'),
  spec('quoting.costFloor', 0, 1, true, 1, 'flag', '1 = never ask below average cost unless the expiry rule says so'),
  spec('quoting.costFloorMaxBps', 0, 100_000, false, 500, 'bps', 'the cost floor holds only while the average cost is at most this far above the reference'),
  spec('quoting.syntheticVolShare', 0, 100, false, 0.25, '×', 'a synthetic\'s extra half-spread: this share of the index forecast\'s sd (ln) at the close'),
  spec('quoting.syntheticMarginShare', 0, 1, false, 0.25, 'share', 'share of the broker\'s free PAT one synthetic\'s quotes may hold as initial margin'),
  spec('quoting.optionVolPrior', 0.01, 10, false, 1.4, 'annual', 'an option\'s prior annual σ of the settlement index (1.4 = 140%, the spot prior 150 bps/√h annualised)'),
  spec('quoting.optionVolPriorShare', 0, 1, false, 0.25, 'share', 'weight of quoting.optionVolPrior in the option σ\'s variance blend with the spot\'s annualised σ'),
  spec('quoting.optionVolSpread', 0, 10, false, 0.05, 'vol', 'an option\'s half-spread: vega × this (0.05 = 5 vol points)'),
  spec('quoting.optionJumpGapMultiplier', 0, 10, false, 1, '×', 'an option\'s jump gap: half-spread += this × |delta| × F × P(a jump within its horizon) × the jump\'s size'),
  spec('quoting.optionJumpGapHorizonMs', 0, 30 * DAY_MS, true, 3_600_000, 'ms', 'how far ahead the jump gap assumes a jump\'s sign may be known (capped at the time to the close)'),
  spec('quoting.optionMinHalfSpreadTicks', 0, 1e6, false, 1, 'ticks', 'floor of an option\'s half-spread'),
  spec('quoting.optionBudgetShare', 0, 1, false, 0.05, 'share', 'share of the broker\'s free PAT one option\'s quotes may use (premium of its bids, writing margin of its asks)'),
  spec('quoting.levels', 1, 32, true, 3, 'levels', 'ladder levels per side'),
  spec('quoting.levelStepTicks', 1, 1e6, true, 5, 'ticks', 'distance between ladder levels'),
  spec('quoting.levelQty', 1, 1e9, true, 10, 'rights', 'size of the first level'),
  spec('quoting.levelGrowth', 1, 10, false, 2, '×', 'size growth per level'),
  spec('quoting.intervalMs', 10, 3_600_000, true, 1_000, 'ms', 'requote timer'),
  spec('quoting.maxQuotesPerTurn', 1, 100_000, true, 256, 'commands', 'mass quotes per timer turn'),
  spec('quoting.minRequoteMs', 0, 3_600_000, true, 100, 'ms', 'least time between event-driven requotes of a series'),
  spec('quoting.jumpSpreadHalfLifeMs', 0, 30 * DAY_MS, true, 21_600_000, 'ms', 'half-life of a series\' jump evidence in the spot widening, from its last jump (the options keep it whole); 0 = σ\'s alone'),
];

/**
 * The thresholds of the phase-readiness report (src/phase-readiness/, docs/risk.md "Phase
 * readiness"): what the council is shown against before it votes the next phase. The engine only
 * journals them (SET_PARAM, audited); nothing in it reads them.
 */
export const PHASE_READINESS_PARAM_SPECS: readonly ParamSpec[] = [
  spec('phase.lookbackMs', 3_600_000, 366 * DAY_MS, true, 7 * DAY_MS, 'ms', 'the trailing window the volume and the spread\'s dispersion are measured over'),
  spec('phase.minTouchDepthRights', 0, MAX_SAFE, true, 50, 'rights', 'deep liquidity: rights resting at the best bid and at the best ask of a contract\'s live spot series, the thinner side, at least this'),
  spec('phase.minVolumeRights', 0, MAX_SAFE, true, 1_000, 'rights', 'deep liquidity: rights a contract traded over the lookback, at least this'),
  spec('phase.maxSpreadDispersionBps', 0, 10_000, false, 25, 'bps', 'stable pricing: the standard deviation of the broker\'s hourly mean spread over the lookback, at most this'),
  spec('phase.minQuotedHours', 2, 10_000, true, 72, 'hours', 'stable pricing: hours in the lookback the broker quoted both sides, at least this (the dispersion needs them)'),
  spec('phase.minHistoryMs', 0, 3_660 * DAY_MS, true, 30 * DAY_MS, 'ms', 'history: time since a contract\'s first trade, at least this'),
  spec('phase.minSettledHistoryMs', 0, 3_660 * DAY_MS, true, 14 * DAY_MS, 'ms', 'audited history: from a contract\'s first trade to its last trade settled on chain, at least this'),
  spec('phase.minDeliveredRights', 0, MAX_SAFE, true, 100, 'rights', 'audited history: rights of the contract\'s segment delivered with evidence from both sides, at least this'),
  spec('phase.minDeliveryRate', 0, 1, false, 0.95, 'share', 'audited history: delivered over delivered, not delivered and failed rights of the segment, at least this'),
  spec('phase.minReadyContracts', 1, 10_000, true, 1, 'contracts', 'contracts that pass every threshold before the report says the market is ready'),
];

/** Per-segment quoting parameters: `quoting.baseValueMicros:SEG`, `quoting.quality:SEG`, `quoting.trust:SEG`. */
export const SEGMENT_PARAM_SPECS: readonly ParamSpec[] = [
  spec('quoting.baseValueMicros', 1, 1e12, true, 1_000_000, 'µPAT', 'base value of one segment'),
  spec('quoting.quality', 0, 1, false, 0.8, 'score', 'operator quality score of one segment (overrides the catalog\'s trust)'),
  spec('quoting.trust', 0, 1, false, 0.8, 'score', 'the catalog\'s trust score of one segment\'s published listings'),
];

/** The fee schedule's parameters (fees.ts): `fee.<field>:<KIND>`, each also settable per phase with `@1`…`@4`. */
export const FEE_PARAM_SPECS: readonly ParamSpec[] = FEE_PARAMS.map((f) => spec(f.name, 0, f.max, true, 0, 'bps', f.doc));

const BY_NAME = new Map<string, ParamSpec>([...RISK_PARAM_SPECS, ...QUOTING_PARAM_SPECS, ...PHASE_READINESS_PARAM_SPECS].map((s) => [s.name, s]));
const FEE_BY_NAME = new Map<string, ParamSpec>(FEE_PARAM_SPECS.map((s) => [s.name, s]));
const SEGMENT_BY_NAME = new Map<string, ParamSpec>(SEGMENT_PARAM_SPECS.map((s) => [s.name, s]));
const SEGMENT_PATTERN = /^[A-Z][A-Z0-9_]{0,47}$/;
export const PARAM_NAME_MAX_LENGTH = 100;

/** The spec of a parameter name, or undefined if there is no such parameter. */
export function paramSpec(name: string): ParamSpec | undefined {
  if (name.length > PARAM_NAME_MAX_LENGTH) return undefined;
  const direct = BY_NAME.get(name);
  if (direct !== undefined) return direct;
  if (name.startsWith('fee.')) {
    const base = feeBaseName(name);
    return base === undefined ? undefined : FEE_BY_NAME.get(base);
  }
  const colon = name.indexOf(':');
  if (colon < 0) return undefined;
  const base = SEGMENT_BY_NAME.get(name.slice(0, colon));
  return base !== undefined && SEGMENT_PATTERN.test(name.slice(colon + 1)) ? base : undefined;
}

export type ParamProblem = 'UNKNOWN_PARAM' | 'OUT_OF_RANGE';

/** Why a value may not be set, or undefined if it may. Pure and cheap: the engine calls it. */
export function checkParam(name: string, value: number): ParamProblem | undefined {
  const s = paramSpec(name);
  if (s === undefined) return 'UNKNOWN_PARAM';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'OUT_OF_RANGE';
  if (s.integer && !Number.isSafeInteger(value)) return 'OUT_OF_RANGE';
  if (value < s.min || value > s.max) return 'OUT_OF_RANGE';
  return undefined;
}

/** Zod schema of a parameter change request, with the registry's bounds as refinements. */
export const paramChangeSchema = z
  .object({ name: z.string().min(1).max(PARAM_NAME_MAX_LENGTH), value: z.number().finite() })
  .strict()
  .superRefine((v, ctx) => {
    const s = paramSpec(v.name);
    if (s === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: `unknown parameter '${v.name}'` });
      return;
    }
    if (s.integer && !Number.isSafeInteger(v.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `${s.name} must be an integer` });
    if (v.value < s.min || v.value > s.max) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${s.name} must be in [${s.min}, ${s.max}] ${s.unit}, got ${v.value}` });
    }
  });
export type ParamChange = z.infer<typeof paramChangeSchema>;

/** The risk parameters the engine's pre-trade checks read (O(1) field reads). Values of RISK_PARAM_SPECS. */
export interface RiskParams {
  maxOrderQty: number;
  priceBandBps: number;
  marginBps: number;
  thinMarginBps: number;
  thinTradeCount: number;
  maxPositionQty: number;
  throttleMessages: number;
  throttleWindowMs: number;
  brokerMaxLongSeries: number;
  brokerMaxLongWindow: number;
  mmpQty: number;
  mmpIntervalMs: number;
  mmpFreezeMs: number;
  mintRequiresListing: number;
  forwardCollateralBps: number;
  brokerMaxForwardShort: number;
  brokerMaxForwardShortWindow: number;
  syntheticInitialMarginBps: number;
  syntheticMaintenanceMarginBps: number;
  syntheticLiquidationPenaltyBps: number;
  syntheticMaxPositionQty: number;
  syntheticsOpenToRetail: number;
  optionWriteMarginBps: number;
  optionWriteMinMarginBps: number;
  optionMaintenanceMarginBps: number;
  optionWritingOpen: number;
  optionMaxPositionQty: number;
  payoutRequiresVerification: number;
  disputeWindowMs: number;
  claimGraceMs: number;
}

/** The default of `risk.<field>` in RISK_PARAM_SPECS. */
function riskDefault(field: keyof RiskParams): number {
  const s = paramSpec(`risk.${field}`);
  if (s === undefined) throw new Error(`risk.${field} has no spec`);
  return s.defaultValue;
}

/**
 * Every field written out, in RISK_PARAM_SPECS' order (the type checks that none is missing),
 * not added in a loop: an object given this many properties by computed name (`p[name] = v`)
 * is turned into a dictionary by V8 after a dozen, and then every pre-trade check's read of
 * a limit was a hash look-up (found with %HasFastProperties, 2026-11-23).
 */
export function defaultRiskParams(): RiskParams {
  return {
    maxOrderQty: riskDefault('maxOrderQty'),
    priceBandBps: riskDefault('priceBandBps'),
    marginBps: riskDefault('marginBps'),
    thinMarginBps: riskDefault('thinMarginBps'),
    thinTradeCount: riskDefault('thinTradeCount'),
    maxPositionQty: riskDefault('maxPositionQty'),
    throttleMessages: riskDefault('throttleMessages'),
    throttleWindowMs: riskDefault('throttleWindowMs'),
    brokerMaxLongSeries: riskDefault('brokerMaxLongSeries'),
    brokerMaxLongWindow: riskDefault('brokerMaxLongWindow'),
    mmpQty: riskDefault('mmpQty'),
    mmpIntervalMs: riskDefault('mmpIntervalMs'),
    mmpFreezeMs: riskDefault('mmpFreezeMs'),
    mintRequiresListing: riskDefault('mintRequiresListing'),
    forwardCollateralBps: riskDefault('forwardCollateralBps'),
    brokerMaxForwardShort: riskDefault('brokerMaxForwardShort'),
    brokerMaxForwardShortWindow: riskDefault('brokerMaxForwardShortWindow'),
    syntheticInitialMarginBps: riskDefault('syntheticInitialMarginBps'),
    syntheticMaintenanceMarginBps: riskDefault('syntheticMaintenanceMarginBps'),
    syntheticLiquidationPenaltyBps: riskDefault('syntheticLiquidationPenaltyBps'),
    optionWriteMarginBps: riskDefault('optionWriteMarginBps'),
    optionWriteMinMarginBps: riskDefault('optionWriteMinMarginBps'),
    optionMaintenanceMarginBps: riskDefault('optionMaintenanceMarginBps'),
    optionWritingOpen: riskDefault('optionWritingOpen'),
    syntheticsOpenToRetail: riskDefault('syntheticsOpenToRetail'),
    syntheticMaxPositionQty: riskDefault('syntheticMaxPositionQty'),
    optionMaxPositionQty: riskDefault('optionMaxPositionQty'),
    payoutRequiresVerification: riskDefault('payoutRequiresVerification'),
    disputeWindowMs: riskDefault('disputeWindowMs'),
    claimGraceMs: riskDefault('claimGraceMs'),
  };
}

/** Sets one risk field from its flat name (`risk.x`); false if the name is not a risk parameter. */
export function setRiskParam(params: RiskParams, name: string, value: number): boolean {
  if (!name.startsWith('risk.')) return false;
  const field = name.slice('risk.'.length);
  if (!(field in params)) return false;
  (params as unknown as Record<string, number>)[field] = value; // field checked above
  return true;
}

export function riskParamValue(params: RiskParams, name: string): number | undefined {
  if (!name.startsWith('risk.')) return undefined;
  return (params as unknown as Record<string, number | undefined>)[name.slice('risk.'.length)];
}
