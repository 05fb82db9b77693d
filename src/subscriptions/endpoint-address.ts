/**
 * A delivery endpoint's host as written, judged when a listing version is stored (docs/delivery.md,
 * "Endpoints the exchange connects to"): the exchange POSTs to providers' gates (the courier's
 * push registrations), so an endpoint written as an address inside a network (10.0.0.5,
 * 169.254.169.254, 0.0.0.0, a mapped or NAT64 form of one) is refused up front unless that exact
 * address:port is allowed (`catalog.endpointAllow`). What the courier judges when it sends
 * (gate-post.ts) is accepted here: names, and loopback written as itself. Which is which is the
 * webhook rules' to say (src/gate/webhook-target.ts, listedGateRefusal); this module words the
 * refusal for a listing. No I/O; the catalog is handed it by the service (CatalogDeps.endpointProblem:
 * the catalog sits below the gate).
 */
import { listedGateRefusal, type WebhookAllowance } from '../gate/webhook-target.js';

/** Why a (well-formed: deliveryEndpointProblem) endpoint's address may not be listed, or undefined. */
export function endpointAddressProblem(endpoint: string, allowance: WebhookAllowance): string | undefined {
  const refused = listedGateRefusal(endpoint, allowance);
  return refused === undefined ? undefined : `${refused.address}:${refused.port} is ${refused.reason}: the exchange connects to providers' gates at globally routable addresses (or an exact address:port in catalog.endpointAllow)`;
}
