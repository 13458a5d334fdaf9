/**
 * The optional semantic layer: when the lexical engine hands a question off for want of a match
 * (low_confidence, out_of_scope), the question's embedding is compared with the embeddings of every
 * entry's names. A close, clear match is answered from that entry (the same composed text as any
 * answer: nothing is generated), a close but ambiguous one becomes a clarify question, anything else
 * keeps the engine's hand-off. Paraphrases that share no words with the catalogue ("借一万一天多少
 * 利息" against "10000元一天多少利息") are what it is for.
 *
 * Questions are sent masked (phone, ID and credit-code numbers), as they are logged and recorded.
 * It never overrides a hand-off the engine made for a reason (a complaint, a person asked for, a
 * specific case, an injection attempt, bad input), never blocks a turn for longer than the
 * embedder's timeout, and stops asking an endpoint that keeps failing (a breaker) until it recovers.
 * Until the knowledge base is embedded (in the background, after start and after each publish) it
 * does nothing.
 */
import { z } from 'zod';
import {
  CLARIFY_TEXT,
  composeAnswer,
  convertScript,
  fieldForKind,
  type AnswerDecision,
  type Candidate,
  type ClarifyDecision,
  type Decision,
  type Engine,
  type HandoffReason,
} from '../engine';
import { entryTitle, type Entry, type KnowledgeBase } from '../kb';
import { silentLogger, type Logger } from '../log';
import { maskPersonalData } from '../privacy';
import type { Embedder } from './embedder';
import { embeddingKey, type EmbeddingCache } from './embedding-cache';
import { surfacesOf, VectorIndex, type Neighbour } from './vector-index';

/** Similarity thresholds (cosine of unit vectors). Calibrate per model with `npm run eval -- --llm`. */
export interface SemanticThresholds {
  /** At or above: answered, if clear of the runner-up by `margin`. */
  answer: number;
  margin: number;
  /** At or above (and below an answer): offered in a clarify question. */
  clarify: number;
}

export const DEFAULT_THRESHOLDS: SemanticThresholds = { answer: 0.8, margin: 0.05, clarify: 0.65 };

/** The engine's hand-offs for want of a match: the only ones a semantic match may replace. */
export const REFINABLE: ReadonlySet<HandoffReason> = new Set(['low_confidence', 'out_of_scope']);

const CLARIFY_OPTIONS = 4;
/** The question as embedded: its end, where the ask is (as the operator suggestions do). */
const QUESTION_MAX_CHARS = 500;

/** A decision, and whether it came from the semantic layer rather than the lexical engine. */
export type RefinedDecision = Decision & { retrieval?: 'embedding' };

export const SemanticState = z.enum(['building', 'ready', 'failed']);
export type SemanticState = z.infer<typeof SemanticState>;

export const SemanticStatus = z.object({
  model: z.string(),
  state: SemanticState,
  /** Names embedded in the index being served (0 until the first build). */
  surfaces: z.number().int(),
  /** Whether the breaker has stopped calls to the endpoint for now. */
  breakerOpen: z.boolean(),
});
export type SemanticStatus = z.infer<typeof SemanticStatus>;

export interface SemanticNeighbour {
  entry: Entry;
  /** Cosine similarity of the question and the entry's closest name. */
  similarity: number;
}

export interface SemanticLayer {
  refine(question: string, decision: Decision): Promise<RefinedDecision>;
  /**
   * Entries close to the question (at least the clarify threshold), best first: for the operator's
   * suggestions. [] while the layer cannot tell (not built, endpoint failing).
   */
  nearest(question: string, k: number): Promise<SemanticNeighbour[]>;
  status(): SemanticStatus;
  /** Resolves when the current knowledge base is indexed (or failed to be): tests and start-up logs. */
  ready(): Promise<void>;
  close(): void;
}

export interface SemanticLayerOptions {
  /** The knowledge base being served; a new object (a publish) is indexed anew. */
  kb: () => KnowledgeBase;
  engine: () => Engine;
  embedder: Embedder;
  cache: EmbeddingCache;
  thresholds?: Partial<SemanticThresholds>;
  /** How long one question's embedding may take. */
  timeoutMs: number;
  /** Consecutive failures that open the breaker (default 3), and for how long (default 30 s). */
  breaker?: { failures?: number; openMs?: number };
  log?: Logger;
  now?: () => number;
}

