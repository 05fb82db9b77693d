/**
 * The reference provider server's HTTP routes (server.ts) as rows of the route registry: its own
 * OpenAPI document at /openapi.json, and 404 / 405 with `Allow` for anything its rows do not name
 * (`answerOutsideRoutes`, the one call server.ts makes before its handlers). A route added to the
 * server is added here, or it is never reached.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { OPENAPI_PATH, ServerRoutes } from '../gateway/server-routes.js';
import type { Operation } from '../http-registry/index.js';
import { RECORD_FORMATS } from '../gate/index.js';

const TAG = 'provider';

/** A gate request (src/grants/gate-request.ts) as the consumer signs and POSTs it: what the gate checks, described. */
export const gateRequestSchema = z
  .object({
    grant: z.record(z.string(), z.unknown()).meta({ description: 'the access grant as the exchange signed it (GET /v1/grants/mine/{id} on the exchange)' }),
    signature: z.string().meta({ description: "the exchange's EIP-712 signature of the grant" }),
    domain: z.record(z.string(), z.unknown()).meta({ description: "the grants' EIP-712 domain (GET /v1/grants/signer)" }),
    endpoint: z.string().meta({ description: "this server's /records URL, as the listing names it" }),
    use: z.number().int().min(1).meta({ description: 'rights this request uses' }),
    timeMs: z.number().int().meta({ description: 'when the consumer signed it, ms since the epoch' }),
    nonce: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).meta({ description: 'new for every request' }),
    consumerSignature: z.string().meta({ description: "the grant's consumer's personal_sign of the request text (or the member's its membership statement names)" }),
    membership: z.record(z.string(), z.unknown()).optional().meta({ description: "an organisation's grant used by a member: the exchange's membership statement {statement, signature} (docs/organisations.md)" }),
  })
  .meta({ id: 'GateRequest', description: "A consumer's request for records under one of its grants (docs/delivery.md, \"The gate\")" });

export const PROVIDER_SERVER_OPERATIONS: readonly Operation[] = [
  {
    method: 'POST',
    path: '/records',
    operationId: 'postGateRequest',
    summary: 'Records for a right used under an access grant, with the signed delivery statement the consumer receipts to the exchange',
    description:
      'Any origin may call it (a consumer\'s browser): `OPTIONS /records` answers the CORS preflight. At most 16 KiB. ' +
      'With `format` other than json the answer is a file of the records typed by the listing\'s schema (`application/x-ndjson`, `text/csv`, `application/vnd.apache.parquet`; ' +
      'docs/delivery.md, "Downloads as files"), the delivery statement over those typed records in the `patx-delivery` and `patx-delivery-signature` headers (and a Parquet file\'s key-value metadata), the rights left in `patx-remaining`. ' +
      'A format refused (UNKNOWN_FORMAT, FORMAT_UNAVAILABLE, TOO_MANY_RECORDS) is refused before the request is checked: nothing is counted.',
    tags: [TAG],
    security: 'public',
    query: z.object({
      format: z.enum(RECORD_FORMATS).optional().meta({ description: 'json (the default: the records in a JSON answer), ndjson, csv or parquet (a file)' }),
    }),
    body: gateRequestSchema,
    responses: { 200: { description: '{grantId, listingId, listingVersion, records, remaining, delivery, deliverySignature}; with a file format, the file (the statement in the headers)' } },
    errors: {
      400: 'MALFORMED_REQUEST, OUTDATED_REQUEST, UNKNOWN_FORMAT: format is not json, ndjson, csv or parquet (or is given twice)',
      406: 'FORMAT_UNAVAILABLE: the server has no data schema for the listing, so no typed file; the JSON answer is served',
      401: 'NOT_CONSUMER: not signed by the grant\'s consumer',
      403: 'FOREIGN_DOMAIN, WRONG_PROVIDER, FORGED_GRANT, NOT_YET_OPEN, WRONG_ENDPOINT',
      404: 'LISTING_NOT_SERVED',
      409: 'REPLAYED: this nonce was served already',
      410: 'EXPIRED',
      413: 'MALFORMED_REQUEST: over 16 KiB; TOO_MANY_RECORDS: a file carries at most 100,000 records (4,000 rights at the reference server\'s 25 a right): ask in parts',
      425: "NOT_READY: no records in the right's window yet; nothing was counted, ask again later",
      429: 'EXHAUSTED: every right of the grant is used',
      503: 'STARTING: the gate is not open yet',
    },
  },
  {
    method: 'POST',
    path: '/records/stream',
    operationId: 'postStreamRequest',
    summary: "A stream of a grant's records: Server-Sent Events, one right's signed batch each push period, then an end event",
    description: 'The body is a stream request (`PATX gate stream v1`, docs/delivery.md, "Push delivery: streams and webhooks"). Metered with /records in one allowance.',
    tags: [TAG],
    security: 'public',
    body: z
      .object({
        grant: z.record(z.string(), z.unknown()),
        signature: z.string(),
        domain: z.record(z.string(), z.unknown()),
        endpoint: z.string(),
        rights: z.number().int().min(1).meta({ description: 'the most rights this stream may take' }),
        timeMs: z.number().int(),
        nonce: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        consumerSignature: z.string(),
        membership: z.record(z.string(), z.unknown()).optional().meta({ description: "an organisation's grant streamed by a member: the exchange's membership statement {statement, signature} (docs/organisations.md)" }),
      })
      .meta({ id: 'StreamRequest', description: "A consumer's signed request to stream records under one of its grants" }),
    responses: { 200: { description: 'text/event-stream: `batch` events {grantId, seq, remaining, records, delivery, deliverySignature}, then `end` {grantId, reason, delivered, remaining}' } },
    errors: {
      400: 'MALFORMED_REQUEST',
      401: 'NOT_CONSUMER',
      403: 'FOREIGN_DOMAIN, WRONG_PROVIDER, FORGED_GRANT, NOT_YET_OPEN, WRONG_ENDPOINT',
      404: 'LISTING_NOT_SERVED',
      409: 'REPLAYED',
      410: 'EXPIRED, WINDOW_CLOSED',
      425: "NOT_READY: no records in the grant's window yet; nothing was counted, ask again later",
      429: 'EXHAUSTED, TOO_MANY_STREAMS',
    },
  },
  {
    method: 'POST',
    path: '/records/push',
    operationId: 'postPushRegistration',
    summary: "Push a grant's records to the consumer's webhook, under the consumer's signed push authorisation",
    description: 'Anyone may present it (the exchange\'s courier for a webhook subscription, or the consumer): it can only send the consumer\'s records to the consumer\'s URL. Retried with back-off; resumed after a restart.',
    tags: [TAG],
    security: 'public',
    body: z
      .object({
        grant: z.record(z.string(), z.unknown()),
        signature: z.string(),
        domain: z.record(z.string(), z.unknown()),
        authorisation: z.object({
          url: z.string(),
          untilMs: z.number().int(),
          nonce: z.string(),
          consumerSignature: z.string(),
          membership: z.record(z.string(), z.unknown()).optional().meta({ description: "a member's authorisation for its organisation's grant: the exchange's membership statement; pushes end when it expires (docs/organisations.md)" }),
        }),
      })
      .meta({ id: 'PushRegistration', description: 'A grant and its consumer\'s push authorisation (`PATX push authorisation v1`)' }),
    responses: { 200: { description: '{registration, created: false}: the grant and URL were registered already' }, 201: { description: '{registration, created: true}' } },
    errors: {
      400: 'MALFORMED_REQUEST, BAD_WEBHOOK_URL',
      401: 'NOT_CONSUMER: the authorisation is not the grant\'s consumer\'s',
      403: 'FOREIGN_DOMAIN, WRONG_PROVIDER, FORGED_GRANT',
      404: 'LISTING_NOT_SERVED',
      410: 'EXPIRED, WINDOW_CLOSED, AUTHORISATION_EXPIRED',
      429: 'TOO_MANY_PUSHES',
    },
  },
  {
    method: 'GET',
    path: '/healthz',
    operationId: 'getProviderServerHealth',
    summary: 'Liveness: 200 while it serves',
    tags: [TAG],
    security: 'public',
    responses: { 200: { description: '{status: "ok"}' } },
  },
  {
    method: 'GET',
    path: OPENAPI_PATH,
    operationId: 'getProviderServerOpenApi',
    summary: 'This document',
    tags: [TAG],
    security: 'public',
    responses: { 200: { description: 'the OpenAPI 3.1 document of the reference provider server' } },
  },
];

