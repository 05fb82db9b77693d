/**
 * Whether a console page fits its viewport's width: the page itself scrolls nowhere
 * sideways (document scrollWidth ≤ clientWidth), and no table is wider than the frame it
 * sits in (a table that scrolls inside its frame does not "fit" either). Answers what does
 * not fit, by table testid (or class), with the widths: empty when everything fits.
 */
import type { Page } from 'playwright-core';

export async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`page ${doc.scrollWidth} > ${doc.clientWidth}`);
    for (const table of document.querySelectorAll('table')) {
      if (table.offsetParent === null) continue; // not shown
      const frame = table.parentElement!;
      const name = table.getAttribute('data-testid') ?? table.className ?? 'table';
      if (table.scrollWidth > frame.clientWidth + 1) out.push(`table ${name} ${table.scrollWidth} > ${frame.clientWidth}`);
      if (frame.getBoundingClientRect().right > doc.clientWidth + 1) out.push(`table ${name}'s frame ends at ${Math.round(frame.getBoundingClientRect().right)} > ${doc.clientWidth}`);
    }
    return out;
  });
}
