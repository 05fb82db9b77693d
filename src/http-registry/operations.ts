/**
 * The HTTP route registry: one row per operation (method, path template, operationId,
 * summary, tags, who may call it, the zod schemas of its path parameters, query and body,
 * its responses). The gateway dispatches only what this table names (anything else is 404,
 * a known path with another method 405 with `Allow`), validates path parameters and the
 * query with the row's schemas before any handler runs, and the OpenAPI document
 * (src/gateway/openapi.ts) and the reference page at /docs (src/gateway/api-docs.ts) are generated from the same
 * rows: a route cannot be served without being documented. docs/http-api.md says how to
 * add one.
 */
import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Who may call: anyone; a wallet-signed request (x-patx-* headers) from an address with an
 * account; an operator (`Authorization: Bearer <token>`); or either of the last two.
 */
export type Security = 'public' | 'wallet' | 'operator' | 'wallet-or-operator';

export interface OperationResponse {
  description: string;
  /** The body's schema (JSON unless `contentType` says otherwise); absent: described in words only. */
  schema?: z.ZodType;
  contentType?: string;
}

/** Shapes of path parameters and queries: objects of string-read fields (a query's values arrive as text). */
export type ParamShape = z.ZodObject<Record<string, z.ZodType>>;

export interface Operation {
  method: HttpMethod;
  /** An OpenAPI path template: literal segments and `{name}` parameters, no trailing slash ('/v1/listings/{id}'). */
  path: string;
  /** Unique, camelCase: the name a generated client gives the call. */
  operationId: string;
  summary: string;
  description?: string;
  /** The group the reference page lists it under (the first tag). */
  tags: readonly [string, ...string[]];
  security: Security;
  /** An operator role the call needs beyond being an operator (src/operator/api.ts, requiredRole). */
  role?: 'admin' | 'moderator' | 'risk' | 'viewer';
  /** One field per `{name}` of the path; checked before the handler runs (malformed: 400 INVALID_FIELD). */
  params?: ParamShape;
  /** Query parameters; checked before the handler runs (malformed: 400 INVALID_FIELD); unknown ones are ignored. */
  query?: ParamShape;
  /** The request body's schema (JSON); the handler validates it with the same schema. */
  body?: z.ZodType;
  /** The success responses, by status. */
  responses: Readonly<Record<number, OperationResponse>>;
  /** Refusals particular to this operation, by status (what the codes mean); the ones its shape implies are added. */
  errors?: Readonly<Record<number, string>>;
  /** Requests one call counts as against its client address's rate (default 1): a large document counts more, as a venue weighs its costly calls. */
  weight?: number;
  /**
   * A wallet-signed read built on the engine's thread: the units it takes of its account's read budget, from its query
   * (checked already) and `at` (the service's clock, for a window ending now; the signer's account, for a read whose size
   * is the account's), before it runs (src/gateway/read-budget.ts; over the budget 429 RATE_LIMITED). Absent: none.
   */
  readCost?: (query: URLSearchParams, at: ReadCostContext) => number;
}

/** What a `readCost` may look at beside the query. */
export interface ReadCostContext {
  /** The service's clock (the exchange's time, ms since the epoch). */
  nowMs: number;
  /** The signer's account. */
  accountId: number;
}

/** Rows of an answer one unit of an account's read budget pays for (a unit ~25 µs of the engine's thread: src/gateway/read-budget.ts). */
export const ROWS_PER_READ_UNIT = 10;
/** Rows a filtered page may look past for one read unit. */
export const SCANNED_ROWS_PER_READ_UNIT = 1_000;

/**
 * A page read's `readCost`: one unit, one per ROWS_PER_READ_UNIT rows it may hold (its `limit`, checked already, else
 * `defaultLimit`), and, filtered by any of `filters`, one per SCANNED_ROWS_PER_READ_UNIT of the `scanned` rows it may look past.
 */
export function pageReadCost(defaultLimit: number, filters: readonly string[] = [], scanned = 0): (query: URLSearchParams) => number {
  return (query) => {
    const limit = query.has('limit') ? Number(query.get('limit')) : defaultLimit;
    const filtered = filters.some((f) => query.has(f));
    return 1 + Math.ceil(limit / ROWS_PER_READ_UNIT) + (filtered ? Math.ceil(scanned / SCANNED_ROWS_PER_READ_UNIT) : 0);
  };
}

/** A read of one row (an order, a grant, a listing): one unit. */
export const ONE_ROW_READ_COST = (): number => 1;

/** A read that may hold up to `rows` rows whatever its query: one unit and one per ROWS_PER_READ_UNIT of them. */
export function rowsReadCost(rows: number): () => number {
  const cost = 1 + Math.ceil(rows / ROWS_PER_READ_UNIT);
  return () => cost;
}

