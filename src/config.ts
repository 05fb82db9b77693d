/**
 * Service configuration: embedded defaults, overridden by a JSON file
 * (PATX_CONFIG, or ./patx.config.json when present), then by environment
 * variables. Validated with zod; a bad value stops the start with every problem listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { contractSpecListSchema } from './engine/index.js';
import { DEMO_CONTRACTS } from './demo-contracts.js';
import { DEFAULT_GATEWAY_CONFIG, gatewayConfigSchema } from './gateway/index.js';
import { paramChangeSchema } from './risk/index.js';
import { settlementConfigSchema, SETTLEMENT_DEFAULTS, SETTLEMENT_ENV_FIELDS } from './settlement/index.js';

const positiveInt = z.number().int().positive();

/** Parameter seeds by flat name, each checked against the registry's bounds (src/risk/params.ts). */
const paramSeedsSchema = z.record(z.string(), z.number()).superRefine((seeds, ctx) => {
  for (const [name, value] of Object.entries(seeds)) {
    const problem = paramChangeSchema.safeParse({ name, value });
    if (!problem.success) for (const issue of problem.error.issues) ctx.addIssue({ code: 'custom', path: [name], message: issue.message });
  }
});

const QUOTING_DEFAULTS = { enabled: true, brokerFloatPat: 10_000, params: {}, tickMs: 50 };

const quotingConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    brokerFloatPat: z.number().int().nonnegative().max(1_000_000_000).default(10_000),
    params: paramSeedsSchema.default({}),
    tickMs: positiveInt.max(60_000).default(50),
  })
  .strict()
  .default(QUOTING_DEFAULTS);

export const configSchema = z
  .object({
    /** Where the journal and snapshots live. */
    dataDir: z.string().min(1).default('./data'),
    /** 'commit': acks after the LMDB commit (survives kill -9); 'flush': after fsync (survives power loss). */
    durability: z.enum(['commit', 'flush']).default('commit'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * SCHED_FIFO priority (1-99) for the engine's thread (the process's main thread:
     * sequencer, engine, order entry), so it runs as soon as it wakes (src/realtime-priority.ts).
     * 0: normal scheduling. Needs CAP_SYS_NICE; without it the service warns and runs on.
     */
    engineRealtimePriority: z.number().int().min(0).max(99).default(0),
    sequencer: z
      .object({
        maxBatchCommands: positiveInt.max(1 << 20).default(4096),
        maxQueuedCommands: positiveInt.default(1_000_000),
        maxUncommittedCommands: positiveInt.default(65_536),
        snapshotEveryCommands: z.number().int().nonnegative().default(1_000_000),
        snapshotEveryMs: z.number().int().nonnegative().default(60_000),
      })
      .strict()
      .default({
        maxBatchCommands: 4096,
        maxQueuedCommands: 1_000_000,
        maxUncommittedCommands: 65_536,
        snapshotEveryCommands: 1_000_000,
        snapshotEveryMs: 60_000,
      }),
    /** How often the listing schedule runs (lists next windows, expires closed ones). */
    scheduleIntervalMs: positiveInt.default(1_000),
    /** How often GTD expiry is checked. */
    expiryIntervalMs: positiveInt.default(100),
    /** Contracts listed on the schedule. */
    contracts: contractSpecListSchema.default(DEMO_CONTRACTS),
    /** WebSocket and HTTP server (docs/protocol.md). */
    gateway: gatewayConfigSchema.default(DEFAULT_GATEWAY_CONFIG),
    /** The broker's quoter (issue 4): see docs/pricing.md and docs/risk.md. */
    quoting: quotingConfigSchema,
    /** On-chain settlement (src/settlement/config.ts); `npm start` with none starts a local chain. */
    settlement: settlementConfigSchema.default(SETTLEMENT_DEFAULTS),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Environment variables and the config field each sets. */
const ENV_FIELDS: Record<string, (value: string) => Record<string, unknown>> = {
  PATX_DATA_DIR: (v) => ({ dataDir: v }),
  PATX_DURABILITY: (v) => ({ durability: v }),
  PATX_LOG_LEVEL: (v) => ({ logLevel: v }),
  PATX_ENGINE_REALTIME_PRIORITY: (v) => ({ engineRealtimePriority: Number(v) }),
  PATX_HOST: (v) => ({ gateway: { host: v } }),
  PATX_PORT: (v) => ({ gateway: { port: Number(v) } }),
  PATX_MARKET_DATA_PORT: (v) => ({ gateway: { marketDataPort: Number(v) } }),
  PATX_OPERATOR_TOKEN: (v) => ({ gateway: { operatorToken: v } }),
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Record<string, unknown> = {}): Config {
  const file = env.PATX_CONFIG ?? (existsSync('patx.config.json') ? 'patx.config.json' : undefined);
  let fromFile: Record<string, unknown> = {};
  if (file !== undefined) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
    }
  }
  let merged: Record<string, unknown> = { ...fromFile };
  for (const [name, toField] of Object.entries(ENV_FIELDS)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged = mergeDeep(merged, toField(value));
  }
  for (const [name, toField] of Object.entries(SETTLEMENT_ENV_FIELDS)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged = mergeDeep(merged, { settlement: toField(value) });
  }
  merged = mergeDeep(merged, overrides);
  const result = configSchema.safeParse(merged);
  if (!result.success) throw new ConfigError(`invalid configuration:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Merges plain objects field by field (so PATX_PORT keeps the file's other gateway settings). */
function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? mergeDeep(prev, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
