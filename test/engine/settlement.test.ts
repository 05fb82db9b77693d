/** Engine rules for the settlement commands: governance phase and recorded settlements. */
import { describe, expect, it } from 'vitest';
import { createFixture, expectRefused, ofType, EventType, CommandKind, SeriesKind, T0, versionOneSnapshot, WINDOW_MS } from '../support/engine-fixture.js';
import { RejectReason, decodeState, encodeState, stateHash, type EngineEvent } from '../../src/engine/index.js';

const TX = '0x' + '12'.repeat(32);

describe('governance phase', () => {
  it('starts at 2; the system raises it; synthetics list only from phase 3 and options from phase 4', () => {
    const fx = createFixture();
    expect(fx.engine.governancePhase).toBe(2);
    expectRefused(fx, RejectReason.PHASE_NOT_ENABLED, () => fx.listSeries({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 + WINDOW_MS }));
    const ev = fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 });
    expect(ofType(ev, EventType.GOVERNANCE_PHASE_SET)).toEqual([{ type: EventType.GOVERNANCE_PHASE_SET, seq: fx.engine.lastSeq, phase: 3 }]);
    // Listable now, but only on a window whose spot series is live (test/engine/synthetics.test.ts lists one).
    expectRefused(fx, RejectReason.UNDERLYING_NOT_LISTED, () => fx.listSeries({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 + WINDOW_MS }));
    expectRefused(fx, RejectReason.PHASE_NOT_ENABLED, () => fx.listSeries({ seriesKind: SeriesKind.CALL, openAtMs: T0 + WINDOW_MS }));
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
    // Options list now, with a strike, on a live spot window (test/engine/options.test.ts lists them).
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ seriesKind: SeriesKind.PUT, openAtMs: T0 + WINDOW_MS }));
    expectRefused(fx, RejectReason.UNDERLYING_NOT_LISTED, () => fx.listSeries({ seriesKind: SeriesKind.PUT, strikeMicros: 1_000_000, openAtMs: T0 + WINDOW_MS }));
  });

  it('refuses a lower or out-of-range phase, and any caller but the system itself', () => {
    const fx = createFixture();
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 });
    for (const phase of [2, 5, 0, 3.5, -1, NaN]) {
      expectRefused(fx, RejectReason.INVALID_PHASE, () => fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase }));
    }
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: fx.consumers[0]!, phase: 4 }));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: fx.operator, phase: 4 }));
    // Re-reporting the same phase is harmless (the watcher may repeat itself after a restart).
    expect(ofType(fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 }), EventType.GOVERNANCE_PHASE_SET)).toHaveLength(1);
  });
});

describe('recorded settlements', () => {
  function withWithdrawal(): { fx: ReturnType<typeof createFixture>; withdrawalId: number; consumer: number } {
    const fx = createFixture();
    const consumer = fx.consumers[0]!;
    const ev = fx.requestWithdrawal(consumer, 5n * 10n ** 18n);
    const [w] = ofType(ev, EventType.WITHDRAWAL_REQUESTED);
    return { fx, withdrawalId: w!.withdrawalId, consumer };
  }

  it('records the batch and completes the withdrawals it paid', () => {
    const { fx, withdrawalId, consumer } = withWithdrawal();
    expect(fx.acct(consumer).pendingWithdrawalWei).toBe(5n * 10n ** 18n);
    const through = fx.engine.lastSeq;
    const ev: EngineEvent[] = fx.submit({ kind: CommandKind.RECORD_SETTLEMENT, actor: 0, batchId: 1, throughSeq: through, txHash: TX, withdrawalIds: [withdrawalId] });
    expect(ev.map((e) => e.type)).toEqual([EventType.SETTLEMENT_RECORDED, EventType.WITHDRAWAL_COMPLETED]);
    expect(fx.engine.settledBatchId).toBe(1);
    expect(fx.engine.settledThroughSeq).toBe(through);
    expect(fx.acct(consumer).pendingWithdrawalWei).toBe(0n);
    expect(fx.engine.withdrawals.size).toBe(0);
  });

  it('refuses a repeated or stale throughSeq, one not yet sequenced, bad hashes and ids, unknown or repeated withdrawals', () => {
    const { fx, withdrawalId } = withWithdrawal();
    const rec = (o: Partial<{ batchId: number; throughSeq: number; txHash: string; withdrawalIds: number[]; actor: number }>) => () =>
      fx.submit({ kind: CommandKind.RECORD_SETTLEMENT, actor: 0, batchId: 1, throughSeq: 3, txHash: TX, withdrawalIds: [], ...o });
    expectRefused(fx, RejectReason.SETTLEMENT_OUT_OF_ORDER, rec({ throughSeq: fx.engine.lastSeq + 1 }));
    expectRefused(fx, RejectReason.SETTLEMENT_OUT_OF_ORDER, rec({ throughSeq: 0 }));
    expectRefused(fx, RejectReason.INVALID_SETTLEMENT, rec({ txHash: '0x12' }));
    expectRefused(fx, RejectReason.INVALID_SETTLEMENT, rec({ txHash: TX.toUpperCase() }));
    expectRefused(fx, RejectReason.INVALID_SETTLEMENT, rec({ batchId: 0 }));
    expectRefused(fx, RejectReason.UNKNOWN_WITHDRAWAL, rec({ withdrawalIds: [withdrawalId + 1] }));
    expectRefused(fx, RejectReason.UNKNOWN_WITHDRAWAL, rec({ withdrawalIds: [withdrawalId, withdrawalId] }));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, rec({ actor: fx.consumers[0]! }));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, rec({ actor: fx.operator }));
    rec({ throughSeq: 5, withdrawalIds: [withdrawalId] })();
    expectRefused(fx, RejectReason.SETTLEMENT_OUT_OF_ORDER, rec({ batchId: 2, throughSeq: 5 }));
    expectRefused(fx, RejectReason.SETTLEMENT_OUT_OF_ORDER, rec({ batchId: 2, throughSeq: 4 }));
    expectRefused(fx, RejectReason.UNKNOWN_WITHDRAWAL, rec({ batchId: 2, throughSeq: 6, withdrawalIds: [withdrawalId] }));
  });

  it('survives a snapshot round trip and changes the state hash', () => {
    const { fx, withdrawalId } = withWithdrawal();
    const before = stateHash(fx.engine);
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
    fx.submit({ kind: CommandKind.RECORD_SETTLEMENT, actor: 0, batchId: 7, throughSeq: 9, txHash: TX, withdrawalIds: [withdrawalId] });
    expect(stateHash(fx.engine)).not.toBe(before);
    const copy = decodeState(encodeState(fx.engine));
    expect(copy.governancePhase).toBe(4);
    expect(copy.settledBatchId).toBe(7);
    expect(copy.settledThroughSeq).toBe(9);
    expect(stateHash(copy)).toBe(stateHash(fx.engine));
  });

  it('decodes a version-1 snapshot (no settlement fields) with the defaults', () => {
    // No trades (brokerRights 0): a version-1 engine kept no per-series trade counts.
    const fx = createFixture({ consumers: 1, providers: 1, brokerRights: 0 });
    const v1 = versionOneSnapshot(fx.engine);
    const decoded = decodeState(v1);
    expect(decoded.governancePhase).toBe(2);
    expect(decoded.settledBatchId).toBe(0);
    expect(decoded.settledThroughSeq).toBe(0);
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
  });
});
