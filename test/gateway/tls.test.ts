/**
 * TLS (issue 52, item 5): with a certificate and key configured, order entry and HTTP
 * (one uWS SSLApp), market data (its own SSLApp on its own thread) and the reference
 * provider server (node:https) serve only TLS, and the TypeScript client reaches them
 * with the certificate trusted. Plaintext on an address other than loopback is refused
 * at start with PlaintextBindError unless allowPlaintext (PATX_ALLOW_PLAINTEXT=1) says
 * a TLS-terminating proxy is in front; a missing or wrong certificate or key is a
 * TlsFileError. Everything connects to 127.0.0.1 only (0.0.0.0 is bound, never dialled).
 * The certificate is self-signed, made here with openssl, for 127.0.0.1 and localhost.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketDataClient, rejectName, TradingClient, wire } from '../../src/client/index.js';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import { DEFAULT_GATEWAY_CONFIG, MarketDataThread } from '../../src/gateway/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startProviderServer, type ProviderServer } from '../../src/provider-server/server.js';
import { StandbyServer } from '../../src/replication/index.js';
import { PlaintextBindError, TlsFileError, type TransportSecurity } from '../../src/runtime/transport-security.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-tls-'));
const certFile = path.join(dir, 'cert.pem');
const keyFile = path.join(dir, 'key.pem');
const otherKeyFile = path.join(dir, 'other-key.pem');
let ca: Buffer;

/** A self-signed certificate for 127.0.0.1 and localhost (as docs/security.md's trial makes it). */
function selfSigned(cert: string, key: string): void {
  execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
}

