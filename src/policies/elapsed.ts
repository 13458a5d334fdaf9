/**
 * How long an enterprise has existed on a date, exactly: the fact `establishedYears` that
 * "成立满3年", "成立超过3年", "不超过3年", "满18个月" and "不足6个月" are tested against.
 *
 * Whole months are counted the way 民法典 第二百零三条 counts a period of months: a month ends on the
 * corresponding day of the next month, or on its last day when it has none (founded 01-31: a month on
 * 02-28). The month under way counts as the share of its days gone by. The years are those months
 * divided by 12, so an anniversary gives a whole number (3 years to the day is exactly 3, a day short
 * is below 3), 18 months is exactly 1.5 and 3 years 6 months exactly 3.5; a bound in months (1.5,
 * 0.5) is as fine as a day.
 */

export interface Elapsed {
  /** Whole months and the share of the month under way, in years: (months + share) / 12. */
  years: number;
  /** The same span as a person says it: whole years, months and days. */
  parts: { years: number; months: number; days: number };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
export const daysInMonth = (year: number, month: number): number => (month === 2 && leap(year) ? 29 : MONTH_DAYS[month - 1]!);

/** Days since 1970-01-01 of a proleptic Gregorian date, by arithmetic (a registry scan counts 100,000 of these; Date objects cost more). */
function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The day `months` months after (y, m, d): the corresponding day, or the month's last day when it has none. */
function monthsAfter(y: number, m: number, d: number, months: number): number {
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return dayNumber(year, month, Math.min(d, daysInMonth(year, month)));
}

/** The time from `from` to `on` (both YYYY-MM-DD); a date before `from` gives undefined. */
export function elapsed(from: string, on: string): Elapsed | undefined {
  const fy = Number(from.slice(0, 4));
  const fm = Number(from.slice(5, 7));
  const fd = Number(from.slice(8, 10));
  const oy = Number(on.slice(0, 4));
  const om = Number(on.slice(5, 7));
  const od = Number(on.slice(8, 10));
  const today = dayNumber(oy, om, od);
  let months = (oy - fy) * 12 + (om - fm);
  if (monthsAfter(fy, fm, fd, months) > today) months--;
  if (months < 0) return undefined;
  const start = monthsAfter(fy, fm, fd, months);
  const share = (today - start) / (monthsAfter(fy, fm, fd, months + 1) - start);
  return { years: (months + share) / 12, parts: { years: Math.floor(months / 12), months: months % 12, days: today - start } };
}

/** Years established on a date, exactly (see above); undefined before founding. */
export const elapsedYears = (from: string, on: string): number | undefined => elapsed(from, on)?.years;

/** "3年6个月", "3年零5天", "6个月", "0天": the span as the chat and explanations show it. */
export function elapsedText(parts: Elapsed['parts']): string {
  const out = [parts.years > 0 ? `${parts.years}年` : '', parts.months > 0 ? `${parts.months}个月` : ''].join('');
  if (parts.days === 0) return out || '0天';
  return `${out}${parts.years > 0 && parts.months === 0 ? '零' : ''}${parts.days}天`;
}
