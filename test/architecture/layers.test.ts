/**
 * Imports point down the layers (issue 76): every import between top-level parts of src/
 * goes to a part on the same level or lower (test/architecture/layers.ts declares them),
 * and no circle of imports runs between parts. The imports are read with TypeScript's
 * parser (test/architecture/import-graph.ts), type-only ones included.
 *
 * The arrows that point up TODAY are listed below, each with why it is there and what
 * would remove it. A new upward import fails, and so does a listed one that is gone:
 * delete its line, so the list only shrinks.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adjacency, circles, moduleSpecifiers, partOf, readImportGraph, SRC, type Arrow } from './import-graph.js';
import { LAYERS, placements } from './layers.js';

interface KnownException {
  /** The lower part that imports upward … */
  readonly from: string;
  /** … the higher part it imports. */
  readonly to: string;
  /** Every file of `from` that imports `to` today, sorted. */
  readonly files: readonly string[];
  readonly why: string;
  readonly fix: string;
}

// None left: every import between parts points down or across a level. A new upward one fails
// the test; if one must stand for a while, list it here with why and what would remove it.
const KNOWN_EXCEPTIONS: readonly KnownException[] = [];

const graph = readImportGraph();
const placed = placements();
const parts = [...new Set(graph.files.map((f) => partOf(f.file)))].sort();

/** Upward arrows by `from -> to`, each with the files of `from` that make it. */
function upwardArrows(arrows: readonly Arrow[]): Map<string, Arrow[]> {
  const out = new Map<string, Arrow[]>();
  for (const a of arrows) {
    const from = placed.get(partOf(a.from));
    const to = placed.get(partOf(a.to));
    if (from === undefined || to === undefined || from.rank >= to.rank) continue;
    const key = `${partOf(a.from)} -> ${partOf(a.to)}`;
    const list = out.get(key) ?? [];
    list.push(a);
    out.set(key, list);
  }
  return out;
}

/** The engine's public entry, and the Node-free module of values it re-exports for code without an engine (the web app, the MCP server). */
const ENGINE_ENTRY = 'src/engine/index.ts';
const ENGINE_PUBLIC_VALUES = 'src/engine/public-values.ts';
/** The packages code in a browser bundle may reach through the engine's public values. */
const NODE_FREE_PACKAGES: ReadonlySet<string> = new Set(['zod']);

/** Every file reachable from `start` by the arrows inside src/, `start` included. */
function reachable(start: string, arrows: readonly Arrow[]): string[] {
  const next = adjacency(arrows, (f) => f);
  const seen = new Set([start]);
  for (const file of seen) for (const to of next.get(file) ?? []) seen.add(to);
  return [...seen].sort();
}

const excepted = new Map(KNOWN_EXCEPTIONS.map((e) => [`${e.from} -> ${e.to}`, e]));
const isExcepted = (a: Arrow): boolean => excepted.get(`${partOf(a.from)} -> ${partOf(a.to)}`)?.files.includes(a.from) ?? false;

describe('the layers of src/', () => {
  it('places every part of src/ in exactly one layer, and names no part that is gone', () => {
    const unplaced = parts.filter((p) => !placed.has(p));
    const gone = [...placed.keys()].filter((p) => !parts.includes(p));
    expect(unplaced, 'new parts of src/: place them in test/architecture/layers.ts (and give them a README.md)').toEqual([]);
    expect(gone, 'parts declared in test/architecture/layers.ts that src/ no longer has').toEqual([]);
  });

  it('has a README.md in every folder part that opens with the layer it is placed in', () => {
    const wrong: string[] = [];
    for (const part of parts.filter((p) => !p.endsWith('.ts'))) {
      const readme = path.join(SRC, part, 'README.md');
      const layer = placed.get(part)?.layer;
      if (!existsSync(readme)) wrong.push(`src/${part}/README.md is missing`);
      else if (layer !== undefined && !readFileSync(readme, 'utf8').includes(`**Layer: ${layer}`)) wrong.push(`src/${part}/README.md does not say **Layer: ${layer}`);
    }
    expect(wrong).toEqual([]);
  });

  it('has every import between parts point down or across a level, but for the known exceptions', () => {
    const unexpected: string[] = [];
    for (const [pair, arrows] of upwardArrows(graph.arrows)) {
      for (const a of arrows) if (!isExcepted(a)) unexpected.push(`${pair}: ${a.from} imports ${a.to}`);
    }
    expect([...new Set(unexpected)].sort(), `imports that point up a layer (${LAYERS.map((l) => l.name).join(' < ')})`).toEqual([]);
  });

  it('lists only exceptions that still exist, so the list shrinks as fixes land', () => {
    const up = upwardArrows(graph.arrows);
    const pairs = KNOWN_EXCEPTIONS.map((e) => `${e.from} -> ${e.to}`);
    expect(pairs.filter((p, i) => pairs.indexOf(p) !== i), 'each pair once in KNOWN_EXCEPTIONS').toEqual([]);
    const stale: string[] = [];
    for (const e of KNOWN_EXCEPTIONS) {
      const pair = `${e.from} -> ${e.to}`;
      const from = placed.get(e.from);
      const to = placed.get(e.to);
      if (from === undefined || to === undefined || from.rank >= to.rank) {
        stale.push(`${pair}: no longer points up (delete it from KNOWN_EXCEPTIONS)`);
        continue;
      }
      const importing = new Set((up.get(pair) ?? []).map((a) => a.from));
      for (const f of e.files) if (!importing.has(f)) stale.push(`${pair}: ${f} no longer imports ${e.to} (delete it from KNOWN_EXCEPTIONS)`);
    }
    expect(stale).toEqual([]);
  });

  it('has code outside src/engine import the engine only through index.ts and public-values.ts', () => {
    const inside = graph.arrows.filter((a) => partOf(a.from) !== 'engine' && partOf(a.to) === 'engine');
    const past = inside.filter((a) => a.to !== ENGINE_ENTRY && a.to !== ENGINE_PUBLIC_VALUES).map((a) => `${a.from} imports ${a.to}`);
    expect([...new Set(past)].sort(), 'import src/engine/index.ts (or, for code without an engine, src/engine/public-values.ts)').toEqual([]);
  });

  it('keeps the engine\'s public values Node-free: no module they reach imports Node or a package but zod', () => {
    const byFile = new Map(graph.files.map((f) => [f.file, f.text]));
    const outside: string[] = [];
    for (const file of reachable(ENGINE_PUBLIC_VALUES, graph.arrows)) {
      for (const specifier of moduleSpecifiers(byFile.get(file) ?? '')) {
        if (!specifier.startsWith('.') && !NODE_FREE_PACKAGES.has(specifier)) outside.push(`${file} imports ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('has no circle of imports between parts, once the known exceptions are set aside', () => {
    const between = graph.arrows.filter((a) => partOf(a.from) !== partOf(a.to) && !isExcepted(a));
    expect(circles(parts, adjacency(between, partOf))).toEqual([]);
  });
});
