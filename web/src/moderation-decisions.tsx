/**
 * What an operator's moderation action came to, in words (operator-moderation.tsx): a success
 * names the listing, its version and what it is now, with a link to its public page once it is in
 * the catalog; a refusal says what was not done and why, with the API's code by name. The panel
 * keeps this session's decisions above the queue, since a decided listing leaves the queue (and its
 * review with it) as soon as the listings are read again.
 */
import type { ApiResult, ListingStatus, OperatorListing, OperatorListingRow } from './operator-api.js';

export type ModerationAction = 'publish' | 'reject' | 'take-down' | 'approve-version' | 'reject-version' | 'dismiss-conformance' | 'dismiss-drift';

/** One action's outcome, as the panel lists it. */
export interface Decision {
  /** The panel's count of decisions: a key, newest highest. */
  seq: number;
  action: ModerationAction;
  listingId: number;
  ok: boolean;
  text: string;
  /** The API's code, for a refusal. */
  code?: string;
  /** The listing's public page, once it is in the catalog. */
  publicPage?: string;
}

const NOT_DONE: Record<ModerationAction, string> = {
  publish: 'Not published',
  reject: 'Not rejected',
  'take-down': 'Not taken down',
  'approve-version': 'Version not approved',
  'reject-version': 'Version not rejected',
  'dismiss-conformance': 'Divergence not dismissed',
  'dismiss-drift': 'Drift not dismissed',
};

const name = (id: number, title: string): string => `listing #${id} “${title}”`;

/** What a done action says: what was decided, of which listing and version, and what that listing is now. */
function doneText(action: ModerationAction, row: OperatorListingRow, l: OperatorListing): string {
  const it = name(l.id, l.title);
  switch (action) {
    case 'publish':
      return `Published ${it}, version ${l.version}: it is in the public catalog now.`;
    case 'approve-version':
      return `Approved version ${l.version} of ${it}: it is the live version in the catalog now.`;
    case 'reject':
      return `Rejected ${it} (version ${l.version}): the provider sees your reason.`;
    case 'take-down':
      return `Took down ${it}: it is out of the catalog; the provider sees your reason.`;
    case 'reject-version':
      return `Rejected version ${row.pendingReview?.version ?? '?'} of ${it}: version ${l.version} stays ${l.status}.`;
    case 'dismiss-conformance':
      return `Dismissed the divergence of ${it}: it stays ${l.status}.`;
    case 'dismiss-drift':
      return `Kept ${it} live: its drift is dismissed.`;
  }
}

/** What a refused (or unanswered) action says: what was not done, and why in words. */
function refusedText(action: ModerationAction, row: OperatorListingRow, r: Extract<ApiResult<unknown>, { ok: false }>): string {
  const not = NOT_DONE[action];
  const it = name(row.id, row.title);
  if (r.code === 'NETWORK') return `Unknown whether ${it} changed: ${r.message}. The listings are read again: see its status there before pressing again.`;
  if (r.status === 401) return `${not}: the operator token was refused (${r.message}). Sign in again.`;
  if (r.code === 'BAD_TRANSITION') return `${not}: ${it} no longer awaits this decision (another operator may have decided it first): ${r.message}.`;
  if (r.code === 'MALFORMED_LISTING' && /reason/.test(r.message)) return `${not}: a reason is required, shown to the provider (${r.message}). Type it in the reason box and press again.`;
  if (r.code === 'UNKNOWN_LISTING') return `${not}: ${it} no longer exists (${r.message}).`;
  if (r.status >= 500) return `${not}: the service failed (${r.reason}). Nothing is known to have changed: try again.`;
  return `${not}: ${r.message === '' ? r.reason : r.message}.`;
}

/** A moderation action's answer as a decision (numbered by the panel). */
export function decisionOf(action: ModerationAction, row: OperatorListingRow, r: ApiResult<OperatorListing>): Omit<Decision, 'seq'> {
  if (!r.ok) return { action, listingId: row.id, ok: false, code: r.code, text: refusedText(action, row, r) };
  const status: ListingStatus = r.body.status;
  return { action, listingId: row.id, ok: true, text: doneText(action, row, r.body), ...(status === 'published' ? { publicPage: `#/catalog/${row.id}` } : {}) };
}

/**
 * Whether a decision belongs in the panel's list: a done one (its listing leaves the queue), or a refusal
 * that says the listing moved on or may have (another operator's decision, a deleted draft, no answer).
 */
export function outlivesReview(d: Omit<Decision, 'seq'>): boolean {
  return d.ok || d.code === 'BAD_TRANSITION' || d.code === 'UNKNOWN_LISTING' || d.code === 'NETWORK';
}

/** One decision: its words, the code of a refusal by name, the public page's link. */
export function DecisionLine({ d }: { d: Omit<Decision, 'seq'> }) {
  return (
    <>
      {d.code !== undefined && <b data-testid="moderation-reason">{d.code}</b>} <span data-testid="decision-text">{d.text}</span>
      {d.publicPage !== undefined && (
        <>
          {' '}
          <a href={d.publicPage} data-testid="decision-public-link">
            Its public page
          </a>
        </>
      )}
    </>
  );
}

/** This session's decisions, newest first: they stay when the decided listing leaves the queue. */
export function Decisions({ decisions }: { decisions: Decision[] }) {
  if (decisions.length === 0) return null;
  return (
    <ul class="op-decisions" data-testid="moderation-decided" aria-live="polite">
      {decisions.map((d) => (
        <li key={d.seq} class={d.ok ? 'op-ok' : 'banner'} data-testid="decision" data-listing-id={d.listingId} data-action={d.action} data-ok={String(d.ok)}>
          <DecisionLine d={d} />
        </li>
      ))}
    </ul>
  );
}
