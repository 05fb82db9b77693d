/**
 * `npm start` (and the container's command): runs the exchange until SIGINT or
 * SIGTERM, then shuts down cleanly. Start-up failures print one line and exit:
 * 2 for a configuration error, 1 for anything else (data directory in use, port
 * in use, damaged journal...).
 */
import { ConfigError, demoEnabled, loadConfig, providerServerEnabled, unknownEnvVars, type Config } from './config.js';
import { publishDemoListings, startDemoMarket, type DemoMarket } from './demo/index.js';
import { createLogger } from './log.js';
import { ReplicationAbortedError, startMarketDataEdge, type MarketDataEdge } from './replication/index.js';
import type { Logger } from './log.js';
import { startService, type Service } from './service.js';
import { gatewayTransport, nativeUwsBinding, UwsNativeBindingError } from './gateway/index.js';
import { ensureWebBuilt } from './web-build.js';
import { secureDataDir } from './data-dir-mode.js';
import { startDemoProviderServer } from './provider-server/demo.js';
import type { ProviderServer } from './provider-server/server.js';

export const EXIT_START_FAILED = 1;
export const EXIT_BAD_CONFIG = 2;
/** A replicated leader that stopped leading: it exits so that its supervisor starts it again, as a standby. */
export const EXIT_DEPOSED = 3;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`patx: ${error.message}\n`);
    process.exitCode = EXIT_BAD_CONFIG;
    return;
  }
  const logger = createLogger(config.logLevel);
  for (const name of unknownEnvVars()) logger.warn({ variable: name }, 'unknown PATX_* environment variable ignored (a typo?)');
  if (!checkNativeUws(logger)) return;
  if (config.role === 'edge') return runEdge(config, logger);

  // Signals are handled from the first moment: as PID 1 in a container node ignores
  // SIGTERM without a handler, and a signal during start-up must still stop cleanly
  // (once the start has finished, so children such as the local chain are stopped too).
  let service: Service | undefined;
  let demo: DemoMarket | undefined;
  let providerServer: ProviderServer | undefined;
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
      .then(() => providerServer?.close())
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

  // The web console's assets (web/dist): built here when missing or stale (a fresh clone's first start, an
  // edit under web/ or src/client/); otherwise one hash of the inputs. A failed build leaves the
  // exchange running and GET / answering CONSOLE_NOT_BUILT with the reason logged.
  try {
    const started = performance.now();
    if (await ensureWebBuilt()) logger.info({ module: 'web', ms: Math.round(performance.now() - started) }, 'web console built');
  } catch (error) {
    logger.error({ module: 'web', err: error }, 'web console build failed; the exchange starts without it');
  }

  try {
    service = await startService(config, logger, Date.now, { signal: starting.signal });
    // The intake's workers, booted now rather than by the first request that needs them.
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
      .then(() => providerServer?.close())
      .then(() => running.stop())
      .catch((error: unknown) => logger.error({ err: error }, 'stop after deposition failed'))
      .finally(() => process.exit(EXIT_DEPOSED));
  });
  // A node deposed while it was starting says so above and is leaving: it is not running.
  if (service.deposedReason() !== undefined) return;
  logger.info('PATX is running; Ctrl-C to stop');
  const host = config.gateway.host === '0.0.0.0' || config.gateway.host === '::' ? '127.0.0.1' : config.gateway.host;
  // The demo and the provider server's delivery reports reach the gateway as any client does: over TLS when it serves TLS
  // (they trust its certificate as node does: the system's CAs and NODE_EXTRA_CA_CERTS; docs/security.md, "TLS").
  const security = gatewayTransport(config.gateway);
  const [http, ws] = security.tls === undefined ? ['http', 'ws'] : ['https', 'wss'];
  // The provider server first: the demo listings name its URL (https when the gateway serves TLS, the port it bound).
  if (providerServerEnabled(config)) {
    try {
      providerServer = await startDemoProviderServer(service, { dataDir: config.dataDir, host: config.providerServer.host, port: config.providerServer.port, publicUrl: config.providerServer.publicUrl, security, exchangeUrl: `${http}://${host}:${service.gateway.port}`, log: logger.child({ module: 'provider-server' }) });
    } catch (error) {
      logger.warn({ err: error }, 'the reference provider server did not start; grants cannot be redeemed for the demo listings');
    }
    if (stopSignal !== undefined) return;
  }
  if (demoEnabled(config)) {
    try {
      const deliveryEndpoint = providerServer?.endpoint ?? `${http}://127.0.0.1:${config.providerServer.port || 8490}/records`;
      await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger.child({ module: 'demo' }), deliveryEndpoint);
    } catch (error) {
      logger.warn({ err: error }, 'the demo listings were not published; the exchange runs without them');
    }
  }
  if (demoEnabled(config)) {
    startDemoMarket({
      tradeUrl: `${ws}://${host}:${service.gateway.port}/v1/trade`,
      signInDomain: service.gateway.signInDomain,
      marketUrl: `${ws}://${host}:${service.gateway.marketData.port}/v1/market`,
      httpUrl: `${http}://${host}:${service.gateway.port}`,
      settlement: service.settlement !== undefined,
      intervalMs: config.demo.intervalMs,
      log: logger.child({ module: 'demo' }),
    }).then(
      (started) => {
        demo = started;
        if (stopSignal !== undefined) void started.stop();
      },
      (error: unknown) => logger.warn({ err: error }, 'the demo market did not start; the exchange runs without it'),
    );
  }
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
  try {
    // The edge keeps the replicated journal under its data dir: 700 and 600 as the exchange's (src/data-dir-mode.ts).
    const modes = secureDataDir(config.dataDir);
    if (modes.changed.length > 0) logger.warn({ dataDir: config.dataDir, changed: modes.changed.slice(0, 50), count: modes.changed.length }, 'data dir permissions tightened: directories 700, files 600');
    edge = await startMarketDataEdge({ replication: config.replication, gateway: config.gateway, dataDir: config.dataDir, logger });
  } catch (error) {
    logger.fatal({ err: error }, 'cannot start');
    process.stderr.write(`patx: cannot start the edge: ${(error as Error).message}\n`);
    process.exit(EXIT_START_FAILED);
  }
  logger.info({ port: edge.port }, 'PATX market-data edge is running; Ctrl-C to stop');
}

void main();
