/** The operator's HTTP calls: the operator API (/operator/…), settlement (/settlement/…) and the health probes, with the operator token as a bearer credential. */

import type { ListingSummary } from '../../src/catalog/catalog.js';
import type { Listing, ReviewState } from '../../src/catalog/listing.js';
import type { TrustScore } from '../../src/catalog/trust.js';

const TOKEN_KEY = 'patx.operatorToken';

export function savedToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(token: string | undefined): void {
  try {
    if (token === undefined) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage refused (private mode): the token lives for this page only.
  }
}

/** A refusal: its code by name, its message, and both as one line (`reason`). */
export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; reason: string; code: string; message: string; body: unknown };

/** The API's error shape `{ error, message, details? }` as one line for a person: code and message (and each apart). */
export function reasonOf(status: number, body: unknown): { code: string; message: string; reason: string } {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const b = body as { error: unknown; message?: unknown };
    const code = String(b.error);
    const message = typeof b.message === 'string' && b.message !== '' ? b.message : '';
    return { code, message, reason: message === '' ? code : `${code}: ${message}` };
  }
  const message = typeof body === 'string' ? body.slice(0, 200) : '';
  return { code: `HTTP_${status}`, message, reason: `HTTP ${status}${message === '' ? '' : `: ${message}`}` };
}

/** One request; never throws (a network failure is a result with its reason). */
export async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (error) {
    const message = `could not reach the service (${error instanceof Error ? error.message : String(error)})`;
    return { ok: false, status: 0, code: 'NETWORK', message, reason: message, body: undefined };
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed as T };
  return { ok: false, status: response.status, body: parsed, ...reasonOf(response.status, parsed) };
}

// Shapes of the answers (docs/risk.md "Operator API", src/operator/exposure.ts, src/runtime/health.ts).

export interface ParamRow {
  name: string;
  value: number;
  setByOperator: boolean;
  defaultValue: number;
  min: number;
  max: number;
  integer: boolean;
  unit: string;
  doc: string;
}

export interface OperatorSeries {
  seriesId: number;
  series: string;
  kind: string;
  status: string;
  killed: boolean;
  /** Whose kill switch stops the series: its own, the global one, or none. */
  killedBy: 'series' | 'global' | null;
  mmpFrozenUntilMs: number;
  referencePriceMicros: number;
  trades: number;
  quoteLevels: { bids: number; asks: number };
}

export interface KillSwitches {
  global: boolean;
  accounts: number[];
  series: number[];
}

export interface AuditEntry {
  seq: number;
  timeMs: number;
  actor: number;
  operator: string | undefined;
  event: string;
  detail: Record<string, unknown>;
  /** An operator's action noted beside the journal (an operator added or revoked, an alarm cleared): shares its seq with the journal's entry. */
  note?: number;
}

// The server's own report types (type-only imports: nothing of the server enters the bundle).
export type { ExposureReport, SeriesExposure, WindowExposure } from '../../src/operator/exposure.js';
/** GET /operator/broker: the quoter's P&L (the series views ride along, unread here). */
export type { BrokerPnl as BrokerReport } from '../../src/quoting/service.js';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'failed';
  components: Record<string, { state: string; detail?: string }>;
  seq?: number;
}

/** GET /operator/alarms: the server's alarm board (src/operator/alarm-board.ts). */
export type { Alarm, AlarmReport } from '../../src/operator/alarm-board.js';

// The catalog's operator routes (src/catalog/routes.ts, docs/catalog.md "HTTP"), in the server's own types.
export type { CatalogAuditEntry } from '../../src/catalog/store.js';
export type { ListingStatus, ListingVersion, QualitySummary } from '../../src/catalog/listing.js';

/** GET /operator/listings: every listing, any status, its current version summarized, with the operator's reason for a rejection or take-down and the version awaiting review. */
export type OperatorListingRow = ListingSummary & Pick<Listing, 'reason'> & ReviewState;

/** GET /operator/listings/{id} (and the answer to publish, reject, take down): every version's metadata, the ratings and the trust score's components. */
export type OperatorListing = OperatorListingRow & Pick<Listing, 'versions' | 'ratings' | 'pending'> & { score: TrustScore };

/** GET /operator/disputes: a dispute's evidence from both sides, in the grant ledger's own types (src/grants/ledger.ts). */
export type { DeliveryEvidence } from '../../src/grants/grant-record.js';
export type { StoredReceipt } from '../../src/grants/ledger.js';
