/**
 * What the HTTP calls make of a refusal that names a wait, and of the exchange's chain, against the real gateway on
 * 127.0.0.1 (its read budget made small, its chain not the local 31337):
 *
 * - A refusal's wait is typed: `PatxHttpError.retryAfterMs` (the message's `retry after N ms`, else Retry-After).
 *   Before, only the WebSocket's PatxRequestError had it; an HTTP caller had to parse the message.
 * - A signed read over the account's read budget for a short wait is sent again once after it, as a public GET
 *   was: a program reading pages in a row paid the budget by failing RATE_LIMITED between pages.
 * - Subscriptions' and organisations' calls are signed as every other call: for the chain GET /v1/endpoints names
 *   (they signed for 31337 unless told, and every call to an exchange on another chain was refused), with the
 *   server's details and wait on their SubscriptionError / OrganisationError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccount, getEndpoints, listFills, listSubscriptions, getMyOrganisation, OrganisationError, PatxHttpError, SubscriptionError } from '../../src/client/index.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const CHAIN_ID = 4_242;
let fx: GatewayFixture;

beforeAll(async () => {
  // 5 read units at once, 1 a second: a full page of fills (101 units) leaves the account ~96 s in debt; an account view costs 2.
  // Signed requests name the gateway's chain (settlement's, when it runs): not the local chain's 31337 here.
  fx = await startGatewayFixture({ readRateLimitPerAccount: { burst: 5, perSecond: 1 }, chainId: CHAIN_ID }, { demo: { enabled: false }, providerServer: { enabled: false } });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** A wallet with an account (its first login opens it). */
async function account(i: number): Promise<{ url: string; wallet: ReturnType<typeof testWallet> }> {
  const wallet = testWallet(i);
  await (await fx.connect(wallet)).close();
  return { url: fx.httpUrl, wallet };
}

async function refusal(call: Promise<unknown>): Promise<PatxHttpError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PatxHttpError);
  return error as PatxHttpError;
}

describe('HTTP refusals that name a wait', () => {
  it('a read past the budget for long says how long, typed, and is not waited for', async () => {
    const http = await account(81);
    await listFills(http, { limit: 1000 }); // passes from a full budget, into debt
    const t0 = performance.now();
    const error = await refusal(getAccount(http));
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect([error.code, error.status]).toEqual(['RATE_LIMITED', 429]);
    const said = Number(/retry after (\d+) ms/.exec(error.detail)?.[1]);
    expect(said).toBeGreaterThan(2_000);
    expect(error.retryAfterMs).toBe(said);
  });

  it('reads in a row over the budget wait out its short waits and all answer', async () => {
    const http = await account(82);
    const t0 = performance.now();
    for (let i = 0; i < 4; i++) expect((await getAccount(http)).accountId).toBeGreaterThan(0); // 2 units each: the third waits
    expect(performance.now() - t0).toBeGreaterThan(500);
  });

  it("subscriptions' and organisations' calls sign for the exchange's chain and carry the server's wait", async () => {
    const http = await account(83);
    expect((await getEndpoints(http)).chainId).toBe(CHAIN_ID);
    expect((await listSubscriptions(http)).subscriptions).toEqual([]);
    const none = await getMyOrganisation(await account(84)).then(() => undefined, (e: unknown) => e); // 11 units: an account of its own
    expect(none).toBeInstanceOf(OrganisationError);
    expect((none as OrganisationError).status).toBe(404); // a typed answer from the exchange, not a refused signature
    const spent = await account(85);
    await listFills(spent, { limit: 1000 });
    const waited = await refusal(listSubscriptions(spent));
    expect(waited).toBeInstanceOf(SubscriptionError);
    expect(waited.code).toBe('RATE_LIMITED');
    expect(waited.retryAfterMs).toBeGreaterThan(2_000);
  });
});
