/**
 * Finds what outlives young GCs (what gets promoted, and so what every
 * scavenge pays to copy): V8's sampling heap profiler, keeping only objects
 * no young GC collected. Used by the bench server when BENCH_HEAP_SAMPLE names
 * an output file (run it with --expose-gc: BENCH_NODE_FLAGS=--expose-gc).
 * Writes the .heapprofile (open it in Chrome DevTools) and a text summary
 * of the allocating functions and stacks beside it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const session = new Session();

/** `everything`: count all allocations (what makes young GCs frequent), not only what survives them. */
/** What the profile keeps: objects that outlive young GCs, every allocation, or only what is still alive at the stop (after a full GC: what the heap keeps growing by). */
export type HeapSampleMode = 'promoted' | 'everything' | 'retained';
let sampleMode: HeapSampleMode = 'promoted';

export async function startHeapSampling(mode: HeapSampleMode = 'promoted'): Promise<void> {
  sampleMode = mode;
  session.connect();
  await session.post('HeapProfiler.enable');
  // includeObjectsCollectedByMinorGC is in the protocol but not yet in @types/node.
  await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: mode !== 'retained', includeObjectsCollectedByMinorGC: mode === 'everything' } as object);
}

export async function stopHeapSampling(outFile: string): Promise<void> {
  // A young GC first, so objects that died since the last one drop out of the profile.
  (globalThis as unknown as { gc?: (options: object) => void }).gc?.({ type: sampleMode === 'retained' ? 'major' : 'minor' });
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
  writeFileSync(outFile, JSON.stringify(profile));
  const bySelf = new Map<string, number>();
  const byStack = new Map<string, number>();
  const walk = (node: ProfileNode, stack: string[]): void => {
    const { functionName, url, lineNumber } = node.callFrame;
    const frame = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    const path = [frame, ...stack];
    if (node.selfSize > 0) {
      bySelf.set(frame, (bySelf.get(frame) ?? 0) + node.selfSize);
      const key = path.slice(0, 6).join(' < ');
      byStack.set(key, (byStack.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, path);
  };
  walk(profile.head, []);
  const top = (m: Map<string, number>, n: number): string =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1e6).toFixed(2)} MB  ${k}`).join('\n');
  const total = [...bySelf.values()].reduce((a, b) => a + b, 0);
  writeFileSync(`${outFile}.txt`, `sampled: ${(total / 1e6).toFixed(2)} MB\n\nby function\n${top(bySelf, 30)}\n\nby stack\n${top(byStack, 25)}\n`);
  session.disconnect();
}
