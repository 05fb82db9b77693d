/**
 * `npm start` (and the container's command): runs the exchange until SIGINT or
 * SIGTERM, then shuts down cleanly. Start-up failures print one line and exit:
 * 2 for a configuration error, 1 for anything else (data directory in use, port
 * in use, damaged journal...).
 */
import { ConfigError, loadConfig, unknownEnvVars, type Config } from './app/config.js';
import { startDemo, type RunningDemo } from './demo/run.js';
import { createLogger } from './runtime/log.js';
import { ReplicationAbortedError, startMarketDataEdge, type MarketDataEdge } from './replication/index.js';
import type { Logger } from './runtime/log.js';
import { startService, type Service } from './app/service.js';
import { rehearseOrderPath } from './app/rehearsal.js';
import { nativeUwsBinding, UwsNativeBindingError } from './gateway/index.js';
import { prepareWebConsole } from './app/web-build.js';
import { secureDataDir } from './app/data-dir-mode.js';
import { DataDirInUseError, DataDirLock } from './app/data-dir-lock.js';
import { existsSync } from 'node:fs';
import { checkTransport, PlaintextBindError, TlsFileError } from './runtime/transport-security.js';
import { gatewayTransport } from './gateway/transport.js';
import { profileFromEnv, ProfileError, sandboxBanner, sandboxConfigProblems, sandboxProfile, startSandbox, type ProfileName, type Sandbox } from './sandbox/index.js';

export const EXIT_START_FAILED = 1;
export const EXIT_BAD_CONFIG = 2;
/** A replicated leader that stopped leading: it exits so that its supervisor starts it again, as a standby. */
export const EXIT_DEPOSED = 3;
/** A market-data edge whose follower stopped (its journal differs from the stream, a damaged message): its subscribers were closed, so they reconnect to another edge. */
export const EXIT_EDGE_STOPPED_FOLLOWING = 4;

/** The configuration and profile of this start, or undefined when it is not one to start with (said on stderr, exit code 2). */
function startConfig(): { config: Config; profile: ProfileName } | undefined {
  try {
    // PATX_PROFILE=sandbox (`npm run sandbox`): the sandbox's layer under the environment (src/sandbox/profile.ts).
    const profile = profileFromEnv();
    const config = loadConfig(process.env, {}, profile === 'sandbox' ? sandboxProfile() : {});
    const problems = profile === 'sandbox' ? sandboxConfigProblems(config) : [];
    if (problems.length > 0) throw new ConfigError(`invalid configuration for the sandbox:\n${problems.map((p) => `  - ${p}`).join('\n')}`, problems);
    // The address and TLS files too, before anything is made in the data directory: a first start refused at the
    // gateway's listen had journaled its first turns and written its secrets, and exited 1 (an operator review).
    checkTransport('gateway', config.gateway.host, gatewayTransport(config.gateway));
    return { config, profile };
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error instanceof ProfileError) && !(error instanceof TlsFileError) && !(error instanceof PlaintextBindError)) throw error;
    process.stderr.write(`patx: ${error.message}\n`);
    process.exitCode = EXIT_BAD_CONFIG;
    return undefined;
  }
}

/**
 * Exits when another PATX holds the data directory: before the console build and the rehearsal (seconds of CPU beside
 * the running one, only to be refused at the lock: an operator review). startService takes the lock itself.
 */
function refuseHeldDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  try {
    DataDirLock.take(dataDir).release();
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    process.stderr.write(`patx: cannot start: ${error.message}\n`);
    process.exit(EXIT_START_FAILED);
  }
}

