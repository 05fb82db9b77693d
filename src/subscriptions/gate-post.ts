/**
 * The exchange's own POSTs to a provider's gate (the courier's push registrations): a listing's
 * delivery endpoint is the provider's to name, so without a check the exchange would POST, from
 * inside its network, to whatever address a provider wrote (a metadata service, an operator
 * route on loopback). They go under the webhook rules (src/gate/webhook-target.ts,
 * webhook-post.ts; docs/security.md, "Webhooks"): the name resolved when the POST is sent, every
 * address it resolves to globally routable or an exact address:port allowed (the reference
 * provider servers, `catalog.endpointAllow`: endpointAllowance in src/app/config.ts), the
 * connection made to the address checked (DNS rebinding refused), no redirect followed.
 *
 * The providers' gates' allow list differs from webhooks' in one name, and says so itself
 * (`WebhookAllowance.withLocalhost`, src/gate/webhook-target.ts): `localhost`, exactly as written,
 * is taken as its loopback addresses, never looked up, sent to only when 127.0.0.1 (or ::1) at that
 * port is allowed, the connection going to that address, the name staying the request's Host. A
 * provider trying its gate on the exchange's machine writes `http://localhost:<port>` (the catalog
 * accepts it, as it accepts 127.0.0.1); a consumer's webhook may not name it.
 */
import type http from 'node:http';
import { Readable } from 'node:stream';
import type { PushSender } from '../gate/push-registration.js';
import { postChecked, type WebhookLookup, type WebhookTarget } from '../gate/webhook-post.js';
import { localhostTarget as allowedLocalhost, type WebhookAllowance } from '../gate/webhook-target.js';

/** Statuses whose answer has no body (a Response refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/** Where a POST to a `localhost` URL goes under the gates' allow list (`allowance` with `localhost`); undefined for any other host. */
export function localhostTarget(u: URL, allowance: WebhookAllowance): WebhookTarget | { refused: string } | undefined {
  return allowedLocalhost(u, allowance.withLocalhost());
}

/** A PushSender that connects only to an address the allowance's rules pass, checked as it sends. */
export function checkedGateSender(allowance: WebhookAllowance, lookup?: WebhookLookup): PushSender {
  const gates = allowance.withLocalhost();
  return async (url, init) => {
    const sent: { answer: http.IncomingMessage } | { refused: string } = await postChecked(url, init.body, { allowance: gates, headers: init.headers, signal: init.signal, ...(lookup === undefined ? {} : { lookup }) });
    if ('refused' in sent) return sent;
    const { answer } = sent;
    const headers = new Headers();
    for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
      try {
        headers.append(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
      } catch {
        // A header Headers will not carry is one the registration never reads: left out.
      }
    }
    const status = answer.statusCode ?? 0;
    // A status a Response cannot carry (below 200: node answers 1xx only as interim) is a gate's error.
    if (status < 200 || status > 599 || NO_BODY.has(status)) {
      answer.destroy();
      return new Response(null, { status: status >= 200 && status <= 599 ? status : 502, headers });
    }
    // The body is read by the caller, bounded (MAX_PUSH_ANSWER_BYTES); the signal ends it too.
    return new Response(Readable.toWeb(answer) as ReadableStream<Uint8Array>, { status, headers });
  };
}
