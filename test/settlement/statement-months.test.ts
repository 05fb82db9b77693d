/**
 * The payout statement's `months` read from rows kept as batches are recorded (src/settlement/store.ts), not summed from
 * history on the engine's thread: on a real LMDB settlement store with many batches and payouts across months, they equal
 * what the statement computed before by walking every entry and every batch (`oldMonthlyTotals` here, the code as it
 * was), held PAT included under a verification that changes inside months; a store written before the rows gets them
 * once at open; what the statement reads does not grow with other providers' batches; it lists the newest 120 months.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Role, type Engine } from '../../src/engine/index.js';
import { NO_GRANTS_ROOT } from '../../src/grants/index.js';
import { payoutStatementReadCost } from '../../src/settlement/operations.js';
import { payoutsHandler, SettlementStore, utcMonth, type MonthTotals, type OutboxRecord, type PayoutEntry, type Settlement, type StatementRedemption } from '../../src/settlement/index.js';

const PROVIDER = 7;
const OTHER = 8;
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 3);
const addr = (n: number): string => '0x' + n.toString(16).padStart(40, '0');

/** A deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Verification {
  atMs: number;
  verified: boolean;
}

/** As the identity store's verifiedAt: rows in order, the answer at a time from those up to it. */
function verifiedAtOf(rows: readonly Verification[]) {
  return Object.assign((atMs: number) => {
    let v = false;
    for (const r of rows) {
      if (r.atMs > atMs) break;
      v = r.verified;
    }
    return v;
  }, { changesAtMs: rows.map((r) => r.atMs) });
}

