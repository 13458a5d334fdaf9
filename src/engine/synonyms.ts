/**
 * Synonym canonicalisation: every word of a synonym group is rewritten to the group's first word
 * before tokenising, in names and questions alike, so 开个药房 and 开药店 (药房 → 药店), or 开公司
 * and 企业开办, are tokenised the same way. Longer words win: 驾驶执照 is a 驾驶证, not a 驾驶营业执照.
 */
import { normaliseText } from './text';

export class SynonymMatcher {
  private readonly canonical = new Map<string, string>();
  private readonly pattern: RegExp | undefined;

  constructor(groups: readonly (readonly string[])[]) {
    for (const group of groups) {
      const words = group.map((w) => normaliseText(w)).filter((w) => w.length >= 2);
      const head = words[0];
      if (!head) continue;
      for (const w of words) if (!this.canonical.has(w)) this.canonical.set(w, head);
    }
    const words = [...this.canonical.keys()].filter((w) => this.canonical.get(w) !== w);
    words.sort((a, b) => b.length - a.length);
    // Canonical words take part too, so a longer canonical word shields its parts from rewriting.
    const all = [...new Set([...words, ...[...this.canonical.values()]])].sort((a, b) => b.length - a.length);
    this.pattern = words.length ? new RegExp(all.map(escape).join('|'), 'g') : undefined;
  }

  canonicalise(normalisedText: string): string {
    if (!this.pattern) return normalisedText;
    return normalisedText.replace(this.pattern, (m) => this.canonical.get(m) ?? m);
  }
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
