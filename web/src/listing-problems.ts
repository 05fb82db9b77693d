/**
 * What is wrong with a listing draft, in words a provider understands, each beside the field the
 * form labels it with (listing-fields.ts). Two sources, one vocabulary:
 *
 * - `draftProblems`: the form's own checks before anything is sent. The exchange's validation is
 *   the catalog's zod schema (src/catalog/listing.ts, `listingInputSchema`): the form runs that very
 *   schema on the body it would send, so its required fields, lengths, ranges and formats are the
 *   exchange's, never a copy; what the schema cannot see (a line of Columns that is not
 *   `name: type`, the sample file chosen, its type and size) is checked here.
 * - `refusalProblems`: the exchange's refusal of what was sent (what only it can check: the sample's
 *   contents against the columns, the account's quotas, the listing's state), its zod issues or
 *   its code put in the same words.
 *
 * Pure: no DOM, so test/web/listing-problems.test.ts checks it against the server's own schema.
 */
import { COLUMN_TYPES, licenceSchema, listingInputSchema, type SampleFormat } from '../../src/catalog/listing.js';
import { DEFAULT_MAX_SAMPLE_BYTES } from '../../src/catalog/data-schema.js';
import { SEGMENT_MAX_LENGTH } from '../../src/engine/public-values.js';
import type { VersionText } from './provider-session.js';
import { LISTING_FIELDS, labelOf, sizeText, type ListingField } from './listing-fields.js';
import { listingBody, parseColumns, sampleFormatOf, type ListingDraft } from './listing-form.js';

export interface ListingProblem {
  /** The field it shows beside; undefined: the listing as a whole (what the form does not show, the account's limits). */
  field: ListingField | undefined;
  text: string;
  /** The fields whose change may mend it: a refusal's problem is no longer shown once one of them changed (default: its own). */
  dependsOn?: ListingField[];
  /** The line of the Columns box it is on: problems of one field are shown in line order. */
  line?: number;
}

/** A schema issue as zod reports it, here or in a refusal's `details` (JSON, so every member may be missing). */
export interface SchemaIssue {
  code?: string;
  path?: ReadonlyArray<PropertyKey>;
  message?: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  origin?: string;
  expected?: string;
  received?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
}

/** The exchange's refusal as the signed request answers it. */
export interface Refusal {
  reason: string;
  message: string;
  details?: unknown;
}

/** The chosen sample file, as much of it as the checks need. */
export interface SampleChoice {
  name: string;
  size: number;
}

/** The columns as read from the form: their names by index, and the line of the Columns box each is on. */
interface ColumnsRead {
  names: string[];
  lines: number[];
}

