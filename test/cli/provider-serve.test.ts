/**
 * `patx provider serve` (src/cli/provider-serve.ts): a provider's own records at its listing's delivery
 * endpoint, serve only. Real parts: a quiet service on loopback (LMDB, uWS, the grant ledger, HTTP;
 * settlement off), a provider that opens its account with the CLI; `patx provider serve` in a child node
 * (a long-running command, stopped with SIGINT), started before the provider lists; its listing made
 * with the CLI meanwhile (its deliveryEndpoint the serve command's URL), published by the operator, its
 * rights minted and sold to the broker (the gate learns of the listing at its first request); a
 * consumer that buys, exercises and downloads with src/client (JSON and a CSV file), its receipts
 * accepted by the exchange. What it asserts: the records are the file's rows (typed by the listing's
 * schema), in the band of the contract the right was bought in (--score-field), a right continuing
 * where the last left off; a band no row falls in is NOT_READY with nothing counted; the gate comes back
 * serve-only on the same data dir with its metering (the grant's last right, then EXHAUSTED); what it
 * prints at start and at Ctrl-C; and the files it refuses to start with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/app/service.js';
import { grantsOfAck, wire, type SignedGrant, type TradingClient } from '../../src/client/index.js';
import { downloadWithGrant } from '../../src/client/delivery.js';
import { downloadRecordFile } from '../../src/client/delivery-file.js';
import { SeriesKind, SeriesStatus, type Series } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { fundedConsumer } from '../support/demo-gate.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { oneLine, patxInProcess, patxNodeArgs } from '../support/patx-cli.js';
import { credit, quietConfig, stockBroker } from '../support/subscription-market.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const provider = Wallet.createRandom();
const consumer = Wallet.createRandom();
let dir: string;
let service: Service;
let base: string;
let trader: TradingClient;
/** AUTO_INTENT|7D|0.70-0.85 and …|0.85-1.00, open now. */
let midBand: Series;
let highBand: Series;
let port: number;
let endpoint: string;
let listingId = 0;
let recordsFile: string;
let gateDir: string;

/** The file's 40 rows: scores 0.55 to 0.84, so 15 (rows 15 to 29) lie in 0.70–0.85 and none in 0.85–1.00. */
const NOW = Date.now();
const FILE_ROWS = Array.from({ length: 40 }, (_, i) => ({ user_id: `u${i}`, score: (55 + (i % 30)) / 100, event_time: new Date(NOW - i * 60_000).toISOString() }));
const IN_MID_BAND = FILE_ROWS.flatMap((r, i) => (r.score >= 0.7 && r.score < 0.85 ? [i] : []));

function cli(args: string[], key = provider.privateKey): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: key, PATX_URL: base });
}

/** `patx provider serve` in a child node, its output gathered; `started` resolves once it says it serves (or rejects if it ended first). */
interface Gate {
  child: ChildProcess;
  out(): string;
  err(): string;
  started: Promise<void>;
  exited: Promise<number | null>;
}

function serveGate(json: boolean, dataDir = gateDir): Gate {
  const args = [...(json ? ['--json'] : []), 'provider', 'serve', '--records', recordsFile, '--port', String(port), '--score-field', 'score', '--data-dir', dataDir];
  const child = spawn(process.execPath, [...patxNodeArgs(), ...args], { cwd: ROOT, env: { ...process.env, PATX_WALLET_KEY: provider.privateKey, PATX_URL: base }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (json ? out.includes('\n') : out.includes('Ctrl-C stops it')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => void (err += chunk.toString('utf8')));
    void exited.then((code) => reject(new Error(`patx provider serve ended (${code}) before serving: ${err}`)));
  });
  return { child, out: () => out, err: () => err, started, exited };
}

async function stopGate(gate: Gate): Promise<number | null> {
  gate.child.kill('SIGINT');
  return gate.exited;
}

let gate: Gate | undefined;

/** `qty` rights bought from the broker at its 0.8 PAT ask and exercised: the grant, once the ledger holds it. */
async function grantOf(series: Series, qty: number, orderId: number): Promise<SignedGrant> {
  const bought = await trader.newOrder({ seriesId: series.id, clientOrderId: orderId, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: 800_000, qty });
  expect(bought.rejectReason ?? 0, JSON.stringify(bought)).toBe(0);
  const grants = grantsOfAck(await trader.exercise(series.id, qty));
  expect(grants).toHaveLength(1);
  expect(grants[0]!.grant.provider.toLowerCase()).toBe(provider.address.toLowerCase());
  await service.grants()!.get(grants[0]!.grant.grantId);
  return grants[0]!;
}

