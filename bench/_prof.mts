import { EmbeddedEngine, type EngineEvent } from '../src/engine/index.js';
import { generateBrokerWorkload } from './broker-workload.js';
import { runOps, WORKLOAD_START_MS } from './workload.js';
import { profiled, printTopSelf, fmt } from './support/figures.js';
const w = generateBrokerWorkload(1_000_000, 42);
const fresh = () => { const e = new EmbeddedEngine({}, WORKLOAD_START_MS); const out: EngineEvent[] = []; for (const c of w.setup) e.submitInto(c, out); return e; };
const objects = process.env.OBJECTS === '1';
for (let i = 0; i < 3; i++) console.log('run', fmt(runOps(fresh(), w.ops, objects).opsPerSec));
if (process.env.PROF) {
  const e = fresh();
  const p = await profiled(() => { console.log('profiled', fmt(runOps(e, w.ops, objects).opsPerSec)); });
  printTopSelf(p, 25);
}
