/**
 * Baseline (a): BM25 with MiniSearch over the very tokens qihu uses (jieba + user dictionary + Han
 * bigrams), so the comparison isolates what the engine adds beyond lexical retrieval.
 * Its answer is the top hit; it never hands off (it only stays silent when nothing matches).
 */
import MiniSearch from 'minisearch';
import { entryAliases, entryTitle, type Entry, type KnowledgeBase } from '../../src/kb/schema';
import { normalise, Tokenizer, userWordsOf } from '../../src/engine/text';
import type { System } from '../lib/system';

interface Doc {
  id: string;
  title: string;
  aliases: string;
  text: string;
}

/** The body text an editor would expect a search to look at, per kind of entry. */
function keyText(entry: Entry): string[] {
  switch (entry.kind) {
    case 'item':
      return [entry.department, ...entry.materials.map((m) => m.name)];
    case 'policy':
      return [entry.department ?? '', entry.summary ?? ''];
    case 'faq':
      return [entry.department ?? '', entry.answer];
  }
}

export function minisearchBaseline(kb: KnowledgeBase): System {
  const started = performance.now();
  const tokenizer = new Tokenizer(userWordsOf(kb));
  const tokenize = (text: string): string[] => tokenizer.tokens(normalise(text).text);
  const index = new MiniSearch<Doc>({
    fields: ['title', 'aliases', 'text'],
    storeFields: [],
    tokenize,
    // Terms are already normalised by `normalise`; MiniSearch's default would lower-case again.
    processTerm: (term) => term,
    searchOptions: { boost: { title: 3, aliases: 2, text: 1 }, tokenize, processTerm: (term) => term },
  });
  index.addAll(
    kb.entries.map((entry) => ({
      id: entry.id,
      title: entryTitle(entry),
      // A newline is whitespace to the normaliser, so aliases never fuse into one word.
      aliases: entryAliases(entry).join('\n'),
      text: keyText(entry).join('\n'),
    })),
  );
  const buildMs = performance.now() - started;
  return {
    name: 'minisearch',
    info: `BM25 over ${index.documentCount} entries, jieba tokens, boosts title 3 / aliases 2 / text 1, indexed in ${(buildMs / 1000).toFixed(2)}s`,
    ask(text) {
      const hits = index.search(text).slice(0, 5);
      const top = hits[0];
      return {
        decision: top ? 'answer' : 'handoff',
        entryId: top ? String(top.id) : null,
        field: null,
        candidates: hits.map((h) => String(h.id)),
        confidence: null,
      };
    },
  };
}
