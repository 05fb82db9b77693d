/**
 * An account's statement over HTTP (docs/http-api.md, "Account statement"): its owner's, wallet-signed, or any
 * account's for the operator (the fee account's and the broker's too), as JSON or as a CSV file:
 *
 *   GET /v1/statement[?limit=100][&before=SEQ][&from=MS][&to=MS][&kind=K][&organisation=true][&format=csv]
 *   GET /v1/statement?account=N|fee[&…]   (operator)
 *
 * Newest first, as Coinbase's ledger and Kraken's /Ledgers page; `next` is the `before` of the following page (null on
 * the last; in the CSV's `patx-next` header). Read from account-statement.ts's store, which its thread writes as it
 * follows the journal (statement-thread.ts): a read first waits (up to STATEMENT_CATCH_UP_WAIT_MS) for the thread to
 * hold the engine's last seq, so it shows what its reader just did; `asOfSeq` says how far it holds.
 */
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import { field, pageReadCost, type HttpReply, type HttpRequestInfo, type MountedRoute, type Operation } from '../http-registry/index.js';
import { FEE_ACCOUNT, MAX_STATEMENT_ROWS_PER_READ, MAX_STATEMENT_ROWS_SCANNED, type StatementEntry, type StatementFilter } from './account-statement.js';
import { STATEMENT_KINDS } from './statement-kinds.js';
import type { FollowedStatement } from './statement-thread.js';
import type { OrganisationAccountOf } from './account-fill-routes.js';

const DEFAULT_LIMIT = 100;
/** The largest time a query names (ms since the epoch; 16 digits). */
const MAX_TIME_MS = Number.MAX_SAFE_INTEGER;
/** The CSV's media type, as the gate's files say theirs (src/gate/record-format.ts). */
export const STATEMENT_CSV_TYPE = 'text/csv; charset=utf-8; header=present';
/** Where a CSV page says the `before` of the next (absent on the last). */
export const STATEMENT_NEXT_HEADER = 'patx-next';
/** Where a CSV page says its `asOfSeq`. */
export const STATEMENT_AS_OF_HEADER = 'patx-as-of-seq';

const statementQuery = z.object({
  limit: field.int(1, MAX_STATEMENT_ROWS_PER_READ, 'at most this many rows', DEFAULT_LIMIT).optional(),
  before: field.id("rows before this seq (the previous page's next)").optional(),
  from: field.int(0, MAX_TIME_MS, 'rows at or after this time (ms since the epoch, the turn\'s sequenced time)').optional(),
  to: field.int(0, MAX_TIME_MS, 'rows at or before this time (ms since the epoch)').optional(),
  kind: field.oneOf(STATEMENT_KINDS, 'rows of this kind only').optional(),
  organisation: field.oneOf(['true', 'false'], "true: the signer's organisation's, not its own (any member)").optional(),
  format: field.oneOf(['json', 'csv'], 'csv: a CSV file (a header row, a row per entry, µPAT integers)').optional(),
  account: z
    .string()
    .regex(/^(fee|[1-9][0-9]{0,15})$/, 'account: an account id, or fee')
    .meta({ description: "the account to read, or `fee` for the exchange's fee account (operator only)" })
    .optional(),
});

export const STATEMENT_OPERATION = {
  method: 'GET',
  path: '/v1/statement',
  operationId: 'getStatement',
  summary: "The account's statement: every change of the PAT it owns, newest first, with the balance after; its owner (wallet-signed) or the operator with ?account= (an id, or fee)",
  description:
    'Derived from the journal. `amountMicros` is the change of what the account owns (available + held by orders + locked until a delivery, a dispute window or a close), `balanceMicros` what it owns after, and each row\'s balance is the one before plus its amount. ' +
    'A row is one command (the broker\'s and the fee account\'s rows fold a turn: `commands`). A lock or a release moves no PAT out of the account: `amountMicros` 0, `lockedChangeMicros` says it. ' +
    'Paged by seq: `next` is the `before` of the following page, null on the last; with filters a read looks at no more than 20,000 rows, so a page may hold fewer than `limit` with `next` set: read on. ' +
    'Kept by a thread of its own that follows the journal: a read waits up to 2 s for it to hold the engine\'s last seq (what the reader just did), and `asOfSeq` says the seq it holds every change through. ' +
    '`format=csv`: the same rows as RFC 4180 CSV, `next` in the `patx-next` header and `asOfSeq` in `patx-as-of-seq`; a text cell a spreadsheet would run as a formula is prefixed with an apostrophe.',
  tags: ['account'],
  security: 'wallet-or-operator',
  // A wallet's page is paid from its read budget by the rows it may hold, and filtered by the rows it may look past (the store is read on the engine's thread).
  readCost: pageReadCost(DEFAULT_LIMIT, ['from', 'to', 'kind'], MAX_STATEMENT_ROWS_SCANNED),
  query: statementQuery,
  responses: {
    200: { description: '{entries: [{seq, timeMs, kind, ref, amountMicros, balanceMicros, availableMicros, heldMicros, lockedMicros, lockedChangeMicros, feeMicros, commands}], next, asOfSeq}; or text/csv' },
  },
  errors: { 400: 'INVALID_FIELD: an operator names ?account=<id|fee>', 403: 'OPERATOR_ONLY: ?account= on a wallet-signed request', 404: 'UNKNOWN_ACCOUNT; NOT_IN_ORGANISATION (organisation=true)', 503: 'STATEMENT_UNAVAILABLE: the exchange keeps no statement (statement.enabled off, or auto on a host of fewer than 4 cores), or its thread stopped (a store it could not write; a restart takes it up again)' },
} as const satisfies Operation;

