/**
 * Washing (issue 73, item 3): trust cannot be bought by the provider's own second wallet. The
 * finding: the provider's second wallet bought 10 of its rights and receipted them, every
 * receipt counted and nothing noticed. Now a receipt or a rating by a consumer related on-chain
 * to the provider (PAT moved between their wallets) is kept and shown, marked not counting with
 * why, leaves the listing's delivery and rating as they were, and the operator sees a flag.
 *
 * Real service (LMDB, uWS, the grant ledger, the catalog), the real reference provider server
 * over HTTP, real signatures; settlement off, so the PAT transfers the chain watcher would read
 * (test/washing/washing-chain.test.ts reads them from a real chain) are recorded directly.
 */
import { Wallet, type HDNodeWallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedRequest } from '../../src/client/index.js';
import { signGateRequest } from '../../src/gate/index.js';
import { DISPUTE_MS, LISTING, WashingExchange, washingSteps } from '../support/washing-exchange.js';

const ex = new WashingExchange('washing', 'washing-test-operator-token-0123456789');
const { provider, base, ledger, washing, transfer, buyAndExercise, receipted, grantView, flags, accountOf, delivered } = washingSteps(ex);

beforeAll(() => ex.start());
afterAll(() => ex.stop());

const honest = Wallet.createRandom();
/** The provider's second wallet, funded from the provider's own. */
const second = Wallet.createRandom();
/** A consumer that later sends its PAT on to the provider. */
const later = Wallet.createRandom();

function rate(wallet: HDNodeWallet, stars: number): Promise<{ status: number }> {
  return signedRequest(base(), wallet, 'POST', `/v1/ratings/${LISTING}`, { stars, review: `${stars} stars` });
}

const ratingsCounted = (): number => ex.service.catalog.score(ex.service.catalog.get(LISTING)).ratings;

