/**
 * Binding a uWS app to its port, alone. uWS sets SO_REUSEPORT unless told otherwise,
 * so a second PATX started on the same port would bind too and the kernel would spread
 * new connections across two exchanges. LIBUS_LISTEN_EXCLUSIVE_PORT makes the second
 * bind fail instead (and no one else can then bind beside us either).
 */
import uWS from 'uWebSockets.js';

const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;

/** The (host, port, options, cb) overload exists in the native module but not in its type declarations. */
type ListenWithOptions = (host: string, port: number, options: number, cb: (socket: uWS.us_listen_socket | false) => void) => void;

/** Resolves with the listen socket and the port bound (`port` 0: any free port); rejects naming the address when it is taken. */
export function listenExclusive(app: uWS.TemplatedApp, host: string, port: number, what: string): Promise<{ socket: uWS.us_listen_socket; port: number }> {
  return new Promise((resolve, reject) => {
    (app.listen as unknown as ListenWithOptions).call(app, host, port, LIBUS_LISTEN_EXCLUSIVE_PORT, (socket) => {
      if (!socket) return reject(new Error(`${what} cannot listen on ${host}:${port} (in use?)`));
      resolve({ socket, port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) });
    });
  });
}
