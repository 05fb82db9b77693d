/**
 * One setting for every tool (issue 82): PATX_URL, the service's HTTP base, resolved in one place
 * (src/runtime/service-url.ts) for the CLI, `patx mcp` and the examples. The old names still
 * work, each with one line naming PATX_URL; a service's own PATX_PORT is enough beside it; a
 * setting no tool could use is refused with what was expected.
 */
import { describe, expect, it } from 'vitest';
import { noticeDeprecatedOnce, servicePlace, ServiceUrlError, socketUrlsOf } from '../../src/runtime/service-url.js';
import { cliPlaces, PlacesError } from '../../src/cli/places.js';

const FALLBACK = 'http://127.0.0.1:8480';
const ENDPOINTS = { trade: { path: '/v1/trade', port: 9100 }, marketData: { path: '/v1/market', port: 9101 }, chainId: 5 };

describe('servicePlace', () => {
  it('PATX_URL is the HTTP base: the operator API under it, no notice', () => {
    expect(servicePlace({ PATX_URL: 'http://10.1.2.3:9100/' }, FALLBACK)).toEqual({ httpUrl: 'http://10.1.2.3:9100', operatorUrl: 'http://10.1.2.3:9100/operator', notices: [], from: 'PATX_URL' });
    expect(servicePlace({ PATX_URL: 'https://patx.example' }, FALLBACK).operatorUrl).toBe('https://patx.example/operator');
  });

  it('with nothing set, the caller’s default', () => {
    expect(servicePlace({}, FALLBACK)).toEqual({ httpUrl: FALLBACK, operatorUrl: `${FALLBACK}/operator`, notices: [], from: 'default' });
  });

  it('beside a service: its PATX_PORT, on loopback unless PATX_HOST names an address, https with PATX_TLS_CERT', () => {
    expect(servicePlace({ PATX_PORT: '19480' }, FALLBACK)).toMatchObject({ httpUrl: 'http://127.0.0.1:19480', operatorUrl: 'http://127.0.0.1:19480/operator', notices: [], from: 'PATX_PORT' });
    expect(servicePlace({ PATX_PORT: '19480', PATX_HOST: '0.0.0.0' }, FALLBACK).httpUrl).toBe('http://127.0.0.1:19480');
    expect(servicePlace({ PATX_PORT: '19480', PATX_HOST: '10.0.0.7' }, FALLBACK).httpUrl).toBe('http://10.0.0.7:19480');
    expect(servicePlace({ PATX_PORT: '19480', PATX_HOST: '::1' }, FALLBACK).httpUrl).toBe('http://[::1]:19480');
    expect(servicePlace({ PATX_PORT: '19480', PATX_TLS_CERT: '/etc/patx/cert.pem' }, FALLBACK).httpUrl).toBe('https://127.0.0.1:19480');
    // A port the OS picks (0), or one the service itself refuses, says nowhere to dial: the default.
    expect(servicePlace({ PATX_PORT: '0' }, FALLBACK)).toMatchObject({ httpUrl: FALLBACK, from: 'default' });
    expect(servicePlace({ PATX_PORT: '99999' }, FALLBACK)).toMatchObject({ httpUrl: FALLBACK, from: 'default' });
    // PATX_URL, when set, wins over the port.
    expect(servicePlace({ PATX_PORT: '19480', PATX_URL: 'http://127.0.0.1:19999' }, FALLBACK).httpUrl).toBe('http://127.0.0.1:19999');
  });

  it('PATX_URL as a ws:// URL (what the examples read before): its http twin, one notice naming the new value', () => {
    const place = servicePlace({ PATX_URL: 'ws://127.0.0.1:8480' }, FALLBACK);
    expect(place.httpUrl).toBe('http://127.0.0.1:8480');
    expect(place.notices).toEqual(["PATX_URL=ws://127.0.0.1:8480 (a ws:// URL) is deprecated: set PATX_URL=http://127.0.0.1:8480 (the service's HTTP base; order entry and market data are found from it)"]);
    expect(servicePlace({ PATX_URL: 'wss://patx.example:443' }, FALLBACK).httpUrl).toBe('https://patx.example:443');
  });

  it('PATX_GATEWAY_URL (the CLI’s and MCP’s before): the base, one notice', () => {
    const place = servicePlace({ PATX_GATEWAY_URL: 'http://127.0.0.1:19480' }, FALLBACK);
    expect(place).toMatchObject({ httpUrl: 'http://127.0.0.1:19480', operatorUrl: 'http://127.0.0.1:19480/operator', from: 'PATX_GATEWAY_URL' });
    expect(place.notices).toEqual(["PATX_GATEWAY_URL is deprecated: set PATX_URL=http://127.0.0.1:19480 (the service's HTTP base; order entry, market data and /operator are found from it)"]);
    // Beside PATX_URL it is ignored, and the notice says so.
    expect(servicePlace({ PATX_URL: 'http://127.0.0.1:1', PATX_GATEWAY_URL: 'http://127.0.0.1:2' }, FALLBACK)).toMatchObject({ httpUrl: 'http://127.0.0.1:1', notices: ['PATX_GATEWAY_URL is deprecated and ignored: PATX_URL=http://127.0.0.1:1 is set'] });
  });

  it('PATX_OPERATOR_URL (the operator commands’ before): kept as the operator API, the base under it, one notice', () => {
    const place = servicePlace({ PATX_OPERATOR_URL: 'http://127.0.0.1:19480/operator' }, FALLBACK);
    expect(place).toMatchObject({ httpUrl: 'http://127.0.0.1:19480', operatorUrl: 'http://127.0.0.1:19480/operator', from: 'PATX_OPERATOR_URL' });
    expect(place.notices).toEqual(["PATX_OPERATOR_URL is deprecated: set PATX_URL=http://127.0.0.1:19480 (the service's HTTP base; order entry, market data and /operator are found from it)"]);
    // With PATX_URL set too, the operator API stays where the old name said.
    expect(servicePlace({ PATX_URL: 'http://127.0.0.1:1', PATX_OPERATOR_URL: 'https://ops.example/patx/operator' }, FALLBACK)).toMatchObject({ httpUrl: 'http://127.0.0.1:1', operatorUrl: 'https://ops.example/patx/operator' });
  });

  it('PATX_MARKET_URL (the examples’ before): kept as market data’s base, one notice', () => {
    const place = servicePlace({ PATX_URL: 'ws://127.0.0.1:8480', PATX_MARKET_URL: 'ws://127.0.0.1:8481' }, FALLBACK);
    expect(place.marketUrl).toBe('ws://127.0.0.1:8481');
    expect(place.notices).toHaveLength(2);
    expect(place.notices[1]).toBe("PATX_MARKET_URL is deprecated: set PATX_URL=http://127.0.0.1:8480 (the service's HTTP base; order entry, market data and /operator are found from it)");
    expect(socketUrlsOf(place.httpUrl, ENDPOINTS, place.marketUrl).marketDataUrl).toBe('ws://127.0.0.1:8481/v1/market');
  });

  it('refuses what no tool could dial, naming the variable and an example', () => {
    for (const [env, name] of [
      [{ PATX_URL: '127.0.0.1:8480' }, 'PATX_URL'],
      [{ PATX_URL: 'http://127.0.0.1:8480/v1' }, 'PATX_URL'],
      [{ PATX_GATEWAY_URL: 'ftp://x' }, 'PATX_GATEWAY_URL'],
      [{ PATX_OPERATOR_URL: 'http://127.0.0.1:8480' }, 'PATX_OPERATOR_URL'],
      [{ PATX_URL: 'http://127.0.0.1:8480', PATX_MARKET_URL: 'http://127.0.0.1:8481' }, 'PATX_MARKET_URL'],
    ] as const) {
      expect(() => servicePlace(env, FALLBACK), JSON.stringify(env)).toThrow(ServiceUrlError);
      expect(() => servicePlace(env, FALLBACK)).toThrow(new RegExp(`^${name}=`));
    }
  });
});

