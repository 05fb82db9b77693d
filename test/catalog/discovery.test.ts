/**
 * Discovery filters (docs/catalog.md, "Discovery filters"): each fact from what the exchange
 * verified (delivery records, conformance checks, exchange-stamped refreshes, a feed's
 * exchange-checked outcomes), never from the provider's word; and GET /v1/listings with the
 * filters against a real service: results carry the facts, bad values are 400 INVALID_FIELD.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineageKey, schemaSchema, type Listing, type ModelFeedDisclosures } from '../../src/catalog/index.js';
import { discoveryFacts } from '../../src/catalog/discovery.js';
import { loadConfig } from '../../src/app/config.js';
import { CommandKind, EventType, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { searchListings, signedRequest } from '../../src/client/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { listingInput } from '../support/catalog-fixture.js';

const DAY = 86_400_000;
const NONE = { delivered: 0, undelivered: 0, failed: 0 };

function dataset(o: { refreshes?: number[]; conformance?: { checks: number; divergent: number } } = {}): Listing {
  return {
    id: 1, segment: 'AUTO_INTENT', providerAccountId: 2, providerAddress: '0x', status: 'published', createdAtMs: 0, updatedAtMs: 0, publishedVersion: 1, ratings: [], refreshes: o.refreshes ?? [],
    ...(o.conformance === undefined ? {} : { conformance: o.conformance as Listing['conformance'] }),
    versions: [{
      version: 1, createdAtMs: 0, title: 't', description: 'short', schema: schemaSchema.parse({ columns: [{ name: 'id', type: 'integer', description: 'id' }], keyColumns: ['id'] }),
      provenance: { source: 's', collectionMethod: 'm', legalBasis: 'consent', personalData: false, sensitiveCategories: [] },
      licence: { permittedUses: ['analytics'], retentionDays: 1, redistribution: false }, cadence: 'daily', deliveryEndpoint: 'https://x', changeLog: '',
      sample: { sha256: '0', format: 'csv', bytes: 1 },
      quality: { completeness: 1, validity: 1, uniqueness: 1, timeliness: 1, consistency: 1, accuracy: null, rows: 1, columns: 1 },
      lineage: { schemaSha256: '', sampleSha256: '', versionSha256: '' },
    }],
  };
}

const LINEAGE = { packSha: 'a'.repeat(64), indicatorSetSha: 'b'.repeat(64), modelConfigSha: 'c'.repeat(64), policySha: 'd'.repeat(64) };

/** A model feed whose kept performance says what `p` says, of the live lineage unless `lineage` differs. */
function feed(target: 'patx-series' | 'external', p: { outcomes: number; stdev: number; stability: number; capacityRights?: number }, o: { downgraded?: boolean; otherLineage?: boolean } = {}): Listing {
  const l = dataset();
  const modelFeed = { lineage: LINEAGE, target: target === 'external' ? { kind: 'external', description: 'x' } : { kind: 'patx-series', contract: 'AUTO_INTENT|7D|0.70-0.85' }, backtest: { curve: [], signals: 0 } } as unknown as ModelFeedDisclosures;
  l.versions[0] = { ...l.versions[0]!, kind: 'model-feed', modelFeed };
  const key = o.otherLineage === true ? 'another' : lineageKey(LINEAGE);
  l.feed = { status: o.downgraded === true ? 'downgraded' : 'live', nextSeq: 1, day: { dayStartMs: 0, signals: 0 }, aggregates: [], keptFromSeq: 1, performance: { lineageKey: key, outcomes: p.outcomes, stability: p.stability, live: { stdevNetBps: p.stdev }, capacityEstimate: { capacityRights: p.capacityRights ?? null } } } as unknown as Listing['feed'];
  return l;
}

describe('discovery facts', () => {
  it("a dataset: capacity is what it delivered, risk from rights missed and records that diverged, stability its cadence adherence; disclosure the checks passed", () => {
    // No evidence yet: risk unrated, stability unknown before a whole period has passed.
    expect(discoveryFacts(dataset(), DAY / 2, NONE)).toMatchObject({ capacityRights: 0, riskBand: 'unrated', stability: Number.NaN });
    // Disclosure: description too short, no timestamp column; the other four checks pass.
    expect(discoveryFacts(dataset(), 0, NONE).disclosure).toBeCloseTo(4 / 6, 10);
    expect(discoveryFacts(dataset(), 0, { delivered: 99, undelivered: 1, failed: 0 })).toMatchObject({ capacityRights: 99, riskBand: 'low' }); // 1% missed
    expect(discoveryFacts(dataset(), 0, { delivered: 95, undelivered: 3, failed: 2 }).riskBand).toBe('medium'); // 5%
    expect(discoveryFacts(dataset(), 0, { delivered: 80, undelivered: 0, failed: 20 }).riskBand).toBe('high'); // 20%
    expect(discoveryFacts(dataset(), 0, { delivered: 10, undelivered: 0, failed: 0 }).riskBand).toBe('unrated'); // too few rights to rate
    // Conformance: 1 of 4 checks diverged rates it high with no delivery record at all.
    expect(discoveryFacts(dataset({ conformance: { checks: 4, divergent: 1 } }), 0, NONE).riskBand).toBe('high');
    // Refreshed in 3 of the 4 whole days since the first version.
    expect(discoveryFacts(dataset({ refreshes: [DAY / 2, DAY + 5, 3 * DAY + 5, 3 * DAY + 6] }), 4 * DAY + 1, NONE).stability).toBeCloseTo(3 / 4, 10);
  });

  it("a model feed: rated only on the exchange's own outcomes of its live lineage, with enough of them", () => {
    const good = { outcomes: 40, stdev: 30, stability: 0.7, capacityRights: 250 };
    expect(discoveryFacts(feed('patx-series', good), 0, NONE)).toMatchObject({ capacityRights: 250, riskBand: 'low', stability: 0.7 });
    expect(discoveryFacts(feed('patx-series', { ...good, stdev: 100 }), 0, NONE).riskBand).toBe('medium');
    expect(discoveryFacts(feed('patx-series', { ...good, stdev: 400 }), 0, NONE).riskBand).toBe('high');
    // Too few outcomes: capacity shown (the market's), risk and stability not.
    expect(discoveryFacts(feed('patx-series', { ...good, outcomes: 29 }), 0, NONE)).toMatchObject({ capacityRights: 250, riskBand: 'unrated', stability: Number.NaN });
    // An external target's outcomes are the provider's word: nothing rated, however good.
    expect(discoveryFacts(feed('external', good), 0, NONE)).toMatchObject({ capacityRights: Number.NaN, riskBand: 'unrated', stability: Number.NaN });
    // Another lineage's record is not this model's.
    expect(discoveryFacts(feed('patx-series', good, { otherLineage: true }), 0, NONE).riskBand).toBe('unrated');
    // Downgraded on drift: high.
    expect(discoveryFacts(feed('patx-series', good, { downgraded: true }), 0, NONE).riskBand).toBe('high');
  });
});

