/**
 * What a consumer does with a signed access grant: find the delivery endpoint of the
 * listing it names (GET /v1/listings/{id}/disclosures) and the grants' domain (GET
 * /v1/grants/signer), and use its rights at that endpoint, with a request signed by the
 * consumer's key for that exchange, provider and endpoint only (src/gate/, docs/delivery.md).
 *
 * Then it tells the exchange what came of it, wallet-signed: a receipt carrying the
 * provider's signed delivery statement after a download (POST /v1/grants/{id}/receipts),
 * or, when the endpoint could not be reached, timed out or answered 5xx, a delivery
 * failure (POST /v1/grants/{id}/delivery-failures). Delivery counts toward the provider's
 * reliability and payout only with the consumer's word (or undisputed past the dispute time).
 * No Node imports: the web console downloads with it too.
 */
import { verifyMessage } from 'ethers';
import { deliveryStatementText, recordsSha256, type DeliveryStatement } from '../grants/delivery-statement.js';
import { pushNonce, signStreamRequest, type PushEndReason, type PushPayload } from '../grants/push-request.js';
import { signGateRequest } from '../grants/gate-request.js';
import type { GrantDomain, SignedGrant } from '../grants/grant.js';
import type { SignedMembership } from '../grants/membership.js';
import { besideEndpoint } from '../gate/push-registration.js';
import { defaultUse, type GrantView } from './grants.js';
import { signedRequest } from './signed-http.js';
import type { MessageSigner } from './trading-client.js';

/** What the exchange said to the consumer's word (a receipt or a failure report); `skipped` when none was sent. */
export type Told = { state: 'accepted'; delivered: number; counted: number } | { state: 'refused'; status: number; error: string; message: string } | { state: 'skipped'; reason: string };

export type Download =
  | { outcome: 'received'; endpoint: string; records: unknown[]; remaining: number; usage?: GateUsage; delivery?: DeliveryStatement; deliverySignature?: string; receipt: Told; conformance?: Checked }
  | { outcome: 'refused'; endpoint: string; status: number; error: string; message: string }
  | { outcome: 'unreachable'; endpoint: string; reason: 'unreachable' | 'timeout' | 'server-error'; message: string; report: Told }
  | { outcome: 'no-listing'; status: number }
  | { outcome: 'no-signer'; status: number };

/**
 * A usage grant's units as the gate metered them after this request (issue 81; docs/delivery.md
 * "Usage grants"): `use` is units there, records (at most that many served) or one request.
 */
export interface GateUsage {
  unit: 'records' | 'requests';
  perRight: number;
  units: number;
  usedUnits: number;
  leftUnits: number;
}

/** What the exchange made of the records sent as conformance evidence. */
export type Checked = { state: 'checked'; conforms: boolean; divergences: { metric: string; message: string }[] } | { state: 'refused'; status: number; error: string; message: string } | { state: 'skipped'; reason: string };

/** Evidence of at most this many records is sent (the exchange takes no more: MAX_EVIDENCE_RECORDS). */
const MAX_EVIDENCE_RECORDS = 10_000;

