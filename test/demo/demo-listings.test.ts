/**
 * The demo listings name the reference provider server they are served by: `npm start` with
 * PATX_PROVIDER_PORT=0 binds another port on every start, and after a restart the demo listings'
 * live delivery endpoint is the new server's (a version approved as the demo's operator, since an
 * endpoint is a material change), so grants bought after the restart reach a gate that answers.
 * The demo model feed, published on the first start only, follows its own provider server the
 * same way, its model-feed block carried over unchanged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService } from '../../src/app/service.js';
import { until } from '../support/exchange-fixture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-demo-listings-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** `npm start` on `dir` until it runs; returns its provider servers' endpoints, then stops it with Ctrl-C. */
async function startOnce(): Promise<{ data: string; feed: string }> {
  const child = spawn(process.execPath, ['bin/start.js'], {
    env: { ...process.env, PATX_DATA_DIR: dir, PATX_PORT: '0', PATX_MARKET_DATA_PORT: '0', PATX_PROVIDER_PORT: '0', PATX_SETTLEMENT: 'off', PATX_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // The demo market starts once the demo listings are published or moved.
  await until(() => text.includes('demo market: a provider and a consumer trade'), 'npm start with the demo', 90_000);
  const endpoints = [...text.matchAll(/"endpoint":"(http:\/\/127\.0\.0\.1:\d+\/records)"/g)].map((m) => m[1]!);
  // The feed's server logs with `"feed":true`.
  const feed = /"feed":true[^\n]*"endpoint":"(http:\/\/127\.0\.0\.1:\d+\/records)"/.exec(text)?.[1];
  child.kill('SIGINT');
  await exited;
  const data = endpoints.find((e) => e !== feed);
  expect(data, text).toBeDefined();
  expect(feed, text).toBeDefined();
  return { data: data!, feed: feed! };
}

describe('the demo listings follow the provider server', () => {
  it('after a restart on another port, every demo listing names the new endpoint; the move is audited', async () => {
    const first = await startOnce();
    const second = await startOnce();
    expect(second.data).not.toBe(first.data);
    expect(second.feed).not.toBe(first.feed);
    const service = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, quoting: { enabled: false }, settlement: { enabled: false } }), createLogger('silent'));
    try {
      const all = service.catalog.all();
      expect(all).toHaveLength(4);
      const feed = all.find((l) => l.segment === 'AUTO_SIGNAL')!;
      expect(feed.versions[0]!.kind).toBe('model-feed');
      expect(feed.versions.map((v) => v.deliveryEndpoint)).toEqual([first.feed, second.feed]);
      expect(feed.versions[1]!.modelFeed).toEqual(feed.versions[0]!.modelFeed);
      expect(feed.pending).toBeUndefined();
      const listings = all.filter((l) => l !== feed);
      for (const l of listings) {
        expect(l.versions[l.publishedVersion - 1]!.deliveryEndpoint).toBe(second.data);
        // The first start published each listing, and offered tiers (AUTO_INTENT) or usage (HOME_INTENT) in a
        // second version where the demo does (offerDemoTerms); the restart moved the endpoint in one more, terms kept.
        const offered = l.segment === 'AUTO_INTENT' || l.segment === 'HOME_INTENT';
        expect(l.versions.map((v) => v.deliveryEndpoint)).toEqual(offered ? [first.data, first.data, second.data] : [first.data, second.data]);
        expect(l.versions.at(-1)!.terms).toEqual(offered ? l.versions.at(-2)!.terms : undefined);
        if (offered) expect(l.versions.at(-1)!.terms).toBeDefined();
        expect(l.pending).toBeUndefined();
        const provider = service.engine.accounts[l.providerAccountId]!;
        const listed = provider.providerListings.get(l.segment);
        expect({ listingId: listed?.listingId, listingVersion: listed?.listingVersion }).toEqual({ listingId: l.id, listingVersion: l.versions.length });
        expect(service.catalog.audit(0, 100, l.id).map((a) => [a.action, a.actor])).toEqual(expect.arrayContaining([['submit_version', `provider:${l.providerAccountId}`], ['approve_version', 'operator:demo']]));
      }
    } finally {
      await service.stop();
    }
  }, 240_000);
});
