/**
 * The login text: a Sign-In with Ethereum message (EIP-4361). The server sends the
 * challenge's fields; the client builds the message with its own address and signs it
 * (EIP-191); the server builds the same message from the challenge it issued and the
 * address the login names, and checks the signature over exactly that. The domain is the
 * exchange's public host[:port]: a client refuses a challenge whose domain is not the
 * host it connected to, so a phishing site that relays the real challenge gets nothing
 * it can use (docs/security.md, "Login").
 *
 * No Node imports: the TypeScript client, the web console and the gateway build the
 * message with this one module.
 */
import { getAddress } from 'ethers';

/** What the server issues for one login: everything in the message but the address. */
export interface SignInFields {
  /** RFC 3986 authority (host[:port]) of the exchange, from its public URL. */
  domain: string;
  /** The exchange's public URL. */
  uri: string;
  statement: string;
  chainId: number;
  /** Alphanumeric, at least 8 characters (EIP-4361). */
  nonce: string;
  /** RFC 3339 times (ISO 8601, UTC). */
  issuedAt: string;
  expirationTime: string;
}

/** The statement a PATX login carries (what a wallet shows the user). */
export const SIGN_IN_STATEMENT = 'Sign in to the PATX exchange. This signature opens a trading session for this address; it moves no funds.';

/** Why a set of fields cannot make a message (undefined: they can). */
export function signInFieldsProblem(f: SignInFields): string | undefined {
  if (!/^[A-Za-z0-9.\-[\]:]+$/.test(f.domain)) return 'domain: a host[:port]';
  if (!isHttpUrl(f.uri)) return 'uri: an http(s) URL';
  if (/[\r\n]/.test(f.statement)) return 'statement: one line';
  if (!Number.isSafeInteger(f.chainId) || f.chainId < 1) return 'chainId: a positive integer';
  if (!/^[A-Za-z0-9]{8,}$/.test(f.nonce)) return 'nonce: at least 8 letters or digits';
  if (!isIsoTime(f.issuedAt)) return 'issuedAt: an RFC 3339 time';
  if (!isIsoTime(f.expirationTime)) return 'expirationTime: an RFC 3339 time';
  return undefined;
}

/**
 * The EIP-4361 message, exactly (line by line as the EIP's ABNF has it). `address` is
 * written EIP-55 checksummed, whatever case it is given in; throws on fields that
 * cannot be in a message (see signInFieldsProblem) or a malformed address.
 */
export function signInMessage(f: SignInFields, address: string): string {
  const problem = signInFieldsProblem(f);
  if (problem !== undefined) throw new Error(`not a sign-in message: ${problem}`);
  return [
    `${f.domain} wants you to sign in with your Ethereum account:`,
    getAddress(address.toLowerCase()),
    '',
    f.statement,
    '',
    `URI: ${f.uri}`,
    'Version: 1',
    `Chain ID: ${f.chainId}`,
    `Nonce: ${f.nonce}`,
    `Issued At: ${f.issuedAt}`,
    `Expiration Time: ${f.expirationTime}`,
  ].join('\n');
}

/** The exchange's public URL as a login names it: scheme, host[:port] and path, no trailing slash, query or fragment. */
export interface PublicOrigin {
  /** host[:port] (default ports left out): the SIWE domain. */
  domain: string;
  /** The SIWE URI. */
  uri: string;
}

/** The domain and URI of a public URL (http or https); throws on anything else. */
export function publicOrigin(publicUrl: string): PublicOrigin {
  const url = new URL(publicUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${publicUrl}: an http or https URL`);
  const path = url.pathname.replace(/\/+$/, '');
  return { domain: url.host, uri: `${url.origin}${path}` };
}

/**
 * The public URL of a server listening on `host`:`port` when none is configured: an
 * address that listens on every interface (0.0.0.0, ::) is named by its loopback, and
 * anyone reaching it by another name needs the public URL configured.
 */
export function defaultPublicUrl(host: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  const named = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `${scheme}://${named.includes(':') ? `[${named}]` : named}:${port}`;
}

/** The host[:port] a client connected to, as it compares with a challenge's domain (ws's default port is http's, wss's https's). */
export function connectedHost(url: string): string {
  return new URL(url).host;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !/\s/.test(text);
  } catch {
    return false;
  }
}

function isIsoTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text) && !Number.isNaN(Date.parse(text));
}
