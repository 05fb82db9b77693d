/**
 * Strict parsing of PATX_* environment variables. A value is either exactly one
 * of the accepted forms or a problem naming the variable and what it accepts:
 * `PATX_SETTLEMENT=no` or `PATX_PORT=80x` never silently means something else.
 */

/** A value parsed from one variable, or why it was refused. */
export type EnvParse<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Turns one variable's text into the config fields it sets (or a problem). */
export type EnvField = (value: string, name: string) => EnvParse<Record<string, unknown>>;

const SWITCH_VALUES: Record<string, boolean> = { on: true, true: true, '1': true, off: false, false: false, '0': false };

/** Accepted spellings of a switch, for messages and docs. */
export const SWITCH_SPELLINGS = 'on|off (also true|false, 1|0)';

export function envSwitch(value: string, name: string): EnvParse<boolean> {
  const parsed = SWITCH_VALUES[value.trim().toLowerCase()];
  if (parsed === undefined) return { ok: false, problem: `${name}=${JSON.stringify(value)}: expected ${SWITCH_SPELLINGS}` };
  return { ok: true, value: parsed };
}

/** A decimal integer in [min, max]: digits only (no "1e3", "0x10", "12abc", blanks inside). */
export function envInt(value: string, name: string, min: number, max: number): EnvParse<number> {
  const text = value.trim();
  if (!/^-?\d{1,15}$/.test(text)) return { ok: false, problem: `${name}=${JSON.stringify(value)}: expected a whole number from ${min} to ${max}` };
  const n = Number(text);
  if (n < min || n > max) return { ok: false, problem: `${name}=${text}: out of range, expected ${min} to ${max}` };
  return { ok: true, value: n };
}

export function envEnum<T extends string>(value: string, name: string, allowed: readonly T[]): EnvParse<T> {
  const text = value.trim();
  if (!(allowed as readonly string[]).includes(text)) return { ok: false, problem: `${name}=${JSON.stringify(value)}: expected one of ${allowed.join('|')}` };
  return { ok: true, value: text as T };
}

/** Maps a parsed value into config fields, passing problems through. */
export function mapParse<T>(parsed: EnvParse<T>, toFields: (value: T) => Record<string, unknown>): EnvParse<Record<string, unknown>> {
  return parsed.ok ? { ok: true, value: toFields(parsed.value) } : parsed;
}

/** Any string the schema then validates (paths, URLs, tokens). */
export function envText(toFields: (value: string) => Record<string, unknown>): EnvField {
  return (value) => ({ ok: true, value: toFields(value) });
}

/** A TCP port: 0 (any free port) to 65535. */
export function envPort(toFields: (port: number) => Record<string, unknown>): EnvField {
  return (value, name) => mapParse(envInt(value, name, 0, 65_535), toFields);
}
