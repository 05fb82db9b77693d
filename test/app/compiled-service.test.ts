/**
 * `npm start` runs the service compiled to JavaScript (bin/start.js, dist/service built by
 * scripts/build-service.mjs), and each worker thread its compiled entry too: the map in
 * the build's workers.json must name every worker the code starts, and
 * src/gateway/worker-boot.mjs must pick the compiled file when the service runs compiled and
 * the source (through tsx) otherwise. Real worker threads; the whole compiled service is
 * started by the tests that spawn bin/start.js (signals, restarts, failover, edges).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BOOT = path.join(ROOT, 'src/gateway/worker-boot.mjs');
const temp: string[] = [];
afterAll(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Every `entry: new URL('./x.ts', import.meta.url)` given to worker-boot.mjs in src/ (directly or by worker-thread.ts's startThread), as a path from the repository. */
function workerEntriesInSource(): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) visit(file);
      else if (e.name.endsWith('.ts')) {
        const text = readFileSync(file, 'utf8');
        if (!text.includes('worker-boot.mjs') && !text.includes('startThread(') && !text.includes('bootThread(')) continue; // src/runtime/worker-thread.ts starts threads through it
        for (const m of text.matchAll(/entry: new URL\('([^']+\.ts)', import\.meta\.url\)/g)) found.push(path.relative(ROOT, path.resolve(path.dirname(file), m[1]!)).split(path.sep).join('/'));
      }
    }
  };
  visit(path.join(ROOT, 'src'));
  return found.sort();
}

/** Runs worker-boot.mjs on `entry` with `env`; resolves with the first message the worker posts. */
function boot(entry: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { workerData: { entry: pathToFileURL(entry).href }, env });
    worker.once('message', (m: unknown) => void worker.terminate().then(() => resolve(m)));
    worker.once('error', reject);
  });
}

