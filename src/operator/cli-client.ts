/**
 * The operator CLI's client side: turns `patx params|series|halt|resume|kill|release|mmp|audit|exposure|operators|listings|disputes|settle …`
 * into HTTP requests to the running service's operator API (bearer token) and
 * prints the answer: a readable table by default, the JSON with `json: true`.
 * src/cli/main.ts parses the command line (commander) and calls here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { formatAnswer, formatAlarms, formatDecision, formatDisputes, formatIdentityChange, formatListingMoved, formatPhaseReadiness, formatProviders } from './cli-format.js';
import { cliFetch, type CliFetch, type CliResponse } from '../runtime/cli-http.js';

export const OPERATOR_CLI_USAGE = [
  'usage: patx params get [NAME] | params set NAME VALUE | series | halt ID | resume ID',
  '            | fees [show] | fees set KIND [--phase N] [--maker BPS] [--taker BPS] [--issuance BPS] [--take-rate BPS]',
  '            | fees sweep [AMOUNT_MICROS] (the fee account, all or some, to the treasury at the vault\'s fee recipient)',
  '            | kill global|account ID|series ID | release global|account ID|series ID | kill status',
  '            | mmp reset SERIES_ID | audit [FROM_SEQ [LIMIT]] | exposure | broker | settle now',
  '            | phase | phase readiness (what the council sees before it votes the next phase)',
  '            | operators list | operators add NAME ROLE[,ROLE…] | operators revoke NAME',
  '              (roles: admin manages operators, moderator the catalog, risk parameters, kill switches, MMP, halts; viewer reads only)',
  '            | institution grant ACCOUNT_ID | institution revoke ACCOUNT_ID',
  '            | listings [list] | listings show ID | listings publish ID | listings reject ID REASON',
  '            | listings take-down ID REASON | listings reference ID FILE | listings audit [FROM [LIMIT]]',
  '            | disputes [list] | disputes decide GRANT_ID REFUND_QTY [--charge MICROS] [--note TEXT]',
  '            | alarms [list|active] | alarms history [LIMIT] | alarms clear NAME [SUBJECT]',
  '            | providers [list] | providers show ACCOUNT_ID | providers audit',
  '            | providers verify ACCOUNT_ID --legal-name NAME --jurisdiction CC --kyc-reference REF [--payout-address 0x…] [--reason TEXT]',
  '            | providers revoke ACCOUNT_ID REASON',
  '  talks to ${PATX_URL}/operator (default http://127.0.0.1:8480/operator) with PATX_OPERATOR_TOKEN',
].join('\n');

export class OperatorCliError extends Error {
  override readonly name = 'OperatorCliError';
}

export interface OperatorCliOptions {
  /** Base URL of the operator API, e.g. http://127.0.0.1:8480/operator. */
  url: string;
  token: string | undefined;
  /** Default: one request over node:http(s) (cli-http.ts); the global `fetch` fits. */
  fetch?: CliFetch;
  /** Print the JSON answer as it came (for scripts); default true here, the CLI passes its --json. */
  json?: boolean;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Where the CLI looked for the token `npm start` wrote (<dataDir>/operator-token), named when none was sent. */
  tokenFile?: string;
}

interface Call {
  method: string;
  /** Under the operator API's URL; or from the server's root when `fromRoot` (settlement routes). */
  path: string;
  body?: unknown;
  fromRoot?: boolean;
  /** The answer for people, when a generic table would not read well (`--json` prints it as it came). */
  format?: (text: string) => string;
  /** A GET first, whose JSON answer completes the body (`providers verify` without --payout-address: the provider's wallet). */
  fill?: { path: string; body: (answer: unknown) => unknown };
}

const VERIFY_FLAGS: Readonly<Record<string, string>> = { '--legal-name': 'legalName', '--jurisdiction': 'jurisdiction', '--kyc-reference': 'kycReference', '--payout-address': 'payoutAddress', '--reason': 'reason' };

