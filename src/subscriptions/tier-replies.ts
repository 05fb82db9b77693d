/**
 * How the tier and bundle routes answer what they refuse: the house shape `{error: CODE, message}`, the
 * engine's reject reasons as a status and what to do instead, a bundle's refusal with the leg that could not
 * fill, and 503 before the subscription ledger opens. Every tier route answers through these, so one code has
 * one status and one message everywhere.
 */
import { EventType, rejectReasonName, type EngineEvent } from '../engine/index.js';
import type { HttpReply } from '../http-registry/index.js';

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
export const tierError = (status: number, code: string, message: string, details?: object): HttpReply => ({ status, body: { error: code, message, ...(details === undefined ? {} : { details }) } });

/** The engine's refusal among a command's events, said as what to do instead (undefined: it was not refused). */
export function refusalOf(events: EngineEvent[]): HttpReply | undefined {
  const refusedLeg = events.find((e) => e.type === EventType.BUNDLE_REFUSED);
  for (const e of events) {
    if (e.type !== EventType.COMMAND_REJECTED) continue;
    const code = rejectReasonName(e.reason);
    const leg = refusedLeg?.type === EventType.BUNDLE_REFUSED && refusedLeg.legIndex >= 0 ? { leg: refusedLeg.legIndex, seriesId: refusedLeg.seriesId, askMicros: refusedLeg.askMicros } : undefined;
    const message = REFUSAL_MESSAGES[code] ?? `refused: ${code}`;
    return tierError(STATUS_OF_REFUSAL[code] ?? 409, code, leg === undefined ? message : `leg ${leg.leg}: ${message}`, leg);
  }
  return undefined;
}

/** Before the subscription ledger opens (the service is starting). */
export function subscriptionsUnavailable(): HttpReply {
  return tierError(503, 'SUBSCRIPTIONS_UNAVAILABLE', 'subscriptions are not served yet (the service is starting)');
}

export function unknownListing(id: string | undefined): HttpReply {
  return tierError(404, 'UNKNOWN_LISTING', `no published listing ${id}`);
}

export function unknownBundle(listingId: number, name: string | undefined): HttpReply {
  return tierError(404, 'UNKNOWN_BUNDLE', `listing ${listingId} has no bundle ${name}`);
}
