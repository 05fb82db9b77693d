/** Providers' verification in the engine brought in line with the identity store (docs/providers.md). */
import type { Engine, Sequencer } from '../../engine/index.js';
import { syncVerification, type IdentityStore } from '../../providers/index.js';
import type { Logger } from '../../runtime/log.js';

export async function syncIdentities(store: IdentityStore, engine: Engine, sequencer: Sequencer, log: Logger): Promise<void> {
  const identitySync = await syncVerification({ store, engine, sequencer });
  if (identitySync.sent > 0) log.info({ changes: identitySync.sent }, 'provider verifications brought in line with the identity store');
  if (identitySync.unrecorded.length > 0) log.warn({ accounts: identitySync.unrecorded }, 'providers verified in the engine have no identity record on this node');
}
