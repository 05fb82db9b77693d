/**
 * Property tests for forwards (docs/forwards.md, src/engine/products/forwards.ts): seeded random
 * streams (test/support/forward-stream.ts) over a spot series, the next window's spot
 * series and forward, and a later window's forward, through trading and delivery.
 *
 *   1. After every command the fixture's accounting invariants hold, and a refused
 *      command changes nothing (stateSummary, and the state hash with its seq and time put back).
 *   2. Every DELIVER_FORWARDS command conserves PAT (Σ available + held + locked, per account
 *      exactly what its FORWARD_DELIVERED events say), and over a delivery the spot rights
 *      grow by what providers delivered; buyers' deliveries and shortfalls add up to their
 *      longs, by running pro-rata sums; refunds are at most what was paid; providers deliver
 *      min(sold, pledge) when listed; nothing of the forward is left afterwards.
 *   3. Chunk invariance: delivered one position per command, in random chunks, or at once,
 *      the final state hash is the same (the shorter runs padded with refused commands so
 *      the seq agrees) and the events differ in seq only.
 *   4. Snapshot mid-delivery and continuing, and replaying the whole stream on a fresh
 *      engine, give the same state hash (and the same events).
 *   5. A provider whose listing is taken down before the open forfeits the collateral it
 *      posted to the broker, which compensates buyers with floor(shortfall × its collateral / long).
 *   6. Under a fee schedule (docs/fees.md: forward sales hold their fee beside the collateral) 1 and 2
 *      hold as well, and the fee account holds exactly what the fills charged.
 *
 * A failure names the seed and step; one seed only: PATX_FORWARD_SEED=7 npx vitest run test/engine/forwards-property.test.ts
 */
import { isDeepStrictEqual, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  CancelReason,
  CommandKind,
  DeliveryPhase,
  EmbeddedEngine,
  EventType,
  Role,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  decodeState,
  encodeState,
  stateHash,
  type Engine,
  type EngineEvent,
  type ForwardDelivered,
  type ForwardDeliveryCompleted,
} from '../../src/engine/index.js';
import { EngineFixture, PAT, WINDOW_MS, conservation, conservationProblems, createFixture, prng, stateSummary, SeriesKind } from '../support/engine-fixture.js';
import {
  BROKER,
  FWD1,
  FWD2,
  NEXT_OPEN,
  PROVIDERS,
  SEGMENT,
  START_MS,
  TICK,
  WINDOW_OF,
  driveForwardStream,
  int,
  limitsFor,
  newOrder,
  pick,
  scenarioFor,
  type DriveOptions,
  type Rand,
  type Step,
} from '../support/forward-stream.js';

const SEEDS = Number(process.env.PATX_FORWARD_SEEDS ?? 24);
const COMMANDS = Number(process.env.PATX_FORWARD_COMMANDS ?? 450);
const onlySeed = process.env.PATX_FORWARD_SEED;
const seedList = (n: number): number[] => (onlySeed !== undefined ? [Number(onlySeed)] : Array.from({ length: n }, (_, i) => i + 1));

const show = (v: unknown): string => inspect(v, { depth: 5, breakLength: 160 });
const mulDiv = (a: number, b: number, c: number): number => Number((BigInt(a) * BigInt(b)) / BigInt(c));

class PropertyFailure extends Error {
  override readonly name = 'PropertyFailure';
}

/** The state hash as if the last command had not been applied: seq and time put back. */
function hashAs(engine: Engine, seq: number, timeMs: number): string {
  const [s, t] = [engine.lastSeq, engine.lastTimeMs];
  engine.lastSeq = seq;
  engine.lastTimeMs = timeMs;
  try {
    return stateHash(engine);
  } finally {
    engine.lastSeq = s;
    engine.lastTimeMs = t;
  }
}

const isRejection = (e: EngineEvent): boolean => e.type === EventType.ORDER_REJECTED || e.type === EventType.COMMAND_REJECTED;

// ------------------------------------------------------------------ delivery checks

interface AccountBefore {
  total: number;
  spotRights: number;
}

/** A forward's positions when its delivery began (trading had stopped: they cannot change afterwards). */
interface DeliveryRecord {
  forward: number;
  spot: number;
  lapsed: boolean;
  longs: Map<number, { qty: number; cost: number }>;
  shorts: Map<number, { sold: number; pledge: number; escrow: number; collateral: number }>;
  brokerPosition: number;
  brokerEscrow: number;
  brokerCollateral: number;
  events: ForwardDelivered[];
  /** Σ over delivery commands of the change in accounts' spot rights (available + held). */
  spotRightsDelta: number;
  done?: ForwardDeliveryCompleted;
}

/** What one property run saw, for the assertions that the stream meant something. */
interface Stats {
  fills: number;
  forwardFills: number;
  rejections: number;
  deliveries: number;
  lapsed: number;
  providerDelivered: number;
  providerShortfall: number;
  buyerDelivered: number;
  buyerShortfall: number;
  forfeitMicros: number;
  compensationMicros: number;
  chunkCommands: number;
  brokerSpotAsksCancelled: number;
}

const newStats = (): Stats => ({
  fills: 0,
  forwardFills: 0,
  rejections: 0,
  deliveries: 0,
  lapsed: 0,
  providerDelivered: 0,
  providerShortfall: 0,
  buyerDelivered: 0,
  buyerShortfall: 0,
  forfeitMicros: 0,
  compensationMicros: 0,
  chunkCommands: 0,
  brokerSpotAsksCancelled: 0,
});

/**
 * Runs steps through an EngineFixture (its conservation check after every command) and
 * checks properties 1 and 2 around each one.
 */
