/**
 * Where a tool (the `patx` CLI, `patx mcp`, the examples) finds the service: one setting for all
 * of them, PATX_URL, the service's HTTP base (http://127.0.0.1:8480). The operator API is
 * `${PATX_URL}/operator`; order entry and market data are the WebSocket endpoints that
 * GET /v1/endpoints names (`socketUrls`). Without PATX_URL, a tool run beside the service with
 * its PATX_PORT (and PATX_HOST, PATX_TLS_CERT) finds it there; else the caller's default.
 *
 * The names the tools read before (PATX_GATEWAY_URL, PATX_OPERATOR_URL, PATX_MARKET_URL, a
 * ws:// PATX_URL) still work, each with a one-line notice naming the new setting: the resolution
 * returns the notices, and `noticeDeprecatedOnce` prints each once per process, where the tool
 * actually dials the service (so `patx --help` or an offline command stays quiet).
 */

/** A setting a tool cannot use (not an http(s) or ws(s) URL): the tool says so and stops. */
export class ServiceUrlError extends Error {
  override readonly name = 'ServiceUrlError';
}

export interface ServicePlace {
  /** The service's HTTP base, no trailing slash: http(s)://host:port. */
  httpUrl: string;
  /** The operator API's base: `${httpUrl}/operator`, or what PATX_OPERATOR_URL (deprecated) says. */
  operatorUrl: string;
  /** The market-data WebSocket base, only when PATX_MARKET_URL (deprecated) names one; else GET /v1/endpoints says. */
  marketUrl?: string;
  /** One line per deprecated name that was read, naming the new setting. */
  notices: string[];
  /** Where httpUrl came from, for error messages: 'PATX_URL', 'PATX_PORT', 'default', or an old name. */
  from: string;
}

