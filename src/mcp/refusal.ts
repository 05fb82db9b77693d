/**
 * How every MCP tool answers: a result is its JSON (as text, and as `structuredContent` for
 * clients that read it); a failure is an MCP tool error (`isError: true`) carrying the
 * exchange's typed code and message, `CODE: message`, never a stack trace. A tool's work
 * throws ToolRefusal for what it refuses itself, and the client's typed errors pass through
 * with their codes and details (PatxHttpError, PatxRequestError, SubscriptionError, a gateway's
 * `{error, message}`).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { PatxHttpError } from '../client/http.js';

/** A refusal a tool reports: a code an agent can branch on, and a message saying what to do. */
export class ToolRefusal extends Error {
  override readonly name = 'ToolRefusal';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A reply of the exchange's HTTP API: its status and JSON body. */
export interface ExchangeReply {
  status: number;
  body: unknown;
}

/** The exchange's refusal (`{error, message, details?}` with a 4xx/5xx) as a ToolRefusal. */
export function refusalOf(reply: ExchangeReply): ToolRefusal {
  const b = (reply.body ?? {}) as { error?: unknown; message?: unknown; details?: unknown };
  const code = typeof b.error === 'string' ? b.error : `HTTP_${reply.status}`;
  const message = typeof b.message === 'string' ? b.message : `the exchange answered ${reply.status}`;
  return new ToolRefusal(code, message, typeof b.details === 'object' && b.details !== null ? (b.details as Record<string, unknown>) : undefined);
}

/** The body of a 2xx reply, or the refusal thrown. */
export function okBody<T>(reply: ExchangeReply): T {
  if (reply.status >= 200 && reply.status < 300) return reply.body as T;
  throw refusalOf(reply);
}

/** A tool's success: the value as JSON text, and structured for clients that read `structuredContent`. */
export function toolResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, bigintsAsText, 1) }], structuredContent: jsonClean(value) };
}

/** A tool's failure: `CODE: message`, and `{error, message, details?}` structured. */
export function toolError(code: string, message: string, details?: Record<string, unknown>): CallToolResult {
  const structured = { error: code, message, ...(details === undefined ? {} : { details: jsonClean(details) }) };
  return { isError: true, content: [{ type: 'text', text: `${code}: ${message}` }], structuredContent: structured };
}

/** What a thrown error says as a tool error: a known typed error by its code; anything else by its name and message (no stack). */
export function errorResult(error: unknown): CallToolResult {
  if (error instanceof ToolRefusal) return toolError(error.code, error.message, error.details);
  // The client's HTTP calls (tiers, bundles, organisations): the exchange's code, message and details as it gave them.
  if (error instanceof PatxHttpError) return toolError(error.code, error.detail === '' ? error.code : error.detail, error.details);
  const e = error as { name?: unknown; code?: unknown; detail?: unknown; message?: unknown; cause?: { code?: unknown } };
  const message = typeof e.message === 'string' ? e.message : String(error);
  // The client's typed errors: PatxRequestError (code, message with the code in front), SubscriptionError (code, detail).
  if (e.name === 'SubscriptionError' && typeof e.code === 'string') return toolError(e.code, typeof e.detail === 'string' && e.detail !== '' ? e.detail : 'refused by the exchange');
  if ((e.name === 'PatxRequestError' || e.name === 'PatxSignInError') && typeof e.code === 'string') return toolError(e.code, message.startsWith(`${e.code}: `) ? message.slice(e.code.length + 2) : message);
  if (e.name === 'PatxConnectionClosedError') return toolError('DISCONNECTED', `the exchange closed the trading session (${message}); the next call connects again`);
  if (e.name === 'PatxTimeoutError') return toolError('TIMEOUT', `the exchange did not answer in time (${message})`);
  return toolError('FAILED', `${typeof e.name === 'string' ? e.name : 'Error'}: ${message}`);
}

/** Runs a tool's work: its value as the result, or whatever it threw as a tool error. */
export async function asTool(work: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    return toolResult(await work());
  } catch (error) {
    return errorResult(error);
  }
}

function bigintsAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** A value as plain JSON (bigints as text, no undefined): what structuredContent must be. */
function jsonClean(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, bigintsAsText)) as Record<string, unknown>;
}
