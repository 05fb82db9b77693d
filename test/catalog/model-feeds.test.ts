/**
 * Model feeds from outside (docs/catalog.md, "Model feeds"): real LMDB, the real gateway on
 * loopback, wallet-signed provider requests, the operator API. A model feed's disclosures
 * validated (every bad one a typed error that stores nothing), its kind fixed; signals stamped
 * by the exchange and immutable; outcomes only inside their window and once; performance,
 * trust and drift from them, kept across a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandKind, Role, SeriesStatus, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { consumerBuysFromBroker, providerSellsToBroker } from '../support/broker-rights.js';
import { send } from '../support/subscription-market.js';
import { listingInput, modelFeedBlock, modelFeedInput } from '../support/catalog-fixture.js';
import { startCatalogWorld, type CatalogWorld } from '../support/catalog-service.js';

let w: CatalogWorld;

beforeEach(async () => {
  w = await startCatalogWorld();
});

afterEach(async () => {
  await w.close();
});

const HORIZON = 600_000;

/** A published model feed of a new provider. */
async function publishedFeed(over: Record<string, unknown> = {}, feed: Record<string, unknown> = {}) {
  const provider = await w.account(Role.PROVIDER);
  const created = await w.signed(provider.wallet, 'POST', '/v1/provider/listings', modelFeedInput(over, feed));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as number;
  expect((await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`)).body.status).toBe('submitted');
  expect((await w.operator('POST', `/operator/listings/${id}/publish`)).body.status).toBe('published');
  return { provider, id };
}

describe('a model feed listing', () => {
  it('carries its disclosures; every bad one is a typed error that stores nothing; its kind cannot change', async () => {
    const provider = await w.account(Role.PROVIDER);
    const post = (body: unknown) => w.signed(provider.wallet, 'POST', '/v1/provider/listings', body);
    const refusals: [string, unknown][] = [
      ['no modelFeed', modelFeedInput({ modelFeed: undefined })],
      ['modelFeed on a dataset', listingInput({ modelFeed: modelFeedBlock() })],
      ['no signal columns', modelFeedInput({ schema: (listingInput().schema as object) })],
      ['a lineage hash not hex', modelFeedInput({}, { lineage: { packSha: 'x', indicatorSetSha: 'b'.repeat(64), modelConfigSha: 'c'.repeat(64), policySha: 'd'.repeat(64) } })],
      ['a backtest of 10 signals', modelFeedInput({}, { backtest: { ...(modelFeedBlock().backtest as object), signals: 10 } })],
      ['a backtest ending in the future', modelFeedInput({}, { backtest: { ...(modelFeedBlock().backtest as object), toMs: Date.now() + 86_400_000 } })],
      ['a zero stdev', modelFeedInput({}, { backtest: { ...(modelFeedBlock().backtest as object), stdevNetBps: 0 } })],
      ['a short risk statement', modelFeedInput({}, { modelCard: { ...(modelFeedBlock().modelCard as object), riskStatement: 'risky' } })],
      ['a notional of zero', modelFeedInput({}, { notionalPat: '0' })],
      ['an unknown target', modelFeedInput({}, { target: { kind: 'oracle' } })],
      ['a curve out of order', modelFeedInput({}, { backtest: { ...(modelFeedBlock().backtest as object), curve: [{ atMs: 2, cumulativeNetBps: 0 }, { atMs: 1, cumulativeNetBps: 1 }] } })],
    ];
    for (const [what, body] of refusals) {
      const r = await post(body);
      expect(r.status, what).toBe(400);
      expect(r.body.error, what).toBe('MALFORMED_LISTING');
    }
    expect((await w.signed(provider.wallet, 'GET', '/v1/provider/listings/usage')).body.usage).toMatchObject({ listings: 0, drafts: 0 });

    const created = await post(modelFeedInput());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ kind: 'model-feed', modelFeed: { status: 'live', verifiedOutcomes: false } });
    const id = created.body.id as number;
    // A dataset body for a model feed (and the reverse) is refused: the kind is the listing's.
    const asDataset = await w.signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, { ...modelFeedInput(), kind: undefined, modelFeed: undefined });
    expect(asDataset.body.error).toBe('MALFORMED_LISTING');
    const dataset = await post(listingInput());
    const toFeed = await w.signed(provider.wallet, 'PUT', `/v1/provider/listings/${dataset.body.id as number}`, modelFeedInput());
    expect(toFeed.body.error).toBe('MALFORMED_LISTING');
    expect((await w.signed(provider.wallet, 'GET', `/v1/provider/listings/${dataset.body.id as number}`)).body.version).toBe(1);
  });

  it("changing a published feed's lineage, target or horizon awaits the operator; the model card's text is live at once", async () => {
    const { provider, id } = await publishedFeed();
    const text = await w.signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, modelFeedInput({ changeLog: 'clearer limitations' }, { modelCard: { ...(modelFeedBlock().modelCard as object), limitations: 'Thin markets, regime changes, and outages.' } }));
    expect(text.body).toMatchObject({ version: 2 });
    expect(text.body.pendingReview).toBeUndefined();
    const newModel = await w.signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, modelFeedInput({ changeLog: 'new model' }, { lineage: { ...(modelFeedBlock().lineage as object), modelConfigSha: 'e'.repeat(64) }, horizonMs: 2 * HORIZON }));
    expect(newModel.body.pendingReview).toMatchObject({ version: 3, changes: ['modelFeed'], modelFeedChanges: ['modelFeed.lineage', 'modelFeed.horizonMs'] });
    expect((await w.get(`/v1/listings/${id}/performance`)).body.lineage).toMatchObject({ modelConfigSha: 'c'.repeat(64) });
    const disclosures = await w.get(`/v1/listings/${id}/disclosures`);
    expect(disclosures.body.kind).toBe('model-feed');
    expect((disclosures.body.versions as { modelFeed: { modelCard: { limitations: string } } }[])[1]!.modelFeed.modelCard.limitations).toContain('outages');

    // A signal keeps the horizon it was sent under: approving the doubled horizon does not move its window.
    expect((await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/signals`, { signals: [{ signalId: 'early', instrument: 'I', position: 1 }] })).status).toBe(200);
    expect((await w.operator('POST', `/operator/listings/${id}/approve-version`)).status).toBe(200);
    w.advance(HORIZON);
    const outcome = await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/outcomes`, { outcomes: [{ signalId: 'early', outcomeBps: 5 }] });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
  });
});

describe('signals and outcomes', () => {
  it('signals are stamped by the exchange and immutable; outcomes only in their window, once; performance and trust follow', async () => {
    const { provider, id } = await publishedFeed();
    const post = (path: string, body: unknown) => w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/${path}`, body);
    const t0 = w.now();
    const sent = await post('signals', { signals: [{ signalId: 'a', instrument: 'AUTO_INTENT', position: 1 }, { signalId: 'b', instrument: 'AUTO_INTENT', position: -0.5 }] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const stamped = sent.body.signals as { signalId: string; atMs: number; seq: number }[];
    expect(stamped.map((s) => s.seq)).toEqual([1, 2]);
    expect(stamped[0]!.atMs).toBeGreaterThanOrEqual(t0);
    // The same again: a no-op with the first stamp; other content: refused, nothing stored.
    w.advance(1_000);
    expect((await post('signals', { signals: [{ signalId: 'a', instrument: 'AUTO_INTENT', position: 1 }] })).body.signals).toEqual([stamped[0]]);
    const edited = await post('signals', { signals: [{ signalId: 'c', instrument: 'AUTO_INTENT', position: 1 }, { signalId: 'a', instrument: 'AUTO_INTENT', position: -1 }] });
    expect(edited.status).toBe(409);
    expect(edited.body.error).toBe('SIGNAL_IMMUTABLE');
    for (const bad of [{ signals: [] }, { signals: [{ signalId: 'x', instrument: 'I', position: 2 }] }, { signals: [{ signalId: 'bad id', instrument: 'I', position: 0 }] }, {}, { signals: Array.from({ length: 1_001 }, (_, i) => ({ signalId: `n${i}`, instrument: 'I', position: 0 })) }]) {
      expect((await post('signals', bad)).body.error).toBe('MALFORMED_SIGNALS');
    }
    // Someone else's feed, and a dataset.
    const other = await w.account(Role.PROVIDER);
    expect((await w.signed(other.wallet, 'POST', `/v1/provider/listings/${id}/signals`, { signals: [{ signalId: 'z', instrument: 'I', position: 0 }] })).body.error).toBe('NOT_OWNER');
    const dataset = await w.signed(provider.wallet, 'POST', '/v1/provider/listings', listingInput());
    expect((await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${dataset.body.id as number}/signals`, { signals: [{ signalId: 'z', instrument: 'I', position: 0 }] })).body.error).toBe('NOT_A_MODEL_FEED');
    expect((await w.get(`/v1/listings/${id}/performance`)).body).toMatchObject({ signals: 2, outcomes: 0, pending: 2 });

    // Outcomes: too early, then inside the window, once.
    expect((await post('outcomes', { outcomes: [{ signalId: 'a', outcomeBps: 20 }] })).body.error).toBe('OUTCOME_TOO_EARLY');
    expect((await post('outcomes', { outcomes: [{ signalId: 'nope', outcomeBps: 20 }] })).body.error).toBe('UNKNOWN_SIGNAL');
    w.advance(HORIZON);
    const done = await post('outcomes', { outcomes: [{ signalId: 'a', outcomeBps: -20 }, { signalId: 'b', outcomeBps: 10 }] });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.outcomes).toEqual([{ signalId: 'a', outcomeBps: -20, source: 'provider' }, { signalId: 'b', outcomeBps: 10, source: 'provider' }]);
    expect((await post('outcomes', { outcomes: [{ signalId: 'a', outcomeBps: -20 }] })).status).toBe(200); // the same again: a no-op
    expect((await post('outcomes', { outcomes: [{ signalId: 'a', outcomeBps: 25 }] })).body.error).toBe('OUTCOME_POSTED');

    // No right traded or asked: the price paid is 0; net = position × outcome.
    const perf = (await w.get(`/v1/listings/${id}/performance`)).body;
    expect(perf).toMatchObject({ listingId: id, signals: 2, outcomes: 2, pending: 0, missing: 0, costPerSignalBps: 0 });
    // Nets: 1 × −20 and −0.5 × 10.
    expect(perf.live).toMatchObject({ meanNetBps: -12.5, cumulativeNetBps: -25, hitRate: 0, maxDrawdownBps: 25 });
    expect(perf.simToLive).toMatchObject({ deltaBps: -12.5 - 4.2 });
    // Losses lower the component under the neutral prior (an external target's never rises above it).
    expect(perf.performanceScore as number).toBeLessThan(0.5);
    const score = ((await w.get('/v1/scores')).body as unknown as { listingId: number; performance?: number }[]).find((s) => s.listingId === id)!;
    expect(score.performance).toBeCloseTo(perf.performanceScore as number, 4);
    expect((await w.get('/v1/listings?kind=model-feed')).body.total).toBe(1);
    expect((await w.get('/v1/listings?kind=dataset')).body.total).toBe(0);

    // A signal whose window closed: too late; the sweep counts it missing, against the feed.
    await post('signals', { signals: [{ signalId: 'late', instrument: 'AUTO_INTENT', position: 1 }] });
    // Counted at once, pending (the rest of the figures move with outcomes and the sweep).
    expect((await w.get(`/v1/listings/${id}/performance`)).body).toMatchObject({ signals: 3, outcomes: 2, pending: 1 });
    w.advance(HORIZON + 86_400_000 + 1);
    expect((await post('outcomes', { outcomes: [{ signalId: 'late', outcomeBps: 50 }] })).body.error).toBe('OUTCOME_TOO_LATE');
    w.svc.catalog.feeds.sweep();
    const after = (await w.get(`/v1/listings/${id}/performance`)).body;
    expect(after).toMatchObject({ signals: 3, outcomes: 2, missing: 1, pending: 0 });
    expect(after.performanceScore as number).toBeLessThan(perf.performanceScore as number);

    // Kept across a restart.
    await w.restart();
    expect((await w.get(`/v1/listings/${id}/performance`)).body).toMatchObject({ signals: 3, outcomes: 2, missing: 1 });
    expect((await post('signals', { signals: [{ signalId: 'a', instrument: 'AUTO_INTENT', position: -1 }] })).body.error).toBe('SIGNAL_IMMUTABLE');
    expect(((await post('signals', { signals: [{ signalId: 'd', instrument: 'AUTO_INTENT', position: 0 }] })).body.signals as { seq: number }[])[0]!.seq).toBe(4);
    // Its deadline passes (no sweep runs meanwhile: the timer's is hourly): settled (missing) at the next start.
    w.advance(HORIZON + 86_400_000 + 1);
    await w.restart();
    expect((await w.get(`/v1/listings/${id}/performance`)).body).toMatchObject({ signals: 4, missing: 2, pending: 0 });

    // A new model (another modelConfigSha), approved: it does not inherit the record, nor its trust component.
    const v2 = await w.signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, modelFeedInput({ changeLog: 'new model' }, { lineage: { ...(modelFeedBlock().lineage as object), modelConfigSha: 'e'.repeat(64) } }));
    expect(v2.body.pendingReview).toMatchObject({ changes: ['modelFeed'] });
    expect((await w.operator('POST', `/operator/listings/${id}/approve-version`)).status).toBe(200);
    const fresh = (await w.get(`/v1/listings/${id}/performance`)).body;
    expect(fresh).toMatchObject({ signals: 0, outcomes: 0, missing: 0, performanceScore: 0.5, lineage: { modelConfigSha: 'e'.repeat(64) } });
    expect(((await w.get('/v1/scores')).body as unknown as { listingId: number; performance?: number }[]).find((s) => s.listingId === id)!.performance).toBe(0.5);
    // Until its first outcome batch or sweep keeps figures for the new model, a GET reads what the first one computed
    // (not a walk over the kept signals per request); a new signal changes them at once.
    w.advance(60_000);
    expect((await w.get(`/v1/listings/${id}/performance`)).body).toEqual(fresh);
    expect((await post('signals', { signals: [{ signalId: 'e', instrument: 'AUTO_INTENT', position: 1 }] })).status).toBe(200);
    const afterSignal = (await w.get(`/v1/listings/${id}/performance`)).body;
    expect(afterSignal).toMatchObject({ signals: 1, pending: 1, lineage: { modelConfigSha: 'e'.repeat(64) } });
    expect(afterSignal.updatedAtMs).toBeGreaterThanOrEqual((fresh.updatedAtMs as number) + 60_000); // computed again, after the clock moved
  });

  it('a feed takes at most 20,000 signals a UTC day: past it, refused whole; the next day, taken', async () => {
    const { provider, id } = await publishedFeed();
    // Through the catalog itself (twenty requests' worth), then the one past the cap over HTTP.
    const midnight = Math.ceil(w.now() / 86_400_000) * 86_400_000;
    if (midnight - w.now() < 120_000) w.advance(120_000 + 1); // not across midnight meanwhile
    for (let r = 0; r < 20; r++) w.svc.catalog.feeds.postSignals(id, provider.id, { signals: Array.from({ length: 1_000 }, (_, i) => ({ signalId: `r${r}-${i}`, instrument: 'I', position: 0.1 })) });
    const past = await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/signals`, { signals: [{ signalId: 'one-more', instrument: 'I', position: 1 }] });
    expect(past.status).toBe(429);
    expect(past.body).toMatchObject({ error: 'SIGNAL_CAP_REACHED', details: { limit: 20_000, used: 20_000 } });
    w.advance(Math.ceil(w.now() / 86_400_000) * 86_400_000 - w.now() + 1);
    expect((await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/signals`, { signals: [{ signalId: 'one-more', instrument: 'I', position: 1 }] })).status).toBe(200);
  });

  it('only a published feed, or a verified provider\'s submitted one, takes signals; the performance of a dataset is not found', async () => {
    const provider = await w.account(Role.PROVIDER);
    const created = await w.signed(provider.wallet, 'POST', '/v1/provider/listings', modelFeedInput());
    const id = created.body.id as number;
    const signal = { signals: [{ signalId: 'a', instrument: 'I', position: 1 }] };
    expect((await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/signals`, signal)).body.error).toBe('BAD_TRANSITION');
    // Submitted, not published: any wallet can get this far, so only an operator-verified provider's feed takes signals.
    expect((await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`)).body.status).toBe('submitted');
    const refused = await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/signals`, signal);
    expect([refused.status, refused.body.error]).toEqual([409, 'BAD_TRANSITION']);
    expect(String(refused.body.message)).toContain('verified');
    await send(w.svc, { kind: CommandKind.SET_PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, accountId: provider.id, verified: true });
    expect((await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/signals`, signal)).status).toBe(200);
    const dataset = await w.signed(provider.wallet, 'POST', '/v1/provider/listings', listingInput());
    await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${dataset.body.id as number}/submit`);
    await w.operator('POST', `/operator/listings/${dataset.body.id as number}/publish`);
    const r = await w.get(`/v1/listings/${dataset.body.id as number}/performance`);
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('NOT_A_MODEL_FEED');
  });
});

