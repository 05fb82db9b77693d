/** The listing form's text read into what the catalog API takes (listing-editor.tsx): columns and the sample's format. */
import { COLUMN_TYPES, type SampleFormat } from '../../src/catalog/listing.js';

/** The columns typed, or the first line that is not `name: type[?]`. */
export function parseColumns(text: string): { columns: Array<{ name: string; type: string; nullable: boolean }> } | { problem: string } {
  const columns: Array<{ name: string; type: string; nullable: boolean }> = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^([^:\s]+)\s*:\s*([a-z]+)(\?)?$/.exec(line);
    if (m === null || !(COLUMN_TYPES as readonly string[]).includes(m[2]!)) return { problem: `columns, line ${i + 1}: "name: type" with a type of ${COLUMN_TYPES.join(', ')} (a trailing ? for nullable)` };
    columns.push({ name: m[1]!, type: m[2]!, nullable: m[3] === '?' });
  }
  return columns.length === 0 ? { problem: 'columns: at least one' } : { columns };
}

/** The sample's format from its file name. */
export function sampleFormatOf(fileName: string): SampleFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'csv' ? 'csv' : ext === 'jsonl' || ext === 'ndjson' ? 'jsonl' : ext === 'parquet' ? 'parquet' : undefined;
}

