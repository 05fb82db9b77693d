/**
 * Long polls of the revocations feed (`GET /v1/provider/revocations?waitMs=`): a provider's server asks
 * for what comes after the last seq it read and the answer waits, up to `waitMs`, for the next refund of
 * its grants' rights, so its gate withdraws them within a round trip of the refund's release rather
 * than at its next poll. Bounded: a few waits a provider and a total, each with its own timer; one asked
 * for beyond either answers at once (the caller then reads as a plain poll).
 */

/** A registered wait: settles when woken, when its time is up, or when it is cancelled or the waits close. */
export interface RevocationWait {
  readonly settled: Promise<void>;
  cancel(): void;
}

/** Waits one provider may hold at once: its server keeps one; a few more for a restart's overlap. */
export const WAITS_PER_PROVIDER = 4;
/** Waits in all. */
export const WAITS_IN_ALL = 1_024;

export class RevocationWaits {
  private readonly byProvider = new Map<number, Set<() => void>>();
  private count = 0;
  private closed = false;

  constructor(
    private readonly perProvider = WAITS_PER_PROVIDER,
    private readonly inAll = WAITS_IN_ALL,
  ) {}

  /**
   * Registers a wait for `provider`'s next revocation, at most `waitMs`. Register before reading the feed,
   * so that a revocation written between the read and the wait still wakes it. Undefined when full or closed.
   */
  wait(provider: number, waitMs: number): RevocationWait | undefined {
    if (this.closed || this.count >= this.inAll) return undefined;
    let waiting = this.byProvider.get(provider);
    if (waiting !== undefined && waiting.size >= this.perProvider) return undefined;
    if (waiting === undefined) this.byProvider.set(provider, (waiting = new Set()));
    const set = waiting;
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const done = (): void => {
      if (!set.delete(done)) return;
      this.count--;
      clearTimeout(timer);
      if (set.size === 0 && this.byProvider.get(provider) === set) this.byProvider.delete(provider);
      settle();
    };
    const timer = setTimeout(done, waitMs);
    set.add(done);
    this.count++;
    return { settled, cancel: done };
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
}
