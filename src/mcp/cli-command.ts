/**
 * `patx mcp`: the command's flags and where the key comes from. Only commander here; the SDK,
 * ethers and the client load inside the action (stdio.ts), so `patx --help` never pays for them.
 *
 *   patx mcp                                   read-only tools (no key)
 *   PATX_WALLET_KEY=0x… patx mcp --max-spend 25   the wallet's tools too, at most 25 PAT committed this session
 */
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { HARDHAT_KEYS as DEV_KEYS } from '../settlement/hardhat-keys.js'; // imports nothing: cheap at parse time

const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8480';

interface McpOptions {
  gateway: string;
  keyFile?: string;
  devKey?: number;
  maxSpend: number;
  downloadDir?: string;
}

/** A refusal of the command's set-up (exit 1, one line on stderr). */
class McpSetupError extends Error {
  override readonly name = 'McpSetupError';
}

/** PAT typed by a person ("25", "0.5"; at most 6 decimals) in µPAT; 0 allowed (nothing may be spent). */
function maxSpendMicros(text: string): number {
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (m === null) throw new InvalidArgumentError('expected an amount of PAT such as 25 or 0.5 (at most 6 decimals)');
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

function devKeyNumber(text: string): number {
  if (!/^\d{1,2}$/.test(text) || Number(text) >= DEV_KEYS.length) throw new InvalidArgumentError(`expected a dev key number from 0 to ${DEV_KEYS.length - 1} (the local demo chain's dev wallets)`);
  return Number(text);
}

/** The wallet's key, or undefined (read-only): from --key-file, PATX_WALLET_KEY or --dev-key; two of them is a usage error. */
function walletKey(o: McpOptions, devKeys: readonly string[]): string | undefined {
  const env = process.env.PATX_WALLET_KEY;
  const given = [o.keyFile !== undefined, env !== undefined && env !== '', o.devKey !== undefined].filter(Boolean).length;
  if (given === 0) return undefined;
  if (given > 1) throw new McpSetupError('name one wallet at most: PATX_WALLET_KEY, --key-file FILE, or --dev-key N');
  if (o.devKey !== undefined) return devKeys[o.devKey];
  let text: string;
  try {
    text = o.keyFile !== undefined ? readFileSync(o.keyFile, 'utf8') : env!;
  } catch (error) {
    throw new McpSetupError(`cannot read the key file ${o.keyFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const key = text.trim();
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) throw new McpSetupError('the wallet key is not 32 bytes of hex');
  return key.startsWith('0x') ? key : `0x${key}`;
}

/**
 * Adds `patx mcp` to the program; `run` receives the exit code. `defaultGateway`: where the CLI
 * finds the service when --gateway does not say (PATX_URL, or beside PATX_PORT, or the sandbox's
 * with PATX_PROFILE=sandbox: src/cli/places.ts); `noticeOldSettings` prints, as the server starts,
 * a line per deprecated setting that was read (PATX_GATEWAY_URL…).
 */
export function addMcpCommand(program: Command, run: (code: Promise<number> | number) => void, defaultGateway = DEFAULT_GATEWAY_URL, noticeOldSettings: () => void = () => {}): void {
  program
    .command('mcp')
    .description("PATX as a Model Context Protocol server over stdio, for an AI agent's MCP client: read-only tools without a key; with a wallet key (it only signs here) orders, exercise, downloads and subscriptions, within --max-spend (docs/mcp.md)")
    .addOption(new Option('--gateway <url>', "the exchange's HTTP base (default: PATX_URL)").default(defaultGateway))
    .addOption(new Option('--key-file <file>', "a file holding the wallet's private key (or set PATX_WALLET_KEY)"))
    .addOption(new Option('--dev-key <n>', 'a dev account of the local demo chain (never on a real chain)').argParser(devKeyNumber))
    .addOption(new Option('--download-dir <dir>', "where download tools write the records they receive, a file per download (default: ~/patx-downloads)").env('PATX_MCP_DOWNLOAD_DIR'))
    .addOption(new Option('--max-spend <PAT>', 'the most PAT this session may commit: buys at their worst case, subscriptions at their budget').env('PATX_MCP_MAX_SPEND').argParser(maxSpendMicros).default(0, '0: no buying'))
    .action((o: McpOptions) =>
      run(
        (async () => {
          const url = o.gateway.replace(/\/+$/, '');
          if (!/^https?:\/\/[^/]+$/.test(url)) throw new McpSetupError(`--gateway / PATX_URL is not an http(s) base URL: ${o.gateway}`);
          noticeOldSettings();
          const [{ HARDHAT_KEYS }, { runStdioServer }] = await Promise.all([import('../settlement/hardhat-keys.js'), import('./stdio.js')]);
          return runStdioServer({ gatewayUrl: url, privateKey: walletKey(o, HARDHAT_KEYS), maxSpendMicros: o.maxSpend, ...(o.downloadDir === undefined || o.downloadDir === '' ? {} : { downloadDir: o.downloadDir }) });
        })(),
      ),
    );
}
