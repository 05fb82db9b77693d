/**
 * How many rows of a sample repeat the key of an earlier row (uniqueness is 1 − that ÷ rows).
 * A row's key is its key cells as text (`String(cell)`), compared cell by cell.
 *
 * Written here instead of a Set of key strings, on a measured hot path: over a 10 MB sample's
 * 182,195 rows the Set (a string a row, a table grown and rehashed 18 times) took about 120 of
 * the 260 ms the whole measurement took (bench:catalog, RESULTS.md "Catalog"). Here the rows
 * are the table's entries: an open-addressing table of row numbers in one Int32Array, sized
 * once, hashed by FNV-1a over the key text and confirmed by comparing the cells, so the count
 * is exact.
 */
export function duplicateKeyCount(rows: readonly (readonly unknown[])[], keys: readonly number[]): number {
  let size = 2;
  while (size < rows.length * 2) size *= 2; // at most half full
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  let duplicates = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = keyHash(row, keys) & mask; ; i = (i + 1) & mask) {
      const other = table[i]!;
      if (other < 0) {
        table[i] = r;
        break;
      }
      if (sameKey(rows[other]!, row, keys)) {
        duplicates++;
        break;
      }
    }
  }
  return duplicates;
}

/** FNV-1a (32-bit) over each key cell's text, a 0 after each. */
function keyHash(row: readonly unknown[], keys: readonly number[]): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < keys.length; k++) {
    const text = String(row[keys[k]!]);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

function sameKey(a: readonly unknown[], b: readonly unknown[], keys: readonly number[]): boolean {
  for (let k = 0; k < keys.length; k++) if (String(a[keys[k]!]) !== String(b[keys[k]!])) return false;
  return true;
}
