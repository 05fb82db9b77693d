/** Replaces bigints with decimal strings, so the value is plain JSON (HTTP bodies, the CLI's --json). */
export function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;
}
