/**
 * A data provider's commands (docs/providers.md). `patx provider open`: its account, opened by the wallet's
 * first login with the PROVIDER role. An account keeps the role its first login gave it, and every other
 * wallet command's first login opens a consumer's: so a provider runs this first. On a wallet that has an
 * account already it says which role that is (a consumer's cannot become a provider's: another wallet must).
 * `patx provider statement`: its payout statement, wallet-signed, from anywhere. Its listings, capacity and
 * mints: provider-supply.ts.
 */
import type { Command } from 'commander';
import type { acting } from './command-output.js';
import { table } from '../operator/cli-format.js';
import { patShown } from '../client/pat.js';
import { patFromWei, utc } from './trading-format.js';
import { addWalletOptions, connectTrading, connectWallet, WalletCommandError, type WalletOptions } from './wallet-options.js';
import { addProviderSupplyCommands } from './provider-supply.js';

/** One settled batch of the statement, as GET /v1/payouts/statement gives it (src/settlement/store.ts's PayoutEntry, JSON). */
interface StatementBatch {
  batchId: number;
  settledAtMs: number;
  fills: number;
  qty: number;
  grossMicros: number;
  netWei: string;
  feesMicros?: number;
  escrow?: { heldMicros: number; releasedMicros: number; refundedMicros: number };
}

export interface Statement {
  entries: StatementBatch[];
  payouts?: { verifiedProvider: boolean; held: boolean; heldWei: string };
  months?: Array<{ month: string; batches: number; netWei: string; withdrawals: { count: number; amountWei: string }; heldWei: string }>;
}

/** The statement as a table of batches, then the months' totals and whether payouts are held. */
export function statementText(s: Statement): string {
  if (s.entries.length === 0) return 'no settled batch with your sales yet';
  const rows = s.entries.map((e) => ({
    BATCH: e.batchId,
    SETTLED: utc(e.settledAtMs),
    FILLS: e.fills,
    RIGHTS: e.qty,
    'GROSS PAT': patShown(e.grossMicros),
    'FEES PAT': patShown(e.feesMicros ?? 0),
    'HELD PAT': patShown(e.escrow?.heldMicros ?? 0),
    'RELEASED PAT': patShown(e.escrow?.releasedMicros ?? 0),
    'REFUNDED PAT': patShown(e.escrow?.refundedMicros ?? 0),
    'NET PAT': patFromWei(e.netWei),
  }));
  const months = (s.months ?? []).map((m) => ({ MONTH: m.month, BATCHES: m.batches, 'NET PAT': patFromWei(m.netWei), WITHDRAWN: `${m.withdrawals.count} (${patFromWei(m.withdrawals.amountWei)} PAT)`, 'SETTLED WHILE HELD PAT': patFromWei(m.heldWei) }));
  const held = s.payouts?.held === true ? '\npayouts held: withdrawals wait until the operator verifies your identity (docs/providers.md, "Held payouts")' : '';
  return `${table(rows)}${months.length === 0 ? '' : `\n\n${table(months)}`}${held}`;
}

export function addProviderCommands(program: Command, act: ReturnType<typeof acting>): void {
  const provider = program.command('provider').description("a data provider's account, listings, capacity and mints (docs/providers.md)");
  addProviderSupplyCommands(provider, act);
  addWalletOptions(
    provider
      .command('statement')
      .description('your payout statement from the exchange (GET /v1/payouts/statement): each settled batch with its sales, fees, proceeds held, released and refunded, and net PAT; totals per UTC month')
      .option('--month <YYYY-MM>', 'that UTC calendar month only'),
  ).action((o: WalletOptions & { month?: string }) =>
    act(async () => {
      if (o.month !== undefined && !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(o.month)) throw new WalletCommandError('USAGE', '--month: a UTC calendar month, YYYY-MM (e.g. 2026-11)');
      const [{ getPayoutStatement }, http] = await Promise.all([import('../client/provider.js'), connectWallet(o)]);
      // The client's call (a refusal throws PatxHttpError, which `act` prints in one line by its code).
      const statement = await getPayoutStatement(http, o.month === undefined ? {} : { month: o.month });
      return { value: statement, text: () => statementText(statement) };
    }),
  );
  addWalletOptions(provider.command('open').description("open the wallet's account as a data provider's (its first login; an account keeps its role)")).action((o: WalletOptions) =>
    act(async () => {
      const [{ wire }, { client, wallet }] = await Promise.all([import('../proto/index.js'), connectTrading(o, { opens: 'provider' })]);
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
            `${opened ? 'opened' : 'already open:'} account ${client.accountId} (PROVIDER) for ${wallet.address}; next: a listing of your data (patx provider listing template SEGMENT > listing.json; docs/catalog.md), then patx provider capacity, mint and patx sell`,
        };
      } finally {
        await client.close().catch(() => undefined);
      }
    }),
  );
}
