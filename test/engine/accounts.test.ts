/**
 * Accounts, PAT and rights: opening accounts (one broker), deposits (idempotent,
 * exact to the wei), withdrawals, the balance limit, minting within declared
 * capacity, and exercising rights. Also checks that the conservation check used
 * by every engine test does catch broken state.
 */
import { describe, expect, it } from 'vitest';

import {
  Account,
  decodeState,
  encodeState,
  EventType,
  MAX_TOTAL_MICROS,
  Position,
  RejectReason,
  Role,
  Side,
  TimeInForce,
  WEI_PER_MICRO,
  type EngineEvent,
} from '../../src/engine/index.js';
import {
  DAY_MS,
  HOUR_MS,
  PAT,
  T0,
  WINDOW_MS,
  conservationProblems,
  createFixture,
  microsToWei,
  ofType,
  rejection,
  type EngineFixture,
  expectRefused,
} from '../support/engine-fixture.js';

const { BUY, SELL } = Side;

/** Refused as a command (not an order), with nothing changed. */
function expectCommandRefused(fx: EngineFixture, reason: RejectReason, run: () => EngineEvent[]): void {
  const ev = expectRefused(fx, reason, run);
  expect(ev[0]!.type).toBe(EventType.COMMAND_REJECTED);
}

/** Gives consumer `c` `qty` rights in `seriesId`: a provider sells to the broker, the broker to `c`. */
function giveRights(fx: EngineFixture, c: number, qty: number, seriesId = fx.seriesId): void {
  const p = fx.providers[1]!;
  const pos = fx.acct(p).positions.get(seriesId);
  if (pos === undefined || pos.capacity - pos.minted < qty) fx.declareCapacity(p, (pos?.capacity ?? 0) + qty, seriesId);
  fx.mint(p, qty, seriesId);
  fx.sell(p, 500_000, qty, { seriesId });
  fx.buy(fx.broker, 500_000, qty, { seriesId, tif: TimeInForce.IOC });
  fx.sell(fx.broker, 600_000, qty, { seriesId });
  const ev = fx.buy(c, 600_000, qty, { seriesId });
  expect(ofType(ev, EventType.FILL).reduce((n, f) => n + f.qty, 0)).toBe(qty);
}

describe('opening accounts', () => {
  it('numbers accounts from 1 and reports role and address', () => {
    const fx = createFixture({ consumers: 0, providers: 0, brokerRights: 0 });
    expect(fx.operator).toBe(1);
    expect(fx.broker).toBe(2);
    const addr = '0x' + 'ab'.repeat(20);
    const ev = fx.openAccount(Role.CONSUMER, fx.operator, addr);
    expect(ev).toEqual([{ type: EventType.ACCOUNT_OPENED, seq: fx.engine.lastSeq, accountId: 3, role: Role.CONSUMER, address: addr }]);
    expect(fx.acct(3)).toMatchObject({ role: Role.CONSUMER, address: addr, availableMicros: 0 });
  });

  it('allows exactly one broker', () => {
    const fx = createFixture();
    expect(fx.engine.brokerId).toBe(fx.broker);
    expectCommandRefused(fx, RejectReason.BROKER_ALREADY_EXISTS, () => fx.openAccount(Role.BROKER));
    expect(fx.engine.brokerId).toBe(fx.broker);
  });

  it('only the operator (or the system) opens accounts', () => {
    const fx = createFixture();
    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.openAccount(Role.CONSUMER, fx.consumers[0]!));
    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.openAccount(Role.CONSUMER, fx.broker));
    expect(ofType(fx.openAccount(Role.CONSUMER, fx.operator), EventType.ACCOUNT_OPENED)).toHaveLength(1);
  });

  it('refuses unknown roles and malformed addresses', () => {
    const fx = createFixture();
    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.openAccount(0 as Role));
    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.openAccount(6 as Role));
    expectCommandRefused(fx, RejectReason.INVALID_ADDRESS, () => fx.openAccount(Role.CONSUMER, 0, '0x1234'));
    expectCommandRefused(fx, RejectReason.INVALID_ADDRESS, () => fx.openAccount(Role.CONSUMER, 0, '0x' + 'AB'.repeat(20)));
    expectCommandRefused(fx, RejectReason.INVALID_ADDRESS, () => fx.openAccount(Role.CONSUMER, 0, 'ab'.repeat(21)));
  });

  it('gives each settlement address to one account, also after a snapshot round trip', () => {
    const fx = createFixture();
    const address = '0x' + 'ab'.repeat(20);
    const opened = ofType(fx.openAccount(Role.CONSUMER, 0, address), EventType.ACCOUNT_OPENED)[0]!;
    expect(fx.engine.accountIdByAddress.get(address)).toBe(opened.accountId);
    expectCommandRefused(fx, RejectReason.ADDRESS_IN_USE, () => fx.openAccount(Role.PROVIDER, 0, address));
    const restored = decodeState(encodeState(fx.engine));
    expect(restored.accountIdByAddress.get(address)).toBe(opened.accountId);
  });
});