describe('a patx-series feed: outcomes from the exchange\'s own trades', () => {
  it('the exchange computes each outcome (from the series\' mark: the last seller\'s and buyer\'s trades), refuses a posted figure more than 1 bps off, records its own past the deadline, voids a signal without trades', async () => {
    // Trading needs the quoter: this test's own world.
    await w.close();
    w = await startCatalogWorld({ quoting: true });
    const { provider, id } = await publishedFeed({}, { target: { kind: 'patx-series' } });
    const post = (path: string, body: unknown) => w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/${path}`, body);
    const now = w.now();
    const open = w.svc.engine.series
      .filter((s) => s !== undefined && s.isSpot && s.segment === 'AUTO_INTENT' && s.status === SeriesStatus.TRADING && s.spec.openAtMs <= now && now < s.spec.closeAtMs)
      .sort((a, b) => b!.spec.closeAtMs - a!.spec.closeAtMs);
    const series = open[0]!;
    const quiet = open.find((s) => s!.id !== series.id && s!.tradeCount === 0)!;
    expect(quiet).toBeDefined();
    const price = () => w.svc.engine.seriesById(series.id)!.lastTradeMicros;
    const consumer = await w.account(Role.CONSUMER);
    await send(w.svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer.id, amountWei: 100n * 10n ** 18n, ref: 'model-feed-consumer' });
    // The mark is the geometric mean of the last seller's and the last buyer's trade: a provider sells to the bid, a consumer buys the ask.
    const bothSides = async (): Promise<number> => {
      await providerSellsToBroker(w.svc, provider.wallet.address, series.id, { mint: 10, sell: 2, capacity: 100 });
      const sold = price();
      const bought = await consumerBuysFromBroker(w.svc, consumer.id, series.id);
      expect(bought).toBeGreaterThan(sold);
      return Math.sqrt(sold * bought);
    };

    const before = await bothSides();
    expect(before).toBeGreaterThan(0);
    w.advance(1_000);
    expect((await post('signals', { signals: [{ signalId: 'x', instrument: 'AUTO_INTENT', position: 1 }] })).body.error).toBe('MALFORMED_SIGNALS'); // not a series id
    const signals = [{ signalId: 's1', instrument: String(series.id), position: 1 }, { signalId: 'void', instrument: String(quiet.id), position: 1 }];
    expect((await post('signals', { signals })).status).toBe(200);
    w.advance(60_000);
    const after = await bothSides();
    w.advance(HORIZON);
    const own_ = Math.log(after / before) * 10_000;

    const off = await post('outcomes', { outcomes: [{ signalId: 's1', outcomeBps: own_ + 5 }] });
    expect(off.status).toBe(422);
    expect(off.body.error).toBe('OUTCOME_MISMATCH');
    expect((off.body.details as { exchangeBps: number }).exchangeBps).toBeCloseTo(own_, 8);
    const near = await post('outcomes', { outcomes: [{ signalId: 's1', outcomeBps: own_ + 0.5 }] });
    expect(near.status, JSON.stringify(near.body)).toBe(200);
    expect((near.body.outcomes as { outcomeBps: number; source: string }[])[0]).toMatchObject({ source: 'exchange' });
    expect((near.body.outcomes as { outcomeBps: number }[])[0]!.outcomeBps).toBeCloseTo(own_, 8);
    expect((await post('outcomes', { outcomes: [{ signalId: 'void', outcomeBps: 0 }] })).body.error).toBe('OUTCOME_MISMATCH');

    // The price paid comes from the rights traded over the trailing day.
    const perf = (await w.get(`/v1/listings/${id}/performance`)).body;
    expect(perf).toMatchObject({ outcomes: 1, costSource: 'vwap' });
    expect(perf.costPerSignalBps as number).toBeGreaterThan(0);
    expect((perf.live as { meanNetBps: number }).meanNetBps).toBeCloseTo(own_ - (perf.costPerSignalBps as number), 6);

    // A loser withheld: past its deadline the exchange records its own figure; a signal without trades is void.
    expect((await post('signals', { signals: [{ signalId: 's2', instrument: String(series.id), position: -1 }] })).status).toBe(200);
    w.advance(HORIZON + 86_400_000 + 1);
    w.svc.catalog.feeds.sweep();
    const swept = (await w.get(`/v1/listings/${id}/performance`)).body;
    expect(swept).toMatchObject({ outcomes: 2, missing: 0, pending: 0, signals: 3 });
    expect((await post('outcomes', { outcomes: [{ signalId: 's2', outcomeBps: 0 }] })).status).toBe(200); // its figure (no trade since: 0 bps), the same: a no-op
    expect(((await w.get(`/v1/listings/${id}`)).body.modelFeed as { verifiedOutcomes: boolean }).verifiedOutcomes).toBe(true);
  });
});

describe('drift', () => {
  it('a live record far below the backtest downgrades the feed into the operator\'s queue; the operator dismisses it', async () => {
    const { provider, id } = await publishedFeed();
    const post = (path: string, body: unknown) => w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/${path}`, body);
    const ids = Array.from({ length: 30 }, (_, i) => `s${i}`);
    expect((await post('signals', { signals: ids.map((signalId) => ({ signalId, instrument: 'AUTO_INTENT', position: 1 })) })).status).toBe(200);
    w.advance(HORIZON);
    // 29 outcomes: not yet judged.
    await post('outcomes', { outcomes: ids.slice(0, 29).map((signalId, i) => ({ signalId, outcomeBps: i % 2 === 0 ? -60 : -40 })) });
    expect(((await w.get(`/v1/listings/${id}`)).body.modelFeed as { status: string }).status).toBe('live');
    await post('outcomes', { outcomes: [{ signalId: 's29', outcomeBps: -40 }] });
    const listing = (await w.get(`/v1/listings/${id}`)).body;
    expect(listing.modelFeed).toMatchObject({ status: 'downgraded' });
    const perf = (await w.get(`/v1/listings/${id}/performance`)).body;
    expect(perf).toMatchObject({ performanceScore: 0, drift: { status: 'downgraded', thresholds: { minOutcomes: 30, absZ: 3, drawdownMultiple: 2 } } });
    expect(((await w.get('/v1/scores')).body as unknown as { listingId: number; performance: number }[]).find((s) => s.listingId === id)!.performance).toBe(0);
    const rows = (await w.operator('GET', '/operator/listings')).body as unknown as { id: number; driftReview?: { reason: string } }[];
    expect(rows.find((r) => r.id === id)!.driftReview!.reason).toMatch(/standard errors below/);
    const audit = (await w.operator('GET', `/operator/catalog/audit?listing=${id}`)).body as unknown as { action: string; actor: string }[];
    expect(audit.at(-1)).toMatchObject({ action: 'model_feed_drift', actor: 'system' });

    expect((await w.operator('POST', `/operator/listings/${id}/dismiss-drift`, {})).body.error).toBe('MALFORMED_LISTING');
    const dismissed = await w.operator('POST', `/operator/listings/${id}/dismiss-drift`, { reason: 'an exchange outage; the model is sound' });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.driftReview).toBeUndefined();
    expect(((await w.get(`/v1/listings/${id}`)).body.modelFeed as { status: string }).status).toBe('live');
    expect((await w.operator('POST', `/operator/listings/${id}/dismiss-drift`, { reason: 'again' })).body.error).toBe('BAD_TRANSITION');
    expect(((await w.operator('GET', `/operator/catalog/audit?listing=${id}`)).body as unknown as { action: string; actor: string }[]).at(-1)).toMatchObject({ action: 'dismiss_drift', actor: 'operator:admin' });
    // A sweep with no new outcomes does not put it back in the queue.
    w.svc.catalog.feeds.sweep();
    expect(((await w.get(`/v1/listings/${id}`)).body.modelFeed as { status: string }).status).toBe('live');
  });
});

