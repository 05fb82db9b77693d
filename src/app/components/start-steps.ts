/**
 * The time each step of a start takes once this node may write (standalone: after recovery; a
 * replicated node: once it leads), logged in one line when the gateway accepts orders: what a
 * takeover spends before its first order, step by step (docs/replication.md, "Failover").
 */
import type { Logger } from '../../runtime/log.js';

export class StartSteps {
  private readonly startedMs = performance.now();
  private lastMs = this.startedMs;
  private readonly stepsMs: Record<string, number> = {};

  /** `step` ended now: it took the time since the previous one ended. */
  done(step: string): void {
    const now = performance.now();
    this.stepsMs[step] = Math.round(now - this.lastMs);
    this.lastMs = now;
  }

  /** The gateway accepts orders: the steps so far, and their sum. */
  logAccepting(log: Logger, replicated: boolean): void {
    const totalMs = Math.round(performance.now() - this.startedMs);
    log.info({ stepsMs: this.stepsMs, totalMs }, replicated ? 'took over: the gateway accepts orders (steps since leading)' : 'the gateway accepts orders (steps since recovery)');
  }
}
