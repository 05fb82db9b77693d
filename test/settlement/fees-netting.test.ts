/**
 * Fees in the settlement batch (docs/fees.md; no chain needed): a fill's fees leave its payers'
 * vault balances and reach the vault's fee recipient as the batch's feeWei (Σ deltas + feeWei = 0,
 * what PATXVault checks); a provider's statement shows the fees it paid. Then the escrow streams
 * under a fee schedule through a mirror of the vault and the registry: after every command the
 * mirror equals the engine's ledger and the fee recipient holds exactly the engine's fee account.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, type EngineEvent } from '../../src/engine/index.js';
import { Netting, NO_FORWARDS } from '../../src/settlement/index.js';
import { EngineFixture } from '../support/engine-fixture.js';
import { E_OPERATOR, ESCROW_SERIES_ID, escrowSetup, escrowStream } from '../support/escrow-stream.js';
import { addr, balancesOf, ChainMirror, fill, MICRO_WEI } from '../support/netting-mirror.js';

const BROKER = 1;
const PROVIDER = 2;
const CONSUMER = 3;
const SERIES = 6;

/** A fill with fees: `buyer` took from `seller` (the maker). */
function feeFill(seq: number, buyer: number, seller: number, priceMicros: number, qty: number, makerFeeMicros: number, takerFeeMicros: number): EngineEvent {
  return { ...(fill(seq, buyer, seller, priceMicros, qty, SERIES) as Extract<EngineEvent, { type: typeof EventType.FILL }>), makerFeeMicros, takerFeeMicros };
}

describe('fees in a batch', () => {
  it('move from the payers to the batch\'s feeWei; the balances sum to −feeWei; the provider\'s statement shows its fees', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    n.add([feeFill(1, BROKER, PROVIDER, 500_000, 10, 55_000, 0), feeFill(2, CONSUMER, BROKER, 600_000, 5, 0, 3_000)], 2);
    expect(balancesOf(n)).toEqual([
      [BROKER, -5_000_000n + 3_000_000n],
      [PROVIDER, 5_000_000n - 55_000n],
      [CONSUMER, -3_000_000n - 3_000n],
    ]);
    const { cut } = n.cut(1, addr);
    expect(cut.batch.feeWei).toBe(58_000n * MICRO_WEI);
    expect(cut.batch.balances.reduce((s, b) => s + b.deltaWei, 0n) + cut.batch.feeWei).toBe(0n);
    expect(n.feeWei()).toBe(58_000n * MICRO_WEI);
    expect(cut.statements).toEqual([{ accountId: PROVIDER, fills: 1, qty: 10, grossMicros: 5_000_000, feesMicros: 55_000 }]);
  });

  it('a batch of fee-free fills is what it was before fees (feeWei 0, no feesMicros)', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    n.add([fill(1, BROKER, PROVIDER, 500_000, 10, SERIES)], 1);
    const { cut } = n.cut(1, addr);
    expect(cut.batch.feeWei).toBe(0n);
    expect(cut.statements).toEqual([{ accountId: PROVIDER, fills: 1, qty: 10, grossMicros: 5_000_000 }]);
  });
});

describe('escrow streams under a fee schedule against a mirror of the chain', () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: after every command the vault equals the ledger and the fee recipient the fee account`, () => {
      const fx = new EngineFixture();
      fx.seriesId = ESCROW_SERIES_ID;
      const m = new ChainMirror(fx);
      for (const t of escrowSetup()) m.apply(fx.submit(t.cmd, t.timeMs));
      const at = fx.ee.nowMs;
      for (const [name, value] of [['fee.takerBps:SPOT', 30], ['fee.makerBps:SPOT', 5], ['fee.takeRateBps:SPOT', 700]] as const) {
        m.apply(fx.submit({ kind: CommandKind.SET_PARAM, actor: E_OPERATOR, name, value }, at));
      }
      let feeFills = 0;
      for (const t of escrowStream(seed, fx.engine, 800)) {
        const ev = m.apply(fx.submit(t.cmd, t.timeMs));
        feeFills += ev.filter((e) => e.type === EventType.FILL && (e.makerFeeMicros ?? 0) + (e.takerFeeMicros ?? 0) > 0).length;
      }
      expect(feeFills).toBeGreaterThan(0);
      expect(fx.engine.feeAccountMicros).toBeGreaterThan(0);
    });
  }
});
