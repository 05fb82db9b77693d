/**
 * The expected settlement index inside the index hour (docs/pricing.md, "The index the products
 * settle on"): the samples the engine already took are fixed, so the quoter's forecast keeps
 * them and projects only the instants to come (src/quoting/index-forecast.ts; by hand in
 * test/quoting/index-forecast.test.ts). In the running service: half an hour before a
 * synthetic's close the broker's spot quote moved (the window's freshness decays), and the
 * expectation lands near the index the close then publishes, where the spot's price now is far off.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR, type EngineEvent } from '../../src/engine/index.js';
import { iocOrder, listOnWindow, openSpot, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const MINUTE_MS = 60_000;

const qs = useQuotingService('patx-index-hour-');

describe('the quoter inside the index hour', () => {
  it("prices a synthetic on the samples already taken: its expectation half an hour before the close is near the index, the spot's price now is not", async () => {
    const svc = await qs.start();
    const released: EngineEvent[] = [];
    svc.sequencer.onRelease((batch) => released.push(...batch.events));
    try {
      const spot = openSpot(svc, qs.now);
      await quoteTurn(svc);
      // A provider sells 10 rights into the broker's bid, so the broker asks too: its spot quote is two-sided, a price the index can use.
      const provider = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
      await send(svc, { kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: provider, segment: 'AUTO_INTENT', listingId: 1, listingVersion: 1 }); // as the catalog does for a published listing
      await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot.id, capacity: 100 });
      await send(svc, { kind: CommandKind.MINT, actor: provider, seriesId: spot.id, qty: 10 });
      const bestBid = svc.engine.orders.get(spot.quoteBidIds[0]!)!.priceMicros;
      expect((await send(svc, iocOrder(provider, spot.id, Side.SELL, bestBid, 10))).some((e) => e.type === EventType.FILL)).toBe(true);
      qs.now += 1_000;
      await quoteTurn(svc);
      expect(spot.quoteAskIds.length).toBeGreaterThan(0);
      await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
      const synthetic = await listOnWindow(svc, spot, SeriesKind.SYNTHETIC);
      await quoteTurn(svc);

      // Half an hour before the close: the first turn's quote samples the hour's first 30 instants (the quotes of days ago) and requotes the spot, decayed.
      qs.now = spot.spec.closeAtMs - 30 * MINUTE_MS;
      await quoteTurn(svc);
      qs.now += 1_000;
      await quoteTurn(svc);
      const withSamples = svc.quoting!.syntheticView(synthetic.id)!.expectedIndexMicros;
      const spotNow = spot.referencePriceMicros;

      // The close: nothing else moves the book, so the index is the hour's mean mid.
      qs.now = spot.spec.closeAtMs + MINUTE_MS;
      await send(svc, { kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: synthetic.id, cutoffMs: qs.now });
      const published = released.find((e) => e.type === EventType.SETTLEMENT_INDEX_PUBLISHED && e.seriesId === synthetic.id);
      const indexMicros = published?.type === EventType.SETTLEMENT_INDEX_PUBLISHED ? published.indexMicros : 0;
      expect(indexMicros).toBeGreaterThan(0);
      expect(Math.abs(withSamples - indexMicros)).toBeLessThan(Math.abs(spotNow - indexMicros) / 3);
    } finally {
      await svc.stop();
    }
  }, 60_000);
});
