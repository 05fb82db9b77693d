/**
 * Escrow in the netting (rules 3; no chain needed): holds and releases move nothing on-chain
 * (the proceeds reached the provider's vault balance at the fill; the engine locks them inside
 * it) but show in its statement; a refund is PAT from the provider to the consumer; rights
 * burned at the close leave the registry. Then the escrow property streams through a mirror
 * of the vault and the registry (which refuse to go below zero): after every command the
 * mirror equals what reconciliation expects from the engine's ledger.
 */
import { describe, expect, it } from 'vitest';
import { EventType, ReleaseReason, Role, type EngineEvent } from '../../src/engine/index.js';
import { Netting, NO_FORWARDS, payoutsHandler, type Settlement } from '../../src/settlement/index.js';
import { EngineFixture } from '../support/engine-fixture.js';
import { ESCROW_SERIES_ID, escrowSetup, escrowStream } from '../support/escrow-stream.js';
import { addr, balancesOf, ChainMirror, fill, MICRO_WEI, sumWei } from '../support/netting-mirror.js';

const BROKER = 1;
const PROVIDER = 2;
const CONSUMER = 3;
const SERIES = 6;

describe('escrow events in a batch', () => {
  it('a hold and a release move no PAT; the statement shows them beside the sale', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    const events: EngineEvent[] = [
      fill(1, BROKER, PROVIDER, 500_000, 10, SERIES),
      { type: EventType.SALE_PROCEEDS_HELD, seq: 1, accountId: PROVIDER, seriesId: SERIES, qty: 10, heldMicros: 5_000_000, tradeId: 1 },
      { type: EventType.ESCROW_RELEASED, seq: 2, grantId: 4, accountId: PROVIDER, seriesId: SERIES, qty: 4, releasedMicros: 2_000_000, reason: ReleaseReason.DELIVERED },
    ];
    n.add(events, 2);
    expect(balancesOf(n)).toEqual([
      [BROKER, -5_000_000n],
      [PROVIDER, 5_000_000n],
    ]);
    expect(n.cut(1, addr).cut.statements).toEqual([
      { accountId: PROVIDER, fills: 1, qty: 10, grossMicros: 5_000_000, escrow: { heldMicros: 5_000_000, releasedMicros: 2_000_000, refundedMicros: 0, refundedFromFreeMicros: 0, shortfallMicros: 0, burnedQty: 0 } },
    ]);
  });

  it('a refund is PAT from the provider to the consumer (held and free alike); the shortfall moves nothing', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    n.add(
      [
        {
          type: EventType.CLAIM_RESOLVED, seq: 3, grantId: 4, seriesId: SERIES, consumerAccountId: CONSUMER, providerAccountId: PROVIDER,
          undeliveredQty: 6, refundMicros: 6_000_000, fromHeldMicros: 3_000_000, fromProviderMicros: 2_000_000, shortfallMicros: 1_000_000, releasedMicros: 0,
        },
      ],
      3,
    );
    expect(balancesOf(n)).toEqual([
      [PROVIDER, -5_000_000n],
      [CONSUMER, 5_000_000n],
    ]);
    expect(sumWei(n)).toBe(0n);
    expect(n.cut(1, addr).cut.statements[0]!.escrow).toEqual({ heldMicros: 0, releasedMicros: 0, refundedMicros: 5_000_000, refundedFromFreeMicros: 2_000_000, shortfallMicros: 1_000_000, burnedQty: 0 });
  });

  it("the provider's statement ties: gross − fees − refunds repaid = net, and says what of a refund came from its free PAT (an outside audit, 2026-12-02)", () => {
    // The auditor's sale: the broker bought at 1.05 from the provider, which paid 0.026985 in fees; the consumer paid the broker 1.138.
    const sale = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    sale.add([{ ...fill(1, BROKER, PROVIDER, 1_050_000, 1, SERIES), makerFeeMicros: 26_985 } as EngineEvent, { type: EventType.SALE_PROCEEDS_HELD, seq: 1, accountId: PROVIDER, seriesId: SERIES, qty: 1, heldMicros: 1_023_015, tradeId: 1 }], 1);
    // A claim under rules 3–4 in the next batch: the consumer's price from the held proceeds, then 0.1 PAT of the provider's free PAT; 0.014985 nobody paid.
    const refund = new Netting(1, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    refund.add(
      [
        {
          type: EventType.CLAIM_RESOLVED, seq: 2, grantId: 4, seriesId: SERIES, consumerAccountId: CONSUMER, providerAccountId: PROVIDER,
          undeliveredQty: 1, refundMicros: 1_138_000, fromHeldMicros: 1_023_015, fromProviderMicros: 100_000, shortfallMicros: 14_985, releasedMicros: 0,
        },
      ],
      2,
    );
    const rows = [sale, refund].map((n) => {
      const s = n.cut(1, addr).cut.statements.find((x) => x.accountId === PROVIDER)!;
      const net = balancesOf(n).find(([id]) => id === PROVIDER)![1];
      return { s, net };
    });
    expect(rows[0]!.s).toMatchObject({ grossMicros: 1_050_000, feesMicros: 26_985, escrow: { heldMicros: 1_023_015, refundedMicros: 0, refundedFromFreeMicros: 0 } });
    expect(rows[1]!.s.escrow).toEqual({ heldMicros: 0, releasedMicros: 0, refundedMicros: 1_123_015, refundedFromFreeMicros: 100_000, shortfallMicros: 14_985, burnedQty: 0 });
    for (const { s, net } of rows) expect(BigInt(s.grossMicros - (s.feesMicros ?? 0) - (s.escrow?.refundedMicros ?? 0))).toBe(net);
  });

  it('a usage grant settled at its end: the unused units\' share is PAT from the provider to the consumer, the used share a release (issue 81)', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    n.add(
      [
        { type: EventType.ESCROW_RELEASED, seq: 4, grantId: 5, accountId: PROVIDER, seriesId: SERIES, qty: 10, releasedMicros: 2_000_000, reason: ReleaseReason.DISPUTE_WINDOW_ENDED },
        { type: EventType.USAGE_SETTLED, seq: 4, grantId: 5, seriesId: SERIES, consumerAccountId: CONSUMER, providerAccountId: PROVIDER, units: 50_000, usedUnits: 12_500, refundMicros: 6_000_000, releasedMicros: 2_000_000 },
      ],
      4,
    );
    expect(balancesOf(n)).toEqual([
      [PROVIDER, -6_000_000n],
      [CONSUMER, 6_000_000n],
    ]);
    expect(sumWei(n)).toBe(0n);
    expect(n.cut(1, addr).cut.statements[0]!.escrow).toEqual({ heldMicros: 0, releasedMicros: 2_000_000, refundedMicros: 6_000_000, refundedFromFreeMicros: 0, shortfallMicros: 0, burnedQty: 0 });
  });

  it('rights burned at the close leave the provider\'s registry balance', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    n.add([{ type: EventType.RIGHTS_MINTED, seq: 1, accountId: PROVIDER, seriesId: SERIES, qty: 50 }, { type: EventType.RIGHTS_BURNED, seq: 2, accountId: PROVIDER, seriesId: SERIES, qty: 40 }], 2);
    expect(n.cut(1, addr).cut.batch.rights.map((r) => [r.seriesId, r.delta])).toEqual([[SERIES, 10n]]);
    expect(n.cut(1, addr).cut.statements[0]!.escrow!.burnedQty).toBe(40);
  });
});

