/**
 * Whether an IP address is globally routable: the only kind a webhook may be sent to
 * (docs/security.md, "Webhooks"). Judged per the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and its updates, as of 2026), the multicast and reserved blocks, and
 * the IPv6 address space registry (only 2000::/3 is global unicast), with every form that
 * embeds an IPv4 address judged by what it reaches:
 *
 * - IPv4-mapped `::ffff:a.b.c.d` and IPv4-compatible `::a.b.c.d` (deprecated): refused
 *   whatever they embed (outside 2000::/3; a socket would reach the embedded address, and a
 *   webhook has a plain IPv4 address for that);
 * - NAT64 `64:ff9b::/96` (RFC 6052's well-known prefix): global when the embedded IPv4 is;
 *   `64:ff9b:1::/48` (local-use NAT64, RFC 8215): refused;
 * - 6to4 `2002::/16`: global when the IPv4 in bits 16–47 is;
 * - Teredo `2001::/32`: refused (a tunnel to the IPv4 addresses it embeds, one obfuscated).
 *
 * Pure (no Node imports): the address is a string as `dns.lookup` answers it or a URL carries
 * it (brackets stripped). A zone (`fe80::1%eth0`) is never global.
 */

/** An address as 4 (IPv4) or 16 (IPv6) bytes. */
export interface IpBytes {
  family: 4 | 6;
  bytes: Uint8Array;
}

/** A block of addresses and what it is, as the registries name it. */
interface Block {
  prefix: Uint8Array;
  bits: number;
  name: string;
}

/** Dotted-quad decimal only (what dns.lookup answers and a URL's host is canonicalized to): no octal, hex or short forms. */
function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    bytes[i] = Number(p);
  }
  return bytes;
}

/** RFC 4291 text: eight groups of 1–4 hex digits, one `::` at most, the last 32 bits optionally a dotted quad. */
function parseIpv6(text: string): Uint8Array | undefined {
  if (text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (v4 === undefined) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  // A dotted quad only at the very end.
  if (halves.length === 2 && halves[0]!.includes('.')) return undefined;
  const given = head.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - given).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

/** The address's bytes, or undefined when the text is no IP address (a name, a zone, an odd notation). */
export function parseIp(text: string): IpBytes | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, bytes: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, bytes: v6 };
}

