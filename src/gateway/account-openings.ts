/**
 * Accounts opened by wallet logins, per client address (client-address.ts), over the last
 * hour. A wallet's first login opens its account, and a wallet costs nothing to make: without
 * a bound, one client could open accounts (and the sessions they carry) without end. A venue
 * would ask for more (a deposit seen on-chain, an operator's approval); this keeps the demo's
 * "log in, then deposit" flow and bounds what one address can open (docs/security.md).
 *
 * An IPv6 client is an address per /64, and one holder of a /48 has 65,536 of them: its /48 as a
 * whole opens at most `perNetworkPerHour` (an outside review, 2026-12-04: 655k accounts an hour from
 * one /48). The openings leave the hour in the order they came (one queue for all), so a check costs
 * what expired since the last, never a walk over every address (it walked them all past 10,000).
 * Every opening also counts towards the exchange's hour (`perHourAll`): a crowd of addresses, each
 * within its own limit, is held to it together.
 */

import { networkKey } from './client-address.js';

const HOUR_MS = 3_600_000;

/**
 * The least PAT (wei) a wallet's deposits waiting for an account must come to for its login to open one past the hourly
 * limits and into the accounts kept for depositors: 1 PAT. The vault takes any amount above zero, and a 1-wei deposit
 * bought the exemption (an outside review, 2026-12-04).
 */
export const DEPOSIT_TO_OPEN_MIN_WEI = 10n ** 18n;

/** Which of an opening's limits holds it back. */
export type OpeningScope = 'address' | 'network' | 'exchange';

export interface OpeningWait {
  scope: OpeningScope;
  /** Until the oldest opening that holds it back leaves the hour. */
  waitMs: number;
}

export class AccountOpenings {
  /** Openings in the last hour per key (an address, or an IPv6 /48), oldest first. */
  private readonly byKey = new Map<string, number[]>();
  /** Every opening in the last hour, oldest first: [its keys, time]; `head` is the first still in the hour. */
  private readonly queue: Array<{ keys: readonly string[]; atMs: number }> = [];
  private head = 0;

  constructor(
    private readonly perHour: number,
    private readonly perNetworkPerHour = perHour * 10,
    private readonly perHourAll = Number.MAX_SAFE_INTEGER,
  ) {}

  /** Whether `address` may open one more account now. */
  allows(address: string, nowMonoMs: number): boolean {
    return this.wait(address, nowMonoMs) === undefined;
  }

  /** What holds `address` back from opening one more now, the longest wait of its limits; undefined: nothing. */
  wait(address: string, nowMonoMs: number): OpeningWait | undefined {
    this.expire(nowMonoMs);
    let longest: OpeningWait | undefined;
    for (const [key, limit, scope] of this.limitsOf(address)) {
      const times = this.byKey.get(key);
      if (times === undefined || times.length < limit) continue;
      const waitMs = Math.max(times[times.length - limit]! + HOUR_MS - nowMonoMs, 1);
      if (longest === undefined || waitMs > longest.waitMs) longest = { scope, waitMs };
    }
    // The exchange's openings in the hour are the queue's from its head on.
    const inHour = this.queue.length - this.head;
    if (inHour >= this.perHourAll) {
      const waitMs = Math.max(this.queue[this.queue.length - this.perHourAll]!.atMs + HOUR_MS - nowMonoMs, 1);
      if (longest === undefined || waitMs > longest.waitMs) longest = { scope: 'exchange', waitMs };
    }
    return longest;
  }

  /** How long until `address` may open one more (0: now). */
  waitMs(address: string, nowMonoMs: number): number {
    return this.wait(address, nowMonoMs)?.waitMs ?? 0;
  }

  record(address: string, nowMonoMs: number): void {
    this.expire(nowMonoMs);
    const keys = this.limitsOf(address).map(([key]) => key);
    for (const key of keys) {
      const times = this.byKey.get(key);
      if (times === undefined) this.byKey.set(key, [nowMonoMs]);
      else times.push(nowMonoMs);
    }
    this.queue.push({ keys, atMs: nowMonoMs });
  }

  /** Addresses and networks with an opening in the hour. */
  get size(): number {
    return this.byKey.size;
  }

  /** The keys an address's openings count under, with their limits: the address, and an IPv6 /64's /48. */
  private limitsOf(address: string): Array<[string, number, OpeningScope]> {
    const network = networkKey(address);
    return network === undefined ? [[address, this.perHour, 'address']] : [[address, this.perHour, 'address'], [network, this.perNetworkPerHour, 'network']];
  }

  private expire(nowMonoMs: number): void {
    while (this.head < this.queue.length && nowMonoMs - this.queue[this.head]!.atMs >= HOUR_MS) {
      for (const key of this.queue[this.head]!.keys) {
        const times = this.byKey.get(key)!;
        times.shift(); // this opening: the oldest of each of its keys, as the queue is in time order
        if (times.length === 0) this.byKey.delete(key);
      }
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
