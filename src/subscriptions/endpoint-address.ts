/**
 * A delivery endpoint's host as written, judged when a listing version is stored (docs/delivery.md,
 * "Endpoints the exchange connects to"): the exchange POSTs to providers' gates (the courier's
 * push registrations), so an endpoint written as an address inside a network (10.0.0.5,
 * 169.254.169.254, 0.0.0.0, a mapped or NAT64 form of one) is refused up front unless that exact
 * address:port is allowed (`catalog.endpointAllow`). Loopback stays accepted here (providers
 * trying their gate on the exchange's machine, the demo, tests): the courier judges it when it
 * sends, every name by what it resolves to then, `localhost` as its loopback address
 * (gate-post.ts). The same rules as
 * webhooks' (src/gate/webhook-target.ts), no I/O; the catalog is handed it by the service
 * (CatalogDeps.endpointProblem: the catalog sits below the gate).
 */
import { nonGlobalReason, parseIp } from '../gate/global-address.js';
import { hostAddress, webhookPort, type WebhookAllowance } from '../gate/webhook-target.js';

/** Why a (well-formed: deliveryEndpointProblem) endpoint's address may not be listed, or undefined. */
export function endpointAddressProblem(endpoint: string, allowance: WebhookAllowance): string | undefined {
  const u = new URL(endpoint);
  const address = hostAddress(u.hostname);
  if (address === undefined || isPlainLoopback(address)) return undefined;
  const port = webhookPort(u);
  const reason = allowance.allows(address, port) ? undefined : nonGlobalReason(address);
  return reason === undefined ? undefined : `${address}:${port} is ${reason}: the exchange connects to providers' gates at globally routable addresses (or an exact address:port in catalog.endpointAllow)`;
}

/** 127.0.0.0/8 or ::1 as written: not a mapped or embedded form. */
function isPlainLoopback(address: string): boolean {
  const ip = parseIp(address);
  if (ip === undefined) return false;
  if (ip.family === 4) return ip.bytes[0] === 127;
  return ip.bytes.every((b, i) => b === (i === 15 ? 1 : 0));
}
