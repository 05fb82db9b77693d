/**
 * Writes the OpenAPI documents of the servers beside the gateway, as they serve them at
 * /openapi.json, into a directory, for `npm run lint:openapi`: the standby's
 * (src/replication/standby-operations.ts), the market-data edge's (src/replication/edge-operations.ts)
 * and the reference provider server's
 * (src/provider-server/operations.ts). Made from their route rows alone: no server starts.
 *
 *   npx tsx scripts/write-server-openapi.ts <dir>
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROVIDER_SERVER_ROUTES } from '../src/provider-server/operations.js';
import { STANDBY_ROUTES } from '../src/replication/standby-operations.js';
import { EDGE_ROUTES } from '../src/replication/edge-operations.js';

const dir = process.argv[2];
if (dir === undefined) {
  console.error('usage: npx tsx scripts/write-server-openapi.ts <dir>');
  process.exit(2);
}
for (const [name, routes] of [['standby', STANDBY_ROUTES], ['edge', EDGE_ROUTES], ['provider-server', PROVIDER_SERVER_ROUTES]] as const) {
  const out = path.join(dir, `${name}.openapi.json`);
  writeFileSync(out, JSON.stringify(routes.document(), null, 2) + '\n');
  console.log(out);
}
