/**
 * A data provider's way from a fresh wallet to rights for sale, by the CLI alone, against a running
 * service (real LMDB, HTTP, signatures, the trading socket; no chain, no quoter): `provider open`,
 * `provider listing template` filled in, `listing create --sample --submit`, `provider listings`, the
 * operator's publish, `provider capacity`, `provider mint`, a new version with `listing update`. And
 * the refusals a provider meets on the way, each by name in one line: a mint before the listing is
 * published, past the capacity, a listing file that is not JSON or has no sample, a consumer's wallet.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { CommandKind, Role, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { longestOpenSpot, openAccount, send } from '../support/subscription-market.js';
import { oneLine, patxInProcess } from '../support/patx-cli.js';

let dir: string;
let service: Service;
let series: Series;
const provider = Wallet.createRandom();
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

function cli(args: string[], key = provider.privateKey): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: key, PATX_URL: base() });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cli-provider-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 3_600_000, settlement: { enabled: false }, quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  // As shipped (src/app/config.ts, seeded by the quoter, which this service does not run): a mint needs a published listing.
  await send(service, { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.mintRequiresListing', value: 1 });
  await service.runSchedule();
  series = longestOpenSpot(service, Date.now());
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('patx provider: listing, capacity, mint', () => {
  const segment = (): string => series.spec.contract.split('|')[0]!;
  let listingId = 0;

  it('a fresh wallet opens a provider\'s account; listings of a wallet with none is NO_ACCOUNT', async () => {
    const stranger = Wallet.createRandom();
    const none = await cli(['provider', 'listings'], stranger.privateKey);
    expect(none.code).toBe(1);
    expect(oneLine(none)).toMatch(/^patx: NO_ACCOUNT: 0x[0-9a-fA-F]{40} has no account at this exchange yet: a data provider opens one with patx provider open first$/);
    expect((await cli(['provider', 'open'])).code).toBe(0);
    expect((await cli(['provider', 'listings'])).out).toMatch(/^no listings yet: patx provider listing template SEGMENT > listing\.json/);
  });

  it('the template, filled in, with a CSV sample: created and submitted; a bad file or no sample exits 2, nothing created', async () => {
    const template = await cli(['provider', 'listing', 'template', segment()]);
    expect(template.code).toBe(0);
    const listing = JSON.parse(template.out) as Record<string, unknown>;
    expect(listing).toMatchObject({ segment: segment(), cadence: 'daily' });
    const file = path.join(dir, 'listing.json');
    writeFileSync(file, JSON.stringify({ ...listing, title: 'Scored intent, CLI provider', deliveryEndpoint: 'http://127.0.0.1:9/records' }));
    const sample = path.join(dir, 'rows.csv');
    const now = Date.now();
    writeFileSync(sample, ['user_id,score,event_time', ...Array.from({ length: 30 }, (_, i) => `u${i},0.${70 + (i % 15)},${new Date(now - i * 60_000).toISOString()}`)].join('\n') + '\n');

    const notJson = path.join(dir, 'bad.json');
    writeFileSync(notJson, '{ title: nope');
    const bad = await cli(['provider', 'listing', 'create', '--file', notJson, '--sample', sample]);
    expect(bad.code).toBe(2);
    expect(oneLine(bad)).toMatch(/^patx: USAGE: --file .*bad\.json: not JSON/);
    const noSample = await cli(['provider', 'listing', 'create', '--file', file]);
    expect(noSample.code).toBe(2);
    expect(oneLine(noSample)).toBe('patx: USAGE: a listing carries a sample of its data: --sample FILE (.csv, .jsonl or .parquet)');
    // The exchange's own refusal names the field.
    writeFileSync(path.join(dir, 'no-title.json'), JSON.stringify({ ...listing, title: '' }));
    const noTitle = await cli(['provider', 'listing', 'create', '--file', path.join(dir, 'no-title.json'), '--sample', sample]);
    expect(noTitle.code).toBe(1);
    expect(oneLine(noTitle)).toMatch(/^patx: [A-Z_]+: .*title/);
    expect((await cli(['--json', 'provider', 'listings'])).out.trim()).toBe('[]');

    const created = await cli(['provider', 'listing', 'create', '--file', file, '--sample', sample, '--submit']);
    expect(created.code, created.err).toBe(0);
    listingId = Number(/^created listing (\d+)/.exec(created.out)![1]);
    expect(created.out).toBe(`created listing ${listingId} (${segment()}, version 1): submitted\nnext: the operator's review (patx provider listings shows when it is published)`);
    const mine = await cli(['provider', 'listings']);
    expect(mine.out.split('\n')[1]!.split(/\s{2,}/).slice(0, 5)).toEqual([String(listingId), segment(), 'Scored intent, CLI provider', 'submitted', '1']);
  });

  it('capacity then mint: refused NO_PUBLISHED_LISTING before the operator publishes, minted after; past the capacity CAPACITY_EXCEEDED', async () => {
    const capacity = await cli(['provider', 'capacity', String(series.id), '10']);
    expect(capacity.code, capacity.err).toBe(0);
    expect(capacity.out.trim()).toBe(`capacity 10 declared in series ${series.id}; next: patx provider mint ${series.id} N (within it)`);
    const early = await cli(['provider', 'mint', String(series.id), '4']);
    expect(early.code).toBe(1);
    expect(oneLine(early)).toMatch(/^patx: NO_PUBLISHED_LISTING: the exchange refused it: minting needs a published listing/);

    const published = await service.operatorApi.handle({ method: 'POST', path: `/operator/listings/${listingId}/publish`, body: undefined, query: new URLSearchParams(), operator: 'admin' });
    expect(published.status).toBe(200);
    const accountId = service.engine.accountIdByAddress.get(provider.address.toLowerCase())!;
    // The provider's listing reaches the engine as a journaled command after the answer (catalog.syncProviderListings).
    await until(() => service.engine.accounts[accountId]!.providerListings.has(segment()), 'the published listing in the engine', 10_000);
    const minted = await cli(['--json', 'provider', 'mint', series.spec.contract, '4']);
    expect(minted.code, minted.err).toBe(0);
    expect(JSON.parse(minted.out)).toEqual({ seriesId: series.id, contract: series.spec.contract, minted: 4 });
    expect(service.engine.accounts[accountId]!.positions.get(series.id)).toMatchObject({ available: 4 });
    const over = await cli(['provider', 'mint', String(series.id), '7']);
    expect(oneLine(over)).toMatch(/^patx: CAPACITY_EXCEEDED: /);
  });

  it('listing update makes a new version; a consumer\'s wallet is refused ROLE_NOT_ALLOWED by name', async () => {
    const updated = await cli(['provider', 'listing', 'update', String(listingId), '--file', path.join(dir, 'listing.json'), '--sample', path.join(dir, 'rows.csv')]);
    expect(updated.code, updated.err).toBe(0);
    expect(updated.out.split('\n')[0]).toMatch(new RegExp(`^updated listing ${listingId} \\(${segment()}, version 2\\): published`));

    const consumer = Wallet.createRandom();
    await openAccount(service, Role.CONSUMER, consumer.address.toLowerCase());
    const refused = await cli(['provider', 'capacity', String(series.id), '5'], consumer.privateKey);
    expect(refused.code).toBe(1);
    expect(oneLine(refused)).toMatch(/^patx: ROLE_NOT_ALLOWED: /);
  });
});
