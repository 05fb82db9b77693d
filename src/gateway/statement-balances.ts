/**
 * The balances an account statement is made of (account-statement.ts), read from an engine of its own that applies
 * each journaled command again, as the engine did (replay.ts): deterministic replay makes its balances after a
 * command exactly the engine's at that seq. The live engine cannot be read instead: under 'flush' durability it has
 * applied later turns by the time a turn is released.
 *
 * After each command it compares the accounts the command's events name (and its actor, the broker, the fee
 * account) with what it last saw of them, and reports each that changed. The engine's total PAT (every account's
 * plus the fee account's) says whether they were all: if the changes it found do not add up to the total's, every
 * account is compared (`fullScans` counts those). What that cannot see (a move between two accounts the events did
 * not name, a lock) a sweep of every account finds (`sweep`, a few ms at a million accounts; `sweptChanges`).
 */
import type { Command, Engine, EngineEvent } from '../engine/index.js';
import { addNamedAccounts } from './statement-kinds.js';

/** One account's PAT before and after a command. µPAT. */
export interface BalanceChange {
  accountId: number;
  seq: number;
  balanceBeforeMicros: number;
  /** available + held + locked after the command (the fee account: its µPAT). */
  balanceMicros: number;
  availableMicros: number;
  heldMicros: number;
  lockedBeforeMicros: number;
  lockedMicros: number;
}

/** Called for each account a command changed, with the turn's events and where that command's are (`[from, to)`). */
export type OnBalanceChange = (change: BalanceChange, events: readonly EngineEvent[], from: number, to: number) => void;

/** A turn as the statement takes it: its commands, and the events the engine made of them unless the statement's engine makes its own (`ownEvents`). */
export interface StatementTurn {
  firstSeq: number;
  timeMs: number;
  commands: readonly Command[];
  events: readonly EngineEvent[];
}

/** The fee account's index among the balances (account ids start at 1). */
const FEE_INDEX = 0;

export class StatementBalances {
  /** What each account owned and had locked when last seen, by account id; [0] the fee account. */
  private readonly owned: number[] = [];
  private readonly locked: number[] = [];
  private readonly named = new Set<number>();
  /** The events the replay makes: not read when the turn's own are given, else what names the accounts (`ownEvents`). */
  private readonly scratch: EngineEvent[] = [];
  fullScans = 0;
  /** Changes only a sweep found (0 unless the events missed an account). */
  sweptChanges = 0;

  constructor(
    private readonly engine: Engine,
    /** Name the accounts from the events this engine makes, not the turn's (a thread that reads only the journal's commands: statement-follower.ts). */
    private readonly ownEvents = false,
  ) {
    this.owned[FEE_INDEX] = engine.feeAccountMicros;
    this.locked[FEE_INDEX] = 0;
    for (let id = 1; id < engine.accounts.length; id++) {
      const a = engine.accounts[id];
      this.owned[id] = a === undefined ? 0 : a.availableMicros + a.heldMicros + a.lockedMicros;
      this.locked[id] = a?.lockedMicros ?? 0;
    }
  }

  get brokerId(): number {
    return this.engine.brokerId;
  }

  /** The engine's seq: the statement's balances are as of it. */
  get seq(): number {
    return this.engine.lastSeq;
  }

  /** Applies a turn's commands one by one, reporting each account each changed. */
  applyTurn(turn: StatementTurn, onChange: OnBalanceChange): void {
    if (this.ownEvents) return this.applyMakingEvents(turn, onChange);
    const engine = this.engine;
    const events = turn.events;
    let next = 0; // the first event of the command at hand
    engine.withoutEvents(() => {
      for (let i = 0; i < turn.commands.length; i++) {
        const seq = turn.firstSeq + i;
        const from = next;
        while (next < events.length && events[next]!.seq <= seq) next++;
        if (seq <= engine.lastSeq) continue; // a turn that began before the seq the engine was built at
        const cmd = turn.commands[i]!;
        const totalBefore = engine.totalMicros;
        engine.apply(cmd, seq, turn.timeMs, this.scratch);
        this.scratch.length = 0;
        this.compareNamed(cmd, seq, events, from, next, totalBefore, onChange);
      }
    });
  }

