/**
 * Characters a name can hold without showing (an outside audit: an organisation founded as
 * "Acme\u034F Analytics" rendered pixel-identical to "Acme Analytics", and "Acme\u3164Analytics"
 * read as it): format characters (Unicode Cf: direction controls reorder what is read,
 * "Acme\u202Egnp.exe" shows as "Acmeexe.png"; zero-width spaces and joiners), and every
 * Default_Ignorable_Code_Point (the combining grapheme joiner U+034F, variation selectors, tag
 * characters, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, which render as a blank, named
 * here as well in case a Unicode version ever drops them). A name shown to people deciding whom
 * to trust (an organisation's to an invitee, a listing's title beside its provider's verified
 * mark) holds none. Cyrillic and other look-alike letters are not here.
 */

/** The Hangul fillers: letters (Lo) that render as a blank. */
const HANGUL_FILLERS = '\u115F\u1160\u3164\uFFA0';

/** One invisible character: Cf, Default_Ignorable_Code_Point, a Hangul filler. */
export const INVISIBLE_CHARACTER = new RegExp(`[\\p{Cf}\\p{Default_Ignorable_Code_Point}${HANGUL_FILLERS}]`, 'u');

const INVISIBLE_CHARACTERS = new RegExp(INVISIBLE_CHARACTER.source, 'gu');
const HANGUL_FILLER = new RegExp(`[${HANGUL_FILLERS}]`, 'gu');

/** Whether `text` holds a character that does not show. */
export function hasInvisibleCharacter(text: string): boolean {
  return INVISIBLE_CHARACTER.test(text);
}

/** `text` as it shows: a Hangul filler read as the blank it renders, every other invisible character dropped. */
export function withoutInvisibleCharacters(text: string): string {
  return text.replace(HANGUL_FILLER, ' ').replace(INVISIBLE_CHARACTERS, '');
}

/** The refusal's words, for a schema's message. */
export const INVISIBLE_CHARACTER_MESSAGE =
  'holds no invisible characters (direction controls, zero-width spaces and joiners, the combining grapheme joiner, variation selectors, Hangul fillers: Unicode Cf and Default_Ignorable_Code_Point)';
