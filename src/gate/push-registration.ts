/**
 * Registering a webhook for a grant at its provider's gate (POST <endpoint>/push), the gate's
 * protocol: the consumer's client and the exchange's subscription courier both send it. No Node
 * imports: the web console takes the client's delivery module, which re-exports this.
 */
import { gateEndpoint } from '../grants/gate-request.js';
import type { GrantDomain, SignedGrant } from '../grants/grant.js';
import type { PushAuthorisation, PushRegistrationRequest } from '../grants/push-request.js';

/** A route of the gate beside its endpoint: `<endpoint>/stream`, `<endpoint>/push`. */
export function besideEndpoint(endpoint: string, route: 'stream' | 'push'): string {
  return `${gateEndpoint(endpoint).replace(/\/+$/, '')}/${route}`;
}

export type PushRegistration = { outcome: 'registered'; created: boolean; registration: { grantId: number; url: string; untilMs: number; delivered: number } } | { outcome: 'refused'; status: number; error: string; message: string };

/**
 * Registers a webhook for a grant at its provider's gate (POST <endpoint>/push) with a push
 * authorisation the consumer signed (signPushAuthorisation): the gate then POSTs each
 * period's batch to the authorisation's URL. Anyone holding the grant and the authorisation
 * may register it (the exchange's courier, the consumer): the records only ever go to that URL.
 *
 * @example
 *   const authorisation = await signPushAuthorisation(wallet, { domain, url: 'https://hooks.example/patx', untilMs: Date.now() + 86_400_000 });
 *   const r = await registerPush(endpoint, grant, authorisation, domain);
 */
export async function registerPush(endpoint: string, signed: SignedGrant, authorisation: PushAuthorisation, domain: GrantDomain): Promise<PushRegistration> {
  const request: PushRegistrationRequest = { grant: signed.grant, signature: signed.signature, domain, authorisation };
  const res = await fetch(besideEndpoint(endpoint, 'push'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  const answer = (await res.json().catch(() => ({}))) as { error?: string; message?: string; created?: boolean; registration?: { grantId: number; url: string; untilMs: number; delivered: number } };
  if (!res.ok || answer.registration === undefined) return { outcome: 'refused', status: res.status, error: answer.error ?? 'UNKNOWN', message: answer.message ?? '' };
  return { outcome: 'registered', created: answer.created === true, registration: answer.registration };
}
