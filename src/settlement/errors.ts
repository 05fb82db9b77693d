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

/** Internal inconsistency of a settlement tool's inputs (a journal that does not reach a seq, a contract without a provider); declared below, with the journal replay that throws it too. */
export { SettlementInputError } from '../read-models/settlement-input-error.js';

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

/**
 * The node has no state for the block a read asked for, so it cannot answer at that block yet
 * (or any more). Transient where it is seen in practice: anvil loaded from a state dump has
 * state for its head block only until it mines the next one; a node still syncing, or one of
 * several behind a load balancer that has not seen the block yet, catches up. A node that
 * prunes state keeps the recent blocks' (geth: 128), far more than reconciliation's head's
 * parent needs. Reconciliation waits and reads again (reconcile.ts).
 */
export class BlockStateUnavailableError extends Error {
  override readonly name = 'BlockStateUnavailableError';
  constructor(
    readonly block: number,
    /** What the node said. */
    readonly nodeMessage: string,
  ) {
    super(`the node has no state for block ${block}: ${nodeMessage}`);
  }
}

/**
 * Nodes' answers to a call at a block whose state they lack: anvil ("BlockOutOfRangeError:
 * block height is 30 but requested was 29"), geth ("missing trie node", "header not found",
 * "historical state … is not available", "required historical state unavailable"), Nethermind
 * and Besu alike, and nodes that say a block or its state is pruned.
 */
const STATE_UNAVAILABLE = /BlockOutOfRange|block height is \d+ but requested was \d+|missing trie node|header not found|unknown block|historical state|state (is )?(not available|unavailable)|pruned/i;

/**
 * The node's message when `error` (a plain JSON-RPC error, or ethers' wrapping of one, where
 * the node's own words are in `info.error` or `error`: ethers calls this one "missing revert
 * data") says the block's state is unavailable; undefined for any other error.
 */
export function stateUnavailableMessage(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const messages: string[] = [];
  const collect = (e: unknown, depth: number): void => {
    if (e === null || typeof e !== 'object' || seen.has(e) || depth > 4) return;
    seen.add(e);
    const o = e as { message?: unknown; info?: { error?: unknown }; error?: unknown; cause?: unknown };
    // The innermost first: the node's words before the wrappers'.
    collect(o.info?.error, depth + 1);
    collect(o.error, depth + 1);
    collect(o.cause, depth + 1);
    if (typeof o.message === 'string') messages.push(o.message);
  };
  collect(error, 0);
  return messages.find((m) => STATE_UNAVAILABLE.test(m));
}

/** `f()`, a read at `block`; the node's "no state for that block" as a BlockStateUnavailableError. */
export async function readAtBlock<T>(block: number, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (error) {
    const said = stateUnavailableMessage(error);
    throw said === undefined ? error : new BlockStateUnavailableError(block, said);
  }
}
