/**
 * Subscriptions (issue 56; src/engine/products/subscriptions.ts, docs/subscriptions.md): a standing
 * instruction the exchange keeps. Each new window of the contract is bought at the broker's
 * ask up to the cap, within the budget and the free PAT, and exercised once open; a window it
 * cannot buy is skipped with its reason, and skips in a row pause it. Every refusal changes
 * nothing; a snapshot taken mid-way continues exactly as the engine it was taken from.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  decodeState,
  encodeState,
  EventType,
  Role,
  SkipReason,
  stateHash,
  SubscriptionChange,
  SubscriptionDelivery,
  SubscriptionStatus,
  SubscriptionTrigger,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
  type Subscribe,
} from '../../src/engine/index.js';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import { CONTRACT, EngineFixture, HOUR_MS, PAT, T0, WINDOW_MS, expectEvent, ofType, rejectionName, stateSummary } from '../support/engine-fixture.js';

const NEXT_OPEN = T0 + WINDOW_MS;

interface World {
  fx: EngineFixture;
  consumer: number;
  other: number;
  provider: number;
  /** The window open now (T0) and the next one, listed ahead. */
  current: number;
  next: number;
}

/** Rules 3; operator, broker, two consumers, a provider; the current window and the next; the broker holds 100 rights in each, bought from the provider. */
function world(): World {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 }), EventType.RULES_ADOPTED);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const consumer = fx.newAccount(Role.CONSUMER);
  const other = fx.newAccount(Role.CONSUMER);
  const provider = fx.newAccount(Role.PROVIDER);
  const current = fx.newSeries();
  const next = fx.newSeries({ openAtMs: NEXT_OPEN });
  fx.deposit(fx.broker, 10_000 * PAT);
  fx.deposit(consumer, 100 * PAT);
  fx.deposit(other, 100 * PAT);
  for (const seriesId of [current, next]) {
    expectEvent(fx.declareCapacity(provider, 1_000, seriesId), EventType.CAPACITY_DECLARED);
    expectEvent(fx.mint(provider, 100, seriesId), EventType.RIGHTS_MINTED);
    expectEvent(fx.sell(provider, 500_000, 100, { seriesId }), EventType.ORDER_ACCEPTED);
    expectEvent(fx.buy(fx.broker, 500_000, 100, { seriesId, tif: TimeInForce.IOC }), EventType.FILL);
  }
  return { fx, consumer, other, provider, current, next };
}

/** The broker asks `qty` at each price in the series. */
function ask(fx: EngineFixture, seriesId: number, levels: Array<[number, number]>): void {
  for (const [price, qty] of levels) expectEvent(fx.sell(fx.broker, price, qty, { seriesId }), EventType.ORDER_ACCEPTED);
}

function subscribeCmd(actor: number, o: Partial<Subscribe> = {}): Subscribe {
  return {
    kind: CommandKind.SUBSCRIBE, actor, contract: CONTRACT, qtyPerWindow: 5, capPriceMicros: 800_000, budgetMicros: 50 * PAT,
    trigger: SubscriptionTrigger.ON_OPEN, autoExercise: true, maxSkips: 2, includeCurrent: true, delivery: SubscriptionDelivery.PULL,
    webhookUrl: '', pushAuthorisation: '', ...o,
  };
}

function subscribe(fx: EngineFixture, actor: number, o: Partial<Subscribe> = {}): number {
  const ev = fx.submit(subscribeCmd(actor, o));
  const created = ofType(ev, EventType.SUBSCRIPTION_CREATED)[0];
  if (created === undefined) throw new Error(`not subscribed: ${rejectionName(ev)}`);
  return created.subscriptionId;
}

/** Everything a refused command must leave as it was: the state's summary and the subscriptions. */
function unchanged(fx: EngineFixture): unknown {
  const subs = fx.engine.subscriptions;
  return { state: stateSummary(fx), live: JSON.stringify([...subs.live.values()]), seats: [...subs.seats], next: subs.nextSubscriptionId };
}

