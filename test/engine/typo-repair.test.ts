import { createEngine } from '../../src/engine';
import { KbIndex } from '../../src/engine/kb-index';
import { normalise } from '../../src/engine/text';
import { TypoRepair } from '../../src/engine/typo-repair';
import { Entry, type KnowledgeBase } from '../../src/kb/schema';

const item = (id: string, name: string, extra: Record<string, unknown> = {}) => Entry.parse({ kind: 'item', id, name, department: '市市场监管局', ...extra });

// Words the repairs aim at are used by more than one entry; 强碱 by one only.
const entries = [
  item('food', '食品经营许可', { materials: [{ name: '食品经营许可申请书' }, { name: '营业执照复印件' }], promisedDays: 10 }),
  item('drug', '药品零售许可', { materials: [{ name: '药品零售许可申请材料' }], promisedDays: 15 }),
  item('record', '预包装食品销售备案', { materials: [{ name: '备案表' }], promisedDays: 1 }),
  item('medical', '医疗器械经营备案', { materials: [{ name: '备案材料' }], promisedDays: 5 }),
  item('chemical', '危险化学品经营许可', { materials: [{ name: '强碱等危险化学品储存说明' }], promisedDays: 20 }),
];
const kb: KnowledgeBase = { manifest: { name: 'typos', sample: true }, entries, synonyms: [] };
const repair = new TypoRepair(new KbIndex(kb));
const fixed = (question: string) => repair.repair(normalise(question).text);

describe('homophone typos', () => {
  it('puts a same-sounding slip right when the catalogue uses the meant word', () => {
    expect(fixed('药品零售许可要交哪些才料')).toBe('药品零售许可要交哪些材料');
    expect(fixed('预包装食品被案要多久')).toBe('预包装食品备案要多久');
  });

  it('leaves words alone, and common words next to each other', () => {
    // 主意 is a word as typed; 我是 is two of the commonest words; 是 and 市 sound alike all the same.
    expect(fixed('我是来问食品经营许可的')).toBe('我是来问食品经营许可的');
    expect(fixed('有个主意想问问备案')).toBe('有个主意想问问备案');
  });

  it('does not repair towards a word only one entry uses', () => {
    // 强检 (compulsory inspection) sounds like 强碱, which one entry's materials mention.
    expect(fixed('电子秤属于强检器具吗')).toBe('电子秤属于强检器具吗');
  });

  it('returns the same string when nothing needs repair', () => {
    const text = normalise('食品经营许可需要什么材料').text;
    expect(repair.repair(text)).toBe(text);
  });

  it('lets a question with a typo reach the entry and the field it meant', () => {
    const engine = createEngine(kb);
    // Unrepaired, 食品 alone points at 食品经营许可 and 才料 names no field.
    const filing = engine.ask('食品被案要多久');
    expect(filing.candidates[0]?.entryId).toBe('record');
    expect(filing.field).toBe('time_limit');
    expect(engine.ask('药品零售许可的才料').field).toBe('materials');
  });
});
