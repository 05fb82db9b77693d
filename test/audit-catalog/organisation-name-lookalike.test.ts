/**
 * Audit (outside review, helper C): an organisation's name must not pass for another's
 * (docs/organisations.md: no invisible format characters, "no other organisation's name as
 * read", "so an invitation cannot pass for the real team's"). The check refuses Unicode Cf
 * (src/organisations/operations.ts, FORMAT_CHARACTER) and compares NFKC + lower case + runs
 * of spaces (nameAsRead), but other invisible, default-ignorable characters are neither Cf
 * nor folded by NFKC: U+034F COMBINING GRAPHEME JOINER (Mn) renders as nothing, the Hangul
 * fillers U+3164 / U+115F / U+FFA0 (Lo) as a blank. On a running service, with
 * "Acme Analytics" founded, a stranger founded "Acme\u034F Analytics" (201, organisation 5)
 * and "Acme\u3164Analytics" (201); in Chromium the first renders pixel-identical to the real one.
 *
 * DEFECT: a second organisation whose name reads as an existing one's is accepted. Marked
 * it.fails until the name is refused or compared without default-ignorable characters.
 */
import { describe, expect, it } from 'vitest';
import { createOrganisationBody, nameAsRead } from '../../src/organisations/operations.js';

const REAL = 'Acme Analytics';

function passesForReal(name: string): boolean {
  const accepted = createOrganisationBody.safeParse({ name }).success;
  return accepted && nameAsRead(name) !== nameAsRead(REAL);
}

describe('organisation names that read as another (audit)', () => {
  it('control: a zero-width space (Cf) is refused, as documented', () => {
    expect(passesForReal('Acme\u200BAnalytics')).toBe(false);
  });

  // DEFECT: U+034F (combining grapheme joiner, invisible, category Mn) is accepted and not folded: a look-alike of the real name.
  it.fails('an invisible combining grapheme joiner does not make a second "Acme Analytics"', () => {
    expect(passesForReal('Acme\u034F Analytics')).toBe(false);
  });

  // DEFECT: a Hangul filler (U+3164, renders as a blank) stands in for the space: a look-alike of the real name.
  it.fails('a Hangul filler in place of the space does not make a second "Acme Analytics"', () => {
    expect(passesForReal('Acme\u3164Analytics')).toBe(false);
  });
});
