/**
 * Model feeds' signals, outcomes, performance and drift (docs/catalog.md, "Model feeds").
 *
 * - A signal is stamped with the exchange's receive time and never changes: the same id with
 *   the same content again is a no-op, with other content SIGNAL_IMMUTABLE.
 * - An outcome is taken only inside [atMs + horizon, atMs + horizon + grace], once. For a
 *   `patx-series` target the exchange computes the figure from its own trades and refuses a
 *   posted one more than 1 bps off; past the deadline it records its own for every signal the
 *   provider left without one (withholding a loser does not help). For an `external` target a
 *   signal past its deadline without an outcome is missing, and counts against the feed.
 * - Performance (performance.ts) is recomputed on every outcome batch and by the hourly sweep,
 *   kept on the listing (so across restarts, and replicated with it), per lineage: a new model
 *   starts its own record. Past the drift thresholds the feed is downgraded and queued for the
 *   operator.
 * - Publication waits for a burn-in: the live lineage's signals must span `burnInMs`, first to
 *   newest (refuseBeforeBurnIn, called by the catalog's publish before it changes anything).
 * - The performance carries a capacity and slippage estimate from the signals' own traded sizes
 *   (feed-capacity.ts), read again at most once a minute per feed.
 * - Kept: a feed's signals of the last KEEP_DAYS days, at most KEEP_SIGNALS; older settled ones
 *   are folded into daily aggregates, then their records pruned.
 *
 * Every refusal is a CatalogError thrown before anything is stored.
 */
import type { Engine } from '../engine/index.js';
import { CatalogError, type Listing, type ListingVersion, type ModelFeedState } from './listing.js';
import { lineageKey, outcomesBody, signalsBody, type DailyAggregate, type ModelFeedDisclosures, type SignalRecord } from './model-feed.js';
import { costPerSignalBps, segmentRightPrice, seriesOutcomeBps, type MarkMemo, type RightPrice, type TradeReader } from './feed-prices.js';
import { driftOf, DRIFT_MIN_OUTCOMES, DRIFT_THRESHOLDS, performanceOf, type CountedOutcome, type PerformanceFigures } from './performance.js';
import { capacityOf, type CapacityEstimate, type CapacitySignal } from './feed-capacity.js';
import type { CatalogStore } from './store.js';
import type { Divergence } from './conformance.js';

const DAY_MS = 86_400_000;
/** A feed's signals per UTC day, at most. */
export const DAILY_SIGNAL_CAP = 20_000;
/** Signal records kept per feed: older settled ones are folded into daily aggregates. */
export const KEEP_SIGNALS = 50_000;
/** ... and the days they are kept at least (when under KEEP_SIGNALS). */
export const KEEP_DAYS = 90;
/** How far a posted figure may be from the exchange's own (patx-series), bps. */
export const OUTCOME_TOLERANCE_BPS = 1;
/** How far a delivered record's signal_time may be from the exchange's stamp of that signal. */
export const SIGNAL_TIME_TOLERANCE_MS = 60_000;
/** The most delivered records of one check compared with the committed signals. */
export const MAX_SIGNALS_CHECKED = 10_000;
/** The sweep's period: performance is "updated at least daily", in fact hourly. */
export const FEED_SWEEP_INTERVAL_MS = 3_600_000;

/** What the feeds need of the catalog (src/catalog/catalog.ts). */
export interface FeedHost {
  get(id: number): Listing;
  ownedListing(id: number, providerAccountId: number): Listing;
  all(): Listing[];
  /** Stores the listing (its feed state) without an audit row. */
  storeQuietly(listing: Listing): void;
  /** Stores the listing with an audit row. */
  storeAudited(listing: Listing, actor: string, action: 'model_feed_drift' | 'dismiss_drift', reason: string): void;
}

export interface FeedDeps {
  host: FeedHost;
  store: CatalogStore;
  engine: Pick<Engine, 'series' | 'seriesById' | 'account'>;
  clock: () => number;
  trades?: TradeReader;
  /** How long the live lineage's signals must span before publication, ms (0: off). */
  burnInMs: number;
}

/** Where a feed stands against its burn-in: its live lineage's first and newest signal. */
export interface BurnIn {
  requiredMs: number;
  signals: number;
  firstSignalAtMs: number | null;
  lastSignalAtMs: number | null;
  spanMs: number;
  met: boolean;
}

