/**
 * Who may rate a listing, and how much its rating weighs: the rights the consumer
 * received from that very listing, read from the grant ledger (src/grants/ledger.ts).
 * One function, so the source can change in one place.
 *
 * Today: the quantity of the grants issued to the consumer that name the listing (any
 * version: a new version does not reopen rating, and a right bought under version 1 is
 * data from the listing all the same). Not the gate's `delivered` count: that is the
 * provider's word, and a provider could withhold its reports to keep a critic from rating.
 * Once the ledger keeps the consumer's own receipts, this reads the receipted quantity.
 */

/** What this reads of a grant ledger record (src/grants/grant-record.ts): the signed grant's listing and quantity. */
export interface GrantOfListing {
  readonly signed: { readonly grant: { readonly listingId: number; readonly quantity: number } };
}

/**
 * What this reads of the grant ledger (GrantLedger.grantsOf), declared here: the grants
 * import the catalog (a grant is for a listing), so the catalog names none of their types.
 */
export interface ConsumerGrants {
  grantsOf(who: 'consumer', accountId: number, offset: number, limit: number): Promise<{ total: number; grants: readonly GrantOfListing[] }>;
}

/** Grants read per page: a consumer's grants are read in pages, never all at once into one array. */
const PAGE = 1_000;

/** Rights the consumer received from the listing through its grants (0: none: it may not rate it). */
export async function rightsReceived(ledger: ConsumerGrants, consumerAccountId: number, listingId: number): Promise<number> {
  let received = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await ledger.grantsOf('consumer', consumerAccountId, offset, PAGE);
    for (const g of page.grants) if (g.signed.grant.listingId === listingId) received += g.signed.grant.quantity;
    if (offset + PAGE >= page.total) return received;
  }
}
