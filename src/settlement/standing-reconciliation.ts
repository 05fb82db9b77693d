/**
 * Reconciliation as the running settlement keeps it: run on request or every interval (the
 * standing alarm), a mismatch logged, counted and raised on the alarm board, cleared by the next
 * clean one; stopped with the service (a reconciliation waiting for a block with state ends).
 */
import type { AlarmSink } from '../runtime/health.js';
import type { Logger } from '../runtime/log.js';
import { reconcile, type ChainView, type LedgerView, type ReconciliationReport } from './reconcile.js';

export class StandingReconciliation {
  /** Mismatches found by reconciliations so far (the alarm metric). */
  mismatchCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  // Ends a reconciliation's wait for a block with state (reconcile.ts) when the service stops.
  private readonly stopping = new AbortController();

  constructor(
    /** The chain's reads, made for each reconciliation. */
    private readonly chain: () => ChainView,
    private readonly ledgerView: (vaultBatchId: number) => LedgerView | undefined,
    private readonly log: Logger,
    private readonly alarms: AlarmSink,
  ) {}

  async run(): Promise<ReconciliationReport> {
    const report = await reconcile(this.chain(), this.ledgerView, { signal: this.stopping.signal });
    if (!report.ok) {
      this.mismatchCount += report.mismatches.length;
      this.log.error({ alarm: 'reconciliation-mismatch', mismatches: report.mismatches.slice(0, 20), count: report.mismatches.length, block: report.block }, 'on-chain state differs from the ledger');
      this.alarms.raise('reconciliation-mismatch', {
        summary: `${report.mismatches.length} differences between the chain and the ledger at block ${report.block}`,
        details: { mismatches: report.mismatches.length, block: report.block, first: report.mismatches[0] },
      });
    } else {
      this.alarms.clear('reconciliation-mismatch');
    }
    if (report.unaccountedWei !== null && report.unaccountedWei !== '0') {
      this.log.warn({ alarm: 'vault-surplus', unaccountedWei: report.unaccountedWei, block: report.block }, 'the vault holds PAT no balance accounts for (a plain transfer to it?)');
      this.alarms.raise('vault-surplus', { summary: `the vault holds ${report.unaccountedWei} wei of PAT beyond every balance it keeps (sent with a plain transfer, not deposit?) at block ${report.block}`, details: { unaccountedWei: report.unaccountedWei, block: report.block } });
    } else if (report.unaccountedWei !== null) {
      this.alarms.clear('vault-surplus');
    }
    return report;
  }

  /** The standing alarm: a mismatch is logged and counted even if nobody asks. One at a time: a turn while one runs is skipped. */
  every(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.running !== undefined) return;
      this.running = this.run()
        .catch((error: unknown) => this.log.warn({ err: error }, 'scheduled reconciliation could not run'))
        .finally(() => {
          this.running = undefined;
        });
    }, intervalMs);
  }

  /** Stops the interval, ends a reconciliation's wait, and waits for a scheduled one to finish. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.stopping.abort();
    await this.running;
  }
}
