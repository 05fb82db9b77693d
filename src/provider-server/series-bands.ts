/**
 * Each series' confidence band (its contract's), as `patx provider serve --score-field` and the demo's servers need it
 * (src/cli/provider-serve.ts): every listed series read at start, a new one when a grant first names
 * it (its rights wait NOT_READY meanwhile: `PENDING_BAND`). A series whose contract has no band gets
 * any row. Series never change, so what is read is kept (bounded).
 */
import type { ConfidenceBand } from './options.js';

/** A band not known yet (its series is being read): its rights wait (NOT_READY). */
export const PENDING_BAND: ConfidenceBand = Object.freeze({ loBps: -1, hiBps: -1 });

export class SeriesBands {
  private readonly bands = new Map<number, ConfidenceBand | null>();
  private readonly reads = new Set<number>();

  constructor(
    private readonly exchangeUrl: string,
    /** A contract key's band (engine/core/contract-key.ts parseContractKey); throws on one that is no key. */
    private readonly bandOfKey: (contract: string) => ConfidenceBand,
    private readonly warn: (line: string) => void,
  ) {}

  /** Every listed series' band, page by page (a failure is warned of: each is then read at its first request). */
  async readAll(): Promise<void> {
    try {
      for (let offset = 0, page = 0; page < 100; page++) {
        const res = await fetch(`${this.exchangeUrl}/v1/series?limit=1000&offset=${offset}`);
        if (res.status !== 200) break;
        const body = (await res.json()) as { series: Array<{ seriesId: number; contract: string }>; next: number | null };
        for (const s of body.series) this.bands.set(s.seriesId, this.bandOfContract(s.contract));
        if (body.next === null || body.next === undefined) break;
        offset = body.next;
      }
    } catch (error) {
      this.warn(`the series could not be read (${(error as Error).message}): each one's band is read at its first request`);
    }
  }

  /** The series' band; PENDING_BAND while it is read; undefined for a series without one (any row). */
  bandOf(seriesId: number): ConfidenceBand | undefined {
    const b = this.bands.get(seriesId);
    if (b === undefined) {
      this.readOne(seriesId);
      return PENDING_BAND;
    }
    if (this.bands.size > 200_000) this.bands.clear();
    return b ?? undefined;
  }

  private bandOfContract(contract: unknown): ConfidenceBand | null {
    try {
      return this.bandOfKey(String(contract));
    } catch {
      return null; // not a contract with a band: its rights get any row
    }
  }

  private readOne(seriesId: number): void {
    if (this.reads.has(seriesId)) return;
    this.reads.add(seriesId);
    void fetch(`${this.exchangeUrl}/v1/series/${seriesId}`)
      .then(async (res) => {
        if (res.status === 200) this.bands.set(seriesId, this.bandOfContract(((await res.json()) as { contract?: unknown }).contract));
        else if (res.status === 404) this.bands.set(seriesId, null);
      })
      .catch(() => undefined)
      .finally(() => {
        // A failed read is tried again at the next request, a second on.
        setTimeout(() => this.reads.delete(seriesId), 1_000).unref();
      });
  }
}
