/**
 * The HTTP route registry's vocabulary (operations.ts): what a row says, the field schemas
 * for path parameters and queries, and the table the gateway dispatches on. Depends on zod
 * only, so every module that serves HTTP can declare its rows without importing the gateway.
 */
export { allowedMethods, checkFields, field, RouteTable, STATUS_TEXT, type FieldRefusal, type HttpMethod, type Operation, type OperationResponse, type ParamShape, type PathMatch, type Security } from './operations.js';
