/**
 * The operator surface: an HTTP-framework-independent handler for `/operator/…`
 * (the gateway mounts it), Prometheus lines for /metrics, and the CLI client.
 */
export { createOperatorApi, OperatorRequestError, type OperatorApi, type OperatorApiDeps, type OperatorRequest, type OperatorResponse, type AuditEntry } from './api.js';
export { RiskMetrics } from './metrics.js';
export { runOperatorCli, OPERATOR_CLI_USAGE, OperatorCliError, type OperatorCliOptions } from './cli-client.js';
