import { join } from 'node:path';
import { loadCalendar } from '../../src/tickets/calendar';
import { loadDistricts } from '../../src/tickets/districts';
import { deriveIdempotencyKey, prepareTicket, type PrepareDeps } from '../../src/tickets/prepare';
import { Ticket } from '../../src/tickets/schema';
import { loadRouting } from '../../src/tickets/triage';

const kb = join(__dirname, '../../knowledge-base');
const base = {
  calendar: loadCalendar(join(kb, 'holidays.json')),
  routing: loadRouting(join(kb, 'routing.json')),
  districts: loadDistricts(join(kb, 'districts.json')),
};
/** Friday 2026-11-27 18:05 Beijing time: after hours. */
const deps: PrepareDeps = { ...base, now: new Date('2026-11-27T18:05:00+08:00'), sequence: 123 };

const input = {
  channel: 'web',
  enterprise: { name: '示例建工集团有限公司', creditCode: '91440300708461136t', district: '示例市东城区', town: '东门街道' },
  contact: { name: '王经理', phone: '0591 8765 4321' },
  demand: {
    summary: '项目拖欠农民工工资',
    detail: '东城区某项目拖欠30多名工人工资已三个月。',
    turns: Array.from({ length: 25 }, (_, i) => ({ role: i % 2 ? 'bot' : 'user', text: `第${i + 1}轮` })),
    candidates: [{ entryId: 'hr-wage-guarantee', title: '农民工工资保证金', score: 0.41 }],
  },
  sessionId: 'sess-42',
};

describe('prepareTicket', () => {
  it('builds a complete, valid ticket', () => {
    const r = prepareTicket(input, deps);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = r.ticket;
    expect(Ticket.safeParse(t).success).toBe(true);
    expect(t.schema).toBe('qihu.ticket/v1');
    expect(t.id).toBe('QH-20261127-000123');
    expect(t.createdAt).toBe('2026-11-27T18:05:00+08:00');
    expect(t.enterprise).toEqual({
      name: '示例建工集团有限公司',
      creditCode: '91440300708461136T',
      district: '东城区',
      town: '东门街道',
    });
    expect(t.contact.phone).toBe('0591-87654321');
    // the last 20 turns travel with the ticket
    expect(t.demand.turns).toHaveLength(20);
    expect(t.demand.turns[0]?.text).toBe('第6轮');
    expect(t.triage.department).toBe('市人力资源和社会保障局');
    expect(t.triage.complexity).toBe('complex'); // 30多名工人
    // complex → 7 working days from Monday 11-30 (Friday evening counts from Monday)
    expect(t.sla).toEqual({ workingDays: 7, dueAt: '2026-12-09T17:30:00+08:00' });
    expect(t.idempotencyKey).toMatch(/^auto-[0-9a-f]{32}$/);
    expect(t.sessionId).toBe('sess-42');
  });

  it('gives a general demand 3 working days', () => {
    const r = prepareTicket({ ...input, demand: { summary: '增值税专用发票怎么开' } }, deps);
    expect(r.ok && r.ticket.sla).toEqual({ workingDays: 3, dueAt: '2026-12-03T17:30:00+08:00' });
    expect(r.ok && r.ticket.triage.department).toBe('市税务局');
  });

  it('keeps the channel’s idempotency key', () => {
    const r = prepareTicket({ ...input, idempotencyKey: 'web-req-0001' }, deps);
    expect(r.ok && r.ticket.idempotencyKey).toBe('web-req-0001');
  });

  it('derives the same key for a retry in the same minute and a different one later', () => {
    const a = deriveIdempotencyKey({ channel: 'web', sessionId: 's', summary: '欠薪 问题' }, new Date('2026-11-27T10:00:05+08:00'));
    const b = deriveIdempotencyKey({ channel: 'web', sessionId: 's', summary: '欠薪问题' }, new Date('2026-11-27T10:00:55+08:00'));
    const c = deriveIdempotencyKey({ channel: 'web', sessionId: 's', summary: '欠薪问题' }, new Date('2026-11-27T10:01:00+08:00'));
    const d = deriveIdempotencyKey({ channel: 'api', sessionId: 's', summary: '欠薪问题' }, new Date('2026-11-27T10:00:05+08:00'));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(d).not.toBe(a);
  });

  it('uses the knowledge-base departments it is given', () => {
    const r = prepareTicket({ ...input, demand: { summary: '请问这个怎么办理' } }, { ...deps, kbDepartments: ['医保局'] });
    expect(r.ok && r.ticket.triage.department).toBe('市医疗保障局');
  });

  it('rejects a district outside the city and a town outside the district', () => {
    expect(prepareTicket({ ...input, enterprise: { ...input.enterprise, district: '朝阳区' } }, deps)).toEqual({
      ok: false,
      issues: [{ path: 'enterprise.district', code: 'district_unknown', message: '所属区县不在本市范围内，请从列表中选择' }],
    });
    const r = prepareTicket({ ...input, enterprise: { ...input.enterprise, town: '桃源乡' } }, deps);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ path: 'enterprise.town', code: 'town_unknown' });
  });

  it('returns validation issues instead of throwing', () => {
    const r = prepareTicket({ ...input, contact: { name: '王经理', phone: '12345' } }, deps);
    expect(r).toEqual({
      ok: false,
      issues: [{ path: 'contact.phone', code: 'phone_invalid', message: expect.stringContaining('联系电话格式不正确') }],
    });
    expect(prepareTicket('not an object', deps).ok).toBe(false);
  });

  it('is pure: the same input and deps give the same ticket', () => {
    expect(prepareTicket(input, deps)).toEqual(prepareTicket(input, deps));
  });
});
