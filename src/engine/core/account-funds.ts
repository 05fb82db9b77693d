/**
 * Accounts and their PAT: opening an account (one per settlement address, one broker),
 * crediting a deposit the chain watcher saw (once per reference, whole µPAT with the
 * sub-µPAT remainder kept in wei), a withdrawal request (held until a settlement batch
 * pays it) and its completion. A module of the engine's state machine, within `Engine.apply`.
 */
import { Account } from './account.js';
import { Role, type SetPayoutsFrozen, type CompleteWithdrawal, type CreditDeposit, type OpenAccount, type RequestWithdrawal, type SetInstitution, type SetProviderVerified } from './commands.js';
import type { EngineState } from './engine-state.js';
import { EventType } from './events.js';
import { MAX_TOTAL_MICROS, WEI_PER_MICRO } from './money.js';
import { RejectReason } from './reject-reason.js';

const ADDRESS_PATTERN = /^0x[0-9a-f]{40}$/;

/**
 * Rules version 19: a provider whose payouts are held (PAYOUT_HELD_UNVERIFIED) may still withdraw its own deposits made
 * since the adoption, less what it withdrew since (`Account.ownDepositWei`); under 0–18 it could withdraw nothing.
 */
export const OWN_DEPOSIT_RULES = 19;

/**
 * Rules version 24: an account has at most MAX_PENDING_WITHDRAWALS withdrawals waiting for a settlement batch; one more
 * is refused TOO_MANY_PENDING_WITHDRAWALS until a batch pays them. Each is a row the next batch carries and a transfer
 * whose gas the exchange pays, so whatever path sends it (order entry, an operator tool, a replicated journal) meets the
 * bound here. Under 0–23 only the gateway's order entry held it (the same number), so such journals replay as they ran.
 */
export const PENDING_WITHDRAWALS_RULES = 24;
/** The bound itself: a rule's number, so changing it takes a new rules version (the gateway refuses it early with it). */
export const MAX_PENDING_WITHDRAWALS = 20;

/** Whether one more withdrawal would take the account past its bound of pending ones under the engine's rules. */
function pendingWithdrawalsFull(account: Pick<Account, 'pendingWithdrawals'>, rulesVersion: number): boolean {
  return rulesVersion >= PENDING_WITHDRAWALS_RULES && account.pendingWithdrawals >= MAX_PENDING_WITHDRAWALS;
}

/** Whether this account's payouts are held: a provider not verified while the exchange requires it (docs/providers.md). */
export function payoutsHeld(account: Pick<Account, 'role' | 'verified'>, risk: Pick<EngineState['risk'], 'payoutRequiresVerification'>): boolean {
  return account.role === Role.PROVIDER && !account.verified && risk.payoutRequiresVerification === 1;
}

/**
 * Whether PAT leaving this account for a wallet it does not hold here (a withdrawal; under rules 19 a payment into an
 * organisation, whose admins may take it out) is refused PAYOUT_HELD_UNVERIFIED: a provider not verified while the
 * exchange requires it, unless (rules 19) it is within its own deposits and those are not frozen.
 */
export function payoutRefused(account: Account, amountWei: bigint, e: Pick<EngineState, 'rulesVersion' | 'risk'>): boolean {
  if (!payoutsHeld(account, e.risk)) return false;
  return e.rulesVersion < OWN_DEPOSIT_RULES || account.payoutsFrozen || amountWei > account.ownDepositWei;
}

/** PAT that left the account takes its own deposits first (rules 19; zero before). */
export function takeFromOwnDeposits(account: Account, amountWei: bigint): void {
  if (account.ownDepositWei !== 0n) account.ownDepositWei = account.ownDepositWei > amountWei ? account.ownDepositWei - amountWei : 0n;
}

/** The engine as the accounts and their funds sees it: the state it reads and writes. */
export type AccountFundsEngine = Pick<EngineState, 'seq' | 'rejectCommand' | 'out' | 'isOperator' | 'accounts' | 'totalMicros' | 'nowMs' | 'brokerId' | 'withdrawals' | 'risk' | 'nextWithdrawalId' | 'limits' | 'depositRefs' | 'addAccount' | 'accountIdByAddress' | 'rulesVersion'>;

