/**
 * The fee schedule as the operator and a stranger meet it (docs/fees.md), against a real running
 * service over HTTP: `patx fees` and `patx fees set` (journaled, audited, surviving a restart),
 * refusals with the reason and nothing changed, the public GET /v1/fees, the operator's fee account;
 * `patx fees sweep` refused without settlement (test/settlement/fee-sweep-chain.test.ts sweeps on a chain).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';
import { patxInProcess } from '../support/patx-cli.js';

const TOKEN = 'fees-test-admin-token-0123456789';
let service: Service;
let dir: string;
let config: Config;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-fees-'));
  config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, quoting: { enabled: false }, settlement: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  base = `http://127.0.0.1:${service.gateway.port}`;
});

afterAll(async () => {
  if (!service.sequencer.stopped) await service.stop();
  removeDir(dir);
});

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(['--url', `${base}/operator`, '--token', TOKEN, ...args], {});
}

interface Row {
  kind: string;
  phase: number;
  makerBps: number;
  takerBps: number;
  issuanceBps: number;
  takeRateBps: number;
}

async function publicFees(): Promise<{ phase: number; current: Row[]; rows: Row[] }> {
  const res = await fetch(`${base}/v1/fees`);
  expect(res.status).toBe(200);
  return (await res.json()) as { phase: number; current: Row[]; rows: Row[] };
}

describe('the fee schedule over HTTP and the CLI', () => {
  it('starts all zeros, for everyone to read', async () => {
    const fees = await publicFees();
    expect(fees.phase).toBe(service.engine.governancePhase);
    expect(fees.rows).toHaveLength(20);
    expect(fees.rows.every((r) => r.makerBps === 0 && r.takerBps === 0 && r.issuanceBps === 0 && r.takeRateBps === 0)).toBe(true);
  });

  it('`patx fees set` changes one kind\'s rates (journaled, audited); `patx fees` and GET /v1/fees show them', async () => {
    const set = await cli('--json', 'fees', 'set', 'spot', '--taker', '12', '--maker', '3', '--take-rate', '250');
    expect(set.err).toBe('');
    expect(set.code).toBe(0);
    expect(await cli('fees', 'set', 'SPOT', '--phase', '4', '--taker', '6')).toMatchObject({ code: 0 });
    const spot = (await publicFees()).current.find((r) => r.kind === 'SPOT')!;
    expect(spot).toMatchObject({ makerBps: 3, takerBps: 12, takeRateBps: 250 });
    expect((await publicFees()).rows.find((r) => r.kind === 'SPOT' && r.phase === 4)).toMatchObject({ takerBps: 6, makerBps: 3 });
    const shown = await cli('--json', 'fees');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ feeAccountMicros: 0, current: expect.arrayContaining([expect.objectContaining({ kind: 'SPOT', takerBps: 12 })]) });
    const audit = service.operatorApi.audit().filter((a) => a.event === 'PARAM_CHANGED').map((a) => (a.detail as { name: string }).name);
    expect(audit).toEqual(expect.arrayContaining(['fee.makerBps:SPOT', 'fee.takerBps:SPOT', 'fee.takeRateBps:SPOT', 'fee.takerBps:SPOT@4']));
  });

  it('refuses a rate out of its bounds, an unknown kind or a rate not charged yet, with the reason, changing nothing', async () => {
    const seq = service.engine.lastSeq;
    const tooHigh = await cli('fees', 'set', 'SPOT', '--taker', '1001', '--maker', '1');
    expect(tooHigh.code).toBe(1);
    expect(tooHigh.err).toMatch(/HTTP 400.*fee\.takerBps:SPOT must be in \[0, 1000\]/);
    // The take rate is charged on spot and forward sales (docs/fees.md); on a synthetic it is not yet.
    const synthetic = await cli('fees', 'set', 'SYNTHETIC', '--take-rate', '5');
    expect(synthetic.err).toMatch(/HTTP 400.*\[0, 0\].*not charged on SYNTHETIC yet/);
    expect((await cli('fees', 'set', 'FORWARD', '--issuance', '5')).err).toMatch(/HTTP 400.*fee\.issuanceBps:FORWARD.*\[0, 0\]/);
    expect((await cli('fees', 'set', 'BOND', '--taker', '5')).err).toMatch(/HTTP 400/);
    expect((await cli('fees', 'set', 'SPOT', '--phase', '7', '--taker', '5')).err).toMatch(/HTTP 400/);
    expect((await cli('fees', 'set', 'SPOT')).code).toBe(2); // no rate named: a usage error, no request
    expect((await cli('fees', 'set', 'SPOT', '--taker', '-5')).code).toBe(2);
    const put = await fetch(`${base}/operator/fees/SPOT`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ takerBps: 5, spreadBps: 1 }) });
    expect(put.status).toBe(400);
    const stranger = await fetch(`${base}/operator/fees/SPOT`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ takerBps: 0 }) });
    expect(stranger.status).toBe(401);
    expect(service.engine.lastSeq).toBe(seq);
    expect((await publicFees()).current.find((r) => r.kind === 'SPOT')).toMatchObject({ takerBps: 12 });
  });

  it('sets maker and taker fees on forwards and synthetics, and issuance on synthetics the broker writes', async () => {
    expect(await cli('fees', 'set', 'FORWARD', '--maker', '2', '--taker', '5')).toMatchObject({ code: 0, err: '' });
    expect(await cli('fees', 'set', 'SYNTHETIC', '--phase', '3', '--taker', '4', '--issuance', '150')).toMatchObject({ code: 0, err: '' });
    const fees = await publicFees();
    expect(fees.current.find((r) => r.kind === 'FORWARD')).toMatchObject({ makerBps: 2, takerBps: 5, issuanceBps: 0, takeRateBps: 0 });
    expect(fees.rows.find((r) => r.kind === 'SYNTHETIC' && r.phase === 3)).toMatchObject({ takerBps: 4, issuanceBps: 150 });
    expect(fees.rows.find((r) => r.kind === 'SYNTHETIC' && r.phase === 2)).toMatchObject({ takerBps: 0, issuanceBps: 0 });
  });

  it('`patx fees sweep` needs settlement to say where the fees are: 503 SETTLEMENT_UNAVAILABLE without it, bad amounts refused, nothing journaled', async () => {
    const seq = service.engine.lastSeq;
    const all = await cli('fees', 'sweep');
    expect(all.code).toBe(1);
    expect(all.err).toMatch(/HTTP 503.*SETTLEMENT_UNAVAILABLE.*fee recipient/);
    const some = await cli('--json', 'fees', 'sweep', '1500');
    expect(some.code).toBe(1);
    expect(JSON.parse(some.err)).toMatchObject({ status: 503, error: 'SETTLEMENT_UNAVAILABLE' });
    for (const bad of ['0', '-3', '1.5', 'all']) expect((await cli('fees', 'sweep', bad)).code, bad).toBe(2); // usage: no request
    const body = await fetch(`${base}/operator/fees/sweep`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ amountMicros: 5, to: '0x00' }) });
    expect([body.status, ((await body.json()) as { error: string }).error]).toEqual([400, 'INVALID_REQUEST']);
    const stranger = await fetch(`${base}/operator/fees/sweep`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(stranger.status).toBe(401);
    expect(service.engine.lastSeq).toBe(seq);
  });

  it('the schedule survives a restart (its changes are journaled commands)', async () => {
    await service.stop();
    service = await startService(config, createLogger('silent'));
    base = `http://127.0.0.1:${service.gateway.port}`;
    expect((await publicFees()).current.find((r) => r.kind === 'SPOT')).toMatchObject({ makerBps: 3, takerBps: 12, takeRateBps: 250 });
  });
});
