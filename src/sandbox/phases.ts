/**
 * Phases 3 and 4 voted at the sandbox's start: the PhaseGovernance council of the embedded
 * chain (hardhat dev accounts 1 and 2 of 1–3, threshold 2, src/settlement/settlement.ts)
 * votes each phase in turn, as `npm run example:option` does by hand. The chain watcher
 * reports the vote to the engine after its confirmations (SET_GOVERNANCE_PHASE), and the
 * listing schedule lists the synthetics and options from its next pass: the same road as on
 * a real chain, where a real council votes.
 *
 * Only on the embedded chain: the council's keys are public, and the service's RPC filter
 * refuses their transactions from outside, so the votes go to anvil's own URL.
 */
import { Contract, JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import type { Logger } from '../runtime/log.js';
import { HARDHAT_KEYS, LOCAL_CHAIN_ID } from '../settlement/index.js';

const GOVERNANCE_ABI = ['function phase() view returns (uint8)', 'function vote(uint8 requested)'];
/** The embedded chain's council: dev accounts 1–3 with a threshold of 2, so two of them carry a vote. */
const LOCAL_COUNCIL_KEYS = HARDHAT_KEYS.slice(1, 3);

/** The vote could not be carried (not the local council, a failed transaction). */
export class PhaseVoteError extends Error {
  override readonly name = 'PhaseVoteError';
}

export interface PhaseVote {
  /** The chain's JSON-RPC URL the council may send on (anvil's own, not the public filter). */
  rpcUrl: string;
  chainId: number;
  /** PhaseGovernance's address. */
  governance: string;
  /** The phase wanted (each below it is voted first). */
  target: number;
  log: Logger;
}

/** Votes phases up to `target` with the local council; returns the chain's phase after. Votes already cast count. */
export async function voteLocalPhases(v: PhaseVote): Promise<number> {
  if (v.chainId !== LOCAL_CHAIN_ID) throw new PhaseVoteError(`chain ${v.chainId} is not the embedded chain (${LOCAL_CHAIN_ID}): its council votes its phases itself`);
  const provider = new JsonRpcProvider(v.rpcUrl, LOCAL_CHAIN_ID, { staticNetwork: true });
  try {
    const governance = new Contract(v.governance, GOVERNANCE_ABI, provider);
    let phase = Number(await governance.getFunction('phase')());
    // One NonceManager per member across its votes: a nonce read back right after a vote can still be the old one.
    const council = LOCAL_COUNCIL_KEYS.map((key) => new NonceManager(new Wallet(key, provider)));
    while (phase < v.target) {
      const next = phase + 1;
      for (const member of council) {
        try {
          await (await (governance.connect(member) as Contract).getFunction('vote')(next)).wait();
        } catch (error) {
          const reason = (error as { revert?: { name?: string } }).revert?.name ?? (error as Error).message;
          if (reason === 'AlreadyVoted') continue;
          throw new PhaseVoteError(`the vote for phase ${next} by ${await member.getAddress()} failed: ${reason}`);
        }
      }
      phase = Number(await governance.getFunction('phase')());
      if (phase < next) throw new PhaseVoteError(`phase ${next} is not enabled after two votes (phase ${phase}): the council's threshold is above 2?`);
      v.log.info({ phase }, `sandbox: the council voted phase ${phase} on-chain (${phase === 3 ? 'synthetics for institutions' : 'calls and puts'}); the chain watcher reports it after the confirmations`);
    }
    return phase;
  } finally {
    provider.destroy();
  }
}
