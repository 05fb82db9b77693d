/**
 * The account statement (src/gateway/account-statement.ts) fed the turns of real engine streams as the journal's
 * replay feeds it, in a real LMDB store: forwards traded under a fee schedule and delivered short (compensation and
 * forfeits), deposits and withdrawals, an organisation's funds moved in and out; then spot under escrow rules with
 * claims, disputes and releases. For every account (the broker's and the fee account's too) each row's balance after
 * is the engine's balance at that row's seq, the rows add up (each is the one before plus its amount), and the last is
 * the engine's balance at the end; across a restart, and with a turn taken twice. Then synthetics and options under a
 * fee schedule: margin top-ups, liquidations and the cash settlement at the close.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandKind, Engine, EventType, Role, SYSTEM_ACTOR, WEI_PER_MICRO, type Command, type EngineEvent, type EngineLimits } from '../../src/engine/index.js';
import { AccountStatement, FEE_ACCOUNT, type StatementEntry } from '../../src/gateway/account-statement.js';
import type { StatementKind } from '../../src/gateway/statement-kinds.js';
import { StatementBalances, type BalanceChange } from '../../src/gateway/statement-balances.js';
import { removeDir } from '../support/exchange-fixture.js';
import { BUYERS, BROKER, driveForwardStream, limitsFor, scenarioFor, type Step } from '../support/forward-stream.js';
import { escrowSetup, escrowStream } from '../support/escrow-stream.js';
import { stream as cashSettledStream } from '../support/cash-settled-stream.js';
import { PAT } from '../support/engine-fixture.js';

/** Commands folded into one turn at most (a turn's commands share its time). */
const TURN_COMMANDS = 7;

/**
 * An engine applying each step at once (the streams read it to make the next), its steps kept as the journal, and
 * the statement fed them turn by turn afterwards, as the sequencer releases a turn after later ones were applied.
 */
class Fed {
  readonly engine: Engine;
  readonly steps: Step[] = [];
  private turn: { firstSeq: number; timeMs: number; commands: Command[]; events: EngineEvent[] } | undefined;
  statement: AccountStatement;

  constructor(
    readonly dir: string,
    readonly limits: Partial<EngineLimits>,
    /** Fed as the statement's thread feeds it: the journal's commands only, its engine naming the accounts from its own events. */
    readonly ownEvents = false,
  ) {
    this.engine = new Engine(limits);
    this.statement = this.open();
  }

  open(): AccountStatement {
    return AccountStatement.create(this.dir, (seq) => this.engineAt(seq), {}, this.ownEvents);
  }

  /** The journal's replay: an engine as of `seq`. */
  engineAt(seq: number): Engine {
    const e = new Engine(this.limits);
    for (let i = 0; i < seq; i++) e.apply(this.steps[i]!.cmd, i + 1, this.steps[i]!.timeMs, []);
    return e;
  }

  submit = (step: Step): EngineEvent[] => {
    if (this.turn !== undefined && (this.turn.timeMs !== step.timeMs || this.turn.commands.length === TURN_COMMANDS)) this.release();
    const seq = this.engine.lastSeq + 1;
    const events: EngineEvent[] = [];
    this.engine.apply(step.cmd, seq, step.timeMs, events);
    this.steps.push(step);
    this.turn ??= { firstSeq: seq, timeMs: step.timeMs, commands: [], events: [] };
    this.turn.commands.push(step.cmd);
    this.turn.events.push(...events);
    return events;
  };

  /** The turn gathered so far to the statement; `withoutEvents`: as if its events named no account (the check of the engine's total must find them). */
  release(withoutEvents = false): void {
    const t = this.turn;
    if (t === undefined) return;
    this.turn = undefined;
    this.statement.model.take({ firstSeq: t.firstSeq, lastSeq: t.firstSeq + t.commands.length - 1, timeMs: t.timeMs, commands: t.commands, events: withoutEvents || this.ownEvents ? [] : t.events });
  }

  /** Every row of an account, oldest first, read page by page. */
  rowsOf(accountId: number): StatementEntry[] {
    const out: StatementEntry[] = [];
    let before: number | undefined;
    for (;;) {
      const page = this.statement.statementOf(accountId, 1_000, before);
      out.push(...page.entries);
      if (page.next === null) return out.reverse();
      before = page.next;
    }
  }
}

function owned(engine: Engine, accountId: number): number {
  if (accountId === FEE_ACCOUNT) return engine.feeAccountMicros;
  const a = engine.accounts[accountId]!;
  return a.availableMicros + a.heldMicros + a.lockedMicros;
}

