/**
 * Rights by sale, escrow and claims (rules 3; src/engine/products/escrow.ts, docs/delivery.md):
 * an exercise redeems only rights a provider sold, in the order sold; a provider's unsold
 * stock is its own and burned at the close; a sale's proceeds are held until delivery is
 * confirmed, the dispute window passes or a claim is refunded. Every refusal changes nothing.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  DisputeReason,
  PRIVATE_GRANT_IDS_RULES,
  decodeState,
  encodeState,
  EventType,
  RejectReason,
  ReleaseReason,
  SeriesKind,
  Role,
  stateHash,
  SYSTEM_ACTOR,
  TimeInForce,
  type EngineEvent,
} from '../../src/engine/index.js';
import { DAY_MS, EngineFixture, createFixture, HOUR_MS, PAT, T0, WINDOW_MS, conservation, expectEvent, expectRefused, ofType, rejectionName, stateSummary } from '../support/engine-fixture.js';

const CLOSE = T0 + WINDOW_MS;

interface World {
  fx: EngineFixture;
  p3: number;
  p6: number;
  consumer: number;
  other: number;
}

/** Operator, broker, two consumers, providers P3 and P6; rules 3 adopted first; one spot series; PAT deposited. */
function world(rules = 3): World {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  if (rules > 0) expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules }), EventType.RULES_ADOPTED);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const consumer = fx.newAccount(Role.CONSUMER);
  const other = fx.newAccount(Role.CONSUMER);
  const p3 = fx.newAccount(Role.PROVIDER);
  const p6 = fx.newAccount(Role.PROVIDER);
  fx.consumers = [consumer, other];
  fx.providers = [p3, p6];
  fx.seriesId = fx.newSeries();
  fx.deposit(fx.broker, 10_000 * PAT);
  fx.deposit(consumer, 1_000 * PAT);
  fx.deposit(other, 1_000 * PAT);
  for (const p of [p3, p6]) expectEvent(fx.declareCapacity(p, 100), EventType.CAPACITY_DECLARED);
  return { fx, p3, p6, consumer, other };
}

/** The provider sells `qty` to the broker at `price` (its ask, then the broker's IOC bid). */
function sellToBroker(fx: EngineFixture, provider: number, price: number, qty: number): EngineEvent[] {
  expectEvent(fx.sell(provider, price, qty), EventType.ORDER_ACCEPTED);
  const ev = fx.buy(fx.broker, price, qty, { tif: TimeInForce.IOC });
  expect(ofType(ev, EventType.FILL).reduce((n, f) => n + f.qty, 0)).toBe(qty);
  return ev;
}

/** The consumer buys `qty` from the broker at `price`. */
function buyFromBroker(fx: EngineFixture, consumer: number, price: number, qty: number): void {
  expectEvent(fx.sell(fx.broker, price, qty), EventType.ORDER_ACCEPTED);
  const ev = fx.buy(consumer, price, qty, { tif: TimeInForce.IOC });
  expect(ofType(ev, EventType.FILL).reduce((n, f) => n + f.qty, 0)).toBe(qty);
}

function position(fx: EngineFixture, id: number) {
  return fx.acct(id).positions.get(fx.seriesId)!;
}

function submit(fx: EngineFixture, cmd: Parameters<EngineFixture['submit']>[0], timeMs?: number): EngineEvent[] {
  return fx.submit(cmd, timeMs);
}

const confirm = (fx: EngineFixture, grantId: number, qty: number, actor = SYSTEM_ACTOR, timeMs?: number) => submit(fx, { kind: CommandKind.CONFIRM_DELIVERY, actor, grantId, qty }, timeMs);
const release = (fx: EngineFixture, grantId: number, timeMs?: number, actor = SYSTEM_ACTOR) => submit(fx, { kind: CommandKind.RELEASE_ESCROW, actor, grantId }, timeMs);
const claim = (fx: EngineFixture, actor: number, grantId: number, timeMs?: number) => submit(fx, { kind: CommandKind.FILE_CLAIM, actor, grantId }, timeMs);
const resolve = (fx: EngineFixture, grantId: number, timeMs?: number, actor = SYSTEM_ACTOR) => submit(fx, { kind: CommandKind.RESOLVE_CLAIM, actor, grantId }, timeMs);

