/**
 * Accounts opened per client address and per IPv6 /48 (src/gateway/account-openings.ts), alone. The findings this
 * answers (an outside review, 2026-12-04): openings were counted per /64 only, so one /48 (65,536 of them) opened
 * 655k accounts an hour; and past 10,000 addresses every check walked them all.
 */
import { describe, expect, it } from 'vitest';
import { AccountOpenings } from '../../src/gateway/account-openings.js';

const HOUR = 3_600_000;

describe('account openings', () => {
  it('an address opens at most its hour\'s share; the oldest leaves the hour and one more fits then', () => {
    const o = new AccountOpenings(3, 30);
    for (let i = 0; i < 3; i++) {
      expect(o.allows('203.0.113.7', i)).toBe(true);
      o.record('203.0.113.7', i);
    }
    expect(o.allows('203.0.113.7', 10)).toBe(false);
    expect(o.waitMs('203.0.113.7', 10)).toBe(HOUR - 10);
    expect(o.allows('203.0.113.8', 10)).toBe(true); // IPv4 addresses have no network bound
    expect(o.allows('203.0.113.7', HOUR)).toBe(true);
  });

  it("an IPv6 /48's /64s together open at most its network's share", () => {
    const o = new AccountOpenings(3, 5);
    const address = (k: number) => `2001:db8:1:${k.toString(16)}::/64`;
    for (let k = 0; k < 5; k++) {
      expect(o.allows(address(k), k)).toBe(true);
      o.record(address(k), k);
    }
    // A sixth /64 of the same /48 is refused; another /48 is not.
    expect(o.allows(address(99), 10)).toBe(false);
    expect(o.waitMs(address(99), 10)).toBe(HOUR - 10);
    expect(o.allows('2001:db8:2:0::/64', 10)).toBe(true);
    expect(o.allows(address(99), HOUR + 1)).toBe(true);
  });

  it('every address together opens at most the exchange\'s hour; the exchange\'s limit is said as such, and its oldest opening leaving the hour lets one more in', () => {
    const o = new AccountOpenings(3, 30, 4);
    for (let i = 0; i < 4; i++) {
      expect(o.allows(`203.0.113.${i}`, i)).toBe(true);
      o.record(`203.0.113.${i}`, i);
    }
    // A fifth address, within its own limit, is held back by the exchange's.
    expect(o.wait('198.51.100.9', 10)).toEqual({ scope: 'exchange', waitMs: HOUR - 10 });
    // An address over its own limit too is held back by whichever frees later.
    for (let i = 0; i < 3; i++) o.record('192.0.2.1', 100 + i);
    expect(o.wait('192.0.2.1', 200)).toEqual({ scope: 'address', waitMs: HOUR - 100 });
    expect(o.allows('198.51.100.9', HOUR + 1)).toBe(false); // the third, the fourth and 192.0.2.1's three are still in the hour
    expect(o.allows('198.51.100.9', HOUR + 100)).toBe(true);
  });

  it('forgets each opening as it leaves the hour, in the order they came (a queue, not a walk over every address)', () => {
    const o = new AccountOpenings(10, 100);
    for (let i = 0; i < 50_000; i++) o.record(`198.51.${(i >> 8) & 255}.${i & 255}-${i}`, i);
    expect(o.size).toBe(50_000);
    // Half of them have left the hour by HOUR + 24,999; all of them a moment later.
    o.allows('192.0.2.1', HOUR + 24_999);
    expect(o.size).toBe(25_000);
    expect(o.allows('198.51.0.0-0', HOUR + 25_000)).toBe(true);
    o.allows('192.0.2.1', HOUR + 50_000);
    expect(o.size).toBe(0);
  });
});
