/**
 * Compiles TypeScript entry points and the modules they import to JavaScript with esbuild,
 * into dist/<name>/: the CLI (scripts/build-cli.mjs) and the service (scripts/build-service.mjs)
 * run compiled instead of through tsx, which compiles every module again on each start.
 *
 * One ES module per entry and per lazily imported part (esbuild's code splitting). Packages
 * stay in node_modules (imported at run time, as under tsx). dist/<name>/inputs.json lists
 * every source file bundled with its size and modification time: the build is fresh while
 * they all match (a stat each).
 *
 * Plain JavaScript on purpose: it must run before anything is compiled, from `prepare`,
 * bin/patx.js and bin/start.js, without tsx.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS_FILE = 'inputs.json';
const THIS_FILE = path.relative(ROOT, fileURLToPath(import.meta.url));

/**
 * The bundle is in dist/<name>/, not beside its sources: a module's `import.meta.url`,
 * `.dirname` and `.filename` are rewritten to name its source file, so the paths it
 * derives from them (the contracts' artifacts, web/dist, worker entries) stay those of
 * the repository. Every output file must therefore sit directly in dist/<name>/.
 */
function sourceLocations(dist) {
  return {
    name: 'patx-source-locations',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        let text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.')) return { contents: text, loader: 'ts' };
        const fromDist = JSON.stringify(path.relative(dist, args.path).split(path.sep).join('/'));
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
}

/**
 * A bundle named `name` (its directory dist/<name>) of `entries` (output name, without
 * `.js`, to a source path relative to the repository), built by the script `script`
 * (its import.meta.url: a change to it makes the build stale too); `files` (name to text)
 * are written beside the compiled modules.
 */
export function bundle({ name, entries, script, files = {} }) {
  const dist = path.join(ROOT, 'dist', name);
  const scriptFile = path.relative(ROOT, fileURLToPath(script));

  /** The compiled file of entry `entry`. */
  const entryFile = (entry) => path.join(dist, `${entry}.js`);

  /** True when dist/<name> holds a build of the current sources (every input's size and mtime as recorded). */
  const isFresh = () => {
    let recorded;
    try {
      recorded = JSON.parse(readFileSync(path.join(dist, INPUTS_FILE), 'utf8'));
    } catch {
      return false;
    }
    for (const entry of Object.keys(entries)) if (!existsSync(entryFile(entry))) return false;
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
  };

  /** Builds dist/<name> (into a temporary directory, then renamed into place); resolves with the time it took in ms. */
  const build = async () => {
    const started = performance.now();
    const esbuild = await import('esbuild');
    const out = path.join(ROOT, 'dist', `.${name}-${process.pid}-${Date.now()}`);
    mkdirSync(out, { recursive: true });
    try {
      const result = await esbuild.build({
        absWorkingDir: ROOT,
        entryPoints: Object.fromEntries(Object.entries(entries).map(([entry, source]) => [entry, path.join(ROOT, source)])),
        outdir: out,
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        metafile: true,
        logLevel: 'warning',
        plugins: [sourceLocations(dist)],
        // The source-location rewrite names files relative to dist/<name>, where the chunks end up.
        chunkNames: 'chunk-[hash]',
      });
      const inputs = {};
      for (const file of [...Object.keys(result.metafile.inputs), THIS_FILE, scriptFile]) {
        const st = statSync(path.join(ROOT, file));
        inputs[file] = { size: st.size, mtimeMs: st.mtimeMs };
      }
      for (const [file, text] of Object.entries(files)) writeFileSync(path.join(out, file), text);
      writeFileSync(path.join(out, INPUTS_FILE), `${JSON.stringify({ inputs })}\n`);
      // A parallel start may have just put the same build there and be running it: leave it be.
      if (isFresh()) return performance.now() - started;
      rmSync(dist, { recursive: true, force: true });
      try {
        renameSync(out, dist);
      } catch (error) {
        // Another process put its build there first: fine if it is of the same sources.
        if (!isFresh()) throw error;
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    return performance.now() - started;
  };

  /**
   * Run as a script (`node scripts/build-<name>.mjs [--if-possible] [--if-stale]`): builds and says so
   * in one line; with --if-stale only when a source changed since the last build.
   * With --if-possible (npm ci's `prepare`) a failure is reported but exits 0: the entry points
   * try again at their start, or run the sources through tsx.
   */
  const runAsScript = (label) => {
    const first = path.join(ROOT, Object.values(entries)[0]);
    if (!existsSync(first)) {
      // `npm ci` before the sources are there (the Dockerfile's dependency layer): nothing to compile yet.
      process.stdout.write(`build:${name}: no ${path.relative(ROOT, first)} here yet; skipped\n`);
      return;
    }
    if (process.argv.includes('--if-stale') && isFresh()) {
      process.stdout.write(`${label} in ${path.relative(process.cwd(), dist) || dist} is up to date\n`);
      return;
    }
    build().then(
      (ms) => process.stdout.write(`${label} compiled into ${path.relative(process.cwd(), dist) || dist} in ${Math.round(ms)} ms\n`),
      (error) => {
        process.stderr.write(`build:${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = process.argv.includes('--if-possible') ? 0 : 1;
      },
    );
  };

  return { dist, entryFile, isFresh, build, runAsScript };
}

/** True when the module with this import.meta.url is the script node was started with. */
export function isMainScript(metaUrl) {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(metaUrl);
}
