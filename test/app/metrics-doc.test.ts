/**
 * docs/metrics.md is the list of PATX's metrics: every family a running service reports is
 * on it, and every name on it is one the source still reports (settlement's and
 * replication's come only with those running: test/settlement/embedded.test.ts and the
 * replication tests read them live). The sections marked operator are on GET
 * /operator/metrics behind the token and nowhere on the public GET /metrics: an anonymous
 * scrape shows none of the broker's inventory, cost, P&L or risk limits.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'metrics-doc-operator-token-0123456789';
const doc = readFileSync(path.join(ROOT, 'docs/metrics.md'), 'utf8');
const names = (text: string): string[] => [...text.matchAll(/^\| `(patx_[a-z0-9_]+)` \|/gm)].map((m) => m[1]!);
const documented = names(doc);
/** The names in the sections whose heading says they are the operator's. */
const operatorOnly = doc
  .split(/^## /m)
  .filter((section) => /^[^\n]*— operator: `GET \/operator\/metrics`/.test(section))
  .flatMap(names);
const families = (text: string): string[] => [...new Set([...text.matchAll(/^# TYPE (patx_[a-z0-9_]+) /gm)].map((m) => m[1]!))];

function sourceText(dir: string): string {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .map((file) => (statSync(file).isDirectory() ? sourceText(file) : file.endsWith('.ts') ? readFileSync(file, 'utf8') : ''))
    .join('\n');
}

describe('docs/metrics.md', () => {
  let service: Service | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-metrics-'));
    const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, demo: { enabled: false } });
    service = await startService(config, createLogger('silent'), Date.now);
  });
  afterAll(async () => {
    await service?.stop();
    if (dir !== undefined) removeDir(dir);
  });

  it('lists every family /metrics and /operator/metrics report, each once, each where it is', async () => {
    const base = `http://127.0.0.1:${service!.gateway.port}`;
    const publicText = await (await fetch(`${base}/metrics`)).text();
    const operatorText = await (await fetch(`${base}/operator/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const reported = families(publicText);
    const reportedToOperator = families(operatorText);
    expect(reported.length).toBeGreaterThan(25);
    expect(reportedToOperator.length).toBeGreaterThan(15);
    expect([...reported, ...reportedToOperator].filter((name) => !documented.includes(name))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
    // The operator's families (the quoter runs here, so every one is reported) are on its endpoint, and the rest are not.
    expect(operatorOnly.length).toBeGreaterThan(15);
    expect([...reportedToOperator].sort()).toEqual([...operatorOnly].sort());
    expect(reported.filter((name) => operatorOnly.includes(name))).toEqual([]);
  });

  it("the public /metrics has none of the broker's book or risk limits; /operator/metrics has them behind the token", async () => {
    const base = `http://127.0.0.1:${service!.gateway.port}`;
    const publicText = await (await fetch(`${base}/metrics`)).text();
    // Not a TYPE line, not a sample, not a mention: grep for every operator-only name.
    const shown = operatorOnly.filter((name) => publicText.includes(name));
    expect(shown).toEqual([]);
    for (const name of ['patx_broker_inventory', 'patx_broker_avg_cost_micros', 'patx_broker_pnl_micros', 'patx_param', 'patx_kill_switch_engaged']) expect(operatorOnly).toContain(name);
    const operatorText = await (await fetch(`${base}/operator/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(operatorText).toMatch(/^patx_broker_avg_cost_micros\{series="[^"]+"\} /m);
    expect(operatorText).toMatch(/^patx_param\{name="risk.maxOrderQty"\} /m);
    const anonymous = await fetch(`${base}/operator/metrics`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: string }).error).toBe('AUTH_FAILED');
    expect((await fetch(`${base}/operator/metrics`, { headers: { authorization: 'Bearer not-the-token-0123456789abcdef' } })).status).toBe(401);
  });

  it('lists only names the source reports', () => {
    const source = sourceText(path.join(ROOT, 'src'));
    expect(documented.length).toBeGreaterThan(50);
    // Written as a TYPE line, or handed by its name as a string to the writer of its lines.
    const reported = (name: string): boolean => source.includes(`TYPE ${name} `) || source.includes(`'${name}'`);
    expect(documented.filter((name) => !reported(name))).toEqual([]);
  });
});
