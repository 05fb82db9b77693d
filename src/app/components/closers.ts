/**
 * What the service has started, each with its close: closed in the reverse order of their start,
 * in one place. `close()` is the service's stop (the first failure ends it, as any stop step's
 * did); `closeAfterFailedStart()` closes what a start that failed half way had opened, every one
 * tried, so that the start's own error is what its caller sees and the data dir is unlocked.
 */
import type { Logger } from '../../runtime/log.js';

/** A started component as the service keeps it: something to close. */
export interface Closable {
  close(): void | Promise<void>;
}

export class Closers {
  private readonly stack: Array<{ name: string; close: () => void | Promise<void> }> = [];

  constructor(private readonly log: Logger) {}

  /** Keeps `component` to close (after everything added later) and hands it back. */
  add<T extends Closable>(name: string, component: T): T {
    this.stack.push({ name, close: () => component.close() });
    return component;
  }

  /** Closes every component, the last started first. */
  async close(): Promise<void> {
    for (let c = this.stack.pop(); c !== undefined; c = this.stack.pop()) await c.close();
  }

  async closeAfterFailedStart(): Promise<void> {
    for (let c = this.stack.pop(); c !== undefined; c = this.stack.pop()) {
      try {
        await c.close();
      } catch (error) {
        this.log.warn({ err: error, component: c.name }, 'not closed after a failed start');
      }
    }
  }
}
