/**
 * Netting: folds released engine events into what one batch must change
 * on-chain. Per participant the net PAT (fills move `price × qty` from buyer to
 * seller), per (series, holder) the net rights (mints add, fills move, exercises
 * burn), the withdrawals requested (paid out by the batch) and the series listed
 * (registered by the batch), and the access grants its exercises issued (committed
 * by the batch as a Merkle root). Payout statements per provider ride along.
 */

/** The grants an exercise issued (src/grants/issue.ts), given its turn's time. */
export type GrantsOfExercise = (e: RightsExercised, timeMs: number) => AccessGrant[];
import { EventType, WEI_PER_MICRO, type EngineEvent, type RightsExercised } from '../engine/index.js';
import { grantsCommitment } from '../grants/commitment.js';
import type { AccessGrant } from '../grants/grant.js';
import type { BalanceChange, BatchWithdrawal, RightsChange, SeriesListing, SettlementBatch } from './batch.js';

/** What one provider sold within one batch. */
export interface ProviderStatement {
  accountId: number;
  fills: number;
  qty: number;
  grossMicros: number;
}

/** A cut batch with the engine-side details the chain does not need. */
export interface CutBatch {
  batch: SettlementBatch;
  /** accountId per balance change (same order as batch.balances). */
  balanceAccounts: number[];
  statements: ProviderStatement[];
  fills: number;
}

/** How an engine account appears on-chain. */
export type AddressOf = (accountId: number) => string | undefined;

export class Netting {
  /** The last seq whose events were folded in. */
  lastSeq: number;
  fills = 0;
  private readonly deltaMicros = new Map<number, number>();
  /** `${seriesId}:${accountId}` -> net rights. */
  private readonly rights = new Map<string, { seriesId: number; accountId: number; delta: number }>();
  private readonly withdrawals: Array<{ withdrawalId: number; accountId: number; amountWei: bigint }> = [];
  private readonly listings: Array<{ seriesId: number; kind: number; contractKey: string }> = [];
  private readonly statements = new Map<number, ProviderStatement>();
  private readonly grants: AccessGrant[] = [];

  constructor(
    fromSeq: number,
    /** Which accounts are providers (their sales go to the payout ledger). */
    private readonly isProvider: (accountId: number) => boolean,
    private readonly grantsOf: GrantsOfExercise = () => [],
  ) {
    this.lastSeq = fromSeq;
  }

  /** Balance, rights, withdrawal and listing entries the batch would carry: what its gas grows with. */
  get entries(): number {
    return this.deltaMicros.size + this.rights.size + this.withdrawals.length + this.listings.length;
  }

  get isEmpty(): boolean {
    return this.deltaMicros.size === 0 && this.rights.size === 0 && this.withdrawals.length === 0 && this.listings.length === 0 && this.grants.length === 0;
  }

  /** Folds the events of seqs up to `throughSeq` (all of them > lastSeq), of a turn at `timeMs`. */
  add(events: readonly EngineEvent[], throughSeq: number, timeMs = 0): void {
    for (const e of events) if (e.seq > this.lastSeq) this.fold(e, timeMs);
    if (throughSeq > this.lastSeq) this.lastSeq = throughSeq;
  }

  private fold(e: EngineEvent, timeMs: number): void {
    switch (e.type) {
      case EventType.FILL: {
        const buyer = e.takerSide === 1 ? e.takerAccountId : e.makerAccountId;
        const seller = e.takerSide === 1 ? e.makerAccountId : e.takerAccountId;
        const notional = e.priceMicros * e.qty;
        this.addMicros(buyer, -notional);
        this.addMicros(seller, notional);
        this.addRights(e.seriesId, buyer, e.qty);
        this.addRights(e.seriesId, seller, -e.qty);
        this.fills++;
        if (this.isProvider(seller)) {
          let s = this.statements.get(seller);
          if (s === undefined) {
            s = { accountId: seller, fills: 0, qty: 0, grossMicros: 0 };
            this.statements.set(seller, s);
          }
          s.fills++;
          s.qty += e.qty;
          s.grossMicros += notional;
        }
        return;
      }
      case EventType.RIGHTS_MINTED:
        return this.addRights(e.seriesId, e.accountId, e.qty);
      case EventType.RIGHTS_EXERCISED:
        for (const g of this.grantsOf(e, timeMs)) this.grants.push(g);
        return this.addRights(e.seriesId, e.accountId, -e.qty);
      case EventType.WITHDRAWAL_REQUESTED:
        this.withdrawals.push({ withdrawalId: e.withdrawalId, accountId: e.accountId, amountWei: e.amountWei });
        return;
      case EventType.SERIES_LISTED:
        this.listings.push({ seriesId: e.seriesId, kind: e.seriesKind, contractKey: `${e.contract}@${new Date(e.openAtMs).toISOString()}` });
        return;
      default:
        return;
    }
  }

