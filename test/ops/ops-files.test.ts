/**
 * The operators' files in ops/ (issue 82) cannot drift from the service:
 *
 * - ops/prometheus/patx-alerts.yml has a rule for every alarm the board can raise
 *   (src/runtime/health.ts, ALARMS), with its name, its severity and its words, and no rule
 *   for an alarm that is gone;
 * - every metric a rule or a panel of ops/grafana/patx-dashboard.json names is one a real
 *   service exports (its GET /metrics and GET /operator/metrics, settlement on, so its
 *   figures are there too), and every label value a selector asks for (`name="…"`) is one some
 *   sample of that metric has. Replication's figures come only from a node of a replicated
 *   group: those names are taken from docs/metrics.md's replication section, which
 *   test/app/metrics-doc.test.ts ties to the source and the replication tests read live;
 * - with promtool installed (Debian's prometheus package, as CI installs it), the rules pass
 *   `promtool check rules` and their unit tests (`promtool test rules`), and every panel's query
 *   parses (checked as a recording rule). Without promtool those three show as skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { ALARMS } from '../../src/runtime/health.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir } from '../support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'ops-files-operator-token-0123456789';
const RULES_FILE = path.join(ROOT, 'ops/prometheus/patx-alerts.yml');
const DASHBOARD_FILE = path.join(ROOT, 'ops/grafana/patx-dashboard.json');
const rulesText = readFileSync(RULES_FILE, 'utf8');

/** Prometheus's own series a rule may use (the scrape's health), not the service's. */
const PROMETHEUS_OWN = new Set(['up']);

interface Rule {
  alert: string;
  expr: string;
  severity: string;
  alarm: string | undefined;
  summary: string;
}

/** The rules of the file, read by the shape it is written in (one `- alert:` block each, scalars on one line). */
function rules(): Rule[] {
  return rulesText
    .split(/^\s*- alert: /m)
    .slice(1)
    .map((block) => {
      const field = (name: string): string | undefined => {
        const m = new RegExp(`^\\s*${name}: (.*)$`, 'm').exec(block);
        return m === null ? undefined : m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!;
      };
      return { alert: block.split('\n')[0]!.trim(), expr: field('expr')!, severity: field('severity')!, alarm: field('alarm'), summary: field('summary')! };
    });
}

interface Panel {
  title?: string;
  type: string;
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: Panel[]; templating: { list: { query?: unknown; definition?: string }[] } };
/** Every query of the dashboard: the panels' and the template variables'. */
const panelQueries = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
/** The template variables' queries (`label_values(metric, label)`), as the metric they read. */
const variableQueries = dashboard.templating.list.flatMap((v) => (v.definition === undefined ? [] : [/^label_values\((\w+),/.exec(v.definition)![1]!]));

/** The metric names a PromQL text names: identifiers outside quotes, before `{`, `[`, `)`, an operator or the end, that are not functions or keywords. */
function metricNames(expr: string): string[] {
  const unquoted = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  // A word followed by `(` is a function (sum, rate, histogram_quantile…), not a metric.
  const words = [...unquoted.matchAll(/(?<![\w$.])[a-zA-Z_:][\w:]*/g)].filter((m) => !/^\s*\(/.test(unquoted.slice(m.index + m[0].length))).map((m) => m[0]);
  // Keywords, and aggregations written `sum by (…) (…)` (not followed by their parenthesis).
  const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'sum', 'min', 'max', 'avg', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values']);
  // Label names inside by (...) / on (...) / ignoring (...) and selectors' label names are not metrics.
  const labelLists = [...unquoted.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim()));
  const selectorLabels = [...unquoted.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/([a-zA-Z_]\w*)\s*(?:=|!=|=~|!~)/g)].map((x) => x[1]!));
  return [...new Set(words.filter((w) => !keywords.has(w) && !labelLists.includes(w) && !selectorLabels.includes(w) && !/^\d/.test(w)))];
}

/** `metric{label="value", …}`: each equality matcher, to be found on some sample of the metric. */
function equalityMatchers(expr: string): { metric: string; label: string; value: string }[] {
  return [...expr.matchAll(/([a-zA-Z_:][\w:]*)\{([^}]*)\}/g)].flatMap((m) => [...m[2]!.matchAll(/([a-zA-Z_]\w*)\s*=\s*"([^"]*)"/g)].map((x) => ({ metric: m[1]!, label: x[1]!, value: x[2]! })));
}

/**
 * The series of an exposition by name, with their samples' label sets: every family its
 * `# TYPE` line declares (a labelled counter has no sample until it counts), a histogram's
 * _bucket, _sum and _count, a summary's _sum and _count.
 */
function samples(text: string): Map<string, Record<string, string>[]> {
  const out = new Map<string, Record<string, string>[]>();
  for (const m of text.matchAll(/^# TYPE ([a-zA-Z_:][\w:]*) (\w+)$/gm)) {
    const suffixes = m[2] === 'histogram' ? ['_bucket', '_sum', '_count'] : m[2] === 'summary' ? ['', '_sum', '_count'] : [''];
    for (const suffix of suffixes) out.set(`${m[1]!}${suffix}`, []);
  }
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? \S+/.exec(line);
    if (m === null || line.startsWith('#')) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), labels]);
  }
  return out;
}

/** docs/metrics.md's replication section: the figures only a replicated node reports. */
function replicationNames(): string[] {
  const doc = readFileSync(path.join(ROOT, 'docs/metrics.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Replication'));
  expect(section, "docs/metrics.md's replication section").toBeDefined();
  return [...section!.matchAll(/^\| `(patx_[a-z0-9_]+)` \|/gm)].map((m) => m[1]!);
}

function promtool(): string | undefined {
  const found = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? 'promtool' : undefined;
}

