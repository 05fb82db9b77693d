/**
 * Refunded rights leave the provider's gate (docs/delivery.md, "Refunded rights leave the gate"): a consumer refunded for
 * rights nobody served has its PAT back, so the provider's server must stop serving them. The running service and the
 * demo provider's server as `npm start` wires them: the exchange lists each provider's revocations
 * (`GET /v1/provider/revocations`), the server reads them and its gate refuses the rights REVOKED.
 * - a claim refunded (no grace: risk.claimGraceMs 0): every refunded right is withdrawn, brought by the server's long
 *   poll of the feed (a server that would not poll again for ten minutes has them withdrawn all the same), and a server
 *   started after the refund has read them before it serves;
 * - an operator's decision refunding 3 rights of which 1 was served: the 2 never served are withdrawn;
 * - a decision refunding only the right served (its records were wrong): nothing is withdrawn, the rest stay usable;
 * - the feed is the provider's own, read on from a seq; a bad seq is refused; a page not in the feed's shape changes nothing;
 * - a server whose key has no account yet reads quietly; one whose exchange is away warns once a spell and changes nothing.
 * Real service (LMDB, uWS, the grant ledger), real HTTP on 127.0.0.1, real signatures; settlement off.
 */
import { Wallet } from 'ethers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, signedRequest, TradingClient, type SignedGrant } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR, type Command } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { startBareProviderServer } from '../support/bare-provider-server.js';
import { revocationPage } from '../../src/provider-server/revocations.js';
import type { Service } from '../../src/app/service.js';
import { grantAtAsk } from '../support/broker-rights.js';
import { fundedConsumer, startDemoGateService, type DemoGateService } from '../support/demo-gate.js';
import { until } from '../support/exchange-fixture.js';

const OPERATOR_TOKEN = 'revocations-test-operator-token-0123456789';
const logger = createLogger('silent');
const consumer = Wallet.createRandom();
const provider = new Wallet(DEMO_PROVIDER_KEY);
let x: DemoGateService;
let service: Service;
let server: ProviderServer;
let trader: TradingClient;

beforeAll(async () => {
  x = await startDemoGateService('revocations', { logger, config: { gateway: { operatorToken: OPERATOR_TOKEN } }, stock: { mint: 30, sell: 20 } });
  ({ service, server } = x);
  trader = await fundedConsumer(service, x.wsUrl, consumer, 'revocations-test');
  // A claim falls due at once: the test resolves it itself.
  await submit({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.claimGraceMs', value: 0 });
});

afterAll(async () => {
  await trader?.close().catch(() => undefined);
  await x?.close();
});

async function submit(cmd: Command): Promise<void> {
  await service.sequencer.submit(cmd);
}

const newGrant = (qty: number): Promise<SignedGrant> => grantAtAsk(service, trader, x.seriesId, qty);
const claim = (grantId: number, body: unknown = {}) => signedRequest<{ error?: string }>(x.base, consumer, 'POST', `/v1/grants/${grantId}/claims`, body);
const escrowOf = async (grantId: number) => (await signedRequest<{ escrow: { state: string; refundedQty: number; revokedQty: number } }>(x.base, consumer, 'GET', `/v1/grants/mine/${grantId}`)).body.escrow;
const feed = (wallet: Wallet | ReturnType<typeof Wallet.createRandom>, after: number | string, waitMs?: number) =>
  signedRequest<{ revocations: Array<{ seq: number; grantId: number; revokedQty: number }>; next: number; error?: string }>(x.base, wallet, 'GET', `/v1/provider/revocations?after=${after}${waitMs === undefined ? '' : `&waitMs=${waitMs}`}`);
const evidenced = (grantId: number, qty: number) => until(() => service.engine.escrow.grants.get(grantId)?.evidencedQty === qty, `grant ${grantId}: ${qty} right(s) evidenced`);

/** A provider server of `key` reading `exchangeUrl`'s feed (its polls every `pollMs` when given), logging into `lines`. */
function serverFor(key: string, exchangeUrl: string, lines: string[], pollMs?: number): Promise<ProviderServer> {
  const signer = service.grants()!.signer;
  return startBareProviderServer({
    providerKey: key, domain: signer.domain, exchangeSigner: signer.address, exchangeUrl,
    log: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
    ...(pollMs === undefined ? {} : { revocationPollMs: pollMs }),
  });
}

async function decide(grantId: number, refundQty: number): Promise<number> {
  const res = await fetch(`${x.base}/operator/disputes/${grantId}/decision`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ refundQty }) });
  return res.status;
}

/** A grant of 3 rights, 1 downloaded (evidenced), disputed for `reason`, and the operator's decision refunding `refundQty`. */
async function decidedAfterOneDownload(reason: 'missing-records' | 'nonconforming', refundQty: number): Promise<SignedGrant> {
  const signed = await newGrant(3);
  const grantId = signed.grant.grantId;
  expect(await downloadWithGrant(x.base, consumer, signed, 1, { report: false })).toMatchObject({ outcome: 'received' });
  await evidenced(grantId, 1);
  expect((await claim(grantId, { reason })).status).toBe(201);
  expect(await decide(grantId, refundQty)).toBe(200);
  return signed;
}

