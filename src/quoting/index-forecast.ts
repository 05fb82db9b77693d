/**
 * The distribution of a window's settlement index at its close, as the quoter expects it
 * (docs/pricing.md, "The index the products settle on"): the synthetics' fair value, the
 * options' F and σ, the strike grid's centre.
 *
 * The index is what `computeSettlementIndex` returns over the hour before the close, so
 * that is what is evaluated: the period's instants the engine has sampled and its trades so
 * far stay as they are (the engine's index track), and the rest is projected from the
 * broker's spot quote as the book holds it now, `paths` times:
 *
 * - its level walks from now with σ per √hour (log-normal, no drift beyond `driftAt`, the
 *   quoter's freshness decay), the bid and ask keeping their distance from it;
 * - it is two-sided or one-sided minute by minute as a two-state Markov chain that starts
 *   where the book is now, fitted to the trailing hour's samples (their two-sided share, leaning
 *   on the state now, and how often they switched), so a quote mostly one-sided stays so and
 *   the ladder falls to the trades as it will;
 * - trades arrive at `tradesPerHour` (Poisson, `fillQty` rights each) at the side(s) quoted:
 *   a buyer at the ask, a seller at the bid; before the period, whether a trade happens
 *   decides the last-trade rung.
 *
 * Each path is handed to `computeSettlementIndex` itself, fallbacks included. The mean is F;
 * the paths' variance is the part of the index still unknown inside the period (the average
 * not sampled yet, the trades, the rung). Before the period starts the level's move until
 * then is log-normal, so it is added exactly (σ² × hours) and the paths start at its median:
 * only the hour's own spread is simulated. Seeded (the caller passes a seed per window), so a
 * forecast is a pure function of its inputs and moves smoothly as they do. Floats: the quoter's
 * arithmetic, never the engine's.
 */
import {
  classifySample,
  computeSettlementIndex,
  resolveSettlementIndexParams,
  type IndexTrade,
  type QuoteSample,
  type SettlementIndex,
  type SettlementIndexInputs,
  type SettlementIndexMethod,
  type SettlementIndexParams,
} from '../settlement-index/index.js';
import { mulberry32 } from './mulberry32.js';

const HOUR_MS = 3_600_000;

export interface IndexForecastInputs {
  /** The period ending at the close, as the engine's index track holds it now (IndexTrack.inputsFor). */
  readonly tracked: SettlementIndexInputs;
  /** The sample instants before this one are taken (or missed for good); later ones are the book's to come. */
  readonly nextSampleAtMs: number;
  readonly nowMs: number;
  /** The broker's best bid and ask in the spot book now, µPAT (0 = that side empty). */
  readonly bidMicros: number;
  readonly askMicros: number;
  /** The quote's level with no side quoted (the quoter's spot reference), µPAT. */
  readonly fallbackLevelMicros: number;
  /** Half-spread of a two-sided quote as a share of its level: a side the book lacks now is put there when the chain turns two-sided. */
  readonly halfSpreadRel: number;
  /** The quote level's expected factor at an instant against now (the freshness still to decay); 1 without drift. */
  readonly driftAt: (atMs: number) => number;
  /** σ of the quote level, relative, per √hour. */
  readonly sigmaRelPerSqrtHour: number;
  /** Spot trades per hour the broker expects, and rights per trade. */
  readonly tradesPerHour: number;
  readonly fillQty: number;
  /** The samples of the hour before now (any instants held; the chain is fitted to them). */
  readonly recentSamples: readonly QuoteSample[];
  /** The spot's trades of the hour before now (the track's, stamped at their minute's instant): with the broker's rules, evidence of the takers' rates beside the period's own. */
  readonly recentTrades?: readonly IndexTrade[];
  readonly paths: number;
  readonly seed: number;
  /** The index's parameters (its definition included), as the engine computes it. */
  readonly index?: Partial<SettlementIndexParams>;
  /**
   * The broker's own end-of-window rules (src/quoting/quote.ts, the expiry rule), when they are on:
   * each path then carries the broker's inventory minute by minute and shows the sides those rules
   * would (no bid once it holds what it can sell before the close, an ask lowered to clear what it
   * cannot), with buyers and sellers arriving at the rates the quoter measures. Without it the
   * sides follow the chain fitted to the trailing hour.
   */
  readonly broker?: BrokerRules;
}

/** What the quoter's expiry rule reads (computeQuote), as the spot series has it now. */
export interface BrokerRules {
  /** Rights the broker holds in the spot series now. */
  readonly ownedRights: number;
  /** The most it may hold (owned + its long headroom): no bid at or beyond it. */
  readonly holdableRights: number;
  /**
   * Rights per hour bought at the broker's ask and sold to its bid, as the quoter measures them: its rules read them
   * (E = sale rate × hours left), and the paths' buyers and sellers arrive at them as the index hour so far bears out.
   */
  readonly saleRatePerHour: number;
  readonly purchaseRatePerHour: number;
  /** Hours of sales the skew steers its stock to (quoting.inventoryTargetHours), within the share below and half of what it may hold. */
  readonly targetHours: number;
  /** The share of the expected sales it bids for (quoting.expirySellThrough). */
  readonly sellThrough: number;
  /** The fill intensity's decay per unit of relative price: clearance lowers the ask by ln(q / E) / k (and lifts the sale rate by q / E). */
  readonly k: number;
  /** The deepest clearance, a share of the level (quoting.maxExpiryDiscountBps / 10⁴). */
  readonly maxDiscountRel: number;
  /** How far off either rate may be, relative (e.g. 0.3): F's move for it joins the mean's error (meanStdErrorMicros). */
  readonly rateUncertainty?: number;
  /**
   * The series' own evidence of sales, as the quoter's estimates hold it (decayed, rateHalfLifeMs): rights sold at the ask
   * and the hours an ask stood. The quoter's sale rate leans on a prior a thin series cannot outweigh (quoting.saleRatePriorPerHour
   * over ratePriorHours): its rules read that rate, but the paths' buyers arrive at what the series itself has shown.
   */
  readonly ownSales?: { readonly rights: number; readonly askHours: number };
  /**
   * quoting.ratePriorHours: with ownSales, the quoter's sale rate is (its prior's rights + rights sold) / (this + ask hours),
   * and a path moves it as the quoter's estimates would (a sale adds to the rights, an hour of an ask nobody took to the
   * hours), so its rules read a rate that falls while the ask goes untaken, as the quoter's does.
   */
  readonly ratePriorHours?: number;
  /**
   * The elasticity the paths' buyers answer a cleared ask with (e^(liftK × discount), at most MAX_CLEARANCE_LIFT): the
   * quoter's floor on k (quoting.kMin), not its fit (k), which is fitted near its usual spread; absent, k. A clearance
   * promises q / E times the buyers on the fitted k; a thin series' fit (k 65–123 in bench:options-arb's thin regime)
   * took a 1% lower ask for 2.5 times the buyers, and its forecast sold the whole stock in an hour that sold a third of it.
   */
  readonly liftK?: number;
  /** The quote level's trade anchor and its stale-side drift (src/quoting/estimates.ts, driftAnchor): absent, the level only walks. */
  readonly anchor?: AnchorDrift;
  /**
   * How far the broker's stock leans its quote below the reference at an instant, a share of it (quote.ts,
   * inventoryLean: skew toward the target plus carry, (s − r) / s): a path's book moves by its change from the lean now as
   * the path's stock moves. The skew is strong (about 0.08% a right in a busy 7D series an hour before its close: τ is
   * held at half the window): a broker that sells its stock down in the last hour raises its ask as it goes, and the
   * hour's trades with it. Absent, the quote keeps the lean it has now.
   */
  readonly leanAt?: (ownedRights: number, atMs: number) => number;
  /**
   * Since when the broker's spot ask has stood without a fill (the estimates' clock: its last fill, or when the ask last
   * appeared; 0 or absent: not quoted). Whether the buyers have gone is read on the index hour and the hour before; an
   * ask nobody has taken for longer than those says more: the hours of it before them join the evidence (at the usual
   * ask's weight). Absent, only the two hours count.
   */
  readonly askUnfilledSinceMs?: number;
}

