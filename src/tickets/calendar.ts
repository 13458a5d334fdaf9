/**
 * Working-day calendar for mainland China: weekends, statutory holidays (法定节假日 with their
 * 放假调休 days) and make-up working days (调休上班, weekends that are working days), loaded from
 * knowledge-base/holidays.json.
 *
 * All dates are Beijing local dates ("YYYY-MM-DD"). China has used a fixed UTC+8 with no daylight
 * saving since 1991, so converting with a constant offset is exact and needs no time-zone database.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CALENDAR_ERROR_CODES, type CalendarErrorCode } from './codes';

export { CALENDAR_ERROR_CODES, type CalendarErrorCode };

export const BEIJING_OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = BEIJING_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- date helpers (pure)

/** The Beijing calendar date of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since Beijing midnight of an instant. */
export function beijingMinutes(at: Date): number {
  const ms = (((at.getTime() + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(ms / 60_000);
}

/** The instant of a Beijing wall-clock time on a date. */
export function beijingInstant(date: string, hour: number, minute: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + (hour * 60 + minute) * 60_000);
}

/** ISO 8601 with the Beijing offset, e.g. "2026-10-09T17:30:00+08:00": what a department reads. */
export function formatBeijingIso(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

// ---------------------------------------------------------------- file schema

const IsoDate = z.iso.date();

export const HolidayRange = z
  .strictObject({
    /** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 (or 国庆节、中秋节). */
    name: z.string().min(1),
    from: IsoDate,
    /** Last day off, inclusive; omitted for a single day. */
    to: IsoDate.optional(),
  })
  .refine((r) => r.to === undefined || r.to >= r.from, { message: 'to must not be before from', path: ['to'] });

export const MakeupDays = z.strictObject({
  name: z.string().min(1),
  /** Weekend days that are working days (调休上班). */
  dates: z.array(IsoDate).min(1),
});

export const CalendarYear = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  /** True until the State Council publishes the year's notice (usually in November). */
  provisional: z.boolean().default(false),
  source: z.string().min(1),
  holidays: z.array(HolidayRange),
  workdays: z.array(MakeupDays).default([]),
});

function rangeDates(r: z.infer<typeof HolidayRange>): string[] {
  const out: string[] = [];
  for (let d = r.from; d <= (r.to ?? r.from); d = addDays(d, 1)) out.push(d);
  return out;
}

export const HolidaysFile = z
  .strictObject({
    $comment: z.string().optional(),
    timezone: z.literal('Asia/Shanghai'),
    years: z.array(CalendarYear).min(1),
  })
  .check((ctx) => {
    const issue = (message: string, path: (string | number)[], code = 'calendar_conflict') =>
      ctx.issues.push({ code: 'custom', message, params: { code }, path, input: ctx.value });
    const yearsSeen = new Set<number>();
    ctx.value.years.forEach((y, yi) => {
      if (yearsSeen.has(y.year)) issue(`year ${y.year} listed twice`, ['years', yi, 'year']);
      yearsSeen.add(y.year);
      const off = new Set<string>();
      y.holidays.forEach((h, hi) => {
        const days = rangeDates(h);
        if (days.length > 31) issue(`${h.name}: a holiday longer than 31 days is a typo`, ['years', yi, 'holidays', hi]);
        for (const d of days) {
          if (!d.startsWith(`${y.year}-`)) issue(`${d} is not in ${y.year}`, ['years', yi, 'holidays', hi]);
          off.add(d);
        }
      });
      y.workdays.forEach((w, wi) =>
        w.dates.forEach((d, di) => {
          const path = ['years', yi, 'workdays', wi, 'dates', di];
          if (!d.startsWith(`${y.year}-`)) issue(`${d} is not in ${y.year}`, path);
          // A make-up day is by definition a weekend day; a weekday here is a typo.
          if (!isWeekend(d)) issue(`${d} is a weekday; only weekends can be make-up working days`, path);
          if (off.has(d)) issue(`${d} is both a holiday and a make-up working day`, path);
        }),
      );
    });
  });
export type HolidaysFile = z.infer<typeof HolidaysFile>;

// ---------------------------------------------------------------- compiled calendar

export interface WorkCalendar {
  /** date → holiday name */
  readonly holidays: ReadonlyMap<string, string>;
  /** date → name of the make-up working day */
  readonly workdays: ReadonlyMap<string, string>;
  readonly years: ReadonlySet<number>;
  readonly provisionalYears: ReadonlySet<number>;
}

export function compileCalendar(file: HolidaysFile): WorkCalendar {
  const holidays = new Map<string, string>();
  const workdays = new Map<string, string>();
  for (const y of file.years) {
    for (const h of y.holidays) for (const d of rangeDates(h)) holidays.set(d, h.name);
    for (const w of y.workdays) for (const d of w.dates) workdays.set(d, w.name);
  }
  return {
    holidays,
    workdays,
    years: new Set(file.years.map((y) => y.year)),
    provisionalYears: new Set(file.years.filter((y) => y.provisional).map((y) => y.year)),
  };
}

/** Validate and compile; throws a ZodError naming the offending entry. */
export function parseCalendar(data: unknown): WorkCalendar {
  return compileCalendar(HolidaysFile.parse(data));
}

/** Loader: the only I/O in this module. */
export function loadCalendar(path: string): WorkCalendar {
  return parseCalendar(JSON.parse(readFileSync(path, 'utf8')));
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export function dayKind(cal: WorkCalendar, date: string): DayKind {
  if (cal.holidays.has(date)) return 'holiday';
  if (cal.workdays.has(date)) return 'makeup_workday';
  return isWeekend(date) ? 'weekend' : 'workday';
}

/**
 * Outside the years the calendar covers only weekends are known; callers that care (the SLA
 * report, a start-up check) can ask covers() and warn.
 */
export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  const kind = dayKind(cal, date);
  return kind === 'workday' || kind === 'makeup_workday';
}

export function covers(cal: WorkCalendar, year: number): boolean {
  return cal.years.has(year);
}

/** The longest run of days off in practice is 9 (春节 2026); a year bounds any sane search. */
const SEARCH_LIMIT = 366;

/** The first working day strictly after date. */
export function nextWorkingDay(cal: WorkCalendar, date: string): string {
  let d = date;
  for (let i = 0; i < SEARCH_LIMIT; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) return d;
  }
  throw new Error(`no working day within a year after ${date}`);
}

/** The last working day strictly before date. */
export function previousWorkingDay(cal: WorkCalendar, date: string): string {
  let d = date;
  for (let i = 0; i < SEARCH_LIMIT; i++) {
    d = addDays(d, -1);
    if (isWorkingDay(cal, d)) return d;
  }
  throw new Error(`no working day within a year before ${date}`);
}

/**
 * 'calendar_missing_year' when the instant's Beijing year (or the next year, which a deadline in
 * late December reaches) is not in the file: working days there are weekend-only guesses.
 */
export function coverageIssue(cal: WorkCalendar, at: Date): CalendarErrorCode | undefined {
  const year = Number(beijingDate(at).slice(0, 4));
  const month = Number(beijingDate(at).slice(5, 7));
  const needed = month === 12 ? [year, year + 1] : [year];
  return needed.every((y) => cal.years.has(y)) ? undefined : 'calendar_missing_year';
}
