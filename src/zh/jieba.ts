/**
 * The process's one jieba segmenter. Its dictionary takes ~35 MB of native memory that is never
 * given back, so every user (the engine's tokenizer, the triage classifier) shares this instance;
 * a knowledge base adds its words to it (added words only ever help segmentation).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let shared: Jieba | undefined;
const loadedWords = new Set<string>();

export function sharedJieba(): Jieba {
  return (shared ??= Jieba.withDict(dict));
}

/** Whether jieba's dictionary (with the words added to it) holds the text as one word. */
export function isDictionaryWord(text: string): boolean {
  // Without HMM, an unknown sequence is never glued into a word.
  const cut = sharedJieba().cut(text, false);
  return cut.length === 1 && cut[0] === text;
}

/** Adds words (2–20 characters, no spaces) to the shared dictionary, each once. */
export function addJiebaWords(words: Iterable<string>): void {
  const lines: string[] = [];
  for (const word of new Set(words)) {
    const w = word.trim();
    // jieba's dictionary format is "word freq"; words with spaces would break a line.
    if (w.length >= 2 && w.length <= 20 && !/\s/.test(w) && !loadedWords.has(w)) {
      loadedWords.add(w);
      lines.push(`${w} 50000`);
    }
  }
  if (lines.length) sharedJieba().loadDict(new TextEncoder().encode(lines.join('\n')));
}
