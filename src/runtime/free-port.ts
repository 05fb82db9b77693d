import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/** Where the ports come from: below the kernel's ephemeral range, from this port up. */
const LOWEST_PORT = 10_000;
/** Ports this process handed out already: two callers never get the same one. */
const handedOut = new Set<number>();

/**
 * The first port the kernel hands out on its own (to outgoing connections and to listen(0));
 * Linux's default when the range cannot be read.
 */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(undefined) : reject(err)));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A TCP port free on 127.0.0.1 (for local processes: a chain, NATS nodes, test servers).
 *
 * Chosen at random below the kernel's ephemeral range, not with listen(0): a port from that
 * range can be taken by any outgoing connection's source port between this check and the
 * process that binds it, or while that process restarts on the same port (a replicated test
 * failed so, once, on a market-data port). Below the range only an explicit bind takes it.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralLow();
  if (high - LOWEST_PORT >= 1_000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = randomInt(LOWEST_PORT, high);
      if (handedOut.has(port)) continue;
      if ((await tryListen(port)) === port) {
        handedOut.add(port);
        return port;
      }
    }
  }
  const port = (await tryListen(0))!; // no room below the range (or all tried were taken): the kernel's choice
  handedOut.add(port);
  return port;
}