describe('burn-in (issue 73)', () => {
  it('publication is refused, changing nothing, until the live signals span the burn-in; an unverified provider is told to be verified first', async () => {
    await w.close();
    w = await startCatalogWorld({ modelFeedBurnInDays: 1 });
    const DAY = 86_400_000;
    const provider = await w.account(Role.PROVIDER);
    const id = (await w.signed(provider.wallet, 'POST', '/v1/provider/listings', modelFeedInput())).body.id as number;
    expect((await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`)).body.status).toBe('submitted');
    const audit = async () => ((await w.operator('GET', `/operator/catalog/audit?listing=${id}`)).body as unknown as unknown[]).length;
    const rowsBefore = await audit();
    const publish = () => w.operator('POST', `/operator/listings/${id}/publish`);
    const refused = await publish();
    expect([refused.status, refused.body.error]).toEqual([409, 'BURN_IN_PENDING']);
    expect(refused.body.details).toMatchObject({ requiredMs: DAY, signals: 0, spanMs: 0, met: false, providerVerified: false });
    expect(String(refused.body.message)).toContain('verify the provider first');
    // Nothing changed: still submitted, no audit row, not public.
    expect((await w.operator('GET', `/operator/listings/${id}`)).body).toMatchObject({ status: 'submitted' });
    expect(await audit()).toBe(rowsBefore);
    expect((await w.get(`/v1/listings/${id}`)).status).toBe(404);

    await send(w.svc, { kind: CommandKind.SET_PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, accountId: provider.id, verified: true });
    const signal = (signalId: string) => w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/signals`, { signals: [{ signalId, instrument: 'I', position: 1 }] });
    expect((await signal('first')).status).toBe(200);
    w.advance(DAY - 60_000);
    expect((await signal('second')).status).toBe(200);
    // (The world's clock is the wall clock moved forward: spans are a day less a minute, plus the test's own milliseconds.)
    const short = await publish();
    expect(short.body).toMatchObject({ error: 'BURN_IN_PENDING', details: { signals: 2, providerVerified: true } });
    const shortSpanMs = (short.body.details as { spanMs: number }).spanMs;
    expect(shortSpanMs).toBeGreaterThanOrEqual(DAY - 60_000);
    expect(shortSpanMs).toBeLessThan(DAY);
    // The clock alone does not do it: the newest signal must be a burn-in after the first (a model that went quiet has not run live).
    w.advance(120_000);
    expect((await publish()).body).toMatchObject({ error: 'BURN_IN_PENDING', details: { spanMs: shortSpanMs } });
    expect((await w.operator('GET', `/operator/listings/${id}`)).body).toMatchObject({ status: 'submitted' });
    expect(await audit()).toBe(rowsBefore);
    expect((await signal('third')).status).toBe(200);
    const published = await publish();
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.status).toBe('published');
    const perf = (await w.get(`/v1/listings/${id}/performance`)).body;
    expect(perf.burnIn).toMatchObject({ requiredMs: DAY, signals: 3, met: true });
    expect((perf.burnIn as { spanMs: number }).spanMs).toBeGreaterThanOrEqual(DAY + 60_000);
  });

  it('a dataset is published without one', async () => {
    await w.close();
    w = await startCatalogWorld({ modelFeedBurnInDays: 1 });
    const provider = await w.account(Role.PROVIDER);
    const id = (await w.signed(provider.wallet, 'POST', '/v1/provider/listings', listingInput())).body.id as number;
    await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
    expect((await w.operator('POST', `/operator/listings/${id}/publish`)).body.status).toBe('published');
  });
});

