/**
 * `patx provider open`: a data provider's account, opened by the wallet's first login with the
 * PROVIDER role (docs/providers.md). An account keeps the role its first login gave it, and every other
 * wallet command's first login opens a consumer's: so a provider runs this first. On a wallet that has an
 * account already it says which role that is (a consumer's cannot become a provider's: another wallet must).
 */
import type { Command } from 'commander';
import type { acting } from './command-output.js';
import { addWalletOptions, connectTrading, WalletCommandError, type WalletOptions } from './wallet-options.js';

export function addProviderCommands(program: Command, act: ReturnType<typeof acting>): void {
  const provider = program.command('provider').description("a data provider's account (docs/providers.md)");
  addWalletOptions(provider.command('open').description("open the wallet's account as a data provider's (its first login; an account keeps its role)")).action((o: WalletOptions) =>
    act(async () => {
      const [{ wire }, { client, wallet }] = await Promise.all([import('../proto/index.js'), connectTrading(o, true)]);
      try {
        const role = wire.Role[client.role] ?? 'UNKNOWN';
        const opened = client.login.accountOpened === true;
        if (client.role !== wire.Role.PROVIDER) {
          throw new WalletCommandError('NOT_A_PROVIDER', `${wallet.address} has account ${client.accountId} already, as a ${role.toLowerCase()}: an account keeps the role of its first login, so a data provider uses another wallet (patx provider open with it, before anything else)`);
        }
        const value = { accountId: client.accountId, address: wallet.address, role, opened };
        return {
          value,
          text: () =>
            `${opened ? 'opened' : 'already open:'} account ${client.accountId} (PROVIDER) for ${wallet.address}; next: a listing of your data (docs/catalog.md), then capacity, mints and sales (examples/provider-bot.ts)`,
        };
      } finally {
        await client.close().catch(() => undefined);
      }
    }),
  );
}