describe('refunded rights leave the gate', () => {
  it("a claim's refund: the server's long poll withdraws every refunded right, refused REVOKED from then on", async () => {
    const signed = await newGrant(2);
    const grantId = signed.grant.grantId;
    // A second server of the provider that would not poll again for ten minutes: its gate serves the two until its long
    // poll, held at the exchange while nothing is refunded, brings the refund. (The exchange holds a provider's long poll
    // once a grant names it: the demo server's first polls, before any grant, were answered at once.)
    const waiting = await serverFor(DEMO_PROVIDER_KEY, x.base, [], 600_000);
    try {
      await until(() => service.grants()!.revocationWaitsHeld >= 2, 'both servers\' long polls held at the exchange');
      expect(waiting.gate.rightsLeft(signed.grant)).toBe(2);
      expect((await claim(grantId)).status).toBe(201);
      await submit({ kind: CommandKind.RESOLVE_CLAIM, actor: SYSTEM_ACTOR, grantId }); // or the escrow sweeper's, due at once
      expect(await escrowOf(grantId)).toMatchObject({ state: 'refunded', refundedQty: 2, revokedQty: 2 });
      await until(() => waiting.gate.rightsLeft(signed.grant) === 0, 'the refund withdrawn by the long poll');
    } finally {
      await waiting.close();
    }
    await until(() => server.gate.rightsLeft(signed.grant) === 0, 'the demo server\'s gate withdrew them too');
    // A server started after the refund (its gate fresh) has read the revocations before it serves anything.
    const late = await serverFor(DEMO_PROVIDER_KEY, x.base, [], 600_000);
    try {
      expect(late.gate.rightsLeft(signed.grant)).toBe(0);
    } finally {
      await late.close();
    }
    expect(await downloadWithGrant(x.base, consumer, signed, 1, { report: false })).toMatchObject({ outcome: 'refused', status: 410, error: 'REVOKED' });
    expect(server.gate.used(grantId)).toBe(0);
    // The server reports the refusal, with the consumer's signed request, and the exchange takes it (not the provider's fault).
    await server.settled();
    const view = await signedRequest<{ refusalReasons: string[] }>(x.base, consumer, 'GET', `/v1/grants/mine/${grantId}`);
    expect(view.body.refusalReasons).toEqual(['REVOKED']);
  });

  it('a decision refunding 3 rights of which 1 was served: the 2 never served are withdrawn; the feed is read on from a seq', async () => {
    const signed = await decidedAfterOneDownload('missing-records', 3);
    const grantId = signed.grant.grantId;
    expect(await escrowOf(grantId)).toMatchObject({ refundedQty: 3, revokedQty: 2 });

    const all = await feed(provider, 0);
    expect(all.status).toBe(200);
    const entry = all.body.revocations.find((r) => r.grantId === grantId)!;
    expect(entry.revokedQty).toBe(2);
    expect(all.body.next).toBe(all.body.revocations.at(-1)!.seq);
    // From the seq before it: that entry first; from the last seq, nothing more.
    expect((await feed(provider, entry.seq - 1)).body.revocations[0]).toEqual(entry);
    expect((await feed(provider, all.body.next)).body).toEqual({ revocations: [], next: all.body.next });
    // The feed is the provider's own: another wallet's is empty. A bad seq is refused, typed.
    expect((await feed(consumer, 0)).body.revocations).toEqual([]);
    const bad = await feed(provider, -1);
    expect([bad.status, bad.body.error]).toEqual([400, 'INVALID_FIELD']);
    // A long poll with something to read answers at once; one asking to wait past the bound is refused.
    expect((await feed(provider, entry.seq - 1, 8_000)).body.revocations[0]).toEqual(entry);
    const tooLong = await feed(provider, all.body.next, 8_000 + 1);
    expect([tooLong.status, tooLong.body.error]).toEqual([400, 'INVALID_FIELD']);
    // One with nothing to read waits its whole time and answers: the gateway's HTTP keeps a request that long open.
    const started = Date.now();
    expect((await feed(provider, all.body.next, 8_000)).body).toEqual({ revocations: [], next: all.body.next });
    expect(Date.now() - started).toBeGreaterThanOrEqual(7_900);
    // A long poll whose client goes away lets go of its place at once, not when its wait would have ended.
    // Under a loaded machine the poll can reach its 8 s before the test sees it held and aborts it: such a run did not
    // exercise the abort, so it is tried again (at most 3 times); the one that aborts in time must free its place.
    for (let attempt = 1; ; attempt++) {
      const held = service.grants()!.revocationWaitsHeld;
      const away = new AbortController();
      const sentAt = Date.now();
      const abandoned = signedRequest(x.base, provider, 'GET', `/v1/provider/revocations?after=${all.body.next}&waitMs=8000`, undefined, { signal: away.signal }).catch(() => 'aborted');
      await until(() => service.grants()!.revocationWaitsHeld === held + 1, 'the long poll held');
      if (Date.now() - sentAt > 6_000 && attempt < 3) {
        await abandoned;
        continue;
      }
      away.abort();
      expect(await abandoned).toBe('aborted');
      await until(() => service.grants()!.revocationWaitsHeld === held, 'its place let go', 15_000);
      break;
    }
    // An account no grant names as provider has nothing to wait for: answered at once, holding no wait.
    const stranger = Date.now();
    expect((await feed(consumer, 0, 8_000)).body).toEqual({ revocations: [], next: 0 });
    expect(Date.now() - stranger).toBeLessThan(7_900);

    await server.readRevocations();
    expect(server.gate.revokedThrough()).toBeGreaterThanOrEqual(entry.seq);
    expect(server.gate.rightsLeft(signed.grant)).toBe(0);
    expect(await downloadWithGrant(x.base, consumer, signed, 1, { report: false })).toMatchObject({ outcome: 'refused', error: 'REVOKED' });
  });

  it('a decision refunding only the right served (its records were wrong) withdraws nothing: the other 2 are still served', async () => {
    const signed = await decidedAfterOneDownload('nonconforming', 1);
    const grantId = signed.grant.grantId;
    expect(await escrowOf(grantId)).toMatchObject({ refundedQty: 1, revokedQty: 0 });
    await server.readRevocations();
    expect(server.gate.rightsLeft(signed.grant)).toBe(2);
    expect(await downloadWithGrant(x.base, consumer, signed, 2, { report: false })).toMatchObject({ outcome: 'received', remaining: 0 });
  });
});

