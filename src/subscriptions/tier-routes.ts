/**
 * Tiers and bundles over HTTP (docs/subscriptions.md, "Tiers"; docs/catalog.md, "Bundles"):
 *
 *   public
 *     GET  /v1/listings/{id}/tiers                      a listing's tiers (price at the asks now, seats) and bundles
 *     GET  /v1/listings/{id}/bundles/{name}             a bundle's quote: each leg at the asks, the sum
 *   subscriber (wallet-signed)
 *     POST /v1/listings/{id}/bundles/{name}/buy {maxCostMicros}        every leg or nothing
 *     POST /v1/tier-subscriptions {listingId, tier, budgetMicros, …, delivery?}   201 the tier subscription (pulled, or pushed to a webhook)
 *     GET  /v1/tier-subscriptions                                      the account's live ones
 *     POST /v1/tier-subscriptions/{id}/cancel                          all its contracts together
 *
 * The catalog says what a listing's live version offers; the engine holds the tiers and the
 * seats (SET_LISTING_TIERS from the catalog) and decides every purchase. Errors are the house
 * shape `{error: CODE, message}` (a bundle's refusal adds `leg`, the index of the leg that could
 * not fill); nothing changes on one.
 */
import { z } from 'zod';
import {
  CommandKind,
  EventType,
  OrganisationRole,
  rejectReasonName,
  SubscriptionTrigger,
  type Engine,
  type EngineEvent,
  type Sequencer,
  type TierSubscription,
} from '../engine/index.js';
import type { BundleInput, Listing, TierInput } from '../catalog/index.js';
import { replyReleased, unreadReply, type HttpReply, type MountedRoute } from '../http-registry/index.js';
import type { SubscriptionLedger } from './ledger.js';
import { buyBundleBody, subscribeTierBody, TIER_OPERATIONS as OPS } from './tier-operations.js';
import { bundleLegs, bundleQuote, currentWindow, tierView } from './tier-views.js';
import { pushTermsOf, type PushChecks } from './push-terms.js';
import { coverRefusal, isShort, submitWhileHeld, type SubscriptionCover } from './cover.js';

export interface TierRouteOptions extends PushChecks {
  engine: Engine;
  /** `released`: the tiers' prices and the live tier subscriptions are read at their place in the queue, never ahead of the journal. */
  sequencer: Pick<Sequencer, 'submit' | 'released'>;
  /** Undefined until the ledger is open. */
  ledger: () => SubscriptionLedger | undefined;
  /** A published listing (undefined: none, or not public). */
  publishedListing: (id: number) => Listing | undefined;
  clock: () => number;
  /** The free PAT new subscriptions need with the account's live ones (cover.ts). */
  cover: SubscriptionCover;
}

const STATUS_OF_REFUSAL: Record<string, number> = {
  INVALID_SUBSCRIPTION: 400,
  INVALID_BUNDLE: 400,
  UNKNOWN_ACCOUNT: 403,
  ROLE_NOT_ALLOWED: 403,
  NOT_YOUR_SUBSCRIPTION: 403,
  UNKNOWN_TIER: 404,
  UNKNOWN_TIER_SUBSCRIPTION: 404,
  UNKNOWN_SERIES: 409,
};

const REFUSAL_MESSAGES: Record<string, string> = {
  INVALID_SUBSCRIPTION: "the terms are out of range: the budget's share of each contract must buy one window at the broker's ask now (GET /v1/listings/{id}/tiers shows what a window costs), and a window-budget tier's cap reach the ask; skips; trigger",
  UNKNOWN_ACCOUNT: 'this wallet has no account yet: log in over WebSocket once, or deposit, to open one',
  ROLE_NOT_ALLOWED: 'only consumers and institutions subscribe and buy',
  UNKNOWN_TIER: 'the listing has no tier of that name (GET /v1/listings/{id}/tiers)',
  TIER_SEATS_FULL: "the tier has fewer free seats than it needs (the listing's tiers show the seats taken: GET /v1/listings/{id}/tiers, patx tiers LISTING; an organisation takes one per member): try again when one is freed",
  ALREADY_IN_TIER: 'this account already holds a live subscription to this tier',
  TIER_NOT_QUOTED: "a contract of this tier has no ask or reference price now, so what a window costs cannot be told: try again once the broker quotes it",
  SEATS_FULL: "every seat the segment's listings offer is taken (GET /v1/seats)",
  SUBSCRIPTION_LIMIT: 'the tier\'s contracts would take the account past its live subscriptions (64): cancel some first',
  INSUFFICIENT_BALANCE: "the account's free PAT does not cover it (a tier: one window at its caps; a bundle: every leg's order): deposit PAT first",
  UNKNOWN_TIER_SUBSCRIPTION: 'no live tier subscription has this id',
  NOT_YOUR_SUBSCRIPTION: "the tier subscription is another account's",
  INVALID_BUNDLE: "a leg is not a spot window open now, or its quantity is off the series' lot",
  BUNDLE_LEG_UNFILLABLE: "the broker's asks do not fill this leg now (no ask, or too few rights): nothing was bought",
  BUNDLE_PRICE_MOVED: 'the legs cost more at the asks than your maximum (the quote moved): quote again',
};

