/**
 * The operator's pages say what the code raises: docs/alarms.md's table has a row for every
 * alarm in ALARMS (src/runtime/health.ts) with its severity and none for an alarm that is gone,
 * and states the alarm watch's thresholds as the code has them; docs/metrics.md's table of alert
 * rules names every rule of ops/prometheus/patx-alerts.yml that no alarm stands behind, with its
 * severity, and no rule the file lacks. (test/ops/ops-files.test.ts ties the rules file to
 * ALARMS and to the metrics a service exports.) docs/alarms.md also names the alarms that write a
 * log line with an `alarm` field, as the source has them. Found by an operator's audit: the rules
 * file's PatxSnapshotPauseLong was missing from docs/metrics.md, and docs/alarms.md said every
 * alarm was a log line (the alarm watch's seven and three others are on the board only).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALARM_WATCH_DEFAULTS } from '../../src/operator/alarm-watch.js';
import { ALARMS } from '../../src/runtime/health.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const alarmsDoc = readFileSync(path.join(ROOT, 'docs/alarms.md'), 'utf8');
const metricsDoc = readFileSync(path.join(ROOT, 'docs/metrics.md'), 'utf8');
const rulesText = readFileSync(path.join(ROOT, 'ops/prometheus/patx-alerts.yml'), 'utf8');

/** docs/alarms.md's table of alarms: name and the severity cell. */
function alarmRows(): { name: string; severity: string; raised: string }[] {
  const section = alarmsDoc.split(/^## /m).find((s) => s.startsWith('The alarms'));
  expect(section, "docs/alarms.md's section 'The alarms'").toBeDefined();
  return [...section!.matchAll(/^\| `([a-z-]+)` \| ([^|]+) \| ([^|]+) \|/gm)].map((m) => ({ name: m[1]!, severity: m[2]!.trim(), raised: m[3]! }));
}

/** The rules file's alerts: name, severity, and the alarm label when one stands behind it. */
function rules(): { alert: string; severity: string; alarm: string | undefined }[] {
  return rulesText
    .split(/^\s*- alert: /m)
    .slice(1)
    .map((block) => ({
      alert: block.split('\n')[0]!.trim(),
      severity: /^\s*severity: (\w+)$/m.exec(block)![1]!,
      alarm: /^\s*alarm: ([a-z-]+)$/m.exec(block)?.[1],
    }));
}

describe('docs/alarms.md', () => {
  it('has one row per alarm the board can raise, with its severity; none for an alarm that is gone', () => {
    const rows = alarmRows();
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(ALARMS).sort());
    for (const row of rows) {
      const severity = ALARMS[row.name as keyof typeof ALARMS].severity;
      // A severity that varies is written 'critical (…), warning (…)': the default is one of them.
      expect(row.severity.split(/,\s*/).map((s) => s.split(' ')[0]), row.name).toContain(severity);
      if (!row.severity.includes(',')) expect(row.severity, row.name).toBe(severity);
    }
  });

  it('states the alarm watch’s thresholds as the code has them', () => {
    const raised = Object.fromEntries(alarmRows().map((r) => [r.name, r.raised]));
    expect(raised['settlement-lag']).toContain(`more than ${ALARM_WATCH_DEFAULTS.settlementLagMs / 60_000} minutes`);
    expect(raised['quoter-stalled']).toContain(`for ${ALARM_WATCH_DEFAULTS.quoterStallMs / 1000} s`);
    expect(raised['journal-backlog']).toContain(`more than ${ALARM_WATCH_DEFAULTS.journalBacklogCommands.toLocaleString('en-US')} commands`);
    expect(alarmsDoc).toContain(`state read every ${ALARM_WATCH_DEFAULTS.checkEveryMs / 1000} s`);
  });
});

/** The alarms some source file logs with an `alarm` field (`log.error({ alarm: 'name', … })`). */
function loggedAlarms(): Set<string> {
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const names = files.flatMap((f) => [...readFileSync(path.join(ROOT, 'src', f), 'utf8').matchAll(/\balarm: '([a-z-]+)'/g)].map((m) => m[1]!));
  return new Set(names.filter((n) => n in ALARMS));
}

describe('docs/alarms.md, "In the log"', () => {
  it('names exactly the alarms that write a log line with an alarm field', () => {
    const paragraph = alarmsDoc.split('**In the log.**')[1]!.split('The others')[0]!;
    const named = [...paragraph.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!).filter((n) => n in ALARMS);
    expect(named.sort()).toEqual([...loggedAlarms()].sort());
  });
});

describe('docs/metrics.md, "Alert rules and a dashboard"', () => {
  const section = metricsDoc.split(/^## /m).find((s) => s.startsWith('Alert rules and a dashboard'))!;
  const table = [...section.matchAll(/^\| (`Patx[^|]*) \| [^|]+ \| ([^|]+) \|$/gm)].map((m) => ({ alerts: [...m[1]!.matchAll(/`(Patx\w+)`/g)].map((x) => x[1]!), severity: m[2]!.trim() }));

  it('names every rule no alarm stands behind, with its severity', () => {
    const own = rules().filter((r) => r.alarm === undefined);
    expect(own.length).toBeGreaterThan(5);
    for (const rule of own) {
      const row = table.find((r) => r.alerts.includes(rule.alert));
      expect(row, `${rule.alert} in docs/metrics.md's table`).toBeDefined();
      expect(row!.severity, rule.alert).toBe(rule.severity);
    }
  });

  it('names no alert the rules file lacks', () => {
    const inFile = new Set(rules().map((r) => r.alert));
    expect(table.flatMap((r) => r.alerts).filter((a) => !inFile.has(a))).toEqual([]);
  });
});
