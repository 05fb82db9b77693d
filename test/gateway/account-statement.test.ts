/**
 * GET /v1/statement on a real service (real LMDB journal and stores, uWS on loopback, wallet-signed and operator
 * requests): deposits, spot sales and buys through the broker under a non-zero fee schedule, an organisation's funds
 * moved in and out, a withdrawal. Every account's statement (the broker's and the fee account's through the operator,
 * the organisation's through a member) adds up row by row and ends at the engine's balance; another wallet reads only
 * its own; the CSV reads back to the same rows with a formula-like reference defused; the same after a restart.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { getStatement, getStatementCsv, PatxHttpError, type ExchangeHttp, type StatementRow } from '../../src/client/index.js';
import { signedCall } from '../../src/client/http.js';
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, TimeInForce, WEI_PER_MICRO, type Command, type EngineEvent, type Series } from '../../src/engine/index.js';
import { STATEMENT_CSV_COLUMNS } from '../../src/gateway/statement-routes.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir } from '../support/exchange-fixture.js';
import { patxInProcess } from '../support/patx-cli.js';

const logger = createLogger('silent');
const OPERATOR = 2;
const TOKEN = 'statement-test-operator-token-0123456789';
const PAT = 1_000_000;

describe('GET /v1/statement', () => {
  let service: Service | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    if (dir !== undefined) removeDir(dir);
  });

  const start = async (statement = true): Promise<Service> => {
    const config = loadConfig({}, { dataDir: dir!, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, quoting: { enabled: false }, settlement: { enabled: false }, demo: { enabled: false }, statement: { enabled: statement } });
    service = await startService(config, logger);
    return service;
  };
  const send = async (cmd: Command): Promise<EngineEvent[]> => (await service!.sequencer.submit(cmd)).events;
  const openAccount = async (role: Role, wallet: Wallet): Promise<number> =>
    (await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: wallet.address.toLowerCase() })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  const order = (actor: number, seriesId: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce): Command =>
    ({ kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
  const as = (wallet: Wallet): ExchangeHttp => ({ url: `http://127.0.0.1:${service!.gateway.port}`, wallet });
  const operatorRead = async (account: string, query = ''): Promise<Response> =>
    fetch(`http://127.0.0.1:${service!.gateway.port}/v1/statement?account=${account}${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  /** Every row, oldest first, page by page (2 a page: the cursor is used). */
  const allRows = async (read: (before: number | undefined) => Promise<{ entries: StatementRow[]; next: number | null }>): Promise<StatementRow[]> => {
    const out: StatementRow[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await read(before);
      out.push(...page.entries);
      if (page.next === null) return out.reverse();
      before = page.next;
    }
  };
  const owned = (s: Service, accountId: number): number => {
    const a = s.engine.accounts[accountId]!;
    return a.availableMicros + a.heldMicros + a.lockedMicros;
  };
  const expectAddsUp = (rows: StatementRow[], balance: number): void => {
    let running = 0;
    for (const r of rows) {
      running += r.amountMicros;
      expect(r.balanceMicros, `seq ${r.seq}`).toBe(running);
    }
    expect(running).toBe(balance);
  };

  it('each account (the broker, the fee account and an organisation too) reads a statement that adds up to its balance; no one else reads it; CSV; after a restart', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-http-'));
    let s = await start();
    const spot = s.engine.series.find((x): x is Series => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING)!;
    const [providerWallet, consumerWallet, strangerWallet] = [0, 1, 2].map(() => new Wallet(Wallet.createRandom().privateKey)) as [Wallet, Wallet, Wallet];
    const provider = await openAccount(Role.PROVIDER, providerWallet);
    const consumer = await openAccount(Role.CONSUMER, consumerWallet);
    await openAccount(Role.CONSUMER, strangerWallet);
    await send({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: provider, segment: spot.segment, listingId: 1, listingVersion: 1 });
    await send({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: spot.id, capacity: 100 });
    await send({ kind: CommandKind.MINT, actor: provider, seriesId: spot.id, qty: 100 });
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer, amountWei: BigInt(100 * PAT) * WEI_PER_MICRO, ref: '=HYPERLINK("http://x")' });
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: s.engine.brokerId, amountWei: BigInt(10_000 * PAT) * WEI_PER_MICRO, ref: 'statement-test:broker' });
    for (const name of ['fee.takerBps:SPOT', 'fee.makerBps:SPOT']) expect((await send({ kind: CommandKind.SET_PARAM, actor: OPERATOR, name, value: 20 })).some((e) => e.type === EventType.PARAM_CHANGED)).toBe(true);
    for (const [priceMicros, qty] of [[500_000, 2], [510_000, 3]] as const) {
      await send(order(provider, spot.id, Side.SELL, priceMicros - 10_000, qty, TimeInForce.GTC));
      await send(order(s.engine.brokerId, spot.id, Side.BUY, priceMicros - 10_000, qty, TimeInForce.IOC));
      await send(order(s.engine.brokerId, spot.id, Side.SELL, priceMicros, qty, TimeInForce.GTC));
      await send(order(consumer, spot.id, Side.BUY, priceMicros, qty, TimeInForce.IOC));
    }
    const created = await send({ kind: CommandKind.CREATE_ORGANISATION, actor: consumer, name: 'Acme Analytics' });
    const org = created.find((e) => e.type === EventType.ORGANISATION_CREATED);
    if (org?.type !== EventType.ORGANISATION_CREATED) throw new Error('no organisation');
    await send({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: consumer, organisationId: org.organisationId, toOrganisation: true, amountMicros: 20 * PAT });
    await send({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: consumer, organisationId: org.organisationId, toOrganisation: false, amountMicros: 5 * PAT });
    await send({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: consumer, amountWei: BigInt(7 * PAT) * WEI_PER_MICRO });
    expect(s.engine.feeAccountMicros).toBeGreaterThan(0);

    const consumerRows = await allRows((before) => getStatement(as(consumerWallet), { limit: 2, ...(before === undefined ? {} : { before }) }));
    expectAddsUp(consumerRows, owned(s, consumer));
    expect(consumerRows.map((r) => r.kind)).toEqual(['deposit', 'trade_buy', 'trade_buy', 'organisation_funds_out', 'organisation_funds_in', 'withdrawal']);
    expect(consumerRows[1]!.feeMicros).toBe(2_000); // 20 bps of 1 PAT
    expectAddsUp(await allRows((before) => getStatement(as(providerWallet), { ...(before === undefined ? {} : { before }) })), owned(s, provider));
    const orgRows = (await getStatement(as(consumerWallet), { organisation: true })).entries.reverse();
    expect(orgRows.map((r) => [r.kind, r.amountMicros])).toEqual([['organisation_funds_in', 20 * PAT], ['organisation_funds_out', -5 * PAT]]);
    expectAddsUp(orgRows, owned(s, org.accountId));
    expect((await getStatement(as(consumerWallet), { kind: 'trade_buy' })).entries).toHaveLength(2);
    expect((await getStatement(as(strangerWallet))).entries).toEqual([]);

    // The operator: the broker's and the fee account's statements.
    const broker = (await (await operatorRead(String(s.engine.brokerId), '&limit=1000')).json()) as { entries: StatementRow[] };
    expectAddsUp(broker.entries.reverse(), owned(s, s.engine.brokerId));
    const fee = (await (await operatorRead('fee')).json()) as { entries: StatementRow[] };
    expectAddsUp(fee.entries.reverse(), s.engine.feeAccountMicros);
    expect(fee.entries.every((r) => r.kind === 'fee')).toBe(true);
    expect((await operatorRead('99999')).status).toBe(404);
    // A wallet names no other account; an unsigned request is refused.
    const refused = await signedCall(as(strangerWallet), 'GET', `/v1/statement?account=${consumer}`).then(() => undefined, (e: unknown) => e);
    expect([(refused as PatxHttpError).status, (refused as PatxHttpError).code]).toEqual([403, 'OPERATOR_ONLY']);
    expect((await fetch(`http://127.0.0.1:${s.gateway.port}/v1/statement`)).status).toBe(401);

    // CSV: a header, a row per entry, CRLF; reads back to the same rows; the formula-like reference defused.
    const { csv, next } = await getStatementCsv(as(consumerWallet));
    expect(next).toBeNull();
    expect(csv.split('\r\n')[0]).toBe(STATEMENT_CSV_COLUMNS.join(','));
    const parsed = parse(csv, { columns: true }) as Array<Record<string, string>>;
    const json = (await getStatement(as(consumerWallet))).entries;
    expect(parsed.map((r) => ({ ...r, ref: r.ref!.replace(/^'/, '') }))).toEqual(
      json.map((r) => Object.fromEntries(STATEMENT_CSV_COLUMNS.map((c) => [c, c === 'time' ? new Date(r.timeMs).toISOString() : String(r[c as keyof StatementRow])]))),
    );
    expect(parsed.at(-1)!.ref).toBe(`'=HYPERLINK("http://x")`);

    // The CLI: `patx statement` as a table, --json, and --csv (the file as served), --kind and --from narrowing.
    const env = { PATX_WALLET_KEY: consumerWallet.privateKey, PATX_URL: `http://127.0.0.1:${s.gateway.port}`, PATX_CONFIRM_ABOVE: undefined };
    const asJson = await patxInProcess(['--json', 'statement', '--limit', '2'], env);
    expect(asJson.err).toBe('');
    const cliPage = JSON.parse(asJson.out) as { asOfSeq: number };
    expect(cliPage).toEqual({ entries: json.slice(0, 2), next: json[1]!.seq, asOfSeq: expect.any(Number) });
    expect(cliPage.asOfSeq).toBeGreaterThanOrEqual(json[0]!.seq); // it holds every row it shows
    const asCsv = await patxInProcess(['statement', '--csv', '--kind', 'trade_buy', '--from', new Date(json.at(-1)!.timeMs).toISOString()], env);
    expect(asCsv.err).toBe('');
    expect((parse(asCsv.out, { columns: true }) as Array<Record<string, string>>).map((r) => r.kind)).toEqual(['trade_buy', 'trade_buy']);
    // The operator's --account: the fee account's, as the route answers it; no wallet needed.
    const feeByCli = await patxInProcess(['--json', '--url', `http://127.0.0.1:${s.gateway.port}/operator`, '--token', TOKEN, 'statement', '--account', 'fee'], { PATX_WALLET_KEY: undefined });
    expect(feeByCli.err).toBe('');
    expect(JSON.parse(feeByCli.out).entries).toEqual([...fee.entries].reverse());
    const asTable = await patxInProcess(['statement'], env);
    expect(asTable.out).toContain('organisation_funds_in');
    expect(asTable.out).toContain('6 row(s)');

    // After a restart: the same.
    const before = await getStatement(as(consumerWallet));
    await service!.stop();
    service = undefined;
    s = await start();
    const after = await getStatement(as(consumerWallet));
    expect({ entries: after.entries, next: after.next }).toEqual({ entries: before.entries, next: before.next });
    expect(after.asOfSeq).toBeGreaterThanOrEqual(before.asOfSeq); // a start may journal a command of its own
    await send({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: consumer, organisationId: org.organisationId, toOrganisation: true, amountMicros: 1 * PAT });
    expectAddsUp(await allRows((b) => getStatement(as(consumerWallet), { ...(b === undefined ? {} : { before: b }) })), owned(s, consumer));
  });

  it('an operator who turns it off (statement.enabled false) keeps none: 503 STATEMENT_UNAVAILABLE to a wallet and to the operator, no store under the data directory', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-off-'));
    await start(false);
    const wallet = new Wallet(Wallet.createRandom().privateKey);
    await openAccount(Role.CONSUMER, wallet);
    const refused = await getStatement(as(wallet)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(PatxHttpError);
    expect((refused as PatxHttpError).status).toBe(503);
    expect((refused as PatxHttpError).code).toBe('STATEMENT_UNAVAILABLE');
    const operator = await operatorRead('fee');
    expect(operator.status).toBe(503);
    expect(((await operator.json()) as { error: string }).error).toBe('STATEMENT_UNAVAILABLE');
    expect(existsSync(path.join(dir, 'statement'))).toBe(false);
  });
});
