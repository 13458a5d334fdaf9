import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadRouting,
  normalizeText,
  parseRouting,
  resolveDepartment,
  triage,
  type RoutingFile,
} from '../../src/tickets/triage';
import type { Triage } from '../../src/tickets/schema';

const routingPath = join(__dirname, '../../knowledge-base/routing.json');
const table = loadRouting(routingPath);
const TAXONOMY = '/work/shared/data/hotline-taxonomy.csv';

const reasonsOf = (t: Triage, aspect: string) => t.reasons.filter((r) => r.aspect === aspect);

describe('routing table (knowledge-base/routing.json)', () => {
  it('has at least 40 category rules and complexity and urgency rules', () => {
    expect(table.file.rules.length).toBeGreaterThanOrEqual(40);
    expect(table.file.complexity.length).toBeGreaterThan(0);
    expect(table.file.urgency.length).toBeGreaterThan(0);
  });

  it('uses only categories of the real 12345 taxonomy (一级/二级/三级分类)', () => {
    const rows = readFileSync(TAXONOMY, 'utf8').trim().split(/\r?\n/).slice(1);
    const known = new Set(rows.map((r) => r.split(',').slice(0, 3).join('/')));
    const used = [
      table.file.fallback.category,
      ...table.file.departments.map((d) => d.category),
      ...table.file.rules.map((r) => r.category),
      ...table.file.categories.map((c) => c.category),
    ];
    const missing = used.map((c) => `${c.level1}/${c.level2}/${c.level3 ?? ''}`).filter((c) => !known.has(c));
    expect(missing).toEqual([]);
    expect(used.map((c) => c.level3)).toContain('安全隐患'); // 城乡建设/安全生产/安全隐患
  });

  it('routes every keyword of every rule, on its own, to that rule’s department', () => {
    const wrong: string[] = [];
    for (const rule of table.file.rules)
      for (const kw of rule.keywords) {
        const t = triage({ summary: kw }, table);
        if (t.department !== rule.department) wrong.push(`${rule.id}/${kw} → ${t.department}`);
      }
    expect(wrong).toEqual([]);
  });

  it('rejects unknown departments, duplicate ids and broken patterns', () => {
    const file = JSON.parse(readFileSync(routingPath, 'utf8')) as RoutingFile;
    const broken = structuredClone(file);
    broken.rules[0]!.department = '市不存在局';
    expect(() => parseRouting(broken)).toThrow(/unknown department 市不存在局/);
    const dup = structuredClone(file);
    dup.rules[1]!.id = dup.rules[0]!.id;
    expect(() => parseRouting(dup)).toThrow(/duplicate rule id/);
    const badPattern = structuredClone(file);
    badPattern.urgency[0]!.patterns = ['(unclosed'];
    expect(() => parseRouting(badPattern)).toThrow(/not a valid regular expression/);
  });
});

