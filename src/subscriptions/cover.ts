/**
 * The cover a subscriber's free PAT must give before it adds a subscription (docs/subscriptions.md, "Cover"):
 * the next window of every live subscription it holds (active or paused: a paused one resumes) together with
 * the new one's, each counted at least `minCoverMicros`.
 *
 * Why: the engine's SUBSCRIBE checks the free PAT against the new subscription's window alone, and holds
 * nothing, so one account with dust held its 64 subscriptions with 1 µPAT budgets, and ~1,600 fresh keys
 * filled the exchange's 100,000 (an outside review). A venue backs a standing instruction with what it will
 * spend (an open order's hold, a card pre-authorisation); here the engine's rules stay as they are (a hold
 * would change them: a rules version), and the service asks for the cover before it submits: filling the
 * global bound then needs 100,000 × `minCoverMicros` of PAT held at once.
 *
 * Checked before the command is queued, so requests in flight (submitted, not yet applied) count as held
 * until they are: concurrent subscribes of one account cannot all pass on the same PAT.
 */
import { patOfMicros, Role, type Engine } from '../engine/index.js';
import type { HttpReply } from '../http-registry/index.js';
import { DEFAULT_MIN_COVER_MICROS } from './cover-default.js';

export { DEFAULT_MIN_COVER_MICROS };

/** What a subscription's next window may spend: one window at the cap, within what is left of its budget. */
export interface WindowTerms {
  capPriceMicros: number;
  qtyPerWindow: number;
  budgetMicros: number;
  spentMicros?: number;
}

/** A refused cover: what it needed, what was free, and the words for the subscriber. */
export interface CoverShort {
  neededMicros: number;
  freeMicros: number;
  subscriptions: number;
  message: string;
}

/** An admitted subscribe: its cover is held for it until `release` (once the command is applied or refused). */
export interface CoverHeld {
  release(): void;
}

/** What an account's commands admitted and not yet applied take: subscribes' cover (µPAT, how many) and PAT leaving it (withdrawals, organisation moves; µPAT). */
interface InFlight {
  micros: number;
  subscriptions: number;
  leavingMicros: number;
}

export class SubscriptionCover {
  /** Per account, what its subscribes and outflows admitted and not yet applied take. */
  private readonly inFlight = new Map<number, InFlight>();

  constructor(
    private readonly engine: Engine,
    readonly minCoverMicros = DEFAULT_MIN_COVER_MICROS,
  ) {}

  /** What one subscription's next window asks of the free PAT: at least the minimum, so dust cannot back one. */
  windowCover(t: WindowTerms): number {
    const left = Math.max(0, t.budgetMicros - (t.spentMicros ?? 0));
    return Math.max(this.minCoverMicros, Math.min(t.capPriceMicros * t.qtyPerWindow, left));
  }

  /** The cover the account's live subscriptions ask for together, with those admitted and not yet applied. */
  committed(accountId: number): { micros: number; subscriptions: number } {
    const held = this.inFlight.get(accountId) ?? { micros: 0, subscriptions: 0 };
    let micros = held.micros;
    // The engine's own set of the account's live subscriptions (at most 64): no read of the ledger, which may be behind.
    const live = this.engine.subscriptions.byAccount.get(accountId) ?? new Set();
    for (const s of live) micros += this.windowCover(s);
    return { micros, subscriptions: live.size + held.subscriptions };
  }

  /**
   * Admits `count` new subscriptions asking `newMicros` of cover together when the account's free PAT covers them
   * and every live one; the cover is then held until `release`. Otherwise what was short.
   */
  admit(accountId: number, newMicros: number, count: number): CoverHeld | CoverShort {
    const account = this.engine.account(accountId);
    // An account that may not subscribe at all is the engine's to refuse, with its own code (UNKNOWN_ACCOUNT, ROLE_NOT_ALLOWED).
    if (account === undefined || (account.role !== Role.CONSUMER && account.role !== Role.INSTITUTION)) return { release: () => undefined };
    const committed = this.committed(accountId);
    const neededMicros = committed.micros + newMicros;
    const freeMicros = this.freeOf(accountId, account.availableMicros);
    if (freeMicros < neededMicros) {
      const message =
        `the account's free PAT (${patOfMicros(freeMicros)} PAT) does not cover the next window of its ${committed.subscriptions} live subscription(s) and the new one(s) together ` +
        `(${patOfMicros(neededMicros)} PAT; each counts at least ${patOfMicros(this.minCoverMicros)} PAT, docs/subscriptions.md, "Cover"): deposit PAT, or cancel a subscription first`;
      return { neededMicros, freeMicros, subscriptions: committed.subscriptions, message };
    }
    return this.hold(accountId, { micros: newMicros, subscriptions: count, leavingMicros: 0 });
  }

