/**
 * The service's side of escrow (rules 3; the engine's is src/engine/products/escrow.ts,
 * docs/delivery.md "Escrow, claims and refunds"): the engine only checks the time it is
 * given, so the service submits the time-based steps as they fall due, and the delivery
 * confirmations as receipts arrive. Only the system may submit these commands.
 *
 * - `EscrowSweeper.due` (a timer): RELEASE_ESCROW for grants whose dispute window passed with
 *   no claim, RESOLVE_CLAIM for claims whose grace passed; at most `maxPerSweep` a sweep and
 *   one sweep in flight.
 * - `confirmDelivery`: a consumer's verified receipt says `deliveredQty` rights of a grant
 *   were delivered in all; CONFIRM_DELIVERY for what the engine has not yet confirmed.
 * - `claimFiler`: the HTTP route's FILE_CLAIM or FILE_DISPUTE, on behalf of the consumer who signed it.
 * - `recordEvidence`: the grant ledger's evidence of delivery grew; RECORD_DELIVERY_EVIDENCE for the rest
 *   (a usage grant's: RECORD_USAGE, its units; issue 81).
 * - `decideDispute`: the operator's DECIDE_DISPUTE.
 */
import { CommandKind, DisputeReason, EventType, rejectReasonName, SYSTEM_ACTOR, type ClaimResolved, type Command, type CommandResult, type DisputeDecided, type Engine, type Sequencer } from '../engine/index.js';
import type { Logger } from '../runtime/log.js';
import type { FileClaim } from './claim-route.js';

/** How often the service looks for escrow steps due, and how many one sweep submits. */
export const ESCROW_SWEEP_INTERVAL_MS = 5_000;
export const ESCROW_SWEEP_MAX = 200;

/** The release and resolve commands due at `nowMs` (grant order, at most `max`): a query, it changes nothing. */
export function dueEscrowCommands(engine: Engine, nowMs: number, max: number): Command[] {
  const out: Command[] = [];
  for (const g of engine.escrow.grants.values()) {
    if (out.length >= max) break;
    if (g.disputed) continue; // the operator decides a dispute, never the clock
    if (g.claimedAtMs !== 0) {
      if (nowMs >= g.claimDueAtMs) out.push({ kind: CommandKind.RESOLVE_CLAIM, actor: SYSTEM_ACTOR, grantId: g.grantId });
    } else if (nowMs >= g.disputeEndsAtMs) {
      out.push({ kind: CommandKind.RELEASE_ESCROW, actor: SYSTEM_ACTOR, grantId: g.grantId });
    }
  }
  return out;
}

export class EscrowSweeper {
  private inFlight = false;

  constructor(
    private readonly log: Logger,
    private readonly maxPerSweep = ESCROW_SWEEP_MAX,
  ) {}

  /** Submits what is due (nothing while a sweep is in flight or the sequencer stopped); resolves when its commands are journaled. */
  async due(engine: Engine, sequencer: Pick<Sequencer, 'submit' | 'stopped'>, nowMs: number): Promise<void> {
    if (this.inFlight || sequencer.stopped) return;
    const cmds = dueEscrowCommands(engine, nowMs, this.maxPerSweep);
    if (cmds.length === 0) return;
    this.inFlight = true;
    try {
      const results = await Promise.all(cmds.map((cmd) => sequencer.submit(cmd)));
      let released = 0;
      let resolved = 0;
      for (const r of results) {
        const refused = r.events.find((e) => e.type === EventType.COMMAND_REJECTED);
        // A confirmation or a claim can overtake the sweep (the grant closed, or a claim opened): told, not an error.
        if (refused !== undefined) this.log.info({ reason: rejectReasonName(refused.reason) }, 'escrow step refused');
        released += r.events.filter((e) => e.type === EventType.ESCROW_RELEASED).length;
        resolved += r.events.filter((e) => e.type === EventType.CLAIM_RESOLVED).length;
      }
      this.log.info({ released, resolved }, 'escrow steps due submitted');
    } catch (error) {
      this.log.warn({ err: error }, 'escrow sweep failed');
    } finally {
      this.inFlight = false;
    }
  }
}

export type ConfirmOutcome =
  /** CONFIRM_DELIVERY journaled: `qty` more rights confirmed, `releasedMicros` to the provider. */
  | { outcome: 'confirmed'; qty: number; releasedMicros: number }
  /** The engine had confirmed as much already, or the grant's escrow is settled: nothing submitted. */
  | { outcome: 'nothing-to-confirm' }
  | { outcome: 'refused'; reason: string };

/**
 * What the service calls once a consumer's signed receipt for a grant is verified: the receipt
 * says `deliveredQty` rights were delivered in all (cumulative, so a receipt sent twice, or an
 * older one after a newer, confirms nothing more). Submits CONFIRM_DELIVERY for the rest.
 */
