/**
 * The fee schedule (issue 81, item 4; docs/fees.md): what the exchange charges, per product kind
 * and market phase, in basis points of a trade's notional. The operator sets it with the
 * journaled SET_PARAM command, so it replays like every other parameter; this file owns the
 * names, their bounds, the schedule the engine reads (resolved once per change, O(1) per fill)
 * and the one rounding rule. Nothing here imports the engine: the engine imports this file.
 *
 * Names: `fee.<field>:<KIND>` sets a rate for every phase; `fee.<field>:<KIND>@<phase>` sets it
 * from that governance phase on (the row of the highest phase not above the current one wins,
 * else the unsuffixed row, else 0). Fields:
 *   - `makerBps`, `takerBps`: on each side of a trade, by whether its order rested or took;
 *   - `issuanceBps`: on an option or a synthetic the broker writes (issues): the buyer pays it on the
 *     notional of the units the broker's sale wrote, on top of its trade fee;
 *   - `takeRateBps`: the exchange's share of a provider's sale proceeds (spot: at the fill;
 *     forward: at delivery, on what it is paid for the rights it delivered).
 * A kind whose fee the engine does not charge yet has the bound [0, 0]: the operator cannot set
 * a fee that would be shown and never taken.
 */
/** Product kinds in SeriesKind's order (SPOT = 1 … PUT = 5). */
export const FEE_KINDS = ['SPOT', 'FORWARD', 'SYNTHETIC', 'CALL', 'PUT'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

export const FEE_FIELDS = ['makerBps', 'takerBps', 'issuanceBps', 'takeRateBps'] as const;
export type FeeField = (typeof FEE_FIELDS)[number];

/** Market phases (docs/domain.md): 1 spot … 4 open options. */
export const FEE_PHASES = [1, 2, 3, 4] as const;
export const MAX_FEE_PHASE = 4;

/** The highest trade fee the operator may set (10%): a seller's proceeds always cover its fee. */
export const MAX_TRADE_FEE_BPS = 1_000;
/** The highest take rate (50% of a provider's sale). */
export const MAX_TAKE_RATE_BPS = 5_000;
const BPS = 10_000;

/**
 * Which (field, kind) the engine charges; every other pair is bounded to 0. Maker and taker fees:
 * every kind (spot and option premiums out of the notional that changes hands; a synthetic's two
 * sides and a forward's seller from what their orders hold beside margin or collateral). Take
 * rate: providers' spot sales, and their forward sales at delivery. Issuance: options and synthetics the broker writes.
 */
function maxBps(field: FeeField, kind: FeeKind): number {
  if (field === 'makerBps' || field === 'takerBps') return MAX_TRADE_FEE_BPS;
  if (field === 'takeRateBps') return kind === 'SPOT' || kind === 'FORWARD' ? MAX_TAKE_RATE_BPS : 0;
  return kind === 'CALL' || kind === 'PUT' || kind === 'SYNTHETIC' ? MAX_TRADE_FEE_BPS : 0; // issuance
}

const FIELD_DOC: Readonly<Record<FeeField, string>> = {
  makerBps: 'fee on the resting side of a trade, in bps of its notional (rounded up to the µPAT)',
  takerBps: 'fee on the taking side of a trade, in bps of its notional (rounded up to the µPAT); a buy holds it',
  issuanceBps: 'fee on an option or a synthetic the broker writes (issues): the buyer pays it on the units written, in bps of their notional',
  takeRateBps: 'the exchange\'s share of a provider\'s sale proceeds, in bps (rounded up to the µPAT): a spot sale\'s at the fill, a forward sale\'s at delivery',
};

/** A fee parameter's name, bounds and meaning (src/risk/params.ts makes its ParamSpec). */
export interface FeeParam {
  readonly name: string;
  readonly max: number;
  readonly doc: string;
}

/** One parameter per (field, kind), named `fee.<field>:<KIND>`; a `@phase` suffix shares its bounds. */
export const FEE_PARAMS: readonly FeeParam[] = FEE_FIELDS.flatMap((field) =>
  FEE_KINDS.map((kind) => {
    const max = maxBps(field, kind);
    return { name: `fee.${field}:${kind}`, max, doc: max === 0 ? `${FIELD_DOC[field]}; not charged on ${kind} yet (0 only)` : FIELD_DOC[field] };
  }),
);

const PHASE_SUFFIX = /^@([1-4])$/;

/** The unsuffixed name of a fee parameter (`fee.takerBps:SPOT@3` → `fee.takerBps:SPOT`), or undefined if the suffix is not a phase. */
export function feeBaseName(name: string): string | undefined {
  const at = name.indexOf('@');
  if (at < 0) return name;
  return PHASE_SUFFIX.test(name.slice(at)) ? name.slice(0, at) : undefined;
}

/** Whether `name` is a fee parameter's (a change to it rebuilds the schedule). */
export function isFeeParam(name: string): boolean {
  return name.startsWith('fee.');
}

/**
 * A fee on `notionalMicros` at `bps`, rounded up to the µPAT (in the exchange's favour: a fee is
 * never rounded to nothing). Split so no product leaves the safe integers: notional < 2^53 and
 * bps ≤ 10 000.
 */
export function feeMicros(notionalMicros: number, bps: number): number {
  if (bps === 0 || notionalMicros === 0) return 0;
  const whole = Math.floor(notionalMicros / BPS);
  const rest = notionalMicros - whole * BPS;
  return whole * bps + Math.ceil((rest * bps) / BPS);
}

/**
 * Two fees on one fill rounded up once: ⌈(aMicros × aBps + bMicros × bBps) / 10 000⌉, split as feeMicros is. Never
 * more than feeMicros(aMicros, aBps) + feeMicros(bMicros, bBps), and at most 1 µPAT less.
 */
export function feeMicrosOfTwo(aMicros: number, aBps: number, bMicros: number, bBps: number): number {
  const aWhole = Math.floor(aMicros / BPS);
  const bWhole = Math.floor(bMicros / BPS);
  return aWhole * aBps + bWhole * bBps + Math.ceil(((aMicros - aWhole * BPS) * aBps + (bMicros - bWhole * BPS) * bBps) / BPS);
}

const FIELD_INDEX: Readonly<Record<FeeField, number>> = { makerBps: 0, takerBps: 1, issuanceBps: 2, takeRateBps: 3 };
const SLOT = (kind: number, phase: number, field: number): number => ((kind - 1) * MAX_FEE_PHASE + (phase - 1)) * FEE_FIELDS.length + field;

/**
 * The schedule as the engine reads it: every (kind, phase, field) resolved from the parameters
 * when one changes (80 cells), so a fill reads one typed-array cell. Derived: rebuilt from the
 * parameters after a snapshot is read.
 */
export class FeeSchedule {
  private readonly cells = new Int32Array(FEE_KINDS.length * MAX_FEE_PHASE * FEE_FIELDS.length);
  /** True while every cell is 0: the fill path skips fees entirely (today's behaviour, byte for byte). */
  isZero = true;

  /** Resolves every cell from the operator's parameters (names checked when they were set). */
  rebuild(params: ReadonlyMap<string, number>): void {
    let any = false;
    for (let k = 1; k <= FEE_KINDS.length; k++) {
      for (const field of FEE_FIELDS) {
        const base = `fee.${field}:${FEE_KINDS[k - 1]}`;
        let value = params.get(base) ?? 0;
        for (const phase of FEE_PHASES) {
          value = params.get(`${base}@${phase}`) ?? value;
          this.cells[SLOT(k, phase, FIELD_INDEX[field])] = value;
          if (value !== 0) any = true;
        }
      }
    }
    this.isZero = !any;
  }

  /** The rate of `field` for a series of `kind` (SeriesKind) under governance phase `phase`. */
  bps(kind: number, phase: number, field: FeeField): number {
    if (this.isZero) return 0;
    const p = phase < 1 ? 1 : phase > MAX_FEE_PHASE ? MAX_FEE_PHASE : phase;
    return this.cells[SLOT(kind, p, FIELD_INDEX[field])] ?? 0;
  }

  /** Every row, for the read route and the CLI: kind, phase and the four rates. */
  rows(): FeeScheduleRow[] {
    const out: FeeScheduleRow[] = [];
    for (let k = 1; k <= FEE_KINDS.length; k++) {
      for (const phase of FEE_PHASES) {
        out.push({
          kind: FEE_KINDS[k - 1]!,
          phase,
          makerBps: this.bps(k, phase, 'makerBps'),
          takerBps: this.bps(k, phase, 'takerBps'),
          issuanceBps: this.bps(k, phase, 'issuanceBps'),
          takeRateBps: this.bps(k, phase, 'takeRateBps'),
        });
      }
    }
    return out;
  }
}

export interface FeeScheduleRow {
  kind: FeeKind;
  phase: number;
  makerBps: number;
  takerBps: number;
  issuanceBps: number;
  takeRateBps: number;
}

/** What GET /v1/fees and `patx fees` show: the rates in force now (the current phase's row per kind) and every row. */
export interface FeeScheduleReport {
  /** The governance phase the rates in force are for. */
  phase: number;
  /** How a fee is computed from a trade's notional. */
  rounding: string;
  /** Who pays nothing: the broker (the exchange itself). */
  exempt: string;
  current: FeeScheduleRow[];
  rows: FeeScheduleRow[];
}

export function feeScheduleReport(schedule: FeeSchedule, phase: number): FeeScheduleReport {
  const rows = schedule.rows();
  const p = phase < 1 ? 1 : phase > MAX_FEE_PHASE ? MAX_FEE_PHASE : phase;
  return {
    phase: p,
    rounding: 'ceil(notionalMicros × bps / 10000): rounded up to the µPAT, in the exchange\'s favour',
    exempt: 'the broker pays no fees',
    current: rows.filter((r) => r.phase === p),
    rows,
  };
}

/** The parameter names a change to one kind's row sets (`phase` undefined: every phase), for the operator's `fees set`. */
export function feeParamName(field: FeeField, kind: FeeKind, phase?: number): string {
  return phase === undefined ? `fee.${field}:${kind}` : `fee.${field}:${kind}@${phase}`;
}
