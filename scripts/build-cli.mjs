#!/usr/bin/env node
/**
 * Compiles the `patx` CLI (src/cli.ts and the modules it imports) to JavaScript in
 * dist/cli/ with esbuild, so `npx patx …` starts in node directly instead of compiling
 * TypeScript through tsx on every call. `npm run build:cli` runs it; so does `npm ci`
 * (the `prepare` script, with --if-possible: a failure is reported but does not fail the
 * install) and bin/patx.js when a source changed since the last build.
 *
 * One ES module per lazily imported part (esbuild's code splitting): src/cli.ts imports
 * the engine, settlement or the operator client only inside the command that needs it,
 * so `--help` loads commander alone. Packages stay in node_modules (imported at run
 * time, as under tsx). dist/cli/inputs.json lists every source file bundled with its
 * size and modification time: the build is fresh while they all match (a stat each).
 *
 * Plain JavaScript on purpose: it must run before anything is compiled, from `prepare`
 * and from bin/patx.js, without tsx.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIST = path.join(ROOT, 'dist', 'cli');
export const CLI_ENTRY = path.join(CLI_DIST, 'cli.js');
const INPUTS_FILE = 'inputs.json';
const SOURCE = path.join(ROOT, 'src', 'cli.ts');
const THIS_FILE = path.relative(ROOT, fileURLToPath(import.meta.url));

/** True when dist/cli holds a build of the current sources (every input's size and mtime as recorded). */
export function cliBuildIsFresh() {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(path.join(CLI_DIST, INPUTS_FILE), 'utf8'));
  } catch {
    return false;
  }
  if (!existsSync(CLI_ENTRY)) return false;
  for (const [file, { size, mtimeMs }] of Object.entries(recorded.inputs)) {
    let st;
    try {
      st = statSync(path.join(ROOT, file));
    } catch {
      return false; // an input was removed
    }
    if (st.size !== size || st.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/**
 * The bundle is in dist/cli/, not beside its sources: a module's `import.meta.url`,
 * `.dirname` and `.filename` are rewritten to name its source file, so the paths it
 * derives from them (the contracts' artifacts, web/dist, worker entries) stay those of
 * the repository.
 */
const sourceLocations = {
  name: 'patx-source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.')) return { contents: text, loader: 'ts' };
      const fromDist = JSON.stringify(path.relative(CLI_DIST, args.path).split(path.sep).join('/'));
      const url = `new URL(${fromDist}, import.meta.url)`;
      text = text
        .replaceAll('import.meta.url', `${url}.href`)
        .replaceAll('import.meta.filename', `__patxFileURLToPath(${url})`)
        .replaceAll('import.meta.dirname', `__patxDirname(__patxFileURLToPath(${url}))`);
      const prelude = "import { fileURLToPath as __patxFileURLToPath } from 'node:url'; import { dirname as __patxDirname } from 'node:path';\n";
      return { contents: prelude + text, loader: 'ts' };
    });
  },
};

/** Builds dist/cli (into a temporary directory, then renamed into place); resolves with the time it took in ms. */
export async function buildCli() {
  const started = performance.now();
  const { build } = await import('esbuild');
  const out = path.join(ROOT, 'dist', `.cli-${process.pid}-${Date.now()}`);
  mkdirSync(out, { recursive: true });
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: { cli: SOURCE },
      outdir: out,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      metafile: true,
      logLevel: 'warning',
      plugins: [sourceLocations],
      // The source-location rewrite above names files relative to dist/cli, where the chunks end up.
      chunkNames: 'chunk-[hash]',
    });
    const inputs = {};
    for (const file of [...Object.keys(result.metafile.inputs), THIS_FILE]) {
      const st = statSync(path.join(ROOT, file));
      inputs[file] = { size: st.size, mtimeMs: st.mtimeMs };
    }
    writeFileSync(path.join(out, INPUTS_FILE), `${JSON.stringify({ inputs })}\n`);
    // A parallel `patx` may have just put the same build there and be running it: leave it be.
    if (cliBuildIsFresh()) return performance.now() - started;
    rmSync(CLI_DIST, { recursive: true, force: true });
    try {
      renameSync(out, CLI_DIST);
    } catch (error) {
      // Another process (a parallel `patx`) put its build there first: fine if it is of the same sources.
      if (!cliBuildIsFresh()) throw error;
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return performance.now() - started;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(SOURCE)) {
    // `npm ci` before the sources are there (the Dockerfile's dependency layer): nothing to compile yet.
    process.stdout.write('build:cli: no src/cli.ts here yet; skipped\n');
  } else {
    buildCli().then(
      (ms) => process.stdout.write(`patx CLI compiled into ${path.relative(process.cwd(), CLI_DIST) || CLI_DIST} in ${Math.round(ms)} ms\n`),
      (error) => {
        process.stderr.write(`build:cli failed: ${error instanceof Error ? error.message : String(error)}\n`);
        // From `prepare` (--if-possible) a failed build must not fail `npm ci`: bin/patx.js tries again, or runs the sources.
        process.exitCode = process.argv.includes('--if-possible') ? 0 : 1;
      },
    );
  }
}
