/**
 * A regression guard on the development sets, computed by the same code as `npm run eval`.
 * The floors sit a little under the figures measured when the thresholds were calibrated
 * (docs/engine.md): a change that makes answers worse fails here, not in production.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../src/engine';
import { loadKnowledgeBase } from '../../src/kb';
import { loadCases } from '../../bench/lib/cases';
import { GD_ITEMS_FILE, importGdKb } from '../../bench/lib/kbs';
import { computeMetrics, runSystem } from '../../bench/lib/metrics';
import { engineSystem } from '../../bench/lib/system';

const evalDir = __dirname;
const handoff = loadCases(join(evalDir, 'handoff.jsonl'));

async function measure(engine: ReturnType<typeof createEngine>, caseFile: string) {
  const cases = [...loadCases(join(evalDir, caseFile)), ...handoff];
  const m = computeMetrics(await runSystem(engineSystem('qihu', engine), cases, caseFile, []));
  return {
    top1: m.top1 / m.inScope,
    rank1: m.rank1 / m.inScope,
    wrong: m.wrong / m.cases,
    oosHandoff: m.oosHandoff / m.oos,
    field: m.fieldOk / m.fieldCases,
  };
}

describe('development sets', () => {
  it('sample knowledge base: ranks well, answers safely, hands off what it must', async () => {
    const engine = createEngine(loadKnowledgeBase(join(__dirname, '../../knowledge-base')));
    const m = await measure(engine, 'sample.jsonl');
    expect(m.rank1).toBeGreaterThanOrEqual(0.87);
    expect(m.top1).toBeGreaterThanOrEqual(0.68);
    expect(m.wrong).toBeLessThanOrEqual(0.03);
    expect(m.oosHandoff).toBeGreaterThanOrEqual(0.95);
    expect(m.field).toBeGreaterThanOrEqual(0.93);
  });

  const gd = existsSync(GD_ITEMS_FILE) ? it : it.skip;
  gd('Guangdong catalogue (../shared/data): the same guarantees on 2,262 real items', async () => {
    const engine = createEngine(importGdKb().kb);
    const m = await measure(engine, 'gd-fields.jsonl');
    expect(m.rank1).toBeGreaterThanOrEqual(0.94);
    expect(m.top1).toBeGreaterThanOrEqual(0.78);
    expect(m.wrong).toBeLessThanOrEqual(0.02);
    expect(m.oosHandoff).toBeGreaterThanOrEqual(0.95);
    expect(m.field).toBeGreaterThanOrEqual(0.95);
  });
});
