/**
 * Human-readable output for the CLI: arrays of records as aligned tables, records as
 * `key: value` lines (a nested record as an indented section), amounts in PAT with 4 decimals
 * (a field named `…Micros` holds µPAT: `priceMicros: 870000` reads `price (PAT): 0.8700`), moments as
 * UTC times (`closeAtMs: 1796256000000` reads `closeAt: 2026-12-03 00:00:00 UTC`, 0 as `-`), a
 * small record inside a table cell as `key value, …`. `--json` skips all of this and gives the
 * exact figures.
 */

/** The widest a record or list laid out in a table's cell is shown (the rest as …; `--json` has it whole). */
const MAX_CELL = 120;

const MICROS = /Micros$/;
/** A moment as milliseconds since the epoch (`closeAtMs`, `mmpFrozenUntilMs`): shown as a UTC time, 0 as `-`. */
const MOMENT = /(At|Until)Ms$/;

/**
 * How a field's name is shown: `keys` as the JSON names it (a caller's own column names, a listing's data
 * columns), `words` as words for people (an operator answer's camelCase fields: `seriesId` reads `series id` in a
 * record and `SERIES ID` as a table's header).
 */
export type Labels = 'keys' | 'words';

/** A field's name for people: `…Micros` (µPAT) becomes `… (PAT)`, `…AtMs` a time (`…At`); as `words`, camelCase split. */
function label(key: string, labels: Labels = 'keys'): string {
  const pat = MICROS.test(key);
  let name = pat ? key.replace(MICROS, '') : MOMENT.test(key) ? key.slice(0, -2) : key;
  if (labels === 'words') name = name.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase();
  return pat ? `${name} (PAT)` : name;
}

/** Milliseconds since the epoch as `2026-11-27 23:41:07 UTC`; 0 (never, not set) as `-`. */
function utcTime(ms: number): string {
  return ms === 0 ? '-' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** µPAT (a safe integer, or a decimal string for a bigint) as PAT with exactly 4 decimals, rounded half away from zero. */
export function patFromMicros(v: number | string): string | undefined {
  let micros: bigint;
  try {
    micros = BigInt(v);
  } catch {
    return undefined;
  }
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const tenThousandths = (abs + 50n) / 100n; // µPAT has 6 decimals: round to 4
  const text = `${tenThousandths / 10_000n}.${(tenThousandths % 10_000n).toString().padStart(4, '0')}`;
  return negative && tenThousandths !== 0n ? `-${text}` : text;
}

function scalar(v: unknown, key: string): string {
  if (v === undefined || v === null) return '';
  if (MICROS.test(key) && (typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v)))) return patFromMicros(v) ?? String(v);
  if (MOMENT.test(key) && typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return utcTime(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function cell(v: unknown, key = '', labels: Labels = 'keys'): string {
  if (Array.isArray(v) && v.every((x) => !isRecord(x) && !Array.isArray(x))) return v.map((x) => scalar(x, key)).join(', ');
  // A small record (no record or list inside) reads as its pairs; anything deeper stays JSON.
  if (isRecord(v) && Object.values(v).every((x) => typeof x !== 'object' || x === null)) {
    return Object.entries(v)
      .map(([k, x]) => `${label(k, labels)} ${scalar(x, k)}`)
      .join(', ');
  }
  return scalar(v, key);
}

function clip(text: string): string {
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** Rows of records as a table with a header, columns padded to their widest cell; `words`: headers in capitals, as words. */
export function table(rows: readonly Record<string, unknown>[], labels: Labels = 'keys'): string {
  if (rows.length === 0) return '(none)';
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const headers = columns.map((c) => (labels === 'words' ? label(c, labels).toUpperCase() : label(c)));
  // Only a value laid out here (a record or list in a cell) is clipped: a caller's own text is shown whole.
  const cells = rows.map((r) => columns.map((c) => (typeof r[c] === 'object' && r[c] !== null ? clip(cell(r[c], c, labels)) : cell(r[c], c, labels))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...cells.map(line)].join('\n');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value for people: tables for lists of records, sections for records holding lists or records. */
export function formatValue(value: unknown, indent = '', labels: Labels = 'keys'): string {
  if (Array.isArray(value)) return value.every(isRecord) ? table(value, labels) : value.map((v) => cell(v, '', labels)).join('\n');
  if (!isRecord(value)) return cell(value, '', labels);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const name = label(k, labels);
    if (Array.isArray(v) && v.length > 0 && v.every(isRecord)) lines.push(`${indent}${name}:`, ...table(v, labels).split('\n').map((l) => indent + l), '');
    else if (isRecord(v) && Object.keys(v).length > 0) lines.push(`${indent}${name}:`, formatValue(v, `${indent}  `, labels));
    else lines.push(`${indent}${name}: ${cell(v, k, labels)}`);
  }
  return lines.join('\n').trimEnd();
}

/** An operator's HTTP answer for people (JSON formatted, its field names as words; anything else as it came). */
export function formatAnswer(text: string): string {
  try {
    return formatValue(JSON.parse(text) as unknown, '', 'words');
  } catch {
    return text;
  }
}

// A time in a table, as the other commands print theirs (utcTime); none as empty.
const shownTime = (ms: unknown): string => (typeof ms === 'number' && ms > 0 ? utcTime(ms) : '');
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
      filedAt: shownTime(dispute.filedAtMs),
    });
    for (const e of records(d.evidence)) {
      const push = isRecord(e.push) ? `#${cell(e.push.seq)} ${cell(e.push.status)} ${cell(e.push.url)}` : '';
      evidence.push({ grantId: g.grantId, kind: e.kind, use: e.use, records: e.records, sha256: shortSha(e.sha256), push, at: shownTime(e.atMs) });
    }
    for (const r of records(d.receiptsDetail)) receipts.push({ grantId: g.grantId, use: r.use, records: r.records, sha256: shortSha(r.sha256), conformance: r.conformance ?? '', at: shownTime(r.atMs) });
  }
  return [table(rows, 'words'), '', 'evidence (the provider\'s):', table(evidence, 'words'), '', 'receipts (the consumer\'s):', table(receipts, 'words')].join('\n');
}

