/**
 * The dashboards' figures as a read model (src/dashboards/figures.ts), fed turns directly: what a
 * buyer spent is what left its balance for the fill, the fee it paid included (docs/fees.md), as a
 * subscription's costMicros includes it. Real LMDB in a temporary directory.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardFigures } from '../../src/dashboards/index.js';
import { EventType, Side, type Fill } from '../../src/engine/index.js';
import type { ReplayedTurn } from '../../src/read-models/replay.js';
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

  it("count a claim's refund as what was paid back, not what was due at the buyer's price (the shortfall is not refunded)", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-figures-'));
    figures = DashboardFigures.create(dir);
    // The auditor's grant: 1.138 due at the price paid, 1.023015 paid from the held proceeds, 0.114985 short.
    figures.model.take({
      firstSeq: 1, lastSeq: 1, timeMs: T + 10, commands: [],
      events: [{ type: EventType.CLAIM_RESOLVED, seq: 1, grantId: 34, seriesId: 1, consumerAccountId: 7, providerAccountId: 3, undeliveredQty: 1, refundMicros: 1_138_000, fromHeldMicros: 1_023_015, fromProviderMicros: 0, shortfallMicros: 114_985, releasedMicros: 0 }],
    });
    const hours = await figures.consumerHours(7, T, T + HOUR_MS);
    expect(hours[0]!.figures.refundMicros).toBe(1_023_015);
  });

  it('of a store written before refunds counted as paid (version 1, the due) are derived again after an upgrade, not kept', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-figures-'));
    const claim = (paid: number): ReplayedTurn => ({
      firstSeq: 1, lastSeq: 1, timeMs: T + 10, commands: [],
      events: [{ type: EventType.CLAIM_RESOLVED, seq: 1, grantId: 34, seriesId: 1, consumerAccountId: 7, providerAccountId: 3, undeliveredQty: 1, refundMicros: 1_138_000, fromHeldMicros: paid, fromProviderMicros: 0, shortfallMicros: 1_138_000 - paid, releasedMicros: 0 }],
    });
    // What version 1 left: the due (1.138) as the consumer's refund, and its progress past the claim.
    figures = DashboardFigures.create(dir);
    figures.model.take(claim(1_138_000));
    expect((await figures.consumerHours(7, T, T + HOUR_MS))[0]!.figures.refundMicros).toBe(1_138_000);
    await figures.close();
    const env = open({ path: path.join(dir, 'dashboards'), maxDbs: 6 });
    await env.openDB<number, string>({ name: 'meta' }).put('version', 1);
    await env.close();
    // The upgraded start: the store is emptied, and the replay at open derives the claim again, as paid.
    figures = DashboardFigures.create(dir);
    expect(figures.model.seq).toBe(0);
    figures.model.take(claim(1_023_015));
    const hours = await figures.consumerHours(7, T, T + HOUR_MS);
    expect(hours).toHaveLength(1);
    expect(hours[0]!.figures.refundMicros).toBe(1_023_015);
  });
});

describe('figures gathered over turns', () => {
  it('are written before the model saves its progress, so a saved seq never runs ahead of its figures', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-figures-'));
    figures = DashboardFigures.create(dir);
    for (let seq = 1; seq <= 50; seq++) figures.model.take({ firstSeq: seq, lastSeq: seq, timeMs: T + seq, commands: [], events: [fill(seq, true, {})] });
    figures.model.saveNow();
    await figures.model.env.flushed;
    // What a restart after a crash finds on disk: the saved seq, and the record it covers.
    const meta = figures.model.env.openDB<number, string>({ name: 'meta' });
    const consumers = figures.model.env.openDB<Buffer, [number, number]>({ name: 'consumer-hours', encoding: 'binary' });
    expect(meta.get('lastSeq')).toBe(50);
    const record = consumers.get([7, T])!;
    expect(record.readDoubleLE(0)).toBe(50 * 5); // boughtQty
    expect(record.readDoubleLE(10 * 8)).toBe(50); // the last seq the record took
  });

  it('add a turn taken again (its figures written, the saved seq behind them) only once, and read what was taken since', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-figures-'));
    figures = DashboardFigures.create(dir);
    const turn = (seq: number) => ({ firstSeq: seq, lastSeq: seq, timeMs: T + seq, commands: [], events: [fill(seq, true, {})] });
    for (let seq = 1; seq <= 3; seq++) figures.model.take(turn(seq));
    expect((await figures.consumerHours(7, T, T + HOUR_MS))[0]!.figures.boughtQty).toBe(15); // a read writes what was gathered first
    await figures.close();
    // Reopened with its progress put back to 1, as a crash between the figures' write and the progress's would leave it.
    const env = open({ path: path.join(dir, 'dashboards'), maxDbs: 6 });
    await env.openDB<number, string>({ name: 'meta' }).put('lastSeq', 1);
    await env.close();
    figures = DashboardFigures.create(dir);
    expect(figures.model.seq).toBe(1);
    for (let seq = 2; seq <= 4; seq++) figures.model.take(turn(seq)); // 2 and 3 again, then 4
    expect((await figures.consumerHours(7, T, T + HOUR_MS))[0]!.figures.boughtQty).toBe(20);
  });
});
