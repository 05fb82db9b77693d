/**
 * Delivery counts only with the consumer's word (issue 53): the provider's gate signs what
 * it delivers, the consumer's client receipts it, and only a receipt (or a provider report
 * undisputed past the dispute time) counts toward the listing's reliability and the payout.
 * Refusals count against the provider only for requests its consumer signed; garbage
 * signatures move nothing; an unreachable endpoint is reported by the consumer; exercised
 * grants never receipted count undelivered once due. Real service (LMDB, uWS, the grant
 * ledger), real reference provider servers over HTTP, real signatures; settlement off.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, grantsOfAck, signedRequest, TradingClient, wire, type SignedGrant } from '../../src/client/index.js';
import { deliveryRate, reliabilityComponent, trustScore } from '../../src/catalog/trust.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { DEMO_PROVIDER_KEY, demoRecords, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { deliveryStatementText, recordsSha256, signGateRequest, type DeliveryStatement } from '../../src/gate/index.js';
import type { GrantLedger } from '../../src/grants/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import { startProviderServer, type ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import { openAutoIntentSeries, providerSellsToBroker } from '../support/broker-rights.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
const DISPUTE_MS = 3_600_000;
let dir: string;
let service: Service;
let server: ProviderServer;
let serverPort: number;
let trader: TradingClient;
const consumer = Wallet.createRandom();
const provider = new Wallet(DEMO_PROVIDER_KEY);
const base = () => `http://127.0.0.1:${service.gateway.port}`;
const ledger = (): GrantLedger => service.grants()!;
let seriesId: number;
/** The grants ids the test disputes (the claims route's stand-in). */
const disputedIds = new Set<number>();
const counted: { grantId: number; qty: number; total: number; by: string }[] = [];

async function startServer(): Promise<void> {
  server = await startDemoProviderServer({ dataDir: dir, host: '127.0.0.1', port: serverPort, exchangeUrl: base(), log: logger });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-receipts-'));
  serverPort = await freePort();
  const config: Config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: { 'risk.disputeWindowMs': DISPUTE_MS } } });
  service = await startService(config, logger);
  // The demo listings send consumers to this test's provider server.
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger, `http://127.0.0.1:${serverPort}/records`);
  await startServer();
  ledger().setDisputeSource((id) => disputedIds.has(id));
  ledger().onDeliveryCounted((e) => counted.push({ grantId: e.grantId, qty: e.qty, total: e.total, by: e.by }));
  const now = Date.now();
  seriesId = openAutoIntentSeries(service, now).id;
  await brokerHoldsRights(seriesId);
  trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 20n, ref: 'receipts-test' });
});

afterAll(async () => {
  await trader.close().catch(() => undefined); // closed already by the restart test
  await server.close();
  await service.stop();
  removeDir(dir);
});

/** The demo provider mints and sells to the broker's bid; the broker quotes an ask. */
function brokerHoldsRights(id: number): Promise<void> {
  return providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, id, { mint: 30, sell: 20 });
}

let clientOrderId = 1;
/** The consumer buys `qty` rights from the broker and exercises them: one grant (the demo provider's). */
async function newGrant(qty: number): Promise<SignedGrant> {
  const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
  const bought = await trader.newOrder({ seriesId, clientOrderId: clientOrderId++, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty });
  expect((bought.reports ?? []).some((r) => r.execType === wire.ExecType.EXEC_TRADE)).toBe(true);
  const grants = grantsOfAck(await trader.exercise(seriesId, qty));
  expect(grants).toHaveLength(1);
  await ledger().get(grants[0]!.grant.grantId); // recorded
  return grants[0]!;
}

type View = { delivered: number; receipts: number; reportedByProvider: number; counted: number; disputeEndsAtMs: number | null; disputeWindow: string | null; refusals: number; refusalReasons: string[]; unreachable: { reason: string } | null };
async function view(grantId: number): Promise<View> {
  const r = await signedRequest<View>(base(), consumer, 'GET', `/v1/grants/mine/${grantId}`);
  expect(r.status).toBe(200);
  return r.body;
}

