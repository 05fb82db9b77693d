/**
 * Subscription tiers and bundles as a provider writes them in a listing version's terms
 * (docs/catalog.md, "Tiers" and "Bundles"; the engine's side: src/engine/products/tiers.ts,
 * bundles.ts).
 *
 * A tier: a name, contracts of the listing's segment, rights of each per window, a cadence
 * (every k-th window), seats, and a price rule relative to the broker's quote:
 *   {rule: 'ask'}                              each right at the ask;
 *   {rule: 'ask-capped', capBps}               at the ask, never above the ask at subscription + capBps;
 *   {rule: 'window-budget', windowBudgetMicros} at the ask, at most this a window for the whole tier.
 * Never a price of its own: the broker quotes every right in it.
 *
 * A bundle: several of the provider's own listings sold as one purchase, all-or-none at the
 * sum of the broker's asks (no discount: it would be a second price the broker cannot hedge).
 * Defined by the provider, not the exchange, because only the provider of every leg can stand
 * behind selling them together (and a discount, if one is ever offered, could only come out of
 * its own proceeds).
 */
import { z } from 'zod';
import {
  MAX_BUNDLE_LEGS,
  MAX_SEGMENT_SEATS,
  MAX_TIER_CAP_BPS,
  MAX_TIER_CONTRACTS,
  MAX_TIER_EVERY_WINDOWS,
  MAX_TIER_QTY,
  MAX_TIERS_PER_LISTING,
  TIER_NAME,
  TierPriceRule,
  tierProblem,
  type TierTerms,
} from '../engine/public-values.js';

const name = z.string().regex(TIER_NAME, '1 to 32 lower case letters, digits and -, starting with a letter');
const contract = z.string().min(1).max(64).meta({ description: 'a spot contract of the listing\'s segment, SEGMENT|WINDOW|LO-HI' });

export const tierPriceSchema = z
  .discriminatedUnion('rule', [
    z.object({ rule: z.literal('ask') }).strict(),
    z.object({ rule: z.literal('ask-capped'), capBps: z.number().int().min(0).max(MAX_TIER_CAP_BPS).meta({ description: 'bps above the ask (or reference price) at subscription: the most a right is bought for' }) }).strict(),
    z.object({ rule: z.literal('window-budget'), windowBudgetMicros: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ description: 'the most a window of the whole tier costs, µPAT' }) }).strict(),
  ])
  .meta({ id: 'TierPriceRule', description: "How the tier's price follows the broker's quote: 'ask', 'ask-capped' (capBps), 'window-budget' (windowBudgetMicros)" });

export const tierInputSchema = z
  .object({
    name: name.meta({ description: "the tier's name, e.g. retail, pro" }),
    contracts: z.array(contract).min(1).max(MAX_TIER_CONTRACTS),
    qtyPerContract: z.number().int().min(1).max(MAX_TIER_QTY).default(1).meta({ description: 'rights of each contract bought in each window it buys' }),
    everyWindows: z.number().int().min(1).max(MAX_TIER_EVERY_WINDOWS).default(1).meta({ description: '1: every window; k: every k-th window' }),
    seats: z.number().int().min(1).max(MAX_SEGMENT_SEATS).meta({ description: 'tier subscriptions it serves at once' }),
    price: tierPriceSchema,
  })
  .strict()
  .meta({ id: 'Tier', description: 'A subscription tier: contracts, cadence, seats and a price rule relative to the broker\'s quote' });
export type TierInput = z.infer<typeof tierInputSchema>;

export const tiersInputSchema = z
  .array(tierInputSchema)
  .max(MAX_TIERS_PER_LISTING)
  .superRefine((tiers, ctx) => {
    const seen = new Set<string>();
    tiers.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `tier ${t.name} is named twice` });
      seen.add(t.name);
      if (new Set(t.contracts).size !== t.contracts.length) ctx.addIssue({ code: 'custom', path: [i, 'contracts'], message: 'a contract is named twice' });
      if (t.price.rule === 'window-budget' && t.price.windowBudgetMicros < t.contracts.length * t.qtyPerContract) {
        ctx.addIssue({ code: 'custom', path: [i, 'price', 'windowBudgetMicros'], message: 'buys at least 1 µPAT a right: at least contracts × qtyPerContract' });
      }
    });
  });

export const bundleLegSchema = z
  .object({
    listingId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().meta({ description: "one of the provider's listings (absent: this one)" }),
    contract,
    qty: z.number().int().min(1).max(MAX_TIER_QTY).default(1),
  })
  .strict();
export type BundleLegInput = z.infer<typeof bundleLegSchema>;

export const bundleInputSchema = z
  .object({
    name: name.meta({ description: "the bundle's name; it is addressed as LISTING/NAME" }),
    legs: z.array(bundleLegSchema).min(2).max(MAX_BUNDLE_LEGS),
  })
  .strict()
  .meta({ id: 'Bundle', description: "Several of the provider's listings as one purchase: a right in the current window of each leg's contract, all or none, at the sum of the asks" });
export type BundleInput = z.infer<typeof bundleInputSchema>;

export const bundlesInputSchema = z
  .array(bundleInputSchema)
  .max(MAX_TIERS_PER_LISTING)
  .superRefine((bundles, ctx) => {
    const seen = new Set<string>();
    bundles.forEach((b, i) => {
      if (seen.has(b.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `bundle ${b.name} is named twice` });
      seen.add(b.name);
    });
  });

/** A tier as the engine holds it (SET_LISTING_TIERS). */
export function tierTermsOf(t: TierInput): TierTerms {
  const rule = t.price.rule === 'ask' ? TierPriceRule.ASK : t.price.rule === 'ask-capped' ? TierPriceRule.ASK_CAPPED : TierPriceRule.WINDOW_BUDGET;
  return {
    name: t.name, contracts: [...t.contracts], qtyPerContract: t.qtyPerContract, everyWindows: t.everyWindows, seats: t.seats, priceRule: rule,
    capBps: t.price.rule === 'ask-capped' ? t.price.capBps : 0, windowBudgetMicros: t.price.rule === 'window-budget' ? t.price.windowBudgetMicros : 0,
  };
}

/** What is wrong with a version's tiers and bundles for a listing of `segment`, by path (the engine checks tiers again). */
export function termsProblems(terms: { tiers?: TierInput[]; bundles?: BundleInput[] } | undefined, segment: string): Array<{ path: (string | number)[]; message: string }> {
  const problems: Array<{ path: (string | number)[]; message: string }> = [];
  (terms?.tiers ?? []).forEach((t, i) => {
    const problem = tierProblem(tierTermsOf(t), segment);
    if (problem !== undefined) problems.push({ path: ['terms', 'tiers', i], message: problem });
  });
  (terms?.bundles ?? []).forEach((b, i) => {
    const legs = new Set<string>();
    b.legs.forEach((leg, j) => {
      // Two listings of a segment sell the same contract's rights: a contract is one leg.
      if (legs.has(leg.contract)) problems.push({ path: ['terms', 'bundles', i, 'legs', j], message: `${leg.contract} is in the bundle twice` });
      legs.add(leg.contract);
      // A leg on this listing must be of its segment; another listing's legs are checked against it when the version is stored.
      if (leg.listingId === undefined) {
        const problem = tierProblem({ name: 'leg', contracts: [leg.contract], qtyPerContract: 1, everyWindows: 1, seats: 1, priceRule: TierPriceRule.ASK, capBps: 0, windowBudgetMicros: 0 }, segment);
        if (problem !== undefined) problems.push({ path: ['terms', 'bundles', i, 'legs', j, 'contract'], message: problem });
      }
    });
  });
  return problems;
}
