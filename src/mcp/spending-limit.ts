/**
 * A session's spending limit (`patx mcp --max-spend`): what the agent may commit of the
 * user's PAT in one session. Every buy counts its worst case before it is sent (quantity ×
 * its limit price plus the fee the exchange holds at that price; a market buy at its protection
 * bound) and every subscription its whole budget; past the limit the tool is refused with what
 * is committed and what is left, and nothing is sent. Once the exchange answers, a buy counts
 * what it cost (fees included) plus the worst case of what still rests; a rejected buy, a
 * cancelled order's rest and a cancelled subscription's unspent budget are given back. A buy
 * left unanswered (a timeout, a dropped session) stays counted at its worst until its outcome
 * is known. A sale that can hold PAT (opening a short synthetic, writing an option, selling a
 * forward: order-tools.ts `saleWorstPerRightMicros`) counts its worst the same way, and its fills
 * stay counted at that worst (the position holds its margin or collateral and can lose it); what
 * rests is given back when it is cancelled, what was refused at once. A buy or such a sale left
 * unanswered (a timeout, a dropped session) stays counted at its worst until its outcome is known (a late
 * answer, the order's status by its client order id: wallet-session.ts), then counts what it really
 * committed. The wallet's orders already resting when the session starts (an earlier session's, another
 * program's) are counted the same way: buys, and sales that hold PAT. Integers (µPAT) throughout.
 */
import { EarlyReports, type HeardReport } from './early-reports.js';
import { patOfMicros } from './pat.js';
import { ToolRefusal } from './refusal.js';
import { PatxHttpError } from '../client/http.js';

/**
 * What became of an order once known: its id (0: it never reached the book), the rights it filled, what
 * a buy paid for them (fees included) and what still rests.
 */
export interface KnownOutcome {
  orderId: number;
  filledQty: number;
  paidMicros: number;
  leavesQty: number;
  /** The journal seq the answer is as of: reports of later commands are not in it (early-reports.ts). Absent: not known. */
  asOfSeq?: number;
}

/** An order that was refused, or never placed: nothing filled, nothing rests. */
export const NOTHING_DONE: KnownOutcome = { orderId: 0, filledQty: 0, paidMicros: 0, leavesQty: 0 };

/**
 * An open buy the session counts at its worst: each right still resting at its limit price plus
 * the fee the exchange holds for it (the higher of the maker and taker rates at that price).
 */
interface OpenBuy {
  perUnitMicros: number;
  leavesQty: number;
  /** A sale that holds margin or collateral: a fill keeps its worst counted (the position it opened can still lose it). */
  keptOnFill?: boolean;
  /** The journal seq it was counted as of: a report at or before it is already in the count. Absent: not known (every report counts). */
  asOfSeq?: number;
}

/**
 * A buy, or a sale that holds PAT, sent whose answer never came (TIMEOUT, DISCONNECTED): it may rest,
 * have filled, or never have reached the exchange. Its worst case stays committed until one of those is known.
 */
export interface UnsettledOrder {
  clientOrderId: number;
  side: 'buy' | 'sell';
  seriesId: number;
  qty: number;
  priceMicros: number;
  perUnitMicros: number;
  worstMicros: number;
  /** The order-entry session it was sent on: while that session lives, a later answer on it settles the question. */
  sentOn: unknown;
}

export class SpendingLimit {
  /** Committed: fills paid (fees included), open buys and sales at their worst, unsettled orders at their worst, subscription budgets not given back. µPAT. */
  private committed = 0;
  private readonly openBuys = new Map<number, OpenBuy>();
  private readonly unsettled = new Map<number, UnsettledOrder>();
  /** Unanswered orders since known to have been placed, by client order id: a retry of one is not sent again. */
  private readonly placedLate = new Map<number, UnsettledOrder>();
  /** Reports heard before their order was counted (the answer it is counted from not yet read). */
  private readonly early = new EarlyReports();

  constructor(readonly limitMicros: number) {}

  get committedMicros(): number {
    return this.committed;
  }

  get leftMicros(): number {
    return Math.max(0, this.limitMicros - this.committed);
  }

  /** What the limit stands at, for a tool's answer. */
  status(): { limit: string; committed: string; left: string } {
    return { limit: patOfMicros(this.limitMicros), committed: patOfMicros(this.committed), left: patOfMicros(this.leftMicros) };
  }

