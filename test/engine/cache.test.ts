/**
 * The engine keeps each question's analysis for when the same text comes again: the cache must be
 * invisible in every decision, whatever the context and script of the call.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type AskOptions } from '../../src/engine';
import { loadKnowledgeBase } from '../../src/kb/load';

const kb = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));
const questions = ['sample.jsonl', 'handoff.jsonl'].flatMap((file) =>
  readFileSync(join(__dirname, '../eval', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { text: string }).text),
);
const calls: AskOptions[] = [
  {},
  { context: { entryId: 'item-drug-retail', field: 'materials' } },
  { script: 'traditional' },
  { context: { entryId: 'item-company-registration' }, script: 'simplified' },
];

describe('analysis cache', () => {
  const cached = createEngine(kb);
  const uncached = createEngine(kb, { cacheSize: 0 });

  it('answers exactly as an engine without a cache, first time and again, in every context', () => {
    expect(questions.length).toBeGreaterThan(400);
    for (let round = 0; round < 2; round++) {
      for (const q of questions) {
        for (const options of calls) expect(cached.ask(q, options)).toEqual(uncached.ask(q, options));
      }
    }
  });

  it('hands out candidates nobody can change under another caller', () => {
    const decision = cached.ask('开药店要什么材料');
    expect(decision.candidates.length).toBeGreaterThan(0);
    expect(() => decision.candidates.push(decision.candidates[0]!)).toThrow(TypeError);
    expect(() => {
      (decision.candidates[0] as { score: number }).score = 0;
    }).toThrow(TypeError);
    expect(cached.ask('开药店要什么材料')).toEqual(uncached.ask('开药店要什么材料'));
  });
});
