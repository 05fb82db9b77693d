/**
 * Margin top-ups and liquidations reach the account (engine rules 12; docs/synthetics.md, "Marks, top-ups and
 * liquidation"): on the running service (real LMDB journal and stores, uWS on loopback, the service's own marking
 * timer on the test's clock), two institutions short a synthetic and the spot index rises. At the next minute's mark
 * one short with free PAT to spare is topped up; the other is topped up with what it had and then taken over by the
 * broker. Each hears its own as it happens (MarginTopUp and SyntheticLiquidation frames on its trading session),
 * reads them back (GET /v1/margin-events, `patx margin`), and reads the same after a restart and with the store
 * rebuilt from the journal. Nobody else reads them.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { listMarginEvents, TradingClient, type ExchangeHttp, type MarginEvent, type MarginTopUp, type SyntheticLiquidation } from '../../src/client/index.js';
import { marginEventsText } from '../../src/cli/fills.js';
import type { Service } from '../../src/app/service.js';
import { CommandKind, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, WEI_PER_MICRO, type EngineEvent, type NewOrder } from '../../src/engine/index.js';
import { iocOrder, listOnWindow, OPERATOR, openSpot, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-margin-events-');

async function institution(svc: Service, wallet: Wallet, micros: number): Promise<number> {
  const id = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: wallet.address.toLowerCase() })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  await send(svc, { kind: CommandKind.SET_INSTITUTION, actor: OPERATOR, accountId: id, qualified: true });
  await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: BigInt(micros) * WEI_PER_MICRO, ref: `margin:${id}` });
  return id;
}

/** A good-till-cancelled limit order. */
function gtcOrder(actor: number, seriesId: number, side: Side, priceMicros: number, qty: number): NewOrder {
  return { ...(iocOrder(actor, seriesId, side, priceMicros, qty) as NewOrder), tif: TimeInForce.GTC };
}

