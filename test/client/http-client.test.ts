/**
 * The client's HTTP calls (issue 73, item 6: a program can do what a person can in the
 * console), against the running service as `npm start` wires it and the demo provider's server:
 * - catalog: search, one listing, its disclosures, the trust scores; market data: the series;
 * - grants: the consumer's grants with their escrow; a claim on a grant never used is filed; a
 *   claim on a grant the provider's gate served is refused EVIDENCE_OF_DELIVERY (a PatxHttpError
 *   with its code and status), the dispute saying what was wrong is filed and shows on the grant;
 * - provider: the grants it owes, its listings; a new provider creates, submits and (once the
 *   operator publishes) feeds a model-feed listing, whose performance anyone reads;
 * - coverage: every /v1 operation of the route registry (/openapi.json), and so every call the
 *   console makes (its sources' /v1 paths), has a client function.
 * Real service (LMDB, uWS, the grant ledger), real HTTP on 127.0.0.1, real signatures; settlement off.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from '../../src/client/index.js';
import {
  createListing,
  disputeDelivery,
  downloadWithGrant,
  fileClaim,
  getListing,
  getListingDisclosures,
  getListingPerformance,
  getMyGrant,
  getOwnListing,
  getPayoutStatement,
  listMyGrants,
  listOwedGrants,
  listRevocations,
  listOwnListings,
  listSeries,
  listTrustScores,
  listListingReviews,
  PatxHttpError,
  postModelFeedOutcomes,
  postModelFeedSignals,
  searchListings,
  submitListing,
  TradingClient,
  wire,
  type ExchangeHttp,
  type ListingInput,
  type SignedGrant,
} from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { feedDisclosures, feedListingInput } from '../../src/demo/demo-model-feed.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import { grantAtAsk } from '../support/broker-rights.js';
import { fundedConsumer, startDemoGateService, type DemoGateService } from '../support/demo-gate.js';
import { until } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
let x: DemoGateService;
let service: Service;
let server: ProviderServer;
let trader: TradingClient;
const consumer = Wallet.createRandom();
const demoProvider = new Wallet(DEMO_PROVIDER_KEY);
const base = () => x.base;
/** As whom each side calls: the exchange's URL and its wallet. */
const asConsumer = (): ExchangeHttp => ({ url: base(), wallet: consumer });
const asProvider = (): ExchangeHttp => ({ url: base(), wallet: demoProvider });
let seriesId: number;

beforeAll(async () => {
  x = await startDemoGateService('http-client', { logger, config: { modelFeeds: { burnInDays: 0 } }, stock: { mint: 20, sell: 10 } });
  ({ service, server, seriesId } = x);
  trader = await fundedConsumer(service, x.wsUrl, consumer, 'http-client-test');
});

afterAll(async () => {
  await trader?.close().catch(() => undefined);
  await x?.close();
});

const newGrant = (qty: number): Promise<SignedGrant> => grantAtAsk(service, trader, seriesId, qty);

/** The refusal a call threw (failing the test when it did not throw one). */
async function refusal(call: Promise<unknown>): Promise<PatxHttpError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PatxHttpError);
  return error as PatxHttpError;
}

describe('the catalog and the market, public', () => {
  it('searches, reads a listing, its disclosures and the scores; lists the series', async () => {
    const http = { url: base() };
    const found = await searchListings(http, { segment: 'AUTO_INTENT', sort: 'title', limit: 5 });
    expect(found.total).toBeGreaterThan(0);
    const first = found.listings[0]!;
    expect(first).toMatchObject({ segment: 'AUTO_INTENT', status: 'published' });
    const listing = await getListing(http, first.id);
    expect(listing).toMatchObject({ id: first.id, score: { trust: expect.any(Number) }, reviews: [], reviewCount: 0 });
    expect(await listListingReviews(http, first.id, { limit: 10 })).toEqual({ total: 0, offset: 0, next: null, reviews: [] });
    expect(listing.schema.columns.length).toBeGreaterThan(0);
    const disclosures = await getListingDisclosures(http, first.id);
    expect(disclosures.deliveryEndpoint).toBe(server.endpoint);
    expect(disclosures.versions[0]!.version).toBe(1);
    expect((await listTrustScores(http)).some((s) => s.listingId === first.id)).toBe(true);
    expect(await listTrustScores(http, { offset: 1_000_000 })).toEqual([]);
    const { series } = await listSeries(http, { segment: 'AUTO_INTENT', status: 'TRADING' });
    expect(series.map((s) => s.seriesId)).toContain(seriesId);

    const unknown = await refusal(getListing(http, 999_999));
    expect([unknown.name, unknown.code, unknown.status]).toEqual(['PatxHttpError', 'UNKNOWN_LISTING', 404]);
    const feedOfDataset = await refusal(getListingPerformance(http, first.id));
    expect(feedOfDataset.code).toBe('NOT_A_MODEL_FEED');
  });
});

