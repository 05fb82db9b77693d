/** Typed errors of the settlement side. Each names what went wrong and carries the details a caller needs. */

export class SettlementConfigError extends Error {
  override readonly name = 'SettlementConfigError';
}

/** The RPC endpoint did not answer. */
export class ChainUnreachableError extends Error {
  override readonly name = 'ChainUnreachableError';
  constructor(
    readonly rpcUrl: string,
    override readonly cause?: unknown,
  ) {
    super(`the chain at ${rpcUrl} does not answer${cause instanceof Error ? `: ${cause.message}` : ''}`);
  }
}

/** The RPC endpoint serves another chain than the configured one. */
export class WrongChainError extends Error {
  override readonly name = 'WrongChainError';
  constructor(
    readonly rpcUrl: string,
    readonly expectedChainId: number,
    readonly actualChainId: number,
  ) {
    super(`the chain at ${rpcUrl} has chain id ${actualChainId}, but settlement is configured for ${expectedChainId}`);
  }
}

/** A configured or remembered contract address holds no code, or not the contract expected. */
export class BadContractAddressError extends Error {
  override readonly name = 'BadContractAddressError';
  constructor(
    readonly contract: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${contract} at ${address}: ${reason}`);
  }
}

/** The outbox, the chain and the engine disagree in a way no retry can fix; an operator must look. */
export class SettlementStateError extends Error {
  override readonly name = 'SettlementStateError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A batch the vault refuses for a reason that will not go away (unbalanced, negative balance, no role...). */
export class BatchRevertedError extends Error {
  override readonly name = 'BatchRevertedError';
  constructor(
    readonly batchId: number,
    readonly reason: string,
    readonly args: unknown[] = [],
  ) {
    super(`batch ${batchId} reverted on-chain: ${reason}`);
  }
}

export class OutboxCorruptError extends Error {
  override readonly name = 'OutboxCorruptError';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`settlement store record ${key} is damaged: ${reason}`);
  }
}

/** Why a batch cannot go on right now; the settler retries with backoff. */
export type SettlementWaitReason =
  | 'vault-paused'
  | 'batch-race'
  | 'receipt-timeout'
  | 'transaction-dropped'
  | 'event-not-visible'
  | 'unexplained-revert'
  | 'batch-superseded'
  | 'stopping';

/** A transient condition: settlement waits and retries (the exchange keeps trading). */
export class SettlementWaitError extends Error {
  override readonly name = 'SettlementWaitError';
  constructor(
    readonly reason: SettlementWaitReason,
    message: string,
    readonly batchId?: number,
  ) {
    super(message);
  }
}

/** Internal inconsistency of a settlement tool's inputs (a journal that does not reach a seq, a contract without a provider). */
export class SettlementInputError extends Error {
  override readonly name = 'SettlementInputError';
}

/**
 * The chain no longer holds what this data directory settled on it: the embedded
 * chain's state file was deleted, or the RPC points at another chain. Settlement
 * refuses to start (trading goes on); the message says what to do.
 */
export class ChainReplacedError extends Error {
  override readonly name = 'ChainReplacedError';
  constructor(
    readonly rpcUrl: string,
    readonly reason: string,
  ) {
    super(
      `settlement refused: the chain at ${rpcUrl} is not the one this data directory settled on (${reason}). ` +
        'Restore the chain (the embedded chain keeps its state in <dataDir>/chain/state.json; or set PATX_RPC_URL to the original chain), ' +
        'or start with a new data directory. Trading continues; deposits and batches wait until then.',
    );
  }
}
