/**
 * How the gateway's servers are offered, apart from the config's schemas (config.ts): the market-data thread needs
 * only this, and config.ts builds its zod schemas as it loads (zod alone was ~0.1 s of that thread's start).
 */
import type { TransportSecurity } from '../runtime/transport-security.js';
import type { GatewayConfig } from './config.js';

/** How the gateway's servers are offered: TLS when both files are configured, else plaintext. */
export function gatewayTransport(config: Pick<GatewayConfig, 'tls' | 'allowPlaintext'>): TransportSecurity {
  const { certFile, keyFile } = config.tls ?? {};
  return { tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined, allowPlaintext: config.allowPlaintext };
}
