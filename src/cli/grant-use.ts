/**
 * What the exchange holds of each grant's use, for `patx provider serve` to start its gate from: a gate whose store is
 * new (served from another directory, a disk lost) counted nothing, and served again rights its consumers had taken (an
 * outside review: a receipted right and a usage grant's 30 of 30 records were both served again). The provider server
 * raises its counts to these before the first request (ProviderServerOptions.usedAtStart).
 */
import type { ExchangeHttp } from '../client/http.js';
import { servedRights, type GrantCursorPage, type GrantView } from '../client/grants.js';

/** The most grants one page of GET /v1/provider/grants holds. */
const PAGE = 200;

/** A grant's use as the exchange holds it: a one-time grant's rights served (reported, evidenced or receipted); a usage grant's units used. */
export function usedOf(g: Pick<GrantView, 'delivered' | 'reportedByProvider' | 'escrow' | 'usage'>): number {
  if (g.usage !== null && g.usage !== undefined) return g.usage.usedUnits;
  return Math.max(servedRights(g), g.reportedByProvider);
}

/**
 * Every grant the provider owes that is not expired at `nowMs`, with its use: newest first, page by page, each
 * `before` the previous page's last grant (by offset, a provider past 10,000 grants was refused OFFSET_TOO_DEEP), stopping at a page
 * whose grants have all expired (older grants expire no later, and an expired grant is never served).
 */
export async function grantUseAtStart(
  http: ExchangeHttp,
  listOwedGrants: (http: ExchangeHttp, page: { before: number; limit?: number } | { limit?: number }) => Promise<Pick<GrantCursorPage, 'grants'> & { next?: number | null }>,
  nowMs: number,
): Promise<Array<{ grantId: number; used: number }>> {
  const out: Array<{ grantId: number; used: number }> = [];
  let before: number | undefined;
  for (;;) {
    const page = await listOwedGrants(http, before === undefined ? { limit: PAGE } : { before, limit: PAGE });
    let live = 0;
    for (const g of page.grants) {
      if (g.grant.expiresAtMs <= nowMs) continue;
      live++;
      const used = usedOf(g);
      if (used > 0) out.push({ grantId: g.grant.grantId, used });
    }
    before = page.next ?? undefined;
    if (live === 0 || before === undefined) return out;
  }
}