const count = (n: unknown): string => (typeof n === 'number' || typeof n === 'bigint' ? n.toLocaleString('en-US') : String(n));
const quoted = (text: string): string => `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;

/** The retention the exchange takes, from its own schema. */
const RETENTION = licenceSchema.shape.retentionDays;
const RETENTION_RANGE = `a whole number of days from ${count(RETENTION.minValue)} to ${count(RETENTION.maxValue)}`;

/** What to put in a field the exchange requires, said when it is empty. */
const REQUIRED_HINT: Partial<Record<ListingField, string>> = {
  segment: 'the segment whose rights your data backs, e.g. AUTO_INTENT',
  title: 'the name buyers see in the catalog',
  deliveryEndpoint: "your gate's address, such as https://gate.example.com/records (plain http only on this machine)",
  source: 'where the data comes from, e.g. first-party app events',
  collectionMethod: 'how it is collected, e.g. SDK events, scored hourly',
  retentionDays: RETENTION_RANGE,
  sample: 'choose a .csv, .jsonl or .parquet file: every version carries its sample, measured on upload',
};

const required = (field: ListingField): string => `${labelOf(field)} is required${REQUIRED_HINT[field] === undefined ? '' : `: ${REQUIRED_HINT[field]}`}.`;

/** Where an issue's path points: a field of the form, or something a new version carries that the form does not show. */
type Place = { field: ListingField; column?: number } | { carried: string } | { field: undefined };

const FIELD_AT: Record<string, ListingField> = {
  segment: 'segment',
  title: 'title',
  description: 'description',
  cadence: 'cadence',
  deliveryEndpoint: 'deliveryEndpoint',
  changeLog: 'changeLog',
  'schema.columns': 'columns',
  'schema.timestampColumn': 'timestampColumn',
  'schema.keyColumns': 'keyColumns',
  schema: 'columns',
  'provenance.source': 'source',
  'provenance.collectionMethod': 'collectionMethod',
  'provenance.legalBasis': 'legalBasis',
  'provenance.personalData': 'personalData',
  'licence.permittedUses': 'permittedUses',
  'licence.retentionDays': 'retentionDays',
  'licence.redistribution': 'redistribution',
  sample: 'sample',
};

/** A tier's or bundle's member in words. */
const TERM_PART: Record<string, string> = {
  name: 'name',
  contracts: 'contracts',
  qtyPerContract: 'rights per contract',
  everyWindows: 'cadence (every k-th window)',
  seats: 'seats',
  price: 'price rule',
  capBps: 'price cap (bps above the ask)',
  windowBudgetMicros: 'window budget (µPAT)',
  legs: 'legs',
  contract: 'contract',
  qty: 'quantity',
  listingId: 'listing',
  unit: 'unit',
  perRight: 'units a right',
};

/** Something carried from the version before, in words: "subscription tier 2's seats". */
function carriedThing(path: ReadonlyArray<PropertyKey>): string {
  const [top, kind, index, ...rest] = path;
  const part = rest.filter((p): p is string => typeof p === 'string').at(-1);
  const of = (whole: string): string => (part === undefined ? whole : `${whole}'s ${TERM_PART[part] ?? part}`);
  if (top === 'terms' && kind === 'tiers') return typeof index === 'number' ? of(`subscription tier ${index + 1}`) : 'the subscription tiers';
  if (top === 'terms' && kind === 'bundles') return typeof index === 'number' ? of(`bundle ${index + 1}`) : 'the bundles';
  if (top === 'terms' && kind === 'usage') return typeof index === 'string' ? `the usage terms' ${TERM_PART[index] ?? index}` : 'the usage terms';
  if (top === 'terms') return 'the terms';
  if (top === 'seats') return 'the seats';
  if (top === 'kind') return "the listing's kind";
  if (top === 'modelFeed') return "the model feed's disclosures";
  if (top === 'provenance' && kind === 'sensitiveCategories') return 'the sensitive categories';
  return 'a part of the listing';
}

function placeOf(path: ReadonlyArray<PropertyKey>): Place {
  const keys = path.map(String);
  if (keys[0] === 'schema' && keys[1] === 'columns' && typeof path[2] === 'number') {
    // A column's unit or description is carried from the version before; its name and type are the form's.
    if (keys[3] === 'unit' || keys[3] === 'description') return { carried: `column ${path[2] + 1}'s ${keys[3]}` };
    return { field: 'columns', column: path[2] };
  }
  const field = FIELD_AT[keys.slice(0, 2).join('.')] ?? FIELD_AT[keys[0] ?? ''];
  if (field !== undefined) return { field };
  if (keys.length === 0) return { field: undefined };
  return { carried: carriedThing(path) };
}

/** What an issue says of its subject, as the end of a sentence ("must be at most 3,650"). */
function predicate(issue: SchemaIssue, fallback: string): string {
  const { code, origin, minimum, maximum, inclusive } = issue;
  if (code === 'too_small') {
    if (origin === 'string') return `must be at least ${count(minimum)} characters`;
    if (origin === 'array' || origin === 'set') return `needs at least ${count(minimum)}`;
    return inclusive === false ? `must be more than ${count(minimum)}` : `must be at least ${count(minimum)}`;
  }
  if (code === 'too_big') {
    if (origin === 'string') return `must be at most ${count(maximum)} characters`;
    if (origin === 'array' || origin === 'set') return `may name at most ${count(maximum)}`;
    return inclusive === false ? `must be less than ${count(maximum)}` : `must be at most ${count(maximum)}`;
  }
  if (code === 'invalid_type') {
    if (issue.received === 'undefined' || /received undefined/.test(issue.message ?? '')) return 'is required';
    if (issue.expected === 'int') return 'must be a whole number';
    if (issue.expected === 'number') return 'must be a number';
    if (issue.expected === 'boolean') return 'must be ticked or not';
    return 'is missing or not in the form the exchange takes';
  }
  if (code === 'invalid_value' && issue.values !== undefined) return `must be one of: ${issue.values.map(String).join(', ')}`;
  if (code === 'unrecognized_keys') return `has something the exchange does not take${issue.keys === undefined ? '' : ` (${issue.keys.join(', ')})`}`;
  if (issue.message === 'must not contain control characters') return 'must not contain control characters (invisible characters pasted from elsewhere): type it again';
  const message = issue.message ?? fallback;
  return message === '' ? 'is not accepted by the exchange' : `is not accepted: ${message}`;
}

