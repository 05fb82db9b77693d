/**
 * The search index of published listings: what a search filters on, laid out as
 * typed-array columns, once per sort order (trust, last update, title), plus a
 * word index for text. A search is one sequential scan of the columns in the
 * requested order that counts the matches and keeps the page: no sort and no
 * object visits per query. Written by hand because this is the measured hot path
 * of /v1/listings (100,000 listings, p99 ≤ 10 ms; bench/RESULTS.md): scanning
 * row objects in a sorted order missed the cache on every row (15-20 ms).
 *
 * A change does not rebuild it (a build takes about a second at 100,000 listings,
 * on the engine's thread): the changed listing's row is marked stale and the
 * listing goes into a small overlay, which each search filters object by object
 * and merges into the scan in the same order. The catalog rebuilds the index once
 * the overlay is large or the index is old (trust moves with time).
 */
import { PERMITTED_USES, type Listing } from './listing.js';
import { RISK_BANDS, type DiscoveryFacts, type RiskBand } from './discovery.js';

export const QUALITY_METRICS = ['completeness', 'validity', 'uniqueness', 'timeliness', 'consistency', 'accuracy'] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];

export interface SearchFilters {
  text?: string;
  segment?: string;
  /** Only these segments (e.g. those with a contract of a given window or confidence band). */
  segments?: ReadonlySet<string>;
  provider?: number;
  permittedUse?: string;
  /** Only listings of this kind (a dataset: no kind stored). */
  kind?: 'dataset' | 'model-feed';
  minTrust?: number;
  minQuality?: Partial<Record<QualityMetric, number>>;
  /** Discovery filters (src/catalog/discovery.ts): an unknown fact never passes a minimum. */
  minCapacityRights?: number;
  /** Only listings in one of these bands. */
  riskBands?: ReadonlySet<RiskBand>;
  minDisclosure?: number;
  minStability?: number;
  sort?: 'trust' | 'updated' | 'title';
  offset?: number;
  limit?: number;
}

export interface IndexedListing {
  listing: Listing;
  trust: number;
  facts: DiscoveryFacts;
}

/** What the index asks of a listing as it indexes it: its trust and discovery facts now. */
export type ListingScorer = (l: Listing) => { trust: number; facts: DiscoveryFacts };

/** What a search reads of one listing, computed once per change. */
interface RowFacts {
  listing: Listing;
  trust: number;
  facts: DiscoveryFacts;
  titleLower: string;
  /** Bit i: the licence permits PERMITTED_USES[i]. */
  uses: number;
  quality: number[];
  words: string[];
}

function factsOf(listing: Listing, { trust, facts }: { trust: number; facts: DiscoveryFacts }): RowFacts {
  const v = listing.versions[listing.versions.length - 1]!;
  let uses = 0;
  for (const u of v.licence.permittedUses) uses |= 1 << PERMITTED_USES.indexOf(u);
  const q = v.quality;
  return {
    listing,
    trust,
    facts,
    titleLower: v.title.toLowerCase(),
    uses,
    quality: [q.completeness, q.validity, q.uniqueness, q.timeliness ?? NaN, q.consistency, q.accuracy ?? NaN],
    words: [...new Set(wordsOf(`${v.title} ${v.description} ${listing.segment}`))],
  };
}

type SortOrder = 'trust' | 'updated' | 'title';

/** The index's orders as one comparator (negative: `a` first): key descending or ascending, then id. */
function compareBy(sort: SortOrder, a: { trust: number; updated: number; title: string; id: number }, b: { trust: number; updated: number; title: string; id: number }): number {
  if (sort === 'trust') return b.trust - a.trust || a.id - b.id;
  if (sort === 'updated') return b.updated - a.updated || a.id - b.id;
  return a.title < b.title ? -1 : a.title > b.title ? 1 : a.id - b.id;
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
  /** Discovery facts (NaN: unknown); risk: the band's bit (1 << RISK_BANDS index). */
  capacity: Float64Array;
  risk: Int32Array;
  disclosure: Float64Array;
  stability: Float64Array;
  /** Sort keys besides trust (merging the overlay compares them). */
  id: Float64Array;
  updated: Float64Array;
}