/**
 * The finding of issue 53: provider 3 sold rights to the broker; provider 6 minted 50 (first)
 * and sold 10; consumers who bought provider 3's rights were served by provider 6, which got
 * grants for rights it never sold and kept 40 'available' to sell again.
 */
function finding(rules = 3): World & { grants: Array<{ grantId: number; providerAccountId: number; qty: number }> } {
  const w = world(rules);
  const { fx, p3, p6, consumer } = w;
  expectEvent(fx.mint(p6, 50), EventType.RIGHTS_MINTED); // the oldest mint
  expectEvent(fx.mint(p3, 20), EventType.RIGHTS_MINTED);
  sellToBroker(fx, p3, 500_000, 20);
  sellToBroker(fx, p6, 600_000, 10);
  buyFromBroker(fx, consumer, PAT, 25);
  const ev = fx.exercise(consumer, 25);
  const exercised = ofType(ev, EventType.RIGHTS_EXERCISED)[0]!;
  return { ...w, grants: exercised.redemptions };
}

describe('rights by sale (rules 3)', () => {
  it('an exercise redeems only rights providers sold, in the order sold; a provider\'s unsold stock is never redeemed and is burned at the close', () => {
    const { fx, p3, p6, grants } = finding();
    expect(grants.map((g) => [g.providerAccountId, g.qty])).toEqual([
      [p3, 20],
      [p6, 5],
    ]);
    // P6 sold 10: 5 redeemed, 5 with the broker, still in the supply; its 40 unsold are its own.
    expect(position(fx, p6).ownUnsold).toBe(40);
    expect(fx.series().supply.live().map((l) => [l.providerAccountId, l.qty])).toEqual([[p6, 5]]);
    expect(fx.series().supply.total).toBe(fx.series().rightsOutstanding - 40);
    // More exercise than sold-and-unredeemed is impossible: only the broker holds the other 5.
    buyFromBroker(fx, fx.consumers[1]!, PAT, 5);
    const second = ofType(fx.exercise(fx.consumers[1]!, 5), EventType.RIGHTS_EXERCISED)[0]!;
    expect(second.redemptions.map((r) => [r.providerAccountId, r.qty])).toEqual([[p6, 5]]);
    expect(fx.series().supply.total).toBe(0);
    expect(position(fx, p6).available).toBe(40);

    const outstanding = fx.series().rightsOutstanding;
    const ev = fx.expireSeries(CLOSE, fx.seriesId, fx.operator);
    expect(ofType(ev, EventType.RIGHTS_BURNED)).toEqual([{ type: EventType.RIGHTS_BURNED, seq: fx.engine.lastSeq, accountId: p6, seriesId: fx.seriesId, qty: 40 }]);
    expect(fx.series().rightsOutstanding).toBe(outstanding - 40);
    expect(position(fx, p6)).toMatchObject({ available: 0, ownUnsold: 0, minted: 10, burned: 40 });
    // Capacity freed: the burned rights no longer count against it.
    expect(position(fx, p6).capacity - position(fx, p6).minted).toBe(90);
  });

  it('under rules 0 (older journals) the same stream redeems FIFO by mint: provider 6 serves all of it', () => {
    const w = world(0);
    const { fx, p3, p6, consumer } = w;
    fx.mint(p6, 50);
    fx.mint(p3, 20);
    sellToBroker(fx, p3, 500_000, 20);
    sellToBroker(fx, p6, 600_000, 10);
    buyFromBroker(fx, consumer, PAT, 25);
    const exercised = ofType(fx.exercise(consumer, 25), EventType.RIGHTS_EXERCISED)[0]!;
    expect(exercised.redemptions.map((r) => [r.providerAccountId, r.qty])).toEqual([[p6, 25]]);
    expect(ofType(fx.expireSeries(CLOSE), EventType.RIGHTS_BURNED)).toEqual([]);
  });

  it('a sale from own stock holds its proceeds (locked, not withdrawable); the fill names the hold', () => {
    const { fx, p3 } = world();
    fx.mint(p3, 20);
    const ev = sellToBroker(fx, p3, 500_000, 20);
    const fill = ofType(ev, EventType.FILL)[0]!;
    expect(ofType(ev, EventType.SALE_PROCEEDS_HELD)).toEqual([{ type: EventType.SALE_PROCEEDS_HELD, seq: fx.engine.lastSeq, accountId: p3, seriesId: fx.seriesId, qty: 20, heldMicros: 10 * PAT, tradeId: fill.tradeId }]);
    // The hold comes after the fill it belongs to.
    expect(ev.findIndex((e) => e.type === EventType.SALE_PROCEEDS_HELD)).toBeGreaterThan(ev.indexOf(fill));
    expect(fx.acct(p3)).toMatchObject({ availableMicros: 0, lockedMicros: 10 * PAT, proceedsHeldMicros: 10 * PAT });
    expect(fx.series().supply.live()).toEqual([{ providerAccountId: p3, qty: 20, heldMicros: 10 * PAT }]);
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.requestWithdrawal(p3, 1_000_000_000_000n));
  });

  it('at the exercise the held proceeds move to the grants; sold rights never exercised are released at the close', () => {
    const { fx, p3, p6, grants } = finding();
    const g3 = fx.engine.escrow.grants.get(grants[0]!.grantId)!;
    const g6 = fx.engine.escrow.grants.get(grants[1]!.grantId)!;
    expect(g3).toMatchObject({ providerAccountId: p3, qty: 20, undeliveredQty: 20, heldMicros: 10 * PAT, disputeEndsAtMs: CLOSE + DAY_MS });
    expect(g6).toMatchObject({ providerAccountId: p6, qty: 5, heldMicros: 3 * PAT });
    // P6: 6 PAT held, 3 behind its grant and 3 in the supply for the broker's 5 unexercised.
    expect(fx.acct(p6).proceedsHeldMicros).toBe(6 * PAT);
    const closed = fx.expireSeries(CLOSE);
    expect(ofType(closed, EventType.ESCROW_RELEASED)).toEqual([
      { type: EventType.ESCROW_RELEASED, seq: fx.engine.lastSeq, grantId: 0, accountId: p6, seriesId: fx.seriesId, qty: 5, releasedMicros: 3 * PAT, reason: ReleaseReason.UNEXERCISED_AT_CLOSE },
    ]);
    expect(fx.acct(p6)).toMatchObject({ availableMicros: 3 * PAT, proceedsHeldMicros: 3 * PAT });
  });

  it('the exercise journals one GRANT_ESCROWED per provider share, after RIGHTS_EXERCISED', () => {
    const { fx, p3, consumer } = world();
    fx.mint(p3, 20);
    sellToBroker(fx, p3, 500_000, 20);
    buyFromBroker(fx, consumer, PAT, 4);
    const ev = fx.exercise(consumer, 4);
    expect(ev.map((e) => e.type)).toEqual([EventType.RIGHTS_EXERCISED, EventType.GRANT_ESCROWED]);
    expect(ofType(ev, EventType.GRANT_ESCROWED)[0]).toMatchObject({ providerAccountId: p3, consumerAccountId: consumer, qty: 4, heldMicros: 2 * PAT, disputeEndsAtMs: CLOSE + DAY_MS });
  });
});