/** The sentence for an issue of a column (its line of the Columns box). */
function columnProblem(issue: SchemaIssue, column: number, cols: ColumnsRead): string {
  const at = cols.lines[column] === undefined ? `Columns, column ${column + 1}` : `Columns, line ${cols.lines[column]}`;
  const name = cols.names[column];
  if (issue.code === 'invalid_format' && name !== undefined) return `${at}: ${quoted(name)} is not a column name: use letters, digits, _ . and -, not starting with a digit.`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `${at}: a column's name is at most ${count(issue.maximum)} characters.`;
  return `${at}: the column ${predicate(issue, '')}.`;
}

/** The sentence for an issue of a field of the form. */
function fieldProblem(field: ListingField, issue: SchemaIssue, cols: ColumnsRead, fallback: string): string {
  const label = labelOf(field);
  const { code, origin, minimum } = issue;
  if (code === 'too_small' && origin === 'string' && count(minimum) === '1') return required(field);
  if (code === 'invalid_type' && predicate(issue, '') === 'is required') return required(field);
  if (field === 'retentionDays' && (code === 'invalid_type' || code === 'too_small' || code === 'too_big')) return `${label} must be ${RETENTION_RANGE}.`;
  if (field === 'columns') {
    if (code === 'too_small') return 'Add at least one column to Columns, one per line as name: type (e.g. user_id: string).';
    if (code === 'too_big') return `Columns may list at most ${count(issue.maximum)} columns.`;
    if (issue.message === 'column names must be unique') {
      const twice = cols.names.find((n, i) => cols.names.indexOf(n) !== i);
      return `Columns: ${twice === undefined ? 'a name' : quoted(twice)} is named twice: give each column its own name.`;
    }
    if (code === 'custom') return `Columns: ${issue.message ?? fallback}.`;
  }
  if (field === 'permittedUses' && code === 'too_small') return 'Permitted uses: tick at least one.';
  if (field === 'segment' && code === 'invalid_format') return `${label} must start with a capital letter and hold only A–Z, 0–9 and _ (at most ${SEGMENT_MAX_LENGTH} characters), e.g. AUTO_INTENT.`;
  if (field === 'timestampColumn' || field === 'keyColumns') {
    const missing = /^no column '(.*)'$/.exec(issue.message ?? '');
    if (missing !== null) return `${label}: ${quoted(missing[1]!)} is not one of the Columns: name one of them${field === 'timestampColumn' ? ', or leave it empty' : ''}.`;
    if (code === 'too_big') return `${label} may name at most ${count(issue.maximum)} columns.`;
  }
  if (field === 'deliveryEndpoint' && code === 'custom') {
    if (issue.message === 'not a URL') return `${label} is not a URL: ${REQUIRED_HINT.deliveryEndpoint}.`;
    return `${label}: ${issue.message ?? fallback}.`;
  }
  return `${label} ${predicate(issue, fallback)}.`;
}

/** One schema issue in words, placed beside its field (or the listing as a whole). `fallback`: the refusal's message, for an issue without one. */
export function issueProblem(issue: SchemaIssue, cols: ColumnsRead, fallback = ''): ListingProblem {
  const place = placeOf(issue.path ?? []);
  if ('carried' in place) {
    const thing = place.carried.charAt(0).toUpperCase() + place.carried.slice(1);
    return { field: undefined, text: `${thing}, kept from the version this one follows (not on this form), ${predicate(issue, fallback)}: change it with the API or the CLI (docs/catalog.md).` };
  }
  if (place.field === undefined) return { field: undefined, text: `The listing ${predicate(issue, fallback)}.` };
  if (place.field === 'columns' && 'column' in place && place.column !== undefined) {
    const line = cols.lines[place.column];
    return { field: 'columns', text: columnProblem(issue, place.column, cols), ...(line === undefined ? {} : { line }) };
  }
  return { field: place.field, text: fieldProblem(place.field, issue, cols, fallback) };
}

