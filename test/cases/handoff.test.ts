/**
 * The chat's hand-off with a settled past case: "供参考：类似问题曾由××答复：…" right after the
 * hand-off text, only when a case is 高 and its reply names the department; in the user's script,
 * with phone numbers masked; nothing when no lookup is given. The real engine and ticket service
 * (test/conversation/harness.ts) and the sample's synthetic cases.
 */
import path from 'node:path';
import { createCaseIndex, settledCaseFor } from '../../src/cases';
import { loadCases, type PastCase } from '../../src/kb';
import { createHarness, type Harness } from '../conversation/harness';

const sample = loadCases(path.resolve(__dirname, '../../knowledge-base'))!.cases;
const PHONE_CASE: PastCase = {
  id: 'case-phone',
  title: '深海潜水器码头夜间作业噪音',
  text: '潜水器码头每天夜里作业，噪音很大。',
  reply: '经查，码头已调整作业时间。如有疑问请致电13812345678联系。',
  department: '示例市海洋局',
};
const index = createCaseIndex([...sample, PHONE_CASE]);

let h: Harness;
afterEach(() => h?.close());

const NOTE = /^供参考：类似问题曾由/;

it('tells how a very similar case was settled, after the hand-off and before the intake asks', async () => {
  h = await createHarness({ similarCase: (text) => settledCaseFor(index, text) });
  const out = await h.chat()('我要投诉，东城区商业街工地晚上施工噪音扰民');
  const kinds = out.map((m) => m.type);
  expect(kinds[0]).toBe('handoff');
  expect(out[1]).toMatchObject({ type: 'text' });
  expect(out[1]!.text).toMatch(NOTE);
  expect(out[1]!.text).toContain('示例市城市管理和综合执法局答复：经示例市城市管理和综合执法局东城中队现场核查');
  // Then the intake, as always: a report about a place first asks where.
  expect(out[out.length - 1]!.text).toContain('具体在什么位置');
});

it('says nothing for a matter no case is 高 for, or whose case names no department', async () => {
  h = await createHarness({ similarCase: (text) => settledCaseFor(index, text) });
  const chat = h.chat();
  for (const text of ['我要投诉，我们园区的快递柜老是坏', '我要投诉，步行街店门口晚上有摊贩占道摆摊']) {
    const out = await chat(text);
    expect(out.some((m) => NOTE.test(m.text))).toBe(false);
    await chat('取消');
  }
});

it("answers in the user's script and masks a phone number in the reply", async () => {
  h = await createHarness({ similarCase: (text) => settledCaseFor(index, text) });
  const out = await h.chat()('我要投訴，潛水器碼頭每天夜裏作業噪音很大');
  const note = out.find((m) => /類似問題曾由/.test(m.text));
  expect(note?.text).toContain('示例市海洋局');
  expect(note?.text).not.toContain('13812345678');
  expect(note?.text).toMatch(/138\*{4}5678|1\d{2}\*+\d{4}/);
});

it('adds nothing without a lookup', async () => {
  h = await createHarness();
  const out = await h.chat()('我要投诉，东城区商业街工地晚上施工噪音扰民');
  expect(out.some((m) => NOTE.test(m.text))).toBe(false);
});
