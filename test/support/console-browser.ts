/**
 * What every web test (test/web/) starts and stops: the service (temp data dir, ports 0,
 * settlement off unless overridden) serving the built console, and Debian's Chromium
 * driven by playwright-core; a page that records its uncaught errors; and the demo's
 * steps the account and provider pages share (a listing's new version, the open spot
 * series with the most time left, a sign-in with a dev key).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SampleFormat } from '../../src/catalog/listing.js';
import { loadConfig } from '../../src/app/config.js';
import type { Series } from '../../src/engine/index.js';
import { openSpots } from './spot-windows.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { ensureWebBuilt } from '../../src/app/web-build.js';
import { removeDir } from './exchange-fixture.js';

const CHROMIUM = process.env.PATX_CHROMIUM ?? '/usr/bin/chromium';

export const logger = createLogger('silent');

export interface ConsoleHarness {
  service: Service;
  browser: Browser;
  /** http://127.0.0.1:PORT of the gateway that serves the console. */
  base: string;
  dir: string;
}

/**
 * Builds the console when stale (normally done by globalSetup already: then a hash of the inputs),
 * starts the service in a temp data dir named by `prefix` with `overrides` (gateway ports 0 and
 * settlement off are merged under them) on `clock` (a test's, to lay figures over past hours), and launches Chromium.
 */
export async function startConsole(prefix: string, overrides: { gateway?: Record<string, unknown> } & Record<string, unknown> = {}, clock: () => number = Date.now): Promise<ConsoleHarness> {
  await ensureWebBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), `patx-${prefix}-`));
  const { gateway, ...rest } = overrides;
  const config = loadConfig({}, { dataDir: dir, settlement: { enabled: false }, ...rest, gateway: { port: 0, marketDataPort: 0, ...gateway } });
  const service = await startService(config, logger, clock);
  const base = `http://127.0.0.1:${service.gateway.port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  return { service, browser, base, dir };
}

/** Closes the browser, then whatever else the test started (`also`, before the service), the service, and removes the data dir. */
export async function stopConsole(h: ConsoleHarness | undefined, ...also: ({ close(): Promise<unknown> } | undefined)[]): Promise<void> {
  await h?.browser.close();
  for (const x of also) await x?.close();
  await h?.service.stop();
  if (h !== undefined) removeDir(h.dir);
}

/**
 * A new page at `hashPath` of the console, with the uncaught errors it throws collected in `errors`.
 * `prepare` runs before the page loads (e.g. test/support/injected-wallet.ts's injectWallet).
 */
export async function openPage(h: ConsoleHarness, hashPath: string, viewport = { width: 1280, height: 900 }, prepare?: (page: Page) => Promise<void>): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await prepare?.(page);
  await page.goto(`${h.base}/${hashPath}`);
  return { page, errors };
}

/**
 * A new version of the demo provider's listing of a segment: the same metadata but for what
 * `change` gives. A new delivery endpoint is a material change (docs/catalog.md): the operator
 * ('test') approves it here, and the engine learns the version, as the moderation queue would.
 */
export async function newListingVersion(service: Service, segment: string, change: { changeLog: string; deliveryEndpoint?: string; sample?: { format: SampleFormat; body: (current: Buffer) => Buffer } }): Promise<number> {
  const listing = service.catalog.all().find((l) => l.segment === segment)!;
  const v = listing.versions.at(-1)!;
  const current = service.catalog.sampleBytes(listing)!;
  await service.catalog.update(listing.id, listing.providerAccountId, {
    segment,
    title: v.title,
    description: v.description,
    schema: v.schema,
    provenance: v.provenance,
    licence: v.licence,
    cadence: v.cadence,
    deliveryEndpoint: change.deliveryEndpoint ?? v.deliveryEndpoint,
    changeLog: change.changeLog,
    sample: change.sample === undefined ? { format: v.sample.format, base64: current.toString('base64') } : { format: change.sample.format, base64: change.sample.body(current).toString('base64') },
  });
  if (listing.pending !== undefined) {
    service.catalog.approveVersion(listing.id, 'test');
    await service.catalog.syncProviderListings();
  }
  return listing.id;
}

/** The open spot series of a segment with the most time left (near a close the broker stops bidding). */
export function longestOpenSpot(service: Service, segment: string): Series {
  return openSpots(service.engine, Date.now(), { segment })[0]!;
}

/** Signs in on the account or provider page with a dev key; the page shows the key's address. Answers the account id the exchange gave it. */
export async function signInWithDevKey(page: Page, service: Service, index: number, key: string): Promise<number> {
  await page.selectOption('[data-testid=dev-key]', String(index));
  await page.click('[data-testid=signin-dev]');
  const address = new Wallet(key).address;
  await expect(page.locator('[data-testid=account-address]').textContent({ timeout: 15_000 })).resolves.toBe(address);
  const accountId = service.engine.accountIdByAddress.get(address.toLowerCase())!;
  expect(await page.locator('[data-testid=account-id]').textContent()).toBe(`#${accountId}`);
  return accountId;
}
