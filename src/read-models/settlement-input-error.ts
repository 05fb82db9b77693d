/**
 * Internal inconsistency of a journal tool's inputs: a journal that does not reach a seq (replay.ts),
 * a vault contract without a provider (settlement, which re-exports it from its errors.ts). It keeps
 * settlement's name, its first user's: the name shows in error bodies and logs, which must not change.
 */
export class SettlementInputError extends Error {
  override readonly name = 'SettlementInputError';
}
