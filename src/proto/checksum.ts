import { crc32 } from 'node:zlib';

/** How many levels per side the checksum covers. */
export const CHECKSUM_LEVELS = 10;

export interface LevelLike {
  priceMicros: number;
  qty: number;
}

/**
 * The book checksum of the wire protocol: CRC-32 (IEEE 802.3, as zlib) of the
 * ASCII string made of the top 10 levels, interleaved best first as
 * `bid1price:bid1qty:ask1price:ask1qty:bid2price:...`, integers in decimal,
 * a missing level skipped (an empty book hashes the empty string, 0).
 * `bids` and `asks` are best first.
 */
export function bookChecksum(bids: readonly LevelLike[], asks: readonly LevelLike[]): number {
  const parts: string[] = [];
  for (let i = 0; i < CHECKSUM_LEVELS; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid === undefined && ask === undefined) break;
    if (bid !== undefined) parts.push(String(bid.priceMicros), String(bid.qty));
    if (ask !== undefined) parts.push(String(ask.priceMicros), String(ask.qty));
  }
  return crc32(parts.join(':')) >>> 0;
}
