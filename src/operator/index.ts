/**
 * The operator surface: an HTTP-framework-independent handler for `/operator/…`
 * (the gateway mounts it), Prometheus lines for /operator/metrics, the audit trail derived
 * from the journal, named operator credentials, the alarm board and the alarms derived
 * from events and health (alarm-watch.ts), and the CLI client.
 */
export {
  createOperatorApi,
  OperatorRequestError,
  type OperatorApi,
  type OperatorApiDeps,
  type OperatorRequest,
  type OperatorResponse,
  type NamedAuditEntry,
  type TreasuryLookup,
} from './api.js';
export { AuditTrail, type AuditEntry } from './audit-trail.js';
export { OPERATOR_OPERATIONS, withRequiredRole } from './operations.js';
export {
  OperatorCredentials,
  OperatorCredentialError,
  BOOTSTRAP_OPERATOR,
  BOOTSTRAP_ROLES,
  LEGACY_ROLES,
  OPERATOR_ROLES,
  OPERATORS_FILE,
  type Operator,
  type OperatorRecord,
  type OperatorReplication,
  type OperatorRole,
} from './credentials.js';
export { weakTokenReason, WeakOperatorTokenError, MIN_TOKEN_BITS } from './token-strength.js';
export { exposureReport, type ExposureReport } from './exposure.js';
export { RiskMetrics, renderAlarmMetrics } from './metrics.js';
export { AlarmBoard, ALARM_LIMITS, CLEARED_BY_OPERATOR, KEPT_ACTIVE_ACROSS_RESTART, type Alarm, type AlarmDetail, type AlarmReport } from './alarm-board.js';
export { AlarmHistory, ALARM_HISTORY_LIMITS } from './alarm-history.js';
export type { AlarmEvent, AlarmStore } from './alarm-board.js';
export { AlarmWatch, ALARM_WATCH_DEFAULTS, type AlarmWatchDeps, type AlarmWatchLimits } from './alarm-watch.js';
export { runOperatorCli, NO_TOKEN_HINT, OPERATOR_CLI_USAGE, OperatorCliError, type OperatorCliOptions } from './cli-client.js';
