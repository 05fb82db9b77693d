/**
 * What the sandbox's milestone log lines say, as pure functions so their words can be tested
 * against their numbers (issue 77: "1 position(s) paid" for a call that expired out of the
 * money; "36 rights delivered (providers delivered 34)" with no word on where the other 2
 * came from). Amounts in PAT with exactly 4 decimals, as everywhere (src/operator/cli-format.ts).
 */
import { patFromMicros } from '../operator/cli-format.js';

const pat = (micros: number): string => patFromMicros(micros) ?? String(micros);

/** A forward's delivery at its window's open: what buyers received, and from where (docs/forwards.md "delivery"). */
export interface ForwardDeliveryCount {
  contract: string;
  seriesId: number;
  spotSeriesId: number;
  /** Rights providers delivered into the window's spot series. */
  providerDeliveredQty: number;
  /** Rights buyers held forward, and what they received. */
  buyerLongQty: number;
  buyerDeliveredQty: number;
}

export function forwardDeliveredText(d: ForwardDeliveryCount): string {
  // Buyers are served from the providers' deliveries first, then from the spot rights the broker set aside at the open;
  // what providers delivered beyond the buyers' longs is the broker's own long (src/engine/products/forwards.ts beginBuyers).
  const fromProviders = Math.min(d.providerDeliveredQty, d.buyerDeliveredQty);
  const fromReserve = d.buyerDeliveredQty - fromProviders;
  const toBroker = d.providerDeliveredQty - fromProviders;
  const parts = [`${fromProviders} from providers' deliveries`];
  if (fromReserve > 0) parts.push(`${fromReserve} from the broker's reserve`);
  const short = d.buyerLongQty - d.buyerDeliveredQty;
  return (
    `sandbox: forward delivered at its window's open: buyers received ${d.buyerDeliveredQty} of the ${d.buyerLongQty} right(s) they held forward (${parts.join(', ')})` +
    `${short > 0 ? `, ${short} short (compensated)` : ''}; providers delivered ${d.providerDeliveredQty}${toBroker > 0 ? ` (${toBroker} beyond the buyers' longs went to the broker)` : ''}` +
    ` · ${d.contract}, forward series ${d.seriesId} into spot series ${d.spotSeriesId}`
  );
}

/** The customers' (not the broker's) positions of one cash-settled series, as settled at the index. */
export interface CashSettledCount {
  /** 'synthetic', or an option named with its strike. */
  kind: 'synthetic' | 'call' | 'put';
  strikeMicros: number;
  indexMicros: number;
  contract: string;
  seriesId: number;
  /** Customer positions settled with a unit value above 0 (in the money, or any synthetic) and at 0 (an option out of the money). */
  withValue: number;
  worthless: number;
}

export function cashSettledText(c: CashSettledCount): string {
  const what = c.kind === 'synthetic' ? 'synthetic' : `${c.kind} struck at ${pat(c.strikeMicros)} PAT`;
  const outcome =
    c.kind === 'synthetic'
      ? `${c.withValue + c.worthless} position(s) settled`
      : [c.withValue > 0 ? `${c.withValue} position(s) in the money, paid` : '', c.worthless > 0 ? `${c.worthless} position(s) out of the money, expired worthless` : ''].filter((x) => x !== '').join(', ');
  return `sandbox: ${what} cash-settled at the index ${pat(c.indexMicros)} PAT: ${outcome} (${c.contract}, series ${c.seriesId}); recorded on-chain with the next batch`;
}
