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
 * One name is the courier's own: `localhost`, exactly as written (not `foo.localhost`, not
 * `localhost.`), is taken as its loopback addresses, never looked up. A webhook may not name it
 * (a special-use name), but a provider trying its gate on the exchange's machine writes
 * `http://localhost:<port>` (the catalog accepts it, as it accepts 127.0.0.1), so it is sent to
 * exactly as 127.0.0.1 (or ::1) would be: only when that exact address:port is allowed, the
 * connection going to that address, the name staying the request's Host.
 */
import type http from 'node:http';
import { Readable } from 'node:stream';
import type { PushSender } from '../gate/push-registration.js';
import { postChecked, postToTarget, type WebhookLookup, type WebhookTarget } from '../gate/webhook-post.js';
import { webhookPort, type WebhookAllowance } from '../gate/webhook-target.js';

/** Statuses whose answer has no body (a Response refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/** The name taken as its loopback addresses (compared with the URL's hostname, which is lower-cased). */
const LOOPBACK_NAME = 'localhost';
/** `localhost`'s addresses, in the order tried: the POST goes to the first whose exact address:port is allowed. */
const LOOPBACK_TARGETS: readonly WebhookTarget[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

/**
 * Where a POST to a `localhost` URL goes: the first of its loopback addresses whose exact
 * address:port is allowed, else why it is refused; undefined for any other host (the webhook
 * rules judge it, a name ending in `.localhost` or `localhost.` refused as special-use).
 */
export function localhostTarget(u: URL, allowance: WebhookAllowance): WebhookTarget | { refused: string } | undefined {
  if (u.hostname !== LOOPBACK_NAME) return undefined;
  const port = webhookPort(u);
  return (
    LOOPBACK_TARGETS.find((t) => allowance.allows(t.address, port)) ?? {
      refused: `localhost is loopback (127.0.0.1, ::1): the exchange POSTs to a gate on its own machine only at an exact address:port allowed (127.0.0.1:${port} or [::1]:${port}: catalog.endpointAllow)`,
    }
  );
}

/** A PushSender that connects only to an address the allowance's rules pass, checked as it sends. */
export function checkedGateSender(allowance: WebhookAllowance, lookup?: WebhookLookup): PushSender {
  return async (url, init) => {
    const u = new URL(url);
    const loopback = localhostTarget(u, allowance);
    let sent: { answer: http.IncomingMessage } | { refused: string };
    if (loopback === undefined) sent = await postChecked(url, init.body, { allowance, headers: init.headers, signal: init.signal, ...(lookup === undefined ? {} : { lookup }) });
    else if ('refused' in loopback) return loopback;
    else sent = { answer: await postToTarget(u, loopback, init.body, { allowance, headers: init.headers, signal: init.signal }) };
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
