/**
 * Market data, built only from released (journaled) events, never by reading
 * the engine's live books: the sequencer applies the next turn while the last
 * one commits, so the live books may hold orders that could still be lost.
 *
 * The feed keeps a shadow of every resting order (price, side, leaves) and from
 * it an L2 book and the broker's quote ladder per series. Each (series,
 * channel) is a stream with its own sequence number that increases by exactly
 * one per message. A publication sends, per series changed since the last one:
 * one BookUpdate with the levels whose quantity changed (absolute quantities,
 * 0 = gone) and the checksum of the new top levels; its fills as trades, all in
 * one Trades frame (up to MAX_TRADES_PER_FRAME); the whole quote ladder if it
 * changed; reference price and status changes. Messages are built only for
 * streams that have subscribers, but the sequence numbers advance regardless.
 *
 * Each (series, channel) is a stream whose sequence numbers come from the journal,
 * so every node that serves it (the leader, the next leader, every edge, after any
 * restart) numbers an update alike however its publications were paced: a message's
 * seq is the journal seq of the last command whose change to the stream it carries
 * (TRADES: each trade's id; OPTION: the seq the leader gave the model). A count per
 * stream could not be: pacing by a clock decides which changes one message carries,
 * and a node started from a snapshot does not know how many came before. Seqs skip,
 * so each message also carries prev_seq, the seq this feed published before it on the
 * stream: a subscriber finds a gap by a prev_seq other than the last seq it got.
 *
 * Publications are paced per series (`intervalMs`, like Coinbase's
 * level2_batch or Binance's depth@100ms): a series' first change after a quiet
 * interval goes out with its turn; later ones wait until the interval since its
 * last publication has passed and go out together, book levels conflated (each
 * level's latest quantity), every trade kept. Fan-out costs one socket write per
 * subscriber per publication (on loopback, the kernel's whole receive path too),
 * so pacing bounds what 1,000 subscribers take from the engine's thread however
 * fast orders arrive; each series keeping its own pace spreads those writes over
 * the interval. A status change, a subscription's snapshot and a backlog of
 * trades publish at once.
 *
 * Forward curves are per contract, not per series: a contract's curve is the
 * broker's best bid, best ask and mid in its current spot window and in each
 * live FORWARD series, from the same shadow quote ladders. It is recomputed
 * when one of its series publishes a quote or status change, and goes out as a
 * whole (a ForwardCurve) only when a point changed, on its own stream (seq per
 * contract); so it follows its series' pace.
 */
import {
  counterpartyOf,
  CounterpartyRule,
  EventType,
  Role,
  Side,
  SeriesKind,
  SeriesStatus,
  contractTermsKey,
  parseContractKey,
  type Engine,
  type ReleasedBatch,
  type Series,
  type SyntheticMarked,
} from '../engine/index.js';
import { crc32 } from 'node:zlib';
import { FeeSchedule, isFeeParam } from '../risk/index.js';
import type { SettlementIndexMethod } from '../settlement-index/index.js';
import { IntMap } from '../collections/index.js';
import { CHECKSUM_LEVELS, wire, type patx } from '../proto/index.js';
import { LevelLadder, LevelsBefore } from './level-ladder.js';
import { encodeBookUpdateFrame, encodeQuoteLadderFrame, encodeTradesFrame, MAX_TRADES_PER_FRAME, type TradeFields } from './market-frames.js';
import { MAX_OPTION_MODELS, type OptionModelFields } from './option-models.js';

type ServerFrame = patx.v1.IServerFrame;

export const Channel = wire.Channel;
export type Channel = patx.v1.Channel;
/** Every channel, in wire order. */
export const ALL_CHANNELS: readonly Channel[] = [Channel.BOOK, Channel.TRADES, Channel.QUOTES, Channel.REFERENCE, Channel.STATUS];
/**
 * Every channel a series may be subscribed to: the five, SETTLEMENT (cash-settled series' marks
 * and index: SYNTHETIC, CALL, PUT) and OPTION (the broker's model of a CALL or PUT), both asked for by name.
 */
export const SERIES_CHANNELS: readonly Channel[] = [...ALL_CHANNELS, Channel.SETTLEMENT, Channel.OPTION];

/** Whether a series kind has an OPTION stream. */
export function isOptionKind(kind: SeriesKind): boolean {
  return kind === SeriesKind.CALL || kind === SeriesKind.PUT;
}

/** Whether a series kind is cash-settled (SYNTHETIC, CALL, PUT): it has a SETTLEMENT stream. */
export function isCashSettledKind(kind: SeriesKind): boolean {
  return kind === SeriesKind.SYNTHETIC || isOptionKind(kind);
}

/** The wire's SettlementIndexMethod for the engine's method name. */
export function wireIndexMethod(method: SettlementIndexMethod): patx.v1.SettlementIndexMethod {
  return wire.SettlementIndexMethod[method];
}

/** Trades waiting for the next publication, over all series, before it goes out early: a bound on what pacing holds. */
const MAX_PENDING_TRADES = 8_192;

/** Where the feed's messages go (the uWS server; a recorder in tests). */
export interface FeedSink {
  hasSubscribers(seriesId: number, channel: Channel): boolean;
  /** An encoded ServerFrame. */
  publish(seriesId: number, channel: Channel, frame: Uint8Array): void;
  /** Forward curves, by the feed's curve id (`MarketFeed.curveOf`); a sink without these gets none (their seqs still count). */
  hasCurveSubscribers?(curveId: number): boolean;
  publishCurve?(curveId: number, frame: Uint8Array): void;
}

export interface MarketFeedOptions {
  /** Least time between publications (ms); changes within it wait and are conflated. 0: every released turn publishes. */
  intervalMs: number;
  /** A monotonic clock in ms (performance.now by default). */
  now?: () => number;
}

