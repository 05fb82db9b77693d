/**
 * A series' supply: the rights that are in the market and not yet exercised, by the
 * provider that owes their delivery, oldest first. An exercise redeems the oldest first:
 * the documented rule that tells each provider which exercised rights it owes delivery
 * for (docs/delivery.md). Rights change hands freely in between; the queue follows
 * supply, not holders.
 *
 * What enters the queue depends on the engine's rules (src/engine/products/rules.ts). Under rules
 * 0–2 a mint enters it (FIFO by mint, whoever still holds the rights). From rules 3 a
 * provider's minted stock is its own ("own unsold", on its position) and enters the queue
 * only when the provider sells it, with the sale's proceeds, held in escrow until the
 * rights are delivered (src/engine/products/escrow.ts): FIFO by sale, so an exercise redeems only
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

/** Lots a queue makes room for at its first lot. */
const FIRST_LOTS = 16;
/** Lots a chunk holds once the queue outgrows its first: 2^11, 48 KiB of numbers. */
const CHUNK_SHIFT = 11;
const CHUNK_LOTS = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_LOTS - 1;
/** Numbers a lot takes in a chunk: its provider, quantity and held proceeds, at these offsets. */
const LOT = 3;
const PROVIDER = 0;
const QTY = 1;
const HELD = 2;
/** Every queue's array until its first lot: most series never get one (issue 58: an idle series ≤ 2 KB). */
const NO_LOTS = new Float64Array(0);

/**
 * Lots are records of three numbers (provider, quantity, held proceeds) in Float64Arrays, not
 * objects: a measured hot path. Under rules 3 every provider sale that follows another provider's
 * is a lot of its own (111,768 lots in `npm run bench`'s million operations, where 100 providers
 * sell to the broker in turn; 207,697 over bench:series' 1,000 series), and as objects they halved
 * the engine's throughput in garbage collection (bench/RESULTS.md, "Exchange core"). Numbers are
 * float64: quantities and µPAT are safe integers.
 *
 * Why the newest lot's provider is kept apart (issue 58, 2026-11-27): over 1,000 series a queue's
 * lots are out of cache at each sale, and `add` read the newest lot's provider before deciding to
 * merge or append (a chain of misses). Leaving `add` out altogether gave 1.17× at 1,000 series (an
 * ablation, 16 alternated pairs). Now it decides from `newestProvider` and writes one record.
 *
 * Why chunks (issue 79, 2026-12-01): a queue that only grew (the broker buying from 100 providers
 * in turn and never exercising: over 262,000 lots in the broker-shaped stream's million operations)
 * lived in one array doubled as it filled, and each doubling allocated fresh memory and copied
 * every lot into it: the last took 22 ms of the engine's thread (12 MiB, its fresh pages faulted
 * in at about 14 µs each on this VM), and the doublings together 23–45 ms of a 400 ms run. A queue
 * now grows its first array up to a chunk, then chains chunks of CHUNK_LOTS that never move;
 * the head's chunk is dropped once redeemed past (kept as the spare for the next). The longest
 * pause of the same stream is 0.3–1.5 ms; the page faults are the same, so the throughput is
 * too (bench:ab, 12 pairs: 1.005). The first chunk has a field of its own, so that a queue of
 * one chunk (every queue over 1,000 series) reads its lots through as few objects as before.
 */
export class SupplyQueue {
  /** Live lots are [head, tail): lot i is record i & CHUNK_MASK of `first` for i < CHUNK_LOTS, else of rest[(i >> CHUNK_SHIFT) − 1]. */
  private first: Float64Array = NO_LOTS;
  private rest: Float64Array[] | null = null;
  /** Lots the chunks hold. `first` is smaller than CHUNK_LOTS only while there is no `rest`. */
  private capacity = 0;
  private head = 0;
  private tail = 0;
  /** The provider of lot tail − 1 (meaningful while tail > head). */
  private newestProvider = 0;
  /** A chunk the head left behind, for the tail's next. */
  private spare: Float64Array | null = null;

