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
 * in the same sweep (its other grants wait for the next). A sweep talks to different gates at
 * once (at most GATES_IN_FLIGHT), each gate's registrations one after another in the order of
 * their handoffs (oldest first): so silent gates cost a sweep about one timeout together, not
 * one each, and an answering gate's grants are handed while they wait.
 *
 * The endpoint is the provider's to write, and the courier POSTs from inside the exchange's
 * network: each registration is sent under the webhook address rules (gate-post.ts), so an
 * endpoint that names or resolves to an internal address not allowed (`endpointAllowance`) is
 * sent nothing; that grant is given up, logged with its reason ENDPOINT_NOT_ALLOWED, and told to
 * `refused` (the listing's provider sees it: delivery-refusals.ts).
 */
import type { PushAuthorisation } from '../gate/index.js';
import { ENDPOINT_NOT_ALLOWED, registerPush, REGISTER_PUSH_TIMEOUT_MS, type PushRegistration, type PushSender } from '../gate/push-registration.js';
import type { WebhookLookup } from '../gate/webhook-post.js';
import type { WebhookAllowance } from '../gate/webhook-target.js';
import type { GrantLedger, GrantRecord } from '../grants/index.js';
import type { Logger } from '../runtime/log.js';
import { checkedGateSender } from './gate-post.js';
import type { Handoff, SubscriptionLedger } from './ledger.js';

/** How often the courier looks for handoffs, and how many one sweep takes. */
export const COURIER_INTERVAL_MS = 2_000;
const PER_SWEEP = 50;
/**
 * Gates one sweep registers at at once. One at a time, every silent gate (a connection taken,
 * never answered) held everyone else's pushes for a whole timeout (10 s) per sweep; all at once,
 * a sweep of PER_SWEEP handoffs at as many gates would open as many sockets, each held up to a
 * timeout by a gate that does not answer. Eight: up to eight silent gates cost a sweep one
 * timeout together, and the exchange never has more than eight registrations out.
 */
export const GATES_IN_FLIGHT = 8;
/** Tries of a gate that does not answer (one a sweep) before the handoff is given up (logged). */
const MAX_ATTEMPTS = 30;
/** How long an exercise's grants may be missing from the grant ledger (it follows the journal too) before the handoff is given up. */
const GRANTS_WAIT_MS = 10 * 60_000;
/**
 * Grants read from the grant ledger at a time. An exercise has one grant per provider whose rights it redeemed
 * (src/engine/core/supply.ts), with no bound short of the providers in the series: the courier reads them all, a page
 * at a time after a cursor (grantsBefore), where it once read the first 200 and never handed the rest.
 */
const GRANTS_PER_READ = 200;

export interface CourierOptions {
  ledger: SubscriptionLedger;
  grants: () => Pick<GrantLedger, 'grantsBefore'> | undefined;
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
  /** Told each grant given up ENDPOINT_NOT_ALLOWED, as it is logged (the service keeps the last per listing for its provider: DeliveryRefusals). */
  refused?: (refusal: HandoffRefusal) => void;
}

/** A grant the courier gave up on without sending anything, and why (typed; logged). */
export interface HandoffRefusal {
  reason: typeof ENDPOINT_NOT_ALLOWED;
  subscriptionId: number;
  exerciseId: number;
  grantId: number;
  listingId: number;
  listingVersion: number;
  endpoint: string;
  message: string;
  atMs: number;
}

/** A handoff being handed in this sweep: its registrations still out, and whether one must be tried again. */
interface HandoffRun {
  h: Handoff;
  log: Logger;
  authorisation: PushAuthorisation;
  left: number;
  retry: boolean;
}

/** One grant's registration at its gate. */
interface Registration {
  run: HandoffRun;
  grant: GrantRecord;
  endpoint: string;
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
    try {
      // Each gate's registrations, in the order of their handoffs (the batch's: oldest first); gates in the order the batch first names them.
      const byGate = new Map<string, Registration[]>();
      for (const h of this.nextBatch()) {
        let run: Awaited<ReturnType<SubscriptionCourier['prepare']>>;
        try {
          run = await this.prepare(h, grants);
        } catch (error) {
          // One handoff's read failing (the grant ledger's) leaves it for the next sweep; the batch's others go on.
          this.o.log.warn({ err: error, subscriptionId: h.subscriptionId, exerciseId: h.exerciseId }, 'a subscription handoff could not be read: it is tried again next sweep');
          continue;
        }
        if (run === 'wait') continue;
        if (run === 'done') {
          await this.finish(h, false);
          continue;
        }
        for (const r of run) {
          const gate = gateOf(r.endpoint);
          const queue = byGate.get(gate);
          if (queue === undefined) byGate.set(gate, [r]);
          else queue.push(r);
        }
      }
      const gates = [...byGate.values()];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < gates.length) await this.atGate(gates[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(GATES_IN_FLIGHT, gates.length) }, worker));
    } catch (error) {
      this.o.log.warn({ err: error }, 'subscription courier sweep failed');
    } finally {
      this.inFlight = false;
    }
  }

  /** From where the last sweep stopped, round to the start: handoffs a silent gate keeps being retried never keep the rest out. */
  private nextBatch(): Handoff[] {
    let batch = this.o.ledger.pendingHandoffs(PER_SWEEP, this.resumeAfter);
    if (batch.length < PER_SWEEP && this.resumeAfter !== undefined) batch = [...batch, ...this.o.ledger.pendingHandoffs(PER_SWEEP - batch.length).filter((h) => !batch.some((b) => key(b) === key(h)))];
    this.resumeAfter = batch.length === PER_SWEEP ? batch.at(-1) : undefined;
    return batch;
  }

  /** The handoff's registrations, each at its listing's endpoint; 'done' when there is nothing to send (handed, or given up), 'wait' when its grants are not in the ledger yet. */
  private async prepare(h: Handoff, grants: Pick<GrantLedger, 'grantsBefore'>): Promise<Registration[] | 'done' | 'wait'> {
    const log = this.o.log.child({ subscriptionId: h.subscriptionId, exerciseId: h.exerciseId });
    const terms = this.o.ledger.pushTerms(h.subscriptionId);
    if (terms === undefined) return 'done';
    const authorisation = pushAuthorisationOf(terms.authorisation);
    if (authorisation === undefined) {
      // Never readable later either: given up (its grants stay the subscriber's to fetch), not retried each sweep.
      log.warn("the subscription's stored push authorisation cannot be read: its grants wait in /v1/grants/mine");
      return 'done';
    }
    if (authorisation.untilMs <= this.o.clock()) {
      log.warn({ untilMs: authorisation.untilMs }, "the subscriber's push authorisation has expired: its grants wait in /v1/grants/mine");
      return 'done';
    }
    const exercised = await exerciseGrants(grants, h);
    if (exercised.length === 0) return this.o.clock() - h.atMs > GRANTS_WAIT_MS ? 'done' : 'wait';
    const run: HandoffRun = { h, log, authorisation, left: 0, retry: false };
    const out: Registration[] = [];
    for (const grant of exercised) {
      const { listingId, listingVersion, grantId } = grant.signed.grant;
      const endpoint = this.o.endpointOf(Number(listingId), Number(listingVersion));
      if (endpoint === undefined) {
        log.warn({ grantId, listingId }, 'no delivery endpoint for the grant\'s listing: it waits in /v1/grants/mine');
        continue;
      }
      out.push({ run, grant, endpoint });
    }
    run.left = out.length;
    return out.length === 0 ? 'done' : out;
  }

  /** One gate's registrations, one after another; once the gate has not answered, the rest wait for the next sweep (it is asked once a sweep). */
  private async atGate(registrations: readonly Registration[]): Promise<void> {
    let silent = false;
    for (const r of registrations) {
      try {
        if (silent) r.run.retry = true;
        else silent = !(await this.register(r));
        r.run.left -= 1;
        if (r.run.left === 0) await this.finish(r.run.h, r.run.retry);
      } catch (error) {
        this.o.log.warn({ err: error }, 'subscription courier sweep failed');
      }
    }
  }

  /** Registers one grant at its gate; false when the gate did not answer. */
  private async register({ run, grant, endpoint }: Registration): Promise<boolean> {
    const { h, log } = run;
    const { grantId, listingId, listingVersion } = grant.signed.grant;
    let r: PushRegistration;
    try {
      r = await (this.o.register ?? registerPush)(endpoint, grant.signed, run.authorisation, grant.domain, { timeoutMs: this.o.registerTimeoutMs ?? REGISTER_PUSH_TIMEOUT_MS, send: this.send });
    } catch (error) {
      run.retry = true;
      log.info({ grantId, endpoint, err: error }, "the provider's gate did not answer; the courier tries again");
      return false;
    }
    if (r.outcome === 'refused' && r.error === ENDPOINT_NOT_ALLOWED) {
      const refusal: HandoffRefusal = {
        reason: ENDPOINT_NOT_ALLOWED, subscriptionId: h.subscriptionId, exerciseId: h.exerciseId, grantId, listingId: Number(listingId), listingVersion: Number(listingVersion), endpoint, message: r.message, atMs: this.o.clock(),
      };
      log.warn({ refusal }, "the listing's delivery endpoint is an address the exchange does not POST to: nothing sent, the grant waits in /v1/grants/mine");
      this.o.refused?.(refusal);
    } else if (r.outcome === 'registered') log.info({ grantId, endpoint, created: r.created }, "a subscription's grant was handed to its provider's gate: the records go to the subscriber's webhook");
    else if (r.status >= 500) run.retry = true;
    else log.warn({ grantId, endpoint, error: r.error, message: r.message }, "the provider's gate refused the push: the grant waits in /v1/grants/mine");
    return true;
  }

  /** A handoff all of whose registrations were tried this sweep: done with, or counted a try of a gate that did not answer (given up after MAX_ATTEMPTS). */
  private async finish(h: Handoff, retry: boolean): Promise<void> {
    if (retry) {
      const n = (this.attempts.get(key(h)) ?? 0) + 1;
      this.attempts.set(key(h), n);
      if (n < MAX_ATTEMPTS) return;
      this.o.log.warn({ subscriptionId: h.subscriptionId, exerciseId: h.exerciseId, attempts: n }, "the provider's gate never answered: the grants wait in /v1/grants/mine");
    }
    this.attempts.delete(key(h));
    await this.o.ledger.handedOff(h);
  }
}

