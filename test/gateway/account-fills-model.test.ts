/**
 * The accounts' fills model (src/gateway/account-fills.ts), fed turns as the journal's replay feeds it.
 *
 * An option's premium in the account's settlement: the engine keeps
 * no cost for an option position (the premium moves at the fill), so the model sums each account's
 * net premium per option series from its fills, keeps it across a restart (in its LMDB store, saved
 * with its progress) and hands it to the settlement at the close, then lets it go. The turns are the
 * engine's event shapes, fed to the model as the journal's replay feeds it (the whole service's
 * case is test/app/settlement-views-loaded.test.ts).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';
import { afterEach, describe, expect, it } from 'vitest';
import { EventType, Side, type EngineEvent } from '../../src/engine/index.js';
import { AccountFills, MAX_FILLS_SCANNED } from '../../src/gateway/account-fills.js';
import { removeDir } from '../support/exchange-fixture.js';

const BROKER = 1;
const CALL = 40;
const SPOT = 10;
const ALICE = 5;

let tradeId = 0;
function fill(seq: number, seriesId: number, taker: number, takerSide: Side, priceMicros: number, qty: number): EngineEvent {
  tradeId++;
  return {
    type: EventType.FILL, seq, seriesId, tradeId, priceMicros, qty, takerSide,
    makerOrderId: 1_000 + tradeId, makerAccountId: BROKER, makerClientOrderId: 0, makerOrderQty: qty, makerCumQty: qty, makerLeavesQty: 0,
    takerOrderId: 2_000 + tradeId, takerAccountId: taker, takerClientOrderId: 0, takerOrderQty: qty, takerCumQty: qty, takerLeavesQty: 0,
  };
}

function settled(seq: number, seriesId: number, accountId: number, positionQty: number, valueMicros: number): EngineEvent {
  return { type: EventType.SYNTHETIC_SETTLED, seq, seriesId, accountId, positionQty, costMicros: 0, indexMicros: 800_000, valueMicros, payoutMicros: positionQty * valueMicros, shortfallMicros: 0, haircutMicros: 0 };
}

describe('account fills: an option\'s premium in its settlement', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) removeDir(dir);
  });

  it('sums the premium paid net over the fills (buys +, sales −), keeps it across a restart, and joins it to the settlement; none for spot or the broker', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-fills-premium-'));
    const open = (): AccountFills => AccountFills.create(dir!, (id) => id === CALL, () => BROKER);
    const turn = (seq: number, events: EngineEvent[]) => ({ firstSeq: seq, lastSeq: seq, timeMs: 1_000 * seq, commands: [], events });
    let ledger = open();
    ledger.model.take(turn(1, [fill(1, CALL, ALICE, Side.BUY, 50_000, 3), fill(1, SPOT, ALICE, Side.BUY, 800_000, 2)]));
    ledger.model.take(turn(2, [fill(2, CALL, ALICE, Side.SELL, 70_000, 1)]));
    await ledger.close(); // saves its progress, with what it summed
    ledger = open();
    expect(ledger.model.seq).toBe(2);
    ledger.model.take(turn(3, [fill(3, CALL, ALICE, Side.BUY, 40_000, 2)]));
    ledger.model.take(turn(4, [settled(4, CALL, ALICE, 4, 30_000), settled(4, CALL, BROKER, -4, 30_000)]));
    const [row, ...rest] = ledger.settlementsOf(ALICE, 10).settlements;
    expect(rest).toEqual([]);
    // 3 × 0.05 − 1 × 0.07 + 2 × 0.04 = 0.16 paid net; worth 4 × 0.03 at the index.
    expect(row).toMatchObject({ seq: 4, timeMs: 4_000, seriesId: CALL, positionQty: 4, costMicros: 0, premiumMicros: 160_000, payoutMicros: 120_000 });
    expect(ledger.settlementsOf(BROKER, 10).settlements).toEqual([]);
    expect(ledger.fillsOf(ALICE, 10).fills.map((f) => [f.seriesId, f.side, f.priceMicros, f.qty, f.maker])).toEqual([
      [CALL, Side.BUY, 40_000, 2, false],
      [CALL, Side.SELL, 70_000, 1, false],
      [SPOT, Side.BUY, 800_000, 2, false],
      [CALL, Side.BUY, 50_000, 3, false],
    ]);
    expect(ledger.fillsOf(BROKER, 10)).toEqual({ fills: [], next: null });
    // Settled: a later turn in the series (none should come, but a replay of the journal may) starts from nothing.
    await ledger.close();
    ledger = open();
    ledger.model.take(turn(5, [fill(5, CALL, ALICE, Side.BUY, 10_000, 1)]));
    ledger.model.take(turn(6, [settled(6, CALL, ALICE, 1, 0)]));
    expect(ledger.settlementsOf(ALICE, 1).settlements.map((s) => [s.seq, s.premiumMicros])).toEqual([[6, 10_000]]);
    // A turn taken again (after a crash) counts once.
    ledger.model.take(turn(6, [settled(6, CALL, ALICE, 1, 0)]));
    expect(ledger.settlementsOf(ALICE, 10).settlements.map((s) => [s.seq, s.premiumMicros])).toEqual([[6, 10_000], [4, 160_000]]);
    await ledger.close();
  });

  it('pages by trade id; a series filter over a long history looks at no more than MAX_FILLS_SCANNED fills a read and says where to go on', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-fills-scan-'));
    const ledger = AccountFills.create(dir, () => false, () => BROKER);
    try {
      const first = fill(1, CALL, ALICE, Side.BUY, 1_000, 1); // the one fill in CALL, oldest
      const rest: EngineEvent[] = [];
      for (let i = 0; i < MAX_FILLS_SCANNED + 5; i++) rest.push(fill(2, SPOT, ALICE, Side.BUY, 800_000, 1));
      ledger.model.take({ firstSeq: 1, lastSeq: 1, timeMs: 1_000, commands: [], events: [first] });
      ledger.model.take({ firstSeq: 2, lastSeq: 2, timeMs: 2_000, commands: [], events: rest });
      const newest = ledger.fillsOf(ALICE, 3);
      expect(newest.fills).toHaveLength(3);
      expect(newest.next).toBe(newest.fills[2]!.tradeId);
      // In CALL: the first read stops after MAX_FILLS_SCANNED of the SPOT fills with nothing found and where to go on.
      const page1 = ledger.fillsOf(ALICE, 10, undefined, CALL);
      expect(page1.fills).toEqual([]);
      expect(page1.next).not.toBeNull();
      const page2 = ledger.fillsOf(ALICE, 10, page1.next!, CALL);
      expect(page2).toMatchObject({ fills: [{ tradeId: (first as { tradeId: number }).tradeId, seriesId: CALL }], next: null });
    } finally {
      await ledger.close();
    }
  });
});

describe('account fills: deposits and withdrawals (GET /v1/transfers)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) removeDir(dir);
  });

  it('keeps each deposit with its chain reference and each withdrawal from pending to paid by its batch, in one stretch or across a restart; newest first, paged', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-fills-transfers-'));
    const open = (): AccountFills => AccountFills.create(dir!, () => false, () => BROKER);
    const turn = (seq: number, events: EngineEvent[]) => ({ firstSeq: seq, lastSeq: seq, timeMs: 1_000 * seq, commands: [], events });
    const paidBy = (seq: number, batchId: number, ids: number[]): EngineEvent[] => [
      { type: EventType.SETTLEMENT_RECORDED, seq, batchId, throughSeq: seq - 1, txHash: `0xbatch${batchId}`, withdrawalIds: ids },
      ...ids.map((withdrawalId): EngineEvent => ({ type: EventType.WITHDRAWAL_COMPLETED, seq, withdrawalId, accountId: ALICE, amountWei: 10n ** 18n })),
    ];
    let ledger = open();
    ledger.model.take(turn(1, [{ type: EventType.DEPOSIT_CREDITED, seq: 1, accountId: ALICE, amountWei: 50n * 10n ** 18n, ref: '0xdep:3' }]));
    ledger.model.take(turn(2, [{ type: EventType.WITHDRAWAL_REQUESTED, seq: 2, withdrawalId: 7, accountId: ALICE, amountWei: 10n ** 18n }]));
    ledger.model.take(turn(3, [{ type: EventType.WITHDRAWAL_REQUESTED, seq: 3, withdrawalId: 8, accountId: ALICE, amountWei: 10n ** 18n }]));
    // Withdrawal 7 paid before anything was written (the same stretch); 8 stays pending across a restart.
    ledger.model.take(turn(4, paidBy(4, 1, [7])));
    await ledger.close();
    ledger = open();
    ledger.model.take(turn(5, paidBy(5, 2, [8])));
    const all = ledger.transfersOf(ALICE, 10);
    expect(all.next).toBeNull();
    expect(all.transfers).toEqual([
      { kind: 'withdrawal', seq: 3, timeMs: 3_000, amountWei: (10n ** 18n).toString(), withdrawalId: 8, state: 'paid', paidAtMs: 5_000, batchId: 2, txHash: '0xbatch2' },
      { kind: 'withdrawal', seq: 2, timeMs: 2_000, amountWei: (10n ** 18n).toString(), withdrawalId: 7, state: 'paid', paidAtMs: 4_000, batchId: 1, txHash: '0xbatch1' },
      { kind: 'deposit', seq: 1, timeMs: 1_000, amountWei: (50n * 10n ** 18n).toString(), ref: '0xdep:3' },
    ]);
    const first = ledger.transfersOf(ALICE, 2);
    expect(first.transfers.map((t) => t.seq)).toEqual([3, 2]);
    expect(ledger.transfersOf(ALICE, 2, first.next!).transfers.map((t) => t.seq)).toEqual([1]);
    expect(ledger.transfersOf(BROKER, 10).transfers).toEqual([]);
    await ledger.close();
  });

  it('keeps an organisation move on both accounts, and each forward delivery with its shortfall, refund and compensation; none for the broker', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-fills-moves-'));
    const open = (): AccountFills => AccountFills.create(dir!, () => false, () => BROKER);
    const turn = (seq: number, events: EngineEvent[]) => ({ firstSeq: seq, lastSeq: seq, timeMs: 1_000 * seq, commands: [], events });
    const ORG = 9;
    const FORWARD = 20;
    let ledger = open();
    ledger.model.take(turn(1, [{ type: EventType.ORGANISATION_FUNDS_MOVED, seq: 1, organisationId: 1, fromAccountId: ALICE, toAccountId: ORG, amountMicros: 3_500_000 }]));
    ledger.model.take(turn(2, [{ type: EventType.ORGANISATION_FUNDS_MOVED, seq: 2, organisationId: 1, fromAccountId: ORG, toAccountId: ALICE, amountMicros: 1_234_567 }]));
    const delivered = { type: EventType.FORWARD_DELIVERED, seq: 3, seriesId: FORWARD, spotSeriesId: SPOT, counterpartyId: BROKER, positionQty: 3, deliveredQty: 1, shortfallQty: 2, proceedsMicros: 0, collateralReturnedMicros: 0, refundMicros: 2_294_000, compensationMicros: 458_800 } as const;
    ledger.model.take(turn(3, [{ ...delivered, accountId: ALICE }, { ...delivered, accountId: BROKER, counterpartyId: BROKER, positionQty: -3, refundMicros: -2_294_000, compensationMicros: -458_800 }]));
    await ledger.close(); // written, and read again after a restart
    ledger = open();
    const wei = (micros: number): string => (BigInt(micros) * 10n ** 12n).toString();
    expect(ledger.transfersOf(ALICE, 10).transfers).toEqual([
      { kind: 'organisation-in', seq: 2, timeMs: 2_000, amountWei: wei(1_234_567), counterpartyAccountId: ORG },
      { kind: 'organisation-out', seq: 1, timeMs: 1_000, amountWei: wei(3_500_000), counterpartyAccountId: ORG },
    ]);
    expect(ledger.transfersOf(ORG, 10).transfers).toEqual([
      { kind: 'organisation-out', seq: 2, timeMs: 2_000, amountWei: wei(1_234_567), counterpartyAccountId: ALICE },
      { kind: 'organisation-in', seq: 1, timeMs: 1_000, amountWei: wei(3_500_000), counterpartyAccountId: ALICE },
    ]);
    const { type: _type, ...fields } = delivered;
    expect(ledger.forwardDeliveriesOf(ALICE, 10)).toEqual({ forwardDeliveries: [{ ...fields, timeMs: 3_000 }], next: null });
    expect(ledger.forwardDeliveriesOf(ALICE, 10, undefined, SPOT).forwardDeliveries).toEqual([]);
    expect(ledger.forwardDeliveriesOf(BROKER, 10).forwardDeliveries).toEqual([]);
    await ledger.close();
  });

  it('keeps a fee sweep on the treasury account as a transfer in (docs/fees.md), which it then withdraws', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-fills-sweep-'));
    const ledger = AccountFills.create(dir, () => false, () => BROKER);
    const TREASURY = 11;
    ledger.model.take({ firstSeq: 1, lastSeq: 1, timeMs: 1_000, commands: [], events: [{ type: EventType.FEES_SWEPT, seq: 1, actor: 1, treasuryAccountId: TREASURY, feeRecipient: `0x${'9e'.repeat(20)}`, amountMicros: 42_000, feeAccountMicros: 5 }] });
    ledger.model.take({ firstSeq: 2, lastSeq: 2, timeMs: 2_000, commands: [], events: [{ type: EventType.WITHDRAWAL_REQUESTED, seq: 2, withdrawalId: 1, accountId: TREASURY, amountWei: 42_000n * 10n ** 12n }] });
    expect(ledger.transfersOf(TREASURY, 10).transfers).toEqual([
      { kind: 'withdrawal', seq: 2, timeMs: 2_000, amountWei: (42_000n * 10n ** 12n).toString(), withdrawalId: 1, state: 'pending' },
      { kind: 'fee-sweep', seq: 1, timeMs: 1_000, amountWei: (42_000n * 10n ** 12n).toString() },
    ]);
    expect(ledger.transfersOf(ALICE, 10).transfers).toEqual([]);
    await ledger.close();
  });

  it('derives a store of version 4 again after an upgrade: one written before fee sweeps were kept went past them without a row', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-fills-v4-'));
    const TREASURY = 11;
    const sweep = { firstSeq: 1, lastSeq: 1, timeMs: 1_000, commands: [], events: [{ type: EventType.FEES_SWEPT, seq: 1, actor: 1, treasuryAccountId: TREASURY, feeRecipient: `0x${'9e'.repeat(20)}`, amountMicros: 42_000, feeAccountMicros: 5 }] } as const;
    // What version 4 (before a48bb15c) left: its progress past the sweep's seq, no row for it.
    let ledger = AccountFills.create(dir, () => false, () => BROKER);
    ledger.model.take({ ...sweep, events: [] });
    await ledger.close();
    const env = open({ path: path.join(dir, 'fills'), maxDbs: 8 });
    await env.openDB<number, string>({ name: 'meta' }).put('version', 4);
    await env.close();
    // The upgraded start: emptied, and the replay at open takes the sweep.
    ledger = AccountFills.create(dir, () => false, () => BROKER);
    expect(ledger.model.seq).toBe(0);
    ledger.model.take({ ...sweep, events: [...sweep.events] });
    expect(ledger.transfersOf(TREASURY, 10).transfers).toEqual([{ kind: 'fee-sweep', seq: 1, timeMs: 1_000, amountWei: (42_000n * 10n ** 12n).toString() }]);
    await ledger.close();
  });
});