beforeAll(() => {
  selfSigned(certFile, keyFile);
  selfSigned(path.join(dir, 'other-cert.pem'), otherKeyFile);
  ca = readFileSync(certFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GET over https trusting `trust` (or the system's CAs only): status and body, or the TLS error's code. */
function httpsGetText(url: string, trust?: Buffer): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    httpsGet(url, trust === undefined ? {} : { ca: trust }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

/** GET over plain http: the status, or the error when the server does not answer http. */
function httpGetStatus(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpGet(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(3_000, () => req.destroy(new Error('TIMEOUT')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('the gateway and market data over TLS', () => {
  let fx: GatewayFixture;
  const PRICE = 2 * PAT_MICROS;

  beforeAll(async () => {
    fx = await startGatewayFixture({ tls: { certFile, keyFile } });
    await fx.stockBroker(100, PRICE - 100_000);
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it('answers https GET /healthz with the certificate trusted, and nothing over plain http', async () => {
    const reply = await httpsGetText(`https://127.0.0.1:${fx.service.gateway.port}/healthz`, ca);
    expect(reply).toMatchObject({ status: 200 });
    expect(JSON.parse((reply as { body: string }).body)).toMatchObject({ status: 'ok' });
    // Without the certificate trusted, the self-signed server is refused: the check is on.
    expect(await httpsGetText(`https://127.0.0.1:${fx.service.gateway.port}/healthz`)).toEqual({ error: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(await httpGetStatus(`http://127.0.0.1:${fx.service.gateway.port}/healthz`)).not.toBe(200);
  });

  it('logs in and trades over wss with the TS client trusting the certificate', async () => {
    const url = `wss://127.0.0.1:${fx.service.gateway.port}/v1/trade`;
    const client = await TradingClient.connect(url, { wallet: testWallet(700), tls: { ca } });
    await fx.fund(client.accountId, 1_000);
    await fx.quote({ priceMicros: PRICE - 200_000, qty: 10 }, { priceMicros: PRICE, qty: 10 });
    const ack = await client.newOrder({ seriesId: fx.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: PRICE, qty: 2, timeInForce: wire.TimeInForce.IOC });
    expect(rejectName(ack)).toBe('NONE');
    expect(ack.reports!.map((r) => r.execType)).toEqual([wire.ExecType.EXEC_NEW, wire.ExecType.EXEC_TRADE]);
    await client.close();
    // The same URL without the certificate trusted: the connection is refused before any frame.
    expect(String(await outcome(TradingClient.connect(url, { wallet: testWallet(701) })))).toMatch(/self[- ]signed/);
  });

  it('serves market data over wss from its own thread', async () => {
    const md = await MarketDataClient.connect(`wss://127.0.0.1:${fx.service.gateway.marketData.port}/v1/market`, { tls: { ca } });
    const series = await md.series();
    expect(series.some((s) => Number(s.seriesId) === fx.seriesId)).toBe(true);
    const subscribed = await md.subscribe(fx.seriesId, [wire.Channel.BOOK]);
    expect(subscribed).toBeDefined();
    await md.close();
    expect(await httpGetStatus(`http://127.0.0.1:${fx.service.gateway.marketData.port}/v1/market`)).not.toBe(101);
  });
});

/** How a start ends: its error, or 'started' (and closed at once, so a failed expectation prints a word, not a server). */
function outcome(started: Promise<{ close(): Promise<unknown> }>): Promise<unknown> {
  return started.then(
    async (server) => {
      await server.close();
      return 'started';
    },
    (error: unknown) => error,
  );
}

function startOutcome(gateway: Record<string, unknown>): Promise<unknown> {
  return outcome(startGatewayFixture(gateway).then((fx) => ({ close: () => fx.stop() })));
}

describe('plaintext off loopback', () => {
  it('is refused for the gateway on 0.0.0.0 without allowPlaintext, with a named error', async () => {
    const refused = await startOutcome({ host: '0.0.0.0' });
    expect(refused).toBeInstanceOf(PlaintextBindError);
    expect((refused as Error).message).toMatch(/^PLAINTEXT_NOT_LOOPBACK: gateway would listen on 0\.0\.0\.0 without TLS/);
  });

  it('is refused for market data (an edge starts it without a gateway) on 0.0.0.0', () => {
    expect(() => MarketDataThread.spawn({ ...DEFAULT_GATEWAY_CONFIG, host: '0.0.0.0', marketDataPort: 0 }, createLogger('silent'))).toThrow(/PLAINTEXT_NOT_LOOPBACK: market data/);
  });

  it('is accepted on 0.0.0.0 with allowPlaintext (a TLS-terminating proxy in front); loopback needs no flag', async () => {
    const fx = await startGatewayFixture({ host: '0.0.0.0', allowPlaintext: true });
    try {
      expect(await httpGetStatus(`http://127.0.0.1:${fx.service.gateway.port}/healthz`)).toBe(200);
    } finally {
      await fx.stop();
    }
  });

  it('maps PATX_TLS_CERT, PATX_TLS_KEY and PATX_ALLOW_PLAINTEXT, and wants both files or neither', () => {
    const config = loadConfig({ PATX_TLS_CERT: certFile, PATX_TLS_KEY: keyFile, PATX_ALLOW_PLAINTEXT: '1' });
    expect(config.gateway.tls).toEqual({ certFile, keyFile });
    expect(config.gateway.allowPlaintext).toBe(true);
    expect(loadConfig({}).gateway.allowPlaintext).toBe(false);
    expect(() => loadConfig({ PATX_TLS_CERT: certFile })).toThrow(/set both the certificate and the key/);
    expect(() => loadConfig({ PATX_ALLOW_PLAINTEXT: 'yes' })).toThrow(ConfigError);
  });
});

describe('a certificate or key that cannot serve stops the start', () => {
  it('names the missing file, a non-PEM file and a key that is not the certificate\'s', async () => {
    const missing = path.join(dir, 'missing.pem');
    expect(await startOutcome({ tls: { certFile: missing, keyFile } })).toMatchObject({ name: 'TlsFileError', code: 'TLS_FILE_UNREADABLE', file: missing });
    const garbage = path.join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate\n');
    expect(await startOutcome({ tls: { certFile: garbage, keyFile } })).toMatchObject({ code: 'TLS_CERT_INVALID' });
    expect(await startOutcome({ tls: { certFile, keyFile: garbage } })).toMatchObject({ code: 'TLS_KEY_INVALID' });
    const mismatch = await startOutcome({ tls: { certFile, keyFile: otherKeyFile } });
    expect(mismatch).toBeInstanceOf(TlsFileError);
    expect(mismatch).toMatchObject({ code: 'TLS_KEY_MISMATCH' });
  });
});

describe('the reference provider server', () => {
  const log = createLogger('silent');
  const start = (host: string, security: TransportSecurity): Promise<ProviderServer> =>
    startProviderServer({
      providerKey: Wallet.createRandom().privateKey,
      domain: { name: 'PATX Access Grants', version: '1', chainId: 31_337, verifyingContract: '0x0000000000000000000000000000000000000000' },
      exchangeSigner: Wallet.createRandom().address,
      serves: () => false,
      segmentOf: () => undefined,
      records: () => undefined,
      dir: mkdtempSync(path.join(dir, 'gate-')),
      host,
      port: 0,
      security,
      log,
    });

  it('serves https with the certificate', async () => {
    const server = await start('127.0.0.1', { tls: { certFile, keyFile }, allowPlaintext: false });
    try {
      expect(await httpsGetText(`https://127.0.0.1:${server.port}/healthz`, ca)).toEqual({ status: 200, body: '{"status":"ok"}' });
      expect(await httpGetStatus(`http://127.0.0.1:${server.port}/healthz`)).not.toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses plaintext on 0.0.0.0 without allowPlaintext and takes it with', async () => {
    expect(String(await outcome(start('0.0.0.0', { allowPlaintext: false })))).toMatch(/PLAINTEXT_NOT_LOOPBACK: the reference provider server would listen on 0\.0\.0\.0/);
    const server = await start('0.0.0.0', { allowPlaintext: true });
    try {
      expect(await httpGetStatus(`http://127.0.0.1:${server.port}/healthz`)).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe("a replicated standby on the gateway's port", () => {
  const status = () => ({ node: 'b', phase: 'following' as const, leader: undefined, appliedSeq: 0, streamSeq: 0, lagSeqs: 0, failure: undefined });
  const log = createLogger('silent');
  const metricsText = (): string => '';
  const isOperator = (): boolean => false;

  it('answers https like the gateway it stands in for, and refuses plaintext on 0.0.0.0 without allowPlaintext', async () => {
    const standby = await StandbyServer.start({ host: '127.0.0.1', port: 0, status, metricsText, isOperator, log, security: { tls: { certFile, keyFile }, allowPlaintext: false } });
    try {
      const reply = await httpsGetText(`https://127.0.0.1:${standby.port}/healthz`, ca);
      expect(reply).toMatchObject({ status: 200 });
      expect(JSON.parse((reply as { body: string }).body)).toMatchObject({ role: 'standby', node: 'b' });
    } finally {
      await standby.close();
    }
    expect(String(await outcome(StandbyServer.start({ host: '0.0.0.0', port: 0, status, metricsText, isOperator, log, security: { allowPlaintext: false } })))).toMatch(/PLAINTEXT_NOT_LOOPBACK: the standby/);
  });
});
