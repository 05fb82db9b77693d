/**
 * Client connections kept within the process's open-file limit (an outside attacker's review: idle connections to
 * the gateway's port took every one of the 20,000 files `ulimit -n` allowed; `/healthz` stopped answering and the
 * settler's chain RPC failed with EMFILE). Each WebSocket endpoint may hold `gateway.maxConnections` (20,000 by
 * default), two of them 40,000, beyond this machine's limit before a single HTTP connection: the caps are lowered
 * at the start so that the endpoints together take at most two thirds of what is left after a reserve for the
 * journal, the stores, the chain's RPC, the intake and child processes, and HTTP keep-alive connections (which
 * uWebSockets.js cannot count per address: docs/running.md says to cap them at the proxy or the kernel) the rest.
 * Node raises its soft limit to the hard one as it starts, so the limit read is the most this process may have.
 */
import { readFileSync } from 'node:fs';

/** Files kept for the exchange's own use, whatever the clients hold: 2,048, or a quarter of a smaller limit. */
export function fileReserve(fileLimit: number): number {
  return Math.min(2_048, Math.floor(fileLimit / 4));
}

/** The soft limit on open files (`ulimit -n`), from /proc/self/limits; undefined where it cannot be read (not Linux). */
export function openFileLimit(): number | undefined {
  return softOpenFiles(readLimits());
}

/** The soft limit on open files in the text of /proc/self/limits; undefined when unlimited or not there. */
export function softOpenFiles(limitsText: string | undefined): number | undefined {
  const line = limitsText?.split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === undefined || soft === 'unlimited') return undefined;
  const n = Number(soft);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function readLimits(): string | undefined {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
}

/** Each WebSocket endpoint's connection cap within `fileLimit` (two endpoints; a third of what is left for HTTP); `maxConnections` when it fits. */
export function connectionsWithin(maxConnections: number, fileLimit: number | undefined): number {
  if (fileLimit === undefined) return maxConnections;
  const perEndpoint = Math.max(1, Math.floor((fileLimit - fileReserve(fileLimit)) / 3));
  return Math.min(maxConnections, perEndpoint);
}
