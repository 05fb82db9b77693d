/**
 * Registering a webhook for a grant at its provider's gate (POST <endpoint>/push), the gate's
 * protocol: the consumer's client and the exchange's subscription courier both send it. No Node
 * imports: the web console takes the client's delivery module, which re-exports this.
 */
import { gateEndpoint } from '../grants/gate-request.js';
import type { GrantDomain, SignedGrant } from '../grants/grant.js';
import type { PushAuthorisation, PushRegistrationRequest } from '../grants/push-request.js';

/** A route of the gate beside its endpoint: `<endpoint>/stream`, `<endpoint>/push`. */
export function besideEndpoint(endpoint: string, route: 'stream' | 'push'): string {
  return `${gateEndpoint(endpoint).replace(/\/+$/, '')}/${route}`;
}

export type PushRegistration = { outcome: 'registered'; created: boolean; registration: { grantId: number; url: string; untilMs: number; delivered: number } } | { outcome: 'refused'; status: number; error: string; message: string };

/** How long a registration may take, answer included, before it counts as unanswered (a gate that accepts and never answers would hold its caller for undici's 5 minutes per request, then as long as it drips its body). */
export const REGISTER_PUSH_TIMEOUT_MS = 10_000;
/** The most of a gate's answer read: a registration's answer is a few hundred bytes; a gate answering more is not read into memory. */
export const MAX_PUSH_ANSWER_BYTES = 64 * 1024;

/** Why a registration was not sent: the endpoint's address is not one the sender may reach (the exchange's rules: src/subscriptions/gate-post.ts). */
export const ENDPOINT_NOT_ALLOWED = 'ENDPOINT_NOT_ALLOWED';

/**
 * Sends a registration's POST and answers the gate's response unfollowed (a 3xx as it is), or
 * why it was not sent (nothing connected). Default: fetch. The exchange's courier sends through
 * one that resolves the endpoint's name and connects to the address it checked.
 */
export type PushSender = (url: string, init: { headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<Response | { refused: string }>;

/** fetch, no redirect followed: a gate's 307 would carry the POST, the grant and the authorisation wherever it pointed. */
const fetchSender: PushSender = (url, init) => fetch(url, { method: 'POST', ...init, redirect: 'manual' });

export interface RegisterPushOptions {
  /** Ends the request and the reading of its answer (default REGISTER_PUSH_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Also ends it (a shutdown). */
  signal?: AbortSignal;
  /** How the POST is sent (default fetch). */
  send?: PushSender;
}

/**
 * Registers a webhook for a grant at its provider's gate (POST <endpoint>/push) with a push
 * authorisation the consumer signed (signPushAuthorisation): the gate then POSTs each
 * period's batch to the authorisation's URL. Anyone holding the grant and the authorisation
 * may register it (the exchange's courier, the consumer): the records only ever go to that URL.
 * Rejects (TimeoutError) when the gate has not answered within `timeoutMs`; an answer longer
 * than MAX_PUSH_ANSWER_BYTES is refused `ANSWER_TOO_LARGE` unread; a redirect is not followed
 * (refused with its 3xx status). A sender that refuses the endpoint's address (`options.send`)
 * is refused `ENDPOINT_NOT_ALLOWED`, status 0: nothing was sent.
 *
 * @example
 *   const authorisation = await signPushAuthorisation(wallet, { domain, url: 'https://hooks.example/patx', untilMs: Date.now() + 86_400_000 });
 *   const r = await registerPush(endpoint, grant, authorisation, domain);
 */
export async function registerPush(endpoint: string, signed: SignedGrant, authorisation: PushAuthorisation, domain: GrantDomain, options: RegisterPushOptions = {}): Promise<PushRegistration> {
  const request: PushRegistrationRequest = { grant: signed.grant, signature: signed.signature, domain, authorisation };
  const timeout = AbortSignal.timeout(options.timeoutMs ?? REGISTER_PUSH_TIMEOUT_MS);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  // Redirects are not followed (by either sender): a gate's 307 would carry the POST, the grant and the authorisation wherever it
  // pointed (an address inside the exchange's network); a 3xx is an answer refused as it is.
  const sent = await (options.send ?? fetchSender)(besideEndpoint(endpoint, 'push'), { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal });
  if ('refused' in sent) return { outcome: 'refused', status: 0, error: ENDPOINT_NOT_ALLOWED, message: sent.refused };
  const res = sent;
  const text = await boundedText(res, MAX_PUSH_ANSWER_BYTES);
  if (text === undefined) return { outcome: 'refused', status: res.status, error: 'ANSWER_TOO_LARGE', message: `the gate answered more than ${MAX_PUSH_ANSWER_BYTES} bytes` };
  let answer: { error?: string; message?: string; created?: boolean; registration?: { grantId: number; url: string; untilMs: number; delivered: number } };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    answer = {};
  }
  if (!res.ok || answer.registration === undefined) return { outcome: 'refused', status: res.status, error: answer.error ?? 'UNKNOWN', message: answer.message ?? '' };
  return { outcome: 'registered', created: answer.created === true, registration: answer.registration };
}

/** The answer's body as text, or undefined (the rest cancelled, unread) once it passes `max` bytes. */
async function boundedText(res: Response, max: number): Promise<string | undefined> {
  if (res.body === null) return '';
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) {
    await res.body.cancel().catch(() => undefined);
    return undefined;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}
