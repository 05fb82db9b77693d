/**
 * The broker's P&L beyond rights (GET /operator/broker's totals, docs/pricing.md "P&L"): inside the running service on
 * a real journal, an institution trades a call, a put and a synthetic with the broker; before the close the open
 * derivatives' P&L is what their views say at the model, and after the close (the index published, every position
 * settled in cash) it is settled, and what the broker's PAT moved in all, to the µPAT, is what the totals say it made.
 */
import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/app/service.js';
import { CommandKind, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { strikeGrid } from '../../src/option-pricing/black76.js';
import { iocOrder, listOnWindow, openInstitution, OPERATOR, optionsWindow, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-quoting-broker-pnl-');

/** The broker's PAT, wherever it sits (free, held by orders, locked as margin or collateral). */
function brokerPat(svc: Service): number {
  const a = svc.engine.accounts[svc.engine.brokerId]!;
  return a.availableMicros + a.heldMicros + a.lockedMicros;
}

function bestPrice(svc: Service, s: Series, side: 'bid' | 'ask'): number {
  const id = side === 'bid' ? s.quoteBidIds[0] : s.quoteAskIds[0];
  return id === undefined ? 0 : svc.engine.orders.get(id)!.priceMicros;
}

describe("the broker's P&L", () => {
  it('counts calls, puts and synthetics: at the model while open, what their closes paid once settled, the total what its PAT moved', async () => {
    const svc = await qs.start();
    try {
      const spot = await optionsWindow(svc, qs.now);
      const synthetic = await listOnWindow(svc, spot, SeriesKind.SYNTHETIC);
      const strike = strikeGrid(spot.referencePriceMicros, spot.spec.tickMicros)[2]!;
      const call = await listOnWindow(svc, spot, SeriesKind.CALL, { strikeMicros: strike, minPriceMicros: spot.spec.tickMicros });
      const put = await listOnWindow(svc, spot, SeriesKind.PUT, { strikeMicros: strike, minPriceMicros: spot.spec.tickMicros });

      // Inside the index hour: the broker quotes everything, a provider sells two rights into its bid (the index has a trade).
      qs.now = spot.spec.closeAtMs - 40 * 60_000;
      await quoteTurn(svc);
      const before = brokerPat(svc);
      const provider = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
      await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot.id, capacity: 100 });
      await send(svc, { kind: CommandKind.MINT, actor: provider, seriesId: spot.id, qty: 100 });
      expect((await send(svc, iocOrder(provider, spot.id, Side.SELL, bestPrice(svc, spot, 'bid'), 2))).some((e) => e.type === EventType.FILL)).toBe(true);

      // The institution buys 3 calls and 2 synthetics at the broker's asks and sells it 4 puts at its bid.
      const institution = await openInstitution(svc);
      for (const [s, side, qty] of [[call, Side.BUY, 3], [synthetic, Side.BUY, 2], [put, Side.SELL, 4]] as const) {
        const fills = (await send(svc, iocOrder(institution, s.id, side, bestPrice(svc, s, side === Side.BUY ? 'ask' : 'bid'), qty))).filter((e) => e.type === EventType.FILL);
        expect(fills.reduce((n, f) => n + (f.type === EventType.FILL ? f.qty : 0), 0), `series ${s.id}`).toBe(qty);
      }
      await quoteTurn(svc);
      const open = svc.quoting!.pnl();
      const views = svc.quoting!.optionViews().filter((v) => v.position !== 0);
      expect(views.map((v) => [v.seriesId, v.position]).sort((a, b) => a[0]! - b[0]!)).toEqual([[call.id, -3], [put.id, 4]]);
      const syntheticView = svc.quoting!.syntheticView(synthetic.id)!;
      expect(syntheticView.position).toBe(-2);
      expect(open.derivativesOpenMicros).toBe(Math.round(views.reduce((sum, v) => sum + v.pnlAtModelMicros, 0) + syntheticView.unrealizedPnlMicros));
      expect(open.derivativesOpenMicros).not.toBe(0);
      expect(open.derivativesSettledMicros).toBe(0);
      expect(open.totalMicros).toBe(open.realizedMicros + open.unrealizedMicros + open.derivativesOpenMicros);

      // The close: the index published, every position settled in cash.
      const settled: number[] = [];
      svc.sequencer.onRelease((batch) => {
        for (const e of batch.events) if (e.type === EventType.SYNTHETIC_SETTLED && e.accountId === svc.engine.brokerId) settled.push(e.seriesId);
      });
      qs.now = spot.spec.closeAtMs + 1_000;
      await svc.runSchedule();
      await svc.sequencer.drain();
      expect(settled.sort((a, b) => a - b)).toEqual([synthetic.id, call.id, put.id].sort((a, b) => a - b));
      const after = svc.quoting!.pnl();
      expect(after.derivativesOpenMicros).toBe(0);
      expect(after.derivativesSettledMicros).not.toBe(0);
      // Its PAT moved by what the closes paid and the premiums it took, less the two rights it bought (and sold none).
      const spotCash = svc.quoting!.estimates.broker.soldMicros - svc.quoting!.estimates.broker.boughtMicros;
      expect(brokerPat(svc) - before).toBe(after.derivativesSettledMicros + spotCash);
      expect(after.totalMicros).toBe(after.realizedMicros + after.unrealizedMicros + after.derivativesSettledMicros);

      // The operator's report carries the totals.
      const res = await svc.operatorApi.handle({ method: 'GET', path: '/operator/broker', body: undefined, query: new URLSearchParams(), operator: 'admin', operatorAccountId: OPERATOR });
      expect(res.body).toMatchObject({ derivativesSettledMicros: after.derivativesSettledMicros, derivativesOpenMicros: 0, totalMicros: after.totalMicros });
    } finally {
      await svc.stop();
    }
  });
});
