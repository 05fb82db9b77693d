/**
 * /healthz and /readyz answer anyone (orchestrators call them without a credential), and their
 * details quote errors as they came. A JSON-RPC provider's URL carries its API key in the path
 * or the query; ethers puts the whole URL in its errors (`info.requestUrl`), and the service's
 * ChainUnreachableError names it too, so a stranger read the key off /readyz when settlement
 * could not reach the chain (an operator's audit). The probes' public words keep each URL's
 * scheme and host only; the log and the alarm board, behind the operator token, keep the rest.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { publicDetail, readinessReport } from '../../src/runtime/health.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const PATH_KEY = 'path0api0key0f00d';
const QUERY_KEY = 'query0api0key0beef';
const TOKEN = 'public-health-operator-token-0123456789';

describe('publicDetail', () => {
  it('keeps a URL’s scheme and host, drops its user, path and query', () => {
    expect(publicDetail('the chain at https://eth-mainnet.g.alchemy.com/v2/abc123 does not answer')).toBe('the chain at https://eth-mainnet.g.alchemy.com/… does not answer');
    expect(publicDetail('"requestUrl": "http://127.0.0.1:8545/v3/k?apikey=s", x')).toBe('"requestUrl": "http://127.0.0.1:8545/…", x');
    expect(publicDetail('wss://user:pass@rpc.example:443 closed')).toBe('wss://rpc.example:443/… closed');
    expect(publicDetail('connect ECONNREFUSED 127.0.0.1:8545 (http://127.0.0.1:8545)')).toBe('connect ECONNREFUSED 127.0.0.1:8545 (http://127.0.0.1:8545)');
    expect(publicDetail('seq 12, durability commit')).toBe('seq 12, durability commit');
  });

  it('is what the probes’ reports say', () => {
    const report = readinessReport({ settler: () => ({ state: 'failed', detail: `see https://rpc.example/v3/${PATH_KEY}` }) });
    expect(report.components.settler).toEqual({ state: 'failed', detail: 'see https://rpc.example/…' });
  });
});

describe('a service whose chain provider refuses its key', () => {
  let rpc: http.Server | undefined;
  let service: Service | undefined;
  let dir: string | undefined;
  let rpcUrl = '';
  const settlerKeyBefore = process.env.PATX_SETTLER_KEY;

  beforeAll(async () => {
    // A provider that refuses the key, as Infura or Alchemy answer a revoked one.
    rpc = http.createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"invalid project id"}');
    });
    await new Promise<void>((resolve) => rpc!.listen(0, '127.0.0.1', resolve));
    rpcUrl = `http://127.0.0.1:${(rpc.address() as AddressInfo).port}/v3/${PATH_KEY}?apikey=${QUERY_KEY}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-public-health-'));
    // An outside chain needs the settler's key from the environment (real configuration: docs/configuration.md).
    process.env.PATX_SETTLER_KEY = `0x${'11'.repeat(32)}`;
    const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, settlement: { rpcUrl, rpcTimeoutMs: 5_000 }, demo: { enabled: false }, quoting: { enabled: false }, rehearsalOrders: 0, warmUpOrders: 0 });
    service = await startService(config, createLogger('silent'), Date.now);
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await new Promise<void>((resolve) => (rpc === undefined ? resolve() : rpc.close(() => resolve())));
    if (settlerKeyBefore === undefined) delete process.env.PATX_SETTLER_KEY;
    else process.env.PATX_SETTLER_KEY = settlerKeyBefore;
    if (dir !== undefined) removeDir(dir);
  });

  it('says on /healthz and /readyz that settlement did not start, naming the host but not the key', async () => {
    const base = `http://127.0.0.1:${service!.gateway.port}`;
    let readyz = '';
    await until(async () => {
      readyz = await (await fetch(`${base}/readyz`)).text();
      return readyz.includes('settlement did not start');
    }, 'settlement to have failed on the refused key');
    const healthz = await (await fetch(`${base}/healthz`)).text();
    for (const body of [readyz, healthz]) {
      expect(body).toContain('settlement did not start');
      expect(body).toContain(`http://127.0.0.1:${(rpc!.address() as AddressInfo).port}/…`);
      expect(body).not.toContain(PATH_KEY);
      expect(body).not.toContain(QUERY_KEY);
    }
    // The operator still sees the whole error, on the alarm board.
    const alarms = await (await fetch(`${base}/operator/alarms`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(alarms).toContain('settlement-unavailable');
    expect(alarms).toContain(PATH_KEY);
  });
});
