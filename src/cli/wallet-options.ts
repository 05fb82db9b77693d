/**
 * Which wallet and which gateway a wallet's command acts as and at, in one place for every such
 * command (withdraw, subscribe…, book, buy, sell, orders, cancel, balance, positions, exercise,
 * download):
 *
 *   the wallet:  --key-file FILE, or PATX_WALLET_KEY, or --dev-key N (a dev key of the local
 *                demo chain): exactly one of them
 *   the gateway: --gateway URL, or PATX_URL (the service's HTTP base), default http://127.0.0.1:8480
 *                (beside a service's PATX_PORT; 8580 with PATX_PROFILE=sandbox: places.ts)
 *
 * Only commander is imported here at start; ethers, the client and the protobuf code load when a
 * command runs (connectWallet, connectTrading), so `patx --help` never pays for them.
 */
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Wallet } from 'ethers';
import type { TradingClient } from '../client/trading-client.js';
import { cliPlaces, noticeOldSettings } from './places.js';
import { HARDHAT_KEYS } from '../settlement/hardhat-keys.js';
import { socketUrlsOf, type ServiceEndpoints } from '../runtime/service-url.js';

export interface GatewayOptions {
  gateway: string;
}

export interface WalletOptions extends GatewayOptions {
  keyFile?: string;
  devKey?: number;
  /** Act for the wallet's organisation (its account, within the wallet's role): the trading commands' --org. */
  org?: boolean;
}

/**
 * The wallet's flags as the command was given them (` --org`, ` --dev-key 4` or ` --key-file FILE`; nothing for
 * PATX_WALLET_KEY), for the commands an output suggests next: a hint without them ran as no wallet, or another.
 */
export function walletArgs(o: Pick<WalletOptions, 'org' | 'devKey' | 'keyFile'>): string {
  const org = o.org === true ? ' --org' : '';
  if (o.devKey !== undefined) return `${org} --dev-key ${o.devKey}`;
  // A path a shell would split or expand is quoted as the shell reads it back.
  if (o.keyFile !== undefined) return `${org} --key-file ${/^[\w./-]+$/.test(o.keyFile) ? o.keyFile : `'${o.keyFile.replace(/'/g, `'\\''`)}'`}`;
  return org;
}