describe('triage', () => {
  it('sends unpaid wages of many workers to 人社 as complex and urgent, with reasons', () => {
    const t = triage({ summary: '工地拖欠农民工工资，20多名工人在项目部门口聚集讨薪' }, table);
    expect(t.category).toEqual({ level1: '劳动和社会保障', level2: '工资福利', level3: '工资发放' });
    expect(t.department).toBe('市人力资源和社会保障局');
    expect(t.level).toBe('区县');
    expect(t.complexity).toBe('complex');
    expect(t.urgency).toBe('urgent');
    expect(reasonsOf(t, 'category')).toEqual([
      { aspect: 'category', code: 'keyword_match', detail: '规则 wage-arrears：“讨薪”、“拖欠农民工工资”' },
    ]);
    expect(reasonsOf(t, 'complexity')[0]?.detail).toMatch(/complex-many-workers：“20多名工人”/);
    expect(reasonsOf(t, 'urgency')[0]?.detail).toMatch(/urgent-group-event：“聚集”/);
  });

  it('finds unpaid wages when verb and noun are apart', () => {
    const t = triage({ summary: '公司拖欠我们30多名工人三个月工资' }, table);
    expect(t.department).toBe('市人力资源和社会保障局');
    expect(t.complexity).toBe('complex');
  });

  it('classifies a hazardous-chemicals report as 城乡建设/安全生产/安全隐患, urgent', () => {
    const t = triage({ summary: '隔壁化工厂违规储存危化品，存在安全隐患' }, table);
    expect(t.category).toEqual({ level1: '城乡建设', level2: '安全生产', level3: '安全隐患' });
    expect(t.department).toBe('市应急管理局');
    expect(t.urgency).toBe('urgent');
    expect(t.complexity).toBe('general');
    expect(reasonsOf(t, 'complexity')).toEqual([{ aspect: 'complexity', code: 'default_general', detail: '未命中复杂情形规则' }]);
  });

  it('prefers the longer, more specific phrase: 出口退税 is a tax question', () => {
    const t = triage({ summary: '跨境电商出口退税政策咨询' }, table);
    expect(t.department).toBe('市税务局');
    expect(reasonsOf(t, 'category')[0]?.detail).toBe('规则 tax-refund-incentives：“出口退税”');
  });

  it('sends construction noise to 住建, not also to 生态环境 (施工噪音 covers 噪音)', () => {
    const t = triage({ summary: '工地夜间施工噪音扰民', detail: '每天晚上12点还在打桩' }, table);
    expect(t.department).toBe('市住房和城乡建设局');
    expect(t.category.level3).toBe('噪音污染');
    expect(t.complexity).toBe('general');
  });

  it('makes a demand for several departments complex and city-level', () => {
    const t = triage({ summary: '工地夜间施工噪音扰民，还拖欠工人工资三个月' }, table);
    expect(t.complexity).toBe('complex');
    expect(t.level).toBe('市');
    const multi = t.reasons.filter((r) => r.code === 'multiple_departments');
    expect(multi.map((r) => r.aspect).sort()).toEqual(['complexity', 'level']);
    expect(multi[0]?.detail).toContain('市人力资源和社会保障局');
  });

  it('treats 燃气 as urgent and names the rule', () => {
    const t = triage({ summary: '厂区附近闻到燃气味，怀疑燃气泄漏' }, table);
    expect(t.category.level3).toBe('燃气供应');
    expect(t.urgency).toBe('urgent');
    expect(reasonsOf(t, 'urgency').map((r) => r.detail)).toContain('规则 urgent-gas：“燃气”');
  });

  it('does not make a gas bill urgent', () => {
    expect(triage({ summary: '燃气费发票怎么开' }, table).urgency).toBe('normal');
  });

  it('marks 停水停电 urgent and 吃拿卡要 as a conduct matter', () => {
    expect(triage({ summary: '园区停电两天，企业被迫停产' }, table).urgency).toBe('urgent');
    const t = triage({ summary: '办事窗口工作人员吃拿卡要，故意刁难' }, table);
    expect(t.department).toBe('市纪委监委');
    expect(t.category).toEqual({ level1: '纪检监察', level2: '贪污贿赂', level3: '行贿受贿索贿' });
  });

  it('marks 历史遗留 and 多部门 as complex', () => {
    expect(triage({ summary: '政府工程项目拖欠企业工程款两年，属于历史遗留问题' }, table).complexity).toBe('complex');
    expect(triage({ summary: '政策兑现的奖补资金拖了一年，多个部门互相推诿' }, table).complexity).toBe('complex');
  });

  it('falls back to the knowledge-base department when no keyword matches', () => {
    const t = triage({ summary: '请问这个事情怎么办理' }, table, {
      kbDepartments: [{ entryId: 'bj-faq-0042', department: '人力资源社会保障局' }],
    });
    expect(t.department).toBe('市人力资源和社会保障局');
    expect(reasonsOf(t, 'department')).toEqual([
      {
        aspect: 'department',
        code: 'kb_department',
        detail: '知识库条目 bj-faq-0042 的部门“人力资源社会保障局” → 市人力资源和社会保障局',
      },
    ]);
    expect(reasonsOf(t, 'level')[0]?.code).toBe('department_default_level');
  });

  it('keeps an unknown knowledge-base department verbatim', () => {
    const t = triage({ summary: '请问这个事情怎么办理' }, table, { kbDepartments: ['示例海关'] });
    expect(t.department).toBe('示例海关');
    expect(reasonsOf(t, 'department')[0]?.code).toBe('kb_department_unmapped');
  });

  it('uses the fallback with a reason when nothing matches', () => {
    const t = triage({ summary: '企业想咨询一下' }, table);
    expect(t.department).toBe(table.file.fallback.department);
    expect(t.category).toEqual(table.file.fallback.category);
    expect(reasonsOf(t, 'category')[0]?.code).toBe('no_rule_matched');
    expect(t.urgency).toBe('normal');
    expect(reasonsOf(t, 'urgency')[0]?.code).toBe('default_normal');
  });

  it('notes agreement between keywords and the knowledge base', () => {
    const t = triage({ summary: '增值税专用发票怎么开' }, table, { kbDepartments: ['国家税务总局示例市税务局'] });
    expect(reasonsOf(t, 'department')[0]?.detail).toContain('与知识库条目所属部门一致');
  });

  it('raises the level for 市本级 enterprises and lowers it to 乡镇 when the town is known', () => {
    expect(triage({ summary: '税务登记变更', cityLevel: true }, table).level).toBe('市');
    const street = triage({ summary: '门口占道经营', town: '东门街道' }, table);
    expect(street.level).toBe('乡镇');
    expect(reasonsOf(street, 'level')[0]?.code).toBe('town_level');
    expect(triage({ summary: '门口占道经营' }, table).level).toBe('区县');
  });

  it('reads the detail and the user turns but not the bot turns', () => {
    const t = triage(
      {
        summary: '咨询一个问题',
        turns: [
          { role: 'bot', text: '您可以咨询市税务局关于发票的问题' },
          { role: 'user', text: '我们的营业执照经营范围要变更' },
        ],
      },
      table,
    );
    expect(t.department).toBe('市市场监督管理局');
  });
});

describe('text and department normalisation', () => {
  it('folds full-width characters, case and spaces', () => {
    expect(normalizeText('ＶＯＣ 排放　超标')).toBe('voc排放超标');
  });

  it.each([
    ['人力资源社会保障局', '市人力资源和社会保障局'],
    ['北京市人力资源和社会保障局', '市人力资源和社会保障局'],
    ['示例市示例区市场监督管理局', '市市场监督管理局'],
    ['国家税务总局示例市税务局', '市税务局'],
    ['北京市公安局公安交通管理局', '市公安局交通警察支队'],
    ['应急局', '市应急管理局'],
    ['医保局', '市医疗保障局'],
    ['住房公积金管理中心', '市住房公积金管理中心'],
    ['示例市社会保险基金管理局', '市社会保险基金管理局'],
    ['规划自然资源委', '市自然资源和规划局'],
    ['市城市管理和综合执法局', '市城市管理和综合执法局'],
    ['示例省工业和信息化厅（示例市工业和信息化局初审）', '市工业和信息化局'],
  ])('maps the knowledge-base department %s to %s', (kb, ours) => {
    expect(resolveDepartment(table, kb)).toBe(ours);
  });

  it('does not guess for unknown departments', () => {
    expect(resolveDepartment(table, '示例海关')).toBeUndefined();
    expect(resolveDepartment(table, '')).toBeUndefined();
  });
});
