/**
 * Human-readable output for the CLI: arrays of records as aligned tables, records
 * as `key: value` lines, nested values as compact JSON. `--json` skips this.
 */

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Rows of records as a table with a header, columns padded to their widest cell. */
export function table(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '(none)';
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value for people: tables for lists of records, sections for records holding lists. */
export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.every(isRecord) ? table(value) : value.map(cell).join('\n');
  if (!isRecord(value)) return cell(value);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v) && v.length > 0 && v.every(isRecord)) lines.push(`${k}:`, table(v), '');
    else lines.push(`${k}: ${cell(v)}`);
  }
  return lines.join('\n').trimEnd();
}

/** An HTTP answer's text for people (JSON formatted; anything else as it came). */
export function formatAnswer(text: string): string {
  try {
    return formatValue(JSON.parse(text) as unknown);
  } catch {
    return text;
  }
}
