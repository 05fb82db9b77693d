/**
 * A hash map from positive safe-integer keys (order ids, client order ids) to
 * values: open addressing with linear probing in a Float64Array, backward-shift
 * deletion (no tombstones), doubling when a quarter full. V8's Map and Set slow
 * down badly under the constant insert/delete churn of an order index, and each
 * of their rehashes leaves the old table pointing at the new one: once a table
 * is promoted, the whole chain after it (and every key and value the tables
 * held) survives young collections too, and each scavenge pays for copying it.
 * This table allocates nothing once grown. Iteration order is not defined, so
 * nothing that must be deterministic iterates it.
 */
export class IntMap<V> {
  private keys: Float64Array;
  private vals: (V | undefined)[];
  private mask: number;
  size = 0;

  constructor(initialSlots = 16) {
    let slots = 4;
    while (slots < initialSlots) slots *= 2;
    this.keys = new Float64Array(slots);
    this.vals = new Array<V | undefined>(slots);
    this.mask = slots - 1;
  }

  private home(key: number): number {
    // Mixes both 32-bit halves of the key.
    const h = Math.imul((key >>> 0) ^ ((key / 4294967296) >>> 0), 0x9e3779b1);
    return (h ^ (h >>> 15)) & this.mask;
  }

  get(key: number): V | undefined {
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === key) return this.vals[i];
      if (k === 0) return undefined;
    }
  }

  has(key: number): boolean {
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === key) return key !== 0; // 0 marks an empty slot, never a key
      if (k === 0) return false;
    }
  }

  /** Inserts or replaces. `key` must be a positive safe integer. */
  set(key: number, value: V): void {
    let i = this.home(key);
    for (; ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === key) {
        this.vals[i] = value;
        return;
      }
      if (k === 0) break;
    }
    this.keys[i] = key;
    this.vals[i] = value;
    if (++this.size * 4 > this.keys.length) this.grow();
  }

  delete(key: number): boolean {
    let i = this.home(key);
    for (; ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === key) break;
      if (k === 0) return false;
    }
    // Backward shift: move later entries of the probe run into the hole when
    // their home slot does not lie (cyclically) between the hole and them.
    let hole = i;
    for (let j = (i + 1) & this.mask; this.keys[j] !== 0; j = (j + 1) & this.mask) {
      const h = this.home(this.keys[j]!);
      const stays = hole <= j ? h > hole && h <= j : h > hole || h <= j;
      if (!stays) {
        this.keys[hole] = this.keys[j]!;
        this.vals[hole] = this.vals[j];
        hole = j;
      }
    }
    this.keys[hole] = 0;
    this.vals[hole] = undefined;
    this.size--;
    return true;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.vals = new Array<V | undefined>(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== 0) this.set(oldKeys[i]!, oldVals[i] as V);
  }
}
