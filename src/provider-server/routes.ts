/**
 * The reference provider server's routes (server.ts lists them; operations.ts describes them):
 * POST /records (the gate's answer, reported), /records/stream (Server-Sent Events),
 * /records/push (a webhook registration), GET /healthz and the CORS preflights. A body is JSON
 * of at most MAX_BODY_BYTES.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { GateError, recordsSha256, fileColumns, requestedFormat, typedRecords, type Admission, type AccessGrant, type FileColumn, type UsageCount, type TypedRecord, type DeliveryStatement, type Gate, type Pusher, type PushPayload, type StreamEnd, type StreamHub } from '../gate/index.js';
import type { Logger } from '../runtime/log.js';
import { RECORDS_PER_RIGHT, type Deliveries, type Records } from './deliveries.js';
import { answerOutsideRoutes } from './operations.js';
import { fileTerms, sendRecordFile, type FileTerms } from './record-files.js';
import type { ProviderServerOptions } from './options.js';
import type { DeliveryReport } from './report-queue.js';
import { overLimit, rateLimitedReply, type RateBuckets } from '../gateway/request-limits.js';

const MAX_BODY_BYTES = 16 * 1024;
const ROUTES = new Set(['/records', '/records/stream', '/records/push']);

/** The gate and its push delivery: made once the port is bound (the gate's endpoint names it); until then requests are answered STARTING. */
export interface OpenGate {
  gate?: Gate;
  streams?: StreamHub;
  pusher?: Pusher;
}

interface RouteDeps {
  open: OpenGate;
  deliveries: Deliveries;
  report: (r: DeliveryReport) => void;
  log: Logger;
  /** The listing's schema, for files (`?format=`). */
  schemaOf: ProviderServerOptions['schemaOf'];
  /** The usage a listing version sells (its terms), as the gate meters it. */
  usageOf: ProviderServerOptions['usageOf'];
  /** Records a file carries at most (ProviderServerLimits.maxFileRecords). */
  maxFileRecords: number;
  /** Each client address's request bucket (ProviderServerLimits.requestsPerAddress). */
  requestRate: RateBuckets;
}

type Answer = { status: number; body: unknown };
type Reply = (status: number, body: unknown) => void;

export function providerRoutes(deps: RouteDeps): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    // Only what its route rows name (operations.ts: 404, 405, and /openapi.json); the rest is theirs below.
    if (answerOutsideRoutes(req, res)) return;
    // Any origin may call it (a consumer's browser: the web console's account page): a gate request carries its own signatures, no cookies.
    const reply: Reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(body));
    };
    const [path = '/', query = ''] = (req.url ?? '/').split('?', 2) as [string?, string?];
    if (req.method === 'OPTIONS' && ROUTES.has(path)) {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
      return void res.end();
    }
    if (req.method === 'GET' && path === '/healthz') return reply(200, { status: 'ok' });
    if (!ROUTES.has(path)) return reply(404, { error: 'NOT_FOUND', message: `no route ${req.method} ${path}` });
    if (req.method !== 'POST') return reply(405, { error: 'METHOD_NOT_ALLOWED', message: path === '/records' ? 'POST a gate request' : path === '/records/stream' ? 'POST a stream request' : 'POST a webhook registration' });
    const rate = deps.requestRate.take(req.socket.remoteAddress ?? '', Date.now());
    if (!rate.ok) {
      const limited = rateLimitedReply(deps.requestRate, rate, overLimit(deps.requestRate, 'this address'));
      res.writeHead(limited.status, { 'content-type': 'application/json', 'access-control-allow-origin': '*', ...limited.headers });
      return void res.end(JSON.stringify(limited.body));
    }
    readJsonBody(req, res, reply, (body) => post(deps, path, query, body, res, reply));
    req.on('error', () => undefined);
  };
}

/** Reads a JSON body of at most MAX_BODY_BYTES (413 past it, 400 if it is not JSON), then hands it on. */
function readJsonBody(req: IncomingMessage, res: ServerResponse, reply: Reply, then: (body: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      reply(413, { error: 'MALFORMED_REQUEST', message: `a request is at most ${MAX_BODY_BYTES} bytes` });
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(400, { error: 'MALFORMED_REQUEST', message: 'the body is not JSON' });
    }
    then(body);
  });
}