describe('deposits', () => {
  it('credit the account and total, once per reference', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const avail = fx.available(c);
    const total = fx.engine.totalMicros;
    const ev = fx.deposit(c, 5 * PAT, 'tx1:0');
    expect(ev).toEqual([{ type: EventType.DEPOSIT_CREDITED, seq: fx.engine.lastSeq, accountId: c, amountWei: microsToWei(5 * PAT), ref: 'tx1:0' }]);
    expect(fx.available(c)).toBe(avail + 5 * PAT);
    expect(fx.engine.totalMicros).toBe(total + 5 * PAT);
    // The same reference again, even for another account or amount, changes nothing.
    expectCommandRefused(fx, RejectReason.DUPLICATE_DEPOSIT, () => fx.deposit(c, 5 * PAT, 'tx1:0'));
    expectCommandRefused(fx, RejectReason.DUPLICATE_DEPOSIT, () => fx.deposit(fx.consumers[1]!, 7 * PAT, 'tx1:0'));
    expect(fx.available(c)).toBe(avail + 5 * PAT);
    expect(ofType(fx.deposit(c, 5 * PAT, 'tx1:1'), EventType.DEPOSIT_CREDITED)).toHaveLength(1);
  });

  it('refuses bad deposits', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.depositWei(c, 10n, 'r', c));
    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.depositWei(c, 10n, 'r', fx.broker));
    expectCommandRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => fx.depositWei(999, 10n, 'r'));
    expectCommandRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => fx.depositWei(0, 10n, 'r'));
    expectCommandRefused(fx, RejectReason.INVALID_AMOUNT, () => fx.depositWei(c, 0n, 'r'));
    expectCommandRefused(fx, RejectReason.INVALID_AMOUNT, () => fx.depositWei(c, -5n, 'r'));
    expectCommandRefused(fx, RejectReason.INVALID_AMOUNT, () => fx.depositWei(c, 10n, ''));
    expectCommandRefused(fx, RejectReason.INVALID_AMOUNT, () => fx.depositWei(c, 10n, 'x'.repeat(201)));
    expect(ofType(fx.depositWei(c, 10n, 'x'.repeat(200)), EventType.DEPOSIT_CREDITED)).toHaveLength(1);
    expect(ofType(fx.depositWei(c, 10n, 'r', 0), EventType.DEPOSIT_CREDITED)).toHaveLength(1);
  });

  it('keep sub-µPAT amounts exact to the wei, carrying into whole µPAT', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const a = fx.acct(c);
    const avail = a.availableMicros;
    const total = fx.engine.totalMicros;
    const freeBefore = a.freeWei(WEI_PER_MICRO);
    fx.depositWei(c, 1_500_000_000_000n); // 1.5 µPAT
    expect(a.availableMicros).toBe(avail + 1);
    expect(a.remainderWei).toBe(500_000_000_000n);
    expect(a.freeWei(WEI_PER_MICRO)).toBe(freeBefore + 1_500_000_000_000n);
    fx.depositWei(c, 1n);
    expect(a.availableMicros).toBe(avail + 1);
    expect(a.remainderWei).toBe(500_000_000_001n);
    fx.depositWei(c, 499_999_999_999n);
    expect(a.availableMicros).toBe(avail + 2);
    expect(a.remainderWei).toBe(0n);
    expect(a.freeWei(WEI_PER_MICRO)).toBe(freeBefore + 2_000_000_000_000n);
    expect(fx.engine.totalMicros).toBe(total + 2);
  });

  it('refuse to push the exchange past MAX_TOTAL_MICROS (BALANCE_LIMIT)', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const room = MAX_TOTAL_MICROS - fx.engine.totalMicros;
    expectCommandRefused(fx, RejectReason.BALANCE_LIMIT, () => fx.depositWei(c, microsToWei(room + 1)));
    expectCommandRefused(fx, RejectReason.BALANCE_LIMIT, () => fx.depositWei(c, 10n ** 40n));
    expect(ofType(fx.depositWei(c, microsToWei(room)), EventType.DEPOSIT_CREDITED)).toHaveLength(1);
    expect(fx.engine.totalMicros).toBe(MAX_TOTAL_MICROS);
    expectCommandRefused(fx, RejectReason.BALANCE_LIMIT, () => fx.depositWei(fx.consumers[1]!, WEI_PER_MICRO));
    // Wei below one µPAT add no µPAT and are still accepted.
    expect(ofType(fx.depositWei(c, WEI_PER_MICRO - 1n), EventType.DEPOSIT_CREDITED)).toHaveLength(1);
    // ... but the one that would carry into a whole µPAT is not.
    expectCommandRefused(fx, RejectReason.BALANCE_LIMIT, () => fx.depositWei(c, 1n));
  });
});

