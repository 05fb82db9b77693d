import { describe, expect, it } from 'vitest';

import { DEMO_CONTRACTS } from '../../src/app/demo-contracts.js';
import { CommandKind, SYSTEM_ACTOR, SeriesKind, type Command } from '../../src/engine/core/commands.js';
import { parseContractKey } from '../../src/engine/core/contract-key.js';
import {
  ListingScheduleError,
  contractSpecListSchema,
  contractSpecSchema,
  parseContractSpecs,
  scheduleCommands,
  windowAt,
  type ContractSpec,
  type ListedSeriesView,
} from '../../src/engine/core/listing-schedule.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** A midnight UTC, so 1D windows aligned to the Unix epoch start here. */
const T0 = Date.UTC(2025, 0, 1);

const DAILY: ContractSpec = {
  contract: 'AUTO_INTENT|1D|0.70-0.85',
  tickMicros: 1000,
  lotSize: 1,
  minPriceMicros: 1000,
  maxPriceMicros: 5_000_000,
  maxOrderQty: 100_000,
  bandBps: 500,
  listAheadMs: 3 * HOUR_MS,
};
const HOURLY: ContractSpec = { ...DAILY, contract: 'AUTO_INTENT|1h|0.85-1.00', listAheadMs: 10 * MINUTE_MS };
const WEEKLY: ContractSpec = { ...DAILY, contract: 'HOME_INTENT|7D|0.75-0.90', listAheadMs: DAY_MS };

function listed(
  contract: string,
  openAtMs: number,
  closeAtMs: number,
  seriesId = 1,
  expired = false,
): ListedSeriesView {
  return { seriesId, contract, openAtMs, closeAtMs, expired };
}

/** The windows a batch of commands lists, as [contract, openAtMs, closeAtMs]. */
function listedWindows(commands: readonly Command[]): Array<[string, number, number]> {
  return commands.flatMap((c) => (c.kind === CommandKind.LIST_SERIES ? [[c.contract, c.openAtMs, c.closeAtMs]] : []));
}

function expiredIds(commands: readonly Command[]): number[] {
  return commands.flatMap((c) => (c.kind === CommandKind.EXPIRE_SERIES ? [c.seriesId] : []));
}

/** A stand-in for the engine: applies the schedule's commands to the listed-series view. */
function applyCommands(view: ListedSeriesView[], commands: readonly Command[], nowMs: number): ListedSeriesView[] {
  const next = view.map((series) => ({ ...series }));
  for (const command of commands) {
    if (command.kind === CommandKind.LIST_SERIES) {
      const seriesId = next.length + 1;
      const view = listed(command.contract, command.openAtMs, command.closeAtMs, seriesId);
      if (command.seriesKind === SeriesKind.FORWARD) Object.assign(view, { kind: SeriesKind.FORWARD, deliveryPending: true });
      next.push(view);
    } else if (command.kind === CommandKind.DELIVER_FORWARDS) {
      // The engine closes the forward and, with the service repeating the command, completes its delivery.
      const series = next.find((s) => s.seriesId === command.seriesId);
      if (series === undefined || series.kind !== SeriesKind.FORWARD || series.deliveryPending !== true || series.openAtMs > command.cutoffMs) {
        throw new Error(`bad delivery of series ${command.seriesId} at ${nowMs}`);
      }
      // The window's spot series must be listed by then (the engine delivers into it).
      if (!next.some((s) => s.kind !== SeriesKind.FORWARD && s.contract === series.contract && s.openAtMs === series.openAtMs)) {
        throw new Error(`delivery of series ${command.seriesId} before its spot series is listed`);
      }
      series.expired = true;
      series.deliveryPending = false;
    } else if (command.kind === CommandKind.EXPIRE_SERIES) {
      const series = next.find((s) => s.seriesId === command.seriesId);
      if (series === undefined || series.expired || series.closeAtMs > command.cutoffMs) {
        throw new Error(`bad expiry of series ${command.seriesId} at ${nowMs}`);
      }
      series.expired = true;
    } else {
      throw new Error(`unexpected command kind ${command.kind}`);
    }
  }
  return next;
}