/** The address in its canonical text: dotted quad, or RFC 5952 IPv6 (lower case, the longest run of zero groups as `::`). */
export function formatIp(ip: IpBytes): string {
  if (ip.family === 4) return ip.bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  let bestAt = -1;
  let bestLength = 1; // a single zero group is not shortened
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestAt, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLength).join(':')}`;
}

function block(cidr: string, name: string): Block {
  const [address, bits] = cidr.split('/');
  const ip = parseIp(address!);
  if (ip === undefined) throw new Error(`not a block: ${cidr}`);
  return { prefix: ip.bytes, bits: Number(bits), name };
}

function within(bytes: Uint8Array, b: Block): boolean {
  if (bytes.length !== b.prefix.length) return false;
  const whole = b.bits >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== b.prefix[i]) return false;
  const rest = b.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (bytes[whole]! & mask) === (b.prefix[whole]! & mask);
}

/** IPv4 blocks the special-purpose registry marks globally reachable inside the blocks below (checked first). */
const IPV4_GLOBAL_EXCEPTIONS: readonly Block[] = [block('192.0.0.9/32', 'Port Control Protocol anycast'), block('192.0.0.10/32', 'TURN anycast')];

/** IPv4 blocks that are not globally routable unicast: the special-purpose registry's not-globally-reachable entries, multicast and the reserved block. */
const IPV4_NOT_GLOBAL: readonly Block[] = [
  block('0.0.0.0/8', '"this network" (0.0.0.0/8)'),
  block('10.0.0.0/8', 'private (10.0.0.0/8)'),
  block('100.64.0.0/10', 'shared address space (100.64.0.0/10)'),
  block('127.0.0.0/8', 'loopback (127.0.0.0/8)'),
  block('169.254.0.0/16', 'link-local (169.254.0.0/16)'),
  block('172.16.0.0/12', 'private (172.16.0.0/12)'),
  block('192.0.0.0/24', 'IETF protocol assignments (192.0.0.0/24)'),
  block('192.0.2.0/24', 'documentation (192.0.2.0/24)'),
  block('192.88.99.0/24', 'deprecated 6to4 relay anycast (192.88.99.0/24)'),
  block('192.168.0.0/16', 'private (192.168.0.0/16)'),
  block('198.18.0.0/15', 'benchmarking (198.18.0.0/15)'),
  block('198.51.100.0/24', 'documentation (198.51.100.0/24)'),
  block('203.0.113.0/24', 'documentation (203.0.113.0/24)'),
  block('224.0.0.0/4', 'multicast (224.0.0.0/4)'),
  block('255.255.255.255/32', 'limited broadcast (255.255.255.255)'),
  block('240.0.0.0/4', 'reserved (240.0.0.0/4)'),
];

/** Only this block of IPv6 is global unicast (the IPv6 address space registry); the rest is named for the reason given. */
const IPV6_GLOBAL_UNICAST = block('2000::/3', 'global unicast');

/** Blocks outside 2000::/3, named (the reason a refusal gives); anything else outside it is "not global unicast". */
const IPV6_OUTSIDE: readonly Block[] = [
  block('::/128', 'unspecified (::)'),
  block('::1/128', 'loopback (::1)'),
  block('::ffff:0:0/96', 'IPv4-mapped (::ffff:0:0/96)'),
  block('::/96', 'IPv4-compatible (::/96, deprecated)'),
  block('64:ff9b:1::/48', 'local-use NAT64 (64:ff9b:1::/48)'),
  block('100::/64', 'discard-only (100::/64)'),
  block('5f00::/16', 'SRv6 SIDs (5f00::/16)'),
  block('fc00::/7', 'unique local (fc00::/7)'),
  block('fe80::/10', 'link-local (fe80::/10)'),
  block('fec0::/10', 'site-local (fec0::/10, deprecated)'),
  block('ff00::/8', 'multicast (ff00::/8)'),
];

/**
 * IPv6 blocks the special-purpose registry marks globally reachable inside 2001::/23 (checked
 * first). Not ORCHIDv2 (2001:20::/28) nor DRIP (2001:30::/28), which it marks so too: they are
 * identifiers, not routed at the IP layer (RFC 7343, RFC 9374), so nothing to POST to.
 */
const IPV6_GLOBAL_EXCEPTIONS: readonly Block[] = [
  block('2001:1::1/128', 'Port Control Protocol anycast'),
  block('2001:1::2/128', 'TURN anycast'),
  block('2001:1::3/128', 'DNS-SD service registration anycast'),
  block('2001:3::/32', 'AMT'),
  block('2001:4:112::/48', 'AS112-v6'),
];

/** IPv6 blocks inside 2000::/3 that are not globally routable. */
const IPV6_NOT_GLOBAL: readonly Block[] = [
  block('2001::/32', 'Teredo (2001::/32)'),
  block('2001:2::/48', 'benchmarking (2001:2::/48)'),
  block('2001:db8::/32', 'documentation (2001:db8::/32)'),
  block('2001::/23', 'IETF protocol assignments (2001::/23)'),
  block('3fff::/20', 'documentation (3fff::/20)'),
];

const NAT64 = block('64:ff9b::/96', 'NAT64');
const SIX_TO_FOUR = block('2002::/16', '6to4');

/** Why the IPv4 address is not globally routable, or undefined when it is. */
function ipv4Problem(bytes: Uint8Array): string | undefined {
  if (IPV4_GLOBAL_EXCEPTIONS.some((b) => within(bytes, b))) return undefined;
  return IPV4_NOT_GLOBAL.find((b) => within(bytes, b))?.name;
}

/** Why an embedded IPv4 address makes the IPv6 one not global, or undefined. */
function embeddedProblem(form: string, v4: Uint8Array): string | undefined {
  const problem = ipv4Problem(v4);
  return problem === undefined ? undefined : `${form} of ${v4.join('.')}, ${problem}`;
}

function ipv6Problem(bytes: Uint8Array): string | undefined {
  if (within(bytes, NAT64)) return embeddedProblem('NAT64 (64:ff9b::/96)', bytes.subarray(12, 16));
  if (!within(bytes, IPV6_GLOBAL_UNICAST)) return IPV6_OUTSIDE.find((b) => within(bytes, b))?.name ?? 'not global unicast (outside 2000::/3)';
  if (within(bytes, SIX_TO_FOUR)) return embeddedProblem('6to4 (2002::/16)', bytes.subarray(2, 6));
  if (IPV6_GLOBAL_EXCEPTIONS.some((b) => within(bytes, b))) return undefined;
  return IPV6_NOT_GLOBAL.find((b) => within(bytes, b))?.name;
}

/**
 * Why an address (its text) is not globally routable: the block it is in, as the registries
 * name it ("loopback (127.0.0.0/8)", "NAT64 (64:ff9b::/96) of 127.0.0.1, loopback
 * (127.0.0.0/8)"), or "not an IP address"; undefined when it is global.
 */
export function nonGlobalReason(text: string): string | undefined {
  const ip = parseIp(text);
  if (ip === undefined) return 'not an IP address';
  return ip.family === 4 ? ipv4Problem(ip.bytes) : ipv6Problem(ip.bytes);
}

/** Whether the address (its text) is globally routable. */
export function isGlobalAddress(text: string): boolean {
  return nonGlobalReason(text) === undefined;
}
