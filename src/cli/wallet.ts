/**
 * A wallet of one's own (docs/cli.md, "Your own wallet"), offline:
 *
 *   patx wallet new --out FILE     a new random key (ethers' Wallet.createRandom) written to FILE as 0x + 64 hex and a
 *                                  newline, mode 0600, never over an existing file (FILE_EXISTS); prints its address
 *                                  and what to do next (the key itself is never printed)
 *   patx wallet address            the address of the wallet the usual options name (--key-file, PATX_WALLET_KEY, --dev-key)
 *
 * Every other wallet command then takes `--key-file FILE`. ethers loads when the command runs.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { acting } from './command-output.js';
import { addWalletOptions, WalletCommandError, walletKey, type WalletOptions } from './wallet-options.js';

/** What to do with a new wallet, in lines: it holds nothing anywhere yet. */
export function newWalletText(address: string, file: string): string {
  return [
    `new wallet ${address}`,
    `its private key is in ${file} (mode 0600): whoever holds the file holds the wallet; keep it, and a copy, where nobody else reads it`,
    'next:',
    `  it holds no PAT (nor gas) yet; on the local demo chain (npm start), which has no faucet, a dev wallet holds PAT: trade there as one (--dev-key 4)`,
    `  as a consumer, once it holds PAT on the exchange's chain: patx deposit 50 --key-file ${file}, then patx catalog and patx buy`,
    `  as a data provider: patx provider open --key-file ${file} before anything else (an account keeps the role of its first login)`,
  ].join('\n');
}

export function addWalletCommands(program: Command, act: ReturnType<typeof acting>): void {
  const wallet = program.command('wallet').description('a wallet of your own: make a new key, or show the address of one (offline)');
  wallet
    .command('new')
    .description('a new random wallet: its private key written to FILE (0x + 64 hex, mode 0600; never over an existing file), its address printed')
    .requiredOption('--out <file>', 'where to write the private key (it must not exist)')
    .action((o: { out: string }) =>
      act(async () => {
        const { Wallet } = await import('ethers');
        const created = Wallet.createRandom();
        try {
          // 'wx': created here or not at all (never over a file, never through a race); 0600: the owner's alone.
          writeFileSync(o.out, `${created.privateKey}\n`, { mode: 0o600, flag: 'wx' });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') throw new WalletCommandError('FILE_EXISTS', `${o.out} exists: a key file is never overwritten (name a new file, or use the wallet in it: patx wallet address --key-file ${o.out})`);
          throw new WalletCommandError('CANNOT_WRITE_KEY', `cannot write ${o.out} (${code ?? String(error)}): nothing was written`);
        }
        const value = { address: created.address, keyFile: o.out };
        return { value, text: () => newWalletText(created.address, o.out) };
      }),
    );
  addWalletOptions(wallet.command('address').description('the address of the wallet named by --key-file FILE, PATX_WALLET_KEY or --dev-key N (offline)')).action((o: WalletOptions) =>
    act(async () => {
      const [{ Wallet }, { HARDHAT_KEYS }] = await Promise.all([import('ethers'), import('../settlement/hardhat-keys.js')]);
      const address = new Wallet(walletKey(o, HARDHAT_KEYS)).address;
      return { value: { address }, text: () => address };
    }),
  );
}
