/** `npm run build:contracts`: compiles the contracts and writes build/artifacts.json (committed). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileContracts, CONTRACTS_DIR } from './compile.js';

const started = Date.now();
const artifacts = compileContracts();
const dir = join(CONTRACTS_DIR, 'build');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'artifacts.json');
writeFileSync(file, JSON.stringify(artifacts, null, 1) + '\n');
console.log(`compiled ${Object.keys(artifacts.contracts).join(', ')} with solc ${artifacts.solcVersion} in ${Date.now() - started} ms -> ${file}`);
