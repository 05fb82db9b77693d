/** PositionTable: an account's positions by series id, iterated in the order opened. */
import { describe, expect, it } from 'vitest';
import { Account, Position } from '../../src/engine/core/account.js';
import { PositionTable } from '../../src/engine/core/position-table.js';
import { Role } from '../../src/engine/core/commands.js';
import { prng } from '../support/engine-fixture.js';

describe('PositionTable', () => {
  it('finds every position it holds, none it does not, and iterates in the order opened', () => {
    const owner = new Account(1, Role.CONSUMER, '', 8);
    const table = new PositionTable();
    const rand = prng(3);
    const opened: number[] = [];
    // Ids in random order, some far apart (they wrap around the table), growing from 8 slots.
    while (opened.length < 3_000) {
      const id = 1 + Math.floor(rand() * (rand() < 0.5 ? 5_000 : 1_000_000));
      if (table.has(id)) continue;
      table.add(new Position(id, owner));
      opened.push(id);
    }
    expect(table.size).toBe(3_000);
    for (const id of opened) expect(table.get(id)?.seriesId).toBe(id);
    for (let id = 1; id <= 5_000; id++) if (!opened.includes(id)) expect(table.has(id)).toBe(false);
    expect([...table.values()].map((p) => p.seriesId)).toEqual(opened);
  });

  it('is what Account.position opens positions in', () => {
    const owner = new Account(1, Role.PROVIDER, '', 8);
    const p = owner.position(7);
    expect(owner.position(7)).toBe(p);
    expect(owner.positions.get(7)).toBe(p);
    expect(p.owner).toBe(owner);
    expect([...owner.positions.values()]).toEqual([p]);
  });
});
