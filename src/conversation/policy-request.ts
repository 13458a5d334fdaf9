/**
 * Whether a message asks which policies the enterprise can get ("我们能享受哪些政策", "有啥补贴")
 * rather than asking about one policy or matter: a naive Bayes model over character pairs, learned from intents/policy-discovery/examples.json, the other intents' examples (negatives) and from questions about each policy
 * of the knowledge base (its title and aliases with a field asked), which are negatives. A message
 * that names a policy of the knowledge base is never a discovery request: it goes to the engine
 * ("高新技术企业认定奖励需要什么材料").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { compactForms, DEFAULT_INTENTS_DIR, FIELD_INTENTS, loadIntents } from './intents';

export const DiscoveryExamples = z.strictObject({
  $comment: z.string().optional(),
  positive: z.array(z.string().trim().min(1)).min(10),
  negative: z.array(z.string().trim().min(1)).min(10),
});
export type DiscoveryExamples = z.infer<typeof DiscoveryExamples>;

export const DEFAULT_DISCOVERY_EXAMPLES = join(DEFAULT_INTENTS_DIR, 'policy-discovery', 'examples.json');

/**
 * The examples of the file, with the training utterances of every intent that is not a field
 * question (small talk, complaints, greetings, 转人工, …) added as negatives: they are known not to
 * ask which policies fit, and without them a message the written negatives do not resemble ("路灯坏了
 * 一个星期了", "推荐一部好看的电影") was decided by a pair or two it happened to share with the positives.
 * Field questions ("有什么条件") stay out: they share their words with real discovery requests.
 */
export function loadDiscoveryExamples(file: string = DEFAULT_DISCOVERY_EXAMPLES, intentsDir: string = DEFAULT_INTENTS_DIR): DiscoveryExamples {
  const examples = DiscoveryExamples.parse(JSON.parse(readFileSync(file, 'utf8')));
  const others = loadIntents(intentsDir)
    .filter((d) => !(d.name in FIELD_INTENTS))
    .flatMap((d) => d.examples ?? []);
  return { ...examples, negative: [...examples.negative, ...others] };
}

/** What the classifier learns from a knowledge-base entry: its names; a policy's also guard discovery. */
export interface NamedEntry {
  kind: 'item' | 'policy' | 'faq';
  title: string;
  aliases?: readonly string[];
}

/** The questions asked about a named policy: negatives, whatever words they share with discovery. */
const NAMED_QUESTIONS = ['{name}', '{name}需要什么材料', '{name}有什么条件', '{name}怎么申请'];

/** Names shorter than this are words, not names ("补贴"): they do not stop a discovery request. */
const MIN_NAME_CHARS = 4;

function features(text: string): string[] {
  const chars = Array.from(compactForms(text).bare);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

export interface DiscoveryClassifier {
  /** Log-odds that the text is a discovery request (> 0: it is). */
  score(text: string): number;
  isDiscovery(text: string): boolean;
}

export function createDiscoveryClassifier(examples: DiscoveryExamples, entries: readonly NamedEntry[]): DiscoveryClassifier {
  const names = entries
    .filter((e) => e.kind === 'policy')
    .flatMap((p) => [p.title, ...(p.aliases ?? [])])
    .map((n) => compactForms(n).compact)
    .filter((n) => Array.from(n).length >= MIN_NAME_CHARS);
  // Three classes: discovery, a named entry asked about (generated), anything else (written). Kept
  // apart, the many generated questions do not drown what the written negatives teach.
  const named: string[] = [];
  for (const e of entries)
    for (const name of [e.title, ...(e.aliases ?? [])]) for (const q of NAMED_QUESTIONS) named.push(q.replace('{name}', name));

  const count = (texts: readonly string[]) => {
    const counts = new Map<string, number>();
    let total = 0;
    for (const t of texts)
      for (const f of features(t)) {
        counts.set(f, (counts.get(f) ?? 0) + 1);
        total++;
      }
    return { counts, total };
  };
  const [pos, ...others] = [count(examples.positive), count(named), count(examples.negative)] as const;
  const vocabulary = new Set([pos, ...others].flatMap((c) => [...c.counts.keys()]));
  const V = vocabulary.size + 1;
  // Laplace smoothing; the classes weighed alike (equal priors).
  const logP = (c: { counts: Map<string, number>; total: number }, f: string) => Math.log(((c.counts.get(f) ?? 0) + 1) / (c.total + V));

  /** Discovery's log-likelihood minus the best other class's. */
  const score = (text: string): number => {
    // A feature no class has seen says nothing.
    const fs = features(text).filter((f) => vocabulary.has(f));
    const ll = (c: typeof pos) => fs.reduce((s, f) => s + logP(c, f), 0);
    return ll(pos) - Math.max(...others.map(ll));
  };
  return {
    score,
    isDiscovery(text) {
      const { compact } = compactForms(text);
      if (!compact || Array.from(compact).length > 60) return false;
      if (names.some((n) => compact.includes(n))) return false;
      return score(text) > 0;
    },
  };
}
