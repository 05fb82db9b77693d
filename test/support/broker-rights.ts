/**
 * A provider mints in a series and sells part of it to the broker's bid, and the broker then
 * quotes an ask: what a test needs before a consumer can buy and exercise rights (and get a
 * grant that names the provider). Through the real sequencer and quoter of a started service.
 */
import { expect } from 'vitest';
import { CommandKind, EventType, OrderType, SelfTradePrevention, Side, TimeInForce, type Series } from '../../src/engine/index.js';
import { openSpots } from './spot-windows.js';
import type { Service } from '../../src/app/service.js';
import { grantsOfAck, wire, type SignedGrant, type TradingClient } from '../../src/client/index.js';
import { until } from './exchange-fixture.js';

export async function providerSellsToBroker(service: Service, providerAddress: string, seriesId: number, o: { mint: number; sell: number; capacity?: number }): Promise<void> {
  const provider = service.engine.accountIdByAddress.get(providerAddress.toLowerCase())!;
  const send = (cmd: Parameters<Service['sequencer']['submit']>[0]) => service.sequencer.submit(cmd);
  await send({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: o.capacity ?? 100 });
  await send({ kind: CommandKind.MINT, actor: provider, seriesId, qty: o.mint });
  service.quoting!.tick();
  await service.sequencer.drain();
  const bid = service.engine.seriesById(seriesId)!.brokerBuys.bestBidMicros();
  await send({ kind: CommandKind.NEW_ORDER, actor: provider, seriesId, clientOrderId: 0, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: bid, qty: o.sell, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
  // The quoter hears of the fill from the released turn: give it that turn before it quotes the ask.
  await new Promise((r) => setTimeout(r, 150));
  service.quoting!.tick();
  await service.sequencer.drain();
}

/** A consumer (its account id) buys `qty` at the broker's best ask, IOC: a buyer-initiated trade. Returns the price paid (µPAT). */
export async function consumerBuysFromBroker(service: Service, consumerId: number, seriesId: number, qty = 1): Promise<number> {
  const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
  if (ask <= 0) throw new Error(`the broker asks nothing in series ${seriesId}`);
  const r = await service.sequencer.submit({ kind: CommandKind.NEW_ORDER, actor: consumerId, seriesId, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: ask, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
  if (!r.events.some((e) => e.type === EventType.FILL)) throw new Error(`the buy at ${ask} did not fill: ${JSON.stringify(r.events)}`);
  return ask;
}

/** A provider sells to the broker's bid, then a consumer buys one right at its ask: a trade on each side, so the series has a mark (src/catalog/feed-prices.ts). */
export async function tradeBothSides(service: Service, providerAddress: string, consumerId: number, seriesId: number, o: { mint: number; sell: number }): Promise<void> {
  await providerSellsToBroker(service, providerAddress, seriesId, o);
  await consumerBuysFromBroker(service, consumerId, seriesId);
}

/** The open AUTO_INTENT window that closes last (the demo's spot series a test trades in), as of `nowMs`. */
export function openAutoIntentSeries(service: Pick<Service, 'engine'>, nowMs = Date.now()): Series {
  return openSpots(service.engine, nowMs, { segment: 'AUTO_INTENT' })[0]!;
}

/** The demo's flagship contract: its listing is the demo provider's AUTO_INTENT listing, its rights score 0.70 to 0.85. */
export const FLAGSHIP_CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';

/**
 * The flagship's spot window trading at `atMs`. By contract, not by time left: the 30-day TRAVEL_INTENT window outlasts
 * the weekly one most of the month, and its records are not the flagship's.
 */
export function flagshipSpotAt(service: Pick<Service, 'engine'>, atMs = Date.now()): Series {
  const open = openSpots(service.engine, atMs, { contract: FLAGSHIP_CONTRACT });
  if (open.length !== 1) throw new Error(`${open.length} ${FLAGSHIP_CONTRACT} windows trading at ${new Date(atMs).toISOString()}, not one`);
  return open[0]!;
}

/** The client order ids grantAtAsk's buys take: one counter for the process, so no trader repeats one (a repeated id is the same order). */
let nextClientOrderId = 0;

/**
 * A grant of `qty` rights to `trader`: bought one at a time at the broker's best ask (it quotes
 * again after each: its levels are small), then exercised; returned once the grant ledger holds it.
 */
export async function grantAtAsk(service: Service, trader: TradingClient, seriesId: number, qty: number): Promise<SignedGrant> {
  const held = () => service.engine.accounts[trader.accountId]!.positions.get(seriesId)?.available ?? 0;
  const target = held() + qty;
  while (held() < target) {
    service.quoting!.tick();
    await until(() => service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros() > 0, 'the broker asks');
    const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
    await trader.newOrder({ seriesId, clientOrderId: ++nextClientOrderId, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 1 });
  }
  const ack = await trader.exercise(seriesId, qty);
  const grants = grantsOfAck(ack);
  expect(grants, JSON.stringify(ack)).toHaveLength(1);
  await service.grants()!.get(grants[0]!.grant.grantId);
  return grants[0]!;
}

