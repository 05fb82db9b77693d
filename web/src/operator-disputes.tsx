/**
 * The operator page's disputes panel (docs/delivery.md, "Evidence, claims and disputes"): each
 * open dispute of an evidenced delivery (GET /operator/disputes, oldest grant first) with what
 * the operator weighs: what the consumer said was wrong, the escrow held, the provider's
 * evidence request by request (a download's signed statement or a push the consumer's webhook
 * took: records, SHA-256, what answered), and the consumer's receipts beside it (the same
 * records as the statement or not, and their conformance). A form decides it (POST
 * /operator/disputes/{id}/decision, moderator): rights refunded, an optional charge to the
 * provider's free PAT, a note; the result (what moved, from where) or the refusal by name shows
 * above the list, since a decided dispute leaves it.
 */
import { useState } from 'preact/hooks';
import type { GrantEscrow } from './account-session.js';
import { date, exactPat, parsePat, pat } from './format.js';
import { call, type DeliveryEvidence, type StoredReceipt } from './operator-api.js';
import type { AccessGrant } from '../../src/grants/grant.js';
import { Failed, type Loaded } from './operator-ui.js';

/** A row of GET /operator/disputes: the grant view (src/grants/routes.ts) with both parties, the evidence and the receipts. */
export interface DisputeRow {
  grant: AccessGrant;
  delivered: number;
  receipts: number;
  issuedAtMs: number;
  escrow: GrantEscrow & { dispute: NonNullable<GrantEscrow['dispute']> };
  consumerAccountId: number;
  providerAccountId: number;
  evidence: Array<DeliveryEvidence & { nonce: string }>;
  receiptsDetail: Array<StoredReceipt & { nonce: string }>;
  notCountedForListing?: { reason: string; why: string } | null;
}

/** POST /operator/disputes/{id}/decision's answer. */
interface Decided {
  grantId: number;
  refundQty: number;
  upheldQty: number;
  refundMicros: number;
  fromHeldMicros: number;
  fromProviderMicros: number;
  shortfallMicros: number;
  releasedMicros: number;
  note: string | null;
}

type Outcome = { ok: true; text: string } | { ok: false; text: string } | undefined;

const REASON_TEXT: Record<string, string> = { 'missing-records': 'records missing', nonconforming: 'records do not conform', 'not-received': 'nothing received' };
const sha = (hex: string): string => `${hex.slice(0, 12)}…`;

export function DisputesPanel({ token, disputes, refresh }: { token: string; disputes: Loaded<{ disputes: DisputeRow[] }>; refresh: () => Promise<void> }) {
  const [outcome, setOutcome] = useState<Outcome>();
  const rows = disputes?.ok === true ? disputes.value.disputes : [];
  return (
    <div class="panel op-panel" id="op-disputes" data-testid="disputes">
      <h2>
        Disputes <span class="muted">{rows.length} open · consumers' claims against deliveries the provider evidenced: refund what never arrived, uphold the rest (docs/delivery.md)</span>
      </h2>
      <Failed loaded={disputes} />
      {outcome !== undefined && (
        <div class={outcome.ok ? 'op-ok' : 'banner'} role={outcome.ok ? 'status' : 'alert'} data-testid="dispute-result">
          {outcome.text}
          <button class="op-x" onClick={() => setOutcome(undefined)} aria-label="dismiss">×</button>
        </div>
      )}
      {disputes?.ok === true && rows.length === 0 && <p class="muted" data-testid="disputes-empty">No open dispute.</p>}
      <div class="op-queue">
        {rows.map((d) => (
          <DisputeReview key={d.grant.grantId} token={token} d={d} onDecided={(o) => { setOutcome(o); void refresh(); }} />
        ))}
      </div>
    </div>
  );
}

/** The consumer's receipt of a request against the provider's statement of it: the same records (SHA-256), others, or no statement. */
function againstStatement(r: StoredReceipt & { nonce: string }, evidence: DisputeRow['evidence']): string {
  const e = evidence.find((x) => x.nonce === r.nonce);
  if (e === undefined) return 'no statement';
  return e.sha256 === r.sha256 && e.records === r.records ? 'same records' : 'differs';
}