/** GET /v1/listings/{id}/performance. */
export interface PerformanceReport extends PerformanceFigures {
  listingId: number;
  updatedAtMs: number;
  lineage: ModelFeedDisclosures['lineage'];
  lineageKey: string;
  costPerSignalBps: number;
  costSource: 'vwap' | 'ask' | 'none';
  backtest: { meanNetBps: number; stdevNetBps: number; hitRate: number; maxDrawdownBps: number };
  drift: { status: 'ok' | 'downgraded'; reason?: string; atMs?: number; thresholds: typeof DRIFT_THRESHOLDS };
  backtestCurve: ModelFeedDisclosures['backtest']['curve'];
  /** From the signals' own traded sizes (feed-capacity.ts); absent on figures kept before it was computed. */
  capacityEstimate?: CapacityEstimate;
  burnIn?: BurnIn;
}

/** The live version's disclosures: a listing that is a model feed. */
export function liveFeed(listing: Listing): { version: ListingVersion; feed: ModelFeedDisclosures } {
  const version = listing.versions[listing.versions.length - 1]!;
  if (version.kind !== 'model-feed' || version.modelFeed === undefined) throw new CatalogError('NOT_A_MODEL_FEED', `listing ${listing.id} is not a model feed`);
  return { version, feed: version.modelFeed };
}

function newState(): ModelFeedState {
  return { status: 'live', nextSeq: 1, day: { dayStartMs: 0, signals: 0 }, aggregates: [], keptFromSeq: 1 };
}

