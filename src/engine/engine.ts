/**
 * The engine: normalise → signals → retrieve → detect field → decide → compose.
 * Pure and synchronous: no HTTP, Botkit, Redis or clock, so every channel can call it.
 */
import type { Entry, KnowledgeBase } from '../kb/schema';
import { entryTitle } from '../kb/schema';
import { composeAnswer } from './compose';
import { decide, confidenceOf, THRESHOLDS, type Verdict } from './decide';
import { detectFields, fieldForKind } from './detect-field';
import { isFragment, KbIndex } from './kb-index';
import { CLARIFY_TEXT, HANDOFF_TEXT } from './messages';
import { queryTokens, retrieve, type Scored } from './retrieve';
import { convertScript } from './script';
import { detectSignals, isJunk } from './signals';
import { normalise } from './text';
import type { AskOptions, Candidate, Decision, Engine, Field, HandoffReason, Script } from './types';
import { createLru } from '../util/lru';

/** Longer than any real question: a paste of a document or a flood, not something to answer. */
export const MAX_QUESTION_CHARS = 1000;

/** Words that open a follow-up ("那要多久？", "那个呢"): it refers back to the previous entry. */
const FOLLOW_UP_OPENER = /^(那|那么|这个|那个|它|这|还有|另外|再问)/;

/** Verbs that name no subject: "在哪办" asks about the previous entry. */
const GENERIC_VERBS: ReadonlySet<string> = new Set(['办', '办理', '去', '弄', '搞', '申请', '交', '提交', '做', '拿', '领']);

/** Continuing the previous entry is as sure as the turn that chose it; this marks it as inferred. */
const CONTEXT_CONFIDENCE = 0.9;

/** How-to questions about complaint channels or progress checks can be FAQ entries. */
const HOW_TO = /(怎么(投诉|举报|反映|查询|查|申诉)|如何|去哪|到哪|在哪|哪里|电话|热线|渠道|方式|流程|途径)/;

export interface EngineOptions {
  /**
   * How many questions' analyses (normalisation, signals, retrieval, fields: everything that depends
   * on the text alone) are kept for when the same text comes again; 0 keeps none. Default 10,000
   * (about 20 MB when full). Enterprises ask the same things again and again.
   */
  cacheSize?: number;
}

export const DEFAULT_CACHE_SIZE = 10_000;

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
      /** A complaint, own-case question … that the best entry does not answer. */
      softHandoff?: { reason: HandoffReason; confidence: number };
      /** The text names no entry of its own: with a context it continues the previous entry. */
      followUp: boolean;
      verdict: Verdict;
    };

