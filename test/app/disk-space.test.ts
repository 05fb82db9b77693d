/**
 * The free space under the data dir (src/app/data-dir-space.ts): the marks, and a real service
 * that meets them. A disk cannot be filled on demand on a CI machine, so the service test
 * reads the real free space (statfs of a real data dir) and sets the low mark above it; the
 * level changes in between are driven by given numbers. Filling a real disk (a 60 MB tmpfs
 * under an order flood) is recorded in docs/journal.md ("When the disk fills").
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { PatxRequestError, signedRequest, TradingClient, wire } from '../../src/client/index.js';
import { loadConfig } from '../../src/app/config.js';
import { DataDirSpace, diskLevel, freeBytesUnder, liftMargin, type DiskMarks } from '../../src/app/data-dir-space.js';
import { CommandKind, Role, SYSTEM_ACTOR, type DiskRefusal } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { listingInput } from '../support/catalog-fixture.js';
import { removeDir } from '../support/exchange-fixture.js';

const MiB = 2 ** 20;
const MARKS: DiskMarks = { lowFreeBytes: 256 * MiB, minFreeBytes: 64 * MiB };
const logger = createLogger('silent');
const TOKEN = 'disk-test-operator-token-0123456789';

describe('the disk marks', () => {
  it('go down at each mark and lift only a margin above it (a sixteenth, at least 4 MiB)', () => {
    expect(liftMargin(256 * MiB)).toBe(16 * MiB);
    expect(liftMargin(16 * MiB)).toBe(4 * MiB);
    const path: Array<[number, string]> = [
      [300 * MiB, 'ok'],
      [256 * MiB, 'ok'],
      [255 * MiB, 'cancels-only'],
      [271 * MiB, 'cancels-only'], // under 256 + 16
      [63 * MiB, 'closed'],
      [64 * MiB, 'closed'],
      [67 * MiB, 'closed'], // under 64 + 4
      [68 * MiB, 'cancels-only'],
      [272 * MiB, 'ok'],
      [10 * MiB, 'closed'], // straight down
    ];
    let level = 'ok' as ReturnType<typeof diskLevel>;
    for (const [free, expected] of path) {
      level = diskLevel(level, free, MARKS);
      expect([free / MiB, level]).toEqual([free / MiB, expected]);
    }
    expect(diskLevel('ok', 0, { lowFreeBytes: 0, minFreeBytes: 0 })).toBe('ok'); // both off
  });

  it('are configured with the low mark at or above the minimum', () => {
    expect(loadConfig({}, {}).disk).toEqual({ lowFreeBytes: 256 * MiB, minFreeBytes: 64 * MiB, checkIntervalMs: 1_000 });
    expect(() => loadConfig({}, { disk: { lowFreeBytes: MiB, minFreeBytes: 2 * MiB } })).toThrow(/lowFreeBytes must be at least minFreeBytes/);
    expect(loadConfig({}, { disk: { lowFreeBytes: 0, minFreeBytes: 2 * MiB } }).disk.lowFreeBytes).toBe(0);
  });

  it('tell the sequencer on each change only, say so in the health, and keep the level when the free space cannot be read', () => {
    let free = 300 * MiB;
    const told: Array<DiskRefusal | undefined> = [];
    const space = new DataDirSpace({ dir: '/data', checkIntervalMs: 1_000, ...MARKS, onRefusal: (r) => told.push(r), log: logger, freeBytes: () => free });
    space.check();
    expect(told).toEqual([]);
    expect(space.health()).toEqual({ state: 'ok', detail: '300 MiB free under the data directory' });
    free = 200 * MiB;
    space.check();
    space.check();
    expect(told).toEqual([{ freeBytes: 200 * MiB, limitBytes: 256 * MiB, cancelsOnly: true }]);
    expect(space.health()).toEqual({ state: 'degraded', detail: '200 MiB free under the data directory, under 256 MiB: only cancels are taken' });
    expect(space.lowReason()).toBe('the disk under the data directory has 200 MiB free, under 256 MiB');
    free = 50 * MiB;
    space.check();
    expect(told.at(-1)).toEqual({ freeBytes: 50 * MiB, limitBytes: 64 * MiB, cancelsOnly: false });
    expect(space.health()).toEqual({ state: 'failed', detail: '50 MiB free under the data directory, under the minimum 64 MiB: no command is taken' });
    expect(space.metricsText()).toContain('patx_disk_refusal_level 2\n');
    const unreadable = new DataDirSpace({
      dir: '/data',
      checkIntervalMs: 1_000,
      ...MARKS,
      onRefusal: (r) => told.push(r),
      log: logger,
      freeBytes: () => {
        throw new Error('EIO');
      },
    });
    unreadable.check();
    expect(unreadable.health()).toEqual({ state: 'degraded', detail: 'the free space could not be read: EIO' });
    free = 400 * MiB;
    space.check();
    expect(told.at(-1)).toBeUndefined();
    expect(told).toHaveLength(3);
    expect(space.health().state).toBe('ok');
    expect(space.lowReason()).toBeUndefined();
  });
});

describe('a service whose disk is low', () => {
  let service: Service | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    if (dir !== undefined) removeDir(dir);
  });

  it('takes only cancels: a new order gets SERVER_BUSY saying why and changes nothing, a cancel is journaled; no listing sample is stored and no parameter set (507 DISK_LOW), a kill switch is; not ready (503) but alive (200); /metrics and the alarm board say so', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-disk-'));
    // The low mark above the real free space of the real data dir: the service starts under it.
    const lowFreeBytes = freeBytesUnder(dir) + 1024 * 1024 * MiB;
    const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, demo: { enabled: false }, disk: { lowFreeBytes, minFreeBytes: 0, checkIntervalMs: 1_000 } });
    service = await startService(config, logger, Date.now);
    const base = `http://127.0.0.1:${service.gateway.port}`;
    const trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: Wallet.createRandom() });
    try {
      const seq = service.engine.lastSeq;
      const refused = await trader.newOrder({ seriesId: 1, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 500_000, qty: 1 }).then(() => undefined, (error: unknown) => error);
      expect(refused).toBeInstanceOf(PatxRequestError);
      expect((refused as PatxRequestError).code).toBe('SERVER_BUSY');
      expect((refused as Error).message).toContain('only cancels are taken; nothing was done, retry once space is freed');
      expect(service.engine.lastSeq).toBe(seq);
      const cancel = await trader.cancel({ clientOrderId: 1 });
      expect(Number(cancel.seq)).toBe(seq + 1); // journaled (the engine answers that no such order rests)
    } finally {
      await trader.close();
    }
    // A provider's listing (its sample up to 10 MiB) is not stored either.
    const provider = Wallet.createRandom();
    await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: provider.address.toLowerCase() });
    const upload = await signedRequest(base, provider, 'POST', '/v1/provider/listings', listingInput());
    expect(upload.status).toBe(507);
    expect(upload.body).toMatchObject({ error: 'DISK_LOW' });
    expect(String(upload.body.message)).toContain('the disk under the data directory has');
    expect(String(upload.body.message)).not.toContain(dir); // a host's file layout is no client's business
    // The operator API answers the same way: a parameter is refused with nothing changed, a kill switch (it takes risk away) is taken.
    const operator = (method: string, route: string, body: unknown): Promise<Response> =>
      fetch(`${base}${route}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const before = service.engine.lastSeq;
    const maxOrderQty = service.engine.risk.maxOrderQty;
    const param = await operator('PUT', '/operator/params/risk.maxOrderQty', { value: 500 });
    expect(param.status).toBe(507);
    expect(await param.json()).toMatchObject({ error: 'DISK_LOW', message: expect.stringContaining('only cancels are taken; nothing was done') as unknown });
    expect(service.engine.risk.maxOrderQty).toBe(maxOrderQty);
    expect(maxOrderQty).not.toBe(500);
    expect(service.engine.killAll).toBe(false);
    const kill = await operator('POST', '/operator/kill', { scope: 'global', engaged: true });
    expect(kill.status).toBe(200);
    expect(service.engine.killAll).toBe(true);
    expect(service.engine.lastSeq).toBeGreaterThan(before);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const report = (await ready.json()) as { components: Record<string, { state: string; detail: string }> };
    expect(report.components.disk!.state).toBe('degraded');
    expect(report.components.disk!.detail).toContain('free under the data directory, under');
    expect(JSON.stringify(report)).not.toContain(dir); // /readyz is public: no path of the host's
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('patx_disk_refusal_level 1\n');
    expect(metrics).not.toContain('patx_settlement_'); // settlement off: none of its metrics
    // The operator's alarm board says so too (the alarm watch reads what /readyz reads, every 2 s).
    const deadline = Date.now() + 10_000;
    while (service.alarms.get('component-degraded', 'disk')?.active !== true && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100));
    const alarm = service.alarms.get('component-degraded', 'disk');
    expect(alarm).toMatchObject({ active: true, severity: 'warning', details: { component: 'disk', state: 'degraded' } });
    expect(alarm!.summary).toContain(`disk degraded: `);
    expect(alarm!.summary).toContain('only cancels are taken');
  });
});