/**
 * The engine events market data is made of, with only the fields it reads: the
 * engine's own events on one thread, the same decoded from the feed ring
 * (feed-ring.ts) on the market-data thread.
 */
export type FeedEvent =
  | { type: typeof EventType.ORDER_ACCEPTED; seq: number; orderId: number; accountId: number; seriesId: number; side: Side; priceMicros: number; orderQty: number; isQuote: boolean }
  // A broker's account opening: under the BROKER rule only its orders are on the BOOK (`takeableOrders`). Other accounts' openings pass by.
  | { type: typeof EventType.ACCOUNT_OPENED; seq: number; accountId: number; role: Role }
  | ({ type: typeof EventType.FILL; seq: number; makerOrderId: number; takerOrderId: number } & TradeFields)
  | { type: typeof EventType.ORDER_CANCELED | typeof EventType.ORDER_EXPIRED; seq: number; orderId: number }
  | { type: typeof EventType.ORDER_AMENDED; seq: number; orderId: number; priceMicros: number; leavesQty: number }
  | { type: typeof EventType.SERIES_LISTED; seq: number; seriesId: number; contract: string; seriesKind: SeriesKind; openAtMs: number; closeAtMs: number }
  | { type: typeof EventType.SERIES_STATUS_CHANGED; seq: number; seriesId: number; status: SeriesStatus }
  | { type: typeof EventType.REFERENCE_PRICE_SET; seq: number; seriesId: number; priceMicros: number }
  // The fee schedule (docs/fees.md): the feed reads fee parameters and the phase, for the quote ladders.
  | { type: typeof EventType.PARAM_CHANGED; seq: number; name: string; newValue: number }
  | { type: typeof EventType.GOVERNANCE_PHASE_SET; seq: number; phase: number }
  | SyntheticMarked
  | {
      type: typeof EventType.SETTLEMENT_INDEX_PUBLISHED;
      seq: number;
      seriesId: number;
      spotSeriesId: number;
      cutoffAtMs: number;
      indexMicros: number;
      method: SettlementIndexMethod;
      index: { twapMidMicros: number | null; tradeVwapMicros: number | null; tradeQty: number };
    };

/** A message of the SETTLEMENT channel, as built from its event (its seq, the event's; prev_seq set when it is published). */
type SettlementMessage = { syntheticMark: patx.v1.ISyntheticMark } | { settlementIndex: patx.v1.ISettlementIndex };

/**
 * The state a feed starts from, taken from the engine when it holds only
 * journaled state: plain numbers in typed arrays, so it crosses to the
 * market-data thread as a copy of memory.
 */
export interface FeedSeed {
  /** The engine's last seq when the seed was taken: later events change it, earlier ones are in it. */
  lastSeq: number;
  /** The last trade id the engine gave when the seed was taken (0: none yet): where TRADES streams start. */
  lastTradeId: number;
  /** The time of that command (ms): which spot window is current, for forward curves. */
  timeMs: number;
  /** SEED_SERIES_SLOTS numbers per series: id, reference price (micros), status, kind, open and close (ms), index of its contract in `contracts`. */
  series: Float64Array;
  /** The contracts of the series, each once. */
  contracts: string[];
  /** SEED_ORDER_SLOTS numbers per resting order an order can take (`takeableOrders`): id, series id, side, price (micros), leaves, is quote (0/1). */
  orders: Float64Array;
  /** The broker accounts (Role.BROKER): under the BROKER rule their orders are the BOOK. Absent: none. */
  brokers?: number[];
  /** The fee parameters set (`fee.*`, docs/fees.md) and the governance phase: the rates the quote ladders show. Absent: none. */
  feeParams?: Array<[string, number]>;
  phase?: number;
}
const SEED_SERIES_SLOTS = 7;
const SEED_ORDER_SLOTS = 6;

/** How many resting orders a seed carries. */
export function seededOrderCount(seed: FeedSeed): number {
  return seed.orders.length / SEED_ORDER_SLOTS;
}

/** The feed's starting state from the engine as it is now (call it where the engine holds only journaled state: `Sequencer.read`). */
export function feedSeed(engine: Engine): FeedSeed {
  const series: number[] = [];
  const orders: number[] = [];
  const contracts: string[] = [];
  const contractIndex = new Map<string, number>();
  for (const s of engine.series) {
    if (s === undefined) continue;
    let c = contractIndex.get(s.spec.contract);
    if (c === undefined) {
      c = contracts.length;
      contracts.push(s.spec.contract);
      contractIndex.set(s.spec.contract, c);
    }
    series.push(s.id, s.referencePriceMicros, s.status, s.spec.kind, s.spec.openAtMs, s.spec.closeAtMs, c);
    for (const side of [Side.BUY, Side.SELL]) {
      for (const o of takeableOrders(s, side)) orders.push(o.orderId, s.id, side, o.priceMicros, o.leavesQty, o.isQuote ? 1 : 0);
    }
  }
  const feeParams = [...engine.params].filter(([name]) => isFeeParam(name));
  const brokers: number[] = [];
  for (const a of engine.accounts) if (a !== undefined && a.role === Role.BROKER) brokers.push(a.id);
  return { lastSeq: engine.lastSeq, lastTradeId: engine.nextTradeId - 1, timeMs: engine.lastTimeMs, series: Float64Array.from(series), contracts, orders: Float64Array.from(orders), feeParams, phase: engine.governancePhase, brokers };
}

/**
 * The resting orders of a side an order on the other side can take: the BOOK. Under the BROKER rule (spot and
 * forward series) every trade has the broker on one side, so the broker's bids (in `brokerBuys`) and asks (in
 * `brokerSells`); the customers' own orders wait for the broker in the other book's side, apart (GET /v1/series/{id}'s
 * `book.waiting`). An OPEN series (synthetics, options) has one book, all of it takeable.
 */
