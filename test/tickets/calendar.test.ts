import { join } from 'node:path';
import {
  beijingDate,
  beijingMinutes,
  covers,
  coverageIssue,
  dayKind,
  formatBeijingIso,
  isWorkingDay,
  loadCalendar,
  nextWorkingDay,
  parseCalendar,
  previousWorkingDay,
} from '../../src/tickets/calendar';

const cal = loadCalendar(join(__dirname, '../../knowledge-base/holidays.json'));

describe('holiday calendar (knowledge-base/holidays.json)', () => {
  it('covers 2025, 2026 and 2027, with 2027 provisional', () => {
    expect([2025, 2026, 2027].every((y) => covers(cal, y))).toBe(true);
    expect([...cal.provisionalYears]).toEqual([2027]);
  });

  it('has the 2026 Spring Festival: 2月15日–23日 off, 2月14日 and 2月28日 (Saturdays) working', () => {
    for (let d = 15; d <= 23; d++) expect(dayKind(cal, `2026-02-${d}`)).toBe('holiday');
    expect(dayKind(cal, '2026-02-14')).toBe('makeup_workday');
    expect(dayKind(cal, '2026-02-28')).toBe('makeup_workday');
    expect(isWorkingDay(cal, '2026-02-13')).toBe(true);
    expect(isWorkingDay(cal, '2026-02-24')).toBe(true);
  });

  it('has the 2026 National Day: 10月1日–7日 off, 9月20日 (Sunday) and 10月10日 (Saturday) working', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(cal, `2026-10-0${d}`)).toBe(false);
    expect(dayKind(cal, '2026-09-20')).toBe('makeup_workday');
    expect(dayKind(cal, '2026-10-10')).toBe('makeup_workday');
    expect(dayKind(cal, '2026-10-11')).toBe('weekend');
    // 中秋节 2026 is a separate three-day break the week before.
    expect(dayKind(cal, '2026-09-25')).toBe('holiday');
  });

  it('counts 33 days off in 2026 and 30 in 2025 as the notices say', () => {
    const count = (y: number) => [...cal.holidays.keys()].filter((d) => d.startsWith(`${y}-`)).length;
    expect(count(2026)).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(count(2025)).toBe(1 + 8 + 3 + 5 + 3 + 8);
  });

  it('steps over holidays to the next and previous working day', () => {
    expect(nextWorkingDay(cal, '2026-09-30')).toBe('2026-10-08');
    expect(nextWorkingDay(cal, '2026-02-13')).toBe('2026-02-14');
    expect(nextWorkingDay(cal, '2026-02-14')).toBe('2026-02-24');
    expect(previousWorkingDay(cal, '2026-10-08')).toBe('2026-09-30');
    expect(previousWorkingDay(cal, '2026-09-21')).toBe('2026-09-20');
  });

  it('falls back to plain weekends outside the covered years', () => {
    expect(covers(cal, 2030)).toBe(false);
    expect(isWorkingDay(cal, '2030-01-01')).toBe(true); // a Tuesday; the 2030 notice is unknown
    expect(isWorkingDay(cal, '2030-01-05')).toBe(false);
  });

  it('says when a deadline may fall outside the covered years', () => {
    expect(coverageIssue(cal, new Date('2026-11-27T10:00:00+08:00'))).toBeUndefined();
    expect(coverageIssue(cal, new Date('2027-12-20T10:00:00+08:00'))).toBe('calendar_missing_year');
    expect(coverageIssue(cal, new Date('2028-03-01T10:00:00+08:00'))).toBe('calendar_missing_year');
  });
});

describe('calendar validation', () => {
  const year = (extra: object) => ({
    timezone: 'Asia/Shanghai',
    years: [{ year: 2026, source: 'test', holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }], ...extra }],
  });

  it('rejects a date that is both a holiday and a make-up day', () => {
    expect(() => parseCalendar(year({ workdays: [{ name: 'x', dates: ['2026-10-03'] }] }))).toThrow(
      /both a holiday and a make-up working day/,
    );
  });

  it('rejects a make-up day that is not a weekend', () => {
    expect(() => parseCalendar(year({ workdays: [{ name: 'x', dates: ['2026-10-09'] }] }))).toThrow(/is a weekday/);
  });

  it('rejects reversed ranges, dates outside the year and bad dates', () => {
    expect(() => parseCalendar(year({ holidays: [{ name: 'x', from: '2026-10-07', to: '2026-10-01' }] }))).toThrow();
    expect(() => parseCalendar(year({ holidays: [{ name: 'x', from: '2025-12-31' }] }))).toThrow(/not in 2026/);
    expect(() => parseCalendar(year({ holidays: [{ name: 'x', from: '2026-02-30' }] }))).toThrow();
  });

  it('accepts a valid year', () => {
    const c = parseCalendar(year({ workdays: [{ name: '国庆节调休上班', dates: ['2026-10-10'] }] }));
    expect(c.holidays.get('2026-10-05')).toBe('国庆节');
    expect(c.workdays.get('2026-10-10')).toBe('国庆节调休上班');
  });
});

describe('Beijing time helpers', () => {
  it('converts instants to Beijing dates and minutes', () => {
    expect(beijingDate(new Date('2026-11-27T15:59:00Z'))).toBe('2026-11-27');
    expect(beijingDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
    expect(beijingMinutes(new Date('2026-11-27T09:30:00Z'))).toBe(17 * 60 + 30);
    expect(formatBeijingIso(new Date('2026-11-27T09:30:00Z'))).toBe('2026-11-27T17:30:00+08:00');
  });
});
