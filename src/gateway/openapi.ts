/**
 * The OpenAPI 3.1 document of every HTTP route, generated from the route registry
 * (operations.ts): the same zod schemas that check path parameters, queries and bodies
 * become its parameter and body schemas (z.toJSONSchema), each row's security its security
 * requirement, and the refusals its shape implies (400 malformed, 401 unauthenticated, 403
 * role, 404 unknown id) its error responses, all with the house error body. Served at
 * /openapi.json, rendered at /docs, linted in CI (`npm run lint:openapi`).
 */
import { z } from 'zod';
import type { Operation, OperationResponse, ParamShape } from '../http-registry/index.js';

/** The groups operations are listed under, in the reference page's order. */
export const TAGS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'health', description: 'Liveness, readiness, metrics, where the WebSocket endpoints listen, and this reference.' },
  { name: 'market data', description: 'Series, books, trades, candles, cash-settled marks and settlement indexes, the broker\'s option pricing. Public, CORS-enabled.' },
  { name: 'catalog', description: 'Published listings of the data behind the contracts: metadata, samples, measured quality, trust scores (docs/catalog.md).' },
  { name: 'account', description: "A participant's own views, wallet-signed: balances and positions, purchases, ratings, the chain to deposit on." },
  { name: 'provider', description: "A provider's listings, the grants it owes delivery on, its gate's reports and its payout statement (docs/providers.md)." },
  { name: 'subscriptions', description: "Standing instructions: each new window of a contract bought at the broker's ask up to a cap, exercised, delivered by pull or webhook; seats (docs/subscriptions.md)." },
  { name: 'grants', description: 'Access grants: the signer a gate trusts, a consumer\'s grants, receipts, failures, conformance evidence and claims (docs/delivery.md).' },
  { name: 'operator', description: 'The operator API: parameters, halts, kill switches, MMP, audit, operators, the broker, alarms (docs/risk.md). Bearer token; changes need a role.' },
  { name: 'moderation', description: "The operator's catalog moderation: publish, reject, take down, versions, references, ratings (docs/catalog.md)." },
  { name: 'providers', description: "Providers' identities (KYC) as the operator records them (docs/providers.md)." },
  { name: 'settlement', description: 'Batches on-chain: reconciliation, the settler and watcher, payouts, cutting a batch now (docs/settlement.md).' },
  { name: 'agents', description: 'The Model Context Protocol endpoint for AI agents: read-only tools and resources, stateless (docs/mcp.md).' },
  { name: 'organisations', description: "A team's wallets under one name with roles (admin, trader, reader): members, the organisation's PAT, its grants and purchases, and the membership statement a gate takes (docs/organisations.md)." },
];

export const ERROR_SCHEMA = z
  .object({
    error: z.string().regex(/^[A-Z][A-Z0-9_]+$/).meta({ description: 'the refusal by name (INVALID_FIELD, UNKNOWN_SERIES, AUTH_FAILED, ...)' }),
    message: z.string().meta({ description: 'what was wrong, for people' }),
    details: z.record(z.string(), z.unknown()).optional().meta({ description: 'what a caller needs to act on it (the field, zod issues, limits)' }),
  })
  .meta({ description: 'Every HTTP refusal, on every route' });

type Json = Record<string, unknown>;

