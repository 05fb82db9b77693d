/**
 * The subscriptions' HTTP operations (docs/subscriptions.md): rows of the gateway's route
 * registry, served by routes.ts. `subscribeBody` is the schema the route validates with.
 */
import { z } from 'zod';
import { field, operationRows, pageReadCost } from '../http-registry/index.js';
import { MAX_SKIPS_LIMIT, MAX_WEBHOOK_URL_LENGTH } from '../engine/public-values.js';

const subscriptionId = z.object({ id: field.id('a subscription id') });
const micros = (description: string) => z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ description });

export const pushAuthorisationSchema = z
  .object({
    untilMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: 'the authorisation expires then (ms since the epoch)' }),
    nonce: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    consumerSignature: z.string().regex(/^0x[0-9a-fA-F]{130}$/).meta({ description: "the subscriber's EIP-191 signature of the push authorisation text over this URL (docs/delivery.md, \"Push delivery\"; signPushAuthorisation in the client)" }),
  })
  .strict()
  .meta({ id: 'PushAuthorisation', description: "The subscriber's standing authorisation for providers' gates to POST its records to its webhook" });

/** How a subscription's grants reach the subscriber (a contract's, or every contract's of a tier). */
export const deliverySchema = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('pull') }).strict(),
    z.object({ mode: z.literal('webhook'), url: z.string().min(1).max(MAX_WEBHOOK_URL_LENGTH), authorisation: pushAuthorisationSchema }).strict(),
  ])
  .default({ mode: 'pull' })
  .meta({ description: "pull: the grants wait in /v1/grants/mine (and the client streams the records); webhook: the exchange hands each grant with the authorisation to the provider's gate, which POSTs the records to the URL" });

export const subscribeBody = z
  .object({
    contract: z.string().min(1).max(64).meta({ description: 'a spot contract, SEGMENT|WINDOW|LO-HI' }),
    qtyPerWindow: z.number().int().min(1).max(1_000_000).meta({ description: 'rights to buy in each window' }),
    capPriceMicros: micros('the most to pay for one right, µPAT'),
    budgetMicros: micros('the most to spend in all, µPAT'),
    trigger: z.enum(['list', 'open']).default('open').meta({ description: 'buy each window when it is listed, or when it opens' }),
    autoExercise: z.boolean().default(true).meta({ description: 'exercise the rights once the window is open (grants issued)' }),
    maxSkips: z.number().int().min(1).max(MAX_SKIPS_LIMIT).default(3).meta({ description: 'windows skipped in a row before it pauses' }),
    includeCurrent: z.boolean().default(true).meta({ description: 'also buy the window open now' }),
    delivery: deliverySchema,
  })
  .strict()
  .meta({ id: 'Subscribe', description: 'A standing instruction: buy each new window of a contract at the ask up to the cap, within the budget' });

const SUBSCRIPTION_ERRORS = { 404: 'UNKNOWN_SUBSCRIPTION (also another account\'s)', 503: 'SUBSCRIPTIONS_UNAVAILABLE' } as const;

export const SUBSCRIPTION_OPERATIONS = operationRows({ tags: ['subscriptions'], security: 'wallet' }, {
  subscribe: {
    method: 'POST',
    path: '/v1/subscriptions',
    operationId: 'subscribe',
    summary: 'Subscribe to a contract: each new window bought at the broker\'s ask up to the cap, exercised, delivered',
    body: subscribeBody,
    responses: { 201: { description: 'the subscription' } },
    errors: { 400: 'MALFORMED_SUBSCRIPTION, INVALID_SUBSCRIPTION, INVALID_CONTRACT_KEY, BAD_WEBHOOK, BAD_AUTHORISATION', 403: 'ROLE_NOT_ALLOWED', 409: 'SEATS_FULL, SUBSCRIPTION_LIMIT, INSUFFICIENT_BALANCE (the free PAT does not cover it with the live ones: docs/subscriptions.md, "Cover")', 503: 'SUBSCRIPTIONS_UNAVAILABLE' },
  },
  list: {
    method: 'GET',
    path: '/v1/subscriptions',
    operationId: 'listSubscriptions',
    readCost: pageReadCost(50),
    summary: "The account's subscriptions, newest first, cancelled and ended included",
    query: field.page(),
    responses: { 200: { description: '{total, subscriptions}' } },
    errors: { 503: 'SUBSCRIPTIONS_UNAVAILABLE' },
  },
  one: {
    method: 'GET',
    path: '/v1/subscriptions/{id}',
    operationId: 'getSubscription',
    readCost: pageReadCost(50), // its activity: `limit` entries (default 50)
    summary: 'One subscription with what it did, newest first: purchases, skips and why, exercises, status changes',
    params: subscriptionId,
    query: z.object({ limit: field.int(1, 200, 'activity entries at most', 50).optional(), beforeSeq: field.int(1, Number.MAX_SAFE_INTEGER, 'activity before this seq (paging)').optional() }),
    responses: { 200: { description: '{subscription, activity}' } },
    errors: SUBSCRIPTION_ERRORS,
  },
  cancel: {
    method: 'POST',
    path: '/v1/subscriptions/{id}/cancel',
    operationId: 'cancelSubscription',
    summary: 'Cancel: no window is bought after this (rights bought stay yours)',
    params: subscriptionId,
    responses: { 200: { description: 'the subscription' } },
    errors: SUBSCRIPTION_ERRORS,
  },
  resume: {
    method: 'POST',
    path: '/v1/subscriptions/{id}/resume',
    operationId: 'resumeSubscription',
    summary: 'Resume a subscription paused after too many skips, from the next window',
    params: subscriptionId,
    responses: { 200: { description: 'the subscription' } },
    errors: { ...SUBSCRIPTION_ERRORS, 409: 'NOT_PAUSED' },
  },
  seats: {
    method: 'GET',
    path: '/v1/seats',
    operationId: 'listSeats',
    summary: "Segments whose listings limit subscribers: seats offered and taken",
    security: 'public',
    responses: { 200: { description: '{seats: [{segment, seats, taken}]}' } },
  },
});
