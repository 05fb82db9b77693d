/**
 * The operator API's rows of the gateway's route registry (src/gateway/operations.ts),
 * served by api.ts under `/operator/`. Bodies are api.ts's schemas; the role each change
 * needs is api.ts's `requiredRole`, read here, so the document and the check cannot differ.
 */
import { z } from 'zod';
import { field, type Operation } from '../http-registry/index.js';
import { paramChangeSchema } from '../risk/index.js';
import { ALARM_HISTORY_LIMITS } from './alarm-history.js';
import { addOperatorSchema, clearAlarmSchema, feeChangeSchema, feeKindParams, feeSweepSchema, institutionSchema, killSchema, requiredRole, setValueSchema } from './api.js';

type Row = Omit<Operation, 'security' | 'role' | 'tags'>;

const seriesId = z.object({ id: field.id('a series id') });
const paramName = z.object({ name: z.string().min(1).max(200).meta({ description: "a parameter's name, e.g. risk.maxOrderQty" }) });
const ENGINE_REFUSAL = 'an engine reject reason (nothing changed)';

/** A row under `/operator/` with the role requiredRole names for its method and path (the catalog's and providers' rows too). */
export function withRequiredRole(op: Operation): Operation {
  const [, , head, id] = op.path.split('/');
  const { role: _declared, ...rest } = op;
  const role = requiredRole(op.method, head, id);
  return { ...rest, security: 'operator', ...(role === undefined ? {} : { role }) };
}

function operatorRow(row: Row): Operation {
  return withRequiredRole({ ...row, tags: ['operator'], security: 'operator' });
}

