/**
 * `patx org create|show|add|role|remove|fund` against a running service (real LMDB, HTTP and
 * signatures; the wallet from PATX_WALLET_KEY, the gateway from PATX_URL): what each prints,
 * every refusal one line with the server's code and exit 1 (a non-admin adding, the last admin
 * leaving while others are members, the only member leaving while the organisation holds PAT), the only
 * member's leave dissolving it (rules 17), a bad argument exit 2, never a stack trace.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { Role } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';
import { credit, openAccount } from '../support/subscription-market.js';
import { patxInProcess } from '../support/patx-cli.js';

let dir: string;
let service: Service;
const admin = Wallet.createRandom();
const colleague = Wallet.createRandom();
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

function cli(wallet: Wallet | ReturnType<typeof Wallet.createRandom>, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: wallet.privateKey, PATX_URL: base() });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cli-orgs-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 3_600_000, settlement: { enabled: false }, quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  const adminId = await openAccount(service, Role.CONSUMER, admin.address.toLowerCase());
  await openAccount(service, Role.CONSUMER, colleague.address.toLowerCase());
  await credit(service, adminId, 10n ** 20n);
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('patx org', () => {
  it('creates, invites a reader who accepts, changes its role, funds, shows, removes; refusals are one line with the code', async () => {
    const made = await cli(admin, ['org', 'create', 'Acme Analytics']);
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/^created: organisation 1 \(Acme Analytics\), its account \d+; you are its admin/);
    const invited = await cli(admin, ['org', 'invite', colleague.address, '--role', 'reader']);
    expect(invited.code, invited.err).toBe(0);
    expect(invited.out).toMatch(new RegExp(`^invited ${colleague.address} as reader: invitation 1, until .*patx org accept 1`));
    // Nothing changed for the colleague until it accepts; it sees the invitation, the admin sees it pending.
    expect((await cli(colleague, ['org'])).err).toMatch(/^patx: NOT_IN_ORGANISATION: /);
    const mine = await cli(colleague, ['org', 'invitations']);
    expect(mine.out).toContain('1 Acme Analytics');
    expect(mine.out).toContain(admin.address.toLowerCase());
    expect((await cli(admin, ['--json', 'org', 'invitations', '--sent'])).out).toContain('"invitationId":1');
    expect((await cli(admin, ['org', 'accept', '1'])).err).toMatch(/^patx: UNKNOWN_INVITATION: /);
    const joined = await cli(colleague, ['org', 'accept', '1']);
    expect(joined.code, joined.err).toBe(0);
    expect(joined.out).toContain('joined organisation 1 (Acme Analytics) as reader');
    // A wallet that never logged in has no account to invite.
    const outsider = Wallet.createRandom();
    expect((await cli(admin, ['org', 'invite', outsider.address])).err).toMatch(/^patx: UNKNOWN_WALLET: /);
    // The reader may not manage it: one line, exit 1.
    const refused = await cli(colleague, ['org', 'invite', Wallet.createRandom().address]);
    expect(refused.code).toBe(1);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toMatch(/^patx: NOT_ORGANISATION_ADMIN: /);
    expect((await cli(admin, ['org', 'role', colleague.address, 'trader'])).out).toContain('is now trader');
    const funded = await cli(admin, ['org', 'fund', '12.5']);
    expect(funded.out).toMatch(/^moved 12\.5000 PAT into the organisation: it has 12\.5000 PAT free, you \d+\.\d{4,6}$/);
    const shown = await cli(colleague, ['org', 'show']);
    expect(shown.out).toContain('organisation 1: Acme Analytics (you are trader)');
    expect(shown.out).toContain('12.5000 PAT free');
    const lastAdmin = await cli(admin, ['org', 'remove', admin.address]);
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.err).toMatch(/^patx: LAST_ADMIN: /);
    expect((await cli(admin, ['org', 'remove', colleague.address])).out).toContain(`removed ${colleague.address}`);
    const gone = await cli(colleague, ['org']);
    expect(gone.code).toBe(1);
    expect(gone.err).toMatch(/^patx: NOT_IN_ORGANISATION: /);
    const json = await cli(admin, ['--json', 'org', 'show']);
    expect(JSON.parse(json.out)).toMatchObject({ organisationId: 1, role: 'admin', balance: { availableMicros: 12_500_000 } });
  });

  it("the only member's leave: ORGANISATION_NOT_EMPTY while the organisation holds PAT; moved out, it dissolves; the wallet founds again only after a day", async () => {
    // The admin is its only member now, with 12.5 PAT in it (the test above).
    const notEmpty = await cli(admin, ['org', 'remove', admin.address]);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.err).toMatch(/^patx: ORGANISATION_NOT_EMPTY: .*move its PAT out/);
    expect((await cli(admin, ['org', 'fund', '12.5', '--out'])).code).toBe(0);
    const left = await cli(admin, ['org', 'remove', admin.address]);
    expect(left.code, left.err).toBe(0);
    expect(left.out).toMatch(/^you left organisation 1, its only member: it is dissolved/);
    expect((await cli(admin, ['org'])).err).toMatch(/^patx: NOT_IN_ORGANISATION: /);
    // Founding, dissolving and founding again without end would fill the exchange's organisations and accounts for everyone.
    const again = await cli(admin, ['org', 'create', 'Acme Analytics']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^patx: RATE_LIMITED: this wallet dissolved an organisation less than a day ago: it may found another in 24 h \(or join one it is invited to now\); nothing was made/);
  });

  it('a bad address or role exits 2', async () => {
    expect((await cli(admin, ['org', 'invite', 'not-an-address'])).code).toBe(2);
    expect((await cli(admin, ['org', 'accept', 'x'])).code).toBe(2);
    expect((await cli(admin, ['org', 'revoke', '0'])).code).toBe(2);
    expect((await cli(admin, ['org', 'role', colleague.address, 'owner'])).code).toBe(2);
  });
});