describe('reading PromQL', () => {
  it('finds the metrics of a query, not its functions, aggregations, labels or label values', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le, instance) (rate(patx_a_bucket{instance=~"$instance",name="patx_not_this"}[5m]))) / 1e6')).toEqual(['patx_a_bucket']);
    expect(metricNames('patx_b - ignoring(model) group_right patx_c > 0 and on (instance) up == 0')).toEqual(['patx_b', 'patx_c', 'up']);
    expect(equalityMatchers('patx_d{name="x", severity=~"w.*"} > 0')).toEqual([{ metric: 'patx_d', label: 'name', value: 'x' }]);
  });
});

describe('ops/prometheus/patx-alerts.yml', () => {
  it('has a rule for every alarm the board can raise, with its name, severity and words; none for an alarm that is gone', () => {
    const all = rules();
    expect(all.length).toBeGreaterThan(Object.keys(ALARMS).length);
    const byAlarm = all.filter((r) => r.alarm !== undefined);
    for (const [name, alarm] of Object.entries(ALARMS)) {
      const its = byAlarm.filter((r) => r.alarm === name);
      expect(its.map((r) => r.severity), name).toContain(alarm.severity);
      for (const r of its) {
        expect(r.summary, name).toBe(alarm.doc);
        // The rule reads the board's gauge for this name and the severity it carries.
        expect(r.expr, name).toBe(`patx_alarms_active{name="${name}",severity="${r.severity}"} > 0`);
        expect(r.alert).toBe(`Patx${name.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`);
      }
    }
    expect(byAlarm.map((r) => r.alarm).filter((n) => !(n! in ALARMS))).toEqual([]);
    // Only the three alarms whose severity varies have a second rule.
    expect(byAlarm.filter((r) => r.severity !== ALARMS[r.alarm as keyof typeof ALARMS].severity).map((r) => r.alarm).sort()).toEqual(['component-degraded', 'kill-switch', 'replication-redundancy-lost']);
  });

  it.skipIf(promtool() === undefined)('passes promtool check rules (Debian’s prometheus package)', () => {
    const out = execFileSync('promtool', ['check', 'rules', RULES_FILE], { encoding: 'utf8' });
    expect(out).toMatch(new RegExp(`SUCCESS: ${rules().length} rules found`));
  });

  it.skipIf(promtool() === undefined)('fires as ops/prometheus/patx-alerts.test.yml says (promtool test rules): the board’s labels and words, quiet otherwise', () => {
    const out = execFileSync('promtool', ['test', 'rules', 'patx-alerts.test.yml'], { cwd: path.dirname(RULES_FILE), encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS/);
  });
});

describe('ops/grafana/patx-dashboard.json', () => {
  it('shows orders, the journal, latency, read models, replication, the quoter and alarms', () => {
    const names = new Set(panelQueries.flatMap(metricNames));
    for (const name of ['patx_orders_received_total', 'patx_engine_seq', 'patx_order_ack_seconds_bucket', 'patx_journal_commit_seconds_bucket', 'patx_read_model_seq', 'patx_replication_leader', 'patx_replication_lag_seqs', 'patx_quotes_total', 'patx_alarms_active']) expect(names, name).toContain(name);
    for (const p of dashboard.panels.filter((x) => x.type !== 'row')) expect(p.targets?.length, p.title).toBeGreaterThan(0);
  });

  it.skipIf(promtool() === undefined)('every query parses: promtool checks them as recording rules', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-ops-'));
    try {
      const file = path.join(dir, 'dashboard-queries.yml');
      const asRules = [...panelQueries, ...variableQueries].map((q, i) => `      - record: patx:dashboard_query_${i}\n        expr: ${JSON.stringify(q.replaceAll('$instance', '.*'))}`);
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${asRules.join('\n')}\n`);
      const out = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(out).toMatch(new RegExp(`SUCCESS: ${asRules.length} rules found`));
    } finally {
      removeDir(dir);
    }
  });
});

describe('every metric the rules and the dashboard name, a running service exports', () => {
  let service: Service | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-ops-metrics-'));
    // Settlement on (the embedded chain), so its figures are exported too; the quoter runs (its figures are the operator's).
    const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, settlement: { localChainPort: 0, pollIntervalMs: 200, batchIntervalMs: 1_000, localBlockIntervalMs: 200 }, demo: { enabled: false } });
    service = await startService(config, createLogger('silent'), Date.now);
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    if (dir !== undefined) removeDir(dir);
  });

  it('names no metric nor label value the service does not export', async () => {
    const base = `http://127.0.0.1:${service!.gateway.port}`;
    const publicText = await (await fetch(`${base}/metrics`)).text();
    const operatorText = await (await fetch(`${base}/operator/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const exported = samples(`${publicText}\n${operatorText}`);
    expect(exported.has('patx_settlement_pending_fills'), 'settlement runs in this service').toBe(true);
    const replication = new Set(replicationNames());
    const queries = [...rules().map((r) => r.expr), ...panelQueries, ...variableQueries];
    const named = new Set(queries.flatMap(metricNames));
    expect(named.size).toBeGreaterThan(30);
    const missing = [...named].filter((n) => !exported.has(n) && !replication.has(n) && !PROMETHEUS_OWN.has(n));
    expect(missing, 'metrics named in ops/ that the service does not export').toEqual([]);
    const unmatched = queries
      .flatMap(equalityMatchers)
      .filter((m) => exported.has(m.metric))
      .filter((m) => !exported.get(m.metric)!.some((labels) => labels[m.label] === m.value))
      .map((m) => `${m.metric}{${m.label}="${m.value}"}`);
    expect([...new Set(unmatched)], 'label values no sample has').toEqual([]);
  });
});
