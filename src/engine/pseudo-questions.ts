/**
 * Pseudo-questions: questions made from a knowledge base's own entries, whose right answer is
 * therefore known, so that the engine can learn how its retrieval features behave on *this*
 * catalogue without anyone labelling questions (docs/engine.md § calibration). Each takes some of
 * an entry's name words (dropped, shuffled, one swapped for a word of its body, now and then a
 * wrong character), in one of the styles people write: keywords, a short question with a field
 * asked, or a story carrying words of other entries as filler. Deterministic for a given index.
 */
import { dict } from '@node-rs/jieba/dict';
import { entryAliases, entryTitle, type Entry } from '../kb';
import type { Field } from './types';
import { isHanCodePoint } from '../zh';
import { bodyText, type KbIndex } from './kb-index';
import { STOPWORDS } from './stopwords';
import { normaliseText } from './text';
import { seededRandom as rng } from '../util';

export interface PseudoQuestion {
  text: string;
  /** The entry the question was made from (an index into the knowledge base's entries). */
  entry: number;
}

/** Generic ways to ask for each field: frames, not anyone's sentence. */
const FIELD_FRAMES: Record<string, readonly string[]> = {
  materials: ['需要什么材料', '要带哪些资料', '要准备什么', '材料有哪些'],
  time_limit: ['多久能办好', '要几个工作日', '多长时间', '几天能下来'],
  location: ['在哪里办', '去哪个窗口', '地址在哪'],
  phone: ['电话多少', '咨询电话是多少', '打哪个电话'],
  online: ['能网上办吗', '网上怎么申请', '有没有网上办理'],
  conditions: ['需要什么条件', '要符合哪些条件', '谁可以申请'],
  fees: ['收费吗', '要交多少钱'],
  overview: ['怎么办理', '', '怎么弄', '办理流程'],
};

const OPENERS = ['', '', '请问', '你好 想问一下', '我想咨询', '麻烦问下', '我们', '我想问'];
const STORY = ['我们公司', '我们单位', '家里', '最近', '之前', '现在'];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function shuffle<T>(random: () => number, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

const CONTENT = /\p{Script=Han}|[a-z0-9]/u;

function contentWords(index: KbIndex, text: string): string[] {
  return index.tokenizer.cut(normaliseText(text)).filter((w) => w.trim() && CONTENT.test(w) && !STOPWORDS.has(w));
}

/** The fields an item can answer, for the frame of its pseudo-question. */
function fieldsOf(entry: Entry): Field[] {
  if (entry.kind !== 'item') return ['overview'];
  const fields: Field[] = ['overview'];
  if (entry.materials.length) fields.push('materials');
  if (entry.promisedDays !== undefined || entry.statutoryDays !== undefined) fields.push('time_limit');
  if (entry.location) fields.push('location');
  if (entry.consultPhone) fields.push('phone');
  if (entry.online) fields.push('online');
  if (entry.conditions) fields.push('conditions');
  if (entry.fees) fields.push('fees');
  return fields;
}

/** One Han character of the word replaced by another from the catalogue: a typo. */
function typo(random: () => number, word: string, alphabet: readonly string[]): string {
  const chars = Array.from(word);
  const at = chars.findIndex((c, i) => i >= Math.floor(random() * chars.length) && isHanCodePoint(c.codePointAt(0)!));
  if (at < 0 || !alphabet.length) return word;
  chars[at] = alphabet[Math.floor(random() * alphabet.length)]!;
  return chars.join('');
}

export interface PseudoOptions {
  /** How many entries to make a question from (at most one each); default 600. */
  count?: number;
  seed?: number;
}

export function pseudoQuestions(index: KbIndex, options: PseudoOptions = {}): PseudoQuestion[] {
  const random = rng(options.seed ?? 0x9e3779b9);
  const entries = index.entries;
  const order = shuffle(random, entries.map((_, i) => i)).slice(0, options.count ?? 600);
  // Filler for stories: words of other entries' bodies, as people mention their trade, their town.
  const filler: string[] = [];
  let letters = '';
  for (const i of order.slice(0, 60)) {
    const words = contentWords(index, bodyText(entries[i]!).slice(0, 200));
    filler.push(...words.filter((w) => w.length >= 2).slice(0, 5));
    letters += entryTitle(entries[i]!).slice(0, 6);
  }

  const alphabet = Array.from(letters);
  const out: PseudoQuestion[] = [];
  for (const i of order) {
    const entry = entries[i]!;
    const names = [entryTitle(entry), ...entryAliases(entry).slice(0, 3)];
    const name = random() < 0.7 ? names[0]! : pick(random, names);
    const words = contentWords(index, name);
    if (!words.length) continue;
    let kept = words.filter(() => random() < 0.7);
    if (!kept.length) kept = [pick(random, words)];
    if (random() < 0.25) {
      const body = contentWords(index, bodyText(entry).slice(0, 300)).filter((w) => w.length >= 2);
      if (body.length) kept[Math.floor(random() * kept.length)] = pick(random, body);
    }
    if (random() < 0.3) shuffle(random, kept);
    if (random() < 0.08) {
      const k = Math.floor(random() * kept.length);
      kept[k] = typo(random, kept[k]!, alphabet);
    }
    const frame = pick(random, FIELD_FRAMES[pick(random, fieldsOf(entry))]!);
    const style = random();
    let text: string;
    if (style < 0.25) text = `${kept.join(' ')} ${frame}`;
    else if (style < 0.75) text = `${pick(random, OPENERS)}${kept.join('')}${frame}`;
    else {
      const story = [pick(random, STORY), ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, filler))];
      text = `${story.join('')} ${pick(random, OPENERS)}${kept.join('')}${frame}`;
    }
    out.push({ text: text.trim(), entry: i });
  }
  return out;
}

