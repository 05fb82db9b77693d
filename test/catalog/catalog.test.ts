/**
 * The catalog from outside: real LMDB, the real gateway on loopback, wallet-signed
 * provider and consumer requests, the operator API. A listing's whole life and
 * its audit across a restart, every bad input refused with nothing stored,
 * ratings only from consumers who exercised, trust feeding the broker's pricing,
 * and /openapi.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogStore, startPurchaseLedger } from '../../src/catalog/index.js';
import { reviewsPage } from '../../src/catalog/routes.js';
import type { Config } from '../../src/app/config.js';
import { CommandKind, EventType, OrderType, rejectReasonName, Role, SelfTradePrevention, Side, SYSTEM_ACTOR, TimeInForce, type Command, type RejectReason } from '../../src/engine/index.js';
import { signedRequest } from '../../src/client/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { csv, listingInput as input } from '../support/catalog-fixture.js';
import { openAutoIntentSeries } from '../support/broker-rights.js';
import { getJson, openWalletAccount, startCatalogService } from '../support/catalog-service.js';

let dir: string;
let config: Config;
let svc: Service;
const logger = createLogger('silent');

beforeEach(async () => {
  ({ dir, config, svc } = await startCatalogService('catalog', true));
});

afterEach(async () => {
  await svc.stop();
  rmSync(dir, { recursive: true, force: true });
});

const base = (): string => `http://127.0.0.1:${svc.gateway.port}`;

const account = (role: Role): Promise<{ wallet: Wallet; id: number }> => openWalletAccount(svc, role);

/** A wallet-signed request, as a provider's or consumer's client sends it. */
function signed(wallet: Wallet, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return signedRequest(base(), wallet, method, urlPath, body);
}

const get = (urlPath: string): Promise<{ status: number; body: Record<string, unknown> }> => getJson(base(), urlPath);

async function operator(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await svc.operatorApi.handle({ method, path: urlPath.split('?')[0]!, body, query: new URLSearchParams(urlPath.split('?')[1] ?? ''), operator: 'admin' });
  return { status: r.status, body: r.body as Record<string, unknown> };
}

/**
 * The consumer buys `qty` rights in the current AUTO_INTENT series: the provider mints and
 * sells 10 to the broker's bid, the broker quotes an ask, the consumer buys at it. Returns the series.
 */
async function buyThroughBroker(provider: { wallet: Wallet }, consumer: { id: number }, qty: number): Promise<{ id: number }> {
  const now = Date.now();
  // The open series with the most time left: near a close the broker rightly stops bidding (docs/pricing.md), which must not depend on when the suite runs.
  const series = openAutoIntentSeries(svc, now);
  const send = async (cmd: Command) => (await svc.sequencer.submit(cmd)).events;
  const order = (actor: number, side: Side, priceMicros: number, q: number): Command => ({
    kind: CommandKind.NEW_ORDER, actor, seriesId: series.id, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros, qty: q, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
  });
  const providerId = svc.engine.accountIdByAddress.get(provider.wallet.address.toLowerCase())!;
  const minted = svc.engine.account(providerId)!.positions.get(series.id)?.minted ?? 0;
  await send({ kind: CommandKind.DECLARE_CAPACITY, actor: providerId, seriesId: series.id, capacity: minted + 10 });
  expect((await send({ kind: CommandKind.MINT, actor: providerId, seriesId: series.id, qty: 10 }))[0]?.type).toBe(EventType.RIGHTS_MINTED);
  if ((svc.engine.account(consumer.id)!.availableMicros ?? 0) === 0) {
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer.id, amountWei: 10n ** 20n, ref: `buy-${consumer.id}` });
  }
  await new Promise((r) => setTimeout(r, 150)); // past the quoter's least requote interval
  svc.quoting!.tick();
  await svc.sequencer.drain();
  const sold = await send(order(providerId, Side.SELL, series.brokerBuys.bestBidMicros(), 10));
  expect(sold.some((e) => e.type === EventType.FILL)).toBe(true);
  await new Promise((r) => setTimeout(r, 150));
  svc.quoting!.tick();
  await svc.sequencer.drain();
  const bought = await send(order(consumer.id, Side.BUY, series.brokerSells.bestAskMicros(), qty));
  expect(bought.filter((e) => e.type === EventType.FILL).reduce((n, e) => n + (e.type === EventType.FILL ? e.qty : 0), 0)).toBe(qty);
  return series;
}

