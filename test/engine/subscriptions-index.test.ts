/**
 * The index of active subscriptions (src/engine/products/subscriptions.ts: by contract, window group and
 * trigger, then by the window each last acted on; purchases waiting to be exercised by series)
 * must decide exactly what the walk over every live subscription decided before it (issue 58):
 * `anyDue` the same at every instant, and RUN_SUBSCRIPTIONS the same events and state as a run
 * that walks every subscription in id order. Random streams of listings, asks, subscriptions,
 * cancels, resumes, expiries, time and runs, on two engines fed alike: one as shipped, one whose
 * runs walk every live subscription (the reference).
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  decodeState,
  encodeState,
  EventType,
  Role,
  SeriesStatus,
  stateHash,
  SubscriptionDelivery,
  SubscriptionStatus,
  Side,
  SubscriptionTrigger,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
} from '../../src/engine/index.js';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import type { Subscription, Subscriptions } from '../../src/engine/products/subscriptions.js';
import { CONTRACT, EngineFixture, HOUR_MS, PAT, prng, T0, WINDOW_MS, expectEvent, ofType } from '../support/engine-fixture.js';

const CONTRACTS = [CONTRACT, 'AUTO_INTENT|7D|0.85-1.00', 'AUTO_INTENT|1D|0.70-0.85'];
const SEEDS = [1, 2, 3, 4, 5, 6];
const STEPS = 400;

/** What `anyDue` answered before the index: any live subscription with something due. */
function anyDueByWalk(subs: Subscriptions, nowMs: number): boolean {
  for (const sub of subs.live.values()) if (subs['dueAt'](sub, nowMs) !== undefined) return true;
  return false;
}

/** Makes the engine's runs walk every live subscription in id order, as before the index. */
function walkEverySubscription(subs: Subscriptions): void {
  subs['dueCandidates'] = (): Subscription[] => [...subs.live.values()];
}

interface World {
  fx: EngineFixture;
  consumers: number[];
  provider: number;
  /** Every series listed: id, contract, window. */
  listed: Array<{ id: number; contract: string; openAtMs: number; closeAtMs: number }>;
}

/** Rules 3, an operator, the broker, a provider and six consumers; two windows of each contract, the broker holding rights in each. */
function world(): World {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  fx.autoCheck = false; // two engines and many steps: the invariants are the other tests'; here only sameness
  expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 }), EventType.RULES_ADOPTED);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const provider = fx.newAccount(Role.PROVIDER);
  const consumers = Array.from({ length: 6 }, () => fx.newAccount(Role.CONSUMER));
  fx.deposit(fx.broker, 1_000_000 * PAT);
  for (const c of consumers) fx.deposit(c, 200 * PAT);
  const w: World = { fx, consumers, provider, listed: [] };
  for (const contract of CONTRACTS) for (let k = 0; k < 2; k++) listWindow(w, contract);
  return w;
}

/** Lists the next window of `contract` (after the last listed, not one closed already) and stocks the broker with 200 of its rights. */
function listWindow(w: World, contract: string): void {
  const windowMs = contract.includes('|1D|') ? 24 * HOUR_MS : WINDOW_MS;
  const last = w.listed.filter((s) => s.contract === contract).at(-1);
  let openAtMs = last === undefined ? T0 : last.openAtMs + windowMs;
  while (openAtMs + windowMs <= w.fx.nowMs) openAtMs += windowMs; // the window open now at the earliest
  const id = w.fx.newSeries({ contract, openAtMs });
  w.listed.push({ id, contract, openAtMs, closeAtMs: openAtMs + windowMs });
  expectEvent(w.fx.declareCapacity(w.provider, 1_000, id), EventType.CAPACITY_DECLARED);
  expectEvent(w.fx.mint(w.provider, 200, id), EventType.RIGHTS_MINTED);
  expectEvent(w.fx.sell(w.provider, 300_000, 200, { seriesId: id }), EventType.ORDER_ACCEPTED);
  expectEvent(w.fx.buy(w.fx.broker, 300_000, 200, { seriesId: id, tif: TimeInForce.IOC }), EventType.FILL);
}

