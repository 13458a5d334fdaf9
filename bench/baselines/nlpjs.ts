/**
 * Baseline (b): NLP.js (node-nlp NlpManager, language 'zh') as a typical intent bot would be built:
 * one intent per entry, the title and aliases as its utterances, trained once. Its top classification
 * is its answer; 'None' (below NLP.js's 0.5 threshold) counts as a handoff.
 */
import { createRequire } from 'node:module';
import { entryAliases, entryTitle, type KnowledgeBase } from '../../src/kb/schema';
import { normalise } from '../../src/engine/text';
import type { System } from '../lib/system';

interface NlpResult {
  intent: string;
  score: number;
  classifications?: { intent: string; score: number }[];
}
interface TrainStatus {
  iterations: number;
  error: number;
  deltaError: number;
}
interface NlpManagerLike {
  settings: Record<string, unknown>;
  nlp: { nluManager: { domainManagers: Record<string, { domains: Record<string, { settings: Record<string, unknown> }> }> } };
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, utterance: string): Promise<NlpResult>;
}

// node-nlp ships no type declarations; the few members used are typed above.
const load = createRequire(__filename);
const { NlpManager } = load('node-nlp') as { NlpManager: new (settings: Record<string, unknown>) => NlpManagerLike };

/** NLP.js's Chinese dictionary prints "Compiling dictionary" to stdout; keep eval's stdout parseable. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

export interface NlpjsOptions {
  /** Wall-clock budget for the training epochs; the network stops early when it is spent. */
  budgetMs: number;
}

/**
 * Both training utterances and questions go through qihu's `normalise` (traditional to simplified,
 * full-width folding): NLP.js does neither, and the baseline should not lose on such trivia.
 */
export async function nlpjsBaseline(kb: KnowledgeBase, options: NlpjsOptions): Promise<System> {
  const manager = new NlpManager({
    languages: ['zh'],
    autoSave: false,
    autoLoad: false,
    forceNER: false,
    // Sentiment is not part of classification; computing it would only slow the baseline down.
    calculateSentiment: false,
  });
  manager.settings.autoSave = false;
  let utterances = 0;
  for (const entry of kb.entries) {
    const texts = new Set([entryTitle(entry), ...entryAliases(entry)].map((t) => normalise(t).text).filter(Boolean));
    for (const text of texts) {
      manager.addDocument('zh', text, entry.id);
      utterances++;
    }
  }

  // NLP.js trains until the loss converges, which on thousands of intents can take minutes; its
  // per-epoch log hook gets the live status object, and zeroing deltaError ends the loop cleanly.
  const started = performance.now();
  let epochs = 0;
  let capped = false;
  const domains = manager.nlp.nluManager.domainManagers['zh']?.domains ?? {};
  for (const domain of Object.values(domains)) {
    domain.settings.log = (status: TrainStatus) => {
      epochs = status.iterations;
      if (performance.now() - started > options.budgetMs) {
        capped = true;
        status.deltaError = 0;
      }
    };
  }
  await quietly(() => manager.train());
  await quietly(() => manager.process('zh', '预热'));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const info =
    `${kb.entries.length} intents, ${utterances} utterances, trained in ${seconds}s, ${epochs} epochs` +
    (capped ? ` (CAPPED at the ${(options.budgetMs / 1000).toFixed(0)}s budget, not converged)` : '');

  return {
    name: 'nlp.js',
    info,
    async ask(text) {
      const result = await manager.process('zh', normalise(text).text);
      const ranked = (result.classifications ?? []).filter((c) => c.intent !== 'None' && c.score > 0).slice(0, 5);
      const answered = result.intent !== 'None';
      return {
        decision: answered ? 'answer' : 'handoff',
        entryId: answered ? result.intent : null,
        field: null,
        candidates: ranked.map((c) => c.intent),
        confidence: result.score,
      };
    },
  };
}