describe('a listing through its life', () => {
  it('a provider publishes, updates and unpublishes; the operator rejects, approves; the audit survives a restart', async () => {
    const provider = await account(Role.PROVIDER);
    const created = await signed(provider.wallet, 'POST', '/v1/provider/listings', input());
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect(created.body.status).toBe('draft');
    expect(created.body.title).toBe('Test intent <b>signals</b>'); // stored as text; JSON carries it escaped-safe
    expect((await get('/v1/listings')).body.total).toBe(0); // drafts are not public
    expect((await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`)).body.status).toBe('submitted');
    expect((await operator('POST', `/operator/listings/${id}/reject`, {})).body.error).toBe('MALFORMED_LISTING'); // a rejection needs a reason
    expect((await operator('POST', `/operator/listings/${id}/reject`, { reason: 'describe the columns' })).body.status).toBe('rejected');
    const v2 = await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ changeLog: 'columns described' }));
    expect(v2.body.status).toBe('draft');
    expect(v2.body.version).toBe(2);
    await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
    expect((await operator('POST', `/operator/listings/${id}/publish`)).body.status).toBe('published');

    const found = await get('/v1/listings?segment=AUTO_INTENT&min_completeness=0.9');
    expect(found.body.total).toBe(1);
    // Window and band are the contracts': AUTO_INTENT has 7D 0.70-0.85 contracts, no 30D one.
    expect((await get('/v1/listings?window=7D&band=0.70-0.85')).body.total).toBe(1);
    expect((await get('/v1/listings?window=30D')).body.total).toBe(0);
    expect((await get('/v1/listings?window=7days')).body.error).toBe('INVALID_FIELD'); // a malformed query field: the registry's one rule
    const detail = await get(`/v1/listings/${id}`);
    expect(detail.status).toBe(200);
    expect((detail.body.preview as { rows: unknown[] }).rows.length).toBe(10);
    expect((detail.body.quality as { completeness: number }).completeness).toBe(1);
    const disclosures = await get(`/v1/listings/${id}/disclosures`);
    expect((disclosures.body.versions as unknown[]).length).toBe(2);
    expect((disclosures.body.lineage as { sampleSha256: string }).sampleSha256).toMatch(/^[0-9a-f]{64}$/);
    const metrics = await (await fetch(`${base()}/metrics`)).text();
    expect(metrics).toContain('patx_catalog_listings{status="published"} 1');
    expect(metrics).toMatch(/patx_catalog_segment_trust\{segment="AUTO_INTENT"\} 0\.[0-9]+/);
    const scores = (await get('/v1/scores')).body as unknown as { listingId: number; trust: number; quality: number }[];
    expect(scores.find((s) => s.listingId === id)!.trust).toBeGreaterThan(0.5);
    const scoredTotal = async (): Promise<number> => Number((await fetch(`${base()}/v1/scores`)).headers.get('x-total-count'));
    const published = await scoredTotal();
    expect(published).toBe(scores.length);

    const v3 = await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ changeLog: 'fresh sample' }, csv(60)));
    expect(v3.body.status).toBe('published'); // an update of a published listing is live at once
    expect(v3.body.version).toBe(3);
    expect((await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/unpublish`)).body.status).toBe('unpublished');
    expect((await get('/v1/listings')).body.total).toBe(0);
    expect((await get(`/v1/listings/${id}`)).status).toBe(404);
    // The scores count and page the published listings only, as they change (kept, not walked per request).
    expect(((await get('/v1/scores')).body as unknown as { listingId: number }[]).map((x) => x.listingId)).not.toContain(id);
    expect(await scoredTotal()).toBe(published - 1);

    await svc.stop();
    svc = await startService(config, logger);
    expect(await scoredTotal()).toBe(published - 1); // as the restart read them from the store
    const audit = (await operator('GET', `/operator/catalog/audit?listing=${id}`)).body as unknown as { action: string; actor: string; toStatus: string; reason?: string }[];
    expect(audit.map((a) => a.action)).toEqual(['create', 'submit', 'reject', 'update', 'submit', 'publish', 'update', 'unpublish']);
    expect(audit[2]).toMatchObject({ actor: 'operator:admin', toStatus: 'rejected', reason: 'describe the columns' });
    expect(audit[0]!.actor).toBe(`provider:${provider.id}`);
    expect((await operator('GET', `/operator/listings/${id}`)).body.status).toBe('unpublished');
    // Published again: counted again, in its place by id.
    await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
    await operator('POST', `/operator/listings/${id}/publish`);
    const again = ((await get('/v1/scores')).body as unknown as { listingId: number }[]).map((x) => x.listingId);
    expect(again).toContain(id);
    expect(again).toEqual([...again].sort((a, b) => a - b));
    expect(await scoredTotal()).toBe(published);
  });

  it('the operator takes a listing down; its provider can no longer update it', async () => {
    const provider = await account(Role.PROVIDER);
    const id = (await signed(provider.wallet, 'POST', '/v1/provider/listings', input())).body.id as number;
    await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
    await operator('POST', `/operator/listings/${id}/publish`);
    expect((await operator('POST', `/operator/listings/${id}/take-down`, { reason: 'licence terms misstated' })).body.status).toBe('taken_down');
    expect(((await get('/v1/scores')).body as unknown as { listingId: number }[]).map((x) => x.listingId)).not.toContain(id);
    const refused = await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input());
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('BAD_TRANSITION');
  });
});

