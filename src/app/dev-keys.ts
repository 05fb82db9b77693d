/**
 * The service refuses to start on any chain but the local one (31337) while a
 * well-known development key is configured: the 20 keys of the hardhat/anvil
 * mnemonic are public, so on a real chain whoever reads them could settle, vote
 * the phases, sign access grants or trade as the demo's participants.
 * Checked before anything is opened, so a refusal changes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { computeAddress } from 'ethers';
import { demoEnabled, providerServerEnabled, type Config } from './config.js';
import { LOCAL_CHAIN_ID, WELL_KNOWN_DEV_KEYS } from '../settlement/index.js';

/** Where a development key was found: the config key or variable to change. */
export type DevKeyUse = 'settler' | 'council' | 'broker' | 'fee recipient' | 'grant signer' | 'demo' | 'provider server';

export class DevKeyOnPublicChainError extends Error {
  override readonly name = 'DevKeyOnPublicChainError';
  readonly code = 'DEV_KEY_ON_PUBLIC_CHAIN';
  constructor(
    readonly chainId: number,
    readonly uses: readonly { use: DevKeyUse; detail: string; fix: string }[],
  ) {
    super(
      `chain ${chainId} is not the local chain (${LOCAL_CHAIN_ID}) and well-known development keys (public: the hardhat/anvil mnemonic) are configured: ` +
        uses.map((u) => `${u.use} (${u.detail}; ${u.fix})`).join('; '),
    );
  }
}

const DEV_KEYS = new Set(WELL_KNOWN_DEV_KEYS.map((k) => k.toLowerCase()));
const DEV_ADDRESSES = new Map(WELL_KNOWN_DEV_KEYS.map((k, i) => [computeAddress(k).toLowerCase(), i]));

/** Which of the 20 well-known keys this private key is, or undefined (with or without 0x, any case). */
export function devKeyIndex(key: string): number | undefined {
  const k = key.trim().toLowerCase();
  const hex = k.startsWith('0x') ? k : `0x${k}`;
  return DEV_KEYS.has(hex) ? WELL_KNOWN_DEV_KEYS.findIndex((d) => d.toLowerCase() === hex) : undefined;
}

/** Which of the 20 well-known accounts this address is, or undefined. */
export function devAddressIndex(address: string): number | undefined {
  return DEV_ADDRESSES.get(address.toLowerCase());
}

/** The grant signer's key kept under the data dir from an earlier start, if any. */
function keptGrantSignerKey(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'grant-signer.key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * Throws DevKeyOnPublicChainError when the configured chain (settlement.chainId, and the
 * chain id logins name, gateway.chainId) is not the local one and a development key is
 * configured anywhere: the settler (PATX_SETTLER_KEY), the council, the broker's address,
 * the grant signer (config, PATX_GRANT_SIGNER_KEY or the kept key), or the demo and the
 * reference provider server (which trade and sign with dev keys).
 */
export function refuseDevKeysOffLocalChain(config: Config, env: NodeJS.ProcessEnv = process.env): void {
  const chainId = config.settlement.chainId !== LOCAL_CHAIN_ID ? config.settlement.chainId : config.gateway.chainId;
  if (chainId === LOCAL_CHAIN_ID) return;
  const uses: { use: DevKeyUse; detail: string; fix: string }[] = [];
  const settler = env.PATX_SETTLER_KEY;
  const settlerIndex = settler === undefined ? undefined : devKeyIndex(settler);
  if (config.settlement.enabled && settlerIndex !== undefined) uses.push({ use: 'settler', detail: `PATX_SETTLER_KEY is dev key #${settlerIndex}`, fix: 'set PATX_SETTLER_KEY to a key of your own' });
  for (const member of config.settlement.council ?? []) {
    const i = devAddressIndex(member);
    if (i !== undefined) uses.push({ use: 'council', detail: `settlement.council has dev account #${i} ${member}`, fix: 'name council members whose keys are yours' });
  }
  const broker = config.settlement.brokerAddress;
  const brokerIndex = broker === undefined ? undefined : devAddressIndex(broker);
  if (brokerIndex !== undefined) uses.push({ use: 'broker', detail: `settlement.brokerAddress is dev account #${brokerIndex}`, fix: 'set settlement.brokerAddress to an address of your own' });
  // Whoever signs in as the fee recipient's wallet owns the treasury account the fee revenue is swept to.
  const feeRecipient = config.settlement.feeRecipient;
  const feeRecipientIndex = feeRecipient === undefined ? undefined : devAddressIndex(feeRecipient);
  if (feeRecipientIndex !== undefined) uses.push({ use: 'fee recipient', detail: `settlement.feeRecipient is dev account #${feeRecipientIndex}`, fix: 'set settlement.feeRecipient to an address of your own' });
  const signer = config.grants.signerKey !== '' ? { key: config.grants.signerKey, from: 'grants.signerKey (PATX_GRANT_SIGNER_KEY)' } : { key: keptGrantSignerKey(config.dataDir), from: `${config.dataDir}/grant-signer.key` };
  const signerIndex = signer.key === undefined ? undefined : devKeyIndex(signer.key);
  if (signerIndex !== undefined) uses.push({ use: 'grant signer', detail: `${signer.from} is dev key #${signerIndex}`, fix: 'set PATX_GRANT_SIGNER_KEY to a key of your own' });
  if (demoEnabled(config)) uses.push({ use: 'demo', detail: 'the demo participants trade with dev keys', fix: 'PATX_DEMO=off' });
  if (providerServerEnabled(config)) uses.push({ use: 'provider server', detail: 'the reference provider server signs as the demo provider (a dev key)', fix: 'PATX_PROVIDER_SERVER=off' });
  if (uses.length > 0) throw new DevKeyOnPublicChainError(chainId, uses);
}
