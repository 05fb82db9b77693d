/**
 * What the synthetic and option examples share (examples/synthetic-bot.ts,
 * examples/option-bot.ts): making sure the governance phase they need is enabled, by
 * voting it on the local demo chain when it is not; waiting for the listing schedule to
 * list the series; PAT in the account; the institution qualification.
 *
 * The phase is a vote of the PhaseGovernance council on-chain (docs/settlement.md); the
 * service's chain watcher reports it to the engine and the schedule then lists the series.
 * `npm start`'s embedded chain deploys that council as hardhat dev accounts 1–3 with a
 * threshold of 2, so on the local demo chain (chain id 31337) accounts 1 and 2 cast the
 * votes here. Those keys are public: on any other chain nothing is voted; the example says
 * so and stops.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Contract, JsonRpcProvider, NonceManager, type Wallet, Wallet as WalletClass } from 'ethers';
import { wire, type TradingClient, type SeriesInfo } from '../src/client/index.js';
import { HARDHAT_KEYS, LOCAL_CHAIN_ID } from '../src/settlement/local-chain.js';
import { stop } from './exit.js';
import { ensureFreePat } from './funds.js';
import { examplePlace } from './service.js';

export { stop };

/** The service (PATX_URL, its HTTP base: examples/service.ts). */
export const PLACE = examplePlace();
export const HTTP_URL = PLACE.httpUrl;
/** The demo's flagship: synthetics from phase 3, options from phase 4 (src/app/demo-contracts.ts). */
export const CONTRACT = process.env.CONTRACT ?? 'AUTO_INTENT|7D|0.70-0.85';
export { pat } from './premium-parts.js';

/** The council of the local demo chain: hardhat accounts 1–3, threshold 2. */
const LOCAL_COUNCIL = HARDHAT_KEYS.slice(1, 3);
const GOVERNANCE_ABI = ['function phase() view returns (uint8)', 'function vote(uint8 requested)'];

/**
 * The chain's governance phase is at least `target`: votes it (each phase in turn) with the
 * local council when the service settles on the local demo chain, else stops with what to do.
 */
export async function ensurePhase(target: 3 | 4): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${HTTP_URL}/v1/chain/contracts`);
  } catch {
    stop(`no PATX service at ${HTTP_URL}: start one with \`npm start\` (or set PATX_URL)`);
  }
  if (!res.ok) stop(`the service runs without a chain (${res.status}: ${await res.text()}): the governance phase is voted on-chain, so phase ${target} cannot be enabled here. Start it with settlement on (the default \`npm start\` runs a local chain).`);
  const chain = (await res.json()) as { chainId: number; governance: string; rpcUrl?: string };
  const rpcUrl = process.env.RPC_URL ?? chain.rpcUrl;
  if (rpcUrl === undefined) stop('the service names no chain URL (not its embedded chain): pass RPC_URL');
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  const governance = new Contract(chain.governance, GOVERNANCE_ABI, provider);
  let phase = Number(await governance.getFunction('phase')());
  if (phase >= target) {
    console.log(`governance phase ${phase} on-chain (phase ${target} needed): no vote`);
    return;
  }
  if (chain.chainId !== LOCAL_CHAIN_ID) {
    stop(`governance phase ${phase} on chain ${chain.chainId}, phase ${target} needed: its council must vote it (PhaseGovernance.vote at ${chain.governance}); this example votes only on the local demo chain (${LOCAL_CHAIN_ID})`);
  }
  // One signer per member for every vote of this run: a NonceManager counts its own transactions, where
  // a count read back from the chain right after a vote can still be the old one (nonce too low).
  const council = LOCAL_COUNCIL.map((key) => new NonceManager(new WalletClass(key, provider)));
  while (phase < target) {
    const next = phase + 1;
    for (const member of council) {
      try {
        await (await (governance.connect(member) as Contract).getFunction('vote')(next)).wait();
        console.log(`council member ${await member.getAddress()} voted phase ${next}`);
      } catch (error) {
        const reason = (error as { revert?: { name?: string }; shortMessage?: string }).revert?.name ?? (error as Error).message;
        if (reason === 'AlreadyVoted') continue;
        stop(`the vote for phase ${next} by ${await member.getAddress()} failed (${reason}): the local chain's council is not the demo's (hardhat accounts 1-3, threshold 2)?`);
      }
    }
    phase = Number(await governance.getFunction('phase')());
    if (phase < next) stop(`phase ${next} is still not enabled after the votes (phase ${phase}): the council's threshold is above 2?`);
  }
  console.log(`governance phase ${phase} enabled on-chain; the service's watcher reports it to the engine after the confirmations`);
}

/** The first series `pick` chooses, polling the exchange's list until the schedule lists one (at most `timeoutMs`). */
export async function waitForSeries(client: TradingClient, what: string, pick: (series: SeriesInfo[]) => SeriesInfo | undefined, timeoutMs = 60_000): Promise<SeriesInfo> {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    const found = pick(await client.series());
    if (found !== undefined) return found;
    if (Date.now() > deadline) stop(`no ${what} listed after ${timeoutMs / 1000} s: is the service's settlement running (GET /readyz), and has the broker priced the window yet?`);
    if (!said) console.log(`waiting for the schedule to list ${what}...`);
    said = true;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Makes sure the account has at least `patNeeded` PAT free: deposits from the wallet (after checking it holds the PAT) and waits for the credit. */
export async function ensurePat(client: TradingClient, wallet: Wallet, who: string, patNeeded: bigint): Promise<void> {
  await ensureFreePat(HTTP_URL, client, wallet, who, patNeeded * 10n ** 18n, 0n);
}

/**
 * Qualifies the account as an institution through the operator API (`./patx institution
 * grant ID` does the same), with PATX_OPERATOR_TOKEN or the token `npm start` wrote under
 * its data directory. Journaled and audited like any operator action.
 */
export async function ensureInstitution(client: TradingClient): Promise<void> {
  const accountId = client.accountId;
  if (client.role === wire.Role.INSTITUTION) return;
  const file = path.join(process.env.PATX_DATA_DIR ?? './data', 'operator-token');
  const token = process.env.PATX_OPERATOR_TOKEN ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (token === undefined) stop(`account ${accountId} must be an institution: run \`./patx institution grant ${accountId}\` as the operator (no PATX_OPERATOR_TOKEN and no ${file} here)`);
  const url = PLACE.operatorUrl;
  const res = await fetch(`${url}/accounts/${accountId}/institution`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ qualified: true }) });
  if (!res.ok) stop(`qualifying account ${accountId} as an institution failed (${res.status}: ${await res.text()}); run \`./patx institution grant ${accountId}\``);
  console.log(`account ${accountId} qualified as an institution (as \`./patx institution grant ${accountId}\`)`);
}