async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('margin events', () => {
  it('each account hears of its top-ups and liquidation as they happen and reads them back, the same after a restart and from the journal', async () => {
    let svc = await qs.start();
    const spot = openSpot(svc, qs.now);
    await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
    const synth = await listOnWindow(svc, spot, SeriesKind.SYNTHETIC);
    const tick = spot.spec.tickMicros;
    // The spot's price where the operator sets it: in the middle of its range.
    const price = Math.round((spot.spec.minPriceMicros + spot.spec.maxPriceMicros) / 2 / tick) * tick;
    await send(svc, { kind: CommandKind.SET_REFERENCE_PRICE, actor: OPERATOR, seriesId: spot.id, priceMicros: price });
    const risk = svc.engine.risk;
    const margin = Math.ceil((10 * price * risk.syntheticInitialMarginBps) / 10_000);

    const [longWallet, richWallet, thinWallet, strangerWallet] = [0, 1, 2, 3].map(() => new Wallet(Wallet.createRandom().privateKey)) as [Wallet, Wallet, Wallet, Wallet];
    const long = await institution(svc, longWallet, 100 * margin);
    const rich = await institution(svc, richWallet, 100 * margin); // short 10 with plenty free: topped up
    const thin = await institution(svc, thinWallet, margin + Math.floor(price / 2)); // short 10 with half a right free: topped up, then taken over
    await institution(svc, strangerWallet, margin);
    for (const short of [rich, thin]) {
      const rested = await send(svc, gtcOrder(short, synth.id, Side.SELL, price, 10));
      expect(rested.some((e) => e.type === EventType.ORDER_ACCEPTED), JSON.stringify(rested)).toBe(true);
      const filled = await send(svc, iocOrder(long, synth.id, Side.BUY, price, 10));
      expect(filled.filter((e) => e.type === EventType.FILL)).toHaveLength(1);
    }

    const url = `ws://127.0.0.1:${svc.gateway.port}/v1/trade`;
    const heard = { topUps: [] as MarginTopUp[], liquidations: [] as SyntheticLiquidation[] };
    const thinSession = await TradingClient.connect(url, { wallet: thinWallet });
    thinSession.onMarginTopUp((t) => heard.topUps.push(t));
    thinSession.onSyntheticLiquidation((l) => heard.liquidations.push(l));
    const released: EngineEvent[] = [];
    svc.sequencer.onRelease((batch) => {
      for (const e of batch.events) if (e.type === EventType.MARGIN_TOPPED_UP || e.type === EventType.SYNTHETIC_LIQUIDATED) released.push(e);
    });

    // The spot's price rises a fifth: the operator moves the reference and the broker bids just under it for an hour
    // (it holds no rights to offer), so the index, with no two-sided quote and no trade, is the reference.
    const risen = Math.round((price * 1.2) / tick) * tick;
    await send(svc, { kind: CommandKind.SET_REFERENCE_PRICE, actor: OPERATOR, seriesId: spot.id, priceMicros: risen });
    const bid = await send(svc, gtcOrder(svc.engine.brokerId, spot.id, Side.BUY, risen - tick, 10));
    expect(bid.some((e) => e.type === EventType.ORDER_ACCEPTED), JSON.stringify(bid)).toBe(true);
    qs.now += 60 * 60_000; // the service's own marking timer (once a second) marks the new minute
    await until('the mark', () => released.some((e) => e.type === EventType.SYNTHETIC_LIQUIDATED));
    await until("the thin short's frames", () => heard.topUps.length === 1 && heard.liquidations.length === 1);
    await thinSession.close();

    const topUps = released.filter((e) => e.type === EventType.MARGIN_TOPPED_UP);
    expect(topUps.map((e) => e.accountId).sort((a, b) => a - b)).toEqual([rich, thin]);
    const liquidated = released.filter((e) => e.type === EventType.SYNTHETIC_LIQUIDATED);
    expect(liquidated.map((e) => [e.accountId, e.positionQty])).toEqual([[thin, -10]]);
    const thinTopUp = topUps.find((e) => e.accountId === thin)!;
    expect(thinTopUp.topUpMicros).toBe(Math.floor(price / 2)); // all it had free
    const richTopUp = topUps.find((e) => e.accountId === rich)!;
    expect(richTopUp.topUpMicros).toBeGreaterThan(0);
    expect(svc.engine.accounts[rich]!.positions.get(synth.id)!.collateralMicros).toBe(richTopUp.lockedMicros);
    // The frames say what the engine did, with the turn's time.
    expect(heard.topUps[0]).toMatchObject({ seriesId: synth.id, accountId: thin, positionQty: -10, markMicros: thinTopUp.markMicros, topUpMicros: thinTopUp.topUpMicros, lockedMicros: thinTopUp.lockedMicros });
    expect(heard.liquidations[0]).toMatchObject({ seriesId: synth.id, accountId: thin, positionQty: -10, markMicros: liquidated[0]!.markMicros });

    const as = (wallet: Wallet): ExchangeHttp => ({ url: `http://127.0.0.1:${svc.gateway.port}`, wallet, clock: () => qs.now });
    const row = (e: EngineEvent): Partial<MarginEvent> => {
      if (e.type === EventType.MARGIN_TOPPED_UP) return { event: 'TOP_UP', seq: e.seq, seriesId: e.seriesId, contract: synth.spec.contract, kind: 'SYNTHETIC', positionQty: e.positionQty, markMicros: e.markMicros, topUpMicros: e.topUpMicros, penaltyMicros: 0, owedMicros: 0, lockedMicros: e.lockedMicros };
      if (e.type === EventType.SYNTHETIC_LIQUIDATED) return { event: 'LIQUIDATION', seq: e.seq, seriesId: e.seriesId, contract: synth.spec.contract, kind: 'SYNTHETIC', positionQty: e.positionQty, markMicros: e.markMicros, topUpMicros: 0, penaltyMicros: e.penaltyMicros, owedMicros: e.owedMicros, lockedMicros: e.lockedMicros };
      throw new Error('a margin event');
    };
    const read = async () => ({
      thin: await listMarginEvents(as(thinWallet)),
      rich: await listMarginEvents(as(richWallet)),
      long: await listMarginEvents(as(longWallet)),
      stranger: await listMarginEvents(as(strangerWallet)),
    });
    const first = await read();
    // Newest first; in one mark the top-up, then the liquidation it did not prevent: the liquidation reads first.
    expect(first.thin.marginEvents).toMatchObject([row(liquidated[0]!), row(thinTopUp)]);
    expect(first.thin.next).toBeNull();
    expect(first.rich.marginEvents).toMatchObject([row(richTopUp)]);
    expect(first.long.marginEvents).toEqual([]);
    expect(first.stranger.marginEvents).toEqual([]);
    // A page ends at a whole mark: a limit of 1 still holds both of the thin short's rows of that mark.
    expect((await listMarginEvents(as(thinWallet), { limit: 1 })).marginEvents).toHaveLength(2);
    expect((await listMarginEvents(as(thinWallet), { seriesId: spot.id })).marginEvents).toEqual([]);
    expect((await listMarginEvents(as(thinWallet), { before: thinTopUp.seq })).marginEvents).toEqual([]);
    const text = marginEventsText(first.thin);
    expect(text).toContain('liquidated');
    expect(text).toContain('top-up');

    // After a restart, and with the store deleted (derived again from the journal).
    await svc.stop();
    svc = await qs.start();
    expect(await read()).toEqual(first);
    await svc.stop();
    rmSync(path.join(qs.dir, 'fills'), { recursive: true, force: true });
    svc = await qs.start();
    expect(await read()).toEqual(first);
    await svc.stop();
  });
});
