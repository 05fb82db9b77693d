/**
 * The dashboards' figures as a read model (src/dashboards/figures.ts), fed turns directly: what a
 * buyer spent is what left its balance for the fill, the fee it paid included (docs/fees.md), as a
 * subscription's costMicros includes it. Real LMDB in a temporary directory.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardFigures } from '../../src/dashboards/index.js';
import { EventType, Side, type Fill } from '../../src/engine/index.js';
import { removeDir } from '../support/exchange-fixture.js';

const HOUR_MS = 3_600_000;
const T = 1_795_766_400_000;
let dir: string | undefined;
let figures: DashboardFigures | undefined;

afterEach(async () => {
  await figures?.close();
  if (dir !== undefined) removeDir(dir);
  figures = undefined;
  dir = undefined;
});

function fill(seq: number, buyerIsTaker: boolean, fees: { maker?: number; taker?: number }): Fill {
  const e: Fill = {
    type: EventType.FILL, seq, seriesId: 1, tradeId: seq, priceMicros: 600_000, qty: 5, takerSide: buyerIsTaker ? Side.BUY : Side.SELL,
    makerOrderId: 1, makerAccountId: buyerIsTaker ? 2 : 7, makerClientOrderId: 0, makerOrderQty: 5, makerCumQty: 5, makerLeavesQty: 0,
    takerOrderId: 2, takerAccountId: buyerIsTaker ? 7 : 2, takerClientOrderId: 0, takerOrderQty: 5, takerCumQty: 5, takerLeavesQty: 0,
  };
  if (fees.maker !== undefined) e.makerFeeMicros = fees.maker;
  if (fees.taker !== undefined) e.takerFeeMicros = fees.taker;
  return e;
}

describe('the consumer figures', () => {
  it("count a buyer's fee in what it spent, as taker or maker, and not the seller's", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-figures-'));
    figures = DashboardFigures.create(dir);
    // Account 7 buys: first as the taker (fee 300), then as the maker (fee 100); the seller (2) pays 50 and 70.
    figures.model.take({ firstSeq: 1, lastSeq: 1, timeMs: T + 10, commands: [], events: [fill(1, true, { maker: 50, taker: 300 })] });
    figures.model.take({ firstSeq: 2, lastSeq: 2, timeMs: T + 20, commands: [], events: [fill(2, false, { maker: 100, taker: 70 })] });
    figures.model.take({ firstSeq: 3, lastSeq: 3, timeMs: T + 30, commands: [], events: [fill(3, true, {})] });
    const hours = await figures.consumerHours(7, T, T + HOUR_MS);
    expect(hours).toHaveLength(1);
    expect(hours[0]!.figures.boughtQty).toBe(15);
    expect(hours[0]!.figures.spentMicros).toBe(3 * 5 * 600_000 + 300 + 100);
  });
});
