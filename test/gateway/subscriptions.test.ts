/**
 * Subscriptions over WebSocket (docs/protocol.md, "Subscriptions"), on a real gateway and
 * LMDB journal: CreateSubscription is acked with the subscription's id; a RUN_SUBSCRIPTIONS
 * buys the open window and exercises it, and every session of the subscriber's account (and
 * no other account's) hears of it as SubscriptionUpdate frames, the exercise's signed grants
 * being the ones the grant ledger recorded; a window above the cap is skipped and pauses it;
 * cancel and resume answer with the engine's reasons; malformed terms are refused with typed
 * errors and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailoverTradingClient, grantsOfAck, PatxRequestError, rejectName, wire, type patx, type SubscriptionUpdate, type TradingClient } from '../../src/client/index.js';
import { CommandKind, EventType, Role, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, TimeInForce } from '../../src/engine/index.js';
import { limitOrder } from '../support/exchange-fixture.js';
import { openProvider, PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const CONTRACT = 'AUTO_INTENT|1D|0.70-0.85';
const ASK = 800_000;

let fx: GatewayFixture;
/** The contract's window open now: the one a subscription made now with include_current buys. */
let windowId = 0;

/** The earliest trading spot window of the contract that is open now. */
function openWindow(): number {
  const now = Date.now();
  const open = fx.service.engine.series.filter(
    (s) => s !== undefined && s.spec.contract === CONTRACT && s.spec.kind === SeriesKind.SPOT && s.status === SeriesStatus.TRADING && s.spec.openAtMs <= now && now < s.spec.closeAtMs,
  );
  open.sort((a, b) => a!.spec.openAtMs - b!.spec.openAtMs);
  if (open[0] === undefined) throw new Error(`no open ${CONTRACT} window`);
  return open[0].id;
}

/** A provider (with an address, so grants name it) sells 50 to the broker, which asks them. */
async function stockBroker(seriesId: number): Promise<void> {
  const provider = testWallet(900);
  const opened = await fx.submitOk({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: provider.address.toLowerCase() });
  const providerId = opened.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  const broker = fx.service.engine.brokerId;
  await fx.fund(broker, 1_000);
  await fx.submitOk({ kind: CommandKind.DECLARE_CAPACITY, actor: providerId, seriesId, capacity: 1_000 });
  await fx.submitOk({ kind: CommandKind.MINT, actor: providerId, seriesId, qty: 50 });
  await fx.submitOk(limitOrder(providerId, seriesId, Side.SELL, 500_000, 50));
  await fx.submitOk(limitOrder(broker, seriesId, Side.BUY, 500_000, 50, TimeInForce.IOC));
  await fx.submitOk(limitOrder(broker, seriesId, Side.SELL, ASK, 50));
}