/** Which file row each record is (by its user id), checked equal to that row as the listing's schema types it. */
function fileRowsOf(records: unknown[]): number[] {
  return records.map((r) => {
    const i = FILE_ROWS.findIndex((row) => row.user_id === (r as { user_id?: unknown }).user_id);
    expect(i, JSON.stringify(r)).toBeGreaterThanOrEqual(0);
    return i;
  });
}

/** The rows in the band, in the file's order, from where `first` is, wrapping round: what `count` records of a right must be. */
function bandRun(firstRow: number, count: number): number[] {
  const at = IN_MID_BAND.indexOf(firstRow);
  expect(at).toBeGreaterThanOrEqual(0);
  return Array.from({ length: count }, (_, k) => IN_MID_BAND[(at + k) % IN_MID_BAND.length]!);
}

const nextInBand = (row: number): number => IN_MID_BAND[(IN_MID_BAND.indexOf(row) + 1) % IN_MID_BAND.length]!;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cli-provider-serve-'));
  gateDir = path.join(dir, 'gate');
  service = await startService(quietConfig(dir), createLogger('silent'));
  base = `http://127.0.0.1:${service.gateway.port}`;
  await service.runSchedule();
  const openSpot = (contract: string): Series =>
    service.engine.series
      .filter((s): s is Series => s !== undefined && s.spec.kind === SeriesKind.SPOT && s.status === SeriesStatus.TRADING && s.spec.contract === contract && s.spec.openAtMs <= NOW && NOW < s.spec.closeAtMs)
      .sort((a, b) => b.spec.closeAtMs - a.spec.closeAtMs)[0]!;
  midBand = openSpot('AUTO_INTENT|7D|0.70-0.85');
  highBand = openSpot('AUTO_INTENT|7D|0.85-1.00');
  expect(midBand).toBeDefined();
  expect(highBand).toBeDefined();

  port = await freePort();
  endpoint = `http://127.0.0.1:${port}/records`;
  recordsFile = path.join(dir, 'rows.csv');
  writeFileSync(recordsFile, ['user_id,score,event_time', ...FILE_ROWS.map((r) => `${r.user_id},${r.score.toFixed(2)},${r.event_time}`)].join('\n') + '\n');

  // The provider's account, by the CLI; its listing comes once its gate serves (the test's first step).
  expect((await cli(['provider', 'open'])).code).toBe(0);
  await credit(service, service.engine.brokerId, 10n ** 21n);
  trader = await fundedConsumer(service, `ws://127.0.0.1:${service.gateway.port}/v1/trade`, consumer, 'provider-serve-test');
}, 120_000);

afterAll(async () => {
  if (gate !== undefined && gate.child.exitCode === null) {
    gate.child.kill('SIGKILL');
    await gate.exited;
  }
  await trader?.close().catch(() => undefined);
  await service?.stop();
  removeDir(dir);
});