/** The next command of the stream, or an action on the world (listing, which both worlds take alike). */
function step(w: World, rand: () => number): Command | ((x: World) => void) | undefined {
  const fx = w.fx;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const r = rand();
  const live = [...fx.engine.subscriptions.live.values()];
  if (r < 0.22) return { kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 1 + Math.floor(rand() * 6) };
  if (r < 0.4) {
    const trading = w.listed.filter((s) => fx.engine.series[s.id]!.status === SeriesStatus.TRADING && fx.nowMs < s.closeAtMs);
    if (trading.length === 0) return undefined;
    return fx.orderCommand(fx.broker, { seriesId: pick(trading).id, side: Side.SELL, priceMicros: 400_000 + 10_000 * Math.floor(rand() * 50), qty: 1 + Math.floor(rand() * 8) });
  }
  if (r < 0.55) {
    return {
      kind: CommandKind.SUBSCRIBE, actor: pick(w.consumers), contract: pick(CONTRACTS), qtyPerWindow: 1 + Math.floor(rand() * 10),
      capPriceMicros: 350_000 + 50_000 * Math.floor(rand() * 12), budgetMicros: (1 + Math.floor(rand() * 40)) * PAT,
      trigger: rand() < 0.5 ? SubscriptionTrigger.ON_OPEN : SubscriptionTrigger.ON_LIST, autoExercise: rand() < 0.7, maxSkips: 1 + Math.floor(rand() * 3),
      includeCurrent: rand() < 0.5, delivery: SubscriptionDelivery.PULL, webhookUrl: '', pushAuthorisation: '',
    };
  }
  if (r < 0.6 && live.length > 0) {
    const sub = pick(live);
    return { kind: CommandKind.CANCEL_SUBSCRIPTION, actor: sub.accountId, subscriptionId: sub.id };
  }
  if (r < 0.67) {
    const paused = live.filter((s) => s.status === SubscriptionStatus.PAUSED);
    if (paused.length === 0) return undefined;
    const sub = pick(paused);
    return { kind: CommandKind.RESUME_SUBSCRIPTION, actor: sub.accountId, subscriptionId: sub.id };
  }
  if (r < 0.72) {
    const contract = pick(CONTRACTS);
    return (x: World) => listWindow(x, contract);
  }
  if (r < 0.8) {
    const closed = w.listed.find((s) => fx.engine.series[s.id]!.status !== SeriesStatus.EXPIRED && s.closeAtMs <= fx.nowMs);
    if (closed === undefined) return undefined;
    return { kind: CommandKind.EXPIRE_SERIES, actor: fx.operator, seriesId: closed.id, cutoffMs: closed.closeAtMs };
  }
  // Time: minutes to two days.
  const advance = rand() < 0.6 ? Math.floor(rand() * 6 * HOUR_MS) : Math.floor(rand() * 48 * HOUR_MS);
  return (x: World) => {
    x.fx.nowMs += advance;
  };
}

describe('the index of active subscriptions', () => {
  for (const seed of SEEDS) {
    it(`decides what the walk over every subscription decided (seed ${seed})`, () => {
      const a = world();
      const b = world();
      walkEverySubscription(b.fx.engine.subscriptions);
      const rand = prng(seed);
      const acted = { filled: 0, skipped: 0, exercised: 0 };
      for (let i = 0; i < STEPS; i++) {
        const next = step(a, rand);
        if (next === undefined) continue;
        if (typeof next === 'function') {
          next(a);
          next(b);
        } else {
          const ea: EngineEvent[] = a.fx.submit(next);
          const eb: EngineEvent[] = b.fx.submit(next);
          expect(ea, `step ${i}: ${JSON.stringify(next)}`).toEqual(eb);
          acted.filled += ofType(ea, EventType.SUBSCRIPTION_FILLED).length;
          acted.skipped += ofType(ea, EventType.SUBSCRIPTION_SKIPPED).length;
          acted.exercised += ofType(ea, EventType.SUBSCRIPTION_EXERCISED).length;
        }
        const subs = a.fx.engine.subscriptions;
        expect(subs.anyDue(a.fx.nowMs), `step ${i}: anyDue`).toBe(anyDueByWalk(subs, a.fx.nowMs));
        if (i % 100 === 99) {
          // A decoded snapshot builds the same index.
          expect(stateHash(a.fx.engine)).toBe(stateHash(b.fx.engine));
          const copy = new EmbeddedEngine({}, a.fx.nowMs, decodeState(encodeState(a.fx.engine)));
          for (const t of [0, HOUR_MS, 24 * HOUR_MS, 8 * 24 * HOUR_MS]) {
            expect(copy.engine.subscriptions.anyDue(a.fx.nowMs + t)).toBe(anyDueByWalk(subs, a.fx.nowMs + t));
          }
        }
      }
      expect(stateHash(a.fx.engine)).toBe(stateHash(b.fx.engine));
      // The stream did what it is for: runs that bought, skipped and exercised.
      expect(acted.filled, JSON.stringify(acted)).toBeGreaterThan(3);
      expect(acted.skipped, JSON.stringify(acted)).toBeGreaterThan(3);
      expect(acted.exercised, JSON.stringify(acted)).toBeGreaterThan(0);
    });
  }
});
