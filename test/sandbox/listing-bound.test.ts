/**
 * The sandbox's listings an hour are bounded (docs/sandbox.md): its schedule, run pass by pass
 * (one a second, as the service's timer does) over two simulated hours with phase 4 voted and
 * an expected index that swings hard (0.3 to 3 PAT and back every minute, so the strike grid
 * re-centres on every pass), lists at most SANDBOX_MAX_STRIKES_PER_EXPIRY strikes an expiry and
 * at most `listingsPerHourBound` series in each hour. No service runs: the schedule's own output
 * (scheduleCommands with the service's strike choice, windowStrikes) is applied to a list of views.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, scheduleCommands, SeriesKind, type Command, type ContractSpec, type ListedSeriesView } from '../../src/engine/index.js';
import { MAX_STRIKES_PER_EXPIRY, windowStrikes } from '../../src/quoting/index.js';
import { loadConfig } from '../../src/app/config.js';
import { listingsPerHourBound, SANDBOX_CONTRACTS, SANDBOX_MAX_STRIKES_PER_EXPIRY, sandboxProfile } from '../../src/sandbox/index.js';

const HOUR_MS = 3_600_000;
const START_MS = Date.UTC(2026, 10, 26, 11, 2, 30);

/** The index the quoter expects for a window at `nowMs`: a triangle from 0.3 to 3 PAT and back each minute. */
function swingingIndexMicros(nowMs: number): number {
  const phase = (nowMs % 60_000) / 60_000;
  const share = phase < 0.5 ? phase * 2 : 2 - phase * 2;
  return Math.round(300_000 + share * 2_700_000);
}

interface Run {
  /** Series listed in each simulated hour. */
  perHour: number[];
  /** The most strikes any one expiry had. */
  mostStrikesOnAnExpiry: number;
}

/** Runs the schedule pass by pass for `hours` from START_MS, applying what it lists, delivers and expires. */
function simulate(contracts: readonly ContractSpec[], maxStrikes: number, hours: number): Run {
  const listed: ListedSeriesView[] = [];
  const specOf = new Map(contracts.map((c) => [c.contract, c]));
  const perHour = Array.from({ length: hours }, () => 0);
  for (let nowMs = START_MS; nowMs < START_MS + hours * HOUR_MS; nowMs += 1_000) {
    const strikes = (spot: ListedSeriesView): number[] => windowStrikes(spot, specOf.get(spot.contract)!, swingingIndexMicros(nowMs), listed, maxStrikes);
    for (const cmd of scheduleCommands(contracts, listed, nowMs, undefined, 4, strikes) as Command[]) {
      if (cmd.kind === CommandKind.LIST_SERIES) {
        perHour[Math.floor((nowMs - START_MS) / HOUR_MS)]! += 1;
        const strike = cmd.strikeMicros ?? 0;
        listed.push({ seriesId: listed.length + 1, contract: cmd.contract, openAtMs: cmd.openAtMs, closeAtMs: cmd.closeAtMs, expired: false, kind: cmd.seriesKind, ...(cmd.seriesKind === SeriesKind.FORWARD ? { deliveryPending: true } : {}), ...(strike > 0 ? { strikeMicros: strike } : {}) });
      } else if (cmd.kind === CommandKind.EXPIRE_SERIES) {
        listed[cmd.seriesId - 1]!.expired = true;
      } else if (cmd.kind === CommandKind.DELIVER_FORWARDS) {
        const forward = listed[cmd.seriesId - 1]!;
        forward.deliveryPending = false;
        forward.expired = true;
      }
    }
  }
  const byExpiry = new Map<string, Set<number>>();
  for (const s of listed) {
    if (s.strikeMicros === undefined) continue;
    const key = `${s.contract}/${s.openAtMs}`;
    byExpiry.set(key, (byExpiry.get(key) ?? new Set()).add(s.strikeMicros));
  }
  return { perHour, mostStrikesOnAnExpiry: Math.max(0, ...[...byExpiry.values()].map((k) => k.size)) };
}

describe('the sandbox lists a bounded number of series an hour', () => {
  it('with its cap: at most SANDBOX_MAX_STRIKES_PER_EXPIRY strikes an expiry and listingsPerHourBound series an hour', () => {
    expect(loadConfig({}, {}, sandboxProfile()).maxStrikesPerExpiry).toBe(SANDBOX_MAX_STRIKES_PER_EXPIRY);
    const bound = listingsPerHourBound(SANDBOX_CONTRACTS, SANDBOX_MAX_STRIKES_PER_EXPIRY);
    expect(bound).toBe(476); // the figure docs/sandbox.md gives
    const run = simulate(SANDBOX_CONTRACTS, SANDBOX_MAX_STRIKES_PER_EXPIRY, 2);
    // The swing fills every expiry to its cap (the cap is what holds the count, not a quiet index)...
    expect(run.mostStrikesOnAnExpiry).toBe(SANDBOX_MAX_STRIKES_PER_EXPIRY);
    // ... and every hour stays within the bound.
    for (const n of run.perHour) expect(n).toBeLessThanOrEqual(bound);
    // A bound the schedule comes near (436 in the first hour, with its listings at start; 400 an hour after).
    expect(Math.max(...run.perHour)).toBeGreaterThan(bound * 0.8);
  });

  it('without it (the largest cap the config takes) the same schedule lists far more', () => {
    const run = simulate(SANDBOX_CONTRACTS, MAX_STRIKES_PER_EXPIRY, 1);
    expect(run.mostStrikesOnAnExpiry).toBeGreaterThan(SANDBOX_MAX_STRIKES_PER_EXPIRY);
    expect(run.perHour[0]).toBeGreaterThan(listingsPerHourBound(SANDBOX_CONTRACTS, SANDBOX_MAX_STRIKES_PER_EXPIRY));
  });
});