/**
 * The reference's trade anchor as the quoter holds it (docs/pricing.md, "The trade anchor"): the level is
 * w·anchor + (1 − w)·model, and while the broker's ask stands unfilled past a grace (and its bid does not), the anchor
 * drifts down at a rate (up while the bid does), within a band around the last trade's level; a fill restarts its side's
 * clock. A broker whose ask nobody takes lowers its own level minute by minute, and the ask with it.
 */
export interface AnchorDrift {
  /** w, the anchor's weight in the level. */
  readonly weight: number;
  /** Since when each side has stood unfilled (0: not quoted). */
  readonly askUnfilledSinceMs: number;
  readonly bidUnfilledSinceMs: number;
  /** quoting.staleSideMs, and quoting.staleDriftBpsPerHour / 10⁴ (ln per hour). */
  readonly graceMs: number;
  readonly driftPerHour: number;
  /** The band: the anchor's lowest and highest level as shares of its level now (the last trade's level × (1 ∓ staleDriftMaxBps)). */
  readonly floorRel: number;
  readonly ceilingRel: number;
  /**
   * The share of the quote's lean a fill leaves in the anchor (1 − quoting.anchorSkewShare): a trade joins the anchor
   * less that share of the standing quote's offset, so a path whose stock moves the lean moves its level with it on
   * each fill. Absent: 0 (the anchor sheds the whole offset).
   */
  readonly leanShare?: number;
}

export interface IndexForecast {
  /** E[index], µPAT (unrounded): F. */
  readonly meanMicros: number;
  /** The paths' standard deviation, µPAT (the period's own uncertainty, without the move until it starts). */
  readonly periodStdDevMicros: number;
  /** The mean's error, µPAT: from drawing a finite number of paths (periodStdDev / √paths) and, with the broker's rules, from their rates' uncertainty. */
  readonly meanStdErrorMicros: number;
  /** Var(ln index): σ² × hours until the period starts, plus ln(1 + (periodStdDev / mean)²). */
  readonly logVariance: number;
  /** The part of logVariance from before the period. */
  readonly preLogVariance: number;
  /**
   * Like logVariance, with the period's part read from the paths' mean absolute deviation instead of their variance: the
   * variance of a normal with that deviation, (π/2)·(E|I − F| / F)². Equal to logVariance's part for a bell-shaped index;
   * far below it when a rare path settles far off (a last sale 27% under the index in one path of a hundred), which the
   * variance weighs by its square and a taker who knows the outcome gains from only once (E|I − F| is what it takes).
   */
  readonly typicalLogVariance: number;
  /** The index if the book stayed as it is to the close and nothing more traded. */
  readonly held: SettlementIndex;
  /** Share of the paths settling on each rung. */
  readonly methodShares: Readonly<Record<SettlementIndexMethod, number>>;
  readonly paths: number;
  /** The two-state chain fitted: stationary two-sided share and the per-minute persistence. */
  readonly twoSidedShare: number;
  readonly persistence: number;
}

export class IndexForecastError extends Error {
  override readonly name = 'IndexForecastError';
  constructor(
    readonly field: string,
    readonly value: number,
  ) {
    super(`index forecast: ${field} is out of its domain (${value})`);
  }
}

/** Above this mean a Poisson draw is taken as normal (its skew is below 0.1 there). */
const POISSON_NORMAL_ABOVE = 100;

/** A small seeded generator, enough for a few thousand draws per forecast. */
const generator = mulberry32;

/**
 * Draws for one path. Paths come in antithetic pairs: the second of a pair replays the first's
 * uniforms as 1 − u, so its normals are negated and its coin flips reversed; the pair's mean has
 * less noise than two independent paths.
 */
class Draws {
  private readonly recorded: number[] = [];
  private at = 0;
  constructor(
    private readonly random: () => number,
    private readonly mirror: readonly number[] | undefined,
  ) {}

  uniform(): number {
    // A mirrored path that has drawn more than its twin (more trades) goes on with fresh draws.
    const u = this.mirror !== undefined && this.at < this.mirror.length ? 1 - this.mirror[this.at++]! : this.random();
    this.recorded.push(u);
    // Never exactly 0 or 1: a log or a probit of it stays finite.
    return Math.min(Math.max(u, 1e-12), 1 - 1e-12);
  }

  /** A standard normal by inversion, so an antithetic uniform gives its negative. */
  normal(): number {
    return probit(this.uniform());
  }

