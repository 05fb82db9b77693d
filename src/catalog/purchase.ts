/** One purchase as the ledger (purchases.ts) derives it and the catalog's store keeps it. */
export interface PurchasedVersion {
  listingId: number;
  version: number;
}

export interface Purchase {
  tradeId: number;
  /** The journal seq of the command that filled. */
  seq: number;
  /** The sequencer's time of the fill. */
  atMs: number;
  consumerAccountId: number;
  seriesId: number;
  contract: string;
  qty: number;
  priceMicros: number;
  /** The fee the buyer paid on this fill, µPAT (docs/fees.md); absent when none (so a record made without fees keeps its bytes); `undefined` in the writer thread's reads of the ring (one shape: purchase-ring.ts). */
  feeMicros?: number;
  /** The segment's listings live at `atMs`, each at the version that was live. Empty: none was. */
  listings: PurchasedVersion[];
}