class CheckedEngine {
  readonly fx: EngineFixture;
  readonly deliveries = new Map<number, DeliveryRecord>();
  readonly stats = newStats();
  /** Every event, in order. */
  readonly events: EngineEvent[] = [];
  private index = 0;

  constructor(
    readonly seed: number,
    limits = limitsFor(scenarioFor(seed)),
    /** Check refusals against stateSummary and the hash (the costly part). */
    private readonly checkRefusals = true,
  ) {
    this.fx = new EngineFixture(limits, START_MS);
  }

  get engine(): Engine {
    return this.fx.engine;
  }

  fail(step: Step, what: string): never {
    throw new PropertyFailure(
      `seed ${this.seed}, step #${this.index}: ${what}\ncommand: ${show(step.cmd)} at ${step.timeMs}\n` +
        `replay: PATX_FORWARD_SEED=${this.seed} npx vitest run test/engine/forwards-property.test.ts`,
    );
  }

  submit = (step: Step): EngineEvent[] => {
    const engine = this.engine;
    const seq = engine.lastSeq;
    const time = engine.lastTimeMs;
    const summary = this.checkRefusals ? stateSummary(engine) : undefined;
    const hash = this.checkRefusals ? stateHash(engine) : '';
    const delivery = step.cmd.kind === CommandKind.DELIVER_FORWARDS ? this.beforeDelivery(step.cmd.seriesId) : undefined;
    let events: EngineEvent[];
    try {
      events = this.fx.submit(step.cmd, step.timeMs);
    } catch (err) {
      this.fail(step, `threw ${err instanceof Error ? err.message : show(err)}`);
    }
    for (const e of events) {
      if (e.seq !== engine.lastSeq) this.fail(step, `an event with seq ${e.seq}, the command's is ${engine.lastSeq}`);
      this.events.push(e);
    }
    const refused = events.some(isRejection);
    if (refused) {
      this.stats.rejections++;
      if (events.length !== 1) this.fail(step, `a refusal with other events: ${show(events)}`);
      if (this.checkRefusals) {
        if (!isDeepStrictEqual(stateSummary(engine), summary)) this.fail(step, 'a refused command changed the state summary');
        if (hashAs(engine, seq, time) !== hash) this.fail(step, 'a refused command changed the state (hash)');
      }
    }
    for (const e of events) {
      if (e.type === EventType.FILL) {
        this.stats.fills++;
        if (engine.series[e.seriesId]?.forward !== undefined) this.stats.forwardFills++;
      }
    }
    if (!refused) this.checkSaleLimits(step, events);
    if (delivery !== undefined && !refused) this.afterDelivery(step, delivery, events);
    this.index++;
    return events;
  };

  /**
   * A forward sale the engine took (a new order, a re-priced amend, an ask ladder) leaves the
   * seller within its limits: a provider within its pledge and (if required) listed, the
   * broker within its short limits. Its fills cannot have moved it (a sale's position is
   * taken when it is entered).
   */
  private checkSaleLimits(step: Step, events: EngineEvent[]): void {
    const engine = this.engine;
    const cmd = step.cmd;
    let sellerSeries: { seller: number; seriesId: number } | undefined;
    if (cmd.kind === CommandKind.NEW_ORDER && cmd.side === Side.SELL && events.some((e) => e.type === EventType.ORDER_ACCEPTED)) sellerSeries = { seller: cmd.actor, seriesId: cmd.seriesId };
    else if (cmd.kind === CommandKind.AMEND_ORDER) {
      const a = events.find((e) => e.type === EventType.ORDER_AMENDED);
      if (a !== undefined && a.type === EventType.ORDER_AMENDED && !a.priorityKept && a.side === Side.SELL) sellerSeries = { seller: a.accountId, seriesId: a.seriesId };
    } else if (cmd.kind === CommandKind.MASS_QUOTE && cmd.asks.qty.length > 0 && events.some((e) => e.type === EventType.QUOTES_REPLACED)) sellerSeries = { seller: cmd.actor, seriesId: cmd.seriesId };
    if (sellerSeries === undefined) return;
    const series = engine.series[sellerSeries.seriesId]!;
    if (series.forward === undefined) return;
    const account = engine.accounts[sellerSeries.seller]!;
    const p = account.positions.get(series.id)!;
    const short = -p.available;
    const risk = engine.risk;
    if (account.role === Role.PROVIDER) {
      if (short > p.capacity) this.fail(step, `provider ${account.id} sold and offers ${short} forward, pledged ${p.capacity}`);
      if (risk.mintRequiresListing === 1 && !account.providerListings.has(SEGMENT)) this.fail(step, `provider ${account.id} sold forward without a published listing`);
    } else if (account.role === Role.BROKER) {
      // Selling out of a long adds no short: the limits bind only a sale that leaves this series short.
      if (short <= 0) return;
      if (risk.brokerMaxForwardShort !== 0 && short > risk.brokerMaxForwardShort) this.fail(step, `broker short ${short} > risk.brokerMaxForwardShort ${risk.brokerMaxForwardShort}`);
      if (risk.brokerMaxForwardShortWindow !== 0) {
        let windowShort = 0;
        for (const s of series.windowGroup) windowShort += Math.max(0, -(account.positions.get(s.id)?.available ?? 0));
        if (windowShort > risk.brokerMaxForwardShortWindow) this.fail(step, `broker short ${windowShort} over the window group > ${risk.brokerMaxForwardShortWindow}`);
      }
    } else {
      this.fail(step, `a ${account.role} sold forward`);
    }
  }

  // -------------------------------------------------------------- delivery