  poisson(mean: number): number {
    if (mean <= 0) return 0;
    // A large mean (a cleared ask near the close lifts the sale rate by q / E) by its normal approximation: the
    // inversion below would walk thousands of terms, and e^(−mean) underflows to 0 past about 745.
    if (mean > POISSON_NORMAL_ABOVE) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const u = this.uniform();
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    while (u > cdf && k < 1_000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }

  uniforms(): readonly number[] {
    return this.recorded;
  }
}

/** The inverse of the standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function probit(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** The two-state chain of sidedness, fitted to the samples of the hour before now. */
export interface SidednessChain {
  /** Long-run share of two-sided instants. */
  twoSidedShare: number;
  /** r: how much of the current state's deviation from the long run is left after one minute (0: none, 1: forever). */
  persistence: number;
}

/**
 * The fit's priors: the long-run share leans on the state now as on `STATE_NOW_WEIGHT` samples
 * (an hour without history keeps the book as it is: a quote is pulled or restored for a reason
 * that lasts), and the switch rate on half a switch in 30 minutes.
 */
const STATE_NOW_WEIGHT = 10;
const SWITCH_PRIOR = { switches: 0.5, minutes: 30 } as const;

/**
 * π = (two-sided samples + STATE_NOW_WEIGHT × [two-sided now] + 1) / (samples + STATE_NOW_WEIGHT + 2);
 * the switch rate ŝ = (switches + prior) / (consecutive pairs + prior), and since a chain in its
 * long run switches 2π(1 − π)(1 − r) times a minute, r = 1 − ŝ / (2π(1 − π)), within [0, 1].
 */
export function fitSidedness(samples: readonly QuoteSample[], sampleEveryMs: number, maxSpreadBps: number, twoSidedNow: boolean): SidednessChain {
  const sorted = [...samples].sort((x, y) => x.atMs - y.atMs);
  let twoSided = 0;
  let pairs = 0;
  let switches = 0;
  let previous: { atMs: number; two: boolean } | undefined;
  for (const s of sorted) {
    const two = classifySample(s, maxSpreadBps) === 'twoSided';
    if (two) twoSided++;
    if (previous !== undefined && s.atMs - previous.atMs === sampleEveryMs) {
      pairs++;
      if (two !== previous.two) switches++;
    }
    previous = { atMs: s.atMs, two };
  }
  // One more sample either way keeps π inside (0, 1): no state is certain never to come back.
  const pi = (twoSided + (twoSidedNow ? STATE_NOW_WEIGHT : 0) + 1) / (sorted.length + STATE_NOW_WEIGHT + 2);
  const switchRate = (switches + SWITCH_PRIOR.switches) / (pairs + SWITCH_PRIOR.minutes);
  return { twoSidedShare: pi, persistence: Math.min(1, Math.max(0, 1 - switchRate / (2 * pi * (1 - pi)))) };
}

/** The probability of being two-sided `steps` minutes after a state `twoNow`. */
function twoSidedAfter(chain: SidednessChain, twoNow: boolean, steps: number): number {
  return chain.twoSidedShare + ((twoNow ? 1 : 0) - chain.twoSidedShare) * Math.pow(chain.persistence, steps);
}

/** One projected book: both prices as multiples of the level, and which sides it shows. */
interface Book {
  bidRatio: number;
  askRatio: number;
  two: boolean;
  /** When one-sided, the side shown ('none': neither). */
  side: 'bid' | 'ask' | 'none';
}

function bookPrices(book: Book, level: number): [bid: number, ask: number] {
  const bid = Math.max(1, Math.round(level * book.bidRatio));
  const ask = Math.max(bid, Math.round(level * book.askRatio));
  if (book.two) return [bid, ask];
  if (book.side === 'bid') return [bid, 0];
  if (book.side === 'ask') return [0, ask];
  return [0, 0];
}

/** The side a one-sided spell shows: the book's now; from a two-sided book, the latest one-sided sample's (undefined: none seen). */
function oneSideOf(bid: number, ask: number, recentSamples: readonly QuoteSample[]): Book['side'] | undefined {
  if (bid > 0 && ask === 0) return 'bid';
  if (ask > 0 && bid === 0) return 'ask';
  if (bid === 0 && ask === 0) return 'none';
  for (const s of [...recentSamples].sort((a, b) => b.atMs - a.atMs)) {
    if (s.bidMicros > 0 && s.askMicros === 0) return 'bid';
    if (s.askMicros > 0 && s.bidMicros === 0) return 'ask';
  }
  return undefined;
}

export function forecastSettlementIndex(f: IndexForecastInputs): IndexForecast {
  check(f);
  // Throws SettlementIndexError on a parameter out of its bounds, as the index itself would.
  const params = resolveSettlementIndexParams(f.index);
  const every = params.sampleEveryMs;
  const close = f.tracked.cutoffAtMs;
  const start = close - params.periodMs;
  const sigma = f.sigmaRelPerSqrtHour;

  // The book now, as ratios of its level.
  const bid = f.bidMicros;
  const ask = f.askMicros;
  const nowClass = classifySample({ atMs: f.nowMs, bidMicros: bid, askMicros: ask }, params.maxSpreadBps);
  const h = f.halfSpreadRel;
  let level: number;
  if (bid > 0 && ask > 0) level = (bid + ask) / 2;
  else if (ask > 0) level = ask / (1 + h);
  else if (bid > 0) level = bid / (1 - h);
  else level = f.fallbackLevelMicros;
  const twoNow = nowClass === 'twoSided';
  const bidRatio = bid > 0 ? bid / level : 1 - h;
  const askRatio = ask > 0 ? ask / level : 1 + h;
  // With the broker's rules played out, a book one-sided now is one-sided by them (no stock to sell, or no room or need
  // to buy), and its one side leans with the skew that stock brings: the sides to come are put around the quoter's level.
  const rulesLevel = twoNow ? level : f.fallbackLevelMicros;
  const rulesBidRatio = twoNow ? bidRatio : 1 - h;
  // An ask shown alone now is where the quoter put it: the skew and carry of the stock it holds lean it off the level (a
  // thin series' broker, long and clearing, a point or two down). The paths keep that lean and clear from it as the rules
  // do, so the clearance now is taken back out; put at the level's half-spread instead, they started above the quoter's own ask.
  const unclearedAskRatio = twoNow ? askRatio : 1 + h;
  const rulesAskRatio = !twoNow && ask > 0 && f.broker !== undefined ? ask / rulesLevel + clearanceAt(f.broker, close, f.nowMs) : unclearedAskRatio;
  const oneSide = oneSideOf(bid, ask, f.recentSamples);
  const chain = fitSidedness(f.recentSamples, every, params.maxSpreadBps, twoNow);

  // Which instants are still to come: those from nextSampleAtMs (at most the close). Up to now they take the book as it is.
  const firstToCome = Math.max(start + every, Math.ceil(f.nextSampleAtMs / every) * every);
  const sampled = f.tracked.quoteSamples.filter((s) => s.atMs < firstToCome);
  const tradedBefore = f.tracked.trades;
  const preHours = Math.max(0, start - f.nowMs) / HOUR_MS;
  const preLogVariance = sigma * sigma * preHours;
  // Before the period the reference it will read (at its start) is still to come: the one now, decayed as the quote's level is.
  const referencePriceMicros = f.nowMs < start ? Math.max(1, Math.round(f.tracked.referencePriceMicros * f.driftAt(start))) : f.tracked.referencePriceMicros;
  const lambdaPerMs = Math.max(0, f.tradesPerHour) / HOUR_MS;
  const fillQty = Math.max(1, Math.round(f.fillQty));

  const held = computeSettlementIndex(
    { ...f.tracked, quoteSamples: [...sampled, ...heldSamples(firstToCome, close, every, bid, ask)] },
    params,
  );

  // A past minute's lift, read from how far its ask sat below the uncleared one a path would put (arrivalsOf).
  const liftAt = (askMicros: number): number => (f.broker === undefined ? 1 : Math.min(Math.exp((f.broker.liftK ?? f.broker.k) * Math.max(0, unclearedAskRatio - askMicros / rulesLevel)), MAX_CLEARANCE_LIFT));
  const arrivals = f.broker === undefined ? undefined : arrivalsOf(f, f.broker, { sampled, tradedBefore, every, fillQty, liftAt });
  // Which of those sides carry the quoter's lean now (leanAt): a side taken from the book does, one put at the level's half-spread does not.
  const leanedNow = { bid: twoNow, ask: twoNow || (ask > 0 && f.broker !== undefined) };
  const common: PathContext = { f, params, start, close, every, sigma, sampled, tradedBefore, firstToCome, fillQty, bid, ask, referencePriceMicros };
  const rulesPath: RulesPathContext = { ...common, rulesLevel, rulesBidRatio, rulesAskRatio, leanedNow };
  const chainPath: ChainPathContext = { ...common, chain, twoNow, oneSide, lambdaPerMs, level, bidRatio, askRatio };
  const paths = Math.max(2, Math.floor(f.paths / 2) * 2);
  const methods: Record<SettlementIndexMethod, number> = { MID_TRADE_BLEND: 0, TRADE_VWAP: 0, LAST_TRADE: 0, REFERENCE_PRICE: 0 };
  const rules = f.broker;
  const values = runPaths(f.seed, paths, (draws) => (rules !== undefined && arrivals !== undefined ? pathByRules(rulesPath, draws, rules, arrivals) : pathByChain(chainPath, draws)), methods);
  const { mean, variance, meanAbsDeviationRel } = spreadOf(values);
  for (const m of Object.keys(methods) as SettlementIndexMethod[]) methods[m] /= paths;
  const rateErrorSq = rules === undefined || arrivals === undefined ? 0 : rateErrorSquared(f.seed, rulesPath, rules, arrivals, values);
  return {
    meanMicros: mean,
    periodStdDevMicros: Math.sqrt(variance),
    meanStdErrorMicros: Math.sqrt(variance / paths + rateErrorSq),
    logVariance: preLogVariance + Math.log(1 + variance / (mean * mean)),
    preLogVariance,
    typicalLogVariance: preLogVariance + (Math.PI / 2) * meanAbsDeviationRel * meanAbsDeviationRel,
    held,
    methodShares: methods,
    paths,
    twoSidedShare: chain.twoSidedShare,
    persistence: chain.persistence,
  };
}

/** The paths' mean, variance (unbiased) and mean absolute deviation as a share of the mean. */
function spreadOf(values: readonly number[]): { mean: number; variance: number; meanAbsDeviationRel: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) * (v - mean);
  variance /= values.length - 1;
  let deviation = 0;
  for (const v of values) deviation += Math.abs(v - mean);
  deviation /= values.length * mean;
  return { mean, variance, meanAbsDeviationRel: deviation };
}

