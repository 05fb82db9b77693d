/**
 * The cash-settled streams of test/engine/cash-settled-property.test.ts: a spot series, its synthetic, a call and a put
 * on one window, the broker, institutions, consumers (some with little PAT) and a provider; random orders, amends,
 * cancels, marks, reference prices and refused rights commands in the window's last five hours, then its close
 * (every position settled in cash). Generated against a live engine so cancels and amends name live orders. Also
 * replayed by the account statement's tie-out (test/gateway/account-statement-model.test.ts).
 */
import { CommandKind, EmbeddedEngine, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, WRITER_SALES_MARGIN_RULES, type Command, type EngineEvent } from '../../src/engine/index.js';
import { PAT, prng } from './engine-fixture.js';

export const OPEN = Date.UTC(2026, 11, 7);
export const CLOSE = OPEN + 7 * 86_400_000;
export const START = CLOSE - 5 * 3_600_000; // the last five hours: marks, then the index's hour
export const MINUTE = 60_000;
export const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
export const BROKER = 1;
export const SPOT = 1;
export const SYNTH = 2;
export const CALL = 3;
export const PUT = 4;
export const CASH = [SYNTH, CALL, PUT];
export const STEPS = 600;

export function listing(seriesKind: SeriesKind, strikeMicros = 0): Command {
  return {
    kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: CONTRACT, seriesKind, openAtMs: OPEN, closeAtMs: CLOSE, tickMicros: 10_000, lotSize: 1,
    minPriceMicros: 10_000, maxPriceMicros: 5 * PAT, maxOrderQty: 1_000, bandBps: 2_000, ...(strikeMicros === 0 ? {} : { strikeMicros }),
  };
}

/** Accounts: 1 the broker; 2–4 institutions; 5–7 consumers (6 of them with little PAT); 8 a provider. */
export function setup(): Command[] {
  const cmds: Command[] = [{ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.BROKER, address: '' }];
  for (let i = 0; i < 6; i++) cmds.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
  cmds.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' });
  for (const id of [2, 3, 4]) cmds.push({ kind: CommandKind.SET_INSTITUTION, actor: SYSTEM_ACTOR, accountId: id, qualified: true });
  const micros = [0, 200, 30, 5, 20, 1, 10];
  for (let id = 1; id <= 7; id++) cmds.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: BigInt(micros[id - 1] || 500) * 10n ** 18n, ref: `d${id}` });
  cmds.push(listing(SeriesKind.SPOT));
  cmds.push({ kind: CommandKind.DECLARE_CAPACITY, actor: 8, seriesId: SPOT, capacity: 1_000 });
  cmds.push({ kind: CommandKind.MINT, actor: 8, seriesId: SPOT, qty: 500 });
  cmds.push({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
  cmds.push({ kind: CommandKind.SET_REFERENCE_PRICE, actor: SYSTEM_ACTOR, seriesId: SPOT, priceMicros: PAT });
  cmds.push(listing(SeriesKind.SYNTHETIC), listing(SeriesKind.CALL, PAT), listing(SeriesKind.PUT, 900_000));
  return cmds;
}

export function order(actor: number, seriesId: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce, stp: SelfTradePrevention): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif, priceMicros, qty, expireAtMs: 0, postOnly: false, stp };
}

/** Fee rates a stream under a schedule sets and moves (docs/fees.md): trade fees on every cash-settled kind, issuance on all three. */
export const FEE_NAMES = ['fee.makerBps:SYNTHETIC', 'fee.takerBps:SYNTHETIC', 'fee.issuanceBps:SYNTHETIC', 'fee.takerBps:CALL', 'fee.issuanceBps:PUT', 'fee.makerBps:SYNTHETIC@4'];

/**
 * The random stream, with each command's time: generated against a live engine so cancels and amends name live orders.
 * `withFees`: a fee schedule is set at the start and moved (raised, lowered, zeroed) at random along the stream.
 */
