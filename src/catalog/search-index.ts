/**
 * The search index of published listings: what a search filters on, laid out as
 * typed-array columns, once per sort order (trust, last update, title), plus a
 * word index for text. A search is one sequential scan of the columns in the
 * requested order that counts the matches and keeps the page: no sort and no
 * object visits per query. Written by hand because this is the measured hot path
 * of /v1/listings (100,000 listings, p99 ≤ 10 ms; bench/RESULTS.md): scanning
 * row objects in a sorted order missed the cache on every row (15-20 ms).
 */
import { PERMITTED_USES, type Listing } from './listing.js';

export const QUALITY_METRICS = ['completeness', 'validity', 'uniqueness', 'timeliness', 'consistency', 'accuracy'] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];

export interface SearchFilters {
  text?: string;
  segment?: string;
  /** Only these segments (e.g. those with a contract of a given window or confidence band). */
  segments?: ReadonlySet<string>;
  provider?: number;
  permittedUse?: string;
  minTrust?: number;
  minQuality?: Partial<Record<QualityMetric, number>>;
  sort?: 'trust' | 'updated' | 'title';
  offset?: number;
  limit?: number;
}

export interface IndexedListing {
  listing: Listing;
  trust: number;
}

interface Columns {
  pos: Int32Array;
  segment: Int32Array;
  provider: Float64Array;
  trust: Float64Array;
  /** Bit i: the licence permits PERMITTED_USES[i]. */
  uses: Int32Array;
  /** QUALITY_METRICS.length values per row; NaN when not measured. */
  quality: Float64Array;
}

/** The columns in `order` (positions into `base`). */
function permuted(base: Omit<Columns, 'pos'>, order: number[]): Columns {
  const n = order.length;
  const w = QUALITY_METRICS.length;
  const c: Columns = { pos: Int32Array.from(order), segment: new Int32Array(n), provider: new Float64Array(n), trust: new Float64Array(n), uses: new Int32Array(n), quality: new Float64Array(n * w) };
  for (let i = 0; i < n; i++) {
    const p = order[i]!;
    c.segment[i] = base.segment[p]!;
    c.provider[i] = base.provider[p]!;
    c.trust[i] = base.trust[p]!;
    c.uses[i] = base.uses[p]!;
    c.quality.set(base.quality.subarray(p * w, p * w + w), i * w);
  }
  return c;
}