/** Frames around words from outside the catalogue: questions people ask that it may not answer. */
const OUTSIDE_FRAMES = ['怎么办', '是什么', '吗', '在哪里', '', '多少钱', '怎么样', '有什么要求'];
/** Parts of speech of jieba's dictionary that make question words: nouns, verbs, adjectives, places. */
const CONTENT_TAGS: ReadonlySet<string> = new Set(['n', 'v', 'vn', 'a', 'nz', 'ns', 'an']);
/** Common enough to be what people say, not so common that every text holds it. */
const OUTSIDE_FREQUENCY = { min: 300, max: 30_000 };

/** A random line of jieba's dictionary ("word frequency tag"), read where it lies in the buffer. */
function dictionaryWord(random: () => number): string | undefined {
  let at = Math.floor(random() * dict.length);
  while (at > 0 && dict[at - 1] !== 0x0a) at--;
  let end = dict.indexOf(0x0a, at);
  if (end < 0) end = dict.length;
  const [word, freq, tag] = Buffer.from(dict.buffer, dict.byteOffset + at, end - at).toString('utf8').split(' ');
  const f = Number(freq);
  if (!word || !tag || !CONTENT_TAGS.has(tag) || !(f >= OUTSIDE_FREQUENCY.min && f <= OUTSIDE_FREQUENCY.max)) return undefined;
  const length = Array.from(word).length;
  return length >= 2 && length <= 4 ? word : undefined;
}

/**
 * Questions about the world at large: two or three everyday words from jieba's general dictionary
 * in a question frame ("孩子 发烧 怎么办", "世界杯 冠军 是什么"). Whatever they match in the
 * catalogue they match by chance, which is what an out-of-scope question looks like on it.
 */
export function outsideQuestions(count: number, seed = 0x85ebca6b): string[] {
  const random = rng(seed);
  const out: string[] = [];
  for (let guard = 0; out.length < count && guard < count * 400; guard++) {
    const words: string[] = [];
    const want = 2 + Math.floor(random() * 2);
    for (let tries = 0; words.length < want && tries < 200; tries++) {
      const w = dictionaryWord(random);
      if (w) words.push(w);
    }
    if (words.length === want) out.push(`${words.join(random() < 0.5 ? '' : ' ')}${pick(random, OUTSIDE_FRAMES)}`);
  }
  return out;
}