  private beforeDelivery(seriesId: number) {
    const engine = this.engine;
    const series = engine.series[seriesId];
    const f = series?.forward;
    if (f === undefined) return undefined;
    const spot = f.phase === DeliveryPhase.NONE ? WINDOW_OF[seriesId]!.spot : f.spotSeriesId;
    const accounts = new Map<number, AccountBefore>();
    const listed = new Map<number, boolean>();
    for (const a of engine.accounts) {
      if (a === undefined) continue;
      const sp = a.positions.get(spot);
      accounts.set(a.id, { total: a.availableMicros + a.heldMicros + a.lockedMicros, spotRights: (sp?.available ?? 0) + (sp?.held ?? 0) });
      listed.set(a.id, a.providerListings.has(SEGMENT));
    }
    const positions = new Map<number, { net: number; escrow: number; collateral: number; cost: number; pledge: number; role: Role }>();
    for (const id of f.holders) {
      const a = engine.accounts[id]!;
      const p = a.positions.get(seriesId)!;
      // Delivery's first command expires resting sales: what they held comes back to the position.
      positions.set(id, { net: p.available + p.held, escrow: p.escrowMicros, collateral: p.collateralMicros, cost: p.costMicros, pledge: p.capacity, role: a.role });
    }
    const spotSeries = engine.series[spot]!;
    return { seriesId, spot, phase: f.phase, accounts, listed, positions, mintRequiresListing: engine.risk.mintRequiresListing, totalMicros: engine.totalMicros, spotExpired: spotSeries.status === 3, spotCloseAtMs: spotSeries.spec.closeAtMs };
  }

  private afterDelivery(step: Step, before: NonNullable<ReturnType<CheckedEngine['beforeDelivery']>>, events: EngineEvent[]): void {
    const engine = this.engine;
    const f = engine.series[before.seriesId]!.forward!;
    const broker = engine.brokerId;
    this.stats.chunkCommands++;
    let rec = this.deliveries.get(before.seriesId);
    if (before.phase === DeliveryPhase.NONE) {
      if (rec !== undefined) this.fail(step, 'delivery began twice');
      rec = {
        forward: before.seriesId,
        spot: before.spot,
        lapsed: f.lapsed,
        longs: new Map(),
        shorts: new Map(),
        brokerPosition: before.positions.get(broker)?.net ?? 0,
        brokerEscrow: before.positions.get(broker)?.escrow ?? 0,
        brokerCollateral: before.positions.get(broker)?.collateral ?? 0,
        events: [],
        spotRightsDelta: 0,
      };
      for (const [id, p] of before.positions) {
        if ((p.role === Role.CONSUMER || p.role === Role.INSTITUTION) && p.net > 0) rec.longs.set(id, { qty: p.net, cost: p.cost });
        if (p.role === Role.PROVIDER && p.net < 0) rec.shorts.set(id, { sold: -p.net, pledge: p.pledge, escrow: p.escrow, collateral: p.collateral });
        if (p.role === Role.CONSUMER || p.role === Role.INSTITUTION) if (p.escrow !== 0 || p.collateral !== 0) this.fail(step, `buyer ${id} has forward escrow or collateral`);
      }
      this.deliveries.set(before.seriesId, rec);
      this.stats.deliveries++;
      if (f.lapsed) this.stats.lapsed++;
      if (f.spotSeriesId !== before.spot) this.fail(step, `delivered into series ${f.spotSeriesId}, not the window's spot ${before.spot}`);
      const lapsed = before.spotExpired || step.timeMs >= before.spotCloseAtMs;
      if (f.lapsed !== lapsed) this.fail(step, `lapsed ${f.lapsed}, expected ${lapsed} (spot expired ${before.spotExpired}, close ${before.spotCloseAtMs})`);
    }
    if (rec === undefined) this.fail(step, 'delivery continued without a beginning');

    // PAT: nothing created or destroyed; each account moves by what its events say.
    if (engine.totalMicros !== before.totalMicros) this.fail(step, `delivery changed totalMicros ${before.totalMicros} → ${engine.totalMicros}`);
    const delivered = events.filter((e): e is ForwardDelivered => e.type === EventType.FORWARD_DELIVERED);
    const expectDelta = new Map<number, number>();
    let paidByBroker = 0;
    for (const e of delivered) {
      if (e.seriesId !== rec.forward || e.spotSeriesId !== rec.spot || e.counterpartyId !== broker) this.fail(step, `event for the wrong series or counterparty: ${show(e)}`);
      if (e.accountId === broker) continue;
      expectDelta.set(e.accountId, (expectDelta.get(e.accountId) ?? 0) + e.refundMicros + e.compensationMicros);
      paidByBroker += e.refundMicros + e.compensationMicros;
    }
    expectDelta.set(broker, (expectDelta.get(broker) ?? 0) - paidByBroker);
    let spotDelta = 0;
    for (const a of engine.accounts) {
      if (a === undefined) continue;
      const b = before.accounts.get(a.id)!;
      const total = a.availableMicros + a.heldMicros + a.lockedMicros;
      if (total - b.total !== (expectDelta.get(a.id) ?? 0)) this.fail(step, `account ${a.id}: PAT moved by ${total - b.total}, its delivery events say ${expectDelta.get(a.id) ?? 0}: ${show(delivered)}`);
      const sp = a.positions.get(rec.spot);
      const rights = (sp?.available ?? 0) + (sp?.held ?? 0);
      spotDelta += rights - b.spotRights;
      const ev = delivered.find((e) => e.accountId === a.id);
      if (rec.longs.has(a.id) && rights - b.spotRights !== (ev?.deliveredQty ?? 0)) this.fail(step, `buyer ${a.id} got ${rights - b.spotRights} spot rights, its event says ${ev?.deliveredQty ?? 0}`);
      if (a.role === Role.PROVIDER && rights !== b.spotRights) this.fail(step, `provider ${a.id}'s own spot rights changed`);
    }
    rec.spotRightsDelta += spotDelta;

    // Only the first command expires (the forward's orders); only the broker's spot asks are cancelled.
    for (const e of events) {
      if (e.type === EventType.ORDER_EXPIRED && (before.phase !== DeliveryPhase.NONE || e.seriesId !== rec.forward)) this.fail(step, `unexpected expiry ${show(e)}`);
      if (e.type === EventType.ORDER_CANCELED) {
        if (e.accountId !== broker || e.seriesId !== rec.spot || e.side !== Side.SELL || e.reason !== CancelReason.FORWARD_DELIVERY) this.fail(step, `unexpected cancel ${show(e)}`);
        this.stats.brokerSpotAsksCancelled++;
      }
      if (e.type === EventType.FILL || e.type === EventType.ORDER_ACCEPTED) this.fail(step, `delivery traded: ${show(e)}`);
    }

    // Each position as it is delivered.
    for (const e of delivered) {
      if (rec.events.some((x) => x.accountId === e.accountId)) this.fail(step, `account ${e.accountId} delivered twice`);
      rec.events.push(e);
      const short = rec.shorts.get(e.accountId);
      const long = rec.longs.get(e.accountId);
      if (short !== undefined) this.checkProvider(step, rec, e, short, before.listed.get(e.accountId)!, before.mintRequiresListing);
      else if (long !== undefined) this.checkBuyer(step, e, long);
      else if (e.accountId !== broker) this.fail(step, `an event for account ${e.accountId}, which had no position: ${show(e)}`);
    }
    const done = events.find((e): e is ForwardDeliveryCompleted => e.type === EventType.FORWARD_DELIVERY_COMPLETED);
    if (done !== undefined) this.checkCompleted(step, rec, done);
    else if (f.phase === DeliveryPhase.DONE) this.fail(step, 'done without FORWARD_DELIVERY_COMPLETED');
  }