describe('minting follows the catalog', () => {
  it('a provider mints only while it has a published listing for the segment; a restart repairs what a crash left out', async () => {
    const provider = await account(Role.PROVIDER);
    const now = Date.now();
    const series = (segment: string) => svc.engine.series.find((s) => s !== undefined && s.segment === segment && s.status === 1 && s.spec.openAtMs <= now && now < s.spec.closeAtMs)!;
    const mint = async (segment: string): Promise<string> => {
      const id = series(segment).id;
      await svc.sequencer.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider.id, seriesId: id, capacity: 1_000 });
      const e = (await svc.sequencer.submit({ kind: CommandKind.MINT, actor: provider.id, seriesId: id, qty: 1 })).events[0]!;
      return e.type === EventType.RIGHTS_MINTED ? 'minted' : rejectReasonName((e as { reason: RejectReason }).reason);
    };
    expect(svc.engine.paramValue('risk.mintRequiresListing')).toBe(1); // shipped on
    expect(await mint('AUTO_INTENT')).toBe('NO_PUBLISHED_LISTING');
    const id = (await signed(provider.wallet, 'POST', '/v1/provider/listings', input())).body.id as number;
    await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
    expect(await mint('AUTO_INTENT')).toBe('NO_PUBLISHED_LISTING'); // submitted is not published
    await operator('POST', `/operator/listings/${id}/publish`);
    expect(await mint('AUTO_INTENT')).toBe('minted');
    expect(await mint('HOME_INTENT')).toBe('NO_PUBLISHED_LISTING'); // only its listing's segment
    await operator('POST', `/operator/listings/${id}/take-down`, { reason: 'licence terms misstated' });
    expect(await mint('AUTO_INTENT')).toBe('NO_PUBLISHED_LISTING');

    // A crash after the catalog stored a publication but before the engine heard of it: the next start repairs it.
    await svc.stop();
    const store = CatalogStore.open(dir);
    const listing = [...store.allListings()].find((l) => l.id === id)!;
    store.putListing({ ...listing, segment: 'HOME_INTENT', status: 'published' });
    await store.close();
    svc = await startService(config, logger);
    expect([...svc.engine.account(provider.id)!.providerListings]).toEqual([['HOME_INTENT', { listingId: id, listingVersion: 1 }]]);
    expect(await mint('HOME_INTENT')).toBe('minted');
  });
});

describe('accuracy', () => {
  it('the operator attaches a reference sample: accuracy is measured now and on every new version, and moves trust', async () => {
    const provider = await account(Role.PROVIDER);
    const sample = csv(50);
    const id = (await signed(provider.wallet, 'POST', '/v1/provider/listings', input({}, sample))).body.id as number;
    await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
    await operator('POST', `/operator/listings/${id}/publish`);
    type Detail = { quality: { accuracy: number | null; accuracyCoverage?: number }; trust: number };
    const before = (await get(`/v1/listings/${id}`)).body as unknown as Detail;
    expect(before.quality.accuracy).toBeNull(); // unverified

    // Ten records known to be true: the sample's own rows 0-9, with rows 0 and 1 differing in city (the provider got those wrong).
    const lines = sample.trim().split('\n');
    const reference = [lines[0], ...lines.slice(1, 11).map((l, i) => (i < 2 ? l.replace(/,(oslo|lima|kyiv),/, ',tokyo,') : l))].join('\n') + '\n';
    const attach = (body: unknown) => operator('POST', `/operator/listings/${id}/reference`, body);
    const attached = await attach({ format: 'csv', base64: Buffer.from(reference).toString('base64') });
    expect(attached.status).toBe(200);
    expect(attached.body.accuracy).toMatchObject({ accuracy: 0.8, coverage: 1, matched: 8, compared: 10, referenceRows: 10 });
    const after = (await get(`/v1/listings/${id}`)).body as unknown as Detail;
    expect(after.quality).toMatchObject({ accuracy: 0.8, accuracyCoverage: 1 });
    expect(after.trust).not.toBe(before.trust); // quality's mean now includes accuracy
    expect(((await get('/v1/listings?min_accuracy=0.75')).body as { total: number }).total).toBe(1);
    expect(((await get('/v1/listings?min_accuracy=0.9')).body as { total: number }).total).toBe(0);

    // A new version is measured against the same reference on upload: five of its ten records, two of them wrong.
    const v2 = await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ changeLog: 'a smaller extract' }, [lines[0], ...lines.slice(1, 6)].join('\n') + '\n'));
    expect(v2.body.quality as Detail['quality']).toMatchObject({ accuracy: 0.6, accuracyCoverage: 0.5 });
    // Bad references: typed errors, nothing changes.
    const bad = [
      [{ format: 'csv', base64: '!!' }, 'MALFORMED_REFERENCE'],
      [{ format: 'csv', base64: Buffer.from('id,seen\n1,2026-11-22T10:00:00Z\n').toString('base64') }, 'SAMPLE_SCHEMA_MISMATCH'],
      [{ format: 'xlsx', base64: 'AAAA' }, 'MALFORMED_REFERENCE'],
      [{ format: 'csv', base64: Buffer.from('id,seen,city,score\n=1+1,x,y,z\n').toString('base64') }, 'FORMULA_INJECTION'],
    ] as const;
    for (const [body, code] of bad) {
      const r = await attach(body);
      expect([r.status, r.body.error], JSON.stringify(body)).toEqual([400, code]);
    }
    expect(((await get(`/v1/listings/${id}`)).body as unknown as Detail).quality.accuracy).toBe(0.6);
    const audit = (await operator('GET', `/operator/catalog/audit?listing=${id}`)).body as unknown as { action: string; actor: string; reason?: string }[];
    expect(audit.find((a) => a.action === 'attach_reference')).toMatchObject({ actor: 'operator:admin', reason: 'accuracy 0.8000 over 10 of 10 reference records' });
  });
});