/** The statement's monthly totals as computed before the rows were kept (src/settlement/handlers.ts at 0b49e589): every entry, every batch. */
function oldMonthlyTotals(s: Settlement, engine: Engine, accountId: number, redemptions: readonly StatementRedemption[], verifiedAt?: (accountId: number) => (atMs: number) => boolean): MonthTotals[] {
  const totals = new Map<string, MonthTotals>();
  const monthOf = (month: string): MonthTotals => {
    let m = totals.get(month);
    if (m === undefined) totals.set(month, (m = { month, batches: 0, sales: { fills: 0, qty: 0, grossMicros: 0, forwardGrossMicros: 0 }, feesMicros: 0, refunds: { refundedMicros: 0, fromFreeMicros: 0, shortfallMicros: 0 }, netWei: 0n, redemptions: { count: 0, qty: 0 }, withdrawals: { count: 0, amountWei: 0n }, heldWei: 0n }));
    return m;
  };
  const holds = engine.risk.payoutRequiresVerification === 1;
  const wasVerified = verifiedAt?.(accountId);
  for (let from = 1; ; ) {
    const page = s.payouts(accountId, from, 1_000);
    for (const e of page) {
      const m = monthOf(utcMonth(e.settledAtMs));
      m.batches++;
      m.sales.fills += e.fills;
      m.sales.qty += e.qty;
      m.sales.grossMicros += e.grossMicros;
      m.sales.forwardGrossMicros += e.forward?.grossMicros ?? 0;
      m.feesMicros += e.feesMicros ?? 0;
      m.refunds.refundedMicros += e.escrow?.refundedMicros ?? 0;
      m.refunds.fromFreeMicros += e.escrow?.refundedFromFreeMicros ?? 0;
      m.refunds.shortfallMicros += e.escrow?.shortfallMicros ?? 0;
      m.netWei += e.netWei;
      const verified = wasVerified?.(e.settledAtMs) ?? engine.accounts[accountId]?.verified === true;
      if (holds && !verified) m.heldWei += e.netWei;
    }
    if (page.length < 1_000) break;
    from = page[page.length - 1]!.batchId + 1;
  }
  for (const r of redemptions) {
    const m = monthOf(utcMonth(r.exercisedAtMs));
    m.redemptions.count++;
    m.redemptions.qty += r.qty;
  }
  const address = engine.accounts[accountId]?.address.toLowerCase() ?? '';
  for (const r of s.store.outboxFrom(1)) {
    if (r.state !== 'recorded' || address === '') continue;
    for (const w of r.batch.withdrawals) {
      if (w.to.toLowerCase() !== address) continue;
      const m = monthOf(utcMonth(r.recordedAtMs ?? r.confirmedAtMs ?? r.cutAtMs));
      m.withdrawals.count++;
      m.withdrawals.amountWei += w.amountWei;
    }
  }
  return [...totals.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

/** What the handler reads of an engine: the provider and its neighbour, and whether payouts need verification. */
function engineOf(verified: boolean): Engine {
  const account = (id: number) => ({ accountId: id, role: Role.PROVIDER, address: addr(id).toUpperCase().replace('0X', '0x'), verified, proceedsHeldMicros: 0, availableMicros: 0, freeWei: () => 0n, ownDepositsFreeWei: () => 0n });
  return { accounts: { [PROVIDER]: account(PROVIDER), [OTHER]: account(OTHER) }, risk: { payoutRequiresVerification: 1 } } as unknown as Engine;
}

const settlementOf = (store: SettlementStore): Settlement => ({ store, payouts: (a: number, f?: number, l?: number) => store.payouts(a, f, l) }) as unknown as Settlement;

/**
 * Records `count` batches from `firstBatch`, one every `stepMs` from `startMs`: each settles entries of the provider and
 * its neighbour (some batches one, some neither), withdrawals to either's address or a stranger's; some batches are left
 * sent (not recorded) at the end.
 */
async function recordBatches(store: SettlementStore, o: { firstBatch: number; count: number; startMs: number; stepMs: number; seed: number; accounts?: number[]; unrecordedTail?: number }): Promise<void> {
  const r = rng(o.seed);
  const accounts = o.accounts ?? [PROVIDER, OTHER];
  for (let i = 0; i < o.count; i++) {
    const batchId = o.firstBatch + i;
    const atMs = o.startMs + i * o.stepMs + Math.floor(r() * 1000);
    const withdrawals = [];
    for (let w = Math.floor(r() * 3); w > 0; w--) withdrawals.push({ withdrawalId: batchId * 10 + w, to: r() < 0.7 ? addr(accounts[Math.floor(r() * accounts.length)]!) : addr(99), amountWei: BigInt(Math.floor(r() * 1e9)) * 10n ** 9n });
    const record: OutboxRecord = {
      batchId,
      contentHash: '0x' + 'ab'.repeat(32),
      state: 'recorded',
      batch: { batchId, throughSeq: batchId * 10, balances: [], feeWei: 0n, withdrawals, listings: [], rights: [], grantsRoot: NO_GRANTS_ROOT, grantCount: 0 },
      balanceAccounts: [],
      statements: [],
      fills: 1,
      unpayableWithdrawalIds: [],
      cutAtMs: atMs - 500,
      txHash: '0x' + '12'.repeat(32),
      blockNumber: batchId,
      confirmedAtMs: atMs - 100,
      ...(r() < 0.9 ? { recordedAtMs: atMs } : {}),
    };
    const payouts: PayoutEntry[] = [];
    for (const accountId of accounts) {
      if (r() < 0.25) continue;
      const fills = 1 + Math.floor(r() * 5);
      payouts.push({
        accountId,
        fills,
        qty: fills * 3,
        grossMicros: Math.floor(r() * 1e7),
        ...(r() < 0.7 ? { feesMicros: Math.floor(r() * 1e4) } : {}),
        ...(r() < 0.3 ? { forward: { fills: 1, qty: 1, grossMicros: Math.floor(r() * 1e6), deliveredQty: 0, releasedMicros: 0 } } : {}),
        ...(r() < 0.4 ? { escrow: { heldMicros: 5, releasedMicros: 3, refundedMicros: Math.floor(r() * 1e5), ...(r() < 0.5 ? { refundedFromFreeMicros: 7 } : {}), shortfallMicros: Math.floor(r() * 10), burnedQty: 0 } } : {}),
        batchId,
        txHash: record.txHash!,
        blockNumber: batchId,
        netWei: BigInt(Math.floor((r() - 0.3) * 1e9)) * 10n ** 9n,
        settledAtMs: record.recordedAtMs ?? atMs,
      } as PayoutEntry);
    }
    const unrecorded = i >= o.count - (o.unrecordedTail ?? 0);
    if (unrecorded) await store.putOutbox({ ...record, state: 'sent' });
    else await store.recordBatch(record, payouts);
  }
}

/** Redemptions across the months (newest first, as the ledger lists them) and their months, as the grant ledger keeps them. */
function redemptionsOver(startMs: number, endMs: number, n: number, seed: number) {
  const r = rng(seed);
  const list: StatementRedemption[] = [];
  for (let i = 0; i < n; i++) list.push({ exercisedAtMs: startMs + Math.floor(((endMs - startMs) * i) / n), qty: 1 + Math.floor(r() * 4) });
  list.reverse();
  const months = new Map<string, { month: string; count: number; qty: number }>();
  for (const x of list) {
    const m = months.get(utcMonth(x.exercisedAtMs)) ?? { month: utcMonth(x.exercisedAtMs), count: 0, qty: 0 };
    months.set(m.month, { ...m, count: m.count + 1, qty: m.qty + x.qty });
  }
  const rows = [...months.values()].sort((a, b) => (a.month < b.month ? 1 : -1));
  return {
    list,
    redemptionsOf: (_a: number, limit: number, month?: string) => Promise.resolve(list.filter((x) => month === undefined || utcMonth(x.exercisedAtMs) === month).slice(0, limit)),
    redemptionMonths: (_a: number, limit: number, month?: string) => Promise.resolve(rows.filter((x) => month === undefined || x.month === month).slice(0, limit)),
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'patx-statement-months-'));
  dirs.push(d);
  return d;
}

type Body = { months: MonthTotals[]; olderMonths?: boolean; monthTotals?: MonthTotals };
const jsonOf = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));

