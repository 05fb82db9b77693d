/**
 * The exchange core's public surface. Everything outside src/engine/ imports from
 * here, never from the files behind it.
 */
export * from './commands.js';
export * from './events.js';
export * from './reject-reason.js';
export * from './money.js';
export { Engine, EngineInvariantError, DEFAULT_LIMITS, type EngineLimits } from './engine.js';
export { EmbeddedEngine } from './embedded.js';
export { Account, Position } from './account.js';
export { Series, CounterpartyRule, type SeriesSpec } from './series.js';
export { OrderBook } from './order-book.js';
export {
  parseContractKey,
  formatContractKey,
  isContractKey,
  areSubstitutes,
  ContractKeyError,
  type ContractKey,
} from './contract-key.js';