  /** `applyTurn` naming the accounts from the events its engine makes of each command. */
  private applyMakingEvents(turn: StatementTurn, onChange: OnBalanceChange): void {
    const engine = this.engine;
    const events = this.scratch;
    events.length = 0;
    for (let i = 0; i < turn.commands.length; i++) {
      const seq = turn.firstSeq + i;
      if (seq <= engine.lastSeq) continue; // a turn that began before the seq the engine was built at
      const cmd = turn.commands[i]!;
      const from = events.length;
      const totalBefore = engine.totalMicros;
      engine.apply(cmd, seq, turn.timeMs, events);
      this.compareNamed(cmd, seq, events, from, events.length, totalBefore, onChange);
    }
    events.length = 0;
  }

  /** After a command: its actor, the broker, the fee account and every account its events name compared; all of them if those miss a move of the total. */
  private compareNamed(cmd: Command, seq: number, events: readonly EngineEvent[], from: number, to: number, totalBefore: number, onChange: OnBalanceChange): void {
    const named = this.named;
    named.clear();
    named.add(cmd.actor);
    named.add(this.engine.brokerId);
    for (let k = from; k < to; k++) addNamedAccounts(events[k]!, named);
    let moved = this.compareFee(seq, events, from, to, onChange);
    for (const id of named) moved += this.compare(id, seq, events, from, to, onChange);
    if (moved !== this.engine.totalMicros - totalBefore) this.compareAll(seq, events, from, to, onChange);
  }

  /** Compares one account with what was last seen of it; reports a change. Returns the change of what it owns. */
  private compare(id: number, seq: number, events: readonly EngineEvent[], from: number, to: number, onChange: OnBalanceChange): number {
    const a = id > 0 ? this.engine.accounts[id] : undefined;
    if (a === undefined) return 0;
    const owned = a.availableMicros + a.heldMicros + a.lockedMicros;
    const before = this.owned[id] ?? 0;
    const lockedBefore = this.locked[id] ?? 0;
    if (owned === before && a.lockedMicros === lockedBefore) return 0;
    this.owned[id] = owned;
    this.locked[id] = a.lockedMicros;
    onChange(
      { accountId: id, seq, balanceBeforeMicros: before, balanceMicros: owned, availableMicros: a.availableMicros, heldMicros: a.heldMicros, lockedBeforeMicros: lockedBefore, lockedMicros: a.lockedMicros },
      events,
      from,
      to,
    );
    return owned - before;
  }

  private compareFee(seq: number, events: readonly EngineEvent[], from: number, to: number, onChange: OnBalanceChange): number {
    const owned = this.engine.feeAccountMicros;
    const before = this.owned[FEE_INDEX]!;
    if (owned === before) return 0;
    this.owned[FEE_INDEX] = owned;
    onChange({ accountId: FEE_INDEX, seq, balanceBeforeMicros: before, balanceMicros: owned, availableMicros: owned, heldMicros: 0, lockedBeforeMicros: 0, lockedMicros: 0 }, events, from, to);
    return owned - before;
  }

  /** Every account compared with what was last seen of it, as of the engine's seq: a change found is reported with no events. */
  sweep(onChange: OnBalanceChange): void {
    const seq = this.engine.lastSeq;
    const report: OnBalanceChange = (change, events, from, to) => {
      this.sweptChanges++;
      onChange(change, events, from, to);
    };
    this.compareFee(seq, [], 0, 0, report);
    for (let id = 1; id < this.engine.accounts.length; id++) this.compare(id, seq, [], 0, 0, report);
  }

  /** A command moved PAT of an account its events did not name: every account is compared. */
  private compareAll(seq: number, events: readonly EngineEvent[], from: number, to: number, onChange: OnBalanceChange): void {
    this.fullScans++;
    for (let id = 1; id < this.engine.accounts.length; id++) this.compare(id, seq, events, from, to, onChange);
  }
}
