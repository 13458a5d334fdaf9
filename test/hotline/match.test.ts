/**
 * 高/中/低 for a suggestion (src/hotline/match.ts): on the engine's own decision cut-offs, the
 * semantic layer's for entries found by meaning, and through suggestAnswers on the sample.
 */
import { join } from 'node:path';
import { createEngine, DECISION } from '../../src/engine';
import { matchLevel, semanticMatchLevel, suggestAnswers, suggestionConfidence, suggestionMatch } from '../../src/hotline';
import { loadKnowledgeBase } from '../../src/kb';
import { DEFAULT_THRESHOLDS } from '../../src/llm';

describe('match levels', () => {
  it('cut the engine\'s confidence where the engine decides: answer → 高, clarify → 中, below → 低', () => {
    expect(matchLevel(DECISION.answer)).toBe('high');
    expect(matchLevel(0.99)).toBe('high');
    expect(matchLevel(DECISION.answer - 0.001)).toBe('medium');
    expect(matchLevel(DECISION.clarify)).toBe('medium');
    expect(matchLevel(DECISION.clarify - 0.001)).toBe('low');
    expect(matchLevel(0)).toBe('low');
  });

  it('give a lower-ranked suggestion the confidence in proportion to its score', () => {
    expect(suggestionConfidence(0.9, 10, 10)).toBe(0.9);
    expect(suggestionConfidence(0.9, 5, 10)).toBe(0.45);
    expect(suggestionConfidence(0.9, 12, 10)).toBe(0.9);
    expect(suggestionConfidence(0.9, 1, 0)).toBe(0);
  });

  it('keep 高 for the entry the engine would answer with', () => {
    expect(suggestionMatch({ kind: 'answer', entryId: 'a', confidence: 0.9 }, 'a', 1, 1)).toBe('high');
    expect(suggestionMatch({ kind: 'answer', entryId: 'a', confidence: 0.9 }, 'b', 1, 1)).toBe('medium');
    expect(suggestionMatch({ kind: 'clarify', confidence: 0.9 }, 'a', 1, 1)).toBe('medium');
    expect(suggestionMatch({ kind: 'handoff', confidence: 0.1 }, 'a', 1, 1)).toBe('low');
  });

  it('cut a cosine at the semantic layer\'s thresholds, as configured', () => {
    expect(semanticMatchLevel(DEFAULT_THRESHOLDS.answer)).toBe('high');
    expect(semanticMatchLevel(DEFAULT_THRESHOLDS.clarify)).toBe('medium');
    expect(semanticMatchLevel(DEFAULT_THRESHOLDS.clarify - 0.01)).toBe('low');
    expect(semanticMatchLevel(0.75, { answer: 0.7, clarify: 0.5 })).toBe('high');
  });

  it('come with every suggestion: a clear question\'s best match is 高, a vague one\'s are not', () => {
    const engine = createEngine(loadKnowledgeBase(join(__dirname, '../../knowledge-base')));
    const clear = suggestAnswers(engine, '开药店要带什么材料');
    expect(clear.decision).toBe('answer');
    expect(clear.suggestions[0]).toMatchObject({ entryId: 'item-drug-retail', match: 'high' });
    // Only the entry the engine answers with is 高; the others are at most 中.
    expect(clear.suggestions.slice(1).map((s) => s.match)).not.toContain('high');
    // The engine would ask which licence is meant: none is 高, however close.
    const ambiguous = suggestAnswers(engine, '营业执照');
    expect(ambiguous.decision).toBe('clarify');
    expect(ambiguous.suggestions.map((s) => s.match)).toEqual(expect.arrayContaining(['medium']));
    expect(ambiguous.suggestions.map((s) => s.match)).not.toContain('high');
    const vague = suggestAnswers(engine, '我想咨询一下');
    expect(vague.suggestions.map((s) => s.match)).not.toContain('high');
  });
});
