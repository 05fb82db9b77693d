/**
 * The operator page's listing moderation (docs/catalog.md): the queue of submitted
 * listings first, each opened with what a reviewer needs (measured quality, the trust
 * score and its components, the sample, the disclosures, a link to its catalog page)
 * and publish / reject / take down; published listings with a new version awaiting review
 * (a material change: its changed fields beside the live ones) with approve / reject; then
 * every listing in any status, each opening the
 * same way. Each listing's moderation history comes from the catalog's audit
 * (GET /operator/catalog/audit?listing=ID). An action's outcome shows in words next to the
 * buttons (a refusal with the API's reason by name) and in the panel's list of this session's
 * decisions above the queue, which stays when the decided listing leaves it (moderation-decisions.tsx):
 * a publish names the listing, its version and links its public page. A pressed action's buttons
 * take no second press until its answer and the listings read after it are in.
 */
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { bytes, QUALITY_METRICS, ratio } from './catalog-api.js';
import { date } from './format.js';
import { call, type CatalogAuditEntry, type ListingStatus, type OperatorListing, type OperatorListingRow } from './operator-api.js';
import { Failed, type Loaded } from './operator-ui.js';
import { DecisionLine, decisionOf, Decisions, outlivesReview, type Decision, type ModerationAction } from './moderation-decisions.js';

/** Audit entries read per listing: a listing's whole history in practice (the API's page limit is 1,000). */
const HISTORY_LIMIT = 1_000;
/** Listings shown in the "every listing" table before the filter must narrow it. */
const ALL_SHOWN = 200;
/** Queued listings opened at once (each reads its detail and history): the oldest first, the rest once these are decided. */
const QUEUE_SHOWN = 50;
/** This session's decisions the panel keeps in view, newest first. */
const DECISIONS_SHOWN = 10;

/** Takes a decision into the panel's list. */
type OnDecided = (d: Omit<Decision, 'seq'>) => void;

/** The catalog's actions and which statuses they apply to (the server decides; these only choose the buttons). */
const MAY_PUBLISH: readonly ListingStatus[] = ['submitted'];
const MAY_REJECT: readonly ListingStatus[] = ['submitted'];
const MAY_TAKE_DOWN: readonly ListingStatus[] = ['submitted', 'published', 'unpublished', 'rejected'];