describe("a consumer's grants, claims and disputes", () => {
  it('lists its grants with their escrow; a claim on a grant never used is filed', async () => {
    const signed = await newGrant(1);
    const grantId = signed.grant.grantId;
    const { grants, total } = await listMyGrants(asConsumer());
    expect(total).toBeGreaterThan(0);
    const mine = grants.find((g) => g.grant.grantId === grantId)!;
    expect(mine).toMatchObject({ signature: signed.signature, escrow: { state: 'held', evidencedQty: 0, claim: null, dispute: null } });
    const filed = await fileClaim(asConsumer(), grantId);
    expect(filed).toMatchObject({ grantId, dueAtMs: expect.any(Number) });
    const again = await refusal(fileClaim(asConsumer(), grantId));
    expect([again.code, again.status]).toEqual(['CLAIM_EXISTS', 409]);
    // Another's grant is not the provider's to claim.
    expect((await refusal(fileClaim(asProvider(), grantId))).code).toBe('NOT_YOUR_GRANT');
  });

  it("refuses a claim on a grant the provider's gate served (EVIDENCE_OF_DELIVERY); the dispute is filed and both sides see it", async () => {
    const signed = await newGrant(2);
    const grantId = signed.grant.grantId;
    expect(await downloadWithGrant(base(), consumer, signed, 2, { report: false })).toMatchObject({ outcome: 'received' });
    await until(() => service.engine.escrow.grants.get(grantId)?.evidencedQty === 2, `grant ${grantId}: 2 rights evidenced`);

    const refused = await refusal(fileClaim(asConsumer(), grantId));
    expect([refused.code, refused.status]).toEqual(['EVIDENCE_OF_DELIVERY', 409]);
    expect(refused.detail).toMatch(/missing-records/);
    const disputed = await disputeDelivery(asConsumer(), grantId, 'missing-records');
    expect(disputed).toMatchObject({ grantId, dispute: { reason: 'missing-records', evidencedQty: 2 } });

    const view = await getMyGrant(asConsumer(), grantId);
    expect(view.escrow).toMatchObject({ state: 'held', evidencedQty: 2, dispute: { reason: 'missing-records' } });
    const owed = await listOwedGrants(asProvider(), { limit: 200 });
    expect(owed.grants.find((g) => g.grant.grantId === grantId)?.escrow?.dispute?.reason).toBe('missing-records');
    // Nothing refunded on this exchange yet: the provider's revocations are empty, and its cursor stays.
    expect(await listRevocations(asProvider(), { after: 0 })).toEqual({ revocations: [], next: 0 });
    // As a long poll: answered empty once its wait is up (a provider some grant names holds the wait).
    expect(await listRevocations(asProvider(), { after: 0, waitMs: 50 })).toEqual({ revocations: [], next: 0 });
  });
});

describe("a provider's listings, model feed and statement", () => {
  it('lists its listings; a new provider creates and submits a model feed, posts signals and outcomes; its performance is public', async () => {
    const own = await listOwnListings(asProvider());
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((l) => l.providerAccountId === service.engine.accountIdByAddress.get(demoProvider.address.toLowerCase()))).toBe(true);
    expect((await getOwnListing(asProvider(), own[0]!.id)).versions.length).toBeGreaterThan(0);
    // Settlement is off here: the statement's refusal by name.
    const statement = await refusal(getPayoutStatement(asProvider()));
    expect([statement.code, statement.status]).toEqual(['SETTLEMENT_UNAVAILABLE', 503]);

    const wallet = Wallet.createRandom();
    const feeder = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet, role: wire.Role.PROVIDER });
    await feeder.close();
    const http: ExchangeHttp = { url: base(), wallet };
    const now = Date.now();
    const pace = { periodMs: 300_000, horizonMs: 900_000 };
    const { modelFeed } = feedDisclosures(pace, now);
    const input = { ...(feedListingInput(pace, now, 'http://127.0.0.1:9/records', 'first version', '1', { ...modelFeed, target: { kind: 'external', description: 'a basket of equities, close to close' }, horizonMs: 1_000 }) as ListingInput), segment: 'CLIENT_SIGNAL', title: 'A feed made through the client' };
    const draft = await createListing(http, input);
    expect(draft).toMatchObject({ status: 'draft', kind: 'model-feed', versions: [expect.objectContaining({ version: 1 })] });
    expect((await submitListing(http, draft.id)).status).toBe('submitted');
    service.catalog.publish(draft.id, 'test');
    const signals = Array.from({ length: 3 }, (_, i) => ({ signalId: `c-${i}`, instrument: 'EQ-BASKET', position: 0.5 }));
    expect((await postModelFeedSignals(http, draft.id, signals)).signals).toHaveLength(3);
    const early = await refusal(postModelFeedOutcomes(http, draft.id, [{ signalId: 'c-0', outcomeBps: 5 }]));
    expect(early.code).toBe('OUTCOME_TOO_EARLY');
    await new Promise((r) => setTimeout(r, 1_100));
    const outcomes = await postModelFeedOutcomes(http, draft.id, signals.map((s) => ({ signalId: s.signalId, outcomeBps: 5 })));
    expect(outcomes.outcomes.map((o) => o.source)).toEqual(['provider', 'provider', 'provider']);
    const performance = await getListingPerformance({ url: base() }, draft.id);
    expect(performance).toMatchObject({ listingId: draft.id, signals: 3, outcomes: 3 });
  });
});

