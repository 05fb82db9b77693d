/**
 * The service with `backgroundThreads` on (src/app/components/background.ts): its market-data thread and its order
 * history's and purchase ledger's writers go under SCHED_IDLE, read from /proc; the engine's thread (the process's
 * main thread) does not, and /metrics counts them; with the setting off (the default) no thread does.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import type { CatalogDeps } from '../../src/catalog/catalog.js';
import { startService, type Service } from '../../src/app/service.js';
import { backgroundRefusal } from '../../src/runtime/background-threads.js';
import { createLogger } from '../../src/runtime/log.js';
import { until } from '../support/exchange-fixture.js';
import { serviceSlot } from '../support/service-slot.js';

const SCHED_IDLE = 5;
const slot = serviceSlot();

/** The ids of this process's threads under `policy` (field 41 of each one's stat line, counted from the last ')'). */
function threadsUnder(policy: number): number[] {
  return readdirSync('/proc/self/task').map(Number).filter((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[41 - 3]) === policy;
    } catch {
      return false; // ended meanwhile
    }
  });
}

async function start(asked: { backgroundThreads?: boolean }): Promise<Service> {
  slot.dir = mkdtempSync(path.join(os.tmpdir(), 'patx-background-'));
  const config = loadConfig({}, { dataDir: slot.dir, gateway: { port: 0, marketDataPort: 0 }, settlement: { enabled: false }, quoting: { enabled: false }, ...asked });
  slot.service = await startService(config, createLogger('silent'));
  return slot.service;
}

// Where the process could not bring a thread back (no CAP_SYS_NICE) nothing is put there: test/runtime/background-threads.test.ts.
describe.runIf(backgroundRefusal() === undefined)('the service\'s side threads in the background', () => {
  it('puts the market-data thread and the two writers under SCHED_IDLE, not the engine\'s thread, and none once stopped', async () => {
    expect(threadsUnder(SCHED_IDLE)).toEqual([]);
    await start({ backgroundThreads: true });
    const service = slot.service!;
    // The market-data thread and the order history's writer from the start; the purchase ledger's writer starts with the
    // first purchase to write (none in a service that never sold: src/catalog/store.ts), and goes to the background then.
    await until(() => threadsUnder(SCHED_IDLE).length >= 2, 'two side threads in the background', 10_000);
    // The service hands its catalog store to nothing outside; its catalog holds it (a test's reach, not an API).
    const store = (service.catalog as unknown as { deps: CatalogDeps }).deps.store;
    expect(store.purchaseThreadStarted).toBe(false);
    await store.recordPurchases([{ tradeId: 1, seq: 1, atMs: 1_764_300_000_000, consumerAccountId: 10, seriesId: 1, contract: 'C|7D|0.70-0.85', qty: 1, priceMicros: 1_000, listings: [] }], 1);
    expect(store.purchaseThreadStarted).toBe(true);
    await until(() => threadsUnder(SCHED_IDLE).length >= 3, 'three side threads in the background', 10_000);
    expect(threadsUnder(SCHED_IDLE)).not.toContain(process.pid);
    const metricsText = async (): Promise<string> => (await fetch(`http://127.0.0.1:${service.gateway.port}/metrics`)).text();
    const inBackground = (text: string): number => Number(/^patx_background_threads (\d+)$/m.exec(text)?.[1]);
    // The gauge counts a switch once the scheduling shell has answered, a moment after /proc shows it (seen on a loaded host).
    await until(async () => inBackground(await metricsText()) >= 3, 'the gauge to count the three', 10_000);
    const metrics = await metricsText();
    expect(inBackground(metrics)).toBeGreaterThanOrEqual(3);
    expect(metrics).toMatch(/^patx_background_returns_total\{reason="starved"\} 0$/m);
    await slot.service!.stop();
    slot.service = undefined;
    await until(() => threadsUnder(SCHED_IDLE).length === 0, 'the side threads to end with the service', 10_000);
  });

  it('leaves every thread at normal scheduling by default', async () => {
    await start({});
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the watcher's windows are 200 ms
    expect(threadsUnder(SCHED_IDLE)).toEqual([]);
  });
});
