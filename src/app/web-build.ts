/**
 * Builds the web console (web/ → web/dist) with esbuild, when its inputs changed.
 * `npm start` builds it before the service starts when it is missing or stale (a
 * fresh clone's first start, an edit under web/ or src/client/; a few seconds),
 * and logs when it starts and ends; later starts only hash the inputs. `npm run
 * build:web` builds it now. The inputs are web/index.html, web/public, web/src, the
 * client it bundles (src/client, src/proto), this file and the lockfile; their hash is
 * kept in web/dist/.build-stamp. Nothing is downloaded: esbuild, Preact and
 * lightweight-charts come from node_modules.
 *
 * Out: web/dist/index.html (web/index.html with the development entry replaced by the
 * bundles), web/dist/assets/index-HASH.js and .css (content-hashed: the gateway serves
 * them as immutable), and web/public's files at the root. esbuild, not Vite: the same
 * bundle in 3–5 s where Vite took 42 s on this project's loaded machine (bench/RESULTS.md).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const WEB_DIR = path.join(ROOT, 'web');
export const WEB_DIST = path.join(WEB_DIR, 'dist');
const STAMP = '.build-stamp';
const INPUTS = ['web/index.html', 'web/public', 'web/src', 'src/client', 'src/proto', 'src/app/web-build.ts', 'package-lock.json'];
/** The development entry in web/index.html, replaced by the built bundles. */
const ENTRY_TAG = /\s*<script type="module" src="\/src\/main\.tsx"><\/script>/;

/**
 * A hash of every input file's path and content: INPUTS, and `read`, the other files of src/ the
 * last build read (the console's bundle reaches the catalog's listing types, the signed texts of
 * a delivery, the engine's public values ...: esbuild's metafile names them, the stamp keeps them),
 * so an edit to any of them makes the build stale.
 */
export function webInputsHash(read: readonly string[] = []): string {
  const hash = createHash('sha256');
  const add = (rel: string): void => {
    const abs = path.join(ROOT, rel);
    if (!existsSync(abs)) return;
    const entries = readdirSync(path.dirname(abs), { withFileTypes: true }).find((e) => e.name === path.basename(abs));
    if (entries?.isDirectory()) {
      for (const name of readdirSync(abs).sort()) add(path.join(rel, name));
    } else {
      hash.update(rel).update('\0').update(readFileSync(abs)).update('\0');
    }
  };
  for (const rel of INPUTS) add(rel);
  for (const rel of [...read].sort()) {
    if (existsSync(path.join(ROOT, rel))) add(rel);
    else hash.update(rel).update('\0gone\0'); // deleted since: stale
  }
  return hash.digest('hex');
}

/** True when `dist` (web/dist) holds a build of the current inputs. */
export function webBuildIsFresh(dist: string = WEB_DIST): boolean {
  const stamp = path.join(dist, STAMP);
  if (!existsSync(path.join(dist, 'index.html')) || !existsSync(stamp)) return false;
  const [hash, ...read] = readFileSync(stamp, 'utf8').split('\n').filter((line) => line !== '');
  return hash === webInputsHash(read);
}

/** Why `dist` must be built: never built, or built from other inputs; undefined when it is fresh. */
export function webBuildNeeded(dist: string = WEB_DIST): 'missing' | 'stale' | undefined {
  if (!existsSync(path.join(dist, 'index.html'))) return 'missing';
  return webBuildIsFresh(dist) ? undefined : 'stale';
}

