/**
 * Runs every benchmark and writes what they measured to bench/FIGURES.md: for each figure
 * the date, the median and range over its runs, how many runs, the load average when each
 * invocation started, and the exact command. Issue 21's rule for a figure, applied by a
 * script rather than by hand, so the table cannot keep a figure no run produced.
 *
 *   npm run bench:all                       # every bench (about 27 minutes on the 2-core VM)
 *   npm run bench:all -- --only bench,journal
 *   npm run bench:all -- --list
 *   npm run bench:all -- --render           # FIGURES.md again from figures.json, nothing run
 *
 * Each bench prints `FIGURE {json}` lines (bench/support/figures.ts, reportFigure); this
 * script collects them. A bench whose figures carry fewer than 5 values per invocation is
 * invoked 5 times and the values pooled. Results are kept per bench in bench/figures.json
 * (so `--only` refreshes some benches and keeps the others, each with its own date), each
 * run's medians are appended to bench/figures-history.jsonl, and FIGURES.md is rendered
 * from both. The raw output of every invocation goes to $TMPDIR/patx-bench-logs/.
 *
 * Run it on a machine doing nothing else: the figures say what load they were taken at,
 * but a second process on 2 cores halves most of them.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fmt, machine, median, type Better } from './support/figures.js';

interface BenchSpec {
  id: string;
  /** The RESULTS.md section the figures belong to. */
  title: string;
  script: string;
  args: string[];
  /** Invocations whose values are pooled: 1 when the bench runs each figure ≥ 5 times itself. */
  invocations: number;
}

/** Every bench, in the order RESULTS.md has them. */
const BENCHES: readonly BenchSpec[] = [
  { id: 'bench', title: 'Exchange core (issue 2)', script: 'bench', args: [], invocations: 1 },
  { id: 'journal', title: 'Journal alone', script: 'bench:journal', args: [], invocations: 1 },
  { id: 'quoting', title: 'Repricing and the quoter’s cost (issue 4)', script: 'bench:quoting', args: [], invocations: 1 },
  { id: 'as', title: 'Avellaneda & Stoikov (2008) §3.3', script: 'bench:as', args: [], invocations: 1 },
  { id: 'day', title: 'A simulated day', script: 'bench:day', args: [], invocations: 1 },
  { id: 'catalog', title: 'Catalog (issue 18)', script: 'bench:catalog', args: [], invocations: 1 },
  { id: 'grants', title: 'Access grants (issue 19)', script: 'bench:grants', args: [], invocations: 1 },
  { id: 'gas', title: 'Settlement gas (issue 5)', script: 'bench:gas', args: [], invocations: 1 },
  { id: 'gateway', title: 'Gateway (issue 3): order entry', script: 'bench:gateway', args: [], invocations: 5 },
  { id: 'fanout', title: 'Gateway (issue 3): market-data fan-out', script: 'bench:fanout', args: [], invocations: 5 },
  { id: 'forwards', title: 'Forward delivery (issue 20)', script: 'bench:forwards', args: [], invocations: 1 },
  { id: 'cpp', title: 'Against a C++ book (issue 21)', script: 'bench:cpp', args: ['--profile'], invocations: 1 },
  { id: 'series', title: 'Many series (issue 21)', script: 'bench:series', args: ['--profile'], invocations: 1 },
  { id: 'zipf', title: 'Many series (issue 21): flow by a Zipf law', script: 'bench:series', args: ['--series', '1,1000', '--sections', '1', '--zipf', '1'], invocations: 1 },
  { id: 'confine', title: 'Many series (issue 21): customers in 10 series each', script: 'bench:series', args: ['--series', '1,1000', '--sections', '1', '--confine', '10'], invocations: 1 },
  { id: 'book', title: 'The book alone over many series (issue 21)', script: 'bench:book', args: [], invocations: 1 },
  { id: 'latency', title: 'What a cache miss costs (issue 21)', script: 'bench:latency', args: [], invocations: 1 },
  { id: 'resting', title: 'Memory per resting order (issue 21)', script: 'bench:resting', args: ['--breakdown'], invocations: 1 },
  { id: 'marking', title: 'Synthetics: marking 100,000 positions (issue 22)', script: 'bench:marking', args: [], invocations: 1 },
  { id: 'replication', title: 'Replication (issue 24)', script: 'bench:replication', args: [], invocations: 1 },
  { id: 'failover', title: 'Replication (issues 24, 59): failover under load (20 kills, 100k-command journal, a CPU hog)', script: 'bench:failover', args: [], invocations: 1 },
  { id: 'edges', title: 'Replication (issue 24): market-data edges', script: 'bench:edges', args: [], invocations: 1 },
  { id: 'soak', title: 'Soak (issues 16, 75)', script: 'soak', args: [], invocations: 1 },
];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    list: { type: 'boolean', default: false },
    render: { type: 'boolean', default: false },
    invocations: { type: 'string' },
  },
});