  private checkProvider(step: Step, rec: DeliveryRecord, e: ForwardDelivered, s: DeliveryRecord['shorts'] extends Map<number, infer V> ? V : never, listed: boolean, mintRequiresListing: number): void {
    const canDeliver = !rec.lapsed && (mintRequiresListing !== 1 || listed);
    const want = canDeliver ? Math.min(s.sold, Math.max(0, s.pledge)) : 0;
    const proceeds = mulDiv(s.escrow, want, s.sold);
    const returned = rec.lapsed ? s.collateral : mulDiv(s.collateral, want, s.sold);
    const expected = {
      positionQty: -s.sold,
      deliveredQty: want,
      shortfallQty: s.sold - want,
      proceedsMicros: proceeds,
      collateralReturnedMicros: returned,
      refundMicros: -(s.escrow - proceeds) || 0,
      compensationMicros: -(s.collateral - returned) || 0,
    };
    const got = { positionQty: e.positionQty, deliveredQty: e.deliveredQty, shortfallQty: e.shortfallQty, proceedsMicros: e.proceedsMicros, collateralReturnedMicros: e.collateralReturnedMicros, refundMicros: e.refundMicros, compensationMicros: e.compensationMicros };
    if (!isDeepStrictEqual(got, expected)) this.fail(step, `provider ${e.accountId} (sold ${s.sold}, pledge ${s.pledge}, listed ${listed}, lapsed ${rec.lapsed}): got ${show(got)}, expected ${show(expected)}`);
    if (e.deliveredQty > Math.min(s.sold, s.pledge)) this.fail(step, `provider delivered more than min(sold, pledge)`);
    const p = this.engine.accounts[e.accountId]!.positions.get(rec.forward)!;
    if (p.available !== 0 || p.held !== 0 || p.escrowMicros !== 0 || p.collateralMicros !== 0) this.fail(step, `provider ${e.accountId} keeps a forward position after delivery`);
    this.stats.providerDelivered += e.deliveredQty;
    this.stats.providerShortfall += e.shortfallQty;
    this.stats.forfeitMicros -= e.compensationMicros;
  }

  private checkBuyer(step: Step, e: ForwardDelivered, long: { qty: number; cost: number }): void {
    if (e.positionQty !== long.qty || e.deliveredQty + e.shortfallQty !== long.qty || e.deliveredQty < 0 || e.shortfallQty < 0) this.fail(step, `buyer ${e.accountId} (long ${long.qty}): ${show(e)}`);
    if (e.refundMicros !== mulDiv(long.cost, e.shortfallQty, long.qty)) this.fail(step, `buyer ${e.accountId} refund ${e.refundMicros}, expected floor(${long.cost} × ${e.shortfallQty} / ${long.qty})`);
    if (e.refundMicros > long.cost || e.compensationMicros < 0 || e.proceedsMicros !== 0 || e.collateralReturnedMicros !== 0) this.fail(step, `buyer ${e.accountId}: ${show(e)}`);
    this.stats.buyerDelivered += e.deliveredQty;
    this.stats.buyerShortfall += e.shortfallQty;
    this.stats.compensationMicros += e.compensationMicros;
  }

