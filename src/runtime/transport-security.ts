/**
 * What every server PATX opens to clients (the gateway, market data, the reference
 * provider server) decides before it binds: TLS from a certificate and key on disk
 * (PATX_TLS_CERT, PATX_TLS_KEY), or plaintext, which only a loopback address gets
 * unless the operator says a TLS-terminating proxy sits in front (PATX_ALLOW_PLAINTEXT=1).
 * docs/security.md, "TLS".
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/** PEM files of a server's certificate (with its chain) and private key. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** How a server is offered: over TLS from `tls`, else plaintext (refused off loopback unless `allowPlaintext`). */
export interface TransportSecurity {
  tls?: TlsFiles | undefined;
  allowPlaintext: boolean;
}

export type TlsFileProblem = 'TLS_FILE_UNREADABLE' | 'TLS_CERT_INVALID' | 'TLS_KEY_INVALID' | 'TLS_KEY_MISMATCH';

/** A certificate or key that cannot serve: missing, unreadable, not PEM, or a key that is not the certificate's. */
export class TlsFileError extends Error {
  override readonly name = 'TlsFileError';
  constructor(
    readonly code: TlsFileProblem,
    readonly file: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** A server asked to listen in plaintext on an address other machines can reach. */
export class PlaintextBindError extends Error {
  override readonly name = 'PlaintextBindError';
  readonly code = 'PLAINTEXT_NOT_LOOPBACK';
  constructor(
    readonly what: string,
    readonly host: string,
  ) {
    super(
      `PLAINTEXT_NOT_LOOPBACK: ${what} would listen on ${host} without TLS: set PATX_TLS_CERT and PATX_TLS_KEY (PEM files), ` +
        `or PATX_ALLOW_PLAINTEXT=1 when a TLS-terminating proxy is in front, or listen on 127.0.0.1 (docs/security.md, "TLS")`,
    );
  }
}

/** Whether `host` is this machine only: 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) or `localhost`. A host name is never taken on trust. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) !== 6) return false;
  // The URL parser writes an IPv6 address one way (::ffff:127.0.0.1 becomes ::ffff:7f00:1).
  const canonical = new URL(`http://[${h}]/`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/** The certificate and key as PEM text, each checked: both readable, each parsed, and the key the certificate's. */
export function readTlsFiles(files: TlsFiles): { cert: string; key: string } {
  const cert = readPem(files.certFile, 'certificate');
  const key = readPem(files.keyFile, 'private key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (error) {
    throw new TlsFileError('TLS_CERT_INVALID', files.certFile, `${files.certFile} is not a PEM certificate (${(error as Error).message})`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new TlsFileError('TLS_KEY_INVALID', files.keyFile, `${files.keyFile} is not a PEM private key (${(error as Error).message})`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new TlsFileError('TLS_KEY_MISMATCH', files.keyFile, `${files.keyFile} is not the private key of the certificate in ${files.certFile}`);
  return { cert, key };
}

/**
 * Throws what stops `what` from serving on `host` as configured: a TlsFileError for a bad
 * certificate or key, a PlaintextBindError for plaintext off loopback without the flag.
 */
export function checkTransport(what: string, host: string, security: TransportSecurity): void {
  if (security.tls !== undefined) {
    readTlsFiles(security.tls);
    return;
  }
  if (!security.allowPlaintext && !isLoopbackHost(host)) throw new PlaintextBindError(what, host);
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TlsFileError('TLS_FILE_UNREADABLE', file, `cannot read the TLS ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
