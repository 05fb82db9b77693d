/**
 * The demo consumer's downloads (demo-market.ts): each grant its exercise returns used at the
 * delivery endpoint of the listing it names, as any consumer would, for all it has left (a usage
 * grant's units, not one record a right); one whose window had nothing yet (NOT_READY: no right
 * spent) asked again, one a turn, until served or expired. Bounded.
 */
import type { Wallet } from 'ethers';
import { downloadWithGrant, getMyGrant, leftToUse, PatxHttpError, type SignedGrant } from '../client/index.js';
import type { Logger } from '../runtime/log.js';

const MAX_WAITING = 64;

export class DemoDownloads {
  private readonly waiting: SignedGrant[] = [];
  /** The waiting grants already said to wait (at most MAX_WAITING + 1: each leaves when served or expired). */
  private readonly asked = new Set<number>();

  constructor(
    private readonly httpUrl: string,
    private readonly wallet: Wallet,
    private readonly log: Logger,
  ) {}

  /** Uses what a grant has left; one refused NOT_READY, or not yet in the exchange's grant ledger, waits for a later turn. */
  async use(signed: SignedGrant): Promise<void> {
    const grantId = signed.grant.grantId;
    const view = await getMyGrant({ url: this.httpUrl, wallet: this.wallet }, grantId).catch((error: unknown) => {
      if (error instanceof PatxHttpError && error.code === 'UNKNOWN_GRANT') return undefined; // the ledger records it a moment after the exercise
      throw error;
    });
    if (view === undefined) return this.wait(signed, 'demo consumer waits: the grant is not in the exchange\'s ledger yet');
    const use = view.usage?.unit === 'requests' ? 1 : Math.max(1, leftToUse(view));
    const d = await downloadWithGrant(this.httpUrl, this.wallet, signed, use);
    if (d.outcome === 'refused' && d.error === 'NOT_READY') return this.wait(signed, 'demo consumer waits: nothing in the window yet, no right spent', d.endpoint);
    this.asked.delete(grantId);
    // The receipt (or the failure report) went with it: delivery counts on the consumer's word.
    const endpoint = 'endpoint' in d ? d.endpoint : undefined;
    const told = d.outcome === 'received' ? { receipt: d.receipt, conformance: d.conformance } : d.outcome === 'unreachable' ? { receipt: d.report } : {};
    this.log.info({ grantId, endpoint, use, outcome: d.outcome, records: d.outcome === 'received' ? d.records.length : 0, ...told }, 'demo consumer used a grant');
  }

  private wait(signed: SignedGrant, why: string, endpoint?: string): void {
    const grantId = signed.grant.grantId;
    if (this.waiting.length >= MAX_WAITING) return;
    // Said once, when it starts to wait (it asks again every turn).
    if (!this.asked.has(grantId)) this.log.info({ grantId, ...(endpoint === undefined ? {} : { endpoint }) }, why);
    this.asked.add(grantId);
    this.waiting.push(signed);
  }

  /** The oldest waiting grant, asked again (dropped once expired). */
  async retryOldest(): Promise<void> {
    const signed = this.waiting.shift();
    if (signed === undefined) return;
    if (Number(signed.grant.expiresAtMs) <= Date.now()) {
      this.asked.delete(signed.grant.grantId);
      return;
    }
    await this.use(signed);
  }
}
