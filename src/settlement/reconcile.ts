/**
 * Reconciliation: the vault's balances and the registry's rights, read at one
 * block, against the engine's ledger for every account. The engine is ahead of
 * the chain by what is in flight, so the expected on-chain value of an account is
 *
 *   PAT:    ledger (available + held + locked in forwards + sub-µPAT remainder + withdrawals not yet completed)
 *           − net changes not yet on-chain (the settler's open netting, and outbox
 *             batches the vault had not applied at that block, even those the engine
 *             recorded while the chain was being read: their withdrawals count again,
 *             still in the vault at that block)
 *           + deposits on-chain the engine has not credited yet (waiting for confirmations,
 *             or from an address no account has)
 *           − deposits the engine credited whose log is after the block read
 *           − withdrawals paid on-chain whose batch the engine has not recorded yet
 *   rights: positions (available + held) − rights changes not yet on-chain; in FORWARD
 *           series only customers' positions (sellers' obligations are not registered:
 *           netting.ts); SYNTHETIC, CALL and PUT positions never (cash-settled, signed,
 *           no rights: expected 0); plus the spot rights a forward delivery split over several
 *           commands has moved inside the engine ahead of its events (`deliveryInTransit`).
 *   fees:   the vault's fee recipient gains each batch's feeWei (docs/fees.md): on top of what
 *           its address holds as an account (if it is one), it should hold the engine's fee
 *           account less the fees not yet on-chain (netted, or in batches not applied).
 *   grants: each settled batch's grant commitment (root and count) in the registry
 *           equals the batch as the settler cut it (the last MAX_GRANT_BATCHES batches
 *           with grants).
 *
 * The chain is read at one block, the head's parent (see `reconcile`), and the ledger is
 * taken back to that block by what is in flight, so both sides are as of the same batches.
 * A difference is a mismatch: an alarm (logged, counted). The figures must be
 * taken when the settler has folded in every event the engine applied, so the
 * caller passes a consistent LedgerView.
 */
import { WEI_PER_MICRO, type Engine } from '../engine/index.js';
import { BlockStateUnavailableError } from './errors.js';
import { forwardRulesOf, ledgerAddress, type Netting } from './netting.js';
import type { OutboxRecord } from './store.js';

export interface LedgerView {
  engine: Engine;
  /** Net PAT per account not yet in any batch, in wei. */
  pendingBalancesWei: Map<number, bigint>;
  /** Net rights per `${seriesId}:${accountId}` not yet in any batch. */
  pendingRights: Map<string, number>;
  /** Fees netted and not yet in any batch, in wei (absent: none). */
  pendingFeeWei?: bigint;
  /**
   * Outbox batches in flight at the block read, oldest first: every batch after the vault's
   * batch id at that block or after the engine's settled batch id, whichever is lower
   * (`ledgerViewOf`). Not only those the engine has not recorded: the ledger is read after
   * the chain, so a batch may be applied and recorded between the two readings.
   */
  inFlight: OutboxRecord[];
  /** Batches with grants, as cut (the newest MAX_GRANT_BATCHES), oldest first. */
  grantBatches: Array<{ batchId: number; grantsRoot: string; grantCount: number }>;
  addressOf(accountId: number): string | undefined;
}

/** A vault `Deposited` log, as reconciliation reads it. */
export interface DepositLog {
  /** Lowercase. */
  depositor: string;
  amountWei: bigint;
  /** Lowercase. */
  txHash: string;
  logIndex: number;
}

/**
 * What reconciliation reads from the chain, at a block: the service reads through its ethers
 * contracts (`contractChainView`, chain-view.ts), `patx reconcile` over plain JSON-RPC
 * (`rpcChainView`, rpc-chain-view.ts: a CLI call need not load ethers). A read at a block
 * whose state the node does not have rejects with BlockStateUnavailableError (errors.ts).
 */
