/**
 * The provider page's listing form: create a listing (POST /v1/provider/listings) or a new
 * version of one (PUT /v1/provider/listings/{id}), with its sample uploaded from a file
 * (CSV, JSON Lines or Parquet, base64 in the body as the API takes it), then optionally
 * submit it for review (POST /{id}/submit). The same wallet-signed routes API users call
 * (src/catalog/routes.ts). A version is whole: an edit uploads its sample again (the
 * exchange measures every version's sample).
 *
 * Before sending, the form checks what it can by the exchange's own rules (listing-problems.ts):
 * each problem in words beside its field, the first field focused, nothing sent until they are
 * mended; from then on the checks follow the typing, so a mended field's problem goes. The
 * exchange's refusal of what only it can check (the sample's contents, quotas) shows the same way,
 * until the field it names changes. One press sends one request: a second press while it is on its
 * way, or after a save with nothing changed, sends nothing.
 */
import { useRef, useState } from 'preact/hooks';
import type { ProviderSession, OwnListing, VersionText } from './provider-session.js';
import { CADENCES, LEGAL_BASES, PERMITTED_USES } from '../../src/catalog/listing.js';
import { EMPTY_DRAFT, listingBody, parseColumns, sampleFormatOf, type ListingDraft } from './listing-form.js';
import { FIELD_LABELS, type ListingField } from './listing-fields.js';
import { draftProblems, refusalProblems, stillStands, type FormState, type ListingProblem, type Refusal } from './listing-problems.js';

/** The bytes as base64 (chunked: String.fromCharCode over megabytes would overflow the stack). */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** What saving answers (the listing as GET /v1/provider/listings/{id} shows it): its live version, and a material one awaiting review. */
interface SavedListing {
  id: number;
  version: number;
  status: string;
  pendingReview?: { version: number; changes: string[] };
}

/** Editing: the listing, the form's text of its latest version, and that version whole (what the form does not show is carried from it). */
export type EditorTarget = { mode: 'create' } | { mode: 'edit'; listing: OwnListing; draft: ListingDraft; base: VersionText };

/** What the last send came to: saved (and perhaps its submission refused), or refused with what it said of the fields, as of what was sent. */
type SendOutcome = { kind: 'saved'; listing: SavedListing; sent: FormState; submitRefused?: Refusal } | { kind: 'refused'; refusal: Refusal; problems: ListingProblem[]; sent: FormState };

const SUBMITTABLE = ['draft', 'rejected', 'unpublished'];

/** A field's label as the form shows it: its name, and its hint in brackets. */
function LabelText({ field }: { field: ListingField }) {
  const { label, hint } = FIELD_LABELS[field];
  return <>{hint === undefined ? label : `${label} (${hint})`}</>;
}

/** The problems of one field, beside it (the control names this as its description). */
function FieldProblem({ field, problems }: { field: ListingField; problems: ListingProblem[] }) {
  const mine = problems.filter((p) => p.field === field);
  if (mine.length === 0) return null;
  return (
    <span class="field-problem" id={`listing-problem-${field}`} data-testid={`listing-problem-${field}`}>
      {mine.map((p) => (
        <span key={p.text}>{p.text}</span>
      ))}
    </span>
  );
}

/** What a field's control carries when it has a problem: marked invalid, described by the problem. */
function invalidProps(field: ListingField, problems: ListingProblem[]): Record<string, string> {
  return problems.some((p) => p.field === field) ? { 'aria-invalid': 'true', 'aria-describedby': `listing-problem-${field}` } : {};
}

/** Problems of the listing as a whole (what the form does not show, the account's limits), as a list. */
function ListingWide({ problems, testid }: { problems: ListingProblem[]; testid: string }) {
  const wide = problems.filter((p) => p.field === undefined);
  if (wide.length === 0) return null;
  return (
    <ul class="listing-wide-problems">
      {wide.map((p) => (
        <li key={p.text} data-testid={testid}>
          {p.text}
        </li>
      ))}
    </ul>
  );
}

