/**
 * A provider's grant routes (wallet-signed): GET /v1/provider/grants (the grants it owes delivery on),
 * GET /v1/provider/revocations (what its gate must stop serving, long-polled) and POST /v1/deliveries
 * (its gate's report, with the gate request the grant's consumer signed).
 */
import type { MountedRoute } from '../http-registry/index.js';
import { parseDeliveryReport } from './bodies.js';
import { grantList } from './grant-list.js';
import { notFound, queryInteger, withLedger } from './grant-replies.js';
import { grantView } from './grant-view.js';
import type { GrantLedger } from './ledger.js';
import { GRANT_OPERATIONS as OPS, MAX_REVOCATION_WAIT_MS } from './operations.js';

/** An account's role by name, as its account view names it (PROVIDER, CONSUMER, ...): the owed grants are a provider's; another is NOT_A_PROVIDER. */
export type RoleOf = (accountId: number) => string | undefined;

/** Whether a path is the route's own (a trailing slash allowed): these routes have no path parameters. */
function isPath(path: string, prefix: string): boolean {
  return path.slice(prefix.length).replace(/\/$/, '') === '';
}

export function owedRoute(ledger: () => GrantLedger | undefined, roleOf: RoleOf | undefined): MountedRoute {
  return {
    operations: [OPS.owed],
    handle: withLedger(ledger, async (l, req) => {
      if (req.method !== 'GET' || !isPath(req.path, '/v1/provider/grants')) return notFound(req);
      // Answered for any wallet, a consumer read "no grants owed yet" as if it were a provider with none (an outside review).
      const role = roleOf?.(req.accountId);
      if (role !== undefined && role !== 'PROVIDER') {
        return { status: 403, body: { error: 'NOT_A_PROVIDER', message: `account ${req.accountId} is a ${role.toLowerCase()}'s: grants are owed by providers (the ones it bought: GET /v1/grants/mine)` } };
      }
      return grantList(l, 'provider', req.accountId, req.query);
    }),
  };
}

export function revocationsRoute(ledger: () => GrantLedger | undefined): MountedRoute {
  return {
    operations: [OPS.revocations],
    handle: withLedger(ledger, async (l, req) => {
      if (req.method !== 'GET' || !isPath(req.path, '/v1/provider/revocations')) return notFound(req);
      const after = queryInteger(req.query, 'after', 0, Number.MAX_SAFE_INTEGER, 0);
      const list = await l.revocationsAwaited(req.accountId, after, queryInteger(req.query, 'limit', 1, 1_000, 500), queryInteger(req.query, 'waitMs', 0, MAX_REVOCATION_WAIT_MS, 0), req.gone);
      return { status: 200, body: { revocations: list, next: list.length === 0 ? after : list[list.length - 1]!.seq } };
    }),
  };
}

export function deliveriesRoute(ledger: () => GrantLedger | undefined): MountedRoute {
  return {
    operations: [OPS.deliveries],
    handle: withLedger(ledger, async (l, req) => {
      if (req.method !== 'POST' || !isPath(req.path, '/v1/deliveries')) return notFound(req);
      return { status: 200, body: grantView(await l.reportDelivery(req.accountId, parseDeliveryReport(req.body))) };
    }),
  };
}