describe('windowAt', () => {
  it('aligns windows to the epoch, open inclusive and close exclusive', () => {
    expect(windowAt(DAY_MS, 0, T0)).toEqual({ openAtMs: T0, closeAtMs: T0 + DAY_MS });
    expect(windowAt(DAY_MS, 0, T0 + DAY_MS - 1)).toEqual({ openAtMs: T0, closeAtMs: T0 + DAY_MS });
    expect(windowAt(DAY_MS, 0, T0 + DAY_MS)).toEqual({ openAtMs: T0 + DAY_MS, closeAtMs: T0 + 2 * DAY_MS });
    expect(windowAt(HOUR_MS, 0, T0 + 90 * MINUTE_MS)).toEqual({ openAtMs: T0 + HOUR_MS, closeAtMs: T0 + 2 * HOUR_MS });
  });

  it('follows a custom epoch, e.g. Monday-aligned weeks', () => {
    const mondayEpochMs = 4 * DAY_MS; // 1970-01-05 was a Monday
    const window = windowAt(WEEK_MS, mondayEpochMs, T0); // 2025-01-01 is a Wednesday
    expect(window).toEqual({ openAtMs: Date.UTC(2024, 11, 30), closeAtMs: Date.UTC(2025, 0, 6) });
    expect(new Date(window.openAtMs).getUTCDay()).toBe(1);
  });

  it('puts times before the epoch in the window that contains them', () => {
    expect(windowAt(WEEK_MS, 4 * DAY_MS, 0)).toEqual({ openAtMs: -3 * DAY_MS, closeAtMs: 4 * DAY_MS });
  });

  it.each([
    [0, 0, T0, 'windowMs 0'],
    [1.5, 0, T0, 'windowMs 1.5'],
    [367 * DAY_MS, 0, T0, 'windowMs'],
    [DAY_MS, -1, T0, 'epochMs -1'],
    [DAY_MS, 0, T0 + 0.5, 'timeMs'],
    [DAY_MS, 0, Number.NaN, 'timeMs NaN'],
    [DAY_MS, 0, 9e15, 'timeMs 9000000000000000'],
  ])('rejects windowMs %s, epochMs %s, timeMs %s', (windowMs, epochMs, timeMs, fragment) => {
    expect(() => windowAt(windowMs, epochMs, timeMs)).toThrow(ListingScheduleError);
    expect(() => windowAt(windowMs, epochMs, timeMs)).toThrow(fragment);
  });
});

