/**
 * The tiers' and bundles' HTTP operations (docs/subscriptions.md, "Tiers"; docs/catalog.md,
 * "Bundles"): rows of the gateway's route registry, served by tier-routes.ts.
 */
import { z } from 'zod';
import { field, rowsReadCost, type Operation } from '../http-registry/index.js';
import { MAX_SKIPS_LIMIT, MAX_SUBSCRIPTIONS_PER_ACCOUNT, TIER_NAME } from '../engine/public-values.js';
import { deliverySchema } from './operations.js';

const micros = (description: string) => z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ description });
const name = (what: string) => z.string().regex(TIER_NAME, `${what}: 1 to 32 lower case letters, digits and -`).meta({ description: what });

export const subscribeTierBody = z
  .object({
    listingId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ description: 'the published listing whose tier it is' }),
    tier: name('the tier, e.g. retail, pro'),
    budgetMicros: micros('the most to spend in all, µPAT, shared evenly by the tier\'s contracts'),
    trigger: z.enum(['list', 'open']).default('open').meta({ description: 'buy each window when it is listed, or when it opens' }),
    maxSkips: z.number().int().min(1).max(MAX_SKIPS_LIMIT).default(3).meta({ description: 'windows a contract skips in a row before it pauses' }),
    includeCurrent: z.boolean().default(true).meta({ description: 'also buy the window open now' }),
    organisation: z.boolean().default(false).meta({ description: "subscribe for the signer's organisation (its admins and traders): its account pays, and it takes a seat for each member (docs/organisations.md, \"Seats\")" }),
    delivery: deliverySchema,
  })
  .strict()
  .meta({ id: 'SubscribeTier', description: "Subscribe to a listing's tier: each of its contracts bought at the broker's ask under the tier's price rule, within the budget" });

export const buyBundleBody = z
  .object({
    maxCostMicros: micros('the most the legs may cost together at the asks, µPAT (the quote you saw); above it the purchase is refused BUNDLE_PRICE_MOVED'),
  })
  .strict()
  .meta({ id: 'BuyBundle', description: 'Buy every leg of the bundle at the broker\'s asks, or nothing' });

const listingParams = z.object({ id: field.id('a listing id') });
const bundleParams = z.object({ id: field.id('the listing that defines the bundle'), name: name('the bundle\'s name') });
const tierSubscriptionParams = z.object({ id: field.id('a tier subscription id') });

export const TIER_OPERATIONS = {
  listingTiers: {
    method: 'GET',
    path: '/v1/listings/{id}/tiers',
    operationId: 'getListingTiers',
    summary: "A published listing's subscription tiers and bundles, each with what it costs at the broker's asks now and its seats taken",
    tags: ['subscriptions'],
    security: 'public',
    params: listingParams,
    responses: { 200: { description: '{listingId, segment, version, tiers: [{name, contracts, qtyPerContract, everyWindows, price, seats, seatsTaken, windowCostMicros, now}], bundles: [{name, legs}]}' } },
    errors: { 404: 'UNKNOWN_LISTING' },
  },
  bundleQuote: {
    method: 'GET',
    path: '/v1/listings/{id}/bundles/{name}',
    operationId: 'getBundleQuote',
    summary: "A bundle's quote: each leg at the broker's asks in its window open now, and the sum (null with the first leg that cannot fill)",
    tags: ['subscriptions'],
    security: 'public',
    params: bundleParams,
    responses: { 200: { description: '{listingId, name, legs: [{listingId, contract, qty, seriesId, askMicros, costMicros}], costMicros, unfillableLeg, quotedAtMs}' } },
    errors: { 404: 'UNKNOWN_LISTING, UNKNOWN_BUNDLE' },
  },
  buyBundle: {
    method: 'POST',
    path: '/v1/listings/{id}/bundles/{name}/buy',
    operationId: 'buyBundle',
    summary: 'Buy a bundle: every leg at the broker\'s asks, or nothing (a refusal names the leg)',
    tags: ['subscriptions'],
    security: 'wallet',
    params: bundleParams,
    body: buyBundleBody,
    responses: { 200: { description: '{bundle, legs: [{listingId, contract, seriesId, qty, costMicros}], costMicros}' } },
    errors: {
      400: 'MALFORMED_BUNDLE_BUY, INVALID_BUNDLE',
      403: 'ROLE_NOT_ALLOWED',
      404: 'UNKNOWN_LISTING, UNKNOWN_BUNDLE',
      409: 'NO_OPEN_WINDOW, BUNDLE_LEG_UNFILLABLE, BUNDLE_PRICE_MOVED, INSUFFICIENT_BALANCE, LEG_NOT_PUBLISHED (the refusal\'s `details.leg` names the leg)',
    },
  },
  subscribeTier: {
    method: 'POST',
    path: '/v1/tier-subscriptions',
    operationId: 'subscribeTier',
    summary: "Subscribe to a listing's tier: one subscription per contract made at once, holding one of the tier's seats; its grants pulled, or pushed to a webhook",
    tags: ['subscriptions'],
    security: 'wallet',
    body: subscribeTierBody,
    responses: { 201: { description: 'the tier subscription' } },
    errors: {
      400: 'MALFORMED_SUBSCRIPTION, INVALID_SUBSCRIPTION, BAD_WEBHOOK, BAD_AUTHORISATION',
      403: 'ROLE_NOT_ALLOWED, ROLE_FORBIDDEN (a reader for its organisation)',
      404: 'UNKNOWN_LISTING, UNKNOWN_TIER, NOT_IN_ORGANISATION',
      409: 'TIER_SEATS_FULL, ALREADY_IN_TIER, TIER_NOT_QUOTED, SEATS_FULL, SUBSCRIPTION_LIMIT, INSUFFICIENT_BALANCE',
      503: 'SUBSCRIPTIONS_UNAVAILABLE',
    },
  },
  listTierSubscriptions: {
    method: 'GET',
    path: '/v1/tier-subscriptions',
    operationId: 'listTierSubscriptions',
    readCost: rowsReadCost(2 * MAX_SUBSCRIPTIONS_PER_ACCOUNT), // the account's live subscriptions and its organisation's
    summary: "The account's live tier subscriptions, each with its contracts' subscriptions (and its organisation's, for a member)",
    tags: ['subscriptions'],
    security: 'wallet',
    responses: { 200: { description: '{tierSubscriptions: [{tierSubscriptionId, listingId, tier, budgetMicros, spentMicros, subscriptions}], organisationTierSubscriptions (a member: its organisation\'s, the same shape)}' } },
    errors: { 503: 'SUBSCRIPTIONS_UNAVAILABLE' },
  },
  cancelTierSubscription: {
    method: 'POST',
    path: '/v1/tier-subscriptions/{id}/cancel',
    operationId: 'cancelTierSubscription',
    summary: 'Cancel a tier subscription: all its contracts together, its seat freed (rights bought stay yours)',
    tags: ['subscriptions'],
    security: 'wallet',
    params: tierSubscriptionParams,
    responses: { 200: { description: '{tierSubscriptionId, status: cancelled, subscriptionIds, spentMicros (what its contracts spent in all, final: nothing buys after the cancel)}' } },
    errors: { 403: 'ROLE_FORBIDDEN (a reader, for its organisation\'s)', 404: 'UNKNOWN_TIER_SUBSCRIPTION (also another account\'s)' },
  },
} as const satisfies Record<string, Operation>;
