/** Ticket values in what people type: validated like the ticket schema, never guessed. */
import { extractKnown, parseSlot, summaryOf } from '../../src/conversation/extract';
import { loadTables } from '../support/qihu';

const { districts } = loadTables();

describe('parseSlot', () => {
  it.each([
    ['91350100M000100Y43', { ok: true, values: { creditCode: '91350100M000100Y43' } }],
    ['代码是 9135 0100 m000 100y43', { ok: true, values: { creditCode: '91350100M000100Y43' } }],
    ['９１３５０１００Ｍ０００１００Ｙ４３', { ok: true, values: { creditCode: '91350100M000100Y43' } }],
    ['91350100M000100Y44', { ok: false, problem: 'uscc_check' }],
    ['91350100M000100Y4', { ok: false, problem: 'uscc_length' }],
    ['不知道', { ok: false, problem: 'uscc_length' }],
  ])('credit code %s', (text, expected) => {
    expect(parseSlot('creditCode', text, districts)).toEqual(expected);
  });

  it.each([
    ['138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['手机：13800138000', '13800138000'],
    ['(0591)87654321转8001', '0591-87654321-8001'],
    ['座机0591-87654321', '0591-87654321'],
  ])('phone %s', (text, phone) => {
    expect(parseSlot('phone', text, districts)).toEqual({ ok: true, values: { phone } });
  });

  it('explains a wrong phone', () => {
    expect(parseSlot('phone', '12345', districts)).toEqual({ ok: false, problem: 'phone_invalid' });
  });

  it.each([
    ['东城区', { district: '东城区' }],
    ['东城', { district: '东城区' }],
    ['東城區', { district: '东城区' }],
    ['我们在高新区', { district: '示例高新技术产业开发区' }],
    ['示例市南湖区', { district: '南湖区' }],
    ['市本级', { district: '市本级' }],
    ['青溪县城关镇', { district: '青溪县', town: '城关镇' }],
    ['朝阳街道', { district: '东城区', town: '朝阳街道' }],
  ])('district %s', (text, values) => {
    expect(parseSlot('district', text, districts)).toEqual({ ok: true, values });
  });

  it('refuses a district outside the city', () => {
    expect(parseSlot('district', '海淀区', districts)).toEqual({ ok: false, problem: 'district_unknown' });
  });

  it('takes names with their lead words off, and other values along', () => {
    expect(parseSlot('name', '我们公司叫示例科技有限公司', districts)).toEqual({ ok: true, values: { name: '示例科技有限公司' } });
    expect(parseSlot('name', '示例科技有限公司，91350100M000100Y43', districts)).toEqual({
      ok: true,
      values: { name: '示例科技有限公司', creditCode: '91350100M000100Y43' },
    });
    expect(parseSlot('name', '示', districts)).toEqual({ ok: false, problem: 'invalid_name' });
    expect(parseSlot('contactName', '我叫张三 13800138000', districts)).toEqual({ ok: true, values: { contactName: '张三', phone: '13800138000' } });
    expect(parseSlot('contactName', '13800138000', districts)).toEqual({ ok: false, problem: 'invalid_contactName' });
  });
});

describe('extractKnown', () => {
  it('finds what validates on its own', () => {
    expect(extractKnown('你好，我是示例五金制品有限公司的张三，电话 138 0013 8000，代码91350100M000100Y43，在东城区', districts)).toEqual({
      name: '示例五金制品有限公司',
      phone: '13800138000',
      creditCode: '91350100M000100Y43',
      district: '东城区',
    });
    expect(extractKnown('联系人李四，座机0591-87654321', districts)).toEqual({ contactName: '李四', phone: '0591-87654321' });
  });

  it('guesses nothing from an ordinary question', () => {
    expect(extractKnown('开药店要什么材料', districts)).toEqual({});
    expect(extractKnown('高新技术企业认定要多少天？2026年的', districts)).toEqual({});
    // A wrong check character is not a credit code, a ticket id is not a phone number.
    expect(extractKnown('91350100M000100Y44', districts)).toEqual({});
    expect(extractKnown('QH-20261125-000123 到哪一步了', districts)).toEqual({});
    expect(extractKnown('联系人电话13800138000', districts)).toEqual({ phone: '13800138000' });
  });
});

it('summaryOf keeps 200 characters and the rest as detail', () => {
  expect(summaryOf('  路灯坏了  ')).toEqual({ summary: '路灯坏了', detail: undefined });
  const long = '很'.repeat(300);
  const { summary, detail } = summaryOf(long);
  expect(summary).toHaveLength(200);
  expect(detail).toBe(long);
});
