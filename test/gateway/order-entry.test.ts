/**
 * Order entry end to end on a real uWS server and LMDB journal: orders trade
 * against the broker and their reports arrive in the ack; fills against resting
 * orders arrive unsolicited; no ack leaves before its journal record commits;
 * retries with a client order id are refused; a session acts only on its own
 * account; throttles, heartbeats and cancel-on-disconnect work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatxConnectionClosedError, PatxRequestError, rejectName, wire, type patx } from '../../src/client/index.js';
import { CommandKind, EventType, OrderType, RejectReason, SelfTradePrevention, Side, SYSTEM_ACTOR, TimeInForce, WEI_PER_MICRO, type JournalBatch } from '../../src/engine/index.js';
import { closeCode, ErrorCode } from '../../src/gateway/index.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';
import { until } from '../support/exchange-fixture.js';

let fx: GatewayFixture;
const PRICE = 2 * PAT_MICROS;

beforeAll(async () => {
  fx = await startGatewayFixture();
  await fx.stockBroker(1_000, PRICE - 100_000);
});
afterAll(async () => {
  await fx.stop();
});

async function fundedConsumer(i: number, pat = 1_000): Promise<Awaited<ReturnType<GatewayFixture['connect']>>> {
  const client = await fx.connect(testWallet(i));
  await fx.fund(client.accountId, pat);
  return client;
}

describe('order flow', () => {
  it('buys from the broker: the ack carries New and Trade reports with OrderQty = CumQty + LeavesQty', async () => {
    await fx.quote({ priceMicros: PRICE - 200_000, qty: 10 }, { priceMicros: PRICE, qty: 50 });
    const c = await fundedConsumer(100);
    const ack = await c.newOrder({ seriesId: fx.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: PRICE, qty: 5, timeInForce: wire.TimeInForce.IOC });
    expect(rejectName(ack)).toBe('NONE');
    const reports = ack.reports!;
    expect(reports.map((r) => r.execType)).toEqual([wire.ExecType.EXEC_NEW, wire.ExecType.EXEC_TRADE]);
    const trade = reports[1]!;
    expect(trade).toMatchObject({ ordStatus: wire.OrdStatus.ORDER_FILLED, lastQty: 5, lastPriceMicros: PRICE, cumQty: 5, leavesQty: 0, orderQty: 5, clientOrderId: 1 });
    for (const r of reports) expect(Number(r.orderQty)).toBe(Number(r.cumQty ?? 0) + Number(r.leavesQty ?? 0));
    const account = await c.account();
    expect(account.positions!.find((p) => Number(p.seriesId) === fx.seriesId)?.available).toBe(5);
    // Exercise two rights: the ack names the exercise.
    const exercised = await c.exercise(fx.seriesId, 2);
    expect(rejectName(exercised)).toBe('NONE');
    expect(Number(exercised.exerciseId)).toBeGreaterThan(0);
    await c.close();
  });

  it("writes a turn's acks out before the turn's listeners run (the read models' writes, market data)", async () => {
    const c = await fundedConsumer(103);
    const { metrics } = fx.service.gateway;
    const { sequencer } = fx.service;
    // A listener added now runs after the gateway's and the read models' own: what it sees, theirs saw too.
    const seen: Array<{ lastSeq: number; framesOut: number }> = [];
    sequencer.onRelease((batch) => seen.push({ lastSeq: batch.firstSeq + batch.commands.length - 1, framesOut: metrics.framesOut }));
    const before = metrics.framesOut;
    const ack = await c.newOrder({ seriesId: fx.seriesId, clientOrderId: 9, side: wire.Side.BUY, priceMicros: PRICE - 900_000, qty: 1 });
    expect(rejectName(ack)).toBe('NONE');
    const turn = seen.find((t) => t.lastSeq >= Number(ack.seq));
    // The ack frame was counted as sent (written under cork) while the turn was still with its listeners.
    expect(turn!.framesOut).toBeGreaterThan(before);
    await c.cancel({ clientOrderId: 9 });
    await c.close();
  });

  it('answers every order to its own session while the senders are reused, a session closing with orders in flight', async () => {
    // The gateway keeps each command's sender for the next command once it is heard (server.ts, SessionCommand's pool):
    // five sessions send at once, one closes with its orders queued; every other order's ack is its own.
    const clients = await Promise.all([110, 111, 112, 113, 114].map((i) => fundedConsumer(i, 500)));
    const PER = 120;
    const send = (c: (typeof clients)[number], k: number, from: number): Promise<patx.v1.ICommandAck> =>
      c.newOrder({ seriesId: fx.seriesId, clientOrderId: from + k, side: wire.Side.BUY, priceMicros: 500_000 + (k % 5) * 100_000, qty: 1 });
    const leaving = clients[4]!;
    const WAVE = 20;
    // In waves: each wave's orders take senders the waves before released, several in flight at once.
    const waves = async (c: (typeof clients)[number], from: number): Promise<patx.v1.ICommandAck[]> => {
      const acks: patx.v1.ICommandAck[] = [];
      for (let w = 0; w < PER; w += WAVE) acks.push(...(await Promise.all(Array.from({ length: WAVE }, (_, k) => send(c, w + k, from)))));
      return acks;
    };
    const left = waves(leaving, 1).catch((e: unknown) => e);
    const rounds = clients.slice(0, 4).map((c, n) => waves(c, (n + 1) * 10_000));
    await new Promise((r) => setTimeout(r, 5));
    await leaving.close();
    await left;
    for (const [n, round] of rounds.entries()) {
      const acks = await round;
      const ids = acks.map((a) => Number(a.reports?.[0]?.clientOrderId));
      expect(ids).toEqual(Array.from({ length: PER }, (_, k) => (n + 1) * 10_000 + k));
      expect(acks.map((a) => rejectName(a)).filter((r) => r !== 'NONE')).toEqual([]);
    }
    // Every session's book is its own: each of the four holds its 120 orders, and one more order each is answered.
    for (const [n, c] of clients.slice(0, 4).entries()) {
      expect((await c.openOrders()).map((o) => Number(o.clientOrderId)).sort((a, b) => a - b)).toEqual(Array.from({ length: PER }, (_, k) => (n + 1) * 10_000 + k));
      expect(Number((await send(c, PER, (n + 1) * 10_000)).reports?.[0]?.clientOrderId)).toBe((n + 1) * 10_000 + PER);
      await c.massCancel({});
      await c.close();
    }
  });

  it('refuses a retry with the same client order id, and reports engine rejects by reason', async () => {
    const c = await fundedConsumer(101);
    const order = { seriesId: fx.seriesId, clientOrderId: 42, side: wire.Side.BUY, priceMicros: PRICE - 500_000, qty: 3 };
    const first = await c.newOrder(order);
    expect(first.reports![0]!.execType).toBe(wire.ExecType.EXEC_NEW);
    // Each report names the order's side and limit, as FIX's Side (54) and Price (44).
    expect(first.reports![0]).toMatchObject({ side: wire.Side.BUY, priceMicros: PRICE - 500_000 });
    const retry = await c.newOrder(order);
    expect(rejectName(retry)).toBe('DUPLICATE_CLIENT_ORDER_ID');
    expect(retry.reports![0]).toMatchObject({ execType: wire.ExecType.EXEC_REJECTED, ordStatus: wire.OrdStatus.ORDER_REJECTED, clientOrderId: 42 });
    expect([Number(retry.reports![0]!.side ?? 0), Number(retry.reports![0]!.priceMicros ?? 0)]).toEqual([0, 0]); // no order was made
    expect((await c.openOrders()).filter((o) => Number(o.clientOrderId) === 42)).toHaveLength(1);
    const offTick = await c.newOrder({ ...order, clientOrderId: 43, priceMicros: PRICE + 1 });
    expect(rejectName(offTick)).toBe('INVALID_TICK');
    const tooMuch = await c.newOrder({ ...order, clientOrderId: 44, qty: 10_000_000 });
    expect(['QUANTITY_TOO_LARGE', 'INSUFFICIENT_BALANCE']).toContain(rejectName(tooMuch));
    // Cancel by client order id; amend; cancel of an unknown order.
    const amended = await c.amend(Number(first.reports![0]!.orderId), 2, PRICE - 500_000);
    expect(amended.reports![0]).toMatchObject({ execType: wire.ExecType.EXEC_REPLACED, orderQty: 2, side: wire.Side.BUY, priceMicros: PRICE - 500_000 });
    // A new price: the replaced report says it (it did not).
    const repriced = await c.amend(Number(first.reports![0]!.orderId), 2, PRICE - 600_000);
    expect(repriced.reports![0]).toMatchObject({ execType: wire.ExecType.EXEC_REPLACED, priceMicros: PRICE - 600_000 });
    const canceled = await c.cancel({ clientOrderId: 42 });
    expect(canceled.reports![0]).toMatchObject({ execType: wire.ExecType.EXEC_CANCELED, ordStatus: wire.OrdStatus.ORDER_CANCELED, side: wire.Side.BUY, priceMicros: PRICE - 600_000 });
    expect(rejectName(await c.cancel({ orderId: 99_999_999 }))).toBe('UNKNOWN_ORDER');
    await c.close();
  });

  it('delivers fills against a resting order to its owner unsolicited, on every session of the account', async () => {
    const wallet = testWallet(102);
    const a = await fundedConsumer(102);
    const b = await fx.connect(wallet);
    const seenA: patx.v1.IExecutionReport[] = [];
    const seenB: patx.v1.IExecutionReport[] = [];
    a.onReport((r) => seenA.push(r));
    b.onReport((r) => seenB.push(r));
    const resting = await a.newOrder({ seriesId: fx.seriesId, clientOrderId: 7, side: wire.Side.BUY, priceMicros: PRICE - 300_000, qty: 4 });
    expect(resting.reports![0]!.execType).toBe(wire.ExecType.EXEC_NEW);
    await until(() => seenB.length === 1, 'the other session to see the New report');
    // The broker (its bid quote pulled, so it does not cross itself) sells into the bid.
    await fx.quote(undefined, { priceMicros: PRICE, qty: 50 });
    const sold = await fx.submit({
      kind: CommandKind.NEW_ORDER, actor: fx.service.engine.brokerId, seriesId: fx.seriesId, clientOrderId: 0, side: Side.SELL,
      orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: PRICE - 300_000, qty: 4, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
    });
    expect(sold.events.some((e) => e.type === EventType.FILL)).toBe(true);
    await until(() => seenA.length === 1 && seenB.length === 2, 'fill reports');
    expect(seenA[0]).toMatchObject({ execType: wire.ExecType.EXEC_TRADE, ordStatus: wire.OrdStatus.ORDER_FILLED, clientOrderId: 7, lastQty: 4 });
    expect(seenB[1]).toEqual(seenA[0]);
    await a.close();
    await b.close();
  });

  it('sends no ack before the journal record of its command has committed', async () => {
    // 'commit' durability: a record is committed when appendCommitted returns; the ack goes out after it.
    const c = await fundedConsumer(103);
    const journal = fx.service.journal;
    const original = journal.appendCommitted.bind(journal);
    const committedAtAck: Array<{ seq: number; committedUpTo: number }> = [];
    let committedUpTo = fx.service.engine.lastSeq;
    journal.appendCommitted = (batch: JournalBatch): void => {
      original(batch);
      committedUpTo = batch.firstSeq + batch.commands.length - 1;
    };
    // The gateway's ack callback, seen on the server's side (the client sees the frame later, whatever the order).
    const sequencer = fx.service.sequencer;
    const enqueueFrom = sequencer.enqueueFrom.bind(sequencer);
    sequencer.enqueueFrom = (cmd, sender) =>
      enqueueFrom(cmd, {
        acked: (seq, timeMs, events, from, to) => (committedAtAck.push({ seq, committedUpTo }), sender.acked(seq, timeMs, events, from, to)),
        refused: (error) => sender.refused(error),
      });
    try {
      const acks = await Promise.all(
        Array.from({ length: 20 }, (_, i) => c.newOrder({ seriesId: fx.seriesId, clientOrderId: 1_000 + i, side: wire.Side.BUY, priceMicros: PRICE - 400_000, qty: 1 })),
      );
      expect(acks.map((a) => rejectName(a)).filter((r) => r !== 'NONE')).toEqual([]);
      expect(committedAtAck.length).toBeGreaterThanOrEqual(20);
      expect(committedAtAck.filter((a) => a.seq > a.committedUpTo)).toEqual([]);
    } finally {
      journal.appendCommitted = original;
      sequencer.enqueueFrom = enqueueFrom;
    }
    await c.massCancel();
    await c.close();
  });
});

describe("order flow with 'flush' durability (commits held back 100 ms)", () => {
  let flushed: GatewayFixture;
  beforeAll(async () => {
    flushed = await startGatewayFixture({}, { durability: 'flush' });
    await flushed.stockBroker(1_000, PRICE - 100_000);
  });
  afterAll(async () => {
    await flushed.stop();
  });

  it('sends no ack before the journal record of its command has committed', async () => {
    const c = await flushed.connect(testWallet(104));
    await flushed.fund(c.accountId, 1_000);
    const journal = flushed.service.journal;
    const original = journal.append.bind(journal);
    let committedUpTo = flushed.service.engine.lastSeq;
    // Hold every commit back 100 ms, and remember what has committed.
    journal.append = (batch: JournalBatch) =>
      original(batch).then(async () => {
        await new Promise((r) => setTimeout(r, 100));
        committedUpTo = Math.max(committedUpTo, batch.firstSeq + batch.commands.length - 1);
      });
    try {
      const violations: string[] = [];
      const acks = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          c.newOrder({ seriesId: flushed.seriesId, clientOrderId: 1_000 + i, side: wire.Side.BUY, priceMicros: PRICE - 400_000, qty: 1 }).then((ack) => {
            if (Number(ack.seq) > committedUpTo) violations.push(`seq ${ack.seq} acked, committed only to ${committedUpTo}`);
            return ack;
          }),
        ),
      );
      expect(violations).toEqual([]);
      expect(acks.map((a) => rejectName(a)).filter((r) => r !== 'NONE')).toEqual([]);
    } finally {
      journal.append = original;
    }
    await c.close();
  });
});

describe('a session acts only on its own account', () => {
  it('cannot cancel, amend or mass-cancel another account’s orders', async () => {
    const owner = await fundedConsumer(104);
    const other = await fundedConsumer(105);
    const placed = await owner.newOrder({ seriesId: fx.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: PRICE - 600_000, qty: 2 });
    const orderId = Number(placed.reports![0]!.orderId);
    // Another account's order looks unknown: ids of others' orders reveal nothing.
    expect(rejectName(await other.cancel({ orderId }))).toBe('UNKNOWN_ORDER');
    expect(rejectName(await other.amend(orderId, 1, PRICE - 600_000))).toBe('UNKNOWN_ORDER');
    await expect(other.massCancel({ scope: wire.MassCancelScope.ACCOUNT, accountId: owner.accountId })).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    expect(rejectName(await other.massCancel({ scope: wire.MassCancelScope.ALL }))).toBe('ROLE_NOT_ALLOWED');
    expect(await owner.openOrders(fx.seriesId)).toHaveLength(1);
    await owner.close();
    await other.close();
  });

  it('withdraws only what is free, and names the withdrawal', async () => {
    const c = await fundedConsumer(106, 10);
    const ok = await c.requestWithdrawal(3n * 10n ** 18n);
    expect(rejectName(ok)).toBe('NONE');
    expect(Number(ok.withdrawalId)).toBeGreaterThan(0);
    expect(rejectName(await c.requestWithdrawal(100n * 10n ** 18n))).toBe('INSUFFICIENT_BALANCE');
    await expect(c.command({ requestWithdrawal: { amountWei: '-5' } })).rejects.toMatchObject({ code: 'INVALID_FIELD', field: 'amount_wei' });
    const view = await c.account();
    expect(view.pendingWithdrawalWei).toBe((3n * 10n ** 18n).toString());
    expect(view.availableWei).toBe((7n * 10n ** 18n).toString());
    await c.close();
  });

  it('refuses dust and floods: a withdrawal under the minimum unless it empties the account, and more pending than the bound (each is a batch entry the exchange pays gas for)', async () => {
    const c = await fundedConsumer(107, 10);
    await expect(c.requestWithdrawal(1n)).rejects.toMatchObject({ code: 'INVALID_FIELD', field: 'amount_wei' });
    await expect(c.requestWithdrawal(10n ** 16n - 1n)).rejects.toMatchObject({ code: 'INVALID_FIELD' });
    // The minimum itself goes, up to the bound of pending withdrawals (20); the next waits for a batch.
    for (let i = 0; i < 20; i++) expect(rejectName(await c.requestWithdrawal(10n ** 16n)), `#${i}`).toBe('NONE');
    await expect(c.requestWithdrawal(10n ** 16n)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // The bound is the engine's rule (rules 24), the same number: a withdrawal sent past the gateway is refused there.
    const direct = await fx.service.sequencer.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: c.accountId, amountWei: 10n ** 16n });
    expect(direct.events.map((e) => (e.type === EventType.COMMAND_REJECTED ? e.reason : e.type))).toEqual([RejectReason.TOO_MANY_PENDING_WITHDRAWALS]);
    expect(BigInt((await c.account()).pendingWithdrawalWei ?? '0')).toBe(20n * 10n ** 16n);
    await c.close();
    // An account holding less than the minimum can still empty itself: the whole free balance is taken.
    const small = await fx.connect(testWallet(108));
    await fx.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: small.accountId, amountWei: 5n, ref: 'dust-108' });
    await expect(small.requestWithdrawal(4n)).rejects.toMatchObject({ code: 'INVALID_FIELD' });
    expect(rejectName(await small.requestWithdrawal(5n))).toBe('NONE');
    await small.close();
  });

  it('holds the bound of pending withdrawals against a flood sent at once: those queued and not yet applied count', async () => {
    // Sent without waiting, every one reached the gateway's check before the engine applied the first: each was
    // admitted against the same count of pending withdrawals, and 30 to 45 of 60 were taken (an outside review, 2026-12-05).
    const c = await fundedConsumer(109, 10);
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => c.requestWithdrawal(10n ** 16n)));
    const taken = results.filter((r) => r.status === 'fulfilled' && rejectName(r.value) === 'NONE').length;
    const limited = results.filter((r) => r.status === 'rejected' && (r.reason as PatxRequestError).code === 'RATE_LIMITED').length;
    expect({ taken, limited }).toEqual({ taken: 20, limited: 40 });
    const view = await c.account();
    expect(BigInt(view.pendingWithdrawalWei ?? '0')).toBe(20n * 10n ** 16n);
    expect(BigInt(view.availableWei ?? '0')).toBe(10n * 10n ** 18n - 20n * 10n ** 16n);
    // Refused by the gateway or applied, none is left counted in flight: once a batch would pay them, the bound is whole again.
    expect((fx.service.gateway as unknown as { withdrawalsInFlight: Map<number, number> }).withdrawalsInFlight.size).toBe(0);
    await c.close();
  });
});

describe('session protections', () => {
  it('throttles a session above its message rate with a typed error, doing nothing for the refused ones', async () => {
    // Time stands still unless the test moves it, so the budget refills only when told to.
    let nowMs = Date.now();
    const small = await startGatewayFixture({ maxMessagesPerSecond: 20 }, {}, [], () => nowMs);
    try {
      const c = await small.connect(testWallet(200), { heartbeat: false });
      await small.fund(c.accountId, 100);
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) => c.newOrder({ seriesId: small.seriesId, clientOrderId: i + 1, side: wire.Side.BUY, priceMicros: 1_000_000, qty: 1 })),
      );
      const throttled = results.filter((r) => r.status === 'rejected' && (r.reason as PatxRequestError).code === 'RATE_LIMITED').length;
      const accepted = results.filter((r) => r.status === 'fulfilled').length;
      // A budget of 20 a second, one spent on the login: the first 19 orders pass, in order, the other 41 are refused.
      expect(accepted).toBe(19);
      expect(throttled).toBe(41);
      expect(results.map((r) => r.status)).toEqual([...Array<string>(19).fill('fulfilled'), ...Array<string>(41).fill('rejected')]);
      // Each refusal says when the next frame would pass: the bucket is empty and the clock still, one token is 1/20 s away.
      const messages = new Set(results.map((r) => (r.status === 'rejected' ? (r.reason as PatxRequestError).message : 'ok')));
      expect([...messages]).toEqual(['ok', 'RATE_LIMITED: over 20 messages per second; nothing was done, retry after 50 ms']);
      nowMs += 1_100; // the budget refills
      expect(await c.openOrders()).toHaveLength(accepted);
      await c.close();
    } finally {
      await small.stop();
    }
  });

  it('refuses a command with SERVER_BUSY once the engine has busyAtQueuedCommands waiting, doing nothing for it', async () => {
    const busy = await startGatewayFixture({ busyAtQueuedCommands: 8 });
    try {
      const c = await busy.connect(testWallet(201), { heartbeat: false });
      await busy.fund(c.accountId, 100);
      // Sent in one tick of this process, which the server shares: its next read finds every frame, so they reach
      // the sequencer's queue before any turn takes them.
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => c.newOrder({ seriesId: busy.seriesId, clientOrderId: i + 1, side: wire.Side.BUY, priceMicros: 1_000_000, qty: 1 })),
      );
      const accepted = results.filter((r) => r.status === 'fulfilled').length;
      const refused = results.filter((r) => r.status === 'rejected' && (r.reason as PatxRequestError).code === 'SERVER_BUSY').length;
      expect(accepted).toBeGreaterThanOrEqual(8);
      expect(refused).toBeGreaterThan(0);
      expect(accepted + refused).toBe(40);
      // Nothing was done for the refused ones: only the accepted rest.
      expect(await c.openOrders()).toHaveLength(accepted);
      // The queue drained: the next order is taken.
      expect(rejectName(await c.newOrder({ seriesId: busy.seriesId, clientOrderId: 100, side: wire.Side.BUY, priceMicros: 1_000_000, qty: 1 }))).toBe('NONE');
      await c.close();
    } finally {
      await busy.stop();
    }
  });

  it('past busyAtQueuedCommands still takes what takes risk away: a mass cancel is acked where a new order is refused', async () => {
    const busy = await startGatewayFixture({ busyAtQueuedCommands: 8 });
    try {
      const c = await busy.connect(testWallet(202), { heartbeat: false });
      await busy.fund(c.accountId, 100);
      // The exchange's own commands fill the queue past the bound for several turns (the fixture's turns take 1,024),
      // in the tick the client sends: the server reads the frames while they wait.
      const { sequencer } = busy.service;
      for (let i = 0; i < 5_000; i++) sequencer.enqueue({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: c.accountId, amountWei: WEI_PER_MICRO, ref: `busy:${i}` });
      const order = c.newOrder({ seriesId: busy.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 1_000_000, qty: 1 });
      const massCancel = c.massCancel({});
      await expect(order).rejects.toMatchObject({ code: 'SERVER_BUSY' });
      expect(rejectName(await massCancel)).toBe('NONE');
      await c.close();
    } finally {
      await busy.stop();
    }
  });

  it('sends heartbeats, closes a silent session with HEARTBEAT_TIMEOUT, and cancels its orders when asked to', async () => {
    // The timeout leaves room for a stalled machine: the watcher must outlive it on heartbeats alone.
    const quick = await startGatewayFixture({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 1_500 });
    try {
      const watcher = await quick.connect(testWallet(301));
      const heartbeats: number[] = [];
      watcher.onFrame((f) => f.body === 'heartbeat' && heartbeats.push(Number(f.heartbeat!.timeMs)));

      const silent = await quick.connect(testWallet(300), { heartbeat: false, cancelOnDisconnect: true });
      await quick.fund(silent.accountId, 100);
      await silent.newOrder({ seriesId: quick.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 1_000_000, qty: 1 });
      const closed = new Promise<PatxConnectionClosedError>((r) => (silent.socket.onClose = r));
      const e = await closed;
      expect(e.code).toBe(closeCode(ErrorCode.HEARTBEAT_TIMEOUT));
      await until(() => quick.service.engine.accounts[silent.accountId]!.openOrders === 0, 'cancel-on-disconnect');
      expect(heartbeats.length).toBeGreaterThanOrEqual(2);
      expect(watcher.socket.closed).toBeUndefined(); // its client heartbeats kept it alive

      // Without cancel-on-disconnect, an abrupt drop leaves the orders resting.
      const keeper = await quick.connect(testWallet(302));
      await quick.fund(keeper.accountId, 100);
      await keeper.newOrder({ seriesId: quick.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 1_000_000, qty: 1 });
      keeper.socket.terminate();
      await new Promise((r) => setTimeout(r, 200));
      expect(quick.service.engine.accounts[keeper.accountId]!.openOrders).toBe(1);
      await watcher.close();
    } finally {
      await quick.stop();
    }
  });

  it('keeps sessions alive when the service clock steps forward (liveness runs on the monotonic clock)', async () => {
    // A wall-clock step (NTP, or a test moving time to a window's open) once looked like every
    // connection falling silent at once: the next sweep cut them all with HEARTBEAT_TIMEOUT.
    let offsetMs = 0;
    const stepped = await startGatewayFixture({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 3_000 }, {}, [], () => Date.now() + offsetMs);
    try {
      // Sends nothing on its own, so only the server's sweep decides whether it is alive.
      const client = await stepped.connect(testWallet(303), { heartbeat: false });
      const heartbeats: number[] = [];
      client.onFrame((f) => f.body === 'heartbeat' && heartbeats.push(Number(f.heartbeat!.timeMs)));
      offsetMs = 3_600_000;
      await until(() => heartbeats.some((t) => t >= Date.now() + 3_000_000), 'a heartbeat on the stepped clock');
      await new Promise((r) => setTimeout(r, 500)); // more sweeps after the step, well within the 3 s timeout
      expect(client.socket.closed).toBeUndefined();
      await stepped.fund(client.accountId, 10);
      const ack = await client.newOrder({ seriesId: stepped.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 1_000_000, qty: 1 });
      expect(rejectName(ack)).toBe('NONE');
      await client.close();
    } finally {
      await stepped.stop();
    }
  });
});