describe('washing', () => {
  it("reproduces the finding: the provider's second wallet, funded from the provider's, buys 10 rights and receipts them; the listing's delivered count does not move and a flag appears", async () => {
    const h = await receipted(honest, 2);
    expect(delivered()).toBe(2);
    expect((await grantView(honest, h.grant.grantId)).notCountedForListing).toBeNull();

    // The provider's wallet funds the second wallet with PAT before it opens an account.
    await transfer(provider.address, second.address);
    const g = await receipted(second, 10);
    // The receipt is kept and counted on the grant (its escrow is released to the provider as for any delivery)...
    const v = await grantView(second, g.grant.grantId);
    expect(v).toMatchObject({ delivered: 10, counted: 10, notCountedForListing: { reason: 'washing' } });
    expect(v.notCountedForListing!.why).toContain(provider.address.toLowerCase());
    expect(ledger().receiptsOf(g.grant.grantId)).toHaveLength(1);
    // ...but not on the listing: its reliability is what the honest consumer's receipt made it.
    expect(delivered()).toBe(2);

    // The operator's flag: the pair, the shared address, why, what was left out; and an alarm on the operator page.
    const f = await flags();
    expect(f.status).toBe(200);
    expect(f.body.flags).toEqual([
      expect.objectContaining({ providerAccountId: ex.providerId, consumerAccountId: accountOf(second), sharedAddress: provider.address.toLowerCase(), kind: 'funded-from', excluded: { grants: 1, rights: 10, ratings: 0 }, grantIds: [g.grant.grantId] }),
    ]);
    expect(ex.service.alarms.get('wash-suspected', `provider #${ex.providerId}, consumer #${accountOf(second)}`)).toMatchObject({ active: true, severity: 'warning' });
  });

  it("a related consumer's rating is kept and shown, marked not counting; a critic's low stars still count", async () => {
    expect((await rate(honest, 4)).status).toBe(201);
    expect(ratingsCounted()).toBe(1);
    expect((await rate(second, 5)).status).toBe(201);
    expect(ratingsCounted()).toBe(1);
    const listing = ex.service.catalog.get(LISTING);
    expect(listing.ratings.find((r) => r.consumerAccountId === accountOf(second))).toMatchObject({ stars: 5, status: 'visible', notCounted: { reason: 'washing' } });
    // The public reviews show it, marked.
    const reviews = ((await (await fetch(`${base()}/v1/listings/${LISTING}`)).json()) as { reviews: { stars: number; counted: boolean }[] }).reviews;
    expect(reviews.map((r) => [r.stars, r.counted])).toEqual([
      [5, false],
      [4, true],
    ]);
    expect((await flags()).body.flags[0]!.excluded).toEqual({ grants: 1, rights: 10, ratings: 1 });
    // One star from a related account cannot buy trust, and a provider could relate itself to a critic: it counts.
    expect((await rate(second, 1)).status).toBe(201);
    expect(ratingsCounted()).toBe(2);
    expect((await rate(second, 5)).status).toBe(201);
    expect(ratingsCounted()).toBe(1);
  });

  it("a relation found later (the consumer sends its PAT on to the provider's wallet) takes back what counted", async () => {
    const g = await receipted(later, 3);
    expect((await rate(later, 5)).status).toBe(201);
    expect(delivered()).toBe(5);
    expect(ratingsCounted()).toBe(2);
    expect(await transfer(later.address, provider.address)).toEqual({ grants: 1, ratings: 1 });
    expect(delivered()).toBe(2);
    expect(ratingsCounted()).toBe(1);
    expect((await grantView(later, g.grant.grantId)).notCountedForListing).toMatchObject({ reason: 'washing' });
    expect(ex.service.catalog.get(LISTING).ratings.find((r) => r.consumerAccountId === accountOf(later))!.notCounted).toMatchObject({ reason: 'washing' });
    const flag = (await flags()).body.flags.find((x) => x.consumerAccountId === accountOf(later));
    expect(flag).toMatchObject({ sharedAddress: provider.address.toLowerCase(), kind: 'sent-to', excluded: { grants: 1, rights: 3, ratings: 1 } });
    // Again: nothing more to take back.
    expect(await transfer(later.address, provider.address)).toEqual({ grants: 0, ratings: 0 });
    expect(delivered()).toBe(2);
  });

  it('dust from a stranger to the provider and its consumer relates nobody: anyone can send PAT to anyone', async () => {
    const stranger = Wallet.createRandom();
    await transfer(stranger.address, provider.address);
    await transfer(stranger.address, honest.address);
    expect(washing().guard.relation(accountOf(honest), ex.providerId)).toBeUndefined();
    await receipted(honest, 1);
    expect(delivered()).toBe(3);
    expect(ratingsCounted()).toBe(1);
  });

  it("the provider's own report on a related consumer's grant, undisputed, does not count for the listing either", async () => {
    const g = await buyAndExercise(second, 2);
    const request = await signGateRequest(second, g, 2, { domain: ledger().signer.domain, endpoint: ex.server.endpoint });
    const res = await fetch(`http://127.0.0.1:${ex.server.port}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    expect(res.status).toBe(200);
    await ex.server.settled();
    const before = ledger().deliveryOf(LISTING)!;
    await ledger().sweep(Date.now() + DISPUTE_MS + 1_000);
    expect((await ledger().get(g.grant.grantId))!.counted).toBe(2);
    expect(ledger().deliveryOf(LISTING)!.delivered).toBe(before.delivered);
    expect((await flags()).body.flags.find((x) => x.consumerAccountId === accountOf(second))!.excluded).toMatchObject({ grants: 2, rights: 12 });
  });

  it('a restart keeps the links, the flags and the counts', async () => {
    const counts = ledger().deliveryOf(LISTING);
    const kept = (await flags()).body;
    await ex.restartService();
    expect(ledger().deliveryOf(LISTING)).toEqual(counts);
    expect(washing().guard.relation(accountOf(second), ex.providerId)).toMatchObject({ kind: 'funded-from', sharedAddress: provider.address.toLowerCase() });
    expect(washing().links.cursor()).toBeUndefined(); // settlement off: no chain read
    expect((await flags()).body).toEqual(kept);
    // The board starts empty: the kept flags are raised again.
    expect(ex.service.alarms.get('wash-suspected', `provider #${ex.providerId}, consumer #${accountOf(second)}`)?.active).toBe(true);
    expect(ratingsCounted()).toBe(1);
  });
});
