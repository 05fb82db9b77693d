/**
 * CommandQueue: the sequencer's ring of (command, hearer) entries. Checked against a plain
 * array as the model under random pushes and takes, from the smallest ring, so that takes
 * wrap around its end and growth happens with the ring wrapped.
 */
import { describe, expect, it } from 'vitest';

import { CommandQueue } from '../../src/engine/durability/command-queue.js';
import { prng } from '../support/engine-fixture.js';

describe('CommandQueue', () => {
  it('gives entries back in arrival order across wrap-around and growth', () => {
    const rand = prng(11);
    const queue = new CommandQueue<number, string>(4);
    const model: Array<[number | undefined, string]> = [];
    let next = 1;
    for (let step = 0; step < 5_000; step++) {
      if (rand() < 0.55) {
        const burst = 1 + Math.floor(rand() * 9);
        for (let b = 0; b < burst; b++) {
          const command = rand() < 0.1 ? undefined : next; // undefined: a read's entry
          queue.push(command, `h${next}`);
          model.push([command, `h${next}`]);
          next++;
        }
      } else {
        const count = Math.floor(rand() * (model.length + 1));
        const commands: (number | undefined)[] = [0]; // take appends: what was there stays
        const hearers: string[] = ['x'];
        queue.take(count, commands, hearers);
        const expected = model.splice(0, count);
        expect(commands.slice(1)).toEqual(expected.map(([c]) => c));
        expect(hearers.slice(1)).toEqual(expected.map(([, h]) => h));
        expect(commands[0]).toBe(0);
      }
      expect(queue.size).toBe(model.length);
    }
  });

  it('keeps no reference to what it gave back', () => {
    const queue = new CommandQueue<object, object>(4);
    for (let i = 0; i < 6; i++) queue.push({ i }, { i }); // grows from 4 to 8
    queue.take(6, [], []);
    const slots = queue as unknown as { commands: unknown[]; hearers: unknown[] };
    expect(slots.commands.length).toBe(8);
    expect(slots.commands.every((c) => c === undefined)).toBe(true);
    expect(slots.hearers.every((h) => h === undefined)).toBe(true);
    expect(queue.size).toBe(0);
  });
});
