/**
 * The grant ledger's opening: its domain (known ahead of leading, or with settlement's
 * deployment) and the key grants are signed with. Apart from grants.ts so that the read
 * models, which open the ledger, and the grants' component, which works on the read
 * models, do not import each other.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../engine/index.js';
import { GRANT_DOMAIN_NAME, GRANT_DOMAIN_VERSION, GrantLedger, GrantSigner, ZERO_ADDRESS, type GrantDomain } from '../../grants/index.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';

/**
 * The grant domain when it is known before this node leads: without settlement (the configured
 * chain and no contract), or with the registry configured (settlement uses configured contracts
 * as they are). Otherwise it comes with settlement's deployment, and the ledger opens then.
 */
export function grantDomainAhead(config: Config): GrantDomain | undefined {
  const base = { name: GRANT_DOMAIN_NAME, version: GRANT_DOMAIN_VERSION, chainId: config.settlement.chainId };
  if (!config.settlement.enabled) return { ...base, verifyingContract: ZERO_ADDRESS };
  if (config.settlement.contracts !== undefined) return { ...base, verifyingContract: config.settlement.contracts.registry };
  return undefined;
}

export function openGrantLedger(config: Config, engine: Engine, clock: () => number, domain: GrantDomain, log: Logger): GrantLedger {
  return GrantLedger.open({ dataDir: config.dataDir, engine, signer: new GrantSigner(grantSignerKey(config, log), domain), clock });
}

/**
 * The key access grants are signed with: from config (or PATX_GRANT_SIGNER_KEY), else
 * the one kept under the data directory, else a new random one written there (mode 600).
 */
function grantSignerKey(config: Config, log: Logger): string {
  if (config.grants.signerKey !== '') return config.grants.signerKey;
  const file = path.join(config.dataDir, 'grant-signer.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = `0x${randomBytes(32).toString('hex')}`;
  writeFileSync(file, key + '\n', { mode: 0o600 });
  log.info({ file }, 'generated the access-grant signing key');
  return key;
}
