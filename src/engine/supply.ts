/**
 * A series' supply: the rights its providers minted and that are not yet
 * exercised, in mint order. An exercise redeems the oldest first (FIFO by mint):
 * the documented rule that tells each provider which exercised rights it owes
 * delivery for (docs/delivery.md). Rights change hands freely in between; the
 * queue follows supply, not holders.
 *
 * Consecutive mints by the same provider share one lot, so the queue stays as
 * short as the number of times the minting provider changed.
 */

export interface SupplyLot {
  providerAccountId: number;
  qty: number;
}

export class SupplyQueue {
  /** Live lots are lots[head..]; redeemed ones are dropped from the front now and then. */
  private lots: SupplyLot[] = [];
  private head = 0;

  add(providerAccountId: number, qty: number): void {
    const last = this.lots.length > this.head ? this.lots[this.lots.length - 1]! : undefined;
    if (last !== undefined && last.providerAccountId === providerAccountId) last.qty += qty;
    else this.lots.push({ providerAccountId, qty });
  }

  /**
   * Takes `qty` rights from the oldest lots; returns each provider's share, in the
   * order each first appears. The caller checked that the queue holds `qty`.
   */
  redeem(qty: number): SupplyLot[] {
    const out: SupplyLot[] = [];
    let left = qty;
    while (left > 0) {
      const lot = this.lots[this.head];
      if (lot === undefined) throw new RangeError(`supply short by ${left} rights`);
      const take = Math.min(left, lot.qty);
      const share = out.find((s) => s.providerAccountId === lot.providerAccountId);
      if (share === undefined) out.push({ providerAccountId: lot.providerAccountId, qty: take });
      else share.qty += take;
      lot.qty -= take;
      left -= take;
      if (lot.qty === 0) this.head++;
    }
    if (this.head > 64 && this.head * 2 > this.lots.length) {
      this.lots = this.lots.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** The live lots, oldest first (for the snapshot and checks). */
  live(): readonly SupplyLot[] {
    return this.lots.slice(this.head);
  }

  get total(): number {
    let n = 0;
    for (let i = this.head; i < this.lots.length; i++) n += this.lots[i]!.qty;
    return n;
  }
}
