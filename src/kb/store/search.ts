/**
 * Browsing the draft: filter by kind, department and tag, and search words anywhere in an entry's
 * names and text. Matching folds width (NFKC), case and script (traditional → simplified), so
 * 「營業執照」 finds 营业执照; several words separated by spaces must all occur.
 */
import { toSimplified } from '../../zh';
import { entryAliases, entryTitle, type Entry } from '../schema';
import { ListQuery, type DraftEntry, type EntryList } from './types';

const haystacks = new WeakMap<Entry, string>();

export function fold(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ');
}

function textsOf(entry: Entry): string[] {
  const common = [entry.id, entryTitle(entry), ...entryAliases(entry), entry.department ?? '', ...entry.tags, entry.source ?? ''];
  switch (entry.kind) {
    case 'item':
      return [...common, entry.itemType ?? '', entry.conditions ?? '', entry.location ?? '', ...entry.materials.map((m) => m.name)];
    case 'policy':
      return [...common, entry.summary ?? '', entry.eligibility ?? '', entry.benefits ?? '', entry.howToApply ?? ''];
    case 'faq':
      return [...common, entry.answer];
  }
}

function haystackOf(entry: Entry): string {
  let h = haystacks.get(entry);
  if (h === undefined) {
    // Stored text is already simplified Chinese; fold width and case only (cheap).
    h = textsOf(entry)
      .join('\n')
      .normalize('NFKC')
      .toLowerCase();
    haystacks.set(entry, h);
  }
  return h;
}

export function matchesQuery(entry: Entry, words: readonly string[]): boolean {
  if (!words.length) return true;
  const h = haystackOf(entry);
  return words.every((w) => h.includes(w));
}

/** Filter and page the draft's entries (already in knowledge-base order). */
export function filterEntries(entries: readonly DraftEntry[], input: unknown = {}): EntryList {
  const q = ListQuery.parse(input);
  const words = q.q ? fold(q.q).split(' ').filter(Boolean) : [];
  const department = q.department ? fold(q.department) : undefined;
  const tag = q.tag ? fold(q.tag) : undefined;
  const hits = entries.filter(({ entry }) => {
    if (q.kind && entry.kind !== q.kind) return false;
    if (department && !fold(entry.department ?? '').includes(department)) return false;
    if (tag && !entry.tags.some((t) => fold(t) === tag)) return false;
    return matchesQuery(entry, words);
  });
  return { total: hits.length, offset: q.offset, limit: q.limit, items: hits.slice(q.offset, q.offset + q.limit) };
}
