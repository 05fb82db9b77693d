/**
 * The uncut events parted into nettings of a batch each as they are released (uncut-batches.ts): the batches cut one
 * after another carry exactly what one netting of all the events carries, each within the bound unless one command
 * alone passes it, and the summed view reconciliation reads equals the single netting at every step. Real engine
 * events: the escrow stream (trades, exercises, deliveries, refunds) under a fee schedule.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, type EngineEvent } from '../../src/engine/index.js';
import { Netting, NO_FORWARDS } from '../../src/settlement/index.js';
import { UncutBatches } from '../../src/settlement/uncut-batches.js';
import { EngineFixture } from '../support/engine-fixture.js';
import { E_OPERATOR, ESCROW_SERIES_ID, escrowSetup, escrowStream } from '../support/escrow-stream.js';
import { addr } from '../support/netting-mirror.js';

const BOUNDS = { batchMaxEntries: 6, batchMaxFills: 3 };

describe('uncut batches', () => {
  it('cut one after another, carry what one netting of every event carries, each within the bound', () => {
    const fx = new EngineFixture();
    fx.seriesId = ESCROW_SERIES_ID;
    const isProvider = (id: number): boolean => fx.engine.accounts[id]?.role === 2;
    const newNetting = (from: number): Netting => new Netting(from, isProvider, () => [], NO_FORWARDS);
    const whole = newNetting(0);
    const uncut = new UncutBatches(0, newNetting, BOUNDS);
    const cuts: Array<ReturnType<Netting['cut']>['cut']> = [];
    let turn: EngineEvent[] = [];
    // Turns of up to five commands, folded whole, as the sequencer releases them; a cut whenever a batch is full.
    const released: EngineEvent[] = [];
    // What reconciliation reads (the sum over the uncut nettings) is one netting of every event after the last cut.
    const expectSummedView = (): void => {
      const cutThrough = cuts.at(-1)?.batch.throughSeq ?? 0;
      const rest = newNetting(cutThrough);
      rest.add(released.filter((e) => e.seq > cutThrough), fx.engine.lastSeq);
      expect(uncut.balanceDeltasWei()).toEqual(rest.balanceDeltasWei());
      expect(uncut.rightsDeltas()).toEqual(rest.rightsDeltas());
      expect(uncut.feeWei()).toBe(rest.feeWei());
      expect(uncut.fills).toBe(rest.fills);
    };
    const release = (): void => {
      const lastSeq = fx.engine.lastSeq;
      whole.add(turn, lastSeq);
      uncut.add(turn, lastSeq, 0);
      released.push(...turn);
      turn = [];
      expectSummedView();
      while (uncut.full) {
        cuts.push(uncut.next.cut(cuts.length + 1, addr).cut);
        uncut.dropNext();
      }
      expectSummedView();
    };
    let n = 0;
    const submit = (cmd: Parameters<EngineFixture['submit']>[0], timeMs: number): void => {
      turn.push(...fx.submit(cmd, timeMs));
      if (++n % 5 === 0) release();
    };
    for (const t of escrowSetup()) submit(t.cmd, t.timeMs);
    for (const [name, value] of [['fee.takerBps:SPOT', 30], ['fee.makerBps:SPOT', 5]] as const) submit({ kind: CommandKind.SET_PARAM, actor: E_OPERATOR, name, value }, fx.ee.nowMs);
    for (const t of escrowStream(1, fx.engine, 600)) submit(t.cmd, t.timeMs);
    release();
    if (!uncut.isEmpty) cuts.push(uncut.next.cut(cuts.length + 1, addr).cut);

    expect(cuts.length).toBeGreaterThan(20);
    const all = whole.cut(1, addr).cut;
    // Consecutive, and together the whole: balances, fees, rights and fills.
    let from = 0;
    const balances = new Map<string, bigint>();
    for (const c of cuts) {
      expect(c.batch.throughSeq).toBeGreaterThan(from);
      from = c.batch.throughSeq;
      for (const b of c.batch.balances) balances.set(b.participant, (balances.get(b.participant) ?? 0n) + b.deltaWei);
      const entries = c.batch.balances.length + c.batch.rights.length + c.batch.withdrawals.length + c.batch.listings.length;
      // Every batch but the last was cut full, closed by the command that reached the bound: past it by at most what
      // one command of this stream adds (a trade: two balances, a fill; an exercise or refund: a few entries).
      if (c !== cuts.at(-1)) expect(entries >= BOUNDS.batchMaxEntries || c.fills >= BOUNDS.batchMaxFills, `batch ${c.batch.batchId} cut full`).toBe(true);
      expect(entries <= BOUNDS.batchMaxEntries + 3 && c.fills <= BOUNDS.batchMaxFills + 1, `batch ${c.batch.batchId}: ${entries} entries, ${c.fills} fills`).toBe(true);
    }
    expect(from).toBe(all.batch.throughSeq);
    for (const [k, v] of balances) if (v === 0n) balances.delete(k);
    expect(balances).toEqual(new Map(all.batch.balances.map((b) => [b.participant, b.deltaWei])));
    expect(cuts.reduce((s, c) => s + c.batch.feeWei, 0n)).toBe(all.batch.feeWei);
    expect(cuts.reduce((s, c) => s + c.fills, 0)).toBe(all.fills);
    expect(all.fills).toBeGreaterThan(0);
    expect(all.batch.feeWei).toBeGreaterThan(0n);
  });
});
