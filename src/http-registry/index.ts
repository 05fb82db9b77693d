/**
 * The HTTP route registry's vocabulary (operations.ts): what a row says, the field schemas
 * for path parameters and queries, and the table the gateway dispatches on; and what a module
 * mounts on the gateway (mounted-route.ts: its routes, their request and reply). Depends on zod
 * only, so every module that serves HTTP can declare its rows and handlers without importing the gateway.
 */
export { allowedMethods, checkFields, field, operationRows, ONE_ROW_READ_COST, pageReadCost, rowsReadCost, ROWS_PER_READ_UNIT, SCANNED_ROWS_PER_READ_UNIT, type ReadCostContext, RouteTable, STATUS_TEXT, type FieldRefusal, type HttpMethod, type Operation, type OperationResponse, type ParamShape, type PathMatch, type Security, type SharedOperation } from './operations.js';
export type { BodyReading, HttpReply, HttpRequestInfo, MountedRoute } from './mounted-route.js';
export { replyReleased, unreadReply } from './released-reply.js';
export { notTakenReply } from './not-taken.js';
