/**
 * previewRouting (src/tickets/preview.ts): the 预计分派 shown while a ticket is being written is
 * what filing it would give, whatever is still missing or mistyped.
 */
import { join } from 'node:path';
import { loadCalendar } from '../../src/tickets/calendar';
import { loadDistricts } from '../../src/tickets/districts';
import { prepareTicket } from '../../src/tickets/prepare';
import { previewRouting } from '../../src/tickets/preview';
import { loadRouting } from '../../src/tickets/triage';

const kb = join(__dirname, '../../knowledge-base');
const deps = {
  calendar: loadCalendar(join(kb, 'holidays.json')),
  routing: loadRouting(join(kb, 'routing.json')),
  districts: loadDistricts(join(kb, 'districts.json')),
  /** Friday 2026-11-27 18:05 Beijing time: after hours. */
  now: new Date('2026-11-27T18:05:00+08:00'),
};

describe('previewRouting', () => {
  it('gives the triage and SLA that filing the same ticket gives', () => {
    const demand = { summary: '项目拖欠农民工工资', detail: '东城区某项目拖欠30多名工人工资已三个月。' };
    const preview = previewRouting({ ...demand, district: '示例市东城区', town: '东门街道' }, deps);
    const filed = prepareTicket(
      {
        channel: 'hotline',
        enterprise: { name: '示例建工集团有限公司', creditCode: '91440300708461136t', district: '示例市东城区', town: '东门街道' },
        contact: { name: '王经理', phone: '13800138000' },
        demand,
      },
      { ...deps, sequence: 1 },
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed.issues));
    expect(preview).toEqual({ triage: filed.ticket.triage, sla: filed.ticket.sla, district: '东城区' });
    expect(preview.sla.dueAt.endsWith('17:30:00+08:00')).toBe(true);
  });

  it('changes with the words: another demand, another department', () => {
    const road = previewRouting({ summary: '厂门口道路破损，货车进不来' }, deps);
    const wage = previewRouting({ summary: '拖欠工资' }, deps);
    expect(road.triage.department).not.toBe(wage.triage.department);
  });

  it('leaves out a district it does not know, and keeps the district when only the town is wrong', () => {
    expect(previewRouting({ summary: '拖欠工资', district: '不存在区' }, deps)).not.toHaveProperty('district');
    expect(previewRouting({ summary: '拖欠工资', district: '东城区', town: '不存在街道' }, deps).district).toBe('东城区');
    expect(previewRouting({ summary: '', district: '' }, deps).triage.department).toBe(deps.routing.file.fallback.department);
  });
});
