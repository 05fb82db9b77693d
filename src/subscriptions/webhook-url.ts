/**
 * Whether a consumer's webhook URL may be pushed to: the gate's own rules (`webhookUrl`, its
 * canonical form; `privateHost`), checked when the subscription is made so it never carries a
 * URL every gate would refuse. Providers' gates POST records to it, so a URL aimed at a private
 * network would turn every provider's gate into a probe of its own network for whoever
 * subscribes: loopback, private and link-local literals are refused unless the exchange runs on
 * one machine for a demo or a test (`subscriptions.privateWebhooks`).
 */
import { privateHost, webhookUrl } from '../gate/index.js';

export function webhookProblem(text: string, allowPrivate: boolean): string | undefined {
  const canonical = webhookUrl(text);
  if (typeof canonical !== 'string') return `'${text.slice(0, 80)}': ${canonical.problem}`;
  const host = new URL(canonical).hostname;
  if (!allowPrivate && privateHost(host)) return `${host} is a private or loopback address: webhooks go to public hosts`;
  return undefined;
}
