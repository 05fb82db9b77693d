/**
 * A 'book' handler attached after `subscribe()` resolved still gets the book: the
 * snapshot arrives with the subscription, so a user writing the natural order
 * (subscribe, then listen) would otherwise never see a book until the next change.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalBook } from '../../src/client/index.js';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.stop());

it('hands a late book handler the books already in sync, once', async () => {
  await fx.stockBroker(10, 1_000_000);
  await fx.quote({ priceMicros: 900_000, qty: 3 }, { priceMicros: 1_100_000, qty: 4 });
  const md = await fx.market();
  await md.subscribe(fx.seriesId);
  await new Promise((r) => setTimeout(r, 100)); // the snapshot has arrived; nothing changes after it
  const seen: LocalBook[] = [];
  md.on('book', (book) => seen.push(book));
  await new Promise((r) => setTimeout(r, 50));
  expect(seen).toHaveLength(1);
  expect(seen[0]!.bids(1)).toEqual([{ priceMicros: 900_000, qty: 3 }]);
  await md.close();
});
