/**
 * Retrying a wallet-signed write with an Idempotency-Key (docs/http-api.md, "Retrying a write"):
 * a real service (LMDB, uWS on 127.0.0.1), real signed HTTP. The write is the organisation's
 * funds move: each one that runs moves PAT, so a second run shows in the balances.
 * - the same request sent again with the key, signed anew or as the same bytes (its nonce used),
 *   answers as the first did (`idempotent-replayed: true`) and moves nothing more; without a key a
 *   re-signed request runs again (what the key is for);
 * - the key with another body is IDEMPOTENCY_KEY_REUSED; another wallet's same key is its own;
 * - a key that is no key is INVALID_IDEMPOTENCY_KEY; a request refused before its route ran
 *   (415) leaves the key free;
 * - two sends at once: one runs, the other is told it is running (409) or gets its answer;
 * - across a restart of the service (stopped, started on the same data directory) a key is
 *   answered as before: the write does not run again.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOrganisation, getMyOrganisation, listTransfers, TradingClient, type OrganisationsHttp } from '../../src/client/index.js';
import { signedRequest } from '../../src/client/signed-http.js';
import { signRequestHeaders } from '../../src/request-signing/index.js';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { createLogger } from '../../src/runtime/log.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { IdempotencyKeyStore } from '../../src/gateway/idempotency-key-store.js';
import { removeDir } from '../support/exchange-fixture.js';

const PAT = 1_000_000;
const FUNDS = '/v1/organisations/mine/funds';
let dir: string;
let config: ReturnType<typeof loadConfig>;
let service: Service;
const founder = Wallet.createRandom();
const other = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;
const http = (wallet: Wallet | ReturnType<typeof Wallet.createRandom>): OrganisationsHttp => ({ url: base(), wallet });

/** The organisation account's available PAT, µPAT. */
async function organisationMicros(wallet: Wallet | ReturnType<typeof Wallet.createRandom>): Promise<number> {
  return (await getMyOrganisation(http(wallet))).balance.availableMicros;
}

function move(wallet: Wallet | ReturnType<typeof Wallet.createRandom>, amountMicros: number, idempotencyKey?: string) {
  return signedRequest<{ error?: string }>(base(), wallet, 'POST', FUNDS, { direction: 'in', amountMicros }, idempotencyKey === undefined ? {} : { idempotencyKey });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-idempotency-'));
  config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  for (const w of [founder, other]) {
    await (await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: w })).close();
    const accountId = service.engine.accountIdByAddress.get(w.address.toLowerCase())!;
    await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 10n ** 20n, ref: `idempotency-${w.address}` });
    await createOrganisation(http(w), `Keyed ${w.address.slice(2, 10)}`);
  }
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('a wallet-signed write retried with an Idempotency-Key', () => {
  it('without a key, the same write re-signed runs twice (what the key is for)', async () => {
    const before = await organisationMicros(founder);
    expect((await move(founder, PAT)).status).toBe(200);
    expect((await move(founder, PAT)).status).toBe(200);
    expect(await organisationMicros(founder)).toBe(before + 2 * PAT);
  });

  it('with the key, re-signed: the first answer again, replayed, and nothing moves twice', async () => {
    const before = await organisationMicros(founder);
    const first = await move(founder, PAT, 'key-resigned-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await move(founder, PAT, 'key-resigned-1');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await organisationMicros(founder)).toBe(before + PAT);
  });

  it('with the key, the very same signed bytes (their nonce used) get the first answer, not NONCE_REUSED', async () => {
    const before = await organisationMicros(founder);
    const bodyText = JSON.stringify({ direction: 'in', amountMicros: PAT });
    const url = new URL(FUNDS, base());
    const signed = await signRequestHeaders(founder, { method: 'POST', host: url.host, pathAndQuery: FUNDS, chainId: 31_337, bodyText });
    const send = (key?: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signed, ...(key === undefined ? {} : { 'idempotency-key': key }) }, body: bodyText });
    const first = await send('same-bytes-1');
    expect(first.status).toBe(200);
    const again = await send('same-bytes-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The same bytes without the key are the replay the nonce refuses.
    const unkeyed = await send();
    expect(unkeyed.status).toBe(401);
    expect(((await unkeyed.json()) as { error: string }).error).toBe('NONCE_REUSED');
    expect(await organisationMicros(founder)).toBe(before + PAT);
  });

  it('the key with another body is IDEMPOTENCY_KEY_REUSED, and nothing changes', async () => {
    await move(founder, PAT, 'key-body-1');
    const before = await organisationMicros(founder);
    const other = await move(founder, 2 * PAT, 'key-body-1');
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await organisationMicros(founder)).toBe(before);
  });

  it("another wallet's same key is its own: its write runs", async () => {
    await move(founder, PAT, 'shared-key');
    const before = await organisationMicros(other);
    const theirs = await move(other, PAT, 'shared-key');
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(await organisationMicros(other)).toBe(before + PAT);
  });

  it('a key that is no key is INVALID_IDEMPOTENCY_KEY, and nothing changes', async () => {
    const before = await organisationMicros(founder);
    for (const bad of ['has space', 'x'.repeat(256), 'ünïcode']) {
      let status = 0;
      let code: string | undefined;
      try {
        const r = await move(founder, PAT, bad);
        status = r.status;
        code = r.body.error;
      } catch {
        status = -1; // fetch itself refuses a header value outside Latin-1: never sent, nothing changed either
      }
      if (status !== -1) {
        expect(status).toBe(400);
        expect(code).toBe('INVALID_IDEMPOTENCY_KEY');
      }
    }
    expect(await organisationMicros(founder)).toBe(before);
  });

  it('a request refused before its route ran (415) leaves the key free: the retry runs', async () => {
    const before = await organisationMicros(founder);
    const bodyText = JSON.stringify({ direction: 'in', amountMicros: PAT });
    const url = new URL(FUNDS, base());
    const signed = await signRequestHeaders(founder, { method: 'POST', host: url.host, pathAndQuery: FUNDS, chainId: 31_337, bodyText });
    const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...signed, 'idempotency-key': 'after-415' }, body: bodyText });
    expect(refused.status).toBe(415);
    const retried = await move(founder, PAT, 'after-415');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await organisationMicros(founder)).toBe(before + PAT);
  });

  it('two sends with one key at once: one runs; the other is told it runs, or gets its answer', async () => {
    const before = await organisationMicros(founder);
    const [a, b] = await Promise.all([move(founder, PAT, 'at-once'), move(founder, PAT, 'at-once')]);
    const outcomes = [a, b].map((r) => (r.status === 200 ? (r.headers.get('idempotent-replayed') === 'true' ? 'replayed' : 'ran') : r.body.error));
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'ran')[0]).toMatch(/^(replayed|IDEMPOTENCY_KEY_IN_USE)$/);
    expect(await organisationMicros(founder)).toBe(before + PAT);
  });
});

