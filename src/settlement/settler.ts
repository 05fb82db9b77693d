/**
 * The batch settler. It folds released engine events into nettings of a batch
 * each (uncut-batches.ts); every `batchIntervalMs` (or as soon as a netting holds
 * `batchMaxFills` fills or `batchMaxEntries` entries) it cuts a batch, writes it
 * to the outbox (fsynced) and only then sends one transaction, waits for its confirmations, and records the result through the sequencer
 * (RECORD_SETTLEMENT, which also completes the withdrawals paid).
 *
 * Exactly once: the vault applies only batch id lastBatchId + 1, so a batch
 * sent twice applies once; the outbox keeps the batch's exact contents and
 * hash, so after a crash the same batch is re-sent, or found on-chain (id and
 * hash both match), never re-cut differently; the engine records a settlement
 * only for a throughSeq after the last one, so the result is recorded once.
 * Gas, nonce, fee and network errors retry with backoff; a paused vault waits;
 * a revert that will not go away stops the settler with an alarm.
 *
 * Across leaders of a replicated group: at its first tick, and whenever the vault
 * holds another batch under the id of its own, the settler takes the vault's
 * batches its outbox lacks, once its journal re-derives them (adopt.ts).
 */
import type { Contract, JsonRpcProvider, TransactionReceipt, Wallet, EventLog } from 'ethers';
import { CommandKind, EventType, RejectReason, rejectReasonName, SYSTEM_ACTOR, type Engine, type Journal, type ReleasedBatch, type Sequencer } from '../engine/index.js';
import type { Logger } from '../runtime/log.js';
import { NO_ALARMS, type AlarmSink } from '../runtime/health.js';
import { batchContentHash, encodeSettleCall } from './batch.js';
import { BatchRevertedError, SettlementStateError, SettlementWaitError } from './errors.js';
import { forwardRulesOf, Netting } from './netting.js';
import { UncutBatches } from './uncut-batches.js';
import { grantsOfExercise } from '../grants/issue.js';
import type { Participants } from './participants.js';
import { replayEventsAfter } from '../read-models/replay.js';
import type { OutboxRecord, OutboxState, PayoutEntry, SettlementStore } from './store.js';
import { decodeRevert } from './revert.js';
import { chainBatches, deriveChainBatches } from './adopt.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SettlerOptions {
  confirmations: number;
  pollIntervalMs: number;
  batchIntervalMs: number;
  batchMaxFills: number;
  /** Cut as soon as the batch would carry this many entries (bounds its gas: about 5-8k per entry). */
  batchMaxEntries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long to wait for a sent transaction's receipt before checking the chain again. */
  receiptTimeoutMs: number;
  /** Fault injection for crash tests: SIGKILL this process at that point. */
  crashAt?: CrashPoint | undefined;
}

export type CrashPoint = 'after-cut' | 'after-send' | 'after-confirm' | 'after-record';

export type SettlerStatus = 'running' | 'waiting' | 'failed' | 'stopped';

export interface SettlerDeps {
  engine: Engine;
  sequencer: Sequencer;
  journal: Journal;
  store: SettlementStore;
  provider: JsonRpcProvider;
  signer: Wallet;
  vault: Contract;
  /** The vault's deployment block: event queries start there. */
  deployBlock: number;
  participants: Participants;
  log: Logger;
  /** The operator's alarm board (settlement-stopped, settlement-waiting, unpayable-withdrawal); default: log lines only. */
  alarms?: AlarmSink;
  options: SettlerOptions;
  clock: () => number;
}

/** What `settleNow` did: the batch it cut (or finished) and how far it got, or why none. */
export interface SettleNowResult {
  batchId: number | null;
  fills: number;
  /** The batch's state (cut, sent, confirmed, recorded), or the settler's (idle, failed, waiting, stopped). */
  state: string;
  reason?: string;
}

/** Words of an error, shortened: a failed send's message carries the whole calldata (a 2 MB /healthz and log line each retry). */
const MAX_ERROR_WORDS = 1_000;

