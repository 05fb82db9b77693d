/**
 * Trading from the command line (issue 77): `patx book`, `buy`, `sell`, `orders`, `cancel`,
 * `balance`, `positions`, `exercise`, `download` and `grants` against a running service (real LMDB, uWS,
 * signatures) with the demo listing's provider server as the gate (a real delivery): the wallet
 * from PATX_WALLET_KEY, the gateway from PATX_URL. The broker asks 50 at 0.8 PAT.
 * Prices typed in PAT reach the exchange as µPAT exactly; a bad price exits 2 with nothing
 * journaled; a refusal is one line with the reason's name, exit 1; an order above the
 * confirmation threshold is refused without --yes when stdin is no terminal (a child process).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { CommandKind, EventType, parseContractKey, SeriesStatus, SYSTEM_ACTOR, type ClaimResolved, type Series } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { freePort } from '../../src/runtime/free-port.js';
import type { Service } from '../../src/app/service.js';
import { startQuietDemoMarket, type QuietDemoMarket } from '../support/demo-gate.js';
import { oneLine, patx, patxInProcess } from '../support/patx-cli.js';
import { statementText } from '../../src/cli/provider.js';
import { CLOSING_SOON_MS, utcSeconds } from '../../src/cli/trading-format.js';
import { send } from '../support/subscription-market.js';
import { until } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
let dir: string;
let service: Service;
let market: QuietDemoMarket;
let series: Series;
let consumerId = 0;
const consumer = Wallet.createRandom();
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

/** Runs the CLI in this process as the consumer's wallet at the service; its exit code and what it printed. */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: consumer.privateKey, PATX_URL: base(), PATX_CONFIRM_ABOVE: undefined, ...env });
}


const availableMicros = (): number => service.engine.accounts[consumerId]!.availableMicros;

/**
 * The next-step line after a buy: `patx exercise <args>`, and in the window's last hour the close it must come before
 * (trading-format.ts, CLOSING_SOON_MS; either near that hour's start, as the command ran a moment before the test looks).
 */
function nextExercise(args: string): RegExp {
  const leftMs = series.spec.closeAtMs - Date.now();
  const closing = ` before ${utcSeconds(series.spec.closeAtMs).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, when the window closes: rights not exercised by then expire unused`;
  const suffix = leftMs > CLOSING_SOON_MS + 60_000 ? '' : leftMs < CLOSING_SOON_MS - 60_000 ? closing : `(?:${closing})?`;
  return new RegExp(`^next: patx exercise ${args}${suffix}$`, 'm');
}

beforeAll(async () => {
  // The demo provider (its listing's gate, the provider server) sells to the broker, which asks 50 at 0.8 PAT; the consumer has 1,000 PAT.
  market = await startQuietDemoMarket('cli-trading', logger, consumer.address);
  ({ dir, service, series, consumerId } = market);
}, 120_000);

afterAll(async () => {
  await market?.close();
});