/**
 * The rates the broker's rules run on are measured, not known: F's move when either is off by its uncertainty is
 * an error of the mean as real as the paths' own. Each on a quarter of the paths, drawn from the same seed as the
 * first quarter of `values` (common random numbers: the difference is the rates', not the draws').
 */
function rateErrorSquared(seed: number, rulesPath: RulesPathContext, rules: BrokerRules, arrivals: Arrivals, values: readonly number[]): number {
  if ((rules.rateUncertainty ?? 0) <= 0) return 0;
  const few = Math.max(2, Math.floor(values.length / 8) * 2);
  let baseline = 0;
  for (let i = 0; i < few; i++) baseline += values[i]!;
  baseline /= few;
  const u = 1 + rules.rateUncertainty!;
  let rateErrorSq = 0;
  for (const moved of [{ ...arrivals, buyersPerHour: arrivals.buyersPerHour * u }, { ...arrivals, sellersPerHour: arrivals.sellersPerHour * u }]) {
    const shifted = runPaths(seed, few, (draws) => pathByRules(rulesPath, draws, rules, moved));
    let m = 0;
    for (const v of shifted) m += v;
    rateErrorSq += (m / few - baseline) ** 2;
  }
  return rateErrorSq;
}

/** `count` paths from `seed`, in antithetic pairs: their indexes (and, when given, the rungs tallied). */
function runPaths(seed: number, count: number, path: (draws: Draws) => SettlementIndex, methods?: Record<SettlementIndexMethod, number>): number[] {
  const random = generator(seed);
  const out: number[] = [];
  let mirror: readonly number[] | undefined;
  for (let p = 0; p < count; p++) {
    const draws = new Draws(random, p % 2 === 1 ? mirror : undefined);
    const index = path(draws);
    mirror = p % 2 === 0 ? draws.uniforms() : undefined;
    out.push(index.indexMicros);
    if (methods !== undefined) methods[index.method]++;
  }
  return out;
}

/**
 * The broker's rates as the period so far bears them out: a rate measured over the hours before (its half-life is
 * hours) meets what the index hour has shown, e.g. no buyer at all while the ask was cleared for 50 minutes. A past
 * minute's lift is read from how far its ask sat below the uncleared one a path would put (`liftAt`). Whether a side's
 * takers have gone is read on more: the hour before now as well (they overlap inside the period, each instant once), so
 * an hour entered after two without a buyer starts from that, and one entered trading at both sides does not doubt them.
 */
function arrivalsOf(
  f: IndexForecastInputs,
  broker: BrokerRules,
  o: { sampled: readonly QuoteSample[]; tradedBefore: readonly IndexTrade[]; every: number; fillQty: number; liftAt: (askMicros: number) => number },
): Arrivals {
  const { sampled, tradedBefore, every, fillQty, liftAt } = o;
  const seenSamples = new Map<number, QuoteSample>();
  // The hour before now counts only with its trades (without them its quiet would read as no taker at all).
  for (const s of [...(f.recentTrades === undefined ? [] : f.recentSamples), ...sampled]) if (s.atMs <= f.nowMs) seenSamples.set(s.atMs, s);
  const seenTrades = new Map<string, IndexTrade>();
  for (const t of [...(f.recentTrades ?? []), ...tradedBefore]) seenTrades.set(`${t.atMs}/${t.priceMicros}`, t);
  const inPeriod = arrivalsSeen(broker, sampled, tradedBefore, every, fillQty, liftAt, ownSalesBefore(broker, sampled, tradedBefore, every, fillQty));
  // The ask's unfilled spell before the samples seen (the sample at an instant is the book of the minute before it).
  let seenFromMs = Infinity;
  for (const at of seenSamples.keys()) seenFromMs = Math.min(seenFromMs, at - every);
  const since = broker.askUnfilledSinceMs ?? 0;
  const silentBeforeHours = since > 0 && Number.isFinite(seenFromMs) ? Math.max(0, seenFromMs - since) / HOUR_MS : 0;
  const seen = arrivalsSeen(broker, [...seenSamples.values()], [...seenTrades.values()], every, fillQty, liftAt, undefined, silentBeforeHours);
  return { ...inPeriod, buyersGone: seen.buyersGone };
}

/** What a chain path reads of its forecast (forecastSettlementIndex makes it once): the book's sidedness as a fitted chain. */
interface ChainPathContext extends PathContext {
  readonly chain: SidednessChain;
  readonly twoNow: boolean;
  /** The side a one-sided spell shows (undefined: drawn per path). */
  readonly oneSide: Book['side'] | undefined;
  readonly lambdaPerMs: number;
  /** The book's level now and its sides' ratios to it. */
  readonly level: number;
  readonly bidRatio: number;
  readonly askRatio: number;
}

