/**
 * When people staff the live hand-off: working days of the ticket calendar (weekends, statutory
 * holidays and make-up working days, src/tickets/calendar.ts) and the hours of LIVE_AGENT_HOURS,
 * Beijing time, e.g. "09:00-12:00,13:30-17:30". An empty value means never staffed.
 */
import { beijingDate, beijingMinutes, isWorkingDay, type WorkCalendar } from '../../tickets/calendar';

export interface HoursRange {
  from: number;
  to: number;
}

const RANGE = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/;

/** "09:00-17:30,…" → minute ranges; throws a readable message for a bad value (config.ts reports it). */
export function parseHours(text: string): HoursRange[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const m = RANGE.exec(part.trim());
    if (!m) throw new Error(`"${part.trim()}" is not HH:MM-HH:MM`);
    const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
    const from = h1 * 60 + m1;
    const to = h2 * 60 + m2;
    if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || to > 24 * 60) throw new Error(`"${part.trim()}" is not a time of day`);
    if (to <= from) throw new Error(`"${part.trim()}" ends before it starts`);
    return { from, to };
  });
}

/** Which days are staffed: working days of the calendar, or every day (a 7×24 centre). */
export type StaffedDays = 'working' | 'all';

export function isStaffedTime(at: Date, calendar: WorkCalendar, hours: readonly HoursRange[], days: StaffedDays = 'working'): boolean {
  if (days === 'working' && !isWorkingDay(calendar, beijingDate(at))) return false;
  const minute = beijingMinutes(at);
  return hours.some((r) => minute >= r.from && minute < r.to);
}

const hhmm = (minutes: number): string => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

/** "9:00-12:00、13:30-17:30", for the user. */
export function describeHours(hours: readonly HoursRange[]): string {
  return hours.map((r) => `${hhmm(r.from)}-${hhmm(r.to)}`).join('、');
}