function takeableOrders(s: Series, side: Side): ReturnType<Series['brokerBuys']['orders']> {
  return s.bookFor(side, true).orders(side); // the book the broker's orders on this side rest in
}

interface ShadowOrder {
  seriesId: number;
  side: Side;
  priceMicros: number;
  leavesQty: number;
  isQuote: boolean;
}

class SeriesFeed {
  readonly bids = new LevelLadder(true);
  readonly asks = new LevelLadder(false);
  readonly quoteBids = new LevelLadder(true);
  readonly quoteAsks = new LevelLadder(false);
  /** Last seq published per channel (index = channel number, to OPTION; 6, FORWARD_CURVE, is per contract and unused here). */
  readonly seq = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  /** The journal seq of the latest change to each channel since the last publication: the seq its message takes. */
  readonly changeSeq = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  /** SETTLEMENT messages since the last publication, and the last one published (the channel's snapshot). */
  readonly settlement: SettlementMessage[] = [];
  lastSettlement: SettlementMessage | undefined;
  /** The OPTION stream's last message (a CALL's or PUT's model as the quoter last priced it): its snapshot. */
  lastOptionModel: patx.v1.IOptionModel | undefined;
  referencePriceMicros = 0;
  status: SeriesStatus = SeriesStatus.TRADING;
  /** The series' kind and window (known once listed or seeded), and its contract's curve (SPOT and FORWARD only). */
  kind: SeriesKind = SeriesKind.SPOT;
  openAtMs = 0;
  closeAtMs = 0;
  curve: ContractCurve | undefined;
  // What changed since the last publication: levels with their quantity before, and flags.
  readonly bidsBefore = new LevelsBefore();
  readonly asksBefore = new LevelsBefore();
  quotesChanged = false;
  referenceChanged = false;
  statusChanged = false;
  /** Fills since the last publication, published as trades, with the time of the turn of each. */
  readonly fills: TradeFields[] = [];
  readonly fillTimesMs: number[] = [];

  constructor(readonly seriesId: number) {}

  /** Under the OPEN rule (cash-settled series: one book, anyone trades with anyone), every resting order is takeable. */
  get openBook(): boolean {
    return counterpartyOf(this.kind) === CounterpartyRule.OPEN;
  }

  ladder(side: Side): LevelLadder {
    return side === Side.BUY ? this.bids : this.asks;
  }

  /** Moves quantity at a level by the command at `seq`, remembering the level's quantity at the last publication. */
  adjust(order: ShadowOrder, delta: number, seq: number): void {
    const ladder = this.ladder(order.side);
    const before = order.side === Side.BUY ? this.bidsBefore : this.asksBefore;
    before.remember(order.priceMicros, ladder);
    ladder.add(order.priceMicros, delta);
    this.changeSeq[Channel.BOOK] = seq;
    if (order.isQuote) {
      (order.side === Side.BUY ? this.quoteBids : this.quoteAsks).add(order.priceMicros, delta);
      this.quotesChanged = true;
      this.changeSeq[Channel.QUOTES] = seq;
    }
  }

  /** A status change (by the command at `seq`) goes out with its turn, whatever the pace. */
  changeStatus(status: SeriesStatus, seq: number): void {
    this.status = status;
    this.statusChanged = true;
    this.changeSeq[Channel.STATUS] = seq;
    this.urgent = true;
  }

  /** Whether this series is in the list of series changed since the last publication. */
  pending = false;
  /** When this series last published (the feed's clock, ms). */
  lastPublishedAtMs = -Infinity;
  /** A change that goes out with its turn, whatever the pace (a status change). */
  urgent = false;

  clearPending(): void {
    this.pending = false;
    this.urgent = false;
    this.bidsBefore.clear();
    this.asksBefore.clear();
    this.quotesChanged = false;
    this.referenceChanged = false;
    this.statusChanged = false;
    this.fills.length = 0;
    this.fillTimesMs.length = 0;
    this.settlement.length = 0;
  }
}

/** One point of a forward curve, as the ForwardCurve message carries it. */
export interface CurvePoint {
  seriesId: number;
  kind: SeriesKind;
  openAtMs: number;
  closeAtMs: number;
  bidMicros: number;
  askMicros: number;
  /** (bid + ask) / 2 rounded down to a whole µPAT; 0 unless both sides are quoted. */
  midMicros: number;
}

/** A contract's forward curve: its series, the points last published, its stream's seq. */
class ContractCurve {
  /** The contract's SPOT and FORWARD series that are not known to be expired (expired ones are dropped as found). */
  readonly series: SeriesFeed[] = [];
  points: CurvePoint[] = [];
  seq = 0;
  /** The journal seq of the latest quote or status change of its series in this publication: the seq its message takes. */
  changeSeq = 0;
  /** In the feed's list of curves to recompute at the end of this publication. */
  dirty = false;

  constructor(
    readonly id: number,
    /** The contract as listed (the first spelling seen, should two name one contract). */
    readonly contract: string,
  ) {}
}

/** What identifies a contract whatever its spelling ('14D' and '2W' are one window length), as the engine keys it. */
function contractIdentity(contract: string): string {
  return contractTermsKey(parseContractKey(contract));
}

