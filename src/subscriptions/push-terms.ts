/**
 * A subscription's delivery as the subscribe routes take it (`delivery: {mode: 'pull'}` or
 * `{mode: 'webhook', url, authorisation}`), checked before anything reaches the engine: the URL
 * against the webhook rules (webhook-url.ts), the push authorisation against the subscriber's
 * account and URL. Shared by a contract's subscription (routes.ts) and a tier's (tier-subscription-routes.ts),
 * which deliver by push alike (docs/subscriptions.md, "Delivery").
 */
import type { z } from 'zod';
import type { WebhookAllowance } from '../gate/index.js';
import type { HttpReply } from '../http-registry/index.js';
import type { deliverySchema } from './operations.js';
import { webhookProblem } from './webhook-url.js';

export type DeliveryInput = z.infer<typeof deliverySchema>;

export interface PushChecks {
  /** Why a WEBHOOK subscription's push authorisation does not hold for this account and URL (undefined: it holds). */
  checkAuthorisation: (accountId: number, url: string, delivery: DeliveryInput & { mode: 'webhook' }) => string | undefined;
  /** The exact address:port pairs a webhook may name though not globally routable (`subscriptions.webhookAllow`; none by default). */
  webhookAllowance: WebhookAllowance;
}

/** What the engine's command carries for a delivery: '' and '' for pull; a 400 (BAD_WEBHOOK, BAD_AUTHORISATION) when a webhook's terms do not hold. */
export function pushTermsOf(accountId: number, delivery: DeliveryInput, o: PushChecks): { webhookUrl: string; pushAuthorisation: string } | HttpReply {
  if (delivery.mode === 'pull') return { webhookUrl: '', pushAuthorisation: '' };
  const problem = webhookProblem(delivery.url, o.webhookAllowance);
  if (problem !== undefined) return { status: 400, body: { error: 'BAD_WEBHOOK', message: problem } };
  const refused = o.checkAuthorisation(accountId, delivery.url, delivery);
  if (refused !== undefined) return { status: 400, body: { error: 'BAD_AUTHORISATION', message: refused } };
  return { webhookUrl: delivery.url, pushAuthorisation: JSON.stringify({ url: delivery.url, ...delivery.authorisation }) };
}
