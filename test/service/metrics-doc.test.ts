/**
 * docs/metrics.md is the list of PATX's metrics: every family a running service reports is
 * on it, and every name on it is one the source still reports (settlement's and
 * replication's come only with those running: test/settlement/embedded.test.ts and the
 * replication tests read them live).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startService, type Service } from '../../src/service.js';
import { removeDir } from '../support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const documented = [...readFileSync(path.join(ROOT, 'docs/metrics.md'), 'utf8').matchAll(/^\| `(patx_[a-z0-9_]+)` \|/gm)].map((m) => m[1]!);

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
    const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, demo: { enabled: false } });
    service = await startService(config, createLogger('silent'), Date.now);
  });
  afterAll(async () => {
    await service?.stop();
    if (dir !== undefined) removeDir(dir);
  });

  it('lists every family /metrics reports, each once', async () => {
    const text = await (await fetch(`http://127.0.0.1:${service!.gateway.port}/metrics`)).text();
    const reported = [...new Set([...text.matchAll(/^# TYPE (patx_[a-z0-9_]+) /gm)].map((m) => m[1]!))];
    expect(reported.length).toBeGreaterThan(40);
    expect(reported.filter((name) => !documented.includes(name))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('lists only names the source reports', () => {
    const source = sourceText(path.join(ROOT, 'src'));
    expect(documented.length).toBeGreaterThan(50);
    // Written as a TYPE line, or handed by its name as a string to the writer of its lines.
    const reported = (name: string): boolean => source.includes(`TYPE ${name} `) || source.includes(`'${name}'`);
    expect(documented.filter((name) => !reported(name))).toEqual([]);
  });
});
