/**
 * Fees in the settlement batch (docs/fees.md; no chain needed): a fill's fees leave its payers'
 * vault balances and reach the vault's fee recipient as the batch's feeWei (Σ deltas + feeWei = 0,
 * what PATXVault checks); a provider's statement shows the fees it paid. Then the escrow streams
 * under a fee schedule through a mirror of the vault and the registry: after every command the
 * mirror equals the engine's ledger and the fee recipient holds exactly the engine's fee account.
 * A fee sweep (fee account to the treasury at the fee recipient's address) nets to nothing.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, SYSTEM_ACTOR, TimeInForce, type EngineEvent } from '../../src/engine/index.js';
import { accountLedgerWei, forwardRulesOf, Netting, NO_FORWARDS, type ForwardRules } from '../../src/settlement/index.js';
import { createFixture, EngineFixture, ofType, PAT, T0, WINDOW_MS } from '../support/engine-fixture.js';
import { E_OPERATOR, ESCROW_SERIES_ID, escrowSetup, escrowStream } from '../support/escrow-stream.js';
import { addr, balancesOf, ChainMirror, fill, MICRO_WEI } from '../support/netting-mirror.js';

const BROKER = 1;
const PROVIDER = 2;
const CONSUMER = 3;
const SERIES = 6;

/** A fill with fees: `buyer` took from `seller` (the maker). */
function feeFill(seq: number, buyer: number, seller: number, priceMicros: number, qty: number, makerFeeMicros: number, takerFeeMicros: number, seriesId = SERIES): EngineEvent {
  return { ...(fill(seq, buyer, seller, priceMicros, qty, seriesId) as Extract<EngineEvent, { type: typeof EventType.FILL }>), makerFeeMicros, takerFeeMicros };
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

  it('a synthetic fill moves no notional: only its two fees leave the payers, to feeWei (Σ deltas + feeWei = 0), and no rights', () => {
    const SYNTHETIC = 9;
    const INSTITUTION = 4;
    const rules: ForwardRules = { isForward: () => false, isCustomer: (id) => id === CONSUMER || id === INSTITUTION, isCashSettled: (s) => s === SYNTHETIC, paysPremium: () => false };
    const n = new Netting(0, (id) => id === PROVIDER, () => [], rules);
    // CONSUMER (an institution here) took INSTITUTION's resting sale: 999 µPAT maker fee, 300 taker.
    n.add([feeFill(1, CONSUMER, INSTITUTION, 333_000, 3, 999, 300, SYNTHETIC)], 1);
    expect(balancesOf(n)).toEqual([[CONSUMER, -300n], [INSTITUTION, -999n]]);
    const { cut } = n.cut(1, addr);
    expect(cut.batch.feeWei).toBe(1_299n * MICRO_WEI);
    expect(cut.batch.balances.reduce((s, b) => s + b.deltaWei, 0n) + cut.batch.feeWei).toBe(0n);
    expect(cut.batch.rights).toEqual([]);
    expect(n.fills).toBe(0);
  });

  it('a batch of fee-free fills is what it was before fees (feeWei 0, no feesMicros)', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    n.add([fill(1, BROKER, PROVIDER, 500_000, 10, SERIES)], 1);
    const { cut } = n.cut(1, addr);
    expect(cut.batch.feeWei).toBe(0n);
    expect(cut.statements).toEqual([{ accountId: PROVIDER, fills: 1, qty: 10, grossMicros: 5_000_000 }]);
  });
});

