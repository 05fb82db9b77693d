/**
 * The operator's view of washing: GET /operator/wash-flags[?provider=ID&limit=N], one flag per
 * (provider, consumer) related on-chain whose receipts or ratings were left out of trust.
 * A read: any operator, no role (src/operator/api.ts, requiredRole).
 */
import { z } from 'zod';
import { field, type Operation } from '../http-registry/index.js';
import type { WashGuard } from './guard.js';

/** Flags a page holds at most. */
export const MAX_FLAGS_PAGE = 1_000;

export const WASHING_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/operator/wash-flags',
    operationId: 'listWashFlags',
    summary: 'Consumers related on-chain to a provider (PAT moved between their wallets) whose receipts or ratings do not count toward trust: the pair, the shared address, why, what was left out',
    tags: ['operator'],
    security: 'operator',
    query: z.object({ provider: field.id("one provider's flags only").optional(), limit: field.int(1, MAX_FLAGS_PAGE, 'at most this many, newest first', 100).optional() }),
    responses: { 200: { description: '{total, flags}' } },
  },
];

const washFlagsQuery = WASHING_OPERATIONS[0]!.query!;

export interface WashRouteResponse {
  status: number;
  body: unknown;
}

/** The washing routes under /operator/, or undefined for a path that is not theirs. */
export function washFlagsRoute(guard: () => WashGuard | undefined, req: { method: string; path: string; query: URLSearchParams }): Promise<WashRouteResponse> | undefined {
  const path = req.path.replace(/^\/operator/, '');
  if (path !== '/wash-flags' || req.method.toUpperCase() !== 'GET') return undefined;
  // The gateway checked the query with the row's schema; the operator API's own callers (tests, the CLI) are checked here too.
  const q = washFlagsQuery.safeParse(Object.fromEntries(req.query));
  if (!q.success) return Promise.resolve({ status: 400, body: { error: 'INVALID_REQUEST', message: z.prettifyError(q.error) } });
  const { provider, limit } = q.data as { provider?: number; limit?: number };
  const g = guard();
  if (g === undefined) return Promise.resolve({ status: 409, body: { error: 'WASHING_UNAVAILABLE', message: 'the washing guard starts with the grant ledger' } });
  return g.list({ ...(provider === undefined ? {} : { provider }), limit: limit ?? 100 }).then((body) => ({ status: 200, body }));
}
