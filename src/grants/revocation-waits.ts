/**
 * Long polls of the revocations feed (`GET /v1/provider/revocations?waitMs=`): a provider's server asks
 * for what comes after the last seq it read and the answer waits, up to `waitMs`, for the next refund of
 * its grants' rights, so its gate withdraws them within a round trip of the refund's release rather
 * than at its next poll. Bounded: a few waits a provider and a total, each with its own timer, and
 * providers the operator has not verified together a small share of the total, so that fresh keys
 * declaring themselves providers cannot take the places verified providers' gates wait in (an outside
 * review: 256 of them held all 1,024). One asked for beyond a bound is refused, with the bound it met,
 * and answers at once (the caller then reads as a plain poll).
 */

/** A registered wait: settles when woken, when its time is up, or when it is cancelled or the waits close. */
export interface RevocationWait {
  readonly settled: Promise<void>;
  cancel(): void;
}

/** Why a wait was not taken: the waits are closing, or the bound it met (the provider's, all waits', unverified providers' share). */
export type RevocationWaitRefusal = 'closed' | 'provider_full' | 'all_full' | 'unverified_full';

/** A wait not taken, and why. */
export interface RevocationWaitRefused {
  readonly refused: RevocationWaitRefusal;
}

/** Waits one provider may hold at once: its server keeps one; a few more for a restart's overlap. */
export const WAITS_PER_PROVIDER = 4;
/** Waits in all. */
export const WAITS_IN_ALL = 1_024;
/** Waits unverified providers may hold together: the other 896 are kept for verified providers (224 of them at 4 each). */
export const UNVERIFIED_WAITS_IN_ALL = 128;

/** Whether `wait` took a wait or refused it. */
export function isRefused(w: RevocationWait | RevocationWaitRefused): w is RevocationWaitRefused {
  return 'refused' in w;
}

export class RevocationWaits {
  private readonly byProvider = new Map<number, Set<() => void>>();
  private count = 0;
  /** Of `count`, the waits of providers unverified when they registered. */
  private unverifiedCount = 0;
  private closed = false;

  constructor(
    private readonly perProvider = WAITS_PER_PROVIDER,
    private readonly inAll = WAITS_IN_ALL,
    private readonly unverifiedInAll = UNVERIFIED_WAITS_IN_ALL,
  ) {}

  /**
   * Registers a wait for `provider`'s next revocation, at most `waitMs`; `verified`: the operator verified the
   * provider (the engine's flag). Register before reading the feed, so that a revocation written between the
   * read and the wait still wakes it. Refused, with the reason, when closed or a bound is met.
   */
  wait(provider: number, waitMs: number, verified: boolean): RevocationWait | RevocationWaitRefused {
    const refused = this.refusal(provider, verified);
    if (refused !== undefined) return { refused };
    let waiting = this.byProvider.get(provider);
    if (waiting === undefined) this.byProvider.set(provider, (waiting = new Set()));
    const set = waiting;
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const done = (): void => {
      if (!set.delete(done)) return;
      this.count--;
      if (!verified) this.unverifiedCount--;
      clearTimeout(timer);
      if (set.size === 0 && this.byProvider.get(provider) === set) this.byProvider.delete(provider);
      settle();
    };
    const timer = setTimeout(done, waitMs);
    set.add(done);
    this.count++;
    if (!verified) this.unverifiedCount++;
    return { settled, cancel: done };
  }

  /** The bound a new wait of `provider` would pass, if any. */
  private refusal(provider: number, verified: boolean): RevocationWaitRefusal | undefined {
    if (this.closed) return 'closed';
    if (this.count >= this.inAll) return 'all_full';
    if (!verified && this.unverifiedCount >= this.unverifiedInAll) return 'unverified_full';
    if ((this.byProvider.get(provider)?.size ?? 0) >= this.perProvider) return 'provider_full';
    return undefined;
  }

  /** Wakes every wait of these providers (the ledger calls it once their revocations are on disk). */
  wake(providers: Iterable<number>): void {
    for (const provider of providers) {
      const waiting = this.byProvider.get(provider);
      if (waiting !== undefined) for (const done of [...waiting]) done();
    }
  }

  /** Settles every wait and takes no more (the ledger is closing). */
  close(): void {
    this.closed = true;
    this.wake([...this.byProvider.keys()]);
  }

  /** Waits held now (tests). */
  get size(): number {
    return this.count;
  }

  /** Of them, unverified providers' (tests). */
  get unverifiedSize(): number {
    return this.unverifiedCount;
  }
}
