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
import { addr, balancesOf, ChainMirror, fill, sumWei } from '../support/netting-mirror.js';

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
      { accountId: PROVIDER, fills: 1, qty: 10, grossMicros: 5_000_000, escrow: { heldMicros: 5_000_000, releasedMicros: 2_000_000, refundedMicros: 0, shortfallMicros: 0, burnedQty: 0 } },
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
    expect(n.cut(1, addr).cut.statements[0]!.escrow).toEqual({ heldMicros: 0, releasedMicros: 0, refundedMicros: 5_000_000, shortfallMicros: 1_000_000, burnedQty: 0 });
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
    expect(n.cut(1, addr).cut.statements[0]!.escrow).toEqual({ heldMicros: 0, releasedMicros: 2_000_000, refundedMicros: 6_000_000, shortfallMicros: 0, burnedQty: 0 });
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
    // The statement's monthly totals also page the store's outbox (withdrawals paid): none here.
    const settlement = { payouts: (_account: number, from: number) => (from <= 1 ? entries : []), store: { outboxFrom: () => [] } } as unknown as Settlement;
    const reply = await payoutsHandler(() => settlement, fx.engine)({ accountId: String(provider.accountId) });
    expect(reply.status).toBe(200);
    expect((reply.body as { escrow: unknown }).escrow).toEqual({
      heldNowMicros: fx.engine.accounts[provider.accountId]!.proceedsHeldMicros,
      freeNowMicros: fx.engine.accounts[provider.accountId]!.availableMicros,
      inEntries: { heldMicros: provider.escrow!.heldMicros, releasedMicros: provider.escrow!.releasedMicros, refundedMicros: provider.escrow!.refundedMicros, shortfallMicros: provider.escrow!.shortfallMicros },
    });
  });
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