export function createEngine(kb: KnowledgeBase, options: EngineOptions = {}): Engine {
  const index = new KbIndex(kb);
  const cache = createLru<string, Analysis>(options.cacheSize ?? DEFAULT_CACHE_SIZE);

  const toCandidate = (s: Scored): Candidate => {
    const entry = index.entries[s.entry]!;
    // Frozen: cached analyses share their candidates with every decision made from them.
    return Object.freeze({
      entryId: entry.id,
      kind: entry.kind,
      title: entryTitle(entry),
      department: entry.department,
      score: round(s.score),
    });
  };

  function analyse(text: string): Analysis {
    const { text: norm, script: written } = normalise(text.slice(0, MAX_QUESTION_CHARS * 2));
    if (!norm) return { kind: 'early', written, reason: text.trim() ? 'invalid_input' : 'empty' };
    if (text.length > MAX_QUESTION_CHARS || isJunk(text, norm)) return { kind: 'early', written, reason: 'invalid_input' };

    const signals = detectSignals(norm);
    const hard = signals.find((s) => s.reason === 'prompt_injection' || s.reason === 'asked_for_person');
    if (hard) return { kind: 'early', written, reason: hard.reason };

    const query = queryTokens(index, norm, detectFields(norm).cueSpans);
    const scored = retrieve(index, query);
    const candidates = Object.freeze(scored.slice(0, 5).map(toCandidate));
    // Words of the best entry's own names are not cues or signals: 价格 in 价格争议调解, 投诉 in 政府采购投诉处理.
    const bestEntry = scored[0] ? index.entries[scored[0].entry] : undefined;
    const bestNames = scored[0] ? index.entryNames[scored[0].entry]! : '';
    // FAQ questions are questions, not names: their question words (去哪里, 多久) are not a subject.
    const asked = detectFields(norm, bestEntry?.kind === 'faq' ? undefined : bestNames).fields[0];
    // For a follow-up the best entry is not the subject, so its names exclude nothing.
    const askedPlain = detectFields(norm).fields[0];

    let softHandoff: { reason: HandoffReason; confidence: number } | undefined;
    const soft = signals.find((s) => s.reason !== 'prompt_injection' && s.reason !== 'asked_for_person');
    if (soft) {
      // The signal word may be the subject itself (政府采购投诉处理), or the user may ask how to
      // complain or where to check progress; "我要投诉她" or "我的申请怎么不见了" is for a person.
      const best = scored[0];
      const ownSubject = bestNames.includes(soft.match);
      const asksHow = soft.reason !== 'specific_case' && HOW_TO.test(norm) && (best?.questionCoverage ?? 0) >= 0.7;
      const answerable = best && (ownSubject || asksHow) && best.score >= THRESHOLDS.answer;
      if (!answerable) softHandoff = { reason: soft.reason, confidence: confidenceOf(best, scored[1]) };
    }

    return {
      kind: 'scored',
      written,
      candidates,
      asked,
      askedPlain,
      ...(softHandoff ? { softHandoff } : {}),
      followUp: isFollowUp(norm, query, scored, askedPlain),
      verdict: decide(scored),
    };
  }

  let hits = 0;
  let misses = 0;
  function analysisOf(text: string): Analysis {
    let analysis = cache.get(text);
    if (analysis) hits++;
    else {
      misses++;
      cache.set(text, (analysis = analyse(text)));
    }
    return analysis;
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
    const { candidates, asked, askedPlain, softHandoff, verdict } = analysis;
    if (softHandoff) return handoff(softHandoff.reason, softHandoff.confidence, candidates, asked ?? null);

    // A follow-up that names no entry of its own continues the entry of the previous turn.
    const contextEntry = options.context?.entryId ? index.byId.get(options.context.entryId) : undefined;
    if (contextEntry !== undefined && analysis.followUp) {
      const entry = index.entries[contextEntry]!;
      const field = fieldForKind(askedPlain ?? options.context?.field, entry.kind);
      return answer(entry, field, CONTEXT_CONFIDENCE, candidates, text, script);
    }

    switch (verdict.kind) {
      case 'handoff':
        return handoff(verdict.reason, verdict.confidence, candidates, asked ?? null);
      case 'clarify': {
        const options = verdict.options.map(toCandidate);
        const list = options.map((c, i) => `${i + 1}. ${c.title}`).join('\n');
        return {
          candidates: options,
          field: asked ?? null,
          script,
          kind: 'clarify',
          confidence: round(verdict.confidence),
          text: convertScript(`${CLARIFY_TEXT}\n${list}`, script),
        };
      }
      case 'answer': {
        const entry = index.entries[verdict.best.entry]!;
        return answer(entry, fieldForKind(asked, entry.kind), verdict.confidence, candidates, text, script);
      }
    }
  }

  function answer(entry: Entry, field: Field, confidence: number, candidates: readonly Candidate[], question: string, script: Script): Decision {
    const composed = composeAnswer(entry, field, question);
    return {
      kind: 'answer',
      entryId: entry.id,
      field,
      confidence: round(confidence),
      candidates: candidates as Candidate[],
      script,
      text: convertScript(composed.text, script),
      source: {
        entryId: entry.id,
        kind: entry.kind,
        title: entryTitle(entry),
        department: entry.department,
        source: entry.source,
      },
    };
  }

  function isFollowUp(norm: string, query: ReturnType<typeof queryTokens>, scored: Scored[], asked: Field | undefined): boolean {
    if (!asked && !FOLLOW_UP_OPENER.test(norm)) return false;
    const content = query.filter((q) => !q.cue && !isFragment(q.token) && !GENERIC_VERBS.has(q.token));
    const best = scored[0];
    // Nothing but cue words, or nothing that names another entry confidently.
    return content.length === 0 || !best || best.score < THRESHOLDS.answer || best.nameCoverage < 0.5;
  }

  function suggest(raw: string, limit = 5): Candidate[] {
    const { text: norm } = normalise(String(raw ?? '').slice(0, MAX_QUESTION_CHARS));
    if (!norm) return [];
    const { cueSpans } = detectFields(norm);
    return retrieve(index, queryTokens(index, norm, cueSpans), limit).map(toCandidate);
  }

  return {
    ask,
    suggest,
    entry: (id) => {
      const i = index.byId.get(id);
      return i === undefined ? undefined : index.entries[i];
    },
    size: index.entries.length,
    cacheStats: () => ({ cached: cache.size, hits, misses }),
  };
}


function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