/** Path and query fields as they arrive: text. These read it strictly and say what they expect. */
export const field = {
  /** A positive integer id (1 … 2^53-1, no sign, no leading zero): malformed is 400, well-formed but unknown is the handler's 404. */
  id: (what: string) =>
    z
      .string()
      .regex(/^[1-9][0-9]{0,15}$/, `${what}: a positive integer`)
      .transform(Number)
      .pipe(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
      .meta({ description: what }),
  /** A whole number in [min, max]. */
  int: (min: number, max: number, description: string, fallback?: number) => {
    const schema = z
      .string()
      .regex(/^[0-9]{1,16}$/, `an integer in [${min}, ${max}]`)
      .transform(Number)
      .pipe(z.number().int().min(min).max(max));
    return (fallback === undefined ? schema : schema.meta({ default: fallback })).meta({ description });
  },
  /** A decimal number in [min, max]. */
  number: (min: number, max: number, description: string) =>
    z
      .string()
      .regex(/^([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/, `a number in [${min}, ${max}]`)
      .transform(Number)
      .pipe(z.number().min(min).max(max))
      .meta({ description }),
  /** One of a few names. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T, description: string) => z.enum(values).meta({ description }),
  text: (maxLength: number, description: string) => z.string().max(maxLength).meta({ description }),
  /** A list's page: `offset` rows skipped (default 0), at most `limit` (1 to 200, default 50). */
  page: () =>
    z.object({
      offset: field.int(0, 1_000_000_000, 'rows to skip', 0).optional(),
      limit: field.int(1, 200, 'at most this many', 50).optional(),
    }),
} as const;

/** A row that takes its tags and security from the rows it is declared with (operationRows), or says its own. */
export type SharedOperation = Omit<Operation, 'tags' | 'security'> & Partial<Pick<Operation, 'tags' | 'security'>>;

/**
 * A module's rows that share their tags and security: each row says only what is its own (a row
 * may still name its own security, as a public read among wallet-signed ones does).
 */
export function operationRows<const Shared extends Pick<Operation, 'tags' | 'security'>, const Rows extends Record<string, SharedOperation>>(
  shared: Shared,
  rows: Rows,
): { readonly [K in keyof Rows]: Omit<Shared, keyof Rows[K]> & Rows[K] } {
  const out: Record<string, Operation> = {};
  for (const [name, row] of Object.entries(rows)) out[name] = { ...shared, ...row } as Operation;
  return out as { readonly [K in keyof Rows]: Omit<Shared, keyof Rows[K]> & Rows[K] };
}

/** The status texts uWS writes. */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: '200 OK',
  201: '201 Created',
  202: '202 Accepted',
  204: '204 No Content',
  400: '400 Bad Request',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  406: '406 Not Acceptable',
  409: '409 Conflict',
  413: '413 Payload Too Large',
  415: '415 Unsupported Media Type',
  422: '422 Unprocessable Entity',
  429: '429 Too Many Requests',
  500: '500 Internal Server Error',
  503: '503 Service Unavailable',
  507: '507 Insufficient Storage',
};

/** A path matched to a template: its operations by method, and the decoded parameters. */
export interface PathMatch<T> {
  template: string;
  byMethod: ReadonlyMap<HttpMethod, { operation: Operation; target: T }>;
  /** Raw (still percent-encoded) parameter values, by name. */
  rawParams: Record<string, string>;
}

interface Template<T> {
  path: string;
  segments: readonly string[];
  byMethod: Map<HttpMethod, { operation: Operation; target: T }>;
}

/**
 * The table the gateway dispatches on. `T` is what serves an operation (a handler, or the
 * module route that owns it). Templates are matched segment by segment; where two match,
 * the one with a literal segment first wins ('/v1/grants/mine' over '/v1/grants/{id}').
 */
export class RouteTable<T> {
  private readonly templates: Template<T>[] = [];
  private readonly operationIds = new Set<string>();

  add(operation: Operation, target: T): void {
    checkTemplate(operation);
    if (this.operationIds.has(operation.operationId)) throw new Error(`two HTTP operations are named ${operation.operationId}`);
    let t = this.templates.find((x) => x.path === operation.path);
    if (t === undefined) {
      t = { path: operation.path, segments: operation.path.split('/').slice(1), byMethod: new Map() };
      this.templates.push(t);
      this.templates.sort(bySpecificity);
    }
    if (t.byMethod.has(operation.method)) throw new Error(`two HTTP operations serve ${operation.method} ${operation.path}`);
    t.byMethod.set(operation.method, { operation, target });
    this.operationIds.add(operation.operationId);
  }

  /** Every operation, in path order then method order. */
  operations(): Operation[] {
    const order: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];
    const byPath = [...this.templates].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return byPath.flatMap((t) => order.flatMap((m) => (t.byMethod.has(m) ? [t.byMethod.get(m)!.operation] : [])));
  }

  /** The template a request path names (one trailing slash ignored), or undefined. */
  match(path: string): PathMatch<T> | undefined {
    const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const segments = trimmed.split('/').slice(1);
    for (const t of this.templates) {
      if (t.segments.length !== segments.length) continue;
      const rawParams: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const want = t.segments[i]!;
        const got = segments[i]!;
        if (want.startsWith('{')) {
          if (got === '') ok = false;
          else rawParams[want.slice(1, -1)] = got;
        } else ok = want === got;
      }
      if (ok) return { template: t.path, byMethod: t.byMethod, rawParams };
    }
    return undefined;
  }
}

