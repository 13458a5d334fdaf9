/**
 * The triage classifier on real labelled hotline messages (../shared/data): it beats naive Bayes on
 * messages it never saw, is deterministic, survives a round trip through its file, reads
 * traditional script as simplified, explains itself with words of the message, and refuses a
 * damaged model.
 */
import { convertScript } from '../../src/zh';
import { parseModel, TriageClassifier, trainModel } from '../../src/classifier';
import { trainNaiveBayes } from '../../bench/triage/naive-bayes';
import { hasHotlineData, hotlineMessages } from '../support/triage-model';

(hasHotlineData ? describe : describe.skip)('the triage classifier on real hotline messages', () => {
  // The file is grouped by category: every third message keeps all seven.
  const all = () => hotlineMessages().filter((_, i) => i % 3 === 0);
  const train = () => all().filter((_, i) => i % 5 !== 0);
  const test = () => all().filter((_, i) => i % 5 === 0);
  let model: ReturnType<typeof trainModel>;
  let classifier: TriageClassifier;

  beforeAll(() => {
    model = trainModel(train(), { now: new Date('2026-12-01T00:00:00Z') });
    classifier = new TriageClassifier(model);
  });

  it('beats naive Bayes on held-out messages, trained on the same ones', () => {
    const nb = trainNaiveBayes(train().map((m) => m.text), train().map((m) => m.category));
    const ours = test().filter((m) => classifier.classify(m.text).category.label === m.category).length / test().length;
    const baseline = test().filter((m) => nb.classify(m.text) === m.category).length / test().length;
    expect(ours).toBeGreaterThan(0.82);
    expect(ours).toBeGreaterThan(baseline + 0.03);
  });

  it('says how sure it is, and its confident guesses are right more often than its unsure ones', () => {
    const results = test().map((m) => ({ r: classifier.classify(m.text).category, gold: m.category }));
    for (const { r } of results) {
      expect(r.confidence).toBeGreaterThan(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(r.review).toBe(r.confidence < model.heads[0]!.reviewBelow);
    }
    const rate = (rows: typeof results) => rows.filter((x) => x.r.label === x.gold).length / rows.length;
    const sure = results.filter((x) => x.r.confidence >= 0.9);
    const unsure = results.filter((x) => x.r.confidence < 0.7);
    expect(sure.length).toBeGreaterThan(50);
    expect(unsure.length).toBeGreaterThan(5);
    expect(rate(sure)).toBeGreaterThan(rate(unsure) + 0.15);
  });

  it('explains a guess with words the message contains', () => {
    const text = '我们小区门口的路灯坏了三个月，晚上一片漆黑，一直没有人来维修';
    const { category } = classifier.classify(text);
    expect(category.evidence.length).toBeGreaterThan(0);
    for (const word of category.evidence) expect(text).toContain(word);
  });

  it('is deterministic: the same messages give the same model, the same text the same answer', () => {
    const again = trainModel(train(), { now: new Date('2026-12-01T00:00:00Z') });
    expect(again.version).toBe(model.version);
    const text = test()[3]!.text;
    expect(new TriageClassifier(again).classify(text)).toEqual(classifier.classify(text));
  });

  it('classifies the same after a round trip through its JSON file', () => {
    const reloaded = new TriageClassifier(parseModel(JSON.stringify(model)));
    for (const m of test().slice(0, 30)) expect(reloaded.classify(m.text)).toEqual(classifier.classify(m.text));
  });

  it('reads traditional script as simplified', () => {
    for (const m of test().slice(0, 20)) {
      const simplified = classifier.classify(m.text).category;
      const traditional = classifier.classify(convertScript(m.text, 'traditional')).category;
      expect(traditional.label).toBe(simplified.label);
      expect(traditional.confidence).toBeCloseTo(simplified.confidence, 2);
    }
  });

  it('refuses a model whose parts do not fit together', () => {
    const damaged = structuredClone(model);
    damaged.heads[0]!.weights[0]!.int16 = damaged.heads[0]!.weights[0]!.int16.slice(0, 400);
    expect(() => new TriageClassifier(damaged)).toThrow(/weights have 150 values/);
    const short = { ...structuredClone(model), vocabulary: model.vocabulary.slice(1) };
    expect(() => new TriageClassifier(short)).toThrow(/words for/);
    expect(() => parseModel(JSON.stringify({ ...model, format: 'other/1' }))).toThrow();
  });

  it('learns departments where the history names them', () => {
    const departments = ['市住房和城乡建设局', '市人力资源和社会保障局', '市教育局'];
    const byCategory: Record<string, string> = { 城乡建设: departments[0]!, 劳动和社会保障: departments[1]!, 教育文体: departments[2]! };
    const labelled = train()
      .filter((m) => byCategory[m.category])
      .slice(0, 600)
      .map((m) => ({ ...m, department: byCategory[m.category]! }));
    const withDepartments = new TriageClassifier(trainModel(labelled));
    const hit = test().find((m) => m.category === '劳动和社会保障' && classifier.classify(m.text).category.confidence > 0.95)!;
    expect(withDepartments.classify(hit.text).department?.label).toBe('市人力资源和社会保障局');
    expect(classifier.classify(hit.text).department).toBeUndefined();
  });
});
