/**
 * The structure of src/ in figures (issue 76; docs/layers.md): top-level parts, import arrows
 * between files and between parts, arrows that point up the declared layers
 * (test/architecture/layers.ts), circles of imports (strongly connected components of the file
 * graph and of the part graph), and the longest functions. Imports are read as
 * test/architecture/layers.test.ts reads them (TypeScript's pre-processor), functions with
 * TypeScript's parser, so the figures can be taken again after a change:
 *
 *   npx tsx scripts/measure-structure.ts [--top N]
 */
import ts from 'typescript';
import { adjacency, circles, moduleSpecifiers, partOf, readImportGraph, type Arrow, type SourceFile } from '../test/architecture/import-graph.js';
import { LAYERS, placements } from '../test/architecture/layers.js';

interface FunctionLength {
  readonly lines: number;
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

/**
 * The module specifiers a full parse finds: a check on the pre-processor's reading, which the
 * layers test relies on (a difference is printed, and would mean the test misses an import).
 */
function parsedSpecifiers(ast: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg !== undefined && ts.isStringLiteralLike(arg)) found.push(arg.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return found;
}

/** The name a function goes by: its own, its class's member, or the variable or property it is assigned to. */
function functionName(node: ts.FunctionLikeDeclaration, holder: string | undefined, assignedTo: string | undefined, ast: ts.SourceFile): string {
  const own = node.name !== undefined ? node.name.getText(ast) : undefined;
  if (ts.isConstructorDeclaration(node)) return `${holder ?? '<class>'}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) return holder !== undefined ? `${holder}.${own}` : (own ?? '<method>');
  return own ?? assignedTo ?? '<anonymous>';
}

/** Every function-like body in the file, with its length in lines (from its first token to its closing brace). */
function functionLengths(ast: ts.SourceFile): FunctionLength[] {
  const file = ast.fileName;
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
  const lines = graph.files.reduce((n, f) => n + f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0), 0);

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
  const parsed = graph.files.map((f: SourceFile) => ts.createSourceFile(f.file, f.text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS));
  const misread = graph.files.filter((f, i) => {
    const key = (list: string[]): string => [...new Set(list)].sort().join(' ');
    return key(moduleSpecifiers(f.text)) !== key(parsedSpecifiers(parsed[i]!));
  });
  const longest = parsed.flatMap(functionLengths).sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));

  const say = (s = ''): void => void process.stdout.write(`${s}\n`);
  say(`src/: ${files.length} .ts files, ${lines} lines`);
  say(`top-level parts: ${parts.length} (${parts.join(', ')})`);
  say(`layers: ${LAYERS.map((l) => `${l.name} [${l.levels.map((level) => level.join(' ')).join(' | ')}]`).join(' < ')}`);
  if (unplaced.length > 0) say(`parts in no layer: ${unplaced.join(', ')}`);
  say(misread.length === 0 ? 'imports: the pre-processor and a full parse find the same in every file' : `imports read differently by the pre-processor and a full parse in: ${misread.map((f) => f.file).join(', ')}`);
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
