/**
 * The CLI as an operator uses it: `--help` everywhere, usage errors as one line
 * with exit 2 (never a stack), numbers validated, tables with enum names by
 * default and JSON with --json, against a real running service over HTTP.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { CommandKind, EventType, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { csv, listingInput } from '../support/catalog-fixture.js';
import { removeDir } from '../support/exchange-fixture.js';
import { patx, patxInProcess } from '../support/patx-cli.js';

const TOKEN = 'cli-test-admin-token-0123456789';
let service: Service;
let dir: string;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cli-'));
  service = await startService(
    loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, quoting: { enabled: false }, settlement: { enabled: false } }),
    createLogger('silent'),
  );
  url = `http://127.0.0.1:${service.gateway.port}/operator`;
});

afterAll(async () => {
  await service.stop();
  removeDir(dir);
});

/** Runs the CLI in this process; returns its exit code and what it printed. */
const cli = (...args: string[]): Promise<{ code: number; out: string; err: string }> => patxInProcess(['--url', url, '--token', TOKEN, ...args], {});

describe('patx CLI', () => {
  it('--help works on every command and subcommand', async () => {
    const program = buildProgram(() => undefined);
    const paths: string[][] = [];
    for (const c of program.commands) {
      paths.push([c.name()]);
      for (const sub of c.commands) paths.push([c.name(), sub.name()]);
    }
    expect(paths.length).toBeGreaterThan(20);
    for (const p of paths) {
      const r = await cli(...p, '--help');
      expect(r.code, p.join(' ')).toBe(0);
      expect(r.out, p.join(' ')).toContain(`Usage: patx ${p.join(' ')}`);
    }
  });

  it('usage errors: one line, exit 2; numbers are validated', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['journal', '--data', dir, '--from', 'abc'], /argument 'abc' is invalid\. expected a whole number >= 1/],
      [['journal', '--data', dir, '--limit', '1.5'], /argument '1\.5' is invalid/],
      [['halt', 'x'], /value 'x' is invalid/],
      [['audit', '--from', '-3'], /unknown option '-3'|is invalid/],
      [['series', '--bogus'], /unknown option '--bogus'/],
      [['nonsense'], /unknown command 'nonsense'/],
      [['kill', 'account'], /missing required argument 'accountId'/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    expect(service.engine.series[1]!.status).toBe(1); // nothing was halted
  });

  it('verify on a missing data directory says so and creates nothing', async () => {
    const missing = path.join(dir, 'not-here');
    const r = await cli('verify', '--data', missing);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`patx: no data directory at ${missing} (pass --data DIR, or run the service once)`);
    expect(existsSync(missing)).toBe(false);
  });

  it('tables with enum names by default, JSON with --json; exposure, audit, operators', async () => {
    const series = await cli('series');
    expect(series.code).toBe(0);
    expect(series.out.split('\n')[0]).toMatch(/^SERIES ID\s+SERIES\s+KIND\s+STATUS/);
    expect(series.out).toContain('TRADING');
    expect((await cli('params', 'set', 'risk.maxOrderQty', '700')).code).toBe(0);
    const audit = await cli('--json', 'audit');
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.out)).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'PARAM_CHANGED', operator: 'admin', detail: { name: 'risk.maxOrderQty', oldValue: 0, newValue: 700 } })]));
    const exposure = await cli('exposure');
    expect(exposure.code).toBe(0);
    expect(exposure.out).toMatch(/broker account id: \d+/);
    expect(exposure.out).toMatch(/series:\nSERIES ID\s+SERIES\s+KIND\s+STATUS\s+RIGHTS/);
    const added = await cli('--json', 'operators', 'add', 'carol', 'risk');
    expect(added.code).toBe(0);
    const { token } = JSON.parse(added.out) as { token: string };
    const asCarol = await runCli(['--url', url, '--token', token, '--json', 'params', 'get', 'risk.maxOrderQty']);
    expect(asCarol).toBe(0);
    expect((await cli('operators', 'revoke', 'carol')).code).toBe(0);
    const refused = await cli('--token', token, 'series');
    expect(refused.code).toBe(1);
  });

  it('alarms and providers: the board and the provider accounts as tables (they were on the console and HTTP only)', async () => {
    const board = await cli('alarms');
    expect(board.code, board.err).toBe(0);
    expect(board.out.split('\n').at(-1)).toMatch(/^(\(no alarm\) · )?\d+ active, \d+ critical/);
    const json = await cli('--json', 'alarms', 'active');
    expect(JSON.parse(json.out)).toMatchObject({ alarms: expect.any(Array), active: expect.any(Number) });
    expect((await cli('alarms', 'history', '5')).code).toBe(0);
    const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '0x' + '6b'.repeat(20) });
    const accountId = opened.events[0]!.type === EventType.ACCOUNT_OPENED ? opened.events[0]!.accountId : 0;
    const list = await cli('providers');
    expect(list.code, list.err).toBe(0);
    expect(list.out.split('\n')[0]).toMatch(/^ACCOUNT\s+ADDRESS\s+VERIFIED\s+PAYOUTS$/);
    expect(list.out.split('\n').find((l) => l.startsWith(`${accountId} `))?.split(/\s{2,}/)).toEqual([String(accountId), '0x' + '6b'.repeat(20), 'no', 'not held']); // this exchange holds no unverified provider's payouts (risk.payoutRequiresVerification 0)
    const bad = await cli('providers', 'show', 'x');
    expect(bad.code).toBe(2);
  });

  it('operators add names the roles; a request outside them is refused with FORBIDDEN_ROLE', async () => {
    const noRoles = await cli('operators', 'add', 'dora');
    expect(noRoles.code).toBe(2);
    expect(noRoles.err).toMatch(/missing required argument 'roles'/);
    const added = await cli('--json', 'operators', 'add', 'dora', 'moderator');
    expect(added.code).toBe(0);
    const { token, roles } = JSON.parse(added.out) as { token: string; roles: string[] };
    expect(roles).toEqual(['moderator']);
    // The generated token: 32 base64url characters, 192 bits.
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const asDora = await runCli(['--url', url, '--token', token, 'params', 'set', 'risk.maxOrderQty', '1']);
    expect(asDora).toBe(1);
    expect(service.engine.risk.maxOrderQty).not.toBe(1);
    const list = await cli('--json', 'operators', 'list');
    expect((JSON.parse(list.out) as Array<{ name: string; roles: string[] }>).find((o) => o.name === 'dora')?.roles).toEqual(['moderator']);
    expect((await cli('operators', 'add', 'eve', 'root')).code).toBe(1);
  });

  it('listings: the operator moderates from the CLI (reject with a reason, publish, take down) and reads the catalog audit', async () => {
    const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '0x' + '5a'.repeat(20) });
    const provider = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
    const sample = csv(20);
    const listing = await service.catalog.create(provider, listingInput({}, sample));
    service.catalog.submit(listing.id, provider);
    const list = await cli('listings');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`^${listing.id}\\s+AUTO_INTENT\\s+.*submitted`, 'm'));
    expect((await cli('listings', 'publish', 'x')).code).toBe(2);
    const noReason = await cli('listings', 'reject', String(listing.id));
    expect(noReason.code).toBe(2);
    expect(noReason.err).toMatch(/missing required argument 'reason'/);
    expect((await cli('listings', 'reject', String(listing.id), 'sample has no consent record')).code).toBe(0);
    expect(service.catalog.get(listing.id).status).toBe('rejected');
    service.catalog.submit(listing.id, provider);
    expect((await cli('listings', 'publish', String(listing.id))).code).toBe(0);
    expect(service.catalog.get(listing.id).status).toBe('published');
    const referenceFile = path.join(dir, 'reference.csv');
    writeFileSync(referenceFile, sample);
    const attached = await cli('--json', 'listings', 'reference', String(listing.id), referenceFile);
    expect(attached.code, attached.err).toBe(0);
    expect((JSON.parse(attached.out) as { accuracy: { accuracy: number } }).accuracy.accuracy).toBe(1);
    expect((await cli('listings', 'reference', String(listing.id), path.join(dir, 'reference.xlsx'))).err).toMatch(/\.csv, \.jsonl or \.parquet/);
    const twice = await cli('listings', 'publish', String(listing.id));
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/refused \(HTTP 409\): BAD_TRANSITION/);
    // A new delivery endpoint awaits review: refused, then submitted again and approved.
    await service.catalog.update(listing.id, provider, listingInput({ deliveryEndpoint: 'https://elsewhere.example/records' }, sample));
    expect((await cli('listings', 'reject-version', String(listing.id))).code).toBe(2);
    expect((await cli('listings', 'reject-version', String(listing.id), 'unknown host')).code).toBe(0);
    expect(service.catalog.get(listing.id).pending).toBeUndefined();
    await service.catalog.update(listing.id, provider, listingInput({ deliveryEndpoint: 'https://cdn.provider.example/records' }, sample));
    expect((await cli('listings', 'approve-version', String(listing.id))).code).toBe(0);
    expect(service.catalog.get(listing.id).versions.at(-1)!.deliveryEndpoint).toBe('https://cdn.provider.example/records');
    expect((await cli('listings', 'take-down', String(listing.id), 'licence dispute')).code).toBe(0);
    const audit = await cli('--json', 'listings', 'audit');
    expect((JSON.parse(audit.out) as { action: string; actor: string; reason?: string }[]).map((e) => [e.action, e.actor, e.reason])).toEqual([
      ['create', `provider:${provider}`, undefined],
      ['submit', `provider:${provider}`, undefined],
      ['reject', 'operator:admin', 'sample has no consent record'],
      ['submit', `provider:${provider}`, undefined],
      ['publish', 'operator:admin', undefined],
      ['attach_reference', 'operator:admin', 'accuracy 1.0000 over 20 of 20 reference records'],
      ['submit_version', `provider:${provider}`, 'awaits review: deliveryEndpoint changed'],
      ['reject_version', 'operator:admin', 'unknown host'],
      ['submit_version', `provider:${provider}`, 'awaits review: deliveryEndpoint changed'],
      ['approve_version', 'operator:admin', 'approved: deliveryEndpoint changed'],
      ['take_down', 'operator:admin', 'licence dispute'],
    ]);
  });

  it('institution grant and revoke: the account changes role, the audit trail names the operator', async () => {
    const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
    const consumer = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
    expect((await cli('institution', 'grant', String(consumer))).code).toBe(0);
    expect(service.engine.account(consumer)!.role).toBe(Role.INSTITUTION);
    const again = await cli('institution', 'grant', String(consumer));
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/INVALID_QUALIFICATION/);
    expect((await cli('institution', 'revoke', String(consumer))).code).toBe(0);
    expect(service.engine.account(consumer)!.role).toBe(Role.CONSUMER);
    const audit = JSON.parse((await cli('--json', 'audit')).out) as { event: string; operator: string; detail: { accountId: number; qualified: boolean } }[];
    expect(audit.filter((e) => e.event === 'INSTITUTION_SET').map((e) => [e.operator, e.detail])).toEqual([
      ['admin', { accountId: consumer, qualified: true }],
      ['admin', { accountId: consumer, qualified: false }],
    ]);
  });

  it('settle now without settlement: one line saying so, exit 1', async () => {
    const r = await cli('settle', 'now');
    expect(r.code).toBe(1);
    expect(r.err).toBe('refused (HTTP 503): SETTLEMENT_UNAVAILABLE: settlement is not running');
  });

  it('a series or an account the exchange does not have: named by its id, nothing changed (it said "UNKNOWN_SERIES: refused by the engine: UNKNOWN_SERIES")', async () => {
    const cases: Array<[string[], string]> = [
      [['halt', '999'], 'refused (HTTP 409): UNKNOWN_SERIES: no series 999 (GET /operator/series, patx series, lists them): nothing changed'],
      [['resume', '999'], 'refused (HTTP 409): UNKNOWN_SERIES: no series 999 (GET /operator/series, patx series, lists them): nothing changed'],
      [['mmp', 'reset', '999'], 'refused (HTTP 409): UNKNOWN_SERIES: no series 999 (GET /operator/series, patx series, lists them): nothing changed'],
      [['kill', 'series', '999'], 'refused (HTTP 409): UNKNOWN_SERIES: no series 999 (GET /operator/series, patx series, lists them): nothing changed'],
      [['kill', 'account', '999'], 'refused (HTTP 409): UNKNOWN_ACCOUNT: no account 999: nothing changed'],
      [['institution', 'grant', '999'], 'refused (HTTP 409): UNKNOWN_ACCOUNT: no account 999: nothing changed'],
    ];
    for (const [args, line] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err.trim(), args.join(' ')).toBe(line);
    }
  });

  it('as a process: a bad flag is one line on stderr and exit 2, no stack trace', async () => {
    const r = await patx(['journal', '--from', 'abc']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: option '--from <seq>' argument 'abc' is invalid. expected a whole number >= 1\n");
  });
});