/** One path of the rest of the period without the broker's rules: the level walks, the book's sides follow the chain, takers trade at Poisson times. */
function pathByChain(c: ChainPathContext, draws: Draws): SettlementIndex {
  const { f, params, start, close, every, sigma, sampled, tradedBefore, firstToCome, fillQty, bid, ask, referencePriceMicros, chain, twoNow, oneSide, lambdaPerMs, level, bidRatio, askRatio } = c;
  const oneSidePath: Book['side'] = oneSide ?? (draws.uniform() < 0.5 ? 'bid' : 'ask');
  let two = twoNow;
  let logLevel = 0; // ln(level / (level now × drift)), the walk's part
  let lastAtMs = f.nowMs;
  let lastTradeBeforePeriod = f.tracked.lastTradeBeforePeriod;
  if (f.nowMs < start) {
    // Until the period starts: the state after that many minutes; the level's move is in preLogVariance (the path starts at its mean).
    two = draws.uniform() < twoSidedAfter(chain, twoNow, Math.round((start - f.nowMs) / every));
    lastAtMs = start;
    if (draws.uniform() < 1 - Math.exp(-lambdaPerMs * (start - f.nowMs))) {
      const [b, a] = bookPrices({ bidRatio, askRatio, two, side: oneSidePath }, level * f.driftAt(start));
      const price = b === 0 && a === 0 ? 0 : takerAtAsk(draws, b, a) ? a : b;
      if (price > 0) lastTradeBeforePeriod = { atMs: start, priceMicros: price };
    }
  }
  const quoteSamples: QuoteSample[] = [...sampled];
  const trades: IndexTrade[] = [...tradedBefore];
  for (let at = firstToCome; at <= close; at += every) {
    if (at > f.nowMs) {
      const dtMs = at - Math.max(lastAtMs, f.nowMs);
      if (dtMs > 0) {
        const dtHours = dtMs / HOUR_MS;
        logLevel += sigma * Math.sqrt(dtHours) * draws.normal() - 0.5 * sigma * sigma * dtHours;
        two = draws.uniform() < twoSidedAfter(chain, two, dtMs / every);
        lastAtMs = at;
      }
    }
    // Instants up to now not sampled yet take the book as it is; later ones the path's.
    const [b, a] = at > f.nowMs ? bookPrices({ bidRatio, askRatio, two, side: oneSidePath }, level * f.driftAt(at) * Math.exp(logLevel)) : [bid, ask];
    quoteSamples.push({ atMs: at, bidMicros: b, askMicros: a });
    // Trades of the minute leading up to this instant, from now on: Poisson, each at the side a taker meets.
    const fromMs = Math.max(at - every, f.nowMs);
    if (at <= f.nowMs || (b === 0 && a === 0)) continue;
    const count = draws.poisson(lambdaPerMs * (at - fromMs));
    let bought = 0;
    for (let i = 0; i < count; i++) if (takerAtAsk(draws, b, a)) bought++;
    const sold = count - bought;
    if (sold > 0) trades.push({ atMs: at, priceMicros: b, qty: sold * fillQty });
    if (bought > 0) trades.push({ atMs: at, priceMicros: a, qty: bought * fillQty });
  }
  trades.sort((x, y) => x.atMs - y.atMs);
  return computeSettlementIndex(
    { cutoffAtMs: close, quoteSamples, trades, ...(lastTradeBeforePeriod === undefined ? {} : { lastTradeBeforePeriod }), referencePriceMicros },
    params,
  );
}

/** What every path reads of its forecast (forecastSettlementIndex makes it once). */
interface PathContext {
  readonly f: IndexForecastInputs;
  readonly params: SettlementIndexParams;
  readonly start: number;
  readonly close: number;
  readonly every: number;
  readonly sigma: number;
  /** The period's samples and trades the engine holds, and the first instant still to come. */
  readonly sampled: readonly QuoteSample[];
  readonly tradedBefore: readonly IndexTrade[];
  readonly firstToCome: number;
  readonly fillQty: number;
  /** The book now, µPAT. */
  readonly bid: number;
  readonly ask: number;
  readonly referencePriceMicros: number;
}

/** What a rules path reads of its forecast besides. */
interface RulesPathContext extends PathContext {
  /** The level the sides to come are put around, and their ratios to it (see forecastSettlementIndex). */
  readonly rulesLevel: number;
  readonly rulesBidRatio: number;
  readonly rulesAskRatio: number;
  /** Whether each side's ratio carries the quoter's lean now. */
  readonly leanedNow: { readonly bid: boolean; readonly ask: boolean };
}

/**
 * One path with the broker's rules played out: from now to the close its inventory q moves
 * with the trades it makes; at each step the book shows a bid only while
 * ⌊sellThrough × E − q⌋ ≥ 1 and q is below what it may hold (E = sale rate × hours left), an ask
 * while q ≥ 1, lowered by min(ln(q / E) / k, the deepest discount) once q > E; buyers arrive at
 * the sale rate × e^(k × discount), sellers at the purchase rate while a bid shows. Before the
 * period at most PRE_PERIOD_STEPS steps (the rules move q there too: a broker long an hour
 * before the period enters it without a bid); only the last trade before it is kept.
 */
function pathByRules(c: RulesPathContext, draws: Draws, rules: BrokerRules, arrive: Arrivals): SettlementIndex {
  return new RulesPath(c, draws, rules, arrive).settle();
}

type LastTrade = NonNullable<IndexForecastInputs['tracked']['lastTradeBeforePeriod']>;

/** One path of pathByRules: the broker's stock and its sale-rate estimate as they move along it. */
class RulesPath {
  /** The broker's stock along the path. */
  private q: number;
  private pathSold = 0;
  private pathAskHours = 0;
  private readonly buyersPerHour: number;
  private readonly sellersPerHour: number;
  /** The quoter's prior's rights (see quoterRate). */
  private readonly priorRights: number;
  private readonly liftK: number;
  /** The quoter's lean now, which a side taken from the book now carries. */
  private readonly leanNow: number;
  private readonly anchor: AnchorPath | undefined;

  constructor(
    private readonly c: RulesPathContext,
    private readonly draws: Draws,
    private readonly rules: BrokerRules,
    arrive: Arrivals,
  ) {
    this.q = Math.max(0, rules.ownedRights);
    // Whether this path's buyers have gone (drawn once: a market that has gone stays gone to the close).
    this.buyersPerHour = arrive.buyersGone > 0 && draws.uniform() < arrive.buyersGone ? 0 : arrive.buyersPerHour;
    this.sellersPerHour = arrive.sellersPerHour;
    const own = rules.ownSales;
    const h0 = rules.ratePriorHours;
    this.priorRights = own !== undefined && h0 !== undefined ? Math.max(0, rules.saleRatePerHour * (own.askHours + h0) - own.rights) : 0;
    this.liftK = rules.liftK ?? rules.k;
    // A side taken from the book now carries the quoter's lean now; one put at the level's half-spread carries none: a
    // step moves each by the lean at the path's stock and instant less the one it carries.
    this.leanNow = rules.leanAt === undefined ? 0 : rules.leanAt(Math.max(0, rules.ownedRights), c.f.nowMs);
    this.anchor = rules.anchor === undefined ? undefined : new AnchorPath(rules.anchor, this.leanNow);
  }

