/**
 * Subscriptions over HTTP (docs/subscriptions.md):
 *
 *   subscriber (wallet-signed)
 *     POST /v1/subscriptions {contract, qtyPerWindow, capPriceMicros, budgetMicros, trigger?, autoExercise?,
 *                             maxSkips?, includeCurrent?, delivery?}           201 the subscription
 *     GET  /v1/subscriptions?offset=&limit=                                    its subscriptions, newest first (and its organisation's)
 *     GET  /v1/subscriptions/{id}?limit=&beforeSeq=                            one, with what it did
 *     POST /v1/subscriptions/{id}/cancel                                       no window bought after this
 *     POST /v1/subscriptions/{id}/resume                                       a paused one acts again
 *   public
 *     GET  /v1/seats                                                           segments' seats offered and taken
 *
 * Errors are the house shape `{error: CODE, message}`; nothing changes on one.
 */
import { z } from 'zod';
import {
  CommandKind,
  EventType,
  OrganisationRole,
  rejectReasonName,
  SubscriptionDelivery,
  SubscriptionTrigger,
  type Engine,
  type EngineEvent,
  type Sequencer,
  type Subscribe,
} from '../engine/index.js';
import { replyReleased, type HttpReply, type MountedRoute } from '../http-registry/index.js';
import { SUBSCRIPTION_OPERATIONS as OPS, subscribeBody } from './operations.js';
import type { SubscriptionLedger } from './ledger.js';
import { pushTermsOf, type PushChecks } from './push-terms.js';
import { coverRefusal, isShort, submitWhileHeld, type SubscriptionCover } from './cover.js';

export interface SubscriptionRouteOptions extends PushChecks {
  engine: Engine;
  /** `released`: the seats are read at their place in the queue, never ahead of the journal. */
  sequencer: Pick<Sequencer, 'submit' | 'released'>;
  /** Undefined until the ledger is open. */
  ledger: () => SubscriptionLedger | undefined;
  /** Whether the exchange lists this spot contract (its schedule). */
  listsContract: (contract: string) => boolean;
  /** The free PAT a new subscription needs with the account's live ones (cover.ts). */
  cover: SubscriptionCover;
}

/** The engine's refusals of the subscription commands: the route's status for each. */
const STATUS_OF_REFUSAL: Record<string, number> = {
  INVALID_SUBSCRIPTION: 400,
  INVALID_CONTRACT_KEY: 400,
  UNKNOWN_ACCOUNT: 403,
  ROLE_NOT_ALLOWED: 403,
  SEATS_FULL: 409,
  SUBSCRIPTION_LIMIT: 409,
  UNKNOWN_SUBSCRIPTION: 404,
  NOT_PAUSED: 409,
  INSUFFICIENT_BALANCE: 409,
};

/** What each refusal means for the subscriber, and what to do. */
const REFUSAL_MESSAGES: Record<string, string> = {
  INVALID_SUBSCRIPTION: 'the terms are out of range (quantity, cap, budget, skips, trigger, delivery)',
  INVALID_CONTRACT_KEY: 'the contract is not a canonical SEGMENT|WINDOW|LO-HI key (GET /v1/series names them)',
  UNKNOWN_ACCOUNT: 'this wallet has no account yet: log in over WebSocket once, or deposit, to open one',
  ROLE_NOT_ALLOWED: 'only consumers and institutions subscribe',
  SEATS_FULL: "every seat the segment's listings offer is taken (GET /v1/seats): try again when one is freed",
  SUBSCRIPTION_LIMIT: 'the account holds as many live subscriptions as it may (64): cancel one first',
  INSUFFICIENT_BALANCE: "the account's free PAT does not cover one window at the cap (min(cap × qtyPerWindow, budget)): deposit PAT first (with its live subscriptions' next windows: docs/subscriptions.md, \"Cover\")",
  UNKNOWN_SUBSCRIPTION: 'no live subscription has this id',
  NOT_PAUSED: 'the subscription is not paused: only a paused one resumes',
};

const error = (status: number, code: string, message: string): HttpReply => ({ status, body: { error: code, message } });

function refusalOf(events: EngineEvent[]): HttpReply | undefined {
  for (const e of events) {
    if (e.type !== EventType.COMMAND_REJECTED) continue;
    const code = rejectReasonName(e.reason);
    return error(STATUS_OF_REFUSAL[code] ?? 409, code, REFUSAL_MESSAGES[code] ?? `refused: ${code}`);
  }
  return undefined;
}

function pageOf(query: URLSearchParams, name: string, fallback: number): number {
  const text = query.get(name);
  return text === null ? fallback : Number(text); // the registry checked it against the operation's query schema
}