/** The methods a path answers, for `Allow` (HEAD with GET; OPTIONS always). */
export function allowedMethods(byMethod: ReadonlyMap<HttpMethod, unknown>): string {
  const out: string[] = [];
  for (const m of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const) {
    if (m === 'HEAD' ? byMethod.has('GET') : byMethod.has(m)) out.push(m);
  }
  out.push('OPTIONS');
  return out.join(', ');
}

/** A refusal of a path parameter or query field: what, where, and zod's issues. */
export interface FieldRefusal {
  in: 'path' | 'query';
  message: string;
  issues: unknown;
}

/**
 * The operation's path parameters and query checked against its schemas. Parameters are
 * decoded first (a malformed percent-encoding is the caller's to refuse, MALFORMED_PATH).
 * A name the operation does not declare, or one given more than once, is refused.
 */
export function checkFields(operation: Operation, params: Record<string, string>, query: URLSearchParams): FieldRefusal | undefined {
  if (operation.params !== undefined) {
    const r = operation.params.safeParse(params);
    if (!r.success) return { in: 'path', message: `path: ${z.prettifyError(r.error)}`, issues: r.error.issues };
  }
  // A field the route does not take is refused, not ignored: a misspelt filter (`?seris=5`) would otherwise answer as if none
  // were given. A signed request's too: its signature covers the query as sent, misspelling and all (until 2026-12-02 only
  // public routes refused one; `/v1/fills?series=1` answered every series' fills). An operator's `?account=` is each route's own.
  const known = operation.query === undefined ? [] : Object.keys(operation.query.shape);
  if (operation.security === 'wallet-or-operator' || operation.security === 'operator') known.push('account');
  for (const name of query.keys()) {
    if (!known.includes(name)) {
      const takes = known.length === 0 ? 'it takes no query fields' : `it takes ${known.join(', ')}`;
      return { in: 'query', message: `query: ${JSON.stringify(name.slice(0, 64))} is not a field of this route (${takes})`, issues: [{ code: 'unrecognized_keys', keys: [name.slice(0, 64)], path: [] }] };
    }
    // Given twice, a field is refused as a misspelt one is: only its first value would be read (`?seriesId=1&seriesId=2`
    // answered series 1 alone, as if the client had asked for it; an audit, 2026-12-05). No field here takes a list so.
    const given = query.getAll(name).length;
    if (given > 1) return { in: 'query', message: `query: ${JSON.stringify(name)} is given ${given} times; each field at most once`, issues: [{ code: 'custom', path: [name], message: 'given more than once' }] };
  }
  if (operation.query !== undefined) {
    const values: Record<string, string> = {};
    for (const name of Object.keys(operation.query.shape)) {
      const v = query.get(name);
      if (v !== null) values[name] = v;
    }
    const r = operation.query.safeParse(values);
    if (!r.success) return { in: 'query', message: `query: ${z.prettifyError(r.error)}`, issues: r.error.issues };
  }
  return undefined;
}

/** Literal segments before parameters, position by position: the more specific template is tried first. */
function bySpecificity<T>(a: Template<T>, b: Template<T>): number {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const pa = a.segments[i]!.startsWith('{');
    const pb = b.segments[i]!.startsWith('{');
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

function checkTemplate(op: Operation): void {
  if (!/^\/([A-Za-z0-9._-]+|\{[A-Za-z][A-Za-z0-9]*\})(\/([A-Za-z0-9._-]+|\{[A-Za-z][A-Za-z0-9]*\}))*$/.test(op.path)) {
    throw new Error(`HTTP operation ${op.operationId}: '${op.path}' is not a path template ('/v1/things/{id}')`);
  }
  if (!/^[a-z][A-Za-z0-9]*$/.test(op.operationId)) throw new Error(`HTTP operation id '${op.operationId}' is not camelCase`);
  const names = [...op.path.matchAll(/\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]!);
  const declared = op.params === undefined ? [] : Object.keys(op.params.shape);
  if (names.join(',') !== declared.join(',')) throw new Error(`HTTP operation ${op.operationId}: path parameters {${names.join(', ')}} but params declare {${declared.join(', ')}}`);
}
