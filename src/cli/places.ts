/**
 * Where the CLI finds the service by default: `npm start`'s places, or the sandbox's when
 * PATX_PROFILE=sandbox (`npm run sandbox`), so one variable points every command at the sandbox
 * (`PATX_PROFILE=sandbox ./patx series`). A flag or its own variable (--gateway /
 * PATX_GATEWAY_URL, --url / PATX_OPERATOR_URL, --data / PATX_DATA_DIR) still wins.
 */
import { SANDBOX_DATA_DIR, SANDBOX_PORTS } from '../app/sandbox-places.js';

export interface CliPlaces {
  gatewayUrl: string;
  operatorUrl: string;
  dataDir: string;
}

/** A PATX_PROFILE the CLI does not know: a usage error (exit 2), never a silent default. */
export class UnknownProfileError extends Error {
  override readonly name = 'UnknownProfileError';
}

export function cliPlaces(env: NodeJS.ProcessEnv = process.env): CliPlaces {
  const profile = env.PATX_PROFILE?.trim() ?? '';
  if (profile === '' || profile === 'default') return { gatewayUrl: 'http://127.0.0.1:8480', operatorUrl: 'http://127.0.0.1:8480/operator', dataDir: './data' };
  if (profile === 'sandbox') {
    const gatewayUrl = `http://127.0.0.1:${SANDBOX_PORTS.gateway}`;
    return { gatewayUrl, operatorUrl: `${gatewayUrl}/operator`, dataDir: SANDBOX_DATA_DIR };
  }
  throw new UnknownProfileError(`PATX_PROFILE=${JSON.stringify(env.PATX_PROFILE)}: expected default or sandbox`);
}
