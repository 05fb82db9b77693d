/**
 * Reports on the wallet's orders heard before the session counted the order (docs/mcp.md, "Fills heard
 * before their order is counted"). The session counts an order from an answer (its status, a late
 * acknowledgement, the acknowledgement of its placing) as of that answer's journal seq; a fill or an end
 * of the order after that seq must still be counted. The client reads every frame of a network chunk at
 * once (the `ws` package emits them synchronously), so a report that follows the answer in the same
 * chunk reaches the session before the code awaiting the answer runs: the order is not counted yet.
 * Such reports are held here; once the order is counted as of seq S, those past S are applied and those
 * at or before S (already in the answer) dropped. Exact in either order of arrival.
 *
 * Bounded: reports of orders the session never counts (another program's, opened after the session
 * started) pass through here too, so only the newest MAX_EARLY_REPORTS are held. One pushed out leaves its
 * order counted at its worst (the safe side: the limit never counts less than was committed).
 */

/** A report on one of the wallet's orders as the count needs it, at the journal seq of the command that caused it. */
export interface HeardReport {
  orderId: number;
  seq: number;
  /** A fill (`qty` at `priceMicros`, paying `feeMicros`), or its end with `qty` unfilled (cancelled, expired). */
  kind: 'fill' | 'end';
  qty: number;
  priceMicros: number;
  feeMicros: number;
}

/** Reports held while their order is not counted: enough for a burst of the account's reports in one answer's wait. */
export const MAX_EARLY_REPORTS = 1_024;

export class EarlyReports {
  private readonly held: HeardReport[] = [];

  /** A report of an order not counted (yet): held, the oldest pushed out past MAX_EARLY_REPORTS. */
  hold(r: HeardReport): void {
    this.held.push(r);
    if (this.held.length > MAX_EARLY_REPORTS) this.held.shift();
  }

  /** The order was counted as of `asOfSeq`: its held reports after that seq, in the order heard; the others dropped. */
  takeAfter(orderId: number, asOfSeq: number): HeardReport[] {
    const after: HeardReport[] = [];
    for (let i = this.held.length - 1; i >= 0; i--) {
      const r = this.held[i]!;
      if (r.orderId !== orderId) continue;
      this.held.splice(i, 1);
      if (r.seq > asOfSeq) after.unshift(r);
    }
    return after;
  }

  get size(): number {
    return this.held.length;
  }
}
