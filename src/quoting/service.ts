/**
 * The quoting service: runs beside the state machine, never inside it.
 *
 * Its estimates (src/quoting/estimates.ts) follow released turns (journaled
 * events, in order): trades, mints, burns, the broker's fills and quotes,
 * listings, expiries, parameter changes. On a timer it recomputes each due
 * series' reference price (src/quoting/pricing.ts) and quote
 * (src/quoting/quote.ts) and submits a MASS_QUOTE through the sequencer as the
 * broker, like any other participant. Quotes are journaled commands, so replay
 * rebuilds the book without rerunning the quoter; the estimates are saved and
 * caught up from the journal on start (src/quoting/state-store.ts).
 *
 * Throttling, so quoting never starves order flow: at most one mass quote in
 * flight per series; a series is requoted on events no more often than
 * `minRequoteMs` and otherwise every `intervalMs`; at most `maxQuotesPerTurn`
 * per timer turn; nothing while the sequencer's queue is deeper than
 * `maxQueueDepth`; an unchanged quote is not resent. A series whose inputs
 * make its quote fail is skipped (logged); the others are quoted.
 *
 * The broker's balances and positions, the series' terms and the risk limits
 * are read from the engine between turns (read-only, in-process): they decide
 * ladder sizes only, and the engine checks every quote again. So are the live
 * subscriptions and the segments' seats: subscribed demand in the sale rate, the
 * seat factor in the model (docs/pricing.md).
 */
import {
  CommandKind,
  EventType,
  KillScope,
  MARKET_INDEX_RULES,
  priceBandFloorMicros,
  RejectReason,
  rejectReasonName,
  SeriesKind,
  SeriesStatus,
  SubscriptionStatus,
  type Engine,
  type EngineEvent,
  type MassQuote,
  type ReleasedBatch,
  type Sequencer,
  type Series,
} from '../engine/index.js';
import type { Journal, Subscription } from '../engine/index.js';
import { setById } from '../collections/index.js';
import { bipowerSigma, blendedSigma, blendedVariance, fitIntensity, HOUR_MS, jumpEstimate, jumpSamplesAt, jumpSpreadSamplesAt, shrunk, volSamplesAt, type IntensityFit, type VolSamples } from './estimators.js';
import { QuoterEstimates, type RateEvidence, type SeriesEstimates } from './estimates.js';
import { DEFAULT_QUOTING_PARAMS, quotingParamsFrom, type QuotingParams } from './params.js';
import { elapsedShare, expectedIndexPrice, freshnessValue, referencePrice, roundFloatToTick, type PricingInputs, type ReferencePrice } from './pricing.js';
import { DEFAULT_SETTLEMENT_INDEX_PARAMS, type SettlementIndexInputs } from '../settlement-index/index.js';
import { forecastSettlementIndex, type AnchorDrift, type BrokerRules, type IndexForecast } from './index-forecast.js';
import { computeQuote, inventoryLean, type BrokerState, type Quote, type QuoteMarket, type QuoteTerms } from './quote.js';
import { computeOptionQuote, HOURS_PER_YEAR, optionSigmaAnnual, optionWriteMarginPerUnitMicros, type OptionBroker, type OptionMarginRates, type OptionQuote } from './options.js';
import { OptionRight } from '../option-pricing/black76.js';
import { catchUpFromJournal, savedEstimates, type QuoterStore } from './state-store.js';

/** What the service needs from its logger (pino's Logger fits). */
export interface QuotingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface QuotingDeps {
  engine: Engine;
  sequencer: Sequencer;
  /** Injected clock (ms since the epoch); the engine never reads one. */
  clock: () => number;
  /** Configured defaults; journaled operator changes (engine.params) are applied over them. */
  params?: Partial<QuotingParams>;
  logger?: QuotingLogger;
  /** Timer tick, ms; 0 = no timer (tests and benches call `tick()`). Default 50. */
  tickMs?: number;
  /** Skip a turn while more commands than this wait in the sequencer. Default 1000. */
  maxQueueDepth?: number;
  /** The journal: the estimates are caught up from it (from the saved copy's seq, or from the start). */
  journal?: Journal;
  /** Where the estimates are saved (every `saveEveryMs` and at stop) and loaded from at start. */
  store?: QuoterStore;
  /** Default 5000. */
  saveEveryMs?: number;
  /**
   * Estimates already current (a standby's, fed while it followed: QuoterEstimatesModel),
   * used instead of the store's copy; the journal after their seq is still replayed (nothing,
   * when they are at the engine's seq). `store` is where they are saved from now on.
   */
  estimates?: QuoterEstimates;
  /** Commands already replayed into `estimates` at this start (the service's read models' one pass), counted in stats. */
  replayedCommands?: number;
}

/** The service's own state for one series (the estimates hold what it learned). */
export interface SeriesQuoting {
  seriesId: number;
  /** A SYNTHETIC series: quoted around the expected settlement index, within margin (docs/pricing.md, "Synthetics"). */
  synthetic: boolean;
  /** A CALL or PUT series: Black-76 around the expected settlement index (docs/pricing.md, "Options"). */
  option: boolean;
  /** After a refused synthetic or option quote: no new one before this time (ms), and the back-off that set it (0 = none). */
  retryAtMs: number;
  backoffMs: number;
  /** Quotes refused by MMP until then (from MMP_TRIGGERED); 0 = not frozen. */
  frozenUntilMs: number;
  killed: boolean;
  halted: boolean;
  dirty: boolean;
  inFlight: boolean;
  /** Bid quantity of the mass quote in flight (sent, not yet applied), counted in window exposure. */
  inFlightBidQty: number;
  lastQuotedAtMs: number;
  /** The last quote sent, to skip resending an unchanged one; undefined = send the next one whatever it is. */
  lastSent: Quote | undefined;
  lastQuote: Quote | undefined;
  /** When `lastQuote` was computed (ms; 0: never): an option's view says when its model was priced. */
  lastQuoteAtMs: number;
}

export interface QuotingStats {
  quotesSent: number;
  quotesRejected: number;
  quotesSkippedUnchanged: number;
  turnsSkippedBusy: number;
  /** Series whose quote could not be computed (bad inputs), skipped and logged. */
  seriesFailed: number;
  lastRepriceMs: number;
  /** Wall time spent in the quoter (timer turns and event handling) since start, ms. */
  busyMs: number;
  /** The part of busyMs spent handling released events (the estimates' updates); the rest is timer turns. */
  eventsMs: number;
  /** Commands replayed from the journal at start to catch the estimates up. */
  replayedCommands: number;
}

/** What the broker quotes in one series and why, with its inventory, cost and P&L (operator API, metrics, benches). */
export interface SeriesView {
  seriesId: number;
  contract: string;
  /** The quoter's fair value (the reference price it sends), µPAT. */
  referenceMicros: number;
  /** Its parts: the model (segment value × freshness × contract × flow) and the trade anchor with its weight. */
  modelMicros: number;
  anchorMicros: number;
  anchorWeight: number;
  segmentValueMicros: number;
  /** Best bid and ask of its last quote, µPAT; 0 = that side empty. */
  bidMicros: number;
  askMicros: number;
  /** Quoted half-spread as a share of the reference, bps. */
  halfSpreadBps: number;
  /** σ the quote used, relative, bps per √hour. */
  sigmaBpsPerSqrtHour: number;
  /** The jumps σ leaves out (docs/pricing.md, "Jumps"): λ per hour, √E[J²] in bps, and the jump part of the half-spread in bps. */
  jumpsPerHour: number;
  jumpSizeBps: number;
  jumpHalfSpreadBps: number;
  /** Bipower variation's σ of the same returns, bps per √hour: a jump-robust check on σ, not quoted on. */
  sigmaBipowerBpsPerSqrtHour: number;
  /** Calibrated arrival decay k (per unit of the reference) and intensity (rights/h at the reference). */
  k: number;
  arrivalPerHour: number;
  tradesPerHour: number;
  /** Rights the broker owns in the series. */
  inventory: number;
  /** Average cost of that inventory, µPAT per right (0 when flat). */
  avgCostMicros: number;
  realizedPnlMicros: number;
  /** inventory × (reference − average cost), µPAT. */
  unrealizedPnlMicros: number;
  /** The broker's sale and purchase rates in the series, rights per quoted hour (own evidence shrunk toward the segment's). */
  saleRatePerHour: number;
  purchaseRatePerHour: number;
  /** Rights live subscriptions are still to buy in this window, as the sale rate counts them (docs/pricing.md, "Subscribed demand"). */
  subscribedQty: number;
  /** The reference's SeatFactor: 1 without a seat limit or below the knee (docs/pricing.md, "SeatFactor"). */
  seatFactor: number;
  /** Rights the broker expects to sell before the close at that sale rate (null: the expiry rule is off). */
  expectedSales: number | null;
  /** Why the quote is where it is (e.g. SKEW_CAPPED, ASK_AT_COST, EXPIRY_CLEARANCE). */
  reasons: string[];
}

/** What the broker quotes in one SYNTHETIC series, its position and P&L at its fair value (the expected index). */
export interface SyntheticView {
  seriesId: number;
  contract: string;
  spotSeriesId: number;
  /** The expected settlement index the quote is centred on (the reference it sends), µPAT. */
  expectedIndexMicros: number;
  /** The engine's latest mark (the index over the trailing hour), µPAT; 0 before the first. */
  markMicros: number;
  bidMicros: number;
  askMicros: number;
  halfSpreadBps: number;
  sigmaBpsPerSqrtHour: number;
  /** The broker's signed position (units) and its cost (Σ signed qty × price), µPAT. */
  position: number;
  costMicros: number;
  /** position × expected index − cost, µPAT. */
  unrealizedPnlMicros: number;
  /** Initial margin the broker's quotes in the series hold, and what its position locks, µPAT. */
  quoteMarginMicros: number;
  lockedMicros: number;
  /** Quotes refused since the last accepted one, and when the next may be sent (0: now). */
  refusals: number;
  retryAtMs: number;
  reasons: string[];
}

