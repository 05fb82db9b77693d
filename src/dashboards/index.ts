/** Dashboards (issue 81, item 3): providers' and consumers' figures over time, their HTTP routes. */
export { DashboardFigures, ALL_LISTINGS, CONSUMER_FIELDS, PROVIDER_FIELDS, HOUR_MS, type ConsumerFigures, type ProviderFigures } from './figures.js';
export { TrustHistory, TRUST_FIELDS, TRUST_SAMPLE_MS, type TrustSample } from './trust-history.js';
export { bucketWindow, BUCKET_MS, BUCKETS, DEFAULT_BUCKETS, MAX_BUCKETS, WindowRefusal, type BucketName, type BucketWindow } from './buckets.js';
export { DASHBOARD_OPERATIONS, consumerDashboardQuery, providerDashboardQuery } from './operations.js';
export { dashboardRoutes, type DashboardRouteDeps } from './routes.js';