/**
 * A zod schema as JSON Schema 2020-12 (without its $schema line): `input` for what a client
 * sends, `output` for what a parameter means. Schemas with a zod `id` (`.meta({ id })`) go to
 * `components` (zod puts them under `$defs`) and are referenced from there.
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, Json> = {}): Json {
  const { $schema: _drop, $defs, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  const relink = (j: Json): Json => JSON.parse(JSON.stringify(j).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  for (const [id, def] of Object.entries(($defs as Record<string, Json> | undefined) ?? {})) components[id] = relink(def);
  const { id: _id, ...root } = relink(rest);
  return root;
}

const errorRef = { $ref: '#/components/schemas/Error' };
const LICENSE = { name: 'Proprietary', url: 'https://patx.invalid/licence' };

function errorResponse(description: string): Json {
  return { description, content: { 'application/json': { schema: errorRef } } };
}

function parameters(shape: ParamShape | undefined, where: 'path' | 'query', components: Record<string, Json>): Json[] {
  if (shape === undefined) return [];
  return Object.entries(shape.shape).map(([name, field]) => {
    const { description, ...schema } = jsonSchema(field, 'output', components);
    const required = where === 'path' || !field.safeParse(undefined).success;
    return { name, in: where, required, ...(typeof description === 'string' ? { description } : {}), schema };
  });
}

function success(r: OperationResponse, components: Record<string, Json>): Json {
  const type = r.contentType ?? 'application/json';
  const schema = r.schema === undefined ? (type === 'application/json' ? { type: 'object' } : { type: 'string' }) : jsonSchema(r.schema, 'output', components);
  return { description: r.description, content: { [type]: { schema } } };
}

const WALLET = { walletAddress: [], walletTime: [], walletNonce: [], walletContentSha256: [], walletSignature: [] };

function security(op: Operation): Json[] {
  if (op.security === 'public') return [];
  if (op.security === 'operator') return [{ operatorToken: [] }];
  if (op.security === 'wallet') return [WALLET];
  return [WALLET, { operatorToken: [] }];
}

/** The error responses an operation's shape implies (the gateway's own refusals, when `implied`), then its own. */
function errors(op: Operation, implied: boolean): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (!implied) {
    if (op.body !== undefined) out['400'] = errorResponse('malformed: the body is not JSON, or not as described; nothing changed');
    for (const [status, description] of Object.entries(op.errors ?? {})) out[status] = errorResponse(description);
    if (!Object.keys(out).some((s) => s.startsWith('4'))) out['405'] = errorResponse('METHOD_NOT_ALLOWED: another method (the Allow header lists the ones served)');
    return out;
  }
  if (op.params !== undefined || op.query !== undefined || op.body !== undefined) out['400'] = errorResponse('malformed: a path parameter, query field or body not as described (INVALID_FIELD, MALFORMED_PATH, MALFORMED_JSON, ...); nothing changed');
  if (op.security !== 'public') out['401'] = errorResponse(op.security === 'operator' ? 'AUTH_FAILED: no operator token, or one unknown or revoked' : 'AUTH_FAILED, NONCE_REUSED: the wallet signature is missing or does not cover this request; WRONG_HOST: signed for another host than this exchange\'s; NON_CANONICAL_REQUEST: a trailing slash, a bare "?" or HEAD (details.canonical names the one spelling to sign)');
  if (op.role !== undefined) out['403'] = errorResponse(`FORBIDDEN_ROLE: the operator lacks the ${op.role} role; nothing changed`);
  if (op.params !== undefined) out['404'] = errorResponse('a well-formed id that names nothing (UNKNOWN_SERIES, UNKNOWN_LISTING, UNKNOWN_GRANT, ...)');
  if (op.security === 'wallet' || op.security === 'wallet-or-operator') out['404'] ??= errorResponse('UNKNOWN_ACCOUNT: no account has the signing address');
  for (const [status, description] of Object.entries(op.errors ?? {})) out[status] = errorResponse(description);
  if (keyable(op)) {
    out['400'] ??= errorResponse('INVALID_IDEMPOTENCY_KEY: not 1 to 255 visible ASCII characters; nothing changed');
    out['409'] ??= errorResponse('IDEMPOTENCY_KEY_IN_USE: a request with this Idempotency-Key is still running (Retry-After); IDEMPOTENCY_KEY_OUTCOME_UNKNOWN: the service stopped while it ran');
    out['422'] ??= errorResponse('IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used with another request; nothing changed');
  }
  if (op.body !== undefined) {
    out['413'] ??= errorResponse("PAYLOAD_TOO_LARGE: the body is over this route's limit (docs/security.md, \"Per-client limits: HTTP\"); nothing was read");
    out['415'] ??= errorResponse('UNSUPPORTED_MEDIA_TYPE: a body declared as anything but JSON in UTF-8 (content-type: application/json, with no charset or charset=utf-8, or none); nothing was read');
  }
  const reads = op.readCost === undefined ? '' : "; also over the account's read budget (gateway.readRateLimitPerAccount: one unit, and one per 10 rows it may read; docs/http-api.md, \"Read budget\"), with Retry-After";
  out['429'] ??= errorResponse(op.security === 'public' && op.method === 'GET' ? `RATE_LIMITED (with Retry-After and RateLimit fields)${op.weight === undefined ? '' : `; this call counts as ${op.weight} requests`}` : `RATE_LIMITED (with Retry-After and RateLimit fields) or TOO_MANY_IN_FLIGHT${reads}`);
  if (!Object.keys(out).some((s) => s.startsWith('4'))) out['405'] = errorResponse('METHOD_NOT_ALLOWED: another method (the Allow header lists the ones served)');
  return out;
}

/** Whether a wallet may key the operation (a write it signs: src/gateway/idempotency-keys.ts). */
function keyable(op: Operation): boolean {
  return (op.security === 'wallet' || op.security === 'wallet-or-operator') && op.method !== 'GET';
}

const IDEMPOTENCY_KEY_PARAMETER: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A write sent again with the same key (after a timeout or a dropped connection, signed anew or not) is answered as the first was, with `idempotent-replayed: true`, instead of running twice; kept 24 h, across a restart of the service (not a failover), a wallet\'s own; a request the service\'s stop interrupted is 409 IDEMPOTENCY_KEY_OUTCOME_UNKNOWN (docs/http-api.md, "Retrying a write").',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

