/**
 * The console over https: served by the gateway's SSLApp (a self-signed certificate made
 * here with openssl; Chromium told to accept it with --ignore-certificate-errors), the
 * page opens its WebSockets with wss (market data, and order entry on a dev-key sign-in),
 * never ws. And where the console sends its WebSockets from a page that came through a
 * reverse proxy (socketUrl, web/src/endpoints.ts): the page's own origin and the path.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { ensureWebBuilt } from '../../src/app/web-build.js';
import { socketUrl } from '../../web/src/endpoints.js';
import { logger, signInWithDevKey } from '../support/console-browser.js';

const CHROMIUM = process.env.PATX_CHROMIUM ?? '/usr/bin/chromium';
const DEV_KEY_INDEX = 7;

describe('socketUrl: where the console dials its WebSockets', () => {
  const market = { path: '/v1/market', port: 8481 };
  it('follows the page: the gateway\'s own page dials the endpoint\'s port, ws or wss as the page', () => {
    expect(socketUrl(market, 8480, { protocol: 'http:', hostname: '127.0.0.1', host: '127.0.0.1:8480', port: '8480' })).toBe('ws://127.0.0.1:8481/v1/market');
    expect(socketUrl(market, 8480, { protocol: 'https:', hostname: 'patx.example', host: 'patx.example:8480', port: '8480' })).toBe('wss://patx.example:8481/v1/market');
  });
  it('dials the page\'s own origin and the path from a page a proxy served on another port', () => {
    expect(socketUrl(market, 8480, { protocol: 'https:', hostname: 'patx.example', host: 'patx.example', port: '' })).toBe('wss://patx.example/v1/market');
    expect(socketUrl({ path: '/v1/trade', port: 8480 }, 8480, { protocol: 'https:', hostname: 'patx.example', host: 'patx.example:8443', port: '8443' })).toBe('wss://patx.example:8443/v1/trade');
  });
});

describe('the console over https', () => {
  let dir: string;
  let service: Service;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-web-tls-'));
    const certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    const config = loadConfig({}, { dataDir: path.join(dir, 'data'), settlement: { enabled: false }, gateway: { port: 0, marketDataPort: 0, tls: { certFile, keyFile } } });
    service = await startService(config, logger);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--ignore-certificate-errors'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens market data and order entry with wss, never ws', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const base = `https://127.0.0.1:${service.gateway.port}`;
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid=feed-state]:has-text("live")');
    expect(sockets).toContain(`wss://127.0.0.1:${service.gateway.marketData.port}/v1/market`);
    await page.goto(`${base}/#/account`);
    await signInWithDevKey(page, service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    expect(sockets).toContain(`wss://127.0.0.1:${service.gateway.port}/v1/trade`);
    expect(sockets.filter((url) => !url.startsWith('wss://'))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