describe('withdrawals', () => {
  it('debit on request, stay pending, and clear on completion', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const a = fx.acct(c);
    const avail = a.availableMicros;
    const total = fx.engine.totalMicros;
    const ev = fx.requestWithdrawal(c, microsToWei(3 * PAT));
    const req = ofType(ev, EventType.WITHDRAWAL_REQUESTED);
    expect(req).toHaveLength(1);
    expect(req[0]).toMatchObject({ accountId: c, amountWei: microsToWei(3 * PAT) });
    const wid = req[0]!.withdrawalId;
    expect(a.availableMicros).toBe(avail - 3 * PAT);
    expect(a.pendingWithdrawalWei).toBe(microsToWei(3 * PAT));
    expect(fx.engine.totalMicros).toBe(total - 3 * PAT);
    expect(fx.engine.withdrawals.get(wid)).toEqual({ accountId: c, amountWei: microsToWei(3 * PAT) });

    const w2 = ofType(fx.requestWithdrawal(c, microsToWei(PAT)), EventType.WITHDRAWAL_REQUESTED)[0]!.withdrawalId;
    expect(w2).toBe(wid + 1);
    expect(a.pendingWithdrawalWei).toBe(microsToWei(4 * PAT));
    // Their count (what the gateway bounds per account), derived: the same from a snapshot.
    expect(a.pendingWithdrawals).toBe(2);
    expect(decodeState(encodeState(fx.engine)).accounts[c]!.pendingWithdrawals).toBe(2);

    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.completeWithdrawal(wid, c));
    const done = fx.completeWithdrawal(wid);
    expect(ofType(done, EventType.WITHDRAWAL_COMPLETED)[0]).toMatchObject({ withdrawalId: wid, accountId: c, amountWei: microsToWei(3 * PAT) });
    expect(a.pendingWithdrawalWei).toBe(microsToWei(PAT));
    expect(a.availableMicros).toBe(avail - 4 * PAT);
    expect(a.pendingWithdrawals).toBe(1);
    expectCommandRefused(fx, RejectReason.UNKNOWN_WITHDRAWAL, () => fx.completeWithdrawal(wid));
    expectCommandRefused(fx, RejectReason.UNKNOWN_WITHDRAWAL, () => fx.completeWithdrawal(999));
    fx.completeWithdrawal(w2);
    expect(a.pendingWithdrawalWei).toBe(0n);
  });

  it('are exact to the wei, borrowing from whole µPAT when needed', () => {
    const fx = createFixture({ consumerMicros: 0, consumers: 1 });
    const c = fx.consumers[0]!;
    const a = fx.acct(c);
    const total = fx.engine.totalMicros;
    fx.depositWei(c, 10n * WEI_PER_MICRO + 300_000_000_000n); // 10.3 µPAT
    expect(fx.engine.totalMicros).toBe(total + 10);
    fx.requestWithdrawal(c, 600_000_000_000n); // 0.6 µPAT
    expect(a.availableMicros).toBe(9);
    expect(a.remainderWei).toBe(700_000_000_000n);
    expect(fx.engine.totalMicros).toBe(total + 9);
    // Exactly the free balance empties the account.
    fx.requestWithdrawal(c, 9n * WEI_PER_MICRO + 700_000_000_000n);
    expect(a.availableMicros).toBe(0);
    expect(a.remainderWei).toBe(0n);
    expect(a.pendingWithdrawalWei).toBe(10n * WEI_PER_MICRO + 300_000_000_000n);
  });

  it('refuse more than the free balance, including funds held by open orders', () => {
    const fx = createFixture({ consumerMicros: 1_000 * PAT });
    const c = fx.consumers[0]!;
    expectCommandRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.requestWithdrawal(c, microsToWei(1_000 * PAT) + 1n));
    fx.place(c, BUY, 1_000_000, 600);
    expectCommandRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.requestWithdrawal(c, microsToWei(400 * PAT) + 1n));
    expect(ofType(fx.requestWithdrawal(c, microsToWei(400 * PAT)), EventType.WITHDRAWAL_REQUESTED)).toHaveLength(1);
    expect(fx.available(c)).toBe(0);
    expect(fx.held(c)).toBe(600 * PAT);
    expectCommandRefused(fx, RejectReason.INVALID_AMOUNT, () => fx.requestWithdrawal(c, 0n));
    expectCommandRefused(fx, RejectReason.INVALID_AMOUNT, () => fx.requestWithdrawal(c, -1n));
    expectCommandRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => fx.requestWithdrawal(999, 1n));
  });

  it('a provider withdraws what it earned', () => {
    const fx = createFixture();
    const p = fx.providers[0]!;
    expect(fx.available(p)).toBe(200 * 500_000);
    expect(ofType(fx.requestWithdrawal(p, microsToWei(100 * PAT)), EventType.WITHDRAWAL_REQUESTED)).toHaveLength(1);
    expect(fx.available(p)).toBe(0);
  });
});

