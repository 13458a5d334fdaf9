/**
 * The text an operator reads to a caller (src/hotline/read-out.ts): the engine's answer for the
 * field, under the entry's name, with none of the chat's phrasing (follow-up questions to ask the
 * bot, "say 转人工", the source line). Over every entry and field of the sample knowledge base and
 * of the real Guangdong catalogue (../shared/data), and through suggestAnswers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { answerBody, composeAnswer, createEngine, Field, FIELD_LABELS, fieldForKind } from '../../src/engine';
import { suggestAnswers, readOutFor } from '../../src/hotline';
import { entryTitle, loadKnowledgeBase, type Entry, type ServiceItem } from '../../src/kb';
import { importGdItems } from '../../src/kb/import';

const kb = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));
const GD_FILE = resolve(__dirname, '../../../shared/data/gd-service-items.jsonl');
const gdItems = existsSync(GD_FILE) ? (importGdItems(readFileSync(GD_FILE)).entries as Entry[]) : [];

/** What a chat says to its user and an operator must not read out. */
const CHAT_PHRASES = [/可以问我/, /还可以问/, /转人工/, /^来源：/m, /问我/];

function expectPlainReadOut(entries: readonly Entry[]): number {
  let checked = 0;
  for (const entry of entries) {
    for (const asked of Field.options) {
      const field = fieldForKind(asked, entry.kind);
      const { text, found } = readOutFor(entry, asked, '');
      for (const phrase of CHAT_PHRASES) if (phrase.test(text)) throw new Error(`${entry.id} ${field}: ${JSON.stringify(text)} has chat phrasing ${phrase}`);
      expect(text.trim()).not.toBe('');
      checked++;
      if (entry.kind === 'faq' || field === 'overview') continue;
      const body = answerBody(entry, field, '');
      // The engine's own answer for the field, whole, or (when it has none) a line saying so.
      if (body) {
        expect(found).toBe(true);
        expect(text).toBe(`「${entryTitle(entry)}」${FIELD_LABELS[field]}\n${body}`);
      } else {
        expect(found).toBe(false);
        expect(text).toContain(`没有写明${FIELD_LABELS[field]}`);
      }
    }
  }
  return checked;
}

describe('readOutFor', () => {
  it('is the engine\'s answer for the field, without chat phrasing, for every entry and field of the sample', () => {
    expect(expectPlainReadOut(kb.entries)).toBe(kb.entries.length * Field.options.length);
  });

  it('leaves out what the chat answer adds for its user', () => {
    const drug = kb.entries.find((e) => e.id === 'item-drug-retail')!;
    const chat = composeAnswer(drug, 'materials').text;
    expect(chat).toMatch(/还可以问我：/);
    expect(chat).toMatch(/来源：/);
    const readOut = readOutFor(drug, 'materials').text;
    expect(readOut.startsWith('「药品零售企业许可')).toBe(true);
    expect(readOut).toContain('需要准备以下材料');
    expect(readOut).not.toMatch(/还可以问我|来源：/);
  });

  it('reads an item\'s overview from its fields and counts the materials instead of offering to list them', () => {
    const item = kb.entries.find((e): e is ServiceItem => e.kind === 'item' && e.materials.length > 0 && e.consultPhone !== undefined)!;
    const chat = composeAnswer(item, 'overview').text;
    expect(chat).toContain('可以问我"要什么材料"');
    const { text, found } = readOutFor(item, 'overview');
    expect(found).toBe(true);
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([`「${item.name}」`, `办理部门：${item.department}`, `申请材料：共${item.materials.length}项`, `咨询电话：${item.consultPhone}`]),
    );
  });

  it('says where to ask when the entry does not state the field, as the operator would', () => {
    const withPhone = kb.entries.find((e): e is ServiceItem => e.kind === 'item' && e.consultPhone !== undefined)!;
    const item: ServiceItem = { ...withPhone, fees: undefined };
    const { text, found } = readOutFor(item, 'fees');
    expect(found).toBe(false);
    expect(text).toBe(`「${item.name}」的资料里没有写明收费标准。您可以拨打咨询电话 ${item.consultPhone} 确认。`);
    const noPhone: ServiceItem = { ...item, consultPhone: undefined };
    expect(readOutFor(noPhone, 'fees').text).toBe(`「${item.name}」的资料里没有写明收费标准。我可以为您登记，转相关部门答复。`);
  });

  it('reads a FAQ\'s answer as it is', () => {
    const faq = kb.entries.find((e) => e.kind === 'faq')!;
    expect(readOutFor(faq, 'overview')).toEqual({ text: faq.kind === 'faq' ? faq.answer : '', found: true });
  });

  (gdItems.length ? it : it.skip)('has no chat phrasing for any field of the 2,000-odd real Guangdong items', () => {
    expect(gdItems.length).toBeGreaterThan(2200);
    expect(expectPlainReadOut(gdItems)).toBe(gdItems.length * Field.options.length);
  });
});

describe('suggestAnswers', () => {
  const engine = createEngine(kb);

  it('gives read-outs in the caller\'s script, without chat phrasing', () => {
    const s = suggestAnswers(engine, '開藥店要帶什麼材料');
    expect(s.suggestions[0]).toMatchObject({ entryId: 'item-drug-retail', field: 'materials', found: true });
    expect(s.suggestions[0]!.readOut).toContain('需要準備以下材料');
    for (const x of s.suggestions) expect(x.readOut).not.toMatch(/可以問我|可以问我|轉人工|转人工|來源：|来源：/);
  });
});