/** `providers verify ACCOUNT_ID --legal-name … --jurisdiction … --kyc-reference … [--payout-address …] [--reason …]`: the verification's body (the server checks each field). */
function verificationOf(rest: readonly string[]): Record<string, string> {
  const body: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const key = VERIFY_FLAGS[flag];
    const value = rest[i + 1];
    if (key === undefined) throw new OperatorCliError(`providers verify takes ${Object.keys(VERIFY_FLAGS).join(', ')}, not '${flag}'`);
    if (value === undefined) throw new OperatorCliError(`${flag} needs a value`);
    body[key] = value;
  }
  const missing = ['--legal-name', '--jurisdiction', '--kyc-reference'].filter((f) => body[VERIFY_FLAGS[f]!] === undefined);
  if (missing.length > 0) throw new OperatorCliError(`providers verify ACCOUNT_ID needs ${missing.join(', ')} (the provider's identity as your KYC case has it; docs/providers.md)`);
  return body;
}

/** The provider's wallet from GET /providers: its payout address (the vault pays only the account's own address). */
function walletOf(answer: unknown, accountId: number): string {
  const row = Array.isArray(answer) ? (answer as Array<{ accountId?: unknown; address?: unknown }>).find((p) => p.accountId === accountId) : undefined;
  if (row === undefined || typeof row.address !== 'string') throw new OperatorCliError(`no provider account ${accountId} (patx providers lists them)`);
  return row.address;
}

/** `disputes decide GRANT_ID REFUND_QTY [--charge MICROS] [--note TEXT]`: the decision's body. */
function decisionOf(rest: readonly string[]): { chargeProviderMicros?: number; note?: string } {
  const body: { chargeProviderMicros?: number; note?: string } = {};
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (value === undefined) throw new OperatorCliError(`${flag ?? ''} needs a value`);
    if (flag === '--charge') {
      if (!/^[0-9]{1,15}$/.test(value)) throw new OperatorCliError(`--charge is µPAT from the provider's free PAT: a whole number >= 0, got '${value}'`);
      body.chargeProviderMicros = Number(value);
    } else if (flag === '--note') body.note = value;
    else throw new OperatorCliError(`disputes decide takes --charge MICROS and --note TEXT, not '${flag ?? ''}'`);
  }
  return body;
}

const FEE_FLAGS: Readonly<Record<string, string>> = { '--phase': 'phase', '--maker': 'makerBps', '--taker': 'takerBps', '--issuance': 'issuanceBps', '--take-rate': 'takeRateBps' };

/** `fees set KIND [--phase N] [--maker BPS] …`: the body of PUT /operator/fees/KIND (the server checks the bounds). */
function feeChangeOf(rest: readonly string[]): Record<string, number> {
  const body: Record<string, number> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const key = FEE_FLAGS[flag];
    const value = rest[i + 1];
    if (key === undefined) throw new OperatorCliError(`fees set takes ${Object.keys(FEE_FLAGS).join(', ')}, not '${flag}'`);
    if (value === undefined || !/^[0-9]{1,5}$/.test(value)) throw new OperatorCliError(`${flag} needs a whole number, got '${value ?? ''}'`);
    body[key] = Number(value);
  }
  if (Object.keys(body).filter((k) => k !== 'phase').length === 0) throw new OperatorCliError('fees set KIND: name at least one of --maker, --taker, --issuance, --take-rate');
  return body;
}