  /**
   * Commits `worstMicros` for `what`, or refuses (SPENDING_LIMIT) saying what is committed and
   * what is left. The caller gives it back (`giveBack`) or settles it once the exchange answers.
   */
  commit(worstMicros: number, what: string): void {
    if (!Number.isSafeInteger(worstMicros) || worstMicros < 0) throw new ToolRefusal('INVALID_AMOUNT', `${what}: not a countable amount`);
    if (this.committed + worstMicros > this.limitMicros) {
      const s = this.status();
      throw new ToolRefusal(
        'SPENDING_LIMIT',
        `${what} could cost up to ${patOfMicros(worstMicros)} PAT, more than this session has left: ${s.committed} PAT of its ${s.limit} PAT limit is committed, ${s.left} PAT left. Nothing was sent. ` +
          (this.limitMicros === 0 ? 'The limit is 0: the user starts `patx mcp` with --max-spend <PAT> (or PATX_MCP_MAX_SPEND) to let the agent spend.' : 'Buy less, at a lower limit, or ask the user to restart `patx mcp` with a higher --max-spend.'),
        { limitMicros: this.limitMicros, committedMicros: this.committed, leftMicros: this.leftMicros, askedMicros: worstMicros },
      );
    }
    this.committed += worstMicros;
  }

  /** Gives back what was committed and not spent (a refused buy, a cancelled subscription's unspent budget). */
  giveBack(micros: number): void {
    this.committed = Math.max(0, this.committed - micros);
  }

  /**
   * A spend over HTTP (a subscription, a tier subscription, a bundle) failed: given back when the
   * exchange answered (a refusal changed nothing), kept counted when no answer came (TIMEOUT,
   * UNREACHABLE: it may have been made), and the error says so and where to look.
   */
  failedSpend(micros: number, error: unknown, whereToLook: string): unknown {
    if (!(error instanceof PatxHttpError) || (error.code !== 'TIMEOUT' && error.code !== 'UNREACHABLE')) {
      this.giveBack(micros);
      return error;
    }
    return new ToolRefusal(
      error.code,
      `${error.detail} It may have been made: ${whereToLook} shows it. Its ${patOfMicros(micros)} PAT stay counted against the spending limit (a cancel gives back what it did not spend).`,
      { committedMicros: micros },
    );
  }

  /**
   * A buy committed at `worstMicros` was answered: it cost `paidMicros` (fees included), and
   * `leavesQty` rights rest (order `orderId`), each still counted at `perUnitMicros` (its limit
   * plus the fee held for it) until they fill or end; the answer is as of journal seq `asOfSeq`.
   */
  settleBuy(worstMicros: number, paidMicros: number, orderId: number, leavesQty: number, perUnitMicros: number, asOfSeq?: number): void {
    this.committed += paidMicros + leavesQty * perUnitMicros - worstMicros;
    if (leavesQty > 0 && orderId > 0) this.open(orderId, { perUnitMicros, leavesQty, asOfSeq });
  }

  /**
   * A sale committed at `worstMicros` (`perUnitMicros` a right) was answered: `filledQty` filled and
   * stay counted at their worst, `leavesQty` rest (order `orderId`) counted the same until they fill
   * (kept) or end (given back); what neither filled nor rests is given back. As of journal seq `asOfSeq`.
   */
  settleSale(worstMicros: number, filledQty: number, orderId: number, leavesQty: number, perUnitMicros: number, asOfSeq?: number): void {
    this.committed += (filledQty + leavesQty) * perUnitMicros - worstMicros;
    if (leavesQty > 0 && orderId > 0) this.open(orderId, { perUnitMicros, leavesQty, keptOnFill: true, asOfSeq });
  }

  /**
   * A buy of the wallet's already resting when this session started (an earlier session's, another
   * program's): counted at its worst, so the session does not spend past the limit beside it. It may
   * put the session past its limit (then nothing more is bought until it fills or is cancelled). As of journal seq `asOfSeq`.
   */
  countRestingBuy(orderId: number, leavesQty: number, perUnitMicros: number, asOfSeq?: number): void {
    if (orderId <= 0 || leavesQty <= 0 || this.openBuys.has(orderId)) return;
    this.committed += leavesQty * perUnitMicros;
    this.open(orderId, { perUnitMicros, leavesQty, asOfSeq });
  }

