/**
 * Binding a uWS app to its port, alone. uWS sets SO_REUSEPORT unless told otherwise,
 * so a second PATX started on the same port would bind too and the kernel would spread
 * new connections across two exchanges. LIBUS_LISTEN_EXCLUSIVE_PORT makes the second
 * bind fail instead (and no one else can then bind beside us either).
 */
import { createServer } from 'node:net';
import type uWS from 'uWebSockets.js';
import { uws } from './uws.js';
import { checkTransport, type TransportSecurity } from '../runtime/transport-security.js';

const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;

/** The (host, port, options, cb) overload exists in the native module but not in its type declarations. */
type ListenWithOptions = (host: string, port: number, options: number, cb: (socket: uWS.us_listen_socket | false) => void) => void;

/** Why a port could not be bound: `reason` is the OS's code (EADDRINUSE, EADDRNOTAVAIL, EACCES, ENOTFOUND...). */
export class ListenError extends Error {
  override readonly name = 'ListenError';
  constructor(
    readonly what: string,
    readonly host: string,
    readonly port: number,
    readonly reason: string,
  ) {
    super(`${what} cannot listen on ${host}:${port}: ${explain(reason, host, port)}`);
  }
}

/**
 * The uWS app for a server that will listen on `host`: an SSLApp over `security.tls`
 * (https and wss), else a plaintext App. Throws a TlsFileError for a certificate or key
 * that cannot serve (uWS would only say "App construction failed") and a
 * PlaintextBindError for plaintext off loopback without `allowPlaintext`.
 */
export function createServerApp(what: string, host: string, security: TransportSecurity): uWS.TemplatedApp {
  checkTransport(what, host, security);
  if (security.tls === undefined) return uws().App();
  return uws().SSLApp({ cert_file_name: security.tls.certFile, key_file_name: security.tls.keyFile });
}

/** Resolves with the listen socket and the port bound (`port` 0: any free port); rejects with a ListenError saying why. */
export function listenExclusive(app: uWS.TemplatedApp, host: string, port: number, what: string): Promise<{ socket: uWS.us_listen_socket; port: number }> {
  return new Promise((resolve, reject) => {
    (app.listen as unknown as ListenWithOptions).call(app, host, port, LIBUS_LISTEN_EXCLUSIVE_PORT, (socket) => {
      if (!socket) {
        void bindFailure(host, port).then((reason) => reject(new ListenError(what, host, port, reason)));
        return;
      }
      resolve({ socket, port: uws().us_socket_local_port(socket as unknown as uWS.us_socket) });
    });
  });
}

/**
 * uWS only says that listen failed, not why; binding the same address with node's
 * own socket (and closing it at once) tells the OS's reason.
 */
function bindFailure(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve('UNKNOWN')));
  });
}

function explain(reason: string, host: string, port: number): string {
  switch (reason) {
    case 'EADDRINUSE':
      return `port ${port} is in use (another PATX, or another program; pick another port)`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine (use 127.0.0.1, 0.0.0.0 for every interface, or one of this machine's addresses)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${host} does not resolve`;
    case 'EACCES':
      return `permission denied (ports below 1024 need privileges)`;
    default:
      return `refused (${reason})`;
  }
}
