/**
 * `patx statement`: the wallet's account statement, newest first (wallet-signed GET /v1/statement through
 * src/client/statement.ts): every change of the PAT it owns, its kind and reference, and the balance after. `--csv`
 * prints the CSV file the exchange serves (a header row, µPAT integers) for a spreadsheet or an auditor; `--from` and
 * `--to` bound the time, `--kind` one kind, `--limit` and `--before` page, `--org` the organisation's. The operator's
 * `--account N|fee` reads any account's, or the exchange's fee account's, with the operator's token (no wallet).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { table } from '../operator/cli-format.js';
import type { OperatorHttp, StatementPage, StatementQuery } from '../client/statement.js';
import type { acting } from './command-output.js';
import { wholeIn } from './catalog.js';
import { pat, utcSeconds } from './trading-format.js';
import { addOrgOption, addWalletOptions, connectWallet, WalletCommandError, type WalletOptions } from './wallet-options.js';

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 50;
const MAX_BEFORE = 9_999_999_999;

/** A time: ms since the epoch, or an ISO 8601 date or date-time (UTC unless it says). */
export function timeArg(text: string): number {
  const ms = /^\d{1,16}$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(ms) || ms < 0) throw new InvalidArgumentError('expected a time: ms since the epoch, or an ISO 8601 date such as 2026-12-01 or 2026-12-01T09:30:00Z');
  return ms;
}

/** The rows as a table: when, what, the reference, the change and the balance after (PAT). */
export function statementText(page: StatementPage): string {
  if (page.entries.length === 0) return 'no movements of PAT';
  const rows = page.entries.map((e) => ({
    TIME: utcSeconds(e.timeMs),
    SEQ: e.seq,
    KIND: e.kind,
    REF: e.ref,
    'AMOUNT PAT': pat(e.amountMicros),
    'BALANCE PAT': pat(e.balanceMicros),
    'FREE PAT': pat(e.availableMicros),
    'LOCKED PAT': pat(e.lockedMicros),
  }));
  return `${table(rows)}
${page.entries.length} row(s)${page.next === null ? '' : `; --before ${page.next} for more`}`;
}

interface StatementOptions extends WalletOptions {
  limit: number;
  before?: number;
  from?: number;
  to?: number;
  kind?: string;
  csv?: boolean;
  account?: number | 'fee';
}

/** `--account`: an account id, or `fee`. */
function accountArg(text: string): number | 'fee' {
  if (text === 'fee') return 'fee';
  if (!/^[1-9][0-9]{0,15}$/.test(text)) throw new InvalidArgumentError('expected an account id, or fee');
  return Number(text);
}

/** The operator's side: its token and the gateway's base (its operator URL without `/operator`). */
export type OperatorOf = () => { url: string; token: string | undefined };

/** Adds `statement`. */
export function addStatementCommand(program: Command, act: ReturnType<typeof acting>, operatorOf: OperatorOf): void {
  addOrgOption(addWalletOptions(
    program
      .command('statement')
      .description('your account statement, newest first (GET /v1/statement): every change of your PAT with its kind, reference and the balance after; --csv for the CSV file')
      .option('--csv', 'print the CSV file (a header row, µPAT integers) instead of a table')
      .option('--from <time>', 'rows at or after this time (ISO 8601, or ms since the epoch)', timeArg)
      .option('--to <time>', 'rows at or before this time (ISO 8601, or ms since the epoch)', timeArg)
      .option('--kind <kind>', 'one kind only (deposit, withdrawal, trade_buy, trade_sell, fee, forward_delivery, claim_refund, …; docs/http-api.md)')
      .option('--limit <n>', `at most this many (1 to ${MAX_LIMIT})`, wholeIn(1, MAX_LIMIT), DEFAULT_LIMIT)
      .option('--before <seq>', "older than this seq (the footer's --before pages on)", wholeIn(1, MAX_BEFORE))
      .option('--account <id|fee>', "the operator: this account's statement, or the fee account's (with the operator's token; no wallet)", accountArg),
  )).action((o: StatementOptions) =>
    act(async () => {
      const query: StatementQuery = {
        limit: o.limit,
        ...(o.before === undefined ? {} : { before: o.before }),
        ...(o.from === undefined ? {} : { fromMs: o.from }),
        ...(o.to === undefined ? {} : { toMs: o.to }),
        ...(o.kind === undefined ? {} : { kind: o.kind }),
        ...(o.org === true ? { organisation: true } : {}),
      };
      if (o.account !== undefined) return operatorStatement(operatorOf(), o.account, query, o.csv === true);
      const [{ getStatement, getStatementCsv }, http] = await Promise.all([import('../client/statement.js'), connectWallet(o)]);
      try {
        if (o.csv === true) {
          const file = await getStatementCsv(http, query);
          // The file as served (its last line ends with CRLF): printed without a second line break.
          return { value: file, text: () => file.csv.replace(/\r\n$/, '') };
        }
        const page = await getStatement(http, query);
        return { value: page, text: () => statementText(page) };
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'UNKNOWN_ACCOUNT') throw error;
        throw new WalletCommandError('NO_ACCOUNT', `${http.wallet.address} has no account at this exchange yet, so no statement, and this command opens none`);
      }
    }),
  );
}

/** The operator's read of an account's statement: the gateway's base is its operator URL without `/operator`. */
async function operatorStatement(op: ReturnType<OperatorOf>, account: number | 'fee', query: StatementQuery, csv: boolean): Promise<{ value: unknown; text: () => string }> {
  if (op.token === undefined) throw new WalletCommandError('NO_OPERATOR_TOKEN', '--account reads as the operator: give --token, PATX_OPERATOR_TOKEN or ./data/operator-token');
  if (query.organisation === true) throw new WalletCommandError('USAGE', '--org is a wallet\'s: with --account, name the organisation\'s account');
  const { getAccountStatement } = await import('../client/statement.js');
  const http: OperatorHttp = { url: op.url.replace(/\/operator\/?$/, ''), token: op.token };
  const answer = await getAccountStatement(http, account, query, csv);
  if ('csv' in answer) return { value: answer, text: () => answer.csv.replace(/\r\n$/, '') };
  return { value: answer, text: () => statementText(answer) };
}
