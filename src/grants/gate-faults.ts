/**
 * The gate refusals that are the provider's own doing (its gate does not serve its own listing): they count against
 * its listing's reliability, and `patx provider grants` lists them against the grant. Every other refusal answers a
 * request the consumer got wrong (rights used up, a request replayed, expired or signed for another gate). A module of
 * its own, without the bodies' schemas, so the CLI reads it without loading zod.
 */
export const GATE_FAULT_OUTCOMES: ReadonlySet<string> = new Set(['LISTING_NOT_SERVED']);
