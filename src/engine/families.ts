/**
 * Look-alike entries. Real catalogues list one matter many times: for the province and each city,
 * or as sub-items written "名称（新办）", "名称（变更）"; FAQ files repeat a question with another
 * answer. Entries whose titles are the same once a trailing bracketed variant is set aside form a
 * family: to a user who names the matter they are one thing, told apart only by what differs
 * (department, region, sub-item).
 */
import { entryTitle, type Entry } from '../kb';
import { normaliseText } from './text';

/** A trailing （…） or (…) holding no bracket of its own, e.g. the sub-item of 专职律师执业许可（申请专职执业）. */
const TRAILING_VARIANT = /[（(]([^（）()]*(?:[（(][^（）()]*[)）][^（）()]*)*)[)）]\s*$/u;

export interface Families {
  /** Per entry, its family's id: the index of the family's first entry. */
  readonly of: Int32Array;
  /** Per entry, the sub-item its title names in a trailing bracket ('' when none). */
  readonly variant: readonly string[];
  /** Per family id, its members in catalogue order (only families of two or more). */
  readonly members: ReadonlyMap<number, readonly number[]>;
}

/** The title without a trailing bracketed variant, and the variant. */
export function splitVariant(title: string): { base: string; variant: string } {
  const m = TRAILING_VARIANT.exec(title);
  if (!m || m.index === 0) return { base: title, variant: '' };
  return { base: title.slice(0, m.index), variant: m[1]!.trim() };
}

export function buildFamilies(entries: readonly Entry[]): Families {
  const of = new Int32Array(entries.length);
  const variant: string[] = [];
  const first = new Map<string, number>();
  const members = new Map<number, number[]>();
  entries.forEach((entry, i) => {
    const split = entry.kind === 'faq' ? { base: entryTitle(entry), variant: '' } : splitVariant(entryTitle(entry));
    variant.push(split.variant);
    // FAQ questions are compared whole: "什么是霾（一）" is not a sub-item of 什么是霾.
    const key = `${entry.kind === 'faq' ? 'q' : 'n'}:${normaliseText(split.base)}`;
    const family = first.get(key);
    if (family === undefined) {
      first.set(key, i);
      of[i] = i;
      return;
    }
    of[i] = family;
    const list = members.get(family);
    if (list) list.push(i);
    else members.set(family, [family, i]);
  });
  return { of, variant, members };
}