/** The columns in `order` (positions into `base`). */
function permuted(base: Omit<Columns, 'pos'>, order: number[]): Columns {
  const n = order.length;
  const w = QUALITY_METRICS.length;
  const c: Columns = {
    pos: Int32Array.from(order),
    segment: new Int32Array(n),
    provider: new Float64Array(n),
    trust: new Float64Array(n),
    uses: new Int32Array(n),
    quality: new Float64Array(n * w),
    capacity: new Float64Array(n),
    risk: new Int32Array(n),
    disclosure: new Float64Array(n),
    stability: new Float64Array(n),
    id: new Float64Array(n),
    updated: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const p = order[i]!;
    c.id[i] = base.id[p]!;
    c.updated[i] = base.updated[p]!;
    c.segment[i] = base.segment[p]!;
    c.provider[i] = base.provider[p]!;
    c.trust[i] = base.trust[p]!;
    c.uses[i] = base.uses[p]!;
    c.capacity[i] = base.capacity[p]!;
    c.risk[i] = base.risk[p]!;
    c.disclosure[i] = base.disclosure[p]!;
    c.stability[i] = base.stability[p]!;
    c.quality.set(base.quality.subarray(p * w, p * w + w), i * w);
  }
  return c;
}

/** Words of a text: lower-case runs of letters and digits. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/**
 * The words of a query that decide its hits, each once. A listing matches when every query word
 * starts one of its words (AND): a repeated word adds nothing, nor does a word that starts another
 * query word (whatever starts with "apple" starts with "app"), so both are dropped and the hits
 * are the same. Sorted, a word that starts another starts the one after it. Longest first: the
 * narrowest walk first, so an empty intersection ends the search early.
 */