export function createSemanticLayer(opts: SemanticLayerOptions): SemanticLayer {
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? Date.now;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...opts.thresholds };
  const breakAfter = opts.breaker?.failures ?? 3;
  const openMs = opts.breaker?.openMs ?? 30_000;
  const model = opts.embedder.model;

  let index: VectorIndex | undefined;
  let indexedKb: KnowledgeBase | undefined;
  /** A knowledge base whose build failed, and when it may be tried again. */
  let failedKb: KnowledgeBase | undefined;
  let retryAt = 0;
  let building: Promise<void> = Promise.resolve();
  let state: SemanticState = 'building';
  let failures = 0;
  let openUntil = 0;
  let closed = false;
  /** Aborts a build in progress on close. */
  const stop = new AbortController();

  const breakerOpen = () => now() < openUntil;
  function failed(err: unknown, what: string): void {
    failures++;
    if (failures >= breakAfter && !breakerOpen()) {
      openUntil = now() + openMs;
      log.warn('embedding endpoint failing: semantic matching paused', { what, failures, pauseMs: openMs, err });
    }
  }
  const succeeded = () => {
    failures = 0;
  };

  /** Embeds the names not in the cache yet, then swaps the index in. */
  async function build(kb: KnowledgeBase): Promise<void> {
    const surfaces = surfacesOf(kb.entries);
    const keys = surfaces.map((s) => embeddingKey(model, s.text));
    const vectors = await opts.cache.get(keys);
    const missing = surfaces.flatMap((s, i) => (vectors[i] ? [] : [i]));
    if (missing.length > 0) {
      const fresh = await opts.embedder.embed(missing.map((i) => surfaces[i]!.text), stop.signal);
      missing.forEach((surfaceIndex, j) => (vectors[surfaceIndex] = fresh[j]!));
      succeeded();
      await opts.cache.put(missing.map((surfaceIndex, j) => ({ key: keys[surfaceIndex]!, vector: fresh[j]! })));
    }
    if (closed || opts.kb() !== kb) return; // a newer knowledge base is being built
    index = new VectorIndex(surfaces, vectors as Float32Array[]);
    state = 'ready';
    failedKb = undefined;
    log.info('knowledge base embedded', { model, entries: kb.entries.length, names: surfaces.length, embeddedNow: missing.length });
  }

  /** Starts indexing the knowledge base being served, if it is not the one indexed or being indexed. */
  function follow(): void {
    const kb = opts.kb();
    if (closed || (kb === indexedKb && (kb !== failedKb || now() < retryAt))) return;
    indexedKb = kb;
    if (!index) state = 'building';
    building = build(kb).catch((err: unknown) => {
      if (closed) return;
      // Tried again at the next publish, or after a pause by the next question.
      if (!index) state = 'failed';
      failedKb = kb;
      retryAt = now() + openMs;
      failed(err, 'knowledge base');
      log.warn('knowledge base not embedded: semantic matching unavailable until it is', { model, err });
    });
  }

  async function embedQuestion(question: string): Promise<Float32Array | undefined> {
    try {
      // Masked: the endpoint may be a third party's, and a phone or ID number says nothing of the topic.
      const text = maskPersonalData(question.slice(-QUESTION_MAX_CHARS));
      const [vector] = await opts.embedder.embed([text], AbortSignal.timeout(opts.timeoutMs));
      succeeded();
      return vector;
    } catch (err) {
      failed(err, 'question');
      return undefined;
    }
  }

  const candidateOf = (entry: Entry, similarity: number): Candidate => ({
    entryId: entry.id,
    kind: entry.kind,
    title: entryTitle(entry),
    ...(entry.department ? { department: entry.department } : {}),
    score: Math.round(similarity * 1000) / 1000,
  });

  /** The entries closest to the question, still in the served knowledge base; undefined when the layer cannot tell. */
  async function neighbours(question: string, k: number): Promise<SemanticNeighbour[] | undefined> {
    follow();
    if (!index || breakerOpen()) return undefined;
    const vector = await embedQuestion(question);
    if (!vector || vector.length !== index.dimensions) return undefined;
    const engine = opts.engine();
    // The index may predate a publish: entries gone since are not offered.
    return index.nearest(vector, k).flatMap((n: Neighbour) => {
      const entry = engine.entry(n.entryId);
      return entry ? [{ entry, similarity: n.similarity }] : [];
    });
  }

  function decide(question: string, decision: Decision, live: SemanticNeighbour[]): RefinedDecision {
    const [top, second] = live;
    if (!top || top.similarity < thresholds.clarify) return decision;
    const candidates = live.map((n) => candidateOf(n.entry, n.similarity));
    const { script } = decision;
    if (top.similarity >= thresholds.answer && (!second || top.similarity - second.similarity >= thresholds.margin)) {
      const { entry } = top;
      const field = fieldForKind(decision.field ?? undefined, entry.kind);
      const answer: AnswerDecision = {
        kind: 'answer',
        entryId: entry.id,
        field,
        confidence: candidates[0]!.score,
        candidates,
        script,
        text: convertScript(composeAnswer(entry, field, question).text, script),
        source: { entryId: entry.id, kind: entry.kind, title: entryTitle(entry), department: entry.department, source: entry.source },
      };
      return { ...answer, retrieval: 'embedding' };
    }
    const options = candidates.filter((c) => c.score >= thresholds.clarify).slice(0, CLARIFY_OPTIONS);
    if (options.length < 2) return decision;
    const clarify: ClarifyDecision = {
      kind: 'clarify',
      confidence: options[0]!.score,
      candidates: options,
      field: decision.field,
      script,
      text: convertScript(`${CLARIFY_TEXT}\n${options.map((c, i) => `${i + 1}. ${c.title}`).join('\n')}`, script),
    };
    return { ...clarify, retrieval: 'embedding' };
  }

  follow();

  return {
    async refine(question, decision) {
      follow(); // every question, so that a publish is indexed before the next no-match question
      if (decision.kind !== 'handoff' || !REFINABLE.has(decision.reason)) return decision;
      const near = await neighbours(question, CLARIFY_OPTIONS + 1);
      return near ? decide(question, decision, near) : decision;
    },
    async nearest(question, k) {
      return ((await neighbours(question, k)) ?? []).filter((n) => n.similarity >= thresholds.clarify);
    },
    status: () => ({ model, state, surfaces: index?.size ?? 0, breakerOpen: breakerOpen() }),
    async ready() {
      follow();
      await building;
    },
    close() {
      closed = true;
      stop.abort();
    },
  };
}
