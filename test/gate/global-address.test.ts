/**
 * Which addresses a webhook may reach (src/gate/global-address.ts, webhook-target.ts): only
 * globally routable ones per the IANA IPv4 and IPv6 special-purpose registries, every form
 * that embeds an IPv4 address judged by what it reaches; the exact address:port pairs an
 * operator allows; and the names refused before any lookup. Pure functions, no I/O.
 */
import { describe, expect, it } from 'vitest';
import { formatIp, isGlobalAddress, nonGlobalReason, parseIp, WebhookAllowance, webhookHostProblem } from '../../src/gate/index.js';
import { nameProblem } from '../../src/gate/webhook-target.js';

/** [address, global?, the block named in the reason] — the finding of issue 74 first. */
const TABLE: [string, boolean, string?][] = [
  // The finding: what the old check let through.
  ['::7f00:1', false, 'IPv4-compatible'], // [::127.0.0.1] as a URL writes it
  ['::127.0.0.1', false, 'IPv4-compatible'],
  ['64:ff9b::7f00:1', false, 'NAT64 (64:ff9b::/96) of 127.0.0.1, loopback'],
  ['64:ff9b::127.0.0.1', false, 'NAT64'],
  ['fec0::1', false, 'site-local'],
  ['198.18.0.1', false, 'benchmarking'],
  ['198.19.255.255', false, 'benchmarking'],
  ['224.0.0.1', false, 'multicast'],
  ['239.255.255.250', false, 'multicast'],
  ['255.255.255.255', false, 'limited broadcast'],
  ['169.254.169.254', false, 'link-local'], // cloud metadata
  ['127.0.0.1', false, 'loopback'],
  // IPv4 special-purpose registry.
  ['0.0.0.0', false, 'this network'],
  ['0.255.255.255', false, 'this network'],
  ['10.1.2.3', false, 'private (10.0.0.0/8)'],
  ['100.64.0.1', false, 'shared address space'],
  ['100.127.255.255', false, 'shared address space'],
  ['100.128.0.0', true],
  ['127.255.255.254', false, 'loopback'],
  ['172.16.0.1', false, 'private (172.16.0.0/12)'],
  ['172.31.255.255', false, 'private (172.16.0.0/12)'],
  ['172.32.0.1', true],
  ['192.0.0.1', false, 'IETF protocol assignments'],
  ['192.0.0.9', true], // PCP anycast: globally reachable per the registry
  ['192.0.0.10', true], // TURN anycast
  ['192.0.2.1', false, 'documentation'],
  ['192.88.99.1', false, '6to4 relay anycast'],
  ['192.168.1.1', false, 'private (192.168.0.0/16)'],
  ['198.17.255.255', true],
  ['198.20.0.0', true],
  ['198.51.100.7', false, 'documentation'],
  ['203.0.113.9', false, 'documentation'],
  ['240.0.0.1', false, 'reserved'],
  ['255.255.255.254', false, 'reserved'],
  ['8.8.8.8', true],
  ['1.1.1.1', true],
  ['223.255.255.255', true],
  // IPv6: outside 2000::/3.
  ['::', false, 'unspecified'],
  ['::1', false, 'loopback (::1)'],
  ['::ffff:127.0.0.1', false, 'IPv4-mapped'],
  ['::ffff:7f00:1', false, 'IPv4-mapped'],
  ['::ffff:8.8.8.8', false, 'IPv4-mapped'], // refused whatever it embeds: give the IPv4 address itself
  ['::8.8.8.8', false, 'IPv4-compatible'],
  ['::ffff:0:7f00:1', false, 'outside 2000::/3'], // SIIT's IPv4-translated form
  ['64:ff9b:1::a00:1', false, 'local-use NAT64'],
  ['64:ff9b:1::808:808', false, 'local-use NAT64'],
  ['100::1', false, 'discard-only'],
  ['5f00::1', false, 'SRv6'],
  ['fc00::1', false, 'unique local'],
  ['fd12:3456::1', false, 'unique local'],
  ['fe80::1', false, 'link-local'],
  ['febf:ffff::1', false, 'link-local'],
  ['fec0::', false, 'site-local'],
  ['ff02::1', false, 'multicast'],
  ['ff0e::1', false, 'multicast'],
  ['1000::1', false, 'outside 2000::/3'],
  ['4000::1', false, 'outside 2000::/3'],
  // NAT64's well-known prefix: as global as the IPv4 it embeds.
  ['64:ff9b::808:808', true],
  ['64:ff9b::8.8.8.8', true],
  ['64:ff9b::a9fe:a9fe', false, 'NAT64 (64:ff9b::/96) of 169.254.169.254, link-local'],
  ['64:ff9b::c612:1', false, 'NAT64 (64:ff9b::/96) of 198.18.0.1, benchmarking'],
  // 6to4: as global as the IPv4 in bits 16–47.
  ['2002:808:808::1', true],
  ['2002:7f00:1::1', false, '6to4 (2002::/16) of 127.0.0.1, loopback'],
  ['2002:a9fe:a9fe::', false, '6to4 (2002::/16) of 169.254.169.254'],
  ['2002:c0a8:101::1', false, '6to4 (2002::/16) of 192.168.1.1'],
  // Teredo and the rest of 2001::/23.
  ['2001::1', false, 'Teredo'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false, 'Teredo'],
  ['2001:2::1', false, 'benchmarking'],
  ['2001:10::1', false, 'IETF protocol assignments'],
  ['2001:1ff::1', false, 'IETF protocol assignments'],
  ['2001:1::1', true], // PCP anycast
  ['2001:3::1', true], // AMT
  ['2001:4:112::1', true], // AS112-v6
  ['2001:20::1', false, 'IETF protocol assignments'], // ORCHIDv2: an identifier, not routed
  ['2001:30::1', false, 'IETF protocol assignments'], // DRIP: likewise
  ['2001:db8::1', false, 'documentation (2001:db8::/32)'],
  ['3fff::1', false, 'documentation (3fff::/20)'],
  ['3fff:fff::1', false, 'documentation (3fff::/20)'],
  ['3fff:1000::1', true],
  ['2001:200::1', true],
  ['2606:4700:4700::1111', true],
  ['2a00:1450:4001:80b::200e', true],
  // Not IP addresses (names, zones, odd notations): never global.
  ['fe80::1%eth0', false, 'not an IP address'],
  ['127.1', false, 'not an IP address'],
  ['0x7f.0.0.1', false, 'not an IP address'],
  ['010.0.0.1', false, 'not an IP address'],
  ['1:2:3:4:5:6:7:8:9', false, 'not an IP address'],
  ['1::2::3', false, 'not an IP address'],
  ['1.2.3.4::', false, 'not an IP address'],
  ['hooks.example', false, 'not an IP address'],
  ['', false, 'not an IP address'],
];

