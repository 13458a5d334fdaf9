/**
 * Synonym expansion: every word of a synonym group, found anywhere in a text, adds one shared
 * token `=<canonical>`, so 开公司 and 企业开办 meet even when jieba cuts them differently.
 */
import { normalise } from './text';

export class SynonymMatcher {
  private readonly canonical = new Map<string, string>();
  private readonly pattern: RegExp | undefined;

  constructor(groups: string[][]) {
    for (const group of groups) {
      const words = group.map((w) => normalise(w).text).filter((w) => w.length >= 2);
      const head = words[0];
      if (!head) continue;
      for (const w of words) if (!this.canonical.has(w)) this.canonical.set(w, head);
    }
    const words = [...this.canonical.keys()].sort((a, b) => b.length - a.length);
    this.pattern = words.length
      ? new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
      : undefined;
  }

  /** Synonym words the normalised text contains, and their `=canonical` tokens. */
  find(normalisedText: string): { words: string[]; tokens: string[] } {
    if (!this.pattern) return { words: [], tokens: [] };
    const words = new Set<string>();
    const tokens = new Set<string>();
    for (const m of normalisedText.matchAll(this.pattern)) {
      words.add(m[0]);
      tokens.add(`=${this.canonical.get(m[0])}`);
    }
    return { words: [...words], tokens: [...tokens] };
  }
}