describe('escrow release', () => {
  it('CONFIRM_DELIVERY releases the delivered share to the provider, the last right what is left; bad inputs change nothing', () => {
    const { fx, p3, grants } = finding();
    const id = grants[0]!.grantId;
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => confirm(fx, id, 1, fx.operator));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => confirm(fx, id, 1, p3));
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => confirm(fx, id, 0));
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => confirm(fx, id, 21));
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => confirm(fx, id, 1.5));
    expectRefused(fx, RejectReason.UNKNOWN_GRANT, () => confirm(fx, 999, 1));
    const ev = confirm(fx, id, 7);
    expect(ofType(ev, EventType.ESCROW_RELEASED)).toEqual([{ type: EventType.ESCROW_RELEASED, seq: fx.engine.lastSeq, grantId: id, accountId: p3, seriesId: fx.seriesId, qty: 7, releasedMicros: 3.5 * PAT, reason: ReleaseReason.DELIVERED }]);
    expect(fx.acct(p3)).toMatchObject({ availableMicros: 3.5 * PAT, proceedsHeldMicros: 6.5 * PAT });
    confirm(fx, id, 13);
    expect(fx.acct(p3)).toMatchObject({ availableMicros: 10 * PAT, proceedsHeldMicros: 0, lockedMicros: 0 });
    expect(fx.engine.escrow.grants.has(id)).toBe(false);
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => confirm(fx, id, 1));
  });

  it('RELEASE_ESCROW only once the dispute window has passed, and not while a claim is open', () => {
    const { fx, p3, consumer, grants } = finding();
    const [a, b] = [grants[0]!.grantId, grants[1]!.grantId];
    const due = CLOSE + DAY_MS;
    expectRefused(fx, RejectReason.ESCROW_NOT_DUE, () => release(fx, a, due - 1));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => release(fx, a, due, fx.operator));
    expectEvent(claim(fx, consumer, b), EventType.CLAIM_FILED);
    expectRefused(fx, RejectReason.CLAIM_OPEN, () => release(fx, b, due));
    const ev = release(fx, a, due);
    expect(ofType(ev, EventType.ESCROW_RELEASED)[0]).toMatchObject({ grantId: a, accountId: p3, qty: 20, releasedMicros: 10 * PAT, reason: ReleaseReason.DISPUTE_WINDOW_ENDED });
    expect(fx.acct(p3).availableMicros).toBe(10 * PAT);
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => release(fx, a, due));
  });
});