describe('scheduleCommands', () => {
  it('lists the current window with the spec terms', () => {
    expect(scheduleCommands([DAILY], [], T0 + 5 * HOUR_MS, 0)).toEqual([
      {
        kind: CommandKind.LIST_SERIES,
        actor: SYSTEM_ACTOR,
        contract: DAILY.contract,
        seriesKind: SeriesKind.SPOT,
        openAtMs: T0,
        closeAtMs: T0 + DAY_MS,
        tickMicros: 1000,
        lotSize: 1,
        minPriceMicros: 1000,
        maxPriceMicros: 5_000_000,
        maxOrderQty: 100_000,
        bandBps: 500,
      },
    ]);
  });

  it('lists a SYNTHETIC on each spot window of a contract with synthetics, only once the governance phase is 3, after its spot series', () => {
    const spec: ContractSpec = { ...DAILY, synthetics: true };
    const now = T0 + DAY_MS - 1; // inside listAhead: the current and the next window
    const kinds = (cmds: readonly Command[]) => cmds.map((c) => (c.kind === CommandKind.LIST_SERIES ? [c.seriesKind, c.openAtMs] : [c.kind]));
    expect(kinds(scheduleCommands([spec], [], now, 0))).toEqual([[SeriesKind.SPOT, T0], [SeriesKind.SPOT, T0 + DAY_MS]]);
    expect(kinds(scheduleCommands([spec], [], now, 0, 3))).toEqual([
      [SeriesKind.SPOT, T0], [SeriesKind.SPOT, T0 + DAY_MS], [SeriesKind.SYNTHETIC, T0], [SeriesKind.SYNTHETIC, T0 + DAY_MS],
    ]);
    // Listed already: nothing more; a contract without synthetics never gets one.
    const all = [listed(spec.contract, T0, T0 + DAY_MS, 1), listed(spec.contract, T0 + DAY_MS, T0 + 2 * DAY_MS, 2),
      { ...listed(spec.contract, T0, T0 + DAY_MS, 3), kind: SeriesKind.SYNTHETIC }, { ...listed(spec.contract, T0 + DAY_MS, T0 + 2 * DAY_MS, 4), kind: SeriesKind.SYNTHETIC }];
    expect(scheduleCommands([spec], all, now, 0, 4)).toEqual([]);
    expect(kinds(scheduleCommands([DAILY], all.slice(0, 2), now, 0, 3))).toEqual([]);
  });

  it('lists a CALL and a PUT at each strike named for each listed spot window of a contract with options, only from phase 4', () => {
    const spec: ContractSpec = { ...DAILY, options: true };
    const spot = listed(spec.contract, T0, T0 + DAY_MS, 1);
    const strikes = (view: ListedSeriesView) => (view.seriesId === 1 ? [900_000, 1_000_000] : []);
    const now = T0 + HOUR_MS;
    expect(scheduleCommands([spec], [spot], now, 0, 3, strikes)).toEqual([]);
    const cmds = scheduleCommands([spec], [spot], now, 0, 4, strikes);
    expect(cmds.map((c) => (c.kind === CommandKind.LIST_SERIES ? [c.seriesKind, c.strikeMicros, c.openAtMs, c.minPriceMicros] : []))).toEqual([
      [SeriesKind.CALL, 900_000, T0, DAILY.tickMicros], [SeriesKind.PUT, 900_000, T0, DAILY.tickMicros],
      [SeriesKind.CALL, 1_000_000, T0, DAILY.tickMicros], [SeriesKind.PUT, 1_000_000, T0, DAILY.tickMicros],
    ]);
    // Listed ones are not listed again; a new strike (the index moved) is.
    const views = cmds.map((c, i) => (c.kind === CommandKind.LIST_SERIES ? { ...listed(c.contract, c.openAtMs, c.closeAtMs, 2 + i), kind: c.seriesKind, strikeMicros: c.strikeMicros } : spot));
    expect(scheduleCommands([spec], [spot, ...views], now, 0, 4, strikes)).toEqual([]);
    const moved = scheduleCommands([spec], [spot, ...views], now, 0, 4, () => [1_000_000, 1_100_000]);
    expect(moved.map((c) => (c.kind === CommandKind.LIST_SERIES ? c.strikeMicros : 0))).toEqual([1_100_000, 1_100_000]);
  });

  it('uses the Unix epoch when no epoch is given', () => {
    expect(scheduleCommands([DAILY], [], T0 + 5 * HOUR_MS)).toEqual(scheduleCommands([DAILY], [], T0 + 5 * HOUR_MS, 0));
  });

  it('lists the next window only from listAheadMs before the current closes', () => {
    const listAheadStartMs = T0 + DAY_MS - DAILY.listAheadMs;
    const current = listed(DAILY.contract, T0, T0 + DAY_MS);
    expect(scheduleCommands([DAILY], [current], listAheadStartMs - 1, 0)).toEqual([]);
    expect(listedWindows(scheduleCommands([DAILY], [current], listAheadStartMs, 0))).toEqual([
      [DAILY.contract, T0 + DAY_MS, T0 + 2 * DAY_MS],
    ]);
    expect(listedWindows(scheduleCommands([DAILY], [], listAheadStartMs, 0))).toEqual([
      [DAILY.contract, T0, T0 + DAY_MS],
      [DAILY.contract, T0 + DAY_MS, T0 + 2 * DAY_MS],
    ]);
  });

  it('with listAheadMs 0, lists a window only once it opens', () => {
    const spec = { ...DAILY, listAheadMs: 0 };
    expect(listedWindows(scheduleCommands([spec], [], T0 + DAY_MS - 1, 0))).toEqual([[spec.contract, T0, T0 + DAY_MS]]);
    expect(listedWindows(scheduleCommands([spec], [], T0 + DAY_MS, 0))).toEqual([
      [spec.contract, T0 + DAY_MS, T0 + 2 * DAY_MS],
    ]);
  });

  it('at the exact open and close instants, treats windows as [open, close)', () => {
    const first = listed(DAILY.contract, T0, T0 + DAY_MS, 1);
    const second = listed(DAILY.contract, T0 + DAY_MS, T0 + 2 * DAY_MS, 2);
    // One millisecond before the close: nothing to expire yet.
    expect(scheduleCommands([DAILY], [first, second], T0 + DAY_MS - 1, 0)).toEqual([]);
    // At the close: the first expires (its window closed), the second is current and listed.
    expect(scheduleCommands([DAILY], [first, second], T0 + DAY_MS, 0)).toEqual([
      { kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: 1, cutoffMs: T0 + DAY_MS },
    ]);
  });

  it('expires live series whose window closed, by close time then id, whatever their contract', () => {
    const nowMs = T0 + 10 * DAY_MS + HOUR_MS;
    const view = [
      listed(DAILY.contract, T0 + 10 * DAY_MS, T0 + 11 * DAY_MS, 9),
      listed(DAILY.contract, T0 + 9 * DAY_MS, T0 + 10 * DAY_MS, 8),
      listed('DROPPED_FROM_CONFIG|1D|0.10-0.20', T0 + 9 * DAY_MS, T0 + 10 * DAY_MS, 5),
      listed(DAILY.contract, T0 + 8 * DAY_MS, T0 + 9 * DAY_MS, 7),
      listed(DAILY.contract, T0 + 7 * DAY_MS, T0 + 8 * DAY_MS, 6, true),
    ];
    const commands = scheduleCommands([DAILY], view, nowMs, 0);
    expect(expiredIds(commands)).toEqual([7, 5, 8]);
    expect(commands.every((c) => c.kind !== CommandKind.EXPIRE_SERIES || c.cutoffMs === nowMs)).toBe(true);
    expect(listedWindows(commands)).toEqual([]);
  });

  it('does not relist a window whose series already expired', () => {
    const expired = listed(DAILY.contract, T0, T0 + DAY_MS, 1, true);
    expect(scheduleCommands([DAILY], [expired], T0 + HOUR_MS, 0)).toEqual([]);
  });

  it('counts a series listed under a non-canonical spelling of the key', () => {
    const series = listed('AUTO_INTENT|24h|0.7-0.850', T0, T0 + DAY_MS);
    expect(scheduleCommands([DAILY], [series], T0 + HOUR_MS, 0)).toEqual([]);
  });

  it('orders listings by specs order, then time, then the expiries', () => {
    // 23:00 on Wednesday: inside the list-ahead of the hourly, the daily and the weekly
    // (epoch-aligned weeks close at Thursday midnight UTC) but not at an hour boundary.
    const nowMs = T0 + DAY_MS - HOUR_MS + 30 * MINUTE_MS;
    const staleHour = listed(HOURLY.contract, T0 + 21 * HOUR_MS, T0 + 22 * HOUR_MS, 3);
    const commands = scheduleCommands([WEEKLY, DAILY, HOURLY], [staleHour], nowMs, 0);
    const week = windowAt(WEEK_MS, 0, nowMs);
    expect(week.closeAtMs).toBe(T0 + DAY_MS);
    expect(listedWindows(commands)).toEqual([
      [WEEKLY.contract, week.openAtMs, week.closeAtMs],
      [WEEKLY.contract, week.closeAtMs, week.closeAtMs + WEEK_MS],
      [DAILY.contract, T0, T0 + DAY_MS],
      [DAILY.contract, T0 + DAY_MS, T0 + 2 * DAY_MS],
      [HOURLY.contract, T0 + 23 * HOUR_MS, T0 + DAY_MS],
    ]);
    expect(commands.at(-1)).toEqual({
      kind: CommandKind.EXPIRE_SERIES,
      actor: SYSTEM_ACTOR,
      seriesId: 3,
      cutoffMs: nowMs,
    });
  });

  it('is idempotent and keeps every contract listed over weeks of ticks', () => {
    const specs = DEMO_CONTRACTS;
    let view: ListedSeriesView[] = [];
    // Every 11 minutes for 40 days: crosses boundaries of the hourly, daily, weekly and 30-day contracts,
    // some exactly (every 11 hours and 11 days a tick lands on a close instant).
    for (let nowMs = T0; nowMs <= T0 + 40 * DAY_MS; nowMs += 11 * MINUTE_MS) {
      view = applyCommands(view, scheduleCommands(specs, view, nowMs, 0), nowMs);
      expect(scheduleCommands(specs, view, nowMs, 0)).toEqual([]);
      for (const spec of specs) {
        const { windowMs } = parseContractKey(spec.contract);
        const current = windowAt(windowMs, 0, nowMs);
        const forwards = view.filter((s) => s.contract === spec.contract && s.kind === SeriesKind.FORWARD && !s.expired);
        // Forwards: exactly the next forwardWindows windows after the current one, none delivered late.
        expect(forwards.map((s) => s.openAtMs)).toEqual(Array.from({ length: spec.forwardWindows ?? 0 }, (_, k) => current.openAtMs + (k + 1) * windowMs));
        expect(view.filter((s) => s.kind === SeriesKind.FORWARD && s.deliveryPending === true && s.openAtMs <= nowMs)).toEqual([]);
        const live = view.filter((s) => s.contract === spec.contract && !s.expired && s.kind !== SeriesKind.FORWARD);
        // The current window is listed; at most the next one besides, and only inside listAhead.
        expect(live.some((s) => s.openAtMs === current.openAtMs)).toBe(true);
        const ahead = live.filter((s) => s.openAtMs === current.closeAtMs);
        expect(ahead.length).toBe(nowMs >= current.closeAtMs - spec.listAheadMs ? 1 : 0);
        expect(live.length).toBe(1 + ahead.length);
      }
    }
    // Every window was listed once.
    const windows = view.map((s) => `${s.contract}@${s.openAtMs}/${s.kind ?? SeriesKind.SPOT}`);
    expect(new Set(windows).size).toBe(windows.length);
  });

  it('catches up after a gap: lists only the windows due now and expires everything closed', () => {
    const view = [listed(DAILY.contract, T0, T0 + DAY_MS, 1)];
    const nowMs = T0 + 5 * DAY_MS + HOUR_MS;
    const commands = scheduleCommands([DAILY], view, nowMs, 0);
    expect(listedWindows(commands)).toEqual([[DAILY.contract, T0 + 5 * DAY_MS, T0 + 6 * DAY_MS]]);
    expect(expiredIds(commands)).toEqual([1]);
  });

  it('rejects invalid specs before producing anything', () => {
    const bad = { ...HOURLY, tickMicros: 0 };
    expect(() => scheduleCommands([DAILY, bad], [], T0, 0)).toThrow(ListingScheduleError);
    expect(() => scheduleCommands([DAILY, bad], [], T0, 0)).toThrow('tickMicros must be positive');
    expect(() => scheduleCommands([DAILY, DAILY], [], T0, 0)).toThrow('duplicates contract 0');
  });

  it('rejects times out of range', () => {
    expect(() => scheduleCommands([DAILY], [], -1, 0)).toThrow('nowMs -1 must be an integer');
    expect(() => scheduleCommands([DAILY], [], T0 + 0.5, 0)).toThrow(ListingScheduleError);
    expect(() => scheduleCommands([DAILY], [], T0, Number.NaN)).toThrow('epochMs NaN');
  });
});

