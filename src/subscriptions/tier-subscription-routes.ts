/**
 * A subscriber's tier subscriptions (wallet-signed), one route of three operations:
 *   POST /v1/tier-subscriptions {listingId, tier, budgetMicros, …, delivery?}   201 the tier subscription (pulled, or pushed to a webhook)
 *   GET  /v1/tier-subscriptions                                      the account's live ones (and its organisation's)
 *   POST /v1/tier-subscriptions/{id}/cancel                          all its contracts together
 * Each answers 503 until the subscription ledger is open; the engine decides, its refusals said by tier-replies.ts.
 */
import { z } from 'zod';
import { CommandKind, EventType, OrganisationRole, SubscriptionTrigger, type Engine, type Sequencer, type TierSubscription } from '../engine/index.js';
import type { Listing } from '../catalog/index.js';
import { unreadReply, type HttpReply, type HttpRequestInfo, type MountedRoute } from '../http-registry/index.js';
import type { SubscriptionLedger } from './ledger.js';
import { subscribeTierBody, TIER_OPERATIONS as OPS } from './tier-operations.js';
import { refusalOf, subscriptionsUnavailable, tierError, unknownListing } from './tier-replies.js';
import { pushTermsOf, type PushChecks } from './push-terms.js';
import { coverRefusal, isShort, submitWhileHeld, type SubscriptionCover } from './cover.js';

/** What the tier subscription operations read and submit through (tier-routes.ts, TierRouteOptions, says each). */
export interface TierSubscriptionOptions extends PushChecks {
  engine: Engine;
  sequencer: Pick<Sequencer, 'submit' | 'released'>;
  ledger: () => SubscriptionLedger | undefined;
  publishedListing: (id: number) => Listing | undefined;
  cover: SubscriptionCover;
}

export function tierSubscriptionRoute(o: TierSubscriptionOptions): MountedRoute {
  return {
    operations: [OPS.subscribeTier, OPS.listTierSubscriptions, OPS.cancelTierSubscription],
    maxBodyBytes: 2 * 1024,
    async handle(req) {
      const ledger = o.ledger();
      if (ledger === undefined) return subscriptionsUnavailable();
      if (req.operationId === OPS.listTierSubscriptions.operationId) return listTierSubscriptions(o, ledger, req);
      if (req.operationId === OPS.cancelTierSubscription.operationId) return cancelTierSubscription(o, req);
      return subscribeTier(o, ledger, req);
    },
  };
}

/**
 * The account a tier subscription request acts for: the signer's own, or (`forOrganisation`) its
 * organisation's, when it is an admin or trader there (a reader never subscribes: ROLE_FORBIDDEN).
 */
function actingAccount(engine: Engine, signer: number, forOrganisation: boolean): number | HttpReply {
  if (!forOrganisation) return signer;
  const org = engine.organisations.memberOf(signer);
  if (org === undefined) return tierError(404, 'NOT_IN_ORGANISATION', 'this wallet belongs to no organisation');
  if (org.members.get(signer) === OrganisationRole.READER) return tierError(403, 'ROLE_FORBIDDEN', "a reader downloads what the organisation bought; its admins and traders subscribe for it");
  return org.accountId;
}

/** GET: the signer's live tier subscriptions, and its organisation's when it is a member of one. */
async function listTierSubscriptions(o: TierSubscriptionOptions, ledger: SubscriptionLedger, req: HttpRequestInfo): Promise<HttpReply> {
  // The engine's part read at its place in the queue; the ledger's (a read model of released turns) after, off the engine's turn.
  let live: { own: TierSubscription[]; organisation: TierSubscription[] | undefined };
  try {
    live = await o.sequencer.released((engine) => {
      const org = engine.organisations.memberOf(req.accountId);
      return { own: [...engine.tiers.liveOf(req.accountId)], organisation: org === undefined ? undefined : [...engine.tiers.liveOf(org.accountId)] };
    });
  } catch (failure) {
    return unreadReply(failure);
  }
  return { status: 200, body: { tierSubscriptions: liveOf(live.own, ledger), ...(live.organisation === undefined ? {} : { organisationTierSubscriptions: liveOf(live.organisation, ledger) }) } };
}

/** The account's live tier subscriptions, newest first, each with its contracts' subscriptions as the ledger has them. */
function liveOf(tiers: readonly TierSubscription[], ledger: SubscriptionLedger): object[] {
  const out: object[] = [];
  for (const t of tiers) {
    const subscriptions = t.subscriptionIds.map((id) => ledger.get(id)).filter((r) => r !== undefined);
    out.push({
      // A contract paused after skips (rules before 7: under 7 it ends the tier subscription) leaves the tier paused until it is resumed.
      tierSubscriptionId: t.id, listingId: t.listingId, tier: t.tier, budgetMicros: t.budgetMicros, status: subscriptions.some((r) => r.status === 'paused') ? 'paused' : 'active',
      spentMicros: subscriptions.reduce((n, r) => n + r.spentMicros, 0), subscriptionIds: t.subscriptionIds, subscriptions,
    });
  }
  return out.reverse();
}