/** A POST to one of the routes, its body read. */
function post(deps: RouteDeps, path: string, query: string, body: unknown, res: ServerResponse, reply: Reply): void {
  const { open, log } = deps;
  const failed = (error: unknown): void => {
    log.error({ err: error, path }, 'request failed');
    if (!res.headersSent) reply(500, { error: 'INTERNAL', message: 'internal error' });
    // A file already being streamed: cut the connection, so the client sees an aborted answer, never a
    // shorter file ended as if whole (a chunked end() would look complete).
    else res.destroy();
  };
  const refusedOrFailed = (error: unknown): void => {
    try {
      const out = refused(error, log);
      reply(out.status, out.body);
    } catch (e) {
      failed(e);
    }
  };
  if (path === '/records') return void answerRecords(deps, query, body, res, reply).catch(failed);
  const { streams, pusher } = open;
  if (streams === undefined || pusher === undefined) return reply(503, { error: 'STARTING', message: 'the gate is not open yet' });
  if (path === '/records/push') {
    return void pusher.register(body).then(({ registration, created }) => reply(created ? 201 : 200, { registration, created }), refusedOrFailed);
  }
  void openStream(streams, body, res, log).catch(refusedOrFailed);
}

/**
 * POST /records: the JSON answer, or with `?format=ndjson|csv|parquet` a file of the records
 * typed by the listing's schema (record-files.ts). A format refused (UNKNOWN_FORMAT,
 * FORMAT_UNAVAILABLE, TOO_MANY_RECORDS) is refused before the gate counts anything.
 */
async function answerRecords(deps: RouteDeps, query: string, body: unknown, res: ServerResponse, reply: Reply): Promise<void> {
  let terms: FileTerms | undefined;
  try {
    const format = requestedFormat(query);
    if (format !== 'json') terms = fileTerms(format, body, { schemaOf: deps.schemaOf, usageOf: deps.usageOf }, RECORDS_PER_RIGHT, deps.maxFileRecords);
  } catch (error) {
    const out = refused(error, deps.log);
    return reply(out.status, out.body);
  }
  const served = await serveRights(deps, body, terms);
  if ('status' in served) return reply(served.status, served.body);
  const { grant, remaining, usage, records, typed, delivery, deliverySignature } = served;
  if (terms === undefined || typed === undefined) return reply(200, { grantId: grant.grantId, listingId: grant.listingId, listingVersion: grant.listingVersion, records, remaining, ...(usage === undefined ? {} : { usage }), delivery, deliverySignature });
  await sendRecordFile(res, { ...terms, columns: typed.columns }, { grant, remaining, records: typed.records, delivery, deliverySignature, statementText: deps.deliveries.statementText(grant, delivery) });
}

/** Rights served: the grant, the records (and for a file, them typed: the statement is over those), and the provider's signed statement. */
type Served = { grant: AccessGrant; remaining: number; usage?: UsageCount; records: Records; typed?: { columns: FileColumn[]; records: TypedRecord[] }; delivery: DeliveryStatement; deliverySignature: string };

/**
 * The gate admits the request, the records of the rights used are made (typed by the file's
 * columns for a file: the statement is over what the file holds) and signed, and the delivery
 * (or the refusal of what the grant's consumer signed) is reported.
 */
