/**
 * Seeded command streams for rights by sale, escrow and claims (rules 3; test/engine/
 * escrow-property.test.ts, and golden-replay.test.ts): three providers minting and selling to
 * the broker at different prices, the broker buying and selling, three consumers buying and
 * exercising, the system confirming deliveries and releasing, consumers claiming, the system
 * resolving, the clock moving through the window's close (the series expired there) and past
 * the dispute windows. Commands are drawn from the engine's own state (ids of live orders and
 * grants), with a share of bad ones (someone else's grant, claims twice, early resolves,
 * unknown ids), so a stream depends on its seed alone.
 */
import { prng } from '../../bench/workload.js';
import { CommandKind, Role, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, type Command, type Engine, type NewOrder } from '../../src/engine/index.js';

export const ESCROW_START_MS = Date.UTC(2026, 0, 5);
const HOUR_MS = 3_600_000;
const WINDOW_MS = 7 * 24 * HOUR_MS;
const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
const PAT = 1_000_000;
export const ESCROW_SERIES_ID = 1;

/** Account ids in the order the setup opens them. */
export const E_BROKER = 1;
export const E_OPERATOR = 2;
export const E_CONSUMERS = [3, 4, 5];
export const E_PROVIDERS = [6, 7, 8];

export interface TimedCommand {
  cmd: Command;
  timeMs: number;
}

