/**
 * The courier of WEBHOOK subscriptions (docs/subscriptions.md, "Delivery"): after each of a
 * subscription's exercises it hands every grant, with the subscriber's push authorisation, to
 * the gate of the provider that owes it (`POST <deliveryEndpoint>/push`, docs/delivery.md
 * "Push delivery"), and the gate POSTs the records to the subscriber's URL. The exchange never
 * sees the records.
 *
 * What is to hand is journal-derived (the ledger writes a handoff with each exercise, so a
 * crash before the courier ran replays into it again); a handoff leaves the queue once every
 * grant is registered, or refused for good (a 4xx: the gate's reason is logged), or after
 * MAX_ATTEMPTS tries of a gate that does not answer. Handing twice is once: the gate keeps one
 * registration per grant and URL.
 */
import type { PushAuthorisation } from '../gate/index.js';
import { registerPush, type PushRegistration } from '../gate/push-registration.js';
import type { GrantLedger } from '../grants/index.js';
import type { Logger } from '../runtime/log.js';
import type { Handoff, SubscriptionLedger } from './ledger.js';

/** How often the courier looks for handoffs, and how many one sweep takes. */
export const COURIER_INTERVAL_MS = 2_000;
const PER_SWEEP = 50;
/** Tries of a gate that does not answer (one a sweep) before the handoff is given up (logged). */
const MAX_ATTEMPTS = 30;
/** How long an exercise's grants may be missing from the grant ledger (it follows the journal too) before the handoff is given up. */
const GRANTS_WAIT_MS = 10 * 60_000;

export interface CourierOptions {
  ledger: SubscriptionLedger;
  grants: () => GrantLedger | undefined;
  /** The listing version's delivery endpoint (the catalog's), or undefined. */
  endpointOf: (listingId: number, version: number) => string | undefined;
  clock: () => number;
  log: Logger;
  register?: typeof registerPush;
}

export class SubscriptionCourier {
  private inFlight = false;
  private readonly attempts = new Map<string, number>();

  constructor(private readonly o: CourierOptions) {}

  /** Hands what is pending; resolves when this sweep is done. */
  async sweep(): Promise<void> {
    const grants = this.o.grants();
    if (this.inFlight || grants === undefined) return;
    this.inFlight = true;
    try {
      for (const h of this.o.ledger.pendingHandoffs(PER_SWEEP)) {
        if (await this.hand(h, grants)) {
          this.attempts.delete(key(h));
          await this.o.ledger.handedOff(h);
        }
      }
    } catch (error) {
      this.o.log.warn({ err: error }, 'subscription courier sweep failed');
    } finally {
      this.inFlight = false;
    }
  }

  /** True when the handoff is done with (handed, or given up). */
  private async hand(h: Handoff, grants: GrantLedger): Promise<boolean> {
    const log = this.o.log.child({ subscriptionId: h.subscriptionId, exerciseId: h.exerciseId });
    const terms = this.o.ledger.pushTerms(h.subscriptionId);
    if (terms === undefined) return true;
    const authorisation = JSON.parse(terms.authorisation) as PushAuthorisation;
    if (authorisation.untilMs <= this.o.clock()) {
      log.warn({ untilMs: authorisation.untilMs }, "the subscriber's push authorisation has expired: its grants wait in /v1/grants/mine");
      return true;
    }
    const page = await grants.grantsOf('consumer', h.accountId, 0, 200, h.exerciseId);
    if (page.grants.length === 0) return this.o.clock() - h.atMs > GRANTS_WAIT_MS;
    let retry = false;
    for (const g of page.grants) {
      const { listingId, listingVersion, grantId } = g.signed.grant;
      const endpoint = this.o.endpointOf(Number(listingId), Number(listingVersion));
      if (endpoint === undefined) {
        log.warn({ grantId, listingId }, 'no delivery endpoint for the grant\'s listing: it waits in /v1/grants/mine');
        continue;
      }
      let r: PushRegistration;
      try {
        r = await (this.o.register ?? registerPush)(endpoint, g.signed, authorisation, g.domain);
      } catch (error) {
        retry = true;
        log.info({ grantId, endpoint, err: error }, "the provider's gate did not answer; the courier tries again");
        continue;
      }
      if (r.outcome === 'registered') log.info({ grantId, endpoint, created: r.created }, "a subscription's grant was handed to its provider's gate: the records go to the subscriber's webhook");
      else if (r.status >= 500) retry = true;
      else log.warn({ grantId, endpoint, error: r.error, message: r.message }, "the provider's gate refused the push: the grant waits in /v1/grants/mine");
    }
    if (!retry) return true;
    const n = (this.attempts.get(key(h)) ?? 0) + 1;
    this.attempts.set(key(h), n);
    if (n < MAX_ATTEMPTS) return false;
    log.warn({ attempts: n }, "the provider's gate never answered: the grants wait in /v1/grants/mine");
    return true;
  }
}

function key(h: Handoff): string {
  return `${h.subscriptionId}/${h.exerciseId}`;
}