export function stream(seed: number, withFees = false, rules = 0): Array<[Command, number]> {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const ee = new EmbeddedEngine({}, START);
  const out: Array<[Command, number]> = [];
  let t = START;
  const live = new Map<number, number>(); // order id → owner
  const push = (cmd: Command): EngineEvent[] => {
    out.push([cmd, t]);
    const ev = ee.submit(cmd, t);
    for (const e of ev) {
      if (e.type === EventType.ORDER_ACCEPTED) live.set(e.orderId, e.accountId);
      if (e.type === EventType.ORDER_CANCELED || e.type === EventType.ORDER_EXPIRED) live.delete(e.orderId);
      if (e.type === EventType.FILL) {
        if (e.makerLeavesQty === 0) live.delete(e.makerOrderId);
        if (e.takerLeavesQty === 0) live.delete(e.takerOrderId);
      }
    }
    return ev;
  };
  if (rules > 0) push({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
  for (const cmd of setup()) push(cmd);
  if (withFees) for (const name of FEE_NAMES) push({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name, value: int(1, 300) });
  let spotBid = 0;
  let spotAsk = 0;
  for (let step = 0; step < STEPS; step++) {
    t += int(0, 3) * int(0, 40_000); // sometimes several commands at one instant, sometimes minutes apart
    if (t >= CLOSE - MINUTE) break;
    const r = rnd();
    if (r < 0.1) {
      // The broker's spot quote (the index's input): cancel and replace around a drifting mid.
      for (const id of [spotBid, spotAsk]) if (id !== 0 && live.has(id)) push({ kind: CommandKind.CANCEL_ORDER, actor: BROKER, orderId: id, clientOrderId: 0 });
      const mid = 800_000 + int(0, 60) * 10_000;
      const bid = push(order(BROKER, SPOT, Side.BUY, mid - 20_000, 10, TimeInForce.GTC, SelfTradePrevention.CANCEL_NEWEST)).find((e) => e.type === EventType.ORDER_ACCEPTED);
      const ask = push(order(BROKER, SPOT, Side.SELL, mid + 20_000, 1, TimeInForce.GTC, SelfTradePrevention.CANCEL_NEWEST)).find((e) => e.type === EventType.ORDER_ACCEPTED);
      spotBid = bid?.type === EventType.ORDER_ACCEPTED ? bid.orderId : 0;
      spotAsk = ask?.type === EventType.ORDER_ACCEPTED ? ask.orderId : 0;
    } else if (r < 0.15) {
      push({ kind: CommandKind.SET_REFERENCE_PRICE, actor: SYSTEM_ACTOR, seriesId: SPOT, priceMicros: 600_000 + int(0, 80) * 10_000 });
    } else if (r < 0.22) {
      push({ kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: rnd() < 0.7 ? 0 : CASH[int(0, 2)]! });
    } else if (r < 0.25) {
      // Rights commands aimed at cash-settled series (and the spot one): refused there, never a crash.
      const seriesId = [SPOT, ...CASH][int(0, 3)]!;
      const which = int(0, 2);
      if (which === 0) push({ kind: CommandKind.EXERCISE, actor: int(2, 7), seriesId, qty: int(1, 3) });
      else if (which === 1) push({ kind: CommandKind.DECLARE_CAPACITY, actor: 8, seriesId, capacity: 2_000 });
      else push({ kind: CommandKind.MINT, actor: 8, seriesId, qty: int(1, 5) });
    } else if (r < 0.32 && live.size > 0) {
      const ids = [...live.keys()];
      const id = ids[int(0, ids.length - 1)]!;
      push({ kind: CommandKind.CANCEL_ORDER, actor: live.get(id)!, orderId: id, clientOrderId: 0 });
    } else if (r < 0.37 && live.size > 0) {
      const ids = [...live.keys()];
      const id = ids[int(0, ids.length - 1)]!;
      push({ kind: CommandKind.AMEND_ORDER, actor: live.get(id)!, orderId: id, newQty: int(1, 30), newPriceMicros: int(1, 150) * 10_000 });
    } else if (withFees && r < 0.39) {
      push({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: FEE_NAMES[int(0, FEE_NAMES.length - 1)]!, value: rnd() < 0.3 ? 0 : int(1, 1_000) });
    } else if (rules >= WRITER_SALES_MARGIN_RULES && r < 0.45) {
      // Under rules 21 (docs/options.md, "Selling"): an institution long an option rests a sale closing its unoffered long
      // above a sale that writes, so the book may fill the writing one first (the outside audit's order); one not long
      // buys some at once.
      const actor = int(2, 4);
      const seriesId = rnd() < 0.5 ? CALL : PUT;
      const unoffered = ee.engine.account(actor)?.positions.get(seriesId)?.available ?? 0;
      const premium = int(2, 40) * 10_000;
      if (unoffered > 0) {
        push(order(actor, seriesId, Side.SELL, premium + int(1, 5) * 10_000, unoffered, TimeInForce.GTC, SelfTradePrevention.CANCEL_NEWEST));
        push(order(actor, seriesId, Side.SELL, premium, int(1, 10), TimeInForce.GTC, SelfTradePrevention.CANCEL_NEWEST));
      } else push(order(actor, seriesId, Side.BUY, premium, int(1, 10), TimeInForce.IOC, SelfTradePrevention.CANCEL_NEWEST));
    } else {
      const actor = int(1, 8);
      const seriesId = CASH[int(0, 2)]!;
      const premium = seriesId === SYNTH ? int(60, 140) * 10_000 : int(1, 40) * 10_000;
      const tif = rnd() < 0.3 ? TimeInForce.IOC : TimeInForce.GTC;
      const stp = ([SelfTradePrevention.CANCEL_NEWEST, SelfTradePrevention.CANCEL_OLDEST, SelfTradePrevention.CANCEL_BOTH, SelfTradePrevention.DECREMENT] as const)[int(0, 3)]!;
      push(order(actor, seriesId, rnd() < 0.5 ? Side.BUY : Side.SELL, premium, int(1, 25), tif, stp));
    }
  }
  t = CLOSE;
  push({ kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: SPOT, cutoffMs: CLOSE });
  for (const id of CASH) push({ kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: id, cutoffMs: CLOSE });
  return out;
}