export interface ChainView {
  deployBlock: number;
  registryAddress: string;
  blockNumber(): Promise<number>;
  lastBatchId(block: number): Promise<number>;
  /** The vault's Deposited logs from `fromBlock` to `toBlock` (inclusive), in chain order. */
  deposits(fromBlock: number, toBlock: number | 'latest'): Promise<DepositLog[]>;
  grantsRoot(batchId: number, block: number): Promise<string>;
  grantCount(batchId: number, block: number): Promise<number>;
  balanceOf(address: string, block: number): Promise<bigint>;
  rightsOf(seriesId: number, address: string, block: number): Promise<bigint>;
  /** The vault's fee recipient at `block`, lower case (absent: fees are not reconciled; views written before fees). */
  feeRecipient?(block: number): Promise<string>;
  /** The PAT the vault's own address holds at `block` (the token's balanceOf(vault)); absent: not compared. */
  vaultHoldings?(block: number): Promise<bigint>;
}

export interface Mismatch {
  accountId: number;
  address: string;
  /** 'holdings': the vault holds less PAT than the balances it keeps (address: the vault). */
  kind: 'balance' | 'rights' | 'grants' | 'holdings';
  seriesId?: number;
  /** For 'grants': the batch whose commitment differs. */
  batchId?: number;
  /** What the chain holds (wei for balances). */
  onChain: string;
  /** What it should hold given the engine's ledger and what is in flight. */
  expected: string;
}

export interface ReconciliationReport {
  ok: boolean;
  block: number;
  vaultBatchId: number;
  engineSeq: number;
  engineSettledBatchId: number;
  accounts: number;
  rightsChecked: number;
  /** Deposits on-chain not credited by the engine as of `block`. */
  uncreditedDeposits: number;
  /** Each recent settled batch's grant commitment, as the registry holds it. */
  grantCommitments: Array<{ batchId: number; root: string; count: number; onChain: boolean }>;
  /**
   * PAT the vault holds beyond every balance it keeps, in wei (a string; null: not read): sent to it with a plain ERC-20
   * transfer rather than `deposit`, so credited to nobody. Not a mismatch of the ledger; the alarm `vault-surplus`.
   */
  unaccountedWei: string | null;
  mismatches: Mismatch[];
}

/** How many of the newest batches with grants a reconciliation checks. */
export const MAX_GRANT_BATCHES = 50;

/**
 * The ledger side of a reconciliation, given the vault's batch id at the block read: the
 * engine, what is netted and not yet cut (`pending`), and the outbox as cut, oldest first.
 * One builder for the running service and for `patx reconcile` offline.
 */
export function ledgerViewOf(
  engine: Engine,
  pending: Pick<Netting, 'balanceDeltasWei' | 'rightsDeltas'> & Partial<Pick<Netting, 'feeWei'>>,
  outbox: readonly OutboxRecord[],
  addressOf: (accountId: number) => string | undefined,
  vaultBatchId: number,
): LedgerView {
  // In flight: every batch after the vault's batch id at the block read or the engine's settled one, whichever is lower.
  const after = Math.min(vaultBatchId, engine.settledBatchId);
  return {
    engine,
    pendingBalancesWei: pending.balanceDeltasWei(),
    pendingRights: pending.rightsDeltas(),
    pendingFeeWei: pending.feeWei?.() ?? 0n,
    inFlight: outbox.filter((r) => r.batchId > after),
    grantBatches: grantBatchesOf(outbox),
    addressOf,
  };
}

/** The newest MAX_GRANT_BATCHES batches that carried grants (batches cut before grants existed carry none). */
function grantBatchesOf(records: Iterable<OutboxRecord>): LedgerView['grantBatches'] {
  const out: LedgerView['grantBatches'] = [];
  for (const r of records) if ((r.batch.grantCount ?? 0) > 0) out.push({ batchId: r.batchId, grantsRoot: r.batch.grantsRoot, grantCount: r.batch.grantCount });
  return out.slice(-MAX_GRANT_BATCHES);
}

export class LedgerMovingError extends Error {
  override readonly name = 'LedgerMovingError';
  constructor() {
    super('the engine kept moving ahead of the settler; try again');
  }
}

/**
 * Why the chain gave no reading to compare: its answers for the block read were not of one
 * state (a reorg, or a node serving a block from live state), or the node had no state for the
 * block and the chain did not move on within the wait (see `reconcile`).
 */
export type ChainMovingReason = 'moved-under-reading' | 'no-state-at-block';

