/**
 * The book an order meets (GET /v1/series/{id}, src/gateway/views.ts `takeableBook`): in a spot series every
 * trade has the broker on one side, so a buy takes only the broker's asks and a sale only its bids. A provider's
 * ask resting below the broker's, merged into the book, showed as the best ask: a consumer's buy at it was refused
 * NOT_FILLED, and a buy with no limit, its protection anchored there, fell short of the broker's ask (an outside
 * review). The customers' resting orders are listed apart, as `waiting`; `patx book` shows them under the broker's.
 */
import { describe, expect, it } from 'vitest';
import type { Engine, EngineEvent } from '../../src/engine/index.js';
import { MarketFeed, type FeedEvent } from '../../src/gateway/market-feed.js';
import { takeableBook, type BookLevel } from '../../src/gateway/views.js';
import { protectedLimitMicros } from '../../src/client/order-protection.js';
import { bookText, type BookView } from '../../src/cli/trading-format.js';
import { CommandKind, createFixture, fills, SeriesKind, Side, T0 } from '../support/engine-fixture.js';

/** Every resting order of a series by price, all its books merged: what the feed's BOOK showed before it was the takeable book. */
function mergedBook(engine: Engine, seriesId: number): { bids: BookLevel[]; asks: BookLevel[] } {
  const side = (s: Side): BookLevel[] => {
    const qty = new Map<number, number>();
    for (const book of engine.series[seriesId]!.books()) for (const [price, q] of book.depth(s, 10)) qty.set(price, (qty.get(price) ?? 0) + q);
    return [...qty].map(([priceMicros, q]) => ({ priceMicros, qty: q })).sort((a, b) => (s === Side.BUY ? b.priceMicros - a.priceMicros : a.priceMicros - b.priceMicros));
  };
  return { bids: side(Side.BUY), asks: side(Side.SELL) };
}

/** A market-data feed seeded from the engine now, and a function that feeds it a command's events as a released turn. */
function feedOf(engine: Engine): { feed: MarketFeed; release: (events: EngineEvent[]) => EngineEvent[] } {
  const feed = MarketFeed.ofEngine(engine, { hasSubscribers: () => false, publish: () => undefined });
  const release = (events: EngineEvent[]): EngineEvent[] => {
    feed.beginTurn(engine.lastSeq, engine.lastTimeMs);
    for (const e of events) feed.apply(e as FeedEvent);
    feed.endTurn();
    return events;
  };
  return { feed, release };
}

describe('the book an order meets', () => {
  it("in a spot series: the broker's bids and asks, the customers' resting orders apart; a buy with no limit reaches the broker's ask", () => {
    const fx = createFixture({ consumers: 1 });
    const [provider] = fx.providers as [number];
    const consumer = fx.consumers[0]!;
    fx.place(fx.broker, Side.SELL, 1_000_000, 5);
    fx.place(fx.broker, Side.BUY, 800_000, 5);
    fx.place(provider, Side.SELL, 900_000, 2); // below the broker's ask: only the broker can take it
    fx.place(consumer, Side.BUY, 850_000, 3); // above the broker's bid: only the broker can sell to it
    // Merged (every resting order), the provider's ask reads as the best, and the book as crossed.
    expect(mergedBook(fx.engine, fx.seriesId).asks[0]).toEqual({ priceMicros: 900_000, qty: 2 });
    const book = takeableBook(fx.engine, fx.seriesId, 10);
    expect(book).toEqual({
      bids: [{ priceMicros: 800_000, qty: 5 }],
      asks: [{ priceMicros: 1_000_000, qty: 5 }],
      waiting: { bids: [{ priceMicros: 850_000, qty: 3 }], asks: [{ priceMicros: 900_000, qty: 2 }] },
    });
    // The market-data feed's BOOK is the takeable book too (seeded here; from events in test/gateway/market-feed.test.ts).
    expect(feedOf(fx.engine).feed.depth(fx.seriesId, 10)).toEqual({ bids: book.bids, asks: book.asks });
    // The CLI's buy with no limit is protected from the broker's ask, so it fills there.
    const terms = { bandBps: 500, tickMicros: 10_000, minPriceMicros: 10_000, maxPriceMicros: 5_000_000 };
    const limit = protectedLimitMicros({ ...terms, book }, 'BUY')!;
    expect(limit).toBe(1_050_000);
    expect(fills(fx.buy(consumer, limit, 1)).map((f) => f.priceMicros)).toEqual([1_000_000]);
    // Anchored at the merged book's 0.90, as before, it could not reach the broker's 1.00.
    expect(protectedLimitMicros({ ...terms, book: mergedBook(fx.engine, fx.seriesId) }, 'BUY')).toBe(950_000); // 5 ticks past 0.90

    const view: BookView = { seriesId: fx.seriesId, contract: 'AUTO_INTENT|7D|0.70-0.85', kind: 'SPOT', status: 'TRADING', openAtMs: T0, closeAtMs: T0 + 1, tickMicros: 10_000, referencePriceMicros: 0, lastTradeMicros: 0, bids: book.bids, asks: book.asks, waiting: book.waiting };
    expect(bookText(view).split('\n').slice(-3)).toEqual(["waiting for the broker (customers' orders; a trade always has the broker on one side, docs/architecture.md):", '  bids 3 @ 0.8500', '  asks 2 @ 0.9000']);
  });

  it('in an OPEN series (a synthetic) one book: everything in it can be taken, nothing waits', () => {
    const fx = createFixture({ consumers: 2 });
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 });
    const synth = fx.newSeries({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 });
    const [a, b] = fx.consumers as [number, number];
    for (const id of [a, b]) fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: id, qualified: true });
    const { feed, release } = feedOf(fx.engine);
    release(fx.sell(a, 1_000_000, 2, { seriesId: synth }));
    release(fx.buy(b, 900_000, 3, { seriesId: synth }));
    const book = { bids: [{ priceMicros: 900_000, qty: 3 }], asks: [{ priceMicros: 1_000_000, qty: 2 }] };
    expect(takeableBook(fx.engine, synth, 10)).toEqual(book);
    // The feed's BOOK, from the orders' events, the same: no customer's order waits here.
    expect(feed.depth(synth, 10)).toEqual(book);
  });
});
