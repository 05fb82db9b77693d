/**
 * `--dev-key N` names one of the local demo chain's 10 dev wallets (0–9, docs/cli.md). 10 to 19 passed the option's
 * check ("expected a dev key index, 0–19") and were then refused `NO_WALLET: no dev key 12 (0–9)`, exit 1: a usage
 * error told as a refusal, with two different ranges. Now the option says 0–9, exit 2, nothing sent; `patx mcp` too.
 * Offline: the option is checked before any service is asked.
 */
import { describe, expect, it } from 'vitest';
import { oneLine, patxInProcess } from '../support/patx-cli.js';

const env = { PATX_URL: 'http://127.0.0.1:9', PATX_WALLET_KEY: undefined };

describe('--dev-key: 0–9, the demo chain\'s dev wallets', () => {
  it('10 or more is a usage error naming the range, exit 2', async () => {
    for (const args of [['balance', '--dev-key', '12'], ['wallet', 'address', '--dev-key', '10'], ['deposit', '1', '--dev-key', '19']]) {
      const r = await patxInProcess(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLine(r), args.join(' ')).toMatch(/argument '1\d' is invalid\. expected a dev key index, 0–9 \(the local demo chain's dev wallets\)$/);
    }
  });

  it('patx mcp says the same range', async () => {
    const r = await patxInProcess(['mcp', '--dev-key', '15'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/expected a dev key number from 0 to 9/);
  });

  it('9 is a wallet', async () => {
    const r = await patxInProcess(['wallet', 'address', '--dev-key', '9'], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toBe('0xa0Ee7A142d267C1f36714E4a8F75612F20a79720');
  });
});
