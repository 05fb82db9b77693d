/**
 * JSON from a stranger, parsed within limits. `JSON.parse` of 14 MB of nested arrays
 * takes about 10 s of one core, so depth is checked before parsing, by one pass over the
 * bytes that stops at the first level too deep; the size was bounded before the body was
 * read (src/gateway/http-api.ts). Runs on an intake worker, never on the engine's thread.
 */
import { IntakeError } from './intake-error.js';

/** Deeper than any document PATX accepts (a listing's schema is 4 levels). */
export const DEFAULT_MAX_JSON_DEPTH = 32;

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

/** Parses a request body (UTF-8 JSON; empty: undefined) no deeper than `maxDepth`. */
export function parseJsonBody(bytes: Uint8Array, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (bytes.length === 0) return undefined;
  if (jsonDepthWithin(bytes, maxDepth) > maxDepth) throw new IntakeError('JSON_TOO_DEEP', `JSON bodies nest at most ${maxDepth} levels`);
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw new IntakeError('MALFORMED_JSON', 'the body is not JSON');
  }
}
