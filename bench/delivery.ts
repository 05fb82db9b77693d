/**
 * The forward-delivery workload (issue 20, part 2), shared by bench/forwards.bench.ts and
 * the crash test's delivery case (test/support/crash-child.ts): commands that build one
 * FORWARD series with many positions, generated deterministically from a seed, and the
 * DELIVER_FORWARDS commands that deliver it at its window's open.
 *
 * Everything goes through ordinary commands, as in the service: the broker, `providers`
 * providers and `consumers` consumers are opened and funded; the window's spot series and
 * its forward are listed a week ahead; each provider pledges and rests a forward ask, the
 * broker buys all of them with one IOC bid, rests one forward ask of the same total, and
 * every consumer buys 1-4 rights from it. Every `shortfallEvery`-th provider then lowers
 * its pledge to half of what it sold, so delivery also runs its shortfall paths (provider
 * forfeits, pro-rata buyer refunds and compensation), the costlier case.
 *
 * Holders (positions) of the forward: the providers, the broker, the consumers, in that
 * order (the order they first had a position). A delivery visits each holder twice (the
 * providers' pass, then the buyers' pass), so it takes ⌈2 × holders / maxPositions⌉
 * commands.
 */
import {
  CommandKind,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  WEI_PER_MICRO,
  type Command,
  type DeliverForwards,
  type NewOrder,
} from '../src/engine/index.js';
import { prng, WORKLOAD_START_MS } from './workload.js';

const DAY_MS = 86_400_000;
const PAT = 1_000_000;
export const DELIVERY_CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
/** The forward's window opens a week after the workload starts (its trading ends there). */
export const DELIVERY_OPEN_MS = WORKLOAD_START_MS + 7 * DAY_MS;
/** The window's spot series and its forward, in listing order. */
export const SPOT_SERIES_ID = 1;
export const FORWARD_SERIES_ID = 2;
export const BROKER_ID = 1;
/** Forward prices: providers sell to the broker at 0.5 PAT, the broker sells to consumers at 0.6. */
const PROVIDER_PRICE = 500_000;
const BROKER_PRICE = 600_000;

export interface DeliveryWorkloadOptions {
  providers: number;
  consumers: number;
  seed: number;
  /** Every n-th provider cuts its pledge to half of what it sold before the open (0 = none). */
  shortfallEvery: number;
}

export interface DeliveryWorkload {
  /** Everything before the open, stamped at WORKLOAD_START_MS (forward trading ends at the open). */
  setup: Command[];
  /** Positions in the forward (providers + broker + consumers). */
  holders: number;
  /** Rights the consumers bought forward. */
  longQty: number;
  providerIds: readonly number[];
  consumerIds: readonly number[];
}

export function deliverCommand(maxPositions: number): DeliverForwards {
  return { kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: FORWARD_SERIES_ID, cutoffMs: DELIVERY_OPEN_MS, maxPositions };
}

/** DELIVER_FORWARDS commands needed to deliver `holders` positions at `maxPositions` holder visits per command. */
export function deliveryCommandCount(holders: number, maxPositions: number): number {
  return Math.ceil((2 * holders) / maxPositions);
}

function order(actor: number, side: Side, tif: TimeInForce, priceMicros: number, qty: number): NewOrder {
  return {
    kind: CommandKind.NEW_ORDER,
    actor,
    seriesId: FORWARD_SERIES_ID,
    clientOrderId: 0,
    side,
    orderType: OrderType.LIMIT,
    tif,
    priceMicros,
    qty,
    expireAtMs: 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
  };
}

function deposit(accountId: number, micros: number): Command {
  return { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: BigInt(micros) * WEI_PER_MICRO, ref: `fwd:${accountId}` };
}

export function generateDeliveryWorkload(opts: DeliveryWorkloadOptions): DeliveryWorkload {
  const rand = prng(opts.seed);
  const setup: Command[] = [];
  const open = (role: Role): void => void setup.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' });
  open(Role.BROKER);
  const providerIds: number[] = [];
  const consumerIds: number[] = [];
  for (let i = 0; i < opts.providers; i++) {
    open(Role.PROVIDER);
    providerIds.push(2 + i);
  }
  for (let i = 0; i < opts.consumers; i++) {
    open(Role.CONSUMER);
    consumerIds.push(2 + opts.providers + i);
  }
  for (const seriesKind of [SeriesKind.SPOT, SeriesKind.FORWARD]) {
    setup.push({
      kind: CommandKind.LIST_SERIES,
      actor: SYSTEM_ACTOR,
      contract: DELIVERY_CONTRACT,
      seriesKind,
      openAtMs: DELIVERY_OPEN_MS,
      closeAtMs: DELIVERY_OPEN_MS + 7 * DAY_MS,
      tickMicros: 1_000,
      lotSize: 1,
      minPriceMicros: 1_000,
      maxPriceMicros: 10 * PAT,
      // The broker's single bid and ask carry the whole forward.
      maxOrderQty: 1_000_000,
      bandBps: 500,
    });
  }
  const consumerQty = consumerIds.map(() => 1 + Math.floor(rand() * 4));
  const longQty = consumerQty.reduce((a, b) => a + b, 0);
  if (longQty > 1_000_000) throw new Error(`forward too large for one broker order: ${longQty}`);
  // Funds: enough for every order below with room to spare (collateral is 20% of the price by default).
  setup.push(deposit(BROKER_ID, 2 * longQty * PAT));
  for (const id of providerIds) setup.push(deposit(id, 1_000 * PAT));
  for (const id of consumerIds) setup.push(deposit(id, 10 * PAT));
  // Providers sell the consumers' total between them.
  const sold = providerIds.map((_, i) => Math.floor(longQty / opts.providers) + (i < longQty % opts.providers ? 1 : 0));
  providerIds.forEach((id, i) => {
    setup.push({ kind: CommandKind.DECLARE_CAPACITY, actor: id, seriesId: FORWARD_SERIES_ID, capacity: sold[i]! });
    setup.push(order(id, Side.SELL, TimeInForce.GTC, PROVIDER_PRICE, sold[i]!));
  });
  setup.push(order(BROKER_ID, Side.BUY, TimeInForce.IOC, PROVIDER_PRICE, longQty));
  setup.push(order(BROKER_ID, Side.SELL, TimeInForce.GTC, BROKER_PRICE, longQty));
  consumerIds.forEach((id, i) => setup.push(order(id, Side.BUY, TimeInForce.IOC, BROKER_PRICE, consumerQty[i]!)));
  if (opts.shortfallEvery > 0) {
    providerIds.forEach((id, i) => {
      if (i % opts.shortfallEvery === 0) setup.push({ kind: CommandKind.DECLARE_CAPACITY, actor: id, seriesId: FORWARD_SERIES_ID, capacity: Math.floor(sold[i]! / 2) });
    });
  }
  return { setup, holders: opts.providers + 1 + opts.consumers, longQty, providerIds, consumerIds };
}
