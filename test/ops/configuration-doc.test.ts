/**
 * docs/configuration.md is the operator's list of settings: every key the configuration's schema
 * reads (src/app/config.ts, with settlement's and replication's) has its row, and every row names
 * a key the schema reads; every environment variable the configuration takes is in a row too.
 * Replication's own settings are kept in docs/replication.md ("Turning it on"), which this page
 * points to. Found by an operator's audit: `role` (PATX_ROLE), `modelFeeds.burnInDays`,
 * `subscriptions.webhookAllow` and five settlement keys were read and not listed here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/app/config.js';
import { REPLICATION_ENV_FIELDS } from '../../src/replication/config.js';
import { SETTLEMENT_ENV_FIELDS } from '../../src/settlement/config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const configurationDoc = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
const replicationDoc = readFileSync(path.join(ROOT, 'docs/replication.md'), 'utf8');

/** The part of a zod 4 schema's definition this walk reads. */
interface SchemaDef {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
}
interface Schema {
  def: SchemaDef;
}

/** Wrappers that hold one schema: what a key reads is the schema inside. */
const WRAPPERS = new Set(['default', 'optional', 'nullable', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** Every key the schema reads, dotted (`gateway.tls.certFile`); a key typed `never` is a removed one that only says what replaced it. */
function keysOf(schema: Schema, prefix = ''): string[] {
  let s = schema;
  for (;;) {
    if (WRAPPERS.has(s.def.type) && s.def.innerType !== undefined) s = s.def.innerType;
    else if (s.def.type === 'pipe' && s.def.in !== undefined) s = s.def.in;
    else break;
  }
  if (s.def.type === 'never') return [];
  if (s.def.type !== 'object' || s.def.shape === undefined) return [prefix];
  return Object.entries(s.def.shape).flatMap(([name, inner]) => keysOf(inner, prefix === '' ? name : `${prefix}.${name}`));
}

/**
 * The keys the table's first column names: `a.b`, and after it in the same cell `c` for `a.c`
 * (`gateway.challengeTtlMs`, `maxLoginAttempts`, …).
 */
function documentedKeys(doc: string): string[] {
  return doc
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => {
      let group = '';
      return [...line.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => {
        const name = m[1]!;
        if (!name.includes('.')) return group === '' ? name : `${group}.${name}`;
        group = name.slice(0, name.lastIndexOf('.'));
        return name;
      });
    });
}

/** The service's own variables: ENV_FIELDS of src/app/config.ts (not exported; read from its source). */
function serviceEnvNames(): string[] {
  const source = readFileSync(path.join(ROOT, 'src/app/config.ts'), 'utf8');
  const block = /const ENV_FIELDS: Record<string, EnvField> = \{([\s\S]*?)\n\};/.exec(source);
  expect(block, 'ENV_FIELDS in src/app/config.ts').not.toBeNull();
  return [...block![1]!.matchAll(/^\s+(PATX_[A-Z0-9_]+):/gm)].map((m) => m[1]!);
}

const schemaKeys = keysOf(configSchema as unknown as Schema);

describe('docs/configuration.md', () => {
  it('reads the schema as expected (the walk finds nested and wrapped keys)', () => {
    for (const key of ['dataDir', 'gateway.tls.certFile', 'quoting.params', 'settlement.unmatchedDeposits.maxKept', 'replication.ack', 'disk.lowFreeBytes']) expect(schemaKeys).toContain(key);
    expect(schemaKeys).not.toContain('grants.disputeMs');
  });

  it('has a row for every key the configuration reads (replication’s in docs/replication.md)', () => {
    const documented = new Set(documentedKeys(configurationDoc));
    const missing = schemaKeys.filter((key) => {
      if (documented.has(key) || [...documented].some((d) => key.startsWith(`${d}.`))) return false;
      // docs/replication.md's settings table names them without the prefix.
      return !(key.startsWith('replication.') && (replicationDoc.includes(`\`${key}\``) || replicationDoc.includes(`\`${key.slice('replication.'.length)}\``)));
    });
    expect(missing, 'keys the schema reads that docs/configuration.md does not list').toEqual([]);
  });

  it('names no key the configuration does not read', () => {
    const unknown = documentedKeys(configurationDoc).filter((key) => !schemaKeys.includes(key) && !schemaKeys.some((k) => k.startsWith(`${key}.`)));
    expect(unknown).toEqual([]);
  });

  it('lists every environment variable the configuration takes (replication’s in docs/replication.md)', () => {
    const missing = [...serviceEnvNames(), ...Object.keys(SETTLEMENT_ENV_FIELDS)].filter((name) => !configurationDoc.includes(`\`${name}\``));
    expect(missing).toEqual([]);
    expect(Object.keys(REPLICATION_ENV_FIELDS).filter((name) => !replicationDoc.includes(name) && !configurationDoc.includes(name))).toEqual([]);
  });
});
