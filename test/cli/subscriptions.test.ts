/**
 * `patx subscribe`, `patx subscriptions [id]`, `patx subscriptions resume <id>` and
 * `patx unsubscribe <id>` against a running service (real LMDB, HTTP and signatures; the
 * wallet from PATX_WALLET_KEY, the gateway from PATX_URL): PAT typed in decimals
 * reaches the exchange as µPAT exactly; the table and one subscription's activity (a
 * purchase, a skip with its reason's message, an exercise); every refusal one line with the
 * server's code, exit 1; a bad flag exit 2; never a stack trace. The CLI signs with the
 * wall clock, so the service runs on it, and the subscriptions buy the window open now.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { Role, type Series } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';
import { credit, longestOpenSpot, openAccount, stockBroker } from '../support/subscription-market.js';
import { oneLine, patx, patxInProcess } from '../support/patx-cli.js';
import { describeActivity } from '../../src/cli/subscriptions.js';

let dir: string;
let service: Service;
let series: Series;
const consumer = Wallet.createRandom();
const provider = Wallet.createRandom();
const ids = { consumer: 0, provider: 0 };
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

/** Runs the CLI in this process as the consumer's wallet (PATX_WALLET_KEY) at the service (PATX_URL); its exit code and what it printed. */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: consumer.privateKey, PATX_URL: base(), ...env });
}


beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cli-subscriptions-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 3_600_000, settlement: { enabled: false }, quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  ids.consumer = await openAccount(service, Role.CONSUMER, consumer.address.toLowerCase());
  ids.provider = await openAccount(service, Role.PROVIDER, provider.address.toLowerCase());
  await service.runSchedule();
  series = longestOpenSpot(service, Date.now());
  for (const accountId of [service.engine.brokerId, ids.consumer]) await credit(service, accountId, 10n ** 21n);
  await stockBroker(service, ids.provider, series.id); // the broker asks 50 at 0.8 PAT
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('patx subscribe / subscriptions / unsubscribe', () => {
  let id = 0;
  let low = 0;

  it('subscribes with PAT in decimals (µPAT exactly), and shows the purchase and the exercise', async () => {
    const made = await cli(['subscribe', series.spec.contract, '--qty', '2', '--cap', '0.9', '--budget', '20.000001']);
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    id = Number(/subscription (\d+)/.exec(made.out)![1]);
    expect(made.out).toBe(`subscribed: subscription ${id} to ${series.spec.contract}, 2 per window at most 0.9000 PAT each, budget 20.000001 PAT; the window open now too (patx subscriptions ${id} shows what it does)`);
    expect(service.engine.subscriptions.live.get(id)).toMatchObject({ qtyPerWindow: 2, capPriceMicros: 900_000, budgetMicros: 20_000_001, autoExercise: true, maxSkips: 3 });
    await service.runSubscriptions();

    const list = await cli(['subscriptions']);
    expect(list.code).toBe(0);
    const [header, line] = list.out.split('\n');
    expect(header).toMatch(/^ID\s+CONTRACT\s+STATUS\s+QTY\/WINDOW\s+CAP PAT\s+SPENT\/BUDGET PAT\s+BOUGHT\s+SKIPPED\s+LAST$/);
    expect(line!.split(/\s{2,}/)).toEqual([String(id), series.spec.contract, 'active', '2', '0.9000', '1.6000/20.000001', '1', '0', `exercised 2 in series ${series.id} (exercise 1): patx grants --exercise 1 lists its grants`]);

    const one = await cli(['subscriptions', String(id)]);
    expect(one.code).toBe(0);
    expect(one.out).toContain(`subscription ${id}: ${series.spec.contract}, active`);
    expect(one.out).toContain('terms: 2 per window at most 0.9000 PAT each, budget 20.000001 PAT (spent 1.6000); bought when a window opens; exercised at the open; pauses after 3 skip(s) in a row; delivery pull');
    expect(one.out).toContain('windows bought 1 (2 rights), skipped 0 (0 in a row), exercises 1');
    const activity = one.out.split('activity, newest first:\n')[1]!.split('\n').slice(1).map((l) => l.split(/\s{2,}/).slice(1));
    expect(activity).toEqual([
      ['exercised', `exercised 2 in series ${series.id} (exercise 1): patx grants --exercise 1 lists its grants`],
      ['filled', `bought 2 of 2 in series ${series.id} for 1.6000 PAT`],
      ['status', 'created: active'],
    ]);
  });

  it('a skip shows its reason and message; a paused subscription resumes; unsubscribe cancels, a second time refused in one line', async () => {
    const made = await cli(['subscribe', series.spec.contract, '--qty', '1', '--cap', '0.7', '--budget', '5', '--max-skips', '1', '--no-auto-exercise', '--trigger', 'list']);
    expect(made.code).toBe(0);
    low = Number(/subscription (\d+)/.exec(made.out)![1]);
    expect(service.engine.subscriptions.live.get(low)).toMatchObject({ capPriceMicros: 700_000, autoExercise: false, maxSkips: 1 });
    await service.runSubscriptions();
    const one = await cli(['subscriptions', String(low)]);
    expect(one.out).toContain(`subscription ${low}: ${series.spec.contract}, paused`);
    expect(one.out).toContain(`skipped series ${series.id}: CAP_BELOW_ASK at an ask of 0.8000 PAT: the broker's ask was above your cap: raise the cap to buy at the ask`);
    expect(one.out).toContain('bought when a window is listed; not exercised; pauses after 1 skip(s) in a row');
    expect(one.out).toContain(`paused: patx subscriptions resume ${low} buys again from the next window`);
    // Times as the other commands print them (patx statement, patx order), not ISO 8601.
    expect(one.out).toMatch(/^TIME\s+WHAT\s+DETAIL$/m);
    expect(one.out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  status   paused after skips$/m);
    expect(one.out).toMatch(/; since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);

    const resumed = await cli(['subscriptions', 'resume', String(low)]);
    expect([resumed.code, resumed.out]).toEqual([0, `resumed: subscription ${low} (${series.spec.contract}) is active; it buys from the next window`]);
    // The wallet named by --key-file after `resume` (as docs/cli.md writes it; commander gave it to `subscriptions`: NO_WALLET).
    const keyFile = path.join(dir, 'consumer.key');
    writeFileSync(keyFile, consumer.privateKey);
    const again = await cli(['subscriptions', 'resume', String(low), '--key-file', keyFile], { PATX_WALLET_KEY: undefined });
    expect(again.code).toBe(1);
    expect(oneLine(again)).toBe('patx: NOT_PAUSED: the subscription is not paused: only a paused one resumes');

    const cancelled = await cli(['unsubscribe', String(low)]);
    expect([cancelled.code, cancelled.out]).toEqual([0, `cancelled: subscription ${low} (${series.spec.contract}); 0 window(s) bought, 0.0000 PAT spent`]);
    const twice = await cli(['unsubscribe', String(low)]);
    expect(twice.code).toBe(1);
    expect(oneLine(twice)).toBe(`patx: SUBSCRIPTION_CLOSED: subscription ${low} is cancelled`);
    // --json: the same refusal for scripts.
    const json = await cli(['--json', 'unsubscribe', String(low)]);
    expect(json.code).toBe(1);
    expect(JSON.parse(oneLine(json))).toEqual({ error: 'SUBSCRIPTION_CLOSED', message: `subscription ${low} is cancelled` });
    const listed = await cli(['--json', 'subscriptions']);
    expect((JSON.parse(listed.out) as { total: number; subscriptions: { subscriptionId: number; status: string }[] }).subscriptions.map((s) => [s.subscriptionId, s.status])).toEqual([
      [low, 'cancelled'],
      [id, 'active'],
    ]);
  });

  it('refuses in one line with exit 1 (the server\'s code) or exit 2 (a bad flag), changing nothing', async () => {
    const live = service.engine.subscriptions.live.size;
    const refusals: Array<[string[], Record<string, string | undefined>, string | RegExp]> = [
      [['subscribe', 'NOPE|1D|0.70-0.85', '--qty', '1', '--cap', '1', '--budget', '5'], {}, 'patx: UNKNOWN_CONTRACT: the exchange lists no spot contract NOPE|1D|0.70-0.85: patx catalog lists the contracts trading now'],
      [['subscriptions', '999'], {}, 'patx: UNKNOWN_SUBSCRIPTION: no subscription 999'],
      [['unsubscribe', String(id)], { PATX_WALLET_KEY: provider.privateKey }, `patx: UNKNOWN_SUBSCRIPTION: no subscription ${id}`],
      [['subscriptions'], { PATX_WALLET_KEY: Wallet.createRandom().privateKey }, /^patx: UNKNOWN_ACCOUNT: this wallet has no account at this exchange yet: patx account open opens a consumer's/],
      [['subscriptions'], { PATX_WALLET_KEY: undefined }, 'patx: NO_WALLET: name exactly one wallet: PATX_WALLET_KEY, --key-file FILE, or --dev-key N (the local demo chain)'],
      [['subscriptions'], { PATX_WALLET_KEY: 'not-a-key' }, 'patx: NO_WALLET: the wallet key is not 32 bytes of hex'],
      [['subscriptions', '--key-file', path.join(dir, 'absent')], { PATX_WALLET_KEY: undefined }, `patx: NO_WALLET: cannot read the key file ${path.join(dir, 'absent')} (ENOENT)`],
      [['subscriptions'], { PATX_URL: `http://127.0.0.1:${await freePort()}` }, /^patx: UNREACHABLE: no PATX gateway at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): start it/],
    ];
    for (const [args, env, expected] of refusals) {
      const r = await cli(args, env);
      expect(r.code, args.join(' ')).toBe(1);
      if (typeof expected === 'string') expect(oneLine(r)).toBe(expected);
      else expect(oneLine(r)).toMatch(expected);
    }
    const usage: Array<[string[], string]> = [
      [['subscribe', series.spec.contract, '--qty', '1', '--cap', '0.0000001', '--budget', '5'], 'at most 6 decimals'],
      [['subscribe', series.spec.contract, '--qty', '1', '--cap', 'abc', '--budget', '5'], 'expected an amount of PAT'],
      [['subscribe', series.spec.contract, '--qty', '0', '--cap', '1', '--budget', '5'], 'expected a whole number from 1'],
      [['subscribe', series.spec.contract, '--qty', '1', '--cap', '1', '--budget', '0'], 'expected a positive amount of PAT'],
      [['subscribe', series.spec.contract, '--qty', '1', '--cap', '1', '--budget', '5', '--trigger', 'soon'], "Allowed choices are list, open"],
      [['subscribe', series.spec.contract, '--qty', '1', '--cap', '1', '--budget', '5', '--max-skips', '101'], 'expected a whole number from 1 to 100'],
      [['subscribe', series.spec.contract, '--cap', '1', '--budget', '5'], "required option '--qty <n>' not specified"],
      [['subscriptions', 'abc'], 'expected a whole number'],
    ];
    for (const [args, message] of usage) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLine(r)).toContain(message);
    }
    expect(service.engine.subscriptions.live.size).toBe(live);
  });

  it('in its own process: a key file, and a refusal is one line on stderr with exit 1', async () => {
    const keyFile = path.join(dir, 'wallet.key');
    writeFileSync(keyFile, `${consumer.privateKey.slice(2)}\n`, { mode: 0o600 });
    const shown = await patx(['subscriptions', String(id), '--key-file', keyFile, '--gateway', base()], { PATX_WALLET_KEY: '' });
    expect([shown.status, shown.stderr]).toEqual([0, '']);
    expect(shown.stdout).toContain(`subscription ${id}: ${series.spec.contract}, active`);
    // The hint runs as the same wallet: its --key-file, as given.
    expect(shown.stdout).toContain(`(exercise 1): patx grants --exercise 1 --key-file ${keyFile} lists its grants`);
    const refused = await patx(['unsubscribe', '999', '--key-file', keyFile, '--gateway', base()], { PATX_WALLET_KEY: '' });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('patx: UNKNOWN_SUBSCRIPTION: no subscription 999\n');
  }, 120_000);
});