const ROWS: Row[] = [
    { method: 'GET', path: '/operator/params', operationId: 'listParams', summary: 'Every risk and quoting parameter, with its value, default, bounds, unit and meaning', responses: { 200: { description: 'parameters' } } },
    { method: 'POST', path: '/operator/params', operationId: 'setParamByName', summary: 'Set a parameter: {name, value}', body: paramChangeSchema, responses: { 200: { description: '{seq, timeMs, events}' } }, errors: { 400: 'PARAM_OUT_OF_RANGE', 404: 'UNKNOWN_PARAM', 409: ENGINE_REFUSAL } },
    { method: 'GET', path: '/operator/params/{name}', operationId: 'getParam', summary: 'One parameter', params: paramName, responses: { 200: { description: 'the parameter' } }, errors: { 404: 'UNKNOWN_PARAM' } },
    { method: 'PUT', path: '/operator/params/{name}', operationId: 'putParam', summary: 'Set one parameter: {value}', params: paramName, body: setValueSchema, responses: { 200: { description: '{seq, timeMs, events}' } }, errors: { 400: 'PARAM_OUT_OF_RANGE', 404: 'UNKNOWN_PARAM', 409: ENGINE_REFUSAL } },
    { method: 'POST', path: '/operator/params/{name}', operationId: 'setParam', summary: 'Set one parameter: {value} (as PUT)', params: paramName, body: setValueSchema, responses: { 200: { description: '{seq, timeMs, events}' } }, errors: { 409: ENGINE_REFUSAL } },
    { method: 'GET', path: '/operator/fees', operationId: 'getFeesForOperator', summary: "The fee schedule (rates in force per kind, every phase's row) and the exchange's fee account (docs/fees.md)", responses: { 200: { description: '{phase, rounding, exempt, current, rows, feeAccountMicros}' } } },
    { method: 'PUT', path: '/operator/fees/{kind}', operationId: 'setFees', summary: "Set one kind's fee rates (bps), for every phase or from `phase` on: one journaled parameter change per rate", params: feeKindParams, body: feeChangeSchema, responses: { 200: { description: '{seq, timeMs, events, fees}' } }, errors: { 400: 'INVALID_REQUEST: a rate out of its bounds (nothing changed)', 409: ENGINE_REFUSAL } },
    {
      method: 'POST',
      path: '/operator/fees/sweep',
      operationId: 'sweepFees',
      summary: "Sweep fee revenue (all of the fee account, or amountMicros of it) to the treasury: the account at the vault's fee recipient address, which the batches already credited, so nothing moves on-chain; the treasury withdraws it as any account (docs/fees.md)",
      body: feeSweepSchema,
      responses: { 200: { description: '{seq, timeMs, events: [FEES_SWEPT {treasuryAccountId, feeRecipient, amountMicros, feeAccountMicros}]}' } },
      errors: {
        400: 'INVALID_REQUEST',
        409: 'NO_TREASURY_ACCOUNT (no account at the fee recipient), FEE_ACCOUNT_EMPTY; or the engine\'s reason, nothing changed: FEE_ACCOUNT_SHORT (more than the fee account holds), NOT_FEE_RECIPIENT, INVALID_AMOUNT',
        503: "SETTLEMENT_UNAVAILABLE: settlement is not running or the vault's fee recipient could not be read",
      },
    },
    { method: 'GET', path: '/operator/series', operationId: 'listSeriesForOperator', summary: 'Every series not expired, with its kill switch, MMP state, reference price, trades and quote levels', responses: { 200: { description: 'series' } } },
    { method: 'POST', path: '/operator/series/{id}/halt', operationId: 'haltSeries', summary: 'Halt a series (orders refused, books kept)', params: seriesId, responses: { 200: { description: '{seq, timeMs, events}' } }, errors: { 409: ENGINE_REFUSAL } },
    { method: 'POST', path: '/operator/series/{id}/resume', operationId: 'resumeSeries', summary: 'Resume a halted series', params: seriesId, responses: { 200: { description: '{seq, timeMs, events}' } }, errors: { 409: ENGINE_REFUSAL } },
    { method: 'GET', path: '/operator/kill', operationId: 'listKillSwitches', summary: 'The kill switches engaged: global, accounts, series', responses: { 200: { description: '{global, accounts, series}' } } },
    { method: 'POST', path: '/operator/kill', operationId: 'setKillSwitch', summary: 'Engage or release a kill switch', body: killSchema, responses: { 200: { description: '{seq, timeMs, events}' } }, errors: { 409: ENGINE_REFUSAL } },
    { method: 'POST', path: '/operator/accounts/{id}/institution', operationId: 'setInstitution', summary: 'Qualify a consumer as an institution (phase 3 synthetics), or withdraw it', params: z.object({ id: field.id('an account id') }), body: institutionSchema, responses: { 200: { description: '{seq, timeMs, events}' } }, errors: { 409: ENGINE_REFUSAL } },
    { method: 'POST', path: '/operator/mmp/{id}/reset', operationId: 'resetMmp', summary: "Lift a series' market-maker protection freeze", params: seriesId, responses: { 200: { description: '{seq, timeMs, events}' } }, errors: { 409: ENGINE_REFUSAL } },
    {
      method: 'GET',
      path: '/operator/audit',
      operationId: 'getAudit',
      summary: 'The audit trail from the journal: who changed what, when, old and new',
      query: z.object({ from: field.int(0, Number.MAX_SAFE_INTEGER, 'the first journal seq', 1).optional(), limit: field.int(0, Number.MAX_SAFE_INTEGER, 'at most this many (capped at 1000)', 100).optional() }),
      responses: { 200: { description: 'audit entries with operator names' } },
    },
    { method: 'GET', path: '/operator/exposure', operationId: 'getExposure', summary: "The broker's PAT and exposure against its limits", responses: { 200: { description: 'the exposure report' } } },
    { method: 'GET', path: '/operator/broker', operationId: 'getBroker', summary: "The broker's P&L, quotes, inventory and cost per series, its synthetics and options and their risk", responses: { 200: { description: 'the broker report' } }, errors: { 409: 'QUOTING_DISABLED' } },
    { method: 'GET', path: '/operator/phase', operationId: 'getPhase', summary: 'The market phase governance enabled, what each phase opens, the settled batch, the engine rules, and the readiness for the next phase in one line', responses: { 200: { description: 'the phase report' } } },
    {
      method: 'GET',
      path: '/operator/phase/readiness',
      operationId: 'getPhaseReadiness',
      summary: "What the council sees before it votes the next phase: per contract, liquidity (depth at the touch, volume), the broker's spread's stability, history, audited history (settled on chain, delivery evidence), each against the operator's phase.* threshold with its verdict (docs/risk.md, \"Phase readiness\")",
      responses: { 200: { description: '{rule, atMs, governancePhase, nextPhase, thresholds, contracts: [{contract, liquidity, spread, history, audited, verdicts, ready}], overall}' } },
      errors: { 409: 'READINESS_UNAVAILABLE' },
    },
    { method: 'GET', path: '/operator/alarms', operationId: 'getAlarms', summary: 'The alarm board, active first (docs/alarms.md)', query: z.object({ active: field.oneOf(['true', 'false'], 'true: the active alarms only').optional() }), responses: { 200: { description: 'the alarm report' } }, errors: { 409: 'ALARMS_UNAVAILABLE' } },
    { method: 'GET', path: '/operator/alarms/history', operationId: 'getAlarmHistory', summary: 'Raises and clears, newest first, kept across restarts (docs/alarms.md); `before` pages back', query: z.object({ limit: field.int(1, ALARM_HISTORY_LIMITS.maxPage, 'events per page', 100).optional(), before: field.id('the oldest event id of the previous page').optional() }), responses: { 200: { description: '{events, kept, maxEvents, next}' } }, errors: { 409: 'ALARMS_UNAVAILABLE' } },
    { method: 'POST', path: '/operator/alarms/clear', operationId: 'clearAlarm', summary: 'Clear an alarm only an operator clears: {name, subject} (replication-tail-set-aside; docs/alarms.md)', body: clearAlarmSchema, responses: { 200: { description: '{name, subject, cleared, by}' } }, errors: { 404: 'NO_SUCH_ALARM', 409: 'ALARM_NOT_OPERATOR_CLEARED' } },
    { method: 'GET', path: '/operator/operators', operationId: 'listOperators', summary: 'The named operators with their roles (never their tokens)', responses: { 200: { description: 'operators' } } },
    { method: 'POST', path: '/operator/operators', operationId: 'addOperator', summary: 'A new named operator on an engine account of its own; its token is shown once', body: addOperatorSchema, responses: { 201: { description: '{name, accountId, roles, token}' } }, errors: { 409: 'OPERATOR_EXISTS' } },
    { method: 'POST', path: '/operator/operators/{name}/revoke', operationId: 'revokeOperator', summary: "Revoke an operator's token", params: z.object({ name: z.string().min(1).max(64).meta({ description: "the operator's name" }) }), responses: { 200: { description: '{name, revoked}' } }, errors: { 404: 'UNKNOWN_OPERATOR' } },
    { method: 'GET', path: '/operator/metrics', operationId: 'getOperatorMetrics', summary: "Prometheus text: the operator's families (parameters, risk rejects, kill switches, MMP, the quoter, the broker's book, alarms)", responses: { 200: { description: 'Prometheus text', contentType: 'text/plain' } } },
];

export const OPERATOR_OPERATIONS: readonly Operation[] = ROWS.map(operatorRow);
