/**
 * The first turns of a start, before anything else submits: the current engine rules, the first start's accounts, then
 * the end of every cancel-on-disconnect session the journal still holds armed (a crash or a failover ended them).
 */
import { CommandKind, CURRENT_RULES, EventType, rejectReasonName, Role, SYSTEM_ACTOR, type Command, type Engine, type Sequencer } from '../../engine/index.js';
import type { Logger } from '../../runtime/log.js';

export async function takeFirstTurns(sequencer: Sequencer, engine: Engine, log: Logger): Promise<void> {
  await adoptCurrentRules(sequencer, engine, log);
  await submitAll(sequencer, bootstrapCommands(engine));
  await endLostCancelOnDisconnectSessions(sequencer, engine, log);
}

/**
 * Sessions with cancel-on-disconnect that were live when the exchange stopped without closing them
 * (kill -9, a crash, a power loss, a leader lost to a failover) are gone with the process: each
 * account that still has some armed has its resting orders cancelled and its sessions ended, one
 * journaled END_CANCEL_ON_DISCONNECT per account, before the gateway opens (so before any order
 * is taken). After a clean stop none is armed: its sessions' closes ended them.
 */
async function endLostCancelOnDisconnectSessions(sequencer: Sequencer, engine: Engine, log: Logger): Promise<void> {
  const lost = engine.cancelOnDisconnect.armedAccounts();
  if (lost.length === 0) return;
  const results = await Promise.all(
    lost.map(({ accountId, sessions }) => sequencer.submit({ kind: CommandKind.END_CANCEL_ON_DISCONNECT, actor: SYSTEM_ACTOR, accountId, sessions, massCancel: true })),
  );
  const canceledOrders = results.reduce((n, r) => n + r.events.filter((e) => e.type === EventType.ORDER_CANCELED).length, 0);
  log.warn({ accounts: lost.length, sessions: lost.reduce((n, l) => n + l.sessions, 0), canceledOrders }, 'cancel-on-disconnect sessions lost with the last run ended: their accounts\' orders cancelled');
}

/**
 * Puts the engine under this code's rules (src/engine/products/rules.ts) when its journal is under
 * older ones: a new journal starts with them; an old one adopts them if its state already
 * keeps them, and otherwise goes on under its own (the operator is told why).
 */
async function adoptCurrentRules(sequencer: Sequencer, engine: Engine, log: Logger): Promise<void> {
  if (engine.rulesVersion >= CURRENT_RULES) return;
  const from = engine.rulesVersion;
  // Asked first, so that a state that cannot adopt them does not journal a refusal at every start.
  if (!engine.rules.keptBy(CURRENT_RULES)) {
    log.warn({ rules: from, current: CURRENT_RULES }, 'the state breaks the current engine rules (a position past their bound); it stays under its own');
    return;
  }
  const result = await sequencer.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: CURRENT_RULES });
  const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
  if (refused === undefined) {
    // A snapshot under the new rules at once: an older PATX started on this data directory then refuses it at the
    // snapshot's rules version. From a snapshot before this turn it would replay the adoption as refused and run
    // what follows under its own older rules, without a word (older versions have no check of the journal for it).
    await sequencer.snapshot();
    log.info({ from, to: CURRENT_RULES }, 'engine rules adopted');
  } else log.warn({ rules: from, current: CURRENT_RULES, reason: rejectReasonName(refused.reason) }, 'engine rules not adopted');
}

/** First start only: the broker (the platform operator's market-making account) and an operator account. */
function bootstrapCommands(engine: Engine): Command[] {
  if (engine.brokerId !== 0) return [];
  return [
    { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.BROKER, address: '' },
    { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.OPERATOR, address: '' },
  ];
}

export async function submitAll(sequencer: Sequencer, cmds: readonly Command[]): Promise<void> {
  await Promise.all(cmds.map((cmd) => sequencer.submit(cmd)));
}