  private checkCompleted(step: Step, rec: DeliveryRecord, done: ForwardDeliveryCompleted): void {
    const engine = this.engine;
    const broker = engine.brokerId;
    rec.done = done;
    const buyers = rec.events.filter((e) => rec.longs.has(e.accountId));
    const providers = rec.events.filter((e) => rec.shorts.has(e.accountId));
    const brokerEvent = rec.events.find((e) => e.accountId === broker);
    const sum = (xs: ForwardDelivered[], f: (e: ForwardDelivered) => number): number => xs.reduce((n, e) => n + f(e), 0);
    const long = [...rec.longs.values()].reduce((n, l) => n + l.qty, 0);
    if (buyers.length !== rec.longs.size || providers.length !== rec.shorts.size) this.fail(step, `${buyers.length}/${rec.longs.size} buyers and ${providers.length}/${rec.shorts.size} providers delivered`);
    if (brokerEvent === undefined) this.fail(step, 'no delivery event for the broker');
    if (rec.events.length !== buyers.length + providers.length + 1 || done.positions !== rec.events.length) this.fail(step, `${rec.events.length} events, completed says ${done.positions}`);
    const providerDelivered = sum(providers, (e) => e.deliveredQty);
    const buyerDelivered = sum(buyers, (e) => e.deliveredQty);
    const buyerShortfall = sum(buyers, (e) => e.shortfallQty);
    const totals = { providerDeliveredQty: done.providerDeliveredQty, buyerLongQty: done.buyerLongQty, buyerDeliveredQty: done.buyerDeliveredQty, buyerShortfallQty: done.buyerShortfallQty };
    const want = { providerDeliveredQty: providerDelivered, buyerLongQty: long, buyerDeliveredQty: buyerDelivered, buyerShortfallQty: buyerShortfall };
    if (!isDeepStrictEqual(totals, want)) this.fail(step, `completed ${show(totals)}, the positions' events sum to ${show(want)}`);
    if (rec.spotRightsDelta !== done.providerDeliveredQty) this.fail(step, `accounts' spot rights grew by ${rec.spotRightsDelta} over the delivery, providers delivered ${done.providerDeliveredQty}`);
    // Buyers' shares: running pro-rata sums of what the broker could deliver, in holder order.
    let soFar = 0;
    for (const e of buyers) {
      const q = rec.longs.get(e.accountId)!.qty;
      const share = mulDiv(soFar + q, buyerDelivered, long) - mulDiv(soFar, buyerDelivered, long);
      if (e.deliveredQty !== share) this.fail(step, `buyer ${e.accountId} got ${e.deliveredQty}, its running pro-rata share of ${buyerDelivered} is ${share}`);
      soFar += q;
    }
    if (rec.lapsed && (buyerDelivered !== 0 || providerDelivered !== 0)) this.fail(step, 'a lapsed window delivered');
    const compensation = sum(buyers, (e) => e.compensationMicros);
    const wantCompensation = rec.lapsed || long === 0 ? 0 : mulDiv(buyerShortfall, rec.brokerCollateral, long);
    if (compensation !== wantCompensation) this.fail(step, `buyers' compensation ${compensation} != floor(${buyerShortfall} × ${rec.brokerCollateral} / ${long}) = ${wantCompensation}`);
    // The broker's event: its position, the buyers' totals, and the other side of every PAT move.
    const others = rec.events.filter((e) => e.accountId !== broker);
    const b = brokerEvent;
    const wantBroker = {
      positionQty: rec.brokerPosition,
      deliveredQty: buyerDelivered,
      shortfallQty: buyerShortfall,
      proceedsMicros: rec.brokerEscrow - sum(buyers, (e) => e.refundMicros),
      collateralReturnedMicros: rec.brokerCollateral - compensation,
      refundMicros: -sum(others, (e) => e.refundMicros) || 0,
      compensationMicros: -sum(others, (e) => e.compensationMicros) || 0,
    };
    const gotBroker = { positionQty: b.positionQty, deliveredQty: b.deliveredQty, shortfallQty: b.shortfallQty, proceedsMicros: b.proceedsMicros, collateralReturnedMicros: b.collateralReturnedMicros, refundMicros: b.refundMicros, compensationMicros: b.compensationMicros };
    if (!isDeepStrictEqual(gotBroker, wantBroker)) this.fail(step, `broker event ${show(gotBroker)}, expected ${show(wantBroker)}`);
    // Nothing is left of the forward.
    for (const a of engine.accounts) {
      const p = a?.positions.get(rec.forward);
      if (p === undefined) continue;
      if (p.available !== 0 || p.held !== 0 || p.openBuyQty !== 0 || p.escrowMicros !== 0 || p.collateralMicros !== 0 || p.costMicros !== 0) this.fail(step, `account ${a!.id} keeps forward position ${show({ ...p })}`);
    }
    if (engine.orderEntry.restingOrdersOf(engine.series[rec.forward]!).length !== 0) this.fail(step, 'orders rest in a delivered forward');
    if (engine.series[rec.forward]!.status !== 3) this.fail(step, 'a delivered forward is not expired');
    this.checkSpotRights(step, rec.spot);
  }

  /** Rights in a spot series no delivery is filling: Σ (available + held + exercised) = Σ minted, outstanding = minted − exercised. */
  checkSpotRights(step: Step, spotId: number): void {
    let held = 0;
    let minted = 0;
    let exercised = 0;
    for (const a of this.engine.accounts) {
      const p = a?.positions.get(spotId);
      if (p === undefined) continue;
      held += p.available + p.held;
      minted += p.minted;
      exercised += p.exercised;
    }
    const s = this.engine.series[spotId]!;
    if (held + exercised !== minted || s.rightsOutstanding !== minted - exercised) this.fail(step, `spot ${spotId}: ${held} held + ${exercised} exercised, ${minted} minted, ${s.rightsOutstanding} outstanding`);
  }

  /** After a whole stream: every forward delivered, and the end-of-stream checks. */
  finish(steps: Step[]): void {
    const last = steps[steps.length - 1]!;
    for (const id of [1, 2, 5]) this.checkSpotRights(last, id);
    for (const a of this.engine.accounts) if (a !== undefined && a.lockedMicros !== 0) this.fail(last, `account ${a.id} keeps ${a.lockedMicros} µPAT locked after every forward was delivered`);
  }
}

/** One seed's full stream through a CheckedEngine. */
function runChecked(seed: number, opts: DriveOptions, checkRefusals = true): { ce: CheckedEngine; steps: Step[] } {
  const ce = new CheckedEngine(seed, limitsFor(scenarioFor(seed)), checkRefusals);
  const steps = driveForwardStream(seed, opts, ce.submit, () => ce.engine);
  return { ce, steps };
}

