/**
 * The catalog across a failover, from outside: two PATX nodes (`src/main.ts`, each with its
 * own data dir) on a three-node nats-server cluster. On the leader a provider creates and
 * submits a listing with a sample larger than NATS's 1 MiB max_payload, the operator
 * publishes it (providers then mint only where they have a published listing) and creates
 * a named operator. The leader is killed with SIGKILL. On the new leader the listing is
 * public with its sample preview, the provider still mints (the engine still holds its
 * listing: the new leader's start did not take it off), and the named operator's token
 * still authenticates (issue 24), and the provider's identity record (payee, a flagged
 * screening, the audit) is the one the old leader kept: the new leader serves it and acts on
 * it (issue 73). A wallet-signed write sent to the old leader with an Idempotency-Key and sent
 * again to the new one is answered as the first was, not run a second time (the group's key
 * bucket, src/replication/idempotency-key-bucket.ts).
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { signedRequest, TradingClient, wire } from '../../src/client/index.js';
import { csv, listingInput } from '../support/catalog-fixture.js';
import { follows, leads, OPERATOR_TOKEN, ReplicatedGroup, type ExchangeNode } from '../support/replicated-nodes.js';

let group: ReplicatedGroup;

beforeAll(async () => {
  group = await ReplicatedGroup.create(['a', 'b']);
}, 60_000);

afterAll(async () => {
  await group?.close();
});

async function operatorCall(port: number, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`http://127.0.0.1:${port}${route}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** The provider declares capacity and mints in the series; the reject reason (0: accepted). */
async function mintIn(port: number, wallet: Wallet, seriesId: number): Promise<number> {
  const client = await TradingClient.connect(`ws://127.0.0.1:${port}/v1/trade`, { wallet, role: wire.Role.PROVIDER });
  try {
    const capacity = Number((await client.declareCapacity(seriesId, 1_000)).rejectReason ?? 0);
    if (capacity !== 0) return capacity;
    return Number((await client.mint(seriesId, 10)).rejectReason ?? 0);
  } finally {
    await client.close();
  }
}

