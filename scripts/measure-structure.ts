/**
 * The structure of src/ in figures (issue 76; docs/layers.md): top-level parts, import arrows
 * between files and between parts, arrows that point up the declared layers
 * (test/architecture/layers.ts), circles of imports (strongly connected components of the file
 * graph and of the part graph), and the longest functions. Read with TypeScript's parser, the
 * same reading as test/architecture/layers.test.ts, so the figures can be taken again after a change:
 *
 *   npx tsx scripts/measure-structure.ts [--top N]
 */
import ts from 'typescript';
import { adjacency, circles, partOf, readImportGraph, type Arrow, type SourceFile } from '../test/architecture/import-graph.js';
import { LAYERS, placements } from '../test/architecture/layers.js';

interface FunctionLength {
  readonly lines: number;
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

/** The name a function goes by: its own, its class's member, or the variable or property it is assigned to. */
function functionName(node: ts.FunctionLikeDeclaration, holder: string | undefined, assignedTo: string | undefined, ast: ts.SourceFile): string {
  const own = node.name !== undefined ? node.name.getText(ast) : undefined;
  if (ts.isConstructorDeclaration(node)) return `${holder ?? '<class>'}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) return holder !== undefined ? `${holder}.${own}` : (own ?? '<method>');
  return own ?? assignedTo ?? '<anonymous>';
}

/** Every function-like body in the file, with its length in lines (from its first token to its closing brace). */
function functionLengths(source: SourceFile): FunctionLength[] {
  const { ast, file } = source;
  const out: FunctionLength[] = [];
  const lineOf = (pos: number): number => ast.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node, holder: string | undefined, assignedTo: string | undefined): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const name = node.name?.text ?? assignedTo ?? '<class>';
      ts.forEachChild(node, (child) => visit(child, name, undefined));
      return;
    }
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const fn = node as ts.FunctionLikeDeclaration;
      const start = lineOf(fn.getStart(ast));
      out.push({ lines: lineOf(fn.end) - start + 1, name: functionName(fn, holder, assignedTo, ast), file, line: start });
      ts.forEachChild(node, (child) => visit(child, undefined, undefined));
      return;
    }
    if ((ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.initializer !== undefined) {
      const name = node.name.getText(ast);
      const qualified = ts.isPropertyDeclaration(node) && holder !== undefined ? `${holder}.${name}` : name;
      visit(node.initializer, holder, qualified);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, holder, undefined));
  };
  visit(ast, undefined, undefined);
  return out;
}

/** Arrows counted once per (importing file, imported file): a file importing another twice is one arrow. */
function distinct(arrows: readonly Arrow[]): Arrow[] {
  const seen = new Map<string, Arrow>();
  for (const a of arrows) seen.set(`${a.from} ${a.to}`, a);
  return [...seen.values()];
}

function main(): void {
  const topIndex = process.argv.indexOf('--top');
  const top = topIndex >= 0 ? Number(process.argv[topIndex + 1]) : 10;
  const graph = readImportGraph();
  const arrows = distinct(graph.arrows);
  const placed = placements();
  const files = graph.files.map((f) => f.file);
  const parts = [...new Set(files.map(partOf))].sort();
  const lines = graph.files.reduce((n, f) => n + f.ast.getLineAndCharacterOfPosition(f.ast.end).line + (f.ast.text.endsWith('\n') ? 0 : 1), 0);

  const between = arrows.filter((a) => partOf(a.from) !== partOf(a.to));
  const partPairs = new Set(between.map((a) => `${partOf(a.from)} -> ${partOf(a.to)}`));
  const unplaced = parts.filter((p) => !placed.has(p));
  const upward = between.filter((a) => {
    const from = placed.get(partOf(a.from));
    const to = placed.get(partOf(a.to));
    return from !== undefined && to !== undefined && from.rank < to.rank;
  });
  const upwardPairs = [...new Set(upward.map((a) => `${partOf(a.from)} -> ${partOf(a.to)}`))].sort();
  const upwardFiles = new Set(upward.map((a) => a.from));

  const fileCircles = circles(files, adjacency(arrows, (f) => f));
  const partCircles = circles(parts, adjacency(between, partOf));
  const longest = graph.files.flatMap(functionLengths).sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));

  const say = (s = ''): void => void process.stdout.write(`${s}\n`);
  say(`src/: ${files.length} .ts files, ${lines} lines`);
  say(`top-level parts: ${parts.length} (${parts.join(', ')})`);
  say(`layers: ${LAYERS.map((l) => `${l.name} [${l.levels.map((level) => level.join(' ')).join(' | ')}]`).join(' < ')}`);
  if (unplaced.length > 0) say(`parts in no layer: ${unplaced.join(', ')}`);
  say();
  say(`import arrows between files: ${arrows.length} (${between.length} of them between parts)`);
  say(`import arrows between parts: ${partPairs.size}`);
  say(`arrows that point up a layer: ${upward.length} between files (from ${upwardFiles.size} files), ${upwardPairs.length} between parts`);
  for (const pair of upwardPairs) {
    const theirs = upward.filter((a) => `${partOf(a.from)} -> ${partOf(a.to)}` === pair);
    say(`  ${pair}: ${[...new Set(theirs.map((a) => a.from.replace(/^src\//, '')))].join(', ')}`);
  }
  say();
  const sizes = fileCircles.map((c) => c.length);
  say(`import circles between files: ${fileCircles.length} (sizes ${sizes.join(', ') || 'none'}; ${sizes.reduce((n, s) => n + s, 0)} files in one)`);
  for (const c of fileCircles) say(`  ${c.length}: ${c.map((f) => f.replace(/^src\//, '')).join(' ')}`);
  say(`import circles between parts: ${partCircles.length}`);
  for (const c of partCircles) say(`  ${c.length}: ${c.join(' ')}`);
  say();
  say(`the ${top} longest functions (lines, name, file:line):`);
  for (const f of longest.slice(0, top)) say(`  ${String(f.lines).padStart(4)}  ${f.name}  ${f.file}:${f.line}`);
}

main();
