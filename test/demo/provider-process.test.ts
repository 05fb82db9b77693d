/**
 * `npm start`'s demo provider servers run in processes of their own (src/demo/provider-process.ts),
 * not on the service's thread, where a stranger's downloads would take the matching engine's time:
 * a consumer buys, exercises and downloads at the demo listing's endpoint, served by another
 * process; a server process that dies is started again at the same endpoint; the demo's stop leaves
 * none running, and neither does the death of the process that forked it. Real service, real
 * processes, real HTTP; settlement off.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, grantsOfAck, TradingClient, wire } from '../../src/client/index.js';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { startDemo, type RunningDemo } from '../../src/demo/run.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { isZombie, processStat } from '../../src/runtime/process-stat.js';
import { openAutoIntentSeries, providerSellsToBroker } from '../support/broker-rights.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const logger = createLogger('silent');
let dir: string;
let service: Service;
let demo: RunningDemo;
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

/** Whether the process runs: a zombie (exited, not yet reaped by whoever inherited it) counts as gone. */
const running = (pid: number): boolean => processStat(pid) !== undefined && !isZombie(pid);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-provider-process-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, providerServer: { port: 0 }, settlement: { enabled: false }, demo: { enabled: true, intervalMs: 3_600_000 }, scheduleIntervalMs: 60_000, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} } });
  service = await startService(config, logger);
  demo = await startDemo(service, config, logger);
}, 120_000);

afterAll(async () => {
  await demo?.stop();
  await service?.stop();
  removeDir(dir);
});

describe("the demo's provider servers", () => {
  it('serve a download from a process other than the service\'s, at the endpoint the demo listing names', async () => {
    const server = demo.providerServer!;
    expect(server.pid).toBeDefined();
    expect(server.pid).not.toBe(process.pid);
    expect(running(server.pid!)).toBe(true);
    expect(demo.feedServer?.pid).toBeDefined();
    expect(demo.feedServer!.pid).not.toBe(process.pid);
    expect(demo.feedServer!.pid).not.toBe(server.pid);
    // A consumer buys a right from the broker, exercises it and downloads its records at the listing's endpoint.
    const series = openAutoIntentSeries(service, Date.now());
    await providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, series.id, { mint: 20, sell: 10 });
    const consumer = Wallet.createRandom();
    const trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
    let grant;
    try {
      await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 20n, ref: 'provider-process-test' });
      const ask = service.engine.seriesById(series.id)!.brokerSells.bestAskMicros();
      await trader.newOrder({ seriesId: series.id, clientOrderId: 1, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 1 });
      grant = grantsOfAck(await trader.exercise(series.id, 1))[0]!;
    } finally {
      await trader.close();
    }
    const listing = service.catalog.find(grant.grant.listingId)!;
    expect(listing.versions.at(-1)!.deliveryEndpoint).toBe(server.endpoint);
    const d = await downloadWithGrant(base(), consumer, grant, 1);
    expect(d.outcome).toBe('received');
    if (d.outcome === 'received') expect(d.records.length).toBeGreaterThan(0);
  });

  it('a server process that dies is started again at the same endpoint', async () => {
    const server = demo.providerServer!;
    const first = server.pid!;
    process.kill(first, 'SIGKILL');
    await until(() => server.pid !== undefined && server.pid !== first, 'the provider server process started again', 30_000);
    expect(running(first)).toBe(false);
    const health = await fetch(server.endpoint.replace(/\/records$/, '/healthz'));
    expect(health.status).toBe(200);
  });

  it("the demo's stop leaves no server process running", async () => {
    const pids = [demo.providerServer!.pid!, demo.feedServer!.pid!];
    expect(pids.every(running)).toBe(true);
    await demo.stop();
    expect(pids.filter(running)).toEqual([]);
  });

  it('a server process does not outlive the process that forked it, killed without a chance to stop it', async () => {
    const start = { kind: 'demo', dataDir: path.join(dir, 'orphan'), host: '127.0.0.1', port: 0, exchangeUrl: base(), webhookAllow: [], logLevel: 'silent' };
    const parent = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/provider-process-parent.ts'), JSON.stringify(start)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        parent.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        parent.once('exit', (code) => reject(new Error(`the forking process exited (${code}) before its child listened`)));
      });
      const child = (JSON.parse(line) as { pid: number }).pid;
      expect(child).not.toBe(parent.pid);
      expect(running(child)).toBe(true);
      parent.kill('SIGKILL');
      await until(() => !running(child), 'the orphaned provider server process to exit', 15_000);
    } finally {
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    }
  });
});
