/**
 * Streaming estimators the quoter keeps per series, fed from released engine
 * events in journal order (so a restarted quoter that replays the same events
 * reaches the same numbers). Plain float64: these are inputs to the pricing
 * function, not money.
 */

const HOUR_MS = 3_600_000;

/**
 * An exponentially weighted rate of quantity per hour. Each event adds
 * qty·ln2/h; the total decays by 2^(−Δt/h). A steady flow of r per hour
 * converges to r.
 */
export class EwmaRate {
  private value = 0;
  private atMs: number;

  constructor(
    private halfLifeMs: number,
    startMs: number,
  ) {
    this.atMs = startMs;
  }

  setHalfLife(halfLifeMs: number): void {
    this.halfLifeMs = halfLifeMs;
  }

  private decayTo(nowMs: number): void {
    if (nowMs <= this.atMs) return;
    this.value *= Math.pow(2, -(nowMs - this.atMs) / this.halfLifeMs);
    this.atMs = nowMs;
  }

  add(qty: number, nowMs: number): void {
    this.decayTo(nowMs);
    this.value += (qty * Math.LN2 * HOUR_MS) / this.halfLifeMs;
  }

  /** Rate per hour at `nowMs` (does not move the estimator's clock backwards). */
  rateAt(nowMs: number): number {
    if (nowMs <= this.atMs) return this.value;
    return this.value * Math.pow(2, -(nowMs - this.atMs) / this.halfLifeMs);
  }
}

/**
 * Volatility of a price from its observations: EWMA of squared log returns
 * per hour, r²/Δt, weighted by elapsed time with half-life h. Returns σ
 * relative (a fraction) per √hour; `observations` counts the returns seen so
 * a caller can floor σ for thin series.
 */
export class EwmaVolatility {
  private variancePerHour = 0;
  private lastPrice = 0;
  private lastAtMs = 0;
  observations = 0;

  constructor(private halfLifeMs: number) {}

  setHalfLife(halfLifeMs: number): void {
    this.halfLifeMs = halfLifeMs;
  }

  observe(price: number, nowMs: number): void {
    if (!(price > 0)) return;
    if (this.lastPrice > 0 && nowMs > this.lastAtMs) {
      const r = Math.log(price / this.lastPrice);
      const dtHours = (nowMs - this.lastAtMs) / HOUR_MS;
      const weight = 1 - Math.pow(2, -(nowMs - this.lastAtMs) / this.halfLifeMs);
      this.variancePerHour += weight * ((r * r) / dtHours - this.variancePerHour);
      this.observations++;
    }
    if (this.lastPrice <= 0 || nowMs > this.lastAtMs || price !== this.lastPrice) {
      this.lastPrice = price;
      this.lastAtMs = Math.max(this.lastAtMs, nowMs);
    }
  }

  sigmaPerSqrtHour(): number {
    return Math.sqrt(Math.max(0, this.variancePerHour));
  }
}
