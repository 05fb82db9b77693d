/**
 * A WEBHOOK subscription's push authorisation, checked when the subscription is made: the
 * subscriber's EIP-191 signature over the text providers' gates check before they POST its
 * records to its URL (docs/delivery.md, "Push delivery"). Checked here too, so a subscription
 * never carries an authorisation every gate would refuse: the exchange's domain, the account's
 * own address, this URL, not expired.
 */
import type { Engine } from '../engine/index.js';
import { pushAuthorisationText, webhookUrl } from '../gate/index.js';
import { messageSigner } from '../grants/grant.js';
import type { GrantDomain } from '../grants/index.js';

export interface PushAuthorisationFields {
  untilMs: number;
  nonce: string;
  consumerSignature: string;
}

/** Why the authorisation does not hold for this account and URL, or undefined. */
export function checkPushAuthorisation(engine: Engine, domain: GrantDomain | undefined, accountId: number, url: string, a: PushAuthorisationFields, nowMs: number): string | undefined {
  if (domain === undefined) return 'the exchange is starting: try again shortly';
  const address = engine.account(accountId)?.address ?? '';
  if (address === '') return 'the account has no address';
  if (a.untilMs <= nowMs) return `the authorisation expired at ${new Date(a.untilMs).toISOString()}`;
  const canonical = webhookUrl(url);
  if (typeof canonical !== 'string') return `the webhook URL: ${canonical.problem}`;
  if (canonical !== url) return `the webhook URL is signed in its canonical form: ${canonical}`;
  const text = pushAuthorisationText({ domain, consumer: address, url, untilMs: a.untilMs, nonce: a.nonce });
  // On libsecp256k1 (about 52 µs), not ethers' verifyMessage (its JavaScript curve, 1.3 ms): a route runs on the thread the engine runs on.
  const signer = messageSigner(text, a.consumerSignature);
  if (signer === undefined) return 'the signature does not parse';
  return signer === address.toLowerCase() ? undefined : 'the authorisation is not signed by this account over this URL and exchange';
}