/** A refusal or failure a wallet's command reports in one line and exit 1: a code (a reject reason by name, or what failed here) and what to do. */
export class WalletCommandError extends Error {
  override readonly name = 'WalletCommandError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Adds --gateway (a public command needs no wallet). */
export function addGatewayOption(c: Command): Command {
  return c.addOption(new Option('--gateway <url>', "the service's HTTP base (default: PATX_URL)").default(cliPlaces().gatewayUrl));
}

/** Adds --gateway, --key-file and --dev-key. */
export function addWalletOptions(c: Command): Command {
  return addGatewayOption(c)
    .addOption(new Option('--key-file <file>', "a file holding the wallet's private key (or set PATX_WALLET_KEY)"))
    .addOption(
      new Option('--dev-key <n>', 'a dev account of the local demo chain (never on a real chain)').argParser((t) => {
        // The local chain's funded dev wallets (HARDHAT_KEYS): 10 to 19 passed here, then were refused NO_WALLET (exit 1).
        if (!/^\d{1,2}$/.test(t) || Number(t) >= HARDHAT_KEYS.length) throw new InvalidArgumentError(`expected a dev key index, 0–${HARDHAT_KEYS.length - 1} (the local demo chain's dev wallets)`);
        return Number(t);
      }),
    );
}

/**
 * Adds --org: the command acts for the wallet's organisation (docs/organisations.md): its account's
 * orders, positions, balance and grants, within the wallet's role (a reader lists and downloads, never
 * trades: ROLE_FORBIDDEN).
 */
export function addOrgOption(c: Command): Command {
  return c.addOption(new Option('--org', "act for your organisation: its account, within your role (a reader lists and downloads, never trades)"));
}

/** The gateway's HTTP base URL, without a trailing slash; refused unless http(s). */
export function gatewayUrl(o: GatewayOptions): string {
  noticeOldSettings();
  const url = o.gateway.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw new WalletCommandError('BAD_GATEWAY_URL', `not an http(s) URL: ${o.gateway}`);
  return url;
}

/** The wallet's private key: from --key-file, PATX_WALLET_KEY, or a dev key of the local demo chain. */
export function walletKey(o: WalletOptions, devKeys: readonly string[]): string {
  const given = [o.keyFile !== undefined, process.env.PATX_WALLET_KEY !== undefined && process.env.PATX_WALLET_KEY !== '', o.devKey !== undefined].filter(Boolean).length;
  if (given !== 1) throw new WalletCommandError('NO_WALLET', 'name exactly one wallet: PATX_WALLET_KEY, --key-file FILE, or --dev-key N (the local demo chain)');
  if (o.devKey !== undefined) {
    const key = devKeys[o.devKey];
    if (key === undefined) throw new WalletCommandError('NO_WALLET', `no dev key ${o.devKey} (0–${devKeys.length - 1})`);
    return key;
  }
  let text: string;
  try {
    text = o.keyFile !== undefined ? readFileSync(o.keyFile, 'utf8') : process.env.PATX_WALLET_KEY!;
  } catch (error) {
    throw new WalletCommandError('NO_WALLET', `cannot read the key file ${o.keyFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const key = text.trim();
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) throw new WalletCommandError('NO_WALLET', 'the wallet key is not 32 bytes of hex');
  return key.startsWith('0x') ? key : `0x${key}`;
}

function unreachable(base: string, error: unknown): WalletCommandError {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return new WalletCommandError('UNREACHABLE', `no PATX gateway at ${base} (${cause ?? (error instanceof Error ? error.message : String(error))}): start it (npm start) or set PATX_URL / --gateway`);
}

/** GET /v1/endpoints, or UNREACHABLE in one line. */
async function endpointsOf(base: string): Promise<ServiceEndpoints> {
  try {
    const res = await fetch(`${base}/v1/endpoints`);
    return (await res.json()) as ServiceEndpoints;
  } catch (error) {
    throw unreachable(base, error);
  }
}

/** The wallet and the gateway, for wallet-signed HTTP calls (src/client's `ExchangeHttp`): the chain id read once from GET /v1/endpoints. */
export async function connectWallet(o: WalletOptions): Promise<{ url: string; wallet: Wallet; chainId: number }> {
  const [{ Wallet }, { HARDHAT_KEYS }] = await Promise.all([import('ethers'), import('../settlement/hardhat-keys.js')]);
  const wallet = new Wallet(walletKey(o, HARDHAT_KEYS));
  const url = gatewayUrl(o);
  return { url, wallet, chainId: (await endpointsOf(url)).chainId ?? 31_337 };
}

/**
 * The wallet logged in at the gateway's trading socket (GET /v1/endpoints names its port and
 * path; the login is the wallet's signature over the exchange's challenge). Close the client when done.
 */
/**
 * How a command logs in: `opens` what a wallet with no account gets: a consumer's account (the default, said on
 * stderr unless the command says it itself), a provider's, or none (a command that only looks: NO_ACCOUNT).
 */
export interface LoginIntent {
  opens?: 'consumer' | 'provider' | 'none';
  /** The command reports the opening itself (patx account open): no stderr note. */
  quiet?: boolean;
}

export async function connectTrading(o: WalletOptions, intent: LoginIntent = {}): Promise<{ client: TradingClient; url: string; wallet: Wallet; chainId: number }> {
  const asProvider = intent.opens === 'provider';
  const readOnly = intent.opens === 'none';
  const [{ TradingClient }, { Wallet }, { HARDHAT_KEYS }, { wire }] = await Promise.all([import('../client/trading-client.js'), import('ethers'), import('../settlement/hardhat-keys.js'), import('../proto/index.js')]);
  const wallet = new Wallet(walletKey(o, HARDHAT_KEYS));
  const url = gatewayUrl(o);
  const endpoints = await endpointsOf(url);
  const { tradeUrl } = socketUrlsOf(url, endpoints);
  // --org: the session binds to the organisation's account with the wallet's role (Login.organisation_id).
  const organisationId = o.org === true ? (await myOrganisation(url, wallet, endpoints.chainId ?? 31_337)).organisationId : 0;
  let client: TradingClient;
  try {
    // The role asked for counts only at a wallet's first login, which opens its account (docs/protocol.md, "Login").
    // A command that only reads opens no account (its first login would fix the wallet's role: docs/providers.md).
    client = await TradingClient.connect(tradeUrl, { wallet, ...(asProvider ? { role: wire.Role.PROVIDER } : {}), ...(organisationId === 0 ? {} : { organisationId }), ...(readOnly ? { existingOnly: true } : {}) });
  } catch (error) {
    const e = error as { name?: string; code?: unknown; message?: string };
    if (e.code === 'NO_ACCOUNT') {
      throw new WalletCommandError('NO_ACCOUNT', `${wallet.address} has no account at this exchange yet, and this command opens none: patx account open opens a consumer's (so does a first deposit, buy or subscription), patx provider open a data provider's (an account keeps the role it opened with)`);
    }
    if (e.name === 'PatxRequestError' || e.name === 'PatxSignInError') throw new WalletCommandError(typeof e.code === 'string' ? e.code : 'LOGIN_REFUSED', `the exchange refused the wallet's login: ${e.message ?? ''}`);
    throw unreachable(tradeUrl, error);
  }
  // A first login opened the account: its role is fixed from now on, so say which (on stderr: stdout stays the command's).
  if (client.login.accountOpened === true && !asProvider && intent.quiet !== true) {
    process.stderr.write(`patx: opened account ${client.accountId} as a consumer for ${wallet.address} (its first login; an account keeps its role: a data provider opens its own with \`patx provider open\` before anything else)\n`);
  }
  return { client, url, wallet, chainId: endpoints.chainId ?? 31_337 };
}

/** The wallet's organisation (GET /v1/organisations/mine), for --org; NO_ORGANISATION when it belongs to none. */
export async function myOrganisation(url: string, wallet: Wallet, chainId: number): Promise<{ organisationId: number; accountId: number; role: string | null }> {
  const { getMyOrganisation } = await import('../client/organisations.js');
  try {
    return await getMyOrganisation({ url, wallet, chainId });
  } catch (error) {
    const e = error as { name?: string; code?: unknown; message?: string };
    if (typeof e.code === 'string') throw new WalletCommandError(e.code, `--org: ${e.message ?? ''}`);
    throw error;
  }
}
