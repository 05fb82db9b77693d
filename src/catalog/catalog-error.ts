/** Why the catalog refused a request (each code's HTTP status: routes.ts). No imports: an intake worker revives these too. */
export type CatalogErrorCode =
  | 'MALFORMED_LISTING'
  | 'MALFORMED_RATING'
  | 'MALFORMED_SAMPLE'
  | 'SAMPLE_TOO_LARGE'
  | 'NOT_UTF8'
  | 'FORMULA_INJECTION'
  | 'SAMPLE_SCHEMA_MISMATCH'
  | 'UNKNOWN_LISTING'
  | 'NOT_OWNER'
  | 'NOT_A_PROVIDER'
  | 'NOT_A_CONSUMER'
  | 'BAD_TRANSITION'
  | 'NOT_ELIGIBLE_TO_RATE'
  /** No longer sent: a consumer's second rating of a listing replaces its first. Kept for clients that name it. */
  | 'ALREADY_RATED'
  | 'UNSUPPORTED_FORMAT'
  | 'MALFORMED_QUERY'
  | 'MALFORMED_REFERENCE'
  | 'DISK_LOW'
  /** Model feeds (docs/catalog.md, "Model feeds"). */
  | 'NOT_A_MODEL_FEED'
  | 'MALFORMED_SIGNALS'
  | 'SIGNAL_IMMUTABLE'
  | 'UNKNOWN_SIGNAL'
  | 'OUTCOME_TOO_EARLY'
  | 'OUTCOME_TOO_LATE'
  | 'OUTCOME_POSTED'
  | 'OUTCOME_MISMATCH'
  | 'SIGNAL_CAP_REACHED'
  /** A model feed's live signals do not yet span the burn-in: it cannot be published (409). */
  | 'BURN_IN_PENDING'
  /** One provider's drafts, listings or stored sample bytes would pass its quota (403). */
  | 'PROVIDER_QUOTA_EXCEEDED'
  /** The catalog's samples as a whole, or the free space kept for the journal, would be passed (507). */
  | 'CATALOG_FULL'
  /** A delivery endpoint written as an address inside a network that is not allowed (400; src/subscriptions/endpoint-address.ts, handed to the catalog as CatalogDeps.endpointProblem). */
  | 'ENDPOINT_NOT_ALLOWED';

/** A refused catalog request: nothing was stored. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
