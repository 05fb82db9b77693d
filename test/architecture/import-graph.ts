/**
 * The import graph of src/, read with TypeScript's own pre-processor (`ts.preProcessFile`:
 * its scanner, no full parse, so the layers test stays fast): every static import, export-from,
 * `import()` and `import('…')` type with a string literal, type-only ones included (a type is
 * a dependency too). On today's tree it finds exactly what a walk of the full AST finds.
 * Shared by test/architecture/layers.test.ts and scripts/measure-structure.ts, so the test and
 * the figures in docs/layers.md count alike.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SRC = path.join(ROOT, 'src');

/** One file: its path from the repository root (`src/engine/engine.ts`) and its text. */
export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

/** A resolved import between two files under src/ (paths from the repository root). */
export interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
}

export interface ImportGraph {
  readonly files: readonly SourceFile[];
  readonly arrows: readonly Arrow[];
}

/** Every .ts file under src/ (declaration files aside), sorted so the figures are stable. */
export function listSourceFiles(dir: string = SRC): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** The module specifiers a file names, whichever syntax names them (JavaScript's `require` aside). */
export function moduleSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, false).importedFiles.map((f) => f.fileName);
}

/** The package's own `exports` (`patx/gate` → src/gate/index.ts): a self-import is an arrow too. */
function selfExports(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; exports?: Record<string, string> };
  const out = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.exports ?? {})) out.set(path.posix.join(pkg.name, key), path.join(ROOT, target));
  return out;
}

/** The file under src/ a specifier names (NodeNext: `./x.js` is `./x.ts` here), or undefined for packages. */
export function resolveSpecifier(fromFile: string, specifier: string, self: ReadonlyMap<string, string>): string | undefined {
  let target: string;
  if (specifier.startsWith('.')) target = path.resolve(path.dirname(fromFile), specifier);
  else {
    const mapped = self.get(specifier);
    if (mapped === undefined) return undefined;
    target = mapped;
  }
  const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts'), `${target}.ts`, path.join(target, 'index.ts')];
  const hit = candidates.find((c) => existsSync(c) && !c.endsWith(path.sep));
  return hit ?? target;
}

/** Read every file under src/ and resolve the arrows that stay inside it. */
export function readImportGraph(): ImportGraph {
  const self = selfExports();
  const files: SourceFile[] = [];
  const arrows: Arrow[] = [];
  for (const full of listSourceFiles()) {
    const file = path.relative(ROOT, full).split(path.sep).join('/');
    const text = readFileSync(full, 'utf8');
    files.push({ file, text });
    for (const specifier of moduleSpecifiers(text)) {
      const target = resolveSpecifier(full, specifier, self);
      if (target === undefined || !target.startsWith(SRC + path.sep)) continue;
      arrows.push({ from: file, to: path.relative(ROOT, target).split(path.sep).join('/'), specifier });
    }
  }
  return { files, arrows };
}

/** The part a file belongs to: its top-level folder under src/, or the file itself when it lies in src/. */
export function partOf(file: string): string {
  const rest = file.replace(/^src\//, '');
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** Arrows between parts, each counted once, with one file-level arrow kept as an example. */
export function partArrows(arrows: readonly Arrow[]): Map<string, Arrow[]> {
  const out = new Map<string, Arrow[]>();
  for (const a of arrows) {
    const from = partOf(a.from);
    const to = partOf(a.to);
    if (from === to) continue;
    const key = `${from} -> ${to}`;
    const list = out.get(key) ?? [];
    list.push(a);
    out.set(key, list);
  }
  return out;
}

/** Strongly connected components (Tarjan, iterative) of a directed graph; only those of 2 or more nodes or a self-loop. */
export function circles(nodes: Iterable<string>, edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; children: string[]; i: number }> = [];
    const enter = (node: string): void => {
      index.set(node, next);
      low.set(node, next);
      next++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: [...(edges.get(node) ?? [])], i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      if (top.i < top.children.length) {
        const child = top.children[top.i++]!;
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(top.node, Math.min(low.get(top.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        for (;;) {
          const n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
          if (n === top.node) break;
        }
        if (component.length > 1 || edges.get(top.node)?.has(top.node)) found.push(component.sort());
      }
    }
  }
  return found.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

/** Adjacency sets from arrows, after mapping each end (identity for files, partOf for parts). */
export function adjacency(arrows: readonly Arrow[], key: (file: string) => string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const a of arrows) {
    const from = key(a.from);
    const set = out.get(from) ?? new Set<string>();
    set.add(key(a.to));
    out.set(from, set);
  }
  return out;
}
