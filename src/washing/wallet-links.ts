/**
 * Who moved PAT to whom on-chain: per address, the addresses that sent it PAT (it was funded
 * from them) and the addresses it sent PAT to (where it withdrew to). LMDB under
 * `<dataDir>/washing`, with the last block read, so a restart resumes where it stopped.
 *
 * The vault only ever takes deposits from an account's own wallet and pays withdrawals to it
 * (src/settlement/), so "funded from" and "withdrew to" happen on the token beside the vault:
 * the PAT token's Transfer events (transfer-watcher.ts). Every transfer is kept, not only those
 * of accounts' wallets, because a second wallet is funded before it opens an account.
 *
 * Each link is kept once (its first transfer), so reading a block range twice (a crash between
 * the links and the cursor) changes nothing. Bounded: at most MAX_LINKS_PER_ADDRESS
 * counterparties an address keeps; past them a busy address (an exchange's hot wallet) is
 * marked `crowded` and adds no more.
 *
 * Beside the links, the first transfer from one address to another, whatever either's count
 * (`firstTransfer`): PAT moved between two wallets relates them even when both were full before
 * (relation.ts), which the links alone missed. Read only by a point look-up of the pair, so a hub's
 * rows cost no relation check anything; each row is a transfer on chain, paid for in gas.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';

/** 'in': the counterparty sent PAT to the address; 'out': the address sent PAT to the counterparty. */
export type LinkDirection = 'in' | 'out';

export interface TokenTransfer {
  from: string;
  to: string;
  /** `txHash:logIndex`, lower case. */
  ref: string;
  blockNumber: number;
}

export interface WalletLink {
  counterparty: string;
  direction: LinkDirection;
  /** The first transfer that made the link. */
  ref: string;
  blockNumber: number;
}

/** Counterparties kept per address: beyond them it is a hub (a hot wallet, a faucet), not a person's second wallet. */
export const MAX_LINKS_PER_ADDRESS = 512;

/** The first transfer between two addresses in one direction. */
export interface FirstTransfer {
  ref: string;
  blockNumber: number;
}

/** Set in `meta` once the transfers table holds every link's transfer. */
const TRANSFERS_FILLED = 'transfers-filled';

export class WalletLinks {
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly env: RootDatabase,
    /** By [address, counterparty, direction]: the first transfer. */
    private readonly links: Database<{ ref: string; blockNumber: number }, [string, string, LinkDirection]>,
    /** Counterparties kept per address (the bound). */
    private readonly counts: Database<number, string>,
    /** By [from, to]: the first transfer from one address to the other, unbounded (firstTransfer). */
    private readonly transfers: Database<FirstTransfer, [string, string]>,
    private readonly meta: Database<number, string>,
  ) {}

  static open(dataDir: string): WalletLinks {
    const dir = join(dataDir, 'washing');
    mkdirSync(dir, { recursive: true });
    const env = openStore({ path: dir, maxDbs: 8 });
    const links = new WalletLinks(env, env.openDB({ name: 'links' }), env.openDB({ name: 'link-counts' }), env.openDB({ name: 'transfers' }), env.openDB({ name: 'meta' }));
    links.fillTransfersFromLinks();
    return links;
  }

  /**
   * A store written before the transfers table (2026-12-06) has its links' first transfers put there once, at
   * open: what it missed between two full addresses was never read and stays unknown.
   */
  private fillTransfersFromLinks(): void {
    if (this.meta.get(TRANSFERS_FILLED) !== undefined) return;
    this.env.transactionSync(() => {
      for (const { key, value } of this.links.getRange()) {
        const [address, counterparty, direction] = key;
        const pair: [string, string] = direction === 'out' ? [address, counterparty] : [counterparty, address];
        if (this.transfers.get(pair) === undefined) void this.transfers.put(pair, value);
      }
      void this.meta.put(TRANSFERS_FILLED, 1);
    });
  }

  /** The environment, for the other stores of this folder (the flags). */
  get root(): RootDatabase {
    return this.env;
  }

  /** The last block whose transfers are all recorded (undefined: none read yet). */
  cursor(): number | undefined {
    return this.meta.get('cursor');
  }

  /**
   * Records transfers (a link once: repeating a range changes nothing). Returns the addresses
   * that gained a counterparty.
   */
  async add(transfers: readonly TokenTransfer[]): Promise<string[]> {
    const touched = new Set<string>();
    const run = this.writes.catch(() => undefined).then(() =>
      this.env.transaction(() => {
        for (const t of transfers) {
          const from = t.from.toLowerCase();
          const to = t.to.toLowerCase();
          if (from === to) continue;
          if (this.transfers.get([from, to]) === undefined) {
            void this.transfers.put([from, to], { ref: t.ref, blockNumber: t.blockNumber });
            // A new pair relates its two ends even when neither keeps the link (both full).
            touched.add(from).add(to);
          }
          if (this.put(from, to, 'out', t)) touched.add(from);
          if (this.put(to, from, 'in', t)) touched.add(to);
        }
      }),
    );
    this.writes = run;
    await run;
    return [...touched];
  }

  /** The last block whose transfers are recorded and acted on. */
  async setCursor(throughBlock: number): Promise<void> {
    const run = this.writes.catch(() => undefined).then(() => this.meta.put('cursor', throughBlock));
    this.writes = run;
    await run;
  }

  /** Inside the transaction: a new link, unless known or the address is full. */
  private put(address: string, counterparty: string, direction: LinkDirection, t: TokenTransfer): boolean {
    if (this.links.get([address, counterparty, direction]) !== undefined) return false;
    const n = this.counts.get(address) ?? 0;
    if (n >= MAX_LINKS_PER_ADDRESS) return false;
    void this.links.put([address, counterparty, direction], { ref: t.ref, blockNumber: t.blockNumber });
    void this.counts.put(address, n + 1);
    return true;
  }

  /** An address's links (at most MAX_LINKS_PER_ADDRESS). */
  linksOf(address: string): WalletLink[] {
    const a = address.toLowerCase();
    return [...this.links.getRange({ start: [a, ''], end: [`${a}\u0000`, ''], limit: MAX_LINKS_PER_ADDRESS * 2 })].map(({ key, value }) => ({ counterparty: key[1], direction: key[2], ref: value.ref, blockNumber: value.blockNumber }));
  }

  /** The first transfer of PAT from `from` to `to`, whatever either's count of counterparties. */
  firstTransfer(from: string, to: string): FirstTransfer | undefined {
    return this.transfers.get([from.toLowerCase(), to.toLowerCase()]);
  }

  /** Whether the address reached the bound (its later counterparties are not kept). */
  crowded(address: string): boolean {
    return (this.counts.get(address.toLowerCase()) ?? 0) >= MAX_LINKS_PER_ADDRESS;
  }

  /** Resolves once what was added is on disk. */
  flushed(): Promise<unknown> {
    return this.writes.catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.flushed();
    await this.env.close();
  }
}