export const PROVIDER_SERVER_ROUTES = new ServerRoutes(PROVIDER_SERVER_OPERATIONS, {
  version: '1.0.0',
  server: {
    title: 'PATX reference provider server',
    summary: "What a data provider runs at its delivery endpoint: records for rights used under the exchange's access grants.",
    description:
      'The reference provider server (`npm start` runs it for the demo provider, port 8490; docs/delivery.md). A consumer POSTs a gate request signed under its grant; ' +
      'the gate checks the grant and the request and answers the records with a delivery statement signed by the provider. Refusals are `{error, message}`. ' +
      'A path not named here is 404; another method on a named path (HEAD included) is 405 with `Allow`. Every answer allows any origin (CORS).',
    servers: [{ url: 'http://127.0.0.1:8490', description: 'npm start on this machine' }],
    tags: [{ name: TAG, description: "The provider's delivery endpoint" }],
  },
}, false); // its handlers answer GET, not HEAD


/** Paths whose OPTIONS the server answers itself (a CORS preflight); on the others OPTIONS is 204 with `Allow`. */
const PREFLIGHT_PATHS = new Set(['/records']);

/**
 * Answers what the rows decide alone: a path they do not name (404), another method (405 with
 * `Allow`), OPTIONS where the server has no preflight, and the document. True when it answered;
 * false leaves the request to the server's handlers.
 */
export function answerOutsideRoutes(req: IncomingMessage, res: ServerResponse): boolean {
  const method = req.method ?? 'GET';
  const route = PROVIDER_SERVER_ROUTES.check(method, (req.url ?? '/').split('?')[0]!);
  const cors = { 'access-control-allow-origin': '*' };
  if (!route.served) {
    res.writeHead(route.status, { 'content-type': 'application/json', ...cors, ...(route.allow === undefined ? {} : { allow: route.allow }) });
    res.end(JSON.stringify(route.body));
    return true;
  }
  if (method === 'OPTIONS') {
    if (PREFLIGHT_PATHS.has(route.template)) return false;
    res.writeHead(204, { allow: 'GET, OPTIONS', ...cors });
    res.end();
    return true;
  }
  if (route.template !== OPENAPI_PATH) return false;
  res.writeHead(200, { 'content-type': 'application/json', ...cors });
  res.end(PROVIDER_SERVER_ROUTES.documentText());
  return true;
}
