/**
 * The listing form's words for what is wrong with a draft (web/src/listing-problems.ts), without a
 * browser: the exchange's own validation (src/catalog/prepare.ts, the refusal it sends) put in
 * words beside the field the form labels, and the form's checks agreeing with the exchange on what
 * it would refuse. The form in the page: test/web/provider.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/listing.js';
import { prepareListingVersion } from '../../src/catalog/prepare.js';
import { draftProblems, refusalProblems, stillStands, type Refusal } from '../../web/src/listing-problems.js';
import { EMPTY_DRAFT, listingBody, parseColumns, type ListingDraft } from '../../web/src/listing-form.js';
import type { VersionText } from '../../web/src/provider-session.js';

const SAMPLE = { name: 'sample.csv', size: 120 };
const good: ListingDraft = { ...EMPTY_DRAFT, segment: 'AUTO_INTENT', title: 'Car intent', source: 'app events', collectionMethod: 'SDK', deliveryEndpoint: 'https://gate.example/records' };
const base = (terms: unknown): VersionText => ({
  title: 'Car intent',
  description: '',
  schema: { columns: [{ name: 'user_id', type: 'string' }] },
  provenance: { source: 'app events', collectionMethod: 'SDK', legalBasis: 'consent', personalData: true },
  licence: { permittedUses: ['analytics'], retentionDays: 30, redistribution: false },
  cadence: 'daily',
  deliveryEndpoint: 'https://gate.example/records',
  terms,
});

/** What the exchange answers for a body (its refusal as the route sends it: code, message, details as JSON). */
async function refusalOf(body: unknown): Promise<Refusal> {
  try {
    await prepareListingVersion({ body, nowMs: Date.now(), maxSampleBytes: 1024 });
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    return JSON.parse(JSON.stringify({ reason: error.code, message: error.message, details: error.details })) as Refusal;
  }
  throw new Error('not refused');
}

/** What a person should never have to read. */
const RAW = /licence\.|schema\.|provenance\.|terms\.|\/terms|Too small|Too big|expected (string|number|int|array)|>=|<=/;

describe('the listing form: problems in words', () => {
  it('finds nothing in a draft the exchange takes', () => {
    expect(draftProblems(good, SAMPLE, undefined)).toEqual([]);
  });

  it("says the exchange's refusal of a body in the form's words, field by field, as the form's own check does", async () => {
    const bad: ListingDraft = { ...good, title: ' ', columns: 'user_id: string\n2nd: number\nuser_id: string', timestampColumn: 'ts', keyColumns: '', retentionDays: '4000', permittedUses: [], deliveryEndpoint: 'ftp://gate.example/x' };
    const refusal = await refusalOf(listingBody(bad, parseColumns(bad.columns).columns, undefined, { format: 'csv', base64: 'AA==' }));
    expect(refusal.reason).toBe('MALFORMED_LISTING');
    const said = refusalProblems(refusal, bad);
    expect(said.map((p) => [p.field, p.text])).toEqual([
      ['title', 'Title is required: the name buyers see in the catalog.'],
      ['deliveryEndpoint', 'Delivery endpoint: https, or http on this machine; not ftp.'],
      ['columns', 'Columns: “user_id” is named twice: give each column its own name.'],
      ['columns', 'Columns, line 2: “2nd” is not a column name: use letters, digits, _ . and -, not starting with a digit.'],
      ['timestampColumn', 'Timestamp column: “ts” is not one of the Columns: name one of them, or leave it empty.'],
      ['permittedUses', 'Permitted uses: tick at least one.'],
      ['retentionDays', 'Retention (days) must be a whole number of days from 0 to 3,650.'],
    ]);
    for (const p of said) expect(p.text).not.toMatch(RAW);
    // The form says the same before sending (and that no sample was chosen).
    const checked = draftProblems(bad, undefined, undefined);
    expect(checked.filter((p) => p.field !== 'sample')).toEqual(said);
    expect(checked.find((p) => p.field === 'sample')?.text).toMatch(/^Sample is required/);
  });

  it('names what a new version carries from the one it follows, which the form does not show, without a path', async () => {
    const terms = { tiers: [{ name: 'retail', contracts: ['AUTO_INTENT|7D|0.70-0.85'], seats: 0, price: { rule: 'window-budget', windowBudgetMicros: 0 } }] };
    const said = refusalProblems(await refusalOf(listingBody(good, parseColumns(good.columns).columns, base(terms), { format: 'csv', base64: 'AA==' })), good);
    expect(said.every((p) => p.field === undefined)).toBe(true);
    expect(said.map((p) => p.text)).toContain("Subscription tier 1's seats, kept from the version this one follows (not on this form), must be at least 1: change it with the API or the CLI (docs/catalog.md).");
    expect(said.map((p) => p.text)).toContain("Subscription tier 1's window budget (µPAT), kept from the version this one follows (not on this form), must be at least 1: change it with the API or the CLI (docs/catalog.md).");
    for (const p of said) expect(p.text).not.toMatch(RAW);
    expect(draftProblems(good, SAMPLE, base(terms))).toEqual(said);
  });

  it('says what only the exchange can check beside Sample, or of the listing as a whole, and keeps the code for the page to name', () => {
    const mismatch = refusalProblems({ reason: 'SAMPLE_SCHEMA_MISMATCH', message: 'the sample does not match its schema: missing score; undeclared scor', details: { missing: ['score'], extra: ['scor'] } }, good);
    expect(mismatch).toEqual([{ field: 'sample', dependsOn: ['sample', 'columns'], text: 'Sample does not match Columns: “score” is in Columns but not in the file; “scor” is in the file but not in Columns. Add the columns to Columns, or choose a file with the columns you declared.' }]);
    expect(refusalProblems({ reason: 'FORMULA_INJECTION', message: "CSV row 3, column 'x': a cell starting with \"=\" would run as a spreadsheet formula" }, good)[0]).toMatchObject({ field: 'sample', text: expect.stringMatching(/^Sample has a cell a spreadsheet would run as a formula: CSV row 3/) });
    expect(refusalProblems({ reason: 'PROVIDER_QUOTA_EXCEEDED', message: 'at most 20 drafts at once' }, good)).toEqual([{ field: undefined, text: "Your account's storage on the exchange is full: at most 20 drafts at once. Delete a draft you no longer need, or ask the operator." }]);
    expect(refusalProblems({ reason: 'SOMETHING_NEW', message: 'why.' }, good)).toEqual([{ field: undefined, text: 'The exchange refused it: why.' }]);
  });

  it("keeps a refusal's problem only while what it depends on is as it was sent", () => {
    const [p] = refusalProblems({ reason: 'SAMPLE_SCHEMA_MISMATCH', message: '', details: { missing: ['score'], extra: [] } }, good);
    const file = {};
    const sent = { draft: good, sample: file };
    expect(stillStands(p!, sent, { draft: { ...good, title: 'Other' }, sample: file })).toBe(true);
    expect(stillStands(p!, sent, { draft: good, sample: {} })).toBe(false);
    expect(stillStands(p!, sent, { draft: { ...good, columns: 'user_id: string' }, sample: file })).toBe(false);
    // The listing as a whole (a quota): until the next send.
    const [quota] = refusalProblems({ reason: 'PROVIDER_QUOTA_EXCEEDED', message: '' }, good);
    expect(stillStands(quota!, sent, { draft: { ...good, title: 'Other' }, sample: {} })).toBe(true);
  });
});