  add(providerAccountId: number, qty: number, heldMicros = 0): void {
    if (this.tail > this.head && this.newestProvider === providerAccountId) {
      const i = this.tail - 1;
      const chunk = this.chunkOf(i);
      const at = (i & CHUNK_MASK) * LOT;
      chunk[at + QTY]! += qty;
      chunk[at + HELD]! += heldMicros;
      return;
    }
    if (this.tail === this.capacity) this.makeRoom();
    const i = this.tail;
    const chunk = this.chunkOf(i);
    const at = (i & CHUNK_MASK) * LOT;
    chunk[at + PROVIDER] = providerAccountId;
    chunk[at + QTY] = qty;
    chunk[at + HELD] = heldMicros;
    this.tail++;
    this.newestProvider = providerAccountId;
  }

  private chunkOf(i: number): Float64Array {
    return i < CHUNK_LOTS ? this.first : this.rest![(i >> CHUNK_SHIFT) - 1]!;
  }

  /** Room for one more lot at the tail: the live lots moved to the front of the only chunk, that chunk grown, or one more chained. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (this.rest === null && this.capacity > 0 && live * 2 <= this.capacity) {
      this.first.copyWithin(0, this.head * LOT, this.tail * LOT);
    } else if (this.capacity < CHUNK_LOTS) {
      const grown = new Float64Array(Math.min(CHUNK_LOTS, Math.max(FIRST_LOTS, this.capacity * 2)) * LOT);
      grown.set(this.first.subarray(this.head * LOT, this.tail * LOT));
      this.first = grown;
      this.capacity = grown.length / LOT;
    } else {
      const chunk = this.spare ?? new Float64Array(CHUNK_LOTS * LOT);
      this.spare = null;
      if (this.rest === null) this.rest = [chunk];
      else this.rest.push(chunk);
      this.capacity += CHUNK_LOTS;
      return;
    }
    this.head = 0;
    this.tail = live;
  }

  /** After the head moved: no lots left, back to the first chunk's start; else the chunks wholly behind the head dropped. */
  private settleHead(): void {
    if (this.head === this.tail) {
      this.head = this.tail = 0;
      if (this.rest !== null) {
        this.spare = this.rest[0]!;
        this.rest = null;
        this.capacity = CHUNK_LOTS;
      }
      return;
    }
    while (this.head >= CHUNK_LOTS) {
      this.spare = this.first;
      this.first = this.rest!.shift()!;
      if (this.rest!.length === 0) this.rest = null;
      this.head -= CHUNK_LOTS;
      this.tail -= CHUNK_LOTS;
      this.capacity -= CHUNK_LOTS;
    }
  }

  /** Number `field` of lot `i`. */
  private read(i: number, field: number): number {
    return this.chunkOf(i)[(i & CHUNK_MASK) * LOT + field]!;
  }