/** Before anything is sent: how many things to mend, and those that are not beside a field. */
function Unsent({ problems }: { problems: ListingProblem[] }) {
  if (problems.length === 0) return null;
  const beside = problems.filter((p) => p.field !== undefined).length;
  return (
    <div class="acct-error" role="alert" data-testid="listing-invalid">
      Nothing was sent: {problems.length === 1 ? 'one thing' : `${problems.length} things`} to mend{beside > 0 ? ', marked beside the fields' : ''}.
      <ListingWide problems={problems} testid="listing-invalid-problem" />
    </div>
  );
}

/** What the last send came to. */
function Outcome({ outcome, shown }: { outcome: SendOutcome; shown: ListingProblem[] }) {
  if (outcome.kind === 'refused') {
    return (
      <div class="acct-error" role="alert" data-testid="listing-refused">
        <b data-testid="listing-reason">{outcome.refusal.reason}</b> The exchange refused it: nothing was saved.{shown.some((p) => p.field !== undefined) ? ' Mend what is marked beside the fields and send it again.' : ''}
        <ListingWide problems={shown} testid="listing-refusal-problem" />
      </div>
    );
  }
  const l = outcome.listing;
  return (
    <>
      <div class="acct-ok" role="status" data-testid="listing-saved">
        {l.pendingReview === undefined
          ? `Listing #${l.id} v${l.version}: ${l.status}`
          : `Listing #${l.id}: v${l.pendingReview.version} awaits the operator's review (${l.pendingReview.changes.join(', ')} changed); v${l.version} stays ${l.status} meanwhile`}
      </div>
      {outcome.submitRefused !== undefined && (
        <div class="acct-error" role="alert" data-testid="listing-submit-refused">
          <b data-testid="listing-reason">{outcome.submitRefused.reason}</b> Saved, but submitting it for review was refused: {refusalProblems(outcome.submitRefused, outcome.sent.draft).map((p) => p.text).join(' ')}
        </div>
      )}
    </>
  );
}

/** The version a save made: the one awaiting review, else the live one. */
const savedVersion = (l: SavedListing): number => l.pendingReview?.version ?? l.version;

