/**
 * The accounts kept for depositors (gateway.accountsReservedForDepositors): when the engine's free accounts are down to
 * the reserve, a wallet login opens an account only for a wallet whose deposit waits for one, whoever filled the rest
 * (an outside review, 2026-12-04: a crowd of addresses, each within its hourly limit, could fill all 1,000,000 and lock
 * every newcomer out). The real service on its embedded chain; the reserve set so high that the exchange is already at
 * it; `patx deposit` in a child process, as a newcomer would run it: refused at its login, it deposits first and logs
 * in once the exchange has seen the deposit, and the deposit is credited to the account that opened. Half a PAT waiting
 * is not enough (1 PAT is), and founding an organisation (which opens an account) is refused the same.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService } from '../../src/app/service.js';
import { TradingClient, PatxRequestError } from '../../src/client/index.js';
import { accountLedgerWei, HARDHAT_KEYS } from '../../src/settlement/index.js';
import { sendDeposit } from '../../src/client/deposit.js';
import { createOrganisation } from '../../src/client/index.js';
import { refusal } from '../support/organisation-fixture.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { patx } from '../support/patx-cli.js';

const logger = createLogger(process.env.PATX_TEST_LOG ?? 'silent');
const DEV_KEY = 5;

describe('the accounts kept for depositors', () => {
  it('a login that would open one is refused ACCOUNTS_FULL, nothing opened; patx deposit deposits first, then the login opens the account and the deposit is credited', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-deposit-first-'));
    try {
      const config = loadConfig({}, {
        dataDir: dir,
        // Every free account is in the reserve from the start (the engine holds 1,000,000).
        gateway: { port: 0, marketDataPort: 0, accountsReservedForDepositors: 1_000_000 },
        settlement: { localChainPort: 0, pollIntervalMs: 20, batchIntervalMs: 50, localBlockIntervalMs: 50 },
        quoting: { enabled: false },
      });
      const service = await startService(config, logger, Date.now);
      try {
        const base = `http://127.0.0.1:${service.gateway.port}`;
        const wallet = new Wallet(HARDHAT_KEYS[DEV_KEY]!);
        const address = wallet.address.toLowerCase();
        const refused = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet }).then(
          (c) => c.close().then(() => undefined),
          (e: unknown) => e,
        );
        expect(refused).toBeInstanceOf(PatxRequestError);
        expect((refused as PatxRequestError).code).toBe('ACCOUNTS_FULL');
        expect((refused as PatxRequestError).message).toMatch(/deposit at least 1 PAT from .*then log in; nothing was opened/);
        expect(service.engine.accountIdByAddress.has(address)).toBe(false);
        // Half a PAT waiting is not enough to open one (the least is 1 PAT: a 1-wei deposit bought the exemption before).
        await sendDeposit(base, wallet, 5n * 10n ** 17n);
        await until(() => service.settlement!.store.unmatchedWeiFrom(address) === 5n * 10n ** 17n, 'the half PAT seen, waiting');
        const still = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet }).then(
          (c) => c.close().then(() => undefined),
          (e: unknown) => e,
        );
        expect((still as PatxRequestError).code).toBe('ACCOUNTS_FULL');

        const run = await patx(['deposit', '3', '--dev-key', String(DEV_KEY), '--gateway', base, '--timeout', '50']);
        expect(run.stderr).toMatch(/ACCOUNTS_FULL.*depositing first, then logging in once the exchange has seen the deposit/s);
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/deposited 3(\.0+)? PAT from .*credited; available 3\.[05]000 PAT/);
        const accountId = service.engine.accountIdByAddress.get(address);
        expect(accountId).toBeDefined();
        // Both deposits credited to the account that opened: the half PAT too.
        await until(() => accountLedgerWei(service.engine, accountId!) === 35n * 10n ** 17n, 'both deposits credited');
        // Founding an organisation opens its account: not one of those kept for depositors.
        const accounts = service.engine.accounts.length;
        expect(await refusal(createOrganisation({ url: base, wallet }, 'Newcomers Ltd'))).toBe('ACCOUNTS_FULL');
        expect(service.engine.accounts.length).toBe(accounts);
        await until(() => service.settlement!.store.unmatchedDeposits().length === 0, 'the waiting deposit taken off the list');
        expect(service.settlement!.store.unmatchedWeiFrom(address)).toBe(0n);
      } finally {
        await service.stop();
      }
    } finally {
      removeDir(dir);
    }
  }, 120_000);
});