/**
 * GET /operator/phase/readiness for people: the guide's rule, the overall verdict, then per
 * contract one line per threshold (PASS or FAIL, the figure, the threshold and its parameter).
 */
export function formatPhaseReadiness(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isRecord(body) || !isRecord(body.overall)) return formatAnswer(text);
  const figure = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : 'no figure');
  // A missing figure says why (the report's `why`): a bare "no figure" read as the report's fault.
  const value = (x: Record<string, unknown>): string => (typeof x.value !== 'number' && typeof x.why === 'string' && x.why !== '' ? `no figure: ${x.why}` : figure(x.value));
  const verdictRows = (v: unknown): Record<string, unknown>[] =>
    records(v).map((x) => ({ verdict: x.pass === true ? 'PASS' : 'FAIL', requirement: x.requirement, check: x.check, value: value(x), threshold: `${String(x.op)} ${figure(x.threshold)}`, param: x.param }));
  const o = body.overall;
  const lines = [
    String(body.rule),
    `governance phase ${String(body.governancePhase)}; next ${body.nextPhase === null ? 'none' : `phase ${String(body.nextPhase)}`}: ${o.ready === true ? 'READY' : 'NOT READY'} (${String(o.readyContracts)} of ${String(o.contracts)} contracts ready)`,
    '',
    table(verdictRows(o.verdicts), 'words'),
  ];
  for (const c of records(body.contracts)) lines.push('', `${String(c.contract)}: ${c.ready === true ? 'ready' : 'not ready'}`, table(verdictRows(c.verdicts), 'words'));
  return lines.join('\n');
}

/** GET /operator/alarms for people: one line per alarm, active first (docs/alarms.md), then the board's counts. */
export function formatAlarms(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isRecord(body)) return formatAnswer(text);
  const alarms = records(body.alarms);
  const counts = `${cell(body.active)} active, ${cell(body.critical)} critical${Number(body.dropped) > 0 ? `, ${cell(body.dropped)} dropped (the board holds ${cell(body.maxAlarms)})` : ''}`;
  if (alarms.length === 0) return `(no alarm) · ${counts}`;
  const rows = alarms.map((a) => ({ state: a.active === true ? 'ACTIVE' : 'cleared', severity: a.severity, name: a.name, subject: a.subject === '' ? '-' : a.subject, since: shownTime(a.firstAtMs), last: shownTime(a.lastAtMs), count: a.count, summary: a.summary }));
  return `${table(rows, 'words')}\n${counts}`;
}

