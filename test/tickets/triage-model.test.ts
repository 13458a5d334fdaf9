/**
 * Triage with a learned model (src/classifier) beside the routing table: the model names the
 * category when no keyword rule decides and the table routes it; a specific keyword rule stays the
 * editors' override; an unsure model sends the demand to a person (待研判); the same text and model
 * version always give the same triage (test/kb-store/triage-model-live.test.ts shows the hotline
 * preview and the filed ticket agree over HTTP).
 */
import { join } from 'node:path';
import { TriageClassifier } from '../../src/classifier';
import { compileRouting, loadRouting, triage } from '../../src/tickets';
import { hasHotlineData, hotlineMessages, smallModel } from '../support/triage-model';

const file = loadRouting(join(__dirname, '../../knowledge-base/routing.json')).file;

(hasHotlineData ? describe : describe.skip)('triage with a learned model', () => {
  let model: TriageClassifier;
  let table: ReturnType<typeof compileRouting>;
  beforeAll(() => {
    model = new TriageClassifier(smallModel());
    table = compileRouting(file, model);
  });

  it('routes a demand no keyword rule knows by the model and the table’s category route', () => {
    const summary = '孩子学校老师课后乱收补课费，一学期要交两千多，家长都不敢说';
    expect(triage({ summary }, compileRouting(file)).reasons[0]!.code).toBe('no_rule_matched');
    const t = triage({ summary }, table);
    expect(t.category.level1).toBe('教育文体');
    expect(t.department).toBe('市教育局');
    expect(t.reasons.find((r) => r.aspect === 'category')).toEqual(expect.objectContaining({ code: 'model_category' }));
    expect(t.model).toEqual(expect.objectContaining({ version: model.version, category: '教育文体' }));
    expect(t.model!.evidence.some((w) => summary.includes(w))).toBe(true);
    expect(t.review).toBeUndefined();
  });

  it('leaves the decision to a specific keyword rule, the editors’ override', () => {
    const t = triage({ summary: '公司拖欠我们三个月工资' }, table);
    expect(t.reasons.find((r) => r.aspect === 'category')!.code).toBe('keyword_match');
    expect(t.department).toBe('市人力资源和社会保障局');
    expect(t.model?.category).toBe('劳动和社会保障');
  });

  it('sends a demand the model is unsure of, and no rule decides, to a person (待研判)', () => {
    const unsure = hotlineMessages()
      .filter((_, i) => i % 4 === 1)
      .map((m) => m.text.slice(0, 200))
      .find((text) => model.classify(text).category.review && triage({ summary: text }, compileRouting(file)).reasons[0]!.code === 'no_rule_matched');
    expect(unsure).toBeDefined();
    const t = triage({ summary: unsure! }, table);
    expect(t.review).toBe(true);
    expect(t.department).toBe(file.fallback.department);
    expect(t.reasons.map((r) => r.code)).toContain('needs_review');
  });

  it('gives the same triage for the same text and model version', () => {
    const text = '学校周边的商铺油烟太大，排放的污水流进了河里';
    const again = compileRouting(file, new TriageClassifier(smallModel()));
    expect(triage({ summary: text }, again)).toEqual(triage({ summary: text }, table));
  });
});
