/**
 * The parameter values the config last set (`quoting.params`), kept beside the journal in
 * `<dataDir>/config-params.json`, so a start can tell a value the config seeded from one an operator set since:
 * the engine keeps a parameter's value, not who set it. A config value that changed between two starts is set
 * again when the engine still holds what the config set last; one an operator changed since is kept, and the start
 * says so. Before, any value in the engine counted as an operator's, and a first start's own seed made every later
 * change of the config file a silent no-op (an operator review, 2026-12-01).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONFIG_SEEDS_FILE = 'config-params.json';

export type SeedDecision = 'set' | 'kept-operator' | 'unchanged';

export class ConfigSeeds {
  private constructor(
    private readonly file: string | undefined,
    private readonly seeded: Map<string, number>,
  ) {}

  /** The seeds kept in `dataDir` (none yet: an empty record); without a data directory, in memory only. */
  static open(dataDir: string | undefined): ConfigSeeds {
    if (dataDir === undefined) return new ConfigSeeds(undefined, new Map());
    const file = join(dataDir, CONFIG_SEEDS_FILE);
    let seeded = new Map<string, number>();
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (typeof parsed === 'object' && parsed !== null) {
        seeded = new Map(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'));
      }
    } catch {
      // Absent (a data directory from before the record) or unreadable: no value counts as the config's.
    }
    return new ConfigSeeds(file, seeded);
  }

  /**
   * What a start does with the config's `value` for `name`, the engine holding `current` (undefined: never set):
   * set it, keep an operator's, or nothing (they agree). Recorded as the config's either way but the operator's.
   */
  decide(name: string, value: number, current: number | undefined): SeedDecision {
    if (current === value) {
      this.seeded.set(name, value);
      return 'unchanged';
    }
    if (current !== undefined && this.seeded.get(name) !== current) return 'kept-operator';
    this.seeded.set(name, value);
    return 'set';
  }

  /** Writes the record (whole: a temporary file renamed over it). */
  save(): void {
    if (this.file === undefined) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(Object.fromEntries(this.seeded), null, 1)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
