/** The catalog's storage bounds and their defaults, apart from the catalog so that the configuration (and the CLI through it) need not load it. */
/**
 * What one provider and the catalog as a whole may store: every resource a participant can
 * consume has a bound (docs/security.md, "Quotas").
 */
export interface CatalogQuotas {
  /** Sample bytes one provider's listings may keep, every version's sample counted (an identical sample once). */
  providerSampleBytes: number;
  /**
   * The same for a provider the operator has not verified (the engine's `verified` flag, docs/providers.md): at most
   * `providerSampleBytes`. A fresh key declares itself a provider for free: at 200 MiB each, ~100 of them filled the
   * catalog's 20 GiB and locked every real provider out (an outside review).
   */
  unverifiedProviderSampleBytes: number;
  /** Drafts one provider may hold at once (delete one to start another). */
  providerDrafts: number;
  /** Listings one provider may have, in any status. */
  providerListings: number;
  /**
   * Versions one listing may gain in a day (each update without a material change appends one, kept and disclosed):
   * without it a draft re-saved 20 times a second grew without end, every save rewriting them all (an outside review, 2026-12-04).
   */
  listingVersionsPerDay: number;
  /** Sample bytes the whole catalog may keep (samples and references). */
  totalSampleBytes: number;
  /**
   * The share of `totalSampleBytes` (0–1) unverified providers' samples may take together: the rest stays for
   * verified providers, however many fresh keys upload.
   */
  unverifiedSampleShare: number;
  /** Free space no sample may take, above the disk's low mark: the journal's room. */
  diskReserveBytes: number;
}

export const DEFAULT_CATALOG_QUOTAS: CatalogQuotas = {
  providerSampleBytes: 200 * 1024 * 1024,
  unverifiedProviderSampleBytes: 10 * 1024 * 1024,
  providerDrafts: 20,
  providerListings: 100,
  listingVersionsPerDay: 48,
  totalSampleBytes: 20 * 1024 * 1024 * 1024,
  unverifiedSampleShare: 0.25,
  diskReserveBytes: 1024 * 1024 * 1024,
};