  /**
   * A sale of the wallet's that holds PAT (a forward's collateral, an option written, a synthetic short), already
   * resting when this session started: counted at its worst as the session's own, its fills kept counted. As of journal seq `asOfSeq`.
   */
  countRestingSale(orderId: number, leavesQty: number, perUnitMicros: number, asOfSeq?: number): void {
    if (orderId <= 0 || leavesQty <= 0 || perUnitMicros <= 0 || this.openBuys.has(orderId)) return;
    this.committed += leavesQty * perUnitMicros;
    this.open(orderId, { perUnitMicros, leavesQty, keptOnFill: true, asOfSeq });
  }

  /**
   * A report on one of the wallet's orders heard on order entry (not an answer to this session's request):
   * counted when the order is and the report came after what the order was counted from; held when the
   * order is not counted yet (its answer may be on its way: early-reports.ts).
   */
  heard(r: HeardReport): void {
    const open = this.openBuys.get(r.orderId);
    if (open === undefined) return this.early.hold(r);
    if (open.asOfSeq !== undefined && r.seq <= open.asOfSeq) return; // already in the answer it was counted from
    if (r.kind === 'fill') this.restingFilled(r.orderId, r.qty, r.priceMicros, r.feeMicros);
    else this.restingEnded(r.orderId, r.qty);
  }

  /** Counts an open order, then what was heard of it after the answer it is counted from (none when that answer's seq is not known). */
  private open(orderId: number, order: OpenBuy): void {
    this.openBuys.set(orderId, order);
    if (order.asOfSeq === undefined) return;
    for (const r of this.early.takeAfter(orderId, order.asOfSeq)) this.heard(r);
  }

  /** A resting buy filled `qty` at `priceMicros` (at or below its limit) and paid `feeMicros`: it counts what it paid (a margined sale: still its worst). */
  restingFilled(orderId: number, qty: number, priceMicros: number, feeMicros = 0): void {
    const open = this.openBuys.get(orderId);
    if (open === undefined) return;
    const n = Math.min(qty, open.leavesQty);
    if (open.keptOnFill !== true) this.committed += n * priceMicros + feeMicros - n * open.perUnitMicros;
    open.leavesQty -= n;
    if (open.leavesQty === 0) this.openBuys.delete(orderId);
  }

  /** A resting buy ended with `qty` unfilled (cancelled, expired): that part is given back. */
  restingEnded(orderId: number, qty: number): void {
    const open = this.openBuys.get(orderId);
    if (open === undefined) return;
    const n = Math.min(qty, open.leavesQty);
    this.giveBack(n * open.perUnitMicros);
    open.leavesQty -= n;
    if (open.leavesQty === 0) this.openBuys.delete(orderId);
  }

  /** A buy or a sale that holds PAT sent and not answered: its worst case (committed already) stays counted, under its client order id. */
  holdUnsettled(order: UnsettledOrder): void {
    this.unsettled.set(order.clientOrderId, order);
  }

  /** The order sent with this client order id whose outcome is not known, if there is one. */
  unsettledOrder(clientOrderId: number): UnsettledOrder | undefined {
    return this.unsettled.get(clientOrderId);
  }

  /** Every order whose outcome is not known yet. */
  unsettledOrders(): UnsettledOrder[] {
    return [...this.unsettled.values()];
  }

  /**
   * An unsettled order's outcome became known: its worst case is replaced by what it committed (a buy what it
   * paid, a sale its fills at their worst) and what rests at its worst; an order refused or never placed gives
   * back all of it (NOTHING_DONE).
   */
  settleUnsettled(clientOrderId: number, known: KnownOutcome): void {
    const u = this.unsettled.get(clientOrderId);
    if (u === undefined) return;
    this.unsettled.delete(clientOrderId);
    if (known.orderId > 0) this.placedLate.set(clientOrderId, u);
    if (u.side === 'buy') this.settleBuy(u.worstMicros, known.paidMicros, known.orderId, known.leavesQty, u.perUnitMicros, known.asOfSeq);
    else this.settleSale(u.worstMicros, known.filledQty, known.orderId, known.leavesQty, u.perUnitMicros, known.asOfSeq);
  }

  /** The unanswered order sent with this client order id, if it has since been found placed. */
  placedAfterAll(clientOrderId: number): UnsettledOrder | undefined {
    return this.placedLate.get(clientOrderId);
  }
}
