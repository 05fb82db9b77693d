/**
 * The listing form's text (listing-editor.tsx) and what the catalog API takes from it: the draft as
 * typed, its columns read line by line, the sample's format, and the body of a create or a new
 * version, with what the form does not show carried from the version it follows. Pure: the checks
 * (listing-problems.ts) and the editor build the same body.
 */
import { COLUMN_TYPES, type SampleFormat } from '../../src/catalog/listing.js';
import type { VersionText } from './provider-session.js';

/** The form's text, as typed. Columns are one per line: `name: type`, a trailing `?` for nullable (`referrer: string?`). */
export interface ListingDraft {
  segment: string;
  title: string;
  description: string;
  columns: string;
  timestampColumn: string;
  keyColumns: string;
  source: string;
  collectionMethod: string;
  legalBasis: string;
  personalData: boolean;
  permittedUses: string[];
  retentionDays: string;
  redistribution: boolean;
  cadence: string;
  deliveryEndpoint: string;
  changeLog: string;
}

/** A new listing's form before anything is typed. */
export const EMPTY_DRAFT: ListingDraft = {
  segment: '',
  title: '',
  description: '',
  columns: 'user_id: string\nscore: number\nevent_time: timestamp',
  timestampColumn: 'event_time',
  keyColumns: 'user_id, event_time',
  source: '',
  collectionMethod: '',
  legalBasis: 'consent',
  personalData: true,
  permittedUses: ['analytics'],
  retentionDays: '30',
  redistribution: false,
  cadence: 'daily',
  // Your own gate's URL: the demo provider's (127.0.0.1:8490) serves its listings only, and refuses anyone else's grants.
  deliveryEndpoint: '',
  changeLog: 'first version',
};

/** The form's text for a new version of a listing: its latest version (the one awaiting review, else the live one). */
export function draftOf(segment: string, v: VersionText): ListingDraft {
  return {
    segment,
    title: v.title,
    description: v.description,
    columns: v.schema.columns.map((c) => `${c.name}: ${c.type}${c.nullable === true ? '?' : ''}`).join('\n'),
    timestampColumn: v.schema.timestampColumn ?? '',
    keyColumns: (v.schema.keyColumns ?? []).join(', '),
    source: v.provenance.source,
    collectionMethod: v.provenance.collectionMethod,
    legalBasis: v.provenance.legalBasis,
    personalData: v.provenance.personalData,
    permittedUses: v.licence.permittedUses,
    retentionDays: String(v.licence.retentionDays),
    redistribution: v.licence.redistribution,
    cadence: v.cadence,
    deliveryEndpoint: v.deliveryEndpoint,
    changeLog: '',
  };
}

export interface Column {
  name: string;
  type: string;
  nullable: boolean;
}

/** A line of the Columns box that is not `name: type[?]` (1-based, as the provider counts). */
export interface BadColumnLine {
  line: number;
  text: string;
}

/** The columns typed with the line each is on, and every line that is not `name: type[?]` with a type the exchange knows. */
export function parseColumns(text: string): { columns: Column[]; lines: number[]; bad: BadColumnLine[] } {
  const columns: Column[] = [];
  const lines: number[] = [];
  const bad: BadColumnLine[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^([^:\s]+)\s*:\s*([a-z]+)(\?)?$/.exec(line);
    if (m === null || !(COLUMN_TYPES as readonly string[]).includes(m[2]!)) {
      bad.push({ line: i + 1, text: line });
      continue;
    }
    columns.push({ name: m[1]!, type: m[2]!, nullable: m[3] === '?' });
    lines.push(i + 1);
  }
  return { columns, lines, bad };
}

/** The sample's format from its file name. */
export function sampleFormatOf(fileName: string): SampleFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'csv' ? 'csv' : ext === 'jsonl' || ext === 'ndjson' ? 'jsonl' : ext === 'parquet' ? 'parquet' : undefined;
}

/**
 * What a new version keeps of the one it follows that the form does not show: each column's unit and description
 * (by name, where its type is unchanged), the sensitive categories, seats, terms (usage, tiers, bundles) and a model
 * feed's kind and disclosures. A version is whole, so leaving them out dropped them: an edit of the title alone made a
 * material version (schema and provenance changed) without the listing's tiers.
 */
export function carried(base: VersionText, columns: Column[]): {
  columns: Array<Column & { unit?: string; description?: string }>;
  sensitiveCategories: string[];
  rest: Record<string, unknown>;
} {
  const before = new Map(base.schema.columns.map((c) => [c.name, c]));
  return {
    columns: columns.map((c) => {
      const was = before.get(c.name);
      if (was === undefined || was.type !== c.type) return c;
      return { ...c, ...(was.unit === undefined ? {} : { unit: was.unit }), ...(was.description === undefined ? {} : { description: was.description }) };
    }),
    sensitiveCategories: base.provenance.sensitiveCategories ?? [],
    rest: {
      ...(base.seats === undefined || base.seats === null ? {} : { seats: base.seats }),
      ...(base.terms === undefined || base.terms === null ? {} : { terms: base.terms }),
      ...(base.kind === undefined ? {} : { kind: base.kind }),
      ...(base.modelFeed === undefined || base.modelFeed === null ? {} : { modelFeed: base.modelFeed }),
    },
  };
}

const splitList = (text: string): string[] => text.split(',').map((x) => x.trim()).filter((x) => x !== '');

/** The retention typed, as the API's number: a plain decimal only ('' and '1e3' are no number of days). */
function daysOf(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/**
 * The body of POST /v1/provider/listings or PUT /v1/provider/listings/{id} for the draft: `base` is the version a new
 * one follows (what the form does not show is carried from it), `sample` the uploaded file as the API takes it.
 */
export function listingBody(d: ListingDraft, columns: Column[], base: VersionText | undefined, sample: { format: SampleFormat; base64: string }): Record<string, unknown> {
  const kept = base === undefined ? { columns, sensitiveCategories: [], rest: {} } : carried(base, columns);
  return {
    ...kept.rest,
    segment: d.segment.trim(),
    title: d.title.trim(),
    description: d.description,
    schema: { columns: kept.columns, ...(d.timestampColumn.trim() === '' ? {} : { timestampColumn: d.timestampColumn.trim() }), keyColumns: splitList(d.keyColumns) },
    provenance: { source: d.source.trim(), collectionMethod: d.collectionMethod.trim(), legalBasis: d.legalBasis, personalData: d.personalData, sensitiveCategories: kept.sensitiveCategories },
    licence: { permittedUses: d.permittedUses, retentionDays: daysOf(d.retentionDays), redistribution: d.redistribution },
    cadence: d.cadence,
    deliveryEndpoint: d.deliveryEndpoint.trim(),
    changeLog: d.changeLog,
    sample,
  };
}
