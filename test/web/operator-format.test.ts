/**
 * How the operator console writes times (src/web/operator/client/format.ts): Beijing time whatever
 * the computer's zone, month and day, the year only when it is not this year's, and a deadline's
 * working days.
 */
import { formatDeadline, formatTime } from '../../src/web/operator/client/format';

const NOW = new Date('2026-12-11T10:00:00+08:00');

describe('operator console times', () => {
  it('reads a deadline as 月日 时:分 and its working days', () => {
    expect(formatDeadline({ dueAt: '2026-12-16T17:30:00+08:00', workingDays: 3 }, NOW)).toBe('12月16日 17:30（3个工作日）');
    expect(formatDeadline({ dueAt: '2026-12-22T17:30:00+08:00', workingDays: 7 }, NOW)).toBe('12月22日 17:30（7个工作日）');
  });

  it('uses Beijing time for instants written in another offset', () => {
    expect(formatTime('2026-12-16T09:30:00Z', NOW)).toBe('12月16日 17:30');
    expect(formatTime('2026-12-31T16:05:00.000Z', NOW)).toBe('2027年1月1日 00:05');
  });

  it('names the year only when it is not this year', () => {
    expect(formatDeadline({ dueAt: '2027-01-05T17:30:00+08:00', workingDays: 3 }, NOW)).toBe('2027年1月5日 17:30（3个工作日）');
    expect(formatTime('2025-03-01T08:00:00+08:00', NOW)).toBe('2025年3月1日 08:00');
  });

  it('leaves text that is no time as it is', () => {
    expect(formatTime('not a time', NOW)).toBe('not a time');
  });
});
