/**
 * Derived stores never keep turns the journal no longer holds (src/read-models/rebuilt-if-ahead-or-cut.ts).
 * The running service (real LMDB journal and stores, uWS on loopback, the quoter on) trades: a
 * provider sells two rights into the broker's bid. It stops, and its journal's tail from before
 * that sale is cut off, as a deposed `local` leader sets its unreplicated tail aside (or a power cut
 * under `commit` durability loses it) while its stores had taken those turns. Restarted on the
 * same data directory, the service trades differently at the same seqs (one right): the trade
 * history, the audit trail and the purchase ledger show that sale, not the one that is gone.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, Journal } from '../../src/engine/index.js';
import type { Service } from '../../src/app/service.js';
import { OPERATOR, openSpot, providerSellsIntoBid, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-read-models-ahead-');

interface TradesPage {
  trades: Array<{ tradeId: number; seq: number; qty: number }>;
}

async function trades(svc: Service, seriesId: number): Promise<TradesPage['trades']> {
  const res = await fetch(`http://127.0.0.1:${svc.gateway.port}/v1/trades?seriesId=${seriesId}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as TradesPage).trades;
}

describe('derived stores ahead of the journal', () => {
  it('are derived again from the journal: the trades and audit entries of a cut-off tail are gone, those written at the same seqs after it are there', async () => {
    let svc = await qs.start();
    let spotId = 0;
    let cutAfter = 0;
    let goneSeq = 0;
    try {
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'risk.mintRequiresListing', value: 0 }); // no catalog listing needed here
      const spot = openSpot(svc, qs.now);
      spotId = spot.id;
      await quoteTurn(svc);
      cutAfter = svc.engine.lastSeq;
      goneSeq = await providerSellsIntoBid(svc, spotId, 2);
      await expect.poll(async () => (await trades(svc, spotId)).map((t) => t.qty), { timeout: 5_000 }).toEqual([2]);
    } finally {
      await svc.stop();
    }

    // The journal's tail from the sale on is gone; the stores under the data directory still hold it.
    const journal = Journal.open(qs.dir, { durability: 'commit' });
    journal.truncateAfter(cutAfter);
    await journal.close();

    svc = await qs.start();
    try {
      expect(svc.engine.lastSeq).toBe(cutAfter);
      expect(await trades(svc, spotId)).toEqual([]);
      const sale = await providerSellsIntoBid(svc, spotId, 1);
      expect(sale).toBe(goneSeq); // the same seq, another sale
      // The history's reads see its writes once committed (a moment after the turn).
      await expect.poll(async () => (await trades(svc, spotId)).map((t) => [t.seq, t.qty]), { timeout: 5_000 }).toEqual([[sale, 1]]);
      // The audit trail has each seq once, none past the journal's end, and the new sale's account opened where the old one was.
      const audit = svc.operatorApi.audit(1, 100_000);
      const seqs = audit.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(Math.max(...seqs)).toBeLessThanOrEqual(svc.engine.lastSeq);
      // Every derived store follows from the journal's end again.
      await svc.sequencer.drain();
      const stores = svc.readModels.seqs();
      expect(stores).toEqual(Object.fromEntries(Object.keys(stores).map((k) => [k, svc.engine.lastSeq])));
    } finally {
      await svc.stop();
    }
  });
});