/** How long a read waits for the statement's thread to take the journal's last seq before it answers as of less (`asOfSeq`). */
export const STATEMENT_CATCH_UP_WAIT_MS = 2_000;

export interface StatementRouteDeps {
  /** Undefined when the exchange keeps no statement (`statement.enabled` off, or auto on a small host). */
  statement: () => FollowedStatement | undefined;
  /** The last seq the engine applied: a read waits for the statement to hold it (what the reader just did). */
  engineSeq: () => number;
  organisationOf: OrganisationAccountOf;
  /** Whether an account id names an account. */
  accountExists: (accountId: number) => boolean;
}

export function statementRoutes(d: StatementRouteDeps): MountedRoute[] {
  return [{ operations: [STATEMENT_OPERATION], handle: (req) => answer(d, req) }];
}

async function answer(d: StatementRouteDeps, req: HttpRequestInfo): Promise<HttpReply> {
  const parsed = statementQuery.safeParse(Object.fromEntries(req.query));
  if (!parsed.success) return refusal(400, 'INVALID_FIELD', z.prettifyError(parsed.error));
  const q = parsed.data;
  const accountId = targetOf(d, req, q.account, q.organisation === 'true');
  if (typeof accountId !== 'number') return accountId;
  const filter: StatementFilter = { ...(q.from === undefined ? {} : { fromMs: q.from }), ...(q.to === undefined ? {} : { toMs: q.to }), ...(q.kind === undefined ? {} : { kind: q.kind }) };
  const statement = d.statement();
  if (statement === undefined) return refusal(503, 'STATEMENT_UNAVAILABLE', 'this exchange keeps no account statement (statement.enabled is off, or auto on a host of fewer than 4 cores: PATX_STATEMENT=on keeps one, docs/http-api.md): GET /v1/fills, /v1/transfers, /v1/forward-deliveries, /v1/settlements and /v1/margin-events carry the movements');
  await statement.thread.caughtUp(d.engineSeq(), STATEMENT_CATCH_UP_WAIT_MS);
  const failed = statement.thread.failed;
  if (failed !== undefined) return refusal(503, 'STATEMENT_UNAVAILABLE', failed.message);
  const asOfSeq = statement.thread.seq; // read before the rows: they hold at least this
  const page = statement.reads.statementOf(accountId, q.limit ?? DEFAULT_LIMIT, q.before, filter);
  if (q.format !== 'csv') return { status: 200, body: { entries: page.entries, next: page.next, asOfSeq } };
  const headers = { [STATEMENT_AS_OF_HEADER]: String(asOfSeq), ...(page.next === null ? {} : { [STATEMENT_NEXT_HEADER]: String(page.next) }) };
  return { status: 200, body: statementCsv(page.entries), contentType: STATEMENT_CSV_TYPE, headers };
}

/** Whose statement: a wallet's own (or its organisation's), or the account an operator names. */
function targetOf(d: StatementRouteDeps, req: HttpRequestInfo, account: string | undefined, organisation: boolean): number | HttpReply {
  if (req.principal === 'account') {
    if (account !== undefined) return refusal(403, 'OPERATOR_ONLY', '?account= is for the operator: a wallet-signed request reads its own statement (leave it out)');
    if (!organisation) return req.accountId;
    return d.organisationOf(req.accountId) ?? refusal(404, 'NOT_IN_ORGANISATION', 'this wallet belongs to no organisation');
  }
  if (account === undefined) return refusal(400, 'INVALID_FIELD', 'operator requests name ?account=<id|fee>');
  if (organisation) return refusal(400, 'INVALID_FIELD', 'organisation=true is a wallet\'s: an operator names the organisation\'s account');
  if (account === 'fee') return FEE_ACCOUNT;
  const id = Number(account);
  return d.accountExists(id) ? id : refusal(404, 'UNKNOWN_ACCOUNT', `no account ${id}`);
}

/** The columns of the CSV, in order: the JSON row's fields, with the time also as ISO 8601 (UTC). */
export const STATEMENT_CSV_COLUMNS = ['seq', 'time', 'timeMs', 'kind', 'ref', 'amountMicros', 'balanceMicros', 'availableMicros', 'heldMicros', 'lockedMicros', 'lockedChangeMicros', 'feeMicros', 'commands'] as const;

/** RFC 4180 (CRLF, quoted where needed) by csv-stringify, as the gate's files; text that would run as a formula is defused. */
export function statementCsv(entries: readonly StatementEntry[]): string {
  const rows = entries.map((e) => [e.seq, new Date(e.timeMs).toISOString(), e.timeMs, e.kind, defused(e.ref), e.amountMicros, e.balanceMicros, e.availableMicros, e.heldMicros, e.lockedMicros, e.lockedChangeMicros, e.feeMicros, e.commands]);
  return stringify([[...STATEMENT_CSV_COLUMNS], ...rows], { record_delimiter: 'windows', cast: { number: (v: number) => String(v) } });
}

/**
 * A text cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return: OWASP's
 * list, as src/catalog/measure.ts refuses them in a sample) prefixed with an apostrophe: a deposit's reference is
 * free text. Numbers are written as numbers and need none.
 */
export function defused(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function refusal(status: number, error: string, message: string): HttpReply {
  return { status, body: { error, message } };
}
