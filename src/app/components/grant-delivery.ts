/**
 * A delivery that counts (the consumer's receipt, or the provider's report undisputed past its dispute time)
 * releases the sale proceeds held behind it (rules 3, docs/delivery.md "Escrow, claims and refunds"). The
 * count is cumulative, so a repeat confirms nothing; what a crash lost between the two is confirmed at start.
 * Evidence of delivery from both sides (rules 5) is recorded in the engine too, where it keeps a claim from refunding
 * what was delivered. Both are cumulative (a repeat submits nothing).
 */
import type { Engine, Sequencer } from '../../engine/index.js';
import { confirmDelivery, recordEvidence, type ConfirmOutcome, type GrantLedger } from '../../grants/index.js';
import type { Logger } from '../../runtime/log.js';

/**
 * Refusals that are the escrow's answer, not a fault: the grant settled first, or a claim or dispute holds it (rules 20;
 * the receipt stays counted in the ledger, and the claim's or the decision's outcome settles what is held).
 */
const AWAITED: ReadonlySet<string> = new Set(['ESCROW_CLOSED', 'CLAIM_OPEN', 'DISPUTE_AWAITS_DECISION']);

export function confirmDeliveries(ledger: GrantLedger, engine: Engine, sequencer: Sequencer, log: Logger): void {
  const submitted = (grantId: number, what: string, run: Promise<ConfirmOutcome>): void =>
    void run.then(
      (r) => (r.outcome === 'refused' && !AWAITED.has(r.reason) ? log.warn({ grantId, reason: r.reason }, what) : undefined),
      (error: unknown) => log.warn({ err: error, grantId }, what),
    );
  const confirmCounted = (grantId: number, counted: number): void => submitted(grantId, 'a counted delivery was not confirmed', confirmDelivery(engine, sequencer, grantId, counted));
  const recordEvidenceOf = (grantId: number, evidenced: number): void => submitted(grantId, 'delivery evidence was not recorded', recordEvidence(engine, sequencer, grantId, evidenced));
  ledger.onDeliveryCounted((e) => confirmCounted(e.grantId, e.total));
  ledger.onEvidence((e) => recordEvidenceOf(e.grantId, e.evidenced));
  // At start: what the ledger holds and a crash kept from the engine.
  for (const g of [...engine.escrow.grants.values()]) {
    void ledger.get(g.grantId).then((r) => {
      if (r === undefined) return;
      if (r.counted > g.qty - g.undeliveredQty) confirmCounted(g.grantId, r.counted);
      if ((r.evidenced ?? 0) > (g.isUsage ? g.usedUnits : g.evidencedQty)) recordEvidenceOf(g.grantId, r.evidenced!);
    });
  }
  // A claim, or a dispute not yet decided, is the consumer's word against them: the provider's unreceipted reports on that
  // grant do not count (and from rules 20 the engine refuses to confirm anything behind either).
  ledger.setDisputeSource(async (grantId) => {
    const escrow = (await ledger.get(grantId))?.escrow;
    return escrow?.claim !== undefined || (escrow?.dispute !== undefined && escrow.dispute.decision === undefined);
  });
}
