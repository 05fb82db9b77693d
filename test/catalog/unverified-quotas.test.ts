/**
 * Sample quotas of unverified providers (an outside review): a fresh key declares itself a provider for
 * free, and at 200 MiB each ~100 of them filled the catalog's 20 GiB, locking every real provider out.
 * An unverified provider keeps at most `unverifiedProviderSampleBytes`, and unverified providers together
 * at most `unverifiedSampleShare` of the catalog; the operator's verification lifts both. Small quotas here.
 */
import type { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedRequest } from '../../src/client/signed-http.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { csv, listingInput } from '../support/catalog-fixture.js';
import { openProvider, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

const SAMPLE = csv(2_000); // ~80 KB
const SAMPLE_BYTES = Buffer.byteLength(SAMPLE);
/** A distinct sample is SAMPLE and a few rows more: at most this much larger here. */
const SLACK = 1_000;
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({}, {
    catalog: {
      providerSampleBytes: 10 * (SAMPLE_BYTES + SLACK),
      unverifiedProviderSampleBytes: SAMPLE_BYTES + SLACK, // one sample
      totalSampleBytes: 8 * (SAMPLE_BYTES + SLACK),
      unverifiedSampleShare: 0.25, // two samples of all unverified providers
      diskReserveBytes: 0,
    },
  });
});
afterAll(async () => {
  await fx.stop();
});

function upload(w: Wallet, salt: number): Promise<{ status: number; body: { error?: string; message?: string; details?: Record<string, unknown> } }> {
  return signedRequest(fx.httpUrl, w, 'POST', '/v1/provider/listings', listingInput({ title: `listing ${salt}` }, SAMPLE + csv(salt).split('\n').slice(1).join('\n')));
}

function accountOf(w: Wallet): number {
  return fx.service.engine.accountIdByAddress.get(w.address.toLowerCase())!;
}

async function verify(w: Wallet): Promise<void> {
  await fx.submitOk({ kind: CommandKind.SET_PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, accountId: accountOf(w), verified: true });
}

describe('unverified providers', () => {
  it('keep a small sample quota until the operator verifies them; the refusal says the limit and how to lift it', async () => {
    const w = await openProvider(fx, 60);
    expect((await upload(w, 1)).status).toBe(201);
    const usage = await signedRequest(fx.httpUrl, w, 'GET', '/v1/provider/listings/usage');
    expect(usage.body).toMatchObject({ quotas: { sampleBytes: SAMPLE_BYTES + SLACK, verified: false } });

    const refused = await upload(w, 2);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'PROVIDER_QUOTA_EXCEEDED', details: { quota: 'unverifiedProviderSampleBytes', limit: SAMPLE_BYTES + SLACK } });
    expect(refused.body.message).toContain(`at most ${SAMPLE_BYTES + SLACK} bytes`);
    expect(refused.body.message).toContain('verify your identity');
    expect(fx.service.catalog.listingsOf(accountOf(w))).toHaveLength(1);

    // Verified: the provider's quota is the full one.
    await verify(w);
    expect((await upload(w, 2)).status).toBe(201);
    expect((await upload(w, 3)).status).toBe(201);
    const after = await signedRequest(fx.httpUrl, w, 'GET', '/v1/provider/listings/usage');
    expect(after.body).toMatchObject({ quotas: { sampleBytes: 10 * (SAMPLE_BYTES + SLACK), verified: true } });
  });

  it('take together at most their share of the catalog: the rest stays for verified providers', async () => {
    const verified = await openProvider(fx, 61);
    await verify(verified);
    const strangers = [await openProvider(fx, 62), await openProvider(fx, 63), await openProvider(fx, 64)];
    expect((await upload(strangers[0]!, 11)).status).toBe(201);
    expect((await upload(strangers[1]!, 12)).status).toBe(201);
    const before = fx.service.catalog.sampleBytesStored;
    const third = await upload(strangers[2]!, 13);
    expect(third.status).toBe(403);
    expect(third.body).toMatchObject({ error: 'PROVIDER_QUOTA_EXCEEDED', details: { quota: 'unverifiedSampleShare', limit: Math.floor(2 * (SAMPLE_BYTES + SLACK)) } });
    expect(third.body.message).toContain('verify your identity');
    expect(fx.service.catalog.sampleBytesStored).toBe(before);
    expect(fx.service.catalog.unverifiedSampleBytes()).toBeLessThanOrEqual(2 * (SAMPLE_BYTES + SLACK));
    // A verified provider still stores its samples.
    expect((await upload(verified, 14)).status).toBe(201);
    expect((await upload(verified, 15)).status).toBe(201);
  });
});
