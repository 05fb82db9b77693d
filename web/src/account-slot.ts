/**
 * The consumer's signed-in session, one for the console: the account page (#/account) and the
 * series page's trade ticket (trade-ticket.tsx) show the same session and sign in the same way,
 * so signing in on one signs in on the other.
 */
import type { AccountSession } from './account-session.js';
import type { SessionSlot, SignInText } from './session-ui.js';

export const accountSlot: SessionSlot<AccountSession> = { current: undefined };

export const ACCOUNT_SIGN_IN: SignInText = {
  title: 'Account',
  intro: "Sign in as a consumer: the exchange sends a challenge and your wallet signs it (the same login as the WebSocket gateway's). A first login opens a consumer account.",
  walletHint: 'An EIP-1193 wallet (window.ethereum) signs the challenge, and each read of your purchase history and each rating, with personal_sign; it sends your deposits to the vault itself.',
  devHint: "For the demo and tests: hardhat's dev accounts. Their keys are public — never use them on a real chain.",
  devKey: 7,
  devLabel: (i) => (i === 0 ? ' (deployer)' : i === 5 ? ' (demo provider)' : i === 6 ? ' (demo consumer)' : ''),
};