export async function confirmDelivery(engine: Engine, sequencer: Pick<Sequencer, 'submit'>, grantId: number, deliveredQty: number): Promise<ConfirmOutcome> {
  const g = engine.escrow.grants.get(grantId);
  // A usage grant releases nothing by rights: it settles by its units at its end (its evidence is RECORD_USAGE).
  if (g === undefined || g.isUsage || !Number.isSafeInteger(deliveredQty)) return { outcome: 'nothing-to-confirm' };
  const qty = Math.min(deliveredQty, g.qty) - (g.qty - g.undeliveredQty);
  if (qty <= 0) return { outcome: 'nothing-to-confirm' };
  const result = await sequencer.submit({ kind: CommandKind.CONFIRM_DELIVERY, actor: SYSTEM_ACTOR, grantId, qty });
  return outcomeOf(result, qty);
}

function outcomeOf(result: CommandResult, qty: number): ConfirmOutcome {
  const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
  if (refused !== undefined) return { outcome: 'refused', reason: rejectReasonName(refused.reason) };
  const released = result.events.find((e) => e.type === EventType.ESCROW_RELEASED);
  return { outcome: 'confirmed', qty, releasedMicros: released?.type === EventType.ESCROW_RELEASED ? released.releasedMicros : 0 };
}

/** The claims route's FILE_CLAIM (nothing arrived) or FILE_DISPUTE (what was wrong with an evidenced delivery), from the consumer's own account. */
export function claimFiler(sequencer: Pick<Sequencer, 'submit'>): FileClaim {
  return async (accountId, grantId, reason) => {
    const cmd: Command =
      reason === 'not-received'
        ? { kind: CommandKind.FILE_CLAIM, actor: accountId, grantId }
        : { kind: CommandKind.FILE_DISPUTE, actor: accountId, grantId, reason: reason === 'missing-records' ? DisputeReason.MISSING_RECORDS : DisputeReason.NONCONFORMING };
    const result = await sequencer.submit(cmd);
    for (const e of result.events) {
      if (e.type === EventType.COMMAND_REJECTED) return { refused: rejectReasonName(e.reason) };
      if (e.type === EventType.CLAIM_FILED) return { dueAtMs: e.dueAtMs };
      if (e.type === EventType.DISPUTE_FILED) return { disputed: true, evidencedQty: e.evidencedQty };
    }
    return { refused: 'NO_EVENT' };
  };
}

/**
 * What the service calls when the grant ledger's evidence of delivery for a grant grows (rules 5):
 * `evidenced` rights in all (cumulative, so a repeat records nothing more). Submits
 * RECORD_DELIVERY_EVIDENCE for what the engine does not hold yet.
 */
export async function recordEvidence(engine: Engine, sequencer: Pick<Sequencer, 'submit'>, grantId: number, evidenced: number): Promise<ConfirmOutcome> {
  const g = engine.escrow.grants.get(grantId);
  if (g === undefined || !Number.isSafeInteger(evidenced)) return { outcome: 'nothing-to-confirm' };
  if (g.isUsage) {
    // A usage grant's evidence is in units: RECORD_USAGE for what the engine does not hold yet.
    const units = Math.min(evidenced, g.units) - g.usedUnits;
    if (units <= 0) return { outcome: 'nothing-to-confirm' };
    return outcomeOf(await sequencer.submit({ kind: CommandKind.RECORD_USAGE, actor: SYSTEM_ACTOR, grantId, units }), units);
  }
  const qty = Math.min(evidenced, g.qty) - g.evidencedQty;
  if (qty <= 0) return { outcome: 'nothing-to-confirm' };
  const result = await sequencer.submit({ kind: CommandKind.RECORD_DELIVERY_EVIDENCE, actor: SYSTEM_ACTOR, grantId, qty });
  return outcomeOf(result, qty);
}

/** The operator's decision on a dispute (DECIDE_DISPUTE): the refund and charge made, or the engine's refusal. */
export async function decideDispute(sequencer: Pick<Sequencer, 'submit'>, actor: number, grantId: number, refundQty: number, chargeProviderMicros: number): Promise<{ refused: string } | { decided: DisputeDecided; resolved: ClaimResolved }> {
  const result = await sequencer.submit({ kind: CommandKind.DECIDE_DISPUTE, actor, grantId, refundQty, chargeProviderMicros });
  const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
  if (refused?.type === EventType.COMMAND_REJECTED) return { refused: rejectReasonName(refused.reason) };
  const decided = result.events.find((e): e is DisputeDecided => e.type === EventType.DISPUTE_DECIDED);
  const resolved = result.events.find((e): e is ClaimResolved => e.type === EventType.CLAIM_RESOLVED);
  if (decided === undefined || resolved === undefined) return { refused: 'NO_EVENT' };
  return { decided, resolved };
}
