/**
 * A tier's seats (docs/subscriptions.md, "Tiers"): how many subscribers a tier serves at once,
 * and who holds them. Today a seat's holder is the subscribing account: one live tier
 * subscription per account and tier, each holding one seat.
 *
 * The one place that says who holds a seat is `holderOf`: when accounts belong to an
 * organisation (issue 81, item 2), an enterprise tier's seats can count the organisation's
 * members by giving it the organisation's key (and `seatsOf` what the organisation bought),
 * with nothing else here changing.
 */

/** Who a seat is held by: today the account id, as text so another kind of holder (an organisation) fits beside it. */
export type SeatHolder = string;

export class TierSeats {
  /** Per tier (`listingId/name`), the holders and the tier subscription each holds its seat with. */
  private readonly holders = new Map<string, Map<SeatHolder, number>>();

  /** The seat holder an account's tier subscription counts as. */
  holderOf(accountId: number): SeatHolder {
    return `account:${accountId}`;
  }

  taken(tierKey: string): number {
    return this.holders.get(tierKey)?.size ?? 0;
  }

  /** The tier subscription `holder` holds a seat of the tier with (undefined: none). */
  heldBy(tierKey: string, holder: SeatHolder): number | undefined {
    return this.holders.get(tierKey)?.get(holder);
  }

  take(tierKey: string, holder: SeatHolder, tierSubscriptionId: number): void {
    let held = this.holders.get(tierKey);
    if (held === undefined) this.holders.set(tierKey, (held = new Map()));
    held.set(holder, tierSubscriptionId);
  }

  free(tierKey: string, holder: SeatHolder): void {
    const held = this.holders.get(tierKey);
    if (held === undefined) return;
    held.delete(holder);
    if (held.size === 0) this.holders.delete(tierKey);
  }
}