export class MarketFeed {
  /** One per series the engine lists (bounded as the engine's series are). */
  private readonly feeds = new Map<number, SeriesFeed>();
  /** Forward curves by contract identity, and by id (their index). */
  private readonly curvesByContract = new Map<string, ContractCurve>();
  private readonly curves: ContractCurve[] = [];
  /** Curves whose series published a quote or status change in this publication. */
  private readonly dirtyCurves: ContractCurve[] = [];
  /** The engine's resting orders, shadowed by id: an order leaves when it leaves the book, so bounded by the orders resting at once. */
  private readonly orders = new IntMap<ShadowOrder>(1024);
  /** The broker accounts (Role.BROKER; an account's role never becomes BROKER later): under the BROKER rule, the BOOK's orders. */
  private readonly brokers = new Set<number>();
  /**
   * Shadow orders that left the book, reused for the next ones (bounded by the
   * most orders ever resting at once): an order that rests past a young GC is
   * promoted, and allocating one per order made old-space garbage that cost
   * this thread a major GC every few seconds (marked on V8's helper threads,
   * which share the cores with order entry).
   */
  private readonly freeOrders: ShadowOrder[] = [];
  /** Series changed since their last publication. */
  private readonly pending: SeriesFeed[] = [];
  /** Trades waiting in `pending`. */
  private pendingTrades = 0;
  /** Turns up to this seq are already in the shadow (it was seeded from the engine). */
  private seededSeq = 0;
  /** The fee schedule as released events left it (docs/fees.md): the rates each quote ladder carries. */
  private readonly feeParams = new Map<string, number>();
  private readonly fees = new FeeSchedule();
  private phase = 0;
  /** Time and last seq of the latest turn applied. */
  private turnTimeMs = 0;
  private turnLastSeq = 0;
  private readonly intervalMs: number;
  private readonly now: () => number;
  /** The pacing timer, and when it fires (the feed's clock). */
  private timer: NodeJS.Timeout | undefined;
  private timerAtMs = Infinity;
  /** Main-thread time spent applying turns and building and publishing messages (ms, for /metrics). */
  busyMs = 0;
  /** Publications so far, one per series each time it publishes (for /metrics). */
  publications = 0;

  constructor(
    private readonly sink: FeedSink,
    options: MarketFeedOptions = { intervalMs: 0 },
  ) {
    this.intervalMs = options.intervalMs;
    this.now = options.now ?? (() => performance.now());
  }

  /** A feed seeded from the engine as it is now (where it holds only journaled state). */
  static ofEngine(engine: Engine, sink: FeedSink, options?: MarketFeedOptions): MarketFeed {
    const feed = new MarketFeed(sink, options);
    feed.seed(feedSeed(engine));
    return feed;
  }

  /** Sets the starting state; every released turn after it goes to `onBatch` (or `beginTurn`, `apply`, `endTurn`). */
  seed(seed: FeedSeed): void {
    if (this.seeded) throw new Error('a market feed is seeded once');
    this.seeded = true;
    this.seededSeq = seed.lastSeq;
    this.turnTimeMs = seed.timeMs;
    for (const [name, value] of seed.feeParams ?? []) this.feeParams.set(name, value);
    this.fees.rebuild(this.feeParams);
    this.phase = seed.phase ?? 0;
    for (const id of seed.brokers ?? []) this.brokers.add(id);
    const s = seed.series;
    for (let i = 0; i < s.length; i += SEED_SERIES_SLOTS) {
      const feed = this.feedOf(s[i]!);
      feed.referencePriceMicros = s[i + 1]!;
      feed.status = s[i + 2]! as SeriesStatus;
      this.describe(feed, seed.contracts[s[i + 6]!]!, s[i + 3]! as SeriesKind, s[i + 4]!, s[i + 5]!);
      // A seeded stream stands at the seed's place in the journal (which state it shows), trades at the last trade id;
      // OPTION at 0: its seqs are the leader's, not the journal's.
      feed.seq.fill(seed.lastSeq);
      feed.seq[Channel.TRADES] = seed.lastTradeId;
      feed.seq[Channel.OPTION] = 0;
    }
    const o = seed.orders;
    for (let i = 0; i < o.length; i += SEED_ORDER_SLOTS) {
      this.addOrder(o[i]!, o[i + 1]!, o[i + 2]! as Side, o[i + 3]!, o[i + 4]!, o[i + 5] === 1, seed.lastSeq); // takeable: feedSeed's
    }
    for (const f of this.pending) f.clearPending();
    this.pending.length = 0;
    // The seeded curves stand at the seed's place too: nothing is published for them.
    for (const c of this.curves) {
      c.points = this.curvePoints(c);
      c.seq = seed.lastSeq;
    }
  }

  /** A series' kind and window, and its place in its contract's curve (a SPOT or FORWARD series). */
  private describe(f: SeriesFeed, contract: string, kind: SeriesKind, openAtMs: number, closeAtMs: number): void {
    f.kind = kind;
    f.openAtMs = openAtMs;
    f.closeAtMs = closeAtMs;
    if (f.curve !== undefined || (kind !== SeriesKind.SPOT && kind !== SeriesKind.FORWARD)) return;
    const identity = contractIdentity(contract);
    let curve = this.curvesByContract.get(identity);
    if (curve === undefined) {
      curve = new ContractCurve(this.curves.length, contract);
      this.curves.push(curve);
      this.curvesByContract.set(identity, curve);
    }
    f.curve = curve;
    curve.series.push(f);
  }

  private seeded = false;

  /** Models of options whose listing has not reached this feed yet (the quoter saw it first), published when it does. */
  private readonly unlistedOptionModels = new Map<number, OptionModelFields>();