describe('GET /v1/listings with discovery filters, on a real service', () => {
  let dir: string;
  let svc: Service;
  const base = (): string => `http://127.0.0.1:${svc.gateway.port}`;
  const get = async (q: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${base()}/v1/listings${q}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-discovery-'));
    const config = loadConfig({}, { dataDir: dir, sequencer: { snapshotEveryCommands: 0, snapshotEveryMs: 0 }, quoting: { enabled: false }, gateway: { port: 0, marketDataPort: 0 }, settlement: { enabled: false } });
    svc = await startService(config, createLogger('silent'));
    const wallet = Wallet.createRandom() as unknown as Wallet;
    const opened = (await svc.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: wallet.address.toLowerCase() })).events.find((e) => e.type === EventType.ACCOUNT_OPENED);
    expect(opened).toBeDefined();
    const publish = async (body: Record<string, unknown>): Promise<void> => {
      const created = await signedRequest(base(), wallet, 'POST', '/v1/provider/listings', body);
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      await signedRequest(base(), wallet, 'POST', `/v1/provider/listings/${id}/submit`);
      const r = await svc.operatorApi.handle({ method: 'POST', path: `/operator/listings/${id}/publish`, body: undefined, operator: 'admin' });
      expect(r.status).toBe(200);
    };
    await publish(listingInput({ title: 'Fully disclosed' }));
    // A short description and no key columns: two disclosure checks fail.
    const thin = listingInput({ title: 'Thinly disclosed', description: 'Intent signals.' }) as { schema: Record<string, unknown> };
    await publish({ ...thin, schema: { ...thin.schema, keyColumns: [] } });
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('filters on disclosure, risk band, capacity and stability; each result carries the facts', async () => {
    const all = await get('');
    expect(all.status).toBe(200);
    const byTitle = Object.fromEntries((all.body.listings as { title: string; discovery: Record<string, unknown> }[]).map((l) => [l.title, l.discovery]));
    expect(byTitle['Fully disclosed']).toEqual({ capacityRights: 0, riskBand: 'unrated', disclosure: 1, stability: null });
    expect(byTitle['Thinly disclosed']).toEqual({ capacityRights: 0, riskBand: 'unrated', disclosure: 0.6667, stability: null });
    const titles = async (q: string): Promise<string[]> => ((await get(q)).body.listings as { title: string }[]).map((l) => l.title).sort();
    expect(await titles('?min_disclosure=0.9')).toEqual(['Fully disclosed']);
    expect(await titles('?min_disclosure=0.5')).toEqual(['Fully disclosed', 'Thinly disclosed']);
    expect(await titles('?risk_band=unrated')).toEqual(['Fully disclosed', 'Thinly disclosed']);
    expect(await titles('?risk_band=low,medium')).toEqual([]); // nothing delivered yet: no evidence, no band
    expect(await titles('?min_capacity=1')).toEqual([]);
    expect(await titles('?min_stability=0')).toEqual([]); // not a whole cadence period old: unknown never passes
    // The client sends the same filters.
    const page = await searchListings({ url: base() }, { minDisclosure: 0.9, riskBands: ['unrated', 'low'] });
    expect(page.listings.map((l) => [l.title, l.discovery.disclosure])).toEqual([['Fully disclosed', 1]]);
    // No band named is any band (as the console's form has it), not an empty `risk_band=` the server refuses.
    const anyBand = await searchListings({ url: base() }, { riskBands: [] });
    expect(anyBand.listings.map((l) => l.title).sort()).toEqual(['Fully disclosed', 'Thinly disclosed']);
  });

  it('bad values are 400 INVALID_FIELD naming the field, from the registry schemas', async () => {
    for (const q of ['risk_band=extreme', 'risk_band=low,,high', 'risk_band=', 'min_disclosure=1.5', 'min_stability=abc', 'min_capacity=-1', 'min_capacity=1e16']) {
      const r = await get(`?${q}`);
      expect([q, r.status, r.body.error]).toEqual([q, 400, 'INVALID_FIELD']);
      expect(JSON.stringify(r.body.details)).toContain(q.split('=')[0]);
    }
  });

  it('the OpenAPI document describes the filters', async () => {
    const doc = (await (await fetch(`${base()}/openapi.json`)).json()) as { paths: Record<string, { get: { parameters: { name: string }[] } }> };
    const names = doc.paths['/v1/listings']!.get.parameters.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['min_capacity', 'risk_band', 'min_disclosure', 'min_stability']));
  });
});
