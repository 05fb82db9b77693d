/**
 * Seats (docs/catalog.md, "Seats"): a listing declares how many subscribers at once its data
 * can serve; the catalog journals each segment's seats (SET_SEGMENT_SEATS) from its published
 * listings, the engine refuses a subscriber past them (SEATS_FULL through POST
 * /v1/subscriptions), the listing's public view shows them offered and taken, and a take-down
 * lifts the limit. Real LMDB, the real gateway on loopback, wallet-signed requests.
 */
import { rmSync } from 'node:fs';
import { Wallet } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/index.js';
import type { Config } from '../../src/app/config.js';
import { CommandKind, Role, SYSTEM_ACTOR, type SetSegmentSeats } from '../../src/engine/index.js';
import { signedRequest } from '../../src/client/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { listingInput as input } from '../support/catalog-fixture.js';
import { getJson, openWalletAccount, startCatalogService } from '../support/catalog-service.js';

let dir: string;
let config: Config;
let svc: Service;
const logger = createLogger('silent');
const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';

beforeEach(async () => {
  ({ dir, config, svc } = await startCatalogService('seats', false));
});

afterEach(async () => {
  await svc.stop();
  rmSync(dir, { recursive: true, force: true });
});

const base = (): string => `http://127.0.0.1:${svc.gateway.port}`;

async function account(role: Role): Promise<{ wallet: Wallet; id: number }> {
  const opened = await openWalletAccount(svc, role);
  // A subscriber needs the free PAT one window costs at its cap (docs/subscriptions.md, "Seats").
  if (role === Role.CONSUMER) await svc.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: opened.id, amountWei: 10n ** 19n, ref: `seats-${opened.id}` });
  return opened;
}

function signed(wallet: Wallet, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return signedRequest(base(), wallet, method, urlPath, body);
}

const get = (urlPath: string): Promise<{ status: number; body: Record<string, unknown> }> => getJson(base(), urlPath);

async function operator(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await svc.operatorApi.handle({ method, path: urlPath, body, query: new URLSearchParams(), operator: 'admin' });
  return { status: r.status, body: r.body as Record<string, unknown> };
}

/** Every SET_SEGMENT_SEATS in the journal, oldest first. */
function journaledSeats(): { segment: string; seats: number }[] {
  const out: { segment: string; seats: number }[] = [];
  for (const batch of svc.journal.read(1)) {
    for (const cmd of batch.commands) if (cmd.kind === CommandKind.SET_SEGMENT_SEATS) out.push({ segment: (cmd as SetSegmentSeats).segment, seats: (cmd as SetSegmentSeats).seats });
  }
  return out;
}

async function published(provider: { wallet: Wallet }, over: Record<string, unknown> = {}): Promise<number> {
  const created = await signed(provider.wallet, 'POST', '/v1/provider/listings', input(over));
  expect(created.status).toBe(201);
  const id = created.body.id as number;
  await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
  expect((await operator('POST', `/operator/listings/${id}/publish`)).body.status).toBe('published');
  return id;
}

const terms = { contract: CONTRACT, qtyPerWindow: 1, capPriceMicros: 2_000_000, budgetMicros: 100_000_000 };

