/**
 * The provider's gate: its own public entry point (`patx/gate`), for providers who
 * run it in front of their data endpoint. See docs/delivery.md.
 *
 * @example
 *   import { Gate } from 'patx/gate';
 *   const gate = new Gate({ domain, exchangeSigner, provider, endpoint: 'https://data.example/records', serves: (id, v) => id === 7, dir: './gate-data' });
 *   const { remaining } = gate.admit(JSON.parse(body)); // or a GateError with .code and .status
 */
export { Gate, type Admission, type GateOptions, type GateUsageTerms, type PushRight, type StreamAdmission, type UsageCount } from './gate.js';
export type { Revocation } from './metering.js';
export { GateError, GATE_REFUSALS, GATE_STATUS, type GateRefusal } from './gate-error.js';
export { gateEndpoint, gateRequestText, GATE_REQUEST_HEADING, signGateRequest, type GateRequest, type GateRequestOptions, type GateRequestTerms } from '../grants/gate-request.js';
export { GrantDigester, recoverSigner, type AccessGrant, type GrantDomain, type SignedGrant } from '../grants/grant.js';
export { checkDeliveryStatement, deliveryStatementText, recordsSha256, DELIVERY_STATEMENT_HEADING, type DeliveryStatement } from '../grants/delivery-statement.js';
export {
  MAX_WEBHOOK_URL_LENGTH,
  PUSH_AUTHORISATION_HEADING,
  STREAM_REQUEST_HEADING,
  pushAuthorisationText,
  pushNonce,
  signPushAuthorisation,
  signStreamRequest,
  streamRequestText,
  webhookUrl,
  type PushAuthorisation,
  type PushAuthorisationOptions,
  type PushAuthorisationTerms,
  type PushEndReason,
  type PushPayload,
  type PushRegistrationRequest,
  type StreamRequest,
  type StreamRequestOptions,
  type StreamRequestTerms,
} from '../grants/push-request.js';
export { endReasonOf, type PushBatchMaker, type PushLog } from './push-common.js';
export { PushStream, StreamHub, type StreamEnd, type StreamHubOptions, type StreamSink } from './streams.js';
export { formatIp, isGlobalAddress, nonGlobalReason, parseIp, type IpBytes } from './global-address.js';
export { MAX_WEBHOOK_ALLOW, WebhookAllowance, webhookHostProblem } from './webhook-target.js';
export { postWebhook, resolveWebhook, systemLookup, type WebhookLookup, type WebhookPostOptions, type WebhookPostResult, type WebhookTarget } from './webhook-post.js';
export { DEFAULT_RETRY, Pusher, retryDelayMs, type PusherOptions, type PushView, type RetryPolicy } from './pusher.js';
export type { PendingPush, PushRecord } from './push-record.js';
export {
  DELIVERY_HEADER,
  DELIVERY_SIGNATURE_HEADER,
  FILE_EXTENSIONS,
  FILE_FORMATS,
  isRecordFormat,
  MEDIA_TYPES,
  PARQUET_DELIVERY_KEY,
  PARQUET_SIGNATURE_KEY,
  PARQUET_TEXT_KEY,
  RECORD_FORMATS,
  REMAINING_HEADER,
  requestedFormat,
  type FileFormat,
  type RecordFormat,
} from './record-format.js';
export { fileColumns, timestampText, typedRecords, typedValue, type ColumnType, type FileColumn, type TypedRecord, type TypedValue } from './typed-records.js';
export { csvChunks, ndjsonChunks, parquetFile, ROWS_PER_CHUNK, type SignedStatement } from './record-file.js';
export { readRecordFile, RecordFileError, type ReadFile } from './record-file-read.js';
