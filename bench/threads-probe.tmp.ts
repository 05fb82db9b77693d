// Temporary probe (not committed): PATX bench server alone at 50k, CPU by thread over 8 s.
import { readdirSync, readFileSync } from 'node:fs';
import { openSessions, runFixedRate, spawnBenchServer } from './support/load.js';
const server = await spawnBenchServer(10);
const sessions = await openSessions(server.port, 50, server.seriesIds);
await runFixedRate(sessions, 50_000, 2);
const pid = server.child.pid!;
const snap = (): Map<string, number> => {
  const m = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    m.set(`${tid} ${name}`, (Number(f[11]) + Number(f[12])) * 10);
  }
  return m;
};
const a = snap();
const t0 = Date.now();
const { spawn } = await import('node:child_process');
const perf = spawn('sleep', ['1'], { stdio: 'inherit' });
process.stderr.write('=== STEADY\n');
const r = await runFixedRate(sessions, 50_000, 8);
await new Promise((res) => perf.once('exit', res));
const b = snap();
const secs = (Date.now() - t0) / 1000;
const rows = [...b].map(([k, v]) => [k, (v - (a.get(k) ?? 0)) / secs / 10] as const).filter(([, p]) => p > 0.5).sort((x, y) => y[1] - x[1]);
for (const [k, p] of rows) console.log(`${p.toFixed(1)}%  ${k}`);
console.log('p99', (r as unknown as { p99Ms?: number }).p99Ms, Object.keys(r));
for (const s of sessions) s.close?.();
await server.stop();
process.exit(0);