  /**
   * Admits `amountMicros` of PAT leaving the account (a withdrawal; a move into or out of an organisation) when what it
   * leaves free still covers the next window of the account's live subscriptions (with the subscribes and outflows in
   * flight); held until `release`. Otherwise what was short: a cover that could leave right after the subscribe it
   * admitted would let the same PAT back subscriptions in account after account (docs/subscriptions.md, "Cover").
   */
  admitOutflow(accountId: number, amountMicros: number): CoverHeld | CoverShort {
    const account = this.engine.account(accountId);
    if (account === undefined) return { release: () => undefined }; // the engine's to refuse
    const committed = this.committed(accountId);
    const freeMicros = this.freeOf(accountId, account.availableMicros);
    if (committed.subscriptions > 0 && freeMicros - amountMicros < committed.micros) {
      const most = Math.max(0, freeMicros - committed.micros);
      const message =
        `the next window of the account's ${committed.subscriptions} live subscription(s) asks ${patOfMicros(committed.micros)} PAT of its free ${patOfMicros(freeMicros)} PAT ` +
        `(docs/subscriptions.md, "Cover"): move at most ${patOfMicros(most)} PAT out, or cancel a subscription first`;
      return { neededMicros: committed.micros + amountMicros, freeMicros, subscriptions: committed.subscriptions, message };
    }
    // More than the account holds is the engine's to refuse: held as all it holds, so the sums stay exact safe integers
    // (an absurd amount added and taken away again would leave a rounding's residue behind).
    return this.hold(accountId, { micros: 0, subscriptions: 0, leavingMicros: Math.min(amountMicros, account.availableMicros) });
  }

  /** The account's free µPAT less what its outflows in flight take. */
  private freeOf(accountId: number, availableMicros: number): number {
    return availableMicros - (this.inFlight.get(accountId)?.leavingMicros ?? 0);
  }

  /** Counts `taken` as in flight for the account until the returned hold is released (once). */
  private hold(accountId: number, taken: InFlight): CoverHeld {
    this.add(accountId, taken, 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.add(accountId, taken, -1);
      },
    };
  }

  private add(accountId: number, taken: InFlight, sign: 1 | -1): void {
    const now = this.inFlight.get(accountId) ?? { micros: 0, subscriptions: 0, leavingMicros: 0 };
    const next = { micros: now.micros + sign * taken.micros, subscriptions: now.subscriptions + sign * taken.subscriptions, leavingMicros: now.leavingMicros + sign * taken.leavingMicros };
    if (next.micros === 0 && next.subscriptions === 0 && next.leavingMicros === 0) this.inFlight.delete(accountId);
    else this.inFlight.set(accountId, next);
  }
}

/** Submits with the cover held (`undefined`: nothing held), released once the command is applied or refused, or the submit throws. */
export async function submitWhileHeld<T>(held: CoverHeld | undefined, submit: () => Promise<T>): Promise<T> {
  try {
    return await submit();
  } finally {
    held?.release();
  }
}

/** Whether `admit` refused. */
export function isShort(r: CoverHeld | CoverShort): r is CoverShort {
  return 'neededMicros' in r;
}

/** A cover short, as the routes answer it: the engine's code for a balance short of one window (409), with what was needed and free. */
export function coverRefusal(short: CoverShort): HttpReply {
  const { neededMicros, freeMicros, subscriptions, message } = short;
  return { status: 409, body: { error: 'INSUFFICIENT_BALANCE', message, details: { neededMicros, freeMicros, subscriptions } } };
}