  /**
   * The quoter repriced an option: its OPTION stream's next message, out at once (the quoter's
   * pace bounds it, and a model is whole, so nothing is paced or conflated). A model of a series
   * not listed here yet waits for its listing; one of a series that is no option is dropped.
   */
  optionModel(m: OptionModelFields): void {
    const f = this.feeds.get(m.seriesId);
    if (f === undefined) {
      if (this.unlistedOptionModels.size < MAX_OPTION_MODELS || this.unlistedOptionModels.has(m.seriesId)) this.unlistedOptionModels.set(m.seriesId, m);
      return;
    }
    if (!isOptionKind(f.kind)) return;
    // Kept whole with its seqs: the last is the snapshot a new subscriber gets.
    const message: patx.v1.IOptionModel = { ...m };
    this.emit(f, Channel.OPTION, m.seq, () => encodeFrame({ optionModel: message }), (prevSeq) => {
      message.prevSeq = prevSeq;
      f.lastOptionModel = message;
    });
  }

  /** Whether a series is a CALL or PUT (it has an OPTION stream). */
  isOption(seriesId: number): boolean {
    const f = this.feeds.get(seriesId);
    return f !== undefined && isOptionKind(f.kind);
  }

  /** Whether a series is cash-settled (it has a SETTLEMENT stream). */
  isCashSettled(seriesId: number): boolean {
    const f = this.feeds.get(seriesId);
    return f !== undefined && isCashSettledKind(f.kind);
  }

  hasSeries(seriesId: number): boolean {
    return this.feeds.has(seriesId);
  }

  get seriesCount(): number {
    return this.feeds.size;
  }

  /** The last seq published on a stream (the next update carries it as prev_seq). */
  streamSeq(seriesId: number, channel: Channel): number {
    return this.feeds.get(seriesId)?.seq[channel] ?? 0;
  }

  /**
   * The forward curve of a contract (any spelling of its key), if any of its series
   * was ever listed here; throws ContractKeyError for a malformed key.
   */
  curveOf(contract: string): { curveId: number; contract: string } | undefined {
    const curve = this.curvesByContract.get(contractIdentity(contract));
    return curve === undefined ? undefined : { curveId: curve.id, contract: curve.contract };
  }

  /** The last seq published on a curve's stream (the next update carries it as prev_seq). */
  curveSeq(curveId: number): number {
    return this.curves[curveId]?.seq ?? 0;
  }

  /** A curve as last published, with its seq: what a new subscriber starts from. */
  curveSnapshot(curveId: number): ServerFrame | undefined {
    const c = this.curves[curveId];
    return c === undefined ? undefined : { forwardCurve: { contract: c.contract, seq: c.seq, points: c.points, timeMs: this.turnTimeMs } };
  }

  /** Publishes what is pending in a curve's series now (a new subscriber's snapshot must not run ahead of its stream). */
  publishCurve(curveId: number): void {
    const c = this.curves[curveId];
    if (c === undefined) return;
    for (const f of c.series) f.urgent = f.pending;
    this.publishDue(false);
  }

  /** The message a new subscriber starts from (none for TRADES: trades have no state to snapshot). */
  snapshot(seriesId: number, channel: Channel): ServerFrame | undefined {
    const f = this.feeds.get(seriesId);
    if (f === undefined) return undefined;
    const seq = f.seq[channel]!;
    switch (channel) {
      case Channel.BOOK: {
        return { bookSnapshot: { seriesId, seq, bids: f.bids.top(f.bids.size), asks: f.asks.top(f.asks.size), checksum: ladderChecksum(f.bids, f.asks) } };
      }
      case Channel.QUOTES:
        return { quoteLadder: { seriesId, seq, bids: f.quoteBids.top(f.quoteBids.size), asks: f.quoteAsks.top(f.quoteAsks.size), timeMs: this.turnTimeMs, takerFeeBps: this.takerFeeBps(f), takeRateBps: this.takeRateBps(f) } };
      case Channel.REFERENCE:
        return { referencePrice: { seriesId, seq, priceMicros: f.referencePriceMicros, timeMs: this.turnTimeMs } };
      case Channel.STATUS:
        return { seriesStatus: { seriesId, seq, status: f.status, timeMs: this.turnTimeMs } };
      case Channel.SETTLEMENT:
        // The stream's last message, as sent (a mark, or the index once published); none before the first.
        return f.lastSettlement;
      case Channel.OPTION:
        return f.lastOptionModel === undefined ? undefined : { optionModel: f.lastOptionModel };
      default:
        return undefined;
    }
  }

  /** What a subscriber's snapshot of a stream costs its connection's snapshot budget: its levels (a book, quotes), else 1. */
  snapshotLevels(seriesId: number, channel: Channel): number {
    const f = this.feeds.get(seriesId);
    if (f === undefined) return 1;
    if (channel === Channel.BOOK) return Math.max(1, f.bids.size + f.asks.size);
    if (channel === Channel.QUOTES) return Math.max(1, f.quoteBids.size + f.quoteAsks.size);
    return 1;
  }

  /** The best levels of a series' book as the feed holds it (tests compare it with the engine's). */
  depth(seriesId: number, maxLevels: number): { bids: Array<{ priceMicros: number; qty: number }>; asks: Array<{ priceMicros: number; qty: number }> } {
    const f = this.feeds.get(seriesId);
    return { bids: f?.bids.top(maxLevels) ?? [], asks: f?.asks.top(maxLevels) ?? [] };
  }

  /** Applies one released turn; publishes what changed now, or when the interval has passed. */
  onBatch(batch: ReleasedBatch): void {
    this.beginTurn(batch.firstSeq + batch.commands.length - 1, batch.timeMs);
    // Engine events the feed does not read pass through apply's default case.
    // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
    for (let k = 0; k < batch.events.length; k++) this.apply(batch.events[k]! as FeedEvent);
    this.endTurn();
  }

  /** A released turn begins: its last seq and time. Its events follow (`apply`), then `endTurn`. */
  beginTurn(lastSeq: number, timeMs: number): void {
    this.turnStartedMs = performance.now();
    this.turnTimeMs = timeMs;
    this.turnLastSeq = lastSeq;
  }