  private addMicros(accountId: number, micros: number): void {
    const next = (this.deltaMicros.get(accountId) ?? 0) + micros;
    if (next === 0) this.deltaMicros.delete(accountId);
    else this.deltaMicros.set(accountId, next);
  }

  private addRights(seriesId: number, accountId: number, delta: number): void {
    const key = `${seriesId}:${accountId}`;
    const r = this.rights.get(key);
    if (r === undefined) this.rights.set(key, { seriesId, accountId, delta });
    else if (r.delta + delta === 0) this.rights.delete(key);
    else r.delta += delta;
  }

  /** The net PAT change per account so far, in wei (for reconciliation). */
  balanceDeltasWei(): Map<number, bigint> {
    const out = new Map<number, bigint>();
    for (const [id, micros] of this.deltaMicros) out.set(id, BigInt(micros) * WEI_PER_MICRO);
    return out;
  }

  /** The net rights change per `${seriesId}:${accountId}` so far (for reconciliation). */
  rightsDeltas(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, r] of this.rights) out.set(key, r.delta);
    return out;
  }

  /**
   * The batch, in a canonical order (accounts, then series and holders, by id),
   * so the same events always give the same bytes and hash. Withdrawals of
   * accounts with no on-chain address cannot be paid: they are returned apart.
   */
  cut(batchId: number, addressOf: AddressOf): { cut: CutBatch; unpayable: Array<{ withdrawalId: number; accountId: number }> } {
    const balanceAccounts = [...this.deltaMicros.keys()].sort((a, b) => a - b);
    const balances: BalanceChange[] = balanceAccounts.map((id) => ({
      participant: addressOf(id) ?? ledgerAddress(id),
      deltaWei: BigInt(this.deltaMicros.get(id)!) * WEI_PER_MICRO,
    }));
    const rights: RightsChange[] = [...this.rights.values()]
      .sort((a, b) => a.seriesId - b.seriesId || a.accountId - b.accountId)
      .map((r) => ({ seriesId: r.seriesId, holder: addressOf(r.accountId) ?? ledgerAddress(r.accountId), delta: BigInt(r.delta) }));
    const withdrawals: BatchWithdrawal[] = [];
    const unpayable: Array<{ withdrawalId: number; accountId: number }> = [];
    for (const w of this.withdrawals) {
      const to = addressOf(w.accountId);
      if (to === undefined) unpayable.push({ withdrawalId: w.withdrawalId, accountId: w.accountId });
      else withdrawals.push({ withdrawalId: w.withdrawalId, to, amountWei: w.amountWei });
    }
    const listings: SeriesListing[] = [...this.listings].sort((a, b) => a.seriesId - b.seriesId);
    const commitment = grantsCommitment(this.grants);
    const batch: SettlementBatch = { batchId, throughSeq: this.lastSeq, balances, feeWei: 0n, withdrawals, listings, rights, grantsRoot: commitment.root, grantCount: commitment.count };
    const statements = [...this.statements.values()].sort((a, b) => a.accountId - b.accountId);
    return { cut: { batch, balanceAccounts, statements, fills: this.fills }, unpayable };
  }
}

/**
 * The on-chain ledger entry of an engine account that has no address of its
 * own: 20 bytes derived from the account id. Nobody holds its key, so nothing
 * can be withdrawn to it; it only keeps the vault's ledger complete.
 */
export function ledgerAddress(accountId: number): string {
  return '0x' + 'fa7c'.padEnd(24, '0') + accountId.toString(16).padStart(16, '0');
}
