/**
 * A session's spending limit (`patx mcp --max-spend`): what the agent may commit of the
 * user's PAT in one session. Every buy counts its worst case before it is sent (limit price ×
 * quantity; a market buy at its protection bound) and every subscription its whole budget;
 * past the limit the tool is refused with what is committed and what is left, and nothing is
 * sent. Once the exchange answers, a buy counts what it cost plus the worst case of what
 * still rests; a rejected buy, a cancelled order's rest and a cancelled subscription's
 * unspent budget are given back. Integers (µPAT) throughout.
 */
import { patOfMicros } from './pat.js';
import { ToolRefusal } from './refusal.js';

/** An open buy the session counts at its worst: its limit price on each right still resting. */
interface OpenBuy {
  limitMicros: number;
  leavesQty: number;
}

export class SpendingLimit {
  /** Committed: fills paid, open buys at their worst, subscription budgets not given back. µPAT. */
  private committed = 0;
  private readonly openBuys = new Map<number, OpenBuy>();

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
   * A buy committed at `worstMicros` was answered: it cost `paidMicros`, and `leavesQty` rights
   * rest at `limitMicros` (order `orderId`), still counted at their worst until they fill or end.
   */
  settleBuy(worstMicros: number, paidMicros: number, orderId: number, leavesQty: number, limitMicros: number): void {
    this.committed += paidMicros + leavesQty * limitMicros - worstMicros;
    if (leavesQty > 0 && orderId > 0) this.openBuys.set(orderId, { limitMicros, leavesQty });
  }

  /** A resting buy filled `qty` at `priceMicros` (at or below its limit): it counts what it paid. */
  restingFilled(orderId: number, qty: number, priceMicros: number): void {
    const open = this.openBuys.get(orderId);
    if (open === undefined) return;
    const n = Math.min(qty, open.leavesQty);
    this.committed += n * priceMicros - n * open.limitMicros;
    open.leavesQty -= n;
    if (open.leavesQty === 0) this.openBuys.delete(orderId);
  }

  /** A resting buy ended with `qty` unfilled (cancelled, expired): that part is given back. */
  restingEnded(orderId: number, qty: number): void {
    const open = this.openBuys.get(orderId);
    if (open === undefined) return;
    const n = Math.min(qty, open.leavesQty);
    this.giveBack(n * open.limitMicros);
    open.leavesQty -= n;
    if (open.leavesQty === 0) this.openBuys.delete(orderId);
  }
}
