/**
 * The account's statement (GET /v1/statement; docs/http-api.md, "Account statement"): every change of the PAT it owns
 * with the balance after, newest first, as JSON rows or as a CSV file (wallet-signed: its own, or its organisation's).
 */
import { signRequestHeaders } from '../request-signing/index.js';
import { PatxHttpError, publicGet, signedCall, type ExchangeHttp } from './http.js';

/** One row: µPAT integers; `amountMicros` the change of what the account owns, `balanceMicros` what it owns after. */
export interface StatementRow {
  seq: number;
  timeMs: number;
  kind: string;
  ref: string;
  amountMicros: number;
  balanceMicros: number;
  availableMicros: number;
  heldMicros: number;
  lockedMicros: number;
  lockedChangeMicros: number;
  feeMicros: number;
  commands: number;
}

export interface StatementPage {
  entries: StatementRow[];
  /** The `before` of the next page (null: the last). */
  next: number | null;
  /** The seq the statement holds every change through (its thread follows the journal; a read waits up to 2 s for the engine's last). */
  asOfSeq: number;
}

/** A CSV page: the file as served, the `before` of the next page (null: the last) and the seq it holds every change through. */
export interface StatementCsvPage {
  csv: string;
  next: number | null;
  asOfSeq: number;
}

function csvPage(csv: string, headers: Headers): StatementCsvPage {
  const next = headers.get('patx-next');
  return { csv, next: next === null ? null : Number(next), asOfSeq: Number(headers.get('patx-as-of-seq') ?? 0) };
}

export interface StatementQuery {
  limit?: number;
  /** Rows before this seq (the previous page's `next`). */
  before?: number;
  /** Rows at or after / at or before these times, ms since the epoch. */
  fromMs?: number;
  toMs?: number;
  kind?: string;
  /** The signer's organisation's statement, not its own. */
  organisation?: boolean;
}

function statementPath(q: StatementQuery, csv: boolean): string {
  const p = new URLSearchParams();
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  if (q.before !== undefined) p.set('before', String(q.before));
  if (q.fromMs !== undefined) p.set('from', String(q.fromMs));
  if (q.toMs !== undefined) p.set('to', String(q.toMs));
  if (q.kind !== undefined) p.set('kind', q.kind);
  if (q.organisation === true) p.set('organisation', 'true');
  if (csv) p.set('format', 'csv');
  const text = p.toString();
  return text === '' ? '/v1/statement' : `/v1/statement?${text}`;
}

/** The operator's credential and the gateway's HTTP base (not its /operator path). */
export interface OperatorHttp {
  url: string;
  token: string;
  timeoutMs?: number;
}

/**
 * Any account's statement, or the exchange's fee account's (`account` 'fee'), for the operator (getStatement with
 * ?account=): the JSON page, or with `csv` the file's text and the next page's `before`.
 */
export async function getAccountStatement(http: OperatorHttp, account: number | 'fee', q: Omit<StatementQuery, 'organisation'> = {}, csv = false): Promise<StatementPage | StatementCsvPage> {
  const path = statementPath(q, csv);
  const url = new URL(`${path}${path.includes('?') ? '&' : '?'}account=${account}`, http.url);
  const res = await fetch(url, { headers: { authorization: `Bearer ${http.token}` }, signal: AbortSignal.timeout(http.timeoutMs ?? 30_000) });
  const text = await res.text();
  if (res.status !== 200) throw refusalOf(res.status, text);
  if (!csv) return JSON.parse(text) as StatementPage;
  return csvPage(text, res.headers);
}

/** A refusal's JSON body as PatxHttpError. */
function refusalOf(status: number, text: string): PatxHttpError {
  let b: { error?: unknown; message?: unknown } = {};
  try {
    b = (JSON.parse(text) ?? {}) as typeof b;
  } catch {
    // not JSON: the status says it
  }
  return new PatxHttpError(typeof b.error === 'string' ? b.error : `HTTP_${status}`, typeof b.message === 'string' ? b.message : '', status);
}

/** The account's statement, newest first (getStatement; wallet-signed). */
export async function getStatement(http: ExchangeHttp, q: StatementQuery = {}): Promise<StatementPage> {
  return signedCall<StatementPage>(http, 'GET', statementPath(q, false));
}

/** The same rows as a CSV file (getStatement with format=csv): the text, and the `before` of the next page (null: the last). */
export async function getStatementCsv(http: ExchangeHttp, q: StatementQuery = {}): Promise<StatementCsvPage> {
  if (http.wallet === undefined) throw new PatxHttpError('NO_WALLET', 'GET /v1/statement is wallet-signed: give http.wallet', 0);
  const chainId = http.chainId ?? (await publicGet<{ chainId?: number }>(http, '/v1/endpoints')).chainId ?? 31_337;
  const url = new URL(statementPath(q, true), http.url);
  const headers = await signRequestHeaders(http.wallet, { method: 'GET', host: url.host, pathAndQuery: url.pathname + url.search, chainId, ...(http.clock === undefined ? {} : { timeMs: http.clock() }) });
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(http.timeoutMs ?? 30_000) });
  const text = await res.text();
  if (res.status !== 200) throw refusalOf(res.status, text);
  return csvPage(text, res.headers);
}