describe('a wallet with no account', () => {
  it('writes no key: refused UNKNOWN_ACCOUNT before anything is stored (an account holder\'s key is stored once)', async () => {
    const writes = vi.spyOn(IdempotencyKeyStore.prototype, 'write');
    try {
      const stranger = Wallet.createRandom();
      const refused = await move(stranger, PAT, 'stranger-key-1');
      expect([refused.status, refused.body.error]).toEqual([404, 'UNKNOWN_ACCOUNT']);
      expect(writes).not.toHaveBeenCalled();
      expect((await move(founder, PAT, 'founder-key-stored')).status).toBe(200);
      expect(writes).toHaveBeenCalledTimes(1);
    } finally {
      writes.mockRestore();
    }
  });
});

describe("the funds moves in both accounts' transfers", () => {
  it('a move in is organisation-out on the member and organisation-in on the organisation, the same amount, each naming the other', async () => {
    expect((await move(founder, 2 * PAT, 'transfers-listed')).status).toBe(200);
    const mine = await listTransfers(http(founder), { limit: 1 });
    const theirs = await listTransfers(http(founder), { limit: 1, organisation: true });
    const wei = (2n * BigInt(PAT) * 10n ** 12n).toString();
    expect(mine.transfers[0]).toMatchObject({ kind: 'organisation-out', amountWei: wei });
    expect(theirs.transfers[0]).toMatchObject({ kind: 'organisation-in', amountWei: wei, seq: mine.transfers[0]!.seq });
    expect(mine.transfers[0]!.counterpartyAccountId).toBe((await getMyOrganisation(http(founder))).accountId);
    expect(theirs.transfers[0]!.counterpartyAccountId).toBe(service.engine.accountIdByAddress.get(founder.address.toLowerCase()));
  });
});

describe('an Idempotency-Key across a restart of the service', () => {
  it('the same write sent again after a stop and start is answered as before and moves nothing', async () => {
    const first = await move(founder, PAT, 'across-restart');
    expect(first.status).toBe(200);
    await service.stop();
    service = await startService(config, createLogger('silent'));
    const before = await organisationMicros(founder);
    const again = await move(founder, PAT, 'across-restart');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await organisationMicros(founder)).toBe(before);
    // The key still names that request only.
    expect((await move(founder, 2 * PAT, 'across-restart')).body.error).toBe('IDEMPOTENCY_KEY_REUSED');
  }, 60_000);
});
