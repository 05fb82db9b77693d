/**
 * Sets `array[id]`, first filling any gap below it with `undefined`. V8 turns an array whose
 * write lands far past its end (more than about 1,024 slots) into a dictionary, a hash table
 * at every read (about three times the cost of a plain one, measured), and keeps it one while
 * it stays sparse. Arrays indexed by series id meet that after a restart, when the live
 * series all have high ids: the quoter's read them at every fill.
 */
export function setById<T>(array: (T | undefined)[], id: number, value: T | undefined): void {
  while (array.length < id) array.push(undefined);
  array[id] = value;
}
