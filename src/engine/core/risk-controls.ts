/**
 * The operator's risk controls as the engine applies them: a parameter change
 * (checked against the registry again, so a journaled value is always valid), kill
 * switches (an account, a series or everything: resting orders cancelled, new ones
 * refused) and the reset of market-maker protection. A module of the engine's state
 * machine (src/engine/engine.ts), within `Engine.apply`.
 */
import { KillScope, type ResetMmp, type SetKillSwitch, type SetParam } from './commands.js';
import type { EngineState } from './engine-state.js';
import type { OrderEntry } from './order-entry.js';
import { CancelReason, EventType } from './events.js';
import { RejectReason } from './reject-reason.js';
import { checkParam, isFeeParam, setRiskParam } from '../../risk/index.js';

/** The engine as the risk controls sees it: the state it reads and writes, and the other concerns it calls. */
export type RiskControlsEngine = Pick<EngineState, 'series' | 'nowMs' | 'seq' | 'rejectCommand' | 'out' | 'isOperator' | 'killAll' | 'forgetQuotes' | 'accounts' | 'risk' | 'params' | 'paramValue' | 'brokerId' | 'fees'> & {
  readonly orderEntry: Pick<OrderEntry, 'cancelResting' | 'cancelAllInSeries'>;
};

export class RiskControls {
  constructor(private readonly e: RiskControlsEngine) {}

  setParam(cmd: SetParam): void {
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (typeof cmd.name !== 'string') reason = RejectReason.UNKNOWN_PARAM;
    else {
      const problem = checkParam(cmd.name, cmd.value);
      if (problem === 'UNKNOWN_PARAM') reason = RejectReason.UNKNOWN_PARAM;
      else if (problem === 'OUT_OF_RANGE') reason = RejectReason.PARAM_OUT_OF_RANGE;
    }
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const oldValue = this.e.paramValue(cmd.name);
    this.e.params.set(cmd.name, cmd.value);
    setRiskParam(this.e.risk, cmd.name, cmd.value);
    if (isFeeParam(cmd.name)) this.e.fees.rebuild(this.e.params);
    this.e.out.push({ type: EventType.PARAM_CHANGED, seq: this.e.seq, timeMs: this.e.nowMs, actor: cmd.actor, name: cmd.name, oldValue, newValue: cmd.value });
  }

  setKillSwitch(cmd: SetKillSwitch): void {
    let reason: RejectReason = RejectReason.NONE;
    const engaged = cmd.engaged === true;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (cmd.scope === KillScope.ACCOUNT) {
      const a = this.e.accounts[cmd.targetId];
      if (a === undefined || cmd.targetId === 0) reason = RejectReason.UNKNOWN_ACCOUNT;
      else if (a.killed === engaged) reason = RejectReason.KILL_SWITCH_UNCHANGED;
    } else if (cmd.scope === KillScope.SERIES) {
      const s = this.e.series[cmd.targetId];
      if (s === undefined || cmd.targetId === 0) reason = RejectReason.UNKNOWN_SERIES;
      else if (s.killed === engaged) reason = RejectReason.KILL_SWITCH_UNCHANGED;
    } else if (cmd.scope === KillScope.GLOBAL) {
      if (cmd.targetId !== 0) reason = RejectReason.UNKNOWN_SERIES;
      else if (this.e.killAll === engaged) reason = RejectReason.KILL_SWITCH_UNCHANGED;
    } else reason = RejectReason.INVALID_ORDER_TYPE;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.e.out.push({ type: EventType.KILL_SWITCH_CHANGED, seq: this.e.seq, timeMs: this.e.nowMs, actor: cmd.actor, scope: cmd.scope, targetId: cmd.targetId, engaged });
    if (cmd.scope === KillScope.ACCOUNT) {
      const account = this.e.accounts[cmd.targetId]!;
      account.killed = engaged;
      if (!engaged) return;
      for (let o = account.firstOrder; o !== null; ) {
        const next = o.accountNext;
        this.e.orderEntry.cancelResting(o, CancelReason.KILL_SWITCH);
        o = next;
      }
      if (account.id === this.e.brokerId) for (const s of this.e.series) if (s !== undefined) this.e.forgetQuotes(s);
      return;
    }
    const targets = cmd.scope === KillScope.SERIES ? [this.e.series[cmd.targetId]!] : this.e.series;
    if (cmd.scope === KillScope.SERIES) targets[0]!.killed = engaged;
    else this.e.killAll = engaged;
    if (!engaged) return;
    for (const s of targets) {
      if (s === undefined) continue;
      this.e.orderEntry.cancelAllInSeries(s, CancelReason.KILL_SWITCH);
      this.e.forgetQuotes(s);
    }
  }

  resetMmp(cmd: ResetMmp): void {
    const series = this.e.series[cmd.seriesId];
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (series === undefined) reason = RejectReason.UNKNOWN_SERIES;
    else if (series.mmpFrozenUntilMs <= this.e.nowMs) reason = RejectReason.MMP_NOT_TRIGGERED;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const s = series!;
    s.mmpFrozenUntilMs = 0;
    s.mmpFilledQty = 0;
    s.mmpWindowStartMs = 0;
    this.e.out.push({ type: EventType.MMP_RESET, seq: this.e.seq, timeMs: this.e.nowMs, actor: cmd.actor, seriesId: s.id });
  }
}