describe('drift above the backtest (issue 73)', () => {
  it('live +957 bps against a 2.3 bps backtest, +4.2σ, downgrades the feed as a fall would', async () => {
    const { provider, id } = await publishedFeed({}, { backtest: { ...(modelFeedBlock().backtest as object), meanNetBps: 2.3, maxDrawdownBps: 2_000 } });
    const post = (path: string, body: unknown) => w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/${path}`, body);
    const ids = Array.from({ length: 30 }, (_, i) => `s${i}`);
    expect((await post('signals', { signals: ids.map((signalId) => ({ signalId, instrument: 'AUTO_INTENT', position: 1 })) })).status).toBe(200);
    w.advance(HORIZON);
    // 957 ± d, d such that z = (957 − 2.3) / (s/√30) = 4.2 with s = d·√(30/29); no trades, so no cost: net = outcome.
    const d = (((957 - 2.3) * Math.sqrt(30)) / 4.2) * Math.sqrt(29 / 30);
    expect((await post('outcomes', { outcomes: ids.map((signalId, i) => ({ signalId, outcomeBps: 957 + (i % 2 === 0 ? d : -d) })) })).status).toBe(200);
    const perf = (await w.get(`/v1/listings/${id}/performance`)).body as { simToLive: { z: number }; live: { meanNetBps: number }; drift: { status: string; reason: string } };
    expect(perf.live.meanNetBps).toBeCloseTo(957, 6);
    expect(perf.simToLive.z).toBeCloseTo(4.2, 6);
    expect(perf.drift).toMatchObject({ status: 'downgraded', reason: expect.stringMatching(/4\.20 standard errors above the backtest's 2\.3 bps/) });
    expect(((await w.get(`/v1/listings/${id}`)).body.modelFeed as { status: string }).status).toBe('downgraded');
  });
});

describe('capacity and slippage on the listing (issue 73)', () => {
  it("the listing carries an estimate from its signals' own traded sizes", async () => {
    const { provider, id } = await publishedFeed();
    const post = (path: string, body: unknown) => w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/${path}`, body);
    const positions = [0.5, -0.5, 0.5, 1];
    expect((await post('signals', { signals: positions.map((position, i) => ({ signalId: `c${i}`, instrument: 'AUTO_INTENT', position })) })).status).toBe(200);
    w.advance(HORIZON);
    expect((await post('outcomes', { outcomes: positions.map((_, i) => ({ signalId: `c${i}`, outcomeBps: 5 })) })).status).toBe(200);
    const listing = (await w.get(`/v1/listings/${id}`)).body;
    // |0.5| + |−1| + |1| + |0.5| = 3 of the 100 PAT notional over 4 signals; an external target: no market the exchange sees.
    expect(listing.capacityEstimate).toMatchObject({ signals: 4, meanTradeMicros: 75_000_000, maxTradeMicros: 100_000_000, market: null, capacityPat: null, slippageBps: null });
    expect((await w.get(`/v1/listings/${id}/performance`)).body.capacityEstimate).toEqual(listing.capacityEstimate);
  });
});