describe('seats', () => {
  it('a listing with 2 seats: SET_SEGMENT_SEATS 2 journaled, a third subscriber refused SEATS_FULL, the view shows them; a take-down lifts the limit', async () => {
    const provider = await account(Role.PROVIDER);
    const consumers = [await account(Role.CONSUMER), await account(Role.CONSUMER), await account(Role.CONSUMER)];
    const id = await published(provider, { seats: 2 });
    expect(journaledSeats()).toEqual([{ segment: 'AUTO_INTENT', seats: 2 }]);
    expect(svc.engine.subscriptions.seats.get('AUTO_INTENT')).toBe(2);

    for (const c of consumers.slice(0, 2)) expect((await signed(c.wallet, 'POST', '/v1/subscriptions', terms)).status).toBe(201);
    const third = await signed(consumers[2]!.wallet, 'POST', '/v1/subscriptions', terms);
    expect([third.status, third.body.error]).toEqual([409, 'SEATS_FULL']);
    expect(svc.engine.subscriptions.live.size).toBe(2); // nothing made

    const view = await get(`/v1/listings/${id}`);
    expect(view.body.seats).toEqual({ offered: 2, segmentOffered: 2, taken: 2 });
    const disclosures = await get(`/v1/listings/${id}/disclosures`);
    expect(disclosures.body.seats).toEqual({ offered: 2, segmentOffered: 2, taken: 2 });
    expect((disclosures.body.versions as { seats: number | null }[])[0]!.seats).toBe(2);

    await operator('POST', `/operator/listings/${id}/take-down`, { reason: 'seats misstated' });
    expect(journaledSeats().at(-1)).toEqual({ segment: 'AUTO_INTENT', seats: 0 });
    expect(svc.engine.subscriptions.seats.has('AUTO_INTENT')).toBe(false);
    expect((await signed(consumers[2]!.wallet, 'POST', '/v1/subscriptions', terms)).status).toBe(201);
  });

  it("a segment's seats are the sum of its published listings'; none declared on one of them is no limit; a new version moves them", async () => {
    const a = await account(Role.PROVIDER);
    const b = await account(Role.PROVIDER);
    const first = await published(a, { seats: 2 });
    const second = await published(b, { seats: 3 });
    expect(svc.engine.subscriptions.seats.get('AUTO_INTENT')).toBe(5);
    // A new version is live at once (seats are not material: no review), and the reply comes once the engine holds the seats.
    const v2 = await signed(a.wallet, 'PUT', `/v1/provider/listings/${first}`, input({ seats: 4, changeLog: 'more capacity' }));
    expect([v2.body.status, v2.body.version, v2.body.pendingReview]).toEqual(['published', 2, undefined]);
    expect(svc.engine.subscriptions.seats.get('AUTO_INTENT')).toBe(7);
    const unlimited = await signed(b.wallet, 'PUT', `/v1/provider/listings/${second}`, input({ changeLog: 'no limit' }));
    expect(unlimited.body.version).toBe(2);
    expect(svc.engine.subscriptions.seats.has('AUTO_INTENT')).toBe(false);
    expect((await get(`/v1/listings/${second}`)).body.seats).toEqual({ offered: null, segmentOffered: null, taken: 0 });
    await signed(b.wallet, 'POST', `/v1/provider/listings/${second}/unpublish`);
    expect(svc.engine.subscriptions.seats.get('AUTO_INTENT')).toBe(4);
    expect(journaledSeats().map((s) => s.seats)).toEqual([2, 5, 7, 0, 4]);
  });

  it('refuses seats that are not a positive integer within the bound, storing nothing; a restart repairs seats a crash left out', async () => {
    const provider = await account(Role.PROVIDER);
    for (const seats of [0, -1, 1.5, '2', 1_000_001]) {
      const r = await signed(provider.wallet, 'POST', '/v1/provider/listings', input({ seats }));
      expect([r.status, r.body.error]).toEqual([400, 'MALFORMED_LISTING']);
    }
    expect((await signed(provider.wallet, 'GET', '/v1/provider/listings')).body).toEqual([]);
    const id = await published(provider, { seats: 3 });

    // A crash after the catalog stored a new version but before the engine heard of its seats: the next start sends them.
    await svc.stop();
    const store = CatalogStore.open(dir);
    const listing = [...store.allListings()].find((l) => l.id === id)!;
    store.putListing({ ...listing, versions: listing.versions.map((v) => ({ ...v, seats: 9 })) });
    await store.close();
    svc = await startService(config, logger);
    expect(svc.engine.subscriptions.seats.get('AUTO_INTENT')).toBe(9);
    expect(journaledSeats().map((s) => s.seats)).toEqual([3, 9]);
  });
});
