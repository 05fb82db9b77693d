import { SupplyQueue } from './supply.js';
import { fromParts, highPart, lowPart } from './integers.js';
import { SeriesKind, SeriesStatus, Side } from './commands.js';
import { OrderBook, type BookStore } from './order-book.js';
import { contractTermsKey, parseContractKey } from './contract-key.js';
import type { IndexTrack } from './index-track.js';
import type { Position } from './account.js';

/**
 * Identity of a contract window by its terms, not its spelling: '14D' and '2W'
 * (or '0.7' and '0.70') name the same window, which must be listed once.
 * `contract` must parse (listing validates it first).
 */
export function seriesWindowKey(contract: string, openAtMs: number, kind: SeriesKind, strikeMicros = 0): string {
  // By kind too: a window's forward and its spot series are two series; an option by its strike as well.
  const key = `${contractTermsKey(parseContractKey(contract))}@${openAtMs}/${kind}`;
  return strikeMicros === 0 ? key : `${key}/${strikeMicros}`;
}

/** CALL and PUT: European options on the window's settlement index. */
export function isOptionKind(kind: SeriesKind): boolean {
  return kind === SeriesKind.CALL || kind === SeriesKind.PUT;
}

/** Who trades with whom in a series of `kind`: a cash-settled one (SYNTHETIC, CALL, PUT) has one OPEN book, every other kind the BROKER rule. */
export function counterpartyOf(kind: SeriesKind): CounterpartyRule {
  return kind === SeriesKind.SYNTHETIC || isOptionKind(kind) ? CounterpartyRule.OPEN : CounterpartyRule.BROKER;
}

/**
 * Who may trade with whom in a series. BROKER: every trade has the broker on one
 * side (phase 1 spot): customers buy from the broker's asks and sell into its bids,
 * never to each other. OPEN: any account with any other (later phases).
 */
export const CounterpartyRule = { BROKER: 1, OPEN: 2 } as const;
export type CounterpartyRule = (typeof CounterpartyRule)[keyof typeof CounterpartyRule];

export interface SeriesSpec {
  contract: string;
  kind: SeriesKind;
  openAtMs: number;
  closeAtMs: number;
  tickMicros: number;
  lotSize: number;
  minPriceMicros: number;
  maxPriceMicros: number;
  maxOrderQty: number;
  bandBps: number;
  /** CALL and PUT: the strike in µPAT of the index; 0 for every other kind. */
  strikeMicros: number;
}

/** Where a forward's delivery stands: not begun, delivering providers' shorts, buyers' longs, done. */
export const DeliveryPhase = { NONE: 0, PROVIDERS: 1, BUYERS: 2, DONE: 3 } as const;
export type DeliveryPhase = (typeof DeliveryPhase)[keyof typeof DeliveryPhase];

/**
 * A FORWARD series' own state (src/engine/products/forwards.ts): the accounts with a position in
 * it, in the order they first had one (delivery walks them in this order, so it is part
 * of the state), and the delivery in progress, which spans commands.
 */
export class ForwardState {
  readonly holders: number[] = [];
  phase: DeliveryPhase = DeliveryPhase.NONE;
  spotSeriesId = 0;
  /** Next index into `holders` to deliver. */
  cursor = 0;
  /** Positions delivered so far. */
  positions = 0;
  /** Rights providers delivered so far (minted into the spot series for the broker to pass on). */
  providerDeliveredQty = 0;
  /** Buyers' (consumers', institutions') longs: counted on each fill, so the total is known when delivery begins. */
  buyerLongQty = 0;
  /** The broker's spot rights of the window set aside for buyers when delivery began (as of the open), until their pass. */
  brokerReservedQty = 0;
  /** risk.mintRequiresListing as it was when delivery began: providers deliver only under a published listing then. */
  listingRequired = false;
  /** The window closed before delivery began: everyone is refunded, no one delivers or forfeits. */
  lapsed = false;
  // Set when the buyers' phase begins: what the broker can deliver, and the collateral it posted.
  buyerDeliverableQty = 0;
  brokerCollateralMicros = 0;
  /** PAT the broker received from providers (+) and paid buyers (−), refunds and compensation, for its event. */
  brokerRefundMicros = 0;
  brokerCompensationMicros = 0;
  // Running sums over buyers, so each buyer's pro-rata share is exact and chunks agree.
  buyerLongSoFar = 0;
  buyerShortfallSoFar = 0;
  /** The broker's net position before delivery (+ long, − short), for its event. */
  brokerPositionQty = 0;