  /** The quoter's sale rate as its estimates move along the path: its prior's rights and hours, its own evidence, the path's. */
  private quoterRate(): number {
    const own = this.rules.ownSales;
    const h0 = this.rules.ratePriorHours;
    return own !== undefined && h0 !== undefined ? (own.rights + this.priorRights + this.pathSold) / Math.max(1e-9, own.askHours + h0 + this.pathAskHours) : this.rules.saleRatePerHour;
  }

  /** The book the rules show around `levelMicros`, quoted at `quotedAtMs`: bid, ask, the ask's clearance discount, the lean. */
  private bookAt(levelMicros: number, quotedAtMs: number): [bid: number, ask: number, discount: number, lean: number] {
    const { rules, c, q } = this;
    const lean = rules.leanAt === undefined ? 0 : rules.leanAt(q, quotedAtMs);
    const bidRatio = c.rulesBidRatio - (lean - (c.leanedNow.bid ? this.leanNow : 0));
    const askRatio = c.rulesAskRatio - (lean - (c.leanedNow.ask ? this.leanNow : 0));
    const expected = Math.max(this.quoterRate(), 1e-6) * (Math.max(0, c.close - quotedAtMs) / HOUR_MS);
    const bidShown = Math.floor(rules.sellThrough * expected - q) >= 1 && q + 1 <= rules.holdableRights;
    let discount = 0;
    let askMicros = 0;
    if (q >= 1) {
      askMicros = levelMicros * askRatio;
      if (q > expected) {
        discount = Math.min(Math.log(q / Math.max(expected, 1e-9)) / Math.max(rules.k, 1e-9), rules.maxDiscountRel);
        askMicros = Math.max(askMicros - levelMicros * discount, levelMicros * (1 - rules.maxDiscountRel));
      }
      askMicros = Math.max(1, Math.round(askMicros));
    }
    let bidMicros = bidShown ? Math.max(1, Math.round(levelMicros * bidRatio)) : 0;
    if (bidMicros > 0 && askMicros > 0 && bidMicros >= askMicros) bidMicros = 0; // a cleared ask below the bid: the bid gives way
    return [bidMicros, askMicros, discount, lean];
  }

  /** The trades of `dtMs` at this book: q moves; returns what traded at each side. */
  private tradeFor(dtMs: number, bidMicros: number, askMicros: number, discount: number): [sold: number, bought: number] {
    const { draws, c } = this;
    const hours = dtMs / HOUR_MS;
    const lift = Math.min(Math.exp(this.liftK * discount), MAX_CLEARANCE_LIFT);
    const bought = askMicros > 0 ? Math.min(Math.floor(this.q / c.fillQty), draws.poisson((this.buyersPerHour * lift * hours) / c.fillQty)) : 0;
    const sold = bidMicros > 0 ? draws.poisson((this.sellersPerHour * hours) / c.fillQty) : 0;
    this.q += (sold - bought) * c.fillQty;
    if (askMicros > 0) this.pathAskHours += hours;
    this.pathSold += bought * c.fillQty;
    return [sold, bought];
  }

  /**
   * Until the period starts: the level's move is in preLogVariance (the path starts at its mean); q and the last
   * trade move. Further out than the hour before the period, the skew steers q to the quoter's target (it leans the
   * quotes until it is there), where a walk of the two rates alone would drift for days: the path takes it from there.
   * Returns the last trade before the period.
   */
  private beforePeriod(lastTrade: LastTrade | undefined): LastTrade | undefined {
    const { f, start, close, every, rulesLevel } = this.c;
    const rules = this.rules;
    let fromMs = f.nowMs;
    if (start - f.nowMs > PRE_PERIOD_RULES_MS) {
      fromMs = start - PRE_PERIOD_RULES_MS;
      const expected = Math.max(rules.saleRatePerHour, 1e-6) * ((close - fromMs) / HOUR_MS);
      this.q = Math.max(0, Math.min(rules.saleRatePerHour * rules.targetHours, rules.sellThrough * expected, rules.holdableRights / 2));
    }
    const steps = Math.min(PRE_PERIOD_STEPS, Math.max(1, Math.ceil((start - fromMs) / every)));
    const stepMs = (start - fromMs) / steps;
    for (let i = 1; i <= steps; i++) {
      const at = fromMs + i * stepMs;
      const [b, a, discount] = this.bookAt(rulesLevel * f.driftAt(at), at);
      const [sold, bought] = this.tradeFor(stepMs, b, a, discount);
      if (sold > 0 || bought > 0) lastTrade = { atMs: start, priceMicros: bought > 0 && (sold === 0 || this.draws.uniform() < bought / (sold + bought)) ? a : b };
    }
    return lastTrade;
  }

  /** The path played to the close, and the index its samples and trades settle on. */
  settle(): SettlementIndex {
    const { f, params, start, close, every, sigma, sampled, tradedBefore, firstToCome, fillQty, bid, ask, referencePriceMicros, rulesLevel } = this.c;
    const { draws, anchor } = this;
    let logLevel = 0;
    let lastAtMs = f.nowMs;
    let lastTradeBeforePeriod = f.tracked.lastTradeBeforePeriod;
    const quoteSamples: QuoteSample[] = [...sampled];
    const trades: IndexTrade[] = [...tradedBefore];
    if (f.nowMs < start) {
      lastTradeBeforePeriod = this.beforePeriod(lastTradeBeforePeriod);
      lastAtMs = start;
    }
    for (let at = firstToCome; at <= close; at += every) {
      if (at <= f.nowMs) {
        quoteSamples.push({ atMs: at, bidMicros: bid, askMicros: ask }); // instants up to now not sampled yet take the book as it is
        continue;
      }
      const dtMs = at - Math.max(lastAtMs, f.nowMs);
      if (dtMs > 0) {
        const dtHours = dtMs / HOUR_MS;
        logLevel += sigma * Math.sqrt(dtHours) * draws.normal() - 0.5 * sigma * sigma * dtHours;
        lastAtMs = at;
      }
      // The book an instant of the period shows (its sample, its minute's trades) is the one quoted as its minute began: E
      // on the hours left then, so the close's own instant is not cleared on an E of 0 (the last book stands through it).
      const level = rulesLevel * f.driftAt(at) * Math.exp(logLevel);
      const [b, a, discount, lean] = this.bookAt(level * (anchor?.factor ?? 1), at - every);
      quoteSamples.push({ atMs: at, bidMicros: b, askMicros: a });
      const [sold, bought] = this.tradeFor(at - Math.max(at - every, f.nowMs), b, a, discount);
      if (sold > 0) trades.push({ atMs: at, priceMicros: b, qty: sold * fillQty });
      if (bought > 0) trades.push({ atMs: at, priceMicros: a, qty: bought * fillQty });
      // The quoter's estimates after the minute: a fill restarts its side's clock; a side standing unfilled past the grace
      // moves the anchor (the next minute's book is quoted on it).
      if (anchor !== undefined) {
        // Its fills carry the lean the book was quoted with.
        if (bought > 0) anchor.fill(at, true, lean);
        if (sold > 0) anchor.fill(at, false, lean);
        anchor.drift(at, at + every, b > 0, a > 0);
      }
    }
    trades.sort((x, y) => x.atMs - y.atMs); // the track's own (stamped at their minute's instant) before the path's, as in the chain's path
    return computeSettlementIndex(
      { cutoffAtMs: close, quoteSamples, trades, ...(lastTradeBeforePeriod === undefined ? {} : { lastTradeBeforePeriod }), referencePriceMicros },
      params,
    );
  }
}

