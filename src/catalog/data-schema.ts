/**
 * What a listing's data is measured against: the schema its provider declares, the formats a
 * sample may come in, and the quality measured of a sample (measure.ts) and promised to its
 * buyers (conformance.ts). Apart from the listing (listing.ts), so measuring imports no listing.
 */
import { z } from 'zod';

export const SAMPLE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
/** The largest sample the catalog takes unless configured otherwise (the console checks a file against it before uploading). */
export const DEFAULT_MAX_SAMPLE_BYTES = 10 * 1024 * 1024;
export type SampleFormat = (typeof SAMPLE_FORMATS)[number];

/** Text fields: no control characters but tab and newline (stored as written, escaped on output). */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters');

export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'timestamp'] as const;

export const schemaSchema = z
  .object({
    columns: z
      .array(
        z
          .object({
            name: z.string().min(1).max(128).regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a column name: letters, digits, _ . -, not starting with a digit'),
            type: z.enum(COLUMN_TYPES),
            nullable: z.boolean().default(true),
            unit: plainText(32).optional(),
            description: plainText(500).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000)
      .refine((cols) => new Set(cols.map((c) => c.name)).size === cols.length, 'column names must be unique'),
    /** The column holding each record's time (for timeliness). */
    timestampColumn: z.string().optional(),
    /** Columns that identify a record (for uniqueness and accuracy). */
    keyColumns: z.array(z.string()).max(16).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const names = new Set(s.columns.map((c) => c.name));
    if (s.timestampColumn !== undefined && !names.has(s.timestampColumn)) ctx.addIssue({ code: 'custom', path: ['timestampColumn'], message: `no column '${s.timestampColumn}'` });
    for (const k of s.keyColumns ?? []) if (!names.has(k)) ctx.addIssue({ code: 'custom', path: ['keyColumns'], message: `no column '${k}'` });
  });
export type DataSchema = z.infer<typeof schemaSchema>;

/** Quality of one sample, each in [0, 1]; accuracy null when no reference sample was attached ("unverified"). */
export interface QualitySummary {
  completeness: number;
  validity: number;
  uniqueness: number;
  timeliness: number | null;
  consistency: number;
  accuracy: number | null;
  /** With a reference sample: the share of its records whose key the sample holds (src/catalog/accuracy.ts). */
  accuracyCoverage?: number;
  rows: number;
  columns: number;
}