/** What the broker quotes in one CALL or PUT series, the model it used, and its position (docs/pricing.md, "Options"). */
export interface OptionView {
  seriesId: number;
  contract: string;
  right: OptionRight;
  strikeMicros: number;
  spotSeriesId: number;
  closeAtMs: number;
  /**
   * When the quoter last priced it (ms; 0: not yet): options are repriced as their inputs move, one by one, so two
   * options of a window read together may be priced on different F (a derivatives review saw 0.767971 and 0.766609).
   */
  pricedAtMs: number;
  /**
   * F: the expected settlement index, µPAT: `forwardExactMicros` the double the quoter priced on
   * (bit for bit), `forwardMicros` it rounded to an integer; and the engine's latest mark of the
   * index (0 before the first).
   */
  forwardMicros: number;
  forwardExactMicros: number;
  markMicros: number;
  /**
   * σ given to Black-76 (annual, 0.8 = 80%; near the close it carries the index's own
   * uncertainty), the market σ it comes from (the spot's blended with the prior), its realized
   * part (the spot's σ per √hour × √8760), the spot's σ in bps per √hour, and the prior with its weight.
   */
  sigmaAnnual: number;
  sigmaMarketAnnual: number;
  sigmaRealizedAnnual: number;
  sigmaSpotBpsPerSqrtHour: number;
  sigmaPriorAnnual: number;
  sigmaPriorShare: number;
  /** T: years (ACT/365) to the close, as priced (unrounded). */
  timeYears: number;
  /** Black-76 value (µPAT, unrounded: Black-76 of forwardExactMicros, strikeMicros, sigmaAnnual, timeYears) and the reference it sends (on the tick). */
  valueMicros: number;
  referenceMicros: number;
  /** Greeks of one unit: delta per unit of the index, gamma per µPAT, vega µPAT per 1.00 of σ (÷ 100 per vol point), theta µPAT per year (÷ 365 per day). */
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  bidMicros: number;
  askMicros: number;
  halfSpreadMicros: number;
  /** V − reservation (positive when long), µPAT. */
  skewMicros: number;
  /** The broker's signed position (+ long, − written), its delta equivalent (index units), the net premium it received there, and its P&L at the model: premium + position × value. */
  position: number;
  deltaEquivalent: number;
  /** Its net delta on the index, the option's and its other synthetics' and options' (what the skew is on), index units. */
  indexDelta: number;
  premiumMicros: number;
  pnlAtModelMicros: number;
  /** What its quotes in the series hold (bids' premium, asks' writing margin) and what its written position locks, µPAT. */
  quoteHeldMicros: number;
  lockedMicros: number;
  refusals: number;
  retryAtMs: number;
  reasons: string[];
}

/** The broker's totals over every series, live and expired, µPAT. */
export interface BrokerPnl {
  /** Rights (spot and forward): sales less average cost, expired rights at cost; inventory at the reference less its cost. */
  realizedMicros: number;
  unrealizedMicros: number;
  /** Cost of rights that expired unsold (part of realized). */
  expiredMicros: number;
  inventoryCostMicros: number;
  inventoryValueMicros: number;
  boughtQty: number;
  soldQty: number;
  /**
   * Calls, puts and synthetics: what their closes moved (payouts, options' premiums, liquidation penalties, less
   * shortfalls the broker covered), and what the open ones come to at the model (options' premium + position × value,
   * synthetics' position × expected index − cost).
   */
  derivativesSettledMicros: number;
  derivativesOpenMicros: number;
  /** Everything: realized + unrealized + derivatives settled and open. */
  totalMicros: number;
}

export interface QuotingService {
  /** One timer turn: requotes the due series; returns how many mass quotes it submitted. */
  tick(): number;
  /** The broker's quote, inventory and P&L in one series, or undefined if the quoter does not track it. */
  view(seriesId: number): SeriesView | undefined;
  /** Every tracked spot and forward series' view, by series id. */
  views(): SeriesView[];
  /** A SYNTHETIC series' view, or undefined if the quoter does not track it. */
  /**
   * The settlement index the quoter expects at a spot window's close (the options' forward
   * and the synthetic's fair value), integer µPAT; undefined before it prices the window.
   * The schedule centres an expiry's strike grid on it.
   */
  expectedIndexMicros(spotSeriesId: number): number | undefined;
  syntheticView(seriesId: number): SyntheticView | undefined;
  syntheticViews(): SyntheticView[];
  /** A CALL or PUT series' view (σ, F, Greeks, quote, position), or undefined if the quoter does not track it. */
  optionView(seriesId: number): OptionView | undefined;
  optionViews(): OptionView[];
  /**
   * Calls `listener` after each turn that priced an option, with every option's view
   * (`optionViews()`) and the turn's time: the OPTION market-data channel publishes from it.
   */
  onOptionsPriced(listener: (views: readonly OptionView[], pricedAtMs: number) => void): void;
  /** The broker's P&L over all series, marked at the quoter's reference prices (`views`: its derivatives' views, when the caller has them). */
  pnl(views?: { synthetics: readonly SyntheticView[]; options: readonly OptionView[] }): BrokerPnl;
  /** The parameters in force (defaults + config + journaled operator changes). */
  params(): QuotingParams;
  series(seriesId: number): SeriesQuoting | undefined;
  /** What the quoter has learned (saved and restored across restarts). */
  readonly estimates: QuoterEstimates;
  readonly stats: QuotingStats;
  /** Stops the timer and saves the estimates; released turns are ignored afterwards. */
  stop(): void;
  /** stop(), then closes the store of the estimates. */
  close(): Promise<void>;
  /** For /readyz: quoting, stopped, or its turns failing. */
  health(): { state: 'ok' | 'degraded' | 'failed'; detail: string };
}

function sameLadder(a: { priceMicros: number[]; qty: number[] }, b: { priceMicros: number[]; qty: number[] }): boolean {
  if (a.priceMicros.length !== b.priceMicros.length) return false;
  for (let i = 0; i < a.priceMicros.length; i++) if (a.priceMicros[i] !== b.priceMicros[i] || a.qty[i] !== b.qty[i]) return false;
  return true;
}

/** Same reference and ladders: nothing to resend. */
function sameQuote(a: Quote, b: Quote): boolean {
  return a.reference.priceMicros === b.reference.priceMicros && sameLadder(a.bids, b.bids) && sameLadder(a.asks, b.asks);
}

const FIT_EVERY_MS = 60_000;
/**
 * What subscribers are still to buy in a window is spread over its hours left, but over at least this
 * (a minute, the shortest window a contract key names), so the expected sales count all of it in a
 * window of any length. It was an hour: a window of minutes (the sandbox's) then counted a subscriber's
 * 2 rights as 0.1 and bought nothing for them, so the subscription found little or nothing to buy.
 */
const SUBSCRIBED_SPREAD_MIN_HOURS = 1 / 60;
/** A refused synthetic quote waits this long before the next, doubling on each refusal up to the maximum. */
/**
 * Paths of a window's index forecast: 128 antithetic pairs. Each is one computeSettlementIndex
 * (60 samples); one forecast per window per turn serves its synthetic and every strike.
 */
const INDEX_FORECAST_PATHS = 256;
/** How long a window's forecast serves while what its paths depend on is unchanged: within a minute no sample is taken. */
const FORECAST_REUSE_MS = 60_000;
/** How far off the measured sale and purchase rates may be (a few hours of fills): the options' spread carries F's move for it. */
const RULES_RATE_UNCERTAINTY = 0.3;
/** A two-sided spot quote's half-spread, as a share of its level, before the quoter has quoted the series. */
const DEFAULT_HALF_SPREAD_REL = 0.02;

/** A forecast's seed: fixed per window, so its paths are the same from turn to turn and F moves only with its inputs. */
function forecastSeed(spotSeriesId: number, closeAtMs: number): number {
  return (spotSeriesId * 2_654_435_761 + Math.floor(closeAtMs / 60_000)) % 2_147_483_647;
}

const SYNTHETIC_BACKOFF_MS = 1_000;
const SYNTHETIC_MAX_BACKOFF_MS = 60_000;

/** A figure for people (the operator API and metrics), not for pricing. */
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Nearest tick within the series' limits of an integer µPAT price (the engine's reference of a spot series the quoter does not track). */
function roundToTerms(micros: number, terms: QuoteTerms): number {
  return Math.min(terms.maxPriceMicros, Math.max(terms.minPriceMicros, Math.round(micros / terms.tickMicros) * terms.tickMicros));
}

const noopLogger: QuotingLogger = { info: () => undefined, warn: () => undefined, debug: () => undefined };

export function startQuoting(deps: QuotingDeps): QuotingService {
  return new Quoter(deps);
}

/** Per-segment figures computed once per timer turn. */
interface SegmentTurn {
  inventory: number;
  /** The segment's σ evidence and rate evidence, summed over its series (a series' prior is the sum less its own). */
  vol: VolSamples;
  rates: RateEvidence;
  intensity: IntensityFit | undefined;
  members: SeriesEstimates[];
}

function emptySegmentTurn(): SegmentTurn {
  return { inventory: 0, vol: { sum: 0, hours: 0, count: 0 }, rates: { sold: 0, bought: 0, askHours: 0, bidHours: 0 }, intensity: undefined, members: [] };
}

class Quoter implements QuotingService {
  private readonly engine: Engine;
  private readonly sequencer: Sequencer;
  private readonly clock: () => number;
  private readonly log: QuotingLogger;
  private readonly maxQueueDepth: number;
  private readonly store: QuoterStore | undefined;
  readonly estimates: QuoterEstimates;
  private readonly bySeries = new Map<number, SeriesQuoting>();
  private readonly byId: (SeriesQuoting | undefined)[] = [];
  private killAll = false;
  private brokerKilled = false;
  private stopped = false;
  /** The error of the last timer turn, until a turn succeeds (for health). */
  private lastTurnError: unknown;
  private timer: ReturnType<typeof setInterval> | undefined;
  private saver: ReturnType<typeof setInterval> | undefined;
  private savedSeq = -1;
  /** Per-segment figures, computed once per turn on first use. */
  private segmentTurn: Map<string, SegmentTurn> | undefined;
  /** The active subscriptions by contract, gathered once per turn (with segmentTurn) when there are any. */
  private subscribersTurn: Map<string, Subscription[]> | undefined;
  /** Each series' market figures this turn (built with segmentTurn): a window's share asks every sibling's. */
  private marketTurn = new Map<number, QuoteMarket>();
  private readonly optionsPricedListeners: Array<(views: readonly OptionView[], pricedAtMs: number) => void> = [];
  /** The broker's delta per index, as of an engine seq (brokerIndexDeltas). */
  private indexDeltas: { seq: number; bySpot: Map<number, number> } | undefined;
  readonly stats: QuotingStats = { quotesSent: 0, quotesRejected: 0, quotesSkippedUnchanged: 0, turnsSkippedBusy: 0, seriesFailed: 0, lastRepriceMs: 0, busyMs: 0, eventsMs: 0, replayedCommands: 0 };

