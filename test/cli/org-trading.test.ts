/**
 * `--org` on the CLI's trading commands (docs/cli.md, "For an organisation"; docs/organisations.md)
 * against a running service (real LMDB, uWS, HTTP and signatures): `balance --org` is the
 * organisation's account (its settlement address, the PAT moved in), for a reader too; a reader's
 * trading command is refused ROLE_FORBIDDEN in one line, exit 1; a wallet in no organisation is
 * refused by name; `grants --org` lists the organisation's (none yet).
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
const reader = Wallet.createRandom();
const stranger = Wallet.createRandom();
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

function cli(wallet: { privateKey: string }, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: wallet.privateKey, PATX_URL: base() });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cli-org-trading-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 3_600_000, settlement: { enabled: false }, quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  const adminId = await openAccount(service, Role.CONSUMER, admin.address.toLowerCase());
  await openAccount(service, Role.CONSUMER, reader.address.toLowerCase());
  await openAccount(service, Role.CONSUMER, stranger.address.toLowerCase());
  await credit(service, adminId, 10n ** 20n);
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('patx --org', () => {
  it("acts for the organisation's account within the wallet's role; refusals are one line by name", async () => {
    expect((await cli(admin, ['org', 'create', 'Acme Analytics'])).code).toBe(0);
    expect((await cli(admin, ['org', 'invite', reader.address, '--role', 'reader'])).code).toBe(0);
    expect((await cli(reader, ['org', 'accept', '1'])).code).toBe(0);
    expect((await cli(admin, ['org', 'fund', '7.5'])).code).toBe(0);
    const org = service.engine.organisations.byId.get(1)!;

    for (const wallet of [admin, reader]) {
      const balance = await cli(wallet, ['balance', '--org']);
      expect(balance.code, balance.err).toBe(0);
      expect(balance.out.split('\n')[0]).toMatch(new RegExp(`^account ${org.accountId} \\(CONSUMER\\) 0x6f7267`));
      expect(balance.out).toMatch(/available\s+7\.5000 PAT/);
    }
    // Without --org: the wallet's own account.
    expect((await cli(admin, ['balance'])).out).not.toContain('0x6f7267');

    const refused = await cli(reader, ['cancel', '--all', '--org']);
    expect(refused.code).toBe(1);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toMatch(/ROLE_FORBIDDEN/);

    const outsider = await cli(stranger, ['balance', '--org']);
    expect(outsider.code).toBe(1);
    expect(outsider.err).toMatch(/^patx: NOT_IN_ORGANISATION: --org: /);

    const grants = await cli(reader, ['grants', '--org']);
    expect(grants.code, grants.err).toBe(0);
    expect(grants.out).toContain('no grants yet');
    const both = await cli(reader, ['grants', '--org', '--exercise', '1']);
    expect(both.code).toBe(2);
  });
});