/** Builds the console into `dist` (web/dist): into a temporary directory beside it, then renamed into place. */
export async function buildWeb(dist: string = WEB_DIST): Promise<void> {
  const { build, stop } = await import('esbuild');
  const out = path.join(path.dirname(dist), `.dist-${process.pid}-${Date.now()}`);
  try {
    const html = readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8');
    if (!ENTRY_TAG.test(html)) throw new Error('web/index.html has no <script type="module" src="/src/main.tsx"></script> to replace');
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: { index: path.join(WEB_DIR, 'src/main.tsx') },
      outdir: path.join(out, 'assets'),
      entryNames: '[name]-[hash]',
      assetNames: '[name]-[hash]',
      publicPath: '/assets/',
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      metafile: true,
      logLevel: 'silent',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.svg': 'file', '.png': 'file', '.woff2': 'file' },
      // The client uses two Node built-ins; the browser gets small stand-ins (web/src/shims). `ws` resolves to its browser stub (its package's "browser" field) and is never called there.
      alias: { 'node:events': path.join(WEB_DIR, 'src/shims/events.ts'), 'node:zlib': path.join(WEB_DIR, 'src/shims/zlib.ts') },
    });
    const built = Object.keys(result.metafile.outputs).map((file) => `/assets/${path.basename(file)}`);
    const script = built.find((url) => /^\/assets\/index-[^/]*\.js$/.test(url));
    const style = built.find((url) => /^\/assets\/index-[^/]*\.css$/.test(url));
    if (script === undefined) throw new Error('esbuild wrote no index-*.js');
    const tags = [`    <script type="module" src="${script}"></script>`, ...(style === undefined ? [] : [`    <link rel="stylesheet" href="${style}">`])].join('\n');
    writeFileSync(path.join(out, 'index.html'), html.replace(ENTRY_TAG, '').replace(/\n?\s*<\/head>/, `\n${tags}\n  </head>`));
    const publicDir = path.join(WEB_DIR, 'public');
    if (existsSync(publicDir)) cpSync(publicDir, out, { recursive: true });
    const read = readBeyondInputs(result.metafile.inputs);
    writeFileSync(path.join(out, STAMP), `${[webInputsHash(read), ...read].join('\n')}\n`);
    rmSync(dist, { recursive: true, force: true });
    try {
      renameSync(out, dist);
    } catch (error) {
      // Another process (a second start, a parallel test) put its build there first: fine if it is of the same inputs.
      if (!webBuildIsFresh(dist)) throw error;
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
    // esbuild keeps its service process for the next build; there is none in a running service: it would stay in the
    // service's process group for the process's life (a later build starts another).
    await stop();
  }
}

/** The files of src/ a build read that INPUTS does not already cover (esbuild's metafile inputs, relative to the root). */
export function readBeyondInputs(inputs: Readonly<Record<string, unknown>>): string[] {
  const covered = (file: string): boolean => INPUTS.some((rel) => file === rel || file.startsWith(`${rel}/`));
  return Object.keys(inputs)
    .filter((file) => file.startsWith('src/') && !covered(file))
    .sort();
}

/** Builds web/dist unless it is fresh; resolves with whether it built. */
export async function ensureWebBuilt(): Promise<boolean> {
  if (webBuildIsFresh()) return false;
  await buildWeb();
  return true;
}

/** Where `npm start` says what it does about the console (the service's logger). */
export interface WebBuildLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * `npm start`'s step before the service starts: builds `dist` when it is missing or stale,
 * logging when the build starts (and why) and when it ends (and how long it took). Never
 * throws: a failed build is logged and the exchange starts without its console (GET /
 * answers CONSOLE_NOT_BUILT).
 */
export async function prepareWebConsole(log: WebBuildLog, dist: string = WEB_DIST): Promise<'fresh' | 'built' | 'failed'> {
  const needed = webBuildNeeded(dist);
  if (needed === undefined) return 'fresh';
  const started = performance.now();
  log.info({ module: 'web', reason: needed === 'missing' ? 'not built yet' : 'its sources changed' }, 'building the web console (web/ into web/dist)');
  try {
    await buildWeb(dist);
  } catch (error) {
    log.error({ module: 'web', err: error }, 'web console build failed; the exchange starts without it');
    return 'failed';
  }
  log.info({ module: 'web', ms: Math.round(performance.now() - started) }, 'web console built');
  return 'built';
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const started = performance.now();
  buildWeb().then(
    () => process.stdout.write(`web console built into ${path.relative(process.cwd(), WEB_DIST) || WEB_DIST} in ${Math.round(performance.now() - started)} ms\n`),
    (error: unknown) => {
      process.stderr.write(`build:web failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
