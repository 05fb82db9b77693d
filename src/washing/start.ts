/**
 * The washing components in start order: the wallet links (LMDB), the guard wired to the
 * grant ledger and the catalog, and, with settlement on, the watcher of PAT transfers.
 */
import type { Contract, JsonRpcProvider } from 'ethers';
import type { AlarmSink } from '../runtime/health.js';
import type { Logger } from '../runtime/log.js';
import type { GrantLedger } from '../grants/index.js';
import type { Catalog } from '../catalog/index.js';
import { WashGuard, type AccountWallets } from './guard.js';
import { TransferWatcher } from './transfer-watcher.js';
import { WalletLinks, type TokenTransfer } from './wallet-links.js';

export interface WashingDeps {
  dataDir: string;
  accounts: AccountWallets;
  ledger: GrantLedger;
  catalog: Catalog;
  alarms: AlarmSink;
  clock: () => number;
  log: Logger;
  /** Addresses that relate nobody: the exchange's contracts, the broker's wallet. */
  commonAddresses: readonly string[];
  /** The chain, when settlement runs: its PAT transfers are read. */
  chain?: { provider: JsonRpcProvider; token: Contract; startBlock: number; confirmations: number; pollIntervalMs: number; maxBlockRange: number };
}

export interface Washing {
  readonly guard: WashGuard;
  readonly links: WalletLinks;
  readonly watcher: TransferWatcher | undefined;
  /** Records transfers as the watcher does (links, then what they make not count): the watcher's step, for a chain read elsewhere. */
  recordTransfers(transfers: readonly TokenTransfer[]): Promise<{ grants: number; ratings: number }>;
  close(): Promise<void>;
}

export function startWashing(d: WashingDeps): Washing {
  const links = WalletLinks.open(d.dataDir);
  const guard = new WashGuard(links, d.accounts, { commonAddresses: d.commonAddresses, clock: d.clock, alarms: d.alarms });
  guard.attach(d.ledger, d.catalog);
  d.ledger.setListingCountFilter(guard.grantFilter);
  d.catalog.setRatingFilter(guard.ratingFilter);
  guard.raiseKept();
  const log = d.log.child({ module: 'washing' });
  const takeBack = async (transfers: readonly TokenTransfer[]): Promise<{ grants: number; ratings: number }> => {
    const done = await guard.linksAdded([...new Set(transfers.flatMap((t) => [t.from.toLowerCase(), t.to.toLowerCase()]))], transfers);
    if (done.grants + done.ratings > 0) log.warn({ ...done }, 'receipts and ratings of accounts found related on-chain to their provider no longer count');
    return done;
  };
  const watcher = d.chain === undefined ? undefined : new TransferWatcher({ ...d.chain, links, log, onTransfers: takeBack });
  watcher?.start();
  return {
    guard,
    links,
    watcher,
    async recordTransfers(transfers) {
      await links.add(transfers);
      return takeBack(transfers);
    },
    async close() {
      await watcher?.stop();
      await guard.flushed();
      await links.close();
    },
  };
}
