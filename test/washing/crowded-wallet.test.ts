/**
 * Washing through a crowded wallet (an outside audit, 2026-12-06). An address keeps at most
 * MAX_LINKS_PER_ADDRESS counterparties (beyond, it is a hub: an exchange's hot wallet), and a
 * crowded counterparty relates nobody. But the two wallets of the relation are no hub: a
 * provider that first sprays dust to 512 fresh addresses (gas only) made its own wallet
 * crowded, so the PAT it then sent its second wallet related nothing (the direct link was
 * skipped, and on its side not even kept); a second wallet filled with dust the same way did
 * too. Its receipts then raised the listing's delivered count, as before issue 73.
 *
 * Issue 73's setup (test/washing/washing.test.ts):: trust cannot be bought by the provider's own second wallet. The
 * finding: the provider's second wallet bought 10 of its rights and receipted them, every
 * receipt counted and nothing noticed. Now a receipt or a rating by a consumer related on-chain
 * to the provider (PAT moved between their wallets) is kept and shown, marked not counting with
 * why, leaves the listing's delivery and rating as they were, and the operator sees a flag.
 *
 * Real service (LMDB, uWS, the grant ledger, the catalog), the real reference provider server
 * over HTTP, real signatures; settlement off, so the PAT transfers the chain watcher would read
 * (test/washing/washing-chain.test.ts reads them from a real chain) are recorded directly.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINKS_PER_ADDRESS } from '../../src/washing/index.js';
import { WashingExchange, washingSteps } from '../support/washing-exchange.js';

const ex = new WashingExchange('washing-crowded', 'washing-crowded-operator-tok-0123456789');
const { provider, washing, transfer, receipted, grantView, flags, accountOf, delivered } = washingSteps(ex);

beforeAll(() => ex.start());
afterAll(() => ex.stop());

const honest = Wallet.createRandom();
/** The provider's second wallet, funded from the provider's own. */
const second = Wallet.createRandom();
/** A consumer that later sends its PAT on to the provider. */
const later = Wallet.createRandom();

/** `n` PAT transfers between `wallet` and fresh addresses (dust: either way), recorded in one range as the watcher does. */
function dust(wallet: string, n: number, direction: 'from' | 'to'): Promise<{ grants: number; ratings: number }> {
  const transfers = Array.from({ length: n }, () => {
    const other = Wallet.createRandom().address;
    const b = ex.nextBlock();
    return { from: direction === 'from' ? wallet : other, to: direction === 'from' ? other : wallet, ref: `0x${b.toString(16).padStart(64, '0')}:0`, blockNumber: b };
  });
  return washing().recordTransfers(transfers);
}

describe('washing through a crowded wallet', () => {
  it("a second wallet filled with dust before the provider funds it is related all the same (the link read on the provider's side)", async () => {
    const third = Wallet.createRandom();
    await dust(third.address, MAX_LINKS_PER_ADDRESS, 'to');
    expect(washing().links.crowded(third.address)).toBe(true);
    await transfer(provider.address, third.address);
    const g = await receipted(third, 2);
    expect((await grantView(third, g.grant.grantId)).notCountedForListing).toMatchObject({ reason: 'washing' });
    expect(delivered()).toBe(0);
  });

  it("the provider's own wallet filled with dust first: its second wallet's receipts still do not count, and a flag appears", async () => {
    await dust(provider.address, MAX_LINKS_PER_ADDRESS, 'from');
    expect(washing().links.crowded(provider.address)).toBe(true);
    await transfer(provider.address, second.address);
    const g = await receipted(second, 3);
    expect(washing().guard.relation(accountOf(second), ex.providerId)).toMatchObject({ kind: 'funded-from', sharedAddress: provider.address.toLowerCase() });
    expect(await grantView(second, g.grant.grantId)).toMatchObject({ delivered: 3, counted: 3, notCountedForListing: { reason: 'washing' } });
    expect(delivered()).toBe(0);
    expect((await flags()).body.flags.filter((f) => f.consumerAccountId === accountOf(second))).toEqual([expect.objectContaining({ providerAccountId: ex.providerId, consumerAccountId: accountOf(second), kind: 'funded-from', excluded: { grants: 1, rights: 3, ratings: 0 } })]);
  });

  it('both wallets full before PAT moves between them: related all the same (the first transfer each way is kept whatever the counts)', async () => {
    const full = Wallet.createRandom();
    await dust(full.address, MAX_LINKS_PER_ADDRESS, 'to');
    // Both full: neither keeps a link to the other, and until 2026-12-06 the relation was missed.
    expect(washing().links.crowded(full.address)).toBe(true);
    expect(washing().links.crowded(provider.address)).toBe(true);
    await transfer(provider.address, full.address);
    expect(washing().links.linksOf(full.address).some((l) => l.counterparty === provider.address.toLowerCase())).toBe(false);
    const g = await receipted(full, 2);
    expect(washing().guard.relation(accountOf(full), ex.providerId)).toMatchObject({ kind: 'funded-from', sharedAddress: provider.address.toLowerCase() });
    expect((await grantView(full, g.grant.grantId)).notCountedForListing).toMatchObject({ reason: 'washing' });
    expect(delivered()).toBe(0);
  });

  it('a consumer found later to have sent PAT to the crowded provider wallet has what counted taken back', async () => {
    const g = await receipted(later, 2);
    expect(delivered()).toBe(2);
    expect(await transfer(later.address, provider.address)).toEqual({ grants: 1, ratings: 0 });
    expect(delivered()).toBe(0);
    expect((await grantView(later, g.grant.grantId)).notCountedForListing).toMatchObject({ reason: 'washing' });
  });

  it('a consumer whose wallet and the provider\'s were both full, found later to have sent PAT to it, has what counted taken back', async () => {
    const full = Wallet.createRandom();
    await dust(full.address, MAX_LINKS_PER_ADDRESS, 'to');
    const g = await receipted(full, 2);
    expect(delivered()).toBe(2);
    // Neither wallet keeps the link: the transfer between two accounts' wallets relates them itself.
    expect(await transfer(full.address, provider.address)).toEqual({ grants: 1, ratings: 0 });
    expect(washing().links.linksOf(full.address).some((l) => l.counterparty === provider.address.toLowerCase())).toBe(false);
    expect(delivered()).toBe(0);
    expect((await grantView(full, g.grant.grantId)).notCountedForListing).toMatchObject({ reason: 'washing' });
  });

  it('dust from a crowded stranger still relates nobody', async () => {
    const hub = Wallet.createRandom().address;
    await dust(hub, MAX_LINKS_PER_ADDRESS, 'from');
    await transfer(hub, provider.address);
    await transfer(hub, honest.address);
    await receipted(honest, 1);
    expect(washing().guard.relation(accountOf(honest), ex.providerId)).toBeUndefined();
    expect(delivered()).toBe(1);
  });
});
