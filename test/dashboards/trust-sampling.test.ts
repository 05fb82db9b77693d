/**
 * The dashboards' trust history (src/dashboards/trust-history.ts, src/app/components/dashboards.ts)
 * samples published listings only: a provider's drafts (which anyone with a fresh key may make, up
 * to the catalog's quotas) add no records every ten minutes. Real service on 127.0.0.1, real LMDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/engine/index.js';
import { listingInput } from '../support/catalog-fixture.js';
import { startCatalogWorld, type CatalogWorld } from '../support/catalog-service.js';

const HOUR_MS = 3_600_000;
let world: CatalogWorld;

beforeAll(async () => {
  world = await startCatalogWorld();
});

afterAll(async () => {
  await world.close();
});

describe('trust sampling', () => {
  it("keeps no trust history of a draft: its provider's dashboard shows none", async () => {
    const { wallet } = await world.account(Role.PROVIDER);
    const made = await world.signed(wallet, 'POST', '/v1/provider/listings', listingInput());
    expect(made.status).toBe(201);
    const id = (made.body as { id: number }).id;
    await world.svc.dashboards.sampleTrust();
    const now = world.now();
    const board = await world.signed(wallet, 'GET', `/v1/dashboard/provider?listing=${id}&from=${now - HOUR_MS}&to=${now + HOUR_MS}`);
    expect(board.status).toBe(200);
    const buckets = (board.body as { buckets: Array<{ trust: unknown }> }).buckets;
    expect(buckets.length).toBeGreaterThan(0);
    expect(buckets.every((b) => b.trust === null)).toBe(true);
  });
});