describe('a globally routable address', () => {
  it.each(TABLE)('%s: global %s (%s)', (address, global, block) => {
    expect(isGlobalAddress(address)).toBe(global);
    const reason = nonGlobalReason(address);
    if (global) expect(reason).toBeUndefined();
    else expect(reason).toContain(block);
  });

  it('is parsed in every notation and written in RFC 5952 form', () => {
    const canonical: [string, string][] = [
      ['::127.0.0.1', '::7f00:1'],
      ['0:0:0:0:0:0:0:1', '::1'],
      ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['64:ff9b::7f00:1', '64:ff9b::7f00:1'],
      ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
      ['::ffff:1.2.3.4', '::ffff:102:304'],
      ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
      ['8.8.8.8', '8.8.8.8'],
    ];
    for (const [text, written] of canonical) expect(formatIp(parseIp(text)!), text).toBe(written);
  });
});

describe('the webhook allowance', () => {
  it('is exact address:port pairs, in any notation of the address; nothing wider', () => {
    const allow = new WebhookAllowance(['127.0.0.1:8123', '[::1]:9000', '[0:0:0:0:0:0:0:1]:9001']);
    expect(allow.allows('127.0.0.1', 8123)).toBe(true);
    expect(allow.allows('127.0.0.1', 8124)).toBe(false);
    expect(allow.allows('127.0.0.2', 8123)).toBe(false);
    expect(allow.allows('::1', 9000)).toBe(true);
    expect(allow.allows('0::1', 9001)).toBe(true);
    expect(allow.allows('::ffff:127.0.0.1', 8123)).toBe(false); // another address, however it reaches
    for (const bad of ['127.0.0.1', '127.0.0.0/8:80', 'localhost:8123', '::1:9000', '[127.0.0.1]:80', '127.0.0.1:0', '127.0.0.1:65536', '127.1:80', '*:80', ' 127.0.0.1:80']) {
      expect(() => new WebhookAllowance([bad]), bad).toThrow(/exact address:port/);
    }
    expect(() => new WebhookAllowance(Array.from({ length: 17 }, (_, i) => `127.0.0.1:${1000 + i}`))).toThrow(/at most 16/);
  });
});

