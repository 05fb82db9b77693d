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
 *
 * Gates are the providers' servers, so one may accept a connection and never answer: each
 * registration is given `registerTimeoutMs`, and a gate that did not answer is not asked again
 * in the same sweep (its other grants wait for the next), so one silent gate costs a sweep one
 * timeout and never holds up the other providers' subscribers.
 *
 * The endpoint is the provider's to write, and the courier POSTs from inside the exchange's
 * network: each registration is sent under the webhook address rules (gate-post.ts), so an
 * endpoint that names or resolves to an internal address not allowed (`endpointAllowance`) is
 * sent nothing; that grant is given up, logged with its reason ENDPOINT_NOT_ALLOWED.
 */
import type { PushAuthorisation } from '../gate/index.js';
import { ENDPOINT_NOT_ALLOWED, registerPush, REGISTER_PUSH_TIMEOUT_MS, type PushRegistration, type PushSender } from '../gate/push-registration.js';
import type { WebhookLookup } from '../gate/webhook-post.js';
import type { WebhookAllowance } from '../gate/webhook-target.js';
import type { GrantLedger } from '../grants/index.js';
import type { Logger } from '../runtime/log.js';
import { checkedGateSender } from './gate-post.js';
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
  grants: () => Pick<GrantLedger, 'grantsOf'> | undefined;
  /** The listing version's delivery endpoint (the catalog's), or undefined. */
  endpointOf: (listingId: number, version: number) => string | undefined;
  clock: () => number;
  log: Logger;
  register?: typeof registerPush;
  /** How long one registration at a gate may take (default REGISTER_PUSH_TIMEOUT_MS). */
  registerTimeoutMs?: number;
  /** The exact address:port pairs a gate may be reached at though not globally routable (src/app/config.ts, endpointAllowance). */
  endpointAllowance: WebhookAllowance;
  /** Resolves endpoints' names when a registration is sent (default the system's; tests stub it). */
  lookup?: WebhookLookup;
}

/** A grant the courier gave up on without sending anything, and why (typed; logged). */
export interface HandoffRefusal {
  reason: typeof ENDPOINT_NOT_ALLOWED;
  subscriptionId: number;
  exerciseId: number;
  grantId: number;
  endpoint: string;
  message: string;
}

export class SubscriptionCourier {
  private inFlight = false;
  private readonly attempts = new Map<string, number>();
  /** The last handoff the previous sweep took when it took a full one; the next starts after it. */
  private resumeAfter: Handoff | undefined;

  private readonly send: PushSender;

  constructor(private readonly o: CourierOptions) {
    this.send = checkedGateSender(o.endpointAllowance, o.lookup);
  }

  /** Hands what is pending; resolves when this sweep is done. */
  async sweep(): Promise<void> {
    const grants = this.o.grants();
    if (this.inFlight || grants === undefined) return;
    this.inFlight = true;
    // Gates that did not answer in this sweep: their grants wait for the next one.
    const silent = new Set<string>();
    try {
      // From where the last sweep stopped, round to the start: handoffs a silent gate keeps being retried never keep the rest out.
      let batch = this.o.ledger.pendingHandoffs(PER_SWEEP, this.resumeAfter);
      if (batch.length < PER_SWEEP && this.resumeAfter !== undefined) batch = [...batch, ...this.o.ledger.pendingHandoffs(PER_SWEEP - batch.length).filter((h) => !batch.some((b) => key(b) === key(h)))];
      this.resumeAfter = batch.length === PER_SWEEP ? batch.at(-1) : undefined;
      for (const h of batch) {
        if (await this.hand(h, grants, silent)) {
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
  private async hand(h: Handoff, grants: Pick<GrantLedger, 'grantsOf'>, silent: Set<string>): Promise<boolean> {
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
      if (silent.has(endpoint)) {
        retry = true;
        continue;
      }
      let r: PushRegistration;
      try {
        r = await (this.o.register ?? registerPush)(endpoint, g.signed, authorisation, g.domain, { timeoutMs: this.o.registerTimeoutMs ?? REGISTER_PUSH_TIMEOUT_MS, send: this.send });
      } catch (error) {
        retry = true;
        silent.add(endpoint);
        log.info({ grantId, endpoint, err: error }, "the provider's gate did not answer; the courier tries again");
        continue;
      }
      if (r.outcome === 'refused' && r.error === ENDPOINT_NOT_ALLOWED) {
        const refusal: HandoffRefusal = { reason: ENDPOINT_NOT_ALLOWED, subscriptionId: h.subscriptionId, exerciseId: h.exerciseId, grantId, endpoint, message: r.message };
        log.warn({ refusal }, "the listing's delivery endpoint is an address the exchange does not POST to: nothing sent, the grant waits in /v1/grants/mine");
      } else if (r.outcome === 'registered') log.info({ grantId, endpoint, created: r.created }, "a subscription's grant was handed to its provider's gate: the records go to the subscriber's webhook");
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
