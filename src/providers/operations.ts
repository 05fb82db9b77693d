/**
 * The provider-identity routes' rows of the gateway's route registry
 * (src/gateway/operations.ts), under the operator API; their bodies are routes.ts's schemas.
 */
import { z } from 'zod';
import { field, type Operation } from '../http-registry/index.js';
import { revokeSchema, screeningSchema, updateSchema, verifySchema } from './routes.js';

const accountId = z.object({ id: field.id("a provider's account id") });
const ERRORS = { 400: 'INVALID_REQUEST, EMPTY_FIELD, REASON_REQUIRED, FIELD_TOO_LONG, CONTROL_CHARACTER, INVALID_JURISDICTION, INVALID_PAYOUT_ADDRESS, PAYOUT_ADDRESS_CHECKSUM, INVALID_TAX_RESIDENCE, INVALID_TAX_ID, NOTHING_TO_CHANGE', 404: 'UNKNOWN_ACCOUNT', 409: 'NOT_A_PROVIDER, ALREADY_VERIFIED, NOT_VERIFIED, PAYOUT_ADDRESS_NOT_WALLET, an engine reject reason', 503: 'NOT_REPLICATED, SEQUENCER_UNAVAILABLE' } as const;
const SCREENING_ERRORS = { 400: 'INVALID_REQUEST, NOTE_REQUIRED, FIELD_TOO_LONG, CONTROL_CHARACTER', 404: 'UNKNOWN_ACCOUNT', 409: 'NOT_A_PROVIDER, NO_IDENTITY_RECORD, an engine reject reason', 503: 'NOT_REPLICATED, SEQUENCER_UNAVAILABLE' } as const;

export const PROVIDER_IDENTITY_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/operator/providers',
    operationId: 'listProviders',
    summary: 'Every provider: account, wallet, verified, payouts held',
    tags: ['providers'],
    security: 'operator',
    responses: { 200: { description: 'providers' } },
  },
  {
    method: 'GET',
    path: '/operator/providers/audit',
    operationId: 'getProviderIdentityAudit',
    summary: 'The identity audit: who, when, what, why (the values changed only to the risk role)',
    tags: ['providers'],
    security: 'operator',
    query: z.object({ from: field.int(0, Number.MAX_SAFE_INTEGER, 'the first entry', 1).optional(), limit: field.int(0, Number.MAX_SAFE_INTEGER, 'at most this many (capped at 1000)', 100).optional(), account: field.id('one provider only').optional() }),
    responses: { 200: { description: 'audit entries' } },
  },
  {
    method: 'GET',
    path: '/operator/providers/{id}',
    operationId: 'getProviderIdentity',
    summary: "A provider's identity record and its history",
    tags: ['providers'],
    security: 'operator',
    params: accountId,
    responses: { 200: { description: '{accountId, verified, identity, history}' } },
    errors: ERRORS,
  },
  {
    method: 'POST',
    path: '/operator/providers/{id}/verify',
    operationId: 'verifyProvider',
    summary: "Record a provider's verified identity; the engine then pays it out",
    tags: ['providers'],
    security: 'operator',
    params: accountId,
    body: verifySchema,
    responses: { 200: { description: '{identity, audit}' } },
    errors: ERRORS,
  },
  {
    method: 'POST',
    path: '/operator/providers/{id}/update',
    operationId: 'updateProviderIdentity',
    summary: "Change a verified provider's record, with a reason",
    tags: ['providers'],
    security: 'operator',
    params: accountId,
    body: updateSchema,
    responses: { 200: { description: '{identity, audit}' } },
    errors: ERRORS,
  },
  {
    method: 'POST',
    path: '/operator/providers/{id}/revoke',
    operationId: 'revokeProvider',
    summary: "Revoke a provider's verification, with a reason; its payouts are held again",
    tags: ['providers'],
    security: 'operator',
    params: accountId,
    body: revokeSchema,
    responses: { 200: { description: '{identity, audit}' } },
    errors: ERRORS,
  },
  {
    method: 'POST',
    path: '/operator/providers/{id}/screening',
    operationId: 'screenProvider',
    summary: "Set a provider's sanctions/PEP screening status with a note; flagged or rejected holds its payouts",
    tags: ['providers'],
    security: 'operator',
    params: accountId,
    body: screeningSchema,
    responses: { 200: { description: '{identity, audit, payoutsHeld}' } },
    errors: SCREENING_ERRORS,
  },
];
