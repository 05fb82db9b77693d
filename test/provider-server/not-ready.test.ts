/**
 * A right whose window has nothing to serve yet (a model feed before its first signal in that
 * window; issue 77) is refused NOT_READY (425) before the gate counts it: no right is spent, no
 * receipt can confirm an empty delivery, and the same right is served once there are records.
 * A real provider server on loopback with a gate; the exchange is only a signing key here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { signGateRequest } from '../../src/gate/index.js';
import { GrantSigner, type GrantDomain } from '../../src/grants/index.js';
import { startProviderServer, type ProviderServer } from '../../src/provider-server/server.js';
import { createLogger } from '../../src/runtime/log.js';

const domain: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x0000000000000000000000000000000000000000' };
const exchange = Wallet.createRandom();
const provider = Wallet.createRandom();
const consumer = Wallet.createRandom();
const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-provider-not-ready-'));
let server: ProviderServer | undefined;
/** What the window holds: nothing until the test puts a signal in it. */
let signals: Record<string, string | number>[] = [];

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(body: unknown): Promise<{ status: number; body: { error?: string; records?: unknown[]; remaining?: number } }> {
  const res = await fetch(`http://127.0.0.1:${server!.port}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { error?: string; records?: unknown[]; remaining?: number } };
}

describe('a right with nothing in its window yet', () => {
  it('is refused NOT_READY without being spent, and served in full once its window has records', async () => {
    server = await startProviderServer({
      providerKey: provider.privateKey,
      domain,
      exchangeSigner: exchange.address,
      serves: (listingId) => listingId === 4,
      segmentOf: () => 'AUTO_SIGNAL',
      records: () => undefined,
      windowRecords: () => signals,
      dir,
      host: '127.0.0.1',
      port: 0,
      log: createLogger('silent'),
    });
    const now = Date.now();
    const grant = new GrantSigner(exchange.privateKey, domain).sign({ grantId: 7, consumer: consumer.address, provider: provider.address, listingId: 4, listingVersion: 1, seriesId: 1, windowOpenMs: now - 60_000, windowCloseMs: now + 3_600_000, quantity: 1, expiresAtMs: now + 86_400_000, nonce: 7 });

    const early = await post(await signGateRequest(consumer, grant, 1, { domain, endpoint: server.endpoint }));
    expect(early).toMatchObject({ status: 425, body: { error: 'NOT_READY' } });
    // A stranger's request for the same grant is still the gate's to refuse (its signature checked first).
    const forged = await post(await signGateRequest(Wallet.createRandom(), grant, 1, { domain, endpoint: server.endpoint }));
    expect(forged).toMatchObject({ status: 401, body: { error: 'NOT_CONSUMER' } });

    signals = [{ signal_id: 's1', signal_time: new Date(now).toISOString(), instrument: '1', position: 0.5, model_config_sha: 'x' }];
    // The grant's one right was not spent by the refusal: it serves now, and then it is used up.
    const served = await post(await signGateRequest(consumer, grant, 1, { domain, endpoint: server.endpoint }));
    expect(served).toMatchObject({ status: 200, body: { records: signals, remaining: 0 } });
    const again = await post(await signGateRequest(consumer, grant, 1, { domain, endpoint: server.endpoint }));
    expect(again.body.error).toBe('EXHAUSTED');
  });
});
