/**
 * One webhook POST to an address checked at the moment it is sent (docs/security.md,
 * "Webhooks"): the URL's name is resolved now, every address it resolves to must be globally
 * routable (or the exact address:port allowed: webhook-target.ts), and the connection goes to
 * the address that was checked, never to the name resolved again; so a name that turns to a
 * private address after registration (DNS rebinding) is refused, never connected to. For
 * https the name is still the TLS server name (SNI, certificate) and the Host header.
 * Redirects are not followed (node:http follows none: a 3xx is an answer that is not 2xx).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { parseIp } from './global-address.js';
import { addressProblem, hostAddress, localhostTarget, nameProblem, webhookPort, type WebhookAllowance, type WebhookTarget } from './webhook-target.js';

export type { WebhookTarget } from './webhook-target.js';

/** Resolves a name to every address it has (dns.lookup with `all`; tests inject a stub). */
export type WebhookLookup = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

/** The system resolver, every address in the order it answers. */
export const systemLookup: WebhookLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** What a POST came to: the status it was answered with, or why it was not sent (an address refused; nothing connected). */
export type WebhookPostResult = { status: number } | { refused: string };

export interface WebhookPostOptions {
  allowance: WebhookAllowance;
  headers: Record<string, string>;
  /** Ends the resolution and the POST (a timeout, a shutdown): rejects with the signal's reason. */
  signal: AbortSignal;
  lookup?: WebhookLookup;
}

/**
 * Where the URL's batch may go now: its IP literal, or the first address its name resolves
 * to when every one is global (or allowed), or `localhost`'s loopback address when the allow
 * list takes it (never looked up); else why not. Throws when the name does not resolve (a
 * failed attempt like any unreachable host).
 */
export async function resolveWebhook(u: URL, allowance: WebhookAllowance, lookup: WebhookLookup = systemLookup): Promise<WebhookTarget | { refused: string }> {
  const loopback = localhostTarget(u, allowance);
  if (loopback !== undefined) return loopback;
  const port = webhookPort(u);
  const literal = hostAddress(u.hostname);
  if (literal !== undefined) {
    const problem = addressProblem(literal, port, allowance);
    return problem !== undefined ? { refused: problem } : { address: literal, family: parseIp(literal)!.family };
  }
  const badName = nameProblem(u.hostname);
  if (badName !== undefined) return { refused: badName };
  const answers = await lookup(u.hostname);
  if (answers.length === 0) throw new Error(`${u.hostname} resolves to no address`);
  for (const a of answers) {
    const problem = addressProblem(a.address, port, allowance);
    if (problem !== undefined) return { refused: `${u.hostname} resolves to ${problem}` };
  }
  const first = answers[0]!.address;
  return { address: first, family: parseIp(first)!.family };
}

/** POSTs the body to the URL at an address checked now (resolveWebhook); the answer's status, or why nothing was sent. */
export async function postWebhook(url: string, body: string, o: WebhookPostOptions): Promise<WebhookPostResult> {
  const sent = await postChecked(url, body, o);
  if ('refused' in sent) return sent;
  sent.answer.destroy(); // the answer's body says nothing we act on
  return { status: sent.answer.statusCode ?? 0 };
}

/**
 * POSTs the body to the URL at an address checked now (resolveWebhook), under the same rules
 * as a webhook: the answer, its body for the caller to read (or destroy), or why nothing was
 * sent. The exchange's own POSTs to providers' gates go through it too (src/subscriptions/gate-post.ts).
 */
export async function postChecked(url: string, body: string, o: WebhookPostOptions): Promise<{ answer: http.IncomingMessage } | { refused: string }> {
  const u = new URL(url);
  const target = await untilAborted(resolveWebhook(u, o.allowance, o.lookup), o.signal);
  if ('refused' in target) return target;
  return { answer: await postToTarget(u, target, body, o) };
}

/** A lookup that answers the checked address whatever it is asked (net.connect asks `all` when it may try families in turn). */
function pinned(target: WebhookTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/**
 * POSTs the body to the URL at `target`, an address the caller has checked (resolveWebhook): a name stays the
 * request's Host (and TLS server name), the socket goes to `target` only. The answer, its body
 * for the caller to read (or destroy).
 */
function postToTarget(u: URL, target: WebhookTarget, body: string, o: WebhookPostOptions): Promise<http.IncomingMessage> {
  const literal = hostAddress(u.hostname) !== undefined;
  const tls = u.protocol === 'https:';
  const options: https.RequestOptions = {
    method: 'POST',
    // A name stays the request's host (Host, SNI, the certificate's name); the socket goes to the checked address only.
    hostname: literal ? target.address : u.hostname,
    ...(literal ? {} : { lookup: pinned(target) }),
    ...(tls && !literal ? { servername: u.hostname.replace(/\.+$/, '') } : {}),
    port: webhookPort(u),
    path: `${u.pathname}${u.search}`,
    headers: { ...o.headers, host: u.host, 'content-length': String(Buffer.byteLength(body)) },
    agent: false, // no pooled socket: each POST connects to the address checked for it
    signal: o.signal,
  };
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = (tls ? https : http).request(options, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
