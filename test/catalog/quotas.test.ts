/**
 * Quotas (issue 52): one provider cannot fill the disk. Before, a fresh wallet created 45
 * drafts with 10 MiB samples (449 MiB) until the exchange took only cancels for everyone;
 * there was no quota, no way to delete a draft, and the operator could not remove one.
 * Small quotas here show each bound; the defaults are in docs/security.md.
 */
import type { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedRequest } from '../../src/client/signed-http.js';
import { csv, listingInput } from '../support/catalog-fixture.js';
import { OPERATOR_TOKEN, openProvider, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

const SAMPLE = csv(2_000); // ~80 KB
const SAMPLE_BYTES = Buffer.byteLength(SAMPLE);
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({}, { catalog: { providerDrafts: 3, providerListings: 4, listingVersionsPerDay: 3, providerSampleBytes: 3 * SAMPLE_BYTES + 3_000, totalSampleBytes: 7 * SAMPLE_BYTES + 8_000, unverifiedSampleShare: 1, diskReserveBytes: 0 } });
});
afterAll(async () => {
  await fx.stop();
});

/** A listing whose sample is SAMPLE with `salt` rows appended (a distinct sample per salt; salt 0: SAMPLE itself). */
function upload(w: Wallet, salt: number, title = `listing ${salt}`): Promise<{ status: number; body: Record<string, unknown> }> {
  const extra = salt === 0 ? '' : csv(salt).split('\n').slice(1).join('\n');
  return signedRequest(fx.httpUrl, w, 'POST', '/v1/provider/listings', listingInput({ title }, SAMPLE + extra));
}

