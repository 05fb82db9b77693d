/**
 * examples/forward-bot.ts as a user runs it (`npm run example:forward`), against the
 * service with the embedded local chain and the demo listings (`npm start` publishes them;
 * the bot's provider is the demo provider), both sides deposit on the chain, trade the next hour forward, and see
 * the delivery at the open. The service runs in this process on an injected clock (real
 * time: signed requests are checked against it), so the open is one step away instead of
 * up to an hour: when the bot says it is waiting, the test moves the clock on to the open
 * and runs the schedule, as the timer would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { SeriesKind } from '../../src/engine/index.js';
import { removeDir } from '../support/exchange-fixture.js';
import { publishDemoListings } from '../../src/demo/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTRACT = 'AUTO_INTENT|1h|0.85-1.00';
const logger = createLogger(process.env.PATX_TEST_LOG ?? 'silent');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('the forward example', () => {
  it('trades the next hour forward on both sides and sees the delivery at the open', async () => {
    // Within a minute of the hour the next window could open before the bot trades it: start after the hour instead.
    const toHourMs = 3_600_000 - (Date.now() % 3_600_000);
    if (toHourMs < 60_000) await new Promise((r) => setTimeout(r, toHourMs + 1_000));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-forward-example-'));
    let offsetMs = 0;
    const clock = (): number => Date.now() + offsetMs;
    let service: Service | undefined;
    try {
      const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 3_600_000, settlement: { localChainPort: 0, pollIntervalMs: 20, batchIntervalMs: 200, localBlockIntervalMs: 50 }, demo: { enabled: false } });
      service = await startService(config, logger, clock);
      const svc = service;
      await publishDemoListings(svc.catalog, svc.engine, svc.sequencer, clock, logger);
      // The next hour's window, the nearest forward (what the bot picks).
      const forward = svc.engine.series.find((s) => s?.spec.contract === CONTRACT && s.spec.kind === SeriesKind.FORWARD && s.spec.openAtMs > clock())!;
      const child = spawn(process.execPath, ['--import', 'tsx', 'examples/forward-bot.ts'], {
        cwd: ROOT,
        env: { ...process.env, PATX_URL: `http://127.0.0.1:${svc.gateway.port}`, CONTRACT, QTY: '4' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let out = '';
      let published = false;
      let opened = false;
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const onData = (chunk: Buffer): void => {
        out += chunk.toString();
        const waiting = /\.\/patx listings publish (\d+)/.exec(out);
        if (waiting !== null && !published) {
          published = true;
          void svc.operatorApi.handle({ method: 'POST', path: `/operator/listings/${waiting[1]}/publish`, body: undefined, query: new URLSearchParams(), operator: 'admin' });
        }
        if (!opened && out.includes('waiting for the window to open')) {
          opened = true;
          offsetMs = forward.spec.openAtMs + 1_000 - Date.now();
          void svc.runSchedule();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      const timeout = setTimeout(() => child.kill('SIGKILL'), 150_000);
      const code = await exited;
      clearTimeout(timeout);
      expect(code, out).toBe(0);
      expect(out).toContain(`forward ${forward.id}: ${CONTRACT}`);
      expect(out).toMatch(/curve: FORWARD/);
      expect(out).toMatch(/provider: sell forward at the broker's bid [\d.]+: accepted; sold 4/);
      expect(out).toMatch(/consumer: buy forward at the broker's ask [\d.]+: accepted; bought 4/);
      // Both see the delivery: the provider delivered its 4 (minted for the broker), the consumer received 4.
      expect(out).toMatch(/provider: position -4: 4 delivered, 0 short/);
      expect(out).toMatch(/consumer: position 4: 4 delivered, 0 short/);
      expect(out).toMatch(/consumer: exercised 4 delivered right\(s\): accepted/);
    } finally {
      await service?.stop();
      removeDir(dir);
    }
  }, 180_000);
});