/** Every account's rows add up and each row's balance after is the engine's at its seq; the last is the engine's now. Returns the kinds seen. */
function expectTiesOut(fed: Fed): Set<StatementKind> {
  const kinds = new Set<StatementKind>();
  const accounts = [FEE_ACCOUNT, ...Array.from({ length: fed.engine.accounts.length - 1 }, (_, i) => i + 1)];
  const bySeq = new Map<number, Array<{ accountId: number; row: StatementEntry }>>();
  let sum = 0;
  for (const accountId of accounts) {
    const rows = fed.rowsOf(accountId);
    let balance = 0;
    for (const row of rows) {
      expect(row.balanceMicros, `account ${accountId} seq ${row.seq}`).toBe(balance + row.amountMicros);
      expect(row.availableMicros + row.heldMicros + row.lockedMicros).toBe(row.balanceMicros);
      balance = row.balanceMicros;
      kinds.add(row.kind);
      bySeq.set(row.seq, [...(bySeq.get(row.seq) ?? []), { accountId, row }]);
    }
    expect(balance, `account ${accountId}'s last balance`).toBe(owned(fed.engine, accountId));
    sum += balance;
  }
  expect(sum).toBe(fed.engine.totalMicros);
  // Replayed seq by seq: each row's balance after is the engine's at its seq.
  const e = new Engine(fed.limits);
  fed.steps.forEach((step, i) => {
    e.apply(step.cmd, i + 1, step.timeMs, []);
    for (const { accountId, row } of bySeq.get(i + 1) ?? []) {
      expect(row.balanceMicros, `account ${accountId} at seq ${i + 1}`).toBe(owned(e, accountId));
      if (accountId !== FEE_ACCOUNT) expect(row.lockedMicros).toBe(e.accounts[accountId]!.lockedMicros);
    }
  });
  return kinds;
}

