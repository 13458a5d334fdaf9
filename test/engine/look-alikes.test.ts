import { createEngine } from '../../src/engine';
import { buildFamilies, splitVariant } from '../../src/engine/families';
import { KbIndex } from '../../src/engine/kb-index';
import { choiceLabels, resolveFamily } from '../../src/engine/look-alikes';
import { normalise } from '../../src/engine/text';
import { Entry, type KnowledgeBase } from '../../src/kb/schema';

const item = (id: string, name: string, department: string, extra: Record<string, unknown> = {}) =>
  Entry.parse({ kind: 'item', id, name, department, ...extra });

// One matter for the province and the city, with sub-items, as real catalogues list it.
const entries = [
  item('lawyer-prov', '专职律师执业许可（申请专职执业）', '广东省司法厅', {
    level: '省级',
    materials: [{ name: '专职律师执业许可申请表' }, { name: '居民身份证' }],
    promisedDays: 13,
    location: '广州市白云区政民路51号',
  }),
  item('lawyer-city', '专职律师执业许可（申请专职执业）', '广州市司法局', {
    level: '市级',
    materials: [{ name: '专职律师执业许可申请表' }, { name: '居民身份证' }],
    promisedDays: 8,
    location: '广州市连新路31号',
  }),
  item('lawyer-retired', '专职律师执业许可（退休人员申请执业）', '广东省司法厅', {
    level: '省级',
    materials: [{ name: '专职律师执业许可申请表' }, { name: '退休证明' }],
    promisedDays: 13,
    location: '广州市白云区政民路51号',
  }),
  item('builder-renew', '二级注册建造师执业资格注册核准（延续注册）', '广东省住房和城乡建设厅', { materials: [{ name: '延续注册申请表' }], promisedDays: 5 }),
  item('builder-first', '二级注册建造师执业资格注册核准（初始注册）', '广东省住房和城乡建设厅', { materials: [{ name: '初始注册申请表' }], promisedDays: 5 }),
  item('builder-cancel', '二级注册建造师执业资格注册核准（注销注册）', '广东省住房和城乡建设厅', { materials: [{ name: '注销注册申请表' }], promisedDays: 5 }),
  item('passport', '普通护照签发', '广州市公安局', { materials: [{ name: '居民身份证' }], promisedDays: 7 }),
  Entry.parse({ kind: 'faq', id: 'faq-haze-1', question: '什么是霾？', answer: '霾是大量极细微的干尘粒均匀地浮游在空中。' }),
  Entry.parse({ kind: 'faq', id: 'faq-haze-2', question: '什么是霾？', answer: '霾的核心物质是气溶胶颗粒。' }),
];
const kb: KnowledgeBase = { manifest: { name: 'look-alikes', sample: true }, entries, synonyms: [] };

describe('families of look-alike entries', () => {
  it('sets a trailing bracketed sub-item aside, and only a trailing one', () => {
    expect(splitVariant('专职律师执业许可（申请专职执业）')).toEqual({ base: '专职律师执业许可', variant: '申请专职执业' });
    expect(splitVariant('建设工程规划类许可证核发（建筑类）（加建（含改建））')).toEqual({ base: '建设工程规划类许可证核发（建筑类）', variant: '加建（含改建）' });
    expect(splitVariant('建设用地（含临时用地）规划许可证核发')).toEqual({ base: '建设用地（含临时用地）规划许可证核发', variant: '' });
  });

  it('groups sub-items and repeated names; FAQ questions only when identical', () => {
    const families = buildFamilies(entries);
    const idOf = (id: string) => families.of[entries.findIndex((e) => e.id === id)];
    expect(idOf('lawyer-city')).toBe(idOf('lawyer-prov'));
    expect(idOf('lawyer-retired')).toBe(idOf('lawyer-prov'));
    expect(idOf('builder-first')).toBe(idOf('builder-renew'));
    expect(idOf('builder-first')).not.toBe(idOf('lawyer-prov'));
    expect(idOf('faq-haze-2')).toBe(idOf('faq-haze-1'));
    expect(families.members.has(idOf('passport')!)).toBe(false);
  });
});

describe('choosing within a family', () => {
  const index = new KbIndex(kb);
  const families = buildFamilies(entries);
  const lawyers = families.of[0]!;
  const pick = (question: string, family = lawyers) =>
    resolveFamily(index, families, family, normalise(question).text, []).map((m) => entries[m]!.id);

  it.each([
    ['省司法厅 专职律师执业许可要什么材料', ['lawyer-prov', 'lawyer-retired']],
    ['在广州市司法局申请律师执业要多久', ['lawyer-city']],
    ['市里办律师执业证要几天', ['lawyer-city']],
    ['我退休了想做专职律师，要准备什么', ['lawyer-retired']],
  ])('%s → %j', (question, expected) => {
    expect(pick(question)).toEqual(expected);
  });

  it('keeps every member when the question says nothing that tells them apart', () => {
    expect(pick('专职律师执业许可要什么材料').sort()).toEqual(['lawyer-city', 'lawyer-prov', 'lawyer-retired']);
  });

  it('reads a sub-item from the question', () => {
    expect(pick('二级建造师延续注册材料', families.of[3]!)).toEqual(['builder-renew']);
  });

  it('labels choices that would read the same by what tells them apart', () => {
    const labels = choiceLabels([entries[0]!, entries[1]!, entries[7]!, entries[8]!]);
    expect(new Set(labels).size).toBe(4);
    expect(labels[0]).toContain('广东省司法厅');
    expect(labels[1]).toContain('广州市司法局');
    expect(labels[2]).toContain('霾是大量');
  });
});

describe('the engine and look-alikes', () => {
  const engine = createEngine(kb);

  it('answers once when the look-alikes say the same, and says whom the answer covers', () => {
    const d = engine.ask('专职律师执业许可要交哪些材料');
    // The province's and the city's lists are the same; the retired lawyers' is not.
    expect(d.kind).toBe('clarify');
    const same = engine.ask('申请专职执业要交哪些材料');
    if (same.kind !== 'answer') throw new Error(`expected an answer, got ${same.kind}: ${same.text}`);
    expect([same.entryId, ...(same.alsoFor ?? [])].sort()).toEqual(['lawyer-city', 'lawyer-prov']);
    expect(same.text).toContain('同样适用于');
  });

  it('asks by what differs when the answers differ, never with choices that read the same', () => {
    const d = engine.ask('申请专职执业要多久');
    expect(d.kind).toBe('clarify');
    const labels = d.candidates.map((c) => c.label ?? c.title);
    expect(new Set(labels).size).toBe(labels.length);
    expect(d.candidates.map((c) => c.entryId).sort()).toEqual(['lawyer-city', 'lawyer-prov']);
    expect(d.text).toContain('广州市司法局');
  });

  it('answers the member the question points to', () => {
    const d = engine.ask('广州市司法局 申请专职执业 要多久');
    expect(d.kind).toBe('answer');
    if (d.kind === 'answer') {
      expect(d.entryId).toBe('lawyer-city');
      expect(d.text).toContain('8个工作日');
    }
  });
});
