/**
 * A wallet's command on a wallet with no account, where the route answers UNKNOWN_ACCOUNT (`patx org show`,
 * `grants`, `subscriptions`, `tiers mine`, `provider statement`, …): the gateway's words are a browser's ("sign in
 * once (the console, or the trading client over WebSocket) to open one"), which a CLI user cannot follow. The
 * command says how to open one from here, the code kept; any other UNKNOWN_ACCOUNT keeps the server's words.
 */
import { describe, expect, it } from 'vitest';
import { failure, NO_ACCOUNT_YET, refusalWords } from '../../src/cli/command-output.js';
import { PatxHttpError } from '../../src/client/http.js';

describe('patx: UNKNOWN_ACCOUNT of a wallet-signed route', () => {
  it("names patx account open and patx provider open, not the console's sign-in", () => {
    const f = failure(new PatxHttpError('UNKNOWN_ACCOUNT', 'no account has this address: sign in once (the console, or the trading client over WebSocket) to open one', 404));
    expect(f.code).toBe('UNKNOWN_ACCOUNT');
    expect(f.message).toBe(NO_ACCOUNT_YET);
    expect(f.message).toMatch(/patx account open opens a consumer's .* patx provider open a data provider's/);
    expect(f.message).not.toMatch(/console|WebSocket/);
  });

  it("another UNKNOWN_ACCOUNT (the operator naming an account id) keeps the server's words", () => {
    const f = failure(new PatxHttpError('UNKNOWN_ACCOUNT', 'no account 42', 404));
    expect(f.message).toBe('no account 42');
  });
});

describe('refusalWords: every wallet command\'s printer (acting, subscriptions, org)', () => {
  it('rewrites only the gateway\'s no-account words; no words: the fallback', () => {
    expect(refusalWords('UNKNOWN_ACCOUNT', 'no account has this address: sign in once (the console, or the trading client over WebSocket) to open one', 'x')).toBe(NO_ACCOUNT_YET);
    expect(refusalWords('UNKNOWN_TIER', 'the listing has no tier of that name', 'x')).toBe('the listing has no tier of that name');
    expect(refusalWords('UNKNOWN_ACCOUNT', '', 'refused by the exchange')).toBe('refused by the exchange');
  });
});