/** The chain gave no consistent reading at the block read: no comparison, no mismatch; try again (HTTP 503 CHAIN_MOVING). */
export class ChainMovingError extends Error {
  override readonly name = 'ChainMovingError';
  constructor(
    readonly block: number,
    readonly reason: ChainMovingReason,
    message: string,
  ) {
    super(message);
  }

  static movedUnderReading(block: number, vaultBatchIdFirst: number, vaultBatchIdAfter: number): ChainMovingError {
    return new ChainMovingError(block, 'moved-under-reading', `the vault's batch id at block ${block} read ${vaultBatchIdFirst}, then ${vaultBatchIdAfter}: the chain moved under the reading; try again`);
  }

  static noStateAtBlock(block: number, head: number, waitedMs: number, nodeMessage: string): ChainMovingError {
    return new ChainMovingError(
      block,
      'no-state-at-block',
      `the node has no state for block ${block} (its head is ${head}; reconciliation reads the head's parent), still after ${(waitedMs / 1000).toFixed(1)} s of waiting (the node said: ${nodeMessage}). ` +
        'A chain just restored from a state dump has none until its next block is mined; try again once the chain has moved ' +
        "(if it never does, the node keeps no state but its head's: use one that keeps recent blocks' state)",
    );
  }
}

/** How long `reconcile` waits, at most, for the node to have state at the block it reads. */
export const STATE_WAIT_MS = 15_000;
/** How often it tries again meanwhile. */
export const STATE_POLL_MS = 250;

export interface ReconcileOptions {
  /** How long to wait for the node to have state at the block read (default STATE_WAIT_MS); 0: not at all. */
  stateWaitMs?: number;
  /** How often to read the head and try again meanwhile (default STATE_POLL_MS). */
  statePollMs?: number;
  /** Turns to wait for the settler to fold in everything the engine applied (a consistent LedgerView). */
  maxWaitTurns?: number;
  /** Ends the wait for state at once (the service stopping): ChainMovingError as if the wait were over. */
  signal?: AbortSignal;
  /** Told once, when the wait for state begins (the CLI says so on stderr rather than sit silent for up to stateWaitMs). */
  onWaitForState?: (block: number, head: number, waitMs: number) => void;
}

/**
 * Reads the chain at one block and compares. `view` is given the vault's batch id at that
 * block and returns undefined while the settler has not folded in everything the engine
 * applied; the comparison then waits a turn and asks again, and runs synchronously once it
 * gets a view.
 *
 * The block read is the newest with a successor (the head's parent), never the head itself:
 * a node may answer a call at its head block from its live state while it mines the next one
 * (anvil does), so a batch mined meanwhile shows in some reads and not in others: a batch in
 * flight then looked like a mismatch. A block with a successor is final on the node. As a
 * guard, the vault's batch id at that block is read again after everything else; if it moved,
 * the node's answers were not of one block and the reading is refused (ChainMovingError), never
 * reported as a mismatch.
 *
 * The node may have no state for that block (BlockStateUnavailableError): anvil loaded from a
 * state dump (the embedded chain after a restart) has state for its head only until the next
 * block is mined; a node still syncing or behind a load balancer may not have the block yet.
 * Reading the head instead would bring back the race above, so the reading waits: it reads the
 * head again every `statePollMs` and starts over at the new head's parent (or the same block,
 * which a lagging node may have by then), for up to `stateWaitMs`; then it gives up with
 * ChainMovingError ('no-state-at-block'), retryable, never a mismatch.
 *
 * Deposits the engine credited after that block (their log is later) are in the ledger and not
 * yet in the vault at the block: they are read too (`laterDeposits`) and taken off what the
 * chain should hold, so the ledger is compared as of the same block on both sides.
 */