describe('mint', () => {
  it('is bounded by the declared capacity, which may be raised but not set below what is minted', () => {
    const fx = createFixture({ providerCapacity: 0, providerMint: 0, brokerRights: 0 });
    const p = fx.providers[0]!;
    expectCommandRefused(fx, RejectReason.CAPACITY_EXCEEDED, () => fx.mint(p, 1));
    expect(ofType(fx.declareCapacity(p, 100), EventType.CAPACITY_DECLARED)[0]).toMatchObject({ accountId: p, seriesId: fx.seriesId, capacity: 100 });
    const ev = fx.mint(p, 60);
    expect(ev).toEqual([{ type: EventType.RIGHTS_MINTED, seq: fx.engine.lastSeq, accountId: p, seriesId: fx.seriesId, qty: 60 }]);
    expectCommandRefused(fx, RejectReason.CAPACITY_EXCEEDED, () => fx.mint(p, 41));
    fx.mint(p, 40);
    expect(fx.acct(p).positions.get(fx.seriesId)).toMatchObject({ available: 100, minted: 100, capacity: 100 });
    expect(fx.series().rightsOutstanding).toBe(100);
    expectCommandRefused(fx, RejectReason.CAPACITY_EXCEEDED, () => fx.mint(p, 1));
    expectCommandRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.declareCapacity(p, 99));
    expectCommandRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.declareCapacity(p, -1));
    expectCommandRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.declareCapacity(p, 150.5));
    fx.declareCapacity(p, 100);
    fx.declareCapacity(p, 150);
    fx.mint(p, 50);
    expect(fx.series().rightsOutstanding).toBe(150);
    // Capacity is per provider: the other provider has none.
    expectCommandRefused(fx, RejectReason.CAPACITY_EXCEEDED, () => fx.mint(fx.providers[1]!, 1));
  });

  it('selling rights does not free capacity', () => {
    const fx = createFixture({ providerCapacity: 10, providerMint: 10, brokerRights: 10, seedPriceMicros: 500_000 });
    const p = fx.providers[0]!;
    expect(fx.rights(p)).toEqual([0, 0]);
    expectCommandRefused(fx, RejectReason.CAPACITY_EXCEEDED, () => fx.mint(p, 1));
  });

  it('only providers declare capacity and mint', () => {
    const fx = createFixture();
    for (const who of [fx.consumers[0]!, fx.broker, fx.operator]) {
      expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.declareCapacity(who, 10));
      expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.mint(who, 1));
    }
    expectCommandRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => fx.mint(999, 1));
    expectCommandRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => fx.mint(0, 1));
  });

  it('refuses bad quantities and series', () => {
    const fx = createFixture();
    const p = fx.providers[0]!;
    expectCommandRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.mint(p, 0));
    expectCommandRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.mint(p, -5));
    expectCommandRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.mint(p, 1.5));
    expectCommandRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.mint(p, 1, 99));
    expectCommandRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.declareCapacity(p, 1, 99));
  });

  it('is refused in an expired series', () => {
    const fx = createFixture();
    fx.nowMs = T0 + WINDOW_MS;
    fx.expireSeries(T0 + WINDOW_MS);
    const p = fx.providers[0]!;
    expectCommandRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.mint(p, 1));
    expectCommandRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.declareCapacity(p, 2_000));
  });
});

