/**
 * `patx rate <listing> <stars> [--review TEXT]`: a consumer rates a listing whose data it received (POST
 * /v1/ratings/{id}, wallet-signed, through src/client/catalog.ts's rateListing; docs/catalog.md, "Ratings").
 * Rating again replaces the wallet's rating. Stars outside 1–5 or a review past 2,000 characters exit 2 with
 * nothing sent (the route's own bounds); a refusal is one line, exit 1, NOT_ELIGIBLE_TO_RATE naming what to run.
 */
import type { Command } from 'commander';
import type { ListingSummary } from '../client/catalog.js';
import type { acting } from './command-output.js';
import { positiveId, wholeIn } from './catalog.js';
import { addWalletOptions, connectWallet, WalletCommandError, type WalletOptions } from './wallet-options.js';

/** The longest review the route takes (src/catalog/catalog.ts, `rate`). */
export const MAX_REVIEW_CHARS = 2_000;

export function ratedText(summary: ListingSummary, stars: number, review: boolean): string {
  return [
    `rated listing ${summary.id} (${summary.title}, version ${summary.version}): ${stars} star${stars === 1 ? '' : 's'}${review ? ' with your review' : ''}; rating again replaces it`,
    `its trust is now ${summary.trust.toFixed(4)}`,
    `next: patx listing ${summary.id}`,
  ].join('\n');
}

export function addRateCommand(program: Command, act: ReturnType<typeof acting>): void {
  addWalletOptions(
    program
      .command('rate')
      .argument('<listing>', "a listing whose data you received (its id: patx purchases shows the listings of each buy)", positiveId)
      .argument('<stars>', '1 to 5', wholeIn(1, 5))
      .option('--review <text>', `what you found, at most ${MAX_REVIEW_CHARS.toLocaleString('en')} characters`)
      .description('rate a listing whose data you received (POST /v1/ratings/{id}): 1 to 5 stars and a review; rating again replaces yours'),
  ).action((listingId: number, stars: number, o: WalletOptions & { review?: string }) =>
    act(async () => {
      if (o.review !== undefined && o.review.length > MAX_REVIEW_CHARS) throw new WalletCommandError('USAGE', `--review: at most ${MAX_REVIEW_CHARS.toLocaleString('en')} characters (this one has ${o.review.length.toLocaleString('en')})`);
      const [{ rateListing }, http] = await Promise.all([import('../client/catalog.js'), connectWallet(o)]);
      let summary: ListingSummary;
      try {
        summary = await rateListing(http, listingId, { stars, ...(o.review === undefined ? {} : { review: o.review }) });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'NOT_ELIGIBLE_TO_RATE') {
          throw new WalletCommandError('NOT_ELIGIBLE_TO_RATE', `you have received no data from listing ${listingId}: exercise rights granted under it first (patx exercise SERIES N --listing ${listingId}; patx download fetches the records), then rate it`);
        }
        throw error;
      }
      return { value: summary, text: () => ratedText(summary, stars, o.review !== undefined) };
    }),
  );
}