describe('the payout statement', () => {
  it('shows the proceeds held now against what the batches held, released and refunded', async () => {
    const fx = new EngineFixture();
    fx.seriesId = ESCROW_SERIES_ID;
    for (const t of escrowSetup()) fx.submit(t.cmd, t.timeMs);
    const n = new Netting(0, (id) => fx.engine.accounts[id]?.role === Role.PROVIDER, () => [], NO_FORWARDS);
    for (const t of escrowStream(1, fx.engine, 600)) n.add(fx.submit(t.cmd, t.timeMs), fx.engine.lastSeq);
    const { cut } = n.cut(1, addr);
    const provider = cut.statements.find((s) => s.escrow !== undefined && s.escrow.heldMicros > 0)!;
    const entries = [{ ...provider, batchId: 1, txHash: '0x', blockNumber: 1, netWei: 0n, settledAtMs: 0 }];
    // The statement's monthly totals read the store's month rows (its entries, the withdrawals paid): none here.
    const settlement = { payouts: (_account: number, from: number) => (from <= 1 ? entries : []), store: { payoutMonths: () => [], paidMonths: () => [], netBefore: () => 0n } } as unknown as Settlement;
    const reply = await payoutsHandler(() => settlement, fx.engine)({ accountId: String(provider.accountId) });
    expect(reply.status).toBe(200);
    expect((reply.body as { escrow: unknown }).escrow).toEqual({
      heldNowMicros: fx.engine.accounts[provider.accountId]!.proceedsHeldMicros,
      freeNowMicros: fx.engine.accounts[provider.accountId]!.availableMicros,
      inEntries: { heldMicros: provider.escrow!.heldMicros, releasedMicros: provider.escrow!.releasedMicros, refundedMicros: provider.escrow!.refundedMicros, refundedFromFreeMicros: provider.escrow!.refundedFromFreeMicros, shortfallMicros: provider.escrow!.shortfallMicros },
    });
  });
});