/** GET /operator/providers for people: one line per provider account, whether verified and whether its payouts are held. */
export function formatProviders(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  const providers = records(body);
  if (providers.length === 0) return '(no provider account)';
  return table(providers.map((p) => ({ account: p.accountId, address: p.address, verified: p.verified === true ? `yes, ${shownTime(p.verifiedAtMs)}` : 'no', payouts: p.payoutsHeld === true ? 'HELD' : 'not held' })), 'words');
}

/** A JSON answer's record, or undefined (not JSON, not a record): the caller prints the text as it came. */
function answerRecord(text: string): Record<string, unknown> | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    return isRecord(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

const patOf = (v: unknown): string => `${typeof v === 'number' ? (patFromMicros(v) ?? String(v)) : '0.0000'} PAT`;

/**
 * POST /operator/disputes/{id}/decision for people: what each number is. The answer's `refundMicros` is what was
 * due (the consumer's average price for the refunded rights), not what was paid: the consumer got the part the held
 * proceeds (and any --charge on the provider) paid; the rest is the shortfall, not paid. It read "refund (PAT):
 * 0.3910" beside a consumer's 0.3750 back.
 */
export function formatDecision(text: string): string {
  const d = answerRecord(text);
  if (d === undefined || typeof d.grantId !== 'number') return formatAnswer(text);
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const paid = num(d.fromHeldMicros) + num(d.fromProviderMicros);
  const rows: Array<[string, unknown]> = [
    ["refund due (the consumer's price for them)", d.refundMicros],
    ['  paid from the proceeds held for them', d.fromHeldMicros],
    ["  paid from the provider's free PAT (--charge)", d.fromProviderMicros],
    ['refunded to the consumer in all', paid],
    ['shortfall (due, not paid: beyond the held proceeds and the charge)', d.shortfallMicros],
    ['released to the provider', d.releasedMicros],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  const lines = [`decided grant ${d.grantId}: ${cell(d.refundQty)} right(s) refunded, ${cell(d.upheldQty)} upheld as delivered`, ...rows.map(([label, v]) => `${`${label}:`.padEnd(width)} ${patOf(v).padStart(14)}`)];
  if (typeof d.note === 'string' && d.note !== '') lines.push(`note: ${d.note}`);
  return lines.join('\n');
}

/**
 * A listing the operator moved (publish, reject, take-down, approve-version, reject-version) in one line: the
 * answer is the whole listing, every version in a row more than 1,000 characters wide (--json has it whole).
 */
export function formatListingMoved(verb: string): (text: string) => string {
  return (text) => {
    const l = answerRecord(text);
    if (l === undefined || typeof l.id !== 'number') return formatAnswer(text);
    const why = typeof l.reason === 'string' && l.reason !== '' && (l.status === 'rejected' || l.status === 'taken_down') ? ` (${l.reason})` : '';
    return `${verb} listing ${l.id} v${cell(l.version)} (${cell(l.segment)}, provider account ${cell(l.providerAccountId)}): ${cell(l.status)}${why}`;
  };
}

/** POST /operator/providers/{id}/verify or /revoke for people: whom, and what it does to the provider's payouts. */
export function formatIdentityChange(text: string): string {
  const body = answerRecord(text);
  const r = body !== undefined && isRecord(body.identity) ? body.identity : undefined;
  if (r === undefined) return formatAnswer(text);
  const screening = isRecord(r.screening) ? r.screening.status : undefined;
  if (r.verified !== true) return `revoked provider ${cell(r.accountId)}'s verification (${cell(r.revokeReason)}): its withdrawals are held again (refused PAYOUT_HELD_UNVERIFIED)`;
  const holds = screening === 'flagged' || screening === 'rejected';
  return `verified provider ${cell(r.accountId)} (${cell(r.legalName)}, ${cell(r.jurisdiction)}; KYC ${cell(r.kycReference)}; payout address ${cell(r.payoutAddress)}): ${holds ? `its screening (${String(screening)}) still holds its payouts` : 'its withdrawals are taken from now on, paid with the next settlement batch'}`;
}