describe('another consumer\'s grant (rules 17: PRIVATE_GRANT_IDS_RULES)', () => {
  const dispute = (fx: EngineFixture, actor: number, grantId: number) => submit(fx, { kind: CommandKind.FILE_DISPUTE, actor, grantId, reason: DisputeReason.MISSING_RECORDS });

  it('under rules 16 a stranger\'s claim or dispute is NOT_YOUR_GRANT: it tells the id is live and someone else\'s', () => {
    const { fx, other, grants } = finding(PRIVATE_GRANT_IDS_RULES - 1);
    const id = grants[0]!.grantId;
    expectRefused(fx, RejectReason.NOT_YOUR_GRANT, () => claim(fx, other, id));
    expectRefused(fx, RejectReason.NOT_YOUR_GRANT, () => dispute(fx, other, id));
  });

  it('from rules 17 it is refused as a grant the escrow does not hold: as a settled id (ESCROW_CLOSED) or one never issued (UNKNOWN_GRANT)', () => {
    const { fx, consumer, other, grants } = finding(PRIVATE_GRANT_IDS_RULES);
    const [live, settled] = [grants[0]!.grantId, grants[1]!.grantId];
    confirm(fx, settled, grants[1]!.qty); // delivered in full: its escrow is closed
    const never = fx.engine.nextGrantId;
    const answers = (actor: number) => [live, settled, never].map((id) => [rejectionName(claim(fx, actor, id)), rejectionName(dispute(fx, actor, id))]);
    // The stranger gets for the live grant what it gets for a settled one: nothing tells it which ids are live.
    expect(answers(other)).toEqual([
      ['ESCROW_CLOSED', 'ESCROW_CLOSED'],
      ['ESCROW_CLOSED', 'ESCROW_CLOSED'],
      ['UNKNOWN_GRANT', 'UNKNOWN_GRANT'],
    ]);
    // Its consumer still claims it.
    expectEvent(claim(fx, consumer, live), EventType.CLAIM_FILED);
  });
});

