/**
 * How common a word is in general Chinese: jieba's dictionary counts (about 342,000 words, 60
 * million occurrences), as a unigram language model for telling a typo from what was written on
 * purpose. Read once per process into a hash table of 2^20 slots (8 MB), keyed by a hash of the
 * word: a rare collision makes one estimate slightly off, which a heuristic tolerates, and the
 * table costs a fraction of what a Map of the words would.
 */
import { dict } from '@node-rs/jieba/dict';

const SLOTS = 1 << 20;
let keys: Int32Array | undefined;
let counts: Int32Array | undefined;
let total = 0;

function fnv1a(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // 0 marks an empty slot.
  return h === 0 ? 1 : h;
}

function slotOf(table: Int32Array, hash: number): number {
  let slot = hash & (SLOTS - 1);
  while (table[slot] !== 0 && table[slot] !== hash) slot = (slot + 1) & (SLOTS - 1);
  return slot;
}

function load(): void {
  keys = new Int32Array(SLOTS);
  counts = new Int32Array(SLOTS);
  const text = new TextDecoder().decode(dict);
  // Lines are "word count tag".
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const space = text.indexOf(' ', start);
    if (space > start && space < end) {
      const count = Number.parseInt(text.slice(space + 1, end), 10) || 0;
      const hash = fnv1a(text, start, space);
      const slot = slotOf(keys, hash);
      keys[slot] = hash;
      counts[slot] = Math.max(counts[slot]!, count);
      total += count;
    }
    start = end + 1;
  }
}

/** The word's count in jieba's dictionary (0 for a word it does not hold). */
export function wordCount(word: string): number {
  if (!keys) load();
  const hash = fnv1a(word, 0, word.length);
  const slot = slotOf(keys!, hash);
  return keys![slot] === hash ? counts![slot]! : 0;
}

/** All the dictionary's counts summed: the denominator of a word's probability. */
export function totalWordCount(): number {
  if (!keys) load();
  return total;
}
