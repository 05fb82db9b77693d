/**
 * The console's one PAT precision rule, checked on a page as a reader sees it (issue 77: the
 * operator page showed `7618.661829`): every number the page labels PAT has exactly 4
 * decimals. A number is labelled PAT when its text says so ("12.5000 PAT"), when it is the value
 * of a stat card whose label names PAT ("Realized P&L (PAT)"), or when it is a cell under a
 * column headed "(PAT)". Answers each number that breaks the rule, with where it stood; empty when none.
 */
import type { Page } from 'playwright-core';

export async function patDecimalProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const numbers = (text: string): string[] => text.match(/-?\d+(?:\.\d+)?/g) ?? [];
    const wrong = (n: string): boolean => (n.split('.')[1] ?? '').length !== 4;
    const shown = (el: Element): boolean => (el as HTMLElement).offsetParent !== null || el.closest('details:not([open])') !== null;
    // "N PAT" in text: each element's own text nodes, so a number is read where it is written.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const el = node.parentElement;
      if (el === null || el.closest('script, style, input, select, textarea, option') !== null || !shown(el)) continue;
      // Join with the next element's text (a <b>12.5</b> PAT): the parent's whole text, searched once per parent.
      const text = node.textContent ?? '';
      for (const m of text.matchAll(/(-?\d+(?:\.\d+)?)\s*PAT\b/g)) if (wrong(m[1]!)) out.push(`"${m[0]}" in ${el.tagName.toLowerCase()}: ${text.trim().slice(0, 80)}`);
    }
    for (const b of document.querySelectorAll('b, strong, span, td')) {
      const next = b.nextSibling;
      if (next?.nodeType !== Node.TEXT_NODE || !/^\s*PAT\b/.test(next.textContent ?? '') || !shown(b)) continue;
      const n = (b.textContent ?? '').trim();
      if (/^-?\d+(?:\.\d+)?$/.test(n) && wrong(n)) out.push(`"${n} PAT" (${b.tagName.toLowerCase()})`);
    }
    // Stat cards whose label names PAT.
    for (const stat of document.querySelectorAll('.stat')) {
      const label = stat.querySelector('.label')?.textContent ?? '';
      if (!/\bPAT\b/.test(label) || !shown(stat)) continue;
      for (const n of numbers(stat.querySelector('.value')?.textContent ?? '')) if (wrong(n)) out.push(`"${n}" in the card "${label}"`);
    }
    // Cells under a column headed "(PAT)".
    for (const table of document.querySelectorAll('table')) {
      const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
      heads.forEach((head, i) => {
        if (!/\(PAT\)/.test(head)) return;
        for (const row of table.querySelectorAll('tbody tr')) {
          const cell = row.children[i];
          if (cell === undefined || cell.hasAttribute('colspan')) continue;
          for (const n of numbers(cell.textContent ?? '')) if (wrong(n)) out.push(`"${n}" under "${head}"`);
        }
      });
    }
    return [...new Set(out)];
  });
}

/** Table cells whose content is cut (wider than the cell: scrollWidth > clientWidth), by table testid and column heading. */
export async function clippedCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const table of document.querySelectorAll('table')) {
      if ((table as HTMLElement).offsetParent === null) continue;
      const name = table.getAttribute('data-testid') ?? table.className ?? 'table';
      if (table.scrollWidth > table.clientWidth + 1) out.push(`table ${name} ${table.scrollWidth} > ${table.clientWidth}`);
      const heads = [...table.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim());
      for (const cell of table.querySelectorAll<HTMLElement>('td, th')) {
        if (cell.offsetParent === null || cell.scrollWidth <= cell.clientWidth + 1) continue;
        const column = cell.tagName === 'TH' ? (cell.textContent ?? '').trim() : heads[(cell as HTMLTableCellElement).cellIndex] ?? '?';
        out.push(`table ${name}, column "${column}": "${(cell.textContent ?? '').trim().slice(0, 40)}" ${cell.scrollWidth} > ${cell.clientWidth}`);
      }
    }
    return [...new Set(out)];
  });
}
