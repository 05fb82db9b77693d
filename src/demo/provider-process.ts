/**
 * A demo provider server run in a child process (provider-child.ts), supervised from the service:
 * the reference server's work (signature checks, records, files, JSON) costs the matching
 * engine's thread nothing, whoever downloads. The child is forked through
 * src/gateway/worker-boot.mjs (its compiled file when the service runs compiled), told what to
 * serve over the IPC channel, and answers with the endpoint it bound, which the demo listings
 * then name. A child that dies is started again on the same port after a delay that doubles up to
 * RESTART_MAX_MS (logged as a warning); close() stops it. When the service itself dies, the
 * channel closes and the child exits (provider-child.ts): none is left running.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../runtime/log.js';
import type { FromProviderChild, ProviderChildStart, ToProviderChild } from './provider-child-messages.js';

/** The wait before the first restart of a child that died; doubled after each quick death, up to RESTART_MAX_MS. */
const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 60_000;
/** A child that served this long before it died is restarted after RESTART_FIRST_MS again. */
const HEALTHY_AFTER_MS = 60_000;
/** How long a child may take to bind and read the exchange (its revocations, listings, series) before it is given up. */
const START_WITHIN_MS = 60_000;
/** How long a child may take to close (its streams end, its report queue closes) before it is killed. */
const STOP_WITHIN_MS = 8_000;
/** How long a re-read of the listings may take before the demo goes on without waiting. */
const LISTINGS_READ_WITHIN_MS = 15_000;

/** worker-boot.mjs runs the entry (its compiled file when the service runs compiled: scripts/build-service.mjs lists it). */
const CHILD = { boot: fileURLToPath(new URL('../gateway/worker-boot.mjs', import.meta.url)), entry: new URL('./provider-child.ts', import.meta.url) };

/** A demo provider server in its own process, as the service sees it. */
export interface ProviderProcess {
  /** The gate's endpoint (the demo listings name it); the same after a restart. */
  readonly endpoint: string;
  readonly port: number;
  /** The serving process's id (another after a restart; undefined while none runs). */
  readonly pid: number | undefined;
  /** Tells the server its provider's listings changed (the demo published them); resolves once it read them. */
  listingsChanged(): Promise<void>;
  /** Stops the server process (and any restart to come); resolves once it exited. */
  close(): Promise<void>;
}

/** A started child: the process and what it bound. */
interface Started {
  child: ChildProcess;
  endpoint: string;
  port: number;
}

const exited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

/** Forks the child and starts its server; resolves once it listens, rejects if it fails or exits first. */
function startChild(start: ProviderChildStart): Promise<Started> {
  const child = fork(CHILD.boot, [CHILD.entry.href], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [], serialization: 'json' });
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the provider server process did not start within ${START_WITHIN_MS / 1000} s`)), START_WITHIN_MS);
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', fail);
    };
    function fail(error: Error): void {
      done();
      if (!exited(child)) child.kill('SIGKILL');
      reject(error);
    }
    function onExit(code: number | null, signal: NodeJS.Signals | null): void {
      fail(new Error(`the provider server process exited while starting (${signal ?? `code ${code}`})`));
    }
    function onMessage(m: FromProviderChild): void {
      if (m.type === 'listening') {
        done();
        resolve({ child, endpoint: m.endpoint, port: m.port });
      } else if (m.type === 'failed') {
        fail(Object.assign(new Error(m.message), m.code === undefined ? {} : { code: m.code }));
      }
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.on('error', fail);
    const message: ToProviderChild = start;
    child.send(message);
  });
}

/** Stops a child: asks, then kills it if it has not exited in time; resolves once it exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WITHIN_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    const stop: ToProviderChild = { type: 'stop' };
    if (child.connected) child.send(stop);
    else child.kill('SIGTERM');
  });
}

/**
 * Starts a demo provider server in a process of its own; resolves once it listens (its endpoint
 * known), rejects as the server's own start would (a port taken: its code).
 */
export async function forkProviderServer(start: Omit<ProviderChildStart, 'type'>, log: Logger): Promise<ProviderProcess> {
  const first = await startChild({ type: 'start', ...start });
  // Restarts bind the port the first one got: the listings name it.
  const again: ProviderChildStart = { type: 'start', ...start, port: first.port };
  let child: ChildProcess | undefined = first.child;
  let startedAt = Date.now();
  let delayMs = RESTART_FIRST_MS;
  let restartTimer: NodeJS.Timeout | undefined;
  /** A restart under way (close() waits for it: a child it started then is stopped too). */
  let restarting: Promise<void> | undefined;
  let closed = false;

  const watch = (c: ChildProcess): void => {
    c.once('exit', (code, signal) => {
      if (closed || c !== child) return;
      child = undefined;
      if (Date.now() - startedAt >= HEALTHY_AFTER_MS) delayMs = RESTART_FIRST_MS;
      log.warn({ code, signal, pid: c.pid, restartInMs: delayMs }, 'the demo provider server process exited: starting it again; meanwhile its grants cannot be redeemed');
      scheduleRestart();
    });
  };
  const scheduleRestart = (): void => {
    const wait = delayMs;
    delayMs = Math.min(delayMs * 2, RESTART_MAX_MS);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      restarting = startChild(again).then(
        (s) => {
          if (closed) return stopChild(s.child);
          child = s.child;
          startedAt = Date.now();
          watch(s.child);
          log.info({ pid: s.child.pid, endpoint: s.endpoint }, 'the demo provider server process started again');
          return undefined;
        },
        (error: unknown) => {
          if (closed) return;
          log.warn({ err: error, restartInMs: delayMs }, 'the demo provider server process did not start again: trying later');
          scheduleRestart();
        },
      );
    }, wait);
  };
  watch(first.child);

  return {
    endpoint: first.endpoint,
    port: first.port,
    get pid() {
      return child?.pid;
    },
    listingsChanged() {
      const c = child;
      if (c === undefined || !c.connected) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const finish = (): void => {
          clearTimeout(timer);
          c.off('message', onMessage);
          c.off('exit', finish);
          resolve();
        };
        const timer = setTimeout(finish, LISTINGS_READ_WITHIN_MS);
        const onMessage = (m: FromProviderChild): void => {
          if (m.type === 'listings-read') finish();
        };
        c.on('message', onMessage);
        c.once('exit', finish);
        const message: ToProviderChild = { type: 'listings-changed' };
        c.send(message);
      });
    },
    async close() {
      closed = true;
      clearTimeout(restartTimer);
      await restarting;
      const c = child;
      child = undefined;
      if (c !== undefined) await stopChild(c);
    },
  };
}