const BENCH_DIR = path.dirname(new URL(import.meta.url).pathname);
const FIGURES_JSON = path.join(BENCH_DIR, 'figures.json');
const HISTORY = path.join(BENCH_DIR, 'figures-history.jsonl');
const FIGURES_MD = path.join(BENCH_DIR, 'FIGURES.md');
const LOG_DIR = path.join(os.tmpdir(), 'patx-bench-logs');

interface Figure {
  name: string;
  unit: string;
  values: number[];
  better: Better;
  exact: boolean;
  /** The values are samples within one run (a soak), not runs. */
  samples?: boolean;
}

interface BenchResult {
  title: string;
  command: string;
  startedAt: string;
  /** The 1-minute load average when each invocation started. */
  loads: number[];
  wallSeconds: number;
  figures: Figure[];
  /** Why an invocation failed (its exit status and last output), if one did. */
  failure?: string;
}

function commandOf(spec: BenchSpec): string {
  return `npm run ${spec.script}${spec.args.length > 0 ? ` -- ${spec.args.join(' ')}` : ''}`;
}

/** Runs one invocation; resolves with its FIGURE lines parsed and its exit status. */
function invoke(spec: BenchSpec, logFile: string): Promise<{ figures: Figure[]; status: number | null; tail: string }> {
  return new Promise((resolve) => {
    const args = ['run', '--silent', spec.script, ...(spec.args.length > 0 ? ['--', ...spec.args] : [])];
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const figures: Figure[] = [];
    let pending = '';
    let tail = '';
    const onText = (text: string): void => {
      appendFileSync(logFile, text);
      tail = (tail + text).slice(-2000);
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      onText(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('FIGURE ')) continue;
        figures.push(JSON.parse(line.slice('FIGURE '.length)) as Figure);
      }
    });
    child.stderr.on('data', onText);
    child.on('close', (status) => resolve({ figures, status, tail }));
  });
}

/** Pools each figure's values over the invocations, in the order first seen. */
function pool(runs: readonly Figure[][]): Figure[] {
  const byName = new Map<string, Figure>();
  for (const figures of runs) {
    for (const f of figures) {
      const seen = byName.get(f.name);
      if (seen === undefined) byName.set(f.name, { ...f, values: [...f.values] });
      else seen.values.push(...f.values);
    }
  }
  return [...byName.values()];
}

async function measure(spec: BenchSpec, invocations: number): Promise<BenchResult> {
  mkdirSync(LOG_DIR, { recursive: true });
  const startedAt = new Date().toISOString();
  const loads: number[] = [];
  const runs: Figure[][] = [];
  const t0 = performance.now();
  let failure: string | undefined;
  for (let i = 0; i < invocations; i++) {
    const logFile = path.join(LOG_DIR, `${spec.id}-${startedAt.replace(/[:.]/g, '-')}-${i + 1}.log`);
    loads.push(os.loadavg()[0]!);
    process.stdout.write(`  ${spec.id} ${i + 1}/${invocations} (load ${loads[i]!.toFixed(2)}) ... `);
    const { figures, status, tail } = await invoke(spec, logFile);
    console.log(`${figures.length} figures, exit ${status}; log ${logFile}`);
    if (status !== 0) {
      failure = `invocation ${i + 1} exited with ${status}: ${tail.trim().split('\n').slice(-5).join(' / ')}`;
      break;
    }
    runs.push(figures);
  }
  const result: BenchResult = { title: spec.title, command: commandOf(spec), startedAt, loads, wallSeconds: (performance.now() - t0) / 1000, figures: pool(runs) };
  if (failure !== undefined) result.failure = failure;
  return result;
}

// ------------------------------------------------------------------ rendering

function num(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e4) return fmt(n);
  if (a >= 100) return n.toFixed(0);
  if (a >= 1) return n.toFixed(2).replace(/\.?0+$/, '');
  return n.toPrecision(3);
}