describe('socketUrlsOf', () => {
  it('order entry and market data on the base’s host, at the ports GET /v1/endpoints names; wss under https', () => {
    expect(socketUrlsOf('http://10.1.2.3:9000', ENDPOINTS)).toEqual({ tradeUrl: 'ws://10.1.2.3:9100/v1/trade', marketDataUrl: 'ws://10.1.2.3:9101/v1/market', chainId: 5 });
    expect(socketUrlsOf('https://[::1]:9000', { ...ENDPOINTS, chainId: undefined })).toEqual({ tradeUrl: 'wss://[::1]:9100/v1/trade', marketDataUrl: 'wss://[::1]:9101/v1/market', chainId: 31_337 });
  });
});

describe('noticeDeprecatedOnce', () => {
  it('prints each notice once per process, one line each, prefixed by the tool', () => {
    const lines: string[] = [];
    const place = servicePlace({ PATX_GATEWAY_URL: 'http://127.0.0.1:19001', PATX_OPERATOR_URL: 'http://127.0.0.1:19001/operator' }, FALLBACK);
    noticeDeprecatedOnce(place, 'patx', (l) => lines.push(l));
    noticeDeprecatedOnce(place, 'patx', (l) => lines.push(l));
    expect(lines).toEqual([`patx: ${place.notices[0]}\n`, `patx: ${place.notices[1]}\n`]);
  });
});

describe('the CLI’s places', () => {
  it('PATX_URL over the profile; the sandbox’s when only PATX_PROFILE=sandbox; a bad setting a usage error', () => {
    expect(cliPlaces({ PATX_URL: 'http://127.0.0.1:19480' })).toMatchObject({ gatewayUrl: 'http://127.0.0.1:19480', operatorUrl: 'http://127.0.0.1:19480/operator', dataDir: './data' });
    expect(cliPlaces({ PATX_PROFILE: 'sandbox' })).toMatchObject({ gatewayUrl: 'http://127.0.0.1:8580', dataDir: './data-sandbox' });
    // The service's data directory: what the CLI keeps beside it (a provider's gate state, the operator token) follows it.
    expect(cliPlaces({ PATX_DATA_DIR: '/srv/patx' }).dataDir).toBe('/srv/patx');
    expect(cliPlaces({ PATX_PROFILE: 'sandbox', PATX_DATA_DIR: '/srv/box' }).dataDir).toBe('/srv/box');
    expect(cliPlaces({ PATX_PROFILE: 'sandbox', PATX_URL: 'http://127.0.0.1:19480' }).gatewayUrl).toBe('http://127.0.0.1:19480');
    expect(() => cliPlaces({ PATX_URL: 'nowhere' })).toThrow(PlacesError);
  });
});
