/**
 * How a wallet's command ends: its value as JSON (--json) or its text on stdout, exit 0; or a
 * refusal in one line on stderr (`patx: CODE: message`, or `{error, message}` with --json), exit 1.
 */
import { WalletCommandError } from './wallet-options.js';

type Run = (code: Promise<number> | number) => void;

/** What a command prints: a value for --json, its text for people. */
export interface Printed {
  value: unknown;
  text: () => string;
}

/** UNKNOWN_ACCOUNT of a wallet-signed route, in the CLI's words: what opens an account from here. */
export const NO_ACCOUNT_YET =
  "this wallet has no account at this exchange yet: patx account open opens a consumer's (so does a first deposit, buy or subscription), patx provider open a data provider's (an account keeps the role it opened with)";

/**
 * The exchange's explanation of a refusal as a wallet's command prints it (`fallback` when it gave none). The gateway's
 * UNKNOWN_ACCOUNT is worded for a browser or a socket client ("sign in once (the console, …)"): here it says how the CLI
 * opens one.
 */
export function refusalWords(code: string, detail: unknown, fallback: string): string {
  if (typeof detail !== 'string' || detail === '') return fallback;
  if (code === 'UNKNOWN_ACCOUNT' && detail.startsWith('no account has this address')) return NO_ACCOUNT_YET;
  return detail;
}

/** A thrown error as the command's one line: ours, the exchange's refusal by code (HTTP or socket), or rethrown (runCli prints it in one line too). */
export function failure(error: unknown): WalletCommandError {
  if (error instanceof WalletCommandError) return error;
  const e = error as { name?: unknown; code?: unknown; detail?: unknown; message?: unknown };
  if (e.name === 'PatxHttpError' && typeof e.code === 'string') return new WalletCommandError(e.code, refusalWords(e.code, e.detail, 'refused by the exchange'));
  if (e.name === 'PatxRequestError' && typeof e.code === 'string') return new WalletCommandError(e.code, String(e.message).replace(`${e.code}: `, ''));
  throw error;
}

/** Runs one command's work: its text (or JSON) on stdout, exit 0; a refusal in one line on stderr, exit 1 (a usage problem found once running, code USAGE: exit 2). */
export function acting(run: Run, json: () => boolean): (work: () => Promise<Printed>) => void {
  return (work) =>
    run(
      work().then(
        (r) => {
          console.log(json() ? JSON.stringify(r.value) : r.text());
          return 0;
        },
        (error: unknown) => {
          const f = failure(error);
          console.error(json() ? JSON.stringify({ error: f.code, message: f.message }) : `patx: ${f.code}: ${f.message}`);
          return f.code === 'USAGE' ? 2 : 1;
        },
      ),
    );
}