describe('claims and refunds', () => {
  it('a consumer claims only its own undelivered grant, once, before the dispute window ends', () => {
    const { fx, p3, consumer, other, grants } = finding();
    const id = grants[0]!.grantId;
    expectRefused(fx, RejectReason.NOT_YOUR_GRANT, () => claim(fx, other, id));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => claim(fx, p3, id));
    expectRefused(fx, RejectReason.UNKNOWN_GRANT, () => claim(fx, consumer, 999));
    expectRefused(fx, RejectReason.DISPUTE_WINDOW_CLOSED, () => claim(fx, consumer, id, CLOSE + DAY_MS));
    const ev = claim(fx, consumer, id);
    expect(ofType(ev, EventType.CLAIM_FILED)).toEqual([
      { type: EventType.CLAIM_FILED, seq: fx.engine.lastSeq, grantId: id, seriesId: fx.seriesId, consumerAccountId: consumer, providerAccountId: p3, undeliveredQty: 20, dueAtMs: fx.nowMs + HOUR_MS },
    ]);
    expectRefused(fx, RejectReason.CLAIM_EXISTS, () => claim(fx, consumer, id));
    // A grant delivered in full has no escrow left to claim against.
    const other6 = grants[1]!.grantId;
    confirm(fx, other6, 5);
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => claim(fx, consumer, other6));
  });

  it('RESOLVE_CLAIM after the grace refunds the average purchase price for what was not delivered: held proceeds first, then the provider\'s free PAT, the rest a shortfall', () => {
    const { fx, p3, consumer, grants } = finding();
    const id = grants[0]!.grantId;
    fx.deposit(p3, 4 * PAT); // the provider's collateral: free PAT
    expectRefused(fx, RejectReason.NO_OPEN_CLAIM, () => resolve(fx, id));
    confirm(fx, id, 2); // 2 of 20 delivered: 1 PAT released
    claim(fx, consumer, id);
    const due = fx.nowMs + HOUR_MS;
    expectRefused(fx, RejectReason.ESCROW_NOT_DUE, () => resolve(fx, id, due - 1));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => resolve(fx, id, due, consumer));
    const before = fx.acct(consumer).availableMicros;
    const ev = resolve(fx, id, due);
    // 18 undelivered × the consumer's 1 PAT average = 18 PAT: 9 held, 5 free PAT of the provider (4 + 1 released), 4 short.
    expect(ofType(ev, EventType.CLAIM_RESOLVED)).toEqual([
      {
        type: EventType.CLAIM_RESOLVED,
        seq: fx.engine.lastSeq,
        grantId: id,
        seriesId: fx.seriesId,
        consumerAccountId: consumer,
        providerAccountId: p3,
        undeliveredQty: 18,
        refundMicros: 18 * PAT,
        fromHeldMicros: 9 * PAT,
        fromProviderMicros: 5 * PAT,
        shortfallMicros: 4 * PAT,
        releasedMicros: 0,
      },
    ]);
    expect(fx.acct(consumer).availableMicros).toBe(before + 14 * PAT);
    expect(fx.acct(p3)).toMatchObject({ availableMicros: 0, lockedMicros: 0, proceedsHeldMicros: 0 });
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => resolve(fx, id, due));
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => claim(fx, consumer, id));
  });

  it('a refund below what the grant holds releases the rest to the provider; delivery after a claim settles it', () => {
    const { fx, p3, p6, consumer } = world();
    fx.mint(p3, 10);
    fx.mint(p6, 10);
    sellToBroker(fx, p3, 800_000, 10);
    buyFromBroker(fx, consumer, 600_000, 10); // the broker sells below its cost: the consumer paid less than P3 got
    const [g] = ofType(fx.exercise(consumer, 10), EventType.RIGHTS_EXERCISED)[0]!.redemptions;
    claim(fx, consumer, g!.grantId);
    const ev = resolve(fx, g!.grantId, fx.nowMs + HOUR_MS);
    expect(ofType(ev, EventType.CLAIM_RESOLVED)[0]).toMatchObject({ refundMicros: 6 * PAT, fromHeldMicros: 6 * PAT, fromProviderMicros: 0, shortfallMicros: 0, releasedMicros: 2 * PAT });
    expect(fx.acct(p3).availableMicros).toBe(2 * PAT);

    // A claim the provider answers by delivering: the confirmation releases, nothing is refunded.
    sellToBroker(fx, p6, 500_000, 4);
    buyFromBroker(fx, consumer, PAT, 4);
    const [h] = ofType(fx.exercise(consumer, 4), EventType.RIGHTS_EXERCISED)[0]!.redemptions;
    claim(fx, consumer, h!.grantId);
    confirm(fx, h!.grantId, 4);
    expectRefused(fx, RejectReason.ESCROW_CLOSED, () => resolve(fx, h!.grantId, fx.nowMs + 2 * HOUR_MS));
    expect(fx.acct(p6).availableMicros).toBe(2 * PAT);
  });
});