export interface DownloadOptions {
  /**
   * After a receipt is accepted, send the records back to be measured against the listing
   * (POST /v1/grants/{id}/conformance; docs/catalog.md, "Conformance"): default true.
   */
  checkConformance?: boolean;
  /** The chain id the exchange's signed HTTP requests name (default: GET /v1/endpoints's). */
  chainId?: number;
  /** Tell the exchange (a receipt, or a failure report): default true. */
  report?: boolean;
  /** How long to wait for the endpoint's answer before it counts as a timeout (default 30 s). */
  timeoutMs?: number;
  /**
   * A grant the wallet's organisation holds (docs/organisations.md): the exchange's membership
   * statement (getOrganisationMembership), sent with the request the member signs. The member
   * receipts the download as a holder does (the exchange checks it is a member when the receipt arrives).
   */
  membership?: SignedMembership;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Uses `use` rights of a grant (a usage grant's: units) at its provider's endpoint, and sends the receipt (or the
 * failure). By default all the grant has left, as the exchange counts it (`leftToUse`; by requests, one request); an
 * organisation's grant (`options.membership`), every right.
 */
export async function downloadWithGrant(exchangeHttpUrl: string, wallet: MessageSigner, signed: SignedGrant, use?: number, options: DownloadOptions = {}): Promise<Download> {
  const rights = use ?? (options.membership === undefined ? await usableNow(exchangeHttpUrl, wallet, signed, options) : signed.grant.quantity);
  return deliverWithGrant(exchangeHttpUrl, wallet, signed, rights, options, { query: '', read: readJsonAnswer });
}

/**
 * What a download takes by default: all the grant has left (one request by requests); its rights when the exchange does
 * not show it. The grant ledger records an exercise's grants as its turn is released, with the ack, so a grant just
 * exercised is there.
 */
async function usableNow(exchangeHttpUrl: string, wallet: MessageSigner, signed: SignedGrant, options: DownloadOptions): Promise<number> {
  const chainId = options.chainId ?? (await chainIdOf(exchangeHttpUrl));
  const r = await signedRequest<GrantView>(exchangeHttpUrl, wallet, 'GET', `/v1/grants/mine/${signed.grant.grantId}`, undefined, { chainId });
  if (r.status !== 200) return signed.grant.quantity;
  return defaultUse(r.body);
}

/** What a gate's 200 answer carried: the records, the rights left, the provider's signed statement, or why it could not be read. */
export interface GateAnswer {
  records: unknown[];
  remaining: number;
  /** A usage grant's units after this request (the JSON answer's `usage`). */
  usage?: GateUsage;
  delivery?: DeliveryStatement;
  deliverySignature?: string;
  /** The answer did not read (a cut body, a file that does not parse): no receipt is sent. */
  problem?: string;
}

/** How the gate is asked and its answer read: the JSON answer here, a file in delivery-file.ts (`?format=…`). */
export interface AnswerReader {
  /** Appended to the endpoint: '' or `?format=csv`. */
  query: string;
  read(res: Response): Promise<GateAnswer>;
}

async function readJsonAnswer(res: Response): Promise<GateAnswer> {
  let answer: { records?: unknown[]; remaining?: number; usage?: GateUsage; delivery?: DeliveryStatement; deliverySignature?: string };
  try {
    answer = (await res.json()) as typeof answer;
  } catch {
    answer = {}; // a proxy's HTML page, a cut body: no statement, so no receipt
  }
  return {
    records: Array.isArray(answer.records) ? answer.records : [],
    remaining: answer.remaining ?? 0,
    ...(isGateUsage(answer.usage) ? { usage: answer.usage } : {}),
    ...(answer.delivery === undefined ? {} : { delivery: answer.delivery }),
    ...(typeof answer.deliverySignature === 'string' ? { deliverySignature: answer.deliverySignature } : {}),
  };
}

/**
 * The download, however its answer is read: the endpoint and domain from the exchange, the
 * signed request, the answer checked against the provider's statement, then the receipt (and
 * the records as conformance evidence), or the failure reported.
 */
export async function deliverWithGrant(exchangeHttpUrl: string, wallet: MessageSigner, signed: SignedGrant, use: number, options: DownloadOptions, reader: AnswerReader): Promise<Download> {
  const g = signed.grant;
  const disclosures = await fetch(`${exchangeHttpUrl}/v1/listings/${g.listingId}/disclosures`);
  if (!disclosures.ok) return { outcome: 'no-listing', status: disclosures.status };
  const endpoint = ((await disclosures.json()) as { deliveryEndpoint: string }).deliveryEndpoint;
  const signer = await fetch(`${exchangeHttpUrl}/v1/grants/signer`);
  if (!signer.ok) return { outcome: 'no-signer', status: signer.status };
  const domain = ((await signer.json()) as { domain: GrantDomain }).domain;
  const request = await signGateRequest(wallet, signed, use, { domain, endpoint, ...(options.membership === undefined ? {} : { membership: options.membership }) });
  const tell = async (path: string, body: unknown): Promise<Told> => {
    if (options.report === false) return { state: 'skipped', reason: 'not asked to report' };
    const chainId = options.chainId ?? (await chainIdOf(exchangeHttpUrl));
    type GrantView = { delivered?: number; counted?: number };
    const answer = await signedRequest<GrantView & { error?: string; message?: string; grant?: GrantView }>(exchangeHttpUrl, wallet, 'POST', path, body, { chainId });
    if (answer.status !== 200) return { state: 'refused', status: answer.status, error: answer.body.error ?? 'UNKNOWN', message: answer.body.message ?? '' };
    // A receipt answers {receipt, grant}; a failure report, the grant view itself.
    const view = answer.body.grant ?? answer.body;
    return { state: 'accepted', delivered: view.delivered ?? 0, counted: view.counted ?? 0 };
  };
  const failed = async (reason: 'unreachable' | 'timeout' | 'server-error', message: string): Promise<Download> => ({
    outcome: 'unreachable',
    endpoint,
    reason,
    message,
    report: await tell(`/v1/grants/${g.grantId}/delivery-failures`, { reason }),
  });
  let res: Response;
  try {
    res = await fetch(`${endpoint}${reader.query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return failed(timedOut ? 'timeout' : 'unreachable', (error as Error).message);
  }
  if (!res.ok) {
    const refusal = (await res.json().catch(() => ({}))) as { error?: string; message?: string }; // a proxy's HTML error page: judged by the status
    if (res.status >= 500) return failed('server-error', `${res.status} ${refusal.error ?? ''} ${refusal.message ?? ''}`.trim());
    return { outcome: 'refused', endpoint, status: res.status, error: refusal.error ?? 'UNKNOWN', message: refusal.message ?? '' };
  }
  let answer: GateAnswer;
  try {
    answer = await reader.read(res);
  } catch (error) {
    answer = { records: [], remaining: 0, problem: `the answer could not be read: ${(error as Error).message}` };
  }
  const { records } = answer;
  const received = { outcome: 'received' as const, endpoint, records, remaining: answer.remaining, ...(answer.usage === undefined ? {} : { usage: answer.usage }) };
  const d = answer.delivery;
  const sig = answer.deliverySignature;
  if (answer.problem !== undefined) return { ...received, receipt: { state: 'skipped', reason: answer.problem } };
  if (d === undefined || typeof sig !== 'string') return { ...received, receipt: { state: 'skipped', reason: 'the answer carries no signed delivery statement' } };
  // Check the statement is about what came (this request, these records) before vouching for it.
  const problem = statementProblem(d, sig, domain, signed, request.use, request.nonce, records);
  if (problem !== undefined) return { ...received, delivery: d, deliverySignature: sig, receipt: { state: 'skipped', reason: problem } };
  const receipt = await tell(`/v1/grants/${g.grantId}/receipts`, { use: d.use, nonce: d.nonce, records: d.records, sha256: d.sha256, deliverySignature: sig });
  if (receipt.state !== 'accepted' || options.checkConformance === false) return { ...received, delivery: d, deliverySignature: sig, receipt };
  if (records.length > MAX_EVIDENCE_RECORDS) return { ...received, delivery: d, deliverySignature: sig, receipt, conformance: { state: 'skipped', reason: `more than ${MAX_EVIDENCE_RECORDS} records` } };
  const chainId = options.chainId ?? (await chainIdOf(exchangeHttpUrl));
  const checked = await signedRequest<{ conforms?: boolean; divergences?: { metric: string; message: string }[]; error?: string; message?: string }>(exchangeHttpUrl, wallet, 'POST', `/v1/grants/${g.grantId}/conformance`, { nonce: d.nonce, records }, { chainId });
  const conformance: Checked =
    checked.status === 200 ? { state: 'checked', conforms: checked.body.conforms === true, divergences: checked.body.divergences ?? [] } : { state: 'refused', status: checked.status, error: checked.body.error ?? 'UNKNOWN', message: checked.body.message ?? '' };
  return { ...received, delivery: d, deliverySignature: sig, receipt, conformance };
}

/** Why a delivery statement does not describe what was received (undefined when it does). */
export function statementProblem(d: DeliveryStatement, signature: string, domain: GrantDomain, signed: SignedGrant, use: number, nonce: string, records: readonly unknown[]): string | undefined {
  if (d.grantId !== signed.grant.grantId || d.use !== use || d.nonce !== nonce) return 'the delivery statement names another grant, use or request';
  if (d.records !== records.length || d.sha256 !== recordsSha256(records)) return 'the delivery statement does not match the records received';
  try {
    if (verifyMessage(deliveryStatementText(domain, signed.grant, d), signature).toLowerCase() !== signed.grant.provider.toLowerCase()) return "the delivery statement is not signed by the grant's provider";
  } catch {
    return 'the delivery statement or its signature is malformed';
  }
  return undefined;
}

const chainIds = new Map<string, number>();

/** The chain id the exchange's signed requests name (GET /v1/endpoints), once per exchange. */
async function chainIdOf(exchangeHttpUrl: string): Promise<number> {
  let id = chainIds.get(exchangeHttpUrl);
  if (id === undefined) {
    const res = await fetch(`${exchangeHttpUrl}/v1/endpoints`);
    id = res.ok ? ((await res.json()) as { chainId?: number }).chainId ?? 31_337 : 31_337;
    chainIds.set(exchangeHttpUrl, id);
  }
  return id;
}

/** What a stream of records yields: each batch (its provider signature checked), then one end. */
export type StreamEvent = { type: 'batch'; payload: PushPayload } | { type: 'end'; reason: PushEndReason | 'disconnected'; delivered: number; remaining: number | undefined };

/** A stream refused at its opening, or a payload that does not hold (the stream is then left). */
export class StreamError extends Error {
  override readonly name = 'StreamError';
  constructor(
    /** The gate's refusal code (GATE_REFUSALS), or BAD_PAYLOAD, or NOT_A_STREAM (the answer is no event stream). */
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface StreamRecordsOptions {
  /** The listing's delivery endpoint (the gate's): the stream opens at `<endpoint>/stream`. */
  endpoint: string;
  /** The grants' EIP-712 domain (GET /v1/grants/signer). */
  domain: GrantDomain;
  /** Rights to stream at most (default: the grant's quantity). */
  rights?: number;
  /** Stops the stream (the rights counted so far stay counted). */
  signal?: AbortSignal;
  timeMs?: number;
  nonce?: string;
  /** An organisation's grant streamed by a member: the exchange's membership statement (getOrganisationMembership). */
  membership?: SignedMembership;
}

/** A route beside the gate's endpoint: `<endpoint>/stream`, `<endpoint>/push`. */
/**
 * Opens a stream of a grant's records at its provider's gate (POST <endpoint>/stream, a
 * stream request signed by the consumer) and yields each pushed batch, its provider's
 * delivery statement checked against the records, the grant and the seq (a payload that does
 * not hold throws StreamError BAD_PAYLOAD), then the end the gate sent (exhausted, complete,
 * window-closed, …), or `disconnected` when the connection ended without one. A refusal at
 * the opening throws StreamError with the gate's code and status.
 *
 * @example
 *   for await (const e of streamRecords(wallet, grant, { endpoint, domain })) {
 *     if (e.type === 'batch') console.log(e.payload.seq, e.payload.records.length);
 *     else console.log('ended:', e.reason);
 *   }
 */
export async function* streamRecords(wallet: MessageSigner, signed: SignedGrant, o: StreamRecordsOptions): AsyncGenerator<StreamEvent, void, undefined> {
  const request = await signStreamRequest(wallet, signed, o.rights ?? signed.grant.quantity, { domain: o.domain, endpoint: o.endpoint, ...(o.timeMs === undefined ? {} : { timeMs: o.timeMs }), ...(o.nonce === undefined ? {} : { nonce: o.nonce }), ...(o.membership === undefined ? {} : { membership: o.membership }) });
  const res = await fetch(besideEndpoint(o.endpoint, 'stream'), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify(request), ...(o.signal === undefined ? {} : { signal: o.signal }) });
  if (!res.ok) {
    const answer = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new StreamError(answer.error ?? 'UNKNOWN', answer.message ?? `status ${res.status}`, res.status);
  }
  if (res.body === null || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) throw new StreamError('NOT_A_STREAM', `the answer is ${res.headers.get('content-type') ?? 'empty'}, not an event stream`, res.status);
  let delivered = 0;
  try {
    for await (const event of serverSentEvents(res.body)) {
      if (event.name === 'batch') {
        const payload = parsedJson(event.data) as PushPayload;
        const problem = pushPayloadProblem(payload, signed, o.domain);
        if (problem !== undefined) throw new StreamError('BAD_PAYLOAD', problem);
        delivered++;
        yield { type: 'batch', payload };
      } else if (event.name === 'end') {
        const end = parsedJson(event.data) as { reason?: PushEndReason; remaining?: number };
        yield { type: 'end', reason: end.reason ?? 'disconnected', delivered, remaining: typeof end.remaining === 'number' ? end.remaining : undefined };
        return;
      }
    }
  } catch (error) {
    if (error instanceof StreamError || o.signal?.aborted === true) throw error;
    // the connection broke: said as an end below
  }
  yield { type: 'end', reason: 'disconnected', delivered, remaining: undefined };
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StreamError('BAD_PAYLOAD', 'an event whose data is not JSON');
  }
}

/** Server-Sent Events of a body: `event`, `data` (lines joined), dispatched at each blank line; comments skipped. */
async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ name: string; data: string }> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffered = '';
  let name = 'message';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffered.search(/\r\n|\n|\r/)) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + (buffered.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) yield { name, data: data.join('\n') };
          name = 'message';
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') name = value;
          else if (field === 'data') data.push(value);
        }
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * Why a pushed payload (an SSE batch, a webhook's body) does not hold for a grant (undefined
 * when it does): this grant, a seq within its quantity, and the provider's signature over the
 * delivery statement of exactly these records (use 1, nonce push-<seq>).
 */
export function pushPayloadProblem(payload: unknown, signed: SignedGrant, domain: GrantDomain): string | undefined {
  if (typeof payload !== 'object' || payload === null) return 'the payload is not an object';
  const p = payload as Partial<PushPayload>;
  const g = signed.grant;
  if (p.grantId !== g.grantId) return `the payload names grant ${String(p.grantId)}, not ${g.grantId}`;
  if (typeof p.seq !== 'number' || !Number.isSafeInteger(p.seq) || p.seq < 1 || p.seq > g.quantity) return `seq: 1 to ${g.quantity}`;
  if (!Array.isArray(p.records) || typeof p.delivery !== 'object' || p.delivery === null || typeof p.deliverySignature !== 'string') return 'the payload has no records, delivery statement or signature';
  return statementProblem(p.delivery, p.deliverySignature, domain, signed, 1, pushNonce(p.seq), p.records);
}

/** Signs a push authorisation (re-exported from patx/gate): see registerPush. */
export { signPushAuthorisation } from '../grants/push-request.js';

/** Registers a webhook for a grant at its provider's gate: the gate's protocol (src/gate/push-registration.ts), sent by the exchange's courier too. */
export { registerPush, type PushRegistration } from '../gate/push-registration.js';

/** Whether a gate's answer carried a usage count of the expected shape (a gate is the provider's: its answer is read, not trusted). */
function isGateUsage(u: unknown): u is GateUsage {
  if (typeof u !== 'object' || u === null) return false;
  const x = u as Record<string, unknown>;
  return (x.unit === 'records' || x.unit === 'requests') && [x.perRight, x.units, x.usedUnits, x.leftUnits].every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0);
}