async function main(): Promise<void> {
  const start = startConfig();
  if (start === undefined) return;
  const { config, profile } = start;
  const logger = createLogger(config.logLevel);
  for (const name of unknownEnvVars()) logger.warn({ variable: name }, 'unknown PATX_* environment variable ignored (a typo?)');
  if (!checkNativeUws(logger)) return;
  if (config.role === 'edge') return runEdge(config, logger);

  // Signals are handled from the first moment: as PID 1 in a container node ignores
  // SIGTERM without a handler, and a signal during start-up must still stop cleanly
  // (once the start has finished, so children such as the local chain are stopped too).
  let service: Service | undefined;
  let demo: RunningDemo | undefined;
  let sandbox: Sandbox | undefined;
  let stopSignal: string | undefined;
  // Stops a start that waits (a standby of a replicated group waits until it leads).
  const starting = new AbortController();
  const shutdown = (signal: string): void => {
    if (stopSignal !== undefined) {
      logger.info({ signal }, 'already shutting down');
      return;
    }
    stopSignal = signal;
    logger.info({ signal }, service === undefined ? 'shutting down once start-up finishes' : 'shutting down');
    if (service !== undefined) stopAndExit(service);
    else starting.abort();
  };
  const stopAndExit = (running: Service): void => {
    Promise.resolve(demo?.stop())
      .then(() => sandbox?.stop())
      .then(() => running.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.fatal({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // The terminal closed: stop as on Ctrl-C (the embedded chain, in a process group of its own, does not get it).
  process.on('SIGHUP', () => shutdown('SIGHUP'));

  refuseHeldDataDir(config.dataDir);

  // The web console's assets (web/dist): built here when missing or stale (a fresh clone's first start, an
  // edit under web/ or src/client/; a few seconds), said before and after; otherwise one hash of the
  // inputs. A failed build leaves the exchange running and GET / answering CONSOLE_NOT_BUILT with the reason logged.
  await prepareWebConsole(logger);

  // Before the real start: its own journal, ports and stores are not open yet (src/app/rehearsal.ts).
  await rehearseOrderPath(config, logger, starting.signal);
  if (stopSignal !== undefined) {
    logger.info('stopped before the start');
    process.exit(0);
  }
  try {
    service = await startService(config, logger, Date.now, { signal: starting.signal, warmUp: true });
    // The intake's workers, booted and warmed now rather than by the first request that needs them (/readyz waits for them).
    void service.intake.ready();
  } catch (error) {
    if (error instanceof ReplicationAbortedError) {
      logger.info('stopped while waiting to lead');
      process.exit(0);
    }
    logger.fatal({ err: error }, 'cannot start');
    process.stderr.write(`patx: cannot start: ${(error as Error).message}\n`);
    process.exit(EXIT_START_FAILED);
  }
  if (stopSignal !== undefined) return stopAndExit(service);
  void service.deposed.then(() => {
    // Nothing here may write any more; stop what serves clients and leave.
    const running = service!;
    void Promise.resolve(demo?.stop())
      .then(() => sandbox?.stop())
      .then(() => running.stop())
      .catch((error: unknown) => logger.error({ err: error }, 'stop after deposition failed'))
      .finally(() => process.exit(EXIT_DEPOSED));
  });
  // A node deposed while it was starting says so above and is leaving: it is not running.
  if (service.deposedReason() !== undefined) return;
  if (profile === 'sandbox') {
    process.stderr.write(sandboxBanner(config, service.gateway.port));
    logger.info({ profile, dataDir: config.dataDir, contracts: config.contracts.map((c) => c.contract) }, 'SANDBOX: not a real market (dev keys, a local chain, windows of minutes)');
  }
  logger.info('PATX is running; Ctrl-C to stop');
  if (profile === 'sandbox') {
    try {
      sandbox = await startSandbox(service, logger);
    } catch (error) {
      logger.error({ err: error }, 'the sandbox could not vote phases 3 and 4; spot and forwards run without synthetics and options');
    }
    if (stopSignal !== undefined) return;
  }
  demo = await startDemo(service, config, logger, { products: profile === 'sandbox', stopping: () => stopSignal !== undefined });
  // A stop asked for while the demo started found nothing to stop: stop what started now.
  if (stopSignal !== undefined) void demo.stop();
}

/**
 * The gateway's uWebSockets.js must be a native binding for this Node (src/gateway/uws.ts):
 * checked first, before the console's build, so a Node or system without one is told at once.
 */
function checkNativeUws(logger: Logger): boolean {
  try {
    const { packageName, uwsVersion, binaryPath, runtime } = nativeUwsBinding();
    logger.info({ module: 'gateway', node: runtime.nodeVersion, abi: runtime.abi, glibc: runtime.glibcVersion, package: packageName, uws: uwsVersion, binary: binaryPath }, 'uWS native binding loaded');
    return true;
  } catch (error) {
    if (!(error instanceof UwsNativeBindingError)) throw error;
    logger.fatal({ err: error, code: error.code, node: error.runtime.nodeVersion, abi: error.runtime.abi, glibc: error.runtime.glibcVersion, attempts: error.attempts }, 'cannot start');
    process.stderr.write(`patx: cannot start: ${error.code}: ${error.message}\n`);
    process.exitCode = EXIT_START_FAILED;
    return false;
  }
}

/** PATX_ROLE=edge: a market-data edge until SIGINT or SIGTERM. */
async function runEdge(config: Config, logger: Logger): Promise<void> {
  let edge: MarketDataEdge | undefined;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void Promise.resolve(edge?.stop()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  try {
    // The edge keeps the replicated journal under its data dir: 700 and 600 as the exchange's (src/app/data-dir-mode.ts).
    const modes = secureDataDir(config.dataDir);
    if (modes.changed.length > 0) logger.warn({ dataDir: config.dataDir, changed: modes.changed.slice(0, 50), count: modes.changed.length }, 'data dir permissions tightened: directories 700, files 600');
    edge = await startMarketDataEdge({ replication: config.replication, gateway: config.gateway, dataDir: config.dataDir, logger });
  } catch (error) {
    logger.fatal({ err: error }, 'cannot start');
    process.stderr.write(`patx: cannot start the edge: ${(error as Error).message}\n`);
    process.exit(EXIT_START_FAILED);
  }
  logger.info({ port: edge.port, statusPort: edge.statusPort }, 'PATX market-data edge is running (market data on port, health and metrics on statusPort); Ctrl-C to stop');
  void edge.failed.then((error) => {
    process.stderr.write(`patx: the edge stopped following the stream and closed its subscribers: ${error.message}\n`);
    process.exit(EXIT_EDGE_STOPPED_FOLLOWING);
  });
}

void main();