  /** Applies one event of the turn begun (events already in the seed are skipped). */
  apply(e: FeedEvent): void {
    if (e.seq > this.seededSeq) this.applyEvent(e);
  }

  endTurn(): void {
    if (this.turnLastSeq > this.seededSeq) this.seededSeq = 0;
    this.busyMs += performance.now() - this.turnStartedMs;
    if (this.pending.length > 0) this.publishDue(this.pendingTrades >= MAX_PENDING_TRADES);
  }

  private turnStartedMs = 0;

  /** Publishes what is pending in one series, or in all (a new subscriber's snapshot must not run ahead of its stream). */
  publish(seriesId?: number): void {
    const f = seriesId === undefined ? undefined : this.feeds.get(seriesId);
    if (f !== undefined) f.urgent = f.pending;
    this.publishDue(seriesId === undefined);
  }

  /**
   * Publishes each pending series whose interval has passed (or that is urgent; or
   * every one, when `all`), and sets the timer for the next that comes due. Each
   * series keeps its own pace, so publications spread over the interval instead of
   * all going out (and all subscribers' sockets being written) at one moment.
   */
  private publishDue(all: boolean): void {
    const start = performance.now();
    const now = this.now();
    let nextDueMs = Infinity;
    let kept = 0;
    for (const f of this.pending) {
      const dueMs = f.lastPublishedAtMs + this.intervalMs;
      // Node's timers fire by whole milliseconds of loop time, possibly a fraction early: 1 ms of slack.
      if (all || f.urgent || dueMs <= now + 1) {
        this.pendingTrades -= f.fills.length;
        this.publishSeries(f);
        f.clearPending();
        f.lastPublishedAtMs = now;
        this.publications++;
      } else {
        this.pending[kept++] = f;
        if (dueMs < nextDueMs) nextDueMs = dueMs;
      }
    }
    this.pending.length = kept;
    if (this.dirtyCurves.length > 0) this.publishCurves();
    if (kept === 0) this.cancelTimer();
    else if (nextDueMs < this.timerAtMs) {
      this.cancelTimer();
      this.timerAtMs = nextDueMs;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.timerAtMs = Infinity;
        this.publishDue(false);
      }, nextDueMs - now).unref();
    }
    this.busyMs += performance.now() - start;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAtMs = Infinity;
  }

  /** Stops the pacing timer (the gateway is closing); what is pending is dropped with the connections. */
  stop(): void {
    this.cancelTimer();
  }

  /** The taker fee in force for a series' kind (what a taker of its quotes pays). */
  private takerFeeBps(f: SeriesFeed): number {
    return this.fees.bps(f.kind, this.phase, 'takerBps');
  }

  private takeRateBps(f: SeriesFeed): number {
    return this.fees.bps(f.kind, this.phase, 'takeRateBps');
  }

  /**
   * The schedule or the phase changed (by the command at `seq`): the ladder of every quoted series
   * whose rates changed goes out again with the rates now in force.
   */
  private changeFees(seq: number, apply: () => void): void {
    const quoted = [...this.feeds.values()].filter((f) => f.quoteBids.size + f.quoteAsks.size > 0);
    const before = quoted.map((f) => [this.takerFeeBps(f), this.takeRateBps(f)] as const);
    apply();
    this.fees.rebuild(this.feeParams);
    quoted.forEach((f, i) => {
      if (before[i]![0] === this.takerFeeBps(f) && before[i]![1] === this.takeRateBps(f)) return;
      const t = this.touch(f.seriesId);
      t.quotesChanged = true;
      t.changeSeq[Channel.QUOTES] = seq;
    });
  }

  private applyEvent(e: FeedEvent): void {
    switch (e.type) {
      case EventType.PARAM_CHANGED:
        if (!isFeeParam(e.name)) return;
        return this.changeFees(e.seq, () => void this.feeParams.set(e.name, e.newValue));
      case EventType.GOVERNANCE_PHASE_SET:
        return this.changeFees(e.seq, () => void (this.phase = e.phase));
      case EventType.ORDER_ACCEPTED:
        // A customer's order under the BROKER rule waits for the broker: no order can take it, so it is not on the BOOK
        // (nor followed: its fills and cancels find no shadow). Its trades are on TRADES as every trade is.
        if (!this.feedOf(e.seriesId).openBook && !this.brokers.has(e.accountId)) return;
        this.addOrder(e.orderId, e.seriesId, e.side, e.priceMicros, e.orderQty, e.isQuote, e.seq);
        return;
      case EventType.ACCOUNT_OPENED:
        if (e.role === Role.BROKER) this.brokers.add(e.accountId);
        return;
      case EventType.FILL: {
        this.reduceOrder(e.makerOrderId, e.qty, e.seq);
        this.reduceOrder(e.takerOrderId, e.qty, e.seq);
        const f = this.touch(e.seriesId);
        f.fills.push(e);
        f.fillTimesMs.push(this.turnTimeMs);
        this.pendingTrades++;
        return;
      }
      case EventType.ORDER_CANCELED:
      case EventType.ORDER_EXPIRED: {
        const o = this.orders.get(e.orderId);
        if (o !== undefined) this.reduceOrder(e.orderId, o.leavesQty, e.seq);
        return;
      }
      case EventType.ORDER_AMENDED: {
        const o = this.orders.get(e.orderId);
        if (o === undefined) return;
        const f = this.touch(o.seriesId);
        f.adjust(o, -o.leavesQty, e.seq);
        o.priceMicros = e.priceMicros;
        o.leavesQty = e.leavesQty;
        if (o.leavesQty > 0) f.adjust(o, o.leavesQty, e.seq);
        else this.removeOrder(e.orderId, o);
        return;
      }
      case EventType.SERIES_LISTED: {
        const f = this.touch(e.seriesId);
        this.describe(f, e.contract, e.seriesKind, e.openAtMs, e.closeAtMs);
        f.changeStatus(SeriesStatus.TRADING, e.seq);
        const early = this.unlistedOptionModels.get(e.seriesId);
        if (early !== undefined) {
          this.unlistedOptionModels.delete(e.seriesId);
          this.optionModel(early);
        }
        return;
      }
      case EventType.SERIES_STATUS_CHANGED:
        this.touch(e.seriesId).changeStatus(e.status, e.seq);
        return;
      case EventType.REFERENCE_PRICE_SET: {
        const f = this.touch(e.seriesId);
        f.referencePriceMicros = e.priceMicros;
        f.referenceChanged = true;
        f.changeSeq[Channel.REFERENCE] = e.seq;
        return;
      }
      // Marks (once a minute) and the index (once) go out with their turn, like status changes.
      case EventType.SYNTHETIC_MARKED: {
        const f = this.touch(e.seriesId);
        f.settlement.push({
          syntheticMark: { seriesId: e.seriesId, seq: e.seq, markAtMs: e.markAtMs, markMicros: e.markMicros, method: wireIndexMethod(e.method), holders: e.holders, liquidations: e.liquidations, timeMs: this.turnTimeMs },
        });
        f.urgent = true;
        return;
      }
      case EventType.SETTLEMENT_INDEX_PUBLISHED: {
        const f = this.touch(e.seriesId);
        f.settlement.push({
          settlementIndex: {
            seriesId: e.seriesId,
            seq: e.seq,
            spotSeriesId: e.spotSeriesId,
            cutoffAtMs: e.cutoffAtMs,
            indexMicros: e.indexMicros,
            method: wireIndexMethod(e.method),
            twapMidMicros: e.index.twapMidMicros ?? 0,
            tradeVwapMicros: e.index.tradeVwapMicros ?? 0,
            tradeQty: e.index.tradeQty,
            timeMs: this.turnTimeMs,
          },
        });
        f.urgent = true;
        return;
      }
      default:
        return;
    }
  }

  private feedOf(seriesId: number): SeriesFeed {
    let f = this.feeds.get(seriesId);
    if (f === undefined) {
      f = new SeriesFeed(seriesId);
      this.feeds.set(seriesId, f);
    }
    return f;
  }

  private touch(seriesId: number): SeriesFeed {
    const f = this.feedOf(seriesId);
    if (!f.pending) {
      f.pending = true;
      this.pending.push(f);
    }
    return f;
  }

  private addOrder(orderId: number, seriesId: number, side: Side, priceMicros: number, leavesQty: number, isQuote: boolean, seq: number): void {
    const order = this.freeOrders.pop() ?? { seriesId: 0, side, priceMicros: 0, leavesQty: 0, isQuote: false };
    order.seriesId = seriesId;
    order.side = side;
    order.priceMicros = priceMicros;
    order.leavesQty = leavesQty;
    order.isQuote = isQuote;
    this.orders.set(orderId, order);
    this.touch(seriesId).adjust(order, leavesQty, seq);
  }

  private removeOrder(orderId: number, order: ShadowOrder): void {
    this.orders.delete(orderId);
    this.freeOrders.push(order);
  }

  private reduceOrder(orderId: number, qty: number, seq: number): void {
    const o = this.orders.get(orderId);
    if (o === undefined) return;
    this.touch(o.seriesId).adjust(o, -qty, seq);
    o.leavesQty -= qty;
    if (o.leavesQty === 0) this.removeOrder(orderId, o);
  }

  private publishSeries(f: SeriesFeed): void {
    const id = f.seriesId;
    // The levels and checksum are built only for subscribers; the seq counts the update regardless.
    const ch = f.changeSeq;
    if (levelsChanged(f.bids, f.bidsBefore) || levelsChanged(f.asks, f.asksBefore)) {
      this.emit(f, Channel.BOOK, ch[Channel.BOOK]!, (seq, prevSeq) =>
        encodeBookUpdateFrame({ seriesId: id, seq, bids: f.bids, bidsBefore: f.bidsBefore, asks: f.asks, asksBefore: f.asksBefore, checksum: ladderChecksum(f.bids, f.asks), engineSeq: this.turnLastSeq, prevSeq }),
      );
    }
    this.emitTrades(f);
    if (f.quotesChanged) {
      this.emit(f, Channel.QUOTES, ch[Channel.QUOTES]!, (seq, prevSeq) => encodeQuoteLadderFrame(id, seq, f.quoteBids, f.quoteAsks, this.turnTimeMs, prevSeq, this.takerFeeBps(f), this.takeRateBps(f)));
    }
    // Rare: protobufjs is fine for these.
    if (f.referenceChanged) {
      this.emit(f, Channel.REFERENCE, ch[Channel.REFERENCE]!, (seq, prevSeq) => encodeFrame({ referencePrice: { seriesId: id, seq, priceMicros: f.referencePriceMicros, timeMs: this.turnTimeMs, prevSeq } }));
    }
    if (f.statusChanged) this.emit(f, Channel.STATUS, ch[Channel.STATUS]!, (seq, prevSeq) => encodeFrame({ seriesStatus: { seriesId: id, seq, status: f.status, timeMs: this.turnTimeMs, prevSeq } }));
    for (const m of f.settlement) {
      // Kept whole with its seqs: the last is the snapshot a new subscriber gets.
      const message = 'syntheticMark' in m ? m.syntheticMark : m.settlementIndex;
      this.emit(f, Channel.SETTLEMENT, Number(message.seq), () => encodeFrame(m), (prevSeq) => {
        message.prevSeq = prevSeq;
        f.lastSettlement = m;
      });
    }
    const curve = f.curve;
    if (curve !== undefined && (f.quotesChanged || f.statusChanged)) {
      curve.changeSeq = Math.max(curve.changeSeq, f.quotesChanged ? ch[Channel.QUOTES]! : 0, f.statusChanged ? ch[Channel.STATUS]! : 0);
      if (!curve.dirty) {
        curve.dirty = true;
        this.dirtyCurves.push(curve);
      }
    }
  }

  /** Recomputes the curves touched by this publication; each whose points changed goes out whole, with the next seq. */
  private publishCurves(): void {
    for (const c of this.dirtyCurves) {
      c.dirty = false;
      const points = this.curvePoints(c);
      if (samePoints(points, c.points) || c.changeSeq <= c.seq) continue;
      c.points = points;
      const prevSeq = c.seq;
      const seq = (c.seq = c.changeSeq);
      if (this.sink.hasCurveSubscribers?.(c.id) === true) {
        this.sink.publishCurve!(c.id, encodeFrame({ forwardCurve: { contract: c.contract, seq, points, timeMs: this.turnTimeMs, prevSeq } }));
      }
    }
    this.dirtyCurves.length = 0;
  }

  /**
   * A curve's points now: the current spot window (the live SPOT series whose window
   * has opened by the last turn's time, the latest such), then every live FORWARD
   * series by window. Expired series leave the curve for good.
   */
  private curvePoints(c: ContractCurve): CurvePoint[] {
    let spot: SeriesFeed | undefined;
    const forwards: SeriesFeed[] = [];
    let kept = 0;
    for (const f of c.series) {
      if (f.status === SeriesStatus.EXPIRED) continue;
      c.series[kept++] = f;
      if (f.kind === SeriesKind.FORWARD) forwards.push(f);
      else if (f.openAtMs <= this.turnTimeMs && (spot === undefined || f.openAtMs > spot.openAtMs)) spot = f;
    }
    c.series.length = kept;
    forwards.sort((a, b) => a.openAtMs - b.openAtMs || a.seriesId - b.seriesId);
    const points: CurvePoint[] = [];
    if (spot !== undefined) points.push(curvePoint(spot));
    for (const f of forwards) points.push(curvePoint(f));
    return points;
  }

  /** Publishes a stream's next message, numbered `seq` (from the journal) after the stream's last. */
  private emit(f: SeriesFeed, channel: Channel, seq: number, build: (seq: number, prevSeq: number) => Uint8Array, numbered?: (prevSeq: number) => void): void {
    const prevSeq = f.seq[channel]!;
    f.seq[channel] = seq;
    numbered?.(prevSeq);
    if (this.sink.hasSubscribers(f.seriesId, channel)) this.sink.publish(f.seriesId, channel, build(seq, prevSeq));
  }

  /** The publication's fills as Trades frames: one socket write per subscriber for many fills. Each trade's seq is its trade id. */
  private emitTrades(f: SeriesFeed): void {
    const n = f.fills.length;
    if (n === 0) return;
    const prevSeq = f.seq[Channel.TRADES]!;
    f.seq[Channel.TRADES] = f.fills[n - 1]!.tradeId;
    if (!this.sink.hasSubscribers(f.seriesId, Channel.TRADES)) return;
    for (let from = 0; from < n; from += MAX_TRADES_PER_FRAME) {
      const to = Math.min(n, from + MAX_TRADES_PER_FRAME);
      this.sink.publish(f.seriesId, Channel.TRADES, encodeTradesFrame(f.fills, f.fillTimesMs, from, to, from === 0 ? prevSeq : f.fills[from - 1]!.tradeId));
    }
  }
}