describe('delivered records against the committed signals', () => {
  it('records that are the committed signals conform; a signal delivered but never committed, or delivered otherwise, diverges', async () => {
    const { provider, id } = await publishedFeed();
    const sent = await w.signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/signals`, { signals: [{ signalId: 'a', instrument: 'AUTO_INTENT', position: 1 }, { signalId: 'b', instrument: 'AUTO_INTENT', position: -0.5 }] });
    const at = new Map((sent.body.signals as { signalId: string; atMs: number }[]).map((s) => [s.signalId, s.atMs]));
    const record = (signal_id: string, position: number, atMs = at.get(signal_id) ?? w.now()) => ({ signal_id, signal_time: new Date(atMs).toISOString(), instrument: 'AUTO_INTENT', position });
    const faithful = await w.svc.catalog.checkConformance(id, 1, [record('a', 1), record('b', -0.5)], 1);
    expect(faithful.divergences).toEqual([]);
    expect(faithful.conforms).toBe(true);
    const edited = await w.svc.catalog.checkConformance(id, 1, [record('a', -1), record('b', -0.5, at.get('b')! - 3_600_000), record('ghost', 1)], 2);
    expect(edited.conforms).toBe(false);
    const message = edited.divergences.find((d) => d.metric === 'signals')!.message;
    expect(message).toContain('signal a was committed as AUTO_INTENT 1, delivered as AUTO_INTENT -1');
    expect(message).toContain('signal b was committed at');
    expect(message).toContain('signal ghost was delivered but never committed');
    const rows = (await w.operator('GET', '/operator/listings')).body as unknown as { id: number; conformanceReview?: { grantId: number } }[];
    expect(rows.find((r) => r.id === id)!.conformanceReview).toMatchObject({ grantId: 2 });
  });
});