const HTTP_BASE = /^https?:\/\/[^/?#]+$/;
const WS_BASE = /^wss?:\/\/[^/?#]+$/;

/** The notice for an old name: what it is, and the new setting with the value it implies. */
function deprecated(name: string, httpUrl: string): string {
  return `${name} is deprecated: set PATX_URL=${httpUrl} (the service's HTTP base; order entry, market data and /operator are found from it)`;
}

function trimmed(v: string | undefined): string | undefined {
  const t = v?.trim().replace(/\/+$/, '');
  return t === undefined || t === '' ? undefined : t;
}

function httpBase(name: string, value: string): string {
  if (!HTTP_BASE.test(value)) throw new ServiceUrlError(`${name}=${value}: expected the service's HTTP base, such as http://127.0.0.1:8480`);
  return value;
}

/** Where a service started with this environment listens, from its own PATX_PORT (PATX_HOST, PATX_TLS_CERT). */
function beside(env: NodeJS.ProcessEnv): string | undefined {
  const port = env.PATX_PORT?.trim();
  if (port === undefined || port === '') return undefined;
  // 0 (the OS picks) or a value the service itself refuses says nowhere a tool could dial: the default stands.
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535) return undefined;
  const host = env.PATX_HOST?.trim();
  // A wildcard bind is reached on loopback; an address that is not is named as given.
  const reach = host === undefined || host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const tls = (env.PATX_TLS_CERT?.trim() ?? '') !== '';
  return `${tls ? 'https' : 'http'}://${reach}:${port}`;
}

/**
 * The service's places from the environment. `fallback` is the HTTP base when nothing says
 * (npm start's http://127.0.0.1:8480; the sandbox's with PATX_PROFILE=sandbox; an example's own).
 */
export function servicePlace(env: NodeJS.ProcessEnv, fallback: string): ServicePlace {
  const notices: string[] = [];
  const url = trimmed(env.PATX_URL);
  const gateway = trimmed(env.PATX_GATEWAY_URL);
  const operator = trimmed(env.PATX_OPERATOR_URL);
  const market = trimmed(env.PATX_MARKET_URL);

  let httpUrl: string;
  let from: string;
  if (url !== undefined && WS_BASE.test(url)) {
    httpUrl = url.replace(/^ws/, 'http');
    from = 'PATX_URL';
    notices.push(`PATX_URL=${url} (a ws:// URL) is deprecated: set PATX_URL=${httpUrl} (the service's HTTP base; order entry and market data are found from it)`);
  } else if (url !== undefined) {
    httpUrl = httpBase('PATX_URL', url);
    from = 'PATX_URL';
  } else if (gateway !== undefined) {
    httpUrl = httpBase('PATX_GATEWAY_URL', gateway);
    from = 'PATX_GATEWAY_URL';
  } else if (operator !== undefined) {
    const m = /^(https?:\/\/[^/?#]+)\/operator$/.exec(operator);
    if (m === null) throw new ServiceUrlError(`PATX_OPERATOR_URL=${operator}: expected the operator API, such as http://127.0.0.1:8480/operator`);
    httpUrl = m[1]!;
    from = 'PATX_OPERATOR_URL';
  } else {
    const near = beside(env);
    httpUrl = near ?? httpBase('the default service URL', fallback.replace(/\/+$/, ''));
    from = near === undefined ? 'default' : 'PATX_PORT';
  }

  if (gateway !== undefined) notices.push(url === undefined ? deprecated('PATX_GATEWAY_URL', httpUrl) : `PATX_GATEWAY_URL is deprecated and ignored: PATX_URL=${url} is set`);
  if (operator !== undefined) {
    if (!/^https?:\/\/[^/?#]+\/.+$/.test(operator)) throw new ServiceUrlError(`PATX_OPERATOR_URL=${operator}: expected the operator API, such as http://127.0.0.1:8480/operator`);
    notices.push(deprecated('PATX_OPERATOR_URL', httpUrl));
  }
  if (market !== undefined) {
    if (!WS_BASE.test(market)) throw new ServiceUrlError(`PATX_MARKET_URL=${market}: expected a ws(s):// base, such as ws://127.0.0.1:8481`);
    notices.push(deprecated('PATX_MARKET_URL', httpUrl));
  }
  return {
    httpUrl,
    // The old operator name keeps meaning exactly what it said (an operator API elsewhere than /operator still works).
    operatorUrl: operator ?? `${httpUrl}/operator`,
    ...(market === undefined ? {} : { marketUrl: market }),
    notices,
    from,
  };
}

const noticed = new Set<string>();

/** Prints each notice once per process, one line each, on stderr (`prefix` names the tool). */
export function noticeDeprecatedOnce(place: Pick<ServicePlace, 'notices'>, prefix: string, write: (line: string) => void = (l) => process.stderr.write(l)): void {
  for (const n of place.notices) {
    if (noticed.has(n)) continue;
    noticed.add(n);
    write(`${prefix}: ${n}\n`);
  }
}

/** What GET /v1/endpoints says: the WebSocket endpoints (paths and ports) and the chain signed requests name. */
export interface ServiceEndpoints {
  trade: { path: string; port: number };
  marketData: { path: string; port: number };
  chainId?: number;
}

export interface SocketUrls {
  /** Order entry: ws(s)://host:port/v1/trade. */
  tradeUrl: string;
  /** Market data: ws(s)://host:port/v1/market (or under PATX_MARKET_URL when that names it). */
  marketDataUrl: string;
  chainId: number;
}

/** The WebSocket URLs on the host of `httpUrl`, with the ports GET /v1/endpoints named. */
export function socketUrlsOf(httpUrl: string, endpoints: ServiceEndpoints, marketUrl?: string): SocketUrls {
  const u = new URL(httpUrl);
  const ws = `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.hostname}`; // an IPv6 hostname keeps its brackets
  return {
    tradeUrl: `${ws}:${endpoints.trade.port}${endpoints.trade.path}`,
    marketDataUrl: marketUrl === undefined ? `${ws}:${endpoints.marketData.port}${endpoints.marketData.path}` : `${marketUrl}${endpoints.marketData.path}`,
    chainId: endpoints.chainId ?? 31_337,
  };
}

/** GET /v1/endpoints at the service, then its WebSocket URLs; a connection failure is thrown as fetch threw it. */
export async function socketUrls(place: Pick<ServicePlace, 'httpUrl' | 'marketUrl'>): Promise<SocketUrls> {
  const res = await fetch(`${place.httpUrl}/v1/endpoints`);
  if (!res.ok) throw new ServiceUrlError(`GET ${place.httpUrl}/v1/endpoints answered ${res.status}: is PATX_URL a PATX service?`);
  return socketUrlsOf(place.httpUrl, (await res.json()) as ServiceEndpoints, place.marketUrl);
}