/** Every grant of the handoff's exercise, newest first, read a page at a time. */
async function exerciseGrants(grants: Pick<GrantLedger, 'grantsBefore'>, h: Handoff): Promise<GrantRecord[]> {
  const out: GrantRecord[] = [];
  let after: number | undefined;
  do {
    const page = await grants.grantsBefore('consumer', h.accountId, after, GRANTS_PER_READ, h.exerciseId);
    out.push(...page.grants);
    after = page.next;
  } while (after !== undefined);
  return out;
}

/** The push authorisation as the subscription stored it (JSON), or undefined when it cannot be read as one. */
function pushAuthorisationOf(stored: string): PushAuthorisation | undefined {
  try {
    const a = JSON.parse(stored) as Partial<PushAuthorisation> | null;
    return a !== null && typeof a === 'object' && typeof a.untilMs === 'number' ? (a as PushAuthorisation) : undefined;
  } catch {
    return undefined;
  }
}

function key(h: Handoff): string {
  return `${h.subscriptionId}/${h.exerciseId}`;
}

/** The gate an endpoint is served by: its origin (scheme, host, port), so one server's listings are asked one at a time. */
function gateOf(endpoint: string): string {
  try {
    const origin = new URL(endpoint).origin;
    return origin === 'null' ? endpoint : origin;
  } catch {
    return endpoint;
  }
}
