/**
 * Reads the PAT token's Transfer events once they have the configured confirmations (as the
 * chain watcher reads the vault's deposits, src/settlement/watcher.ts) into the wallet links,
 * then lets the guard take back what a new relation makes not count, then saves its cursor.
 * A crash before the cursor is saved reads the range again: the links are kept once and the
 * take-back skips what it took already, so nothing counts twice or is missed.
 */
import type { Contract, EventLog, JsonRpcProvider } from 'ethers';
import type { Logger } from '../runtime/log.js';
import type { TokenTransfer, WalletLinks } from './wallet-links.js';

export interface TransferWatcherDeps {
  provider: JsonRpcProvider;
  token: Contract;
  links: WalletLinks;
  /** The first block read when nothing was read yet (the deployment's block). */
  startBlock: number;
  confirmations: number;
  pollIntervalMs: number;
  /** Blocks per eth_getLogs query. */
  maxBlockRange: number;
  log: Logger;
  /** Told the addresses of each range's transfers once their links are on disk, before the cursor moves past them. */
  onTransfers: (transfers: readonly TokenTransfer[]) => Promise<unknown>;
}

export class TransferWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  failures = 0;

  constructor(private readonly d: TransferWatcherDeps) {}

  start(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    // A destroyed provider is the service stopping (settlement closes the chain before washing closes): not a failure.
    if (this.stopped || this.d.provider.destroyed) return;
    this.timer = setTimeout(() => {
      this.running = this.pollOnce()
        .then(() => {
          this.failures = 0;
        })
        .catch((error: unknown) => {
          if (this.stopped || this.d.provider.destroyed) return;
          this.failures++;
          // The chain watcher raises chain-unreachable for the same chain; this one only logs.
          if (this.failures === 1 || this.failures % 30 === 0) this.d.log.warn({ err: error, failures: this.failures }, 'PAT transfer watcher poll failed; retrying');
        })
        .finally(() => this.schedule(this.d.pollIntervalMs));
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: every confirmed block after the cursor. */
  async pollOnce(): Promise<void> {
    const { provider, links } = this.d;
    const head = await provider.getBlockNumber();
    const safe = head - this.d.confirmations + 1;
    let cursor = links.cursor() ?? this.d.startBlock - 1;
    while (cursor < safe && !this.stopped) {
      const to = Math.min(safe, cursor + this.d.maxBlockRange);
      const transfers = await this.transfersIn(cursor + 1, to);
      await links.add(transfers);
      if (transfers.length > 0) await this.d.onTransfers(transfers);
      await links.setCursor(to);
      cursor = to;
    }
  }

  private async transfersIn(fromBlock: number, toBlock: number): Promise<TokenTransfer[]> {
    const token = this.d.token;
    const logs = (await token.queryFilter(token.getEvent('Transfer'), fromBlock, toBlock)) as EventLog[];
    return logs.map((log) => ({
      from: String(log.args[0]).toLowerCase(),
      to: String(log.args[1]).toLowerCase(),
      ref: `${log.transactionHash.toLowerCase()}:${log.index}`,
      blockNumber: log.blockNumber,
    }));
  }
}
