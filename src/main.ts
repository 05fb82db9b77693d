/** `npm start`: runs the exchange until SIGINT/SIGTERM, then shuts down cleanly. */
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { startService } from './service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let service;
  try {
    service = await startService(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'cannot start');
    process.exitCode = 1;
    return;
  }
  logger.info('PATX is running; Ctrl-C to stop');
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