describe('contractSpecSchema', () => {
  it('accepts the demo contracts', () => {
    for (const spec of DEMO_CONTRACTS) expect(contractSpecSchema.safeParse(spec).error).toBeUndefined();
    expect(parseContractSpecs(DEMO_CONTRACTS)).toEqual(DEMO_CONTRACTS);
    expect(DEMO_CONTRACTS.length).toBeGreaterThanOrEqual(5);
  });

  it('accepts a notional of exactly 2^53 - 1', () => {
    const maxOrderQty = 6361; // 2^53 - 1 = 6361 * 69431 * 20394401
    const maxPriceMicros = Number.MAX_SAFE_INTEGER / maxOrderQty;
    expect(BigInt(maxPriceMicros) * BigInt(maxOrderQty)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    const spec = { ...DAILY, tickMicros: 1, minPriceMicros: 1, maxPriceMicros, maxOrderQty };
    expect(contractSpecSchema.safeParse(spec).success).toBe(true);
    expect(contractSpecSchema.safeParse({ ...spec, maxPriceMicros: maxPriceMicros + 1 }).success).toBe(false);
  });

  // [what is wrong, the change to a valid spec, the field blamed, a fragment of the message]
  const badSpecs: Array<[string, Record<string, unknown>, string, string]> = [
    ['a malformed key', { contract: 'AUTO_INTENT|0D|0.70-0.85' }, 'contract', "window '0D': length must be a positive"],
    ['a non-canonical key', { contract: 'AUTO_INTENT|1D|0.7-0.85' }, 'contract', "write 'AUTO_INTENT|1D|0.70-0.85'"],
    ['a key that is not a string', { contract: 7 }, 'contract', 'contract must be a string'],
    ['tick 0', { tickMicros: 0 }, 'tickMicros', 'tickMicros must be positive'],
    ['a fractional tick', { tickMicros: 0.5 }, 'tickMicros', 'tickMicros must be a safe integer'],
    ['a tick given as text', { tickMicros: '1000' }, 'tickMicros', 'tickMicros must be a number'],
    ['lot 0', { lotSize: 0 }, 'lotSize', 'lotSize must be positive'],
    ['a negative min price', { minPriceMicros: -1000 }, 'minPriceMicros', 'minPriceMicros must be positive'],
    ['max price NaN', { maxPriceMicros: Number.NaN }, 'maxPriceMicros', 'maxPriceMicros must be a number'],
    ['an unsafe max qty', { maxOrderQty: 2 ** 53 }, 'maxOrderQty', 'maxOrderQty must be a safe integer'],
    ['band 0', { bandBps: 0 }, 'bandBps', 'bandBps must be positive'],
    ['band above 100%', { bandBps: 10_001 }, 'bandBps', 'bandBps must be at most 10000'],
    ['negative list-ahead', { listAheadMs: -1 }, 'listAheadMs', 'listAheadMs must not be negative'],
    ['a missing field', { listAheadMs: undefined }, 'listAheadMs', 'listAheadMs must be a number'],
    ['an unknown field', { listAheadMS: 5 }, '', 'listAheadMS'],
    ['min above max', { minPriceMicros: 6_000_000 }, 'minPriceMicros', 'minPriceMicros 6000000 exceeds maxPriceMicros'],
    ['min off the tick', { minPriceMicros: 1500 }, 'minPriceMicros', 'minPriceMicros 1500 is not a multiple of tick'],
    ['max off the tick', { maxPriceMicros: 5_000_001 }, 'maxPriceMicros', 'not a multiple of tickMicros 1000'],
    ['max qty off the lot', { lotSize: 3 }, 'maxOrderQty', 'maxOrderQty 100000 is not a multiple of lotSize 3'],
    ['an unsafe notional', { maxOrderQty: 2_000_000_000 }, 'maxOrderQty', 'exceeds 2^53 - 1'],
    ['list-ahead of a whole window', { listAheadMs: DAY_MS }, 'listAheadMs', 'must be below the window length'],
  ];

  it.each(badSpecs)('rejects %s', (_what, change, field, fragment) => {
    const result = contractSpecSchema.safeParse({ ...DAILY, ...change });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.message.includes(fragment));
    expect(issue, JSON.stringify(result.error?.issues)).toBeDefined();
    expect(issue?.path.join('.')).toBe(field);
  });

  it('reports every failing field at once', () => {
    const result = contractSpecSchema.safeParse({ ...DAILY, tickMicros: 0, bandBps: 0 });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['tickMicros', 'bandBps']);
  });
});

