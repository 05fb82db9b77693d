/** What the organisations' tests share (test/organisations, test/engine/organisation*.test.ts). */
import { Wallet } from 'ethers';
import { loadConfig, type Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { acceptOrganisationInvitation, inviteOrganisationMember, TradingClient, type Organisation, type OrganisationRoleName, type OrganisationsHttp } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { freePort } from '../../src/runtime/free-port.js';
import type { Logger } from '../../src/runtime/log.js';
import { providerSellsToBroker } from './broker-rights.js';

type AnyWallet = Wallet | ReturnType<typeof Wallet.createRandom>;

/** The refusal's code (an OrganisationError, PatxHttpError, PatxRequestError, GateError or StreamError: each has one); fails if nothing was refused. */
export async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error && typeof (e as { code?: unknown }).code === 'string') return (e as Error & { code: string }).code;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** Opens the wallet's account (its first login) and closes the session. */
export async function openAccount(wsUrl: string, wallet: AnyWallet): Promise<number> {
  const c = await TradingClient.connect(wsUrl, { wallet });
  const id = c.accountId;
  await c.close();
  return id;
}

/** A made-up wallet address for an engine test's account: `n` in 40 hex digits. */
export function addressOf(n: number): string {
  return `0x${n.toString(16).padStart(40, '0')}`;
}

export interface GatedExchange {
  config: Config;
  service: Service;
  server: ProviderServer;
  /** The demo provider server's port and its gate's endpoint (the listings' delivery endpoint). */
  serverPort: number;
  endpoint: string;
  /** The AUTO_INTENT spot window open now, closing last, where the broker holds 20 rights to sell. */
  seriesId: number;
}

/**
 * A real service (LMDB under `dataDir`, uWS on 127.0.0.1, the grant ledger) with the demo listings
 * published at the demo provider's real server and gate, and the broker stocked in an open
 * AUTO_INTENT window. `beforeGate` runs once the listings are published, before the server starts;
 * `clock` is the service's (a test's own, to pass a dispute window without waiting).
 */
export async function startGatedExchange(dataDir: string, o: { logger: Logger; webhookAllow?: string[]; beforeGate?: (service: Service, config: Config) => Promise<void>; clock?: () => number }): Promise<GatedExchange> {
  const serverPort = await freePort();
  // The provider server's exact loopback address:port allowed, as an operator would configure it (catalog.endpointAllow): the exchange POSTs to its gate.
  const config = loadConfig({}, { dataDir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000 }, catalog: { endpointAllow: [`127.0.0.1:${serverPort}`] } });
  const service = await startService(config, o.logger, o.clock);
  const base = `http://127.0.0.1:${service.gateway.port}`;
  const endpoint = `http://127.0.0.1:${serverPort}/records`;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, o.logger, endpoint);
  await o.beforeGate?.(service, config);
  const server = await startDemoProviderServer({ dataDir, host: '127.0.0.1', port: serverPort, exchangeUrl: base, log: o.logger, ...(o.webhookAllow === undefined ? {} : { webhookAllow: o.webhookAllow }) });
  const now = Date.now();
  const seriesId = service.engine.series
    .filter((s) => s !== undefined && s.segment === 'AUTO_INTENT' && s.status === 1 && s.spec.openAtMs <= now && now < s.spec.closeAtMs)
    .sort((a, b) => b!.spec.closeAtMs - a!.spec.closeAtMs)[0]!.id;
  await providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, seriesId, { mint: 30, sell: 20 });
  return { config, service, server, serverPort, endpoint, seriesId };
}

/**
 * `member` joins `admin`'s organisation with `role` as a wallet does, with its consent: the admin
 * invites it, it accepts (docs/organisations.md, "Invitations"). The organisation as it sees it then.
 */
export async function joinByInvitation(admin: OrganisationsHttp, member: OrganisationsHttp, role: OrganisationRoleName): Promise<Organisation> {
  const invitation = await inviteOrganisationMember(admin, await member.wallet.getAddress(), role);
  return acceptOrganisationInvitation(member, invitation.invitationId);
}
