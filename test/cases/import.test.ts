/**
 * Past cases in: the department a reply names (and none when it names none), the cases-jsonl
 * importer on small inputs and on the real replies file (../shared/data, read at test time).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CasesFile } from '../../src/kb';
import { ImportFileError, departmentFromReply, departmentKey, importCasesJsonl } from '../../src/kb/import';
import { dateOf } from '../../src/kb/import/cases-jsonl';

const REPLIES = path.resolve(__dirname, '../../../shared/data/hotline-replies.jsonl');
const line = (o: Record<string, unknown>) => JSON.stringify({ id: '1', title: '路灯不亮', text: '小区路灯坏了一个月', reply: '已修复。', ...o });

describe('departmentFromReply', () => {
  it.each([
    ['signed before the date', '感谢您对我们工作的支持！A7县城市管理和行政执法局2013年4月7日', 'A7县城市管理和行政执法局'],
    ['referred to', '您好！您反映的问题已转观音阁镇核查、办复，感谢您的留言。2018年6月25日', '观音阁镇'],
    ['referred to, 转至', '亲爱的网友：您反映的问题已转至县农业局核实、办理。', '县农业局'],
    ['referred to a public company', '网友：您反映的问题已转至市公交集团调查核处。', '市公交集团'],
    ['assigned', '您的留言已收悉，我们立即要求市城管局进行了调查处理。', '市城管局'],
    ['checked', '您好！经A7县交通运输局核实，该路段已列入计划。', 'A7县交通运输局'],
    ['quoted', '现回复如下：B9市劳动和社会保障局回复：养老保险转移分两种情况。', 'B9市劳动和社会保障局'],
    ['the first of two together', '已转交A3区城乡建设局与A1区北路街道调查处理。', 'A3区城乡建设局'],
  ])('%s', (_how, reply, department) => {
    expect(departmentFromReply(reply)).toBe(department);
  });

  it.each([
    ['我局 only', '经我局工作人员现场调查核实，该建筑是按规划批准建设的。'],
    ['a company told to fix something', '我们已要求物业公司进行维修，目前已修复。'],
    ['the 经 of 经济', '该区域经济和科技商务局正在研究。'],
    ['a phrase, not a name', '您的留言我局已收悉。'],
    ['相关单位', '您好，你所反映的问题已转交相关单位调查处置。'],
    ['nothing at all', '网友：您好！留言已收悉'],
  ])('none for %s', (_how, reply) => {
    expect(departmentFromReply(reply)).toBeUndefined();
  });

  it('compares departments without their place and with short forms spelt out', () => {
    expect(departmentKey('县人社局')).toBe(departmentKey('A7县人力资源和社会保障局'));
    expect(departmentKey('市城管局')).toBe(departmentKey('A7县城市管理和行政执法局'));
    expect(departmentKey('安沙镇人民政府')).toBe(departmentKey('A7县安沙镇政府'));
    expect(departmentKey('泉塘街道办事处')).toBe('泉塘街道');
    expect(departmentKey('市教育局')).not.toBe(departmentKey('市公安局'));
  });
});

describe('importCasesJsonl', () => {
  it('maps a line to a case: dates kept as dates, the department from the reply, the source', () => {
    const r = importCasesJsonl(
      line({ id: 2549, time: '2019/4/25 9:32:09', reply_time: '2019-05-10T14:56:53Z', reply: '网友您好！已转至县水利局核实、办理。' }),
      { source: 'replies.jsonl' },
    );
    expect(r.rejected).toEqual([]);
    expect(r.cases).toEqual([
      { id: '2549', title: '路灯不亮', text: '小区路灯坏了一个月', reply: '网友您好！已转至县水利局核实、办理。', department: '县水利局', askedOn: '2019-04-25', repliedOn: '2019-05-10', source: 'replies.jsonl' },
    ]);
    expect(r.departmentsFound).toBe(1);
  });

  it("prefers the file's own department, and leaves it out when there is none", () => {
    const r = importCasesJsonl([line({ id: 'a', department: '市水务局', reply: '已转至县水利局核实。' }), line({ id: 'b' })].join('\n'));
    expect(r.cases.map((c) => c.department)).toEqual(['市水务局', undefined]);
    expect('department' in r.cases[1]!).toBe(false);
  });

  it('rejects a line without a reply, a duplicate and a wrong type, naming the line; warns of what it leaves out', () => {
    const r = importCasesJsonl(
      [line({ id: 'a' }), line({ id: 'b', reply: '  ' }), line({ id: 'a' }), line({ id: 'c', title: 5 }), line({ id: 'd', time: '昨天', extra: 1 }), line({ id: '编号/7' })].join('\n'),
    );
    expect(r.cases.map((c) => c.id)).toEqual(['a', 'd', expect.stringMatching(/^case-[0-9a-f]{12}$/)]);
    expect(r.rejected).toEqual([
      { row: 2, id: 'b', reason: expect.stringContaining('reply is empty') },
      { row: 3, id: 'a', reason: 'duplicate id a, first on line 1' },
      { row: 4, id: 'c', reason: expect.stringContaining('title') },
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'ignored fields: extra',
      'time "昨天" is not a date; left out',
      expect.stringContaining('id "编号/7" is not a plain id'),
    ]);
  });

  it('refuses a file that is not JSON Lines or not UTF-8 as a whole', () => {
    expect(() => importCasesJsonl('{"id": 1,\n')).toThrow(ImportFileError);
    expect(() => importCasesJsonl('')).toThrow(ImportFileError);
    expect(() => importCasesJsonl(Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3]))).toThrow(ImportFileError);
  });

  it('reads dates as the replies file writes them, and nothing else', () => {
    expect(dateOf('2019/4/25 9:32:09')).toBe('2019-04-25');
    expect(dateOf('2019-12-01')).toBe('2019-12-01');
    expect(dateOf('2019/2/30 1:00:00')).toBeUndefined();
    expect(dateOf('25/4/2019')).toBeUndefined();
    expect(dateOf(null)).toBeUndefined();
  });
});

const describeData = existsSync(REPLIES) ? describe : describe.skip;

describeData('the real replies file', () => {
  const result = importCasesJsonl(readFileSync(REPLIES), { source: 'hotline-replies.jsonl' });

  it('imports every message with its reply, as a valid cases file', () => {
    expect(result.rejected).toEqual([]);
    expect(result.cases).toHaveLength(2774);
    expect(CasesFile.safeParse({ cases: result.cases }).success).toBe(true);
  });

  it('finds a department in about a sixth of the replies, each written in its reply as it is', () => {
    const share = result.departmentsFound / result.cases.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    // Never invented: every department is a piece of its own reply.
    for (const c of result.cases) if (c.department) expect(c.reply.normalize('NFKC')).toContain(c.department);
  });
});
