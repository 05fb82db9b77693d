/**
 * A node:http(s) listener bounded for strangers, for the exchange's own small servers (the
 * reference provider server, src/provider-server/server.ts, and a replicated standby's port,
 * src/replication/standby-server.ts): https over the configured TLS files (else http), node's
 * header, request and keep-alive timeouts, the total connection cap and the cap per client
 * address; and its close.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { addressKey } from './client-address.js';
import { ConnectionsByAddress, type AddressedConnection } from './connections-by-address.js';
import type { Logger } from '../runtime/log.js';
import { readTlsFiles, type TransportSecurity } from '../runtime/transport-security.js';

/** What a stranger may hold of such a server. */
export interface HttpListenerLimits {
  /** Time a client has to send its request headers (node's server.headersTimeout). */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request (server.requestTimeout). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection closes after this (server.keepAliveTimeout). */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are closed as they arrive (server.maxConnections). */
  maxConnections: number;
  /**
   * Open connections from one client address at most (an IPv4 address, or an IPv6 /64, as
   * the gateway counts them: client-address.ts); more are closed as they arrive, before a
   * byte is read. The socket's address: behind a reverse proxy every client is the proxy's
   * address, so raise it there (or cap per client in the proxy).
   */
  maxConnectionsPerAddress: number;
}

/** How long close() lets open connections finish their last writes before cutting them. */
const CLOSE_GRACE_MS = 250;

export interface Listening {
  readonly server: Server;
  /** The bound port (the one asked for, or the one given for 0). */
  readonly port: number;
  /** Connections closed as they arrived because their address was over its cap. */
  readonly perAddress: { readonly refused: number };
}

/** Binds the server (`prepare` adds its other listeners first, as an `upgrade` handler); rejects if it cannot listen. */
export async function listen(handle: RequestListener, host: string, port: number, security: TransportSecurity, limits: HttpListenerLimits, log: Logger, prepare: (server: Server) => void = () => undefined): Promise<Listening> {
  // connectionsCheckingInterval: how often node looks for connections past the header and request timeouts.
  const timeouts = { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))) };
  const server: Server = security.tls === undefined ? createServer(timeouts, handle) : createTlsServer({ ...readTlsFiles(security.tls), ...timeouts }, handle);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  const perAddress = capPerAddress(server, limits.maxConnectionsPerAddress, log);
  prepare(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port, perAddress };
}

/** Stops listening and waits for the open connections to end. */
export function stopListening(server: Server): Promise<void> {
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Stops listening; connections still open after CLOSE_GRACE_MS are cut. */
export async function closeListener(server: Server): Promise<void> {
  const closed = stopListening(server);
  // A connection that never sent a request (a client's spare one) is not idle to node and would hold the close until its timeout: let go after a moment for the last writes to flush.
  const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
  await closed;
  clearTimeout(force);
}

/**
 * Closes a connection as it arrives (before node reads a byte of it) when its client address
 * already has `max` open: one address holding hundreds of slow connections took the places
 * of other addresses' downloads under the provider server's total cap alone (issue 74). Node's total cap
 * (server.maxConnections) is checked before this. A warning is logged at the first refusal
 * and every 100th.
 */
function capPerAddress(server: Server, max: number, log: Logger): { readonly refused: number } {
  const open = new ConnectionsByAddress<AddressedConnection>();
  const counts = { refused: 0 };
  server.on('connection', (socket: Socket) => {
    const c: AddressedConnection = { remoteAddress: addressKey(socket.remoteAddress ?? '') };
    if (open.count(c.remoteAddress) >= max) {
      counts.refused++;
      if (counts.refused === 1 || counts.refused % 100 === 0) log.warn({ address: c.remoteAddress, maxConnectionsPerAddress: max, refused: counts.refused }, 'connections from one address over the cap closed as they arrive');
      socket.destroy();
      return;
    }
    open.add(c);
    socket.once('close', () => open.remove(c));
  });
  return counts;
}