/** Problems in the order the form shows their fields, the listing's own last; one of each sentence. */
export function inFormOrder(problems: ListingProblem[]): ListingProblem[] {
  const rank = (p: ListingProblem): number => (p.field === undefined ? LISTING_FIELDS.length : LISTING_FIELDS.indexOf(p.field));
  const seen = new Set<string>();
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p)
    .filter((p) => {
      const key = `${p.field ?? ''}\0${p.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The sample file's own problems: none chosen, not a type the exchange reads, empty or too large. */
function sampleProblems(sample: SampleChoice | undefined): { format: SampleFormat | undefined; problems: ListingProblem[] } {
  if (sample === undefined) return { format: undefined, problems: [{ field: 'sample', text: required('sample') }] };
  const format = sampleFormatOf(sample.name);
  if (format === undefined) return { format, problems: [{ field: 'sample', text: `Sample: ${quoted(sample.name)} is not a .csv, .jsonl or .parquet file: choose one of those.` }] };
  if (sample.size === 0) return { format, problems: [{ field: 'sample', text: `Sample: ${quoted(sample.name)} is empty: choose a file with some of your records.` }] };
  if (sample.size > DEFAULT_MAX_SAMPLE_BYTES) return { format, problems: [{ field: 'sample', text: `Sample is too large (${sizeText(sample.size)}): at most ${sizeText(DEFAULT_MAX_SAMPLE_BYTES)}; send fewer records.` }] };
  return { format, problems: [] };
}

/** Text fields the schema judges by their form (a pattern, a URL): empty, they are simply required. */
const EMPTY_MEANS_REQUIRED = ['segment', 'deliveryEndpoint'] as const;

/**
 * Everything the form can tell about a draft before it is sent: the Columns box's lines, the sample
 * file, and the exchange's own schema run on the body it would send (`base`: the version a new one
 * follows, whose carried parts are checked too). Empty: nothing the form can see stops it.
 */
export function draftProblems(d: ListingDraft, sample: SampleChoice | undefined, base: VersionText | undefined): ListingProblem[] {
  const read = parseColumns(d.columns);
  const cols: ColumnsRead = { names: read.columns.map((c) => c.name), lines: read.lines };
  const problems: ListingProblem[] = read.bad.map((b) => ({
    field: 'columns',
    line: b.line,
    text: `Columns, line ${b.line}: ${quoted(b.text)} is not name: type; the type is one of ${COLUMN_TYPES.join(', ')}, with a ? after it for nullable.`,
  }));
  // An empty segment or endpoint is a field left out, whatever else the schema says of it.
  const empty = EMPTY_MEANS_REQUIRED.filter((f) => d[f].trim() === '');
  for (const f of empty) problems.push({ field: f, text: required(f) });
  const file = sampleProblems(sample);
  problems.push(...file.problems);
  // The sample's bytes are the exchange's to read: a stand-in of the chosen format lets the schema judge the rest.
  const parsed = listingInputSchema.safeParse(listingBody(d, read.columns, base, { format: file.format ?? 'csv', base64: 'AA==' }));
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const place = placeOf(issue.path);
    if ('field' in place && place.field === 'sample') continue;
    if ('field' in place && place.field !== undefined && (empty as ListingField[]).includes(place.field)) continue;
    // Only bad lines: they are the problem, not "no columns".
    if (read.bad.length > 0 && issue.code === 'too_small' && 'field' in place && place.field === 'columns') continue;
    problems.push(issueProblem(issue, cols));
  }
  return inFormOrder(problems);
}

/** Zod's issues in a refusal's details (MALFORMED_LISTING), or none. */
function issuesOf(details: unknown): SchemaIssue[] {
  if (!Array.isArray(details)) return [];
  return details.filter((x): x is SchemaIssue => typeof x === 'object' && x !== null && Array.isArray((x as SchemaIssue).path));
}

/** The sample's columns against the form's, from SAMPLE_SCHEMA_MISMATCH's details. */
function mismatchText(details: unknown): string {
  const d = (typeof details === 'object' && details !== null ? details : {}) as { missing?: unknown; extra?: unknown };
  const names = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);
  const missing = names(d.missing);
  const extra = names(d.extra);
  const parts = [
    ...(missing.length > 0 ? [`${missing.map(quoted).join(', ')} ${missing.length === 1 ? 'is' : 'are'} in Columns but not in the file`] : []),
    ...(extra.length > 0 ? [`${extra.map(quoted).join(', ')} ${extra.length === 1 ? 'is' : 'are'} in the file but not in Columns`] : []),
  ];
  return `Sample does not match Columns: ${parts.length > 0 ? parts.join('; ') : 'their columns differ'}. Add the columns to Columns, or choose a file with the columns you declared.`;
}

/** A refusal's message, made the end of a sentence. */
const said = (message: string): string => (message === '' ? '' : `: ${message.replace(/\.$/, '')}`);

/**
 * The exchange's refusal of a sent draft, in words, beside the field it concerns where it names one;
 * `d` is the draft as sent (for the lines of Columns).
 */
export function refusalProblems(r: Refusal, d: ListingDraft): ListingProblem[] {
  const read = parseColumns(d.columns);
  const cols: ColumnsRead = { names: read.columns.map((c) => c.name), lines: read.lines };
  const sample = (text: string): ListingProblem[] => [{ field: 'sample', text, dependsOn: ['sample'] }];
  switch (r.reason) {
    case 'MALFORMED_LISTING': {
      const issues = issuesOf(r.details);
      if (/segment cannot change/.test(r.message)) return [{ field: 'segment', text: `Segment cannot change in a new version${said(r.message)}.` }];
      if (issues.length === 0) return [{ field: undefined, text: `The exchange refused the listing${said(r.message)}.` }];
      return inFormOrder(issues.map((i) => issueProblem(i, cols, r.message)));
    }
    case 'SAMPLE_SCHEMA_MISMATCH':
      return [{ field: 'sample', text: mismatchText(r.details), dependsOn: ['sample', 'columns'] }];
    case 'MALFORMED_SAMPLE':
      return sample(`Sample could not be read${said(r.message)}. Check the file is the type its name says (.csv, .jsonl or .parquet) and holds records.`);
    case 'NOT_UTF8':
      return sample('Sample must be UTF-8 text (a .csv or .jsonl file): save it as UTF-8 and choose it again.');
    case 'FORMULA_INJECTION':
      return sample(`Sample has a cell a spreadsheet would run as a formula${said(r.message)}. Change that cell (a number may start with - or +) and choose the file again.`);
    case 'SAMPLE_TOO_LARGE':
    case 'PAYLOAD_TOO_LARGE':
      return sample(`Sample is too large${said(r.message)}: send fewer records.`);
    case 'PROVIDER_QUOTA_EXCEEDED':
      return [{ field: undefined, text: `Your account's storage on the exchange is full${said(r.message)}. Delete a draft you no longer need, or ask the operator.` }];
    case 'CATALOG_FULL':
    case 'DISK_LOW':
      return [{ field: undefined, text: `The exchange cannot store samples right now${said(r.message)}. Nothing was saved: try again later.` }];
    case 'NOT_A_PROVIDER':
      return [{ field: undefined, text: "This wallet's account is not a provider's: only providers list data. Sign in with your provider wallet." }];
    case 'NOT_OWNER':
    case 'UNKNOWN_LISTING':
      return [{ field: undefined, text: 'This listing is not one of yours (or no longer exists): reload your listings.' }];
    case 'BAD_TRANSITION':
      return [{ field: undefined, text: `The listing cannot change now${said(r.message)}.` }];
    case 'DISCONNECTED':
    case 'UNREACHABLE':
      return [{ field: undefined, text: `The exchange could not be reached${said(r.message)}. Nothing is known to be saved: reload your listings before trying again.` }];
    default:
      return [{ field: undefined, text: `The exchange refused it${said(r.message)}.` }];
  }
}

/** The form's values a problem depends on, to tell whether a field changed since a refusal (the sample: the file chosen). */
export interface FormState {
  draft: ListingDraft;
  sample: unknown;
}

/** Whether a refusal's problem still stands: none of the fields it depends on changed since the draft was sent. */
export function stillStands(p: ListingProblem, sent: FormState, now: FormState): boolean {
  const fields = p.dependsOn ?? (p.field === undefined ? [] : [p.field]);
  return fields.every((f) => (f === 'sample' ? sent.sample === now.sample : JSON.stringify(sent.draft[f]) === JSON.stringify(now.draft[f])));
}
