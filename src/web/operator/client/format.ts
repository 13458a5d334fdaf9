/**
 * Times as people on the hotline read them: Beijing time, month and day ("12月16日 17:30"), the
 * year only when it is not this year's. Deadlines say how many working days they are
 * ("12月16日 17:30（3个工作日）"). The API's times carry the +08:00 offset; they are shown in
 * Asia/Shanghai whatever the computer's own time zone, because deadlines are Beijing office hours.
 */
import { WORKING_DAYS } from './messages';

const ZONE = 'Asia/Shanghai';

function parts(date: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const p of format.formatToParts(date)) if (p.type in out) out[p.type as keyof typeof out] = p.value;
  return out;
}

/** "12月16日 17:30" (or "2027年1月5日 17:30" in another year than now's); the text itself if it is no time. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (isNaN(date.getTime())) return iso;
  const p = parts(date);
  const year = p.year !== parts(now).year ? p.year + '年' : '';
  return year + Number(p.month) + '月' + Number(p.day) + '日 ' + p.hour + ':' + p.minute;
}

/** "12月16日 17:30（3个工作日）". */
export function formatDeadline(sla: { dueAt: string; workingDays: number }, now: Date = new Date()): string {
  return formatTime(sla.dueAt, now) + '（' + WORKING_DAYS(sla.workingDays) + '）';
}