const dayOf = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** A decimal PAT amount (at most 6 decimals, validated by the disclosures' schema) in µPAT. */
function microsOf(pat: string): number {
  const [whole, frac = ''] = pat.split('.');
  return Number(whole) * 1_000_000 + Number(frac.padEnd(6, '0'));
}

/**
 * What performance, the sweep and folding read of a kept signal, held in memory per feed so an
 * outcome batch does not read 50,000 records from LMDB on the engine's thread (about 4 MiB at
 * KEEP_SIGNALS). Built from the store at a feed's first use, then kept with every write.
 */
interface KeptSignal {
  atMs: number;
  lineage: string;
  /** What the capacity estimate reads: the position, where, and the instrument's return once known. */
  instrument: string;
  position: number;
  outcomeBps: number | undefined;
  /** Net return (bps of the notional) once an outcome is counted. */
  net: number | undefined;
  state: 'pending' | 'outcome' | 'void' | 'missing';
  exchange: boolean;
  /** atMs + horizon + grace. */
  deadlineMs: number;
}

function keptOf(s: SignalRecord, feed: ModelFeedDisclosures): KeptSignal {
  const { horizonMs, graceMs } = termsOf(s, feed);
  const counted = s.outcome !== undefined && s.void !== true;
  return {
    atMs: s.atMs,
    lineage: s.lineage,
    instrument: s.instrument,
    position: s.position,
    outcomeBps: counted ? s.outcome!.bps : undefined,
    net: counted ? s.position * s.outcome!.bps - s.outcome!.costBps : undefined,
    state: s.void === true ? 'void' : s.missing === true ? 'missing' : counted ? 'outcome' : 'pending',
    exchange: s.outcome?.source === 'exchange',
    deadlineMs: s.atMs + horizonMs + graceMs,
  };
}

/** A signal's outcome window and check: as they were when it arrived (a later version's new horizon or target does not move them). */
function termsOf(s: SignalRecord, feed: ModelFeedDisclosures): { horizonMs: number; graceMs: number; target: 'patx-series' | 'external' } {
  return { horizonMs: s.horizonMs ?? feed.horizonMs, graceMs: s.graceMs ?? feed.outcomeGraceMs, target: s.target ?? feed.target.kind };
}

/** A segment's right price is read again after this long (a VWAP reads up to 20,000 trades: not on every outcome batch). */
export const RIGHT_PRICE_TTL_MS = 60_000;

export class ModelFeeds {
  /** The last right price read per segment, and when. */
  private readonly prices = new Map<string, { atMs: number; price: RightPrice | undefined }>();
  /** Per feed, its kept signals by seq, in seq order (KeptSignal). */
  private readonly keptSignals = new Map<number, Map<number, KeptSignal>>();
  /**
   * Performance computed for a lineage the listing keeps none for yet (just after a new model is
   * approved), by listing id: a public GET reads it instead of walking up to 50,000 kept signals on
   * the catalog's thread each time. Dropped when the feed's signals or outcomes change, and after a
   * sweep period, so it is never older than the figures kept on a listing.
   */
  private readonly computed = new Map<number, PerformanceReport>();
  /** The last capacity estimate per feed, and when: it reads up to CAPACITY_MAX_TRADES trades, so not on every outcome batch. */
  private readonly capacities = new Map<number, { atMs: number; lineage: string; estimate: CapacityEstimate }>();

  constructor(private readonly deps: FeedDeps) {}

  /** Where trades are read (the trade history opens beside the catalog). */
  setTrades(trades: TradeReader): void {
    this.deps.trades = trades;
  }

  // ------------------------------------------------------------ provider

  postSignals(listingId: number, providerAccountId: number, body: unknown): { signals: { signalId: string; atMs: number; seq: number }[] } {
    const parsed = signalsBody.safeParse(body);
    if (!parsed.success) throw new CatalogError('MALFORMED_SIGNALS', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), parsed.error.issues);
    const listing = this.deps.host.ownedListing(listingId, providerAccountId);
    const { feed } = liveFeed(listing);
    if (listing.status !== 'published' && listing.status !== 'submitted') throw new CatalogError('BAD_TRANSITION', `listing ${listingId} is ${listing.status}: signals are taken for a submitted or published model feed`);
    // Any wallet may open a provider account and submit listings: signals take disk and memory, so before the
    // operator publishes a feed only an operator-verified provider builds a record (a burn-in); others wait for publication.
    if (listing.status === 'submitted' && this.deps.engine.account(listing.providerAccountId)?.verified !== true) {
      throw new CatalogError('BAD_TRANSITION', `listing ${listingId} is submitted, not published: before publication only an operator-verified provider's feed takes signals (docs/providers.md: the operator verifies a provider); send them once the operator publishes it`);
    }
    const now = this.deps.clock();
    const state = listing.feed ?? newState();
    const lineage = lineageKey(feed.lineage);
    const answer: { signalId: string; atMs: number; seq: number }[] = [];
    const fresh: SignalRecord[] = [];
    const inRequest = new Map<string, SignalRecord>();
    for (const s of parsed.data.signals) {
      if (feed.target.kind === 'patx-series' && !this.isSeries(s.instrument)) throw new CatalogError('MALFORMED_SIGNALS', `signal ${s.signalId}: a patx-series feed's instrument is a series id the exchange lists, not '${s.instrument}'`);
      const known = inRequest.get(s.signalId) ?? this.deps.store.signalById(listingId, s.signalId);
      if (known !== undefined) {
        if (known.instrument !== s.instrument || known.position !== s.position) {
          throw new CatalogError('SIGNAL_IMMUTABLE', `signal ${s.signalId} was committed at ${new Date(known.atMs).toISOString()} with instrument ${known.instrument} and position ${known.position}: a signal cannot change`, { signalId: s.signalId, atMs: known.atMs, seq: known.seq });
        }
        answer.push({ signalId: known.signalId, atMs: known.atMs, seq: known.seq });
        continue;
      }
      const record: SignalRecord = { seq: state.nextSeq + fresh.length, signalId: s.signalId, instrument: s.instrument, position: s.position, atMs: now, lineage, horizonMs: feed.horizonMs, graceMs: feed.outcomeGraceMs, target: feed.target.kind };
      fresh.push(record);
      inRequest.set(s.signalId, record);
      answer.push({ signalId: record.signalId, atMs: record.atMs, seq: record.seq });
    }
    const today = dayOf(now);
    const sentToday = state.day.dayStartMs === today ? state.day.signals : 0;
    if (sentToday + fresh.length > DAILY_SIGNAL_CAP) {
      throw new CatalogError('SIGNAL_CAP_REACHED', `a model feed takes at most ${DAILY_SIGNAL_CAP} signals per UTC day (${sentToday} today; this request adds ${fresh.length})`, { limit: DAILY_SIGNAL_CAP, used: sentToday });
    }
    if (fresh.length === 0) return { signals: answer };
    // The listing (with the seqs taken) first: a crash between the two leaves a gap of seqs, never two signals on one.
    // The kept figures count the new signals at once (pending until their outcomes); the rest moves with outcomes and the sweep.
    const kept = state.performance as PerformanceReport | undefined;
    const performance = kept !== undefined && kept.lineageKey === lineage ? { ...kept, signals: kept.signals + fresh.length, pending: kept.pending + fresh.length } : state.performance;
    listing.feed = { ...state, nextSeq: state.nextSeq + fresh.length, day: { dayStartMs: today, signals: sentToday + fresh.length }, performance };
    this.computed.delete(listingId);
    this.deps.host.storeQuietly(listing);
    this.write(listing, feed, fresh);
    return { signals: answer };
  }

  postOutcomes(listingId: number, providerAccountId: number, body: unknown): { outcomes: { signalId: string; outcomeBps: number; source: 'exchange' | 'provider' }[] } {
    const parsed = outcomesBody.safeParse(body);
    if (!parsed.success) throw new CatalogError('MALFORMED_SIGNALS', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), parsed.error.issues);
    const listing = this.deps.host.ownedListing(listingId, providerAccountId);
    const { version, feed } = liveFeed(listing);
    if (listing.status !== 'published' && listing.status !== 'submitted') throw new CatalogError('BAD_TRANSITION', `listing ${listingId} is ${listing.status}: outcomes are taken for a submitted or published model feed`);
    const now = this.deps.clock();
    const cost = this.cost(listing, version, feed, now).bps;
    const updated = new Map<string, SignalRecord>();
    const marks: MarkMemo = new Map();
    const answer: { signalId: string; outcomeBps: number; source: 'exchange' | 'provider' }[] = [];
    for (const o of parsed.data.outcomes) {
      const signal = updated.get(o.signalId) ?? this.deps.store.signalById(listingId, o.signalId);
      if (signal === undefined) throw new CatalogError('UNKNOWN_SIGNAL', `listing ${listingId} has no signal ${o.signalId} (or it was folded into the daily aggregates)`, { signalId: o.signalId });
      const { horizonMs, graceMs, target } = termsOf(signal, feed);
      const opens = signal.atMs + horizonMs;
      const closes = opens + graceMs;
      if (signal.outcome !== undefined) {
        if (Math.abs(signal.outcome.bps - o.outcomeBps) <= (signal.outcome.source === 'exchange' ? OUTCOME_TOLERANCE_BPS : 0)) {
          answer.push({ signalId: o.signalId, outcomeBps: signal.outcome.bps, source: signal.outcome.source });
          continue;
        }
        throw new CatalogError('OUTCOME_POSTED', `signal ${o.signalId}'s outcome was recorded at ${new Date(signal.outcome.atMs).toISOString()} as ${signal.outcome.bps} bps: it cannot change`, { signalId: o.signalId, outcomeBps: signal.outcome.bps });
      }
      if (now < opens) throw new CatalogError('OUTCOME_TOO_EARLY', `signal ${o.signalId}'s outcome is known from ${new Date(opens).toISOString()} (its time plus the ${horizonMs} ms horizon)`, { signalId: o.signalId, opensAtMs: opens });
      if (now > closes || signal.missing === true) throw new CatalogError('OUTCOME_TOO_LATE', `signal ${o.signalId}'s outcome was due by ${new Date(closes).toISOString()}`, { signalId: o.signalId, closedAtMs: closes });
      let bps = o.outcomeBps;
      let source: 'exchange' | 'provider' = 'provider';
      if (target === 'patx-series') {
        const own = this.deps.trades === undefined ? undefined : seriesOutcomeBps(this.deps.trades, signal.instrument, signal.atMs, horizonMs, marks);
        if (own === undefined || Math.abs(own - o.outcomeBps) > OUTCOME_TOLERANCE_BPS) {
          throw new CatalogError('OUTCOME_MISMATCH', own === undefined ? `series ${signal.instrument} had no mark (a buyer's and a seller's trade) at signal ${o.signalId}'s time or its horizon: the signal is void, no outcome is counted` : `signal ${o.signalId}: the exchange's own figure is ${own.toFixed(4)} bps (the log return of the series' mark, the geometric mean of its last buyer's and seller's trades, from the signal to its horizon), not ${o.outcomeBps}`, { signalId: o.signalId, exchangeBps: own ?? null });
        }
        bps = own;
        source = 'exchange';
      }
      const done: SignalRecord = { ...signal, outcome: { bps, source, atMs: now, costBps: cost } };
      updated.set(o.signalId, done);
      answer.push({ signalId: o.signalId, outcomeBps: bps, source });
    }
    if (updated.size > 0) {
      this.write(listing, feed, [...updated.values()]);
      this.refresh(listing);
    }
    return { outcomes: answer };
  }

  // ------------------------------------------------------------ delivered records

  /**
   * A model feed's delivered records against its committed signals (docs/catalog.md, "Model
   * feeds"): a delivered signal that was never committed, or that was committed with another
   * instrument or position, or whose signal_time is more than SIGNAL_TIME_TOLERANCE_MS from the
   * exchange's stamp, diverges. That is what makes a signal uneditable after delivery. Records
   * older than the signals kept (folded) are not compared.
   */
  signalDivergences(listingId: number, records: readonly Record<string, unknown>[]): Divergence[] {
    const now = this.deps.clock();
    const problems: string[] = [];
    let uncommitted = 0;
    for (const r of records.slice(0, MAX_SIGNALS_CHECKED)) {
      const id = r.signal_id;
      const time = typeof r.signal_time === 'number' ? r.signal_time : typeof r.signal_time === 'string' ? Date.parse(r.signal_time) : NaN;
      if (typeof id !== 'string') {
        problems.push('a record without a signal_id');
        continue;
      }
      const committed = this.deps.store.signalById(listingId, id);
      if (committed === undefined) {
        if (Number.isFinite(time) && time < now - KEEP_DAYS * DAY_MS) continue; // folded: not comparable
        uncommitted++;
        if (uncommitted <= 5) problems.push(`signal ${id} was delivered but never committed`);
        continue;
      }
      const position = typeof r.position === 'string' ? Number(r.position) : r.position;
      if (String(r.instrument) !== committed.instrument || position !== committed.position) problems.push(`signal ${id} was committed as ${committed.instrument} ${committed.position}, delivered as ${String(r.instrument)} ${String(r.position)}`);
      else if (!Number.isFinite(time) || Math.abs(time - committed.atMs) > SIGNAL_TIME_TOLERANCE_MS) problems.push(`signal ${id} was committed at ${new Date(committed.atMs).toISOString()}, delivered with signal_time ${String(r.signal_time)}`);
    }
    if (uncommitted > 5) problems.push(`and ${uncommitted - 5} more signals never committed`);
    if (problems.length === 0) return [];
    return [{ metric: 'signals', message: problems.slice(0, 10).join('; ') + (problems.length > 10 ? `; and ${problems.length - 10} more` : '') }];
  }

  // ------------------------------------------------------------ the sweep

  /**
   * Every model feed: signals past their deadline settled (the exchange's own figure, void, or
   * missing), old records folded and pruned, performance and drift recomputed. The hourly timer's step.
   */
  sweep(): number {
    let feeds = 0;
    let failure: unknown;
    for (const listing of this.deps.host.all()) {
      const v = listing.versions[listing.versions.length - 1];
      if (v?.kind !== 'model-feed' || listing.feed === undefined) continue;
      // One feed's failure does not keep the others from their sweep; it is thrown once all had theirs.
      try {
        this.settle(listing);
        this.prune(listing);
        this.refresh(listing);
        feeds++;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return feeds;
  }

  /** Signals past their deadline without an outcome: the exchange's figure (patx-series; void without trades), or missing (external). */
  settle(listing: Listing): number {
    const { version, feed } = liveFeed(listing);
    const now = this.deps.clock();
    const cost = this.cost(listing, version, feed, now).bps;
    const settled: SignalRecord[] = [];
    const marks: MarkMemo = new Map();
    for (const [seq, k] of this.kept(listing)) {
      if (k.state !== 'pending' || now <= k.deadlineMs) continue;
      const s = this.deps.store.signal(listing.id, seq);
      if (s === undefined) continue;
      const { horizonMs, target } = termsOf(s, feed);
      if (target === 'patx-series') {
        const own = this.deps.trades === undefined ? undefined : seriesOutcomeBps(this.deps.trades, s.instrument, s.atMs, horizonMs, marks);
        settled.push(own === undefined ? { ...s, void: true } : { ...s, outcome: { bps: own, source: 'exchange', atMs: now, costBps: cost } });
      } else settled.push({ ...s, missing: true });
    }
    this.write(listing, feed, settled);
    return settled.length;
  }

  /** Settled records older than KEEP_DAYS, or beyond the newest KEEP_SIGNALS, folded into daily aggregates and pruned. */
  prune(listing: Listing): number {
    const state = listing.feed;
    if (state === undefined) return 0;
    const now = this.deps.clock();
    const kept = state.nextSeq - state.keptFromSeq;
    let foldBefore = state.keptFromSeq;
    const folded = new Map<string, DailyAggregate>();
    const keptSignals = this.kept(listing);
    for (const [seq, s] of keptSignals) {
      const old = s.atMs < now - KEEP_DAYS * DAY_MS || seq < state.nextSeq - KEEP_SIGNALS;
      if (!old || (s.state === 'pending' && kept <= KEEP_SIGNALS)) break;
      const key = `${dayOf(s.atMs)}|${s.lineage}`;
      let a = folded.get(key);
      if (a === undefined) folded.set(key, (a = { dayStartMs: dayOf(s.atMs), lineage: s.lineage, signals: 0, outcomes: 0, missing: 0, sumNetBps: 0, sumSqNetBps: 0, hits: 0, verified: 0 }));
      a.signals++;
      if (s.state === 'missing') a.missing++;
      if (s.net !== undefined) {
        a.outcomes++;
        a.sumNetBps += s.net;
        a.sumSqNetBps += s.net * s.net;
        if (s.net > 0) a.hits++;
        if (s.exchange) a.verified++;
      }
      foldBefore = seq + 1;
    }
    if (foldBefore === state.keptFromSeq) return 0;
    const aggregates = [...state.aggregates];
    for (const a of folded.values()) {
      const same = aggregates.find((x) => x.dayStartMs === a.dayStartMs && x.lineage === a.lineage);
      if (same === undefined) aggregates.push(a);
      else for (const k of ['signals', 'outcomes', 'missing', 'sumNetBps', 'sumSqNetBps', 'hits', 'verified'] as const) same[k] += a[k];
    }
    aggregates.sort((a, b) => a.dayStartMs - b.dayStartMs);
    const pruned = foldBefore - state.keptFromSeq;
    listing.feed = { ...state, aggregates, keptFromSeq: foldBefore };
    // The aggregates first: a crash before the prune leaves records below keptFromSeq, which nothing reads (the next prune removes them).
    this.deps.host.storeQuietly(listing);
    this.deps.store.pruneSignals(listing.id, foldBefore);
    for (const seq of [...keptSignals.keys()]) {
      if (seq >= foldBefore) break;
      keptSignals.delete(seq);
    }
    return pruned;
  }

  // ------------------------------------------------------------ burn-in

  /**
   * The feed against its burn-in: the span from the first to the newest signal of the lineage
   * live now (folded days count from their day's start). A newest signal is asked for, not only
   * a first: a model that sent one signal a week ago and nothing since has not run live for a week.
   */
  burnIn(listing: Listing): BurnIn {
    const { feed } = liveFeed(listing);
    const lineage = lineageKey(feed.lineage);
    let first: number | undefined;
    let last: number | undefined;
    let signals = 0;
    for (const a of listing.feed?.aggregates ?? []) {
      if (a.lineage !== lineage || a.signals === 0) continue;
      signals += a.signals;
      first = Math.min(first ?? a.dayStartMs, a.dayStartMs);
      last = Math.max(last ?? a.dayStartMs, a.dayStartMs);
    }
    if (listing.feed !== undefined) {
      for (const s of this.kept(listing).values()) {
        if (s.lineage !== lineage) continue;
        signals++;
        first = Math.min(first ?? s.atMs, s.atMs);
        last = Math.max(last ?? s.atMs, s.atMs);
      }
    }
    const spanMs = first === undefined || last === undefined ? 0 : last - first;
    const requiredMs = this.deps.burnInMs;
    return { requiredMs, signals, firstSignalAtMs: first ?? null, lastSignalAtMs: last ?? null, spanMs, met: requiredMs === 0 || (signals > 0 && spanMs >= requiredMs) };
  }

  /** Refuses (BURN_IN_PENDING, nothing changed) a model feed whose live signals do not yet span the burn-in; a dataset passes. */
  refuseBeforeBurnIn(listing: Listing): void {
    const v = listing.versions[listing.versions.length - 1];
    if (v?.kind !== 'model-feed') return;
    const b = this.burnIn(listing);
    if (b.met) return;
    const verified = this.deps.engine.account(listing.providerAccountId)?.verified === true;
    const how = verified ? 'its provider sends signals while it is submitted' : "only an operator-verified provider's submitted feed takes signals: verify the provider first (docs/providers.md)";
    throw new CatalogError('BURN_IN_PENDING', `listing ${listing.id} is a model feed whose live signals span ${Math.floor(b.spanMs / 60_000)} min of the ${Math.ceil(b.requiredMs / 60_000)} min burn-in (${b.signals} signals): it can be published once they span it; ${how}`, { ...b, providerVerified: verified });
  }

  // ------------------------------------------------------------ performance

  /** Recomputes the feed's performance (and drift) and keeps it on the listing. */
  refresh(listing: Listing): PerformanceReport {
    this.computed.delete(listing.id);
    const report = this.compute(listing);
    const state = listing.feed ?? newState();
    const drift = state.status === 'live' ? driftOf(report, report.backtest) : undefined;
    const dismissed = state.driftDismissed;
    const stillDismissed = dismissed !== undefined && dismissed.lineage === report.lineageKey && report.outcomes < dismissed.outcomes + DRIFT_MIN_OUTCOMES;
    if (drift !== undefined && !stillDismissed) {
      const now = this.deps.clock();
      const { driftDismissed: _gone, ...rest } = state;
      listing.feed = { ...rest, status: 'downgraded', driftReview: { atMs: now, lineage: report.lineageKey, reason: drift } };
      const downgraded = this.compute(listing);
      listing.feed.performance = downgraded;
      listing.updatedAtMs = now;
      this.deps.host.storeAudited(listing, 'system', 'model_feed_drift', drift);
      return downgraded;
    }
    listing.feed = { ...state, performance: report };
    this.deps.host.storeQuietly(listing);
    return report;
  }

  /** The operator looked into a drift and keeps the feed live: off the queue, its performance counts again. Judged again after DRIFT_MIN_OUTCOMES more outcomes. */
  dismissDrift(id: number, operator: string, reason: string): Listing {
    const listing = this.deps.host.get(id);
    const state = listing.feed;
    if (state?.driftReview === undefined) throw new CatalogError('BAD_TRANSITION', `listing ${id} has no drift awaiting review`);
    if (reason.trim() === '') throw new CatalogError('MALFORMED_LISTING', 'dismissing a drift needs a reason');
    const { driftReview: _review, ...rest } = state;
    const outcomes = (state.performance as PerformanceReport | undefined)?.outcomes ?? 0;
    listing.feed = { ...rest, status: 'live', driftDismissed: { atMs: this.deps.clock(), lineage: _review.lineage, outcomes } };
    listing.feed.performance = this.compute(listing);
    listing.updatedAtMs = this.deps.clock();
    this.deps.host.storeAudited(listing, `operator:${operator}`, 'dismiss_drift', reason);
    return listing;
  }

  /** The performance kept on the listing (computed now if none was yet). */
  performance(listing: Listing): PerformanceReport {
    const { feed } = liveFeed(listing);
    const kept = listing.feed?.performance as PerformanceReport | undefined;
    // Kept for the live lineage only: a version with a new model shows its own (empty) record at once.
    const lineage = lineageKey(feed.lineage);
    if (kept !== undefined && kept.lineageKey === lineage) return kept;
    const now = this.deps.clock();
    const cached = this.computed.get(listing.id);
    if (cached !== undefined && cached.lineageKey === lineage && now >= cached.updatedAtMs && now - cached.updatedAtMs < FEED_SWEEP_INTERVAL_MS) return cached;
    const report = this.compute(listing);
    this.computed.set(listing.id, report);
    return report;
  }

  private compute(listing: Listing): PerformanceReport {
    const { version, feed } = liveFeed(listing);
    const now = this.deps.clock();
    const state = listing.feed ?? newState();
    const lineage = lineageKey(feed.lineage);
    const outcomes: CountedOutcome[] = [];
    const signalsByDay = new Map<number, number>();
    let signals = 0;
    let pending = 0;
    let missing = 0;
    for (const s of this.kept(listing).values()) {
      if (s.lineage !== lineage) continue;
      signals++;
      signalsByDay.set(dayOf(s.atMs), (signalsByDay.get(dayOf(s.atMs)) ?? 0) + 1);
      if (s.state === 'missing') missing++;
      else if (s.net !== undefined) outcomes.push({ atMs: s.atMs, netBps: s.net });
      else if (s.state === 'pending') pending++;
    }
    const aggregates = state.aggregates.filter((a) => a.lineage === lineage);
    for (const a of aggregates) {
      signals += a.signals;
      missing += a.missing;
    }
    const b = feed.backtest;
    const backtest = { meanNetBps: b.meanNetBps, stdevNetBps: b.stdevNetBps, hitRate: b.hitRate, maxDrawdownBps: b.maxDrawdownBps };
    const figures = performanceOf({
      outcomes,
      aggregates,
      signalsByDay,
      signals,
      pending,
      missing,
      backtest,
      verified: feed.target.kind === 'patx-series',
      downgraded: state.status === 'downgraded',
      seats: version.seats,
      notionalPat: feed.notionalPat,
    });
    const cost = this.cost(listing, version, feed, now);
    const review = state.driftReview;
    return {
      listingId: listing.id,
      updatedAtMs: now,
      lineage: feed.lineage,
      lineageKey: lineage,
      ...figures,
      costPerSignalBps: cost.bps,
      costSource: cost.source,
      backtest,
      drift: { status: state.status === 'downgraded' ? 'downgraded' : 'ok', ...(review === undefined ? {} : { reason: review.reason, atMs: review.atMs }), thresholds: DRIFT_THRESHOLDS },
      backtestCurve: b.curve,
      capacityEstimate: this.capacity(listing, feed, version, lineage, now),
      burnIn: this.burnIn(listing),
    };
  }

  /** The capacity estimate of the live lineage's signals (feed-capacity.ts), read again after RIGHT_PRICE_TTL_MS. */
  private capacity(listing: Listing, feed: ModelFeedDisclosures, version: ListingVersion, lineage: string, now: number): CapacityEstimate {
    const cached = this.capacities.get(listing.id);
    if (cached !== undefined && cached.lineage === lineage && now >= cached.atMs && now - cached.atMs < RIGHT_PRICE_TTL_MS) return cached.estimate;
    const signals: CapacitySignal[] = [];
    if (listing.feed !== undefined) for (const s of this.kept(listing).values()) if (s.lineage === lineage) signals.push({ atMs: s.atMs, instrument: s.instrument, position: s.position, outcomeBps: s.outcomeBps });
    const estimate = capacityOf({ signals, nowMs: now, notionalMicros: microsOf(feed.notionalPat), seats: version.seats, trades: feed.target.kind === 'patx-series' ? this.deps.trades : undefined });
    this.capacities.set(listing.id, { atMs: now, lineage, estimate });
    return estimate;
  }

  /** The price paid per signal now: a right's verified price spread over the signals its window carries. */
  private cost(listing: Listing, _version: ListingVersion, feed: ModelFeedDisclosures, now: number): { bps: number; source: 'vwap' | 'ask' | 'none' } {
    let cached = this.prices.get(listing.segment);
    if (cached === undefined || now - cached.atMs >= RIGHT_PRICE_TTL_MS || now < cached.atMs) {
      cached = { atMs: now, price: segmentRightPrice(this.deps.engine, this.deps.trades, listing.segment, now) };
      this.prices.set(listing.segment, cached);
    }
    const price = cached.price;
    let lastDay = 0;
    const state = listing.feed;
    if (state !== undefined) for (const s of this.kept(listing).values()) if (s.atMs > now - DAY_MS) lastDay++;
    return { bps: costPerSignalBps(price, lastDay, feed.notionalPat), source: price?.source ?? 'none' };
  }

  /** The feed's kept signals, read from the store at its first use. */
  private kept(listing: Listing): Map<number, KeptSignal> {
    let kept = this.keptSignals.get(listing.id);
    if (kept === undefined) {
      const { feed } = liveFeed(listing);
      kept = new Map();
      for (const s of this.deps.store.signalsOf(listing.id, listing.feed?.keptFromSeq ?? 1)) kept.set(s.seq, keptOf(s, feed));
      this.keptSignals.set(listing.id, kept);
    }
    return kept;
  }

  /** Signals written: stored, then the feed's kept signals (if loaded) follow. */
  private write(listing: Listing, feed: ModelFeedDisclosures, records: readonly SignalRecord[]): void {
    if (records.length === 0) return;
    this.deps.store.putSignals(listing.id, records);
    const kept = this.keptSignals.get(listing.id);
    if (kept !== undefined) for (const r of records) kept.set(r.seq, keptOf(r, feed));
  }

  private isSeries(instrument: string): boolean {
    if (!/^[1-9][0-9]{0,15}$/.test(instrument)) return false;
    return this.deps.engine.seriesById(Number(instrument)) !== undefined;
  }
}