export function subscriptionRoutes(o: SubscriptionRouteOptions): MountedRoute[] {
  const unavailable = error(503, 'SUBSCRIPTIONS_UNAVAILABLE', 'subscriptions are not served yet (the service is starting)');
  const subscriptions: MountedRoute = {
    operations: [OPS.subscribe, OPS.list, OPS.one, OPS.cancel, OPS.resume],
    maxBodyBytes: 8 * 1024,
    async handle(req) {
      const ledger = o.ledger();
      if (ledger === undefined) return unavailable;
      const [id, action, extra] = req.path.slice('/v1/subscriptions'.length).split('/').filter((p) => p !== '');
      if (extra !== undefined) return error(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`);
      if (id === undefined) {
        if (req.method === 'GET') {
          const [offset, limit] = [pageOf(req.query, 'offset', 0), pageOf(req.query, 'limit', 50)];
          const page = ledger.ofAccount(req.accountId, offset, limit);
          // A member sees its organisation's too (made by any of its traders, over HTTP or a session), as tiers are listed.
          const org = o.engine.organisations.memberOf(req.accountId);
          return { status: 200, body: org === undefined ? page : { ...page, organisationSubscriptions: ledger.ofAccount(org.accountId, offset, limit) } };
        }
        return subscribe(req.accountId, req.body, ledger);
      }
      const subscriptionId = Number(id);
      const record = ledger.get(subscriptionId);
      // The signer's own, or its organisation's (any member reads it; its admins and traders cancel and resume it).
      const org = record === undefined || record.accountId === req.accountId ? undefined : o.engine.organisations.memberOf(req.accountId);
      const organisations = org !== undefined && org.accountId === record!.accountId;
      // Another account's answers as an unknown one: a stranger learns nothing of which ids exist.
      if (record === undefined || (record.accountId !== req.accountId && !organisations)) return error(404, 'UNKNOWN_SUBSCRIPTION', `no subscription ${id}`);
      if (action === undefined) {
        const beforeSeq = pageOf(req.query, 'beforeSeq', 0);
        return { status: 200, body: { subscription: record, activity: ledger.activityOf(subscriptionId, pageOf(req.query, 'limit', 50), beforeSeq) } };
      }
      const kind = action === 'cancel' ? CommandKind.CANCEL_SUBSCRIPTION : CommandKind.RESUME_SUBSCRIPTION;
      // A cancelled or ended subscription has left the engine: say so by its status, not as unknown.
      if (record.status === 'cancelled' || record.status === 'ended') return error(409, 'SUBSCRIPTION_CLOSED', `subscription ${id} is ${record.status}`);
      if (organisations && org.members.get(req.accountId) === OrganisationRole.READER) return error(403, 'ROLE_FORBIDDEN', "a reader downloads what the organisation bought; its admins and traders cancel and resume its subscriptions");
      const result = await o.sequencer.submit({ kind, actor: record.accountId, subscriptionId });
      return refusalOf(result.events) ?? { status: 200, body: ledger.get(subscriptionId) };
    },
  };

  async function subscribe(accountId: number, body: unknown, ledger: SubscriptionLedger): Promise<HttpReply> {
    const parsed = subscribeBody.safeParse(body);
    if (!parsed.success) return error(400, 'MALFORMED_SUBSCRIPTION', z.prettifyError(parsed.error));
    const s = parsed.data;
    if (!o.listsContract(s.contract)) return error(404, 'UNKNOWN_CONTRACT', `the exchange lists no spot contract ${s.contract} (GET /v1/series)`);
    const push = pushTermsOf(accountId, s.delivery, o);
    if ('status' in push) return push;
    const { webhookUrl, pushAuthorisation } = push;
    const cmd: Subscribe = {
      kind: CommandKind.SUBSCRIBE, actor: accountId, contract: s.contract, qtyPerWindow: s.qtyPerWindow, capPriceMicros: s.capPriceMicros,
      budgetMicros: s.budgetMicros, trigger: s.trigger === 'list' ? SubscriptionTrigger.ON_LIST : SubscriptionTrigger.ON_OPEN, autoExercise: s.autoExercise,
      maxSkips: s.maxSkips, includeCurrent: s.includeCurrent, delivery: s.delivery.mode === 'webhook' ? SubscriptionDelivery.WEBHOOK : SubscriptionDelivery.PULL,
      webhookUrl, pushAuthorisation,
    };
    // The free PAT backs every live subscription's next window with this one's, held while the command is in flight.
    const cover = o.cover.admit(accountId, o.cover.windowCover(s), 1);
    if (isShort(cover)) return coverRefusal(cover);
    const result = await submitWhileHeld(cover, () => o.sequencer.submit(cmd));
    const refused = refusalOf(result.events);
    if (refused !== undefined) return refused;
    const created = result.events.find((e) => e.type === EventType.SUBSCRIPTION_CREATED);
    if (created?.type !== EventType.SUBSCRIPTION_CREATED) return error(500, 'NO_EVENT', 'the subscription was neither made nor refused');
    return { status: 201, body: ledger.get(created.subscriptionId) ?? { subscriptionId: created.subscriptionId, status: 'active' } };
  }

  const seats: MountedRoute = {
    operations: [OPS.seats],
    handle() {
      return replyReleased(
        o.sequencer.released((engine) => {
          const subs = engine.subscriptions;
          const rows = [...subs.seats.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([segment, n]) => ({ segment, seats: n, taken: subs.seatsTaken.get(segment) ?? 0 }));
          return { status: 200, body: { seats: rows } };
        }),
      );
    },
  };
  return [subscriptions, seats];
}
