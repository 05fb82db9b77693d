/**
 * A tier's seats (docs/subscriptions.md, "Tiers"): how many subscribers a tier serves at once,
 * and who holds them. A seat's holder is the subscribing account: one live tier subscription per
 * account and tier. A holder takes as many seats as its **weight**: 1 for a wallet's account, the
 * member count for an organisation's (docs/organisations.md, "Seats": every member may use what
 * the organisation subscribed to, so every member holds a seat), changed as members join and leave.
 *
 * Derived from the live tier subscriptions and the organisations, never serialized: a snapshot's
 * decoder takes the seats again, then weighs them once the organisations are read (`reweigh`).
 */

/** Who a seat is held by: the account id, as text so another kind of holder fits beside it. */
export type SeatHolder = string;

interface Held {
  tierSubscriptionId: number;
  /** Seats this holder takes. */
  weight: number;
}

export class TierSeats {
  /** Per tier (`listingId/name`), the holders and the tier subscription each holds its seats with. */
  private readonly holders = new Map<string, Map<SeatHolder, Held>>();
  /** Per tier, the seats taken: the holders' weights summed. */
  private readonly takenByTier = new Map<string, number>();

  /** The seat holder an account's tier subscription counts as. */
  holderOf(accountId: number): SeatHolder {
    return `account:${accountId}`;
  }

  /** Seats taken in the tier (its holders' weights together). */
  taken(tierKey: string): number {
    return this.takenByTier.get(tierKey) ?? 0;
  }

  /** The tier subscription `holder` holds its seats of the tier with (undefined: none). */
  heldBy(tierKey: string, holder: SeatHolder): number | undefined {
    return this.holders.get(tierKey)?.get(holder)?.tierSubscriptionId;
  }

  take(tierKey: string, holder: SeatHolder, tierSubscriptionId: number, weight = 1): void {
    let held = this.holders.get(tierKey);
    if (held === undefined) this.holders.set(tierKey, (held = new Map()));
    const before = held.get(holder)?.weight ?? 0;
    held.set(holder, { tierSubscriptionId, weight });
    this.takenByTier.set(tierKey, this.taken(tierKey) - before + weight);
  }

  /** The holder takes `weight` seats from now (an organisation whose members changed). */
  reweigh(tierKey: string, holder: SeatHolder, weight: number): void {
    const h = this.holders.get(tierKey)?.get(holder);
    if (h === undefined || h.weight === weight) return;
    this.takenByTier.set(tierKey, this.taken(tierKey) - h.weight + weight);
    h.weight = weight;
  }

  free(tierKey: string, holder: SeatHolder): void {
    const held = this.holders.get(tierKey);
    const h = held?.get(holder);
    if (held === undefined || h === undefined) return;
    held.delete(holder);
    if (held.size === 0) {
      this.holders.delete(tierKey);
      this.takenByTier.delete(tierKey);
    } else {
      this.takenByTier.set(tierKey, this.taken(tierKey) - h.weight);
    }
  }
}
