/**
 * Strangers cannot crowd accounts out of signed HTTP (src/gateway/request-nonces.ts; an outside audit, 2026-12-06): a
 * signed request's nonce is remembered for its signature's window whoever signed it, and the table is bounded, so keys
 * with no account (anyone makes them, without limit) signing requests filled it and every account's signed request was
 * refused 503 until they expired. Keys with no account now take at most 3/4 of it. A real service (LMDB, uWS on
 * 127.0.0.1) with a table of 8 (`gateway.maxLiveSignedNonces`), real signed HTTP.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TradingClient } from '../../src/client/index.js';
import { signedRequest } from '../../src/client/signed-http.js';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir } from '../support/exchange-fixture.js';

let dir: string;
let service: Service;
const holder = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-nonces-strangers-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, maxLiveSignedNonces: 8 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  // The holder's account is opened by its first login.
  await (await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: holder })).close();
}, 60_000);

afterAll(async () => {
  await service?.stop();
  if (dir !== undefined) removeDir(dir);
});

describe('signed requests of keys with no account', () => {
  it("fill at most 3/4 of the nonces: past it they are refused SERVER_BUSY, and an account's signed request still runs", async () => {
    const statuses: Array<number | string> = [];
    for (let i = 0; i < 10; i++) {
      const r = await signedRequest<{ error?: string }>(base(), Wallet.createRandom(), 'GET', '/v1/account');
      statuses.push(r.status === 503 ? (r.body.error ?? 503) : r.status);
    }
    // 6 of 8 taken by strangers (each told it has no account), then refused for the room left to accounts.
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 'SERVER_BUSY', 'SERVER_BUSY', 'SERVER_BUSY', 'SERVER_BUSY']);
    const own = await signedRequest<{ accountId?: number }>(base(), holder, 'GET', '/v1/account');
    expect(own.status).toBe(200);
  });
});
