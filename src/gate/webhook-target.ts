/**
 * Where a POST may go, for every POST the exchange and its gates make to an address someone else
 * wrote (docs/security.md, "Webhooks"): a provider's gate to a consumer's webhook, the exchange's
 * subscription courier to a provider's gate (src/subscriptions/gate-post.ts). Only to globally
 * routable addresses (global-address.ts), except what the allow list (WebhookAllowance) lets
 * through: exact `address:port` pairs an operator allows (the demo's own receiver on loopback, a
 * test's, the reference provider servers), and, in the providers' gates' list only, the name
 * `localhost` as its loopback addresses (a provider trying its gate on the exchange's machine writes
 * `http://localhost:<port>`), judged as 127.0.0.1 and ::1 at that port would be. A consumer's
 * webhook may not name `localhost` (a special-use name): its list does not take it. Two checks:
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
 * A provider's gate is judged as written when its listing is stored (listedGateRefusal, for
 * src/subscriptions/endpoint-address.ts), leaving to the courier's send what it judges then.
 *
 * Pure (no Node imports), like push-request.ts.
 */
import { formatIp, nonGlobalReason, parseIp, type IpBytes } from './global-address.js';

/** Special-use domain names (the IANA registry, RFC 6761 and after; `internal`, ICANN's private-use TLD): never a webhook's host. */
const SPECIAL_USE_NAMES: readonly string[] = ['localhost', 'local', 'internal', 'invalid', 'test', 'onion', 'alt', 'arpa'];

/** Allowed exceptions at most (an operator's list: the demo's receiver, a test's). */
export const MAX_WEBHOOK_ALLOW = 16;

/** An address a POST goes to, checked. */
export interface WebhookTarget {
  address: string;
  family: 4 | 6;
}

/** The name a providers' gates' allow list takes as its loopback addresses (compared with the URL's hostname, which is lower-cased). */
const LOOPBACK_NAME = 'localhost';
/** `localhost`'s addresses, in the order tried: the POST goes to the first whose exact address:port is allowed. */
const LOOPBACK_TARGETS: readonly WebhookTarget[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

/**
 * The allow list of a kind of POST: exact `address:port` pairs it may reach though the address is not
 * global, and whether the name `localhost` stands for its loopback addresses (providers' gates'
 * lists: `withLocalhost`; never a webhook's).
 */
export class WebhookAllowance {
  private readonly entries: readonly string[];
  private readonly pairs: ReadonlySet<string>;
  /** `localhost` (exactly: not `a.localhost`, not `localhost.`) is taken as 127.0.0.1 and ::1, never looked up. */
  readonly localhostIsLoopback: boolean;

  /** From `127.0.0.1:8123` or `[::1]:8123` entries (an IP literal and a port, nothing wider); throws on any other. */
  constructor(entries: readonly string[] = [], options: { localhostIsLoopback?: boolean } = {}) {
    if (entries.length > MAX_WEBHOOK_ALLOW) throw new Error(`webhook allowance: at most ${MAX_WEBHOOK_ALLOW} address:port pairs`);
    this.entries = [...entries];
    this.pairs = new Set(entries.map(parseAllowEntry));
    this.localhostIsLoopback = options.localhostIsLoopback === true;
  }

  /** The same pairs, with `localhost` taken as its loopback addresses (the list of providers' gates). */
  withLocalhost(): WebhookAllowance {
    return this.localhostIsLoopback ? this : new WebhookAllowance(this.entries, { localhostIsLoopback: true });
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

/**
 * Where a POST to a `localhost` URL goes under an allow list that takes it as loopback: the first of its
 * loopback addresses whose exact address:port is allowed, else why it is refused; undefined for any other
 * host, or a list that does not take it (the name rules then refuse it as special-use).
 */
export function localhostTarget(u: URL, allowance: WebhookAllowance): WebhookTarget | { refused: string } | undefined {
  if (!allowance.localhostIsLoopback || u.hostname !== LOOPBACK_NAME) return undefined;
  const port = webhookPort(u);
  return (
    LOOPBACK_TARGETS.find((t) => allowance.allows(t.address, port)) ?? {
      refused: `localhost is loopback (127.0.0.1, ::1): the exchange POSTs to a gate on its own machine only at an exact address:port allowed (127.0.0.1:${port} or [::1]:${port}: catalog.endpointAllow)`,
    }
  );
}

/** Why a POST may not go to this address and port, as the registries name its block, or undefined: global, or this exact pair allowed. */
function addressReason(address: string, port: number, allowance: WebhookAllowance): string | undefined {
  return allowance.allows(address, port) ? undefined : nonGlobalReason(address);
}

/** Why an address may not be a webhook's, or undefined: global, or this exact address and port allowed. */
export function addressProblem(address: string, port: number, allowance: WebhookAllowance): string | undefined {
  const reason = addressReason(address, port, allowance);
  return reason === undefined ? undefined : `${address} is ${reason}: webhooks go to globally routable addresses`;
}

/** Loopback written as itself (127.0.0.0/8, ::1): not a mapped, compatible or NAT64 form, which no gate on the exchange's machine needs. */
function isPlainLoopback(ip: IpBytes): boolean {
  if (ip.family === 4) return ip.bytes[0] === 127;
  return ip.bytes.every((b, i) => b === (i === 15 ? 1 : 0));
}

/** An address a listing's gate may not be written as: the address as written, its port, and why. */
export interface ListedGateRefusal {
  address: string;
  port: number;
  reason: string;
}

/**
 * A provider's gate URL judged as written when its listing is stored (no I/O), under the rules its POSTs go by: an IP
 * literal inside a network is refused unless its exact address:port is allowed, as the courier's send would refuse it.
 * What the courier judges only when it sends is accepted here: a name (resolved then, every address judged;
 * `localhost` as its loopback addresses, special-use and single-label names refused then) and loopback written as
 * itself (providers trying their gate on the exchange's machine, the demo, tests: sent to then only at an allowed
 * exact pair, else the grant is refused ENDPOINT_NOT_ALLOWED and its provider sees why).
 */
export function listedGateRefusal(url: string, allowance: WebhookAllowance): ListedGateRefusal | undefined {
  const u = new URL(url);
  const address = hostAddress(u.hostname);
  const ip = address === undefined ? undefined : parseIp(address);
  if (address === undefined || ip === undefined || isPlainLoopback(ip)) return undefined;
  const port = webhookPort(u);
  const reason = addressReason(address, port, allowance);
  return reason === undefined ? undefined : { address, port, reason };
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
  const loopback = localhostTarget(u, allowance);
  if (loopback !== undefined) return 'refused' in loopback ? loopback.refused : undefined;
  const address = hostAddress(u.hostname);
  return address !== undefined ? addressProblem(address, webhookPort(u), allowance) : nameProblem(u.hostname);
}
