/**
 * Whether a consumer's webhook URL may be pushed to: the gate's own rules (`webhookUrl`, its
 * canonical form; `webhookHostProblem`), checked when the subscription is made so it never
 * carries a URL every gate would refuse. Providers' gates POST records to it, so a URL aimed
 * at a private network would turn every provider's gate into a probe of its own network for
 * whoever subscribes: an address that is not globally routable is refused (unless that exact
 * address:port is allowed, `subscriptions.webhookAllow`), and so are special-use and
 * single-label names. A name's addresses are judged by the gates, resolved when each batch is
 * sent (src/gate/webhook-post.ts); this check does no I/O.
 */
import { webhookHostProblem, webhookUrl, type WebhookAllowance } from '../gate/index.js';

export function webhookProblem(text: string, allowance: WebhookAllowance): string | undefined {
  const canonical = webhookUrl(text);
  if (typeof canonical !== 'string') return `'${text.slice(0, 80)}': ${canonical.problem}`;
  return webhookHostProblem(canonical, allowance);
}