// A verification that changes inside months: verified in the second month, revoked in the fourth, verified again in the fifth.
const HISTORY: Verification[] = [
  { atMs: T0 + 40 * DAY + 12_345, verified: true },
  { atMs: T0 + 100 * DAY + 777, verified: false },
  { atMs: T0 + 101 * DAY, verified: false },
  { atMs: T0 + 130 * DAY + 5, verified: true },
];

describe("the payout statement's months", () => {
  it('equal the walk of every entry and batch, held PAT included, and stay equal once a store written before the rows is opened', async () => {
    const dir = tempDir();
    let store = SettlementStore.open(dir);
    // ~6.5 months, a batch every 6 hours (some clock jitter), 3 batches left sent.
    await recordBatches(store, { firstBatch: 1, count: 780, startMs: T0, stepMs: 6 * 3_600_000, seed: 1, unrecordedTail: 3 });
    const red = redemptionsOver(T0, T0 + 200 * DAY, 2_000, 2);
    const check = async (s: Settlement, verified: boolean, verifiedAt?: (id: number) => ReturnType<typeof verifiedAtOf>) => {
      const engine = engineOf(verified);
      const expected = jsonOf(oldMonthlyTotals(s, engine, PROVIDER, red.list, verifiedAt));
      const handler = payoutsHandler(() => s, engine, { redemptionsOf: red.redemptionsOf, redemptionMonths: red.redemptionMonths, ...(verifiedAt === undefined ? {} : { verifiedAt }) });
      const res = await handler({ accountId: String(PROVIDER) });
      expect(res.status).toBe(200);
      const body = res.body as Body;
      expect(body.months).toEqual(expected);
      expect((expected as MonthTotals[]).length).toBeGreaterThanOrEqual(7);
      if (!verified) expect((expected as Array<{ heldWei: string }>).some((m) => m.heldWei !== '0')).toBe(true);
      // Each month by itself, `month=`: its row, the same.
      for (const m of expected as MonthTotals[]) {
        const one = await handler({ accountId: String(PROVIDER), month: m.month });
        expect((one.body as Body).monthTotals).toEqual(m);
      }
    };
    await check(settlementOf(store), false, () => verifiedAtOf(HISTORY));
    await check(settlementOf(store), false);
    await check(settlementOf(store), true);
    await store.close();

    // A store as recordBatch wrote it before the rows: only its outbox and payout entries (the rows and version removed).
    const env = open({ path: dir, maxDbs: 2 });
    const raw = env.openDB<string, string>({ name: 'settlement', encoding: 'string' });
    let removed = 0;
    for (const prefix of ['month/', 'paid-month/', 'through/', 'net/', 'meta/']) {
      for (const key of raw.getKeys({ start: prefix, end: prefix + '\uffff' })) {
        await raw.remove(key);
        removed++;
      }
    }
    expect(removed).toBeGreaterThan(100);
    await env.close();
    store = SettlementStore.open(dir);
    try {
      await check(settlementOf(store), false, () => verifiedAtOf(HISTORY));
      // The settled batch of a seq: the first recorded batch whose throughSeq reaches it, as the walk of the outbox found it.
      expect(store.recordedThrough(15)).toEqual({ batchId: 2, throughSeq: 20, afterSeq: 10 });
      expect(store.recordedThrough(7_770)).toEqual({ batchId: 777, throughSeq: 7_770, afterSeq: 7_760 });
      expect(store.recordedThrough(7_775)).toBeUndefined(); // batches 778-780 are sent, not recorded: not settled yet
      // Recorded batches after the migration add to its rows.
      await recordBatches(store, { firstBatch: 781, count: 60, startMs: T0 + 196 * DAY, stepMs: 12 * 3_600_000, seed: 3 });
      await check(settlementOf(store), false, () => verifiedAtOf(HISTORY));
      expect(store.recordedThrough(7_815)).toEqual({ batchId: 782, throughSeq: 7_820, afterSeq: 7_810 });
    } finally {
      await store.close();
    }
  });

  it("reads no more of the store for another provider's batches: no walk of the outbox or of its entries", async () => {
    const store = SettlementStore.open(tempDir());
    try {
      await recordBatches(store, { firstBatch: 1, count: 200, startMs: T0, stepMs: 12 * 3_600_000, seed: 4 });
      const s = settlementOf(store);
      const engine = engineOf(false);
      const handler = payoutsHandler(() => s, engine, { verifiedAt: () => verifiedAtOf(HISTORY) });
      // Rows the statement reads from LMDB, and whether it walks the outbox or pages the provider's entries past its page.
      const db = (store as unknown as { db: { getRange: (...a: unknown[]) => Iterable<unknown>; get: (k: string) => unknown } }).db;
      let rows = 0;
      const getRange = db.getRange.bind(db);
      const get = db.get.bind(db);
      const counting = vi.spyOn(db, 'getRange').mockImplementation((...a: unknown[]) => {
        const it = getRange(...a);
        return (function* () {
          for (const x of it) {
            rows++;
            yield x;
          }
        })();
      });
      const gets = vi.spyOn(db, 'get').mockImplementation((k: string) => {
        rows++;
        return get(k);
      });
      const outbox = vi.spyOn(store, 'outboxFrom');
      const paged = vi.spyOn(s, 'payouts');
      const read = async (): Promise<number> => {
        rows = 0;
        expect((await handler({ accountId: String(PROVIDER), limit: '10' })).status).toBe(200);
        return rows;
      };
      const before = await read();
      counting.mockRestore();
      gets.mockRestore();
      // A year of another provider's batches (withdrawals to it and to a stranger), nothing of this one's.
      await recordBatches(store, { firstBatch: 201, count: 1_500, startMs: T0 + 100 * DAY, stepMs: 6 * 3_600_000, seed: 5, accounts: [OTHER] });
      vi.spyOn(db, 'getRange').mockImplementation((...a: unknown[]) => {
        const it = getRange(...a);
        return (function* () {
          for (const x of it) {
            rows++;
            yield x;
          }
        })();
      });
      vi.spyOn(db, 'get').mockImplementation((k: string) => {
        rows++;
        return get(k);
      });
      const after = await read();
      expect(outbox).not.toHaveBeenCalled();
      expect(paged).toHaveBeenCalledTimes(2); // its page, once a statement
      expect(after).toBe(before);
      // Bounded whatever the history: the page, three sources of months (121 rows each) and the net index's few reads.
      expect(after).toBeLessThan(10 + 3 * 121 + 20);
      // What the provider pays for it: the page, its 200 redemptions and their batches, its months' rows.
      expect(payoutStatementReadCost(new URLSearchParams())).toBe(88);
    } finally {
      vi.restoreAllMocks();
      await store.close();
    }
  });

  it('lists the newest 120 months and says older ones are left out; an older month is read by itself', async () => {
    const store = SettlementStore.open(tempDir());
    try {
      // 130 months, a batch every 10 days.
      await recordBatches(store, { firstBatch: 1, count: 400, startMs: T0, stepMs: 10 * DAY, seed: 6 });
      const s = settlementOf(store);
      const engine = engineOf(false);
      const expected = jsonOf(oldMonthlyTotals(s, engine, PROVIDER, [], () => verifiedAtOf(HISTORY))) as MonthTotals[];
      expect(expected.length).toBeGreaterThan(125);
      const handler = payoutsHandler(() => s, engine, { verifiedAt: () => verifiedAtOf(HISTORY) });
      const body = (await handler({ accountId: String(PROVIDER) })).body as Body;
      expect(body.months).toEqual(expected.slice(-120));
      expect(body.olderMonths).toBe(true);
      const oldest = expected[0]!;
      expect(((await handler({ accountId: String(PROVIDER), month: oldest.month })).body as Body).monthTotals).toEqual(oldest);
    } finally {
      await store.close();
    }
  });
});
