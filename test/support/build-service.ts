/**
 * vitest globalSetup: compiles the service (dist/service, scripts/build-service.mjs) once before
 * any test when a source changed since, so the tests that start it as `npm start` does
 * (bin/start.js) run the current code and never compile it concurrently.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, ['scripts/build-service.mjs', '--if-stale'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