export async function reconcile(chain: ChainView, view: (vaultBatchId: number) => LedgerView | undefined, options: ReconcileOptions = {}): Promise<ReconciliationReport> {
  const stateWaitMs = options.stateWaitMs ?? STATE_WAIT_MS;
  const statePollMs = options.statePollMs ?? STATE_POLL_MS;
  const started = Date.now();
  let told = false;
  for (;;) {
    const head = await chain.blockNumber();
    const block = Math.max(chain.deployBlock, head - 1);
    try {
      return await reconcileAt(chain, view, block, options.maxWaitTurns ?? 10_000);
    } catch (error) {
      if (!(error instanceof BlockStateUnavailableError)) throw error;
      const waited = Date.now() - started;
      if (waited >= stateWaitMs || options.signal?.aborted === true) throw ChainMovingError.noStateAtBlock(error.block, head, waited, error.nodeMessage);
      if (!told) options.onWaitForState?.(error.block, head, stateWaitMs);
      told = true;
      await pause(Math.min(statePollMs, stateWaitMs - waited), options.signal);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** One reading at `block` and the comparison (`reconcile`). */
async function reconcileAt(chain: ChainView, view: (vaultBatchId: number) => LedgerView | undefined, block: number, maxWaitTurns: number): Promise<ReconciliationReport> {
  const vaultBatchId = await chain.lastBatchId(block);
  const feeRecipient = chain.feeRecipient === undefined ? undefined : await chain.feeRecipient(block);
  const depositLogs = await chain.deposits(chain.deployBlock, block);
  const holdings = chain.vaultHoldings === undefined ? undefined : await chain.vaultHoldings(block);
  const refsAtBlock = new Set(depositLogs.map(depositRef));
  let laterDeposits: DepositLog[] = [];

  // Read what the accounts need, then compare synchronously; if accounts, positions or
  // credited deposits appeared during the reads, read those too and look again.
  const balances = new Map<string, bigint>();
  const rights = new Map<string, bigint>();
  const grantRoots = new Map<number, { root: string; count: number }>();
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      // After the reads of the turn before: still the same block's state?
      const again = await chain.lastBatchId(block);
      if (again !== vaultBatchId) throw ChainMovingError.movedUnderReading(block, vaultBatchId, again);
    }
    const v = await consistentView(() => view(vaultBatchId), maxWaitTurns);
    const { addresses, pairs } = needed(v);
    for (const log of depositLogs) addresses.push(log.depositor); // depositors no account has yet, too
    if (feeRecipient !== undefined) addresses.push(feeRecipient);
    const missingAddresses = [...new Set(addresses)].filter((a) => !balances.has(a));
    const missingPairs = pairs.filter((p) => !rights.has(p));
    const missingBatches = v.grantBatches.filter((b) => b.batchId <= vaultBatchId && !grantRoots.has(b.batchId)).map((b) => b.batchId);
    const laterRefs = new Set(laterDeposits.map(depositRef));
    const creditedLater = creditedChainDeposits(v.engine).some((ref) => !refsAtBlock.has(ref) && !laterRefs.has(ref));
    if (missingAddresses.length === 0 && missingPairs.length === 0 && missingBatches.length === 0 && !creditedLater) {
      return compare(v, { block, vaultBatchId, depositLogs, laterDeposits, balances, rights, grantRoots, registryAddress: chain.registryAddress, feeRecipient, holdings });
    }
    if (attempt >= LEDGER_READ_ROUNDS) throw new LedgerMovingError();
    if (creditedLater) laterDeposits = await chain.deposits(block + 1, 'latest');
    await inChunks(missingBatches, async (batchId) => {
      const [root, count] = await Promise.all([chain.grantsRoot(batchId, block), chain.grantCount(batchId, block)]);
      grantRoots.set(batchId, { root, count });
    });
    await inChunks(missingAddresses, async (address) => {
      balances.set(address, await chain.balanceOf(address, block));
    });
    await inChunks(missingPairs, async (pair) => {
      const [seriesId, address] = pair.split(':') as [string, string];
      rights.set(pair, await chain.rightsOf(Number(seriesId), address, block));
    });
  }
}

/**
 * Rounds of reads before a reconciliation gives up on a ledger that keeps gaining accounts,
 * positions or credited deposits while it reads (LedgerMovingError, retryable). Each round reads
 * only what the one before did not, so the rounds shrink; 5 ran out on a loaded CI host with the
 * demo trading every 100 ms.
 */
const LEDGER_READ_ROUNDS = 20;

/** The reference a deposit log is credited under (the watcher's `txHash:logIndex`). */
function depositRef(log: DepositLog): string {
  return `${log.txHash}:${log.logIndex}`;
}

/** Deposit refs the engine credited from the chain (the demo's broker float and other off-chain refs are not logs). */
function creditedChainDeposits(engine: Engine): string[] {
  const out: string[] = [];
  for (const ref of engine.depositRefs) if (CHAIN_DEPOSIT_REF.test(ref)) out.push(ref);
  return out;
}

const CHAIN_DEPOSIT_REF = /^0x[0-9a-f]{64}:\d+$/;

/**
 * An account's PAT in the engine's ledger, in wei: what its vault balance holds once every
 * batch is applied. Forward escrow and collateral, synthetic margin and option writing
 * margin (`lockedMicros` for positions, `heldMicros` for orders) count: they are the
 * account's own PAT, only held or locked by the engine until delivery or expiry.
 */
export function accountLedgerWei(engine: Engine, accountId: number): bigint {
  const a = engine.accounts[accountId]!;
  return BigInt(a.availableMicros + a.heldMicros + a.lockedMicros) * WEI_PER_MICRO + a.remainderWei + a.pendingWithdrawalWei;
}

/**
 * Spot rights a forward delivery in progress has moved inside the engine before the events
 * that carry them on-chain, per `${spotSeriesId}:${brokerId}` (DELIVER_FORWARDS runs in as
 * many commands as the schedule needs, src/engine/products/forwards.ts). While providers deliver,
 * each provider's event mints for the broker, but the engine credits the broker's spot
 * position only when the buyers' pass begins; then it debits the broker at once for every
 * buyer, while each buyer's event moves its share later. So the chain (fed by the events)
 * holds, for the broker, the providers' deliveries so far during the first pass, and the
 * buyers' shares not yet delivered during the second. Nothing once the delivery is done.
 */
export function deliveryInTransit(engine: Engine): Map<string, number> {
  const out = new Map<string, number>();
  for (const series of engine.series) {
    const f = series?.forward;
    if (f === undefined) continue;
    const qty = f.rightsInTransit();
    if (qty === 0) continue;
    const key = `${f.spotSeriesId}:${engine.brokerId}`;
    out.set(key, (out.get(key) ?? 0) + qty);
  }
  return out;
}

/** The addresses and `${seriesId}:${address}` pairs a view's accounts and in-flight batches touch. */
function needed(v: LedgerView): { addresses: string[]; pairs: string[] } {
  const addresses = new Set<string>();
  const pairs = new Set<string>();
  for (let id = 1; id < v.engine.accounts.length; id++) {
    const address = (v.addressOf(id) ?? ledgerAddress(id)).toLowerCase();
    addresses.add(address);
    for (const p of v.engine.accounts[id]!.positions.values()) pairs.add(`${p.seriesId}:${address}`);
  }
  for (const pair of deliveryInTransit(v.engine).keys()) {
    const [seriesId, id] = pair.split(':') as [string, string];
    pairs.add(`${seriesId}:${(v.addressOf(Number(id)) ?? ledgerAddress(Number(id))).toLowerCase()}`);
  }
  for (const r of v.inFlight) {
    for (const c of r.batch.balances) addresses.add(c.participant.toLowerCase());
    for (const c of r.batch.rights) pairs.add(`${c.seriesId}:${c.holder.toLowerCase()}`);
  }
  return { addresses: [...addresses], pairs: [...pairs] };
}

interface ChainReads {
  block: number;
  vaultBatchId: number;
  depositLogs: DepositLog[];
  /** Deposits after `block` (read only when the engine credited one of them). */
  laterDeposits: DepositLog[];
  balances: Map<string, bigint>;
  rights: Map<string, bigint>;
  grantRoots: Map<number, { root: string; count: number }>;
  registryAddress: string;
  /** The vault's fee recipient at `block` (undefined: the chain view does not read it). */
  feeRecipient: string | undefined;
  /** The PAT the vault's address holds at `block` (undefined: not read). */
  holdings: bigint | undefined;
}

/** The comparison itself: synchronous, so the engine and the netting cannot move under it. */
function compare(v: LedgerView, chain: ChainReads): ReconciliationReport {
  const { block, vaultBatchId } = chain;
  const engine = v.engine;
  const expected = expectedOnChain(v, chain);
  const mismatches = holdingMismatches(expected, chain);
  const grantCommitments = checkGrantCommitments(v, chain, mismatches);
  // Every balance the vault keeps was read (every account's address, every depositor's, the fee recipient's): the vault
  // holds their sum, and what it holds beyond came by a plain transfer. Less than their sum is a vault that cannot pay.
  let kept = 0n;
  for (const wei of chain.balances.values()) kept += wei;
  const unaccounted = chain.holdings === undefined ? undefined : chain.holdings - kept;
  if (unaccounted !== undefined && unaccounted < 0n) mismatches.push({ accountId: 0, address: 'vault', kind: 'holdings', onChain: chain.holdings!.toString(), expected: kept.toString() });
  return {
    ok: mismatches.length === 0,
    block,
    vaultBatchId,
    engineSeq: engine.lastSeq,
    engineSettledBatchId: engine.settledBatchId,
    accounts: engine.accounts.length - 1,
    rightsChecked: expected.rights.size,
    uncreditedDeposits: expected.uncreditedDeposits,
    grantCommitments,
    unaccountedWei: unaccounted === undefined ? null : unaccounted > 0n ? unaccounted.toString() : '0',
    mismatches,
  };
}

/** What the vault and the registry should hold at the block read, by the ledger: PAT by address, rights by series and address; the account owning each address; deposits the engine has not credited. */
interface ExpectedOnChain {
  wei: Map<string, bigint>;
  rights: Map<string, bigint>;
  owners: Map<string, number>;
  uncreditedDeposits: number;
}

function expectedOnChain(v: LedgerView, chain: ChainReads): ExpectedOnChain {
  const { vaultBatchId, depositLogs } = chain;
  const engine = v.engine;
  const expectedWei = new Map<string, bigint>();
  const expectedRights = new Map<string, bigint>();
  const owners = new Map<string, number>();
  const add = <K>(m: Map<K, bigint>, k: K, x: bigint): void => {
    m.set(k, (m.get(k) ?? 0n) + x);
  };
  const forwards = forwardRulesOf(engine);
  const inTransit = deliveryInTransit(engine);
  for (let id = 1; id < engine.accounts.length; id++) {
    const account = engine.accounts[id]!;
    const address = (v.addressOf(id) ?? ledgerAddress(id)).toLowerCase();
    if (!owners.has(address)) owners.set(address, id);
    add(expectedWei, address, accountLedgerWei(engine, id) - (v.pendingBalancesWei.get(id) ?? 0n));
    const customer = forwards.isCustomer(id);
    for (const p of account.positions.values()) {
      // A forward seller's (negative) position is the engine's to keep, and a synthetic or option position (signed,
      // cash-settled: a writer is short) is no access right: on-chain both must be absent (0).
      const absent = (forwards.isForward(p.seriesId) && !customer) || forwards.isCashSettled?.(p.seriesId) === true;
      const held = absent ? 0 : p.available + p.held;
      add(expectedRights, `${p.seriesId}:${address}`, BigInt(held - (v.pendingRights.get(`${p.seriesId}:${id}`) ?? 0)));
    }
  }
  for (const [pair, qty] of inTransit) {
    const [seriesId, id] = pair.split(':') as [string, string];
    const address = (v.addressOf(Number(id)) ?? ledgerAddress(Number(id))).toLowerCase();
    add(expectedRights, `${seriesId}:${address}`, BigInt(qty));
  }
  for (const r of v.inFlight) {
    if (r.batchId > vaultBatchId) {
      for (const c of r.batch.balances) add(expectedWei, c.participant.toLowerCase(), -c.deltaWei);
      for (const c of r.batch.rights) add(expectedRights, `${c.seriesId}:${c.holder.toLowerCase()}`, -c.delta);
      // Recorded by the engine after the block read: its withdrawals are done in the ledger but were still in the vault then.
      for (const w of r.batch.withdrawals) if (!engine.withdrawals.has(w.withdrawalId)) add(expectedWei, w.to.toLowerCase(), w.amountWei);
    } else if (r.batchId > engine.settledBatchId) {
      // Applied on-chain, not yet recorded by the engine: its withdrawals left the vault but are still pending in the ledger.
      for (const w of r.batch.withdrawals) if (engine.withdrawals.has(w.withdrawalId)) add(expectedWei, w.to.toLowerCase(), -w.amountWei);
    }
  }
  // An exchange that never charged a fee expects of its fee recipient only what it holds as an account (as before fees).
  if (chain.feeRecipient !== undefined && (engine.feeAccountMicros !== 0 || expectedWei.has(chain.feeRecipient))) {
    // The fee account as of the block: less what is netted, and what in-flight batches the vault had not applied carry.
    let feeWei = BigInt(engine.feeAccountMicros) * WEI_PER_MICRO - (v.pendingFeeWei ?? 0n);
    for (const r of v.inFlight) if (r.batchId > vaultBatchId) feeWei -= r.batch.feeWei;
    add(expectedWei, chain.feeRecipient, feeWei);
  }
  let uncreditedDeposits = 0;
  for (const log of chain.laterDeposits) {
    // Credited by the engine, not yet in the vault at the block read.
    if (engine.depositRefs.has(depositRef(log))) add(expectedWei, log.depositor, -log.amountWei);
  }
  for (const log of depositLogs) {
    const ref = depositRef(log);
    if (engine.depositRefs.has(ref)) continue;
    uncreditedDeposits++;
    add(expectedWei, log.depositor, log.amountWei);
  }
  return { wei: expectedWei, rights: expectedRights, owners, uncreditedDeposits };
}

/** Each address's PAT and each right that differs on-chain from what the ledger expects. */
function holdingMismatches(ledger: ExpectedOnChain, chain: ChainReads): Mismatch[] {
  const { balances, rights } = chain;
  const { wei: expectedWei, rights: expectedRights, owners } = ledger;
  const mismatches: Mismatch[] = [];
  for (const [address, expected] of expectedWei) {
    const onChain = balances.get(address) ?? 0n;
    if (onChain !== expected) {
      mismatches.push({ accountId: owners.get(address) ?? 0, address, kind: 'balance', onChain: onChain.toString(), expected: expected.toString() });
    }
  }
  for (const [pair, expected] of expectedRights) {
    const onChain = rights.get(pair) ?? 0n;
    if (onChain !== expected) {
      const [seriesId, address] = pair.split(':') as [string, string];
      mismatches.push({ accountId: owners.get(address) ?? 0, address, kind: 'rights', seriesId: Number(seriesId), onChain: onChain.toString(), expected: expected.toString() });
    }
  }
  return mismatches;
}

/** The grant commitments of batches applied at the block read, each checked against the registry's (a difference is added to `mismatches`). */
function checkGrantCommitments(v: LedgerView, chain: ChainReads, mismatches: Mismatch[]): ReconciliationReport['grantCommitments'] {
  const { vaultBatchId, grantRoots } = chain;
  const grantCommitments: ReconciliationReport['grantCommitments'] = [];
  for (const b of v.grantBatches) {
    const onChain = grantRoots.get(b.batchId);
    if (b.batchId > vaultBatchId || onChain === undefined) continue; // not applied yet at this block
    const same = onChain.root.toLowerCase() === b.grantsRoot.toLowerCase() && onChain.count === b.grantCount;
    grantCommitments.push({ batchId: b.batchId, root: b.grantsRoot, count: b.grantCount, onChain: same });
    if (!same) mismatches.push({ accountId: 0, address: String(chain.registryAddress), kind: 'grants', batchId: b.batchId, onChain: `${onChain.root} (${onChain.count})`, expected: `${b.grantsRoot} (${b.grantCount})` });
  }
  return grantCommitments;
}

async function consistentView(view: () => LedgerView | undefined, maxWaitTurns: number): Promise<LedgerView> {
  for (let i = 0; i < maxWaitTurns; i++) {
    const v = view();
    if (v !== undefined) return v;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new LedgerMovingError();
}

/** Runs `f` over items, a few at a time (one RPC each). */
async function inChunks<T>(items: T[], f: (item: T) => Promise<void>, width = 16): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(f));
}
