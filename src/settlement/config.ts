/**
 * The settlement part of the service configuration (zod). Lives here so that
 * src/app/config.ts only mounts it; the settler's private key never comes from the
 * file, only from the environment (PATX_SETTLER_KEY).
 */
import { z } from 'zod';
import { envInt, envSwitch, envText, mapParse, type EnvField } from '../runtime/config-env.js';

const positiveInt = z.number().int().positive();
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address: 0x + 40 hex digits');

export const settlementConfigSchema = z
  .object({
    /** false: the exchange runs without the chain (no deposits credited, no batches). */
    enabled: z.boolean().default(true),
    /** JSON-RPC endpoint; absent: start a local hardhat node on 127.0.0.1. */
    rpcUrl: z.string().url().optional(),
    chainId: positiveInt.default(31337),
    /** Deployed contracts; absent: deploy on first start and remember them under <dataDir>/settlement. */
    contracts: z
      .object({ token: address, governance: address, registry: address, vault: address, deployBlock: z.number().int().nonnegative() })
      .strict()
      .optional(),
    /** Existing PAT token to use when deploying (production); absent: deploy a PATToken (local and test chains). */
    tokenAddress: address.optional(),
    /** Council and threshold for a deployment; absent on a local chain: hardhat accounts 1-3, threshold 2. */
    council: z.array(address).min(1).optional(),
    threshold: positiveInt.optional(),
    /** On-chain address of the broker's account when it was opened without one; default: the settler's. */
    brokerAddress: address.optional(),
    /**
     * The vault's fee recipient when deploying: the treasury's wallet, whose account the operator sweeps fee revenue to
     * (docs/fees.md, "Sweeping the fee account"); default: the settler's address (then, without brokerAddress, the broker's).
     */
    feeRecipient: address.optional(),
    /** Blocks a deposit or batch needs (1 = included in a block). */
    confirmations: positiveInt.default(2),
    pollIntervalMs: positiveInt.default(1000),
    /** The longest one JSON-RPC call may take: past it the call fails (a failed poll, the chain-unreachable alarm) and is retried. */
    rpcTimeoutMs: positiveInt.default(30_000),
    batchIntervalMs: positiveInt.default(5000),
    batchMaxFills: positiveInt.default(1000),
    /** …or as soon as it would carry this many balance/rights/withdrawal/listing entries (bounds its gas). */
    batchMaxEntries: positiveInt.default(500),
    maxBlockRange: positiveInt.default(5000),
    /** Reconcile on-chain state against the ledger this often (a mismatch is an alarm); 0 = only on request. */
    reconcileIntervalMs: z.number().int().nonnegative().default(60_000),
    retryBaseMs: positiveInt.default(500),
    retryMaxMs: positiveInt.default(30_000),
    receiptTimeoutMs: positiveInt.default(120_000),
    /** The embedded chain checks this often whether a block needs confirming blocks (mined on demand). */
    localBlockIntervalMs: positiveInt.default(1000),
    /** Interface the embedded chain (anvil, no rpcUrl) listens on; 0.0.0.0 in a container. */
    localChainHost: z.string().min(1).default('127.0.0.1'),
    /** Port of the embedded chain (0: any free port). */
    localChainPort: z.number().int().min(0).max(65_535).default(8545),
    /** The chain URL GET /v1/chain/contracts gives depositors; absent: the embedded chain's own URL (none for a configured rpcUrl). */
    publicRpcUrl: z.string().url().optional(),
    /**
     * Deposits from an address no account has (docs/settlement.md, "Unmatched deposits"): each is kept, to be credited
     * when the address's account opens, if it is at least `minKeptWei` (0.01 PAT, the least withdrawal) and among the
     * `maxKept` largest; the rest are counted and summed in one aggregate, which the operator sees and credits by ref.
     * Without a bound a stranger's many tiny deposits grew the store, and each poll's walk of it, for ever (an audit).
     */
    unmatchedDeposits: z
      .object({
        minKeptWei: z.string().regex(/^[0-9]{1,30}$/, 'a whole number of wei').default('10000000000000000'),
        maxKept: positiveInt.max(1_000_000).default(10_000),
      })
      .strict()
      .default({ minKeptWei: '10000000000000000', maxKept: 10_000 }),
  })
  .strict()
  .refine((c) => c.threshold === undefined || c.council === undefined || c.threshold <= c.council.length, {
    message: 'threshold must not exceed the council size',
  });

export type SettlementConfig = z.infer<typeof settlementConfigSchema>;

export const SETTLEMENT_DEFAULTS: SettlementConfig = settlementConfigSchema.parse({});

/** Environment variables for settlement and the config field each sets (the key is read separately). */
export const SETTLEMENT_ENV_FIELDS: Record<string, EnvField> = {
  PATX_RPC_URL: envText((rpcUrl) => ({ rpcUrl })),
  PATX_CHAIN_ID: (v, name) => mapParse(envInt(v, name, 1, Number.MAX_SAFE_INTEGER), (chainId) => ({ chainId })),
  PATX_SETTLEMENT: (v, name) => mapParse(envSwitch(v, name), (enabled) => ({ enabled })),
  PATX_CHAIN_HOST: envText((localChainHost) => ({ localChainHost })),
  PATX_CHAIN_PORT: (v, name) => mapParse(envInt(v, name, 0, 65_535), (localChainPort) => ({ localChainPort })),
  PATX_PUBLIC_RPC_URL: envText((publicRpcUrl) => ({ publicRpcUrl })),
};
