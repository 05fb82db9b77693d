/**
 * The intake's `recover` task (src/intake/tasks.ts) on libsecp256k1: the signer ethers'
 * verifyMessage finds, for texts of every kind the gateway signs; a typed BAD_SIGNATURE for what
 * is not a signature.
 */
import { verifyMessage, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { IntakeError } from '../../src/intake/intake-error.js';
import { TASKS } from '../../src/intake/tasks.js';

const wallet = Wallet.createRandom();

function refusal(run: () => unknown): string {
  try {
    run();
    return 'recovered';
  } catch (e) {
    if (e instanceof IntakeError) return e.code;
    throw e;
  }
}

describe('the intake recovers signers on libsecp256k1', () => {
  it("finds the address ethers' verifyMessage finds, with v as 27/28 or 0/1, for ASCII, UTF-8 and long texts", async () => {
    for (const text of ['PATX request v1\nmethod: GET\npath: /v1/account', 'é ü 😀 \u2028', 'x'.repeat(10_000), '']) {
      const signature = await wallet.signMessage(text);
      const expected = verifyMessage(text, signature).toLowerCase();
      expect(expected).toBe(wallet.address.toLowerCase());
      expect(TASKS.recover({ text, signature })).toBe(expected);
      const v = parseInt(signature.slice(130), 16);
      expect(TASKS.recover({ text, signature: signature.slice(0, 130) + (v - 27).toString(16).padStart(2, '0') })).toBe(expected);
    }
  });

  it('refuses with BAD_SIGNATURE what is not a signature, and names another signer for another text', async () => {
    const signature = await wallet.signMessage('one');
    for (const bad of ['', '0x', 'not hex', signature.slice(0, 130), signature + '00', signature.slice(0, 130) + '1d', '0x' + '00'.repeat(65), '0x' + 'ff'.repeat(65)]) {
      expect(refusal(() => TASKS.recover({ text: 'one', signature: bad })), bad).toBe('BAD_SIGNATURE');
    }
    expect(TASKS.recover({ text: 'two', signature })).not.toBe(wallet.address.toLowerCase());
  });
});
