/**
 * Mulberry32: a tiny seeded generator of uniform numbers in [0, 1), so a seeded run (a
 * benchmark's workload, the quoter's index forecast, a property test) replays exactly from its
 * seed. Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
