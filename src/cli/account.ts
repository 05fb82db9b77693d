/**
 * `patx account open`: the wallet's account at the exchange, opened on purpose as a consumer's (its first
 * login; an account keeps its role). Commands that only look open none (NO_ACCOUNT), so a wallet that
 * must exist before anything else happens (invited to an organisation, say) opens here; a data
 * provider opens with `patx provider open` instead (provider.ts).
 */
import type { Command } from 'commander';
import type { acting } from './command-output.js';
import { addWalletOptions, connectTrading, type WalletOptions } from './wallet-options.js';

export function addAccountCommands(program: Command, act: ReturnType<typeof acting>): void {
  const account = program.command('account').description("the wallet's account at the exchange");
  addWalletOptions(account.command('open').description("open the wallet's account as a consumer's (its first login; an account keeps its role: a data provider uses patx provider open)")).action((o: WalletOptions) =>
    act(async () => {
      const [{ wire }, { client, wallet }] = await Promise.all([import('../proto/index.js'), connectTrading(o, { opens: 'consumer', quiet: true })]);
      try {
        const role = wire.Role[client.role] ?? 'UNKNOWN';
        const opened = client.login.accountOpened === true;
        const value = { accountId: client.accountId, address: wallet.address, role, opened };
        return { value, text: () => `${opened ? 'opened' : 'already open:'} account ${client.accountId} (${role}) for ${wallet.address}` };
      } finally {
        await client.close().catch(() => undefined);
      }
    }),
  );
}
