/**
 * Each account's statement (GET /v1/statement; docs/http-api.md, "Account statement"): every change of the PAT it owns,
 * with the balance after, as Coinbase's account ledger, Kraken's /Ledgers and Deribit's transaction log give one.
 * Kept in LMDB under <dataDir>/statement and derived from the journal as the fills are (journal-read-model.ts), so it
 * answers the same after a restart and a new store is built from the journal at its first open.
 *
 * It ties out by construction: the balances are not summed from event amounts (the engine's events do not carry
 * every movement's figures) but read from a replaying engine of the statement's own (`StatementBalances`), which
 * applies each turn's journaled commands as the engine did, so after each command it holds exactly the balances the
 * engine held at that seq. A row's `balanceMicros` is that engine's balance; its `amountMicros` is the difference
 * from the account's row before, so the rows telescope. The events only name the row (statement-kinds.ts) and the
 * accounts to look at after a command; a check of the engine's total PAT catches an account they missed, and then
 * every account is looked at, as it is every 5 s of turns anyway (a sweep: what the total cannot show).
 *
 * - A row per account per command that changed the PAT it owns (`balanceMicros` = available + held + locked) or what of
 *   it is locked until a delivery, a dispute window or a close (`lockedMicros`: forward collateral and proceeds,
 *   escrowed sale proceeds, margin). PAT held by resting orders (`heldMicros`) is given on each row but moving it is
 *   no row (every order the broker quotes would be one).
 * - The broker's and the fee account's rows are one per turn (up to 4,096 commands): the broker is a side of nearly
 *   every trade and the fee account gains at nearly every fill. `commands` says how many commands a row folds.
 * - The fee account is account 0 here (FEE_ACCOUNT; the engine keeps it as `feeAccountMicros`, in no account).
 * - Gathered per account and written as one record per account per flush under [accountId, first seq], as the fills
 *   are (account-fills.ts) and for their reason: an LMDB put per row was a quarter of the statement's time on the
 *   release path (bench/statement-cost.ts). An account's rows are then contiguous and in seq order. A row at or below
 *   the last one kept for its account was taken before (a turn taken again after a crash) and is skipped. Kept for
 *   ever (an auditor reads years back); reads are paged, newest first.
 */
import type { Database } from 'lmdb';
import type { Engine } from '../engine/index.js';
import { JournalReadModel, type DerivedStoreOptions } from '../read-models/journal-read-model.js';
import type { ReplayedTurn } from '../read-models/replay.js';
import { StatementBalances, type BalanceChange } from './statement-balances.js';
import { feesPaid, KIND_RANK, nameMovement, type Named, type StatementKind } from './statement-kinds.js';

/** The exchange's fee account in the statement: the engine's account 0 is no one's. */
export const FEE_ACCOUNT = 0;

/** One row of an account's statement. µPAT throughout. */
export interface StatementEntry {
  /** The seq of the command (for a folded row, of the turn's last command that moved the account). */
  seq: number;
  /** The sequencer's time of the turn. */
  timeMs: number;
  kind: StatementKind;
  /** What an auditor looks the movement up by: `trade N`, `grant N`, `series N`, `withdrawal N`, a deposit's chain reference. */
  ref: string;
  /** The change of the PAT the account owns (+ in, − out). */
  amountMicros: number;
  /** The PAT it owns after: available + held + locked. */
  balanceMicros: number;
  /** Of it: free to trade or withdraw, held by resting orders, locked until a delivery, a dispute window or a close. */
  availableMicros: number;
  heldMicros: number;
  lockedMicros: number;
  /** The change of `lockedMicros` (a lock or a release moves no PAT out of the account). */
  lockedChangeMicros: number;
  /** Of `amountMicros`: the trading fees the account paid (the fee account: 0, its whole amount is fees). */
  feeMicros: number;
  /** Commands the row folds (1, or the broker's and the fee account's per turn). */
  commands: number;
}

type StatementKey = [accountId: number, firstSeq: number];

/** The store's layout. */
const STATEMENT_VERSION = 2; // 2: a record per account per flush. An older store is derived again from the journal
/** How often (the turns' time) every account is compared with what the statement last saw of it (StatementBalances.sweep). */
const SWEEP_EVERY_MS = 5_000;
/** Rows gathered before they are written without waiting for the next flush. */
const MAX_GATHERED_ROWS = 4_096;
/** At most this many rows a read (the `limit` of GET /v1/statement). */
export const MAX_STATEMENT_ROWS_PER_READ = 1_000;
/** A read with filters looks at no more than this many rows, and says where to go on. */
export const MAX_STATEMENT_ROWS_SCANNED = 20_000;

