/**
 * An exercise has one grant per provider whose rights it redeemed (src/engine/core/supply.ts), with no bound short of
 * the providers in the series, and the subscription courier hands every one of them to its provider's gate
 * (src/subscriptions/courier.ts), reading the grant ledger a page at a time. Until 2026-12-06 it read the first 200
 * of an exercise's grants and never handed the rest (an outside audit).
 *
 * Real parts: the engine (250 providers each sell one right, the broker sells them on, the consumer exercises all),
 * that exercise's grants signed by the exchange's key and written to a GrantLedger on LMDB in the temp folder by its
 * own write (the one that keeps its account indexes), beside another exercise's of the same consumer on either side;
 * the subscription ledger fed the subscription's events; one gate, a real HTTP server on 127.0.0.1.
 */
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventType, Journal, recover, SubscriptionDelivery, SubscriptionTrigger, TimeInForce, type RightsExercised } from '../../src/engine/index.js';
import { WebhookAllowance } from '../../src/gate/webhook-target.js';
import { GrantSigner, grantsOfExercise, type AccessGrant, type GrantRecord } from '../../src/grants/index.js';
import { GrantLedger } from '../../src/grants/ledger.js';
import { NO_DELIVERY } from '../../src/grants/provider-grants.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { SubscriptionCourier } from '../../src/subscriptions/courier.js';
import { SubscriptionLedger } from '../../src/subscriptions/ledger.js';
import { createFixture, expectEvent, ofType, PAT } from '../support/engine-fixture.js';
import { removeDir } from '../support/exchange-fixture.js';
import { pushAuthorisation } from '../support/courier-handoffs.js';
import { GATE_DOMAIN, gateParties } from '../support/gate-fixture.js';

const PROVIDERS = 250;
const BID = 800_000;
const ASK = PAT;
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** One consumer's exercise of one right from each of PROVIDERS providers, in the engine: its RIGHTS_EXERCISED. */
function exerciseAcrossProviders(): { exercised: RightsExercised; grants: AccessGrant[] } {
  const fx = createFixture({ consumers: 1, providers: PROVIDERS, providerCapacity: 1, providerMint: 1, brokerRights: 0 });
  // Each provider sells its right to the broker (each sale a lot of its own in the supply: FIFO by sale).
  for (const p of fx.providers) expectEvent(fx.sell(p, BID, 1), EventType.ORDER_ACCEPTED);
  fx.buy(fx.broker, BID, PROVIDERS, { tif: TimeInForce.IOC });
  expectEvent(fx.sell(fx.broker, ASK, PROVIDERS), EventType.ORDER_ACCEPTED);
  fx.buy(fx.consumers[0]!, ASK, PROVIDERS, { tif: TimeInForce.IOC });
  const exercised = ofType(fx.exercise(fx.consumers[0]!, PROVIDERS), EventType.RIGHTS_EXERCISED)[0]!;
  return { exercised, grants: grantsOfExercise(fx.engine, exercised, fx.nowMs) };
}

function recordOf(grant: AccessGrant, signer: GrantSigner, exerciseId: number, consumerAccountId: number, providerAccountId: number): GrantRecord {
  return { signed: signer.sign(grant), domain: GATE_DOMAIN, exerciseId, seq: grant.nonce, issuedAtMs: 1_000, consumerAccountId, providerAccountId, ...NO_DELIVERY, dueAtMs: 0 };
}

/** A GrantLedger on LMDB holding `records`, written by its own write. */
function grantLedgerOf(records: readonly GrantRecord[]): GrantLedger {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-courier-pages-'));
  const journal = Journal.open(dir, { durability: 'commit' });
  const { engine } = recover(journal);
  const ledger = GrantLedger.open({ dataDir: dir, engine, signer: new GrantSigner('0x' + '42'.repeat(32), GATE_DOMAIN), clock: () => 1_000, disputeMs: 3_600_000 });
  (ledger as unknown as { save(records: readonly GrantRecord[]): void }).save(records);
  closers.push(async () => {
    await ledger.close();
    journal.close();
    removeDir(dir);
  });
  return ledger;
}

