/**
 * Settlement and governance as the engine records them: the phase the on-chain
 * governance has enabled (from the chain watcher) and each batch the vault applied
 * (from the batch settler), which completes the withdrawals it paid. Both come only
 * from the service itself: an operator account could otherwise complete withdrawals
 * that were never paid. A module of the engine's state machine, within `Engine.apply`.
 */
import { SYSTEM_ACTOR, type RecordSettlement, type SetGovernancePhase } from './commands.js';
import type { EngineState } from './engine-state.js';
import { EventType } from './events.js';
import { isPositiveSafeInt } from './integers.js';
import { RejectReason } from './reject-reason.js';

/** The highest market phase (4: options). */
export const MAX_PHASE = 4;
/** Withdrawals one settlement may complete (the journal encodes the count in 16 bits). */
export const MAX_SETTLEMENT_WITHDRAWALS = 0xffff;
const TX_HASH_PATTERN = /^0x[0-9a-f]{64}$/;

/** The engine as the settlement records sees it: the state it reads and writes. */
export type SettlementRecordsEngine = Pick<EngineState, 'seq' | 'out' | 'settledThroughSeq' | 'rejectCommand' | 'governancePhase' | 'withdrawals' | 'settledBatchId' | 'accounts'>;

export class SettlementRecords {
  constructor(private readonly e: SettlementRecordsEngine) {}

  setGovernancePhase(cmd: SetGovernancePhase): void {
    let reason: RejectReason = RejectReason.NONE;
    if (cmd.actor !== SYSTEM_ACTOR) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (!Number.isSafeInteger(cmd.phase) || cmd.phase < this.e.governancePhase || cmd.phase > MAX_PHASE) {
      reason = RejectReason.INVALID_PHASE;
    }
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.e.governancePhase = cmd.phase;
    this.e.out.push({ type: EventType.GOVERNANCE_PHASE_SET, seq: this.e.seq, phase: cmd.phase });
  }

  private checkSettlement(cmd: RecordSettlement): RejectReason {
    if (cmd.actor !== SYSTEM_ACTOR) return RejectReason.ROLE_NOT_ALLOWED;
    if (!isPositiveSafeInt(cmd.batchId) || typeof cmd.txHash !== 'string' || !TX_HASH_PATTERN.test(cmd.txHash)) {
      return RejectReason.INVALID_SETTLEMENT;
    }
    if (!Array.isArray(cmd.withdrawalIds) || cmd.withdrawalIds.length > MAX_SETTLEMENT_WITHDRAWALS) return RejectReason.INVALID_SETTLEMENT;
    // A batch settles what was sequenced before it was cut, so never this command itself.
    if (!Number.isSafeInteger(cmd.throughSeq) || cmd.throughSeq <= this.e.settledThroughSeq || cmd.throughSeq >= this.e.seq) {
      return RejectReason.SETTLEMENT_OUT_OF_ORDER;
    }
    const seen = new Set<number>();
    for (const id of cmd.withdrawalIds) {
      if (seen.has(id) || !this.e.withdrawals.has(id)) return RejectReason.UNKNOWN_WITHDRAWAL;
      seen.add(id);
    }
    return RejectReason.NONE;
  }

  /** Records a batch the vault applied; completes the withdrawals it paid. */
  recordSettlement(cmd: RecordSettlement): void {
    const reason = this.checkSettlement(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.e.settledBatchId = cmd.batchId;
    this.e.settledThroughSeq = cmd.throughSeq;
    this.e.out.push({
      type: EventType.SETTLEMENT_RECORDED,
      seq: this.e.seq,
      batchId: cmd.batchId,
      throughSeq: cmd.throughSeq,
      txHash: cmd.txHash,
      withdrawalIds: [...cmd.withdrawalIds],
    });
    for (const withdrawalId of cmd.withdrawalIds) {
      const w = this.e.withdrawals.get(withdrawalId)!;
      this.e.withdrawals.delete(withdrawalId);
      const owner = this.e.accounts[w.accountId]!;
      owner.pendingWithdrawalWei -= w.amountWei;
      owner.pendingWithdrawals--;
      this.e.out.push({ type: EventType.WITHDRAWAL_COMPLETED, seq: this.e.seq, withdrawalId, accountId: w.accountId, amountWei: w.amountWei });
    }
  }
}
