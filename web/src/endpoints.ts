/**
 * Where the console's WebSockets go (order entry, market data), from GET /v1/endpoints and
 * the page's own address. The scheme follows the page: a page loaded over https opens wss
 * (a browser refuses ws:// from an https page anyway). A page the gateway served itself
 * (its port is the gateway's) dials the endpoint's port on the same host. A page that came
 * through a reverse proxy on another port (443 with TLS terminated there) dials the page's
 * own origin and the endpoint's path: the proxy routes /v1/market to market data and the
 * rest to the gateway (docs/security.md, "TLS").
 */

export interface Endpoint {
  path: string;
  port: number;
}

/** What is read of `location` (a parameter, so a test can give another page). */
export interface PageAddress {
  protocol: string;
  hostname: string;
  host: string;
  port: string;
}

export function socketUrl(endpoint: Endpoint, gatewayPort: number, page: PageAddress = location): string {
  const secure = page.protocol === 'https:';
  const scheme = secure ? 'wss' : 'ws';
  const pagePort = page.port === '' ? (secure ? 443 : 80) : Number(page.port);
  if (pagePort === gatewayPort) return `${scheme}://${page.hostname}:${endpoint.port}${endpoint.path}`;
  return `${scheme}://${page.host}${endpoint.path}`;
}

/** GET /v1/endpoints, and the URL of each WebSocket endpoint for this page. */
export async function socketUrls(): Promise<{ trade: string; marketData: string }> {
  const endpoints = (await (await fetch('/v1/endpoints')).json()) as { trade: Endpoint; marketData: Endpoint };
  return { trade: socketUrl(endpoints.trade, endpoints.trade.port), marketData: socketUrl(endpoints.marketData, endpoints.trade.port) };
}
