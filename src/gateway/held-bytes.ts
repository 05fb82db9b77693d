/**
 * Bytes the HTTP port holds for its clients, in total and per client address (client-address.ts):
 * request bodies being read (http-api.ts, BodyReader) and replies a client has not read yet
 * (http-reply.ts). Each is charged when it is held and given back when it is let go, so the
 * limits bound what strangers can make the process keep, however many connections they open.
 */
export type HeldLimit = 'total' | 'address';

/**
 * Bytes beyond the total kept for small holdings (a body's first 64 KiB: a subscribe, an order, a rating), each address
 * at most `SMALL_PER_ADDRESS` of them: four addresses at 64 MiB each filled the whole total, and every POST after was
 * refused 503 (an outside review, 2026-12-04). Filling this too takes 32 addresses.
 */
export const SMALL_RESERVE_BYTES = 32 * 1024 * 1024;
export const SMALL_PER_ADDRESS = 1024 * 1024;

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

  /**
   * The limit `bytes` more for `address` would pass (the total first), or undefined when they fit. `small`: a small
   * holding, which may use the reserve past the total while its address holds little.
   */
  over(address: string, bytes: number, small = false): HeldLimit | undefined {
    const mine = this.of(address);
    const reserve = small && mine + bytes <= SMALL_PER_ADDRESS ? SMALL_RESERVE_BYTES : 0;
    if (this.held + bytes > this.maxBytes + reserve) return 'total';
    if (mine + bytes > this.maxBytesPerAddress) return 'address';
    return undefined;
  }

  /** Charges `bytes` to `address` when they fit; else the limit they would pass, nothing charged. */
  take(address: string, bytes: number, small = false): HeldLimit | undefined {
    const over = this.over(address, bytes, small);
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
