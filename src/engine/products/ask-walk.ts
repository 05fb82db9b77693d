/**
 * Buying up the broker's ask levels: what `qty` rights cost and the dearest level reached. A
 * subscription's purchase (subscriptions.ts) and a bundle's legs (bundles.ts) size their IOC
 * buys with it, so the limit they send is exactly the level the quantity needs.
 */

/** `qty` bought up `asks` ([price, qty, …] best first): the cost, the dearest level reached, and how many the levels held (less than `qty`: short). */
export function walkAsks(asks: ReadonlyArray<readonly [number, number, number]>, qty: number): { costMicros: number; limitMicros: number; filledQty: number } {
  let left = qty;
  let costMicros = 0;
  let limitMicros = 0;
  for (const [price, size] of asks) {
    if (left === 0) break;
    const take = Math.min(left, size);
    costMicros += take * price;
    limitMicros = price;
    left -= take;
  }
  return { costMicros, limitMicros, filledQty: qty - left };
}
