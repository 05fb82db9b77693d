/**
 * Downloads as files (docs/delivery.md, "Downloads as files"; issue 81 item 5): with the running
 * service and the demo provider's server (`npm start`'s wiring: its listings' schemas), a
 * consumer buys 4 rights and lands one right each as Parquet, CSV and NDJSON, and the last as
 * the JSON answer. Each file is typed by the listing's schema (the demo's scores, strings in
 * the JSON answer, are numbers in the files), checked by the client against the provider's
 * signed statement, receipted (the grant counts each right delivered) and sent as conformance
 * evidence; Parquet carries the statement in its metadata, CSV and NDJSON beside them; each
 * checks again offline, and a changed cell does not. A format refused (unknown, a listing with
 * no schema here, more records than a file may carry) counts nothing: the same signed request
 * is served afterwards. Real service (LMDB, uWS, the grant ledger), real HTTP on 127.0.0.1,
 * real signatures; settlement off.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRecordFile, downloadRecordFile, downloadWithGrant, grantsOfAck, TradingClient, wire, type FileStatement, type SignedGrant } from '../../src/client/index.js';
import { signGateRequest, DELIVERY_HEADER, PARQUET_DELIVERY_KEY } from '../../src/gate/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { fundedConsumer, startDemoGateService, type DemoGateService } from '../support/demo-gate.js';

const logger = createLogger('silent');
let x: DemoGateService;
let dir: string;
let service: Service;
let server: ProviderServer;
let trader: TradingClient;
const consumer = Wallet.createRandom();
const provider = new Wallet(DEMO_PROVIDER_KEY).address;
const base = () => x.base;
let seriesId: number;

beforeAll(async () => {
  x = await startDemoGateService('record-files', { logger, stock: { mint: 10, sell: 5 } });
  ({ dir, service, server, seriesId } = x);
  trader = await fundedConsumer(service, x.wsUrl, consumer, 'record-files-test');
});

afterAll(async () => {
  await trader?.close().catch(() => undefined);
  await x?.close();
});

let clientOrderId = 0;

async function newGrant(qty: number): Promise<SignedGrant> {
  const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
  await trader.newOrder({ seriesId, clientOrderId: ++clientOrderId, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty });
  const grants = grantsOfAck(await trader.exercise(seriesId, qty));
  expect(grants).toHaveLength(1);
  await service.grants()!.get(grants[0]!.grant.grantId);
  return grants[0]!;
}

/** POSTs a gate request for `use` rights to the gate with a query: the status and the JSON body (or the headers of a file). */
async function ask(signed: SignedGrant, use: number, query: string, body?: object): Promise<{ status: number; json: { error?: string; message?: string }; headers: Headers }> {
  const request = body ?? (await signGateRequest(consumer, signed, use, { domain: service.grants()!.signer.domain, endpoint: server.endpoint }));
  const res = await fetch(`${server.endpoint}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  const isJson = (res.headers.get('content-type') ?? '').startsWith('application/json');
  return { status: res.status, json: isJson ? ((await res.json()) as { error?: string }) : (await res.arrayBuffer(), {}), headers: res.headers };
}

describe('downloads as files', () => {
  it('Parquet, CSV and NDJSON: typed by the listing, checked against the signed statement, receipted, and checkable offline', async () => {
    const signed = await newGrant(4);
    const grantId = signed.grant.grantId;

    const parquetPath = path.join(dir, 'grant.parquet');
    const p = await downloadRecordFile(base(), consumer, signed, 1, { format: 'parquet', path: parquetPath });
    expect(p).toMatchObject({ outcome: 'received', receipt: { state: 'accepted', delivered: 1 }, conformance: { state: 'checked' }, written: { path: parquetPath } });
    expect(p).not.toHaveProperty('written.statementPath'); // in the file
    const bytes = readFileSync(parquetPath);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(rows).toHaveLength(25);
    expect(Object.keys(rows[0]!)).toEqual(['event_time', 'household_hash', 'make', 'region', 'intent_score']);
    expect(rows[0]!.event_time).toBeInstanceOf(Date);
    expect(typeof rows[0]!.intent_score).toBe('number'); // "0.853" in the JSON answer; the schema says number
    const kv = Object.fromEntries((parquetMetadata(file).key_value_metadata ?? []).map((e) => [e.key, e.value]));
    expect(JSON.parse(kv[PARQUET_DELIVERY_KEY]!)).toMatchObject({ grantId, use: 1, records: 25 });
    expect(await checkRecordFile(parquetPath)).toEqual({ ok: true, format: 'parquet', grantId, records: 25, provider, consumer: consumer.address });

    const csvPath = path.join(dir, 'grant.csv');
    const c = await downloadRecordFile(base(), consumer, signed, 1, { format: 'csv', path: csvPath });
    expect(c).toMatchObject({ outcome: 'received', receipt: { state: 'accepted', delivered: 2 }, written: { path: csvPath, statementPath: `${csvPath}.statement.json` } });
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.split('\n')[0]).toBe('event_time,household_hash,make,region,intent_score');
    expect(csv.trim().split('\n')).toHaveLength(26);
    const sidecar = JSON.parse(readFileSync(`${csvPath}.statement.json`, 'utf8')) as FileStatement;
    expect(sidecar).toMatchObject({ format: 'csv', file: 'grant.csv', grant: { grantId }, delivery: { grantId, use: 1, records: 25 } });
    expect(sidecar.statementText.split('\n')[0]).toBe('PATX delivery v1');
    expect(await checkRecordFile(csvPath)).toMatchObject({ ok: true, format: 'csv', records: 25, provider });
    // One score changed: the file no longer is what the provider signed.
    const lines = csv.split('\n');
    const changed = lines[1]!.replace(/,[0-9.]+$/, (score) => (score === ',0.5' ? ',0.6' : ',0.5'));
    expect(changed).not.toBe(lines[1]);
    lines[1] = changed;
    writeFileSync(csvPath, lines.join('\n'));
    expect(await checkRecordFile(csvPath)).toEqual({ ok: false, problem: "the file's records are not the ones the statement covers" });

    const ndjsonPath = path.join(dir, 'grant.ndjson');
    const n = await downloadRecordFile(base(), consumer, signed, 1, { format: 'ndjson', path: ndjsonPath });
    expect(n).toMatchObject({ outcome: 'received', receipt: { state: 'accepted', delivered: 3 } });
    const first = JSON.parse(readFileSync(ndjsonPath, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(typeof first.intent_score).toBe('number');
    expect(await checkRecordFile(ndjsonPath)).toMatchObject({ ok: true, format: 'ndjson', records: 25 });

    // The default is the JSON answer as ever: the records as the provider keeps them (the demo's scores numbers, as its schema says, since 2026-11-30).
    const j = await downloadWithGrant(base(), consumer, signed, 1, { checkConformance: false });
    expect(j).toMatchObject({ outcome: 'received', remaining: 0, receipt: { state: 'accepted', delivered: 4 } });
    expect(typeof (j as { records: Record<string, unknown>[] }).records[0]!.intent_score).toBe('number');
    await server.settled();
    expect(server.gate.used(grantId)).toBe(4);
    expect((await service.grants()!.get(grantId))?.delivered).toBe(4);
  });

  it('a format refused counts nothing: unknown (400), no schema for the listing (406), too many records for a file (413); the same request is served after', async () => {
    const signed = await newGrant(1);
    const grantId = signed.grant.grantId;
    const request = await signGateRequest(consumer, signed, 1, { domain: service.grants()!.signer.domain, endpoint: server.endpoint });

    const unknown = await ask(signed, 1, '?format=xlsx', request);
    expect([unknown.status, unknown.json.error]).toEqual([400, 'UNKNOWN_FORMAT']);
    expect(unknown.json.message).toMatch(/^format must be one of json, ndjson, csv, parquet/);
    const twice = await ask(signed, 1, '?format=csv&format=parquet', request);
    expect([twice.status, twice.json.error]).toEqual([400, 'UNKNOWN_FORMAT']);
    const noSchema = await ask(signed, 1, '?format=csv', { ...request, grant: { ...request.grant, listingId: 999_999 } });
    expect([noSchema.status, noSchema.json.error]).toEqual([406, 'FORMAT_UNAVAILABLE']);
    const big = await ask(signed, 1, '?format=parquet', { ...request, use: 4_001 });
    expect([big.status, big.json.error]).toEqual([413, 'TOO_MANY_RECORDS']);
    expect(big.json.message).toMatch(/at most 100000 records \(4000 rights\) a request/);
    expect(server.gate.used(grantId)).toBe(0);

    // The request none of those spent: served as a CSV file, with the statement in the headers.
    const served = await ask(signed, 1, '?format=csv', request);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(served.headers.get('content-disposition')).toBe(`attachment; filename="grant-${grantId}-${request.nonce}.csv"`);
    expect(JSON.parse(served.headers.get(DELIVERY_HEADER)!)).toMatchObject({ grantId, use: 1, nonce: request.nonce, records: 25 });
    expect(served.headers.get('access-control-expose-headers')).toContain(DELIVERY_HEADER);
    expect(server.gate.used(grantId)).toBe(1);
  });
});