function describeError(error: unknown): string {
  return shortened(error === undefined ? 'unknown' : error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

function shortened(text: string): string {
  return text.length <= MAX_ERROR_WORDS ? text : `${text.slice(0, MAX_ERROR_WORDS)}… (${text.length} characters)`;
}

/** Errors that stop the settler: retrying cannot help. */
function isPermanent(error: unknown): boolean {
  return error instanceof BatchRevertedError || error instanceof SettlementStateError;
}

export class BatchSettler {
  /** What the released events owe that no batch holds yet, a batch's worth per netting. */
  private uncut: UncutBatches;
  private buffered: ReleasedBatch[] = [];
  private caughtUp = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private busy = false;
  /** settleNow: cut at the next tick whatever the interval. */
  private cutRequested = false;
  private cutting = false;
  private stopped = false;
  private lastCutAtMs: number;
  private retryAtMs = 0;
  private attempts = 0;
  /** Whether the vault's batches were compared with the outbox since start or since a batch was superseded. */
  private chainFollowed = false;
  status: SettlerStatus = 'running';
  /** The error that stopped the settler (status 'failed'), or the last transient one. */
  lastError: unknown;
  /** Why the settler is waiting (e.g. 'vault paused'), when status is 'waiting'. */
  waitingFor: string | undefined;

  private readonly alarms: AlarmSink;

  constructor(private readonly d: SettlerDeps) {
    this.alarms = d.alarms ?? NO_ALARMS;
    this.uncut = this.uncutAfter(0);
    this.lastCutAtMs = d.clock();
  }

  /** A netting after `fromSeq`, answering roles, grants and forwards from the engine. */
  private newNetting(fromSeq: number): Netting {
    const engine = this.d.engine;
    return new Netting(fromSeq, (id) => this.d.participants.isProvider(id), (e, timeMs) => grantsOfExercise(engine, e, timeMs), forwardRulesOf(engine));
  }

  private uncutAfter(fromSeq: number): UncutBatches {
    return new UncutBatches(fromSeq, (from) => this.newNetting(from), this.d.options);
  }

  /**
   * The journaled turns after `fromSeq` (through `throughSeq`), replayed: at a start, and after batches taken from the
   * chain; never for a cut (uncut-batches.ts).
   */
  private uncutOfJournal(fromSeq: number, throughSeq = Infinity): UncutBatches {
    const uncut = this.uncutAfter(fromSeq);
    for (const turn of replayEventsAfter(this.d.journal, fromSeq, this.d.engine.limits)) {
      if (turn.firstSeq > throughSeq) break;
      // A batch taken from the chain may end within a turn: only the commands through it.
      uncut.add(turn.events, Math.min(turn.lastSeq, throughSeq), turn.timeMs);
      if (turn.lastSeq >= throughSeq) break;
    }
    return uncut;
  }

  /**
   * Picks up where the last run stopped: the events since the last batch cut
   * come back from the journal, released turns that overlap are skipped.
   */
  start(): void {
    const { store, engine, sequencer } = this.d;
    sequencer.onRelease((batch) => this.onRelease(batch));
    const last = store.lastOutbox();
    const fromSeq = Math.max(last?.batch.throughSeq ?? 0, engine.settledThroughSeq);
    this.uncut = this.uncutOfJournal(fromSeq);
    this.caughtUp = true;
    for (const b of this.buffered) this.onRelease(b);
    this.buffered = [];
    this.d.log.info({ fromSeq, throughSeq: this.uncut.lastSeq, lastBatchId: last?.batchId ?? 0, lastState: last?.state }, 'settler resumed');
    this.schedule(0);
  }

  private onRelease(batch: ReleasedBatch): void {
    if (!this.caughtUp) {
      this.buffered.push(batch);
      return;
    }
    const lastSeq = batch.firstSeq + batch.commands.length - 1;
    if (lastSeq <= this.uncut.lastSeq) return; // already replayed from the journal
    if (batch.firstSeq > this.uncut.lastSeq + 1) {
      // Released turns arrive in order; a gap means the journal read missed a committed record. Read it again.
      for (const turn of replayEventsAfter(this.d.journal, this.uncut.lastSeq, this.d.engine.limits)) {
        if (turn.lastSeq >= batch.firstSeq) break;
        this.uncut.add(turn.events, turn.lastSeq, turn.timeMs);
      }
    }
    this.uncut.add(batch.events, lastSeq, batch.timeMs);
    if (this.uncut.full) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.status === 'failed') return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.tick().finally(() => this.schedule(this.d.options.pollIntervalMs));
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
    if (this.status !== 'failed') this.status = 'stopped';
  }

  /**
   * Cuts a batch now (an operator's `patx settle now`) and drives it as far as it goes:
   * confirmed and recorded, or the reason it could not (nothing to settle, the
   * settler failed or waiting on the chain).
   */
  async settleNow(): Promise<SettleNowResult> {
    if (this.stopped) return { batchId: null, fills: 0, state: 'stopped', reason: 'settlement is stopping' };
    await this.running;
    if (this.status === 'failed') return { batchId: null, fills: 0, state: 'failed', reason: describeError(this.lastError) };
    const open = this.unfinished();
    if (open === undefined && this.uncut.isEmpty) return { batchId: null, fills: 0, state: 'idle', reason: 'nothing to settle: no fills or balance changes since the last batch' };
    this.cutRequested = true;
    this.retryAtMs = 0;
    try {
      await this.tick();
    } finally {
      this.cutRequested = false;
    }
    const last = this.d.store.lastOutbox();
    if (last === undefined) return { batchId: null, fills: 0, state: this.status, reason: describeError(this.lastError) };
    const result: SettleNowResult = { batchId: last.batchId, fills: last.fills, state: last.state };
    if (this.status !== 'running') result.reason = describeError(this.lastError);
    return result;
  }

  /** The net changes not yet in any batch (reconciliation adds them to what the chain should show). */
  get pending(): UncutBatches {
    return this.uncut;
  }

  /** True when the uncut nettings hold every event the engine applied and no cut is half-written. */
  get consistent(): boolean {
    return !this.cutting && this.uncut.lastSeq === this.d.engine.lastSeq;
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped || this.status === 'failed') return;
    const now = this.d.clock();
    if (now < this.retryAtMs) return;
    this.busy = true;
    try {
      if (!this.chainFollowed) {
        await this.followChain();
        this.chainFollowed = true;
      }
      const open = this.unfinished();
      if (open !== undefined) {
        await this.finish(open);
      } else if (!this.uncut.isEmpty && (this.cutRequested || now - this.lastCutAtMs >= this.d.options.batchIntervalMs || this.uncut.full)) {
        const record = await this.cut();
        await this.finish(record);
      }
      this.attempts = 0;
      this.status = 'running';
      this.waitingFor = undefined;
      this.alarms.clear('settlement-waiting');
      // A full batch waits behind the one just settled: the next at once.
      if (this.uncut.full) this.schedule(0);
    } catch (error) {
      this.onError(error);
    } finally {
      this.busy = false;
    }
  }

  private onError(error: unknown): void {
    // A stop while a batch waits for its confirmations: nothing is wrong, the next start finishes the batch from the outbox.
    if (error instanceof SettlementWaitError && error.reason === 'stopping') {
      this.d.log.debug({ batchId: error.batchId }, 'settler stopped while a batch waited for its confirmations; the next start finishes it');
      return;
    }
    this.lastError = error;
    if (isPermanent(error)) {
      this.status = 'failed';
      this.d.log.fatal({ alarm: 'settlement-stopped', err: error }, 'settlement stopped: an operator must look; the exchange keeps trading');
      this.alarms.clear('settlement-waiting');
      this.alarms.raise('settlement-stopped', { summary: `settlement stopped: ${describeError(error)}`, details: { error } });
      return;
    }
    this.attempts++;
    const delay = Math.min(this.d.options.retryMaxMs, this.d.options.retryBaseMs * 2 ** Math.min(this.attempts - 1, 20));
    this.retryAtMs = this.d.clock() + delay;
    this.status = 'waiting';
    this.waitingFor = shortened(error instanceof Error ? error.message : String(error));
    const level = this.attempts === 1 || this.attempts % 10 === 0 ? 'warn' : 'debug';
    this.d.log[level]({ err: error, attempt: this.attempts, retryInMs: delay }, 'settlement waits; retrying');
    this.alarms.raise('settlement-waiting', { summary: `settlement waits: ${this.waitingFor}; retry ${this.attempts} in ${Math.round(delay / 1000)} s`, details: { attempt: this.attempts, retryInMs: delay } });
  }

  /** The outbox record not yet recorded, if any (at most one: batches go one at a time). */
  private unfinished(): OutboxRecord | undefined {
    const last = this.d.store.lastOutbox();
    return last !== undefined && last.state !== 'recorded' ? last : undefined;
  }

  /**
   * Takes the vault's batches the outbox lacks (adopt.ts): those after the outbox's
   * last, and that one too when it is unfinished and the vault holds another batch
   * under its id. Each goes into the outbox as sent, with the chain's transaction,
   * and on to recorded like the settler's own; the netting then starts again after
   * the last of them.
   */
  private async followChain(): Promise<void> {
    const { vault, store, engine, log } = this.d;
    const vaultLast = Number(await vault.getFunction('lastBatchId')());
    const last = store.lastOutbox();
    let from = (last?.batchId ?? 0) + 1;
    if (last !== undefined && last.state !== 'recorded' && vaultLast >= last.batchId) {
      const hash = (await vault.getFunction('batchHash')(last.batchId)) as string;
      if (hash.toLowerCase() !== last.contentHash.toLowerCase()) from = last.batchId;
    }
    if (from > vaultLast) return;
    const previous = from === 1 ? undefined : store.outbox(from - 1);
    if (from > 1 && previous === undefined) throw new SettlementStateError(`the outbox lacks batch ${from - 1}, before the vault's batches to take`, { batchId: from - 1 });
    const batches = await chainBatches(vault, this.d.deployBlock, from, vaultLast);
    if (batches.length <= vaultLast - from) throw new SettlementWaitError('event-not-visible', `the vault is at batch ${vaultLast} but the BatchSettled event of batch ${from + batches.length} is not visible yet`, from + batches.length);
    const { cuts, refused } = deriveChainBatches(this.d.journal, engine.limits, previous?.batch.throughSeq ?? 0, this.uncut.lastSeq, batches, (fromSeq) => this.newNetting(fromSeq), (id) => this.d.participants.addressOf(id));
    for (let i = 0; i < cuts.length; i++) {
      const b = batches[i]!;
      const record: OutboxRecord = { ...outboxRecordOf(cuts[i]!, b.contentHash, 'sent', this.d.clock()), txHash: b.txHash };
      await store.putOutbox(record);
      log.warn({ batchId: b.batchId, throughSeq: b.throughSeq, txHash: b.txHash }, 'batch taken from the chain: another leader settled it');
      await this.finish(record);
    }
    // Synchronous from here: no released turn comes in between.
    if (cuts.length > 0) this.uncut = this.uncutOfJournal(batches[cuts.length - 1]!.throughSeq, this.uncut.lastSeq);
    if (refused !== undefined) throw refused;
  }

  /** Cuts the next batch from the netting and writes it to the outbox before anything is sent. */
  private async cut(): Promise<OutboxRecord> {
    const batchId = (this.d.store.lastOutbox()?.batchId ?? 0) + 1;
    const { cut, unpayable } = this.uncut.next.cut(batchId, (id) => this.d.participants.addressOf(id));
    for (const u of unpayable) {
      this.d.log.error({ alarm: 'unpayable-withdrawal', ...u }, 'withdrawal of an account with no on-chain address is held');
      this.alarms.raise('unpayable-withdrawal', { subject: `withdrawal #${u.withdrawalId}`, summary: 'a withdrawal of an account with no on-chain address is held out of the batch', details: { ...u, batchId } });
    }
    const record = outboxRecordOf({ cut, unpayable }, batchContentHash(cut.batch), 'cut', this.d.clock());
    // Events released while the write is in flight belong to the next batch.
    this.uncut.dropNext();
    this.cutting = true;
    try {
      await this.d.store.putOutbox(record);
    } catch (error) {
      // The cut events now live only in the journal; a restart re-derives them. Stop rather than lose them.
      throw new SettlementStateError(`cannot write batch ${batchId} to the outbox: ${(error as Error).message}; restart to resume`, { batchId });
    } finally {
      this.cutting = false;
    }
    this.lastCutAtMs = record.cutAtMs;
    this.d.log.info(
      { batchId, throughSeq: cut.batch.throughSeq, fills: cut.fills, balances: cut.batch.balances.length, rights: cut.batch.rights.length, withdrawals: cut.batch.withdrawals.length, hash: record.contentHash },
      'batch cut',
    );
    this.crashPoint('after-cut');
    return record;
  }

  /** Drives a batch to 'recorded' from whatever state it is in. */
  private async finish(record: OutboxRecord): Promise<void> {
    if (record.state === 'cut' || record.state === 'sent') await this.settleOnChain(record);
    if (record.state === 'confirmed') await this.record(record);
  }

  private async settleOnChain(record: OutboxRecord): Promise<void> {
    const applied = await this.findApplied(record);
    if (applied === undefined) {
      await this.send(record);
    } else {
      record.txHash = applied.txHash;
      record.blockNumber = applied.blockNumber;
    }
    await this.waitConfirmations(record);
    record.state = 'confirmed';
    record.confirmedAtMs = this.d.clock();
    await this.d.store.putOutbox(record);
    this.d.log.info({ batchId: record.batchId, txHash: record.txHash, block: record.blockNumber }, 'batch confirmed on-chain');
    this.crashPoint('after-confirm');
  }

  /**
   * Whether the vault already applied this batch: its last id reached it and
   * the hash it recorded is ours. Another batch under our id is an alarm.
   */
  private async findApplied(record: OutboxRecord): Promise<{ txHash: string; blockNumber: number } | undefined> {
    const vault = this.d.vault;
    const lastId = Number(await vault.getFunction('lastBatchId')());
    if (lastId < record.batchId - 1) {
      throw new SettlementStateError(`the vault is at batch ${lastId} but the outbox holds batch ${record.batchId}: a batch is missing on-chain`, {
        vaultBatchId: lastId,
        outboxBatchId: record.batchId,
      });
    }
    if (lastId < record.batchId) return undefined;
    const hash = (await vault.getFunction('batchHash')(record.batchId)) as string;
    if (hash.toLowerCase() !== record.contentHash.toLowerCase()) {
      // Another leader's batch landed first under this id (its transaction was still pending when it died):
      // the next tick takes it if this journal derives it, and cuts again after it.
      this.chainFollowed = false;
      throw new SettlementWaitError('batch-superseded', `batch ${record.batchId} on-chain has hash ${hash}, the outbox's has ${record.contentHash}; taking the chain's batch`, record.batchId);
    }
    const logs = (await vault.queryFilter(vault.filters.BatchSettled!(record.batchId), this.d.deployBlock)) as EventLog[];
    const log = logs[0];
    if (log === undefined) throw new SettlementWaitError('event-not-visible', `batch ${record.batchId} is applied but its BatchSettled event is not visible yet`, record.batchId);
    return { txHash: log.transactionHash.toLowerCase(), blockNumber: log.blockNumber };
  }

  private async send(record: OutboxRecord): Promise<void> {
    const { provider, signer, vault, log } = this.d;
    const to = await vault.getAddress();
    const data = encodeSettleCall(record.batch);
    const from = await signer.getAddress();
    let gasLimit: bigint;
    try {
      gasLimit = await provider.estimateGas({ from, to, data });
    } catch (error) {
      throw this.classifyRevert(record, error);
    }
    const tx = await signer.sendTransaction({ to, data, gasLimit: (gasLimit * 12n) / 10n });
    record.state = 'sent';
    record.txHash = tx.hash.toLowerCase();
    await this.d.store.putOutbox(record);
    log.info({ batchId: record.batchId, txHash: record.txHash, nonce: tx.nonce, gasLimit: gasLimit.toString() }, 'batch sent');
    this.crashPoint('after-send');
    const receipt = await this.waitReceipt(record.txHash);
    if (receipt.status !== 1) {
      // Reverted after the estimate passed: maybe an earlier send of ours applied it first.
      const applied = await this.findApplied(record);
      if (applied !== undefined) {
        record.txHash = applied.txHash;
        record.blockNumber = applied.blockNumber;
        return;
      }
      throw await this.replayRevert(record, receipt);
    }
    record.blockNumber = receipt.blockNumber;
  }

  private async waitReceipt(txHash: string): Promise<TransactionReceipt> {
    const deadline = this.d.clock() + this.d.options.receiptTimeoutMs;
    for (;;) {
      const receipt = await this.d.provider.getTransactionReceipt(txHash);
      if (receipt !== null) return receipt;
      if (this.d.clock() > deadline) throw new SettlementWaitError('receipt-timeout', `no receipt for ${txHash} yet; the chain is checked again on the next attempt`);
      await sleep(this.d.options.pollIntervalMs);
    }
  }

  private async waitConfirmations(record: OutboxRecord): Promise<void> {
    const block = record.blockNumber;
    if (block === undefined) throw new SettlementStateError(`batch ${record.batchId} is marked applied without a block`, { batchId: record.batchId });
    for (;;) {
      const head = await this.d.provider.getBlockNumber();
      if (head - block + 1 >= this.d.options.confirmations) break;
      if (this.stopped) throw new SettlementWaitError('stopping', 'the settler is stopping', record.batchId);
      await sleep(this.d.options.pollIntervalMs);
    }
    // The transaction must still be there after its confirmations (a reorg would have dropped it).
    const receipt = await this.d.provider.getTransactionReceipt(record.txHash!);
    if (receipt === null || receipt.status !== 1) throw new SettlementWaitError('transaction-dropped', `batch ${record.batchId}'s transaction ${record.txHash} left the chain; retrying`, record.batchId);
  }

  /** Estimation failed: a revert we know (permanent unless it is a pause or a race) or a transient error. */
  private classifyRevert(record: OutboxRecord, error: unknown): Error {
    const revert = decodeRevert(error);
    if (revert === undefined) return error instanceof Error ? error : new Error(String(error));
    if (revert.name === 'EnforcedPause') return new SettlementWaitError('vault-paused', 'the vault is paused; settlement waits until it is unpaused', record.batchId);
    if (revert.name === 'BatchIdNotNext') return new SettlementWaitError('batch-race', `batch ${record.batchId} raced another transaction (${revert.name}); checking the chain again`, record.batchId);
    return new BatchRevertedError(record.batchId, revert.name, revert.args);
  }

  private async replayRevert(record: OutboxRecord, receipt: TransactionReceipt): Promise<Error> {
    try {
      await this.d.provider.call({ from: receipt.from, to: receipt.to ?? undefined, data: encodeSettleCall(record.batch), blockTag: receipt.blockNumber });
    } catch (error) {
      return this.classifyRevert(record, error);
    }
    return new SettlementWaitError('unexplained-revert', `batch ${record.batchId}'s transaction ${receipt.hash} reverted for no reason a replay shows; retrying`, record.batchId);
  }

  /** Records the confirmed batch in the engine (once), then marks it recorded with its payouts. */
  private async record(record: OutboxRecord): Promise<void> {
    const { engine, sequencer, log } = this.d;
    const txHash = record.txHash!;
    if (engine.settledThroughSeq < record.batch.throughSeq) {
      const result = await sequencer.submit({
        kind: CommandKind.RECORD_SETTLEMENT,
        actor: SYSTEM_ACTOR,
        batchId: record.batchId,
        throughSeq: record.batch.throughSeq,
        txHash,
        withdrawalIds: record.batch.withdrawals.map((w) => w.withdrawalId),
      });
      const event = result.events[0];
      const recorded = event?.type === EventType.SETTLEMENT_RECORDED;
      const already = event?.type === EventType.COMMAND_REJECTED && event.reason === RejectReason.SETTLEMENT_OUT_OF_ORDER && engine.settledThroughSeq >= record.batch.throughSeq;
      if (!recorded && !already) {
        const reason = event?.type === EventType.COMMAND_REJECTED ? rejectReasonName(event.reason) : 'no event';
        throw new SettlementStateError(`the engine refused to record batch ${record.batchId}: ${reason}`, { batchId: record.batchId, reason });
      }
    }
    this.crashPoint('after-record');
    record.state = 'recorded';
    record.recordedAtMs = this.d.clock();
    await this.d.store.recordBatch(record, this.payouts(record));
    log.info({ batchId: record.batchId, throughSeq: record.batch.throughSeq, txHash }, 'batch recorded');
  }

  private payouts(record: OutboxRecord): PayoutEntry[] {
    return record.statements.map((s) => {
      const i = record.balanceAccounts.indexOf(s.accountId);
      return {
        ...s,
        batchId: record.batchId,
        txHash: record.txHash!,
        blockNumber: record.blockNumber!,
        netWei: i < 0 ? 0n : record.batch.balances[i]!.deltaWei,
        settledAtMs: record.recordedAtMs ?? this.d.clock(),
      };
    });
  }

  private crashPoint(point: CrashPoint): void {
    if (this.d.options.crashAt === point) {
      this.d.log.warn({ point }, 'crash injected');
      process.kill(process.pid, 'SIGKILL');
    }
  }
}

/** The outbox record of a cut batch. */
function outboxRecordOf({ cut, unpayable }: ReturnType<Netting['cut']>, contentHash: string, state: OutboxState, cutAtMs: number): OutboxRecord {
  return {
    batchId: cut.batch.batchId,
    contentHash,
    state,
    batch: cut.batch,
    balanceAccounts: cut.balanceAccounts,
    statements: cut.statements,
    fills: cut.fills,
    unpayableWithdrawalIds: unpayable.map((u) => u.withdrawalId),
    cutAtMs,
  };
}


