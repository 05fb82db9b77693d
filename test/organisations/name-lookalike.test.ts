/**
 * An organisation's name cannot pass for another's with characters that do not show (an outside
 * audit: only Unicode Cf was refused, and nameAsRead did not fold the rest, so beside "Acme
 * Analytics" a stranger founded "Acme\u034F Analytics", pixel-identical in Chromium, and
 * "Acme\u3164Analytics", a Hangul filler for the space). Every Default_Ignorable_Code_Point and
 * the Hangul fillers are refused as Cf is (src/catalog/invisible-characters.ts), and the name as
 * read leaves them out, so one founded before still blocks the name it reads as. A listing's
 * title, shown beside its provider's verified mark, holds none either. Look-alike letters
 * (Cyrillic "А" for Latin "A") are not in scope.
 */
import { describe, expect, it } from 'vitest';
import { createOrganisationBody, nameAsRead } from '../../src/organisations/operations.js';
import { listingInputSchema } from '../../src/catalog/listing.js';
import { hasInvisibleCharacter } from '../../src/catalog/invisible-characters.js';

const REAL = 'Acme Analytics';

function passesForReal(name: string): boolean {
  const accepted = createOrganisationBody.safeParse({ name }).success;
  return accepted && nameAsRead(name) !== nameAsRead(REAL);
}

const INVISIBLE: [string, string][] = [
  ['a zero-width space (Cf)', 'Acme\u200BAnalytics'],
  ['a right-to-left override (Cf)', 'Acme\u202E Analytics'],
  ['the combining grapheme joiner U+034F (Mn)', 'Acme\u034F Analytics'],
  ['a variation selector U+FE0F', 'Acme\uFE0F Analytics'],
  ['a Hangul filler U+3164 for the space', 'Acme\u3164Analytics'],
  ['a Hangul choseong filler U+115F', 'Acme\u115F Analytics'],
  ['a Hangul jungseong filler U+1160', 'Acme \u1160Analytics'],
  ['a halfwidth Hangul filler U+FFA0', 'Acme\uFFA0Analytics'],
  ['a tag character U+E0041', 'Acme Analytics\u{E0041}'],
];

describe('organisation names that read as another', () => {
  it.each(INVISIBLE)('%s does not make a second "Acme Analytics"', (_what, name) => {
    expect(passesForReal(name)).toBe(false);
    const r = createOrganisationBody.safeParse({ name });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/^a name holds no invisible characters/);
  });

  it('reads a name founded before the check as the name it shows: it blocks "Acme Analytics"', () => {
    for (const [, name] of INVISIBLE) expect(nameAsRead(name).replace(' ', ''), name).toBe(nameAsRead(REAL).replace(' ', ''));
    expect(nameAsRead('Acme\u3164Analytics')).toBe(nameAsRead(REAL));
    expect(nameAsRead('Acme\u034F Analytics')).toBe(nameAsRead(REAL));
  });

  it('takes names in any script, accents and CJK included', () => {
    for (const name of ['Acme Analytics', 'Café Données', 'Ünïcödé 東京', 'a\u0301b', 'Ørsted Data ApS', 'ООО Аналитика']) {
      expect(createOrganisationBody.safeParse({ name }).success, name).toBe(true);
      expect(hasInvisibleCharacter(name)).toBe(false);
    }
  });
});

describe('listing titles beside the verified mark', () => {
  it('a title with an invisible character is refused, a visible one taken', () => {
    const title = (t: string) => listingInputSchema.shape.title.safeParse(t);
    for (const [, name] of INVISIBLE) expect(title(name).success, name).toBe(false);
    expect(title('Acme Analytics: car-buying intent, 7 days').success).toBe(true);
    expect(title('Café Données 東京').success).toBe(true);
  });
});
