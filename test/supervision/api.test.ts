/**
 * The 督办 API on a whole qihu (embedded default): the list by colour with its filters, counts and
 * paging; 400 with issues for bad queries; a ticket's timeline through the live loop (filed by the
 * API, delivered to and assigned by the in-process routing backend, resolved there, rated by the
 * filer); the CSV and Excel exports (formula injection neutralised, phones masked); the daily
 * summary; a ticket's similar past cases (the embedded knowledge base's sample cases, masked like
 * the ticket); and who may see any of it.
 */
import ExcelJS from 'exceljs';
import { SimilarCases } from '../../src/cases';
import { maskedCase } from '../../src/http/supervision-router';
import { DailySummarySchema } from '../../src/tickets';
import { ADMIN_TOKEN, bearer, fileTicket, getJson, OPERATOR_TOKEN, SEEDED_PHONE, SUPERVISOR_TOKEN, SEEDS, seededId, startSupervisionQihu, type SupervisionQihu } from './support';

interface ListPage {
  total: number;
  offset: number;
  limit: number;
  counts: Record<string, number>;
  items: { id: string; colour: string; department: string; district: string; contact: { phone: string }; summary: string; outcome?: string }[];
}

let qihu: SupervisionQihu;
beforeAll(async () => {
  qihu = await startSupervisionQihu();
}, 60_000);
afterAll(async () => {
  await qihu?.stop();
});

const list = (query = '') => getJson<ListPage>(qihu.url, `/api/v1/supervision/tickets${query}`);
const ids = (page: ListPage) => page.items.map((i) => i.id);
const seeded = (n: number) => seededId(qihu.seededAt, SEEDS.find((s) => s.n === n)!);

describe('GET /api/v1/supervision/tickets', () => {
  it('lists overdue first, then due soon, then on track by deadline, then answered, with each colour counted', async () => {
    const { status, json } = await list();
    expect(status).toBe(200);
    expect(json.counts).toEqual({ red: 4, yellow: 2, green: 3, grey: 3 });
    expect(json.total).toBe(12);
    expect(json.items.map((i) => i.colour)).toEqual(['red', 'red', 'red', 'red', 'yellow', 'yellow', 'green', 'green', 'green', 'grey', 'grey', 'grey']);
    // Answered ones latest answer first: 12 (3 days ago), 10 (4 days ago), 11 (6 days ago, late).
    expect(ids(json).slice(-3)).toEqual([seeded(12), seeded(10), seeded(11)]);
    expect(json.items.find((i) => i.id === seeded(11))?.outcome).toBe('missed');
    // No phone number whole, anywhere.
    expect(JSON.stringify(json)).not.toContain(SEEDED_PHONE);
    expect(json.items[0]?.contact.phone).toBe('139****5678');
  });

  it('filters by colour, department, category, district and filing date, and pages', async () => {
    expect((await list('?colour=red,yellow')).json.total).toBe(6);
    expect((await list('?colour=red&colour=grey')).json.total).toBe(7);
    const housing = (await list(`?department=${encodeURIComponent('市住房和城乡建设局')}`)).json;
    expect(housing.counts).toEqual({ red: 2, yellow: 0, green: 1, grey: 1 });
    expect(housing.items.every((i) => i.department === '市住房和城乡建设局')).toBe(true);
    expect((await list(`?category=${encodeURIComponent('商贸旅游/市场监管')}`)).json.total).toBe(4);
    expect((await list(`?category=${encodeURIComponent('城乡建设')}&colour=red`)).json.total).toBe(2);
    expect((await list(`?district=${encodeURIComponent('西城区')}`)).json.items.map((i) => i.district)).toEqual(['西城区', '西城区', '西城区']);
    const today = new Date(qihu.seededAt.getTime() + 8 * 3600e3).toISOString().slice(0, 10);
    // Filed in the last two days (9 today, 7 and 8 yesterday) — or the day before, depending on the hour: at least 9.
    const recent = (await list(`?from=${today}&to=${today}`)).json;
    expect(ids(recent)).toContain(seeded(9));
    const first = (await list('?limit=5')).json;
    const second = (await list('?limit=5&offset=5')).json;
    const third = (await list('?limit=5&offset=10')).json;
    expect([...ids(first), ...ids(second), ...ids(third)]).toEqual(ids((await list()).json));
    expect(third.items).toHaveLength(2);
  });

  it('answers 400 with issues for a bad query', async () => {
    for (const [query, path] of [
      ['?colour=blue', 'colour.0'],
      ['?colour=', 'colour'],
      ['?limit=0', 'limit'],
      ['?limit=500', 'limit'],
      ['?offset=-1', 'offset'],
      ['?from=2026-13-01', 'from'],
      ['?from=2026-11-20&to=2026-11-19', 'to'],
      [`?department=${'部'.repeat(101)}`, 'department'],
      ['?district=a&district=b', 'district'],
    ] as const) {
      const { status, json } = await getJson<{ error: string; issues: { path: string }[] }>(qihu.url, `/api/v1/supervision/tickets${query}`);
      expect({ query, status, error: json.error }).toEqual({ query, status: 400, error: 'QH_ERR_VALIDATION' });
      expect(json.issues.map((i) => i.path)).toContain(path);
    }
  });
});

