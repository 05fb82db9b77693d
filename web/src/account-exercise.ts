/**
 * The account page's exercise with an optional listing (docs/console.md, "Account"): empty, the exchange redeems the
 * account's rights oldest sale first, whichever providers sold them (AccountSession.exercise); a listing id redeems only
 * that listing's provider's rights in the series (EXERCISE with `listingId`, TradingClient.exercise's third argument),
 * refused by name when the listing is not the series' segment's (LISTING_NOT_IN_SERIES) or its provider has fewer of its
 * rights left unredeemed in the window than asked (LISTING_SUPPLY_SHORT): the page's outcome says the reason with a line
 * of what to do. No JSX: account-page.tsx's rights table calls it.
 */
import type { AccountSession, Outcome } from './account-session.js';

/** What a refusal particular to an exercise from a listing means, in one line. */
export const LISTING_REFUSALS: Readonly<Record<string, string>> = {
  LISTING_NOT_IN_SERIES: "that listing is no provider's listing of this series' segment (the catalog lists them): nothing was exercised",
  LISTING_SUPPLY_SHORT: "that listing's provider has fewer of its rights left unredeemed in this window than that: exercise fewer, or leave the listing empty (oldest sale first)",
};

/**
 * The listing typed in the exercise control: undefined when empty (oldest sale first), a listing id, or 'invalid' for
 * anything but a positive whole number (nothing is sent then).
 */
export function listingOf(text: string): number | undefined | 'invalid' {
  const t = text.trim().replace(/^#/, '');
  if (t === '') return undefined;
  if (!/^\d{1,15}$/.test(t)) return 'invalid';
  const id = Number(t);
  return Number.isSafeInteger(id) && id > 0 ? id : 'invalid';
}

/**
 * Exercises `qty` rights of the series (AccountSession.exercise), from `listingId`'s provider when given; a refusal of
 * the listing gets its line of explanation in the page's outcome. Answers the outcome.
 */
export async function exerciseFrom(s: AccountSession, seriesId: number, qty: number, listingId: number | undefined): Promise<Outcome | undefined> {
  await s.exercise(seriesId, qty, listingId);
  const o = s.outcome;
  const why = o !== undefined && !o.ok && o.reason !== undefined ? LISTING_REFUSALS[o.reason] : undefined;
  if (o !== undefined && why !== undefined) {
    s.outcome = { ...o, text: why };
    s.changed();
  }
  return s.outcome;
}