/** The HTTP call a CLI command means; throws OperatorCliError for bad usage. */
export function operatorCall(args: readonly string[]): Call {
  const [cmd, a, b, c] = args;
  const id = (text: string | undefined, what: string): number => {
    const n = Number(text);
    if (text === undefined || !/^[0-9]+$/.test(text) || n <= 0) throw new OperatorCliError(`${what} must be a positive integer`);
    return n;
  };
  switch (cmd) {
    case 'params':
      if (a === 'get') return { method: 'GET', path: b === undefined ? '/params' : `/params/${encodeURIComponent(b)}` };
      if (a === 'set' && b !== undefined && c !== undefined) {
        const value = Number(c);
        if (c.trim() === '' || !Number.isFinite(value)) throw new OperatorCliError(`value must be a number, got '${c}'`);
        return { method: 'PUT', path: `/params/${encodeURIComponent(b)}`, body: { value } };
      }
      break;
    case 'fees':
      if (a === undefined || a === 'show') return { method: 'GET', path: '/fees' };
      if (a === 'set' && b !== undefined) return { method: 'PUT', path: `/fees/${encodeURIComponent(b.toUpperCase())}`, body: feeChangeOf(args.slice(3)) };
      if (a === 'sweep') {
        // No amount: all of it (the server reads the fee account); µPAT, as `patx fees` shows the fee account.
        if (b === undefined) return { method: 'POST', path: '/fees/sweep', body: {} };
        if (!/^[0-9]{1,15}$/.test(b) || Number(b) === 0) throw new OperatorCliError(`fees sweep AMOUNT_MICROS: µPAT, a whole number > 0 (none: all of the fee account), got '${b}'`);
        return { method: 'POST', path: '/fees/sweep', body: { amountMicros: Number(b) } };
      }
      break;
    case 'series':
      return { method: 'GET', path: '/series' };
    case 'halt':
    case 'resume':
      return { method: 'POST', path: `/series/${id(a, 'series id')}/${cmd}` };
    case 'kill':
    case 'release':
      if (cmd === 'kill' && a === 'status') return { method: 'GET', path: '/kill' };
      if (a === 'global') return { method: 'POST', path: '/kill', body: { scope: 'global', targetId: 0, engaged: cmd === 'kill' } };
      if (a === 'account' || a === 'series') return { method: 'POST', path: '/kill', body: { scope: a, targetId: id(b, `${a} id`), engaged: cmd === 'kill' } };
      break;
    case 'mmp':
      if (a === 'reset') return { method: 'POST', path: `/mmp/${id(b, 'series id')}/reset` };
      break;
    case 'audit': {
      const from = a === undefined ? 1 : id(a, 'from seq');
      const limit = b === undefined ? 100 : id(b, 'limit');
      return { method: 'GET', path: `/audit?from=${from}&limit=${limit}` };
    }
    case 'exposure':
      return { method: 'GET', path: '/exposure' };
    case 'broker':
      return { method: 'GET', path: '/broker' };
    case 'phase':
      if (a === undefined) return { method: 'GET', path: '/phase' };
      if (a === 'readiness') return { method: 'GET', path: '/phase/readiness', format: formatPhaseReadiness };
      break;
    case 'institution':
      if (a === 'grant' || a === 'revoke') return { method: 'POST', path: `/accounts/${id(b, 'account id')}/institution`, body: { qualified: a === 'grant' } };
      break;
    case 'listings':
      if (a === undefined || a === 'list') return { method: 'GET', path: '/listings' };
      if (a === 'show') return { method: 'GET', path: `/listings/${id(b, 'listing id')}` };
      // One line each (the answer is the whole listing; --json prints it).
      if (a === 'publish' || a === 'approve-version') return { method: 'POST', path: `/listings/${id(b, 'listing id')}/${a}`, format: formatListingMoved(a === 'publish' ? 'published' : 'approved the version awaiting review of') };
      if (a === 'reject' || a === 'take-down' || a === 'reject-version') {
        const listing = id(b, 'listing id');
        if (c === undefined || c.trim() === '') throw new OperatorCliError(`listings ${a} needs a reason`);
        const verb = a === 'reject' ? 'rejected' : a === 'take-down' ? 'took down' : 'refused the version awaiting review of';
        return { method: 'POST', path: `/listings/${listing}/${a}`, body: { reason: c }, format: formatListingMoved(verb) };
      }
      if (a === 'reference') {
        const listing = id(b, 'listing id');
        if (c === undefined) throw new OperatorCliError('listings reference needs a file (.csv, .jsonl or .parquet)');
        const format = /\.csv$/i.test(c) ? 'csv' : /\.(jsonl|ndjson)$/i.test(c) ? 'jsonl' : /\.parquet$/i.test(c) ? 'parquet' : undefined;
        if (format === undefined) throw new OperatorCliError(`${c}: the file's extension names its format: .csv, .jsonl or .parquet`);
        if (!existsSync(c)) throw new OperatorCliError(`no file ${c}`);
        return { method: 'POST', path: `/listings/${listing}/reference`, body: { format, base64: readFileSync(c).toString('base64') } };
      }
      if (a === 'audit') return { method: 'GET', path: `/catalog/audit?from=${b === undefined ? 1 : id(b, 'from')}&limit=${c === undefined ? 100 : id(c, 'limit')}` };
      break;
    case 'disputes':
      if (a === undefined || a === 'list') return { method: 'GET', path: '/disputes', format: formatDisputes };
      if (a === 'decide') {
        const grantId = id(b, 'grant id');
        if (c === undefined || !/^[0-9]{1,15}$/.test(c)) throw new OperatorCliError('disputes decide GRANT_ID REFUND_QTY: the rights to refund, a whole number >= 0 (0 upholds the delivery)');
        return { method: 'POST', path: `/disputes/${grantId}/decision`, body: { refundQty: Number(c), ...decisionOf(args.slice(4)) }, format: formatDecision };
      }
      break;
    case 'alarms':
      if (a === undefined || a === 'list') return { method: 'GET', path: '/alarms', format: formatAlarms };
      if (a === 'active') return { method: 'GET', path: '/alarms?active=true', format: formatAlarms };
      if (a === 'history') return { method: 'GET', path: `/alarms/history?limit=${b === undefined ? 100 : id(b, 'limit')}` };
      if (a === 'clear' && b !== undefined) return { method: 'POST', path: '/alarms/clear', body: { name: b, subject: c ?? '' } };
      break;
    case 'providers':
      if (a === undefined || a === 'list') return { method: 'GET', path: '/providers', format: formatProviders };
      if (a === 'show') return { method: 'GET', path: `/providers/${id(b, 'account id')}` };
      if (a === 'audit') return { method: 'GET', path: '/providers/audit' };
      if (a === 'verify') {
        const accountId = id(b, 'account id');
        const body = verificationOf(args.slice(3));
        const path = `/providers/${accountId}/verify`;
        // The payout address must be the provider's own wallet: without --payout-address, that wallet (as the console's form fills it).
        if (body.payoutAddress !== undefined) return { method: 'POST', path, body, format: formatIdentityChange };
        return { method: 'POST', path, body, format: formatIdentityChange, fill: { path: '/providers', body: (answer) => ({ ...body, payoutAddress: walletOf(answer, accountId) }) } };
      }
      if (a === 'revoke') {
        const accountId = id(b, 'account id');
        if (c === undefined || c.trim() === '') throw new OperatorCliError('providers revoke ACCOUNT_ID REASON: say why (it is kept in the identity audit)');
        return { method: 'POST', path: `/providers/${accountId}/revoke`, body: { reason: c }, format: formatIdentityChange };
      }
      break;
    case 'settle':
      if (a === 'now') return { method: 'POST', path: '/settlement/settle', fromRoot: true };
      break;
    case 'operators':
      if (a === 'list' || a === undefined) return { method: 'GET', path: '/operators' };
      if (a === 'add' && b !== undefined) {
        if (c === undefined || c.trim() === '') throw new OperatorCliError('operators add NAME ROLES: name its roles, comma-separated: admin, moderator, risk, viewer');
        return { method: 'POST', path: '/operators', body: { name: b, roles: c.split(',').map((r) => r.trim()).filter((r) => r !== '') } };
      }
      if (a === 'revoke' && b !== undefined) return { method: 'POST', path: `/operators/${encodeURIComponent(b)}/revoke` };
      break;
    default:
      break;
  }
  throw new OperatorCliError(OPERATOR_CLI_USAGE);
}

