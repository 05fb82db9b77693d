/**
 * The fee schedule (public) and an account's own dashboards (wallet-signed): providers' and
 * buyers' figures over time in hour or day buckets (docs/dashboards.md, docs/fees.md).
 */
import type { FeeScheduleReport } from '../risk/fees.js';
import type { TrustScore } from '../catalog/trust.js';
import type { TrustSample } from '../dashboards/trust-history.js';
import { publicGet, queryOf, signedCall, type ExchangeHttp } from './http.js';

/** A window of buckets: hour (at most 744 a read) or day (366); `fromMs`/`toMs` in ms since the epoch. */
export interface DashboardWindow {
  bucket?: 'hour' | 'day';
  fromMs?: number;
  toMs?: number;
}

interface DashboardFrame {
  accountId: number;
  bucket: 'hour' | 'day';
  bucketMs: number;
  fromMs: number;
  toMs: number;
}

export interface ProviderDashboard extends DashboardFrame {
  listingId: number | null;
  listings: Array<{ id: number; title: string; segment: string; status: string }>;
  /** Each bucket's figures (rights sold and their µPAT, redeemed, delivered, evidenced, deliveries, released, refunded), its ratings and trust. */
  buckets: Array<Record<string, number> & { startMs: number; ratings: number; meanStars: number | null; trust: TrustSample | null }>;
  totals: Record<string, number>;
  /** The listing's trust now (one listing asked for); null over all listings. */
  trustNow: TrustScore | null;
}

export interface ConsumerDashboard extends DashboardFrame {
  /** Each bucket's figures: rights bought and µPAT spent, exercised, evidenced, refunds, subscriptions' fills, skips and exercises. */
  buckets: Array<Record<string, number> & { startMs: number }>;
  totals: Record<string, number>;
  rightsHeldNow: number;
}

/** The fee schedule: maker, taker, issuance and take-rate bps per product kind, in force now and per phase (getFees; public). */
export async function getFees(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>): Promise<FeeScheduleReport> {
  return publicGet<FeeScheduleReport>(http, '/v1/fees');
}

/** The signer's own figures as a provider, over all its listings or one (getProviderDashboard; wallet-signed). */
export async function getProviderDashboard(http: ExchangeHttp, window: DashboardWindow & { listingId?: number } = {}): Promise<ProviderDashboard> {
  return signedCall<ProviderDashboard>(http, 'GET', `/v1/dashboard/provider${queryOf({ listing: window.listingId, bucket: window.bucket, from: window.fromMs, to: window.toMs })}`);
}

/** The signer's own figures as a buyer (getConsumerDashboard; wallet-signed). */
export async function getConsumerDashboard(http: ExchangeHttp, window: DashboardWindow = {}): Promise<ConsumerDashboard> {
  return signedCall<ConsumerDashboard>(http, 'GET', `/v1/dashboard/consumer${queryOf({ bucket: window.bucket, from: window.fromMs, to: window.toMs })}`);
}
