/**
 * Washing on a real chain: the transfer watcher reads the PAT token's Transfer events (after
 * their confirmations) into the wallet links, a wallet funded from another is related to it,
 * the links and the cursor survive a restart and a range read again adds nothing.
 * Real hardhat node, real contracts, real LMDB.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Contract } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/log.js';
import { contractAt, type Deployment } from '../../src/settlement/index.js';
import { relationOf, TransferWatcher, WalletLinks } from '../../src/washing/index.js';
import { startChainFixture, type ChainFixture } from '../support/chain-fixture.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
const PAT = 10n ** 18n;
let fx: ChainFixture;
let d: Deployment;
let token: Contract;
let dir: string;

beforeAll(async () => {
  fx = await startChainFixture();
  d = await fx.deploy();
  token = contractAt('PATToken', d.token, fx.wallets[0]!);
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-washing-chain-'));
}, 60_000);

afterAll(async () => {
  await fx?.stop();
  removeDir(dir);
});

function watcher(links: WalletLinks, seen: string[][]): TransferWatcher {
  return new TransferWatcher({ provider: fx.provider, token, links, startBlock: d.deployBlock, confirmations: 2, pollIntervalMs: 1_000_000, maxBlockRange: 3, log: logger, onTransfers: async (transfers) => void seen.push(transfers.flatMap((t) => [t.from, t.to])) });
}

describe('the PAT transfer watcher', () => {
  it("records who funded whom once confirmed, relates a second wallet to the provider's, and keeps it across a restart", async () => {
    const [deployer, provider, second] = [fx.addresses[0]!, fx.addresses[1]!, fx.addresses[5]!].map((a) => a.toLowerCase()) as [string, string, string];
    await (await token.getFunction('transfer')(provider, 100n * PAT)).wait();
    // The provider funds its second wallet.
    await (await contractAt('PATToken', d.token, fx.wallets[1]!).getFunction('transfer')(second, 20n * PAT)).wait();
    let links = WalletLinks.open(dir);
    const seen: string[][] = [];
    await watcher(links, seen).pollOnce();
    // The last transfer has one confirmation: not read yet.
    expect(links.linksOf(second)).toEqual([]);
    await fx.mine(1);
    await watcher(links, seen).pollOnce();
    expect(links.linksOf(second)).toEqual([expect.objectContaining({ counterparty: provider, direction: 'in' })]);
    expect(new Set(links.linksOf(provider).map((l) => `${l.counterparty} ${l.direction}`))).toEqual(new Set([`${deployer} in`, `${second} out`]));
    expect(seen.flat()).toContain(second);
    const common = new Set([d.vault.toLowerCase(), d.token.toLowerCase()]);
    expect(relationOf(links, common, { wallet: second, name: 'consumer' }, { wallet: provider, name: 'provider' })).toMatchObject({ kind: 'funded-from', sharedAddress: provider });
    // Two wallets the deployer merely funded are not related by it.
    await (await token.getFunction('transfer')(fx.addresses[6]!, PAT)).wait();
    await fx.mine(2);
    await watcher(links, seen).pollOnce();
    expect(relationOf(links, common, { wallet: fx.addresses[6]!, name: 'consumer' }, { wallet: provider, name: 'provider' })).toBeUndefined();
    const cursor = links.cursor()!;
    expect(cursor).toBe((await fx.provider.getBlockNumber()) - 1);
    await links.close();

    // A restart: the links and the cursor kept; reading the same blocks again adds nothing.
    links = WalletLinks.open(dir);
    expect(links.cursor()).toBe(cursor);
    expect(links.linksOf(second)).toHaveLength(1);
    expect(await links.add([{ from: provider, to: second, ref: '0xdup:0', blockNumber: 1 }])).toEqual([]);
    expect(links.linksOf(second)[0]!.ref).not.toBe('0xdup:0');
    await links.close();
  }, 60_000);
});
