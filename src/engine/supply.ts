/**
 * A series' supply: the rights that are in the market and not yet exercised, by the
 * provider that owes their delivery, oldest first. An exercise redeems the oldest first:
 * the documented rule that tells each provider which exercised rights it owes delivery
 * for (docs/delivery.md). Rights change hands freely in between; the queue follows
 * supply, not holders.
 *
 * What enters the queue depends on the engine's rules (src/engine/rules.ts). Under rules
 * 0–2 a mint enters it (FIFO by mint, whoever still holds the rights). From rules 3 a
 * provider's minted stock is its own ("own unsold", on its position) and enters the queue
 * only when the provider sells it, with the sale's proceeds, held in escrow until the
 * rights are delivered (src/engine/escrow.ts): FIFO by sale, so an exercise redeems only
 * rights some provider sold, and never a provider's unsold stock.
 *
 * Consecutive lots of the same provider share one lot, so the queue stays as short as
 * the number of times the provider changed.
 */

export interface SupplyLot {
  providerAccountId: number;
  qty: number;
  /** Sale proceeds of these rights held in escrow, µPAT (0 under rules 0–2, and for rights minted before rules 3). */
  heldMicros: number;
}

/**
 * ⌊a × b / c⌋, exact for any non-negative safe integers (c > 0). Plain numbers while the
 * product is a safe integer (`%` and the division of an exact multiple are exact then);
 * bigint only past it: a forward delivery calls this four times per position, and the
 * bigint temporaries showed up as GC pauses in bench:forwards.
 */
export function mulDiv(a: number, b: number, c: number): number {
  const product = a * b;
  if (product <= Number.MAX_SAFE_INTEGER) return (product - (product % c)) / c;
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

export class SupplyQueue {
  /** Live lots are lots[head..]; redeemed ones are dropped from the front now and then. */
  private lots: SupplyLot[] = [];
  private head = 0;

  add(providerAccountId: number, qty: number, heldMicros = 0): void {
    const last = this.lots.length > this.head ? this.lots[this.lots.length - 1]! : undefined;
    if (last !== undefined && last.providerAccountId === providerAccountId) {
      last.qty += qty;
      last.heldMicros += heldMicros;
    } else {
      this.lots.push({ providerAccountId, qty, heldMicros });
    }
  }

  /**
   * Takes `qty` rights from the oldest lots; returns each provider's share, in the
   * order each first appears, with the held proceeds that go with it (a lot's held
   * proceeds pro rata to what is taken; the last right of a lot takes what is left,
   * so nothing is lost to rounding). The caller checked that the queue holds `qty`.
   */
  redeem(qty: number): SupplyLot[] {
    const out: SupplyLot[] = [];
    let left = qty;
    while (left > 0) {
      const lot = this.lots[this.head];
      if (lot === undefined) throw new RangeError(`supply short by ${left} rights`);
      const take = Math.min(left, lot.qty);
      const held = take === lot.qty ? lot.heldMicros : mulDiv(lot.heldMicros, take, lot.qty);
      const share = out.find((s) => s.providerAccountId === lot.providerAccountId);
      if (share === undefined) out.push({ providerAccountId: lot.providerAccountId, qty: take, heldMicros: held });
      else {
        share.qty += take;
        share.heldMicros += held;
      }
      lot.qty -= take;
      lot.heldMicros -= held;
      left -= take;
      if (lot.qty === 0) this.head++;
    }
    this.compact();
    return out;
  }

  /**
   * Removes up to `qty` of one provider's rights, its newest lots first, with their held
   * proceeds (rules 3's adoption: a provider's unsold stock leaves the queue). Returns how many.
   */
  removeNewest(providerAccountId: number, qty: number): number {
    let left = qty;
    for (let i = this.lots.length - 1; i >= this.head && left > 0; i--) {
      const lot = this.lots[i]!;
      if (lot.providerAccountId !== providerAccountId) continue;
      const take = Math.min(left, lot.qty);
      lot.heldMicros -= take === lot.qty ? lot.heldMicros : mulDiv(lot.heldMicros, take, lot.qty);
      lot.qty -= take;
      left -= take;
    }
    this.dropEmpty();
    return qty - left;
  }

  /** Cuts the queue to `total` rights, dropping the newest first (rules 3's adoption). */
  truncate(total: number): void {
    let excess = this.total - total;
    for (let i = this.lots.length - 1; i >= this.head && excess > 0; i--) {
      const lot = this.lots[i]!;
      const take = Math.min(excess, lot.qty);
      lot.heldMicros -= take === lot.qty ? lot.heldMicros : mulDiv(lot.heldMicros, take, lot.qty);
      lot.qty -= take;
      excess -= take;
    }
    this.dropEmpty();
  }

  /** Takes every lot's held proceeds out (the window closed: nothing more is owed on them), oldest first; the rights stay. */
  takeHeld(): SupplyLot[] {
    const out: SupplyLot[] = [];
    for (let i = this.head; i < this.lots.length; i++) {
      const lot = this.lots[i]!;
      if (lot.heldMicros === 0) continue;
      out.push({ providerAccountId: lot.providerAccountId, qty: lot.qty, heldMicros: lot.heldMicros });
      lot.heldMicros = 0;
    }
    return out;
  }

  private dropEmpty(): void {
    const live = this.lots.slice(this.head).filter((l) => l.qty > 0);
    // Neighbours of one provider merge again, as `add` would have made them.
    this.lots = [];
    this.head = 0;
    for (const l of live) this.add(l.providerAccountId, l.qty, l.heldMicros);
  }

  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.lots.length) {
      this.lots = this.lots.slice(this.head);
      this.head = 0;
    }
  }

  /** Sets each live lot's held proceeds, oldest first (a decoded snapshot); false if the counts differ. */
  restoreHeld(heldMicros: readonly number[]): boolean {
    if (heldMicros.length !== this.lots.length - this.head) return false;
    for (let i = 0; i < heldMicros.length; i++) this.lots[this.head + i]!.heldMicros = heldMicros[i]!;
    return true;
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

  /** Held proceeds over the live lots, µPAT. */
  get heldMicros(): number {
    let n = 0;
    for (let i = this.head; i < this.lots.length; i++) n += this.lots[i]!.heldMicros;
    return n;
  }
}