/** The SubscriptionUpdate frames a session receives. */
function updatesOf(c: TradingClient): SubscriptionUpdate[] {
  const seen: SubscriptionUpdate[] = [];
  c.onSubscriptionUpdate((u) => seen.push(u));
  return seen;
}

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; field: string }> {
  try {
    await p;
  } catch (error) {
    if (error instanceof PatxRequestError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('not refused');
}

beforeAll(async () => {
  fx = await startGatewayFixture({}, { demo: { enabled: false } });
  windowId = openWindow();
  await stockBroker(windowId);
}, 60_000);
afterAll(async () => {
  await fx.stop();
});

describe('subscriptions over WebSocket', () => {
  let a: TradingClient;
  let a2: TradingClient;
  let b: TradingClient;
  let seenA: SubscriptionUpdate[];
  let seenA2: SubscriptionUpdate[];
  let seenB: SubscriptionUpdate[];
  let subscriptionId = 0;

  beforeAll(async () => {
    a = await fx.connect(testWallet(901));
    a2 = await fx.connect(testWallet(901)); // a second session of the same account
    b = await fx.connect(testWallet(902));
    await fx.fund(a.accountId, 1_000);
    await fx.fund(b.accountId, 1_000);
    seenA = updatesOf(a);
    seenA2 = updatesOf(a2);
    seenB = updatesOf(b);
  });
  afterAll(async () => {
    await Promise.all([a.close(), a2.close(), b.close()]);
  });

  it('acks a subscription with its id; every session of the account hears it made, with the defaults of HTTP', async () => {
    const ack = await a.subscribe({ contract: CONTRACT, qtyPerWindow: 3, capPriceMicros: 900_000, budgetMicros: 20 * PAT_MICROS });
    expect(rejectName(ack)).toBe('NONE');
    subscriptionId = Number(ack.subscriptionId);
    expect(subscriptionId).toBeGreaterThan(0);
    for (const seen of [seenA, seenA2]) {
      const created = await until(() => seen.find((u) => u.created != null), 'the created update');
      expect(Number(created.subscriptionId)).toBe(subscriptionId);
      expect(Number(created.accountId)).toBe(a.accountId);
      expect(created.created).toMatchObject({
        contract: CONTRACT,
        qtyPerWindow: 3,
        capPriceMicros: 900_000,
        budgetMicros: 20 * PAT_MICROS,
        trigger: wire.SubscriptionTrigger.ON_OPEN,
        autoExercise: true,
        maxSkips: 3,
        includeCurrent: true,
        delivery: wire.SubscriptionDelivery.DELIVERY_PULL,
      });
    }
  });

  it('a RUN_SUBSCRIPTIONS buys and exercises the open window: the subscriber’s sessions hear filled and exercised, with the recorded grants; no other account hears anything', async () => {
    // The service's runner may act first (it looks every second): either way the updates come.
    await fx.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 100 });
    for (const seen of [seenA, seenA2]) {
      const filled = await until(() => seen.find((u) => u.filled != null), 'the filled update');
      expect(Number(filled.subscriptionId)).toBe(subscriptionId);
      expect(filled.filled).toMatchObject({ seriesId: windowId, requestedQty: 3, qty: 3, costMicros: 3 * ASK, spentMicros: 3 * ASK });
      const exercised = await until(() => seen.find((u) => u.exercised != null), 'the exercised update');
      expect(exercised.exercised).toMatchObject({ seriesId: windowId, qty: 3 });
      expect(Number(exercised.seq)).toBe(Number(filled.seq)); // one command bought and exercised
    }
    const exercised = seenA.find((u) => u.exercised != null)!.exercised!;
    const exerciseId = Number(exercised.exerciseId);
    expect(exerciseId).toBeGreaterThan(0);
    const grants = grantsOfAck(exercised);
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.reduce((n, g) => n + g.grant.quantity, 0)).toBe(3);
    for (const g of grants) expect(g.grant).toMatchObject({ consumer: testWallet(901).address, provider: testWallet(900).address, seriesId: windowId });
    // The very grants the ledger recorded (GET /v1/grants/mine), signatures and all.
    const ledger = fx.service.grants()!;
    const mine = await ledger.grantsOf('consumer', a.accountId, 0, 10, exerciseId);
    const byId = (x: { grant: { grantId: number } }, y: { grant: { grantId: number } }): number => x.grant.grantId - y.grant.grantId;
    expect(mine.grants.map((r) => r.signed).sort(byId)).toEqual([...grants].sort(byId));
    // Signing them for the update kept nothing for an ack the ledger had recorded already.
    const keptForAck = (ledger as unknown as { signedForAck: Map<number, unknown> }).signedForAck;
    for (const g of grants) expect(keptForAck.has(g.grant.grantId)).toBe(false);
    // The account holds no rights left (all exercised); the other account heard nothing.
    await b.account(); // after every frame routed before it
    expect(seenB).toEqual([]);
    expect((await a.account()).positions!.find((p) => Number(p.seriesId) === windowId)).toMatchObject({ exercised: 3 });
  });

  it('cancels and resumes only the account’s own live subscriptions, with the engine’s reasons', async () => {
    const later = await a.subscribe({ contract: CONTRACT, qtyPerWindow: 1, capPriceMicros: 900_000, budgetMicros: 5 * PAT_MICROS, includeCurrent: false, autoExercise: false, trigger: wire.SubscriptionTrigger.ON_LIST, maxSkips: 5 });
    const laterId = Number(later.subscriptionId);
    const created = await until(() => seenA.find((u) => Number(u.subscriptionId) === laterId && u.created != null), 'the second created update');
    expect(created.created).toMatchObject({ includeCurrent: false, autoExercise: false, trigger: wire.SubscriptionTrigger.ON_LIST, maxSkips: 5 });
    expect(rejectName(await b.cancelSubscription(laterId))).toBe('UNKNOWN_SUBSCRIPTION'); // another's id: as an unknown one (rules 10)
    expect(rejectName(await b.resumeSubscription(laterId))).toBe('UNKNOWN_SUBSCRIPTION');
    expect(rejectName(await a.resumeSubscription(laterId))).toBe('NOT_PAUSED');

    const cancelled = await a.cancelSubscription(subscriptionId);
    expect(rejectName(cancelled)).toBe('NONE');
    expect(Number(cancelled.subscriptionId)).toBe(subscriptionId);
    for (const seen of [seenA, seenA2]) {
      const changed = await until(() => seen.find((u) => Number(u.subscriptionId) === subscriptionId && u.statusChanged != null), 'the status update');
      expect(changed.statusChanged).toMatchObject({ status: wire.SubscriptionStatus.SUBSCRIPTION_CANCELLED, change: wire.SubscriptionChange.CHANGE_CANCELLED });
    }
    const again = await a.cancelSubscription(subscriptionId);
    expect([rejectName(again), Number(again.subscriptionId ?? 0)]).toEqual(['UNKNOWN_SUBSCRIPTION', 0]);
    expect(fx.service.engine.subscriptions.live.has(subscriptionId)).toBe(false);
    expect(fx.service.engine.subscriptions.live.get(laterId)?.accountId).toBe(a.accountId);
    await b.account();
    expect(seenB).toEqual([]);
  });

  it('a window above the cap is skipped, saying why; max_skips skips pause it, and a resume makes it active again', async () => {
    const c = await fx.connect(testWallet(904));
    await fx.fund(c.accountId, 1_000);
    const seenC = updatesOf(c);
    const ack = await c.subscribe({ contract: CONTRACT, qtyPerWindow: 2, capPriceMicros: ASK - 300_000, budgetMicros: 5 * PAT_MICROS, maxSkips: 1 });
    const id = Number(ack.subscriptionId);
    await fx.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 100 });
    const skipped = await until(() => seenC.find((u) => u.skipped != null), 'the skipped update');
    expect(Number(skipped.subscriptionId)).toBe(id);
    expect(skipped.skipped).toMatchObject({ seriesId: windowId, reason: wire.SkipReason.SKIP_CAP_BELOW_ASK, askMicros: ASK, skipsInRow: 1 });
    const paused = await until(() => seenC.find((u) => u.statusChanged != null), 'the paused update');
    expect(paused.statusChanged).toMatchObject({ status: wire.SubscriptionStatus.SUBSCRIPTION_PAUSED, change: wire.SubscriptionChange.CHANGE_PAUSED_AFTER_SKIPS });
    const resumed = await c.resumeSubscription(id);
    expect([rejectName(resumed), Number(resumed.subscriptionId)]).toEqual(['NONE', id]);
    const active = await until(() => seenC.find((u) => u.statusChanged?.change === wire.SubscriptionChange.CHANGE_RESUMED), 'the resumed update');
    expect(active.statusChanged!.status).toBe(wire.SubscriptionStatus.SUBSCRIPTION_ACTIVE);
    expect(seenC.some((u) => u.filled != null)).toBe(false);
    await c.close();
  });

  it('refuses malformed terms with typed errors, subscribing nothing', async () => {
    const terms = { contract: CONTRACT, qtyPerWindow: 1, capPriceMicros: 900_000, budgetMicros: PAT_MICROS };
    const before = fx.service.engine.subscriptions.live.size;
    const cases: Array<[Parameters<TradingClient['subscribe']>[0], string, string]> = [
      [{ ...terms, qtyPerWindow: 0 }, 'INVALID_FIELD', 'qty_per_window'],
      [{ ...terms, qtyPerWindow: 2_000_000 }, 'INVALID_FIELD', 'qty_per_window'],
      [{ ...terms, capPriceMicros: 0 }, 'INVALID_FIELD', 'cap_price_micros'],
      [{ ...terms, capPriceMicros: -5 }, 'INVALID_FIELD', 'cap_price_micros'],
      [{ ...terms, budgetMicros: 2 ** 60 }, 'VALUE_OUT_OF_RANGE', 'budget_micros'],
      [{ ...terms, trigger: 7 as patx.v1.SubscriptionTrigger }, 'INVALID_FIELD', 'trigger'],
      [{ ...terms, maxSkips: 101 }, 'INVALID_FIELD', 'max_skips'],
      [{ ...terms, contract: '' }, 'INVALID_FIELD', 'contract'],
      [{ ...terms, contract: 'X'.repeat(65) }, 'INVALID_FIELD', 'contract'],
      [{ ...terms, contract: 'NOPE|1D|0.70-0.85' }, 'CONTRACT_NOT_FOUND', 'contract'],
    ];
    for (const [t, code, field] of cases) expect(await refusal(a.subscribe(t)), JSON.stringify(t)).toEqual({ code, field });
    expect(await refusal(a.cancelSubscription(0))).toEqual({ code: 'INVALID_FIELD', field: 'subscription_id' });
    expect(await refusal(a.resumeSubscription(2 ** 60))).toEqual({ code: 'VALUE_OUT_OF_RANGE', field: 'subscription_id' });
    expect(fx.service.engine.subscriptions.live.size).toBe(before);
    // The session goes on.
    expect(rejectName(await a.cancelSubscription(999_999))).toBe('UNKNOWN_SUBSCRIPTION');
  });

  it('a failover client goes on hearing the account’s updates on its next connection', async () => {
    const f = await FailoverTradingClient.connect([fx.tradeUrl], { wallet: testWallet(905) });
    await fx.fund(f.accountId, 100);
    const seen: SubscriptionUpdate[] = [];
    f.onSubscriptionUpdate((u) => seen.push(u));
    const ack = await f.with((c) => c.subscribe({ contract: CONTRACT, qtyPerWindow: 1, capPriceMicros: 900_000, budgetMicros: PAT_MICROS, includeCurrent: false }));
    const id = Number(ack.subscriptionId);
    await until(() => seen.find((u) => u.created != null), 'the created update');
    expect(fx.service.gateway.closeSessionsOf(f.accountId, 'dropped by the test')).toBe(1);
    await until(() => (f.connections === 2 && f.current.socket.closed === undefined ? true : undefined), 'the next connection');
    const other = await fx.connect(testWallet(905));
    expect(rejectName(await other.cancelSubscription(id))).toBe('NONE');
    const changed = await until(() => seen.find((u) => u.statusChanged != null), 'the cancel, on the new connection');
    expect(Number(changed.subscriptionId)).toBe(id);
    await Promise.all([other.close(), f.close()]);
  });

  it("refuses a subscription the account's free PAT does not cover as POST /v1/subscriptions does (its INSUFFICIENT_BALANCE): INSUFFICIENT_FREE_PAT, typed, nothing subscribed", async () => {
    const poor = await fx.connect(testWallet(906));
    await fx.fund(poor.accountId, 1);
    const before = fx.service.engine.subscriptions.live.size;
    // One window at the cap: 3 × 0.9 PAT, more than the 1 PAT deposited.
    expect(await refusal(poor.subscribe({ contract: CONTRACT, qtyPerWindow: 3, capPriceMicros: 900_000, budgetMicros: 20 * PAT_MICROS }))).toEqual({ code: 'INSUFFICIENT_FREE_PAT', field: 'budget_micros' });
    expect(fx.service.engine.subscriptions.live.size).toBe(before);
    // Terms it covers are taken on the same session.
    const ack = await poor.subscribe({ contract: CONTRACT, qtyPerWindow: 1, capPriceMicros: 900_000, budgetMicros: PAT_MICROS, includeCurrent: false });
    expect(rejectName(ack)).toBe('NONE');
    await poor.close();
  });

  it("keeps the cover free: a withdrawal that would leave less than the live subscriptions' next window is refused INSUFFICIENT_FREE_PAT, withdrawals in flight counted; cancelled, the rest may go", async () => {
    const c = await fx.connect(testWallet(907));
    await fx.fund(c.accountId, 5);
    const wei = (pat: number): bigint => BigInt(Math.round(pat * 1_000_000)) * 10n ** 12n;
    const free = (): number => fx.service.engine.accounts[c.accountId]!.availableMicros;
    const ack = await c.subscribe({ contract: CONTRACT, qtyPerWindow: 1, capPriceMicros: 900_000, budgetMicros: 10 * PAT_MICROS, includeCurrent: false });
    expect(rejectName(ack)).toBe('NONE'); // its next window: 0.9 PAT, counted as the 1 PAT minimum
    const refused = await refusal(c.requestWithdrawal(wei(4.5)));
    expect(refused).toEqual({ code: 'INSUFFICIENT_FREE_PAT', field: 'amount_wei' });
    expect(free()).toBe(5 * PAT_MICROS);
    // Two at once, each within what is free on its own: the second sees the first in flight.
    const [first, second] = await Promise.allSettled([c.requestWithdrawal(wei(2.5)), c.requestWithdrawal(wei(2.5))]);
    expect(first.status === 'fulfilled' ? rejectName(first.value) : first.reason).toBe('NONE');
    expect(second.status === 'rejected' && second.reason instanceof PatxRequestError ? second.reason.code : second).toBe('INSUFFICIENT_FREE_PAT');
    expect(free()).toBe(2.5 * PAT_MICROS);
    expect(rejectName(await c.requestWithdrawal(wei(1.5)))).toBe('NONE'); // what stays free: the 1 PAT the window needs
    expect(free()).toBe(PAT_MICROS);
    expect(rejectName(await c.cancelSubscription(Number(ack.subscriptionId)))).toBe('NONE');
    expect(rejectName(await c.requestWithdrawal(wei(1)))).toBe('NONE'); // no live subscription: the whole free balance
    expect(free()).toBe(0);
    await c.close();
  });

  it('leaves the engine’s refusals to the engine: a provider may not subscribe', async () => {
    const provider = await fx.connect(await openProvider(fx, 903));
    const ack = await provider.subscribe({ contract: CONTRACT, qtyPerWindow: 1, capPriceMicros: 900_000, budgetMicros: PAT_MICROS });
    expect([rejectName(ack), Number(ack.subscriptionId ?? 0)]).toEqual(['ROLE_NOT_ALLOWED', 0]);
    await provider.close();
  });
});