export function queryWordsOf(text: string): string[] {
  const sorted = [...new Set(wordsOf(text))].sort();
  const kept = sorted.filter((w, i) => i + 1 === sorted.length || !sorted[i + 1]!.startsWith(w));
  return kept.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

export class SearchIndex {
  /** By position (the columns' `pos`). */
  readonly rows: IndexedListing[] = [];
  private readonly segmentIds = new Map<string, number>();
  private readonly byOrder: Record<'trust' | 'updated' | 'title', Columns>;
  private readonly words: string[];
  private readonly rowsOfWord = new Map<string, number[]>();

  /** Base rows whose listing changed since the build (skipped by scans; the overlay has them). */
  private readonly stale: Uint8Array;
  private readonly posOfId = new Map<number, number>();
  private readonly titles: string[] = [];
  private readonly overlay = new Map<number, RowFacts>();

  constructor(
    listings: Iterable<Listing>,
    private readonly scoreOf: ListingScorer,
    /** When it was built (the catalog rebuilds an old index: trust moves with time). */
    readonly builtAtMs = 0,
  ) {
    const titles = this.titles;
    const segment: number[] = [];
    const provider: number[] = [];
    const uses: number[] = [];
    const quality: number[] = [];
    for (const listing of listings) {
      if (listing.status !== 'published') continue;
      const pos = this.rows.length;
      const facts = factsOf(listing, scoreOf(listing));
      this.rows.push({ listing, trust: facts.trust, facts: facts.facts });
      this.posOfId.set(listing.id, pos);
      titles.push(facts.titleLower);
      let id = this.segmentIds.get(listing.segment);
      if (id === undefined) {
        id = this.segmentIds.size;
        this.segmentIds.set(listing.segment, id);
      }
      segment.push(id);
      provider.push(listing.providerAccountId);
      uses.push(facts.uses);
      quality.push(...facts.quality);
      for (const w of facts.words) {
        const at = this.rowsOfWord.get(w);
        if (at === undefined) this.rowsOfWord.set(w, [pos]);
        else at.push(pos);
      }
    }
    this.stale = new Uint8Array(this.rows.length);
    this.words = [...this.rowsOfWord.keys()].sort();
    // Each listing's values read once, by position; each order is then a permutation of them.
    const ids = Float64Array.from(this.rows, (r) => r.listing.id);
    const updated = Float64Array.from(this.rows, (r) => r.listing.updatedAtMs);
    const base = {
      segment: Int32Array.from(segment),
      provider: Float64Array.from(provider),
      trust: Float64Array.from(this.rows, (r) => r.trust),
      uses: Int32Array.from(uses),
      quality: Float64Array.from(quality),
      capacity: Float64Array.from(this.rows, (r) => r.facts.capacityRights),
      risk: Int32Array.from(this.rows, (r) => riskBit(r.facts.riskBand)),
      disclosure: Float64Array.from(this.rows, (r) => r.facts.disclosure),
      stability: Float64Array.from(this.rows, (r) => r.facts.stability),
      id: ids,
      updated,
    };
    const positions = this.rows.map((_, i) => i);
    this.byOrder = {
      trust: permuted(base, [...positions].sort((a, b) => base.trust[b]! - base.trust[a]! || ids[a]! - ids[b]!)),
      updated: permuted(base, [...positions].sort((a, b) => updated[b]! - updated[a]! || ids[a]! - ids[b]!)),
      title: permuted(base, [...positions].sort((a, b) => (titles[a]! < titles[b]! ? -1 : titles[a]! > titles[b]! ? 1 : ids[a]! - ids[b]!))),
    };
  }

  /** Listings changed since the build (the overlay). */
  get changes(): number {
    return this.overlay.size;
  }

  /** A listing changed (any status): its base row is stale from now on and the overlay holds it as it is now. */
  change(listing: Listing): void {
    const pos = this.posOfId.get(listing.id);
    if (pos !== undefined) this.stale[pos] = 1;
    this.overlay.set(listing.id, factsOf(listing, this.scoreOf(listing)));
  }

  /** Published listings in the requested order that pass every filter: the count, and one page. */
  search(f: SearchFilters): { total: number; page: IndexedListing[] } {
    const sort = f.sort ?? 'trust';
    const c = this.byOrder[sort];
    const n = c.pos.length;
    const offset = f.offset ?? 0;
    const limit = f.limit ?? 50;
    const page: IndexedListing[] = [];
    let total = 0;
    const take = (r: IndexedListing): void => {
      if (total >= offset && page.length < limit) page.push(r);
      total++;
    };
    // The overlay's matches, in the same order, merged into the scan below.
    const extra = this.overlayMatches(f, sort);
    let next = 0;
    // Where each overlay match falls in the scan: before row at[j] (binary search in the order's columns),
    // so the scan merges with integer compares.
    const before = (e: { trust: number; updated: number; title: string; id: number }, i: number): boolean => {
      if (sort === 'trust') return (c.trust[i]! - e.trust || e.id - c.id[i]!) < 0;
      if (sort === 'updated') return (c.updated[i]! - e.updated || e.id - c.id[i]!) < 0;
      const title = this.titles[c.pos[i]!]!;
      return e.title < title || (e.title === title && e.id < c.id[i]!);
    };
    const at = extra.map((e) => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(e.key, mid)) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    });
    const segment = f.segment === undefined ? -1 : (this.segmentIds.get(f.segment) ?? -2);
    if (segment === -2) {
      for (const r of extra) take(r);
      return { total, page };
    }
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
    // Unknown facts are NaN: `!(x >= min)` refuses them as it refuses a value below the minimum.
    const minCapacity = f.minCapacityRights ?? -Infinity;
    const minDisclosure = f.minDisclosure ?? -Infinity;
    const minStability = f.minStability ?? -Infinity;
    const bands = riskMask(f.riskBands);
    const q = c.quality;
    const width = QUALITY_METRICS.length;
    const stale = this.stale;
    scan: for (let i = 0; i < n; i++) {
      if (segment >= 0 && c.segment[i] !== segment) continue;
      if (allowed !== undefined && allowed[c.segment[i]!] !== 1) continue;
      if (provider >= 0 && c.provider[i] !== provider) continue;
      if (c.trust[i]! < minTrust) continue;
      if (useBit !== 0 && (c.uses[i]! & useBit) === 0) continue;
      if (f.kind !== undefined && kindOf(this.rows[c.pos[i]!]!.listing) !== f.kind) continue;
      if (f.minCapacityRights !== undefined && !(c.capacity[i]! >= minCapacity)) continue;
      if (f.minDisclosure !== undefined && !(c.disclosure[i]! >= minDisclosure)) continue;
      if (f.minStability !== undefined && !(c.stability[i]! >= minStability)) continue;
      if ((c.risk[i]! & bands) === 0) continue;
      for (let k = 0; k < checked.length; k++) if (!(q[i * width + checked[k]!]! >= mins[k]!)) continue scan;
      const pos = c.pos[i]!;
      if (hits !== undefined && hits[pos] !== 1) continue;
      if (stale[pos] === 1) continue;
      while (next < at.length && at[next]! <= i) take(extra[next++]!);
      take(this.rows[pos]!);
    }
    while (next < extra.length) take(extra[next++]!);
    return { total, page };
  }

  /** The overlay's published listings that pass every filter, sorted in `sort`'s order (object by object: it is small). */
  private overlayMatches(f: SearchFilters, sort: SortOrder): (IndexedListing & { key: { trust: number; updated: number; title: string; id: number } })[] {
    if (this.overlay.size === 0) return [];
    const queryWords = f.text === undefined ? undefined : queryWordsOf(f.text);
    const useIndex = f.permittedUse === undefined ? -1 : (PERMITTED_USES as readonly string[]).indexOf(f.permittedUse);
    const mins: [number, number][] = [];
    QUALITY_METRICS.forEach((m, i) => {
      const min = f.minQuality?.[m];
      if (min !== undefined) mins.push([i, min]);
    });
    const hasWord = (words: string[], w: string): boolean => {
      for (const mine of words) if (mine.startsWith(w)) return true;
      return false;
    };
    const out: (IndexedListing & { key: { trust: number; updated: number; title: string; id: number } })[] = [];
    const bands = riskMask(f.riskBands);
    for (const r of this.overlay.values()) {
      const l = r.listing;
      if (l.status !== 'published') continue;
      if (f.segment !== undefined && l.segment !== f.segment) continue;
      if (f.segments !== undefined && !f.segments.has(l.segment)) continue;
      if (f.provider !== undefined && l.providerAccountId !== f.provider) continue;
      if (f.kind !== undefined && kindOf(l) !== f.kind) continue;
      if (f.minTrust !== undefined && r.trust < f.minTrust) continue;
      if (f.permittedUse !== undefined && (useIndex < 0 || (r.uses & (1 << useIndex)) === 0)) continue;
      if (mins.some(([i, min]) => !(r.quality[i]! >= min))) continue;
      if (!passesDiscovery(r.facts, f, bands)) continue;
      if (queryWords !== undefined && !queryWords.every((w) => hasWord(r.words, w))) continue;
      out.push({ listing: l, trust: r.trust, facts: r.facts, key: { trust: r.trust, updated: l.updatedAtMs, title: r.titleLower, id: l.id } });
    }
    return out.sort((a, b) => compareBy(sort, a.key, b.key));
  }

  /**
   * Rows (by position, 1 = a hit) whose words start with every word of the query: each word that
   * decides it walked once (`queryWordsOf`: a repeated word, or one that starts another, is not),
   * and none after the hits are empty.
   */
  private textHits(query: string): Uint8Array {
    let hits: Uint8Array | undefined;
    for (const word of queryWordsOf(query)) {
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
      let any = 0;
      if (hits === undefined) {
        hits = found;
        for (let i = 0; i < hits.length && any === 0; i++) any = hits[i]!;
      } else for (let i = 0; i < hits.length; i++) any |= hits[i] = hits[i]! & found[i]!;
      if (any === 0) break; // no row has every word so far: none has them all
    }
    return hits ?? new Uint8Array(this.rows.length).fill(1);
  }
}

/** A listing's kind, by its current version. */
function kindOf(listing: Listing): 'dataset' | 'model-feed' {
  return listing.versions[listing.versions.length - 1]!.kind ?? 'dataset';
}

function riskBit(band: RiskBand): number {
  return 1 << RISK_BANDS.indexOf(band);
}

/** The bits of the bands asked for (every band when none is named). */
function riskMask(bands: ReadonlySet<RiskBand> | undefined): number {
  if (bands === undefined) return -1;
  let mask = 0;
  for (const b of bands) mask |= riskBit(b);
  return mask;
}

/** The discovery filters on one row's facts (the overlay's object-by-object path; the scan checks the columns). */
function passesDiscovery(x: DiscoveryFacts, f: SearchFilters, bands: number): boolean {
  if (f.minCapacityRights !== undefined && !(x.capacityRights >= f.minCapacityRights)) return false;
  if (f.minDisclosure !== undefined && !(x.disclosure >= f.minDisclosure)) return false;
  if (f.minStability !== undefined && !(x.stability >= f.minStability)) return false;
  return (riskBit(x.riskBand) & bands) !== 0;
}
