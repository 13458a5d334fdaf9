/**
 * Pseudo-questions for the chooser (rerank.ts), closer to what users write than the calibration's:
 * about half of a name's words, one to three words of the entry's own body (users describe their
 * situation in the words the answer uses), and words of other entries as the story around it.
 * Seeded, so a knowledge base always gets the same questions.
 */
import { entryAliases, entryTitle } from '../kb';
import { seededRandom } from '../util';
import { bodyText, type KbIndex } from './kb-index';
import type { PseudoQuestion } from './pseudo-questions';
import { STOPWORDS } from './stopwords';
import { normaliseText } from './text';

const CONTENT = /\p{Script=Han}|[a-z0-9]/u;
const OPENERS = ['', '请问', '我想问一下', '你好，', '麻烦问下', '我家', '我们公司', '最近', '昨天', '之前'];
const FRAMES = ['怎么办', '该怎么弄', '有什么规定', '能不能办', '需要什么', '去哪里办', '要多久', '吗', '咋回事', ''];
/** Share of a name's words kept, and at most how many words of other entries surround them. */
const NAME_KEPT = 0.5;
const FILLER_WORDS = 3;

function words(index: KbIndex, text: string): string[] {
  return index.tokenizer.cut(normaliseText(text)).filter((w) => w.trim() && CONTENT.test(w) && !STOPWORDS.has(w));
}

function shuffle<T>(random: () => number, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

export function userLikeQuestions(index: KbIndex, count: number, seed = 7): PseudoQuestion[] {
  const random = seededRandom(seed);
  const n = index.entries.length;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const out: PseudoQuestion[] = [];
  for (const i of shuffle(random, Array.from({ length: n }, (_, k) => k)).slice(0, count)) {
    const entry = index.entries[i]!;
    const nameWords = words(index, pick([entryTitle(entry), ...entryAliases(entry).slice(0, 3)]));
    if (!nameWords.length) continue;
    let kept = nameWords.filter(() => random() < NAME_KEPT);
    if (!kept.length) kept = [pick(nameWords)];
    const body = words(index, bodyText(entry).slice(0, 300)).filter((w) => w.length >= 2);
    // About three of the body's words, at most three kept.
    const own = body.filter(() => random() < 3 / Math.max(1, body.length)).slice(0, 3);
    const filler: string[] = [];
    for (let f = Math.floor(random() * (FILLER_WORDS + 1)); f > 0; f--) {
      const other = words(index, bodyText(index.entries[Math.floor(random() * n)]!).slice(0, 200)).filter((w) => w.length >= 2);
      if (other.length) filler.push(pick(other));
    }
    const said = [...kept, ...own];
    if (random() < 0.5) shuffle(random, said);
    out.push({ text: `${pick(OPENERS)}${filler.join('')}${said.join('')}${pick(FRAMES)}`, entry: i });
  }
  return out;
}
