/**
 * Forwards in the netting (no chain needed): forward fills register only customers'
 * holdings, FORWARD_DELIVERED folds into PAT and spot rights, the broker's summary moves
 * nothing, and providers' statements list forward business apart. Then real engine runs
 * (the engine fixture, its accounting invariants checked after every command): every
 * command's events are netted and applied to a mirror of the vault and the registry —
 * which, like the contracts, refuses to go below zero — and after every command the
 * mirror equals what reconciliation expects from the engine's ledger.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, SeriesKind, SYSTEM_ACTOR, TimeInForce, type EngineEvent, type ForwardDelivered } from '../../src/engine/index.js';
import { Netting, type ForwardRules } from '../../src/settlement/index.js';
import { createFixture, PAT, T0, WINDOW_MS, type EngineFixture } from '../support/engine-fixture.js';
import { addr, ChainMirror, fill } from '../support/netting-mirror.js';

// Hand-built events: account 1 the broker, 2 a provider, 3 and 4 consumers; series 7 a forward whose window's spot series is 6.
const BROKER = 1;
const PROVIDER = 2;
const rules: ForwardRules = { isForward: (s) => s === 7, isCustomer: (id) => id === 3 || id === 4 };

function delivered(seq: number, accountId: number, fields: Partial<ForwardDelivered>): ForwardDelivered {
  return {
    type: EventType.FORWARD_DELIVERED, seq, seriesId: 7, spotSeriesId: 6, accountId, counterpartyId: BROKER,
    positionQty: 0, deliveredQty: 0, shortfallQty: 0, proceedsMicros: 0, collateralReturnedMicros: 0, refundMicros: 0, compensationMicros: 0, ...fields,
  };
}

function rightsOf(n: Netting): Array<[number, number, bigint]> {
  return n.cut(1, addr).cut.batch.rights.map((r) => [r.seriesId, Number(BigInt(r.holder)), r.delta]);
}

describe('forward fills', () => {
  it('move PAT buyer to seller at once, register only the customer buyers\' holdings, and list provider sales as forward', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], rules);
    n.add([fill(1, BROKER, PROVIDER, 500_000, 10, 7), fill(2, 3, BROKER, 600_000, 6, 7), fill(3, 4, BROKER, 600_000, 4, 7)], 3);
    const { cut } = n.cut(1, addr);
    expect(cut.balanceAccounts).toEqual([BROKER, PROVIDER, 3, 4]);
    expect(cut.batch.balances.map((b) => b.deltaWei / 10n ** 12n)).toEqual([1_000_000n, 5_000_000n, -3_600_000n, -2_400_000n]);
    // Neither the provider's short nor the broker's legs: the registry holds only what customers are owed.
    expect(rightsOf(n)).toEqual([[7, 3, 6n], [7, 4, 4n]]);
    expect(cut.statements).toEqual([{ accountId: PROVIDER, fills: 0, qty: 0, grossMicros: 0, forward: { fills: 1, qty: 10, grossMicros: 5_000_000, deliveredQty: 0, shortfallQty: 0, proceedsMicros: 0, collateralReturnedMicros: 0, repaidMicros: 0 } }]);
    expect(cut.fills).toBe(3);
  });

  it('spot fills are unchanged by the rules', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], rules);
    n.add([fill(1, BROKER, PROVIDER, 500_000, 2, 6)], 1);
    expect(rightsOf(n)).toEqual([[6, BROKER, 2n], [6, PROVIDER, -2n]]);
    expect(n.cut(1, addr).cut.statements).toEqual([{ accountId: PROVIDER, fills: 1, qty: 2, grossMicros: 1_000_000 }]);
  });
});

describe('FORWARD_DELIVERED', () => {
  it('a provider delivering in full: rights minted for the broker, no PAT (escrow and collateral are released inside its balance)', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], rules);
    n.add([delivered(1, PROVIDER, { positionQty: -10, deliveredQty: 10, proceedsMicros: 5_000_000, collateralReturnedMicros: 1_000_000 })], 1);
    const { cut } = n.cut(1, addr);
    expect(cut.batch.balances).toEqual([]);
    expect(rightsOf(n)).toEqual([[6, BROKER, 10n]]);
    expect(cut.statements[0]!.forward).toMatchObject({ deliveredQty: 10, shortfallQty: 0, proceedsMicros: 5_000_000, collateralReturnedMicros: 1_000_000, repaidMicros: 0 });
  });

  it('a provider short: repays the broker the price and forfeits collateral; nothing minted', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], rules);
    n.add([delivered(1, PROVIDER, { positionQty: -10, deliveredQty: 4, shortfallQty: 6, proceedsMicros: 2_000_000, collateralReturnedMicros: 400_000, refundMicros: -3_000_000, compensationMicros: -600_000 })], 1);
    const { cut } = n.cut(1, addr);
    expect(cut.balanceAccounts).toEqual([BROKER, PROVIDER]);
    expect(cut.batch.balances.map((b) => b.deltaWei / 10n ** 12n)).toEqual([3_600_000n, -3_600_000n]);
    expect(rightsOf(n)).toEqual([[6, BROKER, 4n]]);
    expect(cut.statements[0]!.forward).toMatchObject({ deliveredQty: 4, shortfallQty: 6, proceedsMicros: 2_000_000, repaidMicros: 3_600_000 });
  });

  it('a buyer: spot rights from the broker, its forward holding ends, refund and compensation from the broker; the broker\'s summary moves nothing', () => {
    const n = new Netting(0, (id) => id === PROVIDER, () => [], rules);
    n.add([
      delivered(1, 3, { positionQty: 6, deliveredQty: 4, shortfallQty: 2, refundMicros: 1_200_000, compensationMicros: 240_000 }),
      delivered(1, BROKER, { positionQty: 0, deliveredQty: 4, shortfallQty: 2, proceedsMicros: 99, collateralReturnedMicros: 99, refundMicros: -1_200_000, compensationMicros: -240_000 }),
    ], 1);
    const { cut } = n.cut(1, addr);
    expect(cut.balanceAccounts).toEqual([BROKER, 3]);
    expect(cut.batch.balances.map((b) => b.deltaWei / 10n ** 12n)).toEqual([-1_440_000n, 1_440_000n]);
    expect(rightsOf(n)).toEqual([[6, BROKER, -4n], [6, 3, 4n], [7, 3, -6n]]);
    expect(cut.statements).toEqual([]);
  });

  it('a buyer that receives nothing leaves no zero rights entry in the spot series', () => {
    const n = new Netting(0, () => false, () => [], rules);
    n.add([fill(1, 3, BROKER, 600_000, 2, 7), delivered(2, 3, { positionQty: 2, shortfallQty: 2, refundMicros: 1_200_000 })], 2);
    expect(rightsOf(n)).toEqual([]);
    // Paid 1.2 PAT at the fill, refunded 1.2 PAT at delivery: nothing left to settle.
    expect(n.cut(1, addr).cut.batch.balances).toEqual([]);
  });
});

// ---------------------------------------------------------------- engine runs

const NEXT_OPEN = T0 + WINDOW_MS;

interface World {
  fx: EngineFixture;
  m: ChainMirror;
  spot: number;
  forward: number;
  provider: number;
  c1: number;
  c2: number;
  /** Submits through the fixture and the mirror. */
  run(cmd: () => EngineEvent[]): EngineEvent[];
  deliver(maxPositions?: number, cutoffMs?: number): EngineEvent[];
  setParam(name: string, value: number): void;
}

