/** Subscriptions, the service's side (docs/subscriptions.md; the engine's is src/engine/products/subscriptions.ts). */
export { SubscriptionLedger, MAX_ACTIVITY_PER_READ, type SubscriptionRecord, type SubscriptionActivity, type PushTerms, type Handoff } from './ledger.js';
export { SubscriptionRunner, SUBSCRIPTION_RUN_INTERVAL_MS, SUBSCRIPTION_RUN_ACTIONS } from './runner.js';
export { subscriptionRoutes, type SubscriptionRouteOptions } from './routes.js';
export { SUBSCRIPTION_OPERATIONS, subscribeBody, pushAuthorisationSchema } from './operations.js';
export { webhookProblem } from './webhook-url.js';
export { checkPushAuthorisation, type PushAuthorisationFields } from './push-authorisation.js';
export { SubscriptionCourier, COURIER_INTERVAL_MS, GATES_IN_FLIGHT, type CourierOptions, type HandoffRefusal } from './courier.js';
export { DeliveryRefusals, type DeliveryRefusal } from './delivery-refusals.js';
export { tierRoutes, type TierRouteOptions } from './tier-routes.js';
export { pushTermsOf, type PushChecks, type DeliveryInput } from './push-terms.js';
export { TIER_OPERATIONS, subscribeTierBody, buyBundleBody } from './tier-operations.js';
export { bundleQuote, tierView, currentWindow, legQuote, type LegQuote } from './tier-views.js';
export { SubscriptionCover, DEFAULT_MIN_COVER_MICROS, coverRefusal, isShort, type CoverShort, type CoverHeld, type WindowTerms } from './cover.js';