/**
 * bookChecksum (src/proto/checksum.ts, the protocol's definition) computed from
 * the ladders without building level objects: it runs once per book update.
 */
function ladderChecksum(bids: LevelLadder, asks: LevelLadder): number {
  let text = '';
  for (let i = 0; i < CHECKSUM_LEVELS; i++) {
    const bid = bids.prices[i];
    const ask = asks.prices[i];
    if (bid === undefined && ask === undefined) break;
    if (bid !== undefined) text += `${text === '' ? '' : ':'}${bid}:${bids.qtyAtIndex(i)}`;
    if (ask !== undefined) text += `${text === '' ? '' : ':'}${ask}:${asks.qtyAtIndex(i)}`;
  }
  return crc32(text) >>> 0;
}

/** A series' point on its curve: the broker's best quotes (its ladders' tops). */
function curvePoint(f: SeriesFeed): CurvePoint {
  const bidMicros = f.quoteBids.prices[0] ?? 0;
  const askMicros = f.quoteAsks.prices[0] ?? 0;
  // Halving the sum of two safe µPAT prices (each at most a series' max price) stays exact.
  const midMicros = bidMicros > 0 && askMicros > 0 ? Math.floor((bidMicros + askMicros) / 2) : 0;
  return { seriesId: f.seriesId, kind: f.kind, openAtMs: f.openAtMs, closeAtMs: f.closeAtMs, bidMicros, askMicros, midMicros };
}

/** Whether two curves show the same points (a point's other fields follow from its series and quotes). */
function samePoints(a: readonly CurvePoint[], b: readonly CurvePoint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p.seriesId !== q.seriesId || p.bidMicros !== q.bidMicros || p.askMicros !== q.askMicros) return false;
  }
  return true;
}

function levelsChanged(ladder: LevelLadder, before: LevelsBefore): boolean {
  for (let i = 0; i < before.prices.length; i++) if (ladder.qty(before.prices[i]!) !== before.qtys[i]) return true;
  return false;
}

function encodeFrame(frame: ServerFrame): Uint8Array {
  return wire.ServerFrame.encode(frame).finish();
}
