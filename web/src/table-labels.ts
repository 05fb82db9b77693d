/**
 * Tables on a phone: below 760 px a table not built to fit one (class `phone-fit`) shows
 * each row as a card, one line per cell, the cell's column heading beside it (styles.css,
 * `td::before { content: attr(data-label) }`). The heading comes from here: every body cell
 * of such a table gets its column's heading as `data-label`, whenever the page adds cells
 * (one MutationObserver for the whole console, so no page has to remember to do it).
 */
const TABLES = 'table:not(.phone-fit)';

function label(root: ParentNode): void {
  for (const table of root.querySelectorAll<HTMLTableElement>(TABLES)) {
    const headings = [...(table.tHead?.rows[table.tHead.rows.length - 1]?.cells ?? [])].map((th) => th.textContent?.trim() ?? '');
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        for (const cell of row.cells) {
          // A cell spanning columns (an empty table's one line) has no single heading.
          const text = cell.colSpan > 1 ? '' : (headings[cell.cellIndex] ?? '');
          if (cell.getAttribute('data-label') !== text) cell.setAttribute('data-label', text);
        }
      }
    }
  }
}

/** Labels the cells now and whenever the page changes (at most once per frame). */
export function labelTableCells(root: HTMLElement): void {
  let pending = false;
  const run = (): void => {
    pending = false;
    label(root);
  };
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(run);
  }).observe(root, { childList: true, subtree: true });
  run();
}
