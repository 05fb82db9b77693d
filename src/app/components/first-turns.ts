/** The first turns of a start, before anything else submits: the current engine rules, then the first start's accounts. */
import { CommandKind, CURRENT_RULES, EventType, rejectReasonName, Role, SYSTEM_ACTOR, type Command, type Engine, type Sequencer } from '../../engine/index.js';
import type { Logger } from '../../runtime/log.js';

export async function takeFirstTurns(sequencer: Sequencer, engine: Engine, log: Logger): Promise<void> {
  await adoptCurrentRules(sequencer, engine, log);
  await submitAll(sequencer, bootstrapCommands(engine));
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
  if (refused === undefined) log.info({ from, to: CURRENT_RULES }, 'engine rules adopted');
  else log.warn({ rules: from, current: CURRENT_RULES, reason: rejectReasonName(refused.reason) }, 'engine rules not adopted');
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