/** Markdown table cells: a contract key's '|' would end the cell. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

function row(f: Figure): string {
  const med = median(f.values);
  const range = f.exact || f.values.length === 1 ? '' : `${num(Math.min(...f.values))} – ${num(Math.max(...f.values))}`;
  const runs = f.exact ? 'exact' : f.samples === true ? `${f.values.length} samples of one run` : String(f.values.length);
  const flag = !f.exact && f.samples !== true && f.values.length < 5 ? ' ⚠ fewer than 5 runs' : '';
  return `| ${cell(f.name)} | **${num(med)}** ${f.unit} | ${range} | ${runs}${flag} | ${f.better} |`;
}

interface HistoryLine {
  at: string;
  bench: string;
  name: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  runs: number;
  load: number;
}

function render(results: Record<string, BenchResult>, history: HistoryLine[]): string {
  const out: string[] = [
    '# Figures',
    '',
    'Generated by `npm run bench:all` (bench/measure-all.ts) from the benches’ own output; do not edit by',
    'hand. Each figure: the median over its runs in bold, the range, the number of runs, and which way',
    'is better; "exact" marks a figure that does not vary between runs (gas, counts, seeded',
    'simulations). Each bench: the command, when it ran, and the 1-minute load average at the start of',
    'each invocation. Benches run one after another, so that average still counts the bench before',
    '(about 1 on these 2 cores when nothing else runs); well above 1 means something else was running.',
    'bench/RESULTS.md explains what each figure measures, the targets, and what the figures mean.',
    '',
    `Machine: ${machine()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}.`,
    '',
  ];
  for (const spec of BENCHES) {
    const r = results[spec.id];
    out.push(`## ${spec.title}`, '');
    if (r === undefined) {
      out.push(`Not measured yet: \`${commandOf(spec)}\`.`, '');
      continue;
    }
    const loads = r.loads.map((l) => l.toFixed(2)).join(', ');
    out.push(`\`${r.command}\`, ${r.loads.length} invocation${r.loads.length === 1 ? '' : 's'}, started ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC, load average at start ${loads}, ${r.wallSeconds.toFixed(0)} s in all.`, '');
    if (r.failure !== undefined) out.push(`**Failed**: ${r.failure}. Figures of the invocations before it, if any, are below.`, '');
    if (r.figures.length > 0) {
      out.push('| figure | median | range | runs | better |', '|---|---|---|---|---|');
      for (const f of r.figures) out.push(row(f));
      out.push('');
    }
  }
  out.push('## History', '', 'Medians of earlier runs of `npm run bench:all`, newest first (bench/figures-history.jsonl), up to five per figure.', '');
  const byFigure = new Map<string, HistoryLine[]>();
  for (const h of history) {
    const key = `${h.bench}: ${h.name} (${h.unit})`;
    byFigure.set(key, [...(byFigure.get(key) ?? []), h]);
  }
  out.push('| figure | medians (date UTC, load) |', '|---|---|');
  for (const [key, lines] of byFigure) {
    const last = lines.slice(-5).reverse().map((h) => `${num(h.median)} (${h.at.slice(0, 16).replace('T', ' ')}, ${h.load.toFixed(2)})`);
    out.push(`| ${cell(key)} | ${last.join('; ')} |`);
  }
  out.push('');
  return out.join('\n');
}

function readHistory(): HistoryLine[] {
  if (!existsSync(HISTORY)) return [];
  return readFileSync(HISTORY, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as HistoryLine);
}

async function main(): Promise<void> {
  if (values.list) {
    for (const b of BENCHES) console.log(`${b.id.padEnd(9)} ${commandOf(b)} ×${b.invocations}  (${b.title})`);
    return;
  }
  const only = values.only === undefined ? undefined : new Set(values.only.split(','));
  const unknown = [...(only ?? [])].filter((id) => !BENCHES.some((b) => b.id === id));
  if (unknown.length > 0) throw new Error(`unknown bench ids: ${unknown.join(', ')} (see --list)`);
  const results: Record<string, BenchResult> = existsSync(FIGURES_JSON) ? (JSON.parse(readFileSync(FIGURES_JSON, 'utf8')) as Record<string, BenchResult>) : {};
  if (values.render) {
    writeFileSync(FIGURES_MD, render(results, readHistory()));
    return;
  }
  for (const spec of BENCHES) {
    if (only !== undefined && !only.has(spec.id)) continue;
    console.log(`${spec.id}: ${commandOf(spec)}`);
    const r = await measure(spec, values.invocations === undefined ? spec.invocations : Number(values.invocations));
    results[spec.id] = r;
    for (const f of r.figures) {
      const line: HistoryLine = { at: r.startedAt, bench: spec.id, name: f.name, unit: f.unit, median: median(f.values), min: Math.min(...f.values), max: Math.max(...f.values), runs: f.values.length, load: r.loads[0]! };
      appendFileSync(HISTORY, JSON.stringify(line) + '\n');
    }
    // Written after every bench, so an interrupted run keeps what it measured.
    writeFileSync(FIGURES_JSON, JSON.stringify(results, null, 1) + '\n');
    writeFileSync(FIGURES_MD, render(results, readHistory()));
  }
  console.log(`wrote ${path.relative(process.cwd(), FIGURES_MD)}`);
}

await main();