describe('the catalog across a failover', () => {
  it('a listing published on the killed leader (with a sample over 1 MiB) is on the new leader, the provider still mints there, a named operator still signs in', async () => {
    onTestFailed(() => console.error(group.outputs())); // a failure's cause is often in what the nodes printed
    const [a, b] = group.nodes as [ExchangeNode, ExchangeNode];
    await group.start(a);
    await group.until(() => leads(a), 'a to lead');
    await group.start(b);
    await group.until(() => follows(b), 'b to follow');
    const base = `http://127.0.0.1:${a.port}`;

    // A provider (its first login opens its account) and the latest spot series' segment.
    const provider = Wallet.createRandom() as unknown as Wallet;
    const client = await TradingClient.connect(`ws://127.0.0.1:${a.port}/v1/trade`, { wallet: provider, role: wire.Role.PROVIDER });
    const spots = (await client.series()).filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING);
    await client.close();
    const series = spots.sort((x, y) => Number(y.closeAtMs) - Number(x.closeAtMs))[0]!;
    const segment = series.contract!.split('|')[0]!;
    expect((await operatorCall(a.port, OPERATOR_TOKEN, 'PUT', '/operator/params/risk.mintRequiresListing', { value: 1 })).status).toBe(200);
    expect(await mintIn(a.port, provider, Number(series.seriesId))).toBe(wire.RejectReason.NO_PUBLISHED_LISTING);

    // The listing: created and submitted by the provider, published by the operator, on the leader.
    const sample = csv(30_000);
    expect(Buffer.byteLength(sample)).toBeGreaterThan(2 ** 20);
    const created = await signedRequest(base, provider, 'POST', '/v1/provider/listings', listingInput({ segment, title: 'Intent signals through a failover' }, sample));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as number;
    expect((await signedRequest(base, provider, 'POST', `/v1/provider/listings/${id}/submit`)).status).toBe(200);
    const published = await operatorCall(a.port, OPERATOR_TOKEN, 'POST', `/operator/listings/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect(await mintIn(a.port, provider, Number(series.seriesId))).toBe(0);
    const before = await (await fetch(`${base}/v1/listings/${id}`)).json() as Record<string, unknown>;
    const operator = await operatorCall(a.port, OPERATOR_TOKEN, 'POST', '/operator/operators', { name: 'carol', roles: ['admin'] });
    expect(operator.status, JSON.stringify(operator.body)).toBe(201);
    const carolToken = operator.body.token as string;
    // The provider's identity: verified with its payee, then flagged by the screening (its payouts held).
    const providerId = (await signedRequest(base, provider, 'GET', '/v1/account')).body.accountId as number;
    const payee = { name: 'Failover Data GmbH', type: 'business', taxResidence: 'DE', taxId: 'DE123456789', address: 'Hauptstr. 1, 10115 Berlin' };
    const verified = await operatorCall(a.port, OPERATOR_TOKEN, 'POST', `/operator/providers/${providerId}/verify`, { legalName: 'Failover Data GmbH', jurisdiction: 'DE', payoutAddress: provider.address, kycReference: 'case-failover', payee });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const flagged = await operatorCall(a.port, OPERATOR_TOKEN, 'POST', `/operator/providers/${providerId}/screening`, { status: 'flagged', note: 'possible list match', reference: 'screen-17' });
    expect(flagged.status, JSON.stringify(flagged.body)).toBe(200);
    const identityBefore = await operatorCall(a.port, OPERATOR_TOKEN, 'GET', `/operator/providers/${providerId}`);
    expect(identityBefore.body).toMatchObject({ verified: false, identity: { payee, screening: { status: 'flagged', note: 'possible list match' } } });

    // A signed write with an Idempotency-Key, answered by the old leader (a wallet founds an organisation).
    const founder = Wallet.createRandom() as unknown as Wallet;
    await (await TradingClient.connect(`ws://127.0.0.1:${a.port}/v1/trade`, { wallet: founder })).close();
    const found = (name: string, at: string) => signedRequest(at, founder, 'POST', '/v1/organisations', { name }, { idempotencyKey: 'found-once' });
    const founded = await found('Keyed through a failover', base);
    expect(founded.status, JSON.stringify(founded.body)).toBe(201);

    a.child!.kill('SIGKILL');
    await group.until(() => leads(b), 'b to take over');

    // The client never saw that answer and sends the request again, to the new leader: the first answer, the write not run again.
    const baseB = `http://127.0.0.1:${b.port}`;
    const retried = await found('Keyed through a failover', baseB);
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.body).toEqual(founded.body);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect((await found('Another name', baseB)).body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    // Without the key a request runs, and finds the organisation the first one founded.
    expect((await signedRequest(baseB, founder, 'POST', '/v1/organisations', { name: 'A second organisation' })).body.error).toBe('ALREADY_IN_ORGANISATION');

    // The new leader has the listing, its sample (the preview is read from it) and its audit.
    const after = await fetch(`http://127.0.0.1:${b.port}/v1/listings/${id}`);
    expect(after.status).toBe(200);
    const listing = (await after.json()) as Record<string, unknown>;
    expect(listing.status).toBe('published');
    expect(listing.preview).toEqual(before.preview);
    expect(listing.sample).toEqual(before.sample);
    const audit = await operatorCall(b.port, OPERATOR_TOKEN, 'GET', `/operator/catalog/audit?listing=${id}`);
    expect((audit.body as unknown as Array<{ action: string }>).map((e) => e.action)).toEqual(['create', 'submit', 'publish']);
    // The engine still holds the provider's listing: it mints on the new leader.
    expect(await mintIn(b.port, provider, Number(series.seriesId))).toBe(0);
    // The named operator created on the old leader signs in on the new one.
    const asCarol = await operatorCall(b.port, carolToken, 'GET', '/operator/operators');
    expect(asCarol.status).toBe(200);
    // Her roles came with her: the list is the admin's to read.
    expect((asCarol.body as unknown as Array<{ name: string; roles: string[] }>).find((o) => o.name === 'carol')?.roles).toEqual(['admin']);
    // The identity record and its history on the new leader are the old one's, byte for byte; none was missing there.
    const identityAfter = await operatorCall(b.port, OPERATOR_TOKEN, 'GET', `/operator/providers/${providerId}`);
    expect(identityAfter.status).toBe(200);
    expect(identityAfter.body).toEqual(identityBefore.body);
    // And it acts on it: the screening cleared, the provider's payouts are released.
    const cleared = await operatorCall(b.port, OPERATOR_TOKEN, 'POST', `/operator/providers/${providerId}/screening`, { status: 'clear', note: 'false positive: other date of birth' });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect((await operatorCall(b.port, OPERATOR_TOKEN, 'GET', `/operator/providers/${providerId}`)).body).toMatchObject({ verified: true, identity: { screening: { status: 'clear' } } });
    expect(b.output).not.toContain('provider listings brought in line with the catalog');
    expect(b.output).not.toContain('have no identity record on this node');
  }, 240_000);
});