export interface StatementPage {
  entries: StatementEntry[];
  /** The `before` of the following page (null: none). */
  next: number | null;
}

export interface StatementFilter {
  /** Rows at or after this time, and at or before `toMs`. */
  fromMs?: number;
  toMs?: number;
  kind?: StatementKind;
}

export class AccountStatement {
  /** Rows gathered since the last flush, by account, in seq order. */
  private readonly gathered = new Map<number, StatementEntry[]>();
  private gatheredRows = 0;
  /** The last seq kept (written or gathered) per account, read once per account after an open. */
  private readonly lastSeqs = new Map<number, number>();
  private balances: StatementBalances | undefined;
  private sweptAtMs = 0;

  private constructor(
    readonly model: JournalReadModel,
    private readonly rows: Database<StatementEntry[], StatementKey>,
    /** An engine holding the state as of a journaled seq (replay.ts engineAt): the statement's own, at its first turn. */
    private readonly engineAt: (seq: number) => Engine,
    /** Its engine names the accounts from the events it makes, not the turn's (StatementBalances). */
    private readonly ownEvents: boolean,
  ) {}

  /**
   * Opens the store under the data directory; it takes turns through `model.take`. `ownEvents`: the turns come without
   * their events (the journal's records, on the statement's thread: statement-follower.ts).
   */
  static create(dataDir: string, engineAt: (seq: number) => Engine, options: DerivedStoreOptions = {}, ownEvents = false): AccountStatement {
    const model = new JournalReadModel(dataDir, 'statement', 1, STATEMENT_VERSION, options);
    const rows = model.env.openDB<StatementEntry[], StatementKey>({ name: 'rows' });
    const statement = new AccountStatement(model, rows, engineAt, ownEvents);
    model.recordWith((turn) => statement.record(turn));
    model.flushWith(() => statement.flush());
    return statement;
  }

  /** How many times a command moved PAT of an account its events did not name, so every account was looked at. */
  get fullScans(): number {
    return this.balances?.fullScans ?? 0;
  }

  /** Changes only a sweep of every account found: a statement row named `other`, `found by the sweep`. */
  get sweptChanges(): number {
    return this.balances?.sweptChanges ?? 0;
  }

  /**
   * Builds the statement's engine as of the seq the store reached (the rows before it are written), at open: else the
   * first turn would, and on a store already at the journal's end that is the first released turn, whose release would
   * wait for a replay from the last snapshot. Not in `create`: a store ahead of the journal is emptied after it opens.
   */
  prepare(): StatementBalances {
    return (this.balances ??= new StatementBalances(this.engineAt(this.model.seq), this.ownEvents));
  }

  private record(turn: ReplayedTurn): void {
    const balances = this.prepare();
    const folded = new Map<number, { entry: StatementEntry; firstSeq: number; kinds: Set<StatementKind> }>();
    balances.applyTurn(turn, (change, events, from, to) => {
      const foldsTurn = change.accountId === FEE_ACCOUNT || change.accountId === balances.brokerId;
      const named = nameMovement(events, from, to, change.accountId, change.accountId === FEE_ACCOUNT);
      const prior = foldsTurn ? folded.get(change.accountId) : undefined;
      const fee = change.accountId === FEE_ACCOUNT ? 0 : feesPaid(events, from, to, change.accountId);
      const entry = entryOf(change, turn.timeMs, named, fee, prior?.entry);
      if (!foldsTurn) return this.gather(change.accountId, entry);
      const kinds = prior?.kinds ?? new Set<StatementKind>();
      kinds.add(named.kind);
      folded.set(change.accountId, { entry, firstSeq: prior?.firstSeq ?? change.seq, kinds });
    });
    for (const [accountId, { entry, firstSeq, kinds }] of folded) {
      // A row of several commands names their seqs and kinds (its `kind` the first of them in STATEMENT_KINDS' order).
      if (entry.commands > 1) entry.ref = `seqs ${firstSeq}-${entry.seq}: ${[...kinds].join(' ')}`;
      this.gather(accountId, entry);
    }
    if (turn.timeMs - this.sweptAtMs >= SWEEP_EVERY_MS) {
      this.sweptAtMs = turn.timeMs;
      balances.sweep((change) => this.gather(change.accountId, entryOf(change, turn.timeMs, { kind: 'other', ref: 'found by the sweep' }, 0, undefined)));
    }
    if (this.gatheredRows >= MAX_GATHERED_ROWS) this.flush();
  }