async function reliability(): Promise<number> {
  const scores = (await (await fetch(`${base()}/v1/scores`)).json()) as { listingId: number; reliability: number }[];
  return scores.find((x) => x.listingId === 1)!.reliability;
}

/** What listing 1's reliability is for these delivery counts (the cadence part as of now). */
function expected(d: { delivered: number; undelivered: number; failed: number }): number {
  return (reliabilityComponent(service.catalog.get(1), Date.now()) + deliveryRate(d)) / 2;
}

/** A consumer's request for `use` rights at a provider server's gate. */
function request(signed: SignedGrant, use: number, at: ProviderServer, wallet: Wallet | ReturnType<typeof Wallet.createRandom> = consumer): ReturnType<typeof signGateRequest> {
  return signGateRequest(wallet, signed, use, { domain: ledger().signer.domain, endpoint: at.endpoint });
}

async function post(at: ProviderServer, body: unknown): Promise<{ status: number; body: { records?: unknown[]; error?: string; delivery?: DeliveryStatement; deliverySignature?: string } }> {
  const res = await fetch(`http://127.0.0.1:${at.port}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { records?: unknown[] } };
}

describe('delivery receipts', () => {
  let receipted: SignedGrant;

  it("a download is receipted by the consumer's client and counts: delivered, the listing's reliability, the counted hook", async () => {
    expect(ledger().deliveryOf(1)).toBeUndefined();
    expect(await reliability()).toBeCloseTo(expected({ delivered: 0, undelivered: 0, failed: 0 }), 3); // no history: the prior, not perfect
    receipted = await newGrant(2);
    const d = await downloadWithGrant(base(), consumer, receipted);
    expect(d.outcome).toBe('received');
    if (d.outcome !== 'received') return;
    expect(d.records).toHaveLength(50);
    // The statement the provider signed: this request's, over these records' bytes.
    expect(d.delivery).toMatchObject({ grantId: receipted.grant.grantId, use: 2, records: 50, sha256: recordsSha256(d.records) });
    expect(d.receipt).toEqual({ state: 'accepted', delivered: 2, counted: 2 });
    await server.settled();
    expect(await view(receipted.grant.grantId)).toMatchObject({ delivered: 2, receipts: 1, reportedByProvider: 2, counted: 2 });
    expect(ledger().deliveryOf(1)).toEqual({ delivered: 2, undelivered: 0, failed: 0 });
    expect(await reliability()).toBeCloseTo(expected({ delivered: 2, undelivered: 0, failed: 0 }), 3);
    expect(counted).toEqual([{ grantId: receipted.grant.grantId, qty: 2, total: 2, by: 'receipt' }]);
    const stored = await signedRequest<{ receipts: { nonce: string; use: number }[] }>(base(), consumer, 'GET', `/v1/grants/mine/${receipted.grant.grantId}/receipts`);
    expect(stored.body.receipts).toEqual([expect.objectContaining({ nonce: d.delivery!.nonce, use: 2, records: 50 })]);
    // A page at a time (a grant holds one receipt a request, up to its quantity or usage units): `next` is the next page's `after`.
    const receiptsAt = (query: string) => signedRequest<{ receipts: { nonce: string }[]; next: string | null; error?: string }>(base(), consumer, 'GET', `/v1/grants/mine/${receipted.grant.grantId}/receipts${query}`);
    expect((await receiptsAt('')).body.next).toBeNull();
    const first = await receiptsAt('?limit=1');
    expect(first.body).toMatchObject({ receipts: [{ nonce: d.delivery!.nonce }], next: d.delivery!.nonce });
    expect((await receiptsAt(`?after=${first.body.next!}`)).body).toEqual({ receipts: [], next: null });
    for (const bad of ['?limit=0', '?limit=1001', '?after=not%20a%20nonce']) {
      const refused = await receiptsAt(bad);
      expect([refused.status, refused.body.error], bad).toEqual([400, 'INVALID_FIELD']);
    }
  });

  it('a forged receipt is refused with its typed error and changes nothing: wrong consumer, bad signature, replayed, over the quantity', async () => {
    const id = receipted.grant.grantId;
    const before = await view(id);
    const listingBefore = ledger().deliveryOf(1);
    const hooksBefore = counted.length;
    const { domain } = ledger().signer;
    const [stored] = ledger().receiptsOf(id);
    const receipt = { use: stored!.use, nonce: stored!.nonce, records: stored!.records, sha256: stored!.sha256, deliverySignature: stored!.deliverySignature };
    const statementFor = (s: DeliveryStatement) => provider.signMessage(deliveryStatementText(domain, receipted.grant, s));
    const fresh: DeliveryStatement = { grantId: id, use: 1, nonce: 'extra-1', records: 25, sha256: recordsSha256(demoRecords('AUTO_INTENT', 0, 25, Date.now())!) };
    const send = (wallet: Wallet | typeof consumer, body: unknown, grantId = id) => signedRequest(base(), wallet, 'POST', `/v1/grants/${grantId}/receipts`, body);
    // One at a time (an account has a bound on requests in flight).
    const cases: [string, number, () => Promise<{ status: number; body: Record<string, unknown> }>][] = [
      // Another account (the provider itself) receipting the consumer's grant.
      ['NOT_YOUR_GRANT', 403, async () => send(provider, { ...fresh, deliverySignature: await statementFor(fresh) })],
      // A statement the provider never signed: the consumer's own signature, or the provider's over other records.
      ['BAD_DELIVERY_SIGNATURE', 403, async () => send(consumer, { ...fresh, deliverySignature: await consumer.signMessage(deliveryStatementText(domain, receipted.grant, fresh)) })],
      ['BAD_DELIVERY_SIGNATURE', 403, () => send(consumer, { ...receipt, sha256: '0'.repeat(64) })],
      ['BAD_DELIVERY_SIGNATURE', 403, () => send(consumer, { ...receipt, use: 1 })],
      // The same receipt again.
      ['RECEIPT_REPLAYED', 409, () => send(consumer, receipt)],
      // A statement truly signed by the provider, for more rights than the grant has left.
      ['OVER_QUANTITY', 409, async () => send(consumer, { ...fresh, deliverySignature: await statementFor(fresh) })],
      ['MALFORMED_RECEIPT', 400, () => send(consumer, { ...receipt, nonce: 'a b' })],
      ['MALFORMED_RECEIPT', 400, () => send(consumer, { ...receipt, deliverySignature: 'nope' })],
      ['UNKNOWN_GRANT', 404, () => send(consumer, receipt, 999_999)],
    ];
    for (const [code, status, answer] of cases) {
      const a = await answer();
      expect([a.status, a.body.error], code).toEqual([status, code]);
    }
    // Unsigned: the gateway's signed-HTTP check refuses it before the ledger hears of it.
    expect((await fetch(`${base()}/v1/grants/${id}/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(receipt) })).status).toBe(401);
    expect(await view(id)).toEqual(before);
    expect(ledger().deliveryOf(1)).toEqual(listingBefore);
    expect(ledger().receiptsOf(id)).toHaveLength(1);
    expect(counted).toHaveLength(hooksBefore);
  });

  it("the provider's own report without a receipt is not delivered and counts only once its dispute time passed undisputed", async () => {
    const quiet = await newGrant(2); // the consumer downloads and never receipts
    const disputed = await newGrant(1);
    disputedIds.add(disputed.grant.grantId);
    expect((await post(server, await request(quiet, 2, server))).status).toBe(200);
    expect((await post(server, await request(disputed, 1, server))).status).toBe(200);
    await server.settled();
    const v = await view(quiet.grant.grantId);
    expect(v).toMatchObject({ delivered: 0, receipts: 0, reportedByProvider: 2, counted: 0 });
    expect(v.disputeEndsAtMs).toBeGreaterThan(Date.now() + DISPUTE_MS - 60_000);
    expect(v.disputeWindow).toBe('open');
    expect(ledger().deliveryOf(1)).toEqual({ delivered: 2, undelivered: 0, failed: 0 });
    // Before the dispute time: still nothing.
    await ledger().sweep(Date.now() + DISPUTE_MS / 2);
    expect((await view(quiet.grant.grantId)).counted).toBe(0);
    // A report repeated (the same request) adds nothing.
    const again = await signedRequest(base(), provider, 'POST', '/v1/deliveries', { grantId: quiet.grant.grantId, rights: 2, outcome: 'delivered', request: await request(quiet, 2, server) });
    expect(again.status).toBe(200);
    // Past it: the undisputed report counts, the disputed one does not.
    const hooksBefore = counted.length;
    // The report just now (a request signed again: a new nonce) moved the window: when it ends now.
    const pending = (await view(quiet.grant.grantId)).disputeEndsAtMs!;
    await ledger().sweep(pending + 120_000);
    // The window passed: the view still says when it ended (it read null before an outside audit, 2026-12-02).
    expect(await view(quiet.grant.grantId)).toMatchObject({ delivered: 0, reportedByProvider: 2, counted: 2, disputeEndsAtMs: pending, disputeWindow: 'ended' });
    expect(await view(disputed.grant.grantId)).toMatchObject({ delivered: 0, reportedByProvider: 1, counted: 0, disputed: true, disputeWindow: 'ended' });
    expect((await view(disputed.grant.grantId)).disputeEndsAtMs).toBeGreaterThan(0);
    expect(counted.slice(hooksBefore)).toEqual([{ grantId: quiet.grant.grantId, qty: 2, total: 2, by: 'undisputed' }]);
    // The sweep also passed every grant's due time: the disputed grant's right counts undelivered (and the receipted grant's none).
    expect(ledger().deliveryOf(1)).toEqual({ delivered: 4, undelivered: 1, failed: 0 });
  });

  it("a provider cannot report a delivery the consumer never asked for: the report must carry the consumer's signed request", async () => {
    const g = await newGrant(1);
    const stranger = Wallet.createRandom();
    const forged = await request(g, 1, server, stranger);
    const cases: [string, unknown][] = [
      ['MALFORMED_REPORT', undefined],
      ['FORGED_REQUEST', forged],
      ['FORGED_REQUEST', { ...(await request(g, 1, server)), use: 2 }], // the consumer signed use 1
      ['FORGED_REQUEST', { ...(await request(g, 1, server)), grant: { ...g.grant, quantity: 5 } }],
    ];
    for (const [code, req] of cases) {
      const a = await signedRequest(base(), provider, 'POST', '/v1/deliveries', { grantId: g.grant.grantId, rights: 1, outcome: 'delivered', ...(req === undefined ? {} : { request: req }) });
      expect([a.status, a.body.error], code).toEqual([code === 'MALFORMED_REPORT' ? 400 : 403, code]);
    }
    expect(await view(g.grant.grantId)).toMatchObject({ delivered: 0, reportedByProvider: 0, counted: 0, disputeEndsAtMs: null, disputeWindow: null });
  });

  it('300 requests with garbage consumer signatures at a gate that does not serve the listing move nothing; a consumer-signed refusal counts once', async () => {
    const g = await newGrant(1);
    const before = await reliability();
    const listingBefore = ledger().deliveryOf(1)!;
    // The same provider, but a server that serves nothing (as if it unpublished): anyone holding a copy of the grant tries to make it refuse.
    const refusing = await startProviderServer({
      providerKey: DEMO_PROVIDER_KEY,
      domain: ledger().signer.domain,
      exchangeSigner: ledger().signer.address,
      serves: () => false,
      segmentOf: () => undefined,
      records: () => undefined,
      dir: path.join(dir, 'refusing'),
      host: '127.0.0.1',
      port: 0,
      exchangeUrl: base(),
      log: logger,
      // Past the gate, not the address's request rate (test/provider-server/limits.test.ts): all 300 reach the gate.
      limits: { requestsPerAddress: { burst: 400, perSecond: 400 } },
    });
    try {
      const genuine = await request(g, 1, refusing);
      for (let i = 0; i < 300; i++) {
        const garbage = { ...genuine, nonce: `g${i}`, consumerSignature: `0x${(i % 256).toString(16).padStart(2, '0').repeat(65)}` };
        const a = await post(refusing, garbage);
        expect(a.body.error).toBe('NOT_CONSUMER');
      }
      await refusing.settled();
      expect(refusing.reports.sent).toBe(0); // nothing worth reporting
      // Reported anyway (a provider's server that forwards them all): the exchange checks the consumer's signature.
      const garbage = { ...genuine, consumerSignature: await Wallet.createRandom().signMessage('x') };
      const forged = await signedRequest(base(), provider, 'POST', '/v1/deliveries', { grantId: g.grant.grantId, rights: 0, outcome: 'LISTING_NOT_SERVED', request: garbage });
      expect([forged.status, forged.body.error]).toEqual([403, 'FORGED_REQUEST']);
      expect(ledger().deliveryOf(1)).toEqual(listingBefore);
      expect(await reliability()).toBeCloseTo(before, 6);
      // The consumer's own request refused for the provider's reason: reported once (the server reports a grant's reason once), counted once.
      expect((await post(refusing, genuine)).body.error).toBe('LISTING_NOT_SERVED');
      expect((await post(refusing, await request(g, 1, refusing))).body.error).toBe('LISTING_NOT_SERVED');
      await refusing.settled();
      expect(refusing.reports.sent).toBe(1);
      expect(ledger().deliveryOf(1)).toEqual({ ...listingBefore, failed: listingBefore.failed + 1 });
      expect(await view(g.grant.grantId)).toMatchObject({ refusals: 1, refusalReasons: ['LISTING_NOT_SERVED'], counted: 0 });
      expect(await reliability()).toBeLessThan(before);
    } finally {
      await refusing.close();
    }
  });

  it("a consumer's request sent again and again is reported once a reason; the flood drops no delivery's evidence", async () => {
    // An outside review: 12,000 copies of one used-up request filled the server's report queue, another consumer's
    // delivery evidence was dropped, and its claim refunded records it had downloaded.
    await brokerHoldsRights(seriesId); // the broker's bid takes 10 a time: the two rights here are on top of the other tests'
    const g = await newGrant(1);
    const sent = await request(g, 1, server);
    expect((await post(server, sent)).status).toBe(200);
    await server.settled();
    const before = server.reports.sent;
    for (let i = 0; i < 40; i++) expect((await post(server, sent)).body.error).toBe('REPLAYED');
    await server.settled();
    expect(server.reports.sent - before).toBe(1);
    expect(server.reports.dropped).toBe(0);
    expect(await view(g.grant.grantId)).toMatchObject({ reportedByProvider: 1, refusals: 1, refusalReasons: ['REPLAYED'] });
    // Another grant's download is reported, and its consumer cannot claim it was not delivered.
    const other = await newGrant(1);
    expect((await post(server, await request(other, 1, server))).status).toBe(200);
    await server.settled();
    expect(await view(other.grant.grantId)).toMatchObject({ reportedByProvider: 1 });
    const claim = await signedRequest<{ error?: string }>(base(), consumer, 'POST', `/v1/grants/${other.grant.grantId}/claims`, {});
    expect([claim.status, claim.body.error]).toEqual([409, 'EVIDENCE_OF_DELIVERY']);
    // Nor report that the endpoint could not be reached: it was, as the evidence shows (before, that counted a failure against the listing).
    const listingBefore = ledger().deliveryOf(1)!;
    const failure = await signedRequest<{ error?: string }>(base(), consumer, 'POST', `/v1/grants/${other.grant.grantId}/delivery-failures`, { reason: 'unreachable' });
    expect([failure.status, failure.body.error]).toEqual([409, 'EVIDENCE_OF_DELIVERY']);
    expect(ledger().deliveryOf(1)).toEqual(listingBefore);
  });

  it("an unreachable endpoint is reported by the consumer's client, once per grant, and counts against the listing", async () => {
    const g = await newGrant(1);
    const listingBefore = ledger().deliveryOf(1)!;
    await server.close(); // the listing's endpoint now refuses connections
    try {
      const d = await downloadWithGrant(base(), consumer, g);
      expect(d).toMatchObject({ outcome: 'unreachable', reason: 'unreachable', report: { state: 'accepted' } });
      expect(await view(g.grant.grantId)).toMatchObject({ unreachable: { reason: 'unreachable' }, counted: 0 });
      expect(ledger().deliveryOf(1)).toEqual({ ...listingBefore, failed: listingBefore.failed + 1 });
      const again = await signedRequest(base(), consumer, 'POST', `/v1/grants/${g.grant.grantId}/delivery-failures`, { reason: 'timeout' });
      expect([again.status, again.body.error]).toEqual([409, 'ALREADY_REPORTED']);
      const stranger = await signedRequest(base(), provider, 'POST', `/v1/grants/${g.grant.grantId}/delivery-failures`, { reason: 'unreachable' });
      expect([stranger.status, stranger.body.error]).toEqual([403, 'NOT_YOUR_GRANT']);
      const done = await signedRequest(base(), consumer, 'POST', `/v1/grants/${receipted.grant.grantId}/delivery-failures`, { reason: 'unreachable' });
      expect([done.status, done.body.error]).toEqual([409, 'NOTHING_OWED']);
      const bad = await signedRequest(base(), consumer, 'POST', `/v1/grants/${receipted.grant.grantId}/delivery-failures`, { reason: 'lazy' });
      expect([bad.status, bad.body.error]).toEqual([400, 'MALFORMED_FAILURE']);
      expect(ledger().deliveryOf(1)).toEqual({ ...listingBefore, failed: listingBefore.failed + 1 });
    } finally {
      await startServer();
    }
  });

  it('exercised grants never receipted count undelivered once due; a late receipt takes them back', async () => {
    const g = await newGrant(2);
    const r = await ledger().get(g.grant.grantId);
    await ledger().sweep(r!.dueAtMs - 1); // the earlier tests' grants fall due first
    const before = ledger().deliveryOf(1)!;
    await ledger().sweep(r!.dueAtMs);
    const lapsed = ledger().deliveryOf(1)!;
    expect(lapsed).toEqual({ ...before, undelivered: before.undelivered + 2 });
    const withLapse = await reliability();
    expect(withLapse).toBeCloseTo(expected(lapsed), 3);
    // All else equal, a listing whose exercised grants were never receipted sits below one with no history, which sits below one that delivered:
    // it cannot top its segment (before, no deliveries meant reliability = cadence alone, above every listing that delivered).
    const listing = service.catalog.get(1);
    const at = Date.now();
    const delivering = trustScore(listing, at, { delivered: 3, undelivered: 0, failed: 0 }).trust;
    const noHistory = trustScore(listing, at, undefined).trust;
    const neverReceipted = trustScore(listing, at, { delivered: 0, undelivered: 2, failed: 0 }).trust;
    expect(delivering).toBeGreaterThan(noHistory);
    expect(noHistory).toBeGreaterThan(neverReceipted);
    // Downloaded and receipted late: counted, and no longer undelivered.
    const d = await downloadWithGrant(base(), consumer, g);
    expect(d).toMatchObject({ outcome: 'received', receipt: { state: 'accepted', counted: 2 } });
    expect(ledger().deliveryOf(1)).toEqual({ ...before, delivered: before.delivered + 2 });
    expect(await reliability()).toBeGreaterThan(withLapse);
  });

  it('a restart keeps receipts, counts and what is due', async () => {
    const before = ledger().deliveryOf(1);
    const v = await view(receipted.grant.grantId);
    await trader.close();
    await server.close();
    await service.stop();
    service = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: { 'risk.disputeWindowMs': DISPUTE_MS } } }), logger);
    await startServer();
    expect(await view(receipted.grant.grantId)).toEqual(v);
    expect(ledger().deliveryOf(1)).toEqual(before);
    expect(ledger().receiptsOf(receipted.grant.grantId)).toHaveLength(1);
  });
});