describe('patx trading commands', () => {
  it("book: the broker's ask by contract name or id, with the last trade and the reference, PAT with 4 decimals; --json exact", async () => {
    const r = await cli(['book', series.spec.contract]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^series ${series.id}  ${series.spec.contract.replace(/[|.]/g, '\\$&')}  SPOT  TRADING  window `));
    const reference = service.engine.series[series.id]!.referencePriceMicros;
    expect(lines[1]).toBe(`last trade 0.5000 PAT · reference ${reference > 0 ? `${(reference / 1e6).toFixed(4)} PAT` : 'none'} · tick ${(series.spec.tickMicros / 1e6).toFixed(4)} PAT`);
    expect(lines[3]).toMatch(/^BID QTY\s+BID PAT\s+ASK PAT\s+ASK QTY$/);
    expect(lines[4]!.trim().split(/\s+/)).toEqual(['0.8000', '50']);
    const byId = await cli(['--json', 'book', String(series.id), '--depth', '1']);
    expect(JSON.parse(byId.out)).toMatchObject({ seriesId: series.id, contract: series.spec.contract, kind: 'SPOT', asks: [{ priceMicros: 800_000, qty: 50 }], bids: [], lastTradeMicros: 500_000 });
  });

  it('buy IOC at the ask fills; positions show the rights, balance dropped by the notional', async () => {
    const before = availableMicros();
    const r = await cli(['buy', String(series.id), '5', '--limit', '0.8', '--ioc']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const id = Number(/^order (\d+):/.exec(r.out)![1]);
    expect(r.out.split('\n').slice(0, 3)).toEqual([
      `order ${id}: BUY 5 of series ${series.id} (${series.spec.contract}), limit 0.8000 PAT, IOC: FILLED`,
      '  filled 5 @ 0.8000 PAT',
      'paid 4.0000 PAT for 5 (average 0.8000 PAT)',
    ]);
    expect(r.out.split('\n').slice(3)).toEqual([expect.stringMatching(nextExercise(`${series.id} 5`))]);
    expect(before - availableMicros()).toBe(4_000_000);

    const positions = await cli(['positions']);
    expect(positions.code).toBe(0);
    const [header, row] = positions.out.split('\n');
    expect(header).toMatch(/^SERIES\s+CONTRACT\s+KIND\s+WINDOW CLOSES\s+QTY\s+IN ORDERS\s+EXERCISED\s+STATE$/);
    expect(row!.split(/\s{2,}/)).toEqual([String(series.id), series.spec.contract, 'SPOT', `${new Date(series.spec.closeAtMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`, '5', '0', '0', 'exercisable now']);

    const balance = await cli(['balance']);
    expect(balance.code).toBe(0);
    expect(balance.out).toContain(`available           ${'996.0000'.padStart(14)} PAT`);
    expect(balance.out).toContain(`held by orders      ${'0.0000'.padStart(14)} PAT`);
    expect(balance.out).toContain(`pending withdrawal  ${'0.0000'.padStart(14)} PAT`);
    const json = JSON.parse((await cli(['--json', 'balance'])).out) as { availableWei: string };
    expect(json.availableWei).toBe((996n * 10n ** 18n).toString());
  });

  it('a GTC limit below the bid rests and shows in orders; cancel removes it, a second cancel is refused by name', async () => {
    const r = await cli(['buy', series.spec.contract, '3', '--limit', '0.41']);
    expect(r.code).toBe(0);
    const id = Number(/^order (\d+):/.exec(r.out)![1]);
    expect(r.out).toContain(`, limit 0.4100 PAT, GTC: NEW`);
    expect(r.out).toContain(`resting 3 at 0.4100 PAT (patx amend ${id} changes it, patx cancel ${id} cancels it)`);
    const order = service.engine.accounts[consumerId]!.firstOrder!;
    expect([order.orderId, order.priceMicros, order.leavesQty]).toEqual([id, 410_000, 3]);

    const orders = await cli(['orders']);
    const [header, row] = orders.out.split('\n');
    expect(header).toMatch(/^ORDER\s+SERIES\s+CONTRACT\s+SIDE\s+TYPE\s+PRICE PAT\s+QTY\s+FILLED\s+OPEN\s+UNTIL$/);
    expect(row!.split(/\s{2,}/)).toEqual([String(id), String(series.id), series.spec.contract, 'BUY', 'GTC', '0.4100', '3', '0', '3', '-']); // a GTC order lapses never
    expect((await cli(['cancel', String(id)])).out).toBe(`cancelled order ${id}: 3 not filled cancelled (0 filled before)`);
    expect((await cli(['orders'])).out).toBe('no open orders');
    const again = await cli(['cancel', String(id)]);
    expect(again.code).toBe(1);
    expect(oneLine(again)).toMatch(new RegExp(`^patx: [A-Z_]+: order ${id} is not one of your open orders`));

    // Mass cancel: two resting, both cancelled.
    for (const p of ['0.42', '0.43']) expect((await cli(['buy', String(series.id), '1', '--limit', p])).code).toBe(0);
    const all = await cli(['--json', 'cancel', '--all', '--series', String(series.id)]);
    expect((JSON.parse(all.out) as { cancelled: unknown[] }).cancelled).toHaveLength(2);
    expect(service.engine.accounts[consumerId]!.openOrders).toBe(0);
    // Neither an id nor --all: a usage error.
    expect((await cli(['cancel'])).code).toBe(2);
  });

  it('--client-order-id: a rerun of the same buy is refused DUPLICATE_CLIENT_ORDER_ID, one order rests; a bad id exits 2', async () => {
    const clientOrderId = String(Date.now());
    const first = await cli(['buy', String(series.id), '1', '--limit', '0.41', '--client-order-id', clientOrderId]);
    expect(first.code).toBe(0);
    const rerun = await cli(['buy', String(series.id), '1', '--limit', '0.41', '--client-order-id', clientOrderId]);
    expect(rerun.code).toBe(1);
    expect(oneLine(rerun)).toMatch(/^patx: DUPLICATE_CLIENT_ORDER_ID: .*entered before.*nothing was entered twice/);
    expect(service.engine.accounts[consumerId]!.openOrders).toBe(1);
    for (const bad of ['0', '-1', '1.5', 'abc', '9007199254740993']) expect((await cli(['buy', String(series.id), '1', '--limit', '0.41', '--client-order-id', bad])).code).toBe(2);
    expect(service.engine.accounts[consumerId]!.openOrders).toBe(1);
    await cli(['cancel', '--all']);
  });

  it('a bad price (too many decimals, negative, letters) or quantity exits 2 and journals nothing; a refusal is one line by name', async () => {
    const seq = service.engine.lastSeq;
    for (const bad of [['--limit', '0.8000001'], ['--limit=-0.5'], ['--limit', 'abc'], ['--limit', '0']]) {
      const r = await cli(['buy', String(series.id), '1', ...bad]);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.err).toMatch(/price/);
    }
    expect((await cli(['buy', String(series.id), '1.5', '--limit', '0.8'])).code).toBe(2);
    expect(service.engine.lastSeq).toBe(seq);

    // A consumer buys rights and exercises them; it does not sell them on.
    const sell = await cli(['sell', String(series.id), '1', '--limit', '0.9']);
    expect(sell.code).toBe(1);
    expect(oneLine(sell)).toBe("patx: ROLE_NOT_ALLOWED: the exchange refused the order: this account's role may not take that side (a consumer buys spot rights and exercises them, never resells them; a provider sells what it minted and never buys)");
  });

  it('an unknown series is a clear error, by id and by contract', async () => {
    const byId = await cli(['book', '99999']);
    expect(byId.code).toBe(1);
    expect(oneLine(byId)).toBe('patx: UNKNOWN_SERIES: the exchange lists no series 99999');
    const byName = await cli(['buy', 'NOPE|1D|0.70-0.85', '1', '--limit', '0.8']);
    expect(byName.code).toBe(1);
    expect(oneLine(byName)).toMatch(/^patx: UNKNOWN_SERIES: no spot series of NOPE\|1D\|0\.70-0\.85 is trading; trading now: '/);
  });

  it('a halted series: a buy with no limit says it is halted (it said nothing was offered), and sends nothing', async () => {
    await service.sequencer.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: SYSTEM_ACTOR, seriesId: series.id, status: SeriesStatus.HALTED });
    try {
      const before = availableMicros();
      const r = await cli(['buy', String(series.id), '1']);
      expect(r.code).toBe(1);
      expect(oneLine(r)).toBe(`patx: SERIES_HALTED: series ${series.id} is halted: it takes no orders until the operator resumes it`);
      expect(availableMicros()).toBe(before);
    } finally {
      await service.sequencer.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: SYSTEM_ACTOR, seriesId: series.id, status: SeriesStatus.TRADING });
    }
  });

  it('above the confirmation threshold, with stdin no terminal and no --yes: refused, nothing sent; --yes sends it', { timeout: 120_000 }, async () => {
    const seq = service.engine.lastSeq;
    const env = { PATX_WALLET_KEY: consumer.privateKey, PATX_URL: base() };
    const r = await patx(['buy', String(series.id), '2', '--limit', '0.8', '--confirm-above', '1'], env);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`patx: NOT_CONFIRMED: buy 2 of series ${series.id} (${series.spec.contract}) at 0.8000 PAT: 1.6000 PAT, above the confirmation threshold of 1.0000 PAT; not sent (no terminal to confirm on): pass --yes, or raise --confirm-above / PATX_CONFIRM_ABOVE`);
    expect(service.engine.lastSeq).toBe(seq);
    // The default threshold (100 PAT) from the environment's absence; PATX_CONFIRM_ABOVE lowers it.
    const viaEnv = await cli(['buy', String(series.id), '2', '--limit', '0.8'], { PATX_CONFIRM_ABOVE: '1.5' });
    expect(viaEnv.code).toBe(1);
    expect(oneLine(viaEnv)).toMatch(/^patx: NOT_CONFIRMED: /);
    const yes = await cli(['buy', String(series.id), '2', '--limit', '0.8', '--confirm-above', '1', '--yes']);
    expect(yes.code).toBe(0);
    expect(yes.out).toContain('FILLED');
  });

  it('an IOC that fills nothing exits 1 NOT_FILLED, saying the order was cancelled; nothing rests, nothing is paid', async () => {
    const before = availableMicros();
    const r = await cli(['buy', String(series.id), '2', '--limit', '0.7', '--ioc']);
    expect(r.code, r.err).toBe(1);
    const id = Number(/so order (\d+) was cancelled \(IOC\)/.exec(r.err)?.[1]);
    expect(oneLine(r)).toBe(`patx: NOT_FILLED: nothing bought: no offer at 0.7000 PAT or less when the order arrived (the broker's quote moved or was taken), so order ${id} was cancelled (IOC); patx book shows the book now: try again, or pass --limit PRICE to rest in the book`);
    expect(service.engine.orders.get(id)).toBeUndefined();
    expect(availableMicros()).toBe(before);
    const json = await cli(['--json', 'buy', String(series.id), '2', '--limit', '0.7', '--ioc']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.err)).toMatchObject({ error: 'NOT_FILLED' });
  });

  it("a buy's summary says the fee it paid on top, and the total its account moved by (fees under a 10 bps taker rate)", async () => {
    await send(service, { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'fee.takerBps:SPOT', value: 10 });
    try {
      const before = availableMicros();
      const r = await cli(['buy', String(series.id), '2', '--limit', '0.8', '--ioc']);
      expect(r.code, r.err).toBe(0);
      // 2 × 0.8 = 1.6 PAT, and 10 bps of it, 0.0016, on top.
      expect(r.out.split('\n')).toContain('paid 1.6000 PAT for 2 (average 0.8000 PAT), and a fee of 0.0016 PAT: 1.6016 PAT in all');
      expect(before - availableMicros()).toBe(1_601_600);
      const json = JSON.parse((await cli(['--json', 'buy', String(series.id), '1', '--limit', '0.8', '--ioc'])).out) as { feeMicros: number; notionalMicros: number };
      expect(json).toMatchObject({ notionalMicros: 800_000, feeMicros: 800 });
    } finally {
      await send(service, { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'fee.takerBps:SPOT', value: 0 });
    }
  });

  it('buy with no limit: IOC at the protection price, fills at the ask', async () => {
    const r = await cli(['--json', 'buy', String(series.id), '1']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out) as { timeInForce: string; protectedMarket: boolean; fills: { qty: number; priceMicros: number }[]; limitMicros: number };
    expect(o).toMatchObject({ timeInForce: 'IOC', protectedMarket: true, fills: [{ qty: 1, priceMicros: 800_000 }] });
    expect(o.limitMicros).toBeGreaterThanOrEqual(800_000);
  });

  it("buy with no limit keeps within the risk band around the reference: it fills where the ask plus the band would be refused, and says so when the ask lies past it", async () => {
    const reference = service.engine.series[series.id]!.referencePriceMicros;
    const setBand = (value: number) => send(service, { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.priceBandBps', value });
    const setReference = (priceMicros: number) => send(service, { kind: CommandKind.SET_REFERENCE_PRICE, actor: SYSTEM_ACTOR, seriesId: series.id, priceMicros });
    await setBand(2_000); // the service's default (src/app/config.ts); this test's market runs with none
    try {
      // Reference 0.68: the band's edge is 0.816, below the ask (0.8) plus 5% (0.84), which the exchange would refuse PRICE_OUTSIDE_BAND.
      await setReference(680_000);
      const r = await cli(['--json', 'buy', String(series.id), '1']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ limitMicros: 816_000, fills: [{ qty: 1, priceMicros: 800_000 }] });
      // The reference moves between the CLI's read of the book and the order's entry (0.68 → 0.67, the edge 0.816 → 0.804):
      // the first order is refused PRICE_OUTSIDE_BAND with nothing entered, the CLI reads again and sends once more, at 0.804.
      await setReference(680_000);
      const realFetch = globalThis.fetch;
      let reads = 0;
      const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const res = await realFetch(input, init);
        if (url.endsWith(`/v1/series/${series.id}`) && ++reads === 1) await setReference(670_000);
        return res;
      });
      let moved: Awaited<ReturnType<typeof cli>>;
      try {
        moved = await cli(['--json', 'buy', String(series.id), '1']);
      } finally {
        spy.mockRestore();
      }
      expect(reads).toBe(2);
      expect(moved.code, moved.err).toBe(0);
      expect(JSON.parse(moved.out)).toMatchObject({ limitMicros: 804_000, fills: [{ qty: 1, priceMicros: 800_000 }] });
      // Reference 0.6: the edge (0.72) is below the ask itself: nothing can fill now, and the refusal says why.
      await setReference(600_000);
      const before = availableMicros();
      const far = await cli(['buy', String(series.id), '1']);
      expect(far.code).toBe(1);
      expect(oneLine(far)).toMatch(/^patx: NOT_FILLED: nothing bought: no offer at 0\.7200 PAT or less when the order arrived \(the best offer is above the prices the exchange takes orders at now \(the risk band around the reference price\), until the reference follows\)/);
      expect(availableMicros()).toBe(before);
      // A limit past the band is refused, and the refusal says how far a buy may go now (a user could not tell).
      const past = await cli(['buy', String(series.id), '1', '--limit', '0.8']);
      expect([past.code, oneLine(past)]).toEqual([1, 'patx: PRICE_OUTSIDE_BAND: the exchange refused the order: too far from the reference price, 0.6000 PAT, so a buy is taken up to 0.7200 PAT now (±20%)']);
    } finally {
      await setReference(reference > 0 ? reference : 800_000);
      await setBand(0);
    }
  });

  it('exercise returns a grant with its delivery endpoint; download writes the records to --out and a summary on stderr', { timeout: 60_000 }, async () => {
    // --listing names whose rights: a listing that is not the series' is refused by name, nothing exercised.
    const notHere = await cli(['exercise', String(series.id), '2', '--listing', '999999']);
    expect(notHere.code).toBe(1);
    expect(oneLine(notHere)).toMatch(/^patx: LISTING_NOT_IN_SERIES: the exchange refused the exercise: listing 999999 is no provider's listing of this series' segment/);
    const ex = await cli(['exercise', String(series.id), '2']);
    expect(ex.err).toBe('');
    expect(ex.code).toBe(0);
    expect(ex.out.split('\n')[0]).toMatch(new RegExp(`^exercise \\d+: 2 right\\(s\\) of series ${series.id}, 1 signed access grant\\(s\\)$`));
    expect(ex.out).toMatch(/^GRANT\s+LISTING\s+QTY\s+EXPIRES\s+TERMS\s+DELIVERY ENDPOINT$/m);
    expect(ex.out).toContain(market.server.endpoint);
    const grantId = Number(/^next: patx download (\d+) --out records\.jsonl$/m.exec(ex.out)![1]);

    const out = path.join(dir, 'records.jsonl');
    const d = await cli(['download', String(grantId), '--out', out, '--qty', '1']);
    expect(d.code, d.err).toBe(0);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { intent_score: unknown });
    expect(records.length).toBeGreaterThan(0);
    // The records are of the band the right was bought in (a 0.70-0.85 right delivers no 0.95: the dearer band's), scores as numbers.
    const band = parseContractKey(series.spec.contract);
    for (const r of records) {
      expect(typeof r.intent_score).toBe('number');
      expect(r.intent_score as number).toBeGreaterThanOrEqual(band.confidenceLoBps / 10_000);
      expect(r.intent_score as number).toBeLessThan(band.confidenceHiBps / 10_000);
    }
    expect(d.err.trim()).toMatch(new RegExp(`^grant ${grantId}: ${records.length} record\\(s\\) of listing \\d+ v\\d+ for 1 right\\(s\\) from .* into ${out.replace(/[.]/g, '\\.')}; 1 right\\(s\\) left; receipt accepted$`));
    // The rest by series (the contract's current spot series), to stdout.
    const rest = await cli(['download', '--series', series.spec.contract]);
    expect(rest.code, rest.err).toBe(0);
    expect(rest.out.trim().split('\n').length).toBeGreaterThan(0);
    const used = await cli(['download', String(grantId)]);
    expect(used.code).toBe(1);
    expect(oneLine(used)).toMatch(/^patx: GRANT_USED: /);
    // grants: the exchange's count of what was used and is left (GET /v1/grants/mine), newest first.
    const listed = await cli(['--json', 'grants']);
    expect(listed.code, listed.err).toBe(0);
    const line = (JSON.parse(listed.out) as { grants: Array<{ grantId: number }> }).grants.find((g) => g.grantId === grantId);
    expect(line).toMatchObject({ grantId, seriesId: series.id, unit: 'rights', total: 2, used: 2, left: 0, escrow: expect.any(String), refundMicros: null });
    const text = await cli(['grants', '--limit', '1']);
    expect(text.out.split('\n')[0]!.split(/\s{2,}/)).toEqual(['GRANT', 'SERIES', 'LISTING', 'UNIT', 'USED', 'LEFT', 'OF', 'EXPIRES', 'ESCROW', 'REFUND PAT']);
  });

  it('download --format parquet and csv: a file typed by the listing, its signed statement inside or beside it, receipted; --check checks it again', { timeout: 60_000 }, async () => {
    expect((await cli(['buy', String(series.id), '2', '--limit', '0.8', '--ioc'])).code).toBe(0);
    const ex = await cli(['exercise', String(series.id), '2']);
    expect(ex.code, ex.err).toBe(0);
    const grantId = Number(/^next: patx download (\d+)/m.exec(ex.out)![1]);

    const parquet = path.join(dir, 'records.parquet');
    const p = await cli(['download', String(grantId), '--format', 'parquet', '--out', parquet, '--qty', '1']);
    expect(p.code, p.err).toBe(0);
    expect(p.out).toBe(''); // the records are in the file
    expect(p.err.trim()).toMatch(new RegExp(`^grant ${grantId}: 25 record\\(s\\) of listing \\d+ v\\d+ for 1 right\\(s\\) from .* into ${parquet.replace(/[.]/g, '\\.')} \\(its signed statement inside\\); 1 right\\(s\\) left; receipt accepted$`));
    const bytes = readFileSync(parquet);
    const rows = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer })) as Record<string, unknown>[];
    expect(rows).toHaveLength(25);
    expect(typeof rows[0]!.intent_score).toBe('number');

    const csv = path.join(dir, 'records.csv');
    const c = await cli(['--json', 'download', String(grantId), '--format', 'csv', '--out', csv]);
    expect(c.code, c.err).toBe(0);
    expect(JSON.parse(c.err)).toMatchObject({ grantId, rightsUsed: 1, records: 25, remaining: 0, receipt: 'accepted', file: csv, statement: `${csv}.statement.json` });
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('event_time,household_hash,make,region,intent_score');

    for (const file of [parquet, csv]) {
      const checked = await cli(['download', '--check', file]);
      expect(checked.code, checked.err).toBe(0);
      expect(checked.out.trim()).toBe(`${file}: 25 record(s) of grant ${grantId}, as the provider ${new Wallet(DEMO_PROVIDER_KEY).address} signed for consumer ${consumer.address}`);
    }
    // A JSON-lines download keeps no statement to check again: the refusal says how to keep one.
    const lines = await cli(['download', '--check', path.join(dir, 'records.jsonl')]);
    expect(lines.code).toBe(1);
    expect(oneLine(lines)).toMatch(/^patx: FILE_NOT_VERIFIED: .*records\.jsonl: not a \.csv, \.ndjson or \.parquet file: a JSON-lines download is checked against the statement as it arrives and keeps none; download with --format ndjson/);
    const bad = await cli(['download', String(grantId), '--format', 'xlsx']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected one of ndjson, csv, parquet/);
  });

  it('claim: a grant not served is claimed by id (the exchange holds the claim), once; a dispute needs a delivery to dispute, a delivered grant no claim; a bad reason exits 2', { timeout: 60_000 }, async () => {
    expect((await cli(['buy', String(series.id), '4', '--limit', '0.8', '--ioc'])).code).toBe(0);
    const exercised = async (): Promise<number> => {
      const ex = await cli(['exercise', String(series.id), '1']);
      expect(ex.code, ex.err).toBe(0);
      return Number(/^next: patx download (\d+)/m.exec(ex.out)![1]);
    };
    const unserved = await exercised();
    // A dispute says what was wrong with a delivery the provider evidences: here nothing does, so a claim is the way.
    const noEvidence = await cli(['claim', String(unserved), '--reason', 'missing-records']);
    expect(noEvidence.code).toBe(1);
    expect(oneLine(noEvidence)).toMatch(/^patx: NO_EVIDENCE: /);
    const claim = await cli(['claim', String(unserved)]);
    expect(claim.code, claim.err).toBe(0);
    expect(claim.out.trim()).toMatch(new RegExp(`^claim filed on grant ${unserved}: refunded at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC for the rights nothing evidences, unless the provider delivers by then \\(patx grants shows its escrow\\)$`));
    const again = await cli(['claim', String(unserved)]);
    expect(again.code).toBe(1);
    expect(oneLine(again)).toMatch(/^patx: CLAIM_EXISTS: /);
    expect(service.engine.escrow.grants.get(unserved)!.claimedAtMs).toBeGreaterThan(0);
    // grants shows the claim waiting on the provider, and when it is refunded (it said only "held").
    const claimed = JSON.parse((await cli(['--json', 'grants'])).out) as { grants: Array<{ grantId: number; escrow: string }> };
    expect(claimed.grants.find((g) => g.grantId === unserved)?.escrow).toMatch(/^held, claimed: refunded \d{4}-\d\d-\d\d \d\d:\d\d UTC unless delivered$/);

    // Refunded, with no grace: what the provider was paid for the right reaches the consumer; grants shows that, not the
    // price the consumer paid the broker (the difference is the refund's shortfall, docs/delivery.md "A refund").
    // The service's escrow sweep (every 5 s) may resolve the claim, due at once, before the command below does: either way
    // one CLAIM_RESOLVED for the grant is released, and it is the one read.
    const resolutions: ClaimResolved[] = [];
    service.sequencer.onRelease((batch) => {
      for (const e of batch.events) if (e.type === EventType.CLAIM_RESOLVED) resolutions.push(e);
    });
    await send(service, { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.claimGraceMs', value: 0 });
    const quick = await exercised();
    const before = availableMicros(); // filing the claim moves nothing
    expect((await cli(['claim', String(quick)])).code).toBe(0);
    if (service.engine.escrow.grants.has(quick)) await send(service, { kind: CommandKind.RESOLVE_CLAIM, actor: SYSTEM_ACTOR, grantId: quick });
    await send(service, { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.claimGraceMs', value: 3_600_000 });
    const resolved = resolutions.find((e) => e.grantId === quick);
    expect(resolved).toMatchObject({ refundMicros: 800_000 });
    const paid = resolved!.fromHeldMicros + resolved!.fromProviderMicros;
    expect(paid).toBeLessThan(800_000); // the demo provider sold to the broker below its 0.8 ask
    expect(availableMicros() - before).toBe(paid);
    const listed = JSON.parse((await cli(['--json', 'grants', '--limit', '1'])).out) as { grants: Array<{ grantId: number; escrow: string; refundMicros: number | null }> };
    expect(listed.grants[0]).toMatchObject({ grantId: quick, escrow: 'refunded', refundMicros: paid, used: 0, left: 0 });
    // Refunded rights are not downloaded: refused here by name, before the provider's gate (which refuses them REVOKED) is asked.
    const refundedDownload = await cli(['download', String(quick)]);
    expect(refundedDownload.code).toBe(1);
    expect(oneLine(refundedDownload)).toBe(`patx: GRANT_REFUNDED: grant ${quick} has nothing left: of its 1 right(s), 0 served and 1 refunded to you`);

    // Delivered (the download's receipt is the evidence): a claim is refused by name, a dispute says what was wrong.
    const served = await exercised();
    expect((await cli(['download', String(served), '--out', path.join(dir, 'served.jsonl')])).code).toBe(0);
    const refused = await cli(['claim', String(served)]);
    expect(refused.code).toBe(1);
    expect(oneLine(refused)).toMatch(/^patx: (ALREADY_DELIVERED|EVIDENCE_OF_DELIVERY): /);
    const bad = await cli(['claim', String(served), '--reason', 'late']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected one of not-received, missing-records, nonconforming/);

    // Downloaded with --no-receipt: nothing is confirmed or paid, and once the provider's report evidences the delivery
    // the consumer disputes it (with a receipt the rights count as delivered: ALREADY_DELIVERED above).
    const kept = await exercised();
    const unreceipted = await cli(['download', String(kept), '--no-receipt', '--out', path.join(dir, 'kept.jsonl')]);
    expect(unreceipted.code, unreceipted.err).toBe(0);
    expect(unreceipted.err).toMatch(new RegExp(`; receipt not sent \\(--no-receipt\\): patx claim ${kept} --reason nonconforming\\|missing-records disputes it until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC; otherwise the provider is paid when that window ends\n$`));
    expect(readFileSync(path.join(dir, 'kept.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThan(0);
    const escrow = service.engine.escrow.grants.get(kept)!;
    await until(() => escrow.evidencedQty > 0, "the provider's report of the download", 10_000);
    expect(escrow.undeliveredQty).toBe(1); // no receipt: nothing confirmed, nothing released
    // A claim that nothing arrived is refused with the command that disputes it instead (not the API's body).
    const evidenced = await cli(['claim', String(kept)]);
    expect([evidenced.code, oneLine(evidenced)]).toEqual([1, expect.stringMatching(new RegExp(`^patx: EVIDENCE_OF_DELIVERY: .*dispute it: patx claim ${kept} --reason missing-records \\(or --reason nonconforming\\)`))]);
    const disputed = await cli(['claim', String(kept), '--reason', 'nonconforming']);
    expect(disputed.code, disputed.err).toBe(0);
    expect(disputed.out).toMatch(new RegExp(`^dispute filed on grant ${kept} \\(nonconforming; the provider evidences 1 delivered\\)`));
    expect(escrow.disputed).toBe(true);
  });

  it("with --org, the next commands it prints carry --org and work as printed: the rights and the order are the organisation's", { timeout: 60_000 }, async () => {
    expect((await cli(['org', 'create', 'CLI Hints'])).code).toBe(0);
    expect((await cli(['org', 'fund', '10'])).code).toBe(0);
    const asPrinted = (out: string, pattern: RegExp): string[] => pattern.exec(out)![1]!.split(' ');
    const bought = await cli(['buy', String(series.id), '1', '--limit', '0.8', '--ioc', '--org']);
    expect(bought.code, bought.err).toBe(0);
    expect(bought.out).toMatch(nextExercise(`${series.id} 1 --org`));
    // Without --org the wallet's own account would be asked for rights it does not hold (INSUFFICIENT_RIGHTS).
    const exercised = await cli(asPrinted(bought.out, /^next: patx (.*?)(?: before .*)?$/m));
    expect(exercised.code, exercised.err).toBe(0);
    expect(exercised.out).toMatch(/^next: patx download \d+ --org --out records\.jsonl$/m);
    const out = path.join(dir, 'org-hint.jsonl');
    const downloaded = await cli([...asPrinted(exercised.out, /^next: patx (download \d+ --org) --out/m), '--out', out]);
    expect(downloaded.code, downloaded.err).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').length).toBeGreaterThan(0);

    const rested = await cli(['buy', String(series.id), '2', '--limit', '0.41', '--org']);
    expect(rested.code, rested.err).toBe(0);
    const amended = await cli([...asPrinted(rested.out, /\(patx (amend \d+ --org) changes it/), '--qty', '1']);
    expect(amended.code, amended.err).toBe(0);
    expect(amended.out).toMatch(/^open 1 \(0 filled\): patx orders --org lists it$/m);
    const cancel = asPrinted(rested.out, /, patx (cancel \d+ --org) cancels it\)/);
    const cancelled = await cli(cancel);
    expect(cancelled.code, cancelled.err).toBe(0);
    expect(cancelled.out).toMatch(/^cancelled order \d+: 1 not filled cancelled/);
  });

  it('download --series keeps what came when a later grant fails: the records of the grants before it are written and summed up, then the failure is told (exit 1)', { timeout: 60_000 }, async () => {
    expect((await cli(['buy', String(series.id), '4', '--limit', '0.8', '--ioc'])).code).toBe(0);
    for (let i = 0; i < 2; i++) expect((await cli(['exercise', String(series.id), '2'])).code).toBe(0);
    // The provider goes away between two grants of one download: its second request goes to a port nobody listens
    // on (a real refused connection; the test cannot time the real server's death between two requests of the CLI's).
    const gone = `http://127.0.0.1:${await freePort()}/records`;
    const gate = market.server.endpoint;
    const realFetch = globalThis.fetch;
    const gateCalls: string[] = [];
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith(gate)) return realFetch(input, init);
      gateCalls.push(url);
      return realFetch(gateCalls.length === 1 ? input : gone, init);
    });
    const out = path.join(dir, 'partial.jsonl');
    let r: Awaited<ReturnType<typeof cli>>;
    try {
      r = await cli(['download', '--series', String(series.id), '--out', out]);
    } finally {
      spy.mockRestore();
    }
    expect(gateCalls.length).toBe(2);
    expect(r.code).toBe(1);
    // The first grant with rights left (the oldest: here the claim test's, or the first of the two above) came whole.
    const lines = r.err.split('\n').filter((l) => l !== '');
    const first = new RegExp(`^grant \\d+: (\\d+) record\\(s\\) of listing \\d+ v\\d+ for (\\d+) right\\(s\\) from .* into ${out.replace(/[.]/g, '\\.')}; 0 right\\(s\\) left; receipt accepted$`).exec(lines[0]!);
    expect(first, lines[0]).not.toBeNull();
    const records = readFileSync(out, 'utf8').trim().split('\n');
    expect(records.length).toBe(Number(first![1]));
    expect(records.length).toBe(25 * Number(first![2])); // the demo listing's 25 records a right
    expect(lines[1]).toMatch(/^patx: PROVIDER_UNREACHABLE: /);
    expect(lines).toHaveLength(2);
  });

  it("balance tells an unverified provider its payouts are held (its withdrawals would be refused PAYOUT_HELD_UNVERIFIED), in words and in --json", async () => {
    const held = service.engine.risk.payoutRequiresVerification;
    await send(service, { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.payoutRequiresVerification', value: 1 });
    try {
      const asProvider = { PATX_WALLET_KEY: DEMO_PROVIDER_KEY };
      const text = await cli(['balance'], asProvider);
      expect(text.code, text.err).toBe(0);
      expect(text.out).toMatch(/^account \d+ \(PROVIDER\) /);
      expect(text.out).toMatch(/payouts held: withdrawals beyond your own deposits \([\d.]+ PAT may leave\) wait until the operator verifies your identity/);
      expect(JSON.parse((await cli(['--json', 'balance'], asProvider)).out)).toMatchObject({ role: 'PROVIDER', payoutsHeld: true });
      expect((await cli(['balance'])).out).not.toContain('payouts held'); // a consumer's
    } finally {
      await send(service, { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.payoutRequiresVerification', value: held });
    }
  });

  it("provider open makes a fresh wallet a provider's account; a consumer's cannot become one; any other first login says it opened a consumer's", async () => {
    const fresh = Wallet.createRandom();
    const opened = await cli(['provider', 'open'], { PATX_WALLET_KEY: fresh.privateKey });
    expect(opened.code, opened.err).toBe(0);
    expect(opened.out).toMatch(new RegExp(`^opened account (\\d+) \\(PROVIDER\\) for ${fresh.address}; next: `));
    const id = Number(/account (\d+)/.exec(opened.out)![1]);
    expect(service.engine.accounts[id]?.role).toBe(2); // PROVIDER
    expect((await cli(['provider', 'open'], { PATX_WALLET_KEY: fresh.privateKey })).out).toMatch(/^already open: account \d+ \(PROVIDER\)/);

    // A command that only reads opens nothing: a would-be provider checking its balance first keeps its wallet.
    const other = Wallet.createRandom();
    for (const command of [['balance'], ['positions'], ['orders'], ['cancel', '--all'], ['exercise', String(series.id), '1']]) {
      const looked = await cli(command, { PATX_WALLET_KEY: other.privateKey });
      expect(looked.code, command.join(' ')).toBe(1);
      expect(oneLine(looked)).toBe(`patx: NO_ACCOUNT: ${other.address} has no account at this exchange yet, and this command opens none: patx account open opens a consumer's (so does a first deposit, buy or subscription), patx provider open a data provider's (an account keeps the role it opened with)`);
    }
    expect(service.engine.accountIdByAddress.get(other.address.toLowerCase())).toBeUndefined();
    // account open opens a consumer's on purpose (an invitee's wallet, before its invitation), and says so once.
    const third = Wallet.createRandom();
    const opened3 = await cli(['account', 'open'], { PATX_WALLET_KEY: third.privateKey });
    expect([opened3.code, opened3.err]).toEqual([0, '']);
    expect(opened3.out.trim()).toMatch(new RegExp(`^opened account \\d+ \\(CONSUMER\\) for ${third.address}$`));
    expect((await cli(['account', 'open'], { PATX_WALLET_KEY: third.privateKey })).out).toMatch(/^already open: account \d+ \(CONSUMER\)/);
    expect((await cli(['account', 'open'], { PATX_WALLET_KEY: fresh.privateKey })).out).toMatch(/^already open: account \d+ \(PROVIDER\)/);
    // A buy opens a consumer's account, and says so once.
    const first = await cli(['buy', String(series.id), '1', '--limit', '0.41'], { PATX_WALLET_KEY: other.privateKey });
    expect(first.code).toBe(1); // no PAT yet: INSUFFICIENT_BALANCE, but the account is open
    expect(first.err).toContain(`patx: opened account`);
    expect(first.err).toContain(`as a consumer for ${other.address} (its first login; an account keeps its role: a data provider opens its own with \`patx provider open\``);
    expect((await cli(['balance'], { PATX_WALLET_KEY: other.privateKey })).err).toBe(''); // said once, at the opening
    const refused = await cli(['provider', 'open'], { PATX_WALLET_KEY: other.privateKey });
    expect(refused.code).toBe(1);
    expect(oneLine(refused)).toMatch(/^patx: NOT_A_PROVIDER: 0x[0-9a-fA-F]{40} has account \d+ already, as a consumer: /);
  });

  it('provider statement reads the provider\'s payout statement from the exchange, wallet-signed: a typed refusal when settlement is off, as here; a table of batches and months otherwise', async () => {
    const off = await cli(['provider', 'statement'], { PATX_WALLET_KEY: DEMO_PROVIDER_KEY });
    expect(off.code).toBe(1);
    expect(oneLine(off)).toMatch(/^patx: SETTLEMENT_UNAVAILABLE: /);
    expect((await cli(['provider', 'statement', '--month', '2026-13'], { PATX_WALLET_KEY: DEMO_PROVIDER_KEY })).code).toBe(2);
    const text = statementText({
      entries: [{ batchId: 7, settledAtMs: Date.UTC(2026, 10, 30, 22, 10), fills: 3, qty: 6, grossMicros: 7_127_000, netWei: '7127000000000000000', escrow: { heldMicros: 7_127_000, releasedMicros: 2_590_500, refundedMicros: 0 } }],
      payouts: { verifiedProvider: false, held: true, heldWei: '0' },
      months: [{ month: '2026-11', batches: 1, netWei: '7127000000000000000', withdrawals: { count: 0, amountWei: '0' }, heldWei: '7127000000000000000' }],
    });
    expect(text.split('\n')[1]!.split(/\s{2,}/)).toEqual(['7', '2026-11-30 22:10 UTC', '3', '6', '7.1270', '0.0000', '7.1270', '2.5905', '0.0000', '7.1270']);
    expect(text).toContain('2026-11  1        7.1270');
    expect(text).toMatch(/payouts held: your sales' proceeds wait until the operator verifies your identity/);
  });

  it('without a wallet: NO_WALLET in one line; book needs none', async () => {
    const r = await cli(['balance'], { PATX_WALLET_KEY: undefined });
    expect(r.code).toBe(1);
    expect(oneLine(r)).toBe('patx: NO_WALLET: name exactly one wallet: PATX_WALLET_KEY, --key-file FILE, or --dev-key N (the local demo chain)');
    expect((await cli(['book', String(series.id)], { PATX_WALLET_KEY: undefined })).code).toBe(0);
  });

  it('--until rests a GTD order, --post-only only rests, --fok fills all or nothing; amend changes an open order, keeping its place only when its size falls', async () => {
    const before = availableMicros();
    // Two hours, or less in a window's last hours: an --until past the close is said apart (below), whatever the time of day.
    const untilMin = Math.max(1, Math.min(120, Math.floor((series.spec.closeAtMs - Date.now()) / 120_000)));
    const gtd = await cli(['buy', String(series.id), '3', '--limit', '0.41', '--until', `${untilMin}m`, '--post-only']);
    expect(gtd.code, gtd.err).toBe(0);
    const id = Number(/^order (\d+):/.exec(gtd.out)![1]);
    const resting = service.engine.orders.get(id)!;
    expect([resting.tif, resting.postOnly, resting.priceMicros, resting.leavesQty]).toEqual([2, true, 410_000, 3]); // GTD
    const lapse = (service.engine as unknown as { expiries: { peekTime(): number } }).expiries.peekTime();
    expect(Math.abs(lapse - (Date.now() + untilMin * 60_000))).toBeLessThan(60_000);
    expect(gtd.out).toContain(`, limit 0.4100 PAT, GTD until ${new Date(lapse).toISOString().slice(0, 19).replace('T', ' ')} UTC, post-only: NEW`);
    // `patx orders` says when it lapses (the exchange's OrderView carries it: the engine keeps it in its expiry queue).
    expect((await cli(['orders'])).out.split('\n')[1]!.split(/\s{2,}/)).toEqual([String(id), String(series.id), series.spec.contract, 'BUY', 'GTD post-only', '0.4100', '3', '0', '3', utcSeconds(lapse)]);
    expect(JSON.parse((await cli(['--json', 'orders'])).out).orders.find((o: { orderId: number }) => o.orderId === id)).toMatchObject({ type: 'GTD post-only', untilMs: lapse });
    // Past the window's close: it says the close comes first (the order is cancelled then).
    const late = await cli(['buy', String(series.id), '1', '--limit', '0.4', '--until', '300d']);
    expect(late.out).toContain(`(the window closes first, at ${new Date(series.spec.closeAtMs).toISOString().slice(0, 19).replace('T', ' ')} UTC: it is cancelled then)`);
    await cli(['cancel', /^order (\d+):/.exec(late.out)![1]!]);

    // Refusals by name, nothing entered or paid: a post-only at the ask would take; 60 is more than the ask holds.
    const crossing = await cli(['buy', String(series.id), '1', '--limit', '0.9', '--post-only']);
    expect([crossing.code, oneLine(crossing)]).toEqual([1, 'patx: POST_ONLY_WOULD_CROSS: the exchange refused the order: post-only: at that price the order would take from the book instead of resting; nothing was entered']);
    const fok = await cli(['buy', String(series.id), '60', '--limit', '0.8', '--fok', '--yes']);
    expect([fok.code, oneLine(fok)]).toEqual([1, 'patx: FOK_NOT_FILLABLE: the exchange refused the order: fill or kill: the book does not hold the whole quantity at that price or better now, so nothing traded (patx book shows it)']);
    expect(availableMicros()).toBe(before - 3 * 410_000);
    // Flags that do not go together, or a time passed: usage errors, nothing sent.
    for (const args of [['--limit', '0.4', '--ioc', '--fok'], ['--until', '2h'], ['--limit', '0.4', '--until', '2020-01-01T00:00Z'], ['--limit', '0.4', '--until', 'soon'], ['--limit', '0.4', '--until', '2099-02-30T12:00Z'], ['--post-only'], ['--limit', '0.4', '--ioc', '--post-only']]) {
      expect((await cli(['buy', String(series.id), '1', ...args])).code, args.join(' ')).toBe(2);
    }

    // Amend: a smaller size keeps its place; a new limit re-enters; the same is refused by name; one not open too.
    // A large amend is confirmed as a large order is: refused with no terminal and no --yes, nothing changed.
    const large = await cli(['amend', String(id), '--qty', '300']);
    expect([large.code, oneLine(large)]).toEqual([1, `patx: NOT_CONFIRMED: amend order ${id} to 300 at 0.4100 PAT (series ${series.id}): 123.0000 PAT, above the confirmation threshold of 100.0000 PAT; not sent (no terminal to confirm on): pass --yes, or raise --confirm-above / PATX_CONFIRM_ABOVE`]);
    expect(service.engine.orders.get(id)!.orderQty).toBe(3);
    const smaller = await cli(['amend', String(id), '--qty', '2']);
    expect(smaller.out.split('\n')).toEqual([`amended order ${id}: BUY 2 of series ${series.id} at 0.4100 PAT, its place in the queue kept (only its size fell)`, 'open 2 (0 filled): patx orders lists it']);
    expect(availableMicros()).toBe(before - 2 * 410_000);
    const dearer = await cli(['amend', String(id), '--limit', '0.42']);
    expect(dearer.out.split('\n')[0]).toBe(`amended order ${id}: BUY 2 of series ${series.id} at 0.4200 PAT, back in the book as a new order would be (its place in the queue lost)`);
    expect(JSON.parse((await cli(['--json', 'amend', String(id), '--qty', '1'])).out)).toMatchObject({ orderId: id, seriesId: series.id, contract: series.spec.contract, kind: 'SPOT', qty: 1, priorityKept: true });
    expect(service.engine.orders.get(id)!.priceMicros).toBe(420_000);
    const same = await cli(['amend', String(id), '--limit', '0.42']);
    expect([same.code, oneLine(same)]).toEqual([1, `patx: AMEND_NO_CHANGE: the exchange refused the amend of order ${id}: that is its limit and size already`]);
    expect((await cli(['amend', String(id)])).code).toBe(2);
    expect((await cli(['amend', String(id), '--qty', '0'])).code).toBe(2);
    expect(oneLine(await cli(['amend', '999999', '--qty', '1']))).toMatch(/^patx: UNKNOWN_ORDER: order 999999 is not one of your open orders/);
    // At the ask it is no longer post-only-safe: refused; as the only change of a plain order, it trades.
    const taking = await cli(['amend', String(id), '--limit', '0.8']);
    expect([taking.code, oneLine(taking)]).toEqual([1, `patx: POST_ONLY_WOULD_CROSS: the exchange refused the amend of order ${id}: it is post-only, and at that price it would take from the book`]);
    await cli(['cancel', String(id)]);
    const plain = await cli(['buy', String(series.id), '2', '--limit', '0.41']);
    const plainId = Number(/^order (\d+):/.exec(plain.out)![1]);
    const filled = await cli(['amend', String(plainId), '--limit', '0.8']);
    expect(filled.out.split('\n')).toEqual([`amended order ${plainId}: BUY 2 of series ${series.id} at 0.8000 PAT, back in the book as a new order would be (its place in the queue lost)`, '  filled 2 @ 0.8000 PAT', 'filled in full (2): nothing rests']);
    expect(service.engine.orders.get(plainId)).toBeUndefined();
    // A contract names its spot series, which has no settlements or margin events: said, not "none in series N".
    for (const command of ['margin', 'settlements']) {
      const byContract = await cli([command, '--series', series.spec.contract]);
      expect([byContract.code, oneLine(byContract)], command).toEqual([2, `patx: USAGE: --series '${series.spec.contract}' names that contract's spot series, which settles no cash: name the synthetic's or the option's series id (patx positions lists yours)`]);
    }
  });
});
