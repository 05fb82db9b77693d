/**
 * The subscription example as a user runs it (issue 77): interrupted (Ctrl-C) once it has
 * subscribed, it cancels the subscription before it exits, so nothing keeps buying unseen; and
 * when it cannot reach its default (the sandbox's port) it says to start the sandbox, not
 * `npm start`. A real service on loopback (settlement off: the subscriber is credited PAT
 * through the sequencer), the example in its own process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastWord } from '../../examples/exit.js';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { Role, SeriesKind, SeriesStatus } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { credit, openAccount } from '../support/subscription-market.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The example's default wallet: hardhat's dev account 3. */
const SUBSCRIBER = '0x90f79bf6eb2c4f870365e785982e1f101e93b906';
let dir: string;
let service: Service;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-subscribe-example-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, settlement: { enabled: false }, demo: { enabled: false } });
  service = await startService(config, createLogger(process.env.PATX_TEST_LOG ?? 'silent'));
  const account = await openAccount(service, Role.CONSUMER, SUBSCRIBER);
  await credit(service, account, 100n * 10n ** 18n);
  await until(() => service.engine.series.some((s) => s !== undefined && s.spec.kind === SeriesKind.SPOT && s.status === SeriesStatus.TRADING), 'a spot series trading');
}, 120_000);

afterAll(async () => {
  await service?.stop();
  if (dir !== undefined) removeDir(dir);
});

describe('examples/subscribe.ts', () => {
  it('interrupted once subscribed, cancels its subscription before it exits', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/subscribe.ts'], {
      cwd: ROOT,
      env: { ...process.env, PATX_URL: `http://127.0.0.1:${service.gateway.port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let id: number | undefined;
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const made = /^subscription (\d+): /m.exec(out);
      if (made !== null && id === undefined) {
        id = Number(made[1]);
        // Live in the engine when the example is interrupted.
        expect(service.engine.subscriptions.live.has(id)).toBe(true);
        child.kill('SIGINT');
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    expect(id, `the example never subscribed: ${out}${err}`).toBeDefined();
    expect(out).toContain(`interrupted: cancelling subscription ${id}`);
    expect(out).toContain(`subscription ${id} cancelled`);
    expect(code).toBe(130);
    expect(service.engine.subscriptions.live.has(id!)).toBe(false);
  }, 120_000);

  it('cannot reach its default: says to start the sandbox (or where npm start is), not npm start alone', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8580'), { code: 'ECONNREFUSED' });
    expect(lastWord(refused, 'http://127.0.0.1:8580')).toMatch(/start it with `npm run sandbox` \(against `npm start`, set PATX_URL=http:\/\/127\.0\.0\.1:8480\)/);
    expect(lastWord(refused, 'http://127.0.0.1:8480')).toMatch(/start it with `npm start`, or set PATX_URL/);
  });
});