describe("the server's reading of a page", () => {
  it('takes a well-formed page and nothing else: a page that is not the exchange\'s shape changes nothing', () => {
    const ok = { revocations: [{ seq: 12, grantId: 4, revokedQty: 2 }], next: 12 };
    expect(revocationPage(ok, 10)).toEqual({ revocations: [{ grantId: 4, revokedQty: 2 }], next: 12 });
    expect(revocationPage({ revocations: [], next: 10 }, 10)).toEqual({ revocations: [], next: 10 });
    for (const bad of [
      null,
      { revocations: {}, next: 12 },
      { revocations: [], next: 9 }, // behind the seq asked from
      { revocations: [{ seq: 10, grantId: 4, revokedQty: 2 }], next: 12 }, // not after the seq asked from
      { revocations: [{ seq: 13, grantId: 4, revokedQty: 2 }], next: 12 }, // beyond next
      { revocations: [{ seq: 12, grantId: 0, revokedQty: 2 }], next: 12 },
      { revocations: [{ seq: 12, grantId: 4, revokedQty: -1 }], next: 12 },
      { revocations: [{ seq: 12, grantId: 4, revokedQty: 1.5 }], next: 12 },
      { revocations: ['x'], next: 12 },
    ]) {
      expect(revocationPage(bad, 10), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('a provider server reading the feed', () => {
  it('with a key that has no account yet (a server started before its provider signed in): nothing to withdraw, nothing logged', async () => {
    const lines: string[] = [];
    const s = await serverFor(Wallet.createRandom().privateKey, x.base, lines);
    await s.readRevocations();
    await s.readRevocations();
    await s.close();
    expect(lines.filter((l) => /revocations/.test(l))).toEqual([]);
  });

  it('with its exchange away: one warning for the spell, the gate unchanged', async () => {
    const lines: string[] = [];
    const s = await serverFor(DEMO_PROVIDER_KEY, 'http://127.0.0.1:9', lines);
    await s.readRevocations();
    await s.readRevocations();
    expect(s.gate.revokedThrough()).toBe(0);
    await s.close();
    expect(lines.filter((l) => /could not read the exchange's revocations/.test(l))).toHaveLength(1);
  });

  it('with its exchange stopping or restarting (its port refusing): two reads said at info, then one warning for the spell', async () => {
    const lines: string[] = [];
    const s = await serverFor(DEMO_PROVIDER_KEY, `http://127.0.0.1:${await freePort()}`, lines); // nothing listens there
    for (let i = 0; i < 4; i++) await s.readRevocations();
    expect(s.gate.revokedThrough()).toBe(0);
    await s.close();
    // Ctrl-C stops the demo's exchange and its provider servers together: the first refused reads are no warning (they were).
    const said = lines.filter((l) => /revocations/.test(l)).map((l) => (/busy, stopping or restarting/.test(l) && /"level":30/.test(l) ? 'info' : /could not read the exchange's revocations/.test(l) && /"level":40/.test(l) ? 'warn' : l));
    expect(said).toEqual(['info', 'info', 'warn']);
  });
});
