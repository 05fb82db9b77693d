/**
 * A list emptied and refilled many times a second that keeps its storage.
 * `array.length = 0` makes V8 drop an array's backing store, so the next push
 * allocates a new one: per turn or per flush on the order path, that was garbage
 * for every young GC. Clearing here drops the references (nothing is kept alive)
 * but not the storage.
 */
export class ReusedList<T> {
  private readonly items: Array<T | undefined> = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    this.items[this.count++] = item;
  }

  /** The item at `index` (0 <= index < length). */
  get(index: number): T {
    return this.items[index] as T;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.items[i] = undefined;
    this.count = 0;
  }
}
