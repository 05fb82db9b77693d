/**
 * The demo's two provider servers (src/demo/run.ts, forkDemoProviderServers) are forked at once, not one after the
 * other: each start is a node process loading its code and reading the exchange, and in turn they came up 10-18 s
 * after `npm start` said it was running on a loaded host. Real service (settlement off), real processes: the forks
 * and their starts are watched through forkProviderServer itself, in the order they happen.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { forkDemoProviderServers } from '../../src/demo/run.js';
import { forkProviderServer, type ProviderProcess } from '../../src/demo/provider-process.js';
import { gatewayTransport } from '../../src/gateway/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
let dir: string;
let config: Config;
let service: Service;
const servers: ProviderProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-provider-servers-start-'));
  config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, providerServer: { port: 0 }, settlement: { enabled: false }, demo: { enabled: true, intervalMs: 3_600_000 }, scheduleIntervalMs: 60_000 });
  service = await startService(config, logger);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(servers.map((s) => s.close()));
  await service?.stop();
  removeDir(dir);
});

it('forks the feed provider server before the demo provider server has started, and both serve', async () => {
  const seen: string[] = [];
  const watched: typeof forkProviderServer = (start, log) => {
    seen.push(`fork ${start.kind}`);
    return forkProviderServer(start, log).then((server) => {
      seen.push(`listening ${start.kind}`);
      servers.push(server);
      return server;
    });
  };
  const failures: unknown[] = [];
  const { providerServer, feedServer } = await forkDemoProviderServers(
    config,
    logger,
    { exchangeUrl: `http://127.0.0.1:${service.gateway.port}`, security: gatewayTransport(config.gateway), feed: path.join(dir, 'model-feed'), stopping: () => false, notStarted: (error) => failures.push(error) },
    watched,
  );
  expect(failures).toEqual([]);
  expect(seen.slice(0, 2)).toEqual(['fork demo', 'fork feed']);
  expect(seen.slice(2).sort()).toEqual(['listening demo', 'listening feed']);
  expect(providerServer?.pid).toBeDefined();
  expect(feedServer?.pid).toBeDefined();
  expect(feedServer!.endpoint).not.toBe(providerServer!.endpoint);
}, 120_000);
