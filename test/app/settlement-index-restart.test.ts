/**
 * GET /v1/series/{id}/settlement keeps a published settlement index's whole computation across
 * restarts (src/gateway/published-indexes.ts): the running service (real LMDB journal, uWS on
 * loopback, the quoter on) publishes a synthetic's index from the broker's sampled quotes and a
 * provider's sale; after a restart on the same data directory the view is the same, and again after the
 * store is deleted (re-derived from the journal alone); recomputing from the published inputs
 * gives the published index.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR } from '../../src/engine/index.js';
import type { Service } from '../../src/app/service.js';
import { computeSettlementIndex, type SettlementIndexInputs } from '../../src/settlement-index/index.js';
import { iocOrder, listOnWindow, OPERATOR, openSpot, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-index-restart-');

interface SettlementView {
  settlementIndex: { detail: boolean; indexMicros: number; inputs: SettlementIndexInputs; computation: Record<string, unknown> } | null;
}

async function settlementView(svc: Service, seriesId: number): Promise<SettlementView> {
  const res = await fetch(`http://127.0.0.1:${svc.gateway.port}/v1/series/${seriesId}/settlement`);
  expect(res.status).toBe(200);
  return (await res.json()) as SettlementView;
}

describe('a published settlement index across restarts', () => {
  it('shows the same inputs and intermediates after a restart, and after its store is rebuilt from the journal', async () => {
    let svc = await qs.start();
    let seriesId = 0;
    let before: SettlementView;
    try {
      await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
      const spot = openSpot(svc, qs.now);
      seriesId = (await listOnWindow(svc, spot, SeriesKind.SYNTHETIC)).id;
      // Inside the index hour: the broker quotes the spot and a provider sells into its bid, so the index has samples and a trade.
      qs.now = spot.spec.closeAtMs - 40 * 60_000;
      await quoteTurn(svc);
      const provider = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
      await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot.id, capacity: 2 });
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'risk.mintRequiresListing', value: 0 }); // no catalog listing needed for this
      await send(svc, { kind: CommandKind.MINT, actor: provider, seriesId: spot.id, qty: 2 });
      const bid = svc.engine.orders.get(spot.quoteBidIds[0]!)!.priceMicros;
      const sold = await send(svc, iocOrder(provider, spot.id, Side.SELL, bid, 2));
      expect(sold.some((e) => e.type === EventType.FILL)).toBe(true);
      qs.now = spot.spec.closeAtMs + 1_000;
      await send(svc, { kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId, cutoffMs: spot.spec.closeAtMs });
      before = await settlementView(svc, seriesId);
    } finally {
      await svc.stop();
    }
    const index = before.settlementIndex!;
    expect(index.detail).toBe(true);
    expect(index.inputs.trades).toHaveLength(1);
    expect(index.inputs.quoteSamples.length).toBeGreaterThan(0);

    for (const dropStore of [false, true]) {
      // The second time the store is gone (a data directory from before it): the journal alone gives it back.
      if (dropStore) rmSync(path.join(qs.dir, 'settlement-indexes'), { recursive: true, force: true });
      svc = await qs.start();
      try {
        const after = await settlementView(svc, seriesId);
        expect(after.settlementIndex).toEqual(index);
      } finally {
        await svc.stop();
      }
    }

    const recomputed = computeSettlementIndex(index.inputs);
    expect(recomputed.indexMicros).toBe(index.indexMicros);
    expect(JSON.parse(JSON.stringify(recomputed))).toEqual(index.computation);
  }, 60_000);
});
