import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning } from './process-stat.js';

/** Where the ports come from: below the kernel's ephemeral range, from this port up. */
const LOWEST_PORT = 10_000;
/** Ports this process handed out already: two callers never get the same one. */
const handedOut = new Set<number>();
/**
 * Where processes on this machine note the ports they handed out (a file a port, holding the pid): between the
 * check here and the bind by whoever it is for, another process's check would find the port free too (two test
 * files' NATS clusters picked the same one in CI, and one node died "address already in use").
 */
const RESERVED_DIR = join(tmpdir(), 'patx-ports');

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

let releaseAtExit = false;

/**
 * Notes the port as this process's, unless a live process noted it first (a dead one's note is taken over). Where
 * nothing can be noted (no writable temp dir) the bind check alone decides, as before there were notes.
 */
function reserve(port: number): boolean {
  const note = join(RESERVED_DIR, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(RESERVED_DIR, { recursive: true });
      writeFileSync(note, String(process.pid), { flag: 'wx' });
      if (!releaseAtExit) {
        releaseAtExit = true;
        process.once('exit', () => {
          for (const p of handedOut) {
            try {
              unlinkSync(join(RESERVED_DIR, String(p)));
            } catch {
              // already gone
            }
          }
        });
      }
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return true;
      let holder = NaN;
      try {
        holder = Number(readFileSync(note, 'utf8'));
      } catch {
        // removed meanwhile: try again
      }
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) return false;
      try {
        unlinkSync(note);
      } catch {
        // another process took it over first: its note decides on the next attempt
      }
    }
  }
  return false;
}

/**
 * A TCP port free on 127.0.0.1 (for local processes: a chain, NATS nodes, test servers).
 *
 * Chosen at random below the kernel's ephemeral range, not with listen(0): a port from that
 * range can be taken by any outgoing connection's source port between this check and the
 * process that binds it, or while that process restarts on the same port (a replicated test
 * failed so, once, on a market-data port). Below the range only an explicit bind takes it, and another process's
 * freePort skips a port this one handed out (RESERVED_DIR) until this process exits.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralLow();
  if (high - LOWEST_PORT >= 1_000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = randomInt(LOWEST_PORT, high);
      if (handedOut.has(port) || !reserve(port)) continue;
      handedOut.add(port); // released at exit with the others, free or not
      if ((await tryListen(port)) === port) return port;
    }
  }
  const port = (await tryListen(0))!; // no room below the range (or all tried were taken): the kernel's choice
  handedOut.add(port);
  return port;
}
