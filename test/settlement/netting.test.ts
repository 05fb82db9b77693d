/** Netting: what a batch must change on-chain, from engine events (no chain needed). */
import { describe, expect, it } from 'vitest';
import { EventType, WEI_PER_MICRO, type EngineEvent } from '../../src/engine/index.js';
import { batchContentHash, ledgerAddress, Netting } from '../../src/settlement/index.js';

const addr = (id: number): string => '0x' + id.toString(16).padStart(40, '0');

function fill(seq: number, buyer: number, seller: number, priceMicros: number, qty: number, seriesId = 1, takerBuys = true): EngineEvent {
  return {
    type: EventType.FILL, seq, seriesId, tradeId: seq, priceMicros, qty, takerSide: takerBuys ? 1 : 2,
    makerOrderId: 1, makerAccountId: takerBuys ? seller : buyer, makerClientOrderId: 0, makerOrderQty: qty, makerCumQty: qty, makerLeavesQty: 0,
    takerOrderId: 2, takerAccountId: takerBuys ? buyer : seller, takerClientOrderId: 0, takerOrderQty: qty, takerCumQty: qty, takerLeavesQty: 0,
  };
}

describe('netting', () => {
  it('nets PAT and rights per participant, balances sum to zero, and order is canonical', () => {
    const n = new Netting(0, (id) => id === 3);
    n.add([fill(1, 2, 3, 2_000_000, 5), fill(2, 4, 2, 3_000_000, 2, 1, false), fill(3, 4, 2, 3_000_000, 1)], 3);
    n.add([{ type: EventType.RIGHTS_MINTED, seq: 4, accountId: 3, seriesId: 1, qty: 10 }, { type: EventType.RIGHTS_EXERCISED, seq: 5, exerciseId: 1, accountId: 4, seriesId: 1, qty: 1, redemptions: [{ grantId: 1, providerAccountId: 3, listingId: 0, listingVersion: 0, qty: 1 }] }], 5);
    const { cut } = n.cut(7, addr);
    expect(cut.batch.batchId).toBe(7);
    expect(cut.batch.throughSeq).toBe(5);
    expect(cut.balanceAccounts).toEqual([2, 3, 4]);
    expect(cut.batch.balances.map((b) => b.deltaWei)).toEqual([-1n, 10n, -9n].map((p) => p * 1_000_000n * WEI_PER_MICRO));
    expect(cut.batch.balances.reduce((s, b) => s + b.deltaWei, 0n)).toBe(0n);
    expect(cut.batch.rights.map((r) => [r.seriesId, r.holder, r.delta])).toEqual([[1, addr(2), 2n], [1, addr(3), 5n], [1, addr(4), 2n]]);
    expect(cut.statements).toEqual([{ accountId: 3, fills: 1, qty: 5, grossMicros: 10_000_000 }]);
    expect(cut.fills).toBe(3);
  });

  it('the same events in another netting give the same bytes and hash', () => {
    const events = [fill(1, 2, 3, 2_000_000, 5), fill(2, 5, 3, 1_000_000, 1, 2)];
    const a = new Netting(0, () => false);
    const b = new Netting(0, () => false);
    a.add(events, 2);
    b.add(events.slice(0, 1), 1);
    b.add(events.slice(1), 2);
    expect(batchContentHash(a.cut(1, addr).cut.batch)).toBe(batchContentHash(b.cut(1, addr).cut.batch));
  });

  it('drops entries that net to zero, skips events at or before its start, and holds back unpayable withdrawals', () => {
    const n = new Netting(10, () => false);
    n.add([fill(5, 2, 3, 1_000_000, 1)], 10); // before the start: ignored
    expect(n.isEmpty).toBe(true);
    n.add([fill(11, 2, 3, 1_000_000, 1), fill(12, 3, 2, 1_000_000, 1)], 12);
    expect(n.isEmpty).toBe(true);
    n.add([{ type: EventType.WITHDRAWAL_REQUESTED, seq: 13, withdrawalId: 4, accountId: 9, amountWei: 5n }, { type: EventType.WITHDRAWAL_REQUESTED, seq: 14, withdrawalId: 5, accountId: 2, amountWei: 6n }], 14);
    const { cut, unpayable } = n.cut(1, (id) => (id === 9 ? undefined : addr(id)));
    expect(cut.batch.withdrawals).toEqual([{ withdrawalId: 5, to: addr(2), amountWei: 6n }]);
    expect(unpayable).toEqual([{ withdrawalId: 4, accountId: 9 }]);
    expect(ledgerAddress(9)).toMatch(/^0xfa7c0{20}0{15}9$/);
  });

  it("PAT a member moves into its organisation's account, and an admin out, nets like a fill's price (docs/organisations.md)", () => {
    const n = new Netting(0, () => false);
    n.add([
      { type: EventType.ORGANISATION_FUNDS_MOVED, seq: 1, organisationId: 1, fromAccountId: 2, toAccountId: 7, amountMicros: 5_000_000 },
      { type: EventType.ORGANISATION_FUNDS_MOVED, seq: 2, organisationId: 1, fromAccountId: 7, toAccountId: 3, amountMicros: 1_000_000 },
    ], 2);
    const { cut } = n.cut(1, addr);
    expect(cut.balanceAccounts).toEqual([2, 3, 7]);
    expect(cut.batch.balances.map((b) => b.deltaWei)).toEqual([-5n, 1n, 4n].map((p) => p * 1_000_000n * WEI_PER_MICRO));
    expect(cut.batch.balances.reduce((s, b) => s + b.deltaWei, 0n)).toBe(0n);
  });
});
