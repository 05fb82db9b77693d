import type { Command, CommandSender, Sequencer } from '../../src/engine/index.js';

/**
 * Queues `commands[from..]` through the sequencer at once, as the gateway queues an order
 * (`enqueueFrom`, one sender, no result copied out of the turn), and resolves when the last
 * is journaled and acknowledged; rejects if one is refused. The journaled benches time this.
 */
export function sequenceAll(sequencer: Sequencer, commands: readonly Command[], from = 0): Promise<void> {
  const count = commands.length - from;
  return new Promise((resolve, reject) => {
    if (count <= 0) return resolve();
    let acked = 0;
    const sender: CommandSender = {
      acked: () => {
        if (++acked === count) resolve();
      },
      refused: reject,
    };
    for (let i = from; i < commands.length; i++) sequencer.enqueueFrom(commands[i]!, sender);
  });
}
