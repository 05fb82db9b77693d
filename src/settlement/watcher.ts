/**
 * The chain watcher: reads the vault's Deposited events once they have the
 * configured confirmations and credits them through the sequencer with the
 * reference `txHash:logIndex`, which the engine makes idempotent (a restart or a
 * repeated event never credits twice). Its cursor (the last block fully
 * credited) is saved after the credits are journaled. It also reads the
 * governance phase and reports a newly enabled one to the engine.
 */
import type { Contract, EventLog, JsonRpcProvider } from 'ethers';
import { CommandKind, EventType, RejectReason, rejectReasonName, SYSTEM_ACTOR, type Engine, type Sequencer } from '../engine/index.js';
import type { Logger } from '../runtime/log.js';
import { NO_ALARMS, type AlarmSink } from '../runtime/health.js';
import type { Participants } from './participants.js';
import { SETTLEMENT_DEFAULTS } from './config.js';
import type { SettlementStore, UnmatchedDeposit, UnmatchedLimits, UnmatchedOutcome } from './store.js';

export interface WatcherOptions {
  confirmations: number;
  pollIntervalMs: number;
  /** Blocks per eth_getLogs query. */
  maxBlockRange: number;
  /** Which deposits from addresses no account has are kept one by one; the rest are aggregated (store.ts). Default: the config's. */
  unmatched?: UnmatchedLimits;
}

const DEFAULT_UNMATCHED: UnmatchedLimits = {
  minKeptWei: BigInt(SETTLEMENT_DEFAULTS.unmatchedDeposits.minKeptWei),
  maxKept: SETTLEMENT_DEFAULTS.unmatchedDeposits.maxKept,
};

/** Why an aggregated deposit was not credited by its ref (ChainWatcher.creditAggregated). */
export type AggregatedCreditRefusal = 'UNKNOWN_DEPOSIT' | 'NOT_AGGREGATED' | 'ALREADY_CREDITED' | 'NO_ACCOUNT' | 'DEPOSIT_REFUSED';

export type AggregatedCredit = { credited: true; accountId: number; depositor: string; amountWei: bigint } | { credited: false; code: AggregatedCreditRefusal; message: string };

/** The subject of the one alarm that stands for every aggregated deposit. */
const AGGREGATED_SUBJECT = 'aggregated deposits';

export interface WatcherDeps {
  provider: JsonRpcProvider;
  vault: Contract;
  governance: Contract;
  store: SettlementStore;
  engine: Engine;
  sequencer: Sequencer;
  participants: Participants;
  deployBlock: number;
  log: Logger;
  /** The operator's alarm board (chain-unreachable, unmatched-deposit, deposit-refused); default: log lines only. */
  alarms?: AlarmSink;
  options: WatcherOptions;
}

