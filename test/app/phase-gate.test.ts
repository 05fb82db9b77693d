/**
 * The phase gate through the running service (issue 22, "phase gate end to end"), off-chain:
 * the governance phase comes as the chain watcher reports a vote (SET_GOVERNANCE_PHASE;
 * the on-chain vote and settlement are test/settlement/{synthetics,options}-chain.test.ts).
 * The service's own listing schedule lists nothing cash-settled at phase 2, a SYNTHETIC on
 * the flagship's spot window at phase 3, a CALL and a PUT at each strike of the grid around
 * the index the quoter expects at phase 4; the products show on GET /v1/series; the broker
 * quotes them; a consumer buys calls, an institution a synthetic; at the close the schedule
 * expires them and every position is paid at the published index, zero-sum.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, type EngineEvent, type Series, type SyntheticSettled } from '../../src/engine/index.js';
import { DEFAULT_STRIKE_GRID, strikeGrid } from '../../src/quoting/index.js';
import { CONTRACT, iocOrder, openInstitution, openSpot, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-phase-gate-');

const CASH_SETTLED: readonly SeriesKind[] = [SeriesKind.SYNTHETIC, SeriesKind.CALL, SeriesKind.PUT];

describe('the phase gate through the service', () => {
  it('lists synthetics at phase 3 and options at phase 4 on its schedule; they trade, expire and settle at the index', async () => {
    const svc = await qs.start();
    const released: EngineEvent[] = [];
    svc.sequencer.onRelease((batch) => released.push(...batch.events));
    try {
      const spot = openSpot(svc, qs.now);
      await quoteTurn(svc); // the spot priced: the quoter expects an index for its window
      const onWindow = (kind: SeriesKind): Series[] =>
        svc.engine.series.filter((s): s is Series => s !== undefined && s.spec.contract === CONTRACT && s.spec.kind === kind && s.spec.openAtMs === spot.spec.openAtMs);
      const cashSettled = (): Series[] => svc.engine.series.filter((s): s is Series => s !== undefined && CASH_SETTLED.includes(s.spec.kind));

      await svc.runSchedule();
      expect(svc.engine.governancePhase).toBe(2);
      expect(cashSettled()).toEqual([]);

      await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
      await svc.runSchedule();
      const [synthetic] = onWindow(SeriesKind.SYNTHETIC);
      expect(synthetic).toBeDefined();
      expect(synthetic!.spec.closeAtMs).toBe(spot.spec.closeAtMs);
      expect(onWindow(SeriesKind.CALL)).toEqual([]);

      await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
      await svc.runSchedule();
      const expected = svc.quoting!.expectedIndexMicros(spot.id)!;
      const strikes = strikeGrid(expected, spot.spec.tickMicros, DEFAULT_STRIKE_GRID).filter((k) => k <= spot.spec.maxPriceMicros);
      expect(strikes).toHaveLength(9);
      for (const kind of [SeriesKind.CALL, SeriesKind.PUT]) expect(onWindow(kind).map((s) => s.spec.strikeMicros).sort((a, b) => a - b)).toEqual(strikes);
      await svc.runSchedule(); // listed once
      expect(onWindow(SeriesKind.CALL)).toHaveLength(9);

      // The products list.
      const listed = (await (await fetch(`http://127.0.0.1:${svc.gateway.port}/v1/series`)).json()) as { series: Array<{ seriesId: number; kind: string; strikeMicros?: number }> };
      const kinds = new Map(listed.series.map((s) => [s.seriesId, s.kind]));
      expect(kinds.get(synthetic!.id)).toBe('SYNTHETIC');
      for (const s of [...onWindow(SeriesKind.CALL), ...onWindow(SeriesKind.PUT)]) expect(kinds.get(s.id)).toBe(s.spec.kind === SeriesKind.CALL ? 'CALL' : 'PUT');

      // The broker quotes them; a consumer buys 2 calls struck at the centre, an institution 3 synthetics.
      qs.now += 1_000;
      await quoteTurn(svc);
      const call = onWindow(SeriesKind.CALL).find((s) => s.spec.strikeMicros === strikes[4])!;
      const consumer = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
      await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer, amountWei: 10n ** 20n, ref: 'consumer' });
      const institution = await openInstitution(svc);
      const bestAsk = (s: Series): number => svc.engine.orders.get(s.quoteAskIds[0]!)!.priceMicros;
      const boughtCalls = (await send(svc, iocOrder(consumer, call.id, Side.BUY, bestAsk(call), 2))).filter((e) => e.type === EventType.FILL);
      expect(boughtCalls.reduce((n, e) => n + (e.type === EventType.FILL ? e.qty : 0), 0)).toBe(2);
      const boughtSynthetics = (await send(svc, iocOrder(institution, synthetic!.id, Side.BUY, bestAsk(synthetic!), 3))).filter((e) => e.type === EventType.FILL);
      expect(boughtSynthetics.reduce((n, e) => n + (e.type === EventType.FILL ? e.qty : 0), 0)).toBe(3);

      // At the close the schedule expires them: the index is published and every position is paid at it.
      qs.now = spot.spec.closeAtMs + 60_000;
      await svc.runSchedule();
      await svc.sequencer.drain();
      for (const s of [synthetic!, call]) expect(svc.engine.seriesById(s.id)!.status).toBe(SeriesStatus.EXPIRED);
      const index = released.find((e) => e.type === EventType.SETTLEMENT_INDEX_PUBLISHED && e.seriesId === call.id);
      expect(index).toBeDefined();
      const indexMicros = index!.type === EventType.SETTLEMENT_INDEX_PUBLISHED ? index!.indexMicros : 0;
      const settled = (seriesId: number): SyntheticSettled[] => released.filter((e): e is SyntheticSettled => e.type === EventType.SYNTHETIC_SETTLED && e.seriesId === seriesId);
      const consumerCall = settled(call.id).find((e) => e.accountId === consumer)!;
      expect(consumerCall).toMatchObject({ positionQty: 2, indexMicros, valueMicros: Math.max(indexMicros - call.spec.strikeMicros, 0), payoutMicros: 2 * Math.max(indexMicros - call.spec.strikeMicros, 0) });
      const institutionSynthetic = settled(synthetic!.id).find((e) => e.accountId === institution)!;
      expect(institutionSynthetic).toMatchObject({ positionQty: 3, indexMicros, payoutMicros: 3 * indexMicros - institutionSynthetic.costMicros });
      for (const s of [synthetic!, call]) expect(settled(s.id).reduce((n, e) => n + e.payoutMicros, 0)).toBe(0); // zero-sum: the broker pays or receives the rest
      for (const e of [...settled(call.id), ...settled(synthetic!.id)]) expect(e.shortfallMicros).toBe(0);
    } finally {
      await svc.stop();
    }
  }, 60_000);
});