/** Runs one operator command against the service; returns the process exit code. */
export async function runOperatorCli(args: readonly string[], opts: OperatorCliOptions): Promise<number> {
  const out = opts.out ?? ((line: string) => console.log(line));
  const err = opts.err ?? ((line: string) => console.error(line));
  let call: Call;
  try {
    call = operatorCall(args);
  } catch (error) {
    err((error as Error).message);
    return 2;
  }
  const doFetch = opts.fetch ?? cliFetch;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token !== undefined && opts.token !== '') headers.authorization = `Bearer ${opts.token}`;
  let res: CliResponse;
  try {
    if (call.fill !== undefined) {
      const first = await doFetch(opts.url.replace(/\/+$/, '') + call.fill.path, { method: 'GET', headers });
      const text = await first.text();
      if (!first.ok) {
        err(opts.json === false ? `refused (HTTP ${first.status}): ${errorLine(text)}` : errorJson(first.status, text));
        if (first.status === 401 && headers.authorization === undefined) err(noTokenHint(opts.tokenFile));
        return 1;
      }
      try {
        call = { ...call, body: call.fill.body(JSON.parse(text) as unknown) };
      } catch (error) {
        err((error as Error).message);
        return 1;
      }
    }
    const init = { method: call.method, headers, ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }) };
    const target = call.fromRoot === true ? new URL(call.path, opts.url).href : opts.url.replace(/\/+$/, '') + call.path;
    res = await doFetch(target, init);
  } catch (error) {
    const message = `cannot reach the operator API at ${opts.url}: ${(error as Error).message}`;
    err(opts.json === false ? message : JSON.stringify({ error: 'UNREACHABLE', message }));
    return 1;
  }
  const text = await res.text();
  if (res.ok) {
    out(opts.json === false ? (call.format ?? formatAnswer)(text) : text);
    return 0;
  }
  err(opts.json === false ? `refused (HTTP ${res.status}): ${errorLine(text)}` : errorJson(res.status, text));
  if (res.status === 401 && headers.authorization === undefined) err(noTokenHint(opts.tokenFile));
  return 1;
}