describe('a fee sweep in a batch (docs/fees.md, "Sweeping the fee account")', () => {
  const TREASURY = 7;
  const swept = (seq: number, amountMicros: number, feeAccountMicros: number): EngineEvent => ({
    type: EventType.FEES_SWEPT, seq, actor: 1, treasuryAccountId: TREASURY, feeRecipient: '0x' + '9e'.repeat(20), amountMicros, feeAccountMicros,
  });

  it('moves nothing on-chain: no balance change, no feeWei, an empty batch alone; beside fills, the fills\' batch unchanged', () => {
    const alone = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    alone.add([swept(1, 58_000, 0)], 1);
    expect(alone.isEmpty).toBe(true);
    expect(alone.entries).toBe(0);
    expect(alone.balanceDeltasWei().size).toBe(0);
    expect(alone.feeWei()).toBe(0n);

    const withFills = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    const without = new Netting(0, (id) => id === PROVIDER, () => [], NO_FORWARDS);
    const fills = [feeFill(1, BROKER, PROVIDER, 500_000, 10, 55_000, 0), feeFill(2, CONSUMER, BROKER, 600_000, 5, 0, 3_000)];
    withFills.add([...fills, swept(3, 50_000, 8_000)], 3);
    without.add(fills, 3);
    expect(withFills.cut(1, addr).cut.batch).toEqual(without.cut(1, addr).cut.batch);
    expect(balancesOf(withFills).some(([id]) => id === TREASURY)).toBe(false);
  });

  it('from an engine: after a sweep the fee recipient\'s vault balance (its fees as the batches credited them) still equals the treasury\'s ledger plus the fee account', () => {
    const fx = createFixture({ consumers: 1, providers: 1 });
    const m = new ChainMirror(fx);
    m.apply(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'fee.takerBps:SPOT', value: 40 }));
    m.apply(fx.sell(fx.broker, 700_000, 10));
    m.apply(fx.buy(fx.consumers[0]!, 700_000, 10, { tif: TimeInForce.IOC }));
    const fees = fx.engine.feeAccountMicros;
    expect(fees).toBeGreaterThan(0);
    expect(m.feeWei).toBe(BigInt(fees) * MICRO_WEI);
    const recipient = '0x' + '9e'.repeat(20);
    const treasury = ofType(m.apply(fx.openAccount(Role.CONSUMER, SYSTEM_ACTOR, recipient)), EventType.ACCOUNT_OPENED)[0]!.accountId;
    // The sweep's batch: nothing for the vault (the mirror's own check would expect the treasury's new PAT in a balance of its own).
    const ev = fx.submit({ kind: CommandKind.SWEEP_FEES, actor: fx.operator, treasuryAccountId: treasury, feeRecipient: recipient, amountMicros: fees - 1 });
    expect(ofType(ev, EventType.FEES_SWEPT)).toHaveLength(1);
    const n = new Netting(fx.engine.lastSeq - 1, () => false, () => [], forwardRulesOf(fx.engine));
    n.add(ev, fx.engine.lastSeq);
    expect(n.isEmpty).toBe(true);
    // One address on-chain holds the fees (the vault's fee recipient) and the treasury's PAT: the sum is unchanged.
    expect(accountLedgerWei(fx.engine, treasury) + BigInt(fx.engine.feeAccountMicros) * MICRO_WEI).toBe(m.feeWei + (m.pat.get(treasury) ?? 0n));
    expect(fx.engine.feeAccountMicros).toBe(1);
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

describe('synthetic and forward fills under a fee schedule against a mirror of the chain', () => {
  it('after every command the vault equals the ledger (margin, collateral and escrow in their owners\' balances) and the fee recipient the fee account', () => {
    const fx = createFixture({ consumers: 2, providers: 1, brokerRights: 0, consumerMicros: 0 });
    const m = new ChainMirror(fx);
    const run = (cmd: () => EngineEvent[]): EngineEvent[] => m.apply(cmd());
    const [a, b] = fx.consumers as [number, number];
    const p = fx.providers[0]!;
    for (const id of [a, b, p]) run(() => fx.deposit(id, 100 * PAT));
    run(() => fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 }));
    const synthetic = ofType(run(() => fx.listSeries({ seriesKind: SeriesKind.SYNTHETIC })), EventType.SERIES_LISTED)[0]!.seriesId;
    run(() => fx.listSeries({ openAtMs: T0 + WINDOW_MS }));
    const forward = ofType(run(() => fx.listSeries({ seriesKind: SeriesKind.FORWARD, openAtMs: T0 + WINDOW_MS })), EventType.SERIES_LISTED)[0]!.seriesId;
    for (const id of [a, b]) run(() => fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: id, qualified: true }));
    run(() => fx.declareCapacity(p, 50, forward));
    for (const [name, value] of [['fee.makerBps:SYNTHETIC', 10], ['fee.takerBps:SYNTHETIC', 3], ['fee.issuanceBps:SYNTHETIC', 200], ['fee.makerBps:FORWARD', 15], ['fee.takerBps:FORWARD', 35]] as const) {
      run(() => fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name, value }));
    }
    const before = fx.engine.feeAccountMicros;
    // Institutions against each other, then the broker writing to a buyer (issuance).
    run(() => fx.sell(a, 333_000, 3, { seriesId: synthetic }));
    const first = run(() => fx.buy(b, 333_000, 3, { seriesId: synthetic, tif: TimeInForce.IOC }));
    expect(ofType(first, EventType.FILL)[0]).toMatchObject({ makerFeeMicros: 999, takerFeeMicros: 300 });
    run(() => fx.sell(fx.broker, PAT, 5, { seriesId: synthetic }));
    run(() => fx.buy(a, PAT, 5, { seriesId: synthetic, tif: TimeInForce.IOC }));
    // A provider's forward sale to the broker, the broker's to a buyer.
    run(() => fx.sell(p, 500_000, 10, { seriesId: forward }));
    run(() => fx.buy(fx.broker, 500_000, 10, { seriesId: forward, tif: TimeInForce.IOC }));
    run(() => fx.sell(fx.broker, 600_000, 10, { seriesId: forward }));
    run(() => fx.buy(b, 600_000, 4, { seriesId: forward, tif: TimeInForce.IOC }));
    expect(fx.engine.feeAccountMicros - before).toBe(999 + 300 + 1_500 + 100_000 + 7_500 + 8_400);
    expect(m.feeWei).toBe(BigInt(fx.engine.feeAccountMicros) * MICRO_WEI);
  });
});
