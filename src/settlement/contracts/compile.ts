/**
 * Compiles the Solidity sources in this folder with solc-js (standard JSON
 * input), resolving `@openzeppelin/...` imports from node_modules. Used by
 * `npm run build:contracts`, which writes the committed artifacts file, and by
 * the test that checks those artifacts are up to date.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTRACTS_DIR = dirname(fileURLToPath(import.meta.url));
export const CONTRACT_NAMES = ['PATToken', 'PhaseGovernance', 'AccessRightsRegistry', 'PATXVault'] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

/** What solc produced for one contract, as ethers takes it. */
export interface ContractArtifact {
  abi: unknown[];
  /** Creation bytecode, 0x-prefixed. */
  bytecode: string;
}

export interface Artifacts {
  solcVersion: string;
  /** SHA-256 over the sources (name and text, sorted by name): tells whether the artifacts are stale. */
  sourcesHash: string;
  settings: SolcSettings;
  contracts: Record<ContractName, ContractArtifact>;
}

interface SolcSettings {
  optimizer: { enabled: boolean; runs: number };
  evmVersion: string;
  viaIR: boolean;
}

export const SOLC_SETTINGS: SolcSettings = { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun', viaIR: true };

export class ContractCompileError extends Error {
  override readonly name = 'ContractCompileError';
  constructor(readonly errors: string[]) {
    super(`solc reported ${errors.length} error(s):\n${errors.join('\n')}`);
  }
}

const require = createRequire(import.meta.url);

/** The .sol files of this folder, by name. */
export function readSources(): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const file of readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.sol')).sort()) {
    sources[file] = readFileSync(join(CONTRACTS_DIR, file), 'utf8');
  }
  return sources;
}

export function hashSources(sources: Record<string, string>): string {
  const h = createHash('sha256');
  for (const name of Object.keys(sources).sort()) h.update(name).update('\0').update(sources[name]!).update('\0');
  return h.digest('hex');
}

/** Resolves an import that is not one of our sources: only node_modules packages. */
function findImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch (error) {
    return { error: `cannot resolve import ${path}: ${(error as Error).message}` };
  }
}

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

interface Solc {
  version(): string;
  compile(input: string, callbacks: { import: (path: string) => { contents: string } | { error: string } }): string;
}

export function compileContracts(): Artifacts {
  const solc = require('solc') as Solc;
  const sources = readSources();
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: {
      ...SOLC_SETTINGS,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error').map((e) => e.formattedMessage);
  if (errors.length > 0) throw new ContractCompileError(errors);
  const contracts = {} as Record<ContractName, ContractArtifact>;
  for (const name of CONTRACT_NAMES) {
    const compiled = output.contracts?.[`${name}.sol`]?.[name];
    if (compiled === undefined) throw new ContractCompileError([`no output for ${name}`]);
    contracts[name] = { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
  }
  return { solcVersion: solc.version(), sourcesHash: hashSources(sources), settings: SOLC_SETTINGS, contracts };
}
