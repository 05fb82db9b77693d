/**
 * An alarm raised on a real service fires its Prometheus rule, and no other rule fires: the
 * test engages a global kill switch (kill-switch, critical), a series' kill switch (kill-switch,
 * warning) and halts a series (series-halted) through the operator API, reads GET
 * /operator/metrics as the `patx-operator` scrape job would, and hands every
 * `patx_alarms_active` sample it exports, as exported, to `promtool test rules` with the rules of
 * ops/prometheus/patx-alerts.yml: each alarm rule must fire exactly for the samples above 0 of
 * its name and severity. (ops-files.test.ts checks the rules' names and words against ALARMS;
 * this checks that the exposition's labels are what the rules select, end to end.) Without
 * promtool (Debian's prometheus package) the test shows as skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { ALARMS } from '../../src/runtime/health.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RULES_FILE = path.join(ROOT, 'ops/prometheus/patx-alerts.yml');
const TOKEN = 'alarm-rules-live-operator-token-0123456789';
const INSTANCE = 'patx-under-test:8480';

const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

interface AlarmRule {
  alert: string;
  alarm: string;
  severity: string;
  summary: string;
  description: string;
}

/** The rules an alarm stands behind, with the words their annotations carry. */
function alarmRules(): AlarmRule[] {
  return readFileSync(RULES_FILE, 'utf8')
    .split(/^\s*- alert: /m)
    .slice(1)
    .flatMap((block) => {
      const field = (name: string): string | undefined => {
        const m = new RegExp(`^\\s*${name}: (.*)$`, 'm').exec(block);
        return m === null ? undefined : m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!;
      };
      const alarm = field('alarm');
      return alarm === undefined ? [] : [{ alert: block.split('\n')[0]!.trim(), alarm, severity: field('severity')!, summary: field('summary')!, description: field('description')! }];
    });
}

/** `patx_alarms_active{name="…",severity="…"} v` samples of an exposition. */
function activeSamples(exposition: string): { name: string; severity: string; value: number }[] {
  return [...exposition.matchAll(/^patx_alarms_active\{name="([a-z-]+)",severity="(\w+)"\} (\S+)$/gm)].map((m) => ({ name: m[1]!, severity: m[2]!, value: Number(m[3]) }));
}

describe.skipIf(!hasPromtool)('an alarm raised on a running service fires its Prometheus rule', () => {
  let service: Service | undefined;
  let dir: string | undefined;
  let base = '';
  const operator = (method: string, route: string, body?: unknown): Promise<Response> =>
    fetch(`${base}${route}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-alarm-rules-'));
    const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, settlement: { enabled: false }, demo: { enabled: false }, rehearsalOrders: 0, warmUpOrders: 0 });
    service = await startService(config, createLogger('silent'), Date.now);
    base = `http://127.0.0.1:${service.gateway.port}`;
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    if (dir !== undefined) removeDir(dir);
  });

  it('each alarm rule fires for the exported samples above 0 of its name and severity, and only those', async () => {
    const ids = ((await (await operator('GET', '/operator/series')).json()) as { seriesId: number }[]).map((s) => s.seriesId);
    expect(ids.length).toBeGreaterThan(1);
    expect((await operator('POST', '/operator/kill', { scope: 'global', engaged: true })).status).toBe(200);
    expect((await operator('POST', '/operator/kill', { scope: 'series', targetId: ids[1], engaged: true })).status).toBe(200);
    expect((await operator('POST', `/operator/series/${ids[0]}/halt`)).status).toBe(200);

    let samples: ReturnType<typeof activeSamples> = [];
    await until(async () => {
      samples = activeSamples(await (await operator('GET', '/operator/metrics')).text());
      const active = (name: string, severity: string): boolean => samples.some((s) => s.name === name && s.severity === severity && s.value > 0);
      return active('kill-switch', 'critical') && active('kill-switch', 'warning') && active('series-halted', 'warning');
    }, 'the three alarms on /operator/metrics');
    // Every alarm is exported at its own severity, 0 when quiet (docs/alarms.md).
    for (const [name, alarm] of Object.entries(ALARMS)) expect(samples.some((s) => s.name === name && s.severity === alarm.severity), name).toBe(true);

    const rules = alarmRules();
    const inputSeries = samples.map((s) => `      - series: 'patx_alarms_active{name="${s.name}",severity="${s.severity}",instance="${INSTANCE}",job="patx-operator"}'\n        values: '${s.value}x10'`);
    const tests = [...new Set(rules.map((r) => r.alert))].map((alert) => {
      const firing = rules
        .filter((r) => r.alert === alert)
        .flatMap((r) => samples.filter((s) => s.name === r.alarm && s.severity === r.severity && s.value > 0).map((s) => ({ rule: r, sample: s })));
      const expected = firing.map(({ rule, sample }) => {
        const description = rule.description.replace('{{ $value }}', String(sample.value)).replace('{{ $labels.instance }}', INSTANCE);
        return `          - exp_labels: { alertname: ${alert}, alarm: ${rule.alarm}, name: ${rule.alarm}, severity: ${rule.severity}, instance: "${INSTANCE}", job: patx-operator }\n            exp_annotations:\n              summary: ${JSON.stringify(rule.summary)}\n              description: ${JSON.stringify(description)}`;
      });
      return `      - eval_time: 2m\n        alertname: ${alert}\n        exp_alerts:${expected.length === 0 ? ' []' : `\n${expected.join('\n')}`}`;
    });
    const testFile = path.join(dir!, 'live-alarms.test.yml');
    writeFileSync(testFile, `rule_files:\n  - ${JSON.stringify(RULES_FILE)}\nevaluation_interval: 30s\ntests:\n  - interval: 30s\n    input_series:\n${inputSeries.join('\n')}\n    alert_rule_test:\n${tests.join('\n')}\n`);
    const run = spawnSync('promtool', ['test', 'rules', testFile], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toMatch(/SUCCESS/);
    expect(run.status).toBe(0);
    // The three raised alarms are what fired: two PatxKillSwitch (critical and warning) and one PatxSeriesHalted.
    expect(tests.filter((t) => !t.endsWith('exp_alerts: []')).length).toBe(2);
  });
});
