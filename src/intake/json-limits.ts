/**
 * JSON from a stranger, parsed within limits. `JSON.parse` of 14 MB of nested arrays
 * takes about 10 s of one core, so depth is checked before parsing, by one pass over the
 * bytes that stops at the first level too deep; the size was bounded before the body was
 * read (src/gateway/http-api.ts). Runs on an intake worker, never on the engine's thread.
 *
 * Width too (issue 74): what the worker parses is copied back to the engine's thread (the
 * structured clone's deserialization), about 1.6 µs a value: a 14 MB object of 1.2 million
 * small keys froze trading for 4–8 s though it was parsed elsewhere. So the same pass counts the
 * body's values (every object member and array element, nested ones too) and stops at the
 * route's budget (DEFAULT_MAX_JSON_VALUES, a few milliseconds of copying at most); a route whose
 * documents are larger says so (a model feed's 1,000 signals), and one that needs more than
 * that keeps its body as bytes and measures it on a worker (conformance evidence).
 */
import { IntakeError } from './intake-error.js';

/** Deeper than any document PATX accepts (a listing's schema is 4 levels). */
export const DEFAULT_MAX_JSON_DEPTH = 32;
/**
 * Values a body may hold by default: every route's documents but the model feeds' batches stay
 * far under it (a delivery report is ~60, a listing ~500 with its schema; a sample travels as one
 * base64 string). Copying 4,096 values to the engine's thread costs ~6 ms at worst.
 */
export const DEFAULT_MAX_JSON_VALUES = 4_096;

const COMMA = 0x2c;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of `bytes` as JSON, or `maxDepth + 1` as soon as it is passed (strings skipped, escapes honoured). */
export function jsonDepthWithin(bytes: Uint8Array, maxDepth: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > maxDepth) return deepest;
      }
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return deepest;
}

/**
 * How many values `bytes` holds as JSON, or `maxValues + 1` as soon as it is passed: one per
 * comma and one per container that holds anything (so `[1,2,3]` is 3 and `{"a":{"b":1}}` is 2),
 * strings skipped, escapes honoured. A cheap upper bound that needs no parse.
 */
export function jsonValuesWithin(bytes: Uint8Array, maxValues: number): number {
  let values = 0;
  let inString = false;
  let opened = false; // just after an opening bracket: the next token is its first member, unless it closes
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b <= 0x20) continue; // JSON's whitespace
    if (opened) {
      opened = false;
      if (b !== CLOSE_BRACE && b !== CLOSE_BRACKET && ++values > maxValues) return values;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) opened = true;
    else if (b === COMMA && ++values > maxValues) return values;
  }
  return values;
}

/** A `\uD800`–`\uDFFF` escape in JSON text: the only way a body's string can hold a surrogate (bytes are decoded as UTF-8, which has none). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Parses a request body (UTF-8 JSON; empty: undefined) no deeper than `maxDepth` and holding at most
 * `maxValues` values, every string of it text: JSON lets `"\uD800"` name half a character, which no
 * store, journal or screen can hold (the journal refused to write one and the engine stopped).
 */
export function parseJsonBody(bytes: Uint8Array, maxDepth = DEFAULT_MAX_JSON_DEPTH, maxValues = DEFAULT_MAX_JSON_VALUES): unknown {
  if (bytes.length === 0) return undefined;
  if (jsonDepthWithin(bytes, maxDepth) > maxDepth) throw new IntakeError('JSON_TOO_DEEP', `JSON bodies nest at most ${maxDepth} levels`);
  if (jsonValuesWithin(bytes, maxValues) > maxValues) throw new IntakeError('JSON_TOO_WIDE', `JSON bodies here hold at most ${maxValues} values (object members and array elements)`);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new IntakeError('MALFORMED_JSON', 'the body is not JSON');
  }
  if (SURROGATE_ESCAPE.test(text) && holdsLoneSurrogate(value)) {
    throw new IntakeError('INVALID_TEXT', 'a string of the body holds an unpaired UTF-16 surrogate (a lone \\uD800–\\uDFFF escape): not text');
  }
  return value;
}

/** Whether any string of a parsed JSON value, a member's name included, holds a surrogate that is not half of a pair. Depth is bounded by the parse's limit. */
function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) if (LONE_SURROGATE.test(key) || holdsLoneSurrogate(member)) return true;
  }
  return false;
}