export function ModerationPanel({ token, listings, refresh }: { token: string; listings: Loaded<OperatorListingRow[]>; refresh: () => Promise<void> }) {
  const [status, setStatus] = useState<'' | ListingStatus>('');
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [decisions, setDecisions] = useState<Decision[]>([]);
  // What may outlive its review (the listing leaves the queue) is kept here; a refusal that leaves it in place shows beside its buttons only.
  const decided: OnDecided = (d) => {
    if (outlivesReview(d)) setDecisions((was) => [{ ...d, seq: (was[0]?.seq ?? 0) + 1 }, ...was].slice(0, DECISIONS_SHOWN));
  };
  const rows = listings?.ok === true ? listings.value : [];
  // Oldest submission first: the queue is worked in the order it arrived (a pending version by when it was submitted).
  const queue = rows.filter((l) => l.status === 'submitted' || l.pendingReview !== undefined || l.conformanceReview !== undefined || l.driftReview !== undefined).sort((a, b) => queuedAt(a) - queuedAt(b));
  const all = rows.filter((l) => status === '' || l.status === status).sort((a, b) => b.updatedAtMs - a.updatedAtMs);
  const toggle = (id: number): void => setOpen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  return (
    <div class="panel op-panel" id="op-moderation" data-testid="moderation">
      <h2>
        Listing moderation <span class="muted">{queue.length} awaiting review · {rows.length} listings</span>
      </h2>
      <Failed loaded={listings} />
      <Decisions decisions={decisions} />
      <h3>Queue: submitted listings and versions for review</h3>
      {listings?.ok === true && queue.length === 0 && <p class="muted" data-testid="queue-empty">No listing awaits review.</p>}
      {queue.length > QUEUE_SHOWN && <p class="muted">the oldest {QUEUE_SHOWN} of {queue.length} submitted; the rest follow as these are decided</p>}
      <div class="op-queue" data-testid="moderation-queue">
        {queue.slice(0, QUEUE_SHOWN).map((l) => (
          <ListingReview key={l.id} token={token} row={l} refresh={refresh} onDecided={decided} />
        ))}
      </div>
      <h3>Every listing</h3>
      <div class="op-inline">
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as '' | ListingStatus)} data-testid="moderation-status-filter">
            <option value="">any</option>
            {(['submitted', 'published', 'rejected', 'unpublished', 'taken_down', 'draft'] as const).map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
        {all.length > ALL_SHOWN && <span class="muted">newest {ALL_SHOWN} of {all.length}: choose a status to narrow</span>}
      </div>
      <div class="table-wrap">
        <table data-testid="moderation-all">
          <thead>
            <tr><th></th><th>Listing</th><th>Segment</th><th>Status</th><th class="num">Trust</th><th class="num">Version</th><th>Updated</th><th>Reason</th></tr>
          </thead>
          <tbody>
            {all.slice(0, ALL_SHOWN).map((l) => (
              <tr key={l.id} data-listing-id={l.id} class={open.has(l.id) ? 'op-row-open' : ''}>
                <td>
                  <button onClick={() => toggle(l.id)} aria-expanded={open.has(l.id)} data-testid="listing-open">{open.has(l.id) ? 'Close' : 'Review'}</button>
                </td>
                <td class="op-name">#{l.id} {l.title}</td>
                <td>{l.segment}</td>
                <td><StatusBadge status={l.status} /></td>
                <td class="num">{l.trust.toFixed(3)}</td>
                <td class="num">{l.version}</td>
                <td>{date(l.updatedAtMs)}</td>
                <td class="op-wrap op-reason-cell" data-testid="listing-reason">{l.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* Opened reviews below the table, not inside it: a review needs the page's width, not a table cell's. */}
      <div class="op-queue op-opened" data-testid="moderation-opened">
        {rows.filter((l) => open.has(l.id)).map((l) => (
          <ListingReview key={l.id} token={token} row={l} refresh={refresh} onDecided={decided} />
        ))}
      </div>
    </div>
  );
}

function queuedAt(l: OperatorListingRow): number {
  return l.pendingReview?.submittedAtMs ?? l.conformanceReview?.atMs ?? l.driftReview?.atMs ?? l.updatedAtMs;
}

function StatusBadge({ status }: { status: ListingStatus }) {
  return <span class={`op-lst op-lst-${status}`} data-testid="listing-status">{status}</span>;
}

/** One listing as a reviewer sees it: its detail and history (read again whenever the listing changes), and the actions its status allows. */
function ListingReview({ token, row, refresh, onDecided }: { token: string; row: OperatorListingRow; refresh: () => Promise<void>; onDecided: OnDecided }) {
  const [detail, setDetail] = useState<Loaded<OperatorListing>>();
  const [history, setHistory] = useState<Loaded<CatalogAuditEntry[]>>();
  const [reason, setReason] = useState('');
  /** The action on its way (its button says so; every action waits), until its answer and the listings read after it are in. */
  const [sending, setSending] = useState<ModerationAction | undefined>();
  /** Read before any await: a second press in the same moment sends nothing (state is a render late). */
  const acting = useRef(false);
  const [outcome, setOutcome] = useState<Omit<Decision, 'seq'>>();
  // The listing changed (status, version, ratings, what awaits review): its detail and history are read again.
  const changed = `${row.status}:${row.version}:${row.updatedAtMs}:${row.pendingReview?.version ?? ''}:${row.conformanceReview?.atMs ?? ''}:${row.driftReview?.atMs ?? ''}`;
  /** The listing as it was when an action was done: its buttons stay down until the listings read shows what it is now. */
  const [doneAt, setDoneAt] = useState<string | undefined>();
  const busy = sending !== undefined || doneAt === changed;
  useEffect(() => {
    let live = true;
    void (async () => {
      const [d, h] = await Promise.all([
        call<OperatorListing>(token, 'GET', `/operator/listings/${row.id}`),
        call<CatalogAuditEntry[]>(token, 'GET', `/operator/catalog/audit?listing=${row.id}&limit=${HISTORY_LIMIT}`),
      ]);
      if (!live) return;
      setDetail(d.ok ? { ok: true, value: d.body } : { ok: false, reason: d.reason });
      setHistory(h.ok ? { ok: true, value: h.body } : { ok: false, reason: h.reason });
    })();
    return () => {
      live = false;
    };
  }, [token, row.id, changed]);

  const act = async (action: ModerationAction, body?: unknown): Promise<void> => {
    if (acting.current || busy) return;
    acting.current = true;
    setSending(action);
    try {
      const r = await call<OperatorListing>(token, 'POST', `/operator/listings/${row.id}/${action}`, body);
      const decision = decisionOf(action, row, r);
      setOutcome(decision);
      onDecided(decision);
      if (r.ok) {
        setReason('');
        setDoneAt(changed);
      }
      await refresh();
    } finally {
      acting.current = false;
      setSending(undefined);
    }
  };
  const label = (action: ModerationAction, idle: string, working: string): string => (sending === action ? working : idle);

  const l = detail?.ok === true ? detail.value : undefined;
  const v = l?.versions.at(-1);
  const pending = l?.pending;
  return (
    <article class="op-review" data-testid="listing-review" data-listing-id={row.id}>
      <header class="op-review-head">
        <b>#{row.id} {row.title}</b>
        <StatusBadge status={row.status} />
        <span class="muted">
          {row.segment} · provider #{row.providerAccountId} · version {row.version} · updated {date(row.updatedAtMs)}
        </span>
        <a href={`#/catalog/${row.id}`} data-testid="listing-catalog-link">catalog page{row.status === 'published' ? '' : ' (public once published)'}</a>
      </header>
      {row.reason !== undefined && <p class="op-review-reason">Operator's reason: {row.reason}</p>}
      <div class="op-review-grid">
        <section>
          <h4>Measured quality <span class="muted">(version {row.version}, {row.quality.rows.toLocaleString('en-US')} rows × {row.quality.columns} columns)</span></h4>
          <dl class="op-dl op-metrics" data-testid="listing-quality">
            {QUALITY_METRICS.map((m) => (
              <Fragment key={m}>
                <dt>{m}</dt>
                <dd title={row.quality[m] === null ? (m === 'accuracy' ? 'unverified: no reference sample' : 'not measured') : undefined}>{ratio(row.quality[m], 3)}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
        <section>
          <h4>Trust score <b data-testid="listing-trust">{row.trust.toFixed(3)}</b></h4>
          {l !== undefined ? (
            <dl class="op-dl op-metrics">
              <dt>quality ×0.40</dt><dd>{ratio(l.score.quality, 3)}</dd>
              <dt>rating ×0.20</dt><dd>{ratio(l.score.rating, 3)} <span class="muted">({l.score.ratings} ratings)</span></dd>
              <dt>reliability ×0.20</dt><dd>{ratio(l.score.reliability, 3)}</dd>
              <dt>disclosure ×0.20</dt><dd>{ratio(l.score.disclosure, 3)}</dd>
            </dl>
          ) : (
            <Failed loaded={detail} />
          )}
        </section>
        {v !== undefined && (
          <section data-testid="listing-disclosures">
            <h4>Sample and disclosures</h4>
            <dl class="op-dl">
              <dt>sample</dt>
              <dd>{v.sample.format} · {bytes(v.sample.bytes)} · SHA-256 <code title={v.sample.sha256}>{v.sample.sha256.slice(0, 12)}…</code></dd>
              <dt>columns</dt>
              <dd class="op-wrap">{v.schema.columns.map((c) => `${c.name} (${c.type})`).join(', ')}</dd>
              <dt>source</dt>
              <dd class="op-wrap">{v.provenance.source} · {v.provenance.collectionMethod}</dd>
              <dt>legal basis</dt>
              <dd>
                {v.provenance.legalBasis} · {v.provenance.personalData ? <b class="op-warn">personal data</b> : 'no personal data'}
                {v.provenance.sensitiveCategories.length > 0 && <> · <b class="op-bad">sensitive: {v.provenance.sensitiveCategories.join(', ')}</b></>}
              </dd>
              <dt>licence</dt>
              <dd>{v.licence.permittedUses.join(', ')} · retention {v.licence.retentionDays} days · {v.licence.redistribution ? 'redistribution allowed' : 'no redistribution'}</dd>
              <dt>cadence</dt>
              <dd>{v.cadence}</dd>
              <dt>delivery</dt>
              <dd class="op-wrap"><code>{v.deliveryEndpoint}</code></dd>
              {v.changeLog !== '' && (
                <>
                  <dt>change log</dt>
                  <dd class="op-wrap">{v.changeLog}</dd>
                </>
              )}
            </dl>
          </section>
        )}
      </div>
      {row.pendingReview !== undefined && (
        <section class="op-review-pending" data-testid="listing-pending">
          <h4>
            Version {row.pendingReview.version} awaits review <span class="muted">submitted {date(row.pendingReview.submittedAtMs)}; version {row.version} stays live until approved</span>
          </h4>
          {pending !== undefined && v !== undefined && (
            <dl class="op-dl">
              {pending.changes.map((f) => (
                <Fragment key={f}>
                  <dt>{f}</dt>
                  <dd class="op-wrap">
                    <code>{JSON.stringify(fieldOf(v, f))}</code> → <b class="op-warn"><code data-testid="pending-change">{JSON.stringify(fieldOf(pending.version, f))}</code></b>
                  </dd>
                </Fragment>
              ))}
            </dl>
          )}
          <div class="op-inline">
            <button disabled={busy} onClick={() => void act('approve-version')} data-testid="listing-approve-version">{label('approve-version', `Approve version ${row.pendingReview.version}`, 'Approving…')}</button>
            <button disabled={busy} onClick={() => void act('reject-version', { reason })} data-testid="listing-reject-version">{label('reject-version', 'Reject version (reason below)', 'Rejecting…')}</button>
          </div>
        </section>
      )}
      {row.conformanceReview !== undefined && (
        <section class="op-review-pending" data-testid="listing-divergence">
          <h4>
            Delivered records diverge from the listing{' '}
            <span class="muted">
              grant {row.conformanceReview.grantId}, version {row.conformanceReview.version}, {row.conformanceReview.rows} records, {date(row.conformanceReview.atMs)}
            </span>
          </h4>
          <ul>
            {row.conformanceReview.divergences.map((d) => (
              <li key={d.metric} class="op-warn" data-testid="divergence">
                {d.message}
              </li>
            ))}
          </ul>
          <div class="op-inline">
            <button disabled={busy} onClick={() => void act('dismiss-conformance', { reason })} data-testid="listing-dismiss-divergence">
              {label('dismiss-conformance', 'Dismiss (reason below); or take the listing down', 'Dismissing…')}
            </button>
          </div>
        </section>
      )}
      {row.driftReview !== undefined && (
        <section class="op-review-pending" data-testid="listing-drift">
          <h4>
            A model feed's live record drifted from its backtest: downgraded{' '}
            <span class="muted">
              lineage {row.driftReview.lineage}, {date(row.driftReview.atMs)}
            </span>
          </h4>
          <p class="op-warn" data-testid="drift-reason">{row.driftReview.reason}</p>
          <div class="op-inline">
            <button disabled={busy} onClick={() => void act('dismiss-drift', { reason })} data-testid="listing-dismiss-drift">
              {label('dismiss-drift', 'Keep it live (reason below: judged again after 30 more outcomes); or take the listing down', 'Dismissing…')}
            </button>
          </div>
        </section>
      )}
      <div class="op-inline op-review-actions">
        {MAY_PUBLISH.includes(row.status) && (
          <button disabled={busy} onClick={() => void act('publish')} data-testid="listing-publish">{label('publish', 'Publish', 'Publishing…')}</button>
        )}
        {(MAY_REJECT.includes(row.status) || MAY_TAKE_DOWN.includes(row.status)) && (
          <input
            class="op-reason"
            placeholder="reason (shown to the provider)"
            maxLength={2000}
            value={reason}
            onInput={(e) => {
              setReason((e.target as HTMLInputElement).value);
              // "A reason is required" is mended by typing one: it does not stay beside the buttons meanwhile.
              if (outcome?.ok === false && outcome.code === 'MALFORMED_LISTING') setOutcome(undefined);
            }}
            data-testid="listing-reason-input"
            aria-label={`reason for listing #${row.id}`}
          />
        )}
        {MAY_REJECT.includes(row.status) && (
          <button disabled={busy} onClick={() => void act('reject', { reason })} data-testid="listing-reject">{label('reject', 'Reject', 'Rejecting…')}</button>
        )}
        {MAY_TAKE_DOWN.includes(row.status) && (
          <button disabled={busy} class="op-danger" onClick={() => void act('take-down', { reason })} data-testid="listing-take-down">{label('take-down', 'Take down', 'Taking down…')}</button>
        )}
      </div>
      {outcome !== undefined && (
        <div class={outcome.ok ? 'op-ok' : 'banner'} role={outcome.ok ? 'status' : 'alert'} data-testid="moderation-result">
          <DecisionLine d={outcome} />
        </div>
      )}
      <h4>Moderation history</h4>
      <Failed loaded={history} />
      {history?.ok === true && (
        <div class="table-wrap">
          <table data-testid="listing-history">
            <thead>
              <tr><th>When</th><th>Who</th><th>Action</th><th>Status</th><th class="num">Version</th><th>Reason</th></tr>
            </thead>
            <tbody>
              {[...history.value].reverse().map((e) => (
                <tr key={e.seq}>
                  <td>{date(e.atMs)}</td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>{e.fromStatus === e.toStatus ? e.toStatus : `${e.fromStatus} → ${e.toStatus}`}</td>
                  <td class="num">{e.version}</td>
                  <td class="op-wrap op-reason-cell">{e.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

/** A material field's value in a version: a model feed's are paths into its block (`modelFeed.lineage`). */
function fieldOf(v: object, field: string): unknown {
  let at: unknown = v;
  for (const key of field.split('.')) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}
