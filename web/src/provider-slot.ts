/**
 * The provider's signed-in session, one for the console: the provider page (#/provider) and the
 * provider's dashboard (#/provider/dashboard) show the same session and sign in the same way.
 */
import type { ProviderSession } from './provider-session.js';
import type { SessionSlot, SignInText } from './session-ui.js';

/** The demo's provider (src/demo's DEMO_PROVIDER_KEY: dev key 5, whose listings the demo publishes); dev key 2 is examples/provider-bot.ts's default. */
export const DEMO_PROVIDER = 5;

export const providerSlot: SessionSlot<ProviderSession> = { current: undefined };

export const PROVIDER_SIGN_IN: SignInText = {
  title: 'Provider',
  intro: "Sign in as a data provider: your wallet signs the exchange's challenge (the WebSocket gateway's login). A first login opens a provider account; list your data in the catalog before you mint.",
  walletHint: 'An EIP-1193 wallet (window.ethereum) signs the challenge, and each request for your listings, deliveries and statement, with personal_sign.',
  devHint: "For the demo and tests: hardhat's dev accounts (public keys — never on a real chain). #5 is the demo's provider.",
  devKey: DEMO_PROVIDER,
  devLabel: (i) => (i === 0 ? ' (deployer)' : i === 2 ? ' (provider bot)' : i === DEMO_PROVIDER ? ' (demo provider)' : i === 6 ? ' (demo consumer)' : ''),
};
