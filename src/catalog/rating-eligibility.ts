/**
 * Who may rate a listing, and how much its rating weighs: the rights the consumer
 * received from that very listing, read from the grant ledger (src/grants/ledger.ts).
 * One function, so the source can change in one place.
 *
 * Today: the quantity of the grants issued to the consumer that name the listing (any
 * version: a new version does not reopen rating, and a right bought under version 1 is
 * data from the listing all the same), less the rights the consumer's own claim says never
 * arrived and the rights refunded (an outside review: a consumer refunded in full still rated,
 * a counted one-star review for the spread). Not the gate's `delivered` count: that is the
 * provider's word, and a provider could withhold its reports to keep a critic from rating.
 */

/** What this reads of a grant ledger record (src/grants/grant-record.ts): the signed grant's listing and quantity, its claim and refunds. */
export interface GrantOfListing {
  readonly signed: { readonly grant: { readonly listingId: number; readonly quantity: number } };
  readonly escrow?: {
    readonly claim?: { readonly undeliveredQty: number };
    readonly refund?: { readonly undeliveredQty: number };
    readonly refundedQty?: number;
  };
}

/** Rights of `g` the consumer got: its quantity less what its claim says never arrived or was refunded. */
function receivedOf(g: GrantOfListing): number {
  const e = g.escrow;
  const refunded = e?.refundedQty ?? e?.refund?.undeliveredQty ?? 0;
  return Math.max(0, g.signed.grant.quantity - Math.max(refunded, e?.claim?.undeliveredQty ?? 0));
}

/**
 * What this reads of the grant ledger (GrantLedger.grantsBefore), declared here: the grants
 * import the catalog (a grant is for a listing), so the catalog names none of their types.
 */
export interface ConsumerGrants {
  grantsBefore(who: 'consumer', accountId: number, after: number | undefined, limit: number): Promise<{ grants: readonly GrantOfListing[]; next: number | undefined }>;
}

/**
 * Grants read per page: a consumer's grants are read in pages, never all at once into one array, each page after the
 * last grant of the one before (by offset, each page counted all and skipped the pages before: n²/1,000 key reads).
 */
const PAGE = 1_000;

/** Rights the consumer received from the listing through its grants (0: none: it may not rate it). */
export async function rightsReceived(ledger: ConsumerGrants, consumerAccountId: number, listingId: number): Promise<number> {
  let received = 0;
  let after: number | undefined;
  do {
    const page = await ledger.grantsBefore('consumer', consumerAccountId, after, PAGE);
    for (const g of page.grants) if (g.signed.grant.listingId === listingId) received += receivedOf(g);
    after = page.next;
  } while (after !== undefined);
  return received;
}
