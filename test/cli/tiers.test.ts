/**
 * `patx tiers`, `patx tiers subscribe|mine|cancel` and `patx bundle quote|buy` against a
 * running service (real LMDB, HTTP and signatures; the wallet from PATX_WALLET_KEY, the gateway
 * from PATX_URL): a listing's tiers with their price at the asks now; a bundle refused naming the
 * leg that cannot fill, then bought; a tier subscribed, listed, cancelled; every refusal one line
 * with the server's code, exit 1.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { signedRequest } from '../../src/client/index.js';
import { Role, SeriesKind, SeriesStatus } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { listingInput } from '../support/catalog-fixture.js';
import { removeDir } from '../support/exchange-fixture.js';
import { patxInProcess } from '../support/patx-cli.js';
import { credit, openAccount, stockBroker } from '../support/subscription-market.js';

const C1 = 'AUTO_INTENT|7D|0.70-0.85';
const C2 = 'AUTO_INTENT|7D|0.85-1.00';
let dir: string;
let service: Service;
let listingId = 0;
const consumer = Wallet.createRandom();
const provider = Wallet.createRandom();
const ids = { consumer: 0, provider: 0 };
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: consumer.privateKey, PATX_URL: base() });
}

function openWindow(contract: string): number {
  const now = Date.now();
  const s = service.engine.series.find((x) => x !== undefined && x.spec.contract === contract && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING && x.spec.openAtMs <= now && now < x.spec.closeAtMs);
  if (s === undefined) throw new Error(`no open ${contract} window`);
  return s.id;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cli-tiers-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, settlement: { enabled: false }, quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  ids.consumer = await openAccount(service, Role.CONSUMER, consumer.address.toLowerCase());
  ids.provider = await openAccount(service, Role.PROVIDER, provider.address.toLowerCase());
  for (const accountId of [service.engine.brokerId, ids.consumer]) await credit(service, accountId, 10n ** 21n);
  const terms = {
    tiers: [{ name: 'pro', contracts: [C1, C2], seats: 5, price: { rule: 'ask-capped', capBps: 500 } }],
    bundles: [{ name: 'both', legs: [{ contract: C1 }, { contract: C2 }] }],
  };
  const created = await signedRequest(base(), provider, 'POST', '/v1/provider/listings', listingInput({ terms }));
  listingId = (created.body as { id: number }).id;
  await signedRequest(base(), provider, 'POST', `/v1/provider/listings/${listingId}/submit`);
  await service.operatorApi.handle({ method: 'POST', path: `/operator/listings/${listingId}/publish`, body: undefined, query: new URLSearchParams(), operator: 'admin' });
  await stockBroker(service, ids.provider, openWindow(C1), 50, 800_000);
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('patx tiers / bundle', () => {
  it('shows the tiers and a bundle that cannot fill, refused naming its leg; then buys it', async () => {
    const shown = await cli(['tiers', String(listingId)]);
    expect(shown.code).toBe(0);
    const lines = shown.out.split('\n');
    expect(lines[0]).toBe(`listing ${listingId} (AUTO_INTENT), version 1`);
    expect(lines[1]).toMatch(/^TIER\s+CONTRACTS\s+QTY EACH\s+EVERY\s+PRICE\s+WINDOW NOW PAT\s+SEATS$/);
    expect(lines[2]!.split(/\s{2,}/)).toEqual(['pro', `${C1} ${C2}`, '1', 'window', 'the ask, at most +500 bps', '-', '0/5']);
    expect(lines[3]).toBe(`bundle both: 1 × ${C1} (listing ${listingId}) + 1 × ${C2} (listing ${listingId}) (patx bundle quote ${listingId} both)`);

    const quote = await cli(['bundle', 'quote', String(listingId), 'both']);
    expect(quote.out.split('\n').at(-1)).toBe('cannot be bought now: leg 1 does not fill at the asks');
    const refused = await cli(['bundle', 'buy', String(listingId), 'both', '--max', '5']);
    expect([refused.code, refused.err.trim()]).toEqual([1, 'patx: BUNDLE_LEG_UNFILLABLE: leg 1: the broker\'s asks do not fill this leg now (no ask, or too few rights): nothing was bought']);

    await stockBroker(service, ids.provider, openWindow(C2), 50, 900_000);
    const bought = await cli(['bundle', 'buy', String(listingId), 'both']);
    expect(bought.err).toBe('');
    expect(bought.out).toBe(`bought bundle both of listing ${listingId} for 1.7000 PAT: 1 × ${C1} (series ${openWindow(C1)}), 1 × ${C2} (series ${openWindow(C2)})`);
  });

  it('subscribes to a tier, lists it, cancels it; a refusal is one line', async () => {
    // From the next window: the subscription runner would otherwise buy the window open now before `tiers mine` reads 0/20.
    const made = await cli(['tiers', 'subscribe', String(listingId), 'pro', '--budget', '20', '--from-next-window']);
    expect(made.err).toBe('');
    expect(made.out).toMatch(/^subscribed: tier subscription 1 to pro of listing \d+: its subscriptions \(ids\) 1, 2 at caps 0\.8400, 0\.9450 PAT; seat 1 of 5$/);
    const again = await cli(['tiers', 'subscribe', String(listingId), 'pro', '--budget', '20']);
    expect([again.code, again.err.split(':')[1]!.trim()]).toEqual([1, 'ALREADY_IN_TIER']);
    const mine = await cli(['tiers', 'mine']);
    expect(mine.out.split('\n')[1]!.split(/\s{2,}/)).toEqual(['1', String(listingId), 'pro', '0.0000/20.0000', '1, 2']);
    const cancelled = await cli(['tiers', 'cancel', '1']);
    expect(cancelled.out).toBe('cancelled: tier subscription 1 (its subscriptions, ids 1, 2); 0.0000 PAT spent');
    expect((await cli(['tiers', 'cancel', '1'])).err.trim()).toBe('patx: UNKNOWN_TIER_SUBSCRIPTION: no live tier subscription 1');
  });
});
