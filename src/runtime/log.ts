import { pino, type Logger } from 'pino';

/** The root logger: structured JSON on stdout. Modules take a child: `logger.child({ module: 'sequencer' })`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'patx' } });
}

export type { Logger };