/** POST …/{id}/cancel: by its holder, or for its holder's organisation by an admin or trader there. */
async function cancelTierSubscription(o: TierSubscriptionOptions, req: HttpRequestInfo): Promise<HttpReply> {
  const id = Number(req.params.id);
  const tierSub = o.engine.tiers.live.get(id);
  const ownersOrganisation = tierSub !== undefined && tierSub.accountId !== req.accountId && o.engine.organisations.memberOf(req.accountId)?.accountId === tierSub.accountId;
  // Another account's answers as an unknown one: a stranger learns nothing of which ids are live.
  if (tierSub === undefined || (tierSub.accountId !== req.accountId && !ownersOrganisation)) return tierError(404, 'UNKNOWN_TIER_SUBSCRIPTION', `no live tier subscription ${id}`);
  const actor = actingAccount(o.engine, req.accountId, ownersOrganisation);
  if (typeof actor !== 'number') return actor;
  // Its contracts' subscriptions, held before the cancel (a closed one leaves the live map): what they spent
  // once it has applied is final, so a caller giving an unspent budget back gives back no more than is left.
  const contracts = tierSub.subscriptionIds.map((sid) => o.engine.subscriptions.live.get(sid));
  const result = await o.sequencer.submit({ kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor, tierSubscriptionId: id });
  const spentMicros = contracts.reduce((sum, sub) => sum + (sub?.spentMicros ?? 0), 0);
  return refusalOf(result.events) ?? { status: 200, body: { tierSubscriptionId: id, status: 'cancelled', subscriptionIds: tierSub.subscriptionIds, spentMicros } };
}

/** POST: a subscription to each of the tier's contracts in one command, pulled or pushed, once the cover admits them. */
async function subscribeTier(o: TierSubscriptionOptions, ledger: SubscriptionLedger, req: HttpRequestInfo): Promise<HttpReply> {
  const parsed = subscribeTierBody.safeParse(req.body);
  if (!parsed.success) return tierError(400, 'MALFORMED_SUBSCRIPTION', z.prettifyError(parsed.error));
  const s = parsed.data;
  const listing = o.publishedListing(s.listingId);
  if (listing === undefined) return unknownListing(String(s.listingId));
  const actor = actingAccount(o.engine, req.accountId, s.organisation);
  if (typeof actor !== 'number') return actor;
  // An organisation's webhook would push its grants on one member's authorisation: pull only (docs/organisations.md, "Push for members").
  if (s.organisation && s.delivery.mode !== 'pull') return tierError(400, 'INVALID_SUBSCRIPTION', "an organisation's tier subscription is delivered by pull; members push with their own statement");
  const push = pushTermsOf(req.accountId, s.delivery, o);
  if ('status' in push) return push;
  const terms = {
    actor, listingId: s.listingId, tier: s.tier, budgetMicros: s.budgetMicros,
    trigger: s.trigger === 'list' ? SubscriptionTrigger.ON_LIST : SubscriptionTrigger.ON_OPEN, maxSkips: s.maxSkips, includeCurrent: s.includeCurrent,
  };
  // A pull tier subscription journals as it always did; by push, every contract's subscription is a WEBHOOK one.
  // Each of the tier's contracts is a subscription: the cover of each (its window is the engine's to check) with the live ones'.
  const contracts = o.engine.tiers.byListing.get(s.listingId)?.tiers.get(s.tier)?.contracts.length ?? 1;
  const cover = o.cover.admit(actor, contracts * o.cover.minCoverMicros, contracts);
  if (isShort(cover)) return coverRefusal(cover);
  const result = await submitWhileHeld(cover, () =>
    o.sequencer.submit(s.delivery.mode === 'pull' ? { kind: CommandKind.SUBSCRIBE_TIER, ...terms } : { kind: CommandKind.SUBSCRIBE_TIER_PUSH, ...terms, ...push }),
  );
  const refused = refusalOf(result.events);
  if (refused !== undefined) return refused;
  const made = result.events.find((e) => e.type === EventType.TIER_SUBSCRIBED);
  if (made?.type !== EventType.TIER_SUBSCRIBED) return tierError(500, 'NO_EVENT', 'the tier subscription was neither made nor refused');
  const { type: _type, seq: _seq, ...view } = made;
  return { status: 201, body: { ...view, status: 'active', subscriptions: made.subscriptionIds.map((id) => ledger.get(id) ?? { subscriptionId: id }) } };
}
