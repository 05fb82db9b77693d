/**
 * The broker's option models on market data (the OPTION channel, docs/protocol.md): what
 * the quoter publishes of each CALL and PUT it prices (GET /v1/options's numbers), carried
 * from the engine's thread to the market-data thread.
 *
 * The quoter runs outside the state machine and is no journaled state, so its models do not
 * come through the feed ring: the gateway takes them from an `OptionModelSource` (the quoter,
 * wired by the service) and posts the ones that changed. It keeps the latest of each live
 * option so a fresh seed (market data starting over) gets them again at once.
 *
 * A model's seq is given here, once, on the leader: its pricing time, or one more than the
 * series' last if the clock did not move. Edges relay the leader's models with their seqs
 * (src/replication/option-relay.ts), so every node serves a model under the same seq.
 */

/** One option's model as the quoter last priced it (the wire's OptionModel without its prev_seq). */
export interface OptionModelFields {
  seriesId: number;
  /** The OPTION stream's seq for this model (see above). */
  seq: number;
  /** The quoter's clock when it priced (ms). */
  pricedAtMs: number;
  /** The option's strike, µPAT: with F, σ and T below, Black-76's inputs. */
  strikeMicros: number;
  /**
   * F, the settlement index expected at the close: `forwardExactMicros` the double priced on, bit
   * for bit, `forwardMicros` it rounded to an integer; the engine's mark of the index when priced
   * (0 before the first), µPAT.
   */
  forwardMicros: number;
  forwardExactMicros: number;
  markMicros: number;
  /** σ given to Black-76 (annual, 0.8 = 80%), the market σ it comes from, and T in years (ACT/365): unrounded. */
  sigmaAnnual: number;
  sigmaMarketAnnual: number;
  timeYears: number;
  /** The Black-76 value of one unit (µPAT, unrounded): Black-76(forwardExactMicros, strikeMicros, sigmaAnnual, timeYears), the option's mark price. */
  valueMicros: number;
  /** delta per unit of the index, gamma per µPAT, vega µPAT per 1.00 of σ, theta µPAT per year. */
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  /** The broker's best bid and ask it computed (0 = none), µPAT. */
  bidMicros: number;
  askMicros: number;
}

/** The public pricing a source hands over: the fields above, and maybe more (which are left out). */
export type OptionPricingLike = Omit<OptionModelFields, 'pricedAtMs' | 'seq'>;

/** Where option models come from: `onPriced` is called after each repricing with every option priced, and the time. */
export interface OptionModelSource {
  onOptionsPriced(listener: (pricing: readonly OptionPricingLike[], pricedAtMs: number) => void): void;
}

/** At most this many options' models are kept (and posted in one message): a bound, far above any listing schedule. */
export const MAX_OPTION_MODELS = 10_000;

/** The fields compared to decide that a model changed (not the time: a repricing that changed nothing is not news). */
const COMPARED = ['strikeMicros', 'forwardMicros', 'forwardExactMicros', 'markMicros', 'sigmaAnnual', 'sigmaMarketAnnual', 'timeYears', 'valueMicros', 'delta', 'gamma', 'vega', 'theta', 'bidMicros', 'askMicros'] as const;

/** The latest model of each option the source prices; `update` says which changed. */
export class OptionModelBoard {
  private models = new Map<number, OptionModelFields>();

  /**
   * Takes a repricing's whole list (options not in it are no longer priced: dropped) and returns
   * the models that are new or changed. Copies the fields it knows, so nothing else crosses.
   */
  update(pricing: readonly OptionPricingLike[], pricedAtMs: number): OptionModelFields[] {
    const next = new Map<number, OptionModelFields>();
    const changed: OptionModelFields[] = [];
    for (const p of pricing) {
      if (next.size >= MAX_OPTION_MODELS) break;
      const before = this.models.get(p.seriesId);
      // A clock that did not move (or stepped back) still gives the stream a larger seq.
      const model = modelOf(p, pricedAtMs, Math.max(pricedAtMs, (before?.seq ?? this.lastSeqs.get(p.seriesId) ?? 0) + 1));
      if (before === undefined || COMPARED.some((k) => before[k] !== model[k])) {
        next.set(model.seriesId, model);
        changed.push(model);
        this.lastSeqs.set(model.seriesId, model.seq);
      } else next.set(model.seriesId, before); // unchanged: keeps the time it was priced at when it last changed
    }
    this.models = next;
    return changed;
  }

  /** The last seq given to each series' model, kept while the option is not priced (an option dropped and priced again goes on from it). */
  private readonly lastSeqs = new Map<number, number>();

  /**
   * Models priced elsewhere (an edge relaying the leader's), kept with their seqs: `whole`
   * replaces every model (the leader's whole board), else they are merged in. Returns those
   * that are new or changed.
   */
  adopt(models: readonly OptionModelFields[], whole: boolean): OptionModelFields[] {
    const next = whole ? new Map<number, OptionModelFields>() : new Map(this.models);
    const changed: OptionModelFields[] = [];
    for (const m of models) {
      if (!next.has(m.seriesId) && next.size >= MAX_OPTION_MODELS) continue;
      const model = modelOf(m, m.pricedAtMs, m.seq);
      const before = this.models.get(m.seriesId);
      // An older model arriving late (a whole board answered before a newer change landed) does not replace a newer one.
      if (before !== undefined && before.seq >= model.seq) {
        next.set(m.seriesId, before);
        continue;
      }
      changed.push(model);
      next.set(m.seriesId, model);
    }
    this.models = next;
    return changed;
  }

  /** Every model kept, by series id. */
  all(): OptionModelFields[] {
    return [...this.models.values()];
  }
}

function modelOf(p: OptionPricingLike, pricedAtMs: number, seq: number): OptionModelFields {
  return {
    seriesId: p.seriesId,
    seq,
    pricedAtMs,
    strikeMicros: p.strikeMicros,
    forwardMicros: p.forwardMicros,
    forwardExactMicros: p.forwardExactMicros,
    markMicros: p.markMicros,
    sigmaAnnual: p.sigmaAnnual,
    sigmaMarketAnnual: p.sigmaMarketAnnual,
    timeYears: p.timeYears,
    valueMicros: p.valueMicros,
    delta: p.delta,
    gamma: p.gamma,
    vega: p.vega,
    theta: p.theta,
    bidMicros: p.bidMicros,
    askMicros: p.askMicros,
  };
}
