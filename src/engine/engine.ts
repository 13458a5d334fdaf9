/**
 * The engine: normalise → signals → retrieve → detect field → decide → compose.
 * Pure and synchronous: no HTTP, Botkit, Redis or clock, so every channel can call it.
 */
import { entryTitle, type Entry, type KnowledgeBase } from '../kb';
import { calibrate, confidenceFrom, DECISION, MODEL_INPUTS } from './calibration';
import { answerBody, composeAnswer } from './compose';
import { decide, type Verdict } from './decide';
import { decisionFeatures, entryHas, FEATURE_NAMES, retrieval, unseenShare } from './decision-features';
import { detectFields, fieldForKind } from './detect-field';
import { buildFamilies } from './families';
import { isFragment, KbIndex } from './kb-index';
import { choiceLabels, resolveFamily } from './look-alikes';
import { CLARIFY_TEXT, CONFIRM_TEXT, HANDOFF_TEXT, SAME_ANSWER_TEXT } from './messages';
import { queryTokens, retrieve, type Scored } from './retrieve';
import { convertScript } from '../zh';
import { detectSignals, isJunk } from './signals';
import { STOPWORDS } from './stopwords';
import { normalise } from './text';
import { TypoRepair } from './typo-repair';
import type { AskOptions, CalibrationSummary, Candidate, Decision, Engine, Field, HandoffReason, Script } from './types';
import { LRUCache } from 'lru-cache';

/** Longer than any real question: a paste of a document or a flood, not something to answer. */
export const MAX_QUESTION_CHARS = 1000;

/** Words that open a follow-up ("那要多久？", "那个呢"): it refers back to the previous entry. */
const FOLLOW_UP_OPENER = /^(那|那么|这个|那个|它|这|还有|另外|再问)/;

/** Verbs that name no subject: "在哪办" asks about the previous entry. */
const GENERIC_VERBS: ReadonlySet<string> = new Set(['办', '办理', '去', '弄', '搞', '申请', '交', '提交', '做', '拿', '领']);

/** Characters that name nothing: single-character stopwords and generic verbs, and question words. */
const FUNCTION_CHARS: ReadonlySet<string> = new Set([
  ...[...STOPWORDS, ...GENERIC_VERBS].filter((w) => Array.from(w).length === 1),
  ...'哪啥咋么吗呢多久',
]);

/** A word that names a subject: not a cue or fragment, not a generic verb, not made of function characters only ("那要", "哪办"). */
function namesSomething(q: { token: string; cue: boolean }): boolean {
  if (q.cue || isFragment(q.token) || GENERIC_VERBS.has(q.token)) return false;
  return Array.from(q.token).some((c) => !FUNCTION_CHARS.has(c));
}

/** Continuing the previous entry is as sure as the turn that chose it; this marks it as inferred. */
const CONTEXT_CONFIDENCE = 0.9;

/**
 * A follow-up may name a detail of the previous entry ("那个要带身份证吗"); when more than this
 * share of its words are not in that entry, it is about something else.
 */
const FOLLOW_UP_FOREIGN_SHARE = 1 / 3;

/** Where the share of the question's subject words the best entry lacks sits among the features. */
const MISSED_SHARE = FEATURE_NAMES.indexOf('missedShare');

/** Look-alikes offered to choose from at most (a matter can have a dozen sub-items). */
const MAX_FAMILY_CHOICES = 10;

/** How-to questions about complaint channels or progress checks can be FAQ entries. */
const HOW_TO = /(怎么(投诉|举报|反映|查询|查|申诉)|如何|去哪|到哪|在哪|哪里|电话|热线|渠道|方式|流程|途径)/;

export interface EngineOptions {
  /**
   * How many questions' analyses (normalisation, signals, retrieval, fields: everything that depends
   * on the text alone) are kept for when the same text comes again; 0 keeps none. Default 10,000
   * (about 20 MB when full). Enterprises ask the same things again and again.
   */
  cacheSize?: number;
  /** Pseudo-questions asked to calibrate the decision (calibration.ts); default 500. */
  calibrationQuestions?: number;
}

export const DEFAULT_CACHE_SIZE = 10_000;

/** What the decision settled on, with look-alikes resolved: entries are indexes into the knowledge base. */
type Outcome =
  | { kind: 'answer'; entry: number; alsoFor: readonly number[]; confidence: number }
  | { kind: 'clarify'; options: readonly number[]; confidence: number }
  | { kind: 'handoff'; reason: HandoffReason; confidence: number };