  private gather(accountId: number, entry: StatementEntry): void {
    if (entry.seq <= (this.lastSeqs.get(accountId) ?? this.lastStoredSeq(accountId))) return;
    this.lastSeqs.set(accountId, entry.seq);
    let rows = this.gathered.get(accountId);
    if (rows === undefined) this.gathered.set(accountId, (rows = []));
    rows.push(entry);
    this.gatheredRows++;
  }

  /** The last seq stored for an account (0: none). */
  private lastStoredSeq(accountId: number): number {
    for (const { value } of this.rows.getRange({ start: [accountId, Number.MAX_SAFE_INTEGER], end: [accountId, -1], reverse: true, limit: 1 })) return value.at(-1)?.seq ?? 0;
    return 0;
  }

  /** Writes what was gathered in one synchronous transaction, so a read right after sees it. */
  flush(): void {
    if (this.gatheredRows === 0) return;
    this.model.env.transactionSync(() => {
      for (const [accountId, rows] of this.gathered) this.rows.putSync([accountId, rows[0]!.seq], rows);
    });
    this.gathered.clear();
    this.gatheredRows = 0;
  }

  /**
   * The account's rows, newest first, below seq `beforeSeq` when given: at most `limit`, within the filter. A read runs
   * on the engine's thread, so it looks at no more than MAX_STATEMENT_ROWS_SCANNED rows; `next` says where to go on.
   */
  statementOf(accountId: number, limit: number, beforeSeq = Number.MAX_SAFE_INTEGER, filter: StatementFilter = {}): StatementPage {
    this.flush();
    const wanted = Math.min(limit, MAX_STATEMENT_ROWS_PER_READ);
    const entries: StatementEntry[] = [];
    let scanned = 0;
    for (const { value: record } of this.rows.getRange({ start: [accountId, beforeSeq - 1], end: [accountId, -1], reverse: true })) {
      for (let i = record.length - 1; i >= 0; i--) {
        const row = record[i]!;
        if (row.seq >= beforeSeq) continue; // the record holding `before` itself
        // Times never run backwards along the seqs: below `from` nothing older matches.
        if (filter.fromMs !== undefined && row.timeMs < filter.fromMs) return { entries, next: null };
        if (entries.length === wanted) return { entries, next: entries.at(-1)!.seq };
        if (++scanned > MAX_STATEMENT_ROWS_SCANNED) return { entries, next: row.seq + 1 };
        if (filter.toMs !== undefined && row.timeMs > filter.toMs) continue;
        if (filter.kind !== undefined && row.kind !== filter.kind) continue;
        entries.push(row);
      }
    }
    return { entries, next: null };
  }

  close(): Promise<void> {
    return this.model.close();
  }
}

/** A row from a balance change; a folded row adds its amounts to the turn's row before it. */
function entryOf(change: BalanceChange, timeMs: number, named: Named, feeMicros: number, prior: StatementEntry | undefined): StatementEntry {
  return {
    seq: change.seq,
    timeMs,
    kind: prior === undefined ? named.kind : firstKind(prior.kind, named.kind),
    ref: prior === undefined ? named.ref : prior.ref,
    amountMicros: change.balanceMicros - change.balanceBeforeMicros + (prior?.amountMicros ?? 0),
    balanceMicros: change.balanceMicros,
    availableMicros: change.availableMicros,
    heldMicros: change.heldMicros,
    lockedMicros: change.lockedMicros,
    lockedChangeMicros: change.lockedMicros - change.lockedBeforeMicros + (prior?.lockedChangeMicros ?? 0),
    feeMicros: feeMicros + (prior?.feeMicros ?? 0),
    commands: (prior?.commands ?? 0) + 1,
  };
}

function firstKind(a: StatementKind, b: StatementKind): StatementKind {
  return KIND_RANK.get(a)! <= KIND_RANK.get(b)! ? a : b;
}
