/**
 * Cancel-on-disconnect sessions (docs/protocol.md, "Heartbeats, throttle, disconnects"): how many
 * order-entry sessions with cancel-on-disconnect each account has live, as engine state. The
 * gateway arms one when such a session logs in (before its first order) and ends it when the
 * session closes, with the account's mass cancel in the same command. A crash or a failover ends
 * sessions without either: what is still armed then is in the journal (and so on every standby),
 * and the service ends it with the mass cancel before it takes orders again (src/app/components/first-turns.ts).
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import type { ArmCancelOnDisconnect, EndCancelOnDisconnect } from './commands.js';
import type { EngineState } from './engine-state.js';
import { CancelReason } from './events.js';
import type { Account } from './account.js';
import { RejectReason } from './reject-reason.js';

/**
 * Armed sessions one account may have. Far above what the gateway lets an account hold
 * (`gateway.maxSessionsPerAccount` per wallet or organisation member, and every connection within
 * `gateway.maxConnections` and the process's file limit), so only a command from elsewhere meets it.
 */
export const MAX_CANCEL_ON_DISCONNECT_SESSIONS = 1_000_000;

export type CancelOnDisconnectEngine = Pick<EngineState, 'accounts' | 'rejectCommand' | 'isOperator'> & {
  readonly orderEntry: { cancelAccountOrders(account: Account, seriesId: number, reason: CancelReason): void };
};

export class CancelOnDisconnect {
  /** Account id → its armed sessions (always > 0: an account with none has no entry). At most one entry per account. */
  readonly armed = new Map<number, number>();

  constructor(private readonly e: CancelOnDisconnectEngine) {}

  arm(cmd: ArmCancelOnDisconnect): void {
    const reason = this.check(cmd.actor, cmd.accountId);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const armed = this.armed.get(cmd.accountId) ?? 0;
    if (armed >= MAX_CANCEL_ON_DISCONNECT_SESSIONS) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.CANCEL_ON_DISCONNECT_SESSIONS_FULL);
    this.armed.set(cmd.accountId, armed + 1);
  }

  end(cmd: EndCancelOnDisconnect): void {
    let reason = this.check(cmd.actor, cmd.accountId);
    if (reason === RejectReason.NONE && (!Number.isSafeInteger(cmd.sessions) || cmd.sessions < 1)) reason = RejectReason.INVALID_QUANTITY;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    // The orders first: a session that ends must leave nothing working that it was meant to take down.
    if (cmd.massCancel) this.e.orderEntry.cancelAccountOrders(this.e.accounts[cmd.accountId]!, 0, CancelReason.CANCEL_ON_DISCONNECT);
    // At most what is armed: a session whose arming the engine refused still closes, and takes its orders down.
    const left = (this.armed.get(cmd.accountId) ?? 0) - cmd.sessions;
    if (left > 0) this.armed.set(cmd.accountId, left);
    else this.armed.delete(cmd.accountId);
  }

  /** The accounts with sessions armed and how many, in account id order (the service ends them after a crash or a failover). */
  armedAccounts(): Array<{ accountId: number; sessions: number }> {
    return [...this.armed.entries()].sort((a, b) => a[0] - b[0]).map(([accountId, sessions]) => ({ accountId, sessions }));
  }

  /** A session acts for its own account; the system and operators for any. */
  private check(actor: number, accountId: number): RejectReason {
    if (!Number.isSafeInteger(accountId) || this.e.accounts[accountId] === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (actor !== accountId && !this.e.isOperator(actor)) return RejectReason.ROLE_NOT_ALLOWED;
    return RejectReason.NONE;
  }
}