export function ListingEditor({ s, target, segments, onDone }: { s: ProviderSession; target: EditorTarget; segments: string[]; onDone: () => void }) {
  const base = target.mode === 'edit' ? target.base : undefined;
  const [d, setD] = useState<ListingDraft>(target.mode === 'edit' ? target.draft : EMPTY_DRAFT);
  const [file, setFile] = useState<File | undefined>();
  const [submitAfter, setSubmitAfter] = useState(target.mode === 'create');
  /** Set once a send was asked for: from then on the form's checks follow the typing. */
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  /** A send on its way: read before any await, so a second press in the same moment sends nothing (state is a render late). */
  const sending = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  /** The listing this form created: pressing Create again made a second listing (an outside review); it is edited from the list now. */
  const [created, setCreated] = useState<number | undefined>();
  const [outcome, setOutcome] = useState<SendOutcome | undefined>();
  const set = (patch: Partial<ListingDraft>): void => setD({ ...d, ...patch });
  const now: FormState = { draft: d, sample: file };

  const checks = tried ? draftProblems(d, file, base) : [];
  // A refusal's problems stand until a field they depend on changes; the checks' own are always today's.
  const refused = outcome?.kind === 'refused' ? outcome.problems.filter((p) => stillStands(p, outcome.sent, now)) : [];
  const problems = [...checks, ...refused.filter((p) => p.field !== undefined)];
  // A new version saved, and nothing changed since: saving again would make an identical one.
  const unchanged = outcome?.kind === 'saved' && outcome.sent.draft === d && outcome.sent.sample === file;

  const focusFirst = (found: ListingProblem[]): void => {
    const first = found.find((p) => p.field !== undefined)?.field;
    const control = first === undefined ? undefined : formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`);
    control?.focus();
  };

  const send = async (sample: File): Promise<void> => {
    const sent: FormState = { draft: d, sample };
    const body = listingBody(d, parseColumns(d.columns).columns, base, { format: sampleFormatOf(sample.name)!, base64: base64Of(new Uint8Array(await sample.arrayBuffer())) });
    const saved =
      target.mode === 'create'
        ? await s.account.signedRequest<SavedListing>('POST', '/v1/provider/listings', body)
        : await s.account.signedRequest<SavedListing>('PUT', `/v1/provider/listings/${target.listing.id}`, body);
    if (saved.state === 'refused') {
      const found = refusalProblems(saved, d);
      setOutcome({ kind: 'refused', refusal: saved, problems: found, sent });
      focusFirst(found);
    } else if (saved.state === 'ok') {
      if (target.mode === 'create') setCreated(saved.value.id);
      let listing = saved.value;
      let submitRefused: Refusal | undefined;
      if (submitAfter && SUBMITTABLE.includes(saved.value.status)) {
        const submitted = await s.account.signedRequest<SavedListing>('POST', `/v1/provider/listings/${saved.value.id}/submit`);
        if (submitted.state === 'ok') listing = submitted.value;
        else if (submitted.state === 'refused') submitRefused = submitted;
      }
      setOutcome({ kind: 'saved', listing, sent, ...(submitRefused === undefined ? {} : { submitRefused }) });
    }
  };

  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (sending.current || created !== undefined || unchanged) return;
    setTried(true);
    const found = draftProblems(d, file, base);
    if (found.length > 0 || file === undefined) {
      setOutcome(undefined);
      focusFirst(found);
      return;
    }
    sending.current = true;
    setBusy(true);
    try {
      await send(file);
    } finally {
      sending.current = false;
      setBusy(false);
    }
    // The provider's lists read again once the form takes presses again: a refusal's mended form sent at once was dropped
    // while these reads (three signed GETs, seconds on a busy host) still held the send open.
    await s.load();
  };

  const text = (field: 'title' | 'deliveryEndpoint' | 'timestampColumn' | 'keyColumns' | 'source' | 'collectionMethod' | 'retentionDays' | 'changeLog', props: Record<string, unknown> = {}) => (
    <label>
      <LabelText field={field} />
      <input name={field} data-testid={`listing-${field}`} value={d[field]} onInput={(e) => set({ [field]: (e.target as HTMLInputElement).value })} {...invalidProps(field, problems)} {...props} />
      <FieldProblem field={field} problems={problems} />
    </label>
  );
  const check = (field: 'personalData' | 'redistribution') => (
    <label class="check">
      <input type="checkbox" name={field} data-testid={`listing-${field}`} checked={d[field]} onChange={(e) => set({ [field]: (e.target as HTMLInputElement).checked })} {...invalidProps(field, problems)} /> {FIELD_LABELS[field].label.toLowerCase()}
      <FieldProblem field={field} problems={problems} />
    </label>
  );

  return (
    <form ref={formRef} class="panel acct-form listing-editor" data-testid="listing-editor" noValidate onSubmit={(e) => void save(e)}>
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
          <LabelText field="segment" />
          <input name="segment" data-testid="listing-segment" list="listing-segments" value={d.segment} disabled={target.mode === 'edit'} placeholder="AUTO_INTENT" onInput={(e) => set({ segment: (e.target as HTMLInputElement).value.toUpperCase() })} {...invalidProps('segment', problems)} />
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
          <FieldProblem field="segment" problems={problems} />
        </label>
        {text('title')}
        <label>
          <LabelText field="cadence" />
          <select name="cadence" data-testid="listing-cadence" value={d.cadence} onChange={(e) => set({ cadence: (e.target as HTMLSelectElement).value })} {...invalidProps('cadence', problems)}>
            {CADENCES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          <FieldProblem field="cadence" problems={problems} />
        </label>
        {text('deliveryEndpoint', { placeholder: 'https://gate.example.com/records', inputMode: 'url' })}
      </div>
      <label>
        <LabelText field="description" />
        <textarea name="description" data-testid="listing-description" rows={2} value={d.description} onInput={(e) => set({ description: (e.target as HTMLTextAreaElement).value })} {...invalidProps('description', problems)} />
        <FieldProblem field="description" problems={problems} />
      </label>
      <div class="listing-grid">
        <label>
          <LabelText field="columns" />
          <textarea name="columns" data-testid="listing-columns" rows={4} value={d.columns} onInput={(e) => set({ columns: (e.target as HTMLTextAreaElement).value })} {...invalidProps('columns', problems)} />
          <FieldProblem field="columns" problems={problems} />
        </label>
        <div>
          {text('timestampColumn')}
          {text('keyColumns')}
        </div>
        <div>
          {text('source')}
          {text('collectionMethod')}
        </div>
        <div>
          <label>
            <LabelText field="legalBasis" />
            <select name="legalBasis" data-testid="listing-legalBasis" value={d.legalBasis} onChange={(e) => set({ legalBasis: (e.target as HTMLSelectElement).value })} {...invalidProps('legalBasis', problems)}>
              {LEGAL_BASES.map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
            <FieldProblem field="legalBasis" problems={problems} />
          </label>
          {check('personalData')}
        </div>
      </div>
      <PermittedUses chosen={d.permittedUses} problems={problems} onChange={(permittedUses) => set({ permittedUses })} />
      <div class="listing-grid">
        {text('retentionDays', { inputMode: 'numeric' })}
        {check('redistribution')}
        {text('changeLog')}
        <label>
          <LabelText field="sample" />
          <input type="file" name="sample" data-testid="listing-sample" accept=".csv,.jsonl,.ndjson,.parquet" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0])} {...invalidProps('sample', problems)} />
          <FieldProblem field="sample" problems={problems} />
        </label>
      </div>
      {target.mode === 'create' || SUBMITTABLE.includes(target.listing.status) ? (
        <label class="check">
          <input type="checkbox" data-testid="listing-submit-after" checked={submitAfter} onChange={(e) => setSubmitAfter((e.target as HTMLInputElement).checked)} /> submit for review once saved
        </label>
      ) : null}
      <button type="submit" data-testid="listing-save" disabled={busy || created !== undefined || unchanged}>
        {/* What was saved, as soon as it is (the listings are read again after it); else whether it is on its way. */}
        {created !== undefined ? `Created: listing #${created}` : unchanged && outcome?.kind === 'saved' ? `Saved: version ${savedVersion(outcome.listing)}` : busy ? 'Uploading…' : target.mode === 'create' ? 'Create listing' : 'Save new version'}
      </button>
      {created !== undefined && <p class="hint" data-testid="listing-created-hint">To change listing #{created}, close this form and choose Edit in your listings: a new version replaces its draft.</p>}
      {unchanged && target.mode === 'edit' && <p class="hint" data-testid="listing-saved-hint">Change something (or choose a new sample) to save another version.</p>}
      <Unsent problems={checks} />
      {outcome !== undefined && (outcome.kind === 'saved' || refused.length > 0 || outcome.problems.length === 0) && <Outcome outcome={outcome} shown={refused} />}
    </form>
  );
}

/** The licence's permitted uses, one box each; a problem with them beside the group. */
function PermittedUses({ chosen, problems, onChange }: { chosen: string[]; problems: ListingProblem[]; onChange: (uses: string[]) => void }) {
  return (
    <fieldset class="listing-uses" {...invalidProps('permittedUses', problems)}>
      <legend>
        <LabelText field="permittedUses" />
      </legend>
      {PERMITTED_USES.map((u) => (
        <label key={u} class="check">
          <input type="checkbox" name="permittedUses" data-testid={`listing-use-${u}`} checked={chosen.includes(u)} onChange={(e) => onChange((e.target as HTMLInputElement).checked ? [...chosen, u] : chosen.filter((x) => x !== u))} /> {u}
        </label>
      ))}
      <FieldProblem field="permittedUses" problems={problems} />
    </fieldset>
  );
}

