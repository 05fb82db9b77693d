/**
 * PAT amounts as people write them, against µPAT as the exchange counts them (integers),
 * converted exactly, never through a float's rounding. Pure and Node-free: the console, the
 * CLI and the MCP server all use these. Nothing of the engine is imported here (not even its Node-free values, which
 * bring zod): the CLI starts on commander alone (test/cli/compiled-cli.test.ts). The service says amounts with the
 * engine's `patOfMicros` (src/engine/core/money.ts), the same words.
 */

const MICROS_PER_PAT = 1_000_000;

/** PAT as a person writes it ("0.9", "12", at most 6 decimals) in µPAT, exactly; undefined when it is not such a number. */
export function patToMicros(text: string): number | undefined {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,6}))?\s*$/.exec(text);
  if (m === null) return undefined;
  return Number(m[1]) * MICROS_PER_PAT + Number((m[2] ?? '').padEnd(6, '0'));
}

/** µPAT as PAT with every digit it has ("0.8", "12", "0.000001"; trailing zeros trimmed). */
export function patOfMicros(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const frac = String(abs % MICROS_PER_PAT).padStart(6, '0').replace(/0+$/, '');
  return `${sign}${Math.floor(abs / MICROS_PER_PAT)}${frac === '' ? '' : `.${frac}`}`;
}

/** µPAT as PAT with at least 4 decimals, as people see PAT, and every digit it has beyond them ("0.7060", "12.5000", "20.000001"): exact, for amounts a table or a reply must not cut (a budget typed to the µPAT). */
export function patExact(micros: number): string {
  const text = patOfMicros(micros);
  const dot = text.indexOf('.');
  const decimals = dot === -1 ? 0 : text.length - dot - 1;
  return decimals >= 4 ? text : `${text}${dot === -1 ? '.' : ''}${'0'.repeat(4 - decimals)}`;
}

/** µPAT as people see PAT everywhere (the console, the CLI, the examples): exactly 4 decimals, cut toward zero, never rounded up. */
export function patShown(micros: number | bigint): string {
  const m = Number(micros);
  const sign = m < 0 ? '-' : '';
  const hundredths = Math.floor(Math.abs(m) / 100); // 0.0001 PAT = 100 µPAT
  return `${sign}${Math.floor(hundredths / 10_000)}.${String(hundredths % 10_000).padStart(4, '0')}`;
}