/**
 * The trade anchor's stale-side drift along one path, as the quoter's estimates move it (estimates.ts, driftAnchor), in
 * ln of its level now: `factor` is the quote level's multiple of the level without it (w·e^drift + 1 − w). A path's fill
 * restarts its side's clock and leaves the anchor where it is: the estimates blend a fill in net of the quote's lean and
 * with one account's weight capped, and played without those, sales at a one-sided ask ratcheted the paths' level up
 * (20% in an hour of the sellers regime's buyers, where the quoter's own rose 4%; two-sided F at −60 min +1.9% against
 * −0.9% without it). The drift is what a market that stopped buying does to the level, and what the thin regime missed.
 */
class AnchorPath {
  private log = 0;
  /** The lean's part of the anchor relative to now (a share of the lean's change at the last fill). */
  private leanPart = 0;
  private readonly floorLog: number;
  private readonly ceilingLog: number;
  private askSince: number;
  private bidSince: number;
  factor = 1;

  constructor(
    private readonly a: AnchorDrift,
    private readonly leanNow: number,
  ) {
    this.floorLog = Math.log(a.floorRel);
    this.ceilingLog = Math.log(a.ceilingRel);
    this.askSince = a.askUnfilledSinceMs;
    this.bidSince = a.bidUnfilledSinceMs;
  }

  /** Over (from, to] with these sides shown: a side shown starts its clock, one not shown stops it; stale past the grace, the anchor moves. */
  drift(fromMs: number, toMs: number, bidShown: boolean, askShown: boolean): void {
    if (!askShown) this.askSince = 0;
    else if (this.askSince === 0) this.askSince = fromMs;
    if (!bidShown) this.bidSince = 0;
    else if (this.bidSince === 0) this.bidSince = fromMs;
    const stale = (since: number): number => (since > 0 ? Math.max(0, toMs - Math.max(fromMs, since + this.a.graceMs)) / HOUR_MS : 0);
    const net = stale(this.bidSince) - stale(this.askSince); // > 0: the bid stale, the value above it
    if (net !== 0) this.log = Math.min(this.ceilingLog, Math.max(this.floorLog, this.log + net * this.a.driftPerHour));
    this.factor = 1 - this.a.weight + this.a.weight * Math.exp(this.log) * (1 + this.leanPart);
  }

  /** A fill at a quote leaning `lean` (quote.ts, inventoryLean): its side's clock restarts, and the anchor keeps its share of the lean. */
  fill(atMs: number, atAsk: boolean, lean: number): void {
    if (atAsk) this.askSince = atMs;
    else this.bidSince = atMs;
    this.leanPart = -(this.a.leanShare ?? 0) * (lean - this.leanNow);
  }
}

/**
 * The most a cleared ask lifts the buyers' rate in a forecast path. The quoter clears on its fitted intensity
 * (Λ(δ) = A·e^(−kδ): a discount of ln(q / E) / k sells q / E times as fast), fitted on quotes near its usual spread;
 * a path that took it at its word 50% below the level would see buyers the market never showed.
 */
const MAX_CLEARANCE_LIFT = 3;

/** Prior weight of the quoter's measured rates against the index hour's own evidence, in trades (a Gamma prior's shape). */
const RATE_PRIOR_TRADES = 2;

/**
 * The prior chance that a side's takers have gone for the rest of the window (a rate of 0, not merely low): a market
 * whose buyers stopped coming hours ago, its ask cleared for most of the hour with no taker. The quoter's measured rates
 * decay over hours and cannot say so; the index hour's own evidence can (arrivalsSeen).
 */
const GONE_PRIOR = 0.1;

/** The rules' clearance at an instant, a share of the level: min(ln(q / E) / k, the deepest discount) once the stock q is over E (computeQuote). */
function clearanceAt(rules: BrokerRules, closeMs: number, atMs: number): number {
  const expected = Math.max(rules.saleRatePerHour, 1e-6) * (Math.max(0, closeMs - atMs) / HOUR_MS);
  const q = Math.max(0, rules.ownedRights);
  return q > expected ? Math.min(Math.log(q / Math.max(expected, 1e-9)) / Math.max(rules.k, 1e-9), rules.maxDiscountRel) : 0;
}

/** Rights per hour that buyers take at the broker's ask (before a clearance's lift) and sellers bring to its bid, in a path. */
interface Arrivals {
  readonly buyersPerHour: number;
  readonly sellersPerHour: number;
  /** The chance the buyers have gone (no sale at the ask to the close): a path draws it once. */
  readonly buyersGone: number;
}

/**
 * The series' own sales before the period, in trades of `fillQty` and the hours an ask stood: the estimates' decayed
 * evidence (BrokerRules.ownSales) less what the period so far holds of it (its trades at the ask, its minutes with an
 * ask), which arrivalsSeen counts itself. Undefined without the evidence.
 */
function ownSalesBefore(rules: BrokerRules, samples: readonly QuoteSample[], trades: readonly IndexTrade[], every: number, fillQty: number): { trades: number; hours: number } | undefined {
  const own = rules.ownSales;
  if (own === undefined) return undefined;
  let periodHours = 0;
  for (const s of samples) if (s.askMicros > 0) periodHours += every / HOUR_MS;
  const byInstant = new Map<number, QuoteSample>(samples.map((s) => [s.atMs, s]));
  let periodRights = 0;
  for (const t of trades) if (boughtAtAsk(t, byInstant, every)) periodRights += t.qty;
  return { trades: Math.max(0, own.rights - periodRights) / fillQty, hours: Math.max(0, own.askHours - periodHours) };
}

/**
 * Whether a trade of the period was a purchase at the broker's ask (else a sale to its bid): the side nearer its price
 * among the books sampled at its minute's instant and the instants either side. A trade stamped in (t − 1 min, t] met a
 * book that stood between the samples at t − 1 min and t, or, stamped at the instant itself after the quoter's turn
 * there, the one the next instant samples (the book at an instant is the one before its first command). Read against its
 * own instant's ask alone, a purchase at an ask lowered since (a clearance deepening minute by minute) counted as a sale,
 * and an hour of buyers at a clearing ask as no buyer at all. No book around it: a sale, as before.
 */
function boughtAtAsk(t: IndexTrade, byInstant: ReadonlyMap<number, QuoteSample>, every: number): boolean {
  const instant = Math.ceil(t.atMs / every) * every;
  let toAsk = Infinity;
  let toBid = Infinity;
  for (const at of [instant - every, instant, instant + every]) {
    const s = byInstant.get(at);
    if (s === undefined) continue;
    if (s.askMicros > 0) toAsk = Math.min(toAsk, Math.abs(t.priceMicros - s.askMicros));
    if (s.bidMicros > 0) toBid = Math.min(toBid, Math.abs(t.priceMicros - s.bidMicros));
  }
  return toAsk < Infinity && toAsk <= toBid;
}

