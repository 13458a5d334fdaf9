/**
 * The policy dialog's question chooser (src/policies/chooser.ts): the time to choose each question
 * of whole dialogs, answers drawn from each question's own possible answers with a fixed seed, over
 * the sample knowledge base's policies and over 2,000 generated ones (the policies section's
 * generator). A dialog asks at most five questions; each is chosen once per turn.
 */
import { join } from 'node:path';
import { loadKnowledgeBase } from '../../src/kb';
import { chooseQuestion, withAnswer, type AskableFact, type AssessablePolicy, type Knowledge } from '../../src/policies';
import { seededRandom } from '../../src/util/random';
import { check, type Section } from '../lib/section';
import { median, ms, percentile } from '../lib/stats';
import { generatePolicy } from './policies';

export const TARGETS = { sampleP99Ms: 200 };
const DIALOGS = 30;
const GENERATED = 2000;
const DISTRICTS = ['东城区', '西城区', '南湖区', '示例区', '示例高新技术产业开发区', '青溪县', '临江县', '市本级'];

function dialogs(policies: readonly AssessablePolicy[], count: number, seed: number): { times: number[]; questions: number[] } {
  const rand = seededRandom(seed);
  const times: number[] = [];
  const questions: number[] = [];
  for (let d = 0; d < count; d++) {
    let k: Knowledge = {};
    const asked: AskableFact[] = [];
    for (;;) {
      const t0 = performance.now();
      const q = chooseQuestion(policies, k, { asked, districts: DISTRICTS });
      times.push(performance.now() - t0);
      if (!q) break;
      asked.push(q.fact);
      // One in five skipped, else one of the possible answers.
      if (rand() >= 0.2) k = withAnswer(k, q.options[Math.floor(rand() * q.options.length)]!);
    }
    questions.push(asked.length);
  }
  return { times, questions };
}

export const policyDialogSection: Section = {
  name: 'policy-dialog',
  async run() {
    const kb = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));
    const sample = kb.entries.flatMap((e) => (e.kind === 'policy' ? [{ id: e.id, rules: e.rules }] : []));
    dialogs(sample, 3, 1);
    const small = dialogs(sample, DIALOGS, 20261205);
    const rand = seededRandom(20261204);
    const generated = Array.from({ length: GENERATED }, (_, i) => generatePolicy(rand, i));
    const large = dialogs(generated, 5, 20261205);
    const row = (label: string, r: { times: number[]; questions: number[] }, n: number): [string, string] => [
      `${label}: per question p50 / p99 / max`,
      `${ms(median(r.times))} / ${ms(percentile(r.times, 99))} / ${ms(Math.max(...r.times))} (${n} dialogs, ${r.times.length} choices, at most ${Math.max(...r.questions)} questions)`,
    ];
    return {
      name: 'policy-dialog',
      rows: [row(`sample knowledge base, ${sample.length} policies`, small, DIALOGS), row(`${GENERATED} generated policies`, large, 5)],
      checks: [check('question choice p99 (sample knowledge base)', percentile(small.times, 99), 'ms', TARGETS.sampleP99Ms)],
      data: { samplePolicies: sample.length, sampleP50Ms: median(small.times), sampleP99Ms: percentile(small.times, 99), generatedP50Ms: median(large.times), generatedP99Ms: percentile(large.times, 99) },
    };
  },
};
