import type { Command } from './core/commands.js';
import { Engine, type EngineLimits } from './engine.js';
import { decodeState } from './durability/state-codec.js';
import type { EngineEvent } from './core/events.js';
import type { EventLog } from './core/event-log.js';
import { prefetchCommands } from './durability/prefetch.js';

/**
 * The engine embedded in-process with no journal and no network: it stamps
 * sequence numbers and time itself. For tests, benchmarks and tools; a service
 * uses the Sequencer, which journals before it releases anything.
 */
export class EmbeddedEngine {
  readonly engine: Engine;
  /** Time stamped on the next command unless one is given; tests move it forward. */
  nowMs: number;

  constructor(limits: Partial<EngineLimits> = {}, startMs = 0, engine = new Engine(limits)) {
    this.engine = engine;
    this.nowMs = startMs;
  }

  /** An embedding that continues from snapshot bytes (see state-codec.ts). */
  static restore(snapshot: Uint8Array, limits: Partial<EngineLimits> = {}, startMs = 0): EmbeddedEngine {
    return new EmbeddedEngine(limits, startMs, decodeState(snapshot, limits));
  }

  /** Applies one command and returns its events. */
  submit(cmd: Command, timeMs = this.nowMs): EngineEvent[] {
    const out: EngineEvent[] = [];
    this.engine.apply(cmd, this.engine.lastSeq + 1, timeMs, out);
    return out;
  }

  /** Applies one command, appending its events to `out` (no allocation besides the events). */
  submitInto(cmd: Command, out: EngineEvent[], timeMs = this.nowMs): void {
    this.engine.apply(cmd, this.engine.lastSeq + 1, timeMs, out);
  }

  /** Applies one command, writing its events to `log` as records (event-log.ts): no object per order-path event. */
  submitToLog(cmd: Command, log: EventLog, timeMs = this.nowMs): void {
    this.engine.applyToLog(cmd, this.engine.lastSeq + 1, timeMs, log);
  }

  /** Reads ahead what `cmds[from, to)` will touch, as the sequencer does before applying a batch (prefetch.ts); changes nothing. */
  prefetch(cmds: readonly Command[], from: number, to: number): void {
    this.prefetched += prefetchCommands(this.engine, cmds, from, to);
  }

  /** What prefetch read, kept so the reads are not optimised away; means nothing. */
  private prefetched = 0;
}
