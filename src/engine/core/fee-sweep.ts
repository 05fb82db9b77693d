/**
 * Fee sweeps (docs/fees.md, "Sweeping the fee account"): an operator moves fee revenue from the
 * engine's fee account (`feeAccountMicros`, in no account, so nobody could withdraw it) to the
 * treasury account, the account that owns the vault's fee recipient address. Each settlement batch
 * already credited the fees to that address on-chain, so a sweep moves nothing there: it only gives
 * the PAT an owner the ordinary withdrawal path serves.
 *
 * The engine cannot read the vault: the operator route names the fee recipient and the account that
 * owns it, and the engine checks what it can (the account's own address is that one; the broker
 * opened without an address stands for the address settlement gives it). A new command kind: no
 * journal written before it holds one, so no rules version is needed (as cancel-on-disconnect's).
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import type { SweepFees } from './commands.js';
import type { EngineState } from './engine-state.js';
import { EventType } from './events.js';
import { RejectReason } from './reject-reason.js';

const ADDRESS_PATTERN = /^0x[0-9a-f]{40}$/;

export type FeeSweepEngine = Pick<EngineState, 'seq' | 'out' | 'accounts' | 'brokerId' | 'feeAccountMicros' | 'isOperator' | 'rejectCommand'>;

export class FeeSweeps {
  constructor(private readonly e: FeeSweepEngine) {}

  sweep(cmd: SweepFees): void {
    const reason = this.check(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    // Both inside totalMicros: the engine's total PAT is unchanged.
    this.e.feeAccountMicros -= cmd.amountMicros;
    this.e.accounts[cmd.treasuryAccountId]!.availableMicros += cmd.amountMicros;
    this.e.out.push({
      type: EventType.FEES_SWEPT,
      seq: this.e.seq,
      actor: cmd.actor,
      treasuryAccountId: cmd.treasuryAccountId,
      feeRecipient: cmd.feeRecipient,
      amountMicros: cmd.amountMicros,
      feeAccountMicros: this.e.feeAccountMicros,
    });
  }

  /** Every refusal before anything changes. */
  private check(cmd: SweepFees): RejectReason {
    if (!this.e.isOperator(cmd.actor)) return RejectReason.ROLE_NOT_ALLOWED;
    const treasury = cmd.treasuryAccountId > 0 ? this.e.accounts[cmd.treasuryAccountId] : undefined;
    if (treasury === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (typeof cmd.feeRecipient !== 'string' || !ADDRESS_PATTERN.test(cmd.feeRecipient)) return RejectReason.INVALID_ADDRESS;
    // Only an account at that address holds the fees on-chain; without one of its own, only the broker has an on-chain address (settlement's).
    if (treasury.address === '' ? treasury.id !== this.e.brokerId : treasury.address !== cmd.feeRecipient) return RejectReason.NOT_FEE_RECIPIENT;
    if (!Number.isSafeInteger(cmd.amountMicros) || cmd.amountMicros <= 0) return RejectReason.INVALID_AMOUNT;
    if (cmd.amountMicros > this.e.feeAccountMicros) return RejectReason.FEE_ACCOUNT_SHORT;
    return RejectReason.NONE;
  }
}