/** The house error; a bundle's refusal adds `details: {leg, …}`, the leg that could not fill (the client's PatxHttpError.details). */
const error = (status: number, code: string, message: string, details?: object): HttpReply => ({ status, body: { error: code, message, ...(details === undefined ? {} : { details }) } });

function refusalOf(events: EngineEvent[]): HttpReply | undefined {
  const refusedLeg = events.find((e) => e.type === EventType.BUNDLE_REFUSED);
  for (const e of events) {
    if (e.type !== EventType.COMMAND_REJECTED) continue;
    const code = rejectReasonName(e.reason);
    const leg = refusedLeg?.type === EventType.BUNDLE_REFUSED && refusedLeg.legIndex >= 0 ? { leg: refusedLeg.legIndex, seriesId: refusedLeg.seriesId, askMicros: refusedLeg.askMicros } : undefined;
    const message = REFUSAL_MESSAGES[code] ?? `refused: ${code}`;
    return error(STATUS_OF_REFUSAL[code] ?? 409, code, leg === undefined ? message : `leg ${leg.leg}: ${message}`, leg);
  }
  return undefined;
}

function tiersOf(listing: Listing): TierInput[] {
  return listing.versions[listing.versions.length - 1]!.terms?.tiers ?? [];
}

function bundlesOf(listing: Listing): BundleInput[] {
  return listing.versions[listing.versions.length - 1]!.terms?.bundles ?? [];
}

