/**
 * Where the CLI finds the service and its data: PATX_URL, the service's HTTP base, for every
 * command that dials it (its operator API is `${PATX_URL}/operator`; order entry the socket
 * GET /v1/endpoints names); without it, beside a service started with PATX_PORT, else
 * `npm start`'s places, or the sandbox's when PATX_PROFILE=sandbox (`npm run sandbox`), so one
 * variable points every command at the sandbox (`PATX_PROFILE=sandbox ./patx series`). The
 * resolution, and the old names it still accepts with a notice, is src/runtime/service-url.ts,
 * shared with the MCP server and the examples. A flag (--gateway, --url, --data) still wins.
 */
import { SANDBOX_DATA_DIR, SANDBOX_PORTS } from '../app/sandbox-places.js';
import { noticeDeprecatedOnce, servicePlace, ServiceUrlError } from '../runtime/service-url.js';

export interface CliPlaces {
  gatewayUrl: string;
  operatorUrl: string;
  dataDir: string;
  /** Deprecated settings read (one line each), printed where a command dials the service: `noticeOldSettings`. */
  notices: string[];
}

/** A PATX_PROFILE the CLI does not know, or a service URL it cannot use: a usage error (exit 2), never a silent default. */
export class PlacesError extends Error {
  override readonly name = 'PlacesError';
}

/** The places by profile alone, before the environment's URLs. */
function profilePlaces(env: NodeJS.ProcessEnv): { gatewayUrl: string; dataDir: string } {
  const profile = env.PATX_PROFILE?.trim() ?? '';
  if (profile === '' || profile === 'default') return { gatewayUrl: 'http://127.0.0.1:8480', dataDir: './data' };
  if (profile === 'sandbox') return { gatewayUrl: `http://127.0.0.1:${SANDBOX_PORTS.gateway}`, dataDir: SANDBOX_DATA_DIR };
  throw new PlacesError(`PATX_PROFILE=${JSON.stringify(env.PATX_PROFILE)}: expected default or sandbox`);
}

export function cliPlaces(env: NodeJS.ProcessEnv = process.env): CliPlaces {
  const byProfile = profilePlaces(env);
  try {
    const place = servicePlace(env, byProfile.gatewayUrl);
    // PATX_DATA_DIR is the service's data directory (docs/configuration.md): what the CLI keeps beside it (a provider's
    // gate state) follows it, as the operator token's look-up does. Ignored, `patx provider serve` started elsewhere kept its
    // metering in that directory's ./data and served rights a second time.
    const dataDir = env.PATX_DATA_DIR?.trim() || byProfile.dataDir;
    return { gatewayUrl: place.httpUrl, operatorUrl: place.operatorUrl, dataDir, notices: place.notices };
  } catch (error) {
    if (error instanceof ServiceUrlError) throw new PlacesError(error.message);
    throw error;
  }
}

/** Prints, once, a line per deprecated setting read (PATX_GATEWAY_URL, PATX_OPERATOR_URL, …), naming PATX_URL. */
export function noticeOldSettings(env: NodeJS.ProcessEnv = process.env): void {
  noticeDeprecatedOnce(cliPlaces(env), 'patx');
}