describe('purchases', () => {
  it('a consumer sees which listing version each right was bought under; a restart and a catch-up from the journal agree', async () => {
    const provider = await account(Role.PROVIDER);
    const consumer = await account(Role.CONSUMER);
    const other = await account(Role.CONSUMER);
    const id = (await signed(provider.wallet, 'POST', '/v1/provider/listings', input())).body.id as number;
    await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
    await operator('POST', `/operator/listings/${id}/publish`);
    const series = await buyThroughBroker(provider, consumer, 2);
    const v2 = await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ changeLog: 'a fresher sample' }, csv(70)));
    expect(v2.body.version).toBe(2);
    await buyThroughBroker(provider, consumer, 1);

    type View = { total: number; purchases: { tradeId: number; qty: number; seriesId: number; contract: string; priceMicros: number; listings: { listingId: number; version: number; title: string; lineage: { versionSha256: string } }[] }[] };
    const mine = (await signed(consumer.wallet, 'GET', '/v1/purchases')).body as unknown as View;
    expect(mine.total).toBe(2);
    expect(mine.purchases.map((p) => [p.qty, p.listings.map((l) => [l.listingId, l.version])])).toEqual([
      [1, [[id, 2]]], // newest first: bought under version 2
      [2, [[id, 1]]],
    ]);
    expect(mine.purchases[0]!.tradeId).toBeGreaterThan(mine.purchases[1]!.tradeId);
    expect(mine.purchases[1]!.seriesId).toBe(series.id);
    expect(mine.purchases[1]!.listings[0]!.lineage.versionSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(mine.purchases[1]!.listings[0]!.lineage.versionSha256).not.toBe(mine.purchases[0]!.listings[0]!.lineage.versionSha256);
    // Only one's own; the broker's purchases from the provider are not consumer purchases; bad queries are typed errors.
    expect(((await signed(other.wallet, 'GET', '/v1/purchases')).body as unknown as View).total).toBe(0);
    expect(((await signed(consumer.wallet, 'GET', `/v1/purchases?series=${series.id}&limit=1`)).body as unknown as View).purchases).toHaveLength(1);
    const bad = await signed(consumer.wallet, 'GET', '/v1/purchases?limit=0');
    expect([bad.status, bad.body.error]).toEqual([400, 'INVALID_FIELD']);
    expect((await fetch(`${base()}/v1/purchases`)).status).toBe(401);

    // Unpublished later: what was bought still shows what it was bought under.
    await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/unpublish`);
    await svc.stop();
    svc = await startService(config, logger);
    expect((await signed(consumer.wallet, 'GET', '/v1/purchases')).body).toEqual(mine);
    // A ledger rebuilt from the whole journal (what a start without the saved ledger does) finds the same purchases.
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'patx-purchases-'));
    const store = CatalogStore.open(scratch);
    try {
      const rebuilt = startPurchaseLedger({ store, engine: svc.engine, journal: svc.journal, sequencer: svc.sequencer, liveVersionsAt: (segment, atMs) => svc.catalog.liveVersionsAt(segment, atMs) });
      await rebuilt.saveProgress();
      expect((await rebuilt.purchasesOf(consumer.id, 0, 10)).purchases.map((p) => [p.tradeId, p.qty, p.listings])).toEqual(mine.purchases.map((p) => [p.tradeId, p.qty, p.listings.map((l) => ({ listingId: l.listingId, version: l.version }))]));
    } finally {
      await store.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('bad input: a typed error, nothing stored', () => {
  it('malformed schema, mismatched or unsafe samples, unknown licence terms, someone else\'s listing', async () => {
    const provider = await account(Role.PROVIDER);
    const other = await account(Role.PROVIDER);
    const consumer = await account(Role.CONSUMER);
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['duplicate columns', input({ schema: { columns: [{ name: 'id', type: 'integer' }, { name: 'id', type: 'string' }] } }), 400, 'MALFORMED_LISTING'],
      ['unknown column type', input({ schema: { columns: [{ name: 'id', type: 'uuid' }] } }), 400, 'MALFORMED_LISTING'],
      ['sample without its schema\'s columns', input({}, 'id,town\n1,oslo\n'), 400, 'SAMPLE_SCHEMA_MISMATCH'],
      ['formula in a CSV cell', input({}, 'id,seen,city,score\n1,2026-11-22T00:00:00Z,=cmd|calc,1\n'), 400, 'FORMULA_INJECTION'],
      ['not UTF-8', { ...input(), sample: { format: 'csv', base64: Buffer.from([0x69, 0x64, 0x0a, 0xc3, 0x28]).toString('base64') } }, 400, 'NOT_UTF8'],
      ['not base64', { ...input(), sample: { format: 'csv', base64: '!!!' } }, 400, 'MALFORMED_SAMPLE'],
      ['unknown licence term', input({ licence: { permittedUses: ['everything'], retentionDays: 30, redistribution: false } }), 400, 'MALFORMED_LISTING'],
      ['control characters in text', input({ title: 'a\u0000b' }), 400, 'MALFORMED_LISTING'],
      // Shown beside the provider's verified mark: no character that does not show (src/catalog/invisible-characters.ts).
      ['an invisible combining grapheme joiner in the title', input({ title: 'Acme\u034F Analytics' }), 400, 'MALFORMED_LISTING'],
      ['a Hangul filler in the title', input({ title: 'Acme\u3164Analytics' }), 400, 'MALFORMED_LISTING'],
      ['a direction override in the title', input({ title: 'Acme \u202Eatad' }), 400, 'MALFORMED_LISTING'],
      ['a plain-http endpoint elsewhere', input({ deliveryEndpoint: 'http://provider.example/records' }), 400, 'MALFORMED_LISTING'],
      // A prefix check passed these (issue 52): loopback is the parsed host, not how the text begins.
      ['a plain-http endpoint under an attacker\'s domain', input({ deliveryEndpoint: 'http://127.0.0.1.attacker.example/records' }), 400, 'MALFORMED_LISTING'],
      ['127.0.0.1 as a user name before another host', input({ deliveryEndpoint: 'http://127.0.0.1@evil.example/records' }), 400, 'MALFORMED_LISTING'],
      ['an unknown field', input({ price: 3 }), 400, 'MALFORMED_LISTING'],
    ];
    for (const [what, body, status, code] of cases) {
      const r = await signed(provider.wallet, 'POST', '/v1/provider/listings', body);
      expect([what, r.status, r.body.error]).toEqual([what, status, code]);
    }
    const big = input({}, `id,seen,city,score\n${'1,2026-11-22T00:00:00Z,oslo,1\n'.repeat(360_000)}`); // ~10.8 MB: over the 10 MiB sample cap, under the upload body cap
    const tooBig = await signed(provider.wallet, 'POST', '/v1/provider/listings', big);
    expect([tooBig.status, tooBig.body.error]).toEqual([413, 'SAMPLE_TOO_LARGE']);
    expect((await signed(consumer.wallet, 'POST', '/v1/provider/listings', input())).body.error).toBe('NOT_A_PROVIDER');
    expect(((await signed(provider.wallet, 'GET', '/v1/provider/listings')).body as unknown as unknown[]).length).toBe(0); // nothing stored

    const id = (await signed(provider.wallet, 'POST', '/v1/provider/listings', input())).body.id as number;
    // Another provider's draft is answered as an id that names none (its existence is the owner's business): the same as 99999.
    const stolen = await signed(other.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ title: 'mine now' }));
    expect([stolen.status, stolen.body]).toEqual([404, { error: 'UNKNOWN_LISTING', message: `no listing ${id}` }]);
    expect((await signed(other.wallet, 'POST', `/v1/provider/listings/${id}/submit`)).body).toEqual({ error: 'UNKNOWN_LISTING', message: `no listing ${id}` });
    expect((await signed(other.wallet, 'GET', `/v1/provider/listings/${id}`)).body).toEqual({ error: 'UNKNOWN_LISTING', message: `no listing ${id}` });
    expect((await get(`/v1/listings/${id}`)).body).toEqual({ error: 'UNKNOWN_LISTING', message: `no listing ${id}` });
    expect((await signed(provider.wallet, 'GET', `/v1/provider/listings/${id}`)).body.title).toBe('Test intent <b>signals</b>');
    expect((await get('/v1/listings?min_trust=nope')).body.error).toBe('INVALID_FIELD');
    expect((await get('/v1/listings/0')).status).toBe(400); // malformed id: 400; a well-formed unknown one 404
    expect((await get('/v1/listings/99999')).status).toBe(404);
  });
});

describe('ratings and trust', () => {
  async function publish(provider: { wallet: Wallet }, body: Record<string, unknown>): Promise<number> {
    const id = (await signed(provider.wallet, 'POST', '/v1/provider/listings', body)).body.id as number;
    await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
    await operator('POST', `/operator/listings/${id}/publish`);
    return id;
  }

  /** The consumer exercises `qty` rights it bought in `series`; resolves once the grant ledger holds their grants. */
  async function exercise(consumer: { id: number }, series: { id: number }, qty: number): Promise<void> {
    const events = (await svc.sequencer.submit({ kind: CommandKind.EXERCISE, actor: consumer.id, seriesId: series.id, qty })).events;
    expect(events.some((e) => e.type === EventType.RIGHTS_EXERCISED)).toBe(true);
    await svc.grants()!.saveProgress();
  }

  const scoreOf = async (id: number) => ((await get('/v1/scores')).body as unknown as { listingId: number; ratings: number; rating: number }[]).find((s) => s.listingId === id)!;

  it('only a consumer that received data from the listing through its grants rates it: not one served by another provider of the segment', async () => {
    const provider = await account(Role.PROVIDER);
    const other = await account(Role.PROVIDER);
    const consumer = await account(Role.CONSUMER);
    const id = await publish(provider, input());
    const otherId = await publish(other, input({ title: 'another provider' }));
    const before = await signed(consumer.wallet, 'POST', `/v1/ratings/${id}`, { stars: 5, review: 'good' });
    expect([before.status, before.body.error]).toEqual([403, 'NOT_ELIGIBLE_TO_RATE']);
    // The consumer buys two rights minted by `provider` (sold to the broker's bid, bought at its ask) and exercises them: its grants name `provider`'s listing.
    const series = await buyThroughBroker(provider, consumer, 2);
    await exercise(consumer, series, 2);
    // Same segment, rights exercised there, but no grant names `other`'s listing: no rating (the old rule let it rate).
    const foreign = await signed(consumer.wallet, 'POST', `/v1/ratings/${otherId}`, { stars: 1, review: 'never received it' });
    expect([foreign.status, foreign.body.error]).toEqual([403, 'NOT_ELIGIBLE_TO_RATE']);
    expect((await operator('GET', `/operator/listings/${otherId}`)).body.ratings).toEqual([]);
    const rated = await signed(consumer.wallet, 'POST', `/v1/ratings/${id}`, { stars: 5, review: 'good' });
    expect(rated.status).toBe(201);
    expect((await operator('GET', `/operator/listings/${id}`)).body.ratings).toMatchObject([{ consumerAccountId: consumer.id, stars: 5, weight: 2, version: 1 }]);
    expect((await signed(consumer.wallet, 'POST', `/v1/ratings/${id}`, { stars: 9 })).body.error).toBe('MALFORMED_RATING');
    const score = await scoreOf(id);
    expect(score.ratings).toBe(1);
    expect(score.rating).toBeCloseTo((5 * 3.5 + 5) / 6 / 4 - 0.25, 4); // Bayesian average (5×3.5 + 5)/6 stars, mapped to 0..1
    // The operator moderates: a hidden rating no longer counts, and its consumer cannot replace it.
    expect((await operator('POST', `/operator/listings/${id}/ratings/${consumer.id}/hide`, { reason: 'off topic' })).status).toBe(200);
    expect((await scoreOf(id)).ratings).toBe(0);
    const again = await signed(consumer.wallet, 'POST', `/v1/ratings/${id}`, { stars: 4 });
    expect([again.status, again.body.error]).toEqual([409, 'BAD_TRANSITION']);
    expect((await operator('GET', `/operator/listings/${id}`)).body.ratings).toMatchObject([{ stars: 5, status: 'hidden' }]);
  });

  it('a consumer whose claim says nothing arrived does not rate with those rights: claimed in full, it may not rate', async () => {
    const provider = await account(Role.PROVIDER);
    const consumer = await account(Role.CONSUMER);
    const id = await publish(provider, input());
    await exercise(consumer, await buyThroughBroker(provider, consumer, 1), 1);
    const grantId = (await svc.grants()!.grantsOf('consumer', consumer.id, 0, 10)).grants[0]!.signed.grant.grantId;
    const claimed = (await svc.sequencer.submit({ kind: CommandKind.FILE_CLAIM, actor: consumer.id, grantId })).events;
    expect(claimed.some((e) => e.type === EventType.CLAIM_FILED)).toBe(true);
    await svc.grants()!.saveProgress();
    const refused = await signed(consumer.wallet, 'POST', `/v1/ratings/${id}`, { stars: 1, review: 'never arrived' });
    expect([refused.status, refused.body.error]).toEqual([403, 'NOT_ELIGIBLE_TO_RATE']);
  });

  it('one rating per consumer per listing: a new version does not reopen rating, rating again replaces the rating', async () => {
    const provider = await account(Role.PROVIDER);
    const consumer = await account(Role.CONSUMER);
    const id = await publish(provider, input());
    await exercise(consumer, await buyThroughBroker(provider, consumer, 1), 1);
    expect((await signed(consumer.wallet, 'POST', `/v1/ratings/${id}`, { stars: 5, review: 'great' })).status).toBe(201);
    // The provider makes a version at will (a text change: live at once).
    expect((await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ title: 'renamed', changeLog: 'v2' }))).body.version).toBe(2);
    const second = await signed(consumer.wallet, 'POST', `/v1/ratings/${id}`, { stars: 2, review: 'worse since' });
    expect(second.status).toBe(201);
    const ratings = (await operator('GET', `/operator/listings/${id}`)).body.ratings as { stars: number; version: number; review: string }[];
    expect(ratings).toMatchObject([{ stars: 2, version: 2, review: 'worse since' }]); // one, replaced (the old rule kept both)
    const score = await scoreOf(id);
    expect(score.ratings).toBe(1);
    expect(score.rating).toBeCloseTo(((5 * 3.5 + 2) / 6 - 1) / 4, 4);
    const detail = await get(`/v1/listings/${id}`);
    expect((detail.body.reviews as unknown[]).length).toBe(1);
    expect(detail.body.reviewCount).toBe(1);
    expect((await get(`/v1/listings/${id}/reviews?limit=5`)).body).toEqual({ total: 1, offset: 0, next: null, reviews: [{ version: 2, stars: 2, review: 'worse since', atMs: expect.any(Number), counted: true }] });
    // The scores a page at a time, by listing id: two pages are the whole list's first two; a page over 1,000 is refused (the query's schema).
    await publish(provider, input({ title: 'a second listing' }));
    const all = (await get('/v1/scores')).body as unknown as { listingId: number }[];
    expect(all.length).toBeGreaterThanOrEqual(2);
    const counted = await fetch(`${base()}/v1/scores?limit=1`);
    expect([counted.headers.get('x-total-count'), counted.headers.get('access-control-expose-headers')]).toEqual([String(all.length), 'x-total-count']);
    const pages = [...((await get('/v1/scores?limit=1')).body as unknown as unknown[]), ...((await get('/v1/scores?offset=1&limit=1')).body as unknown as unknown[])];
    expect(pages).toEqual(all.slice(0, 2));
    expect([(await get('/v1/scores?limit=1001')).status, (await get('/v1/scores?limit=1001')).body.error]).toEqual([400, 'INVALID_FIELD']);
    const audit = (await operator('GET', `/operator/catalog/audit?listing=${id}`)).body as unknown as { action: string; reason?: string }[];
    expect(audit.filter((e) => e.action === 'rate').map((e) => e.reason)).toEqual([undefined, expect.stringMatching(/^replaces the rating of .* \(5 stars\)$/)]);
  });

  it("each rating weighs the rights its consumer received from the listing", async () => {
    const provider = await account(Role.PROVIDER);
    const big = await account(Role.CONSUMER);
    const small = await account(Role.CONSUMER);
    const id = await publish(provider, input());
    await exercise(big, await buyThroughBroker(provider, big, 3), 3);
    await exercise(small, await buyThroughBroker(provider, small, 1), 1);
    expect((await signed(big.wallet, 'POST', `/v1/ratings/${id}`, { stars: 5 })).status).toBe(201);
    expect((await signed(small.wallet, 'POST', `/v1/ratings/${id}`, { stars: 1 })).status).toBe(201);
    // The raters' mean weighted by rights, (3×5 + 1×1)/4 = 4 stars, shrunk by the prior over 2 raters: (5×3.5 + 2×4)/7.
    const score = await scoreOf(id);
    expect(score.ratings).toBe(2);
    expect(score.rating).toBeCloseTo(((5 * 3.5 + 2 * 4) / 7 - 1) / 4, 4);
    expect(score.rating).not.toBeCloseTo(((5 * 3.5 + 5 + 1) / 7 - 1) / 4, 2); // not the unweighted mean
  });

  it("the broker's base value for a segment moves when its listings' trust moves", async () => {
    const provider = await account(Role.PROVIDER);
    await publish(provider, input());
    await new Promise((r) => setTimeout(r, 50)); // the trust is journaled right after the change
    const high = svc.engine.params.get('quoting.trust:AUTO_INTENT')!;
    expect(high).toBeGreaterThan(0.6);
    const now = Date.now();
    const valueHigh = svc.quoting!.estimates.segmentValue('AUTO_INTENT', now);
    // A second listing with half its cities missing and duplicate keys: the segment's trust falls.
    await publish(provider, input({ title: 'poor' }, csv(50, { nulls: true, duplicates: true })));
    await new Promise((r) => setTimeout(r, 50));
    const low = svc.engine.params.get('quoting.trust:AUTO_INTENT')!;
    expect(low).toBeLessThan(high - 0.01);
    expect(svc.quoting!.estimates.segmentValue('AUTO_INTENT', now)).toBeLessThan(valueHigh);
    // The operator's quality score overrides the catalog's trust.
    await operator('POST', '/operator/params', { name: 'quoting.quality:AUTO_INTENT', value: 1 });
    expect(svc.quoting!.estimates.segmentValue('AUTO_INTENT', now)).toBeGreaterThan(valueHigh);
  });
});

describe('material changes are moderated', () => {
  async function published(provider: { wallet: Wallet }): Promise<number> {
    const id = (await signed(provider.wallet, 'POST', '/v1/provider/listings', input())).body.id as number;
    await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
    await operator('POST', `/operator/listings/${id}/publish`);
    return id;
  }
  const engineListing = (provider: { id: number }) => svc.engine.account(provider.id)!.providerListings.get('AUTO_INTENT');
  const remote = 'https://collector.attacker.example/records';

  it('a new delivery endpoint waits for the operator while the live version stays live; a text change is live at once', async () => {
    const provider = await account(Role.PROVIDER);
    const id = await published(provider);
    // Text only: live at once, and the engine learns version 2.
    const text = await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ title: 'Renamed signals', changeLog: 'title' }));
    expect(text.body).toMatchObject({ status: 'published', version: 2, title: 'Renamed signals' });
    expect(text.body.pendingReview).toBeUndefined();
    expect((await get(`/v1/listings/${id}`)).body.title).toBe('Renamed signals');
    await svc.catalog.syncProviderListings();
    expect(engineListing(provider)).toEqual({ listingId: id, listingVersion: 2 });

    // The finding: a title and a remote endpoint in one update. Nothing of it is live.
    const changed = await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ title: 'CHANGED WITHOUT REVIEW', deliveryEndpoint: remote, changeLog: 'moved' }));
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'published', version: 2, title: 'Renamed signals', pendingReview: { version: 3, changes: ['deliveryEndpoint'] } });
    const pub = await get(`/v1/listings/${id}`);
    expect(pub.body).toMatchObject({ title: 'Renamed signals', version: 2 });
    const disclosures = await get(`/v1/listings/${id}/disclosures`);
    expect(disclosures.body.deliveryEndpoint).toBe('https://provider.example/records');
    expect((disclosures.body.versions as unknown[]).length).toBe(2);
    expect((await get('/v1/listings?q=CHANGED')).body.total).toBe(0);
    await svc.catalog.syncProviderListings();
    expect(engineListing(provider)).toEqual({ listingId: id, listingVersion: 2 });
    // The provider sees it pending; the operator's list shows it for review.
    const mine = (await signed(provider.wallet, 'GET', '/v1/provider/listings')).body as unknown as { id: number; pendingReview?: { version: number } }[];
    expect(mine.find((l) => l.id === id)!.pendingReview).toMatchObject({ version: 3, changes: ['deliveryEndpoint'] });
    const queue = (await operator('GET', '/operator/listings')).body as unknown as { id: number; pendingReview?: { version: number } }[];
    expect(queue.find((l) => l.id === id)!.pendingReview).toMatchObject({ version: 3 });
    expect((await operator('GET', `/operator/listings/${id}`)).body.pending).toMatchObject({ version: { version: 3, deliveryEndpoint: remote, title: 'CHANGED WITHOUT REVIEW' } });

    // Schema, licence and provenance are material too.
    const licence = await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ licence: { permittedUses: ['analytics', 'resale'], retentionDays: 30, redistribution: true } }));
    expect(licence.body).toMatchObject({ version: 2, pendingReview: { version: 3, changes: ['licence'] } }); // the latest update replaces the pending one
  });

  it('the operator rejects (the old version stays) or approves (live, and the engine learns it); the audit shows each; bad ids and roles change nothing', async () => {
    const provider = await account(Role.PROVIDER);
    const id = await published(provider);
    const noPending = await operator('POST', `/operator/listings/${id}/approve-version`);
    expect([noPending.status, noPending.body.error]).toEqual([409, 'BAD_TRANSITION']);
    await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ deliveryEndpoint: remote, changeLog: 'moved' }));

    // Refused before anything changes: a viewer, an unknown listing, a malformed id, no reason.
    const viewer = await svc.operatorApi.handle({ method: 'POST', path: `/operator/listings/${id}/approve-version`, body: undefined, query: new URLSearchParams(), operator: 'viewer', roles: ['viewer'] });
    expect([viewer.status, (viewer.body as { error: string }).error]).toEqual([403, 'FORBIDDEN_ROLE']);
    for (const bad of ['999999', 'abc', '0']) {
      const r = await operator('POST', `/operator/listings/${bad}/approve-version`);
      expect([r.status, r.body.error]).toEqual([404, 'UNKNOWN_LISTING']);
    }
    expect((await operator('POST', `/operator/listings/${id}/reject-version`, {})).body.error).toBe('MALFORMED_LISTING');
    const untouched = await operator('GET', `/operator/listings/${id}`);
    expect(untouched.body).toMatchObject({ version: 1, pendingReview: { version: 2 } });

    const rejected = await operator('POST', `/operator/listings/${id}/reject-version`, { reason: 'endpoint on an unknown host' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'published', version: 1, rejectedVersion: { version: 2, reason: 'endpoint on an unknown host' } });
    expect(rejected.body.pendingReview).toBeUndefined();
    expect((await get(`/v1/listings/${id}/disclosures`)).body.deliveryEndpoint).toBe('https://provider.example/records');
    expect((await signed(provider.wallet, 'GET', `/v1/provider/listings/${id}`)).body.rejectedVersion).toMatchObject({ reason: 'endpoint on an unknown host' });

    const endpoint = 'https://cdn.provider.example/records';
    await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ deliveryEndpoint: endpoint, changeLog: 'new CDN' }));
    const approved = await operator('POST', `/operator/listings/${id}/approve-version`);
    expect(approved.body).toMatchObject({ status: 'published', version: 2 });
    expect(approved.body.pendingReview).toBeUndefined();
    expect((await get(`/v1/listings/${id}/disclosures`)).body.deliveryEndpoint).toBe(endpoint);
    expect(engineListing(provider)).toEqual({ listingId: id, listingVersion: 2 }); // the operator's reply waits for SET_PROVIDER_LISTING

    const audit = (await operator('GET', `/operator/catalog/audit?listing=${id}`)).body as unknown as { action: string; actor: string; version: number; pendingVersion?: number; reason?: string }[];
    expect(audit.slice(3).map(({ action, actor, version, pendingVersion, reason }) => ({ action, actor, version, pendingVersion, reason }))).toEqual([
      { action: 'submit_version', actor: `provider:${provider.id}`, version: 1, pendingVersion: 2, reason: 'awaits review: deliveryEndpoint changed' },
      { action: 'reject_version', actor: 'operator:admin', version: 1, pendingVersion: 2, reason: 'endpoint on an unknown host' },
      { action: 'submit_version', actor: `provider:${provider.id}`, version: 1, pendingVersion: 2, reason: 'awaits review: deliveryEndpoint changed' },
      { action: 'approve_version', actor: 'operator:admin', version: 2, pendingVersion: undefined, reason: 'approved: deliveryEndpoint changed' },
    ]);

    // A pending version goes with the listing's publication: taken down, nothing awaits review.
    await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ deliveryEndpoint: remote }));
    await operator('POST', `/operator/listings/${id}/take-down`, { reason: 'moving data to unknown hosts' });
    const down = await operator('GET', `/operator/listings/${id}`);
    expect(down.body).toMatchObject({ status: 'taken_down', version: 2 });
    expect(down.body.pending).toBeUndefined();
  });
});

describe('/openapi.json', () => {
  it("describes the catalog's routes, and every public catalog route it names answers", async () => {
    const doc = (await get('/openapi.json')).body as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/v1/listings', '/v1/listings/{id}', '/v1/listings/{id}/disclosures', '/v1/scores', '/v1/provider/listings', '/v1/ratings/{id}', '/v1/purchases', '/operator/listings/{id}/publish']) expect(Object.keys(doc.paths)).toContain(p);
    for (const p of ['/v1/listings', '/v1/listings/{id}', '/v1/listings/{id}/disclosures', '/v1/scores']) {
      const r = await get(p.replace('{id}', '1'));
      expect(r.body.error, p).not.toBe('NOT_FOUND');
    }
  });
});

describe("a listing's reviews, a page at a time", () => {
  it('newest first, hidden ones left out, the total of the visible; pages are disjoint and together every visible review', () => {
    const ratings = Array.from({ length: 120 }, (_, i) => ({ consumerAccountId: i, version: 1, stars: 1 + (i % 5), review: `r${i}`, atMs: 1_000 + i, status: i % 7 === 3 ? ('hidden' as const) : ('visible' as const) }));
    const visible = ratings.filter((r) => r.status === 'visible').reverse().map((r) => r.review);
    expect(reviewsPage({ ratings }, 0, 20)).toMatchObject({ total: visible.length, reviews: visible.slice(0, 20).map((review) => ({ review, counted: true })) });
    const seen: string[] = [];
    for (let offset = 0; offset < visible.length; offset += 50) seen.push(...reviewsPage({ ratings }, offset, 50).reviews.map((r) => r.review));
    expect(seen).toEqual(visible);
    expect(reviewsPage({ ratings }, visible.length, 50)).toEqual({ total: visible.length, reviews: [] });
  });
});
