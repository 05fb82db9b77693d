/**
 * Options settled on a real hardhat node from a real journaled exchange (its sequencer on
 * a clock the test moves): the council votes phase 3 and then phase 4 on the
 * PhaseGovernance contract and the watcher reports each vote; the operator lists a CALL
 * struck at 1 PAT on the spot series' window (the batch registers it as kind 4, which the
 * registry allows only because phase 4 was voted); a qualified institution writes it — its
 * writing margin is locked inside its own vault balance — and a retail consumer buys it:
 * the premium is the only PAT that moves on-chain, and no right. The spot's reference
 * price rises (no broker quotes: the index falls back to it), the call expires in the money
 * at its close and the long is paid by the writer. After each batch the vault balances
 * equal the engine's ledger, no option rights exist on-chain, and reconciliation is clean,
 * while PAT is in flight too, and offline (`patx reconcile`).
 */
import { patxJson } from '../support/patx-cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, RejectReason, SeriesKind, Side, SYSTEM_ACTOR } from '../../src/engine/index.js';
import type { Settlement } from '../../src/settlement/index.js';
import { CONTRACT, limitOrder, NOW, PAT_MICROS, PAT_WEI, T0, type Cast, type Exchange } from '../support/exchange-fixture.js';
import { BROKER, fundCashSettledCast, MICRO_WEI, ok, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const CLOSE = T0 + 7 * 86_400_000;
const HOUR_MS = 3_600_000;
const CONSUMER = 4;
const PROVIDER = 5;
const WRITER = 6;
const STRIKE = PAT_MICROS;
const PREMIUM = 100_000; // 0.1 PAT a unit
const QTY = 10;

let h: SettledExchange;
let x: Exchange;
/** The sequencer's clock. */
let clockMs = NOW;
let cast: Cast;
let writer: number;
let call = 0;
let settlement: Settlement;

/** Vault balances equal the ledger (writing margin held and locked included), no option rights on-chain, reconciliation clean. */
function expectChainEqualsLedger(): Promise<void> {
  return h.expectCashSettledChainEqualsLedger([[cast.broker, BROKER], [cast.consumer, CONSUMER], [writer, WRITER]], call !== 0 ? [call] : [], 'call');
}

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER, clock: () => clockMs, dirPrefix: 'patx-options-' });
  ({ x, cast } = h);
  ({ writer, settlement } = await fundCashSettledCast(h, { consumer: CONSUMER, writer: WRITER }, { broker: 1000n * PAT_WEI, consumer: 100n * PAT_WEI, writer: 10n * PAT_WEI }));
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('options on-chain', () => {
  it('phases 3 and 4 voted on-chain reach the engine; a CALL listed on the spot window is registered as kind 4', async () => {
    await h.councilVotes(3);
    // Phase 3 alone: the engine refuses a CALL (the registry would too: requiredPhase(CALL) = 4).
    const callSpec = {
      kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: CONTRACT, seriesKind: SeriesKind.CALL, openAtMs: T0, closeAtMs: CLOSE,
      tickMicros: 1000, lotSize: 1, minPriceMicros: 1000, maxPriceMicros: PAT_MICROS, maxOrderQty: 100_000, bandBps: 500, strikeMicros: STRIKE,
    } as const;
    expect((await x.submit(callSpec))[0]).toMatchObject({ type: EventType.COMMAND_REJECTED, reason: RejectReason.PHASE_NOT_ENABLED });
    expect(await h.registry.getFunction('requiredPhase')(SeriesKind.CALL)).toBe(4n);
    expect(await h.governance.getFunction('isPhaseEnabled')(4)).toBe(false);
    await h.councilVotes(4);
    await ok(h.setReference(PAT_MICROS), EventType.REFERENCE_PRICE_SET);
    const [listed] = await x.submit(callSpec);
    expect(listed?.type, JSON.stringify(listed)).toBe(EventType.SERIES_LISTED);
    call = (listed as { seriesId: number }).seriesId;
    await ok(x.submit({ kind: CommandKind.SET_INSTITUTION, actor: cast.operator, accountId: writer, qualified: true }), EventType.INSTITUTION_SET);
    await h.settle();
    expect(await h.registry.getFunction('seriesKind')(call)).toBe(BigInt(SeriesKind.CALL));
    await expectChainEqualsLedger();
  });

  it('an institution writes, a consumer buys: the premium settles on-chain, the writing margin stays locked in the writer, no rights', async () => {
    const before = { consumer: await h.balanceOf(CONSUMER), writer: await h.balanceOf(WRITER) };
    await ok(x.submit(limitOrder(writer, call, Side.SELL, PREMIUM, QTY)), EventType.ORDER_ACCEPTED);
    // Writing margin per unit: max(15% × 1 PAT − 0 out of the money, 10% × 1 PAT) + the 0.1 premium = 0.25 PAT.
    expect(x.engine.accounts[writer]!.heldMicros).toBe(QTY * 250_000);
    // An order holding margin moves nothing on-chain.
    expect(settlement.settler.pending.isEmpty).toBe(true);
    await ok(x.submit(limitOrder(cast.consumer, call, Side.BUY, PREMIUM, QTY)), EventType.FILL);
    expect(x.engine.accounts[writer]!.lockedMicros).toBe(QTY * 250_000);
    expect(x.engine.accounts[writer]!.positions.get(call)!.available).toBe(-QTY);
    expect(x.engine.accounts[cast.consumer]!.positions.get(call)!.available).toBe(QTY);
    // Clean while the premium is still in the open netting, too.
    expect(settlement.settler.pending.isEmpty).toBe(false);
    expect((await settlement.reconcile()).mismatches).toEqual([]);
    await h.settle();
    const premium = BigInt(QTY * PREMIUM) * MICRO_WEI;
    expect(await h.balanceOf(CONSUMER)).toBe(before.consumer - premium);
    expect(await h.balanceOf(WRITER)).toBe(before.writer + premium);
    await expectChainEqualsLedger();
  });

  it('expires in the money at its close: the long is paid by the writer, zero-sum, and the chain equals the ledger', async () => {
    // No broker quotes in the spot series: the index falls back to the reference price, 1.3 PAT; the call is worth 0.3 a unit.
    clockMs = CLOSE - 2 * HOUR_MS;
    await ok(h.setReference(1_300_000), EventType.REFERENCE_PRICE_SET);
    clockMs = CLOSE;
    const ev = await ok(x.submit({ kind: CommandKind.EXPIRE_SERIES, actor: cast.operator, seriesId: call, cutoffMs: CLOSE }), EventType.SYNTHETIC_SETTLEMENT_COMPLETED);
    expect(ev.find((e) => e.type === EventType.SETTLEMENT_INDEX_PUBLISHED)).toMatchObject({ indexMicros: 1_300_000 });
    const paid = new Map(ev.filter((e) => e.type === EventType.SYNTHETIC_SETTLED).map((e) => [(e as { accountId: number }).accountId, e as { payoutMicros: number; valueMicros: number }]));
    const cover = (ev.find((e) => e.type === EventType.SYNTHETIC_SETTLEMENT_COMPLETED) as { brokerCoverMicros: number }).brokerCoverMicros;
    expect(paid.get(cast.consumer)).toMatchObject({ valueMicros: 300_000, payoutMicros: 3 * PAT_MICROS });
    expect(paid.get(writer)).toMatchObject({ valueMicros: 300_000, payoutMicros: -3 * PAT_MICROS });
    expect(cover).toBe(0);
    expect([...paid.values()].reduce((s, e) => s + e.payoutMicros, 0) - cover).toBe(0);
    const before = { consumer: await h.balanceOf(CONSUMER), writer: await h.balanceOf(WRITER) };
    expect(settlement.settler.pending.isEmpty).toBe(false);
    expect((await settlement.reconcile()).mismatches).toEqual([]);
    await h.settle();
    expect(await h.balanceOf(CONSUMER)).toBe(before.consumer + 3n * PAT_WEI);
    expect(await h.balanceOf(WRITER)).toBe(before.writer - 3n * PAT_WEI);
    expect(x.engine.accounts[writer]!.lockedMicros).toBe(0);
    await expectChainEqualsLedger();
  });

  it('patx reconcile agrees offline (the engine replayed from the journal), beside the running service', async () => {
    const rec = await patxJson(x.dir, 'reconcile');
    expect(rec.status, rec.stderr).toBe(0);
    expect(JSON.parse(rec.stdout.trim())).toMatchObject({ ok: true, mismatches: [] });
  });
});
