/**
 * Bytes the HTTP port holds for its clients, in total and per client address (client-address.ts):
 * request bodies being read (http-api.ts, BodyReader) and replies a client has not read yet
 * (http-reply.ts). Each is charged when it is held and given back when it is let go, so the
 * limits bound what strangers can make the process keep, however many connections they open.
 */
export type HeldLimit = 'total' | 'address';

export class HeldBytes {
  private held = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    /** The most held for every address together (Infinity: no total). */
    readonly maxBytes: number,
    readonly maxBytesPerAddress: number,
  ) {}

  /** Bytes held now, every address together. */
  get bytes(): number {
    return this.held;
  }

  /** Addresses holding bytes now. */
  get addresses(): number {
    return this.byAddress.size;
  }

  /** Bytes held for one address. */
  of(address: string): number {
    return this.byAddress.get(address) ?? 0;
  }

  /** The limit `bytes` more for `address` would pass (the total first), or undefined when they fit. */
  over(address: string, bytes: number): HeldLimit | undefined {
    if (this.held + bytes > this.maxBytes) return 'total';
    if (this.of(address) + bytes > this.maxBytesPerAddress) return 'address';
    return undefined;
  }

  /** Charges `bytes` to `address` when they fit; else the limit they would pass, nothing charged. */
  take(address: string, bytes: number): HeldLimit | undefined {
    const over = this.over(address, bytes);
    if (over !== undefined) return over;
    this.charge(address, bytes);
    return undefined;
  }

  /** Charges `bytes` whatever the limits (what is already held, e.g. a reply the socket did not take). */
  charge(address: string, bytes: number): void {
    if (bytes <= 0) return;
    this.held += bytes;
    this.byAddress.set(address, this.of(address) + bytes);
  }

  /** Gives back `bytes` charged to `address` before. */
  give(address: string, bytes: number): void {
    if (bytes <= 0) return;
    this.held -= bytes;
    const left = this.of(address) - bytes;
    if (left > 0) this.byAddress.set(address, left);
    else this.byAddress.delete(address);
  }
}
