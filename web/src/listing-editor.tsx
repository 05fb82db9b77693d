/**
 * The provider page's listing form: create a listing (POST /v1/provider/listings) or a new
 * version of one (PUT /v1/provider/listings/{id}), with its sample uploaded from a file
 * (CSV, JSON Lines or Parquet, base64 in the body as the API takes it), then optionally
 * submit it for review (POST /{id}/submit). The same wallet-signed routes API users call
 * (src/catalog/routes.ts); the exchange validates and measures, and a refusal shows by
 * name with the field it names. A version is whole: an edit uploads its sample again (the
 * exchange measures every version's sample).
 */
import { useState } from 'preact/hooks';
import type { Loaded } from './account-session.js';
import type { ProviderSession, OwnListing, VersionText } from './provider-session.js';
import { CADENCES, LEGAL_BASES, PERMITTED_USES } from '../../src/catalog/listing.js';
import { parseColumns, sampleFormatOf } from './listing-form.js';

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

const EMPTY: ListingDraft = {
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

/** The bytes as base64 (chunked: String.fromCharCode over megabytes would overflow the stack). */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const splitList = (text: string): string[] => text.split(',').map((x) => x.trim()).filter((x) => x !== '');

/** Editing: the listing, the form's text of its latest version, and that version whole (what the form does not show is carried from it). */
/** What saving answers (the listing as GET /v1/provider/listings/{id} shows it): its live version, and a material one awaiting review. */
interface SavedListing {
  id: number;
  version: number;
  status: string;
  pendingReview?: { version: number; changes: string[] };
}

export type EditorTarget = { mode: 'create' } | { mode: 'edit'; listing: OwnListing; draft: ListingDraft; base: VersionText };

/**
 * What a new version keeps of the one it follows that the form does not show: each column's unit and description
 * (by name, where its type is unchanged), the sensitive categories, seats, terms (usage, tiers, bundles) and a model
 * feed's kind and disclosures. A version is whole, so leaving them out dropped them: an edit of the title alone made a
 * material version (schema and provenance changed) without the listing's tiers.
 */
export function carried(base: VersionText, columns: Array<{ name: string; type: string; nullable: boolean }>): {
  columns: Array<{ name: string; type: string; nullable: boolean; unit?: string; description?: string }>;
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

export function ListingEditor({ s, target, segments, onDone }: { s: ProviderSession; target: EditorTarget; segments: string[]; onDone: () => void }) {
  const [d, setD] = useState<ListingDraft>(target.mode === 'edit' ? target.draft : EMPTY);
  const [file, setFile] = useState<File | undefined>();
  const [submitAfter, setSubmitAfter] = useState(target.mode === 'create');
  const [busy, setBusy] = useState(false);
  /** The listing this form created: pressing Create again made a second listing (an outside review); it is edited from the list now. */
  const [created, setCreated] = useState<number | undefined>();
  const [result, setResult] = useState<Loaded<SavedListing> | { state: 'invalid'; message: string } | undefined>();
  const set = (patch: Partial<ListingDraft>): void => setD({ ...d, ...patch });
  const text = (field: keyof ListingDraft, label: string, props: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input data-testid={`listing-${field}`} value={d[field] as string} onInput={(e) => set({ [field]: (e.target as HTMLInputElement).value })} {...props} />
    </label>
  );
  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (busy || created !== undefined) return;
    const cols = parseColumns(d.columns);
    if ('problem' in cols) return setResult({ state: 'invalid', message: cols.problem });
    if (file === undefined) return setResult({ state: 'invalid', message: 'sample: choose a file (CSV, JSON Lines or Parquet): every version carries its sample, measured on upload' });
    const format = sampleFormatOf(file.name);
    if (format === undefined) return setResult({ state: 'invalid', message: `sample: ${file.name} is not .csv, .jsonl or .parquet` });
    const retentionDays = Number(d.retentionDays);
    const kept = target.mode === 'edit' ? carried(target.base, cols.columns) : { columns: cols.columns, sensitiveCategories: [], rest: {} };
    const body = {
      ...kept.rest,
      segment: d.segment.trim(),
      title: d.title,
      description: d.description,
      schema: { columns: kept.columns, ...(d.timestampColumn.trim() === '' ? {} : { timestampColumn: d.timestampColumn.trim() }), keyColumns: splitList(d.keyColumns) },
      provenance: { source: d.source, collectionMethod: d.collectionMethod, legalBasis: d.legalBasis, personalData: d.personalData, sensitiveCategories: kept.sensitiveCategories },
      licence: { permittedUses: d.permittedUses, retentionDays: Number.isInteger(retentionDays) ? retentionDays : -1, redistribution: d.redistribution },
      cadence: d.cadence,
      deliveryEndpoint: d.deliveryEndpoint.trim(),
      changeLog: d.changeLog,
      sample: { format, base64: base64Of(new Uint8Array(await file.arrayBuffer())) },
    };
    setBusy(true);
    try {
      const saved =
        target.mode === 'create'
          ? await s.account.signedRequest<SavedListing>('POST', '/v1/provider/listings', body)
          : await s.account.signedRequest<SavedListing>('PUT', `/v1/provider/listings/${target.listing.id}`, body);
      if (saved.state === 'ok' && target.mode === 'create') setCreated(saved.value.id);
      if (saved.state === 'ok' && submitAfter && (saved.value.status === 'draft' || saved.value.status === 'rejected' || saved.value.status === 'unpublished')) {
        const submitted = await s.account.signedRequest<SavedListing>('POST', `/v1/provider/listings/${saved.value.id}/submit`);
        setResult(submitted);
      } else {
        setResult(saved);
      }
      await s.load();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel acct-form listing-editor" data-testid="listing-editor" onSubmit={(e) => void save(e)}>
      <h2>
        {target.mode === 'create' ? 'New listing' : `New version of listing #${target.listing.id}`}{' '}
        <button type="button" class="linkish" data-testid="listing-close" onClick={onDone}>
          close
        </button>
      </h2>
      <p class="hint">
        {target.mode === 'create'
          ? 'A draft until you submit it; the operator publishes it (docs/catalog.md). You mint only in series of a segment you have a published listing for.'
          : 'Title, description, cadence and a new sample go live at once; a new schema, licence, provenance or delivery endpoint of a published listing waits for the operator.'}
      </p>
      <div class="listing-grid">
        <label>
          Segment
          <input data-testid="listing-segment" list="listing-segments" value={d.segment} disabled={target.mode === 'edit'} placeholder="AUTO_INTENT" onInput={(e) => set({ segment: (e.target as HTMLInputElement).value.toUpperCase() })} />
          <datalist id="listing-segments">
            {segments.map((x) => (
              <option key={x} value={x} />
            ))}
          </datalist>
          {target.mode !== 'edit' && d.segment.trim() !== '' && segments.length > 0 && !segments.includes(d.segment.trim()) && (
            <span class="sid" data-testid="listing-segment-unlisted">
              no contract of {d.segment.trim()} is listed: its rights cannot be minted or sold until the exchange lists one (listed: {segments.join(', ')})
            </span>
          )}
        </label>
        {text('title', 'Title')}
        <label>
          Cadence
          <select data-testid="listing-cadence" value={d.cadence} onChange={(e) => set({ cadence: (e.target as HTMLSelectElement).value })}>
            {CADENCES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        {text('deliveryEndpoint', 'Delivery endpoint (your gate)', { placeholder: 'https://gate.example.com/records' })}
      </div>
      <label>
        Description
        <textarea data-testid="listing-description" rows={2} value={d.description} onInput={(e) => set({ description: (e.target as HTMLTextAreaElement).value })} />
      </label>
      <div class="listing-grid">
        <label>
          Columns (one per line: name: type, ? for nullable)
          <textarea data-testid="listing-columns" rows={4} value={d.columns} onInput={(e) => set({ columns: (e.target as HTMLTextAreaElement).value })} />
        </label>
        <div>
          {text('timestampColumn', 'Timestamp column')}
          {text('keyColumns', 'Key columns (comma-separated)')}
        </div>
        <div>
          {text('source', 'Source')}
          {text('collectionMethod', 'Collection method')}
        </div>
        <div>
          <label>
            Legal basis
            <select data-testid="listing-legalBasis" value={d.legalBasis} onChange={(e) => set({ legalBasis: (e.target as HTMLSelectElement).value })}>
              {LEGAL_BASES.map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>
          <label class="check">
            <input type="checkbox" data-testid="listing-personalData" checked={d.personalData} onChange={(e) => set({ personalData: (e.target as HTMLInputElement).checked })} /> personal data
          </label>
        </div>
      </div>
      <fieldset class="listing-uses">
        <legend>Permitted uses</legend>
        {PERMITTED_USES.map((u) => (
          <label key={u} class="check">
            <input type="checkbox" data-testid={`listing-use-${u}`} checked={d.permittedUses.includes(u)} onChange={(e) => set({ permittedUses: (e.target as HTMLInputElement).checked ? [...d.permittedUses, u] : d.permittedUses.filter((x) => x !== u) })} /> {u}
          </label>
        ))}
      </fieldset>
      <div class="listing-grid">
        {text('retentionDays', 'Retention (days)', { inputMode: 'numeric' })}
        <label class="check">
          <input type="checkbox" data-testid="listing-redistribution" checked={d.redistribution} onChange={(e) => set({ redistribution: (e.target as HTMLInputElement).checked })} /> redistribution allowed
        </label>
        {text('changeLog', 'What changed (change log)')}
        <label>
          Sample (.csv, .jsonl, .parquet; at most 10 MiB)
          <input type="file" data-testid="listing-sample" accept=".csv,.jsonl,.ndjson,.parquet" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0])} />
        </label>
      </div>
      {target.mode === 'create' || target.listing.status === 'draft' || target.listing.status === 'rejected' || target.listing.status === 'unpublished' ? (
        <label class="check">
          <input type="checkbox" data-testid="listing-submit-after" checked={submitAfter} onChange={(e) => setSubmitAfter((e.target as HTMLInputElement).checked)} /> submit for review once saved
        </label>
      ) : null}
      <button type="submit" data-testid="listing-save" disabled={busy || created !== undefined}>
        {busy ? 'Uploading…' : created !== undefined ? `Created: listing #${created}` : target.mode === 'create' ? 'Create listing' : 'Save new version'}
      </button>
      {created !== undefined && <p class="hint" data-testid="listing-created-hint">To change listing #{created}, close this form and choose Edit in your listings: a new version replaces its draft.</p>}
      {result?.state === 'invalid' && <div class="acct-error" data-testid="listing-invalid">{result.message}</div>}
      {result?.state === 'refused' && (
        <div class="acct-error" data-testid="listing-refused">
          <b data-testid="listing-reason">{result.reason}</b> {result.message}
        </div>
      )}
      {result?.state === 'ok' && (
        <div class="acct-ok" data-testid="listing-saved">
          {result.value.pendingReview === undefined
            ? `Listing #${result.value.id} v${result.value.version}: ${result.value.status}`
            : `Listing #${result.value.id}: v${result.value.pendingReview.version} awaits the operator's review (${result.value.pendingReview.changes.join(', ')} changed); v${result.value.version} stays ${result.value.status} meanwhile`}
        </div>
      )}
    </form>
  );
}
