/**
 * Whether a consumer's webhook URL may be pushed to. Providers' gates POST records to it, so a
 * URL aimed at a private network would turn every provider's gate into a probe of its own
 * network for whoever subscribes: such URLs (loopback, private, link-local and unique-local
 * addresses, `localhost`) are refused unless the exchange runs on one machine for a demo or a
 * test (`subscriptions.privateWebhooks`). Names are not resolved here; a gate that pushes
 * checks the address it connects to as well.
 */
import { isIP } from 'node:net';

export function webhookProblem(text: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text.slice(0, 80)}' is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `a webhook is an http(s) URL, not ${url.protocol}`;
  if (url.username !== '' || url.password !== '') return 'a webhook URL carries no credentials';
  if (url.hash !== '') return 'a webhook URL has no fragment';
  if (!allowPrivate && isPrivateHost(url.hostname)) return `${url.hostname} is a private or loopback address: webhooks go to public hosts`;
  return undefined;
}

/** Loopback, private, link-local, unique-local or unspecified addresses, and localhost names. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  const kind = isIP(host);
  if (kind === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (kind === 6) {
    if (host === '::' || host === '::1') return true;
    if (host.startsWith('::ffff:')) return isPrivateHost(host.slice(7));
    return /^(fc|fd|fe8|fe9|fea|feb)/.test(host);
  }
  return false;
}
