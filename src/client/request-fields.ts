/**
 * Whether a request's fields go on the wire as they were given. protobufjs writes what it is
 * handed without a word: a quantity of 1.5 goes as 1, a client order id of 1.5 as 1 (the id
 * a retry is matched by), a price given as the string '0.5' as 0, a side named 'BUY' as 0, an
 * OpenOrdersQuery limit of 2^32 + 5 as 5. The encoded frame is read back and every field given
 * compared with what was read: any difference is the caller's value changed on its way, refused
 * here as the exchange refuses a bad field (INVALID_FIELD), nothing sent. A string of digits for
 * a number field is the same value on the wire and passes; the gateway itself still refuses
 * values above 2^53 - 1 (VALUE_OUT_OF_RANGE), which the wire carries unchanged.
 */
import { wire, type patx } from '../proto/index.js';

/** A field the wire would not carry as given: its name (snake case, as the gateway's errors name fields) and why. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The first field of `frame` (as given) that its encoding `bytes` does not carry unchanged, or undefined. */
export function requestFieldProblem(frame: patx.v1.IClientFrame, bytes: Uint8Array): FieldProblem | undefined {
  let read: Record<string, unknown>;
  try {
    read = wire.ClientFrame.decode(bytes) as unknown as Record<string, unknown>;
  } catch {
    // The strict UTF-8 reader refuses what a lone surrogate was encoded as: name the text that holds one.
    return brokenText(frame) ?? { field: '', message: 'the request does not encode to a frame the exchange can read; nothing was sent' };
  }
  return differs(frame, read);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function brokenText(given: unknown, key = ''): FieldProblem | undefined {
  if (typeof given === 'string') return LONE_SURROGATE.test(given) ? problem(key, given, given.replace(LONE_SURROGATE, '\uFFFD')) : undefined;
  if (typeof given !== 'object' || given === null || given instanceof Uint8Array) return undefined;
  for (const [k, v] of Object.entries(given)) {
    const p = brokenText(v, Array.isArray(given) ? key : k);
    if (p !== undefined) return p;
  }
  return undefined;
}

function differs(given: object, read: Record<string, unknown>): FieldProblem | undefined {
  for (const [key, value] of Object.entries(given)) {
    // Keys the schema does not know are not encoded, and nothing can be said of them; absent values are defaults.
    if (value === undefined || value === null || !(key in read)) continue;
    const problem = valueProblem(key, value, read[key]);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function valueProblem(key: string, value: unknown, read: unknown): FieldProblem | undefined {
  if (value instanceof Uint8Array) {
    return read instanceof Uint8Array && read.length === value.length && value.every((b, i) => b === read[i]) ? undefined : problem(key, value, read);
  }
  if (Array.isArray(value)) {
    if (!Array.isArray(read) || read.length !== value.length) return problem(key, value, read);
    for (let i = 0; i < value.length; i++) {
      const p = valueProblem(key, value[i], read[i]);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    return typeof read === 'object' && read !== null ? differs(value, read as Record<string, unknown>) : problem(key, value, read);
  }
  if (typeof value === 'string' && typeof read === 'string') return value === read ? undefined : problem(key, value, read);
  // A number, bigint or boolean (or digits for a number field): the same when it reads back as the same text.
  return String(value) === String(read) ? undefined : problem(key, value, read);
}

function problem(key: string, value: unknown, read: unknown): FieldProblem {
  const field = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}n` : typeof v === 'object' ? 'an object' : String(v));
  const what =
    typeof value === 'number' && typeof read === 'number'
      ? 'a whole number in its range'
      : typeof value === 'string' && typeof read === 'string'
        ? 'text of valid Unicode'
        : `a ${typeof read === 'number' ? 'number' : typeof read === 'object' && read !== null ? 'value of its type' : typeof read}`;
  return { field, message: `${field} must be ${what}: ${shown(value)} would be sent as ${shown(read)}; nothing was sent` };
}
