/**
 * Accounts opened by wallet logins, per client address (client-address.ts), over the last
 * hour. A wallet's first login opens its account, and a wallet costs nothing to make: without
 * a bound, one client could open accounts (and the sessions they carry) without end. A venue
 * would ask for more (a deposit seen on-chain, an operator's approval); this keeps the demo's
 * "log in, then deposit" flow and bounds what one address can open (docs/security.md).
 */

const HOUR_MS = 3_600_000;
/** Past this many addresses, a check also drops every address with nothing in the last hour. */
const SWEEP_ABOVE = 10_000;

export class AccountOpenings {
  /** Monotonic times (performance.now()) of the openings per address in the last hour, oldest first. */
  private readonly byAddress = new Map<string, number[]>();

  constructor(private readonly perHour: number) {}

  /** Whether `address` may open one more account now. */
  allows(address: string, nowMonoMs: number): boolean {
    if (this.byAddress.size > SWEEP_ABOVE) this.sweep(nowMonoMs);
    return this.recent(address, nowMonoMs).length < this.perHour;
  }

  /** How long until `address` may open one more (0: now): its oldest opening in the hour leaves it then. */
  waitMs(address: string, nowMonoMs: number): number {
    const times = this.recent(address, nowMonoMs);
    if (times.length < this.perHour) return 0;
    return Math.max(0, times[times.length - this.perHour]! + HOUR_MS - nowMonoMs);
  }

  record(address: string, nowMonoMs: number): void {
    const times = this.recent(address, nowMonoMs);
    times.push(nowMonoMs);
    this.byAddress.set(address, times);
  }

  private recent(address: string, nowMonoMs: number): number[] {
    const times = this.byAddress.get(address);
    if (times === undefined) return [];
    while (times.length > 0 && nowMonoMs - times[0]! >= HOUR_MS) times.shift();
    if (times.length === 0) this.byAddress.delete(address);
    return times;
  }

  private sweep(nowMonoMs: number): void {
    for (const address of [...this.byAddress.keys()]) this.recent(address, nowMonoMs);
  }
}