function operator(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(fx.httpUrl + path, { method, headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

describe('quotas per provider', () => {
  it('drafts, sample bytes and listings are bounded; a refusal stores nothing; deleting a draft frees its room', async () => {
    const w = await openProvider(fx, 40);
    const ids: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = await upload(w, i);
      expect(r.status).toBe(201);
      ids.push(r.body.id as number);
    }
    const stored = fx.service.catalog.all().length;
    const fourth = await upload(w, 4);
    expect(fourth.status).toBe(403);
    expect(fourth.body).toMatchObject({ error: 'PROVIDER_QUOTA_EXCEEDED', details: { quota: 'providerDrafts', limit: 3, used: 3 } });
    expect(fx.service.catalog.all().length).toBe(stored);
    const usage = await signedRequest(fx.httpUrl, w, 'GET', '/v1/provider/listings/usage');
    expect(usage.body).toMatchObject({ usage: { drafts: 3, listings: 3 }, quotas: { drafts: 3, listings: 4 } });
    expect((usage.body as { usage: { sampleBytes: number } }).usage.sampleBytes).toBeGreaterThan(3 * SAMPLE_BYTES);

    // Submitting one leaves room for a draft, but not for its bytes: three samples fill the provider's bytes.
    expect((await signedRequest(fx.httpUrl, w, 'POST', `/v1/provider/listings/${ids[0]}/submit`)).status).toBe(200);
    const overBytes = await upload(w, 5);
    expect(overBytes.status).toBe(403);
    expect(overBytes.body).toMatchObject({ error: 'PROVIDER_QUOTA_EXCEEDED', details: { quota: 'providerSampleBytes' } });

    // The provider deletes a draft: its sample goes, the room comes back.
    const sha = fx.service.catalog.get(ids[1]!).versions[0]!.sample.sha256;
    const deleted = await signedRequest(fx.httpUrl, w, 'DELETE', `/v1/provider/listings/${ids[1]}`);
    expect(deleted.status).toBe(200);
    expect(fx.service.catalog.find(ids[1]!)).toBeUndefined();
    expect(fx.service.catalog.storesSample(sha)).toBe(false);
    const sixth = await upload(w, 6);
    expect(sixth.status).toBe(201);
    // A submitted (or published) listing is not deleted; nor someone else's draft.
    expect((await signedRequest(fx.httpUrl, w, 'DELETE', `/v1/provider/listings/${ids[0]}`)).body).toMatchObject({ error: 'BAD_TRANSITION' });
    const other = await openProvider(fx, 41);
    expect((await signedRequest(fx.httpUrl, other, 'DELETE', `/v1/provider/listings/${ids[2]}`)).body).toMatchObject({ error: 'UNKNOWN_LISTING' }); // another's draft: as no listing
    // A provider's own listings, read by its own ids (they were found by copying and filtering every listing).
    const all = vi.spyOn(fx.service.catalog, 'all');
    const own = await signedRequest<Array<{ id: number }>>(fx.httpUrl, w, 'GET', '/v1/provider/listings');
    expect(own.body.map((l) => l.id)).toEqual([ids[0], ids[2], sixth.body.id]);
    expect((await signedRequest<unknown[]>(fx.httpUrl, other, 'GET', '/v1/provider/listings')).body).toEqual([]);
    expect(all).not.toHaveBeenCalled();
    all.mockRestore();
    const audit = fx.service.catalog.audit(1, 1_000, ids[1]);
    expect(audit.at(-1)).toMatchObject({ action: 'delete', actor: expect.stringMatching(/^provider:/), toStatus: 'deleted' });
  });

  it('a listing gains at most listingVersionsPerDay versions in 24 hours; one more is refused and stores nothing', async () => {
    // An outside review (2026-12-04): a draft re-saved 20 times a second grew its versions without end.
    const w = await openProvider(fx, 45);
    const made = await upload(w, 0, 'versions');
    expect(made.status).toBe(201);
    const id = made.body.id as number;
    const put = (title: string) => signedRequest<{ error?: string; details?: unknown }>(fx.httpUrl, w, 'PUT', `/v1/provider/listings/${id}`, listingInput({ title, changeLog: `retitled: ${title}` }, SAMPLE));
    const second = await put('versions 2');
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect((await put('versions 3')).status).toBe(200);
    const refused = await put('versions 4');
    expect([refused.status, refused.body.error]).toEqual([403, 'PROVIDER_QUOTA_EXCEEDED']);
    expect(refused.body.details).toEqual({ quota: 'listingVersionsPerDay', limit: 3, used: 3 });
    expect(fx.service.catalog.find(id)!.versions.map((v) => v.title)).toEqual(['versions', 'versions 2', 'versions 3']);
  });

  it('the same sample twice counts once', async () => {
    const w = await openProvider(fx, 44);
    expect((await upload(w, 0, 'one')).status).toBe(201);
    const before = fx.service.catalog.usageOf(fx.service.engine.accountIdByAddress.get(w.address.toLowerCase())!);
    expect((await upload(w, 0, 'two')).status).toBe(201);
    const after = fx.service.catalog.usageOf(fx.service.engine.accountIdByAddress.get(w.address.toLowerCase())!);
    expect(after.sampleBytes).toBe(before.sampleBytes);
    expect(after.drafts).toBe(before.drafts + 1);
  });
  it('the operator purges any draft, with a reason in the audit; the catalog as a whole is bounded too', async () => {
    const a = await openProvider(fx, 42);
    const b = await openProvider(fx, 43);
    const first = await upload(a, 10);
    expect(first.status).toBe(201);
    const id = first.body.id as number;
    expect((await (await operator('POST', `/operator/listings/${id}/purge`, {})).json()).error).toBe('MALFORMED_LISTING');
    const purged = await operator('POST', `/operator/listings/${id}/purge`, { reason: 'spam samples' });
    expect(purged.status).toBe(200);
    expect(fx.service.catalog.find(id)).toBeUndefined();
    expect(fx.service.catalog.audit(1, 1_000, id).at(-1)).toMatchObject({ action: 'purge', actor: 'operator:admin', reason: 'spam samples' });
    // The catalog keeps at most 7 samples' bytes: a's and b's uploads meet it, whoever's quota is left.
    const statuses: number[] = [];
    for (let i = 20; i < 26; i++) statuses.push((await upload(i % 2 === 0 ? a : b, i)).status);
    expect(statuses).toContain(507);
    const full = await upload(b, 30);
    expect(full.body).toMatchObject({ error: expect.stringMatching(/CATALOG_FULL|PROVIDER_QUOTA_EXCEEDED/) });
    expect(fx.service.catalog.sampleBytesStored).toBeLessThanOrEqual(7 * SAMPLE_BYTES + 8_000);
  });

});

describe('the journal keeps its room', () => {
  it('a sample that would take the space kept above the low-disk mark is refused CATALOG_FULL', async () => {
    const tight = await startGatewayFixture({}, { catalog: { diskReserveBytes: 1024 ** 5 } });
    try {
      const w = await openProvider(tight, 45);
      const r = await signedRequest(tight.httpUrl, w, 'POST', '/v1/provider/listings', listingInput());
      expect(r.status).toBe(507);
      expect(r.body).toMatchObject({ error: 'CATALOG_FULL', details: { quota: 'diskReserveBytes' } });
      expect(tight.service.catalog.all()).toHaveLength(0);
    } finally {
      await tight.stop();
    }
  });
});
