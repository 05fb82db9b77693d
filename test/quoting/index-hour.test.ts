/**
 * The expected settlement index inside the index hour (docs/pricing.md, "Synthetics"): the
 * samples the engine already took are fixed, so the quoter's expectation is their mids and its
 * model for the instants to come. By hand, then in the running service: half an hour before a
 * synthetic's close the broker's spot quote moved (the window's freshness decays), and the
 * expectation after the samples lands near the index the close then publishes, where the model
 * alone is far off.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR, type EngineEvent } from '../../src/engine/index.js';
import { expectedIndexWithSamples } from '../../src/quoting/pricing.js';
import { iocOrder, listOnWindow, openSpot, OPERATOR, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const CLOSE = Date.UTC(2026, 11, 7);

/** A 60-slot ring of samples, as the engine's IndexTrack holds them (slot = minute of the hour). */
function ring(entries: Array<{ atMs: number; bid: number; ask: number }>): { sampleAtMs: number[]; bidMicros: number[]; askMicros: number[] } {
  const r = { sampleAtMs: new Array<number>(60).fill(0), bidMicros: new Array<number>(60).fill(0), askMicros: new Array<number>(60).fill(0) };
  for (const e of entries) {
    const slot = Math.floor(e.atMs / MINUTE_MS) % 60;
    r.sampleAtMs[slot] = e.atMs;
    r.bidMicros[slot] = e.bid;
    r.askMicros[slot] = e.ask;
  }
  return r;
}

describe('expectedIndexWithSamples', () => {
  it('averages the sampled two-sided mids with the model for the instants to come; drops what the index drops', () => {
    const at = (k: number): number => CLOSE - HOUR_MS + k * MINUTE_MS; // k = 1 … 60
    // 20 minutes sampled at mid 1.2 PAT, 5 one-sided, 5 wide (30 % spread): 30 instants to come at the model, 1 PAT.
    const entries = [
      ...Array.from({ length: 20 }, (_, i) => ({ atMs: at(i + 1), bid: 1_180_000, ask: 1_220_000 })),
      ...Array.from({ length: 5 }, (_, i) => ({ atMs: at(i + 21), bid: 1_180_000, ask: 0 })),
      ...Array.from({ length: 5 }, (_, i) => ({ atMs: at(i + 26), bid: 1_000_000, ask: 1_350_000 })),
    ];
    // (20 × 1,200,000 + 30 × 1,000,000) / 50 = 1,080,000.
    expect(expectedIndexWithSamples(1_000_000, ring(entries), CLOSE, HOUR_MS, MINUTE_MS, 2_000)).toBeCloseTo(1_080_000, 6);
    // Before the hour (samples of an earlier hour only) and after the close with every instant sampled.
    const earlier = entries.map((e) => ({ ...e, atMs: e.atMs - HOUR_MS }));
    expect(expectedIndexWithSamples(1_000_000, ring(earlier), CLOSE, HOUR_MS, MINUTE_MS, 2_000)).toBe(1_000_000);
    const whole = Array.from({ length: 60 }, (_, i) => ({ atMs: at(i + 1), bid: 900_000, ask: 1_000_000 }));
    expect(expectedIndexWithSamples(2_000_000, ring(whole), CLOSE, HOUR_MS, MINUTE_MS, 2_000)).toBe(950_000);
    // No sample two-sided and none to come: nothing to average, the model.
    const pulled = Array.from({ length: 60 }, (_, i) => ({ atMs: at(i + 1), bid: 900_000, ask: 0 }));
    expect(expectedIndexWithSamples(2_000_000, ring(pulled), CLOSE, HOUR_MS, MINUTE_MS, 2_000)).toBe(2_000_000);
  });
});

const qs = useQuotingService('patx-index-hour-');

describe('the quoter inside the index hour', () => {
  it("prices a synthetic on the samples already taken: its expectation half an hour before the close is near the index, the model's is not", async () => {
    const svc = await qs.start();
    const released: EngineEvent[] = [];
    svc.sequencer.onRelease((batch) => released.push(...batch.events));
    try {
      const spot = openSpot(svc, qs.now);
      // The expiry rule and the cost floor off: the broker, having sold nothing for days, would otherwise stop
      // bidding and clear its ask near the close, or ask at its cost far above the decayed value (one-sided or
      // wide samples, which the index drops); this test is about two-sided samples.
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.expiryRule', value: 0 });
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.costFloor', value: 0 });
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

      // Half an hour before the close: the first turn samples the hour's first 30 instants (the quotes of days ago) and requotes the spot, decayed.
      qs.now = spot.spec.closeAtMs - 30 * MINUTE_MS;
      await quoteTurn(svc);
      const modelOnly = svc.quoting!.syntheticView(synthetic.id)!.expectedIndexMicros; // computed before those samples were taken
      qs.now += 1_000;
      await quoteTurn(svc);
      const withSamples = svc.quoting!.syntheticView(synthetic.id)!.expectedIndexMicros;
      expect(withSamples).not.toBe(modelOnly);

      // The close: nothing else moves the book, so the index is the hour's mean mid.
      qs.now = spot.spec.closeAtMs + MINUTE_MS;
      await send(svc, { kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: synthetic.id, cutoffMs: qs.now });
      const published = released.find((e) => e.type === EventType.SETTLEMENT_INDEX_PUBLISHED && e.seriesId === synthetic.id);
      const indexMicros = published?.type === EventType.SETTLEMENT_INDEX_PUBLISHED ? published.indexMicros : 0;
      expect(indexMicros).toBeGreaterThan(0);
      expect(Math.abs(withSamples - indexMicros)).toBeLessThan(Math.abs(modelOnly - indexMicros) / 3);
    } finally {
      await svc.stop();
    }
  }, 60_000);
});