describe('account statement', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) removeDir(dir);
  });

  it('ties out for every account through forwards delivered short under a fee schedule, organisation moves and withdrawals, across a restart', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-'));
    const seed = 7;
    const fed = new Fed(dir, limitsFor(scenarioFor(seed)));
    const fees: Array<[string, number]> = [['fee.makerBps:FORWARD', 15], ['fee.takerBps:FORWARD', 40], ['fee.takerBps:SPOT', 20], ['fee.takeRateBps:FORWARD', 300]];
    const afterSetup = fees.map(([name, value]) => ({ kind: CommandKind.SET_PARAM, actor: 1, name, value }) as const);
    driveForwardStream(seed, { commands: 600, afterSetup }, fed.submit, () => fed.engine);
    fed.release();
    // Closed and opened again (its rows written, its progress saved): it goes on from there with an engine rebuilt as of its seq.
    await fed.statement.close();
    fed.statement = fed.open();
    // An organisation: founded by a buyer, funded, paid back to its admin; a withdrawal.
    const at = fed.steps.at(-1)!.timeMs + 1_000;
    const opened = fed.submit({ cmd: { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: `0x${'ab'.repeat(20)}` }, timeMs: at });
    const buyer = opened[0]!.type === EventType.ACCOUNT_OPENED ? opened[0]!.accountId : 0;
    fed.submit({ cmd: { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: buyer, amountWei: BigInt(50 * PAT) * WEI_PER_MICRO, ref: 'chain:0xabc:1' }, timeMs: at });
    const created = fed.submit({ cmd: { kind: CommandKind.CREATE_ORGANISATION, actor: buyer, name: 'Acme Analytics' }, timeMs: at });
    const org = created.find((e) => e.type === EventType.ORGANISATION_CREATED);
    expect(org).toBeDefined();
    const organisationId = org!.type === EventType.ORGANISATION_CREATED ? org!.organisationId : 0;
    fed.submit({ cmd: { kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: buyer, organisationId, toOrganisation: true, amountMicros: 10 * PAT }, timeMs: at });
    fed.submit({ cmd: { kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: buyer, organisationId, toOrganisation: false, amountMicros: 4 * PAT }, timeMs: at });
    fed.submit({ cmd: { kind: CommandKind.REQUEST_WITHDRAWAL, actor: BUYERS[2], amountWei: BigInt(3 * PAT) * WEI_PER_MICRO }, timeMs: at + 1 });
    fed.submit({ cmd: { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: BROKER, amountWei: 5n * WEI_PER_MICRO + 1n, ref: '=HYPERLINK("x")' }, timeMs: at + 2 });
    fed.release();
    // A fee sweep (docs/fees.md), in a turn of its own: out of the fee account, into the treasury (the buyer's address stands for the vault's fee recipient).
    expect(fed.engine.feeAccountMicros).toBeGreaterThan(1_000);
    const sweptEvents = fed.submit({ cmd: { kind: CommandKind.SWEEP_FEES, actor: SYSTEM_ACTOR, treasuryAccountId: buyer, feeRecipient: `0x${'ab'.repeat(20)}`, amountMicros: 1_000 }, timeMs: at + 2 });
    expect(sweptEvents[0]!.type).toBe(EventType.FEES_SWEPT);
    fed.release();
    expect(fed.rowsOf(FEE_ACCOUNT).at(-1)).toMatchObject({ kind: 'fee_sweep', amountMicros: -1_000, ref: `to account ${buyer}` });
    expect(fed.rowsOf(buyer).at(-1)).toMatchObject({ kind: 'fee_sweep', amountMicros: 1_000 });

    // A turn taken again (the replay at an open after a crash, then the release) is taken once.
    const seqBefore = fed.statement.model.seq;
    const last = fed.steps.length;
    fed.statement.model.take({ firstSeq: last, lastSeq: last, timeMs: at + 2, commands: [fed.steps[last - 1]!.cmd], events: [] });
    expect(fed.statement.model.seq).toBe(seqBefore);

    const kinds = expectTiesOut(fed);
    for (const k of ['deposit', 'withdrawal', 'trade_buy', 'trade_sell', 'fee', 'forward_delivery', 'forward_compensation', 'organisation_funds_in', 'organisation_funds_out', 'forward_take_rate', 'fee_sweep'] as const) expect(kinds, k).toContain(k);
    expect(fed.statement.fullScans).toBe(0);
    expect(fed.statement.sweptChanges).toBe(0);

    // After a restart it says the same, and goes on from where it was.
    const before = fed.rowsOf(buyer);
    await fed.statement.close();
    fed.statement = fed.open();
    expect(fed.rowsOf(buyer)).toEqual(before);
    fed.submit({ cmd: { kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: buyer, organisationId, toOrganisation: true, amountMicros: 1 * PAT }, timeMs: at + 3 });
    fed.release();
    expectTiesOut(fed);
    await fed.statement.close();
  });

  it('ties out through escrowed spot sales, exercises, claims, disputes and releases (rules 5)', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-escrow-'));
    const fed = new Fed(dir, {});
    for (const step of escrowSetup(5)) fed.submit(step);
    for (const step of escrowStream(11, fed.engine, 1_500, 5)) fed.submit(step);
    fed.release();
    const kinds = expectTiesOut(fed);
    for (const k of ['trade_buy', 'trade_sell', 'escrow_released', 'claim_refund'] as const) expect(kinds, k).toContain(k);
    expect(fed.statement.fullScans).toBe(0);
    expect(fed.statement.sweptChanges).toBe(0);
    await fed.statement.close();
  });

  it.each([11, 12, 13])('ties out through synthetics and options under a fee schedule: margin, liquidations, cash settlement at the close (seed %i)', async (seed) => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-cash-'));
    const fed = new Fed(dir, {});
    for (const [cmd, timeMs] of cashSettledStream(seed, true, 12)) fed.submit({ cmd, timeMs });
    fed.release();
    const kinds = expectTiesOut(fed);
    for (const k of ['trade_buy', 'trade_sell', 'cash_settlement', 'fee', 'margin_top_up', 'liquidation'] as const) expect(kinds, k).toContain(k);
    expect(fed.statement.fullScans).toBe(0);
    expect(fed.statement.sweptChanges).toBe(0);
    await fed.statement.close();
  });

  it('an account the events do not name is still found: the engine total does not add up, and every account is compared', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-scan-'));
    const fed = new Fed(dir, {});
    for (const step of escrowSetup(5)) fed.submit(step);
    fed.release();
    const at = fed.steps.at(-1)!.timeMs + 1;
    fed.submit({ cmd: { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: 4, amountWei: BigInt(3 * PAT) * WEI_PER_MICRO, ref: 'unnamed' }, timeMs: at });
    fed.submit({ cmd: { kind: CommandKind.REQUEST_WITHDRAWAL, actor: 4, amountWei: BigInt(PAT) * WEI_PER_MICRO }, timeMs: at });
    fed.release(true);
    expect(fed.statement.fullScans).toBe(1); // the deposit's: the withdrawal's actor is its account
    expect(fed.rowsOf(4).slice(-2).map((r) => [r.kind, r.amountMicros])).toEqual([['other', 3 * PAT], ['other', -PAT]]);
    expectTiesOut(fed);
    await fed.statement.close();
  });

  it("its thread's way (the journal's commands only, its engine naming the accounts from the events it makes) writes the same rows as the turns' events do", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-own-'));
    const streams: Array<(fed: Fed) => void> = [
      (fed) => {
        for (const step of escrowSetup(5)) fed.submit(step);
        for (const step of escrowStream(11, fed.engine, 800, 5)) fed.submit(step);
      },
      (fed) => {
        for (const [cmd, timeMs] of cashSettledStream(12, true, 12)) fed.submit({ cmd, timeMs });
        // Half the fees charged swept to the broker as the treasury (docs/fees.md): out of the fee account, into the broker's rows.
        const amountMicros = Math.floor(fed.engine.feeAccountMicros / 2);
        expect(amountMicros).toBeGreaterThan(0);
        const swept = fed.submit({ cmd: { kind: CommandKind.SWEEP_FEES, actor: SYSTEM_ACTOR, treasuryAccountId: fed.engine.brokerId, feeRecipient: `0x${'9e'.repeat(20)}`, amountMicros }, timeMs: fed.steps.at(-1)!.timeMs });
        expect(swept.map((e) => e.type)).toEqual([EventType.FEES_SWEPT]);
      },
    ];
    for (const [n, drive] of streams.entries()) {
      const fromEvents = new Fed(path.join(dir, `events-${n}`), {});
      const fromCommands = new Fed(path.join(dir, `commands-${n}`), {}, true);
      drive(fromEvents);
      drive(fromCommands);
      fromEvents.release();
      fromCommands.release();
      expectTiesOut(fromCommands);
      for (let id = 0; id < fromEvents.engine.accounts.length; id++) expect(fromCommands.rowsOf(id), `stream ${n} account ${id}`).toEqual(fromEvents.rowsOf(id));
      expect([fromCommands.statement.fullScans, fromCommands.statement.sweptChanges]).toEqual([0, 0]);
      await fromEvents.statement.close();
      await fromCommands.statement.close();
    }
  });

  it('a sweep of every account finds a change no command was compared for', () => {
    const engine = new Engine();
    const balances = new StatementBalances(engine);
    // Applied behind the statement's back: as if a command's events and the engine's total had both missed it.
    engine.apply({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' }, 1, 1_000, []);
    engine.apply({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: 1, amountWei: BigInt(2 * PAT) * WEI_PER_MICRO, ref: 'behind' }, 2, 1_000, []);
    const found: BalanceChange[] = [];
    balances.sweep((change) => void found.push(change));
    expect(found.map((c) => [c.accountId, c.seq, c.balanceBeforeMicros, c.balanceMicros])).toEqual([[1, 2, 0, 2 * PAT]]);
    expect(balances.sweptChanges).toBe(1);
    balances.sweep((change) => void found.push(change));
    expect(found).toHaveLength(1); // seen now
  });

  it('pages newest first with a cursor, and filters by time and kind', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-pages-'));
    const fed = new Fed(dir, {});
    for (const step of escrowSetup(5)) fed.submit(step);
    for (const step of escrowStream(3, fed.engine, 600, 5)) fed.submit(step);
    fed.release();
    const id = [3, 4, 5, 6, 7, 8].sort((a, b) => fed.rowsOf(b).length - fed.rowsOf(a).length)[0]!;
    const all = fed.rowsOf(id).reverse();
    expect(all.length).toBeGreaterThan(10);
    const first = fed.statement.statementOf(id, 4);
    expect(first.entries).toEqual(all.slice(0, 4));
    expect(fed.statement.statementOf(id, 4, first.next!).entries).toEqual(all.slice(4, 8));
    const mid = all[Math.floor(all.length / 2)]!.timeMs;
    expect(fed.statement.statementOf(id, 1_000, undefined, { toMs: mid }).entries).toEqual(all.filter((r) => r.timeMs <= mid));
    expect(fed.statement.statementOf(id, 1_000, undefined, { fromMs: mid }).entries).toEqual(all.filter((r) => r.timeMs >= mid));
    const kind = all[0]!.kind;
    expect(fed.statement.statementOf(id, 1_000, undefined, { kind }).entries).toEqual(all.filter((r) => r.kind === kind));
    await fed.statement.close();
  });
});