/** The next window's spot and forward listed; provider 0 pledges and sells 10 forward to the broker at 0.5; the broker sells 6 and 4 to two consumers at 0.6. */
function world(opts: { brokerShort?: number } = {}): World {
  const fx = createFixture({ consumers: 2, providers: 2, brokerRights: 0 });
  // The spot and forward series are listed before the mirror sees any command: no registered-series check.
  const m = new ChainMirror(fx, { registeredSeriesOnly: false });
  const run = (cmd: () => EngineEvent[]): EngineEvent[] => m.apply(cmd());
  const spot = fx.newSeries({ openAtMs: NEXT_OPEN });
  const forward = fx.newSeries({ openAtMs: NEXT_OPEN, seriesKind: SeriesKind.FORWARD });
  const [provider] = fx.providers as [number];
  const [c1, c2] = fx.consumers as [number, number];
  const w: World = {
    fx, m, spot, forward, provider, c1, c2, run,
    deliver: (maxPositions = 1_000, cutoffMs = NEXT_OPEN) =>
      run(() => fx.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: forward, cutoffMs, maxPositions }, Math.max(fx.nowMs, cutoffMs))),
    setParam: (name, value) => void run(() => fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name, value })),
  };
  for (const p of fx.providers) run(() => fx.deposit(p, 100 * PAT));
  run(() => fx.declareCapacity(provider, 10, forward));
  run(() => fx.sell(provider, 500_000, 10, { seriesId: forward }));
  run(() => fx.buy(fx.broker, 500_000, 10, { seriesId: forward, tif: TimeInForce.IOC }));
  const short = opts.brokerShort ?? 0;
  run(() => fx.sell(fx.broker, 600_000, 10 + short, { seriesId: forward }));
  run(() => fx.buy(c1, 600_000, 6 + short, { seriesId: forward }));
  run(() => fx.buy(c2, 600_000, 4, { seriesId: forward }));
  return w;
}