describe("the provider's statement over escrow streams", () => {
  // Providers here only mint and sell spot (and take deposits, which a batch does not net): every PAT their batch moves is a sale, a fee or a refund.
  for (const [seed, rules] of [[1, 3], [2, 3], [3, 5], [4, 5]] as const) {
    it(`seed ${seed}, rules ${rules}: gross − fees − refunded = net per provider; of refunded, what came from free PAT is the journal's fromProviderMicros`, () => {
      const fx = new EngineFixture();
      fx.seriesId = ESCROW_SERIES_ID;
      for (const t of escrowSetup(rules)) fx.submit(t.cmd, t.timeMs);
      const n = new Netting(0, (id) => fx.engine.accounts[id]?.role === Role.PROVIDER, () => [], NO_FORWARDS);
      const fromFree = new Map<number, number>();
      const fromHeld = new Map<number, number>();
      for (const t of escrowStream(seed, fx.engine, 1_000, rules)) {
        const events = fx.submit(t.cmd, t.timeMs);
        n.add(events, fx.engine.lastSeq);
        for (const e of events) {
          if (e.type !== EventType.CLAIM_RESOLVED) continue;
          fromFree.set(e.providerAccountId, (fromFree.get(e.providerAccountId) ?? 0) + e.fromProviderMicros);
          fromHeld.set(e.providerAccountId, (fromHeld.get(e.providerAccountId) ?? 0) + e.fromHeldMicros);
        }
      }
      const { cut } = n.cut(1, addr);
      const net = new Map(cut.balanceAccounts.map((id, i) => [id, cut.batch.balances[i]!.deltaWei / MICRO_WEI]));
      let refunded = 0;
      for (const s of cut.statements) {
        const x = s.escrow;
        expect(BigInt(s.grossMicros - (s.feesMicros ?? 0) - (x?.refundedMicros ?? 0)), `provider ${s.accountId}`).toBe(net.get(s.accountId) ?? 0n);
        expect(x?.refundedFromFreeMicros ?? 0).toBe(fromFree.get(s.accountId) ?? 0);
        expect((x?.refundedMicros ?? 0) - (x?.refundedFromFreeMicros ?? 0)).toBe(fromHeld.get(s.accountId) ?? 0);
        refunded += x?.refundedMicros ?? 0;
      }
      expect(refunded).toBeGreaterThan(0);
      // Under rules 3 a claim takes the provider's free PAT past its held proceeds; under rules 5 only an operator's charge does.
      if (rules === 3) expect([...fromFree.values()].some((v) => v > 0)).toBe(true);
    });
  }
});

describe('escrow streams against a mirror of the chain', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: after every command the vault and registry equal the engine's ledger`, () => {
      const fx = new EngineFixture();
      fx.seriesId = ESCROW_SERIES_ID;
      const m = new ChainMirror(fx);
      for (const t of escrowSetup()) m.apply(fx.submit(t.cmd, t.timeMs));
      let refunds = 0;
      for (const t of escrowStream(seed, fx.engine, 1_000)) {
        const ev = m.apply(fx.submit(t.cmd, t.timeMs));
        refunds += ev.filter((e) => e.type === EventType.CLAIM_RESOLVED && e.fromHeldMicros + e.fromProviderMicros > 0).length;
      }
      expect(refunds).toBeGreaterThan(0);
    });
  }
});
