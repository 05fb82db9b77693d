/**
 * What an intake worker lets cross to the engine's thread (issue 74): a body's values are
 * counted in one pass over its bytes, before it is parsed, and a body past its route's budget
 * is refused JSON_TOO_WIDE; every document PATX takes fits the default budget.
 */
import { describe, expect, it } from 'vitest';
import { IntakeError } from '../../src/intake/index.js';
import { DEFAULT_MAX_JSON_VALUES, jsonValuesWithin, parseJsonBody } from '../../src/intake/json-limits.js';
import { evidenceOf, MAX_EVIDENCE_RECORDS } from '../../src/intake/evidence.js';
import { recordsSha256 } from '../../src/grants/delivery-statement.js';
import { MAX_BACKTEST_CURVE_POINTS, MAX_SIGNALS_PER_REQUEST } from '../../src/catalog/model-feed.js';
import { grantRoutes } from '../../src/grants/routes.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const values = (s: string): number => jsonValuesWithin(bytes(s), 1e9);

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof IntakeError) return e.code;
    throw e;
  }
  return undefined;
}

describe('counting a body\'s values before parsing it', () => {
  it('counts object members and array elements, nested ones too; strings and escapes are skipped', () => {
    expect(values('[1,2,3]')).toBe(3);
    expect(values('{"a":{"b":1}}')).toBe(2);
    expect(values('[[1]]')).toBe(2);
    expect(values('{}')).toBe(0);
    expect(values(' [ 1 , [ ] , { } ] ')).toBe(3);
    expect(values('"a,b,[c"')).toBe(0);
    expect(values('{"a":"x\\",y\\\\","b":1}')).toBe(2); // an escaped quote, then an escaped backslash before the closing quote
    expect(JSON.parse('{"a":"x\\",y\\\\","b":1}')).toEqual({ a: 'x",y\\', b: 1 });
    // Equal to the count a parse would give, on a mixed document.
    const doc = { a: [1, 2, { b: [3, 4], c: 'd,e' }], f: {}, g: [[], [5]] };
    expect(values(JSON.stringify(doc))).toBe(2 + 3 + 2 + 2 + 1 + 0 + 2 + 0 + 1);
  });

  it('stops at the budget: the 1.2-million-key object of the finding is refused JSON_TOO_WIDE without being parsed', () => {
    const wide = `{${Array.from({ length: 1_200_000 }, (_, i) => `"k${i}":0`).join(',')}}`;
    expect(jsonValuesWithin(bytes(wide), DEFAULT_MAX_JSON_VALUES)).toBe(DEFAULT_MAX_JSON_VALUES + 1);
    expect(refusal(() => parseJsonBody(bytes(wide)))).toBe('JSON_TOO_WIDE');
    expect(refusal(() => parseJsonBody(bytes(`[${'0,'.repeat(100_000)}0]`)))).toBe('JSON_TOO_WIDE');
    expect(refusal(() => parseJsonBody(bytes(`[${'{"a":0},'.repeat(10_000)}{}]`)))).toBe('JSON_TOO_WIDE');
    expect(new IntakeError('JSON_TOO_WIDE', '').status).toBe(413);
  });

  it('every document PATX takes fits the default budget: a model feed\'s largest signal and outcome batches, a backtest curve of its most points', () => {
    const signals = { signals: Array.from({ length: MAX_SIGNALS_PER_REQUEST }, (_, i) => ({ signalId: `s-${i}`, instrument: 'AUTO_INTENT|7D|0.70-0.85', position: -0.5 })) };
    const outcomes = { outcomes: Array.from({ length: MAX_SIGNALS_PER_REQUEST }, (_, i) => ({ signalId: `s-${i}`, outcomeBps: 12 })) };
    const curve = { backtest: { curve: Array.from({ length: MAX_BACKTEST_CURVE_POINTS }, (_, i) => ({ atMs: i, cumulativeNetBps: i })) }, schema: { columns: Array.from({ length: 64 }, (_, i) => ({ name: `c${i}`, type: 'string', required: true })) } };
    for (const doc of [signals, outcomes, curve]) {
      const text = JSON.stringify(doc);
      expect(values(text)).toBeLessThanOrEqual(DEFAULT_MAX_JSON_VALUES);
      expect(parseJsonBody(bytes(text))).toEqual(doc);
    }
  });
});

describe('strings that are not text', () => {
  it('refuses INVALID_TEXT (400) a body any of whose strings, or member names, holds a lone \\uD800–\\uDFFF escape, nested or not', () => {
    for (const json of ['{"name":"\\ud800"}', '{"name":"a\\uDC00b"}', '{"a":[{"b":"\\uDBFF"}]}', '{"\\ud800":1}', '["\\ude00\\ud83d"]']) {
      expect(refusal(() => parseJsonBody(bytes(json))), json).toBe('INVALID_TEXT');
    }
    expect(new IntakeError('INVALID_TEXT', '').status).toBe(400);
  });

  it('takes a pair of escapes that make one character, an escaped backslash before a "u", and raw UTF-8', () => {
    expect(parseJsonBody(bytes('{"name":"Acme \\ud83d\\ude00"}'))).toEqual({ name: 'Acme \u{1F600}' });
    expect(parseJsonBody(bytes('{"path":"C:\\\\ud800"}'))).toEqual({ path: 'C:\\ud800' });
    expect(parseJsonBody(bytes('{"name":"Acme 😀"}'))).toEqual({ name: 'Acme 😀' });
  });
});

describe('conformance evidence, read on the worker', () => {
  it('gives the nonce, the count and the SHA-256 the provider signs, and the records as their canonical bytes (their own buffer, to move)', () => {
    const records = [{ a: 1, b: 'x' }, { a: 2, b: 'é' }];
    const d = evidenceOf({ nonce: 'n-1', records });
    expect(d).toMatchObject({ nonce: 'n-1', count: 2, sha256: recordsSha256(records) });
    expect(JSON.parse(new TextDecoder().decode(d.recordsJson))).toEqual(records);
    expect(d.recordsJson.byteOffset === 0 && d.recordsJson.byteLength === d.recordsJson.buffer.byteLength).toBe(true);
  });

  it('is how the grants route reads a conformance body: hashed on the intake, never parsed on the engine\'s thread (its other bodies as bounded JSON)', () => {
    const measure = (): Promise<never> => Promise.reject(new Error('not measured here'));
    const route = grantRoutes(() => undefined, undefined, undefined, Date.now, measure).find((r) => r.operations.some((o) => o.path === '/v1/grants/{id}/conformance'))!;
    expect(route.bodyReading?.('POST', '/v1/grants/12/conformance', 0)).toEqual({ task: 'evidence' });
    expect(route.bodyReading?.('POST', '/v1/grants/12/receipts', 0)).toEqual({ task: 'json' });
  });

  it('refuses what is not {nonce, records} by name', () => {
    expect(refusal(() => evidenceOf(undefined))).toBe('MALFORMED_EVIDENCE');
    expect(refusal(() => evidenceOf({ nonce: 'n-1', records: 'all' }))).toBe('MALFORMED_EVIDENCE');
    expect(refusal(() => evidenceOf({ records: [] }))).toBe('MALFORMED_EVIDENCE');
    expect(refusal(() => evidenceOf({ nonce: 'n-1', records: [{}, 3] }))).toBe('MALFORMED_EVIDENCE');
    expect(refusal(() => evidenceOf({ nonce: 'n-1', records: Array.from({ length: MAX_EVIDENCE_RECORDS + 1 }, () => ({})) }))).toBe('MALFORMED_EVIDENCE');
  });
});
