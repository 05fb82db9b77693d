/**
 * The demo consumer's downloads (demo-market.ts): each grant its exercise returns used at the
 * delivery endpoint of the listing it names, as any consumer would, for all it has left (the
 * client's default: a usage grant's units, not one record a right); one whose window had nothing
 * yet (NOT_READY: no right spent) asked again, one a turn, until served or expired. Bounded.
 */
import type { Wallet } from 'ethers';
import { downloadWithGrant, type SignedGrant } from '../client/index.js';
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

  /** Uses a grant's rights; one refused NOT_READY waits for a later turn. */
  async use(signed: SignedGrant): Promise<void> {
    const d = await downloadWithGrant(this.httpUrl, this.wallet, signed);
    const grantId = signed.grant.grantId;
    if (d.outcome === 'refused' && d.error === 'NOT_READY') {
      if (this.waiting.length >= MAX_WAITING) return;
      // Said once, when it starts to wait (it asks again every turn).
      if (!this.asked.has(grantId)) this.log.info({ grantId, endpoint: d.endpoint }, 'demo consumer waits: nothing in the window yet, no right spent');
      this.asked.add(grantId);
      this.waiting.push(signed);
      return;
    }
    this.asked.delete(grantId);
    // The receipt (or the failure report) went with it: delivery counts on the consumer's word.
    const endpoint = 'endpoint' in d ? d.endpoint : undefined;
    const told = d.outcome === 'received' ? { receipt: d.receipt, conformance: d.conformance } : d.outcome === 'unreachable' ? { receipt: d.report } : {};
    this.log.info({ grantId, endpoint, outcome: d.outcome, records: d.outcome === 'received' ? d.records.length : 0, ...told }, 'demo consumer used a grant');
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
