/**
 * The compiled contracts (build/artifacts.json, committed; regenerate with
 * `npm run build:contracts`). A test checks they match the sources.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_NAMES, CONTRACTS_DIR, type Artifacts, type ContractArtifact, type ContractName } from './compile.js';

export const ARTIFACTS_FILE = join(CONTRACTS_DIR, 'build', 'artifacts.json');

export class ArtifactsError extends Error {
  override readonly name = 'ArtifactsError';
}

let cached: Artifacts | undefined;

export function loadArtifacts(): Artifacts {
  if (cached !== undefined) return cached;
  let parsed: Artifacts;
  try {
    parsed = JSON.parse(readFileSync(ARTIFACTS_FILE, 'utf8')) as Artifacts;
  } catch (error) {
    throw new ArtifactsError(`cannot read ${ARTIFACTS_FILE} (run npm run build:contracts): ${(error as Error).message}`);
  }
  for (const name of CONTRACT_NAMES) {
    const a = parsed.contracts?.[name];
    if (a === undefined || !Array.isArray(a.abi) || !/^0x[0-9a-f]+$/.test(a.bytecode)) {
      throw new ArtifactsError(`${ARTIFACTS_FILE} has no valid artifact for ${name}`);
    }
  }
  cached = parsed;
  return parsed;
}

export function artifact(name: ContractName): ContractArtifact {
  return loadArtifacts().contracts[name];
}
