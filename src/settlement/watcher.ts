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
import type { SettlementStore, UnmatchedDeposit } from './store.js';

export interface WatcherOptions {
  confirmations: number;
  pollIntervalMs: number;
  /** Blocks per eth_getLogs query. */
  maxBlockRange: number;
}

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

  constructor(private readonly d: WatcherDeps) {
    this.alarms = d.alarms ?? NO_ALARMS;
  }

  start(): void {
    // Deposits kept unmatched before a restart are still waiting: alarms again (the board starts empty).
    for (const d of this.d.store.unmatchedDeposits()) this.alarms.raise('unmatched-deposit', { subject: `deposit ${d.ref}`, summary: `deposit from ${d.depositor} kept unmatched since before the restart`, details: { ...d } });
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
      await this.creditRange(cursor + 1, to);
      await store.setWatcherCursor(to);
      cursor = to;
    }
    await this.retryUnmatched();
    await this.reportPhase();
  }

  private async creditRange(fromBlock: number, toBlock: number): Promise<void> {
    const logs = (await this.d.vault.queryFilter(this.d.vault.getEvent('Deposited'), fromBlock, toBlock)) as EventLog[];
    const credits: Array<Promise<void>> = [];
    for (const log of logs) {
      const deposit: UnmatchedDeposit = {
        ref: `${log.transactionHash.toLowerCase()}:${log.index}`,
        depositor: String(log.args[0]).toLowerCase(),
        amountWei: log.args[1] as bigint,
        blockNumber: log.blockNumber,
      };
      credits.push(this.credit(deposit));
    }
    await Promise.all(credits);
  }

  /** Credits one deposit; keeps it as unmatched if no account can take it. */
  private async credit(deposit: UnmatchedDeposit): Promise<void> {
    const { engine, sequencer, store, participants, log } = this.d;
    if (engine.depositRefs.has(deposit.ref)) return;
    const accountId = participants.accountOf(deposit.depositor);
    if (accountId === undefined) {
      log.error({ alarm: 'unmatched-deposit', ...deposit, amountWei: deposit.amountWei.toString() }, 'deposit from an address no account has; kept until one does');
      this.alarms.raise('unmatched-deposit', { subject: `deposit ${deposit.ref}`, summary: `deposit from ${deposit.depositor}, which no account has; kept until one does`, details: { ...deposit } });
      return store.putUnmatched(deposit);
    }
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

  private async retryUnmatched(): Promise<void> {
    for (const d of this.d.store.unmatchedDeposits()) {
      if (this.d.engine.depositRefs.has(d.ref)) {
        await this.d.store.removeUnmatched(d.ref);
        this.clearDepositAlarms(d.ref);
        continue;
      }
      if (this.d.participants.accountOf(d.depositor) === undefined) continue;
      await this.credit(d);
      if (this.d.engine.depositRefs.has(d.ref)) await this.d.store.removeUnmatched(d.ref);
    }
  }

  private async reportPhase(): Promise<void> {
    const phase = Number(await this.d.governance.getFunction('phase')());
    if (phase <= this.d.engine.governancePhase) return;
    const result = await this.d.sequencer.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase });
    if (result.events[0]?.type === EventType.GOVERNANCE_PHASE_SET) this.d.log.info({ phase }, 'governance phase enabled on-chain');
  }
}