describe('the compiled service', () => {
  it("lists every worker thread the code starts in the build's workers.json, each compiled", () => {
    const build = path.join(ROOT, 'dist/service', readFileSync(path.join(ROOT, 'dist/service/current'), 'utf8').trim());
    const map = JSON.parse(readFileSync(path.join(build, 'workers.json'), 'utf8')) as Record<string, string>;
    const entries = workerEntriesInSource();
    expect(entries).toEqual(['src/catalog/purchase-worker.ts', 'src/demo/provider-child.ts', 'src/gateway/market-data-worker.ts', 'src/gateway/order-history-worker.ts', 'src/gateway/statement-worker.ts', 'src/intake/worker.ts', 'src/replication/lease-worker.ts', 'src/settlement/chain-dump-worker.ts']);
    expect(Object.keys(map).sort()).toEqual(entries);
    for (const compiled of Object.values(map)) expect(readFileSync(path.join(build, compiled), 'utf8').length).toBeGreaterThan(0);
  });

  it("compiles each worker's entry alone: at its start it loads no chunk of the service's, and only the code it runs", () => {
    const build = path.join(ROOT, 'dist/service', readFileSync(path.join(ROOT, 'dist/service/current'), 'utf8').trim());
    const map = JSON.parse(readFileSync(path.join(build, 'workers.json'), 'utf8')) as Record<string, string>;
    /** The files of the build and the packages a file loads as it loads (static imports, followed; an `import()` loads when first asked for). */
    const loadedAtStart = (file: string): { files: Set<string>; packages: Set<string> } => {
      const files = new Set<string>();
      const packages = new Set<string>();
      const visit = (f: string): void => {
        if (files.has(f)) return;
        files.add(f);
        for (const m of readFileSync(path.join(build, f), 'utf8').matchAll(/^(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)";?$|^import\s*"([^"]+)";?$/gms)) {
          const spec = (m[1] ?? m[2])!;
          if (spec.startsWith('./')) visit(spec.slice(2));
          else packages.add(spec);
        }
      };
      visit(file);
      return { files, packages };
    };
    const text = (files: Set<string>): string => [...files].map((f) => readFileSync(path.join(build, f), 'utf8')).join('\n');
    const service = loadedAtStart('main.js').files;
    for (const compiled of Object.values(map)) expect([...loadedAtStart(compiled).files].filter((f) => f !== compiled && service.has(f)), compiled).toEqual([]);
    // Split with the service's entry, the order history's writer loaded the chunk of the whole engine and journal (0.6 MB), zod with it; its rows read a few enums.
    const orderHistory = loadedAtStart(map['src/gateway/order-history-worker.ts']!);
    expect([...orderHistory.packages]).not.toContain('zod');
    expect(text(orderHistory.files)).not.toContain('// src/engine/core/order-book.ts');
    expect(text(orderHistory.files)).toContain('// src/gateway/order-history-flush.ts');
    // The market-data thread reads how the gateway is offered (src/gateway/transport.ts), not the config's zod schemas.
    expect([...loadedAtStart(map['src/gateway/market-data-worker.ts']!).packages]).not.toContain('zod');
    // The demo's provider server reads the exchange over HTTP (src/client/provider.ts): none of the client's protobuf (0.45 MB).
    expect([...loadedAtStart(map['src/demo/provider-child.ts']!).packages]).not.toContain('protobufjs/minimal.js');
    // An intake worker verifies signatures from its start; the catalog's measuring code (zod, CSV, Parquet) loads with its first measurement.
    expect([...loadedAtStart(map['src/intake/worker.ts']!).packages].filter((spec) => ['zod', 'hyparquet', 'csv-parse/sync'].includes(spec))).toEqual([]);
  });

  it('boots a worker on its compiled entry when PATX_SERVICE_DIST names a build, on its source through tsx otherwise', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'patx-worker-boot-'));
    temp.push(root);
    const dist = path.join(root, 'dist', 'service', 'b1'); // a build's own directory, as PATX_SERVICE_DIST names it
    mkdirSync(dist, { recursive: true });
    mkdirSync(path.join(root, 'src', 'x'), { recursive: true });
    writeFileSync(path.join(root, 'package.json'), '{"type":"module"}'); // as the repository's: its .ts files are ES modules
    const source = path.join(root, 'src', 'x', 'probe.ts');
    writeFileSync(source, "import { parentPort } from 'node:worker_threads';\nconst from: string = 'source';\nparentPort!.postMessage(from);\n");
    writeFileSync(path.join(dist, 'probe.js'), "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage('compiled');\n");
    writeFileSync(path.join(dist, 'workers.json'), JSON.stringify({ 'src/x/probe.ts': 'probe.js' }));

    expect(await boot(source, { ...process.env, PATX_SERVICE_DIST: dist })).toBe('compiled');
    const { PATX_SERVICE_DIST: _, ...without } = process.env;
    expect(await boot(source, without)).toBe('source');
    // A worker the build does not know is an error, not a silent start from the sources.
    const other = path.join(root, 'src', 'x', 'other.ts');
    writeFileSync(other, "import { parentPort } from 'node:worker_threads';\nparentPort!.postMessage('source');\n");
    await expect(boot(other, { ...process.env, PATX_SERVICE_DIST: dist })).rejects.toThrow(/no compiled worker for src\/x\/other\.ts/);
  }, 60_000);

  it('puts each build in a directory of its own: a later build (after an edit) leaves the one a running service uses, and the three newest are kept', () => {
    // A bundle of its own name (not the service's or the CLI's, which other test files run meanwhile).
    const name = `test-builds-${process.pid}`;
    temp.push(path.join(ROOT, 'dist', name));
    const script = `
      import { pathToFileURL } from 'node:url';
      import { bundle } from './scripts/bundle.mjs';
      const b = bundle({ name: ${JSON.stringify(name)}, entries: { probe: 'src/engine/core/integers.ts' }, script: pathToFileURL('scripts/bundle.mjs').href });
      const dirs = [];
      for (let i = 0; i < 5; i++) { await b.build(); dirs.push(b.buildDir()); }
      process.stdout.write(JSON.stringify({ dirs, fresh: b.isFresh(), entry: b.entryFile('probe') }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as { dirs: string[]; fresh: boolean; entry: string };
    expect(new Set(out.dirs).size).toBe(5);
    expect(out.dirs.map((d) => existsSync(d))).toEqual([false, false, true, true, true]);
    expect(readFileSync(path.join(ROOT, 'dist', name, 'current'), 'utf8').trim()).toBe(path.basename(out.dirs[4]!));
    expect(out.entry).toBe(path.join(out.dirs[4]!, 'probe.js'));
    expect(out.fresh).toBe(true);
  }, 60_000);

  it('leaves a build a live process holds when later builds prune the older ones, and prunes it once that process is gone', () => {
    const name = `test-held-${process.pid}`;
    temp.push(path.join(ROOT, 'dist', name));
    // One process builds and holds its build (as bin/start.js does), then stays alive; another builds four more times.
    const setup = `
      import { pathToFileURL } from 'node:url';
      import { bundle, holdBuild } from './scripts/bundle.mjs';
      const b = bundle({ name: ${JSON.stringify(name)}, entries: { probe: 'src/engine/core/integers.ts' }, script: pathToFileURL('scripts/bundle.mjs').href });`;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `${setup}
      await b.build(); holdBuild(b.buildDir()); process.stdout.write(b.buildDir() + '\\n'); setInterval(() => {}, 1000);`], { cwd: ROOT });
    const builds = `${setup}
      for (let i = 0; i < 4; i++) await b.build();`;
    return new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', (line: Buffer) => {
        try {
          const heldDir = line.toString().trim();
          execFileSync(process.execPath, ['--input-type=module', '-e', builds], { cwd: ROOT });
          expect(existsSync(path.join(heldDir, 'probe.js'))).toBe(true); // the fourth newest, kept: its process lives
          holder.kill('SIGKILL'); // no exit handler runs: its mark stays, and the next prune finds its process gone
          holder.once('exit', () => {
            try {
              execFileSync(process.execPath, ['--input-type=module', '-e', `${setup} await b.build();`], { cwd: ROOT });
              expect(existsSync(heldDir)).toBe(false);
              resolve();
            } catch (error) {
              reject(error as Error);
            }
          });
        } catch (error) {
          holder.kill('SIGKILL');
          reject(error as Error);
        }
      });
    });
  }, 90_000);
});
