/**
 * Homophone typos put right before a question is matched. Most Chinese is typed by pinyin, so a
 * slip picks another character of the same sound: 才料 for 材料, 停工留新期 for 停工留薪期, 违张 for
 * 违章. A character that jieba's dictionary leaves on its own, in no pair some entry holds, is
 * replaced when a same-sounding character makes, with its free neighbours, a word that more than
 * one entry uses, and a noisy channel says that word is likelier than what was typed: under
 * jieba's unigram counts, P(word) · P(slip) against the typed characters' own probabilities. So
 * 我是 stays (two of the commonest words) while 才料 becomes 材料; a character inside a word is
 * never touched (主意 and 中将 are words, and what the text cannot tell is left alone).
 */
import { readings, sharedJieba, totalWordCount, wordCount } from '../zh';
import type { KbIndex } from './kb-index';

/** The chance that a character typed by pinyin is a same-sounding slip: about one in a hundred. */
const SLIP = 0.01;

export class TypoRepair {
  /** Toneless reading → the characters of the catalogue's pairs that have it. */
  private readonly bySound = new Map<string, string[]>();

  constructor(private readonly index: KbIndex) {
    // Read jieba's counts now (once per process), not on some user's first question.
    totalWordCount();
    const chars = new Set<string>();
    for (const pair of index.bigrams()) for (const c of pair) chars.add(c);
    for (const c of chars) {
      for (const r of readings(c)) {
        const list = this.bySound.get(r);
        if (list) list.push(c);
        else this.bySound.set(r, [c]);
      }
    }
  }

  /** The normalised question with its homophone typos put right (the same string when there are none). */
  repair(text: string): string {
    // Characters that jieba (its dictionary and the catalogue's words, no guessing) leaves on their own.
    const chars: string[] = [];
    const free: boolean[] = [];
    for (const word of sharedJieba().cut(text, false)) {
      const cs = Array.from(word);
      for (const c of cs) {
        chars.push(c);
        free.push(cs.length === 1 && readings(c).length > 0);
      }
    }
    let changed = false;
    for (let i = 0; i < chars.length; i++) {
      if (!free[i]) continue;
      const char = this.replacement(chars, free, i);
      if (char) {
        chars[i] = char;
        free[i] = false;
        changed = true;
      }
    }
    return changed ? chars.join('') : text;
  }

  /** The likeliest same-sounding character for the free one at i, if one makes a likelier word. */
  private replacement(chars: readonly string[], free: readonly boolean[], i: number): string | undefined {
    // A character that makes, as written, a pair some entry holds with either neighbour is no slip.
    if (i > 0 && this.index.knows(`~${chars[i - 1]}${chars[i]}`)) return undefined;
    if (i + 1 < chars.length && this.index.knows(`~${chars[i]}${chars[i + 1]}`)) return undefined;
    // The typed character by its usual reading (参 is can, rarely shen): what the keyboard offered.
    const reading = readings(chars[i]!)[0];
    const sameSound = reading === undefined ? [] : (this.bySound.get(reading) ?? []);
    const from = i > 0 && free[i - 1] ? i - 1 : i;
    const to = i + 1 < chars.length && free[i + 1] ? i + 1 : i;
    // Windows of the free run that hold the character: the pair on its left, on its right, all three.
    const windows: [number, number][] = [];
    if (from < i) windows.push([from, i]);
    if (to > i) windows.push([i, to]);
    if (from < i && to > i) windows.push([from, to]);

    const logTotal = Math.log(totalWordCount());
    let best: { char: string; gain: number } | undefined;
    for (const [a, b] of windows) {
      const typed = chars.slice(a, b + 1);
      let typedLog = 0;
      for (const c of typed) typedLog += Math.log(wordCount(c) + 1) - logTotal;
      for (const char of sameSound) {
        if (char === chars[i]) continue;
        typed[i - a] = char;
        const word = typed.join('');
        typed[i - a] = chars[i]!;
        // A word that one entry alone uses is as likely a chance match as what was meant.
        if (!this.index.knows(word) || this.index.idf(word) >= this.index.maxIdf) continue;
        const gain = Math.log(Math.max(1, wordCount(word))) - logTotal + Math.log(SLIP) - typedLog;
        if (gain > 0 && (!best || gain > best.gain)) best = { char, gain };
      }
    }
    return best?.char;
  }
}
