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
  /**
   * The fee the buyer paid on this fill, µPAT (docs/fees.md); `undefined` when none (a record keeps 0; JSON leaves the key
   * out). The exchange's purchases always carry the key, so every reader of them sees one object shape (V8 compiles
   * the writer's and the routes' code for one); optional for the client's, parsed from JSON.
   */
  feeMicros?: number | undefined;
  /** The segment's listings live at `atMs`, each at the version that was live. Empty: none was. */
  listings: PurchasedVersion[];
}