describe('patx provider serve', () => {
  it('serves the file\'s rows in the right\'s band at the listing\'s endpoint; the receipts are accepted; a band no row is in is NOT_READY', async () => {
    // Started before the provider has a listing: what it says at start (--json): where, how many rows, no listing yet, and that it never mints.
    gate = serveGate(true);
    await gate.started;
    expect(JSON.parse(gate.out().split('\n')[0]!)).toEqual({
      serving: endpoint,
      provider: provider.address,
      records: { file: recordsFile, format: 'csv', rows: 40, scoreField: 'score', scoredRows: 40 },
      listings: [],
      dataDir: gateDir,
      mints: false,
    });
    expect(gate.err()).toBe(`patx: warning: no listing of yours names ${endpoint} as its delivery endpoint yet: consumers are sent to the endpoint their listing names (patx provider listings; a listing's deliveryEndpoint)\n`);

    // Its listing (its sample the same file) naming the gate's endpoint, created and published while the gate runs.
    const template = JSON.parse((await cli(['provider', 'listing', 'template', 'AUTO_INTENT'])).out) as Record<string, unknown>;
    const listingFile = path.join(dir, 'listing.json');
    writeFileSync(listingFile, JSON.stringify({ ...template, title: 'Scored intent, served by patx provider serve', deliveryEndpoint: endpoint }));
    const created = await cli(['provider', 'listing', 'create', '--file', listingFile, '--sample', recordsFile, '--submit']);
    expect(created.code, created.err).toBe(0);
    listingId = Number(/^created listing (\d+)/.exec(created.out)![1]);
    const published = await service.operatorApi.handle({ method: 'POST', path: `/operator/listings/${listingId}/publish`, body: undefined, query: new URLSearchParams(), operator: 'admin' });
    expect(published.status).toBe(200);
    const providerId = service.engine.accountIdByAddress.get(provider.address.toLowerCase())!;
    await until(() => service.engine.accounts[providerId]!.providerListings.has('AUTO_INTENT'), 'the published listing in the engine', 10_000);
    // Minted and sold to the broker, which asks 0.8 PAT, in both bands.
    await stockBroker(service, providerId, midBand.id, 10);
    await stockBroker(service, providerId, highBand.id, 10);

    const grant = await grantOf(midBand, 3, 1);
    // The gate learns of the listing at its first request (NOT_READY, nothing counted, until it has read it): a moment, not a minute.
    let first = await downloadWithGrant(base, consumer, grant, 1, { checkConformance: false });
    for (let tries = 0; first.outcome === 'refused' && first.error === 'NOT_READY' && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      first = await downloadWithGrant(base, consumer, grant, 1, { checkConformance: false });
    }
    // One right as JSON: 25 of the file's rows (not generated ones), as the listing's schema types them, all in 0.70–0.85.
    expect(first.outcome, JSON.stringify(first)).toBe('received');
    if (first.outcome !== 'received') return;
    expect(first.endpoint).toBe(endpoint);
    expect(first.records).toHaveLength(25);
    expect(first.receipt).toMatchObject({ state: 'accepted' });
    const rows = fileRowsOf(first.records);
    for (const [k, r] of first.records.entries()) expect(r).toEqual(FILE_ROWS[rows[k]!]);
    for (const r of first.records as Array<{ score: number }>) {
      expect(r.score).toBeGreaterThanOrEqual(0.7);
      expect(r.score).toBeLessThan(0.85);
    }
    // 15 rows in the band: 25 of them go round, in the file's order.
    expect(rows).toEqual(bandRun(rows[0]!, 25));

    // The next right as a CSV file (the listing's schema): it goes on where the first left off.
    const csv = await downloadRecordFile(base, consumer, grant, 1, { format: 'csv', path: path.join(dir, 'right-2.csv'), checkConformance: false });
    expect(csv.outcome, JSON.stringify(csv)).toBe('received');
    if (csv.outcome !== 'received') return;
    expect(csv.receipt).toMatchObject({ state: 'accepted' });
    const csvRows = fileRowsOf(csv.records);
    expect(csvRows).toEqual(bandRun(nextInBand(rows.at(-1)!), 25));
    for (const [k, r] of csv.records.entries()) expect(r).toMatchObject({ user_id: FILE_ROWS[csvRows[k]!]!.user_id, score: FILE_ROWS[csvRows[k]!]!.score });
    // The exchange has the provider's reports of both deliveries, signed by its key.
    await until(async () => ((await service.grants()!.get(grant.grant.grantId))?.reportedByProvider ?? 0) >= 2, "the provider's delivery reports", 20_000);
    // Its first request, NOT_READY while the gate read the new listing, is not reported against the provider.
    expect(await service.grants()!.get(grant.grant.grantId)).toMatchObject({ refusals: 0 });

    // A right of 0.85–1.00: no row of the file is in it, so nothing is served and nothing counted (NOT_READY), and nothing is reported against the provider.
    const high = await grantOf(highBand, 1, 2);
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await downloadWithGrant(base, consumer, high, 1, { checkConformance: false });
      expect(refused).toMatchObject({ outcome: 'refused', status: 425, error: 'NOT_READY' });
    }
    expect(await service.grants()!.get(high.grant.grantId)).toMatchObject({ reportedByProvider: 0, refusals: 0 });

    // Ctrl-C: it stops cleanly, saying where it served.
    const code = await stopGate(gate);
    expect(code).toBe(0);
    expect(JSON.parse(gate.out().trim().split('\n').at(-1)!)).toMatchObject({ stopped: true, signal: 'SIGINT', serving: endpoint, dataDir: gateDir });

    // Back, serve only, on the same data dir (text output): the grant's last right, then EXHAUSTED (its metering kept).
    gate = serveGate(false);
    await gate.started;
    expect(gate.out().split('\n')).toEqual([
      `serving at ${endpoint} for ${provider.address}`,
      `records: 40 row(s) of ${recordsFile} (CSV), held in memory; rows repeat when a grant asks for more than there are; scores from column 'score' (0 to 1; 40 of 40 rows have one): a right gets only rows in its contract's band`,
      `listings naming this endpoint: ${listingId} (AUTO_INTENT, version 1, published)`,
      'it only serves rights already sold: it never mints, declares capacity or sells',
      `gate state (metering, delivery reports waiting for the exchange): ${gateDir}`,
      'Ctrl-C stops it',
      '',
    ]);
    const last = await downloadWithGrant(base, consumer, grant, 1, { checkConformance: false });
    expect(last.outcome, JSON.stringify(last)).toBe('received');
    if (last.outcome !== 'received') return;
    expect(last.receipt).toMatchObject({ state: 'accepted' });
    expect(last.remaining).toBe(0);
    expect(fileRowsOf(last.records)).toEqual(bandRun(nextInBand(csvRows.at(-1)!), 25));
    expect(await downloadWithGrant(base, consumer, grant, 1, { checkConformance: false })).toMatchObject({ outcome: 'refused', status: 429, error: 'EXHAUSTED' });
    expect(await stopGate(gate)).toBe(0);
    expect(gate.out()).toMatch(new RegExp(`\\nstopped serving at ${endpoint.replace(/[.]/g, '\\.')}`));

    // On a new store (another directory, a lost disk) it starts from the exchange's counts: the used rights are not served again.
    gate = serveGate(false, path.join(dir, 'gate-new'));
    await gate.started;
    expect(await downloadWithGrant(base, consumer, grant, 1, { checkConformance: false })).toMatchObject({ outcome: 'refused', status: 429, error: 'EXHAUSTED' });
    expect(await stopGate(gate)).toBe(0);
  }, 300_000);

  it('refuses to start on a file it cannot serve, or a wallet with no account, in one line', async () => {
    const file = (name: string, text: string): string => {
      const p = path.join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    const refused = async (args: string[], key?: string): Promise<string> => {
      const r = await cli(['provider', 'serve', ...args, '--port', String(port), '--data-dir', path.join(dir, 'unused')], key);
      expect(r.code).not.toBe(0);
      return oneLine(r);
    };
    expect(await refused(['--records', file('empty.jsonl', '\n\n')])).toBe(`patx: USAGE: --records ${path.join(dir, 'empty.jsonl')} has no rows: nothing to serve`);
    expect(await refused(['--records', file('header-only.csv', 'user_id,score\n')])).toBe(`patx: USAGE: --records ${path.join(dir, 'header-only.csv')} has no rows: nothing to serve`);
    expect(await refused(['--records', file('bad.jsonl', '{"user_id":"a"}\n{user_id: b}\n')])).toBe(`patx: USAGE: --records ${path.join(dir, 'bad.jsonl')}: line 2 is not JSON`);
    expect(await refused(['--records', file('ragged.csv', 'a,b\n1,2\n3\n')])).toMatch(/^patx: USAGE: --records .*ragged\.csv is not CSV: /);
    expect(await refused(['--records', file('rows.txt', 'x')])).toBe(`patx: USAGE: --records ${path.join(dir, 'rows.txt')}: a .csv (with a header row), .jsonl or .ndjson file`);
    const bps = file('bps.jsonl', '{"user_id":"a","score":8500}\n{"user_id":"b","score":9100}\n');
    expect(await refused(['--records', bps, '--score-field', 'score'])).toBe(`patx: USAGE: --score-field score: no row of ${bps} has a number from 0 to 1 there (scores are read as fractions, 0.85, not basis points or percent)`);
    expect(await refused(['--records', bps, '--score-field', 'confidence'])).toBe(`patx: USAGE: --score-field confidence: no row of ${bps} has that column`);
    expect(await refused(['--records', recordsFile], Wallet.createRandom().privateKey)).toMatch(/^patx: NO_ACCOUNT: 0x[0-9a-fA-F]{40} has no account at this exchange/);
  }, 60_000);
});