function DisputeReview({ token, d, onDecided }: { token: string; d: DisputeRow; onDecided: (o: Outcome) => void }) {
  const g = d.grant;
  const x = d.escrow;
  const dispute = x.dispute;
  const [form, setForm] = useState({ refundQty: '', charge: '', note: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const decide = async (e: Event): Promise<void> => {
    e.preventDefault();
    const refundQty = Number(form.refundQty);
    if (form.refundQty.trim() === '' || !Number.isSafeInteger(refundQty) || refundQty < 0) return setError(`rights to refund: a whole number, 0 to ${dispute.undeliveredQty}`);
    const chargeProviderMicros = form.charge.trim() === '' ? 0 : parsePat(form.charge);
    if (chargeProviderMicros === undefined) return setError('charge: a number of PAT, at most 6 decimals');
    setError(undefined);
    setBusy(true);
    const body = { refundQty, chargeProviderMicros, ...(form.note.trim() === '' ? {} : { note: form.note.trim() }) };
    const r = await call<Decided>(token, 'POST', `/operator/disputes/${g.grantId}/decision`, body);
    setBusy(false);
    if (!r.ok) return onDecided({ ok: false, text: `decide grant #${g.grantId}: refused — ${r.reason}` });
    const a = r.body;
    onDecided({
      ok: true,
      text:
        `grant #${a.grantId} decided: ${a.refundQty} right(s) refunded, ${pat(a.refundMicros)} PAT to the consumer (${pat(a.fromHeldMicros)} from the held proceeds, ${pat(a.fromProviderMicros)} from the provider's free PAT` +
        `${a.shortfallMicros > 0 ? `, ${pat(a.shortfallMicros)} short` : ''}); ${a.upheldQty} upheld as delivered, ${pat(a.releasedMicros)} PAT released to the provider${a.note === null ? '' : ` · note: ${a.note}`}`,
    });
  };
  return (
    <div class="op-review" data-testid="dispute" data-grant-id={g.grantId}>
      <div class="op-review-head">
        <b>Grant #{g.grantId}</b>
        <span class="op-lst op-lst-submitted" data-testid="dispute-reason">{REASON_TEXT[dispute.reason] ?? dispute.reason}</span>
        <span class="muted">filed {date(dispute.filedAtMs)} UTC</span>
        <span>listing #{g.listingId} v{g.listingVersion} · series #{g.seriesId}</span>
      </div>
      <dl class="op-dl" data-testid="dispute-escrow">
        <dt>Consumer</dt>
        <dd class="op-wrap">
          #{d.consumerAccountId} <span class="muted">{g.consumer}</span>
        </dd>
        <dt>Provider</dt>
        <dd class="op-wrap">
          #{d.providerAccountId} <span class="muted">{g.provider}</span>
        </dd>
        <dt>Rights</dt>
        <dd>
          {g.quantity} bought · <b data-testid="dispute-evidenced">{dispute.evidencedQty}</b> evidenced by the provider · {d.delivered} receipted by the consumer · {dispute.undeliveredQty} undelivered (at most this many may be refunded)
        </dd>
        <dt>Escrow</dt>
        <dd>
          {pat(x.heldMicros)} PAT held of {pat(x.escrowedMicros)} PAT escrowed{x.releasedMicros > 0 ? ` · ${pat(x.releasedMicros)} PAT released` : ''}
        </dd>
        {d.notCountedForListing != null && (
          <>
            <dt>Related</dt>
            <dd class="op-bad">{d.notCountedForListing.why}</dd>
          </>
        )}
      </dl>
      <h4>The provider's evidence</h4>
      <div class="table-wrap">
        <table data-testid="dispute-evidence">
          <thead>
            <tr><th>Kind</th><th class="num">Use</th><th class="num">Records</th><th>SHA-256</th><th>Push</th><th>Received (UTC)</th></tr>
          </thead>
          <tbody>
            {d.evidence.length === 0 && <tr><td colSpan={6} class="muted">none recorded (the evidence is the consumer's receipts)</td></tr>}
            {d.evidence.map((e) => (
              <tr key={e.nonce} data-nonce={e.nonce}>
                <td data-testid="evidence-kind">{e.kind}</td>
                <td class="num">{e.use}</td>
                <td class="num" data-testid="evidence-records">{e.records}</td>
                <td title={e.sha256}><code data-testid="evidence-sha256">{sha(e.sha256)}</code></td>
                <td class="op-wrap">{e.push === undefined ? <span class="muted">—</span> : `#${e.push.seq} to ${e.push.url}: ${e.push.status} at ${date(e.push.answeredAtMs)}${e.push.address === undefined ? '' : ` (${e.push.address})`}`}</td>
                <td>{date(e.atMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>The consumer's receipts</h4>
      <div class="table-wrap">
        <table data-testid="dispute-receipts">
          <thead>
            <tr><th class="num">Use</th><th class="num">Records</th><th>SHA-256</th><th>Against the statement</th><th>Conformance</th><th>Received (UTC)</th></tr>
          </thead>
          <tbody>
            {d.receiptsDetail.length === 0 && <tr><td colSpan={6} class="muted" data-testid="receipts-none">none: the consumer receipted nothing</td></tr>}
            {d.receiptsDetail.map((r) => (
              <tr key={r.nonce} data-nonce={r.nonce}>
                <td class="num">{r.use}</td>
                <td class="num">{r.records}</td>
                <td title={r.sha256}><code>{sha(r.sha256)}</code></td>
                <td>{againstStatement(r, d.evidence)}</td>
                <td>{r.conformance ?? <span class="muted">not checked</span>}</td>
                <td>{date(r.atMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form class="op-form op-review-actions" data-testid="decide-form" onSubmit={(e) => void decide(e)}>
        <label>
          Rights to refund (0–{dispute.undeliveredQty})
          <input inputMode="numeric" placeholder="0" value={form.refundQty} onInput={set('refundQty')} data-testid="decide-refund" />
        </label>
        <label>
          Charge the provider (PAT, optional)
          <input inputMode="decimal" placeholder="0" value={form.charge} onInput={set('charge')} data-testid="decide-charge" title={`beyond the refunded rights' held proceeds, from its free PAT; never past what the consumer paid${x.heldMicros > 0 ? ` (held now: ${exactPat(x.heldMicros)} PAT)` : ''}`} />
        </label>
        <label class="op-reason">
          Note (kept with the decision; both parties see it)
          <input value={form.note} maxLength={1000} onInput={set('note')} data-testid="decide-note" />
        </label>
        <button type="submit" disabled={busy} data-testid="decide-submit">Decide</button>
        <p class="hint">The rights not refunded are upheld as delivered and their held proceeds released to the provider; the provider's free PAT moves only by the charge.</p>
        {error !== undefined && <div class="banner" role="alert" data-testid="decide-error">{error}</div>}
      </form>
    </div>
  );
}