export class AccountFunds {
  constructor(private readonly e: AccountFundsEngine) {}

  openAccount(cmd: OpenAccount): void {
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (!(cmd.role >= Role.CONSUMER && cmd.role <= Role.OPERATOR)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (cmd.role === Role.BROKER && this.e.brokerId !== 0) reason = RejectReason.BROKER_ALREADY_EXISTS;
    else if (cmd.address !== '' && !ADDRESS_PATTERN.test(cmd.address)) reason = RejectReason.INVALID_ADDRESS;
    else if (cmd.address !== '' && this.e.accountIdByAddress.has(cmd.address)) reason = RejectReason.ADDRESS_IN_USE;
    else if (this.e.accounts.length > this.e.limits.maxAccounts) reason = RejectReason.INVALID_ADDRESS;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const account = new Account(this.e.accounts.length, cmd.role, cmd.address, this.e.limits.recentClientIdsPerAccount);
    this.e.addAccount(account);
    if (cmd.role === Role.BROKER) this.e.brokerId = account.id;
    this.e.out.push({ type: EventType.ACCOUNT_OPENED, seq: this.e.seq, accountId: account.id, role: cmd.role, address: cmd.address });
  }

  creditDeposit(cmd: CreditDeposit): void {
    const account = this.e.accounts[cmd.accountId];
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (account === undefined) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (typeof cmd.amountWei !== 'bigint' || cmd.amountWei <= 0n) reason = RejectReason.INVALID_AMOUNT;
    else if (cmd.ref.length === 0 || cmd.ref.length > this.e.limits.maxRefLength) reason = RejectReason.INVALID_AMOUNT;
    else if (this.e.depositRefs.has(cmd.ref)) reason = RejectReason.DUPLICATE_DEPOSIT;
    else if (this.creditedMicros(account, cmd.amountWei) > MAX_TOTAL_MICROS - this.e.totalMicros) {
      reason = RejectReason.BALANCE_LIMIT;
    }
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const a = account!;
    const credited = this.creditedMicros(a, cmd.amountWei);
    a.remainderWei = (a.remainderWei + cmd.amountWei) % WEI_PER_MICRO;
    a.availableMicros += credited;
    if (a.role === Role.PROVIDER && this.e.rulesVersion >= OWN_DEPOSIT_RULES) a.ownDepositWei += cmd.amountWei;
    this.e.totalMicros += credited;
    this.e.depositRefs.add(cmd.ref);
    this.e.out.push({ type: EventType.DEPOSIT_CREDITED, seq: this.e.seq, accountId: a.id, amountWei: cmd.amountWei, ref: cmd.ref });
  }

  /** Whole µPAT a deposit adds to the available balance (the remainder may carry one over). */
  private creditedMicros(account: Account, amountWei: bigint): number {
    const micros = (account.remainderWei + amountWei) / WEI_PER_MICRO;
    return micros > BigInt(MAX_TOTAL_MICROS) ? Infinity : Number(micros);
  }

  requestWithdrawal(cmd: RequestWithdrawal): void {
    const account = this.e.accounts[cmd.actor];
    let reason: RejectReason = RejectReason.NONE;
    if (account === undefined) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (typeof cmd.amountWei !== 'bigint' || cmd.amountWei <= 0n) reason = RejectReason.INVALID_AMOUNT;
    else if (cmd.amountWei > account.freeWei(WEI_PER_MICRO)) reason = RejectReason.INSUFFICIENT_BALANCE;
    // Refused, not queued: every WITHDRAWAL_REQUESTED is paid in the next batch, so the PAT stays
    // available (in the vault, as the chain shows it) until the provider asks again once verified.
    // Its own deposits are not payouts (rules 19): what it put in may leave.
    else if (payoutRefused(account, cmd.amountWei, this.e)) reason = RejectReason.PAYOUT_HELD_UNVERIFIED;
    else if (pendingWithdrawalsFull(account, this.e.rulesVersion)) reason = RejectReason.TOO_MANY_PENDING_WITHDRAWALS;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const a = account!;
    // Deposits leave first: a withdrawal, held or not, takes from them before any proceeds.
    takeFromOwnDeposits(a, cmd.amountWei);
    const freeAfterWei = a.freeWei(WEI_PER_MICRO) - cmd.amountWei;
    const availableAfter = Number(freeAfterWei / WEI_PER_MICRO);
    this.e.totalMicros -= a.availableMicros - availableAfter;
    a.availableMicros = availableAfter;
    a.remainderWei = freeAfterWei % WEI_PER_MICRO;
    a.pendingWithdrawalWei += cmd.amountWei;
    a.pendingWithdrawals++;
    const withdrawalId = this.e.nextWithdrawalId++;
    this.e.withdrawals.set(withdrawalId, { accountId: a.id, amountWei: cmd.amountWei });
    this.e.out.push({ type: EventType.WITHDRAWAL_REQUESTED, seq: this.e.seq, withdrawalId, accountId: a.id, amountWei: cmd.amountWei });
  }

  completeWithdrawal(cmd: CompleteWithdrawal): void {
    const withdrawal = this.e.withdrawals.get(cmd.withdrawalId);
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (withdrawal === undefined) reason = RejectReason.UNKNOWN_WITHDRAWAL;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const w = withdrawal!;
    this.e.withdrawals.delete(cmd.withdrawalId);
    const owner = this.e.accounts[w.accountId]!;
    owner.pendingWithdrawalWei -= w.amountWei;
    owner.pendingWithdrawals--;
    this.e.out.push({
      type: EventType.WITHDRAWAL_COMPLETED,
      seq: this.e.seq,
      withdrawalId: cmd.withdrawalId,
      accountId: w.accountId,
      amountWei: w.amountWei,
    });
  }

  /** The operator qualifies a consumer as an institution, or withdraws it (the account keeps its balances, rights and orders). */
  setInstitution(cmd: SetInstitution): void {
    const account = this.e.accounts[cmd.accountId];
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (account === undefined || cmd.accountId === 0) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (typeof cmd.qualified !== 'boolean' || account.role !== (cmd.qualified ? Role.CONSUMER : Role.INSTITUTION)) reason = RejectReason.INVALID_QUALIFICATION;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const a = account!;
    a.role = cmd.qualified ? Role.INSTITUTION : Role.CONSUMER;
    a.qualifiedBy = cmd.qualified ? cmd.actor : 0;
    a.qualifiedAtMs = cmd.qualified ? this.e.nowMs : 0;
    this.e.out.push({ type: EventType.INSTITUTION_SET, seq: this.e.seq, timeMs: this.e.nowMs, actor: cmd.actor, accountId: a.id, qualified: cmd.qualified });
  }

  /** The operator verifies a provider's identity, or revokes it (the account keeps its balances, rights, orders and listings). */
  setProviderVerified(cmd: SetProviderVerified): void {
    const account = this.e.accounts[cmd.accountId];
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (account === undefined || cmd.accountId === 0) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (typeof cmd.verified !== 'boolean' || account.role !== Role.PROVIDER || account.verified === cmd.verified) reason = RejectReason.INVALID_VERIFICATION;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    account!.verified = cmd.verified;
    this.e.out.push({ type: EventType.PROVIDER_VERIFIED, seq: this.e.seq, timeMs: this.e.nowMs, actor: cmd.actor, accountId: cmd.accountId, verified: cmd.verified });
  }

  /** Rules 19: the operator freezes a provider's payouts whole (its own deposits too: a screening hit), or thaws them. */
  setPayoutsFrozen(cmd: SetPayoutsFrozen): void {
    const account = this.e.accounts[cmd.accountId];
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (this.e.rulesVersion < OWN_DEPOSIT_RULES) reason = RejectReason.UNKNOWN_RULES;
    else if (account === undefined || cmd.accountId === 0) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (typeof cmd.frozen !== 'boolean' || account.role !== Role.PROVIDER || account.payoutsFrozen === cmd.frozen) reason = RejectReason.INVALID_VERIFICATION;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    account!.payoutsFrozen = cmd.frozen;
    this.e.out.push({ type: EventType.PAYOUTS_FROZEN, seq: this.e.seq, timeMs: this.e.nowMs, actor: cmd.actor, accountId: cmd.accountId, frozen: cmd.frozen });
  }
}
