/**
 * The sequencer's queue: entries in arrival order, each a command (or `undefined`, for a
 * read of the state at its place) and who hears about it. A ring of two parallel arrays that
 * keeps its size once grown, so a queued command costs two stores and no object.
 *
 * Why, measured (2026-11-24, the engine bench's journaled run, 1M commands queued at once):
 * an object per entry in a plain array made queueing alone 230–560 ms of a ~1 s run. A burst
 * keeps every entry alive past a young-generation collection, so each object was copied and
 * promoted, and the array, emptied (`length = 0`) after each drain, grew again from nothing.
 * On this VM fresh memory is dear (about 14 µs a page the first time it is touched: 1M
 * `push`es into a new array take 110 ms and 7,600 page faults), so growing and promoting
 * were most of that time.
 */
export class CommandQueue<C, H> {
  private commands: (C | undefined)[];
  private hearers: (H | undefined)[];
  /** Index of the oldest entry; `size` entries follow it (wrapping). */
  private head = 0;
  size = 0;

  constructor(initialCapacity = 1024) {
    let n = 4;
    while (n < initialCapacity) n *= 2;
    this.commands = new Array<C | undefined>(n);
    this.hearers = new Array<H | undefined>(n);
  }

  push(command: C | undefined, hearer: H): void {
    if (this.size === this.commands.length) this.grow();
    const i = (this.head + this.size) & (this.commands.length - 1);
    this.commands[i] = command;
    this.hearers[i] = hearer;
    this.size++;
  }

  /** Moves the `count` oldest entries (at most `size`) onto the ends of `commands` and `hearers`, leaving no reference behind. */
  take(count: number, commands: (C | undefined)[], hearers: H[]): void {
    const mask = this.commands.length - 1;
    for (let k = 0; k < count; k++) {
      const i = (this.head + k) & mask;
      commands.push(this.commands[i]);
      hearers.push(this.hearers[i]!);
      this.commands[i] = undefined;
      this.hearers[i] = undefined;
    }
    this.head = (this.head + count) & mask;
    this.size -= count;
  }

  /**
   * Moves the `count` oldest entries (at most `size`) into `commands[0..count)` and `hearers[0..count)`,
   * arrays the caller sized (a turn's arrays, grown push by push, were copied several times each).
   */
  takeInto(count: number, commands: (C | undefined)[], hearers: H[]): void {
    const mask = this.commands.length - 1;
    for (let k = 0; k < count; k++) {
      const i = (this.head + k) & mask;
      commands[k] = this.commands[i];
      hearers[k] = this.hearers[i]!;
      this.commands[i] = undefined;
      this.hearers[i] = undefined;
    }
    this.head = (this.head + count) & mask;
    this.size -= count;
  }

  private grow(): void {
    const n = this.commands.length;
    const commands = new Array<C | undefined>(n * 2);
    const hearers = new Array<H | undefined>(n * 2);
    for (let k = 0; k < n; k++) {
      commands[k] = this.commands[(this.head + k) & (n - 1)];
      hearers[k] = this.hearers[(this.head + k) & (n - 1)];
    }
    this.commands = commands;
    this.hearers = hearers;
    this.head = 0;
  }
}
