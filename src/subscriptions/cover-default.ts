/** The cover's default, apart from cover.ts so that the configuration (and the CLI through it) need not load the engine. */

/** The least one live subscription counts for in the cover a new one needs, µPAT: 1 PAT (subscriptions.minCoverPerSubscriptionMicros). */
export const DEFAULT_MIN_COVER_MICROS = 1_000_000;
