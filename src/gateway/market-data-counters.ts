/**
 * The market-data thread's counters, in shared memory: that thread bumps them,
 * the engine's thread reads them for /metrics without a message round trip.
 * One writer per slot, so plain stores suffice (a scrape may see a counter a
 * moment old, never a torn one: each is one aligned float64).
 */
import { wire } from '../proto/index.js';
import type { SocketCounters } from './socket-endpoint.js';

const FRAMES_IN = 0;
const FRAMES_OUT = 1;
const SLOW_CONSUMERS_CUT = 2;
const CONNECTIONS = 3;
const SUBSCRIPTIONS = 4;
const PUBLICATIONS = 5;
const BUSY_MS = 6;
const SERIES = 7;
/** Highest seq of the engine applied to market data. */
const APPLIED_SEQ = 8;
/** Set by the engine's thread when it closes market data (the one slot it writes): see `shuttingDown`. */
const SHUTTING_DOWN = 9;
/** Bytes queued in the thread for its connections, as of its last backpressure check. */
const QUEUED_BYTES = 10;
const ERRORS = 11;

/** Error names counted: the wire's ErrorCodes, and refusals at the HTTP upgrade. */
const ERROR_NAMES: readonly string[] = [...Object.keys(wire.ErrorCode).filter((k) => Number.isNaN(Number(k))), 'TOO_MANY_CONNECTIONS', 'TOO_MANY_CONNECTIONS_PER_ADDRESS', 'TOO_MANY_CONNECTION_ATTEMPTS'];
const ERROR_SLOTS = new Map(ERROR_NAMES.map((name, i) => [name, ERRORS + i]));
const SLOTS = ERRORS + ERROR_NAMES.length;

export function createMarketDataCounters(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * Float64Array.BYTES_PER_ELEMENT);
}

export class MarketDataCounters implements SocketCounters {
  private readonly slots: Float64Array;

  /** `buffer`: the shared slots, which another thread may read too (a test's own reader thread does). */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.slots = new Float64Array(buffer);
  }

  get framesIn(): number {
    return this.slots[FRAMES_IN]!;
  }
  set framesIn(n: number) {
    this.slots[FRAMES_IN] = n;
  }
  get framesOut(): number {
    return this.slots[FRAMES_OUT]!;
  }
  set framesOut(n: number) {
    this.slots[FRAMES_OUT] = n;
  }
  get slowConsumersCut(): number {
    return this.slots[SLOW_CONSUMERS_CUT]!;
  }
  set slowConsumersCut(n: number) {
    this.slots[SLOW_CONSUMERS_CUT] = n;
  }
  /** Open market-data connections. */
  get connections(): number {
    return this.slots[CONNECTIONS]!;
  }
  set connections(n: number) {
    this.slots[CONNECTIONS] = n;
  }
  get subscriptions(): number {
    return this.slots[SUBSCRIPTIONS]!;
  }
  set subscriptions(n: number) {
    this.slots[SUBSCRIPTIONS] = n;
  }
  get publications(): number {
    return this.slots[PUBLICATIONS]!;
  }
  set publications(n: number) {
    this.slots[PUBLICATIONS] = n;
  }
  /** Time the market-data thread spent applying turns and building and publishing messages (ms). */
  get busyMs(): number {
    return this.slots[BUSY_MS]!;
  }
  set busyMs(n: number) {
    this.slots[BUSY_MS] = n;
  }
  get series(): number {
    return this.slots[SERIES]!;
  }
  set series(n: number) {
    this.slots[SERIES] = n;
  }
  /** Bytes queued for market-data connections beyond the kernel's socket buffers (their sends backed up), as of the last backpressure check. */
  get queuedBytes(): number {
    return this.slots[QUEUED_BYTES]!;
  }
  set queuedBytes(n: number) {
    this.slots[QUEUED_BYTES] = n;
  }
  get appliedSeq(): number {
    return this.slots[APPLIED_SEQ]!;
  }
  set appliedSeq(n: number) {
    this.slots[APPLIED_SEQ] = n;
  }

  /**
   * Market data is being closed. Written by the engine's thread before it sends the close
   * message, read by the market-data thread while it handles client frames: a thread busy
   * with a flood of requests (thousands of subscribers re-subscribing, each answered with a
   * snapshot) sees the flag at once, where the message waits until its current turn of the
   * event loop has handled every frame already received, which took past the close limit.
   */
  get shuttingDown(): boolean {
    return this.slots[SHUTTING_DOWN] === 1;
  }
  set shuttingDown(on: boolean) {
    this.slots[SHUTTING_DOWN] = on ? 1 : 0;
  }

  error(name: string): void {
    const slot = ERROR_SLOTS.get(name);
    if (slot !== undefined) this.slots[slot]!++;
  }

  /** Errors counted so far, by name (those not yet seen left out). */
  errors(): Map<string, number> {
    const out = new Map<string, number>();
    ERROR_NAMES.forEach((name, i) => {
      const n = this.slots[ERRORS + i]!;
      if (n > 0) out.set(name, n);
    });
    return out;
  }
}