describe('who may see it', () => {
  it('needs a supervisor (or admin): 401 without credentials, 403 for an operator', async () => {
    for (const path of [
      '/api/v1/supervision/tickets',
      '/api/v1/supervision/summary',
      '/api/v1/supervision/export',
      '/api/v1/supervision/filters',
      `/api/v1/supervision/tickets/${seeded(1)}/timeline`,
      `/api/v1/supervision/tickets/${seeded(1)}/similar-cases`,
    ]) {
      expect((await fetch(qihu.url + path)).status).toBe(401);
      expect((await fetch(qihu.url + path, { headers: bearer(OPERATOR_TOKEN) })).status).toBe(403);
      expect((await fetch(qihu.url + path, { headers: bearer(ADMIN_TOKEN) })).status).toBe(200);
    }
  });
});

describe('a ticket from filing to rating', () => {
  it('shows filed, delivered, received, assigned, resolved and rated in order, with the deadline among them', async () => {
    const filed = await fileTicket(qihu.url, {
        channel: 'api',
        enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
        contact: { name: '李四', phone: '13800138000' },
        demand: { summary: '厂门口道路破损半年未修复，影响货车进出，联系电话13800138000' },
      });
    const { id, accessToken } = filed;
    const timeline = () => getJson<{ status: string; events: { kind: string; status?: string; department?: string; answer?: string; score?: number }[] }>(qihu.url, `/api/v1/supervision/tickets/${id}/timeline`);
    // The in-process routing backend receives it and assigns it.
    await waitUntil(async () => (await timeline()).json.status === 'assigned');
    // The department answers (the backend's demo route), then the enterprise rates.
    expect(qihu.routingBackend!.resolve(id, { answer: '已安排修复，请留意，联系电话13800138000' })).toBe(true);
    await waitUntil(async () => (await timeline()).json.status === 'resolved');
    const rated = await fetch(qihu.url + `/api/v1/tickets/${id}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-qihu-ticket-token': accessToken },
      body: JSON.stringify({ score: 4, comment: '处理及时' }),
    });
    expect(rated.status).toBe(201);
    const { json } = await timeline();
    const kinds = json.events.map((e) => (e.kind === 'status' ? e.status : e.kind));
    expect(kinds.filter((k) => k !== 'deadline' && k !== 'delivered')).toEqual(['filed', 'received', 'assigned', 'resolved', 'rating']);
    // Answered long before its deadline: the deadline comes last.
    expect(kinds[kinds.length - 1]).toBe('deadline');
    expect(json.events.find((e) => e.status === 'assigned')?.department).toBeTruthy();
    expect(json.events.find((e) => e.kind === 'rating')?.score).toBe(4);
    expect(JSON.stringify(json)).not.toContain('13800138000');
    expect(JSON.stringify(json)).not.toContain('91350100M000100Y43');
    // And the list has it as answered in time.
    expect((await list('?colour=grey')).json.items.find((i) => i.id === id)).toMatchObject({ outcome: 'met' });
  }, 30_000);

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await getJson(qihu.url, '/api/v1/supervision/tickets/QH-20200101-000001/timeline')).status).toBe(404);
    expect((await getJson(qihu.url, '/api/v1/supervision/tickets/nope/timeline')).status).toBe(404);
  });
});

describe('GET /api/v1/supervision/export', () => {
  it('downloads the filtered list as CSV: UTF-8 with BOM, masked phones, formulas neutralised', async () => {
    const res = await fetch(qihu.url + '/api/v1/supervision/export?format=csv&colour=red', { headers: bearer(ADMIN_TOKEN) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="supervision-\d{8}\.csv"; filename\*=UTF-8''%E7%9D%A3%E5%8A%9E/);
    expect(res.headers.get('x-total-count')).toBe('4');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^工单编号,提交时间,渠道,企业名称/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('已超期');
    expect(lines.join('\n')).not.toContain(SEEDED_PHONE);
    expect(lines.join('\n')).toContain('139****5678');
  });

  it('writes a ticket whose text starts like a formula as text in both formats', async () => {
    const formula = '=HYPERLINK("http://evil.example","点击")';
    const filed = await fileTicket(qihu.url, {
        channel: 'api',
        enterprise: { name: '@SUM(1+1)', creditCode: '91350100M000100Y43', district: '西城区' },
        contact: { name: '-2+3', phone: '13800138000' },
        demand: { summary: formula },
        idempotencyKey: 'formula-injection-1',
      });
    const { id } = filed;
    const csv = await (await fetch(qihu.url + '/api/v1/supervision/export?format=csv&district=' + encodeURIComponent('西城区'), { headers: bearer(ADMIN_TOKEN) })).text();
    const line = csv.split('\r\n').find((l) => l.startsWith(id))!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(line).toContain(",'@SUM(1+1),");
    expect(line).toContain(",'-2+3,");
    expect(line).not.toMatch(/,=|,@|,-2/);

    const xlsx = await fetch(qihu.url + '/api/v1/supervision/export?format=xlsx&district=' + encodeURIComponent('西城区'), { headers: bearer(ADMIN_TOKEN) });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('督办工单');
    expect(sheet.getRow(1).getCell(1).value).toBe('工单编号');
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row, n) => n > 1 && rows.push(row));
    expect(rows).toHaveLength(4); // seeds 2, 7, 12 and this one
    const row = rows.find((r) => r.getCell(1).value === id)!;
    const summary = row.getCell(22);
    expect(summary.value).toBe(formula);
    expect(summary.type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(4).value).toBe('@SUM(1+1)');
    expect(row.getCell(24).value).toBe('138****8000');
    for (const r of rows) expect(r.getCell(24).value).not.toBe(SEEDED_PHONE);
  });

  it('refuses an unknown format', async () => {
    const { status, json } = await getJson<{ issues: { path: string }[] }>(qihu.url, '/api/v1/supervision/export?format=pdf');
    expect(status).toBe(400);
    expect(json.issues[0]?.path).toBe('format');
  });
});

describe('GET /api/v1/supervision/summary', () => {
  it("summarises today by default: the open tickets by colour, the overdue by department", async () => {
    const { status, json: body } = await getJson(qihu.url, '/api/v1/supervision/summary');
    expect(status).toBe(200);
    // The answer is exactly the schema the summary page's script is typed by (strict: nothing more, nothing less).
    const json = DailySummarySchema.parse(body);
    expect(json.date).toBe(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10));
    expect(json.open.red).toBe(4);
    expect(json.overdue.total).toBe(4);
    expect(json.overdue.byDepartment[0]).toEqual({ key: '市住房和城乡建设局', count: 2 });
  });

  it('refuses a malformed or future date', async () => {
    expect((await getJson(qihu.url, '/api/v1/supervision/summary?date=2026-02-30')).status).toBe(400);
    expect((await getJson(qihu.url, '/api/v1/supervision/summary?date=yesterday')).status).toBe(400);
    expect((await getJson(qihu.url, '/api/v1/supervision/summary?date=2999-01-01')).status).toBe(400);
  });
});

describe('GET /api/v1/supervision/filters', () => {
  it('offers the departments, categories and districts of the tables in force', async () => {
    const { json } = await getJson<{ departments: string[]; categories: string[]; districts: string[] }>(qihu.url, '/api/v1/supervision/filters');
    expect(json.departments).toContain('市住房和城乡建设局');
    expect(json.categories).toEqual(expect.arrayContaining(['城乡建设', '城乡建设/工程质量', '党务政务/其他']));
    expect(json.districts[0]).toBe('市本级');
    expect(json.districts).toContain('西城区');
  });
});

describe('GET /api/v1/supervision/tickets/:id/similar-cases', () => {
  const similar = (id: string, token = ADMIN_TOKEN) => getJson(qihu.url, `/api/v1/supervision/tickets/${id}/similar-cases`, bearer(token));

  it("answers the 3 past cases most like the ticket's demand, with department, level, gist and whole reply", async () => {
    const filed = await fileTicket(qihu.url, {
        channel: 'api',
        enterprise: { name: '示例商贸有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
        contact: { name: '张三', phone: '13800138000' },
        demand: { summary: '东城区商业街工地夜间施工噪音扰民', detail: '晚上十一点以后还在施工，附近商户和住户都睡不着' },
        idempotencyKey: 'similar-cases-1',
      });
    const { id } = filed;
    const { status, json, headers } = await similar(id, SUPERVISOR_TOKEN);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    const body = SimilarCases.parse(json);
    expect(body.total).toBe(10);
    expect(body.cases).toHaveLength(3);
    expect(body.cases[0]).toMatchObject({ id: 'sample-case-001', department: '示例市城市管理和综合执法局', level: 'high' });
    expect(body.cases[0]!.gist.startsWith('经示例市城市管理和综合执法局')).toBe(true);
    expect(body.cases[0]!.reply.startsWith('网友您好！')).toBe(true);
    const sims = body.cases.map((c) => c.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await similar('QH-20200101-000001')).status).toBe(404);
    expect((await similar('nope')).status).toBe(404);
  });

  it("masks phone numbers in the cases' texts, as in the timeline", () => {
    const c = { id: 'c1', title: '电话13912345678打不通', gist: '请拨打13912345678', reply: '经办人电话13912345678', similarity: 0.5, level: 'high' as const };
    expect(JSON.stringify(maskedCase(c))).not.toContain('13912345678');
    expect(maskedCase(c).reply).toContain('139****5678');
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
