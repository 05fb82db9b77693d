/**
 * The provider page's lists past one page (issue 55: only 10 rows were ever exercised): with 30
 * rows each, the pages are disjoint, in order and together complete, walked as the console walks
 * them (web/src/paging.ts: its Older button's offsets, and the deliveries' cursors) and by the HTTP routes behind it:
 * - deliveries owed: GET /v1/provider/grants?offset=&limit= (newest first), wallet-signed by the
 *   provider, on a started service with 30 real grants (30 exercises of rights it sold); and before a
 *   grant id (?before=<the previous page's next>), as the console's provider page pages them
 *   (GrantPages) and the consumer's GET /v1/grants/mine pages too;
 * - the payout statement: 30 batches recorded in a real settlement store, paged by the
 *   statement's `fromBatch`/`limit`/`next` (payoutsHandler, what GET /v1/payouts/statement runs),
 *   and 30 entries paged in the console as its statement table pages them (10 a page).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { grantsOfAck, signedRequest, TradingClient, wire } from '../../src/client/index.js';
import { loadConfig } from '../../src/app/config.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { payoutsHandler, type Settlement } from '../../src/settlement/index.js';
import { SettlementStore, type OutboxRecord, type PayoutEntry } from '../../src/settlement/store.js';
import { startService, type Service } from '../../src/app/service.js';
import { DELIVERIES_PER_PAGE, GrantPages, pageWindow } from '../../web/src/paging.js';
import { openAutoIntentSeries, providerSellsToBroker } from '../support/broker-rights.js';
import { removeDir } from '../support/exchange-fixture.js';

const ROWS = 30;
const logger = createLogger('silent');
const provider = new Wallet(DEMO_PROVIDER_KEY);
let dir: string;
let service: Service;
let providerId: number;
let consumerId: number;
/** The grant ids the 30 exercises got, oldest first. */
const grantIds: number[] = [];
const consumer = Wallet.createRandom();

const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-provider-paging-'));
  service = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} } }), logger);
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  providerId = service.engine.accountIdByAddress.get(provider.address.toLowerCase())!;
  const now = Date.now();
  const seriesId = openAutoIntentSeries(service, now).id;
  const trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
  consumerId = trader.accountId;
  try {
    await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 21n, ref: 'paging-test' });
    // Rounds: the provider mints and sells to the broker's bid, the consumer buys what the broker then asks and exercises
    // each right on its own (one exercise, one grant), until the provider owes delivery on ROWS grants.
    for (let round = 1; grantIds.length < ROWS && round <= ROWS; round++) {
      await providerSellsToBroker(service, provider.address, seriesId, { mint: 10, sell: 10, capacity: 10 * ROWS });
      const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
      if (ask === 0) continue;
      const ack = await trader.newOrder({ seriesId, clientOrderId: round, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: ROWS - grantIds.length });
      const bought = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
      for (let i = 0; i < bought; i++) {
        const grants = grantsOfAck(await trader.exercise(seriesId, 1));
        expect(grants).toHaveLength(1);
        grantIds.push(grants[0]!.grant.grantId);
      }
    }
    expect(grantIds).toHaveLength(ROWS);
  } finally {
    await trader.close();
  }
}, 180_000);

afterAll(async () => {
  await service.stop();
  removeDir(dir);
});

/** Offsets a pager visits from the first page, pressing Older until it is disabled. */
function olderOffsets(total: number, perPage: number): number[] {
  const offsets: number[] = [];
  for (let from: number | undefined = 0; from !== undefined; from = pageWindow(total, from, perPage).older) offsets.push(from);
  return offsets;
}