/** Words of a text: lower-case runs of letters and digits. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

export class SearchIndex {
  /** By position (the columns' `pos`). */
  readonly rows: IndexedListing[] = [];
  private readonly segmentIds = new Map<string, number>();
  private readonly byOrder: Record<'trust' | 'updated' | 'title', Columns>;
  private readonly words: string[];
  private readonly rowsOfWord = new Map<string, number[]>();

  constructor(listings: Iterable<Listing>, trustOf: (l: Listing) => number) {
    const titles: string[] = [];
    const segment: number[] = [];
    const provider: number[] = [];
    const uses: number[] = [];
    const quality: number[] = [];
    for (const listing of listings) {
      if (listing.status !== 'published') continue;
      const pos = this.rows.length;
      const v = listing.versions[listing.versions.length - 1]!;
      this.rows.push({ listing, trust: trustOf(listing) });
      titles.push(v.title.toLowerCase());
      let id = this.segmentIds.get(listing.segment);
      if (id === undefined) {
        id = this.segmentIds.size;
        this.segmentIds.set(listing.segment, id);
      }
      segment.push(id);
      provider.push(listing.providerAccountId);
      let mask = 0;
      for (const u of v.licence.permittedUses) mask |= 1 << PERMITTED_USES.indexOf(u);
      uses.push(mask);
      const q = v.quality;
      quality.push(q.completeness, q.validity, q.uniqueness, q.timeliness ?? NaN, q.consistency, q.accuracy ?? NaN);
      for (const w of new Set(wordsOf(`${v.title} ${v.description} ${listing.segment}`))) {
        const at = this.rowsOfWord.get(w);
        if (at === undefined) this.rowsOfWord.set(w, [pos]);
        else at.push(pos);
      }
    }
    this.words = [...this.rowsOfWord.keys()].sort();
    // Each listing's values read once, by position; each order is then a permutation of them.
    const base = { segment: Int32Array.from(segment), provider: Float64Array.from(provider), trust: Float64Array.from(this.rows, (r) => r.trust), uses: Int32Array.from(uses), quality: Float64Array.from(quality) };
    const positions = this.rows.map((_, i) => i);
    const ids = Float64Array.from(this.rows, (r) => r.listing.id);
    const updated = Float64Array.from(this.rows, (r) => r.listing.updatedAtMs);
    this.byOrder = {
      trust: permuted(base, [...positions].sort((a, b) => base.trust[b]! - base.trust[a]! || ids[a]! - ids[b]!)),
      updated: permuted(base, [...positions].sort((a, b) => updated[b]! - updated[a]! || ids[a]! - ids[b]!)),
      title: permuted(base, [...positions].sort((a, b) => (titles[a]! < titles[b]! ? -1 : titles[a]! > titles[b]! ? 1 : ids[a]! - ids[b]!))),
    };
  }

  /** Published listings in the requested order that pass every filter: the count, and one page. */
  search(f: SearchFilters): { total: number; page: IndexedListing[] } {
    const c = this.byOrder[f.sort ?? 'trust'];
    const n = c.pos.length;
    const segment = f.segment === undefined ? -1 : (this.segmentIds.get(f.segment) ?? -2);
    if (segment === -2) return { total: 0, page: [] };
    let allowed: Uint8Array | undefined;
    if (f.segments !== undefined) {
      allowed = new Uint8Array(this.segmentIds.size);
      for (const name of f.segments) {
        const id = this.segmentIds.get(name);
        if (id !== undefined) allowed[id] = 1;
      }
    }
    const useIndex = f.permittedUse === undefined ? -1 : (PERMITTED_USES as readonly string[]).indexOf(f.permittedUse);
    if (f.permittedUse !== undefined && useIndex < 0) return { total: 0, page: [] };
    const useBit = useIndex < 0 ? 0 : 1 << useIndex;
    const provider = f.provider ?? -1;
    const minTrust = f.minTrust ?? -Infinity;
    // Only the metrics with a minimum are checked; an unmeasured one (NaN) never passes its minimum.
    const checked: number[] = [];
    const mins: number[] = [];
    QUALITY_METRICS.forEach((m, i) => {
      const min = f.minQuality?.[m];
      if (min !== undefined) {
        checked.push(i);
        mins.push(min);
      }
    });
    const hits = f.text === undefined ? undefined : this.textHits(f.text);
    const offset = f.offset ?? 0;
    const limit = f.limit ?? 50;
    const page: IndexedListing[] = [];
    let total = 0;
    const q = c.quality;
    const width = QUALITY_METRICS.length;
    scan: for (let i = 0; i < n; i++) {
      if (segment >= 0 && c.segment[i] !== segment) continue;
      if (allowed !== undefined && allowed[c.segment[i]!] !== 1) continue;
      if (provider >= 0 && c.provider[i] !== provider) continue;
      if (c.trust[i]! < minTrust) continue;
      if (useBit !== 0 && (c.uses[i]! & useBit) === 0) continue;
      for (let k = 0; k < checked.length; k++) if (!(q[i * width + checked[k]!]! >= mins[k]!)) continue scan;
      if (hits !== undefined && hits[c.pos[i]!] !== 1) continue;
      if (total >= offset && page.length < limit) page.push(this.rows[c.pos[i]!]!);
      total++;
    }
    return { total, page };
  }

  /** Rows (by position, 1 = a hit) whose words start with every word of the query. */
  private textHits(query: string): Uint8Array {
    let hits: Uint8Array | undefined;
    for (const word of wordsOf(query)) {
      const found = new Uint8Array(this.rows.length);
      // The words starting with `word` sit together in the sorted list: binary search to the first, walk while they match.
      let lo = 0;
      let hi = this.words.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.words[mid]! < word) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < this.words.length && this.words[i]!.startsWith(word); i++) for (const pos of this.rowsOfWord.get(this.words[i]!)!) found[pos] = 1;
      if (hits === undefined) hits = found;
      else for (let i = 0; i < hits.length; i++) hits[i] = hits[i]! & found[i]!;
    }
    return hits ?? new Uint8Array(this.rows.length).fill(1);
  }
}
