/**
 * The gate's metering: rights used per grant, and the nonces of the requests that could still
 * be replayed, in the gate's LMDB. Counting is synchronous in memory (two requests cannot both
 * take the last right); what a count writes is one transaction, whose promise the caller awaits
 * before serving.
 *
 * A nonce is kept while its request's time is within `horizonMs` of the clock: past that the
 * request is refused by its time, so its nonce need not be remembered. Each nonce is its own
 * LMDB entry ([grant, nonce] → the request's time), written with its count and deleted when it
 * passes the horizon. Why (2026-11-27): the gate kept every nonce of a grant for ever in the
 * grant's one usage record, and each request copied and wrote them all, so a grant's cost per
 * request grew with its uses (481 → 1,048 µs over 20,000 uses of one grant, bench/RESULTS.md,
 * Access grants). Now a request writes its own nonce and the few that expired.
 */
import type { Database, RootDatabase } from 'lmdb';

/** A grant's usage record. `nonces`: every nonce, as gates before 2026-11-27 kept them. `revoked`: rights the exchange withdrew. */
interface UsageRecord {
  used: number;
  nonces?: string[];
  revoked?: number;
}

/** One grant's rights withdrawn by refunds, in all, as the exchange's feed says (GET /v1/provider/revocations). */
export interface Revocation {
  grantId: number;
  revokedQty: number;
}

interface GrantUse {
  used: number;
  /** Rights the exchange withdrew (refunded to the consumer, never served): the grant's quantity less these may be served. */
  revoked: number;
  /** Nonce → its request's time, in the order counted (so the oldest come first, bar clients' clock differences). */
  nonces: Map<string, number>;
  /** Nonces read from an old usage record, not yet written as entries of their own. */
  unwritten: string[] | undefined;
}

export class GrantMeter {
  private readonly usage: Database<UsageRecord, number>;
  private readonly nonceTimes: Database<number, [number, string]>;
  private readonly grants = new Map<number, GrantUse>();
  /** The seq the exchange's revocations were read through (the provider's cursor in the feed). */
  private readonly meta: Database<number, string>;

  constructor(
    private readonly env: RootDatabase,
    private readonly clock: () => number,
    /** How long after its request's time a nonce is kept. */
    private readonly horizonMs: number,
  ) {
    this.usage = env.openDB<UsageRecord, number>({ name: 'usage' });
    this.nonceTimes = env.openDB<number, [number, string]>({ name: 'nonces' });
    this.meta = env.openDB<number, string>({ name: 'meta' });
  }

  /** Rights withdrawn from a grant by the exchange's revocations. */
  revoked(grantId: number): number {
    return this.grantUse(grantId).revoked;
  }

  /** The journal seq the exchange's revocations were read through (0: none read). */
  revokedThrough(): number {
    return this.meta.get('revokedThrough') ?? 0;
  }

  /**
   * Takes revocations from the exchange's feed, read through `throughSeq`: each grant's withdrawn rights in all, so a
   * larger count replaces a smaller and a repeat changes nothing. In memory at once (no request after this serves
   * them); the promise settles once they and the seq are on disk, in one transaction.
   */
  revoke(revocations: readonly Revocation[], throughSeq: number): Promise<unknown> {
    const changed = this.raise(revocations.map((r) => [r.grantId, r.revokedQty]), 'revoked');
    return this.env.transaction(() => {
      for (const [grantId, use] of changed) void this.usage.put(grantId, this.recordOf(use));
      if (throughSeq > this.revokedThrough()) void this.meta.put('revokedThrough', throughSeq);
    });
  }

  /** Rights used on a grant so far. */
  used(grantId: number): number {
    return this.grantUse(grantId).used;
  }

  /** Whether a request with this nonce was counted on the grant within the horizon. */
  hasNonce(grantId: number, nonce: string): boolean {
    return this.grantUse(grantId).nonces.has(nonce);
  }