describe('what the client throws without an answer', () => {
  it('names a missing wallet and an unreachable gateway', async () => {
    expect((await refusal(listMyGrants({ url: base() }))).code).toBe('NO_WALLET');
    const port = await freePort();
    const gone = await refusal(searchListings({ url: `http://127.0.0.1:${port}` }));
    expect([gone.code, gone.status]).toEqual(['UNREACHABLE', 0]);
  });
});

/**
 * Every /v1 operation of the route registry, by operationId, and the client functions that
 * make it. A new /v1 route fails the coverage test until the client has it (or it is listed
 * in NOT_IN_CLIENT with the reason).
 */
const CLIENT_CALLS: Record<string, readonly (keyof typeof client)[]> = {
  getEndpoints: ['getEndpoints'],
  listSeries: ['listSeries'],
  getSeries: ['getSeries'],
  getSeriesSettlement: ['getSeriesSettlement'],
  getAccount: ['getAccount'],
  listTrades: ['listTrades'],
  listFills: ['listFills'],
  getOrder: ['getOrder'],
  listOrders: ['listOrders', 'getOrderByClientId'],
  listSettlements: ['listSettlements'],
  listMarginEvents: ['listMarginEvents'],
  listTransfers: ['listTransfers'],
  listForwardDeliveries: ['listForwardDeliveries'],
  getStatement: ['getStatement', 'getStatementCsv', 'getAccountStatement'],
  listCandles: ['listCandles'],
  listOptionPricing: ['listOptionPricing'],
  getOptionPricing: ['getOptionPricing'],
  listSyntheticPricing: ['listSyntheticPricing'],
  getSyntheticPricing: ['getSyntheticPricing'],
  getChainContracts: ['getChainContracts', 'depositPat', 'sendDeposit'],
  getDeposit: ['isDepositCredited'],
  searchListings: ['searchListings'],
  getListing: ['getListing'],
  getListingDisclosures: ['getListingDisclosures', 'downloadWithGrant'],
  getListingPerformance: ['getListingPerformance'],
  listTrustScores: ['listTrustScores'],
  listListingReviews: ['listListingReviews'],
  rateListing: ['rateListing'],
  listPurchases: ['listPurchases'],
  listOwnListings: ['listOwnListings'],
  createListing: ['createListing'],
  getListingUsage: ['getListingUsage'],
  getOwnListing: ['getOwnListing'],
  getOwnListingSample: ['getOwnListingSample'],
  updateListing: ['updateListing'],
  deleteDraftListing: ['deleteDraftListing'],
  submitListing: ['submitListing'],
  unpublishListing: ['unpublishListing'],
  postModelFeedSignals: ['postModelFeedSignals'],
  postModelFeedOutcomes: ['postModelFeedOutcomes'],
  getGrantSigner: ['getGrantSigner', 'downloadWithGrant'],
  postGrantReceipt: ['postGrantReceipt', 'downloadWithGrant'],
  reportDeliveryFailure: ['reportDeliveryFailure', 'downloadWithGrant'],
  postConformanceEvidence: ['postConformanceEvidence', 'downloadWithGrant'],
  fileGrantClaim: ['fileClaim', 'disputeDelivery'],
  listMyGrants: ['listMyGrants'],
  getMyGrant: ['getMyGrant'],
  getGrantProof: ['getGrantProof'],
  listGrantReceipts: ['listGrantReceipts', 'listGrantReceiptsPage'],
  listOwedGrants: ['listOwedGrants'],
  listRevocations: ['listRevocations'],
  getPayoutStatement: ['getPayoutStatement'],
  subscribe: ['subscribe'],
  listSubscriptions: ['listSubscriptions'],
  getSubscription: ['getSubscription'],
  cancelSubscription: ['cancelSubscription'],
  resumeSubscription: ['resumeSubscription'],
  listSeats: ['listSeats'],
  getFees: ['getFees'],
  getProviderDashboard: ['getProviderDashboard'],
  getConsumerDashboard: ['getConsumerDashboard'],
  getListingTiers: ['getListingTiers'],
  getBundleQuote: ['getBundleQuote'],
  buyBundle: ['buyBundle'],
  subscribeTier: ['subscribeTier'],
  listTierSubscriptions: ['listTierSubscriptions'],
  cancelTierSubscription: ['cancelTierSubscription'],
  createOrganisation: ['createOrganisation'],
  myOrganisation: ['getMyOrganisation'],
  setOrganisationMember: ['setOrganisationMember'],
  removeOrganisationMember: ['removeOrganisationMember'],
  moveOrganisationFunds: ['moveOrganisationFunds'],
  organisationMembership: ['getOrganisationMembership'],
  organisationGrants: ['listOrganisationGrants'],
  organisationPurchases: ['listOrganisationPurchases'],
  inviteOrganisationMember: ['inviteOrganisationMember'],
  organisationInvitations: ['listOrganisationInvitations'],
  revokeOrganisationInvitation: ['revokeOrganisationInvitation'],
  myOrganisationInvitations: ['listMyOrganisationInvitations'],
  acceptOrganisationInvitation: ['acceptOrganisationInvitation'],
  declineOrganisationInvitation: ['declineOrganisationInvitation'],
};