const sumStats = (all: Stats[]): Stats => {
  const out = newStats();
  for (const s of all) for (const k of Object.keys(out) as Array<keyof Stats>) out[k] += s[k];
  return out;
};

// ------------------------------------------------------------------ 1 and 2

describe('forward streams: invariants after every command, delivery conserves and adds up', () => {
  const all: Stats[] = [];

  it.each(seedList(SEEDS))('seed %i', (seed) => {
    const { ce, steps } = runChecked(seed, { commands: COMMANDS });
    ce.finish(steps);
    expect([...ce.deliveries.keys()].sort()).toEqual([FWD1, FWD2]);
    for (const rec of ce.deliveries.values()) expect(rec.done).toBeDefined();
    all.push(ce.stats);
  });

  it('the streams exercised what they claim to', () => {
    if (onlySeed !== undefined || SEEDS < 24) return;
    const s = sumStats(all);
    if (process.env.PATX_FORWARD_STATS) console.log(s);
    // Forward trading, shortfalls of both kinds, forfeits and compensation, lapses and chunked deliveries all occurred.
    expect(s.forwardFills).toBeGreaterThan(20 * SEEDS);
    expect(s.rejections).toBeGreaterThan(20 * SEEDS);
    expect(s.providerDelivered).toBeGreaterThan(0);
    expect(s.providerShortfall).toBeGreaterThan(0);
    expect(s.buyerDelivered).toBeGreaterThan(0);
    expect(s.buyerShortfall).toBeGreaterThan(0);
    expect(s.forfeitMicros).toBeGreaterThan(0);
    expect(s.compensationMicros).toBeGreaterThan(0);
    expect(s.lapsed).toBeGreaterThan(0);
    expect(s.chunkCommands).toBeGreaterThan(3 * s.deliveries);
    expect(s.brokerSpotAsksCancelled).toBeGreaterThan(0);
  });
});

describe('forward streams under a fee schedule (docs/fees.md)', () => {
  const fees: Array<[string, number]> = [['fee.makerBps:FORWARD', 15], ['fee.takerBps:FORWARD', 40], ['fee.takerBps:FORWARD@2', 60], ['fee.takerBps:SPOT', 20], ['fee.takeRateBps:SPOT', 300]];
  const afterSetup = fees.map(([name, value]) => ({ kind: CommandKind.SET_PARAM, actor: 1, name, value }) as const);

  it.each(seedList(Math.max(4, Math.floor(SEEDS / 6))))('seed %i: the same invariants and delivery sums hold; the fee account is what the fills charged', (seed) => {
    const { ce, steps } = runChecked(seed, { commands: COMMANDS, afterSetup });
    ce.finish(steps);
    expect(ce.events.filter((e) => e.type === EventType.PARAM_CHANGED && e.name.startsWith('fee.'))).toHaveLength(fees.length);
    const charged = ce.events.reduce((n, e) => n + (e.type === EventType.FILL ? (e.makerFeeMicros ?? 0) + (e.takerFeeMicros ?? 0) : 0), 0);
    const forwardFeeFills = ce.events.filter((e) => e.type === EventType.FILL && (e.seriesId === FWD1 || e.seriesId === FWD2) && (e.makerFeeMicros ?? 0) + (e.takerFeeMicros ?? 0) > 0);
    expect(forwardFeeFills.length).toBeGreaterThan(0);
    expect(ce.engine.feeAccountMicros).toBe(charged);
  });
});

// ------------------------------------------------------------------ 3

/** Replays `pre` on a fresh engine, then delivers the first forward with the given chunk sizes and no other command between. */
function deliverInChunks(seed: number, pre: Step[], timeMs: number, chunk: () => number, padTo: number): { engine: Engine; events: EngineEvent[]; commands: number } {
  const ee = new EmbeddedEngine(limitsFor(scenarioFor(seed)), START_MS);
  for (const s of pre) ee.submit(s.cmd, s.timeMs);
  const events: EngineEvent[] = [];
  const f = ee.engine.series[FWD1]!.forward!;
  let commands = 0;
  while (f.phase !== DeliveryPhase.DONE) {
    events.push(...ee.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: FWD1, cutoffMs: timeMs, maxPositions: chunk() }, timeMs));
    commands++;
    conservation(ee);
  }
  // Refused commands move only the seq: the shorter runs are padded to the same length.
  for (let i = commands; i < padTo; i++) {
    const ev = ee.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: FWD1, cutoffMs: timeMs, maxPositions: 1 }, timeMs);
    expect(ev.map((e) => e.type)).toEqual([EventType.COMMAND_REJECTED]);
  }
  return { engine: ee.engine, events, commands };
}

const withoutSeq = (events: EngineEvent[]): unknown[] => events.map(({ seq: _seq, ...rest }) => rest);