/** A refusal as --json promises it (docs/cli.md): one `{"error", "message"}` line (with the HTTP status), the service's own when it sent that shape. */
function errorJson(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') return JSON.stringify({ status, ...body, error: body.error, message: typeof body.message === 'string' ? body.message : '' });
  } catch {
    // not JSON (a proxy's page): said below with its status
  }
  return JSON.stringify({ status, error: `HTTP_${status}`, message: text.slice(0, 500) });
}

/** Said when the service wanted a token and the CLI had none to send: where it looks for one. */
export const NO_TOKEN_HINT =
  'no operator token was sent: pass --token or set PATX_OPERATOR_TOKEN, or run from the directory holding the ./data/operator-token that `npm start` wrote (or set PATX_DATA_DIR to that data directory)';

/** NO_TOKEN_HINT, naming the file looked in when the CLI says which (the sandbox's ./data-sandbox, a PATX_DATA_DIR). */
export function noTokenHint(tokenFile?: string): string {
  if (tokenFile === undefined) return NO_TOKEN_HINT;
  return `no operator token was sent, and none is in ${tokenFile} (where the service writes it): pass --token or set PATX_OPERATOR_TOKEN, or run from the directory the service was started in (or set PATX_DATA_DIR to its data directory)`;
}

/** One line from an error answer: its code and message when it has the house shape. */
function errorLine(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') return typeof body.message === 'string' ? `${body.error}: ${body.message}` : body.error;
  } catch {
    // not JSON: show it as it came
  }
  return text.slice(0, 500);
}
