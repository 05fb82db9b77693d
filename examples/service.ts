/**
 * Where every example finds the service: PATX_URL, its HTTP base (http://127.0.0.1:8480), the
 * same setting as the `patx` CLI and `patx mcp` (src/runtime/service-url.ts); order entry and
 * market data are the sockets GET /v1/endpoints names. Without PATX_URL, beside a service's
 * PATX_PORT, else the sandbox's with PATX_PROFILE=sandbox, else the example's default. The old PATX_URL=ws://… and PATX_MARKET_URL still
 * work, with a one-line notice naming the new setting.
 */
import { SANDBOX_PORTS } from '../src/app/sandbox-places.js';
import { noticeDeprecatedOnce, servicePlace, ServiceUrlError, socketUrls, type ServicePlace, type SocketUrls } from '../src/runtime/service-url.js';

export type { ServicePlace };

/** The service's places; a setting it cannot use ends the example in one line (exit 1). */
export function examplePlace(fallback = 'http://127.0.0.1:8480'): ServicePlace {
  try {
    // As the CLI: PATX_PROFILE=sandbox points the default at the sandbox's gateway.
    const place = servicePlace(process.env, process.env.PATX_PROFILE?.trim() === 'sandbox' ? `http://127.0.0.1:${SANDBOX_PORTS.gateway}` : fallback);
    noticeDeprecatedOnce(place, 'example');
    return place;
  } catch (error) {
    if (!(error instanceof ServiceUrlError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** Order entry's and market data's full URLs (…/v1/trade, …/v1/market), from GET /v1/endpoints. */
export function sockets(place: ServicePlace): Promise<SocketUrls> {
  return socketUrls(place);
}
