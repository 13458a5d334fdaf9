/**
 * Choosing within a family of look-alike entries (families.ts). A question that names the matter
 * often says which one it means: 省 or 市, a department's short name (省司法厅, 市公安局), a city,
 * or the sub-item's words (首次, 延续, 退役军人). Only what tells the members apart counts: the
 * words of their department, region and sub-item that not every member shares.
 */
import { entryTitle, type Entry } from '../kb';
import { splitVariant, type Families } from './families';
import type { KbIndex } from './kb-index';
import { hanBigrams, hanChars, normaliseText } from './text';

/**
 * What tells a member from its family: its department and level, down to single characters (省
 * alone tells 广东省司法厅 from 广州市司法局, 厅 from 局), and its sub-item's words and bigrams
 * (single characters of a sub-item, such as the 办 of 全国通办, would match any question). Not
 * the region: it is hierarchical (a city item's region 广东省广州市 holds the province's 广东省).
 */
function distinguishingTokens(index: KbIndex, entry: Entry, variant: string): Set<string> {
  const level = entry.kind === 'item' ? (entry.level ?? '') : entry.kind === 'policy' ? (entry.level ?? '') : '';
  const place = index.synonyms.canonicalise(normaliseText(`${entry.department ?? ''} ${level}`));
  const sub = index.synonyms.canonicalise(normaliseText(variant));
  return new Set([
    ...index.tokenizer.words(place),
    ...hanBigrams(place),
    ...hanChars(place),
    // A sub-item's single-character words are segmentation noise (the 非 of 体育非物质文化遗产).
    ...index.tokenizer.words(sub).filter((w) => Array.from(w).length > 1),
    ...hanBigrams(sub),
  ]);
}

/** The question's words, bigrams and single characters. */
function questionTokens(index: KbIndex, normalised: string): Set<string> {
  const text = index.synonyms.canonicalise(normalised);
  return new Set([...index.tokenizer.words(text), ...hanBigrams(text), ...hanChars(text)]);
}

/**
 * The members the question points to, best first: those whose distinguishing words the question
 * matches most (by weight), all of them when it matches none; among equals, retrieval's order.
 */
export function resolveFamily(
  index: KbIndex,
  families: Families,
  family: number,
  normalisedQuestion: string,
  retrievalOrder: readonly number[],
): number[] {
  const members = families.members.get(family);
  if (!members) return [family];
  const question = questionTokens(index, normalisedQuestion);
  // Words of the matter's own name say which matter, not which member (申请专职执业 repeats 专职).
  const base = questionTokens(index, normaliseText(splitVariant(entryTitle(index.entries[family]!)).base));
  const tokens = members.map((m) => {
    const set = distinguishingTokens(index, index.entries[m]!, families.variant[m]!);
    for (const t of base) set.delete(t);
    return set;
  });
  // A word every member has tells none of them apart; one most members have, little.
  const count = new Map<string, number>();
  for (const set of tokens) for (const t of set) if (question.has(t)) count.set(t, (count.get(t) ?? 0) + 1);
  const scores = tokens.map((set) => {
    let score = 0;
    for (const t of set) {
      const n = count.get(t);
      if (n !== undefined) score += index.weight(t) * (1 - n / members.length);
    }
    return score;
  });
  const best = Math.max(...scores);
  const rank = (m: number) => {
    const at = retrievalOrder.indexOf(m);
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  const chosen = members.filter((_, i) => scores[i]! >= best - 1e-9);
  return chosen.sort((a, b) => rank(a) - rank(b) || a - b);
}

/**
 * Labels for choices that would otherwise read the same: the title, then the department when
 * titles repeat, then the region or the start of the answer when those repeat too.
 */
export function choiceLabels(entries: readonly Entry[]): string[] {
  const titles = entries.map(entryTitle);
  const repeated = (values: string[], i: number) => values.some((v, j) => j !== i && v === values[i]);
  const withDepartment = titles.map((t, i) => (repeated(titles, i) && entries[i]!.department ? `${t}（${entries[i]!.department}）` : t));
  return withDepartment.map((label, i) => {
    if (!repeated(withDepartment, i)) return label;
    const entry = entries[i]!;
    const extra = entry.kind === 'faq' ? entry.answer.replace(/\s+/g, ' ').slice(0, 24) + '…' : entry.kind === 'item' ? (entry.region ?? entry.id) : entry.id;
    return `${label}：${extra}`;
  });
}
