/**
 * The image's health check (bin/healthcheck.js, the Dockerfile's HEALTHCHECK) against a real service on loopback:
 * 0 while the gateway's /readyz answers 200, 1 while it answers 503 (starting) or nothing answers on the port it
 * reads from PATX_PORT.
 */
import { execFile as execFileCb } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/app/service.js';
import { freePort } from '../../src/settlement/index.js';
import { startCatalogService } from '../support/catalog-service.js';
import { until } from '../support/exchange-fixture.js';

const execFile = promisify(execFileCb);
const SCRIPT = path.resolve(import.meta.dirname, '../../bin/healthcheck.js');
let dir = '';
let svc: Service;

beforeAll(async () => {
  ({ dir, svc } = await startCatalogService('healthcheck', false, { demo: { enabled: false } }));
});

afterAll(async () => {
  await svc.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function check(env: Record<string, string>): Promise<number> {
  return execFile(process.execPath, [SCRIPT], { env: { PATH: process.env.PATH ?? '', ...env } }).then(
    () => 0,
    (error: { code?: number }) => error.code ?? -1,
  );
}

describe('bin/healthcheck.js', () => {
  it("exits 0 once the gateway's /readyz answers 200 (not before), on loopback when the service binds every address", async () => {
    const readyz = async (): Promise<number> => (await fetch(`http://127.0.0.1:${svc.gateway.port}/readyz`)).status;
    if ((await readyz()) !== 200) expect(await check({ PATX_PORT: String(svc.gateway.port) })).toBe(1); // starting: 503
    await until(async () => (await readyz()) === 200, '/readyz 200');
    expect(await check({ PATX_PORT: String(svc.gateway.port), PATX_HOST: '0.0.0.0' })).toBe(0);
    expect(await check({ PATX_PORT: String(svc.gateway.port), PATX_HOST: '127.0.0.1' })).toBe(0);
  });

  it('exits 1 when nothing answers on the port', async () => {
    expect(await check({ PATX_PORT: String(await freePort()) })).toBe(1);
  });
});