describe('an activity line names the patx command to follow, as the same wallet', () => {
  const exercised = { type: 'exercised', seq: 9, atMs: 0, seriesId: 11, exerciseId: 7, qty: 2 } as const;
  const rejected = { type: 'skipped', seq: 8, atMs: 0, seriesId: 11, reason: 'ORDER_REJECTED', askMicros: 800_000, rejectReason: 'PRICE_OUTSIDE_BAND', skipsInRow: 1, message: "the exchange's checks refused the purchase (see rejectReason)" } as const;

  it("an exercise's grants: the wallet's by exercise, an organisation's with --org (its exercises are not the wallet's)", () => {
    expect(describeActivity(exercised, { devKey: 4 })).toBe('exercised 2 in series 11 (exercise 7): patx grants --exercise 7 --dev-key 4 lists its grants');
    expect(describeActivity(exercised, { org: true, devKey: 4 })).toBe("exercised 2 in series 11 (exercise 7): patx grants --org --dev-key 4 lists your organisation's grants");
  });

  it('a refused purchase says its reason once, not the API field that holds it', () => {
    expect(describeActivity(rejected)).toBe("skipped series 11: ORDER_REJECTED (PRICE_OUTSIDE_BAND) at an ask of 0.8000 PAT: the exchange's checks refused the purchase");
    expect(describeActivity({ ...rejected, rejectReason: null })).toBe("skipped series 11: ORDER_REJECTED at an ask of 0.8000 PAT: the exchange's checks refused the purchase");
  });
});