  /** How many nonces are kept for a grant (tests: bounded by the horizon's requests, not by the grant's uses). */
  noncesKept(grantId: number): number {
    return this.grantUse(grantId).nonces.size;
  }

  /**
   * Counts `rights` more on a grant (a usage grant: units; negative: units given back), with a request's nonce if there is one, at once in memory;
   * the promise settles once that is on disk, with whatever `alsoWrite` writes in the same
   * transaction. The caller checked the nonce and the rights left.
   */
  count(grantId: number, rights: number, request: { nonce: string; timeMs: number } | undefined, alsoWrite?: () => void): Promise<unknown> {
    const use = this.grantUse(grantId);
    const oldest = this.clock() - this.horizonMs;
    const expired: string[] = [];
    for (const [nonce, timeMs] of use.nonces) {
      if (timeMs >= oldest) break;
      use.nonces.delete(nonce);
      expired.push(nonce);
    }
    use.used += rights;
    if (request !== undefined) use.nonces.set(request.nonce, request.timeMs);
    const unwritten = use.unwritten;
    use.unwritten = undefined;
    const record = this.recordOf(use);
    return this.env.transaction(() => {
      void this.usage.put(grantId, record);
      if (request !== undefined) void this.nonceTimes.put([grantId, request.nonce], request.timeMs);
      for (const nonce of expired) void this.nonceTimes.remove([grantId, nonce]);
      for (const nonce of unwritten ?? []) {
        const timeMs = use.nonces.get(nonce);
        if (timeMs !== undefined) void this.nonceTimes.put([grantId, nonce], timeMs);
      }
      alsoWrite?.();
    });
  }

  /**
   * Raises grants' used counts to at least what the exchange holds of them (`used` each: rights, a usage grant's units):
   * a gate whose store is new, or older than its reports, does not serve again what its consumers took. A count already
   * higher stays. Settles once they are on disk, in one transaction.
   */
  raiseUsed(floors: ReadonlyArray<{ grantId: number; used: number }>): Promise<unknown> {
    const changed = this.raise(floors.map((f) => [f.grantId, f.used]), 'used');
    if (changed.length === 0) return Promise.resolve();
    return this.env.transaction(() => {
      for (const [grantId, use] of changed) void this.usage.put(grantId, this.recordOf(use));
    });
  }

  /** Raises each grant's `field` to at least its count, in memory; the grants changed, to write. */
  private raise(counts: ReadonlyArray<readonly [grantId: number, count: number]>, field: 'used' | 'revoked'): Array<[number, GrantUse]> {
    const changed: Array<[number, GrantUse]> = [];
    for (const [grantId, count] of counts) {
      const use = this.grantUse(grantId);
      if (count <= use[field]) continue;
      use[field] = count;
      changed.push([grantId, use]);
    }
    return changed;
  }

  private recordOf(use: GrantUse): UsageRecord {
    return use.revoked > 0 ? { used: use.used, revoked: use.revoked } : { used: use.used };
  }

  private grantUse(grantId: number): GrantUse {
    let use = this.grants.get(grantId);
    if (use === undefined) {
      use = this.read(grantId);
      this.grants.set(grantId, use);
    }
    return use;
  }

  private read(grantId: number): GrantUse {
    const record = this.usage.get(grantId);
    const entries: [string, number][] = [];
    for (const { key, value } of this.nonceTimes.getRange({ start: [grantId], end: [grantId + 1] })) entries.push([key[1], value]);
    entries.sort((a, b) => a[1] - b[1]);
    const nonces = new Map(entries);
    // An old record's nonces carry no time: kept as if counted now, for one horizon more.
    const unwritten = record?.nonces?.filter((nonce) => !nonces.has(nonce));
    const now = this.clock();
    for (const nonce of unwritten ?? []) nonces.set(nonce, now);
    return { used: record?.used ?? 0, revoked: record?.revoked ?? 0, nonces, unwritten: unwritten !== undefined && unwritten.length > 0 ? unwritten : undefined };
  }
}