describe("the provider page's lists past one page", () => {
  it('deliveries owed: pages of GET /v1/provider/grants are disjoint, newest first, and together every grant', async () => {
    expect(new Set(grantIds).size).toBe(ROWS);
    for (const perPage of [DELIVERIES_PER_PAGE, 7]) {
      const offsets = olderOffsets(ROWS, perPage);
      expect(offsets.length, `${perPage} a page`).toBe(Math.ceil(ROWS / perPage));
      const seen: number[] = [];
      for (const offset of offsets) {
        const r = await signedRequest<{ total: number; grants: Array<{ grant: { grantId: number } }> }>(base(), provider, 'GET', `/v1/provider/grants?offset=${offset}&limit=${perPage}`);
        expect(r.status).toBe(200);
        expect(r.body.total).toBe(ROWS);
        const { start, end } = pageWindow(r.body.total, offset, perPage);
        expect(r.body.grants.length, `page at ${offset}`).toBe(end - start);
        seen.push(...r.body.grants.map((g) => g.grant.grantId));
      }
      // Disjoint and complete: every grant once; ordered: newest (highest id) first across the pages.
      expect(seen, `${perPage} a page`).toEqual([...grantIds].sort((a, b) => b - a));
      // Past the end: empty, the same total.
      const past = await signedRequest<{ total: number; grants: unknown[] }>(base(), provider, 'GET', `/v1/provider/grants?offset=${ROWS}&limit=${perPage}`);
      expect([past.body.total, past.body.grants.length]).toEqual([ROWS, 0]);
    }
  });

  it("before a grant id: GET /v1/provider/grants and the consumer's /v1/grants/mine page on from next, each grant once, newest first, no total counted", async () => {
    type Page = { total?: number; grants: Array<{ grant: { grantId: number } }>; next: number | null };
    const newestFirst = [...grantIds].sort((a, b) => b - a);
    for (const [wallet, route] of [[provider, '/v1/provider/grants'], [consumer, '/v1/grants/mine']] as const) {
      // The first page as older clients ask it (no before): its total, and the before of the next.
      const first = await signedRequest<Page>(base(), wallet, 'GET', `${route}?limit=7`);
      expect([first.status, first.body.total, first.body.next], route).toEqual([200, ROWS, newestFirst[6]]);
      expect(first.body).not.toHaveProperty('nextCursor');
      const seen = first.body.grants.map((g) => g.grant.grantId);
      for (let before = first.body.next; before !== null; ) {
        const r = await signedRequest<Page>(base(), wallet, 'GET', `${route}?before=${before}&limit=7`);
        expect(r.status, `${route} before ${before}`).toBe(200);
        expect(r.body).not.toHaveProperty('total');
        // Asked with count=1 (a pager showing "of N"), the same page says the total as the first page does.
        const counted = await signedRequest<Page>(base(), wallet, 'GET', `${route}?before=${before}&count=1&limit=7`);
        expect([counted.status, counted.body.total, counted.body.grants, counted.body.next], `${route} before ${before}, counted`).toEqual([200, ROWS, r.body.grants, r.body.next]);
        seen.push(...r.body.grants.map((g) => g.grant.grantId));
        before = r.body.next;
        if (before !== null) expect(before).toBe(seen.at(-1));
      }
      expect(seen, route).toEqual(newestFirst);
      // Past the oldest: empty, no next page.
      const past = await signedRequest<Page>(base(), wallet, 'GET', `${route}?before=${newestFirst.at(-1)}`);
      expect([past.status, past.body.grants, past.body.next]).toEqual([200, [], null]);
      // An offset past 10,000 is refused saying to page with before; before with offset, and a before that is no grant id, are malformed.
      const deep = await signedRequest<{ error: string; message: string }>(base(), wallet, 'GET', `${route}?offset=10001`);
      expect([deep.status, deep.body.error]).toEqual([400, 'OFFSET_TOO_DEEP']);
      expect(deep.body.message).toContain('before=');
      const both = await signedRequest<{ error: string }>(base(), wallet, 'GET', `${route}?before=${newestFirst[3]}&offset=2`);
      expect([both.status, both.body.error]).toEqual([400, 'MALFORMED_QUERY']);
      const bad = await signedRequest<{ error: string }>(base(), wallet, 'GET', `${route}?before=-1`);
      expect([bad.status, bad.body.error]).toEqual([400, 'INVALID_FIELD']);
      // The old name is no field of these routes: refused, not read as the first page.
      const old = await signedRequest<{ error: string }>(base(), wallet, 'GET', `${route}?after=${newestFirst[3]}`);
      expect([old.status, old.body.error]).toEqual([400, 'INVALID_FIELD']);
    }
    // One exercise's grants before a grant id: the exercise of the 6th newest, each exercise one grant.
    const sixth = (await service.grants()!.get(newestFirst[5]!))!;
    const one = await signedRequest<Page>(base(), consumer, 'GET', `/v1/grants/mine?exercise=${sixth.exerciseId}&before=${newestFirst[4]}`);
    expect([one.body.grants.map((g) => g.grant.grantId), one.body.next]).toEqual([[newestFirst[5]], null]);
    const none = await signedRequest<Page>(base(), consumer, 'GET', `/v1/grants/mine?exercise=${sixth.exerciseId}&before=${newestFirst[5]}`);
    expect(none.body.grants).toEqual([]);
    // Counted, an exercise's page before a grant id says the exercise's total, not the account's.
    const oneCounted = await signedRequest<Page>(base(), consumer, 'GET', `/v1/grants/mine?exercise=${sixth.exerciseId}&before=${newestFirst[5]}&count=1`);
    expect([oneCounted.body.total, oneCounted.body.grants]).toEqual([1, []]);
    const badCount = await signedRequest<{ error: string }>(base(), consumer, 'GET', `/v1/grants/mine?before=${newestFirst[3]}&count=2`);
    expect([badCount.status, badCount.body.error]).toEqual([400, 'INVALID_FIELD']);
  });

  it("the console's deliveries: Older pages before the shown page's last grant, Newer back through the cursors kept, each page as first read", async () => {
    type Page = { total?: number; grants: Array<{ grant: { grantId: number } }>; next: number | null };
    const newestFirst = [...grantIds].sort((a, b) => b - a);
    const pages = new GrantPages(DELIVERIES_PER_PAGE);
    const read = async (): Promise<Page> => {
      const r = await signedRequest<Page>(base(), provider, 'GET', `/v1/provider/grants?${pages.query()}`);
      expect(r.status, pages.query()).toBe(200);
      return r.body;
    };
    // Down with Older until the last page: each page's rows follow the one above's, from the row its `from` says.
    const shown: number[][] = [];
    for (let page = await read(); ; ) {
      expect(pages.from).toBe(shown.flat().length);
      expect(page.total, pages.query()).toBe(ROWS);
      shown.push(page.grants.map((g) => g.grant.grantId));
      if (page.next === null) break;
      expect(page.next).toBe(shown.at(-1)!.at(-1));
      pages.older(page.next);
      page = await read();
    }
    expect(shown).toHaveLength(Math.ceil(ROWS / DELIVERIES_PER_PAGE));
    expect(shown.flat()).toEqual(newestFirst);
    // Back up with Newer: the same pages, the first by offset again; every page's total counted (count=1 past the first).
    for (let i = shown.length - 2; i >= 0; i--) {
      pages.newer();
      const page = await read();
      expect(page.grants.map((g) => g.grant.grantId), `page ${i}`).toEqual(shown[i]);
      expect(page.total, `page ${i}`).toBe(ROWS);
    }
    expect([pages.atFirst, pages.from, pages.query()]).toEqual([true, 0, `limit=${DELIVERIES_PER_PAGE}`]);
  });

  it("a consumer's grants: a page reads only its own records (a page read all 30); one exercise's are found, the walk stopping at an older one", async () => {
    const ledger = service.grants()!;
    const records = (ledger as unknown as { grants: { get(id: number): unknown } }).grants;
    const reads = vi.spyOn(records, 'get');
    try {
      const page = await ledger.grantsOf('consumer', consumerId, 5, 3);
      expect(page.total).toBe(ROWS);
      expect(page.grants.map((r) => r.signed.grant.grantId)).toEqual([...grantIds].reverse().slice(5, 8));
      expect(reads.mock.calls.length).toBeLessThanOrEqual(6); // the page's 3 (the service's own reads meanwhile aside)
      const newestFirst = (await ledger.grantsOf('consumer', consumerId, 0, ROWS)).grants;
      reads.mockClear();
      const sixth = newestFirst[5]!;
      const one = await ledger.grantsOf('consumer', consumerId, 0, 10, sixth.exerciseId);
      expect([one.total, one.grants.map((r) => r.signed.grant.grantId)]).toEqual([1, [sixth.signed.grant.grantId]]);
      expect(reads.mock.calls.length).toBeLessThanOrEqual(10); // the 5 newer, its own and the first older (7)
      expect(await ledger.grantsOf('consumer', consumerId, 0, 10, newestFirst[ROWS - 1]!.exerciseId - 1)).toEqual({ total: 0, grants: [] });
    } finally {
      reads.mockRestore();
    }
  });

  it('the payout statement: fromBatch/limit/next pages are disjoint, in batch order and complete; the console pages its entries the same way', async () => {
    const store = SettlementStore.open(path.join(dir, 'paging-store'));
    // Batches 1..ROWS recorded, each with the provider's entry (only the entries are read here: the outbox record is the key's holder).
    for (let batchId = 1; batchId <= ROWS; batchId++) {
      const entry: PayoutEntry = { accountId: providerId, fills: 1, qty: batchId, grossMicros: batchId * 1_000, batchId, txHash: `0x${batchId.toString(16).padStart(64, '0')}`, blockNumber: 100 + batchId, netWei: BigInt(batchId) * 10n ** 15n, settledAtMs: Date.UTC(2026, 10, 1) + batchId * 60_000 };
      const record = { batchId, contentHash: '0x', state: 'recorded', batch: { withdrawals: [] }, balanceAccounts: [], statements: [], fills: 1, unpayableWithdrawalIds: [], cutAtMs: entry.settledAtMs } as unknown as OutboxRecord; // of the batch itself the statement reads only its withdrawals (none here)
      await store.recordBatch(record, [entry]);
    }
    // The statement reads the settlement's store only (its payouts, and its outbox for withdrawals): the real store behind the real handler.
    const settlement = { store, payouts: (accountId: number, fromBatchId?: number, limit?: number) => store.payouts(accountId, fromBatchId, limit) } as unknown as Settlement;
    const statement = payoutsHandler(() => settlement, service.engine);
    const seen: number[] = [];
    let pages = 0;
    for (let fromBatch: number | null = 1; fromBatch !== null; pages++) {
      const r = await statement({ accountId: String(providerId), fromBatch: String(fromBatch), limit: '7' });
      expect(r.status).toBe(200);
      const body = r.body as { entries: Array<{ batchId: number }>; next: number | null };
      seen.push(...body.entries.map((e) => e.batchId));
      fromBatch = body.next;
      expect(pages).toBeLessThan(ROWS);
    }
    expect(pages).toBe(Math.ceil(ROWS / 7));
    expect(seen).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));

    // The console loads the statement's entries and shows 10 a page (usePaged over the rows, web/src/paging.ts).
    const all = (await statement({ accountId: String(providerId) })).body as { entries: Array<{ batchId: number }> };
    expect(all.entries).toHaveLength(ROWS);
    const shown: number[] = [];
    for (const from of olderOffsets(all.entries.length, 10)) {
      const { start, end } = pageWindow(all.entries.length, from, 10);
      shown.push(...all.entries.slice(start, end).map((e) => e.batchId));
    }
    expect(shown).toEqual(all.entries.map((e) => e.batchId));
    await store.close();
  });

  it("the console's pager: Newer and Older walk the same pages back and forth; a page past the end shows the last", () => {
    for (const total of [27, 30, 31]) {
      const offsets = olderOffsets(total, 10);
      expect(offsets).toEqual(Array.from({ length: Math.ceil(total / 10) }, (_, i) => i * 10));
      const back: number[] = [];
      for (let from: number | undefined = offsets.at(-1); from !== undefined; from = pageWindow(total, from, 10).newer) back.push(from);
      expect(back).toEqual([...offsets].reverse());
      const rows = offsets.flatMap((from) => {
        const { start, end } = pageWindow(total, from, 10);
        return Array.from({ length: end - start }, (_, i) => start + i);
      });
      expect(rows).toEqual(Array.from({ length: total }, (_, i) => i));
    }
    expect(pageWindow(27, 40, 10)).toEqual({ start: 20, end: 27, newer: 10, older: undefined });
    expect(pageWindow(0, 0, 10)).toEqual({ start: 0, end: 0, newer: undefined, older: undefined });
  });
});
