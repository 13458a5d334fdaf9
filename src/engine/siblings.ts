/**
 * Siblings: FAQ entries whose questions share most of their characters (如何添加 / 如何删除住房公积金用卡
 * 提取收款卡, 二级班招生如何报名 / 报名时间, 评标专家增选申报条件 / 增选人员范围). Retrieval scores
 * them almost alike, because the words they share carry most of the weight; what tells them apart
 * is the few characters each has that the others lack, and whether the question holds them (删掉
 * holds 删, 哪些人 holds 人). Among the first few families, a sibling of the leader whose own
 * characters the question holds clearly more of, each weighed by how rare it is among the
 * catalogue's names, takes the lead, and with it the leader's score: the decision sees the same
 * margin, and judges the evidence of the entry it would answer with.
 */
import { isHanCodePoint } from '../zh';
import type { KbIndex } from './kb-index';
import type { Scored } from './retrieve';

/** Families compared: the leader and the next two. */
const COMPARED = 3;
/** A sibling shares at least this share of its and the leader's name characters (Jaccard). */
const SIBLING = 0.4;
/** How much more distinguishing weight (IDF units) a sibling needs to take the lead. */
const LEAD = 0.5;

function hanCharSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const c of text) if (isHanCodePoint(c.codePointAt(0)!)) out.add(c);
  return out;
}

export class SiblingOrder {
  /** Per entry, the Han characters of its names. */
  private readonly chars: ReadonlySet<string>[];
  /** Per character, its IDF over the entries' names. */
  private readonly idf = new Map<string, number>();
  /**
   * Per entry, whether its name is a question (an FAQ): what differs between two questions is what
   * they ask. Between item names it is a variant (the region, the sub-item), which look-alikes
   * settle from the question's own cues (look-alikes.ts), and a field cue in the question says
   * nothing of which item is meant.
   */
  private readonly isQuestion: boolean[];

  constructor(index: KbIndex) {
    this.chars = index.entryNames.map(hanCharSet);
    this.isQuestion = index.entries.map((e) => e.kind === 'faq');
    const df = new Map<string, number>();
    for (const set of this.chars) for (const c of set) df.set(c, (df.get(c) ?? 0) + 1);
    const n = this.chars.length;
    for (const [c, d] of df) this.idf.set(c, Math.max(0, Math.log(n / (d + 1))));
  }

  /**
   * Puts a sibling that the question points at first (folded: one entry per family, best first),
   * swapping its score with the leader's; `scored` is re-sorted to match. Both are changed in place.
   */
  reorder(folded: Scored[], scored: Scored[], normalisedText: string): void {
    const compared = folded.slice(0, COMPARED);
    if (compared.length < 2 || !this.isQuestion[compared[0]!.entry]) return;
    const question = hanCharSet(normalisedText);
    const sets = compared.map((s) => this.chars[s.entry]!);
    // A character counts for an entry when some other compared entry lacks it.
    const weights = sets.map((own, i) => {
      let weight = 0;
      for (const c of own) {
        if (!question.has(c) || sets.every((other, j) => j === i || other.has(c))) continue;
        weight += this.idf.get(c) ?? 0;
      }
      return weight;
    });
    let pick = 0;
    for (let i = 1; i < compared.length; i++) {
      if (!this.isQuestion[compared[i]!.entry]) continue;
      if (jaccard(sets[0]!, sets[i]!) >= SIBLING && weights[i]! > weights[pick]! + LEAD) pick = i;
    }
    if (pick === 0) return;
    const leader = folded[0]!;
    const sibling = folded[pick]!;
    [leader.score, sibling.score] = [sibling.score, leader.score];
    folded.sort((a, b) => b.score - a.score);
    scored.sort((a, b) => b.score - a.score);
  }
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const c of a) if (b.has(c)) shared++;
  const union = a.size + b.size - shared;
  return union > 0 ? shared / union : 0;
}

const orders = new WeakMap<KbIndex, SiblingOrder>();

/** The index's sibling order, made on first use. */
export function siblingOrderOf(index: KbIndex): SiblingOrder {
  let order = orders.get(index);
  if (!order) orders.set(index, (order = new SiblingOrder(index)));
  return order;
}