describe('exercise', () => {
  it('burns a consumer’s rights in an open series and reports RIGHTS_EXERCISED', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    fx.place(fx.broker, SELL, 1_000_000, 10);
    fx.buy(c, 1_000_000, 10);
    const outstanding = fx.series().rightsOutstanding;
    const ev = fx.exercise(c, 4);
    const ex = ofType(ev, EventType.RIGHTS_EXERCISED);
    expect(ex).toHaveLength(1);
    expect(ex[0]).toMatchObject({ accountId: c, seriesId: fx.seriesId, qty: 4 });
    expect(fx.acct(c).positions.get(fx.seriesId)).toMatchObject({ available: 6, held: 0, exercised: 4 });
    expect(fx.series().rightsOutstanding).toBe(outstanding - 4);
    const next = ofType(fx.exercise(c, 6), EventType.RIGHTS_EXERCISED)[0]!;
    expect(next.exerciseId).toBe(ex[0]!.exerciseId + 1);
    expect(fx.rights(c)).toEqual([0, 0]);
    expectCommandRefused(fx, RejectReason.INSUFFICIENT_RIGHTS, () => fx.exercise(c, 1));
  });

  it('refuses more than held, bad quantities, and accounts that are not consumers or institutions', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    giveRights(fx, c, 3);
    expectCommandRefused(fx, RejectReason.INSUFFICIENT_RIGHTS, () => fx.exercise(c, 4));
    expectCommandRefused(fx, RejectReason.INSUFFICIENT_RIGHTS, () => fx.exercise(fx.consumers[1]!, 1));
    expectCommandRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.exercise(c, 0));
    expectCommandRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.exercise(c, 1.5));
    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.exercise(fx.providers[0]!, 1));
    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.exercise(fx.broker, 1));
    expectCommandRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.exercise(fx.operator, 1));
    expectCommandRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => fx.exercise(999, 1));
    expectCommandRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.exercise(c, 1, 99));
    expect(ofType(fx.exercise(c, 3), EventType.RIGHTS_EXERCISED)).toHaveLength(1);
  });

  it('an institution may exercise', () => {
    const fx = createFixture();
    const inst = fx.newAccount(Role.INSTITUTION);
    fx.deposit(inst, 10 * PAT);
    giveRights(fx, inst, 2);
    expect(ofType(fx.exercise(inst, 2), EventType.RIGHTS_EXERCISED)).toHaveLength(1);
  });

  it('is refused before the window opens (SERIES_NOT_OPEN_YET) and from its close on (SERIES_EXPIRED)', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const next = fx.newSeries({ openAtMs: T0 + WINDOW_MS });
    giveRights(fx, c, 5, next);
    expectCommandRefused(fx, RejectReason.SERIES_NOT_OPEN_YET, () => fx.exercise(c, 1, next));
    expectCommandRefused(fx, RejectReason.SERIES_NOT_OPEN_YET, () => fx.exercise(c, 1, next, T0 + WINDOW_MS - 1));
    expect(ofType(fx.exercise(c, 1, next, T0 + WINDOW_MS), EventType.RIGHTS_EXERCISED)).toHaveLength(1);
    expect(ofType(fx.exercise(c, 1, next, T0 + 2 * WINDOW_MS - 1), EventType.RIGHTS_EXERCISED)).toHaveLength(1);
    expectCommandRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.exercise(c, 1, next, T0 + 2 * WINDOW_MS));
    expectCommandRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.exercise(c, 1, next, T0 + 2 * WINDOW_MS + DAY_MS));
  });

  it('is refused in a series expired by EXPIRE_SERIES', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    // The fixture's clock is at T0 + 1h: list the hour that is open now.
    const short = fx.newSeries({ contract: 'AUTO_INTENT|1h|0.70-0.85', openAtMs: T0 + HOUR_MS });
    giveRights(fx, c, 2, short);
    fx.nowMs = T0 + 2 * HOUR_MS - 1;
    expect(rejection(fx.expireSeries(T0 + 2 * HOUR_MS - 1, short))).toBe(RejectReason.EXPIRY_TOO_EARLY);
    expect(ofType(fx.exercise(c, 1, short), EventType.RIGHTS_EXERCISED)).toHaveLength(1);
    fx.expireSeries(T0 + 2 * HOUR_MS, short);
    // Even at a time inside the window, an expired series cannot be exercised.
    expectCommandRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.exercise(c, 1, short, T0 + HOUR_MS + 10));
  });
});

