/**
 * How Han characters sound, without tones: most Chinese is typed by pinyin, so a slip picks another
 * character of the same sound (才料 for 材料). Readings come from pinyin-pro's dictionary, every
 * reading of a character that has several (行: xing, hang, heng).
 */
import { pinyin } from 'pinyin-pro';

const readingsOf = new Map<string, readonly string[]>();

/** The character's toneless readings ([] for a character pinyin-pro does not know). */
export function readings(char: string): readonly string[] {
  let known = readingsOf.get(char);
  if (!known) {
    const out = pinyin(char, { multiple: true, type: 'array', toneType: 'none' });
    // pinyin-pro gives a character it has no reading for back as itself.
    known = out.filter((r) => r !== char && /^[a-zü]+$/.test(r));
    readingsOf.set(char, known);
  }
  return known;
}
