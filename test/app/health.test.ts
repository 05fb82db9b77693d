/**
 * Health that tells the truth: /healthz (liveness) and /readyz (readiness) list
 * every component with its state, from a real service over real HTTP. Readiness
 * answers 503 when settlement could not start or the sequencer stopped; liveness
 * only when the engine can no longer journal (a restart is the cure).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { CommandKind, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { livenessReport, readinessReport } from '../../src/runtime/health.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { until } from '../support/exchange-fixture.js';
import { serviceSlot } from '../support/service-slot.js';
import { refuseCommitWrites } from '../support/journal-faults.js';

const logger = createLogger('silent');
const NOW = Date.UTC(2026, 10, 21, 12);
const slot = serviceSlot();

interface Report {
  status: string;
  role: string;
  components: Record<string, { state: string; detail?: string }>;
}

async function probe(service: Service, route: '/healthz' | '/readyz'): Promise<{ status: number; body: Report }> {
  const res = await fetch(`http://127.0.0.1:${service.gateway.port}${route}`);
  return { status: res.status, body: (await res.json()) as Report };
}

async function start(settlement: Record<string, unknown>): Promise<Service> {
  slot.dir = mkdtempSync(path.join(os.tmpdir(), 'patx-health-'));
  const config = loadConfig({}, { dataDir: slot.dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement });
  slot.service = await startService(config, logger, () => NOW);
  return slot.service;
}

describe('health probes', () => {
  it('a healthy service: both probes 200, every component listed, settlement disabled by config', async () => {
    const service = await start({ enabled: false });
    // Ready once the intake's workers (every login's signature) are warm: the first /readyz starts them (test/app/readiness.test.ts).
    await until(async () => (await probe(service, '/readyz')).status === 200, 'the service to be ready', 60_000);
    for (const route of ['/healthz', '/readyz'] as const) {
      const { status, body } = await probe(service, route);
      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.role).toBe('standalone');
      expect(Object.keys(body.components)).toEqual(['sequencer', 'journal', 'disk', 'gateway', 'intake', 'marketData', 'quoter', 'chainWatcher', 'settler']);
      expect(body.components).toMatchObject({
        sequencer: { state: 'ok' },
        journal: { state: 'ok' },
        disk: { state: 'ok' },
        gateway: { state: 'ok' },
        intake: { state: 'ok' },
        marketData: { state: 'ok' },
        quoter: { state: 'ok' },
        chainWatcher: { state: 'disabled' },
        settler: { state: 'disabled' },
      });
    }
  });

  it('settlement that could not start: alive (200) but not ready (503), the settler failed with the reason', async () => {
    const service = await start({ rpcUrl: 'http://127.0.0.1:1' });
    expect(service.settlement).toBeUndefined();
    const live = await probe(service, '/healthz');
    expect(live.status).toBe(200);
    const ready = await probe(service, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('failed');
    expect(ready.body.components.settler).toMatchObject({ state: 'failed' });
    expect(ready.body.components.settler!.detail).toContain('ChainUnreachableError');
    expect(ready.body.components.chainWatcher).toMatchObject({ state: 'failed' });
  });

  it('a journal that refuses writes stops the sequencer: both probes 503, sequencer and journal failed', async () => {
    const service = await start({ enabled: false });
    refuseCommitWrites(service.journal, new Error('MDB_MAP_FULL: the disk is full'));
    await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' }).catch(() => undefined);
    const live = await probe(service, '/healthz');
    expect(live.status).toBe(503);
    expect(live.body.components.sequencer!.state).toBe('failed');
    expect(live.body.components.journal).toMatchObject({ state: 'failed' });
    expect(live.body.components.journal!.detail).toContain('MDB_MAP_FULL');
    expect((await probe(service, '/readyz')).status).toBe(503);
  });
});

describe('metrics', () => {
  it('/metrics has PATX\'s counters and histograms and the process\'s own (prom-client); /operator/metrics is Prometheus text', async () => {
    const service = await start({ enabled: false });
    const res = await fetch(`http://127.0.0.1:${service.gateway.port}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    const text = await res.text();
    for (const name of ['patx_orders_received_total', 'patx_order_ack_seconds_bucket', 'patx_journal_commit_seconds_count', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_gc_duration_seconds']) {
      expect(text).toContain(name);
    }
    const token = (await import('node:fs')).readFileSync(path.join(slot.dir!, 'operator-token'), 'utf8').trim();
    const op = await fetch(`http://127.0.0.1:${service.gateway.port}/operator/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(op.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await op.text()).toMatch(/^# HELP patx_/m);
  });
});

describe('the reports themselves', () => {
  it('liveness counts only the sequencer and journal; readiness counts all but disabled ones', () => {
    const probes = { sequencer: () => ({ state: 'ok' as const }), journal: () => ({ state: 'ok' as const }), settler: () => ({ state: 'degraded' as const }) };
    expect(livenessReport(probes).status).toBe('ok');
    expect(readinessReport(probes).status).toBe('degraded');
    expect(readinessReport({ ...probes, settler: () => ({ state: 'disabled' as const }) }).status).toBe('ok');
    expect(readinessReport({ ...probes, quoter: () => { throw new Error('boom'); } }).components.quoter).toEqual({ state: 'failed', detail: 'its probe failed: boom' });
  });
});
