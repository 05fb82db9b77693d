/**
 * An organisation's usage grant is metered for its members as for a holder (issue 81; docs/organisations.md,
 * "Receipts by members"; docs/delivery.md "Usage grants"): a real service (LMDB, uWS on 127.0.0.1, the
 * grant ledger), the demo provider's real server and gate, real wallets. The listing sells 100 records a
 * right; the organisation's trader buys and exercises 3 rights for it (300 records). A reader downloads 120
 * with its membership statement: the provider's report of the member-signed request is the evidence the
 * engine records (RECORD_USAGE), so the grant shows 120 used; 200 more is refused EXHAUSTED (180 left) and
 * counts nothing. At the dispute window's end the unused share (180 of 300) goes back to the
 * organisation's account, the rest to the provider. The service's clock is the test's.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, getOrganisationMembership, TradingClient, type OrganisationsHttp, type SignedGrant } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY, setDemoListingTerms } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import { grantAtAsk } from '../support/broker-rights.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { openAccount, startGatedExchange } from '../support/organisation-fixture.js';
import { organisationWithMembers } from '../support/organisation-members.js';

const logger = createLogger('silent');
let dir: string;
let service: Service;
let server: ProviderServer;
let offsetMs = 0;
const clock = (): number => Date.now() + offsetMs;
const admin = Wallet.createRandom();
const trader = Wallet.createRandom();
const reader = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;
const http = (wallet: Wallet | ReturnType<typeof Wallet.createRandom>): OrganisationsHttp => ({ url: base(), wallet });
let organisationId: number;
let organisationAccountId: number;
let grant: SignedGrant;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-org-usage-'));
  const started = await startGatedExchange(dir, {
    logger,
    clock,
    // Usage terms set before any grant, so the grant names the version the gate meters.
    beforeGate: async (svc) => void (await setDemoListingTerms(svc.catalog, 'AUTO_INTENT', { usage: { unit: 'records', perRight: 100 } }, Date.now)),
  });
  ({ service, server } = started);
  const wsUrl = `ws://127.0.0.1:${service.gateway.port}/v1/trade`;
  for (const w of [admin, trader, reader]) await openAccount(wsUrl, w);
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: service.engine.accountIdByAddress.get(admin.address.toLowerCase())!, amountWei: 10n ** 20n, ref: 'org-usage-admin' });
  organisationId = await organisationWithMembers(base(), admin, 'Acme Analytics', [[trader, 'trader'], [reader, 'reader']], 50_000_000);
  const t = await TradingClient.connect(wsUrl, { wallet: trader, organisationId });
  try {
    organisationAccountId = t.accountId;
    grant = await grantAtAsk(service, t, started.seriesId, 3);
  } finally {
    await t.close();
  }
});

afterAll(async () => {
  await server?.close();
  await service?.stop();
  removeDir(dir);
});

const usedUnits = (units: number) => until(() => service.engine.escrow.grants.get(grant.grant.grantId)?.usedUnits === units, `${units} units used`);

describe("a member's downloads of its organisation's usage grant", () => {
  it('are metered like the holder\'s: counted from the provider\'s report, refused past the units, the unused share refunded to the organisation', async () => {
    const grantId = grant.grant.grantId;
    await until(() => service.grants()!.get(grantId).then((r) => r?.consumerAccountId === organisationAccountId), "the organisation's grant is recorded");
    const escrow = service.engine.escrow.grants.get(grantId)!;
    expect({ units: escrow.units, perRight: escrow.unitsPerRight }).toEqual({ units: 300, perRight: 100 });
    const held = escrow.heldMicros;
    expect(held).toBeGreaterThan(0);

    const membership = await getOrganisationMembership(http(reader));
    const first = await downloadWithGrant(base(), reader, grant, 120, { membership, report: false });
    expect(first).toMatchObject({ outcome: 'received', remaining: 180, usage: { unit: 'records', units: 300, usedUnits: 120, leftUnits: 180 } });
    expect(first.outcome === 'received' && first.records).toHaveLength(120);
    // No receipt sent: the provider's report of the member-signed request alone counts the 120.
    await usedUnits(120);
    const tooMany = await downloadWithGrant(base(), reader, grant, 200, { membership, report: false });
    expect(tooMany).toMatchObject({ outcome: 'refused', status: 429, error: 'EXHAUSTED' });
    expect(service.engine.escrow.grants.get(grantId)!.usedUnits).toBe(120);

    // The dispute window ends: 180 of 300 records unused go back to the organisation's account.
    const organisationFree = service.engine.accounts[organisationAccountId]!.availableMicros;
    const providerId = service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
    const providerFree = service.engine.accounts[providerId]!.availableMicros;
    offsetMs = escrow.disputeEndsAtMs - Date.now() + 1_000;
    await service.sweepEscrow();
    expect(service.engine.escrow.grants.get(grantId)).toBeUndefined();
    const refund = Math.floor((held * 180) / 300);
    expect(service.engine.accounts[organisationAccountId]!.availableMicros - organisationFree).toBe(refund);
    expect(service.engine.accounts[providerId]!.availableMicros - providerFree).toBe(held - refund);
    const readerId = service.engine.accountIdByAddress.get(reader.address.toLowerCase())!;
    expect(service.engine.accounts[readerId]!.availableMicros).toBe(0);
    expect(organisationAccountId).toBe(service.engine.organisations.byId.get(organisationId)!.accountId);
  });
});