export function tierRoutes(o: TierRouteOptions): MountedRoute[] {
  const unavailable = error(503, 'SUBSCRIPTIONS_UNAVAILABLE', 'subscriptions are not served yet (the service is starting)');
  const unknownListing = (id: string | undefined): HttpReply => error(404, 'UNKNOWN_LISTING', `no published listing ${id}`);

  const listingTerms: MountedRoute = {
    operations: [OPS.listingTiers, OPS.bundleQuote],
    handle(req) {
      const listing = o.publishedListing(Number(req.params.id));
      if (listing === undefined) return Promise.resolve(unknownListing(req.params.id));
      const nowMs = o.clock();
      if (req.operationId === OPS.listingTiers.operationId) {
        return replyReleased(
          o.sequencer.released((engine) => ({
            status: 200,
            body: {
              listingId: listing.id, segment: listing.segment, version: listing.versions.length,
              tiers: tiersOf(listing).map((t) => tierView(engine, listing, t, nowMs)),
              bundles: bundlesOf(listing).map((b) => ({ name: b.name, legs: bundleLegs(listing, b) })),
            },
          })),
        );
      }
      const bundle = bundlesOf(listing).find((b) => b.name === req.params.name);
      if (bundle === undefined) return Promise.resolve(error(404, 'UNKNOWN_BUNDLE', `listing ${listing.id} has no bundle ${req.params.name}`));
      return replyReleased(o.sequencer.released((engine) => ({ status: 200, body: bundleQuote(engine, listing, bundle, nowMs) })));
    },
  };

  const buy: MountedRoute = {
    operations: [OPS.buyBundle],
    maxBodyBytes: 1024,
    async handle(req) {
      const parsed = buyBundleBody.safeParse(req.body);
      if (!parsed.success) return error(400, 'MALFORMED_BUNDLE_BUY', z.prettifyError(parsed.error));
      const listing = o.publishedListing(Number(req.params.id));
      if (listing === undefined) return unknownListing(req.params.id);
      const bundle = bundlesOf(listing).find((b) => b.name === req.params.name);
      if (bundle === undefined) return error(404, 'UNKNOWN_BUNDLE', `listing ${listing.id} has no bundle ${req.params.name}`);
      const nowMs = o.clock();
      const legs = bundleLegs(listing, bundle);
      const seriesIds: number[] = [];
      for (let i = 0; i < legs.length; i++) {
        const leg = legs[i]!;
        const legListing = o.publishedListing(leg.listingId);
        // A leg's listing withdrawn since the bundle was defined, or no longer the same provider's: the bundle does not sell.
        if (legListing === undefined || legListing.providerAccountId !== listing.providerAccountId) {
          return error(409, 'LEG_NOT_PUBLISHED', `leg ${i}: listing ${leg.listingId} is not published: the bundle cannot be bought now`, { leg: i });
        }
        const window = currentWindow(o.engine, leg.contract, nowMs);
        if (window === undefined) return error(409, 'NO_OPEN_WINDOW', `leg ${i}: ${leg.contract} has no window open now`, { leg: i });
        seriesIds.push(window.seriesId);
      }
      const result = await o.sequencer.submit({
        kind: CommandKind.BUY_BUNDLE, actor: req.accountId, bundleId: listing.id, maxCostMicros: parsed.data.maxCostMicros,
        legs: legs.map((l, i) => ({ seriesId: seriesIds[i]!, qty: l.qty })),
      });
      const refused = refusalOf(result.events);
      if (refused !== undefined) return refused;
      const bought = result.events.find((e) => e.type === EventType.BUNDLE_BOUGHT);
      if (bought?.type !== EventType.BUNDLE_BOUGHT) return error(500, 'NO_EVENT', 'the bundle was neither bought nor refused');
      return {
        status: 200,
        body: {
          bundle: { listingId: listing.id, name: bundle.name },
          legs: bought.legs.map((l, i) => ({ listingId: legs[i]!.listingId, contract: legs[i]!.contract, ...l })),
          costMicros: bought.costMicros,
        },
      };
    },
  };

  /**
   * The account a tier subscription request acts for: the signer's own, or (`forOrganisation`) its
   * organisation's, when it is an admin or trader there (a reader never subscribes: ROLE_FORBIDDEN).
   */
  function actingAccount(signer: number, forOrganisation: boolean): number | HttpReply {
    if (!forOrganisation) return signer;
    const org = o.engine.organisations.memberOf(signer);
    if (org === undefined) return error(404, 'NOT_IN_ORGANISATION', 'this wallet belongs to no organisation');
    if (org.members.get(signer) === OrganisationRole.READER) return error(403, 'ROLE_FORBIDDEN', "a reader downloads what the organisation bought; its admins and traders subscribe for it");
    return org.accountId;
  }

  const tierSubscriptions: MountedRoute = {
    operations: [OPS.subscribeTier, OPS.listTierSubscriptions, OPS.cancelTierSubscription],
    maxBodyBytes: 2 * 1024,
    async handle(req) {
      const ledger = o.ledger();
      if (ledger === undefined) return unavailable;
      if (req.operationId === OPS.listTierSubscriptions.operationId) {
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
      if (req.operationId === OPS.cancelTierSubscription.operationId) {
        const id = Number(req.params.id);
        const tierSub = o.engine.tiers.live.get(id);
        const ownersOrganisation = tierSub !== undefined && tierSub.accountId !== req.accountId && o.engine.organisations.memberOf(req.accountId)?.accountId === tierSub.accountId;
        // Another account's answers as an unknown one: a stranger learns nothing of which ids are live.
        if (tierSub === undefined || (tierSub.accountId !== req.accountId && !ownersOrganisation)) return error(404, 'UNKNOWN_TIER_SUBSCRIPTION', `no live tier subscription ${id}`);
        const actor = actingAccount(req.accountId, ownersOrganisation);
        if (typeof actor !== 'number') return actor;
        // Its contracts' subscriptions, held before the cancel (a closed one leaves the live map): what they spent
        // once it has applied is final, so a caller giving an unspent budget back gives back no more than is left.
        const contracts = tierSub.subscriptionIds.map((sid) => o.engine.subscriptions.live.get(sid));
        const result = await o.sequencer.submit({ kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor, tierSubscriptionId: id });
        const spentMicros = contracts.reduce((sum, sub) => sum + (sub?.spentMicros ?? 0), 0);
        return refusalOf(result.events) ?? { status: 200, body: { tierSubscriptionId: id, status: 'cancelled', subscriptionIds: tierSub.subscriptionIds, spentMicros } };
      }
      const parsed = subscribeTierBody.safeParse(req.body);
      if (!parsed.success) return error(400, 'MALFORMED_SUBSCRIPTION', z.prettifyError(parsed.error));
      const s = parsed.data;
      const listing = o.publishedListing(s.listingId);
      if (listing === undefined) return unknownListing(String(s.listingId));
      const actor = actingAccount(req.accountId, s.organisation);
      if (typeof actor !== 'number') return actor;
      // An organisation's webhook would push its grants on one member's authorisation: pull only (docs/organisations.md, "Push for members").
      if (s.organisation && s.delivery.mode !== 'pull') return error(400, 'INVALID_SUBSCRIPTION', "an organisation's tier subscription is delivered by pull; members push with their own statement");
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
      if (made?.type !== EventType.TIER_SUBSCRIBED) return error(500, 'NO_EVENT', 'the tier subscription was neither made nor refused');
      const { type: _type, seq: _seq, ...view } = made;
      return { status: 201, body: { ...view, status: 'active', subscriptions: made.subscriptionIds.map((id) => ledger.get(id) ?? { subscriptionId: id }) } };
    },
  };

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

  return [listingTerms, buy, tierSubscriptions];
}
