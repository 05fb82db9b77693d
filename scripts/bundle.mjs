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
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
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
 * Marks the modules under `folders` (repository paths ending in /) free of side effects on import, so that a bundle
 * leaves out those it uses nothing of, constants built at their top level and all (esbuild keeps any module whose top
 * level calls something, since it cannot tell that the call does nothing else). True of the engine and of risk, which
 * do no I/O: their modules' top levels only build their own tables. A thread's entry then loads neither zod nor the order
 * book's window table for the few enums it reads through src/engine/index.ts (the order history's writer: 94 KB to 34 KB).
 */
function sideEffectFree(folders) {
  const roots = folders.map((f) => path.join(ROOT, f));
  return {
    name: 'patx-side-effect-free',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData === sideEffectFree) return undefined; // the resolve below, asking esbuild's own
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: sideEffectFree });
        if (resolved.errors.length > 0 || !roots.some((root) => resolved.path.startsWith(root))) return resolved;
        return { ...resolved, sideEffects: false };
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
 *
 * `standalone` entries (output name to source, like `entries`) are each compiled alone: one file that holds only what
 * its entry reaches, tree-shaken, sharing no chunk with another entry (what it imports lazily, `import()`, is a chunk of
 * its own, loaded when first asked for). A thread's or a child process's entry
 * goes there: split with the service's main entry, a worker loaded the chunks it shared with it whole (the order
 * history's writer the whole engine and journal, 0.6 MB), since a chunk holds every module the same set of entries
 * reaches, used or not. In those, the modules under `sideEffectFreeFolders` are left out when unused (sideEffectFree).
 */
export function bundle({ name, entries, standalone = {}, sideEffectFreeFolders = [], script, files = {} }) {
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

  /** True when build `dir` (by default the newest) is of the current sources (every input's size and mtime as recorded). */
  const isFresh = (dir = buildDir()) => {
    if (dir === undefined) return false;
    let recorded;
    try {
      recorded = JSON.parse(readFileSync(path.join(dir, INPUTS_FILE), 'utf8'));
    } catch {
      return false;
    }
    for (const entry of [...Object.keys(entries), ...Object.keys(standalone)]) if (!existsSync(path.join(dir, `${entry}.js`))) return false;
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
    mkdirSync(dist, { recursive: true });
    // Held while it is written (made and marked under the lock): another process's prune leaves a build in progress.
    const mark = withBuildsLock(dist, () => {
      mkdirSync(out);
      return markHeld(out);
    });
    try {
      const common = {
        absWorkingDir: ROOT,
        outdir: out,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        metafile: true,
        logLevel: 'warning',
        plugins: [sourceLocations(out)],
      };
      const sources = (list) => Object.fromEntries(Object.entries(list).map(([entry, source]) => [entry, path.join(ROOT, source)]));
      const results = await Promise.all([
        // The source-location rewrite names files relative to the build's directory, where the chunks end up.
        esbuild.build({ ...common, entryPoints: sources(entries), splitting: true, chunkNames: 'chunk-[hash]' }),
        ...Object.entries(standalone).map(([entry, source]) =>
          esbuild.build({ ...common, entryPoints: sources({ [entry]: source }), splitting: true, chunkNames: 'chunk-[hash]', plugins: [...common.plugins, sideEffectFree(sideEffectFreeFolders)] }),
        ),
      ]);
      const inputs = {};
      for (const file of new Set([...results.flatMap((r) => Object.keys(r.metafile.inputs)), THIS_FILE, scriptFile])) {
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
    pruneBuilds(dist, currentFile);
    rmSync(mark, { force: true });
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
/** dist/<name>/.lock: a prune and a hold each take it, so neither sees the other half done. */
const LOCK_FILE = '.lock';
/** A prune or a hold takes milliseconds: one that waits longer than this for the lock fails, naming the process that holds it. */
const LOCK_WAIT_MS = 120_000;

/**
 * Marks build `dir` as loaded by this process until it exits; false (and nothing marked) when `dir` is no whole build
 * any more (a prune removed it since it was named). A running service (and `patx mcp`) imports chunks of its build
 * lazily, long after its start: three later builds (an edit, a test run beside it) pruned its directory, and its next
 * lazy import failed (ERR_MODULE_NOT_FOUND, answered 500 INTERNAL), found by an outside review. The mark is written
 * and the build checked under the builds' lock, which a prune holds from its check of the marks to its last removal:
 * a build is either held whole or found gone, never held while a prune that did not see the mark removes it (two
 * test runs at once, each building and holding, removed each other's builds so).
 */
export function holdBuild(dir) {
  if (!existsSync(dir)) return false;
  return withBuildsLock(path.dirname(dir), () => {
    // inputs.json is written last and removed first: a build without it is being written or removed.
    if (!existsSync(path.join(dir, INPUTS_FILE))) return false;
    const mark = markHeld(dir);
    process.once('exit', () => rmSync(mark, { force: true }));
    return true;
  });
}

/** Writes this process's mark in `dir`'s held marks (never creating `dir` itself); returns the mark's path. */
function markHeld(dir) {
  const held = path.join(dir, HELD_DIR);
  try {
    mkdirSync(held);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  }
  const mark = path.join(held, String(process.pid));
  writeFileSync(mark, '');
  return mark;
}

/**
 * Runs `fn` holding `dist`'s builds lock (a file made with O_EXCL naming this process). A lock whose process is gone
 * (killed inside a prune) is removed; one whose process lives is waited for, polling every 10 ms. (Two processes that
 * find the same dead holder at once could both take it: only after a process was killed inside a prune or a hold.)
 */
export function withBuildsLock(dist, fn) {
  const lock = path.join(dist, LOCK_FILE);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    let fd;
    try {
      fd = openSync(lock, 'wx');
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (lockHolderGone(lock)) rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} is held by process ${readPid(lock)} for over ${LOCK_WAIT_MS} ms`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return fn();
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

function readPid(file) {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return NaN;
  }
}

/** An empty lock older than this was left by a process killed between making it and writing its pid. */
const UNNAMED_LOCK_MS = 10_000;

/** True when the lock's process is gone. An empty lock is one being written (its pid comes next), unless it is old. */
function lockHolderGone(lock) {
  const pid = readPid(lock);
  if (Number.isSafeInteger(pid) && pid > 0) return !processLives(pid);
  try {
    return Date.now() - statSync(lock).mtimeMs > UNNAMED_LOCK_MS;
  } catch {
    return false; // removed meanwhile: the next try takes it
  }
}

function processLives(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM'; // alive, another user's
  }
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
    if (processLives(Number(pid))) live = true;
    else rmSync(path.join(dir, HELD_DIR, pid), { force: true });
  }
  return live;
}

/**
 * Keeps the three newest builds (by name: ids start with their time), the one `currentFile` names and any a live
 * process holds (or is writing); removes older ones. Under the builds' lock, `current` read inside it: a hold waits.
 */
function pruneBuilds(dist, currentFile) {
  withBuildsLock(dist, () => {
    let current;
    try {
      current = readFileSync(currentFile, 'utf8').trim();
    } catch {
      current = undefined;
    }
    const builds = readdirSync(dist, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    for (const old of builds.slice(0, Math.max(0, builds.length - 3))) {
      const dir = path.join(dist, old);
      if (old === current || held(dir)) continue;
      // inputs.json first: a removal cut short (the process killed) leaves no build a hold takes for whole.
      rmSync(path.join(dir, INPUTS_FILE), { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** True when the module with this import.meta.url is the script node was started with. */
export function isMainScript(metaUrl) {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(metaUrl);
}
