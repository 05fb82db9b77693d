/**
 * The provider's gate: its own public entry point (`patx/gate`), for providers who
 * run it in front of their data endpoint. See docs/delivery.md.
 *
 * @example
 *   import { Gate } from 'patx/gate';
 *   const gate = new Gate({ domain, exchangeSigner, provider, endpoint: 'https://data.example/records', serves: (id, v) => id === 7, dir: './gate-data' });
 *   const { remaining } = gate.admit(JSON.parse(body)); // or a GateError with .code and .status
 */
export { Gate, GateError, GATE_REFUSALS, GATE_STATUS, type Admission, type GateOptions, type GateRefusal } from './gate.js';
export { gateEndpoint, gateRequestText, GATE_REQUEST_HEADING, signGateRequest, type GateRequest, type GateRequestOptions, type GateRequestTerms } from './request.js';
export { GrantDigester, recoverSigner, type AccessGrant, type GrantDomain, type SignedGrant } from '../grants/grant.js';
export { checkDeliveryStatement, deliveryStatementText, recordsSha256, DELIVERY_STATEMENT_HEADING, type DeliveryStatement } from './delivery-statement.js';