function operationObject(op: Operation, components: Record<string, Json>, impliedErrors: boolean): Json {
  const responses: Record<string, Json> = {};
  for (const [status, r] of Object.entries(op.responses)) responses[status] = success(r, components);
  Object.assign(responses, errors(op, impliedErrors));
  const body = op.body === undefined ? undefined : { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input', components) } } };
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description === undefined && op.role === undefined ? {} : { description: [op.description, op.role === undefined ? undefined : `Needs the operator role \`${op.role}\`.`].filter((x) => x !== undefined).join('\n\n') }),
    tags: [...op.tags],
    security: security(op),
    ...(op.params === undefined && op.query === undefined && !(impliedErrors && keyable(op))
      ? {}
      : { parameters: [...parameters(op.params, 'path', components), ...parameters(op.query, 'query', components), ...(impliedErrors && keyable(op) ? [IDEMPOTENCY_KEY_PARAMETER] : [])] }),
    ...(body === undefined ? {} : { requestBody: body }),
    responses,
  };
}

export interface DocumentInfo {
  version: string;
  /**
   * Another server's own document (the standby's, the reference provider server's): its title,
   * summary, description, servers and tags, and no gateway refusals implied by a row's shape
   * (those servers have no rate limits, accounts or signatures of the gateway's). Absent: the gateway's.
   */
  server?: {
    title: string;
    summary: string;
    description: string;
    servers: ReadonlyArray<{ url: string; description: string }>;
    tags: ReadonlyArray<{ name: string; description: string }>;
  };
}

const OPERATOR_TOKEN_SCHEME: Json = { type: 'http', scheme: 'bearer', description: 'An operator token (each operator has its own; docs/risk.md). Changes need a role (admin, moderator, risk).' };

/** The document for these operations (every route the gateway serves, or every route of `info.server`). */
export function openApiDocument(ops: readonly Operation[], info: DocumentInfo): Json {
  const tags = info.server?.tags ?? TAGS;
  const tagNames = new Set(tags.map((t) => t.name));
  for (const op of ops) for (const t of op.tags) if (!tagNames.has(t)) throw new Error(`HTTP operation ${op.operationId}: tag '${t}' is not one of ${info.server === undefined ? 'openapi.ts TAGS' : `${info.server.title}'s tags`}`);
  const schemas: Record<string, Json> = { Error: jsonSchema(ERROR_SCHEMA, 'output') };
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of ops) {
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = operationObject(op, schemas, info.server === undefined);
  }
  const used = new Set(ops.flatMap((o) => o.tags));
  if (info.server !== undefined) {
    // Such a server checks no wallet signature; an operator's token it may (the standby's /operator/metrics).
    if (ops.some((o) => o.security !== 'public' && o.security !== 'operator')) throw new Error(`${info.server.title}: only public and operator operations (no wallet signatures here)`);
    const { title, summary, description, servers } = info.server;
    const securitySchemes = ops.some((o) => o.security === 'operator') ? { securitySchemes: { operatorToken: OPERATOR_TOKEN_SCHEME } } : {};
    return { openapi: '3.1.0', info: { title, version: info.version, summary, description, license: LICENSE }, servers: [...servers], tags: tags.filter((t) => used.has(t.name)), paths, components: { ...securitySchemes, schemas } };
  }
  const header = (name: string, description: string): Json => ({ type: 'apiKey', in: 'header', name, description });
  return {
    openapi: '3.1.0',
    info: {
      title: 'PATX HTTP API',
      version: info.version,
      summary: 'An exchange for access rights to data, settled in PAT: market data, the catalog, accounts, grants, settlement and the operator API.',
      description:
        'Every HTTP route the gateway serves, generated from the route registry that dispatches them (src/gateway/operations.ts). Order entry and market data are WebSocket/protobuf (docs/protocol.md). ' +
        'Errors are `{error, message, details?}`. A malformed id or query field is 400 INVALID_FIELD; a well-formed id that names nothing is 404 with a code naming what (UNKNOWN_SERIES, ...). ' +
        'Another method on a known path is 405 with `Allow`; HEAD is served wherever GET is; public GETs answer CORS (`Access-Control-Allow-Origin: *`); JSON over 1 KiB is compressed (br, gzip) when Accept-Encoding allows. docs/http-api.md.',
      license: LICENSE,
    },
    servers: [{ url: 'http://127.0.0.1:8480', description: 'npm start on this machine' }],
    tags: TAGS.filter((t) => used.has(t.name)),
    paths,
    components: {
      securitySchemes: {
        operatorToken: OPERATOR_TOKEN_SCHEME,
        walletAddress: header('x-patx-address', 'The signing wallet, 0x and 40 hex digits. A wallet-signed request carries all five x-patx-* headers: personal_sign (EIP-191) of "PATX request v2" with method, host, path and query, chain, time, nonce and the body\'s SHA-256 (docs/protocol.md, "Signed HTTP requests").'),
        walletTime: header('x-patx-time', 'Milliseconds since the epoch, within 30 s of the server\'s clock.'),
        walletNonce: header('x-patx-nonce', '16 to 64 of [A-Za-z0-9_-], new for every request.'),
        walletContentSha256: header('x-patx-content-sha256', "Lower-case hex SHA-256 of the body (the empty body's for a GET)."),
        walletSignature: header('x-patx-signature', 'The personal_sign signature of the request text.'),
      },
      schemas,
    },
  };
}