describe('chunk invariance', () => {
  it.each(seedList(Math.max(10, Math.floor(SEEDS / 2))))('seed %i: one position per command, random chunks and all at once end in the same state', (seed) => {
    const pre = runChecked(seed, { commands: COMMANDS, stopAtOpen: true }, false).steps;
    const r = prngFor(seed, 3);
    // Some seeds deliver after the window closed (a lapse), with its spot series expired first or not.
    const spotClose = NEXT_OPEN + WINDOW_MS;
    const lapse = seed % 5 === 0 || seed % 5 === 1;
    const timeMs = lapse ? spotClose + int(r, 0, 3_600_000) : NEXT_OPEN + int(r, 0, 3_600_000);
    if (seed % 5 === 1) pre.push({ cmd: { kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: WINDOW_OF[FWD1]!.spot, cutoffMs: timeMs }, timeMs });
    // One position per command takes the most commands: the others are padded to as many.
    const one = deliverInChunks(seed, pre, timeMs, () => 1, 0);
    const pad = one.commands;
    const runs = [
      { name: 'one at a time', ...one },
      { name: 'random chunks', ...deliverInChunks(seed, pre, timeMs, () => int(r, 1, 4), pad) },
      { name: 'all at once', ...deliverInChunks(seed, pre, timeMs, () => 1_000_000, pad) },
    ];
    expect(runs[2]!.commands).toBe(1);
    expect(one.commands).toBeGreaterThan(2);
    expect(runs[0]!.engine.series[FWD1]!.forward!.lapsed).toBe(lapse);
    const hashes = runs.map((x) => stateHash(x.engine));
    expect(hashes[1], 'random chunks').toBe(hashes[0]);
    expect(hashes[2], 'all at once').toBe(hashes[0]);
    for (const x of runs.slice(1)) expect(withoutSeq(x.events), x.name).toEqual(withoutSeq(runs[0]!.events));
  });
});

/** A seed's own random source for a property's choices (apart from the stream's). */
const prngFor = (seed: number, salt: number): Rand => prng((seed * 7_919 + salt * 104_729) >>> 0);

// ------------------------------------------------------------------ 4

describe('determinism and replay', () => {
  it.each(seedList(Math.max(6, Math.floor(SEEDS / 4))))('seed %i: a snapshot mid-delivery, continued, and a replay of the whole stream end in the same state', (seed) => {
    const { ce, steps } = runChecked(seed, { commands: COMMANDS }, false);
    const finalHash = stateHash(ce.engine);
    const limits = limitsFor(scenarioFor(seed));
    // Replay on a fresh engine: the same events, command for command, and the same state.
    const replay = new EmbeddedEngine(limits, START_MS);
    const replayed: EngineEvent[] = [];
    for (const s of steps) replayed.push(...replay.submit(s.cmd, s.timeMs));
    expect(replayed).toEqual(ce.events);
    expect(stateHash(replay.engine)).toBe(finalHash);
    // Snapshots at random points: while forwards trade (resting sales hold collateral), and inside each forward's delivery.
    const r = prngFor(seed, 4);
    const firstDelivery = steps.findIndex((s) => s.cmd.kind === CommandKind.DELIVER_FORWARDS && s.cmd.seriesId === FWD1 && s.cmd.actor === SYSTEM_ACTOR && s.cmd.cutoffMs >= NEXT_OPEN && s.cmd.maxPositions >= 1);
    const cuts: number[] = [int(r, 40, firstDelivery)];
    for (const forward of [FWD1, FWD2]) {
      // The delivery's commands (the system's, from the open, positions ≥ 1); the last is the refused one after it finished.
      const open = WINDOW_OF[forward]!.openAtMs;
      const idx = steps
        .map((s, i) => (s.cmd.kind === CommandKind.DELIVER_FORWARDS && s.cmd.seriesId === forward && s.cmd.actor === SYSTEM_ACTOR && s.cmd.cutoffMs >= open && s.cmd.maxPositions >= 1 ? i : -1))
        .filter((i) => i >= 0);
      expect(idx.length).toBeGreaterThan(1);
      cuts.push(int(r, idx[0]! + 1, idx[idx.length - 1]!));
    }
    for (const cut of cuts) {
      const ee = new EmbeddedEngine(limits, START_MS);
      for (let i = 0; i < cut; i++) ee.submit(steps[i]!.cmd, steps[i]!.timeMs);
      const bytes = encodeState(ee.engine);
      const restored = EmbeddedEngine.restore(bytes, limits);
      expect(stateHash(restored.engine)).toBe(stateHash(ee.engine));
      const tailA: EngineEvent[] = [];
      const tailB: EngineEvent[] = [];
      for (let i = cut; i < steps.length; i++) {
        tailA.push(...ee.submit(steps[i]!.cmd, steps[i]!.timeMs));
        tailB.push(...restored.submit(steps[i]!.cmd, steps[i]!.timeMs));
      }
      expect(conservationProblems(restored)).toEqual([]);
      expect(tailB).toEqual(tailA);
      expect(stateHash(restored.engine)).toBe(finalHash);
      // Decoding and encoding again gives the same bytes.
      expect(encodeState(decodeState(bytes, limits))).toEqual(bytes);
    }
  });
});

// ------------------------------------------------------------------ 5

