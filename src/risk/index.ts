/**
 * Risk: the parameter registry (names, bounds, defaults; zod schema for
 * operator changes) and the pure O(1) pre-trade check functions the engine
 * calls. The state they read (kill switches, throttle windows, MMP) lives in
 * the engine and is journaled; the operator API is in src/operator/. Scenario
 * margin for synthetics and options (float risk arrays, the integer portfolio
 * margin the engine will run) is scenario-margin.ts. A market order's protection
 * limit (the engine's and the clients' one formula) is protection.ts. The fee
 * schedule (names, bounds, rounding, the table the engine reads) is fees.ts.
 */
export * from './params.js';
export * from './fees.js';
export * from './checks.js';
export * from './scenario-margin.js';
export * from './protection.js';