/** A subscription ledger holding one webhook subscription's exercise, waiting for the courier. */
async function handoffOf(accountId: number, exerciseId: number, qty: number): Promise<SubscriptionLedger> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-courier-pages-subs-'));
  const ledger = SubscriptionLedger.create(dir);
  closers.push(async () => {
    await ledger.close();
    removeDir(dir);
  });
  const authorisation = pushAuthorisation();
  ledger.model.take({
    firstSeq: 1, lastSeq: 1, timeMs: Date.now(), commands: [],
    events: [
      {
        type: EventType.SUBSCRIPTION_CREATED, seq: 1, subscriptionId: 1, accountId, contract: 'AUTO_INTENT|7D|0.70-0.85', qtyPerWindow: qty, capPriceMicros: ASK, budgetMicros: 1_000 * PAT,
        trigger: SubscriptionTrigger.ON_OPEN, autoExercise: true, maxSkips: 3, delivery: SubscriptionDelivery.WEBHOOK, webhookUrl: 'https://hooks.example/patx', pushAuthorisation: authorisation, afterOpenAtMs: 0,
      },
      { type: EventType.SUBSCRIPTION_EXERCISED, seq: 1, subscriptionId: 1, accountId, seriesId: 1, exerciseId, qty },
    ],
  });
  await ledger.model.env.committed;
  return ledger;
}

/** A gate on 127.0.0.1 that registers every grant it is handed: the grant ids, in the order they came. */
async function gateOn(port: number): Promise<number[]> {
  const registered: number[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const grantId = (JSON.parse(body) as { grant: { grantId: number } }).grant.grantId;
      registered.push(grantId);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ created: true, registration: { grantId, url: 'https://hooks.example/patx', untilMs: Date.now() + 3_600_000, delivered: 0 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return registered;
}

describe("an exercise's grants past the first 200", () => {
  it('an exercise of one right from each of 250 providers issues 250 grants, and the courier hands every one to its gate, none of the neighbouring exercises', async () => {
    const { exercised, grants } = exerciseAcrossProviders();
    expect(grants).toHaveLength(PROVIDERS);
    expect(new Set(exercised.redemptions.map((r) => r.providerAccountId)).size).toBe(PROVIDERS);

    const p = gateParties();
    const signer = new GrantSigner(p.exchange.privateKey, GATE_DOMAIN);
    const providerOf = new Map(exercised.redemptions.map((r) => [r.grantId, r.providerAccountId]));
    const ids = grants.map((g) => g.grantId);
    const [first, last] = [Math.min(...ids), Math.max(...ids)];
    // The consumer's exercise before and after it, one grant each, on either side of its grant ids.
    const before = { ...grants[0]!, grantId: first - 1 };
    const after = { ...grants[0]!, grantId: last + 1 };
    const ledger = grantLedgerOf([
      recordOf(before, signer, exercised.exerciseId - 1, exercised.accountId, 1),
      ...grants.map((g) => recordOf(g, signer, exercised.exerciseId, exercised.accountId, providerOf.get(g.grantId)!)),
      recordOf(after, signer, exercised.exerciseId + 1, exercised.accountId, 1),
    ]);

    const port = await freePort();
    const registered = await gateOn(port);
    const subscriptions = await handoffOf(exercised.accountId, exercised.exerciseId, PROVIDERS);
    const courier = new SubscriptionCourier({
      ledger: subscriptions,
      grants: () => ledger,
      endpointOf: () => `http://127.0.0.1:${port}/records`,
      clock: Date.now,
      log: createLogger('silent'),
      registerTimeoutMs: 5_000,
      endpointAllowance: new WebhookAllowance([`127.0.0.1:${port}`]),
    });
    await courier.sweep();
    // Every grant of the exercise once, newest first (the ledger's order, one gate's registrations in turn); none of the others.
    expect(registered).toEqual([...ids].sort((a, b) => b - a));
    expect(subscriptions.pendingHandoffs(10)).toEqual([]);
  }, 60_000);
});