describe('collateral forfeits', () => {
  const forfeits: number[] = [];

  it.each(seedList(Math.max(12, Math.floor(SEEDS / 2))))('seed %i: a provider whose listing is taken down before the open forfeits its collateral to the broker', (seed) => {
    const r = prngFor(seed, 5);
    const victim = pick(r, PROVIDERS);
    const beforeOpen = (engine: Engine, _rand: Rand, t: number): Step[] => {
      const s = engine.series[FWD1]!;
      // The victim sells 10 forward below every other provider's offer, and the broker takes it.
      let bestProviderAsk = 0;
      for (const o of s.brokerBuys.orders(Side.SELL)) if (bestProviderAsk === 0 || o.priceMicros < bestProviderAsk) bestProviderAsk = o.priceMicros;
      const price = Math.max(2 * TICK, Math.min(bestProviderAsk === 0 ? 500 * TICK : bestProviderAsk - TICK, 500 * TICK));
      const p = engine.accounts[victim]!.positions.get(FWD1);
      const sold = p === undefined ? 0 : Math.max(0, -(p.available + p.held));
      const at = (cmd: Step['cmd']): Step => ({ cmd, timeMs: t });
      return [
        at({ kind: CommandKind.SET_PARAM, actor: 1, name: 'risk.forwardCollateralBps', value: int(r, 500, 10_000) }),
        at({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: victim, segment: SEGMENT, listingId: 900, listingVersion: 1 }),
        at({ kind: CommandKind.DECLARE_CAPACITY, actor: victim, seriesId: FWD1, capacity: sold + 10 + (p?.held ?? 0) }),
        at({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: victim, amountWei: BigInt(20 * PAT) * 1_000_000_000_000n, ref: 'victim' }),
        at({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: BROKER, amountWei: BigInt(20 * PAT) * 1_000_000_000_000n, ref: 'broker' }),
        at(newOrder(victim, FWD1, Side.SELL, { priceMicros: price, qty: 10 })),
        at(newOrder(BROKER, FWD1, Side.BUY, { priceMicros: price, qty: 10, tif: TimeInForce.IOC })),
        at({ kind: CommandKind.SET_PARAM, actor: 1, name: 'risk.mintRequiresListing', value: 1 }),
        at({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: victim, segment: SEGMENT, listingId: 0, listingVersion: 0 }),
      ];
    };
    const ce = new CheckedEngine(seed);
    let collateralAtOpen = 0;
    let escrowAtOpen = 0;
    driveForwardStream(
      seed,
      // Nothing between the delivery's commands: no listing may come back before the victim is delivered.
      { commands: COMMANDS, firstOnly: true, interleave: false, beforeOpen: (e, rand, t) => beforeOpen(e, rand, t) },
      (step) => {
        if (step.cmd.kind === CommandKind.DELIVER_FORWARDS && ce.engine.series[FWD1]!.forward!.phase === DeliveryPhase.NONE) {
          const p = ce.engine.accounts[victim]!.positions.get(FWD1);
          collateralAtOpen = p?.collateralMicros ?? 0;
          escrowAtOpen = p?.escrowMicros ?? 0;
        }
        return ce.submit(step);
      },
      () => ce.engine,
    );
    const rec = ce.deliveries.get(FWD1)!;
    expect(rec.done).toBeDefined();
    const e = rec.events.find((x) => x.accountId === victim);
    const short = rec.shorts.get(victim);
    if (short === undefined) {
      // It never sold (its sale did not trade): nothing to forfeit.
      expect(e).toBeUndefined();
      return;
    }
    const lapsed = rec.lapsed;
    // Listing down and listings required: nothing delivered, every right short, all collateral forfeited.
    expect(e).toMatchObject({ deliveredQty: 0, shortfallQty: short.sold, proceedsMicros: 0 });
    expect(e!.collateralReturnedMicros).toBe(lapsed ? collateralAtOpen : 0);
    expect(0 - e!.compensationMicros).toBe(lapsed ? 0 : collateralAtOpen);
    expect(0 - e!.refundMicros).toBe(escrowAtOpen);
    if (!lapsed) forfeits.push(collateralAtOpen);
    // Lands with the broker: its event nets every forfeit against what it paid buyers.
    const broker = rec.events.find((x) => x.accountId === BROKER)!;
    const providersForfeit = rec.events.filter((x) => rec.shorts.has(x.accountId)).reduce((n, x) => n - x.compensationMicros, 0);
    const buyersCompensation = rec.events.filter((x) => rec.longs.has(x.accountId)).reduce((n, x) => n + x.compensationMicros, 0);
    expect(broker.compensationMicros).toBe(providersForfeit - buyersCompensation);
    const long = rec.done!.buyerLongQty;
    expect(buyersCompensation).toBe(lapsed || long === 0 ? 0 : mulDiv(rec.done!.buyerShortfallQty, rec.brokerCollateral, long));
  });

  it('the victims really forfeited collateral', () => {
    if (onlySeed !== undefined || SEEDS < 24) return;
    if (process.env.PATX_FORWARD_STATS) console.log('forfeits', forfeits);
    // Most victims' sales trade (some seeds' brokers cannot pay, or the victim's pledge or collateral falls short).
    expect(forfeits.filter((c) => c > 0).length).toBeGreaterThanOrEqual(5);
  });
});

// ------------------------------------------------------------------ engine bugs found

describe('engine bugs found with these streams', () => {
  // Also met by the streams: PATX_FORWARD_SEED=529 (step 258) and =1005 (step 62) break conservation this way.
  it('a mass quote that keeps a forward ask posted at a higher risk.forwardCollateralBps does not overdraw the broker', () => {
    // The broker's whole 10 PAT is posted as collateral for an ask at 100%; the rate then halves.
    // Keeping that level (it keeps its 10 PAT of collateral) and adding 2 @ 1.1 PAT needs 1.1 PAT more
    // than the broker has: BrokerQuotes.checkQuoteCover credits the kept level's collateral at the old
    // rate (10 PAT) but Forwards.checkQuoteSale charges it at the new one (5 PAT), so 5 + 1.1 ≤ 0 + 10 passes.
    const fx = createFixture({ consumers: 1, providers: 1, brokerRights: 0, brokerMicros: 10 * PAT });
    fx.autoCheck = false;
    fx.newSeries({ openAtMs: NEXT_OPEN });
    const fwd = fx.newSeries({ openAtMs: NEXT_OPEN, seriesKind: SeriesKind.FORWARD });
    fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.forwardCollateralBps', value: 10_000 });
    fx.massQuote([], [[1_000_000, 10]], 0, fx.broker, fwd);
    expect(fx.available(fx.broker)).toBe(0);
    fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.forwardCollateralBps', value: 5_000 });
    fx.massQuote([], [[1_000_000, 10], [1_100_000, 2]], 0, fx.broker, fwd);
    expect(conservationProblems(fx)).toEqual([]);
    expect(fx.available(fx.broker)).toBeGreaterThanOrEqual(0);
  });
});