  constructor(deps: QuotingDeps) {
    this.engine = deps.engine;
    this.sequencer = deps.sequencer;
    this.clock = deps.clock;
    this.log = deps.logger ?? noopLogger;
    this.maxQueueDepth = deps.maxQueueDepth ?? 1_000;
    this.store = deps.store;
    const base = { ...DEFAULT_QUOTING_PARAMS, ...deps.params };
    // Replaying from the start begins with the configured defaults (the journal's SET_PARAMs follow);
    // a saved copy carries the parameters as of its seq.
    this.estimates =
      deps.estimates ?? savedEstimates(deps.store, deps.journal, base, deps.engine.brokerId, (savedSeq) => this.log.warn({ savedSeq }, 'saved quoter estimates are ahead of the journal: rebuilding them from the journal'));
    this.stats.replayedCommands = (deps.replayedCommands ?? 0) + (deps.journal === undefined ? 0 : catchUpFromJournal(this.estimates, deps.journal, deps.engine.limits));
    // From here on the parameters are the configured defaults under every journaled value, as the engine holds them.
    this.estimates.params = quotingParamsFrom(base, deps.engine.params.entries());
    this.estimates.onSeriesChanged = (id) => this.mark(id);
    this.adoptEngineState();
    this.sequencer.onRelease((batch) => this.onRelease(batch));
    const tickMs = deps.tickMs ?? 50;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.safeTick(), tickMs);
      this.timer.unref?.();
    }
    if (this.store !== undefined) {
      this.saver = setInterval(() => this.save(), deps.saveEveryMs ?? 5_000);
      this.saver.unref?.();
    }
  }

  params(): QuotingParams {
    return this.estimates.params;
  }

  series(seriesId: number): SeriesQuoting | undefined {
    return this.bySeries.get(seriesId);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.saver !== undefined) clearInterval(this.saver);
    this.timer = undefined;
    this.save();
  }

  async close(): Promise<void> {
    this.stop();
    await this.store?.close();
  }

  private save(): void {
    if (this.store === undefined || this.estimates.lastSeq === this.savedSeq) return;
    try {
      this.store.save(this.estimates.toData());
      this.savedSeq = this.estimates.lastSeq;
    } catch (error) {
      this.log.warn({ err: error }, 'saving the quoter estimates failed (the journal still has everything; the next start replays more)');
    }
  }

  /** Series, kill switches and MMP state as the engine has them at start (after recovery). */
  private adoptEngineState(): void {
    this.killAll = this.engine.killAll;
    const broker = this.engine.account(this.engine.brokerId);
    this.brokerKilled = broker?.killed ?? false;
    for (const s of this.engine.series) {
      if (s === undefined || s.status === SeriesStatus.EXPIRED) continue;
      const synthetic = s.spec.kind === SeriesKind.SYNTHETIC;
      const option = s.spec.kind === SeriesKind.CALL || s.spec.kind === SeriesKind.PUT;
      if (!synthetic && !option && s.spec.kind !== SeriesKind.SPOT && s.spec.kind !== SeriesKind.FORWARD) continue; // not quoted
      // Without a journal (benches, tests) a series listed before the start is tracked from now.
      if (synthetic) {
        this.estimates.forgetAsSpot(s.id);
        this.estimates.trackSynthetic(s.id, s.spec.contract, s.spec.openAtMs, s.spec.closeAtMs);
      } else if (option) {
        this.estimates.forgetAsSpot(s.id);
        this.estimates.trackOption(s.id, s.spec.contract, s.spec.openAtMs, s.spec.closeAtMs);
      } else this.estimates.track(s.id, s.spec.contract, s.spec.openAtMs, s.spec.closeAtMs, s.referencePriceMicros);
      const sq = this.track(s.id, synthetic, option);
      sq.killed = s.killed;
      sq.halted = s.status === SeriesStatus.HALTED;
      sq.frozenUntilMs = s.mmpFrozenUntilMs;
    }
  }

  private track(seriesId: number, synthetic: boolean, option = false): SeriesQuoting {
    const existing = this.byId[seriesId];
    if (existing !== undefined) return existing;
    const sq: SeriesQuoting = {
      seriesId,
      synthetic,
      option,
      retryAtMs: 0,
      backoffMs: 0,
      frozenUntilMs: 0,
      killed: false,
      halted: false,
      dirty: true,
      inFlight: false,
      inFlightBidQty: 0,
      lastQuotedAtMs: 0,
      lastSent: undefined,
      lastQuote: undefined,
      lastQuoteAtMs: 0,
    };
    this.bySeries.set(seriesId, sq);
    setById(this.byId, seriesId, sq);
    return sq;
  }

  // ----------------------------------------------------------- events

  private onRelease(batch: ReleasedBatch): void {
    if (this.stopped) return;
    const t0 = performance.now();
    this.estimates.apply(batch, this.onEventBound);
    const ms = performance.now() - t0;
    this.stats.busyMs += ms;
    this.stats.eventsMs += ms;
  }

  private readonly onEventBound = (e: EngineEvent): void => this.onEvent(e);

  /** The service's own reactions (the estimates have already taken the event). */
  private onEvent(e: EngineEvent): void {
    switch (e.type) {
      case EventType.SERIES_LISTED:
        // Spot, forward, synthetic and option series are quoted.
        if (e.seriesKind === SeriesKind.SYNTHETIC) this.track(e.seriesId, true);
        else if (e.seriesKind === SeriesKind.CALL || e.seriesKind === SeriesKind.PUT) this.track(e.seriesId, false, true);
        else if (e.seriesKind === SeriesKind.SPOT || e.seriesKind === SeriesKind.FORWARD) this.track(e.seriesId, false);
        return;
      case EventType.SYNTHETIC_LIQUIDATED:
        // The broker took a position over at the mark: its skew moves.
        return this.mark(e.seriesId);
      case EventType.SERIES_STATUS_CHANGED:
        if (e.status === SeriesStatus.EXPIRED) {
          this.bySeries.delete(e.seriesId);
          setById(this.byId, e.seriesId, undefined);
        } else this.update(e.seriesId, (sq) => (sq.halted = e.status === SeriesStatus.HALTED));
        return;
      case EventType.MMP_TRIGGERED:
        this.log.warn({ seriesId: e.seriesId, filledQty: e.filledQty, frozenUntilMs: e.frozenUntilMs }, 'market-maker protection tripped: quotes pulled');
        return this.update(e.seriesId, (sq) => {
          sq.frozenUntilMs = e.frozenUntilMs;
          sq.lastSent = undefined;
        });
      case EventType.MMP_RESET:
        return this.update(e.seriesId, (sq) => (sq.frozenUntilMs = 0));
      case EventType.KILL_SWITCH_CHANGED:
        return this.onKillSwitch(e.scope, e.targetId, e.engaged);
      case EventType.DEPOSIT_CREDITED:
        // The broker's PAT changed: every bid ladder's size (and every synthetic's margin) may change; a synthetic backing off may try now.
        if (e.accountId === this.engine.brokerId) {
          for (const sq of this.bySeries.values()) sq.retryAtMs = 0;
          this.mark(0);
        }
        return;
      default:
        return;
    }
  }

  /** Marks a series (0: every series) for an event-driven requote. */
  private mark(seriesId: number): void {
    if (seriesId === 0) {
      for (const sq of this.bySeries.values()) sq.dirty = true;
      return;
    }
    const sq = this.byId[seriesId];
    if (sq !== undefined) sq.dirty = true;
  }

  private update(seriesId: number, change: (sq: SeriesQuoting) => void): void {
    const sq = this.byId[seriesId];
    if (sq === undefined) return;
    change(sq);
    sq.dirty = true;
  }

  private onKillSwitch(scope: KillScope, targetId: number, engaged: boolean): void {
    if (scope === KillScope.GLOBAL) this.killAll = engaged;
    else if (scope === KillScope.ACCOUNT && targetId === this.engine.brokerId) this.brokerKilled = engaged;
    else if (scope === KillScope.SERIES) this.update(targetId, (sq) => (sq.killed = engaged));
    for (const sq of this.bySeries.values()) {
      sq.dirty = true;
      sq.lastSent = undefined;
    }
  }

  // ----------------------------------------------------------- quoting

  private safeTick(): void {
    try {
      this.tick();
      this.lastTurnError = undefined;
    } catch (error) {
      this.lastTurnError = error;
      this.log.warn({ err: error }, 'quoting turn failed');
    }
  }

  health(): { state: 'ok' | 'degraded' | 'failed'; detail: string } {
    if (this.stopped) return { state: 'failed', detail: 'the quoter stopped' };
    if (this.lastTurnError !== undefined) return { state: 'degraded', detail: `its last turn failed: ${(this.lastTurnError as Error).message}` };
    const halted = this.killAll ? ', quotes pulled (global kill switch)' : this.brokerKilled ? ', quotes pulled (broker kill switch)' : '';
    const failed = this.stats.seriesFailed > 0 ? `, ${this.stats.seriesFailed} series quotes failed` : '';
    return { state: 'ok', detail: `${this.bySeries.size} series, ${this.stats.quotesSent} quotes sent${failed}${halted}` };
  }

  tick(): number {
    if (this.stopped || this.sequencer.stopped) return 0;
    if (this.engine.brokerId === 0 || this.killAll || this.brokerKilled) return 0;
    if (this.sequencer.queuedCommands > this.maxQueueDepth) {
      this.stats.turnsSkippedBusy++;
      return 0;
    }
    const now = this.clock();
    const p = this.estimates.params;
    const t0 = performance.now();
    let sent = 0;
    let pricedOption = false;
    this.segmentTurn = undefined; // recomputed once per turn, on first use
    this.subscribersTurn = undefined;
    this.indexDeltas = undefined; // likewise, with the deltas the options were last priced at
    for (const sq of this.bySeries.values()) {
      if (sent >= p.maxQuotesPerTurn) break;
      if (!this.isDue(sq, now)) continue;
      pricedOption ||= sq.option;
      let cmd: MassQuote | undefined;
      try {
        cmd = this.quoteCommand(sq, now);
      } catch (error) {
        // One series' bad input (a non-finite estimate, say) must not stop the others being quoted.
        this.stats.seriesFailed++;
        sq.lastSent = undefined;
        this.log.warn({ seriesId: sq.seriesId, err: error }, 'quote not computed for this series; skipped');
      }
      sq.dirty = false;
      sq.lastQuotedAtMs = now;
      if (cmd === undefined) continue;
      this.submit(sq, cmd);
      sent++;
    }
    this.stats.lastRepriceMs = performance.now() - t0;
    this.stats.busyMs += this.stats.lastRepriceMs;
    if (pricedOption) this.tellOptionsPriced(now);
    return sent;
  }

  onOptionsPriced(listener: (views: readonly OptionView[], pricedAtMs: number) => void): void {
    this.optionsPricedListeners.push(listener);
  }

  private tellOptionsPriced(now: number): void {
    if (this.optionsPricedListeners.length === 0) return;
    const views = this.optionViews();
    for (const listener of this.optionsPricedListeners) {
      try {
        listener(views, now);
      } catch (error) {
        // A listener's failure (market data) must not stop quoting.
        this.log.warn({ err: error }, 'an options-priced listener failed');
      }
    }
  }

  private isDue(sq: SeriesQuoting, now: number): boolean {
    if (sq.inFlight || sq.killed || sq.halted || sq.frozenUntilMs > now || sq.retryAtMs > now) return false;
    const since = now - sq.lastQuotedAtMs;
    const p = this.estimates.params;
    return since >= p.intervalMs || (sq.dirty && since >= p.minRequoteMs);
  }

  /** The quote of a series now (undefined if it cannot be quoted now), without sending it. */
  computeFor(seriesId: number, now: number): Quote | undefined {
    const series = this.engine.seriesById(seriesId);
    if (series === undefined || series.status !== SeriesStatus.TRADING) return undefined;
    // A series listed ahead of its window is quoted at once: rights trade (not exercise) before the open.
    // A forward trades until its window opens (it is delivered then).
    if (now >= series.tradingEndsAtMs) return undefined;
    if (series.synthetic !== undefined) return this.computeSynthetic(series, now);
    if (series.option !== undefined) return this.computeOption(series, now);
    const est = this.estimates.get(seriesId);
    if (est === undefined) return undefined;
    const p = this.estimates.params;
    const terms = this.terms(series);
    const reference = referencePrice(p, this.pricingInputs(est, now), terms, now);
    const market = this.quoteMarket(est, now);
    if (series.forward !== undefined) market.forward = true;
    return computeQuote(p, reference, market, terms, this.brokerState(series), now);
  }

  /**
   * A SYNTHETIC's quote (docs/pricing.md, "Synthetics"): around the expected settlement index
   * (the spot series' reference price over the index's sample instants before the close), with
   * the spot's σ and fill intensity, its own activity, skewed by the broker's signed position
   * toward a flat book, widened for the index's uncertainty, both ladders within the margin the
   * broker's free PAT can hold. Undefined when the spot series is gone or has no price.
   */
  private computeSynthetic(series: Series, now: number): Quote | undefined {
    const syn = this.estimates.synthetics.get(series.id);
    const spotSeries = this.engine.seriesById(series.synthetic!.spotSeriesId);
    if (syn === undefined || spotSeries === undefined) return undefined;
    const p = this.estimates.params;
    const terms = this.terms(series);
    const spot = this.estimates.get(spotSeries.id);
    let reference;
    if (spot !== undefined) reference = this.expectedIndex(spotSeries, spot, terms, now);
    else {
      // The quoter has no estimates for the spot series (not tracked): its current reference, as the engine holds it.
      const micros = spotSeries.referencePriceMicros;
      if (micros <= 0) return undefined;
      reference = { exactMicros: micros, priceMicros: roundToTerms(micros, terms), modelMicros: micros, segmentValueMicros: 0, freshness: 1, contract: 1, flow: 1, seats: 1, anchorMicros: 0, anchorWeight: 0 };
    }
    // σ and the fill intensity are the spot series' (the index is made of its quotes); activity and fill size are the synthetic's own.
    const market: QuoteMarket =
      spot !== undefined
        ? this.quoteMarket(spot, now)
        : { openAtMs: 0, closeAtMs: 0, sigmaRelPerSqrtHour: p.volPriorBps / 10_000, tradesPerHour: 0, k: p.k, arrivalAPerHour: 0, inventoryUnit: p.inventoryUnit, saleRatePerHour: 0, purchaseRatePerHour: 0 };
    const unit = this.estimates.fillSize(syn, now);
    market.openAtMs = series.spec.openAtMs;
    market.closeAtMs = series.spec.closeAtMs;
    market.tradesPerHour = this.estimates.tradesPerHour(syn, now);
    market.inventoryUnit = unit > 0 ? unit : p.inventoryUnit;
    market.saleRatePerHour = 0;
    market.synthetic = true;
    // The index's uncertainty until the close, as its forecast has it (the rung it may fall to near the close included),
    // as the typical miss, not the variance: a rare path far off (a sale at a clearance 27% under a last trade the index
    // will otherwise settle on) costs the quote what a taker who knows the outcome gains, E|I − F|, not its square.
    if (spot !== undefined) market.indexLogSd = Math.sqrt(Math.max(0, this.indexForecast(spotSeries, spot, now).typicalLogVariance));
    return computeQuote(p, reference, market, terms, this.syntheticBrokerState(series), now);
  }

  /**
   * A CALL's or PUT's quote (docs/pricing.md, "Options"): Black-76 on F = the expected
   * settlement index (the synthetic's fair value, unrounded), σ annualised from the spot's σ
   * per √hour and blended with the prior, T to the close; spread from vega, skew from the
   * broker's delta-equivalent position; the bids' premium and the asks' writing margin within
   * optionBudgetShare of its free PAT. Undefined when the spot series is gone or has no price.
   */
  private computeOption(series: Series, now: number): OptionQuote | undefined {
    const opt = this.estimates.options.get(series.id);
    const spotSeries = this.engine.seriesById(series.option!.spotSeriesId);
    if (opt === undefined || spotSeries === undefined) return undefined;
    const p = this.estimates.params;
    const spot = this.estimates.get(spotSeries.id);
    let forward: number;
    let sigma: number;
    let jumpVariancePerHour = 0;
    let jumpsPerHour = 0;
    let jumpSizeRel = 0;
    let indexLogVariance: number | undefined;
    let forwardStdErrorMicros = 0;
    if (spot !== undefined) {
      const forecast = this.indexForecast(spotSeries, spot, now);
      forward = forecast.meanMicros;
      indexLogVariance = forecast.logVariance;
      forwardStdErrorMicros = forecast.meanStdErrorMicros;
      const spotMarket = this.quoteMarket(spot, now);
      sigma = spotMarket.sigmaRelPerSqrtHour;
      jumpVariancePerHour = spotMarket.jumpVariancePerHour ?? 0;
      jumpsPerHour = spotMarket.jumpsPerHour ?? 0;
      jumpSizeRel = spotMarket.jumpSizeRel ?? 0;
    } else {
      // The quoter has no estimates for the spot series: its current reference, as the engine holds it, and the prior σ.
      forward = spotSeries.referencePriceMicros;
      sigma = p.volPriorBps / 10_000;
      const prior = jumpEstimate({ squares: 0, count: 0, hours: 0 }, p);
      jumpVariancePerHour = prior.variancePerHour;
      jumpsPerHour = prior.perHour;
      jumpSizeRel = Math.sqrt(prior.meanSquare);
    }
    if (!(forward > 0)) return undefined;
    const unit = this.estimates.fillSize(opt, now);
    return computeOptionQuote(
      p,
      {
        right: series.spec.kind === SeriesKind.CALL ? OptionRight.CALL : OptionRight.PUT,
        strikeMicros: series.spec.strikeMicros,
        forwardMicros: forward,
        closeAtMs: series.spec.closeAtMs,
        sigmaRelPerSqrtHour: sigma,
        jumpVariancePerHour,
        jumpsPerHour,
        jumpSizeRel,
        ...(indexLogVariance === undefined ? {} : { indexLogVariance, forwardStdErrorMicros }),
        inventoryUnit: unit > 0 ? unit : p.inventoryUnit,
        markMicros: series.option!.markMicros,
      },
      this.terms(series),
      this.optionBrokerState(series),
      now,
    );
  }

  /**
   * The settlement index the quoter expects for a spot window (the synthetics' fair value, the
   * options' forward; docs/pricing.md, "The index the products settle on"): the mean of the
   * index forecast. The model's parts (segment value, anchor, freshness over the index hour)
   * are kept for the views, scaled to it.
   */
  private expectedIndex(spotSeries: Series, spot: SeriesEstimates, terms: QuoteTerms, now: number): ReferencePrice {
    const index = DEFAULT_SETTLEMENT_INDEX_PARAMS;
    const model = expectedIndexPrice(this.estimates.params, this.pricingInputs(spot, now), terms, index.periodMs, index.sampleEveryMs);
    const exact = this.indexForecast(spotSeries, spot, now).meanMicros;
    if (exact === model.exactMicros || !(model.exactMicros > 0)) return model;
    const scale = exact / model.exactMicros;
    return { ...model, exactMicros: exact, priceMicros: roundFloatToTick(exact, terms), modelMicros: model.modelMicros * scale, anchorMicros: model.anchorMicros * scale };
  }

  /**
   * The distribution of a window's settlement index at its close (src/quoting/index-forecast.ts):
   * what the engine's index track holds of the period, the rest projected from the broker's spot
   * book now (its sides, its level walking with the options' σ, the freshness still to decay),
   * the spot's trade rate and fill size, each path through computeSettlementIndex. One per window
   * per turn (every option and the synthetic on it share it): kept while the clock, the engine's
   * seq and the parameters are those it was made with.
   */
  private indexForecast(spotSeries: Series, spot: SeriesEstimates, now: number): IndexForecast {
    const p = this.estimates.params;
    const cached = this.forecasts.get(spotSeries.id);
    if (cached !== undefined && cached.now === now && cached.seq === this.engine.lastSeq && cached.params === p) return cached.forecast;
    const engine = this.engine;
    const market = this.quoteMarket(spot, now);
    const sigmaPerSqrtHour = optionSigmaAnnual(p, market.sigmaRelPerSqrtHour).sigma / Math.sqrt(HOURS_PER_YEAR);
    // What the paths depend on besides the clock: while it is the same (the spot requoted at the same prices, no
    // sample or trade since), a forecast of the last minute serves, its variance before the period taken to now.
    const track = spotSeries.indexTrack;
    const broker = this.brokerRules(spotSeries, spot, market, now);
    const inputsKey = [
      engine.nextSampleAtMs,
      spotSeries.brokerBuys.bestBidMicros(),
      spotSeries.brokerSells.bestAskMicros(),
      spotSeries.referencePriceMicros,
      track?.tradedMinutesAtMs.at(-1) ?? 0,
      spotSeries.lastTradeMicros,
      spotSeries.tradeCount,
      sigmaPerSqrtHour,
      market.tradesPerHour,
      market.inventoryUnit,
      engine.rulesVersion,
      // The broker's stock; not its rates or k, which move a little every second: a forecast a minute old on them serves.
      broker === undefined ? '' : `${broker.ownedRights}/${broker.holdableRights}`,
    ].join('/');
    if (cached !== undefined && cached.params === p && cached.inputsKey === inputsKey && now >= cached.now && now - cached.now < FORECAST_REUSE_MS) {
      const startMs = spotSeries.spec.closeAtMs - DEFAULT_SETTLEMENT_INDEX_PARAMS.periodMs;
      const preLogVariance = (sigmaPerSqrtHour * sigmaPerSqrtHour * Math.max(0, startMs - now)) / 3_600_000;
      const f = cached.forecast;
      const forecast = { ...f, preLogVariance, logVariance: f.logVariance - f.preLogVariance + preLogVariance, typicalLogVariance: f.typicalLogVariance - f.preLogVariance + preLogVariance };
      this.forecasts.set(spotSeries.id, { ...cached, seq: engine.lastSeq, forecast });
      return forecast;
    }
    const every = DEFAULT_SETTLEMENT_INDEX_PARAMS.sampleEveryMs;
    const close = spotSeries.spec.closeAtMs;
    const definition = engine.synthetics.indexDefinition();
    const terms = this.terms(spotSeries);
    const reference = referencePrice(p, this.pricingInputs(spot, now), terms, now);
    // The reference the engine will hold: the one it holds, else the quoter's own (its first quote sets it), else what the engine falls back to.
    const fallbackReference = spotSeries.referencePriceMicros || reference.priceMicros || spotSeries.lastTradeMicros || spotSeries.spec.minPriceMicros;
    // Before any cash-settled series stands on the window (the strike grid's first centre) the engine keeps no track: nothing sampled yet.
    const tracked: SettlementIndexInputs =
      track?.inputsFor(close, fallbackReference, definition) ?? {
        cutoffAtMs: close,
        quoteSamples: [],
        trades: [],
        ...(spotSeries.lastTradeMicros > 0 ? { lastTradeBeforePeriod: { atMs: Math.min(now, close) - DEFAULT_SETTLEMENT_INDEX_PARAMS.periodMs, priceMicros: spotSeries.lastTradeMicros } } : {}),
        referencePriceMicros: fallbackReference,
      };
    const lastInstant = Math.floor(Math.min(now, close) / every) * every;
    const recent = track?.inputsFor(lastInstant, fallbackReference, definition);
    const recentSamples = recent?.quoteSamples ?? [];
    const spotQuote = this.byId[spotSeries.id]?.lastQuote;
    const quotedHalf = spotQuote === undefined || !(spotQuote.reference.priceMicros > 0) ? Number.NaN : (spotQuote.halfSpread * 1e6) / spotQuote.reference.priceMicros;
    const halfSpreadRel = Number.isFinite(quotedHalf) ? Math.min(0.5, Math.max(0, quotedHalf)) : DEFAULT_HALF_SPREAD_REL;
    const level = reference.exactMicros > 0 ? reference.exactMicros : fallbackReference;
    const [bid, ask] = forecastBook(spotSeries, spotQuote, level, halfSpreadRel);
    const freshnessNow = freshnessValue(p, elapsedShare(spotSeries.spec.openAtMs, close, now));
    const forecast = forecastSettlementIndex({
      tracked,
      nextSampleAtMs: Number.isFinite(engine.nextSampleAtMs) ? engine.nextSampleAtMs : now,
      nowMs: Math.min(now, close - 1),
      bidMicros: bid,
      askMicros: ask,
      fallbackLevelMicros: level,
      halfSpreadRel,
      // The quoter's prices are linear in the freshness: the level decays with it (docs/pricing.md, "Synthetics").
      driftAt: (atMs) => (freshnessNow > 0 ? freshnessValue(p, elapsedShare(spotSeries.spec.openAtMs, close, atMs)) / freshnessNow : 1),
      sigmaRelPerSqrtHour: sigmaPerSqrtHour,
      tradesPerHour: market.tradesPerHour,
      fillQty: market.inventoryUnit,
      recentSamples,
      recentTrades: recent?.trades ?? [],
      paths: INDEX_FORECAST_PATHS,
      seed: forecastSeed(spotSeries.id, close),
      index: { definition },
      ...(broker === undefined ? {} : { broker }),
    });
    this.forecasts.set(spotSeries.id, { now, seq: engine.lastSeq, params: p, inputsKey, forecast });
    return forecast;
  }

  private readonly forecasts = new Map<number, { now: number; seq: number; params: QuotingParams; inputsKey: string; forecast: IndexForecast }>();

  /** The broker's own end-of-window rules, played out on each forecast path (a spot series; a forward's expiry rule is off). */
  private brokerRules(spotSeries: Series, spot: SeriesEstimates, market: QuoteMarket, now: number): BrokerRules | undefined {
    const p = this.estimates.params;
    const state = p.expiryRule === 1 && spotSeries.forward === undefined ? this.brokerState(spotSeries) : undefined;
    if (state === undefined) return undefined;
    return {
      ownedRights: state.ownedRights,
      holdableRights: state.ownedRights + state.longHeadroom,
      saleRatePerHour: market.saleRatePerHour,
      purchaseRatePerHour: market.purchaseRatePerHour ?? 0,
      sellThrough: p.expirySellThrough,
      targetHours: p.inventoryTargetHours,
      k: market.k,
      maxDiscountRel: p.maxExpiryDiscountBps / 10_000,
      rateUncertainty: RULES_RATE_UNCERTAINTY,
      ownSales: (({ sold, askHours }) => ({ rights: sold, askHours }))(this.estimates.tradeRates(spot, now)),
      ratePriorHours: p.ratePriorHours,
      liftK: p.kMin,
      ...this.anchorDrift(spot, now),
      leanAt: this.leanAt(spotSeries, spot, market, state, now),
      askUnfilledSinceMs: spot.askUnfilledSinceMs,
    };
  }

  /**
   * The spot quote's lean (skew and carry, a share of its reference) at another stock and instant, as computeQuote would
   * lean it with today's reference and estimates: the forecast's paths move their book by it (index-forecast.ts, leanAt).
   */
  private leanAt(spotSeries: Series, spot: SeriesEstimates, market: QuoteMarket, state: BrokerState, now: number): (ownedRights: number, atMs: number) => number {
    const p = this.estimates.params;
    const reference = referencePrice(p, this.pricingInputs(spot, now), this.terms(spotSeries), now);
    const s = reference.priceMicros / 1e6;
    const holdable = state.ownedRights + Math.max(0, state.longHeadroom);
    return (ownedRights, atMs) => {
      if (!(s > 0)) return 0;
      const lean = inventoryLean(p, reference, market, { ...state, ownedRights, longHeadroom: holdable - ownedRights }, atMs);
      return (lean.skew + lean.carry) / s;
    };
  }

  /** The spot reference's trade anchor and its stale-side drift, for the forecast's paths (index-forecast.ts, AnchorDrift). */
  private anchorDrift(spot: SeriesEstimates, now: number): { anchor?: AnchorDrift } {
    const p = this.estimates.params;
    const spotSeries = this.engine.seriesById(spot.seriesId);
    if (spotSeries === undefined || !(spot.anchorLevel > 0) || p.staleDriftBpsPerHour <= 0) return {};
    const weight = referencePrice(p, this.pricingInputs(spot, now), this.terms(spotSeries), now).anchorWeight;
    if (!(weight > 0)) return {};
    const band = p.staleDriftMaxBps / 10_000;
    return {
      anchor: {
        weight,
        askUnfilledSinceMs: spot.askUnfilledSinceMs,
        bidUnfilledSinceMs: spot.bidUnfilledSinceMs,
        graceMs: p.staleSideMs,
        driftPerHour: p.staleDriftBpsPerHour / 10_000,
        floorRel: (spot.anchorTradeLevel * (1 - band)) / spot.anchorLevel,
        ceilingRel: (spot.anchorTradeLevel * (1 + band)) / spot.anchorLevel,
        leanShare: 1 - p.anchorSkewShare,
      },
    };
  }

  /** The engine's writing-margin rates for an option, with the maintenance floor its rules apply (rules 4). */
  private optionMarginRates(): OptionMarginRates {
    const risk = this.engine.risk;
    const rates: OptionMarginRates = { optionWriteMarginBps: risk.optionWriteMarginBps, optionWriteMinMarginBps: risk.optionWriteMinMarginBps };
    return this.engine.rulesVersion >= MARKET_INDEX_RULES ? { ...rates, optionMaintenanceFloorBps: risk.optionMaintenanceMarginBps } : rates;
  }

  /** The index level the engine computes an option's writing margin at: its latest mark, else the spot's reference or last trade, else the strike. */
  private optionIndexLevel(series: Series): number {
    const st = series.option!;
    if (st.markMicros > 0) return st.markMicros;
    const spot = this.engine.seriesById(st.spotSeriesId);
    return spot?.referencePriceMicros || spot?.lastTradeMicros || series.spec.strikeMicros;
  }

  /** What the broker's current quotes in a series hold: bids their price, asks their collateral (an option's writing margin), µPAT. */
  private quoteHeldMicros(series: Series): number {
    let held = 0;
    for (const id of series.quoteBidIds) {
      const o = this.engine.orders.get(id);
      if (o !== undefined) held += o.priceMicros * o.leavesQty;
    }
    for (const id of series.quoteAskIds) {
      const o = this.engine.orders.get(id);
      if (o !== undefined) held += o.collateralPerUnitMicros * o.leavesQty;
    }
    return held;
  }

  /**
   * The broker in an option: its signed position (available + held), the long its asks may
   * close without margin (as the engine counts it: available plus its current quote asks), and
   * a budget of optionBudgetShare of its free PAT plus what its current quotes there hold
   * (the engine frees those when the new ladder replaces them); writing margin at the
   * engine's rule and index level.
   */
  optionBrokerState(series: Series): OptionBroker {
    const engine = this.engine;
    const broker = engine.account(engine.brokerId);
    const right = series.spec.kind === SeriesKind.CALL ? OptionRight.CALL : OptionRight.PUT;
    const strike = series.spec.strikeMicros;
    const indexMicros = this.optionIndexLevel(series);
    const rates = this.optionMarginRates();
    const writeMarginPerUnitMicros = (premium: number): number => optionWriteMarginPerUnitMicros(right, strike, indexMicros, premium, rates);
    if (broker === undefined) return { position: 0, closableUnits: 0, budgetMicros: 0, writeMarginPerUnitMicros };
    const p = broker.positions.get(series.id);
    const indexDeltaOther = this.indexDeltaExcept(series, series.option!.spotSeriesId);
    let quotedAskQty = 0;
    for (const id of series.quoteAskIds) quotedAskQty += engine.orders.get(id)?.leavesQty ?? 0;
    const free = Math.max(0, broker.availableMicros + this.quoteHeldMicros(series));
    return {
      position: p === undefined ? 0 : p.available + p.held,
      closableUnits: Math.max(0, (p?.available ?? 0) + quotedAskQty),
      budgetMicros: Math.floor(free * this.estimates.params.optionBudgetShare),
      writeMarginPerUnitMicros,
      indexDeltaOther,
    };
  }

  /**
   * The broker's delta on one window's index (spot series `spotSeriesId`) from its cash-settled
   * series other than `except` (index units): the per-index totals less `except`'s own part.
   */
  private indexDeltaExcept(except: Series, spotSeriesId: number): number {
    // Positions change only with engine commands, none of which run during a turn: one pass over the series per turn, not per option.
    if (this.indexDeltas === undefined || this.indexDeltas.seq !== this.engine.lastSeq) this.indexDeltas = { seq: this.engine.lastSeq, bySpot: this.brokerIndexDeltas() };
    const sq = this.bySeries.get(except.id);
    return (this.indexDeltas.bySpot.get(spotSeriesId) ?? 0) - (sq === undefined ? 0 : this.brokerDeltaIn(sq));
  }

  /** The broker's delta per index (spot series id) over its live cash-settled series. */
  private brokerIndexDeltas(): Map<number, number> {
    const bySpot = new Map<number, number>();
    for (const sq of this.bySeries.values()) {
      if (!sq.option && !sq.synthetic) continue;
      const s = this.engine.seriesById(sq.seriesId);
      const spotSeriesId = (s?.option ?? s?.synthetic)?.spotSeriesId;
      if (s === undefined || s.status === SeriesStatus.EXPIRED || spotSeriesId === undefined) continue;
      const delta = this.brokerDeltaIn(sq);
      if (delta !== 0) bySpot.set(spotSeriesId, (bySpot.get(spotSeriesId) ?? 0) + delta);
    }
    return bySpot;
  }

  /** The broker's delta in one cash-settled series: a synthetic's position, an option's position × the delta it was last priced at. */
  private brokerDeltaIn(sq: SeriesQuoting): number {
    const p = this.engine.account(this.engine.brokerId)?.positions.get(sq.seriesId);
    const net = p === undefined ? 0 : p.available + p.held;
    if (net === 0) return 0;
    return sq.synthetic ? net : net * ((sq.lastQuote as OptionQuote | undefined)?.option.delta ?? 0);
  }

  /** The mass quote for a series now, or undefined if it cannot be quoted or nothing changed. */
  quoteCommand(sq: SeriesQuoting, now: number): MassQuote | undefined {
    const quote = this.computeFor(sq.seriesId, now);
    if (quote === undefined) return undefined;
    sq.lastQuote = quote;
    sq.lastQuoteAtMs = now;
    if (sq.lastSent !== undefined && sameQuote(quote, sq.lastSent)) {
      this.stats.quotesSkippedUnchanged++;
      return undefined;
    }
    sq.lastSent = quote;
    return {
      kind: CommandKind.MASS_QUOTE,
      actor: this.engine.brokerId,
      seriesId: sq.seriesId,
      bids: quote.bids,
      asks: quote.asks,
      referencePriceMicros: quote.reference.priceMicros,
    };
  }

  private submit(sq: SeriesQuoting, cmd: MassQuote): void {
    sq.inFlight = true;
    sq.inFlightBidQty = cmd.bids.qty.reduce((a, b) => a + b, 0);
    this.stats.quotesSent++;
    this.sequencer.enqueue(
      cmd,
      (result) => {
        sq.inFlight = false;
        sq.inFlightBidQty = 0;
        const rejected = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
        if (rejected !== undefined) {
          this.stats.quotesRejected++;
          sq.lastSent = undefined; // try again next time
          if (sq.synthetic || sq.option) {
            // Sized within margin, so a refusal (INSUFFICIENT_MARGIN when PAT moved in between, a limit) is not retried every turn: back off, doubling.
            sq.backoffMs = sq.backoffMs === 0 ? SYNTHETIC_BACKOFF_MS : Math.min(2 * sq.backoffMs, SYNTHETIC_MAX_BACKOFF_MS);
            sq.retryAtMs = this.clock() + sq.backoffMs;
            // By name; the window closing between the turn's read and its quote is the race of every close, not a warning.
            const fields = { seriesId: sq.seriesId, reason: rejectReasonName(rejected.reason), retryInMs: sq.backoffMs };
            const what = `${sq.option ? 'option' : 'synthetic'} mass quote refused: backing off`;
            if (rejected.reason === RejectReason.SERIES_EXPIRED) this.log.debug(fields, what);
            else this.log.warn(fields, what);
          } else this.log.debug({ seriesId: sq.seriesId, reason: rejectReasonName(rejected.reason) }, 'mass quote refused');
        } else if (sq.synthetic || sq.option) {
          sq.backoffMs = 0;
          sq.retryAtMs = 0;
        }
      },
      (error) => {
        sq.inFlight = false;
        sq.inFlightBidQty = 0;
        sq.lastSent = undefined;
        this.log.debug({ seriesId: sq.seriesId, err: error.message }, 'mass quote not submitted');
      },
    );
  }

  private pricingInputs(est: SeriesEstimates, now: number): PricingInputs {
    const e = this.estimates;
    const anchor = e.anchor(est, now);
    return {
      segment: est.segment,
      openAtMs: est.openAtMs,
      closeAtMs: est.closeAtMs,
      windowMs: est.windowMs,
      confidenceLoBps: est.confidenceLoBps,
      confidenceHiBps: est.confidenceHiBps,
      contractFactor: e.contractFactorOf(est),
      segmentValueMicros: e.segmentValue(est.segment, now),
      anchorMicros: anchor.micros,
      anchorQty: anchor.qty,
      burnRate: e.burnRate(est, now),
      mintRate: e.mintRate(est, now),
      substituteInventory: this.substituteInventory(est),
      seatUse: this.seatUse(est.segment),
    };
  }

  /** Seats of the segment subscriptions take, as a share of those its listings offer (0: no limit). Read from the engine, in-process. */
  private seatUse(segment: string): number {
    const subs = this.engine.subscriptions;
    const seats = subs.seats.get(segment);
    if (seats === undefined || seats <= 0) return 0;
    return Math.min(1, (subs.seatsTaken.get(segment) ?? 0) / seats);
  }

  /**
   * Rights the active subscriptions of a spot series' contract are still to buy in its window
   * (docs/pricing.md, "Subscribed demand"), × subscribedDemandShare: each that has not bought
   * or skipped this window counts its quantity per window, but only what it would pay for at
   * the broker's ask (the reference while none stands): nothing if its cap is below it, at most
   * what its budget left and its account's free PAT buy (one account's free PAT shared by its
   * subscriptions). A subscription that cannot pay adds no demand. 0 without subscriptions.
   */
  private subscribedPending(seriesId: number): number {
    const share = this.estimates.params.subscribedDemandShare;
    if (!(share > 0) || this.engine.subscriptions.live.size === 0) return 0;
    const series = this.engine.seriesById(seriesId);
    if (series === undefined || series.spec.kind !== SeriesKind.SPOT) return 0;
    const subs = this.subscribersByContract().get(series.spec.contract);
    if (subs === undefined) return 0;
    const ask = series.brokerSells.bestAskMicros();
    const price = ask > 0 ? ask : series.referencePriceMicros;
    const freeLeft = new Map<number, number>();
    let qty = 0;
    for (const sub of subs) {
      if (sub.lastOpenAtMs >= series.spec.openAtMs) continue; // it bought or skipped this window already
      if (!(price > 0)) {
        qty += sub.qtyPerWindow; // no price yet (the first quote sets one, and the next turn checks against it)
        continue;
      }
      if (sub.capPriceMicros < price) continue;
      const free = freeLeft.get(sub.accountId) ?? this.engine.account(sub.accountId)?.availableMicros ?? 0;
      const n = Math.max(0, Math.min(sub.qtyPerWindow, Math.floor(Math.min(sub.budgetMicros - sub.spentMicros, free) / price)));
      freeLeft.set(sub.accountId, free - n * price);
      qty += n;
    }
    return share * qty;
  }

  /** The engine's active subscriptions by contract, once per turn. */
  private subscribersByContract(): Map<string, Subscription[]> {
    if (this.subscribersTurn !== undefined) return this.subscribersTurn;
    const byContract = new Map<string, Subscription[]>();
    for (const sub of this.engine.subscriptions.live.values()) {
      if (sub.status !== SubscriptionStatus.ACTIVE) continue;
      const list = byContract.get(sub.contract);
      if (list === undefined) byContract.set(sub.contract, [sub]);
      else list.push(sub);
    }
    this.subscribersTurn = byContract;
    return byContract;
  }

  /** The series' market figures, computed once a turn (a copy: callers adjust theirs). */
  private quoteMarket(est: SeriesEstimates, now: number): QuoteMarket {
    const seg = this.segmentFigures(est.segment, now);
    let market = this.marketTurn.get(est.seriesId);
    if (market === undefined) {
      market = this.computeMarket(est, seg, now);
      this.marketTurn.set(est.seriesId, market);
    }
    return { ...market };
  }

  private computeMarket(est: SeriesEstimates, seg: SegmentTurn, now: number): QuoteMarket {
    const e = this.estimates;
    const p = e.params;
    // σ, two levels of shrinkage by the hours observed: the series' own evidence toward its segment's (the
    // other series' evidence, itself toward volPriorBps). A thin series leans on its siblings; it never pulls a
    // busy one, whose own hours outweigh the prior.
    const own = volSamplesAt(est.vol, now, p);
    const others = { sum: seg.vol.sum - own.sum, hours: seg.vol.hours - own.hours, count: seg.vol.count - own.count };
    const segmentVariance = blendedVariance(others, (p.volPriorBps / 10_000) ** 2, p.volPriorWeight);
    const sigma = blendedSigma(own, segmentVariance, p.volPriorWeight);
    // The jumps σ's bounds set aside: the series' own, shrunk toward the prior (docs/pricing.md, "Jumps").
    const jumps = jumpEstimate(jumpSamplesAt(est.vol, now, p), p);
    // Fill intensity: the series' own fit once it has as many fills as the prior weighs, else its segment's pooled one.
    let fit = this.ownFit(est, now);
    if (fit.fills < p.intensityPriorFills) {
      seg.intensity ??= fitIntensity(seg.members.map((m) => m.intensity), p.intensityBucketBps, p.k, p.intensityPriorFills);
      fit = seg.intensity;
    }
    // Sale and purchase rates per quoted hour, shrunk the same way: own evidence toward the segment's, toward the prior.
    const r = e.tradeRates(est, now);
    const h0 = p.ratePriorHours;
    const segSale = shrunk(seg.rates.sold - r.sold, seg.rates.askHours - r.askHours, p.saleRatePriorPerHour, h0);
    const segBuy = shrunk(seg.rates.bought - r.bought, seg.rates.bidHours - r.bidHours, p.saleRatePriorPerHour, h0);
    const unit = e.fillSize(est, now);
    const measured = shrunk(r.sold, r.askHours, segSale, h0);
    // What subscribers are still to buy in this window, spread over the hours left (at least a minute): expected
    // sales before the close (rate × hours left) grow by that quantity, whole in a window of any length until its
    // last minute (docs/pricing.md, "Subscribed demand").
    const subscribed = this.subscribedPending(est.seriesId);
    return {
      openAtMs: est.openAtMs,
      closeAtMs: est.closeAtMs,
      sigmaRelPerSqrtHour: sigma,
      jumpVariancePerHour: jumps.variancePerHour,
      jumpsPerHour: jumps.perHour,
      jumpSizeRel: Math.sqrt(jumps.meanSquare),
      jumpWideningVariancePerHour: jumpEstimate(jumpSpreadSamplesAt(est.vol, now, p), p).variancePerHour,
      tradesPerHour: e.tradesPerHour(est, now),
      k: Math.max(p.kMin, fit.k),
      arrivalAPerHour: fit.aPerHour,
      inventoryUnit: unit > 0 ? unit : p.inventoryUnit,
      saleRatePerHour: subscribed > 0 ? measured + subscribed / Math.max(SUBSCRIBED_SPREAD_MIN_HOURS, (est.closeAtMs - now) / HOUR_MS) : measured,
      purchaseRatePerHour: shrunk(r.bought, r.bidHours, segBuy, h0),
      ...(subscribed > 0 ? { subscribedQty: subscribed } : {}),
    };
  }

  /**
   * The series' own intensity fit: refitted after a fill, a parameter change, or a minute
   * (exposure alone moves it slowly; a fit per series per turn would cost a fifth of the turn).
   */
  private ownFit(est: SeriesEstimates, now: number): IntensityFit {
    const p = this.estimates.params;
    const cached = this.fits.get(est.seriesId);
    if (cached !== undefined && cached.version === est.intensity.version && cached.params === p && now - cached.atMs < FIT_EVERY_MS) return cached.fit;
    const fit = fitIntensity([est.intensity], p.intensityBucketBps, p.k, p.intensityPriorFills);
    this.fits.set(est.seriesId, { version: est.intensity.version, params: p, atMs: now, fit });
    return fit;
  }

  private readonly fits = new Map<number, { version: number; params: QuotingParams; atMs: number; fit: IntensityFit }>();

  /** The segment's figures for this turn: inventory (for substitutes), pooled σ samples, members. */
  private segmentFigures(segment: string, now: number): SegmentTurn {
    if (this.segmentTurn === undefined) {
      // One pass per turn over every series (not one per series): O(series), not O(series²).
      this.segmentTurn = new Map();
      this.marketTurn.clear();
      const broker = this.engine.account(this.engine.brokerId);
      const p = this.estimates.params;
      for (const est of this.estimates.series.values()) {
        let seg = this.segmentTurn.get(est.segment);
        if (seg === undefined) {
          seg = emptySegmentTurn();
          this.segmentTurn.set(est.segment, seg);
        }
        seg.inventory += broker?.positions.get(est.seriesId)?.available ?? 0;
        const v = volSamplesAt(est.vol, now, p);
        seg.vol.sum += v.sum;
        seg.vol.hours += v.hours;
        seg.vol.count += v.count;
        const r = this.estimates.tradeRates(est, now);
        seg.rates.sold += r.sold;
        seg.rates.bought += r.bought;
        seg.rates.askHours += r.askHours;
        seg.rates.bidHours += r.bidHours;
        seg.members.push(est);
      }
    }
    return this.segmentTurn.get(segment) ?? emptySegmentTurn();
  }

  /** The broker's available rights in the segment's other live series. */
  private substituteInventory(est: SeriesEstimates): number {
    const own = this.engine.account(this.engine.brokerId)?.positions.get(est.seriesId)?.available ?? 0;
    return this.segmentFigures(est.segment, this.clock()).inventory - own;
  }

  private terms(series: Series): QuoteTerms {
    const riskMax = this.engine.risk.maxOrderQty;
    return {
      tickMicros: series.spec.tickMicros,
      minPriceMicros: series.spec.minPriceMicros,
      maxPriceMicros: series.spec.maxPriceMicros,
      lotSize: series.spec.lotSize,
      maxLevelQty: riskMax > 0 ? Math.min(riskMax, series.spec.maxOrderQty) : series.spec.maxOrderQty,
      priceBandBps: this.engine.risk.priceBandBps,
      priceBandMinMicros: priceBandFloorMicros(this.engine.rulesVersion, series.spec.tickMicros),
    };
  }

  /** A spot series' share of its window's long limit: its sale rate over the window's, at least windowShareFloor. */
  private windowShare(series: Series): number {
    if (series.windowGroup.length < 2 || series.forward !== undefined) return 1;
    const now = this.clock();
    let own = 0;
    let all = 0;
    for (const s of series.windowGroup) {
      const est = this.estimates.get(s.id);
      if (est === undefined) continue;
      const rate = this.quoteMarket(est, now).saleRatePerHour;
      all += rate;
      if (s === series) own = rate;
    }
    return all > 0 ? Math.min(1, Math.max(this.estimates.params.windowShareFloor, own / all)) : 1;
  }

  private quotedBidQty(series: Series): number {
    let qty = 0;
    for (const id of series.quoteBidIds) qty += this.engine.orders.get(id)?.leavesQty ?? 0;
    return qty;
  }

  /** Inventory, PAT and exposure headroom as the new ladder would see them (its own quotes' holds count as free). */
  brokerState(series: Series): BrokerState {
    const engine = this.engine;
    const broker = engine.account(engine.brokerId);
    if (broker === undefined) return { ownedRights: 0, sellableRights: 0, spendableMicros: 0, longHeadroom: 0, avgCostMicros: 0 };
    const p = broker.positions.get(series.id);
    let quotedBidQty = 0;
    let quotedBidMicros = 0;
    for (const id of series.quoteBidIds) {
      const o = engine.orders.get(id);
      if (o === undefined) continue;
      quotedBidQty += o.leavesQty;
      quotedBidMicros += o.priceMicros * o.leavesQty;
    }
    // Ladders sent in this turn (or still in flight) for other series of the window replace
    // those series' quote bids when applied: count what they add.
    let quotedAskQty = 0;
    for (const id of series.quoteAskIds) quotedAskQty += engine.orders.get(id)?.leavesQty ?? 0;
    const owned = p === undefined ? 0 : p.available + p.held;
    const otherBids = (p?.openBuyQty ?? 0) - quotedBidQty;
    const risk = engine.risk;
    let headroom = Infinity;
    if (risk.brokerMaxLongSeries > 0) headroom = Math.min(headroom, risk.brokerMaxLongSeries - owned - otherBids);
    if (risk.brokerMaxLongWindow > 0) {
      let windowLong = -quotedBidQty;
      for (const s of series.windowGroup) {
        const q = broker.positions.get(s.id);
        if (q !== undefined) windowLong += q.available + q.held + q.openBuyQty;
        const other = this.byId[s.id];
        if (s !== series && other !== undefined && other.inFlight) windowLong += Math.max(0, other.inFlightBidQty - this.quotedBidQty(s));
      }
      headroom = Math.min(headroom, risk.brokerMaxLongWindow - windowLong);
      // The window's limit is shared by the pace each series sells at (at least windowShareFloor of it each), so
      // a series that sells little (a thin band bought at a wrong price) cannot fill the window for its siblings.
      const share = this.windowShare(series);
      if (share < 1) headroom = Math.min(headroom, share * risk.brokerMaxLongWindow - owned - otherBids);
    }
    const cost = this.estimates.get(series.id)?.cost;
    return {
      ownedRights: owned,
      sellableRights: (p?.available ?? 0) + quotedAskQty + (series.forward === undefined ? 0 : engine.forwards.brokerShortHeadroom(broker, series)),
      spendableMicros: broker.availableMicros + quotedBidMicros,
      longHeadroom: Math.max(0, headroom),
      avgCostMicros: cost !== undefined && cost.qty > 0 ? cost.costMicros / cost.qty : 0,
    };
  }

  /**
   * The broker in a synthetic: its net delta on the index is the skew's q (aiming at flat): its
   * signed position plus its options' deltas on the window (docs/pricing.md, "Options"); both
   * ladders may hold at most syntheticMarginShare of its free PAT plus what its current quotes
   * in the series hold (the engine frees those when the new ladder replaces them), at the
   * engine's rate; bids within the broker long limits as the engine counts them.
   */
  syntheticBrokerState(series: Series): BrokerState {
    const engine = this.engine;
    const broker = engine.account(engine.brokerId);
    const bps = engine.risk.syntheticInitialMarginBps;
    if (broker === undefined) return { ownedRights: 0, sellableRights: 0, spendableMicros: 0, longHeadroom: 0, avgCostMicros: 0, marginBudgetMicros: 0, marginBps: bps };
    let quoteHeldMicros = 0;
    for (const id of [...series.quoteBidIds, ...series.quoteAskIds]) {
      const o = engine.orders.get(id);
      if (o !== undefined) quoteHeldMicros += o.collateralPerUnitMicros * o.leavesQty;
    }
    const free = Math.max(0, broker.availableMicros + quoteHeldMicros);
    const net = broker.positions.get(series.id)?.available ?? 0;
    // The engine applies the broker long limits to a synthetic's bids as well (net + new bids against the series limit, the
    // synthetic window group's nets against the window limit); counted without its current quote bids, so never above them.
    const risk = engine.risk;
    let headroom = Infinity;
    if (risk.brokerMaxLongSeries > 0) headroom = Math.min(headroom, risk.brokerMaxLongSeries - net);
    if (risk.brokerMaxLongWindow > 0) {
      let windowLong = 0;
      for (const s of series.windowGroup) {
        const q = broker.positions.get(s.id);
        if (q !== undefined) windowLong += q.available + q.held + q.openBuyQty;
      }
      headroom = Math.min(headroom, risk.brokerMaxLongWindow - windowLong);
    }
    return {
      // A synthetic has no expiry rule, carry or cost floor: this is the skew's q and nothing else.
      ownedRights: net + this.indexDeltaExcept(series, series.synthetic!.spotSeriesId),
      sellableRights: Number.MAX_SAFE_INTEGER,
      spendableMicros: free,
      longHeadroom: Math.max(0, headroom),
      avgCostMicros: 0,
      marginBudgetMicros: Math.floor(free * this.estimates.params.syntheticMarginShare),
      marginBps: bps,
    };
  }

  // ----------------------------------------------------------- views

  expectedIndexMicros(spotSeriesId: number): number | undefined {
    const spotSeries = this.engine.seriesById(spotSeriesId);
    const spot = this.estimates.get(spotSeriesId);
    const now = this.clock();
    if (spotSeries === undefined || spot === undefined || now >= spotSeries.spec.closeAtMs) return undefined;
    const micros = this.indexForecast(spotSeries, spot, now).meanMicros;
    return Number.isFinite(micros) && micros > 0 ? Math.round(micros) : undefined;
  }

  syntheticView(seriesId: number): SyntheticView | undefined {
    const syn = this.estimates.synthetics.get(seriesId);
    const series = this.engine.seriesById(seriesId);
    if (syn === undefined || series?.synthetic === undefined) return undefined;
    const sq = this.byId[seriesId];
    const quote = sq?.lastQuote;
    const position = this.engine.account(this.engine.brokerId)?.positions.get(seriesId);
    const reference = quote?.reference.priceMicros ?? series.referencePriceMicros;
    const net = position?.available ?? 0;
    const cost = position?.costMicros ?? 0;
    let quoteMargin = 0;
    for (const id of [...series.quoteBidIds, ...series.quoteAskIds]) {
      const o = this.engine.orders.get(id);
      if (o !== undefined) quoteMargin += o.collateralPerUnitMicros * o.leavesQty;
    }
    return {
      seriesId,
      contract: series.spec.contract,
      spotSeriesId: series.synthetic.spotSeriesId,
      expectedIndexMicros: reference,
      markMicros: series.synthetic.markMicros,
      bidMicros: quote?.bids.priceMicros[0] ?? 0,
      askMicros: quote?.asks.priceMicros[0] ?? 0,
      halfSpreadBps: quote === undefined || reference === 0 ? 0 : round((quote.halfSpread * 1e6 * 10_000) / reference, 1),
      sigmaBpsPerSqrtHour: round((quote?.sigmaRelPerSqrtHour ?? 0) * 10_000, 1),
      position: net,
      costMicros: cost,
      unrealizedPnlMicros: net * reference - cost,
      quoteMarginMicros: quoteMargin,
      lockedMicros: position?.collateralMicros ?? 0,
      refusals: sq === undefined || sq.backoffMs === 0 ? 0 : Math.round(Math.log2(sq.backoffMs / SYNTHETIC_BACKOFF_MS)) + 1,
      retryAtMs: sq?.retryAtMs ?? 0,
      reasons: quote?.reasons ?? [],
    };
  }

  syntheticViews(): SyntheticView[] {
    const out: SyntheticView[] = [];
    for (const id of [...this.estimates.synthetics.keys()].sort((a, b) => a - b)) {
      const v = this.syntheticView(id);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  optionView(seriesId: number): OptionView | undefined {
    const opt = this.estimates.options.get(seriesId);
    const series = this.engine.seriesById(seriesId);
    if (opt === undefined || series?.option === undefined) return undefined;
    const sq = this.byId[seriesId];
    const quote = sq?.lastQuote as OptionQuote | undefined;
    const d = quote?.option;
    const p = this.estimates.params;
    const position = this.engine.account(this.engine.brokerId)?.positions.get(seriesId);
    const net = position === undefined ? 0 : position.available + position.held;
    const value = d?.valueMicros ?? 0;
    return {
      seriesId,
      contract: series.spec.contract,
      right: series.spec.kind === SeriesKind.CALL ? OptionRight.CALL : OptionRight.PUT,
      strikeMicros: series.spec.strikeMicros,
      spotSeriesId: series.option.spotSeriesId,
      closeAtMs: series.spec.closeAtMs,
      pricedAtMs: sq?.lastQuoteAtMs ?? 0,
      forwardMicros: Math.round(d?.forwardMicros ?? 0),
      // The model's inputs and value exactly as priced (doubles, unrounded), so a reader's Black-76 of them is the published value.
      forwardExactMicros: d?.forwardMicros ?? 0,
      // As priced, with the rest of the model (a mark since shows at the next repricing), so GET /v1/options and the OPTION channel agree.
      markMicros: d?.markMicros ?? series.option.markMicros,
      sigmaAnnual: d?.sigmaAnnual ?? 0,
      sigmaMarketAnnual: d?.sigmaMarketAnnual ?? 0,
      sigmaRealizedAnnual: d?.sigmaRealizedAnnual ?? 0,
      sigmaSpotBpsPerSqrtHour: round((d?.sigmaSpotRelPerSqrtHour ?? 0) * 10_000, 1),
      sigmaPriorAnnual: p.optionVolPrior,
      sigmaPriorShare: p.optionVolPriorShare,
      timeYears: d?.timeYears ?? 0,
      valueMicros: value,
      referenceMicros: quote?.reference.priceMicros ?? series.referencePriceMicros,
      delta: d?.delta ?? 0,
      gamma: d?.gamma ?? 0,
      vega: d?.vega ?? 0,
      theta: d?.theta ?? 0,
      bidMicros: quote?.bids.priceMicros[0] ?? 0,
      askMicros: quote?.asks.priceMicros[0] ?? 0,
      halfSpreadMicros: Math.round(d?.halfSpreadMicros ?? 0),
      skewMicros: Math.round(d?.skewMicros ?? 0),
      position: net,
      deltaEquivalent: round(net * (d?.delta ?? 0), 3),
      indexDelta: round(d?.indexDelta ?? 0, 3),
      premiumMicros: opt.premiumMicros,
      pnlAtModelMicros: Math.round(opt.premiumMicros + net * value),
      quoteHeldMicros: this.quoteHeldMicros(series),
      lockedMicros: position?.collateralMicros ?? 0,
      refusals: sq === undefined || sq.backoffMs === 0 ? 0 : Math.round(Math.log2(sq.backoffMs / SYNTHETIC_BACKOFF_MS)) + 1,
      retryAtMs: sq?.retryAtMs ?? 0,
      reasons: quote?.reasons ?? [],
    };
  }

  optionViews(): OptionView[] {
    const out: OptionView[] = [];
    for (const id of [...this.estimates.options.keys()].sort((a, b) => a - b)) {
      const v = this.optionView(id);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  view(seriesId: number): SeriesView | undefined {
    const est = this.estimates.get(seriesId);
    const series = this.engine.seriesById(seriesId);
    if (est === undefined || series === undefined) return undefined;
    const now = this.clock();
    const quote = this.byId[seriesId]?.lastQuote;
    const position = this.engine.account(this.engine.brokerId)?.positions.get(seriesId);
    const reference = quote?.reference.priceMicros ?? series.referencePriceMicros;
    const inventory = position === undefined ? 0 : position.available + position.held;
    const avgCost = est.cost.qty > 0 ? est.cost.costMicros / est.cost.qty : 0;
    this.segmentTurn = undefined;
    this.subscribersTurn = undefined;
    const market = this.quoteMarket(est, now);
    const jumps = jumpEstimate(jumpSamplesAt(est.vol, now, this.estimates.params), this.estimates.params);
    return {
      seriesId,
      contract: series.spec.contract,
      referenceMicros: reference,
      modelMicros: Math.round(quote?.reference.modelMicros ?? 0),
      anchorMicros: Math.round(quote?.reference.anchorMicros ?? 0),
      anchorWeight: round(quote?.reference.anchorWeight ?? 0, 3),
      segmentValueMicros: Math.round(this.estimates.segmentValue(est.segment, now)),
      bidMicros: quote?.bids.priceMicros[0] ?? 0,
      askMicros: quote?.asks.priceMicros[0] ?? 0,
      halfSpreadBps: quote === undefined || reference === 0 ? 0 : round((quote.halfSpread * 1e6 * 10_000) / reference, 1),
      sigmaBpsPerSqrtHour: round((quote?.sigmaRelPerSqrtHour ?? market.sigmaRelPerSqrtHour) * 10_000, 1),
      jumpsPerHour: round(jumps.perHour, 4),
      jumpSizeBps: round(Math.sqrt(jumps.meanSquare) * 10_000, 1),
      jumpHalfSpreadBps: round((quote?.widening.jumpFraction ?? 0) * 10_000, 1),
      sigmaBipowerBpsPerSqrtHour: round(bipowerSigma(est.vol, now, this.estimates.params) * 10_000, 1),
      k: round(market.k, 2),
      arrivalPerHour: round(market.arrivalAPerHour, 1),
      tradesPerHour: round(market.tradesPerHour, 2),
      saleRatePerHour: round(market.saleRatePerHour, 2),
      purchaseRatePerHour: round(market.purchaseRatePerHour ?? 0, 2),
      subscribedQty: round(market.subscribedQty ?? 0, 2),
      seatFactor: quote?.reference.seats ?? 1,
      inventory,
      avgCostMicros: Math.round(avgCost),
      realizedPnlMicros: Math.round(est.cost.realizedMicros),
      unrealizedPnlMicros: Math.round(est.cost.qty * (reference - avgCost)),
      expectedSales: quote === undefined || !Number.isFinite(quote.expectedSales) ? null : Math.round(quote.expectedSales),
      reasons: quote?.reasons ?? [],
    };
  }

  views(): SeriesView[] {
    const out: SeriesView[] = [];
    for (const id of [...this.estimates.series.keys()].sort((a, b) => a - b)) {
      const v = this.view(id);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  pnl(views = { synthetics: this.syntheticViews(), options: this.optionViews() }): BrokerPnl {
    const b = this.estimates.broker;
    let unrealized = 0;
    let cost = 0;
    let value = 0;
    for (const est of this.estimates.series.values()) {
      if (est.cost.qty <= 0) continue;
      const ref = this.byId[est.seriesId]?.lastQuote?.reference.priceMicros ?? est.refMicros;
      cost += est.cost.costMicros;
      value += est.cost.qty * ref;
      unrealized += est.cost.qty * ref - est.cost.costMicros;
    }
    let open = 0;
    for (const v of views.synthetics) open += v.unrealizedPnlMicros;
    for (const v of views.options) open += v.pnlAtModelMicros;
    const realizedMicros = Math.round(b.realizedMicros);
    const unrealizedMicros = Math.round(unrealized);
    const derivativesSettledMicros = Math.round(b.derivativesSettledMicros);
    const derivativesOpenMicros = Math.round(open);
    return {
      realizedMicros,
      unrealizedMicros,
      expiredMicros: Math.round(b.expiredMicros),
      inventoryCostMicros: Math.round(cost),
      inventoryValueMicros: Math.round(value),
      boughtQty: b.boughtQty,
      soldQty: b.soldQty,
      derivativesSettledMicros,
      derivativesOpenMicros,
      totalMicros: realizedMicros + unrealizedMicros + derivativesSettledMicros + derivativesOpenMicros,
    };
  }
}

/**
 * The book a window's next index samples take: the quote the quoter last made for the spot (in this turn it may still be
 * in flight: the spot is priced before the cash-settled series on it, and a quote one-sided by the expiry rule stays so
 * to the close); else the engine's book; while both are empty, a two-sided quote around the level, as the model would
 * quote at its first turn.
 */
function forecastBook(spotSeries: Series, spotQuote: Quote | undefined, level: number, halfSpreadRel: number): [bid: number, ask: number] {
  if (spotQuote !== undefined) return [spotQuote.bids.priceMicros[0] ?? 0, spotQuote.asks.priceMicros[0] ?? 0];
  const bid = spotSeries.brokerBuys.bestBidMicros();
  const ask = spotSeries.brokerSells.bestAskMicros();
  if (bid === 0 && ask === 0) return [Math.round(level * (1 - halfSpreadRel)), Math.round(level * (1 + halfSpreadRel))];
  return [bid, ask];
}
