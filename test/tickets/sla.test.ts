import { join } from 'node:path';
import { loadCalendar } from '../../src/tickets/calendar';
import { seededRandom } from '../../src/util/random';
import {
  acceptanceDay,
  addWorkingDays,
  computeSla,
  slaColour,
  slaFor,
  slaOutcome,
  trafficLight,
  yellowUntil,
  workingDaysLeft,
  yellowFrom,
} from '../../src/tickets/sla';

const cal = loadCalendar(join(__dirname, '../../knowledge-base/holidays.json'));
/** A Beijing wall-clock time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const due = (local: string, n: number) => addWorkingDays(bj(local), n, cal).toISOString();

describe('slaFor', () => {
  it('gives 3 working days to general and 7 to complex demands', () => {
    expect(slaFor('general')).toBe(3);
    expect(slaFor('complex')).toBe(7);
  });
});

describe('addWorkingDays', () => {
  it('counts from the day after acceptance and ends at 17:30 Beijing time', () => {
    // Monday 2026-11-23 10:00 → Thursday 17:30
    expect(due('2026-11-23T10:00:00', 3)).toBe(bj('2026-11-26T17:30:00').toISOString());
  });

  it('treats a Friday-evening ticket as received on Monday', () => {
    // Friday 2026-11-27 18:05 → accepted Monday 11-30 → due Thursday 12-03 17:30
    expect(acceptanceDay(bj('2026-11-27T18:05:00'), cal)).toBe('2026-11-30');
    expect(due('2026-11-27T18:05:00', 3)).toBe(bj('2026-12-03T17:30:00').toISOString());
    // the same Friday at 10:00 is due Wednesday
    expect(due('2026-11-27T10:00:00', 3)).toBe(bj('2026-12-02T17:30:00').toISOString());
  });

  it('moves 17:30 sharp to the next working day but keeps 17:29', () => {
    expect(acceptanceDay(bj('2026-11-25T17:29:59'), cal)).toBe('2026-11-25');
    expect(acceptanceDay(bj('2026-11-25T17:30:00'), cal)).toBe('2026-11-26');
  });

  it('counts the 2026 National Day make-up Saturday (10月10日) as a working day', () => {
    // Wednesday 09-30 → 10-08, 10-09, 10-10 (Saturday, 调休上班)
    expect(due('2026-09-30T10:00:00', 3)).toBe(bj('2026-10-10T17:30:00').toISOString());
    // A ticket during the holiday is accepted on 10-08: 10-09, 10-10 (调休), 10-12 (10-11 is a Sunday off).
    expect(due('2026-10-03T09:00:00', 3)).toBe(bj('2026-10-12T17:30:00').toISOString());
  });

  it('accepts a Friday-evening ticket on the make-up Sunday before National Day (9月20日)', () => {
    expect(acceptanceDay(bj('2026-09-18T19:00:00'), cal)).toBe('2026-09-20');
    expect(due('2026-09-18T19:00:00', 3)).toBe(bj('2026-09-23T17:30:00').toISOString());
  });

  it('spans the 2026 Spring Festival with both make-up Saturdays', () => {
    // Friday 02-13 16:00: 02-14 (Sat, 调休), then 02-24, 02-25
    expect(due('2026-02-13T16:00:00', 3)).toBe(bj('2026-02-25T17:30:00').toISOString());
    // complex: 02-14, 24, 25, 26, 27, 28 (Sat, 调休), 03-02
    expect(due('2026-02-13T16:00:00', 7)).toBe(bj('2026-03-02T17:30:00').toISOString());
    // during the holiday: accepted 02-24, due 02-27
    expect(due('2026-02-18T11:00:00', 3)).toBe(bj('2026-02-27T17:30:00').toISOString());
  });

  it('handles the 2025 National Day and Mid-Autumn holiday (8 days, 10月11日 working)', () => {
    expect(due('2025-09-30T09:00:00', 3)).toBe(bj('2025-10-11T17:30:00').toISOString());
  });

  it('rejects negative or fractional counts', () => {
    expect(() => addWorkingDays(bj('2026-11-25T10:00:00'), -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays(bj('2026-11-25T10:00:00'), 1.5, cal)).toThrow(RangeError);
  });
});

describe('computeSla', () => {
  it('writes the due time with the Beijing offset', () => {
    expect(computeSla(bj('2026-11-27T18:05:00'), 'general', cal)).toEqual({
      workingDays: 3,
      dueAt: '2026-12-03T17:30:00+08:00',
    });
    expect(computeSla(bj('2026-11-27T18:05:00'), 'complex', cal)).toEqual({
      workingDays: 7,
      dueAt: '2026-12-09T17:30:00+08:00',
    });
  });
});

describe('trafficLight', () => {
  const ticket = { sla: { dueAt: '2026-12-03T17:30:00+08:00' } }; // Thursday

  it('is green with more than one working day left', () => {
    expect(trafficLight(ticket, bj('2026-11-30T09:00:00'), cal)).toBe('green');
    expect(trafficLight(ticket, bj('2026-12-02T17:29:59'), cal)).toBe('green');
  });

  it('turns yellow at 17:30 of the last working day before the due day', () => {
    expect(yellowFrom(new Date(ticket.sla.dueAt), cal).toISOString()).toBe(bj('2026-12-02T17:30:00').toISOString());
    expect(trafficLight(ticket, bj('2026-12-02T17:30:00'), cal)).toBe('yellow');
    expect(trafficLight(ticket, bj('2026-12-03T17:30:00'), cal)).toBe('yellow');
  });

  it('turns red once overdue', () => {
    expect(trafficLight(ticket, bj('2026-12-03T17:30:01'), cal)).toBe('red');
  });

  it('stays yellow through a holiday before the due day', () => {
    // Due Thursday 10-08, the first working day after National Day: yellow from 09-30 17:30.
    const t = { sla: { dueAt: '2026-10-08T17:30:00+08:00' } };
    expect(trafficLight(t, bj('2026-09-30T17:00:00'), cal)).toBe('green');
    expect(trafficLight(t, bj('2026-10-05T12:00:00'), cal)).toBe('yellow');
  });

  it('reports working days left for 督办 lists', () => {
    const d = new Date(ticket.sla.dueAt);
    expect(workingDaysLeft(d, bj('2026-11-30T09:00:00'), cal)).toBe(4);
    expect(workingDaysLeft(d, bj('2026-12-02T18:00:00'), cal)).toBe(1);
    expect(workingDaysLeft(d, bj('2026-12-03T10:00:00'), cal)).toBe(1);
    expect(workingDaysLeft(d, bj('2026-12-04T10:00:00'), cal)).toBe(0);
  });
});

describe('the 督办 colours', () => {
  it('yellowUntil bounds the deadlines trafficLight calls yellow, so a store can query them as a range', () => {
    // Any instant of 2026 (holidays, make-up days, 17:30 edges) against deadlines up to 20 days on,
    // 17:30 as computed and at other times of day.
    const random = seededRandom(20261125);
    const start = bj('2026-01-01T00:00:00').getTime();
    const disagree: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const now = new Date(start + Math.floor(random() * 365 * 86_400_000));
      const due =
        random() < 0.6
          ? addWorkingDays(now, Math.floor(random() * 8), cal)
          : new Date(now.getTime() + Math.floor((random() - 0.2) * 20 * 86_400_000));
      if (random() < 0.05) now.setTime(due.getTime()); // exactly on the deadline
      const byRange = due.getTime() < now.getTime() ? 'red' : due.getTime() < yellowUntil(now, cal).getTime() ? 'yellow' : 'green';
      const light = trafficLight({ sla: { dueAt: due.toISOString() } }, now, cal);
      if (byRange !== light) disagree.push(`${now.toISOString()} due ${due.toISOString()}: ${byRange} vs ${light}`);
    }
    expect(disagree.slice(0, 5)).toEqual([]);
  });

  it('ends the yellow window at midnight after the working day whose close comes next', () => {
    expect(yellowUntil(bj('2026-11-25T10:00:00'), cal).toISOString()).toBe(bj('2026-11-26T00:00:00').toISOString());
    // After hours on a Friday: Monday is next.
    expect(yellowUntil(bj('2026-11-27T18:00:00'), cal).toISOString()).toBe(bj('2026-12-01T00:00:00').toISOString());
    // During National Day: the first working day after it.
    expect(yellowUntil(bj('2026-10-03T12:00:00'), cal).toISOString()).toBe(bj('2026-10-09T00:00:00').toISOString());
  });

  it('greys an answered ticket and says whether the answer kept the deadline', () => {
    const dueAt = '2026-12-02T17:30:00+08:00';
    expect(slaColour({ dueAt }, bj('2026-12-03T09:00:00'), cal)).toBe('red');
    expect(slaColour({ dueAt, answeredAt: '2026-12-03T09:00:00+08:00' }, bj('2026-12-03T09:00:00'), cal)).toBe('grey');
    expect(slaOutcome(dueAt, '2026-12-02T17:30:00+08:00')).toBe('met');
    expect(slaOutcome(dueAt, '2026-12-02T17:30:01+08:00')).toBe('missed');
  });
});
