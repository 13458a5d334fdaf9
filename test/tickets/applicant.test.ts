/**
 * Tickets from everyone: an enterprise, a person (个人, 个体户 without a code) or a founder before
 * registration. The credit code is optional, a person's ticket names a district instead of an
 * enterprise, the place of a reported problem travels with the demand, and a payload of the earlier
 * shape (every enterprise field, no applicant) is still valid and means an enterprise.
 */
import { join } from 'node:path';
import { loadCalendar } from '../../src/tickets/calendar';
import { loadDistricts } from '../../src/tickets/districts';
import { prepareTicket, type PrepareDeps } from '../../src/tickets/prepare';
import { Ticket } from '../../src/tickets/schema';
import { parseTicketInput } from '../../src/tickets/issues';
import { assessDemand, loadRouting } from '../../src/tickets/triage';

const kb = join(__dirname, '../../knowledge-base');
const routing = loadRouting(join(kb, 'routing.json'));
const deps: PrepareDeps = {
  calendar: loadCalendar(join(kb, 'holidays.json')),
  routing,
  districts: loadDistricts(join(kb, 'districts.json')),
  now: new Date('2026-11-23T10:00:00+08:00'),
  sequence: 7,
};

const person = {
  channel: 'web',
  applicant: { kind: 'individual', district: '示例市东城区', town: '东门街道' },
  contact: { name: '张先生', phone: '138 0013 8000' },
  demand: { summary: '小区门口的路灯坏了好几天了', location: '幸福路与人民路交叉口东侧' },
};

describe('applicants', () => {
  it('a person files without an enterprise: kind, canonical district and the place are kept', () => {
    const r = prepareTicket(person, deps);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.ticket.applicant).toEqual({ kind: 'individual', district: '东城区', town: '东门街道' });
    expect(r.ticket.enterprise).toBeUndefined();
    expect(r.ticket.demand.location).toBe('幸福路与人民路交叉口东侧');
    expect(r.ticket.contact).toEqual({ name: '张先生', phone: '13800138000' });
    expect(r.ticket.triage.department).toBe('市城市管理和综合执法局');
    // The town is known: a street-level rule goes to the town.
    expect(r.ticket.triage.level).toBe('乡镇');
    expect(Ticket.safeParse(r.ticket).success).toBe(true);
  });

  it('a person without a district is told so, on the path the chat maps back to a question', () => {
    const r = prepareTicket({ ...person, applicant: { kind: 'individual' } }, deps);
    expect(r).toEqual({ ok: false, issues: [{ path: 'applicant.district', code: 'required', message: '所在区县不能为空' }] });
    const unknown = prepareTicket({ ...person, applicant: { kind: 'founder', district: '朝阳区' } }, deps);
    expect(unknown.ok ? undefined : unknown.issues[0]).toMatchObject({ path: 'applicant.district', code: 'district_unknown' });
  });

  it('an enterprise without a credit code is valid; a wrong code is still refused', () => {
    const enterprise = { ...person, applicant: { kind: 'enterprise' }, enterprise: { name: '示例科技有限公司', district: '高新区' } };
    const r = prepareTicket(enterprise, deps);
    expect(r.ok && r.ticket.enterprise).toEqual({ name: '示例科技有限公司', district: '示例高新技术产业开发区' });
    expect(r.ok && r.ticket.applicant).toEqual({ kind: 'enterprise' });
    const wrong = parseTicketInput({ ...enterprise, enterprise: { ...enterprise.enterprise, creditCode: '91350100M000100Y44' } });
    expect(wrong.ok ? [] : wrong.issues.map((i) => i.code)).toEqual(['uscc_check']);
  });

  it('an enterprise must name itself', () => {
    const r = parseTicketInput({ ...person, applicant: { kind: 'enterprise' } });
    expect(r.ok ? [] : r.issues).toEqual([{ path: 'enterprise', code: 'required', message: '企业信息不能为空' }]);
  });

  it('a founder may name the enterprise being set up; its district is then the ticket\'s', () => {
    const r = prepareTicket({ ...person, applicant: { kind: 'founder' }, enterprise: { name: '示例奶茶店（筹）', district: '东城区' } }, deps);
    expect(r.ok && r.ticket.applicant).toEqual({ kind: 'founder' });
    expect(r.ok && r.ticket.enterprise).toEqual({ name: '示例奶茶店（筹）', district: '东城区' });
  });

  it('a payload of the earlier shape is still valid and is an enterprise\'s', () => {
    const earlier = {
      channel: 'api',
      enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
      contact: { name: '李四', phone: '13800138000' },
      demand: { summary: '厂门口道路破损半年未修复' },
    };
    const r = prepareTicket(earlier, deps);
    expect(r.ok && r.ticket.applicant).toEqual({ kind: 'enterprise' });
    expect(r.ok && r.ticket.enterprise?.creditCode).toBe('91350100M000100Y43');
    // A ticket stored before applicants had kinds still reads.
    if (!r.ok) return;
    const { applicant: _applicant, ...stored } = r.ticket;
    expect(Ticket.safeParse(stored).success).toBe(true);
  });

  it('refuses an unknown kind', () => {
    const r = parseTicketInput({ ...person, applicant: { kind: 'robot', district: '东城区' } });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['applicant.kind']);
  });
});

describe('assessDemand', () => {
  it('says which demands concern a place, by their category', () => {
    expect(assessDemand('小区门口的路灯坏了好几天了', routing)).toMatchObject({ matched: true, located: true });
    expect(assessDemand('楼下烧烤店油烟太大', routing)).toMatchObject({ matched: true, located: true, category: { level1: '环境保护' } });
    expect(assessDemand('厂门口道路破损半年没修好', routing)).toMatchObject({ located: true, department: '市交通运输局' });
    // A matter, but no place: wages, a permit, the conduct of a window.
    expect(assessDemand('公司拖欠工资三个月', routing)).toMatchObject({ matched: true, located: false });
    expect(assessDemand('环评手续怎么办', routing)).toMatchObject({ matched: true, located: false });
    // Nothing the table knows.
    expect(assessDemand('今天天气怎么样', routing)).toMatchObject({ matched: false, located: false });
  });
});