describe('contractSpecListSchema', () => {
  it('rejects the same contract twice, even spelt differently', () => {
    const fortnight = { ...DAILY, contract: 'A|14D|0.10-0.20' };
    const twoWeeks = { ...DAILY, contract: 'A|2W|0.10-0.20' };
    const result = contractSpecListSchema.safeParse([fortnight, DAILY, twoWeeks]);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: [2, 'contract'],
        message: "contract 'A|2W|0.10-0.20' duplicates contract 0 'A|14D|0.10-0.20'",
      }),
    ]);
  });

  it('limits the number of contracts', () => {
    const many = Array.from({ length: 1025 }, (_, i) => ({ ...DAILY, contract: `C${i}|1D|0.10-0.20` }));
    expect(contractSpecListSchema.safeParse(many).success).toBe(false);
    expect(contractSpecListSchema.safeParse(many.slice(0, 1024)).success).toBe(true);
  });

  it('parseContractSpecs throws a ListingScheduleError listing each problem', () => {
    expect(() => parseContractSpecs([{ ...DAILY, tickMicros: 0 }, 'x'])).toThrow(ListingScheduleError);
    expect(() => parseContractSpecs([{ ...DAILY, tickMicros: 0 }, 'x'])).toThrow('tickMicros must be positive');
    expect(() => parseContractSpecs([{ ...DAILY, tickMicros: 0 }, 'x'])).toThrow('expected object, received string');
  });
});
