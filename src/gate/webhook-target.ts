/**
 * Where a webhook may go (docs/security.md, "Webhooks"): only to globally routable addresses
 * (global-address.ts), except the exact `address:port` pairs an operator allows (the demo's
 * own receiver on loopback, a test's). Two checks, both here:
 *
 * - when a URL is registered or subscribed (webhookHostProblem): its host as written, no I/O.
 *   An IP literal must be global or allowed; a name must not be a special-use one (`localhost`,
 *   `*.local`, `*.internal`, ... with or without trailing dots) nor a single label (resolved
 *   through the search list, to internal hosts);
 * - each time a batch is sent (webhook-post.ts): the name is resolved and every address it
 *   resolves to is judged, then the connection goes to the address judged. A name that
 *   answered a public address at registration and a private one now (DNS rebinding) is
 *   refused then.
 *
 * Pure (no Node imports), like push-request.ts.
 */
import { formatIp, nonGlobalReason, parseIp } from './global-address.js';

/** Special-use domain names (the IANA registry, RFC 6761 and after; `internal`, ICANN's private-use TLD): never a webhook's host. */
const SPECIAL_USE_NAMES: readonly string[] = ['localhost', 'local', 'internal', 'invalid', 'test', 'onion', 'alt', 'arpa'];

/** Allowed exceptions at most (an operator's list: the demo's receiver, a test's). */
export const MAX_WEBHOOK_ALLOW = 16;

/** Exact `address:port` pairs a webhook may reach though the address is not global. */
export class WebhookAllowance {
  private readonly pairs: ReadonlySet<string>;

  /** From `127.0.0.1:8123` or `[::1]:8123` entries (an IP literal and a port, nothing wider); throws on any other. */
  constructor(entries: readonly string[] = []) {
    if (entries.length > MAX_WEBHOOK_ALLOW) throw new Error(`webhook allowance: at most ${MAX_WEBHOOK_ALLOW} address:port pairs`);
    this.pairs = new Set(entries.map(parseAllowEntry));
  }

  /** Whether this exact address (any notation) and port are allowed. */
  allows(address: string, port: number): boolean {
    const ip = parseIp(address);
    return ip !== undefined && this.pairs.has(`${formatIp(ip)}|${port}`);
  }

  get size(): number {
    return this.pairs.size;
  }
}

function parseAllowEntry(entry: string): string {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):([0-9]{1,5})$/.exec(entry);
  const ip = m === null ? undefined : parseIp(m[1] ?? m[2]!);
  const port = m === null ? 0 : Number(m[3]);
  if (m === null || ip === undefined || (m[1] !== undefined) !== (ip.family === 6) || port < 1 || port > 65_535) {
    throw new Error(`webhook allowance: '${entry.slice(0, 80)}' is not an exact address:port (127.0.0.1:8123, [::1]:8123)`);
  }
  return `${formatIp(ip)}|${port}`;
}

/** The URL's port, the scheme's default when none is written. */
export function webhookPort(u: URL): number {
  return u.port !== '' ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

/** The host as an IP address (brackets stripped), or undefined when it is a name. */
export function hostAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return parseIp(bare) === undefined ? undefined : bare;
}

/** Why an address may not be a webhook's, or undefined: global, or this exact address and port allowed. */
export function addressProblem(address: string, port: number, allowance: WebhookAllowance): string | undefined {
  if (allowance.allows(address, port)) return undefined;
  const reason = nonGlobalReason(address);
  return reason === undefined ? undefined : `${address} is ${reason}: webhooks go to globally routable addresses`;
}

/** Why a host name may not be a webhook's, or undefined (what it resolves to is judged when a batch is sent). */
export function nameProblem(hostname: string): string | undefined {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  const labels = name.split('.');
  if (labels.some((l) => l === '')) return `${hostname} is not a host name`;
  const special = SPECIAL_USE_NAMES.find((s) => labels.at(-1) === s);
  if (special !== undefined) return `${hostname} is a special-use name (${special}): webhooks go to public hosts`;
  if (labels.length < 2) return `${hostname} is a single-label name (resolved through the search list, to internal hosts): give a fully qualified name`;
  return undefined;
}

/**
 * Why a webhook URL (already canonical: webhookUrl) may not be registered, or undefined: its
 * host as written, an IP literal judged at once, a name by its form only.
 */
export function webhookHostProblem(url: string, allowance: WebhookAllowance): string | undefined {
  const u = new URL(url);
  const address = hostAddress(u.hostname);
  return address !== undefined ? addressProblem(address, webhookPort(u), allowance) : nameProblem(u.hostname);
}