describe('escrow state', () => {
  it('snapshots carry it: a decoded engine has the same hash, summary and invariants, and goes on the same', () => {
    const { fx, consumer, grants } = finding();
    claim(fx, consumer, grants[0]!.grantId);
    confirm(fx, grants[1]!.grantId, 2);
    const bytes = encodeState(fx.engine);
    const decoded = decodeState(bytes);
    expect(stateHash(decoded)).toBe(stateHash(fx.engine));
    expect(stateSummary(decoded)).toEqual(stateSummary(fx.engine));
    conservation(decoded);
    const a = fx.engine;
    const out: EngineEvent[] = [];
    const cmd = { kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: fx.seriesId, cutoffMs: CLOSE } as const;
    decoded.apply(cmd, decoded.lastSeq + 1, CLOSE, out);
    const ev = fx.submit(cmd, CLOSE);
    expect(out).toEqual(ev);
    expect(stateHash(decoded)).toBe(stateHash(a));
  });

  it('format 6 snapshots (rules 0–2) decode with no escrow', () => {
    const w = world(0);
    w.fx.mint(w.p3, 5);
    const decoded = decodeState(encodeState(w.fx.engine, 6));
    expect(stateHash(decoded)).toBe(stateHash(w.fx.engine));
    expect(decoded.escrow.grants.size).toBe(0);
  });

  it('adopting rules 3 moves each provider\'s stock out of the supply', () => {
    const { fx, p3, p6, consumer } = world(0);
    fx.mint(p6, 50);
    fx.mint(p3, 20);
    sellToBroker(fx, p3, 500_000, 20);
    sellToBroker(fx, p6, 600_000, 10);
    buyFromBroker(fx, consumer, PAT, 25);
    fx.exercise(consumer, 25); // FIFO by mint: P6's
    expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 }), EventType.RULES_ADOPTED);
    expect(position(fx, p6).ownUnsold).toBe(40);
    expect(position(fx, p3).ownUnsold).toBe(0);
    // 5 rights outstanding outside P6's stock (the broker's): the supply keeps the oldest 5.
    expect(fx.series().supply.total).toBe(5);
    const outstanding = fx.series().rightsOutstanding;
    expect(outstanding).toBe(45);
    expect(rejectionName(fx.expireSeries(CLOSE))).toBe('NONE');
    expect(fx.series().rightsOutstanding).toBe(5);
  });

  it('a forward delivered at the open under rules 3 is a sale: its rights join the supply with their proceeds held', () => {
    const fx = createFixture({ consumers: 1, providers: 1, brokerRights: 0, providerMint: 0 });
    expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 }), EventType.RULES_ADOPTED);
    const [provider] = fx.providers as [number];
    const next = T0 + WINDOW_MS;
    const spot = fx.newSeries({ openAtMs: next });
    const forward = fx.newSeries({ openAtMs: next, seriesKind: SeriesKind.FORWARD });
    fx.deposit(provider, 100 * PAT);
    fx.declareCapacity(provider, 20, forward);
    fx.sell(provider, 1_190_000, 8, { seriesId: forward });
    expect(ofType(fx.buy(fx.broker, 1_190_000, 8, { seriesId: forward, tif: TimeInForce.IOC }), EventType.FILL)).toHaveLength(1);
    const freeBefore = fx.available(provider);
    const ev = fx.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: forward, cutoffMs: next, maxPositions: 100 }, next);
    const proceeds = 8 * 1_190_000;
    expect(ofType(ev, EventType.SALE_PROCEEDS_HELD)).toEqual([{ type: EventType.SALE_PROCEEDS_HELD, seq: fx.engine.lastSeq, accountId: provider, seriesId: spot, qty: 8, heldMicros: proceeds, tradeId: 0 }]);
    // The collateral comes back free; the proceeds stay held until the rights are delivered.
    expect(fx.available(provider) - freeBefore).toBe(ofType(ev, EventType.FORWARD_DELIVERED).find((d) => d.accountId === provider)!.collateralReturnedMicros);
    expect(fx.acct(provider)).toMatchObject({ lockedMicros: proceeds, proceedsHeldMicros: proceeds });
    expect(fx.series(spot).supply.live()).toEqual([{ providerAccountId: provider, qty: 8, heldMicros: proceeds }]);
    expect(fx.acct(provider).positions.get(spot)!.ownUnsold).toBe(0);
  });
});
