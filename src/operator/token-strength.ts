/**
 * Operator tokens carry at least 128 bits: a bearer token is the whole credential, so
 * it must not be guessable. Measured plainly by its length and alphabet, not by any
 * estimate of how it was chosen: 32 characters when every one is a hex digit (4 bits
 * each), else 22 (6 bits each, the base64url alphabet; other printable characters
 * count no more). Whitespace and control characters are refused (the token travels
 * in an Authorization header).
 */
export const MIN_TOKEN_BITS = 128;
export const MIN_HEX_TOKEN_CHARS = 32;
export const MIN_TOKEN_CHARS = 22;

/** Why a token is refused (undefined: it is strong enough). */
export function weakTokenReason(token: string): string | undefined {
  if (!/^[\x21-\x7e]+$/.test(token)) return 'an operator token is printable ASCII without spaces';
  const hex = /^[0-9a-fA-F]+$/.test(token);
  const needed = hex ? MIN_HEX_TOKEN_CHARS : MIN_TOKEN_CHARS;
  if (token.length >= needed) return undefined;
  return `${token.length} character${token.length === 1 ? '' : 's'} is under ${MIN_TOKEN_BITS} bits: at least ${MIN_TOKEN_CHARS} characters of the base64url alphabet (A-Z a-z 0-9 - _) or ${MIN_HEX_TOKEN_CHARS} hex digits; e.g. \`openssl rand -hex 32\``;
}

/** A configured or kept operator token under 128 bits: the service does not start with it. */
export class WeakOperatorTokenError extends Error {
  override readonly name = 'WeakOperatorTokenError';
  readonly code = 'WEAK_OPERATOR_TOKEN';
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`WEAK_OPERATOR_TOKEN: ${source}: ${reason}`);
  }
}