describe('a webhook URL as registered', () => {
  const none = new WebhookAllowance();
  it('is refused for every address and name of the finding, before any lookup', () => {
    const refused = [
      'http://localhost./hook',
      'http://LOCALHOST../hook',
      'http://a.localhost/hook',
      'http://[::127.0.0.1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[64:ff9b::7f00:1]/hook',
      'http://[64:ff9b::127.0.0.1]/hook',
      'http://[fec0::1]/hook',
      'http://198.18.0.1/hook',
      'http://224.0.0.1/hook',
      'http://255.255.255.255/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:8480/operator/kill',
      'http://127.1/hook', // canonicalized to 127.0.0.1 by the URL parser
      'http://0x7f000001/hook',
      'http://2130706433/hook',
      'http://127.0.0.1./hook',
      'http://[::1]/hook',
      'http://[2002:7f00:1::1]/hook',
      'http://[2001::1]/hook',
      'http://printer.local/hook',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://intranet/hook',
      'http://intranet./hook',
      'http://hooks.test/hook',
      'http://1.0.0.127.in-addr.arpa/hook',
    ];
    for (const url of refused) expect(webhookHostProblem(new URL(url).href, none), url).toBeDefined();
  });

  it('is taken for a public address or a fully qualified name (its addresses judged when sent), and for the allowed exact address:port', () => {
    for (const url of ['https://hooks.consumer.example/patx', 'https://hooks.consumer.example./patx', 'http://8.8.8.8/hook', 'http://[2606:4700:4700::1111]:8443/hook', 'http://[64:ff9b::808:808]/hook']) {
      expect(webhookHostProblem(new URL(url).href, none), url).toBeUndefined();
    }
    const demo = new WebhookAllowance(['127.0.0.1:8123']);
    expect(webhookHostProblem('http://127.0.0.1:8123/hook', demo)).toBeUndefined();
    expect(webhookHostProblem('http://127.0.0.1:8124/hook', demo)).toContain('loopback');
    expect(webhookHostProblem('http://127.0.0.1/hook', demo)).toContain('loopback'); // port 80
    expect(webhookHostProblem('http://localhost:8123/hook', demo)).toContain('special-use'); // the address, not a name for it
  });

  it('names: special-use and single-label ones refused, with or without trailing dots', () => {
    expect(nameProblem('localhost.')).toContain('special-use');
    expect(nameProblem('x.onion')).toContain('special-use');
    expect(nameProblem('router.home.arpa')).toContain('special-use');
    expect(nameProblem('db')).toContain('single-label');
    expect(nameProblem('a..b')).toContain('not a host name');
    expect(nameProblem('hooks.example.com.')).toBeUndefined();
  });
});
