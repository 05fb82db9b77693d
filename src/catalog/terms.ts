/**
 * Licence terms a provider chooses per listing version (issue 81, item 1). This branch adds
 * the subscription tiers and bundles (tiers.ts); the one-time and usage-based keys sit beside
 * them (a version without `terms` is one-time only, hashed as before terms existed). Terms are
 * material: what a consumer's subscription buys depends on them (listing.ts, MATERIAL_FIELDS).
 */
import { z } from 'zod';
import { bundlesInputSchema, tiersInputSchema, type BundleInput, type TierInput } from './tiers.js';

export const termsSchema = z
  .object({
    tiers: tiersInputSchema.optional(),
    bundles: bundlesInputSchema.optional(),
  })
  .strict()
  .meta({ id: 'ListingTerms', description: 'Licence terms: the pricing models rights bought under this version are sold on (absent: one-time purchase only)' });
export type TermsInput = z.infer<typeof termsSchema>;

/** Terms as a version keeps them: only what it offers beyond one-time purchase. */
export interface ListingTerms {
  tiers?: TierInput[];
  bundles?: BundleInput[];
}

/** The terms a version stores for what a provider sent: undefined when it offers nothing beyond one-time purchase, so such a version hashes as before terms existed. */
export function storedTerms(input: TermsInput | undefined): ListingTerms | undefined {
  if (input === undefined) return undefined;
  const tiers = input.tiers !== undefined && input.tiers.length > 0 ? input.tiers : undefined;
  const bundles = input.bundles !== undefined && input.bundles.length > 0 ? input.bundles : undefined;
  if (tiers === undefined && bundles === undefined) return undefined;
  return { ...(tiers === undefined ? {} : { tiers }), ...(bundles === undefined ? {} : { bundles }) };
}