/**
 * The market's rates on the period so far: Gamma(α, α / r) priors at the quoter's measured rates (α =
 * RATE_PRIOR_TRADES trades), updated on the trades at each side over the minutes that side was shown (an ask's
 * minutes weighed by the clearance's lift). A trade is a
 * purchase from the broker when it is at or above the instant's ask, else a sale to it. The rules themselves go on
 * reading the quoter's own rates, as computeQuote does.
 */
function arrivalsSeen(
  rules: BrokerRules,
  samples: readonly QuoteSample[],
  trades: readonly IndexTrade[],
  every: number,
  fillQty: number,
  liftAt: (askMicros: number) => number,
  before?: { trades: number; hours: number },
  silentBeforeHours = 0,
): Arrivals {
  const byInstant = new Map<number, QuoteSample>();
  let askHours = 0;
  let clearedHours = 0;
  let bidHours = 0;
  for (const s of samples) {
    byInstant.set(s.atMs, s);
    // A minute of a cleared ask counts as the buyers it would have drawn (its lift, read from how far below the
    // uncleared ask it was): fifty minutes of a deep clearance and no buyer say more than fifty of the usual ask.
    if (s.askMicros > 0) {
      const lift = liftAt(s.askMicros);
      askHours += (every / HOUR_MS) * lift;
      if (lift > 1) clearedHours += (every / HOUR_MS) * lift;
    }
    if (s.bidMicros > 0) bidHours += every / HOUR_MS;
  }
  let bought = 0;
  let sold = 0;
  for (const t of trades) {
    if (boughtAtAsk(t, byInstant, every)) bought += t.qty / fillQty;
    else sold += t.qty / fillQty;
  }
  const posterior = (ratePerHour: number, count: number, hours: number): number => {
    const r = ratePerHour / fillQty;
    return r > 0 ? ((RATE_PRIOR_TRADES + count) / (RATE_PRIOR_TRADES / r + hours)) * fillQty : ratePerHour;
  };
  // The buyers' prior: the quoter's rate, then the series' own sales before the period (its estimates' evidence, without
  // the period's own), then the period's; the sellers' stays the quoter's (a bid pulled for the hour asks nothing of them).
  const buyersBefore = before === undefined ? rules.saleRatePerHour : posterior(rules.saleRatePerHour, before.trades, before.hours);
  // Gone is a question a clearance asks: P(gone | no buyer over the cleared hours H) = p / (p + (1 − p)·(β / (β + H))^α),
  // the Gamma prior's chance of no trade over H; a buyer rules it out, and an ask never cleared asks nothing (a quiet
  // market quoted at its usual spread is not taken for one whose buyers have left). The bid has no clearance: its
  // sellers are never taken as gone.
  const r = rules.saleRatePerHour / fillQty;
  let buyersGone = 0;
  if (bought === 0 && clearedHours > 0 && r > 0) {
    // The ask's unfilled hours before the samples (silentBeforeHours) add to the silence, at the usual ask's weight: a
    // market that sold nothing for three hours, the last one cleared, is more surely gone than one quiet for one.
    const silent = clearedHours + silentBeforeHours;
    const stayed = (1 - GONE_PRIOR) * Math.pow(RATE_PRIOR_TRADES / r / (RATE_PRIOR_TRADES / r + silent), RATE_PRIOR_TRADES);
    buyersGone = GONE_PRIOR / (GONE_PRIOR + stayed);
  }
  return {
    buyersPerHour: posterior(buyersBefore, bought, askHours),
    sellersPerHour: posterior(rules.purchaseRatePerHour, sold, bidHours),
    buyersGone,
  };
}

/** The most steps a rules path takes before the index period (each a share of the time until it). */
const PRE_PERIOD_STEPS = 60;
/** How long before the period a rules path plays the rules out from the stock it would hold then (its target), when now is earlier. */
const PRE_PERIOD_RULES_MS = HOUR_MS;

/** Whether a taker buys at the ask (else sells at the bid): even odds when both sides are quoted; else the side shown. */
function takerAtAsk(draws: Draws, bidMicros: number, askMicros: number): boolean {
  if (bidMicros > 0 && askMicros > 0) return draws.uniform() < 0.5;
  return askMicros > 0;
}

/** The instants from `from` to the close with the book as it is now. */
function heldSamples(from: number, close: number, every: number, bid: number, ask: number): QuoteSample[] {
  const out: QuoteSample[] = [];
  for (let at = from; at <= close; at += every) out.push({ atMs: at, bidMicros: bid, askMicros: ask });
  return out;
}

function check(f: IndexForecastInputs): void {
  const finiteAtLeast = (field: string, value: number, min: number) => {
    if (!Number.isFinite(value) || value < min) throw new IndexForecastError(field, value);
  };
  finiteAtLeast('nowMs', f.nowMs, 0);
  finiteAtLeast('bidMicros', f.bidMicros, 0);
  finiteAtLeast('askMicros', f.askMicros, 0);
  finiteAtLeast('fallbackLevelMicros', f.fallbackLevelMicros, Number.MIN_VALUE);
  finiteAtLeast('halfSpreadRel', f.halfSpreadRel, 0);
  if (f.halfSpreadRel >= 1) throw new IndexForecastError('halfSpreadRel', f.halfSpreadRel);
  finiteAtLeast('sigmaRelPerSqrtHour', f.sigmaRelPerSqrtHour, 0);
  finiteAtLeast('tradesPerHour', f.tradesPerHour, 0);
  finiteAtLeast('fillQty', f.fillQty, 0);
  finiteAtLeast('paths', f.paths, 2);
  if (!Number.isSafeInteger(f.seed)) throw new IndexForecastError('seed', f.seed);
  if (!(f.nowMs < f.tracked.cutoffAtMs)) throw new IndexForecastError('nowMs', f.nowMs);
  const b = f.broker;
  if (b !== undefined) {
    finiteAtLeast('broker.ownedRights', b.ownedRights, 0);
    if (!(b.holdableRights >= 0)) throw new IndexForecastError('broker.holdableRights', b.holdableRights); // Infinity: no long limit
    finiteAtLeast('broker.saleRatePerHour', b.saleRatePerHour, 0);
    finiteAtLeast('broker.purchaseRatePerHour', b.purchaseRatePerHour, 0);
    finiteAtLeast('broker.sellThrough', b.sellThrough, 0);
    finiteAtLeast('broker.targetHours', b.targetHours, 0);
    finiteAtLeast('broker.k', b.k, Number.MIN_VALUE);
    finiteAtLeast('broker.maxDiscountRel', b.maxDiscountRel, 0);
    finiteAtLeast('broker.rateUncertainty', b.rateUncertainty ?? 0, 0);
    if (b.maxDiscountRel >= 1) throw new IndexForecastError('broker.maxDiscountRel', b.maxDiscountRel);
  }
}
