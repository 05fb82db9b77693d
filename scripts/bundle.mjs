/**
 * Compiles TypeScript entry points and the modules they import to JavaScript with esbuild,
 * into dist/<name>/: the CLI (scripts/build-cli.mjs) and the service (scripts/build-service.mjs)
 * run compiled instead of through tsx, which compiles every module again on each start.
 *
 * One ES module per entry and per lazily imported part (esbuild's code splitting). Packages
 * stay in node_modules (imported at run time, as under tsx). Each build's inputs.json lists
 * every source file bundled with its size and modification time: the build is fresh while
 * they all match (a stat each).
 *
 * Plain JavaScript on purpose: it must run before anything is compiled, from `prepare`,
 * bin/patx.js and bin/start.js, without tsx.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS_FILE = 'inputs.json';
const THIS_FILE = path.relative(ROOT, fileURLToPath(import.meta.url));

/**
 * A build is in dist/<name>/<build id>/, not beside its sources: a module's `import.meta.url`,
 * `.dirname` and `.filename` are rewritten to name its source file, so the paths it
 * derives from them (the contracts' artifacts, web/dist, worker entries) stay those of
 * the repository. Every output file must therefore sit directly in the build's directory.
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
 * A bundle named `name` of `entries` (output name, without `.js`, to a source path relative
 * to the repository), built by the script `script` (its import.meta.url: a change to it makes
 * the build stale too); `files` (name to text) are written beside the compiled modules.
 *
 * Each build has a directory of its own, dist/<name>/<build id>/, and dist/<name>/current
 * names the newest: a process keeps running its build (its worker threads and lazily loaded
 * parts load from that directory) while a later start, after an edit, compiles another. The
 * three newest builds are kept.
 */
export function bundle({ name, entries, script, files = {} }) {
  const dist = path.join(ROOT, 'dist', name);
  const currentFile = path.join(dist, 'current');
  const scriptFile = path.relative(ROOT, fileURLToPath(script));

  /** The newest build's directory (undefined: never built). */
  const buildDir = () => {
    try {
      const id = readFileSync(currentFile, 'utf8').trim();
      return /^[a-z0-9-]+$/.test(id) ? path.join(dist, id) : undefined;
    } catch {
      return undefined;
    }
  };

  /** The compiled file of entry `entry` in the newest build. */
  const entryFile = (entry) => {
    const dir = buildDir();
    if (dir === undefined) throw new Error(`${name} is not built (dist/${name}/current is missing)`);
    return path.join(dir, `${entry}.js`);
  };

  /** True when the newest build is of the current sources (every input's size and mtime as recorded). */
  const isFresh = () => {
    const dir = buildDir();
    if (dir === undefined) return false;
    let recorded;
    try {
      recorded = JSON.parse(readFileSync(path.join(dir, INPUTS_FILE), 'utf8'));
    } catch {
      return false;
    }
    for (const entry of Object.keys(entries)) if (!existsSync(path.join(dir, `${entry}.js`))) return false;
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

  /** Builds into a new directory, then names it in `current` (written beside, renamed over); resolves with the time it took in ms. */
  const build = async () => {
    const started = performance.now();
    const esbuild = await import('esbuild');
    const id = `${Date.now().toString(36)}-${process.pid.toString(36)}`;
    const out = path.join(dist, id);
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
        plugins: [sourceLocations(out)],
        // The source-location rewrite names files relative to the build's directory, where the chunks end up.
        chunkNames: 'chunk-[hash]',
      });
      const inputs = {};
      for (const file of [...Object.keys(result.metafile.inputs), THIS_FILE, scriptFile]) {
        const st = statSync(path.join(ROOT, file));
        inputs[file] = { size: st.size, mtimeMs: st.mtimeMs };
      }
      for (const [file, text] of Object.entries(files)) writeFileSync(path.join(out, file), text);
      writeFileSync(path.join(out, INPUTS_FILE), `${JSON.stringify({ inputs })}\n`);
    } catch (error) {
      rmSync(out, { recursive: true, force: true });
      throw error;
    } finally {
      // esbuild keeps its service process for a next build; the service and the CLI build once at their start, and it
      // would stay in their process group for their life (a later build starts another).
      await esbuild.stop();
    }
    const next = `${currentFile}.${id}`;
    writeFileSync(next, `${id}\n`);
    renameSync(next, currentFile);
    pruneBuilds(dist, path.basename(buildDir() ?? out));
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

  return { dist, buildDir, entryFile, isFresh, build, runAsScript };
}

/** Where a process that loaded a build marks it held (a file named by its pid), so a later build's prune leaves it. */
const HELD_DIR = '.held';

/**
 * Marks build `dir` as loaded by this process until it exits. A running service (and `patx mcp`) imports chunks of its
 * build lazily, long after its start: three later builds (an edit, a test run beside it) pruned its directory, and its
 * next lazy import failed (ERR_MODULE_NOT_FOUND, answered 500 INTERNAL), found by an outside review.
 */
export function holdBuild(dir) {
  const held = path.join(dir, HELD_DIR);
  mkdirSync(held, { recursive: true });
  const mark = path.join(held, String(process.pid));
  writeFileSync(mark, '');
  process.once('exit', () => rmSync(mark, { force: true }));
}

/** Whether a live process holds build `dir` (holdBuild); the marks of dead ones are removed. */
function held(dir) {
  let pids;
  try {
    pids = readdirSync(path.join(dir, HELD_DIR));
  } catch {
    return false;
  }
  let live = false;
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 0);
      live = true;
    } catch (error) {
      if (error.code === 'EPERM') live = true; // alive, another user's
      else rmSync(path.join(dir, HELD_DIR, pid), { force: true });
    }
  }
  return live;
}

/** Keeps the three newest builds (by name: ids start with their time), `current` and any a live process holds; removes older ones and stray temporaries. */
function pruneBuilds(dist, current) {
  const builds = readdirSync(dist, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const old of builds.slice(0, Math.max(0, builds.length - 3))) {
    if (old !== current && !held(path.join(dist, old))) rmSync(path.join(dist, old), { recursive: true, force: true });
  }
}

/** True when the module with this import.meta.url is the script node was started with. */
export function isMainScript(metaUrl) {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(metaUrl);
}
