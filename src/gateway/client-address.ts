/**
 * Who a connection comes from, for the per-address limits (connections, the market-data
 * snapshot share, bytes queued): the key is the client's IPv4 address, or its IPv6 /64
 * (one subscriber line or host is given a /64, so counting single IPv6 addresses would let
 * one host open 2^64 "clients"). The socket's address is the client's unless it is one of
 * the configured trusted proxies; then the client is the nearest address in X-Forwarded-For
 * that is not a trusted proxy. Without trusted proxies the header is ignored: anyone can
 * write one.
 */
import { BlockList, isIP, isIPv4 } from 'node:net';

/** One entry of `trustedProxies`: an address (`10.0.0.7`, `::1`) or a CIDR block (`10.0.0.0/8`, `fd00::/8`). */
export function isProxyEntry(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return isIP(text) !== 0;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  const family = isIP(address);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** The trusted proxies' addresses and blocks (entries checked by isProxyEntry). */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(entries: readonly string[]) {
    this.empty = entries.length === 0;
    for (const entry of entries) {
      const [address, bits] = entry.split('/') as [string, string | undefined];
      const normal = unmapIPv4(address);
      const family = isIPv4(normal) ? 'ipv4' : 'ipv6';
      if (bits === undefined) this.list.addAddress(normal, family);
      else this.list.addSubnet(normal, Number(bits), family);
    }
  }

  has(address: string): boolean {
    if (this.empty) return false;
    const normal = unmapIPv4(address);
    const family = isIP(normal);
    if (family === 0) return false;
    return this.list.check(normal, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/**
 * The client's address as the limits count it (see the module comment), from the socket's
 * address and the X-Forwarded-For header ('' when absent). The header is read right to
 * left, past the trusted proxies: entries further left were written by whoever sent the
 * request and prove nothing. An entry that is not an address stops the walk at the last
 * proxy passed (which then stands for the client).
 */
export function clientAddress(socketAddress: string, forwardedFor: string, trusted: TrustedProxies): string {
  let client = socketAddress;
  if (forwardedFor !== '' && trusted.has(socketAddress)) {
    const hops = forwardedFor.split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!.trim();
      if (isIP(unmapIPv4(hop)) === 0) break;
      client = hop;
      if (!trusted.has(hop)) break;
    }
  }
  return addressKey(client);
}

/** The limits' key of one address: IPv4 as written, an IPv4-mapped IPv6 address as its IPv4, other IPv6 as its /64. */
export function addressKey(address: string): string {
  const normal = unmapIPv4(address);
  if (isIPv4(normal)) return normal;
  const groups = ipv6Groups(normal);
  if (groups === undefined) return normal; // not an address (uWS gave something else): counted as itself
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** An IPv6 /64 key's /48 (`2001:db8:1:2::/64` → `2001:db8:1::/48`), the network one holder is given; none for IPv4. */
export function networkKey(key: string): string | undefined {
  if (!key.endsWith('::/64')) return undefined;
  return `${key.slice(0, -'::/64'.length).split(':').slice(0, 3).join(':')}::/48`;
}

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket, as some stacks print it) as `1.2.3.4`; anything else unchanged. */
function unmapIPv4(address: string): string {
  const g = ipv6Groups(address);
  if (g === undefined || g[5] !== 0xffff || g.slice(0, 5).some((x) => x !== 0)) return address;
  return `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}`;
}

/** The eight 16-bit groups of an IPv6 address (zone dropped, `::` expanded, an IPv4 tail as two groups), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  const text = address.split('%')[0]!;
  if (isIP(text) !== 6) return undefined;
  let head = text;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = text.slice(lastColon + 1).split('.').map(Number);
    tail.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left, right] = head.split('::') as [string, string | undefined];
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').filter((g) => g !== '').map((g) => parseInt(g, 16)));
  const l = parse(left);
  const r = right === undefined ? [] : parse(right);
  const zeros = 8 - l.length - r.length - tail.length;
  return [...l, ...Array.from({ length: Math.max(0, zeros) }, () => 0), ...r, ...tail];
}
