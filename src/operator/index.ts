/**
 * The operator surface: an HTTP-framework-independent handler for `/operator/…`
 * (the gateway mounts it), Prometheus lines for /metrics, the audit trail derived
 * from the journal, named operator credentials, and the CLI client.
 */
export {
  createOperatorApi,
  OperatorRequestError,
  type OperatorApi,
  type OperatorApiDeps,
  type OperatorRequest,
  type OperatorResponse,
  type NamedAuditEntry,
} from './api.js';
export { AuditTrail, type AuditEntry } from './audit-trail.js';
export { OperatorCredentials, OperatorCredentialError, BOOTSTRAP_OPERATOR, OPERATORS_FILE, type Operator } from './credentials.js';
export { exposureReport, type ExposureReport } from './exposure.js';
export { RiskMetrics } from './metrics.js';
export { runOperatorCli, OPERATOR_CLI_USAGE, OperatorCliError, type OperatorCliOptions } from './cli-client.js';