/** What ask() derives from the text alone: cached per text, then applied to each call's options. */
type Analysis =
  | { kind: 'early'; written: Script; reason: HandoffReason }
  | {
      kind: 'scored';
      written: Script;
      candidates: readonly Candidate[];
      /** The field asked, ignoring words of the best entry's own names. */
      asked: Field | undefined;
      /** The field asked, for a follow-up (the best entry is not the subject then). */
      askedPlain: Field | undefined;
      /** The words that name a subject (not cues, fragments or generic verbs): a follow-up's test. */
      content: readonly { token: string; weight: number }[];
      /** The text asks a field or opens like a follow-up (那…, 这个…). */
      followUpCue: boolean;
      outcome: Outcome;
    };

export function createEngine(kb: KnowledgeBase, options: EngineOptions = {}): Engine {
  const index = new KbIndex(kb);
  const families = buildFamilies(kb.entries);
  const typos = new TypoRepair(index);
  const calibration = calibrate(index, families, { questions: options.calibrationQuestions });
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const cache = cacheSize > 0 ? new LRUCache<string, Analysis>({ max: cacheSize }) : undefined;

  const toCandidate = (entry: number, score: number, label?: string): Candidate => {
    const e = index.entries[entry]!;
    // Frozen: cached analyses share their candidates with every decision made from them.
    return Object.freeze({
      entryId: e.id,
      kind: e.kind,
      title: entryTitle(e),
      department: e.department,
      score: round(score),
      ...(label !== undefined && label !== entryTitle(e) ? { label } : {}),
    });
  };

  /** Choices that read differently: look-alikes get their department or what else tells them apart. */
  const choices = (entries: readonly number[], scoreOf: (entry: number) => number): Candidate[] => {
    const labels = choiceLabels(entries.map((e) => index.entries[e]!));
    return entries.map((e, i) => toCandidate(e, scoreOf(e), labels[i]));
  };

  /**
   * Settles a verdict on entries: the best family's member the question points to, one answer for
   * look-alikes that say the same, or a choice among them when they differ.
   */
  function settle(verdict: Verdict, norm: string, scored: readonly Scored[], asked: Field | undefined): Outcome {
    if (verdict.kind === 'handoff') return verdict;
    const order = scored.map((s) => s.entry);
    const pointed = (s: Scored) => resolveFamily(index, families, families.of[s.entry]!, norm, order);
    if (verdict.kind === 'clarify') return { kind: 'clarify', options: verdict.options.map((s) => pointed(s)[0]!), confidence: verdict.confidence };
    const members = pointed(verdict.best);
    if (members.length === 1) return { kind: 'answer', entry: members[0]!, alsoFor: [], confidence: verdict.confidence };
    const first = index.entries[members[0]!]!;
    const field = fieldForKind(asked, first.kind);
    const body = answerBody(first, field, norm);
    const same = body !== undefined && members.every((m) => answerBody(index.entries[m]!, field, norm) === body);
    if (same) return { kind: 'answer', entry: members[0]!, alsoFor: members.slice(1), confidence: verdict.confidence };
    return { kind: 'clarify', options: members.slice(0, MAX_FAMILY_CHOICES), confidence: verdict.confidence };
  }

  function analyse(text: string): Analysis {
    const { text: typed, script: written } = normalise(text.slice(0, MAX_QUESTION_CHARS * 2));
    if (!typed) return { kind: 'early', written, reason: text.trim() ? 'invalid_input' : 'empty' };
    if (text.length > MAX_QUESTION_CHARS || isJunk(text, typed)) return { kind: 'early', written, reason: 'invalid_input' };
    const norm = typos.repair(typed);

    const signals = detectSignals(norm);
    const hard = signals.find((s) => s.reason === 'prompt_injection' || s.reason === 'asked_for_person');
    if (hard) return { kind: 'early', written, reason: hard.reason };

    const { query, scored, folded } = retrieval(index, families, norm);
    const best = folded[0];
    const features = decisionFeatures(index, folded, query, unseenShare(index, query, families));
    const confidence = best ? confidenceFrom(calibration, features) : 0;
    const verdict = decide(folded, confidence, 1 - features[MISSED_SHARE]!);
    // Words of the best entry's own names are not cues or signals: 价格 in 价格争议调解, 投诉 in 政府采购投诉处理.
    const bestEntry = best ? index.entries[best.entry] : undefined;
    const bestNames = best ? index.entryNames[best.entry]! : '';
    // FAQ questions are questions, not names: their question words (去哪里, 多久) are not a subject.
    const asked = detectFields(norm, bestEntry?.kind === 'faq' ? undefined : bestNames).fields[0];
    // For a follow-up the best entry is not the subject, so its names exclude nothing.
    const askedPlain = detectFields(norm).fields[0];
    let outcome = settle(verdict, norm, scored, asked);

    const soft = signals.find((s) => s.reason !== 'prompt_injection' && s.reason !== 'asked_for_person');
    if (soft) {
      // The signal word may be the subject itself (政府采购投诉处理), or the user may ask how to
      // complain or where to check progress; "我要投诉她" or "我的申请怎么不见了" is for a person.
      const ownSubject = bestNames.includes(soft.match);
      const asksHow = soft.reason !== 'specific_case' && HOW_TO.test(norm) && (best?.questionCoverage ?? 0) >= 0.7;
      const answerable = (ownSubject || asksHow) && outcome.kind === 'answer';
      if (!answerable) outcome = { kind: 'handoff', reason: soft.reason, confidence };
    }

    const scoreOf = new Map(scored.map((s) => [s.entry, s.score]));
    const candidates = Object.freeze(
      outcome.kind === 'clarify'
        ? choices(outcome.options, (e) => scoreOf.get(e) ?? 0)
        : folded.slice(0, 5).map((s, i) => toCandidate(i === 0 && outcome.kind === 'answer' ? outcome.entry : s.entry, s.score)),
    );
    const content = query.filter(namesSomething).map((q) => ({ token: q.token, weight: q.weight }));
    return { kind: 'scored', written, candidates, asked, askedPlain, content, followUpCue: askedPlain !== undefined || FOLLOW_UP_OPENER.test(norm), outcome };
  }

  let hits = 0;
  let misses = 0;
  function analysisOf(text: string): Analysis {
    let analysis = cache?.get(text);
    if (analysis) hits++;
    else {
      misses++;
      analysis = analyse(text);
      cache?.set(text, analysis);
    }
    return analysis;
  }

  /**
   * A turn continues the previous entry only when it cannot stand alone: it asks a field or opens
   * like a follow-up, and names nothing that entry lacks (its words are the entry's own, or there
   * are none). A question that names another matter, or that the engine can answer confidently
   * with another entry, is answered fresh.
   */
  function continues(analysis: Extract<Analysis, { kind: 'scored' }>, contextEntry: number): boolean {
    if (!analysis.followUpCue) return false;
    const { outcome, content } = analysis;
    // Another entry answered with confidence, on words of its own: a question that stands alone.
    if (outcome.kind === 'answer' && content.length > 0 && families.of[outcome.entry] !== families.of[contextEntry]) return false;
    let total = 0;
    let foreign = 0;
    for (const c of content) {
      total += c.weight;
      if (!entryHas(index, c.token, contextEntry)) foreign += c.weight;
    }
    return total === 0 || foreign <= total * FOLLOW_UP_FOREIGN_SHARE;
  }

  function ask(raw: string, options: AskOptions = {}): Decision {
    const text = typeof raw === 'string' ? raw : '';
    const analysis = analysisOf(text);
    const script: Script = options.script ?? analysis.written;
    // Keys in the order decisions have always had (API responses and stored dumps compare as text).
    const handoff = (reason: HandoffReason, confidence = 0, candidates: readonly Candidate[] = [], field: Field | null = null): Decision => ({
      candidates: candidates as Candidate[],
      field,
      script,
      kind: 'handoff',
      reason,
      confidence: round(confidence),
      text: convertScript(HANDOFF_TEXT[reason], script),
    });

    if (analysis.kind === 'early') return handoff(analysis.reason);
    const { candidates, asked, askedPlain, outcome } = analysis;

    // A follow-up that names no entry of its own continues the entry of the previous turn.
    // A complaint or the user's own case stays with a person whatever came before.
    const contextEntry = options.context?.entryId ? index.byId.get(options.context.entryId) : undefined;
    if (contextEntry !== undefined && isFollowUp(text, options.context!.entryId!)) {
      const entry = index.entries[contextEntry]!;
      const field = fieldForKind(askedPlain ?? options.context?.field, entry.kind);
      return answer(entry, field, CONTEXT_CONFIDENCE, candidates, text, script, []);
    }

    switch (outcome.kind) {
      case 'handoff':
        return handoff(outcome.reason, outcome.confidence, candidates, asked ?? null);
      case 'clarify': {
        const list = candidates.map((c, i) => `${i + 1}. ${c.label ?? c.title}`).join('\n');
        return {
          candidates: candidates as Candidate[],
          field: asked ?? null,
          script,
          kind: 'clarify',
          confidence: round(outcome.confidence),
          text: convertScript(`${candidates.length === 1 ? CONFIRM_TEXT : CLARIFY_TEXT}\n${list}`, script),
        };
      }
      case 'answer': {
        const entry = index.entries[outcome.entry]!;
        return answer(entry, fieldForKind(asked, entry.kind), outcome.confidence, candidates, text, script, outcome.alsoFor);
      }
    }
  }

  function answer(entry: Entry, field: Field, confidence: number, candidates: readonly Candidate[], question: string, script: Script, alsoFor: readonly number[]): Decision {
    const composed = composeAnswer(entry, field, question);
    let text = composed.text;
    if (alsoFor.length) {
      const group = [entry, ...alsoFor.map((m) => index.entries[m]!)];
      const labels = choiceLabels(group).slice(1);
      // Said before the citation, which names the one entry the text was taken from.
      const cut = text.lastIndexOf('\n来源：');
      const note = SAME_ANSWER_TEXT(labels);
      text = cut >= 0 ? `${text.slice(0, cut)}\n${note}${text.slice(cut)}` : `${text}\n${note}`;
    }
    return {
      kind: 'answer',
      entryId: entry.id,
      field,
      confidence: round(confidence),
      candidates: candidates as Candidate[],
      script,
      text: convertScript(text, script),
      source: {
        entryId: entry.id,
        kind: entry.kind,
        title: entryTitle(entry),
        department: entry.department,
        source: entry.source,
      },
      ...(alsoFor.length ? { alsoFor: alsoFor.map((m) => index.entries[m]!.id) } : {}),
    };
  }

  function suggest(raw: string, limit = 5): Candidate[] {
    const norm = typos.repair(normalise(String(raw ?? '').slice(0, MAX_QUESTION_CHARS)).text);
    if (!norm) return [];
    const { cueSpans } = detectFields(norm);
    return retrieve(index, queryTokens(index, norm, cueSpans), limit).map((s) => toCandidate(s.entry, s.score));
  }

  const summary: CalibrationSummary = Object.freeze({
    pseudoQuestions: calibration.stats.questions,
    rankedFirst: calibration.stats.questions ? round(calibration.stats.rankedFirst / calibration.stats.questions) : 0,
    separation: round(calibration.stats.separation),
    thresholds: { answer: DECISION.answer, clarify: DECISION.clarify },
    weights: Object.fromEntries(MODEL_INPUTS.map((name, i) => [name, round(calibration.weights[i] ?? 0)])),
    milliseconds: calibration.stats.milliseconds,
  });

  function isFollowUp(raw: string, entryId: string): boolean {
    const contextEntry = index.byId.get(entryId);
    const analysis = analysisOf(typeof raw === 'string' ? raw : '');
    if (contextEntry === undefined || analysis.kind !== 'scored') return false;
    const { outcome } = analysis;
    const signalled = outcome.kind === 'handoff' && outcome.reason !== 'low_confidence' && outcome.reason !== 'out_of_scope';
    return !signalled && continues(analysis, contextEntry);
  }

  /** Words (not fragments, stopwords or single characters) that some entry of the knowledge base uses. */
  const vocabulary = (text: string): string[] =>
    index
      .tokensOfNormalised(normalise(text.slice(0, MAX_QUESTION_CHARS)).text)
      .filter((t) => !isFragment(t) && Array.from(t).length > 1 && !STOPWORDS.has(t) && index.knows(t));

  return {
    ask,
    suggest,
    isFollowUp,
    vocabulary,
    entry: (id) => {
      const i = index.byId.get(id);
      return i === undefined ? undefined : index.entries[i];
    },
    size: index.entries.length,
    calibration: summary,
    cacheStats: () => ({ cached: cache?.size ?? 0, hits, misses }),
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
