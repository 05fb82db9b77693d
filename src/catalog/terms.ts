/**
 * Licence terms a provider chooses per listing version (issue 81, item 1): which pricing
 * models a right bought under the version is sold on. The broker quotes the rights either
 * way; the terms only say what one right buys (docs/catalog.md, "Terms").
 *
 * - `oneTime` (today's right): one delivery of the window's records per right.
 * - `usage`: a right buys `perRight` units, records or requests, metered at the provider's
 *   gate; what is left unused when the grant's dispute window ends is refunded to the consumer
 *   (docs/delivery.md, "Usage grants").
 * - `tiers` and `bundles` (tiers.ts): subscription tiers over the version's contracts and
 *   several of the provider's listings bought as one; each right they buy is sold on the
 *   version's one-time or usage terms (docs/subscriptions.md, "Tiers"; docs/catalog.md, "Bundles").
 *
 * A version without `terms` is one-time only, hashed as before terms existed. Terms are
 * material: a consumer's rights depend on them (listing.ts, MATERIAL_FIELDS).
 */
import { z } from 'zod';
import { MAX_UNITS_PER_RIGHT, UsageUnit as EngineUsageUnit } from '../engine/public-values.js';
import { bundlesInputSchema, tiersInputSchema, type BundleInput, type TierInput } from './tiers.js';

/** What a usage grant counts. */
export const USAGE_UNITS = ['records', 'requests'] as const;
export type UsageUnit = (typeof USAGE_UNITS)[number];

/** At most this many units a right (the engine's bound: a grant's units, rights × this, stay far inside a safe integer). */
export { MAX_UNITS_PER_RIGHT };

export const usageTermsSchema = z
  .object({
    unit: z.enum(USAGE_UNITS).meta({ description: "'records': each record served takes one unit; 'requests': each gate request takes one" }),
    perRight: z.number().int().min(1).max(MAX_UNITS_PER_RIGHT).meta({ description: 'units one right buys (1 to 1,000,000)' }),
  })
  .strict()
  .meta({ id: 'UsageTerms', description: 'Usage-based access: a right buys perRight units, metered at the gate; the unused part is refunded when the grant ends' });
export type UsageTerms = z.infer<typeof usageTermsSchema>;

export const termsSchema = z
  .object({
    oneTime: z.boolean().optional().meta({ description: 'one delivery per right (today\'s right); default: true without usage, false with it' }),
    usage: usageTermsSchema.optional(),
    tiers: tiersInputSchema.optional(),
    bundles: bundlesInputSchema.optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    // A right exercised under a version is one or the other: the engine meters a grant by its version's terms.
    if (t.oneTime === true && t.usage !== undefined) ctx.addIssue({ code: 'custom', path: ['oneTime'], message: 'a right is either one delivery (oneTime) or usage units, not both: leave oneTime out (or false) with usage' });
    if (t.oneTime === false && t.usage === undefined) ctx.addIssue({ code: 'custom', path: ['oneTime'], message: 'the version would sell nothing: with oneTime false, offer usage' });
  })
  .meta({ id: 'ListingTerms', description: 'Licence terms: the pricing models rights bought under this version are sold on (absent: one-time purchase only)' });
export type TermsInput = z.infer<typeof termsSchema>;

/** Terms as a version keeps them: only what differs from one-time only (absent terms mean exactly that). */
export interface ListingTerms {
  oneTime: boolean;
  usage?: UsageTerms;
  tiers?: TierInput[];
  bundles?: BundleInput[];
}

/** The terms a version stores for what a provider sent: undefined for one-time only, so such a version hashes as before terms existed. */
export function storedTerms(input: TermsInput | undefined): ListingTerms | undefined {
  if (input === undefined) return undefined;
  const oneTime = input.oneTime ?? input.usage === undefined;
  const tiers = input.tiers !== undefined && input.tiers.length > 0 ? input.tiers : undefined;
  const bundles = input.bundles !== undefined && input.bundles.length > 0 ? input.bundles : undefined;
  if (oneTime && input.usage === undefined && tiers === undefined && bundles === undefined) return undefined;
  return {
    oneTime,
    ...(input.usage === undefined ? {} : { usage: { unit: input.usage.unit, perRight: input.usage.perRight } }),
    ...(tiers === undefined ? {} : { tiers }),
    ...(bundles === undefined ? {} : { bundles }),
  };
}

/** A version's terms in full (one-time only when it stores none). */
export function termsOf(v: { terms?: ListingTerms }): ListingTerms {
  return v.terms ?? { oneTime: true };
}

/** The usage terms of a version, if it sells usage. */
export function usageOf(v: { terms?: ListingTerms }): UsageTerms | undefined {
  return v.terms?.usage;
}

/** The engine's code for a usage unit (SET_USAGE_LISTING.usageUnit): 1 records, 2 requests. */
export function usageUnitCode(unit: UsageUnit): (typeof EngineUsageUnit)[keyof typeof EngineUsageUnit] {
  return unit === 'records' ? EngineUsageUnit.RECORDS : EngineUsageUnit.REQUESTS;
}

/** The usage unit of the engine's code, or undefined for 0 (no usage) and unknown codes. */
export function usageUnitOfCode(code: number): UsageUnit | undefined {
  return code === EngineUsageUnit.RECORDS ? 'records' : code === EngineUsageUnit.REQUESTS ? 'requests' : undefined;
}

/** Terms in a few words (the CLI's tables, the MCP tools): `one-time`, `usage: 100 records a right`. */
export function termsText(t: ListingTerms): string {
  const parts: string[] = [];
  if (t.oneTime) parts.push('one-time');
  if (t.usage !== undefined) parts.push(`usage: ${t.usage.perRight} ${t.usage.unit} a right`);
  if (t.tiers !== undefined) parts.push(`tiers: ${t.tiers.map((x) => x.name).join(', ')}`);
  if (t.bundles !== undefined) parts.push(`bundles: ${t.bundles.map((x) => x.name).join(', ')}`);
  return parts.join('; ');
}
