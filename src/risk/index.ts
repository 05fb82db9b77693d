/**
 * Risk: the parameter registry (names, bounds, defaults; zod schema for
 * operator changes) and the pure O(1) pre-trade check functions the engine
 * calls. The state they read (kill switches, throttle windows, MMP) lives in
 * the engine and is journaled; the operator API is in src/operator/.
 */
export * from './params.js';
export * from './checks.js';