describe('the conservation check', () => {
  it('passes on a healthy engine and catches broken balances, rights and orders', () => {
    const fx = createFixture();
    fx.autoCheck = false;
    const c = fx.consumers[0]!;
    const id = fx.place(c, BUY, 500_000, 4);
    const ask = fx.place(fx.broker, SELL, 900_000, 4);
    expect(conservationProblems(fx)).toEqual([]);

    fx.acct(c).availableMicros += 1;
    expect(conservationProblems(fx).join()).toMatch(/totalMicros/);
    fx.acct(c).availableMicros -= 1;

    fx.acct(c).heldMicros += 1;
    fx.acct(c).availableMicros -= 1;
    expect(conservationProblems(fx).join()).toMatch(/held/);
    fx.acct(c).heldMicros -= 1;
    fx.acct(c).availableMicros += 1;

    fx.series().rightsOutstanding += 1;
    expect(conservationProblems(fx).join()).toMatch(/outstanding/);
    fx.series().rightsOutstanding -= 1;

    // OrderQty = CumQty + LeavesQty holds by construction (RestingOrder derives OrderQty); what can break is a negative part.
    fx.liveOrder(id).cumQty = -1;
    expect(conservationProblems(fx).join()).toMatch(/negative cumQty/);
    fx.liveOrder(id).cumQty = 0;

    fx.liveOrder(ask).leavesQty += 1;
    expect(conservationProblems(fx).length).toBeGreaterThan(0);
    fx.liveOrder(ask).leavesQty -= 1;
    expect(conservationProblems(fx)).toEqual([]);
  });

  it('catches a crossed book', () => {
    const fx = createFixture();
    fx.autoCheck = false;
    const book = fx.series().brokerSells;
    fx.place(fx.consumers[0]!, BUY, 500_000, 1);
    const ask = fx.liveOrder(fx.place(fx.broker, SELL, 900_000, 1));
    // Move the ask under the bid behind the engine's back.
    book.remove(ask);
    ask.priceMicros = 400_000;
    book.rest(ask);
    expect(conservationProblems(fx).join()).toMatch(/crossed/);
  });
});

describe('a position’s purchase cost', () => {
  it('adds up exactly past 2^30 and 2^31 µPAT (it is kept in two parts), and reads back what was set', () => {
    const p = new Position(1, new Account(7, Role.CONSUMER, '', 8));
    let want = 0;
    for (const micros of [5, 2 ** 30 - 6, 1, 2 ** 31 + 7, 123_456_789_012, 0, 2 ** 30, 999_999]) {
      p.addBought(2, micros);
      want += micros;
      expect(p.boughtMicros).toBe(want);
    }
    expect(p.boughtQty).toBe(16);
    for (const micros of [0, 1, 2 ** 30 - 1, 2 ** 30, 2 ** 53 - 1]) {
      p.boughtMicros = micros;
      expect(p.boughtMicros).toBe(micros);
    }
    p.boughtMicros = 2 ** 40 + 5;
    p.addBought(1, 2 ** 30 - 5);
    expect(p.boughtMicros).toBe(2 ** 40 + 2 ** 30);
  });
});