async function serveRights({ open, deliveries: d, report, log, schemaOf }: RouteDeps, body: unknown, terms: FileTerms | undefined): Promise<Served | Answer> {
  const gate = open.gate;
  if (gate === undefined) return { status: 503, body: { error: 'STARTING', message: 'the gate is not open yet' } };
  try {
    // Nothing in the right's window yet is the gate's NOT_READY (425, nothing counted, not reported: open-gate.ts gives it the probe).
    const admission = await gate.admit(body);
    const { grant, use, request } = admission;
    const records = recordsOfAdmission(d, admission);
    // A usage grant by records is metered for what it received: what the window could not fill goes back.
    if (admission.usage?.unit === 'records' && records.length < use) await gate.giveBack(admission, records.length);
    const { remaining, usage } = admission;
    // A file's columns are those of the listing the gate verified (fileTerms read the request's claim; the same unless it was unpublished since).
    const columns = terms === undefined ? undefined : (fileColumnsOf(schemaOf?.(grant.listingId, grant.listingVersion)) ?? terms.columns);
    const typed = columns === undefined ? undefined : { columns, records: typedRecords(records, columns) };
    // What the consumer can prove it received: signed over the records' canonical bytes (a file's: the typed records it holds).
    const delivery: DeliveryStatement = { grantId: grant.grantId, use, nonce: request.nonce, records: records.length, sha256: recordsSha256(typed?.records ?? records) };
    const deliverySignature = d.sign(grant, delivery);
    // The evidence of this delivery: the consumer's signed request and the provider's signed statement of what it served.
    report({ grantId: grant.grantId, rights: use, outcome: 'delivered', request, delivery, deliverySignature });
    log.info({ grantId: grant.grantId, consumer: grant.consumer, use, remaining, format: terms?.format ?? 'json' }, 'records delivered');
    return { grant, remaining, ...(usage === undefined ? {} : { usage }), records, ...(typed === undefined ? {} : { typed }), delivery, deliverySignature };
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    // Only what the grant's consumer signed is reported: the exchange would refuse the rest, and it says nothing of the provider (NOT_READY carries none: nothing failed).
    if (error.grantId !== undefined && error.signedRequest !== undefined) report({ grantId: error.grantId, rights: 0, outcome: error.code, request: error.signedRequest });
    log.info({ code: error.code, grantId: error.grantId }, `gate refused: ${error.message}`);
    return { status: error.status, body: { error: error.code, message: error.message } };
  }
}

/**
 * The records an admission serves: a right's RECORDS_PER_RIGHT each, from the grant's rights used
 * before; a usage grant by records the `use` records after those used before; by requests, a
 * right's records for the request (the n-th request the n-th such slice).
 */
function recordsOfAdmission(d: Deliveries, a: Admission): Records {
  const usedBefore = (a.usage?.usedUnits ?? a.grant.quantity - a.remaining) - a.use;
  if (a.usage?.unit === 'records') return d.recordsOf(a.grant, usedBefore, a.use);
  if (a.usage?.unit === 'requests') return d.recordsOf(a.grant, usedBefore * RECORDS_PER_RIGHT, RECORDS_PER_RIGHT);
  return d.recordsOf(a.grant, usedBefore * RECORDS_PER_RIGHT, a.use * RECORDS_PER_RIGHT);
}

const fileColumnsOf = (schema: ReturnType<NonNullable<ProviderServerOptions['schemaOf']>>): FileColumn[] | undefined => (schema === undefined ? undefined : fileColumns(schema));

/** A gate's refusal as its answer (logged); anything else is thrown on. */
function refused(error: unknown, log: Logger): Answer {
  if (!(error instanceof GateError)) throw error;
  log.info({ code: error.code, grantId: error.grantId }, `gate refused: ${error.message}`);
  return { status: error.status, body: { error: error.code, message: error.message } };
}

/** Opens a stream (the first right counted) and answers with Server-Sent Events. */
async function openStream(hub: StreamHub, body: unknown, res: ServerResponse, log: Logger): Promise<void> {
  const stream = await hub.openStream(body);
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', 'access-control-allow-origin': '*' });
  // The consumer went away: no more rights are counted, and its half-closed connection is let go (server.close() would wait on it).
  res.on('close', () => {
    stream.stop();
    if (!res.writableEnded) res.destroy();
  });
  const g = stream.admission.grant;
  log.info({ grantId: g.grantId, consumer: g.consumer, rights: stream.admission.request.rights }, 'stream opened');
  stream.start({
    batch: (p: PushPayload) => void res.write(`event: batch\nid: ${p.seq}\ndata: ${JSON.stringify(p)}\n\n`),
    end: (e: StreamEnd) => void res.end(`event: end\ndata: ${JSON.stringify(e)}\n\n`),
    heartbeat: () => void res.write(': keep-alive\n\n'),
  });
}