function deliveries(events: EngineEvent[]): ForwardDelivered[] {
  return events.filter((e): e is ForwardDelivered => e.type === EventType.FORWARD_DELIVERED);
}

describe('netting real forward deliveries: the chain never goes below zero and always equals the ledger', () => {
  it('in full, in one command', () => {
    const w = world();
    const ev = w.deliver();
    expect(deliveries(ev).map((d) => d.deliveredQty)).toEqual([10, 6, 4, 10]);
    expect(w.m.rights.get(`${w.spot}:${w.c1}`)).toBe(6n);
    expect(w.m.rights.get(`${w.forward}:${w.c1}`)).toBeUndefined();
    expect(w.m.rights.get(`${w.spot}:${w.fx.broker}`)).toBeUndefined();
  });

  it('one position per command (every command its own batch), the provider short of part (its pledge cut to 6), the broker short forward', () => {
    const w = world({ brokerShort: 3 });
    w.run(() => w.fx.declareCapacity(w.provider, 6, w.forward));
    let commands = 0;
    while (w.fx.series(w.forward).forward!.phase !== 3) {
      w.deliver(1);
      commands++;
    }
    expect(commands).toBeGreaterThan(4);
    // 6 delivered for 13 owed: 9 × 6/13 → 4 and 4 × 6/13 → 2 by running sums.
    expect(w.m.rights.get(`${w.spot}:${w.c1}`)).toBe(4n);
    expect(w.m.rights.get(`${w.spot}:${w.c2}`)).toBe(2n);
  });

  it('a provider without a published listing delivers nothing; the broker delivers from its spot inventory, cancelling its ask', () => {
    const w = world();
    const [, seller] = w.fx.providers as [number, number];
    w.run(() => w.fx.declareCapacity(seller, 7, w.spot));
    w.run(() => w.fx.mint(seller, 7, w.spot));
    w.run(() => w.fx.sell(seller, 400_000, 7, { seriesId: w.spot }));
    w.run(() => w.fx.buy(w.fx.broker, 400_000, 7, { seriesId: w.spot, tif: TimeInForce.IOC }));
    w.run(() => w.fx.sell(w.fx.broker, 900_000, 5, { seriesId: w.spot }));
    w.setParam('risk.mintRequiresListing', 1);
    const ev = w.deliver(2);
    expect(deliveries(ev)[0]).toMatchObject({ accountId: w.provider, deliveredQty: 0, shortfallQty: 10 });
    while (w.fx.series(w.forward).forward!.phase !== 3) w.deliver(1);
    expect(w.m.rights.get(`${w.spot}:${w.c1}`)).toBe(4n);
    expect(w.m.rights.get(`${w.spot}:${w.c2}`)).toBe(3n);
    expect(w.m.rights.get(`${w.spot}:${w.fx.broker}`)).toBeUndefined();
  });

  it('a lapsed window refunds everyone', () => {
    const w = world();
    w.fx.nowMs = NEXT_OPEN + WINDOW_MS;
    w.run(() => w.fx.expireSeries(NEXT_OPEN + WINDOW_MS, w.spot));
    const ev = w.deliver(1_000, NEXT_OPEN + WINDOW_MS);
    expect(deliveries(ev).every((d) => d.deliveredQty === 0)).toBe(true);
    expect([...w.m.rights.keys()].filter((k) => k.startsWith(`${w.forward}:`) || k.startsWith(`${w.spot}:`))).toEqual([]);
  });

  it('an institution buys and receives like a consumer', () => {
    const w = world();
    w.run(() => w.fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: w.fx.operator, accountId: w.c2, qualified: true }));
    w.deliver();
    expect(w.m.rights.get(`${w.spot}:${w.c2}`)).toBe(4n);
  });
});