export class ChainWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Consecutive failed polls (the chain unreachable, say); reset by a good one. */
  failures = 0;
  lastError: unknown;

  private readonly alarms: AlarmSink;
  private readonly unmatched: UnmatchedLimits;

  constructor(private readonly d: WatcherDeps) {
    this.alarms = d.alarms ?? NO_ALARMS;
    this.unmatched = d.options.unmatched ?? DEFAULT_UNMATCHED;
  }

  start(): void {
    // Deposits kept unmatched before a restart are still waiting: alarms again (the board starts empty).
    for (const d of this.d.store.unmatchedDeposits()) this.alarms.raise('unmatched-deposit', { subject: `deposit ${d.ref}`, summary: `deposit from ${d.depositor} kept unmatched since before the restart`, details: { ...d } });
    this.raiseAggregated();
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pollOnce()
        .then(() => {
          if (this.failures > 0) this.d.log.info({ after: this.failures }, 'chain watcher recovered');
          this.failures = 0;
          this.alarms.clear('chain-unreachable');
        })
        .catch((error: unknown) => {
          this.failures++;
          this.lastError = error;
          // The exchange keeps trading; deposits wait until the chain answers again.
          if (this.failures === 1 || this.failures % 30 === 0) this.d.log.warn({ err: error, failures: this.failures }, 'chain watcher poll failed; retrying');
          this.alarms.raise('chain-unreachable', { summary: `${this.failures} chain watcher polls failed in a row; last: ${error instanceof Error ? error.message : String(error)}`, details: { failures: this.failures, error } });
        })
        .finally(() => this.schedule(this.d.options.pollIntervalMs));
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: credit confirmed deposits, retry unmatched ones, report the governance phase. */
  async pollOnce(): Promise<void> {
    const { provider, store, options } = this.d;
    const head = await provider.getBlockNumber();
    const safe = head - options.confirmations + 1;
    let cursor = store.watcherCursor() ?? this.d.deployBlock - 1;
    while (cursor < safe && !this.stopped) {
      const to = Math.min(safe, cursor + options.maxBlockRange);
      const unmatched = await this.creditRange(cursor + 1, to);
      if (unmatched.length === 0) await store.setWatcherCursor(to);
      else this.alarmUnmatched(await store.keepUnmatched(unmatched, to, this.unmatched));
      cursor = to;
    }
    await this.retryUnmatched();
    await this.reportPhase();
  }

  /** Credits a range's deposits; answers those no account has, in chain order, for the store to keep with the cursor. */
  private async creditRange(fromBlock: number, toBlock: number): Promise<UnmatchedDeposit[]> {
    const logs = (await this.d.vault.queryFilter(this.d.vault.getEvent('Deposited'), fromBlock, toBlock)) as EventLog[];
    const credits: Array<Promise<void>> = [];
    const unmatched: UnmatchedDeposit[] = [];
    for (const log of logs) {
      const deposit: UnmatchedDeposit = {
        ref: `${log.transactionHash.toLowerCase()}:${log.index}`,
        depositor: String(log.args[0]).toLowerCase(),
        amountWei: log.args[1] as bigint,
        blockNumber: log.blockNumber,
      };
      // An address no account has is known at once (no await before it): `unmatched` stays in chain order.
      if (!this.d.engine.depositRefs.has(deposit.ref) && this.d.participants.accountOf(deposit.depositor) === undefined) unmatched.push(deposit);
      else credits.push(this.credit(deposit));
    }
    await Promise.all(credits);
    return unmatched;
  }

  /** The alarms and log lines of a range's unmatched deposits: one alarm each kept, one for all aggregated. */
  private alarmUnmatched(outcome: UnmatchedOutcome): void {
    for (const d of outcome.kept) {
      this.d.log.error({ alarm: 'unmatched-deposit', ...d, amountWei: d.amountWei.toString() }, 'deposit from an address no account has; kept until one does');
      this.alarms.raise('unmatched-deposit', { subject: `deposit ${d.ref}`, summary: `deposit from ${d.depositor}, which no account has; kept until one does`, details: { ...d } });
    }
    if (outcome.aggregated.length === 0) return;
    // A kept deposit pushed out is aggregated now: its own alarm ends, the aggregate's says it.
    for (const d of outcome.aggregated) this.alarms.clear('unmatched-deposit', `deposit ${d.ref}`);
    const wei = outcome.aggregated.reduce((sum, d) => sum + d.amountWei, 0n);
    this.d.log.error({ alarm: 'unmatched-deposit', deposits: outcome.aggregated.length, amountWei: wei.toString(), refs: outcome.aggregated.slice(0, 20).map((d) => d.ref) }, 'deposits from addresses no account has, aggregated (below the least kept, or the smallest past the most kept)');
    this.raiseAggregated();
  }

  /** The one alarm of the aggregated deposits, with their count and sum, while there are any. */
  private raiseAggregated(): void {
    const { deposits, amountWei } = this.d.store.aggregatedDeposits();
    if (deposits === 0) return this.alarms.clear('unmatched-deposit', AGGREGATED_SUBJECT);
    const { minKeptWei, maxKept } = this.unmatched;
    this.alarms.raise('unmatched-deposit', {
      subject: AGGREGATED_SUBJECT,
      summary: `${deposits} deposits (${amountWei} wei) from addresses no account has are aggregated, not kept one by one (below ${minKeptWei} wei, or the smallest past ${maxKept} kept): credit one by its ref once its wallet has an account (POST /settlement/deposits/{ref}/credit)`,
      details: { deposits, amountWei, minKeptWei, maxKept },
    });
  }

  /** Credits one deposit to the account its address has; keeps it as unmatched if the engine refuses it. */
  private async credit(deposit: UnmatchedDeposit): Promise<void> {
    const { engine, sequencer, store, participants, log } = this.d;
    if (engine.depositRefs.has(deposit.ref)) return;
    const accountId = participants.accountOf(deposit.depositor);
    if (accountId === undefined) return; // still none (a retry): it stays kept
    const result = await sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: deposit.amountWei, ref: deposit.ref });
    const event = result.events[0];
    if (event?.type === EventType.DEPOSIT_CREDITED) {
      log.info({ accountId, ref: deposit.ref, amountWei: deposit.amountWei.toString() }, 'deposit credited');
      this.clearDepositAlarms(deposit.ref);
      return;
    }
    if (event?.type === EventType.COMMAND_REJECTED && event.reason === RejectReason.DUPLICATE_DEPOSIT) return;
    const reason = event?.type === EventType.COMMAND_REJECTED ? rejectReasonName(event.reason) : 'no event';
    log.error({ alarm: 'deposit-refused', accountId, ref: deposit.ref, reason }, 'the engine refused a deposit; kept as unmatched');
    this.alarms.raise('deposit-refused', { subject: `deposit ${deposit.ref}`, summary: `the engine refused to credit account #${accountId}: ${reason}`, details: { accountId, ref: deposit.ref, reason, amountWei: deposit.amountWei } });
    await store.putUnmatched(deposit);
  }

  /** A deposit credited at last: its unmatched or refused alarm ends. */
  private clearDepositAlarms(ref: string): void {
    this.alarms.clear('unmatched-deposit', `deposit ${ref}`);
    this.alarms.clear('deposit-refused', `deposit ${ref}`);
  }

  /** Kept deposits whose address has an account now are credited (only theirs are read from the store). */
  private async retryUnmatched(): Promise<void> {
    for (const d of this.d.store.unmatchedDepositsOf((depositor) => this.d.participants.accountOf(depositor) !== undefined)) {
      if (this.d.engine.depositRefs.has(d.ref)) {
        await this.d.store.removeUnmatched(d.ref);
        this.clearDepositAlarms(d.ref);
        continue;
      }
      await this.credit(d);
      if (this.d.engine.depositRefs.has(d.ref)) await this.d.store.removeUnmatched(d.ref);
    }
  }

  /**
   * The operator's credit of an aggregated deposit, by its ref, to the account its address has now: read from the chain
   * (the vault's Deposited log at that index of that transaction), credited through the sequencer with that very ref (so
   * never twice, and reconciliation sees it credited), then taken out of the aggregate.
   */
  async creditAggregated(ref: string): Promise<AggregatedCredit> {
    const { engine, store, participants, sequencer, provider, vault } = this.d;
    const refuse = (code: AggregatedCreditRefusal, message: string): AggregatedCredit => ({ credited: false, code, message });
    if (engine.depositRefs.has(ref)) return refuse('ALREADY_CREDITED', `deposit ${ref} is credited already`);
    if (store.keepsUnmatched(ref)) return refuse('NOT_AGGREGATED', `deposit ${ref} is kept one by one: it is credited by itself once its address has an account`);
    const [txHash, index] = ref.split(':') as [string, string];
    const receipt = await provider.getTransactionReceipt(txHash);
    const vaultAddress = (await vault.getAddress()).toLowerCase();
    const log = receipt?.logs.find((l) => l.index === Number(index) && l.address.toLowerCase() === vaultAddress);
    const parsed = log === undefined ? null : vault.interface.parseLog(log);
    if (log === undefined || parsed?.name !== 'Deposited') return refuse('UNKNOWN_DEPOSIT', `no Deposited log of the vault at ${ref}`);
    const cursor = store.watcherCursor() ?? this.d.deployBlock - 1;
    if (log.blockNumber > cursor) return refuse('NOT_AGGREGATED', `deposit ${ref} is not read yet (block ${log.blockNumber}, the watcher is at ${cursor}): it waits for its confirmations`);
    if (store.aggregatedDeposits().deposits === 0) return refuse('NOT_AGGREGATED', 'no deposit is aggregated');
    const depositor = String(parsed.args[0]).toLowerCase();
    const amountWei = parsed.args[1] as bigint;
    const accountId = participants.accountOf(depositor);
    if (accountId === undefined) return refuse('NO_ACCOUNT', `${depositor} has no account: it opens one by logging in once (its wallet signs in), then this credits it`);
    const result = await sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei, ref });
    const event = result.events[0];
    if (event?.type === EventType.COMMAND_REJECTED && event.reason === RejectReason.DUPLICATE_DEPOSIT) return refuse('ALREADY_CREDITED', `deposit ${ref} is credited already`);
    if (event?.type !== EventType.DEPOSIT_CREDITED) return refuse('DEPOSIT_REFUSED', `the engine refused to credit account #${accountId}: ${event?.type === EventType.COMMAND_REJECTED ? rejectReasonName(event.reason) : 'no event'}`);
    await store.takeAggregated(amountWei);
    this.d.log.info({ accountId, ref, amountWei: amountWei.toString() }, 'aggregated deposit credited by the operator');
    this.raiseAggregated();
    return { credited: true, accountId, depositor, amountWei };
  }

  private async reportPhase(): Promise<void> {
    const phase = Number(await this.d.governance.getFunction('phase')());
    if (phase <= this.d.engine.governancePhase) return;
    const result = await this.d.sequencer.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase });
    if (result.events[0]?.type === EventType.GOVERNANCE_PHASE_SET) this.d.log.info({ phase }, 'governance phase enabled on-chain');
  }
}
