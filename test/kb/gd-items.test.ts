/** The Guangdong catalogue importer: the messy fixture for each rule, then the real 2262-record file. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKnowledgeBase, writeKnowledgeBase, type ServiceItem } from '../../src/kb';
import { ImportFileError, importGdItems } from '../../src/kb/import';
import { cleanPhone, materialFromText, splitListText } from '../../src/kb/import/gd-items';

const fixtures = path.resolve(__dirname, '../fixtures/import');
const dataDir = path.resolve(__dirname, '../../../shared/data');
const GD_FILE = path.join(dataDir, 'gd-service-items.jsonl');

describe('fixture gd-sample.jsonl', () => {
  const result = importGdItems(readFileSync(path.join(fixtures, 'gd-sample.jsonl')));
  const [first, second] = result.entries as ServiceItem[];

  test('a messy record is cleaned field by field', () => {
    expect(first).toEqual({
      kind: 'item',
      id: 'GDTEST0001',
      name: '测试事项',
      aliases: ['测试目录', '测试'],
      department: '广州市测试局',
      itemType: '行政许可',
      level: '市级',
      materials: [
        { name: '营业执照', form: '复印件', required: true },
        { name: '法定代表人身份证明', required: true },
        { name: '申请书', required: true },
      ],
      statutoryDays: 20,
      hours: '上午9:00-12:00，下午14:00-17:00',
      visits: 1,
      location: '广州市天河区测试路1号 2楼',
      consultPhone: '020-12345678',
      online: { available: false },
      conditions: '依法设立的企业',
      region: '广东省广州市',
      tags: ['设立变更', '企业法人'],
      source: 'gd-service-items',
    });
  });

  test('variants get their specific name, calendar-day limits a note, 即办件 zero days', () => {
    expect(second).toMatchObject({
      id: 'GDTEST0002',
      name: '测试许可（新申请）',
      aliases: ['测试许可'],
      materials: [{ name: '申请表' }, { name: '身份证明', form: '原件及复印件' }],
      promisedDays: 0,
      timeLimitNote: '法定办结时限 90 个自然日',
      online: { available: true, url: 'https://www.gdzwfw.gov.cn/test', note: '办理平台：广东政务服务网；无线下办理窗口' },
    });
    expect(second).not.toHaveProperty('location');
    expect(second).not.toHaveProperty('statutoryDays');
    expect(second).not.toHaveProperty('complaintPhone');
    expect(second).not.toHaveProperty('conditions');
  });

  test('every other record is rejected with its line and reason; nothing is dropped silently', () => {
    expect(result.rejected).toEqual([
      { row: 3, id: 'GDTEST0003', reason: 'DEPT_NAME is empty: every item needs a responsible department' },
      { row: 5, reason: 'not a JSON object but an array' },
      { row: 6, id: 'GDTEST0001', reason: 'duplicate TASK_CODE GDTEST0001, first on line 1' },
      { row: 7, id: 'GD TEST/7', reason: expect.stringContaining('TASK_CODE "GD TEST/7" cannot be an id') },
      { row: 8, id: 'GDTEST0008', reason: 'no name: matter_name, TASK_NAME and CATANAME are all empty' },
    ]);
    expect(result.warnings).toEqual([{ row: 2, message: 'complain_phone "0000swjw" holds no phone number; dropped' }]);
  });
});

test('a broken JSON line makes the whole file unreadable, naming every such line', () => {
  let error: unknown;
  try {
    importGdItems(readFileSync(path.join(fixtures, 'gd-broken.jsonl')));
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ImportFileError);
  expect((error as ImportFileError).problem).toBe('json');
  expect((error as ImportFileError).message).toContain('line 2 is not valid JSON');
  expect((error as ImportFileError).details.map((d) => d.row)).toEqual([2]);
});

test('empty and non-UTF-8 input are refused', () => {
  expect(() => importGdItems('\n\n')).toThrow(ImportFileError);
  expect(() => importGdItems(Buffer.from([0x7b, 0xc9, 0xe7, 0x7d]))).toThrow(/UTF-8/);
});

test('material text is split on numbering, line breaks and semicolons', () => {
  expect(splitListText('申请材料如下：1.申请书；2、营业执照\n（3）身份证明 4）委托书。无')).toEqual(['申请书', '营业执照', '身份证明', '委托书']);
  expect(splitListText('一、申请表 二、场地证明')).toEqual(['申请表', '场地证明']);
  // Decimals and numbers inside words are not list markers.
  expect(splitListText('身高1.5米以上的证明')).toEqual(['身高1.5米以上的证明']);
  expect(materialFromText('经办人身份证明原件及复印件')).toEqual({ name: '经办人身份证明', form: '原件及复印件', required: true });
  expect(materialFromText('复印件')).toEqual({ name: '复印件', required: true });
});

test('phone fields lose labels; paragraphs are reduced to their numbers', () => {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  expect(cleanPhone('咨询电话：020-83873333。', 'consult_phone', warn)).toBe('020-83873333');
  expect(cleanPhone('省厅：020-86351219；广州：020-83100130', 'consult_phone', warn)).toBe('省厅：020-86351219；广州：020-83100130');
  const paragraph =
    '窗口咨询地址：广州市政民路51号。咨询电话号码：020-86351132。实施机关咨询网址：http://www.gdsf.gov.cn/column.do?colId=404005。电子邮箱：441472514@qq.com。邮政编码：510405。';
  expect(cleanPhone(paragraph, 'consult_phone', warn)).toBe('020-86351132');
  expect(cleanPhone('无', 'consult_phone', warn)).toBeUndefined();
  expect(warnings).toEqual([]);
  expect(cleanPhone('无w', 'complain_phone', warn)).toBeUndefined();
  expect(warnings).toEqual(['complain_phone "无w" holds no phone number; dropped']);
});

const hasData = existsSync(GD_FILE);
if (!hasData) console.warn(`skipping the real GD catalogue tests: ${GD_FILE} is absent`);
(hasData ? describe : describe.skip)('the real gd-service-items.jsonl', () => {
  const text = hasData ? readFileSync(GD_FILE, 'utf8') : '';
  const records = text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const result = hasData ? importGdItems(text) : { entries: [], rejected: [], warnings: [] };
  const items = result.entries as ServiceItem[];
  const byId = new Map(items.map((item) => [item.id, item]));

  test('every one of the 2262 records is accepted or rejected, ids are TASK_CODEs', () => {
    expect(records).toHaveLength(2262);
    expect(result.entries.length + result.rejected.length).toBe(2262);
    expect(new Set(items.map((i) => i.id))).toEqual(new Set(records.map((r) => r.TASK_CODE).filter((c) => byId.has(c as string))));
    for (const rejected of result.rejected) expect(rejected.reason).not.toBe('');
    expect(items.length).toBeGreaterThan(2200);
  });

  test('the first record maps as expected', () => {
    expect(byId.get('11440000006939756B2440101007000')).toMatchObject({
      name: '临时价格干预范围事项提价申报',
      aliases: [],
      department: '广东省发展和改革委员会',
      itemType: '行政许可',
      level: '省级',
      materials: [{ name: '提价申报申请报告', required: true }],
      statutoryDays: 30,
      promisedDays: 7,
      visits: 0,
      location: '广州市越秀区东风中路305号5号楼808房',
      consultPhone: '020-34121084',
      complaintPhone: '020-83134173',
      online: { available: true, url: 'https://www.gdzwfw.gov.cn/gaio/apply.html#/11440000006939756B2440101007000' },
      region: '广东省',
      source: 'gd-service-items',
    });
  });

  test('variants of one item have distinct names; calendar-day limits become a note', () => {
    expect(byId.get('11440000006940116U244010200300103')).toMatchObject({
      name: '高等职业学校设立（含设置分校区）（民办高等职业学校设置异地校区）',
      aliases: expect.arrayContaining(['高等职业学校设立（含设置分校区）']),
    });
    const calendar = byId.get('11440000553612461J244011110400003')!;
    expect(calendar.timeLimitNote).toBe('法定办结时限 91 个自然日');
    expect(calendar.statutoryDays).toBeUndefined();
  });

  test('no field keeps a label prefix or a placeholder', () => {
    for (const item of items) {
      expect(item.location ?? '').not.toMatch(/^办理地点/);
      expect(item.consultPhone ?? '').not.toMatch(/^(咨询)?电话[:：]/);
      for (const value of [item.location, item.conditions, item.consultPhone, item.complaintPhone, ...item.aliases, ...item.tags]) {
        expect(['无', '暂无', '/', '']).not.toContain(value);
      }
      expect(item.materials.map((m) => m.name)).not.toContain('无');
    }
  });

  test('list materials become one Material each', () => {
    for (const record of records) {
      const item = byId.get(record.TASK_CODE as string);
      if (item && Array.isArray(record.material_intro)) expect(item.materials).toHaveLength(record.material_intro.length);
    }
  });

  test('the import writes and loads back as a knowledge base', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'qihu-gd-'));
    try {
      writeKnowledgeBase(path.join(tmp, 'kb'), { manifest: { name: 'gd', sample: false }, entries: result.entries, synonyms: [] });
      expect(loadKnowledgeBase(path.join(tmp, 'kb')).entries).toHaveLength(items.length);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