const run = (fx: EngineFixture, timeMs?: number, maxActions = 100): EngineEvent[] => fx.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions }, timeMs);

describe('subscriptions', () => {
  it('buy the window open now at the ask up to the cap and exercise it, once', () => {
    const { fx, consumer, current } = world();
    ask(fx, current, [[600_000, 3], [700_000, 10], [900_000, 10]]);
    const id = subscribe(fx, consumer);
    expect(fx.engine.subscriptions.anyDue(fx.nowMs)).toBe(true);
    const ev = run(fx);
    const filled = ofType(ev, EventType.SUBSCRIPTION_FILLED)[0]!;
    expect(filled).toMatchObject({ subscriptionId: id, seriesId: current, requestedQty: 5, qty: 5, costMicros: 3 * 600_000 + 2 * 700_000 });
    expect(ofType(ev, EventType.FILL).reduce((n, f) => n + f.qty, 0)).toBe(5);
    const exercised = ofType(ev, EventType.RIGHTS_EXERCISED)[0]!;
    expect(exercised).toMatchObject({ accountId: consumer, seriesId: current, qty: 5 });
    expect(exercised.redemptions.length).toBeGreaterThan(0);
    expect(ofType(ev, EventType.SUBSCRIPTION_EXERCISED)[0]).toMatchObject({ subscriptionId: id, exerciseId: exercised.exerciseId, qty: 5 });
    expect(fx.available(consumer)).toBe(100 * PAT - filled.costMicros);
    // Acted on this window: nothing more is due until the next one opens.
    expect(fx.engine.subscriptions.anyDue(fx.nowMs)).toBe(false);
    expect(run(fx).filter((e) => e.type !== EventType.COMMAND_REJECTED)).toEqual([]);
  });

  it('ON_LIST buys a window listed ahead and exercises it once it opens; without includeCurrent the current window is left', () => {
    const { fx, consumer, current, next } = world();
    ask(fx, current, [[600_000, 10]]);
    ask(fx, next, [[650_000, 10]]);
    const id = subscribe(fx, consumer, { trigger: SubscriptionTrigger.ON_LIST, includeCurrent: false });
    const ev = run(fx);
    expect(ofType(ev, EventType.SUBSCRIPTION_FILLED).map((f) => f.seriesId)).toEqual([next]);
    expect(ofType(ev, EventType.RIGHTS_EXERCISED)).toEqual([]);
    expect(fx.engine.subscriptions.anyDue(NEXT_OPEN - 1)).toBe(false);
    expect(fx.engine.subscriptions.anyDue(NEXT_OPEN)).toBe(true);
    const opened = run(fx, NEXT_OPEN);
    expect(ofType(opened, EventType.SUBSCRIPTION_EXERCISED)[0]).toMatchObject({ subscriptionId: id, seriesId: next, qty: 5 });
    expect(fx.rights(consumer, next)[0]).toBe(0);
  });

  it('skip a window whose ask is above the cap, with the ask, and pause after maxSkips in a row; resume from the next window', () => {
    const { fx, consumer, current, next } = world();
    ask(fx, current, [[900_000, 10]]);
    ask(fx, next, [[950_000, 10]]);
    const id = subscribe(fx, consumer, { maxSkips: 2 });
    const first = run(fx);
    expect(ofType(first, EventType.SUBSCRIPTION_SKIPPED)[0]).toMatchObject({ subscriptionId: id, seriesId: current, reason: SkipReason.CAP_BELOW_ASK, askMicros: 900_000, skipsInRow: 1 });
    expect(fx.available(consumer)).toBe(100 * PAT);
    const second = run(fx, NEXT_OPEN);
    expect(ofType(second, EventType.SUBSCRIPTION_SKIPPED)[0]).toMatchObject({ seriesId: next, skipsInRow: 2 });
    expect(ofType(second, EventType.SUBSCRIPTION_STATUS_CHANGED)[0]).toMatchObject({ subscriptionId: id, status: SubscriptionStatus.PAUSED, change: SubscriptionChange.PAUSED_AFTER_SKIPS });
    // Paused: it holds its seat, acts on nothing.
    fx.listSeries({ openAtMs: NEXT_OPEN + WINDOW_MS });
    expect(fx.engine.subscriptions.anyDue(NEXT_OPEN + WINDOW_MS)).toBe(false);
    expect(rejectionName(fx.submit({ kind: CommandKind.RESUME_SUBSCRIPTION, actor: fx.consumers[0] ?? 99, subscriptionId: id }))).not.toBe('NONE');
    const resumed = fx.submit({ kind: CommandKind.RESUME_SUBSCRIPTION, actor: consumer, subscriptionId: id }, NEXT_OPEN + 1);
    expect(ofType(resumed, EventType.SUBSCRIPTION_STATUS_CHANGED)[0]).toMatchObject({ status: SubscriptionStatus.ACTIVE, change: SubscriptionChange.RESUMED });
    expect(rejectionName(fx.submit({ kind: CommandKind.RESUME_SUBSCRIPTION, actor: consumer, subscriptionId: id }))).toBe('NOT_PAUSED');
  });

  it('buy only what the free PAT holds (the hold at the dearest level), skip INSUFFICIENT_FUNDS when not one lot, and end when the budget is spent', () => {
    const { fx, consumer, other, current, next } = world();
    ask(fx, current, [[600_000, 10]]);
    ask(fx, next, [[600_000, 10]]);
    // Subscribing asks for one window's PAT at the cap (5 × 0.8): refused with 2 PAT free.
    subscribe(fx, other);
    expectEvent(fx.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: other, amountWei: 98n * 10n ** 18n }), EventType.WITHDRAWAL_REQUESTED);
    expect(rejectionName(fx.submit(subscribeCmd(other)))).toBe('INSUFFICIENT_BALANCE');
    // 2 PAT free: 3 rights at 0.6 (1.8), not 4.
    expect(ofType(run(fx), EventType.SUBSCRIPTION_FILLED)[0]).toMatchObject({ qty: 3, costMicros: 1_800_000 });
    // A budget of 4 rights at 0.6: 5 wanted, 4 bought, then the rest (0.0) buys nothing: ended.
    const id = subscribe(fx, consumer, { budgetMicros: 2_400_000 + 100_000 });
    const ev = run(fx);
    expect(ofType(ev, EventType.SUBSCRIPTION_FILLED).find((f) => f.subscriptionId === id)).toMatchObject({ qty: 4, spentMicros: 2_400_000 });
    const later = run(fx, NEXT_OPEN);
    expect(ofType(later, EventType.SUBSCRIPTION_STATUS_CHANGED).find((s) => s.subscriptionId === id)).toMatchObject({ status: SubscriptionStatus.ENDED, change: SubscriptionChange.BUDGET_SPENT });
    expect(fx.engine.subscriptions.live.has(id)).toBe(false);
    // The other's 0.2 PAT left buys nothing in the next window.
    expect(ofType(later, EventType.SUBSCRIPTION_SKIPPED)[0]).toMatchObject({ reason: SkipReason.INSUFFICIENT_FUNDS, askMicros: 600_000 });
  });

  it('wait for the broker to ask until half the window has passed, buying as soon as it asks; then skip NO_ASK', () => {
    const { fx, consumer, current, next } = world();
    subscribe(fx, consumer);
    const half = T0 + WINDOW_MS / 2;
    expect(fx.engine.subscriptions.anyDue(fx.nowMs)).toBe(false);
    expect(fx.engine.subscriptions.anyDue(half - 1)).toBe(false);
    expect(fx.engine.subscriptions.anyDue(half)).toBe(true);
    expect(ofType(run(fx, half), EventType.SUBSCRIPTION_SKIPPED)[0]).toMatchObject({ seriesId: current, reason: SkipReason.NO_ASK, askMicros: 0 });
    // The next window: no ask at its open, one an hour later: bought then.
    expect(fx.engine.subscriptions.anyDue(NEXT_OPEN)).toBe(false);
    fx.nowMs = NEXT_OPEN + HOUR_MS;
    ask(fx, next, [[600_000, 10]]);
    expect(ofType(run(fx), EventType.SUBSCRIPTION_FILLED)[0]).toMatchObject({ seriesId: next, qty: 5 });
  });

  it('cancel: the next window is not bought; only the subscriber (or the operator) cancels; the seat is freed', () => {
    const { fx, consumer, other, next } = world();
    ask(fx, next, [[600_000, 10]]);
    expectEvent(fx.submit({ kind: CommandKind.SET_SEGMENT_SEATS, actor: SYSTEM_ACTOR, segment: 'AUTO_INTENT', seats: 1 }), EventType.SEGMENT_SEATS_SET);
    const id = subscribe(fx, consumer, { includeCurrent: false });
    const before = unchanged(fx);
    expect(rejectionName(fx.submit(subscribeCmd(other)))).toBe('SEATS_FULL');
    expect(rejectionName(fx.submit({ kind: CommandKind.CANCEL_SUBSCRIPTION, actor: other, subscriptionId: id }))).toBe('NOT_YOUR_SUBSCRIPTION');
    expect(rejectionName(fx.submit({ kind: CommandKind.CANCEL_SUBSCRIPTION, actor: consumer, subscriptionId: 99 }))).toBe('UNKNOWN_SUBSCRIPTION');
    expect(unchanged(fx)).toEqual(before);
    const ev = fx.submit({ kind: CommandKind.CANCEL_SUBSCRIPTION, actor: consumer, subscriptionId: id });
    expect(ofType(ev, EventType.SUBSCRIPTION_STATUS_CHANGED)[0]).toMatchObject({ status: SubscriptionStatus.CANCELLED, change: SubscriptionChange.CANCELLED });
    expect(fx.engine.subscriptions.anyDue(NEXT_OPEN)).toBe(false);
    expect(ofType(run(fx, NEXT_OPEN), EventType.SUBSCRIPTION_FILLED)).toEqual([]);
    expect(subscribe(fx, other)).toBeGreaterThan(id);
  });

  it('a seat is a subscriber: one account holds one however many it makes; a paused subscription gives it back and resumes only into a free one', () => {
    const { fx, consumer, other, current } = world();
    ask(fx, current, [[900_000, 10]]);
    expectEvent(fx.submit({ kind: CommandKind.SET_SEGMENT_SEATS, actor: SYSTEM_ACTOR, segment: 'AUTO_INTENT', seats: 1 }), EventType.SEGMENT_SEATS_SET);
    const a = subscribe(fx, consumer, { maxSkips: 1 });
    subscribe(fx, consumer, { includeCurrent: false });
    expect(fx.engine.subscriptions.seatsTaken.get('AUTO_INTENT')).toBe(1);
    expect(rejectionName(fx.submit(subscribeCmd(other)))).toBe('SEATS_FULL');
    // The first skips (cap below the ask) and pauses: the consumer still holds its seat through the second.
    run(fx);
    expect(fx.engine.subscriptions.live.get(a)!.status).toBe(SubscriptionStatus.PAUSED);
    expect(rejectionName(fx.submit(subscribeCmd(other)))).toBe('SEATS_FULL');
    fx.submit({ kind: CommandKind.CANCEL_SUBSCRIPTION, actor: consumer, subscriptionId: a + 1 });
    expect(fx.engine.subscriptions.seatsTaken.get('AUTO_INTENT')).toBeUndefined();
    const b = subscribe(fx, other);
    expect(rejectionName(fx.submit({ kind: CommandKind.RESUME_SUBSCRIPTION, actor: consumer, subscriptionId: a }))).toBe('SEATS_FULL');
    fx.submit({ kind: CommandKind.CANCEL_SUBSCRIPTION, actor: other, subscriptionId: b });
    expectEvent(fx.submit({ kind: CommandKind.RESUME_SUBSCRIPTION, actor: consumer, subscriptionId: a }), EventType.SUBSCRIPTION_STATUS_CHANGED);
    expect(fx.engine.subscriptions.seatsTaken.get('AUTO_INTENT')).toBe(1);
  });

  it('refuse bad terms and strangers with a reason, changing nothing', () => {
    const { fx, consumer, provider } = world();
    const before = unchanged(fx);
    const cases: Array<[Partial<Subscribe>, string, number?]> = [
      [{ contract: 'AUTO_INTENT|7D|0.7-0.85' }, 'INVALID_CONTRACT_KEY'],
      [{ contract: 'nope' }, 'INVALID_CONTRACT_KEY'],
      [{ qtyPerWindow: 0 }, 'INVALID_SUBSCRIPTION'],
      [{ qtyPerWindow: 1.5 }, 'INVALID_SUBSCRIPTION'],
      [{ capPriceMicros: -1 }, 'INVALID_SUBSCRIPTION'],
      [{ budgetMicros: 0 }, 'INVALID_SUBSCRIPTION'],
      [{ capPriceMicros: 2 ** 40, qtyPerWindow: 2 ** 20 }, 'INVALID_SUBSCRIPTION'],
      [{ maxSkips: 0 }, 'INVALID_SUBSCRIPTION'],
      [{ maxSkips: 101 }, 'INVALID_SUBSCRIPTION'],
      [{ trigger: 3 as SubscriptionTrigger }, 'INVALID_SUBSCRIPTION'],
      [{ delivery: 9 as SubscriptionDelivery }, 'INVALID_SUBSCRIPTION'],
      [{ webhookUrl: 'https://x.example/hook' }, 'INVALID_SUBSCRIPTION'],
      [{ delivery: SubscriptionDelivery.WEBHOOK }, 'INVALID_SUBSCRIPTION'],
      [{ delivery: SubscriptionDelivery.WEBHOOK, webhookUrl: 'h'.repeat(513), pushAuthorisation: '{}' }, 'INVALID_SUBSCRIPTION'],
      [{}, 'ROLE_NOT_ALLOWED', provider],
      [{}, 'UNKNOWN_ACCOUNT', 999],
    ];
    for (const [o, reason, actor] of cases) expect([o, rejectionName(fx.submit(subscribeCmd(actor ?? consumer, o)))]).toEqual([o, reason]);
    expect(rejectionName(fx.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: consumer, maxActions: 1 }))).toBe('ROLE_NOT_ALLOWED');
    expect(rejectionName(fx.submit({ kind: CommandKind.SET_SEGMENT_SEATS, actor: consumer, segment: 'AUTO_INTENT', seats: 1 }))).toBe('ROLE_NOT_ALLOWED');
    expect(rejectionName(fx.submit({ kind: CommandKind.SET_SEGMENT_SEATS, actor: SYSTEM_ACTOR, segment: 'bad segment', seats: 1 }))).toBe('INVALID_SEATS');
    expect(unchanged(fx)).toEqual(before);
    for (let i = 0; i < 64; i++) subscribe(fx, consumer);
    expect(rejectionName(fx.submit(subscribeCmd(consumer)))).toBe('SUBSCRIPTION_LIMIT');
  });

  it('a snapshot taken with a purchase waiting to be exercised continues as the engine it came from', () => {
    const { fx, consumer, current, next } = world();
    ask(fx, current, [[600_000, 10]]);
    ask(fx, next, [[650_000, 10]]);
    expectEvent(fx.submit({ kind: CommandKind.SET_SEGMENT_SEATS, actor: SYSTEM_ACTOR, segment: 'AUTO_INTENT', seats: 5 }), EventType.SEGMENT_SEATS_SET);
    subscribe(fx, consumer, { trigger: SubscriptionTrigger.ON_LIST, includeCurrent: false });
    subscribe(fx, consumer, { delivery: SubscriptionDelivery.WEBHOOK, webhookUrl: 'https://consumer.example/hook', pushAuthorisation: '{"nonce":"n1"}' });
    run(fx);
    expect(fx.engine.subscriptions.live.get(1)!.pendingQty).toBe(5);
    const copy = new EmbeddedEngine({}, fx.nowMs, decodeState(encodeState(fx.engine)));
    expect(stateHash(copy.engine)).toBe(stateHash(fx.engine));
    const a = run(fx, NEXT_OPEN);
    const b = copy.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 100 }, NEXT_OPEN);
    expect(b).toEqual(a);
    // The first exercises what it bought ahead; the second buys the window that opened and exercises it.
    expect(ofType(a, EventType.SUBSCRIPTION_EXERCISED).map((x) => x.subscriptionId)).toEqual([1, 2]);
    expect(stateHash(copy.engine)).toBe(stateHash(fx.engine));
  });

  it('a replay of the journaled commands reproduces every purchase, skip and exercise, event for event', () => {
    const { fx, consumer, other, current, next } = world();
    // Record everything from the start: the world's setup and the subscriptions' life.
    const recorded: Array<{ cmd: Command; timeMs: number; events: EngineEvent[] }> = [];
    const submit = fx.submit.bind(fx);
    fx.submit = (cmd: Command, timeMs = fx.nowMs) => {
      const events = submit(cmd, timeMs);
      recorded.push({ cmd, timeMs, events });
      return events;
    };
    ask(fx, current, [[600_000, 10]]);
    subscribe(fx, consumer, { trigger: SubscriptionTrigger.ON_LIST });
    subscribe(fx, other, { capPriceMicros: 100_000, maxSkips: 1 });
    run(fx);
    ask(fx, next, [[650_000, 10]]);
    run(fx);
    run(fx, NEXT_OPEN);
    expect(recorded.flatMap((r) => r.events).filter((e) => e.type >= EventType.SUBSCRIPTION_CREATED && e.type <= EventType.SUBSCRIPTION_STATUS_CHANGED).length).toBeGreaterThan(6);
    // The world before recording, rebuilt the same way, then the recorded tail applied.
    const again = world();
    const replayed = recorded.map((r) => again.fx.submit(r.cmd, r.timeMs));
    expect(replayed).toEqual(recorded.map((r) => r.events));
    expect(stateHash(again.fx.engine)).toBe(stateHash(fx.engine));
  });

  it('RUN_SUBSCRIPTIONS takes at most maxActions actions; the rest wait for the next run', () => {
    const { fx, consumer, other, current } = world();
    ask(fx, current, [[600_000, 50]]);
    subscribe(fx, consumer, { autoExercise: false });
    subscribe(fx, other, { autoExercise: false });
    expect(ofType(run(fx, undefined, 1), EventType.SUBSCRIPTION_FILLED)).toHaveLength(1);
    expect(fx.engine.subscriptions.anyDue(fx.nowMs)).toBe(true);
    expect(ofType(run(fx, undefined, 1), EventType.SUBSCRIPTION_FILLED)).toHaveLength(1);
    expect(fx.engine.subscriptions.anyDue(fx.nowMs)).toBe(false);
    const active = [...fx.engine.subscriptions.live.values()].filter((x) => x.contract === CONTRACT && x.status === SubscriptionStatus.ACTIVE);
    expect({ subscribers: active.length, qtyPerWindow: active.reduce((n, x) => n + x.qtyPerWindow, 0) }).toEqual({ subscribers: 2, qtyPerWindow: 10 });
  });
});

