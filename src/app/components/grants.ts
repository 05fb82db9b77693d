/**
 * Access grants: the ledger that signs them (docs/delivery.md), and washing (src/washing/), which
 * watches who the grants go to. Grants are issued once the chain's domain is known (after settlement
 * starts); until then the routes, acks and courier that look them up find none.
 *
 * Held from before the read models: washing closes after the grant ledger (closed with the read
 * models), since the ledger's last updates may still ask the guard.
 */
import { rightsReceived, type Catalog } from '../../catalog/index.js';
import type { Engine, Sequencer } from '../../engine/index.js';
import { GRANT_DOMAIN_NAME, GRANT_DOMAIN_VERSION, GRANT_SWEEP_MS, ZERO_ADDRESS, type GrantDomain, type GrantLedger } from '../../grants/index.js';
import type { AlarmBoard } from '../../operator/index.js';
import type { Logger } from '../../runtime/log.js';
import type { ReplicationNode } from '../../replication/index.js';
import type { Settlement } from '../../settlement/index.js';
import type { Washing } from '../../washing/index.js';
import type { Config } from '../config.js';
import { confirmDeliveries } from './grant-delivery.js';
import { grantDomainAhead, openGrantLedger } from './grant-ledger.js';
import type { ReadModels } from './read-models.js';
import { startWashingOn } from './washing.js';

export interface Grants {
  /** The grant ledger, once grants are issued. */
  ledger(): GrantLedger | undefined;
  /** Washing, started with the grant ledger. */
  washing(): Washing | undefined;
  /** Issues grants from now on; what it returns stops the ledger's sweep. */
  issue(d: IssueDeps): { close(): void };
  close(): Promise<void>;
}

export interface IssueDeps {
  config: Config;
  engine: Engine;
  sequencer: Sequencer;
  clock: () => number;
  log: Logger;
  readModels: ReadModels;
  catalog: Catalog;
  alarms: AlarmBoard;
  settlement: Settlement | undefined;
  /** This node of a replicated group: a ledger opened only now ships its writes through it too. */
  replication: ReplicationNode | undefined;
}

export function holdGrants(): Grants {
  let ledger: GrantLedger | undefined;
  let washing: Washing | undefined;
  return {
    ledger: () => ledger,
    washing: () => washing,
    issue(d) {
      const { grants, domain } = openOrAdoptLedger(d);
      ledger = grants;
      const sweep = deliverThrough(grants, d);
      d.log.info({ signer: grants.signer.address, chainId: domain.chainId, verifyingContract: domain.verifyingContract }, 'access grants issued');
      // Washing (issue 73): a consumer related on-chain to a provider (PAT moved between their wallets) does not raise its trust.
      washing = startWashingOn({ ...d, ledger: grants });
      return sweep;
    },
    close: async () => {
      await washing?.close();
    },
  };
}

/** The ledger that followed the journal ahead of leading, else one opened now (its domain came with settlement's deployment). */
function openOrAdoptLedger(d: IssueDeps): { grants: GrantLedger; domain: GrantDomain } {
  const { config, settlement, readModels } = d;
  // The domain names the chain and its access-rights registry; without settlement, the configured chain id and no contract.
  // Known before leading where it does not wait for settlement's deployment: the ledger has followed the journal since.
  const domain: GrantDomain = grantDomainAhead(config) ?? {
    name: GRANT_DOMAIN_NAME,
    version: GRANT_DOMAIN_VERSION,
    chainId: config.settlement.chainId,
    verifyingContract: settlement?.deployment.registry ?? ZERO_ADDRESS,
  };
  let grants = readModels.grantsAhead;
  if (grants === undefined) {
    // Opened only now: it replays the journal after its own progress, and is closed with the other read models.
    grants = openGrantLedger(config, d.engine, d.clock, domain, d.log);
    readModels.addGrants(grants);
    d.replication?.replicateGrantLedger(grants);
  }
  return { grants, domain };
}

/** The catalog's delivery figures from the ledger, deliveries confirmed in the engine, and the ledger's sweep on its timer. */
function deliverThrough(ledger: GrantLedger, d: IssueDeps): { close(): void } {
  const { catalog, log } = d;
  catalog.setDeliverySource((listingId) => ledger.deliveryOf(listingId));
  catalog.setRightsReceivedSource((consumer, listingId) => rightsReceived(ledger, consumer, listingId));
  confirmDeliveries(ledger, d.engine, d.sequencer, log);
  // A push is evidence only under the authorisation a subscription's courier handed for the grant (docs/delivery.md).
  ledger.setPushTermsSource((subscriptionId) => d.readModels.subscriptions.pushTerms(subscriptionId)?.authorisation);
  // Dispute times and due times pass with the clock: undisputed reports start to count, unreceipted grants count undelivered.
  const sweepGrants = () => void ledger.sweep().catch((error: unknown) => log.warn({ err: error }, 'grant delivery sweep failed'));
  sweepGrants();
  const timer = setInterval(sweepGrants, GRANT_SWEEP_MS);
  return { close: () => clearInterval(timer) };
}