  /**
   * Spot rights of the window that the delivery has created or set aside and not yet handed
   * to a buyer: providers' deliveries and the broker's reserve during the providers' pass,
   * what is left of the deliverable during the buyers' pass. Checks of rights conservation
   * and the on-chain reconciliation count them as the broker's.
   */
  rightsInTransit(): number {
    if (this.phase === DeliveryPhase.PROVIDERS) return this.providerDeliveredQty + this.brokerReservedQty;
    if (this.phase !== DeliveryPhase.BUYERS || this.buyerLongQty === 0) return 0;
    // The buyers' running shares add up to ⌊longSoFar × deliverable / long⌋: exactly what they have received.
    const received = Number((BigInt(this.buyerLongSoFar) * BigInt(this.buyerDeliverableQty)) / BigInt(this.buyerLongQty));
    return this.buyerDeliverableQty - received;
  }
}

/**
 * A cash-settled series' own state (SYNTHETIC, CALL, PUT; src/engine/products/synthetics.ts,
 * src/engine/products/options.ts): the accounts with a position, in the order they first had one
 * (marking and settlement walk them in this order), the spot series of its window that
 * makes its index, and the latest mark of that index.
 */
export class CashSettledState {
  /** The positions themselves (not account ids): marking 100,000 of them reads no account or position table. */
  readonly holders: Position[] = [];
  spotSeriesId = 0;
  markMicros = 0;
  markAtMs = 0;
  /** The settlement index once the series settled; 0 before. */
  settledIndexMicros = 0;
}

/**
 * A tradable series: a contract key plus one window. Under the BROKER rule it has
 * two books that never meet: `brokerSells` (the broker's asks against customers'
 * bids) and `brokerBuys` (the broker's bids against customers' asks). Under the
 * OPEN rule both names refer to one book. The rule is routing, so the books
 * themselves stay plain price-time books.
 */
export class Series {
  // The fields the order path reads come first, in about the order it reads them: V8 lays a
  // class's fields out in declaration order, so these share the object's first cache lines,
  // which is what a cold series (one of 1,000 trading) costs an order (bench/RESULTS.md, Many
  // series). The spec's order terms are copied here for the same reason. Since 2026-11-27 the
  // fields a fill reads (counterparty, indexTrack, supply) follow them and the kinds' own state
  // comes after: 1.04× at 1,000 series over 20 alternated pairs, 1.00× at one.
  readonly id: number;
  status: SeriesStatus = SeriesStatus.TRADING;
  /** Risk: the series' kill switch. */
  killed = false;
  /** When orders stop being taken (`tradingEndsAtMs`), in two parts: every order reads it (src/engine/core/integers.ts, SMALL_PART). */
  private readonly tradingEndsHigh: number;
  private readonly tradingEndsLow: number;
  /** SPOT: the order path's one test before any kind's own rules (forwards, synthetics, options keep theirs off it). */
  readonly isSpot: boolean;
  /** A cash-settled series' holders and marks (SYNTHETIC, CALL, PUT; undefined for spot and forwards). */
  readonly cashSettled: CashSettledState | undefined;
  readonly brokerSells: OrderBook;
  readonly brokerBuys: OrderBook;
  /** The spec's order terms (`spec` has them too). */
  readonly lotSize: number;
  readonly maxOrderQty: number;
  readonly tickMicros: number;
  readonly minPriceMicros: number;
  readonly maxPriceMicros: number;
  /** A market order's protection band around the reference, bps. */
  readonly bandBps: number;
  referencePriceMicros = 0;
  lastTradeMicros = 0;
  /** Risk: the trade count (thin series). */
  tradeCount = 0;
  /** Who may trade with whom here: read by the broker's orders (its own quotes in the other book). */
  readonly counterparty: CounterpartyRule;
  /** A spot series with a cash-settled series on its window: the samples and trades its index is made of. */
  indexTrack: IndexTrack | undefined = undefined;
  /** Rights in the market not yet exercised, by provider, oldest first (exercise redeems FIFO): by mint under rules 0–2, by sale from rules 3 (supply.ts). */
  readonly supply = new SupplyQueue();
  /** A FORWARD series' holders and delivery (undefined for every other kind). */
  readonly forward: ForwardState | undefined;
  /** The same state as `cashSettled`, for a SYNTHETIC only. */
  readonly synthetic: CashSettledState | undefined;
  /** The same state as `cashSettled`, for a CALL or PUT only. */
  readonly option: CashSettledState | undefined;
  readonly spec: SeriesSpec;
  /** Rights in existence: minted minus exercised. */
  rightsOutstanding = 0;
  /** The broker's live quote orders, by order id, best first. */
  quoteBidIds: number[] = [];
  quoteAskIds: number[] = [];
  /** Market-maker protection state. */
  mmpWindowStartMs = 0;
  mmpFilledQty = 0;
  /** Quotes refused until this time; 0 = not tripped; MAX_SAFE_INTEGER = until an operator reset. */
  mmpFrozenUntilMs = 0;
  /** Live series of the same segment and window length (this one included), for the broker's window exposure. Derived. */
  windowGroup: Series[] = [];
  /** The contract's segment (e.g. AUTO_INTENT): what a catalog listing stands behind. */
  readonly segment: string;
  /** Providers that may hold unsold stock here (rules 3: burned at the close). Derived; may name some whose stock is gone. Made at the first: most series have none. */
  private minterSet: Set<number> | undefined = undefined;

