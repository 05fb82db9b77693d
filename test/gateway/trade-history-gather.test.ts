/**
 * The trade history's gathering between flushes (src/gateway/trade-history.ts), on a real LMDB
 * store: each series' trades wait in a buffer kept from one flush to the next (issue 79: a
 * number[] per series per flush was most of what survived the engine thread's young GCs), which
 * grows past its first size, is written as it stands at every flush, is let go when its series
 * was idle since the last, and is flushed anyway past MAX_GATHERED_TRADES. Every trade comes back
 * once, newest first, whatever the flushes between them.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventType, Side, type EngineEvent } from '../../src/engine/index.js';
import { TradeHistory } from '../../src/gateway/trade-history.js';
import { removeDir } from '../support/exchange-fixture.js';

let dir: string | undefined;
let history: TradeHistory | undefined;
afterEach(async () => {
  await history?.close();
  history = undefined;
  if (dir !== undefined) removeDir(dir);
});

let seq = 0;
let tradeId = 0;
/** One turn of `count` fills in `seriesId` (one command), at `timeMs`; the fills' trade ids. */
function turn(h: TradeHistory, seriesId: number, count: number, timeMs: number): number[] {
  seq++;
  const events = Array.from({ length: count }, (_, i) => ({ type: EventType.FILL, seq, seriesId, tradeId: ++tradeId, priceMicros: 500_000 + tradeId, qty: 1 + (i % 3), takerSide: Side.BUY }) as unknown as EngineEvent);
  h.model.take({ firstSeq: seq, lastSeq: seq, timeMs, commands: [], events });
  return events.map((e) => (e as { tradeId: number }).tradeId);
}

const ids = (h: TradeHistory, seriesId: number): number[] => h.recent(seriesId, 1_000).map((t) => t.tradeId);

describe('the trade history gathers each series in a buffer kept between flushes', () => {
  it('every trade once, newest first, across growth, flushes, an idle series let go, and the flush past the bound', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-trades-gather-'));
    history = TradeHistory.create(dir);
    const h = history;
    const t0 = 1_800_000_000_000;
    const a: number[] = [];
    const b: number[] = [];
    // Past the buffer's first size (16 trades) in one series, a few in another: one flush (the read) writes both.
    a.push(...turn(h, 1, 10, t0), ...turn(h, 1, 25, t0 + 1));
    b.push(...turn(h, 2, 3, t0 + 2));
    expect(ids(h, 1)).toEqual([...a].reverse());
    expect(ids(h, 2)).toEqual([...b].reverse());
    // Series 1 again (its kept buffer, emptied by the flush), series 2 idle: its buffer goes at the next flush.
    a.push(...turn(h, 1, 4, t0 + 3));
    expect(ids(h, 1)).toEqual([...a].reverse());
    // Series 2 trades again after it was let go: a fresh buffer, nothing of the old one written twice.
    b.push(...turn(h, 2, 2, t0 + 4));
    a.push(...turn(h, 1, 1, t0 + 5));
    expect(ids(h, 2)).toEqual([...b].reverse());
    expect(ids(h, 1)).toEqual([...a].reverse());
    // Past MAX_GATHERED_TRADES (4,096) without a read: flushed by the bound, then read whole.
    for (let k = 0; k < 50; k++) a.push(...turn(h, 1, 100, t0 + 6 + k));
    const page = h.recent(1, 1_000).map((t) => t.tradeId);
    expect(page).toEqual([...a].reverse().slice(0, 1_000));
    // Older pages: every trade exactly once.
    const all: number[] = [];
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const p = h.recent(1, 1_000, before);
      if (p.length === 0) break;
      all.push(...p.map((t) => t.tradeId));
      before = p.at(-1)!.tradeId;
    }
    expect(all).toEqual([...a].reverse());
    // One record per flush that had trades of the series, keyed by its first trade: the buffer was emptied by each
    // flush (kept whole, each flush would write it again from its first trade, and it would only grow).
    const chunks = h.model.env.openDB<Buffer, [number, number]>({ name: 'trades', encoding: 'binary' });
    const keys = [...chunks.getKeys({ start: [1, 0], end: [1, Number.MAX_SAFE_INTEGER] })].map((k) => k[1]);
    expect(keys).toEqual([a[0], a[35], a[39], a[40], a[40 + 4_100]]);
    expect(h.recent(1, 1_000, a[40 + 4_100]).length).toBe(1_000);
    // Calm after the burst: a trade a flush, the burst's buffer halved at each, every trade still read back once.
    for (let k = 0; k < 6; k++) {
      a.push(...turn(h, 1, 1, t0 + 60 + k));
      expect(ids(h, 1).slice(0, 3)).toEqual([...a].reverse().slice(0, 3));
    }
    // The fields kept are the trade's: price, quantity, side, seq and time.
    const newest = h.recent(2, 1)[0]!;
    expect(newest).toEqual({ tradeId: b.at(-1)!, seq: expect.any(Number) as number, timeMs: t0 + 4, priceMicros: 500_000 + b.at(-1)!, qty: 2, takerSide: Side.BUY });
  });
});