/** The setup: rules 3 (or `rules`) first, accounts, one spot series open now, PAT, capacity, short escrow clocks. */
export function escrowSetup(rules = 3): TimedCommand[] {
  const at = ESCROW_START_MS + HOUR_MS;
  const cmds: Command[] = [
    { kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules },
    { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.BROKER, address: '' },
    { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.OPERATOR, address: '' },
    ...E_CONSUMERS.map((): Command => ({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' })),
    ...E_PROVIDERS.map((): Command => ({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' })),
    {
      kind: CommandKind.LIST_SERIES,
      actor: SYSTEM_ACTOR,
      contract: CONTRACT,
      seriesKind: SeriesKind.SPOT,
      openAtMs: ESCROW_START_MS,
      closeAtMs: ESCROW_START_MS + WINDOW_MS,
      tickMicros: 100_000,
      lotSize: 1,
      minPriceMicros: 100_000,
      maxPriceMicros: 5 * PAT,
      maxOrderQty: 1_000,
      bandBps: 5_000,
    },
    { kind: CommandKind.SET_PARAM, actor: E_OPERATOR, name: 'risk.disputeWindowMs', value: 6 * HOUR_MS },
    { kind: CommandKind.SET_PARAM, actor: E_OPERATOR, name: 'risk.claimGraceMs', value: HOUR_MS },
    ...[E_BROKER, ...E_CONSUMERS].map((accountId, i): Command => ({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: BigInt(100_000 * PAT) * 1_000_000_000_000n, ref: `setup-${i}` })),
    ...E_PROVIDERS.map((actor): Command => ({ kind: CommandKind.DECLARE_CAPACITY, actor, seriesId: ESCROW_SERIES_ID, capacity: 5_000 })),
  ];
  return cmds.map((cmd) => ({ cmd, timeMs: at }));
}

function order(actor: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce = TimeInForce.GTC): NewOrder {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId: ESCROW_SERIES_ID, clientOrderId: 0, side, orderType: 1, tif, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: 1 };
}

/**
 * The stream after the setup, `count` commands, each built from `engine` as it stands (the
 * caller applies each before asking for the next). Time moves 0–40 minutes a command and
 * crosses the close about two thirds in; the series is expired at the first command past it.
 */
export function* escrowStream(seed: number, engine: Engine, count: number, rules = 3): Generator<TimedCommand> {
  // Rules 5 adds evidence, disputes and decisions; the draws for them come only under it, so a rules-3 stream is what it was.
  const evidenced = rules >= 5;
  const r = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const close = ESCROW_START_MS + WINDOW_MS;
  let nowMs = ESCROW_START_MS + HOUR_MS;
  // About 2/3 of the stream inside the window: steps sized to reach the close by then.
  const stepMs = Math.max(1, Math.floor(((close - nowMs) * 3) / (2 * count)));
  let expired = false;
  let deposits = 0;
  for (let i = 0; i < count; i++) {
    nowMs += int(0, 2 * stepMs);
    if (!expired && nowMs >= close) {
      expired = true;
      yield { cmd: { kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: ESCROW_SERIES_ID, cutoffMs: nowMs }, timeMs: nowMs };
      continue;
    }
    const grants = [...engine.escrow.grants.values()];
    const grant = grants.length > 0 && r() < 0.9 ? pick(grants) : undefined;
    const grantId = grant?.grantId ?? int(1, engine.nextGrantId + 1);
    const consumer = pick(E_CONSUMERS);
    const provider = pick(E_PROVIDERS);
    const price = int(3, 12) * 100_000;
    const x = r();
    let cmd: Command;
    if (!expired && x < 0.1) cmd = { kind: CommandKind.MINT, actor: provider, seriesId: ESCROW_SERIES_ID, qty: int(1, 40) };
    else if (!expired && x < 0.22) {
      const p = engine.accounts[provider]?.positions.get(ESCROW_SERIES_ID);
      cmd = order(provider, Side.SELL, price, int(1, Math.max(1, (p?.available ?? 0) + 2)));
    } else if (!expired && x < 0.32) cmd = order(E_BROKER, Side.BUY, price, int(1, 30), r() < 0.6 ? TimeInForce.IOC : TimeInForce.GTC);
    else if (!expired && x < 0.42) {
      const p = engine.accounts[E_BROKER]?.positions.get(ESCROW_SERIES_ID);
      cmd = order(E_BROKER, Side.SELL, price + 500_000, int(1, Math.max(1, (p?.available ?? 0) + 1)));
    } else if (!expired && x < 0.52) cmd = order(consumer, Side.BUY, price + int(0, 10) * 100_000, int(1, 20), TimeInForce.IOC);
    else if (!expired && x < 0.62) {
      const p = engine.accounts[consumer]?.positions.get(ESCROW_SERIES_ID);
      cmd = { kind: CommandKind.EXERCISE, actor: consumer, seriesId: ESCROW_SERIES_ID, qty: int(1, Math.max(1, (p?.available ?? 0) + 1)) };
    } else if (x < 0.7 && evidenced && r() < 0.4) {
      cmd = { kind: CommandKind.RECORD_DELIVERY_EVIDENCE, actor: r() < 0.95 ? SYSTEM_ACTOR : consumer, grantId, qty: int(r() < 0.1 ? 0 : 1, (grant?.qty ?? 3) + (r() < 0.1 ? 1 : 0)) };
    } else if (x < 0.7) {
      const left = grant?.undeliveredQty ?? 3;
      cmd = { kind: CommandKind.CONFIRM_DELIVERY, actor: r() < 0.95 ? SYSTEM_ACTOR : consumer, grantId, qty: int(r() < 0.1 ? 0 : 1, left + (r() < 0.1 ? 1 : 0)) };
    } else if (x < 0.8) {
      // Mostly the grant's own consumer; sometimes another (NOT_YOUR_GRANT) or a provider.
      const actor = grant !== undefined && r() < 0.8 ? grant.consumerAccountId : r() < 0.8 ? consumer : provider;
      cmd = evidenced && r() < 0.4 ? { kind: CommandKind.FILE_DISPUTE, actor, grantId, reason: r() < 0.95 ? (int(1, 2) as 1 | 2) : (3 as 1) } : { kind: CommandKind.FILE_CLAIM, actor, grantId };
    } else if (x < 0.88 && evidenced && r() < 0.3) {
      const left = grant?.undeliveredQty ?? 3;
      cmd = { kind: CommandKind.DECIDE_DISPUTE, actor: r() < 0.9 ? E_OPERATOR : consumer, grantId, refundQty: int(0, left + (r() < 0.1 ? 1 : 0)), chargeProviderMicros: r() < 0.5 ? 0 : int(0, 3) * 100_000 };
    } else if (x < 0.88) cmd = { kind: CommandKind.RESOLVE_CLAIM, actor: r() < 0.95 ? SYSTEM_ACTOR : consumer, grantId };
    else if (x < 0.95) cmd = { kind: CommandKind.RELEASE_ESCROW, actor: r() < 0.95 ? SYSTEM_ACTOR : E_OPERATOR, grantId };
    else if (x < 0.97) {
      // A provider's collateral: free PAT a refund may take.
      cmd = { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: provider, amountWei: BigInt(int(1, 20) * PAT) * 1_000_000_000_000n, ref: `p-${seed}-${deposits++}` };
    } else if (x < 0.985) {
      const live: Array<{ owner: number; orderId: number }> = [];
      for (const a of engine.accounts) for (let o = a?.firstOrder ?? null; o !== null; o = o.accountNext) live.push({ owner: a!.id, orderId: o.orderId });
      const o = live.length === 0 ? { owner: consumer, orderId: 1 } : pick(live);
      cmd = { kind: CommandKind.CANCEL_ORDER, actor: o.owner, orderId: o.orderId, clientOrderId: 0 };
    } else {
      cmd = { kind: CommandKind.SET_PARAM, actor: E_OPERATOR, name: r() < 0.5 ? 'risk.disputeWindowMs' : 'risk.claimGraceMs', value: int(0, 8) * HOUR_MS };
    }
    yield { cmd, timeMs: nowMs };
  }
}