describe('a webhook subscription and its push authorisation (rules 22)', () => {
  // As the service journals it (src/subscriptions/push-terms.ts): the URL and the subscriber's signed authorisation.
  const authorisation = JSON.stringify({ url: 'https://consumer.example/hook', untilMs: NEXT_OPEN, nonce: 'n1', consumerSignature: '0x' + '11'.repeat(65) });
  const webhook = (trigger: SubscriptionTrigger): Partial<Subscribe> => ({ trigger, delivery: SubscriptionDelivery.WEBHOOK, webhookUrl: 'https://consumer.example/hook', pushAuthorisation: authorisation });

  function underRules(version: number, trigger: SubscriptionTrigger): { fx: EngineFixture; consumer: number; id: number; next: number } {
    const w = world();
    expectEvent(w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version }), EventType.RULES_ADOPTED);
    ask(w.fx, w.current, [[600_000, 10]]);
    ask(w.fx, w.next, [[650_000, 10]]);
    return { fx: w.fx, consumer: w.consumer, id: subscribe(w.fx, w.consumer, webhook(trigger)), next: w.next };
  }

  it('buys the windows exercised before the authorisation ends, then ends PUSH_AUTHORISATION_EXPIRED instead of buying one after', () => {
    const { fx, consumer, id, next } = underRules(22, SubscriptionTrigger.ON_OPEN);
    // The window open now is exercised now, before untilMs (the next window's open): bought and exercised.
    const first = run(fx);
    expect(ofType(first, EventType.SUBSCRIPTION_FILLED).map((e) => e.qty)).toEqual([5]);
    expect(ofType(first, EventType.SUBSCRIPTION_EXERCISED)).toHaveLength(1);
    // The next window opens at untilMs: no gate could push its grants, so nothing is bought and the subscription ends.
    const free = fx.available(consumer);
    const second = run(fx, NEXT_OPEN);
    expect(ofType(second, EventType.SUBSCRIPTION_FILLED)).toEqual([]);
    expect(ofType(second, EventType.SUBSCRIPTION_STATUS_CHANGED)).toEqual([
      { type: EventType.SUBSCRIPTION_STATUS_CHANGED, seq: fx.engine.lastSeq, subscriptionId: id, accountId: consumer, status: SubscriptionStatus.ENDED, change: SubscriptionChange.PUSH_AUTHORISATION_EXPIRED },
    ]);
    expect(fx.available(consumer)).toBe(free);
    expect(fx.engine.subscriptions.live.has(id)).toBe(false);
    expect(fx.engine.accounts[consumer]!.positions.get(next)?.available ?? 0).toBe(0);
  });

  it('a subscription that buys a window ahead (on its listing) ends before buying one that opens after the authorisation', () => {
    const { fx, consumer, id } = underRules(22, SubscriptionTrigger.ON_LIST);
    const ev = run(fx);
    expect(ofType(ev, EventType.SUBSCRIPTION_FILLED).map((e) => e.seriesId)).toHaveLength(1);
    expect(ofType(ev, EventType.SUBSCRIPTION_STATUS_CHANGED)).toMatchObject([{ subscriptionId: id, accountId: consumer, status: SubscriptionStatus.ENDED, change: SubscriptionChange.PUSH_AUTHORISATION_EXPIRED }]);
  });

  it('under rules 21 it bought on past its authorisation (replays of older journals unchanged); a pull subscription is not concerned', () => {
    const old = underRules(21, SubscriptionTrigger.ON_OPEN);
    run(old.fx);
    expect(ofType(run(old.fx, NEXT_OPEN), EventType.SUBSCRIPTION_FILLED).map((e) => e.seriesId)).toEqual([old.next]);
    expect(old.fx.engine.subscriptions.live.get(old.id)?.status).toBe(SubscriptionStatus.ACTIVE);
    const w = world();
    expectEvent(w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 22 }), EventType.RULES_ADOPTED);
    ask(w.fx, w.current, [[600_000, 10]]);
    ask(w.fx, w.next, [[650_000, 10]]);
    // A pull subscription carries no authorisation; one whose authorisation has no untilMs (as the engine's tests write) is not ended either.
    subscribe(w.fx, w.consumer);
    subscribe(w.fx, w.other, { ...webhook(SubscriptionTrigger.ON_OPEN), pushAuthorisation: '{"nonce":"n1"}' });
    run(w.fx);
    expect(ofType(run(w.fx, NEXT_OPEN), EventType.SUBSCRIPTION_FILLED)).toHaveLength(2);
  });
});
