/**
 * The broker-shaped stream (issue 79): the side-by-side workload PATX was measured on against
 * liquibook from outside. One account, the broker, sends every buy and so holds every bid;
 * providers send the sells; 2–3k orders rest at once. 60% limit orders (a quarter priced
 * through the opposite side), 30% cancels of a random resting order, 10% market orders,
 * around a slowly moving mid, on one series: the mix of the project's own stream
 * (workload.ts), whose book holds a few hundred orders spread over many accounts.
 *
 * Cancels come at a rate proportional to the book (each resting order is as likely to be
 * cancelled in a step as any other, as in Cont, Stoikov and Talreja's model of a limit order
 * book): 30% of the operations when 2,500 orders rest, more above, fewer below, so the book
 * holds near 2,500 over a million operations instead of wandering off (a fixed cancel share
 * has no pull back to any size). It starts from the flow itself, no prefill.
 */
import { CommandKind, CURRENT_RULES, EmbeddedEngine, OrderType, SYSTEM_ACTOR, Side, TimeInForce, type Command, type EngineEvent } from '../src/engine/index.js';
import { FIRST_PROVIDER, LiveOrders, order, PROVIDERS, prng, setupCommands, TICK_MICROS, WORKLOAD_START_MS, type Workload } from './workload.js';

/** The book size at which the mix is exactly 60% limits, 30% cancels, 10% market orders. */
export const BROKER_BOOK_ORDERS = 3_000;
const BROKER = 1;
/** Ticks from the mid a limit order is priced at, at most: 2,500 orders over 50 levels a side. */
const MAX_OFFSET_TICKS = 200;

export function generateBrokerWorkload(opCount: number, seed = 42, rules = CURRENT_RULES): Workload {
  const rand = prng(seed);
  // The broker buys all day and never sells here: a float that lasts a million operations (10^9 PAT; everyone else has 10^7).
  const setup = [...setupCommands(rules), { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: BROKER, amountWei: 10n ** 27n, ref: 'setup:broker-float' } satisfies Command];
  const sim = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const events: EngineEvent[] = [];
  for (const cmd of setup) sim.submitInto(cmd, events);
  events.length = 0;
  const live = new LiveOrders();
  const ops: Command[] = [];
  let midTicks = 5_000;
  let clientOrderId = 1;
  const sender = (): { actor: number; side: Side } =>
    rand() < 0.5 ? { actor: BROKER, side: Side.BUY } : { actor: FIRST_PROVIDER + Math.floor(rand() * PROVIDERS), side: Side.SELL };
  for (let i = 0; i < opCount; i++) {
    if (i % 1000 === 0) midTicks = Math.min(9_000, Math.max(1_000, midTicks + Math.round((rand() - 0.5) * 10)));
    const r = rand();
    const cancelShare = Math.min(0.6, (0.3 * live.size) / BROKER_BOOK_ORDERS);
    let cmd: Command;
    if (r < 0.1) {
      const { actor, side } = sender();
      cmd = order(actor, side, OrderType.MARKET, TimeInForce.IOC, 0, 1 + Math.floor(rand() * 100), clientOrderId++);
    } else if (r < 0.1 + cancelShare && live.size > 0) {
      cmd = live.cancelOne(rand);
    } else {
      const { actor, side } = sender();
      const offset = 1 + Math.floor(rand() * MAX_OFFSET_TICKS);
      const crossing = rand() < 0.25;
      const away = side === Side.BUY ? -offset : offset;
      const priceTicks = crossing ? midTicks - away : midTicks + away;
      cmd = order(actor, side, OrderType.LIMIT, TimeInForce.GTC, priceTicks * TICK_MICROS, 1 + Math.floor(rand() * 100), clientOrderId++);
    }
    sim.submitInto(cmd, events);
    live.track(events);
    events.length = 0;
    ops.push(cmd);
  }
  return { setup, ops };
}
