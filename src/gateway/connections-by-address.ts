/**
 * One endpoint's open connections grouped by client address (client-address.ts): how many
 * an address has open (the per-address connection limit, checked at the upgrade, and at the
 * accept of the reference provider server) and which they are (the bytes queued to an
 * address in total, checked with the backpressure).
 */
import type { Connection } from './connection.js';

/** What the table holds: a connection keyed by its client's address as the limits count it (`addressKey`). */
export interface AddressedConnection {
  readonly remoteAddress: string;
}

export class ConnectionsByAddress<C extends AddressedConnection = Connection> {
  private readonly byAddress = new Map<string, Set<C>>();

  /** Connections open from `address`. */
  count(address: string): number {
    return this.byAddress.get(address)?.size ?? 0;
  }

  /** Addresses with a connection open. */
  get addresses(): number {
    return this.byAddress.size;
  }

  add(c: C): void {
    const set = this.byAddress.get(c.remoteAddress);
    if (set === undefined) this.byAddress.set(c.remoteAddress, new Set([c]));
    else set.add(c);
  }

  remove(c: C): void {
    const set = this.byAddress.get(c.remoteAddress);
    if (set === undefined) return;
    set.delete(c);
    if (set.size === 0) this.byAddress.delete(c.remoteAddress);
  }

  /** Every address's connections (the backpressure check walks them address by address). */
  groups(): IterableIterator<ReadonlySet<C>> {
    return this.byAddress.values();
  }
}
