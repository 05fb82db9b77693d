/**
 * The sandbox profile as configuration (src/sandbox/profile.ts): PATX_PROFILE names it
 * strictly, its layer lies over the defaults and under the environment, its contracts pass
 * the schedule's validation with minute windows, and a sandbox that could not vote on its
 * own chain is refused before it starts.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_FEED_BURN_IN_DAYS, DEMO_FEED_BURN_IN_MS, loadConfig, modelFeedBurnInMs, unknownEnvVars } from '../../src/app/config.js';
import { parseContractKey, parseContractSpecs, scheduleCommands, CommandKind, SeriesKind, type ListSeries } from '../../src/engine/index.js';
import { profileFromEnv, ProfileError, SANDBOX_CONTRACTS, SANDBOX_TEST_CONTRACTS, sandboxConfigProblems, sandboxProfile } from '../../src/sandbox/index.js';

describe('PATX_PROFILE', () => {
  it('names a profile or none, and refuses anything else', () => {
    expect(profileFromEnv({})).toBe('default');
    expect(profileFromEnv({ PATX_PROFILE: '' })).toBe('default');
    expect(profileFromEnv({ PATX_PROFILE: 'sandbox' })).toBe('sandbox');
    expect(() => profileFromEnv({ PATX_PROFILE: 'sandbx' })).toThrow(ProfileError);
    expect(() => profileFromEnv({ PATX_PROFILE: 'sandbx' })).toThrow('expected one of default|sandbox');
    expect(unknownEnvVars({ PATX_PROFILE: 'sandbox' })).toEqual([]);
  });
});

describe('the sandbox layer', () => {
  it('sets its own data dir, ports, contracts and demo, under the environment', () => {
    const config = loadConfig({}, {}, sandboxProfile());
    expect(config.dataDir).toBe('./data-sandbox');
    expect([config.gateway.port, config.gateway.marketDataPort, config.providerServer.port, config.settlement.localChainPort]).toEqual([8580, 8581, 8590, 8645]);
    expect(config.contracts.map((c) => c.contract)).toEqual(SANDBOX_CONTRACTS.map((c) => c.contract));
    expect(config.demo.enabled).toBe(true);
    expect(config.quoting.params['quoting.windowExponent']).toBe(0);
    expect(config.quoting.params['risk.maxOrderQty']).toBe(10_000); // the shipped seeds stay under it
    // The one dispute window and the claim grace in minutes (journaled at the first start), as docs/sandbox.md says.
    expect([config.quoting.params['risk.disputeWindowMs'], config.quoting.params['risk.claimGraceMs']]).toEqual([2 * 60_000, 60_000]);
    expect(sandboxConfigProblems(config)).toEqual([]);

    const chosen = loadConfig({ PATX_PORT: '9481', PATX_DATA_DIR: '/tmp/elsewhere' }, {}, sandboxProfile());
    expect(chosen.gateway.port).toBe(9481);
    expect(chosen.dataDir).toBe('/tmp/elsewhere');
    expect(chosen.gateway.marketDataPort).toBe(8581);
  });

  it("a model feed's burn-in: minutes in the sandbox, days elsewhere (a week by default, a quarter hour wherever the demo runs), validated", () => {
    expect(modelFeedBurnInMs(loadConfig({}, {}, sandboxProfile()))).toBe(3 * 60_000);
    expect(modelFeedBurnInMs(loadConfig({}, { demo: { enabled: false } }))).toBe(DEFAULT_FEED_BURN_IN_DAYS * 86_400_000);
    expect(DEFAULT_FEED_BURN_IN_DAYS).toBe(7);
    expect(modelFeedBurnInMs(loadConfig({}, { demo: { enabled: true } }))).toBe(DEMO_FEED_BURN_IN_MS);
    expect(modelFeedBurnInMs(loadConfig({}, { demo: { enabled: false }, modelFeeds: { burnInDays: 14 } }))).toBe(14 * 86_400_000);
    expect(() => loadConfig({}, { modelFeeds: { burnInDays: -1 } })).toThrow(ConfigError);
    expect(() => loadConfig({}, { modelFeeds: { burnInDays: 400 } })).toThrow(ConfigError);
  });

  it('is refused where it could not vote its phases on its own chain', () => {
    expect(sandboxConfigProblems(loadConfig({ PATX_SETTLEMENT: 'off' }, {}, sandboxProfile()))).toEqual([expect.stringContaining('settlement.enabled')]);
    expect(sandboxConfigProblems(loadConfig({ PATX_RPC_URL: 'http://127.0.0.1:1' }, {}, sandboxProfile()))).toEqual([expect.stringContaining('settlement.rpcUrl')]);
  });

  it('lists windows of minutes: spot, forwards and, by phase, synthetics and options', () => {
    for (const specs of [SANDBOX_CONTRACTS, SANDBOX_TEST_CONTRACTS]) expect(parseContractSpecs(specs)).toEqual(specs);
    expect(parseContractKey('AUTO_INTENT|5m|0.70-0.85').windowMs).toBe(300_000);
    const now = Date.UTC(2026, 10, 26, 11, 2, 30);
    const listed = (phase: number) => scheduleCommands(SANDBOX_CONTRACTS, [], now, undefined, phase).filter((c): c is ListSeries => c.kind === CommandKind.LIST_SERIES);
    const flagship = listed(4).filter((c) => c.contract === 'AUTO_INTENT|5m|0.70-0.85');
    expect(flagship.map((c) => [c.seriesKind, new Date(c.openAtMs).toISOString(), c.closeAtMs - c.openAtMs])).toEqual([
      [SeriesKind.SPOT, '2026-11-26T11:00:00.000Z', 300_000],
      [SeriesKind.FORWARD, '2026-11-26T11:05:00.000Z', 300_000],
      [SeriesKind.FORWARD, '2026-11-26T11:10:00.000Z', 300_000],
      [SeriesKind.SYNTHETIC, '2026-11-26T11:00:00.000Z', 300_000],
    ]);
    expect(listed(2).some((c) => c.seriesKind === SeriesKind.SYNTHETIC)).toBe(false);
  });
});