/** /v1 operations a program does not call through this client, and why. */
const NOT_IN_CLIENT: Record<string, string> = {
  reportDelivery: "the provider's gate reports what it served (src/gate/, the provider server), not a call a person makes in the console",
};

interface RegistryRow {
  method: string;
  path: string;
  operationId: string;
}

function registryRows(doc: { paths: Record<string, Record<string, { operationId?: string }>> }): RegistryRow[] {
  return Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).filter(([, op]) => typeof op.operationId === 'string').map(([method, op]) => ({ method: method.toUpperCase(), path: p, operationId: op.operationId! })));
}

/** The WebSocket endpoints (TradingClient, MarketDataClient), not HTTP routes. */
const SOCKET_PATHS = new Set(['/v1/trade', '/v1/market']);

/** The /v1 paths the console's sources name (template literals' `${…}` as `{}`), without their queries. */
function consolePaths(): string[] {
  const webDir = fileURLToPath(new URL('../../web/src', import.meta.url));
  const found = new Set<string>();
  for (const file of readdirSync(webDir, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(file)) continue;
    const text = readFileSync(path.join(webDir, file), 'utf8');
    for (const m of text.matchAll(/['"`](\/v1\/(?:[^'"`?\s$]|\$\{[^}]*\})*)/g)) found.add(m[1]!.replace(/\$\{[^}]*\}/g, '{}').replace(/\/$/, ''));
  }
  return [...found].filter((p) => !SOCKET_PATHS.has(p)).sort();
}

/** Whether a console path (its `{}` any value) is the registry's template (its `{name}` any segment). */
function sameRoute(consolePath: string, template: string): boolean {
  const a = consolePath.split('/');
  const b = template.split('/');
  return a.length === b.length && a.every((s, i) => s === b[i] || (b[i]!.startsWith('{') && (s === '{}' || !s.includes('{'))));
}

describe("coverage: the console's calls and the registry's /v1 operations", () => {
  it('has a client function for every /v1 operation, and for every path the console calls', async () => {
    const doc = (await (await fetch(`${base()}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const rows = registryRows(doc);
    const v1 = rows.filter((r) => r.path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThan(30);
    const missing = v1.filter((r) => CLIENT_CALLS[r.operationId] === undefined && NOT_IN_CLIENT[r.operationId] === undefined).map((r) => `${r.method} ${r.path} (${r.operationId})`);
    expect(missing, 'operations with no client function').toEqual([]);
    // No stale rows: each names an operation the registry serves, and functions the client exports.
    const served = new Set(rows.map((r) => r.operationId));
    expect(Object.keys(CLIENT_CALLS).filter((id) => !served.has(id))).toEqual([]);
    const notFunctions = Object.values(CLIENT_CALLS).flat().filter((name) => typeof client[name] !== 'function');
    expect(notFunctions).toEqual([]);

    // src/client/README.md shows each call.
    const readme = readFileSync(fileURLToPath(new URL('../../src/client/README.md', import.meta.url)), 'utf8');
    expect(Object.values(CLIENT_CALLS).flat().filter((name) => !readme.includes(`${name}(`))).toEqual([]);

    const paths = consolePaths();
    expect(paths).toContain('/v1/grants/{}/claims');
    for (const p of paths) {
      const at = rows.filter((r) => sameRoute(p, r.path));
      expect(at.length, `the console calls ${p}: no such route`).toBeGreaterThan(0);
      for (const r of at) expect(CLIENT_CALLS[r.operationId], `the console calls ${r.method} ${r.path} (${r.operationId})`).toBeDefined();
    }
  });
});
