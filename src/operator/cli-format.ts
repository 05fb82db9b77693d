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

const iso = (ms: unknown): string => (typeof ms === 'number' && ms > 0 ? new Date(ms).toISOString() : '');
const shortSha = (v: unknown): string => (typeof v === 'string' ? `${v.slice(0, 12)}…` : '');
const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);

/**
 * GET /operator/disputes for people: one line per open dispute (the grant, both accounts, what the
 * consumer said, rights bought / evidenced / receipted / undelivered, µPAT held), then the
 * provider's evidence and the consumer's receipts, each a line per request (SHA-256 cut to 12).
 */
export function formatDisputes(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  const disputes = isRecord(body) ? records(body.disputes) : [];
  if (disputes.length === 0) return '(no open dispute)';
  const rows: Record<string, unknown>[] = [];
  const evidence: Record<string, unknown>[] = [];
  const receipts: Record<string, unknown>[] = [];
  for (const d of disputes) {
    const g = isRecord(d.grant) ? d.grant : {};
    const x = isRecord(d.escrow) ? d.escrow : {};
    const dispute = isRecord(x.dispute) ? x.dispute : {};
    rows.push({
      grantId: g.grantId,
      consumer: d.consumerAccountId,
      provider: d.providerAccountId,
      listing: `${cell(g.listingId)} v${cell(g.listingVersion)}`,
      reason: dispute.reason,
      qty: g.quantity,
      evidenced: dispute.evidencedQty,
      receipted: d.delivered,
      undelivered: dispute.undeliveredQty,
      heldMicros: x.heldMicros,
      filedAt: iso(dispute.filedAtMs),
    });
    for (const e of records(d.evidence)) {
      const push = isRecord(e.push) ? `#${cell(e.push.seq)} ${cell(e.push.status)} ${cell(e.push.url)}` : '';
      evidence.push({ grantId: g.grantId, kind: e.kind, use: e.use, records: e.records, sha256: shortSha(e.sha256), push, at: iso(e.atMs) });
    }
    for (const r of records(d.receiptsDetail)) receipts.push({ grantId: g.grantId, use: r.use, records: r.records, sha256: shortSha(r.sha256), conformance: r.conformance ?? '', at: iso(r.atMs) });
  }
  return [table(rows), '', 'evidence (the provider\'s):', table(evidence), '', 'receipts (the consumer\'s):', table(receipts)].join('\n');
}
