/**
 * The EventLog (src/engine/core/event-log.ts): the order path's events written as records,
 * every other event kept as an object in its place, made into the same objects a caller
 * of `apply` gets. The property test checks those objects against the reference model;
 * this checks the log itself: order across many commands, growth, reuse after `clear`,
 * and the objects' exact keys (JSON consumers such as the audit trail see them in order).
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import { EventLog } from '../../src/engine/core/event-log.js';
import { EventType, type EngineEvent } from '../../src/engine/core/events.js';
import { engineLimits, recordedSteps, scenarioFor, START_MS, type Step } from '../support/property-stream.js';

const COMMANDS = 1_500;

function streamOf(seed: number): { steps: Step[]; limits: ReturnType<typeof engineLimits> } {
  return { steps: recordedSteps(seed, COMMANDS), limits: engineLimits(scenarioFor(seed)) };
}

/** The events of each command, as `apply` makes them (one command at a time). */
function eventsByApply(seed: number): EngineEvent[] {
  const { steps, limits } = streamOf(seed);
  const embedded = new EmbeddedEngine(limits, START_MS);
  const out: EngineEvent[] = [];
  for (const { cmd, timeMs } of steps) embedded.submitInto(cmd, out, timeMs);
  return out;
}

describe('EventLog', () => {
  it.each([1, 2, 3])('seed %i: a whole stream written to one log reads back as the events apply makes, in order, keys in the same order', (seed) => {
    const expected = eventsByApply(seed);
    const { steps, limits } = streamOf(seed);
    const embedded = new EmbeddedEngine(limits, START_MS);
    const log = new EventLog();
    for (const { cmd, timeMs } of steps) embedded.submitToLog(cmd, log, timeMs);
    expect(log.count).toBe(expected.length);
    const read: EngineEvent[] = [];
    log.toEvents(read);
    expect(read).toEqual(expected);
    const json = (events: EngineEvent[]): string => JSON.stringify(events, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    expect(json(read)).toBe(json(expected));
    // The stream mixes records and objects, and outgrows the log's first buffer (4,096 slots).
    const types = new Set(read.map((e) => e.type));
    for (const t of [EventType.ORDER_ACCEPTED, EventType.FILL, EventType.ORDER_CANCELED, EventType.ORDER_REJECTED, EventType.ORDER_AMENDED]) expect(types).toContain(t);
    expect(read.filter((e) => e.type === EventType.FILL).length * 19).toBeGreaterThan(4_096);
  });

  it('after clear it holds nothing and is written again from the start', () => {
    const expected = eventsByApply(4);
    const { steps, limits } = streamOf(4);
    const embedded = new EmbeddedEngine(limits, START_MS);
    const log = new EventLog();
    const read: EngineEvent[] = [];
    for (const { cmd, timeMs } of steps) {
      embedded.submitToLog(cmd, log, timeMs);
      if (log.count >= 7) {
        log.toEvents(read);
        log.clear();
        expect(log.count).toBe(0);
        const none: EngineEvent[] = [];
        log.toEvents(none);
        expect(none).toEqual([]);
      }
    }
    log.toEvents(read);
    expect(read).toEqual(expected);
  });

  it('makes each order-path event with exactly the keys of its type, in order', () => {
    const events = eventsByApply(5);
    const keysOf = (type: EngineEvent['type']): string[] => Object.keys(events.find((e) => e.type === type)!);
    expect(keysOf(EventType.ORDER_ACCEPTED)).toEqual(['type', 'seq', 'orderId', 'accountId', 'clientOrderId', 'seriesId', 'side', 'priceMicros', 'orderQty', 'isQuote']);
    expect(keysOf(EventType.ORDER_CANCELED)).toEqual(['type', 'seq', 'orderId', 'accountId', 'clientOrderId', 'seriesId', 'side', 'priceMicros', 'orderQty', 'cumQty', 'canceledQty', 'reason']);
    expect(keysOf(EventType.FILL)).toEqual([
      'type', 'seq', 'seriesId', 'tradeId', 'priceMicros', 'qty', 'takerSide',
      'makerOrderId', 'makerAccountId', 'makerClientOrderId', 'makerOrderQty', 'makerCumQty', 'makerLeavesQty',
      'takerOrderId', 'takerAccountId', 'takerClientOrderId', 'takerOrderQty', 'takerCumQty', 'takerLeavesQty',
    ]);
    const quote = events.find((e) => e.type === EventType.ORDER_ACCEPTED && e.isQuote);
    expect(quote).toBeDefined();
    expect(typeof (quote as { isQuote: unknown }).isQuote).toBe('boolean');
  });
});
