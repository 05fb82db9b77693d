/**
 * Who is who on-chain: engine accounts by address (for deposits) and addresses
 * by account (for batches). Accounts only ever append and never change address,
 * so the index catches up by scanning the accounts opened since its last look.
 */
import { Role, type Engine } from '../engine/index.js';

export class Participants {
  private readonly byAddress = new Map<string, number>();
  private scanned = 1;

  constructor(
    private readonly engine: Engine,
    /** The broker's on-chain address when its account was opened without one. */
    private readonly brokerAddress: string | undefined,
  ) {}

  /** The account whose address this is, if any. */
  accountOf(address: string): number | undefined {
    const key = address.toLowerCase();
    this.catchUp();
    return this.byAddress.get(key);
  }

  /** The on-chain address of an account, if it has one. */
  addressOf(accountId: number): string | undefined {
    const a = this.engine.accounts[accountId];
    if (a === undefined) return undefined;
    if (a.address !== '') return a.address;
    if (accountId === this.engine.brokerId && this.brokerAddress !== undefined) return this.brokerAddress.toLowerCase();
    return undefined;
  }

  isProvider(accountId: number): boolean {
    return this.engine.accounts[accountId]?.role === Role.PROVIDER;
  }

  private catchUp(): void {
    const accounts = this.engine.accounts;
    for (; this.scanned < accounts.length; this.scanned++) {
      const address = this.addressOf(this.scanned);
      if (address !== undefined && !this.byAddress.has(address)) this.byAddress.set(address, this.scanned);
    }
  }
}