  constructor(
    id: number,
    spec: SeriesSpec,
    counterparty: CounterpartyRule,
    /** The engine's book storage, which every book shares. */
    books: BookStore,
  ) {
    this.id = id;
    this.forward = spec.kind === SeriesKind.FORWARD ? new ForwardState() : undefined;
    this.isSpot = spec.kind === SeriesKind.SPOT;
    this.cashSettled = spec.kind === SeriesKind.SYNTHETIC || isOptionKind(spec.kind) ? new CashSettledState() : undefined;
    const tradingEndsAtMs = this.forward === undefined ? spec.closeAtMs : spec.openAtMs;
    this.tradingEndsHigh = highPart(tradingEndsAtMs);
    this.tradingEndsLow = lowPart(tradingEndsAtMs, this.tradingEndsHigh);
    this.brokerSells = new OrderBook(spec.tickMicros, spec.minPriceMicros, spec.maxPriceMicros, books);
    this.brokerBuys =
      counterparty === CounterpartyRule.OPEN
        ? this.brokerSells
        : new OrderBook(spec.tickMicros, spec.minPriceMicros, spec.maxPriceMicros, books);
    this.lotSize = spec.lotSize;
    this.maxOrderQty = spec.maxOrderQty;
    this.tickMicros = spec.tickMicros;
    this.minPriceMicros = spec.minPriceMicros;
    this.maxPriceMicros = spec.maxPriceMicros;
    this.bandBps = spec.bandBps;
    this.synthetic = spec.kind === SeriesKind.SYNTHETIC ? this.cashSettled : undefined;
    this.option = isOptionKind(spec.kind) ? this.cashSettled : undefined;
    this.spec = spec;
    this.counterparty = counterparty;
    this.segment = spec.contract.slice(0, spec.contract.indexOf('|'));
  }

  isMinter(accountId: number): boolean {
    return this.minterSet?.has(accountId) === true;
  }

  addMinter(accountId: number): void {
    (this.minterSet ??= new Set()).add(accountId);
  }

  /** The providers with stock of their own here, in account order; forgets them (the close burned their stock). */
  takeMinters(): number[] {
    const ids = this.minterSet === undefined ? [] : [...this.minterSet].sort((a, b) => a - b);
    this.minterSet = undefined;
    return ids;
  }

  /** When orders stop being taken: the window's close for spot, its open for a forward (delivered then). */
  get tradingEndsAtMs(): number {
    return fromParts(this.tradingEndsHigh, this.tradingEndsLow);
  }

  /** The book an order of this side from this kind of account lives in. */
  bookFor(side: Side, isBroker: boolean): OrderBook {
    if (side === Side.BUY) return isBroker ? this.brokerBuys : this.brokerSells;
    return isBroker ? this.brokerSells : this.brokerBuys;
  }

  /** Every distinct book of the series. */
  books(): OrderBook[] {
    return this.brokerSells === this.brokerBuys ? [this.brokerSells] : [this.brokerSells, this.brokerBuys];
  }

  /** Series name for people: key and window open time. */
  get name(): string {
    return `${this.spec.contract}@${new Date(this.spec.openAtMs).toISOString()}`;
  }
}