  private write(i: number, field: number, value: number): void {
    this.chunkOf(i)[(i & CHUNK_MASK) * LOT + field] = value;
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
      if (this.head === this.tail) throw new RangeError(`supply short by ${left} rights`);
      const i = this.head;
      const lotQty = this.read(i, QTY);
      const lotHeld = this.read(i, HELD);
      const provider = this.read(i, PROVIDER);
      const take = Math.min(left, lotQty);
      const held = take === lotQty ? lotHeld : mulDiv(lotHeld, take, lotQty);
      const share = out.find((s) => s.providerAccountId === provider);
      if (share === undefined) out.push({ providerAccountId: provider, qty: take, heldMicros: held });
      else {
        share.qty += take;
        share.heldMicros += held;
      }
      this.write(i, QTY, lotQty - take);
      this.write(i, HELD, lotHeld - held);
      left -= take;
      if (take === lotQty) this.head++;
    }
    this.settleHead();
    return out;
  }

  /**
   * Takes `qty` rights as `redeem` does, but `providerAccountId`'s lots first, oldest first, then the
   * rest oldest first (rules 10: a tier subscription's exercise redeems its listing's provider's sold
   * rights, src/engine/products/subscriptions.ts). Shares as `redeem` returns them, that provider's first.
   */
  redeemFrom(providerAccountId: number, qty: number): SupplyLot[] {
    let taken = 0;
    let heldMicros = 0;
    for (let i = this.head; i < this.tail && taken < qty; i++) {
      if (this.read(i, PROVIDER) !== providerAccountId) continue;
      const heldBefore = this.read(i, HELD);
      taken += this.takeFrom(i, qty - taken);
      heldMicros += heldBefore - this.read(i, HELD);
    }
    if (taken === 0) return this.redeem(qty);
    this.dropEmpty();
    const out: SupplyLot[] = [{ providerAccountId, qty: taken, heldMicros }];
    if (taken < qty) out.push(...this.redeem(qty - taken));
    return out;
  }

  /** Rights of `providerAccountId` in the queue (sold and not yet redeemed, from rules 3). */
  qtyOf(providerAccountId: number): number {
    let n = 0;
    for (let i = this.head; i < this.tail; i++) if (this.read(i, PROVIDER) === providerAccountId) n += this.read(i, QTY);
    return n;
  }

  /**
   * Removes up to `qty` of one provider's rights, its newest lots first, with their held
   * proceeds (rules 3's adoption: a provider's unsold stock leaves the queue). Returns how many.
   */
  removeNewest(providerAccountId: number, qty: number): number {
    let left = qty;
    for (let i = this.tail - 1; i >= this.head && left > 0; i--) {
      if (this.read(i, PROVIDER) !== providerAccountId) continue;
      left -= this.takeFrom(i, left);
    }
    this.dropEmpty();
    return qty - left;
  }

  /** Cuts the queue to `total` rights, dropping the newest first (rules 3's adoption). */
  truncate(total: number): void {
    let excess = this.total - total;
    for (let i = this.tail - 1; i >= this.head && excess > 0; i--) excess -= this.takeFrom(i, excess);
    this.dropEmpty();
  }

  /** Takes up to `most` rights from lot `i` with their share of its held proceeds; returns how many. */
  private takeFrom(i: number, most: number): number {
    const lotQty = this.read(i, QTY);
    const lotHeld = this.read(i, HELD);
    const take = Math.min(most, lotQty);
    this.write(i, HELD, take === lotQty ? 0 : lotHeld - mulDiv(lotHeld, take, lotQty));
    this.write(i, QTY, lotQty - take);
    return take;
  }

  /** Takes every lot's held proceeds out (the window closed: nothing more is owed on them), oldest first; the rights stay. */
  takeHeld(): SupplyLot[] {
    const out: SupplyLot[] = [];
    for (let i = this.head; i < this.tail; i++) {
      if (this.read(i, HELD) === 0) continue;
      out.push({ providerAccountId: this.read(i, PROVIDER), qty: this.read(i, QTY), heldMicros: this.read(i, HELD) });
      this.write(i, HELD, 0);
    }
    return out;
  }

  private dropEmpty(): void {
    const live = this.live().filter((l) => l.qty > 0);
    // Neighbours of one provider merge again, as `add` would have made them.
    this.head = this.tail;
    this.settleHead();
    for (const l of live) this.add(l.providerAccountId, l.qty, l.heldMicros);
  }

  /** Sets each live lot's held proceeds, oldest first (a decoded snapshot); false if the counts differ. */
  restoreHeld(heldMicros: readonly number[]): boolean {
    if (heldMicros.length !== this.tail - this.head) return false;
    for (let i = 0; i < heldMicros.length; i++) this.write(this.head + i, HELD, heldMicros[i]!);
    return true;
  }

  /** How many live lots there are: `live().length` without making them objects. */
  get lotCount(): number {
    return this.tail - this.head;
  }

  /**
   * The `i`th live lot's provider, quantity and held proceeds, oldest first (0 ≤ i < lotCount): the
   * snapshot walks every lot while the engine's thread waits, and an object per lot was a third of
   * a large snapshot's time (bench/RESULTS.md, "The snapshot's pause").
   */
  lotProvider(i: number): number {
    return this.read(this.head + i, PROVIDER);
  }
  lotQty(i: number): number {
    return this.read(this.head + i, QTY);
  }
  lotHeldMicros(i: number): number {
    return this.read(this.head + i, HELD);
  }

  /** The live lots, oldest first (for checks and compaction). */
  live(): readonly SupplyLot[] {
    const out: SupplyLot[] = [];
    for (let i = this.head; i < this.tail; i++) out.push({ providerAccountId: this.read(i, PROVIDER), qty: this.read(i, QTY), heldMicros: this.read(i, HELD) });
    return out;
  }

  get total(): number {
    let n = 0;
    for (let i = this.head; i < this.tail; i++) n += this.read(i, QTY);
    return n;
  }

  /** Held proceeds over the live lots, µPAT. */
  get heldMicros(): number {
    let n = 0;
    for (let i = this.head; i < this.tail; i++) n += this.read(i, HELD);
    return n;
  }
}
