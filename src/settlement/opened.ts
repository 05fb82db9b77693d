/**
 * What settlement's start opened (the chain's connection, the store), released in reverse order,
 * then the embedded chain: a failed start and stop() both end here.
 */
import type { LocalChain } from './local-chain.js';

export class Opened {
  private readonly releases: Array<() => Promise<void>> = [];

  constructor(private readonly localChain: LocalChain | undefined) {}

  add(release: () => Promise<void>): void {
    this.releases.push(release);
  }

  /** Each release in reverse order (a failing one does not keep the rest open), then the embedded chain. */
  async closeAll(): Promise<void> {
    for (const release of this.releases.reverse()) await release().catch(() => undefined);
    await this.localChain?.stop();
  }
}
