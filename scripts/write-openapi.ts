/**
 * Writes the OpenAPI document the service serves at /openapi.json to a file (default: a
 * temporary one, its path printed), for `npm run lint:openapi`: a service is started on a
 * temporary data directory (no chain, ports chosen by the OS), its route registry asked for
 * the document, then stopped.
 *
 *   npx tsx scripts/write-openapi.ts [out.json]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/app/config.js';
import { createLogger } from '../src/runtime/log.js';
import { startService } from '../src/app/service.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-openapi-'));
const out = process.argv[2] ?? path.join(dir, '..', `patx-openapi-${process.pid}.json`);
try {
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, settlement: { enabled: false }, demo: { enabled: false }, providerServer: { enabled: false } });
  const service = await startService(config, createLogger('silent'));
  try {
    writeFileSync(out, JSON.stringify(service.gateway.http.openApi(), null, 2) + '\n');
  } finally {
    await service.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(out);
