/** The organisation as its members see it (routes.ts, invitation-routes.ts). */
import type { Engine, Organisation } from '../engine/index.js';
import { NAME_OF_ROLE } from './refusals.js';

export function organisationView(engine: Engine, org: Organisation, viewerAccountId: number): object {
  const account = engine.accounts[org.accountId]!;
  return {
    organisationId: org.id,
    name: org.name,
    accountId: org.accountId,
    address: account.address,
    role: NAME_OF_ROLE[org.members.get(viewerAccountId) ?? 0] ?? null,
    balance: { availableMicros: account.availableMicros, heldMicros: account.heldMicros, lockedMicros: account.lockedMicros },
    members: [...org.members].map(([accountId, role]) => ({ accountId, address: engine.accounts[accountId]?.address ?? '', role: NAME_OF_ROLE[role] })),
  };
}

