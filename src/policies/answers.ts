/**
 * A person's answer to one policy-dialog question, read from free text and checked by the fact's
 * schema (knowledge.ts): "50人", "20–99人", "不到10人", "1.2亿", "3%", "2019年成立", "东城",
 * "做软件的", "高企和专精特新". A button sends its label as text, so button and typing are one path.
 */
import { toSimplified } from '../zh';
import type { AnswerOption, AskableFact } from './chooser';
import { OUTSIDE_DISTRICT } from './chooser';
import { parseNumber, qualificationsIn, type DistrictNames } from './extract';
import { industryIn } from './industries';
import { daysInMonth, elapsedYears } from './elapsed';
import { Knowledge, stepOf, YEARS_DAY, type Range } from './knowledge';

const NUM = '(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)';
/** Money units into 万元. */
const MONEY: Record<string, number> = { 亿: 10000, 千万: 1000, 百万: 100, 万: 1, 元: 0.0001 };
const MONEY_UNIT = '(亿|千万|百万|万|元)?元?';

/** A step below `v`: to two decimals for money and ratios (no float noise), exact for the finer steps. */
const below = (v: number, step: number): number => (step >= 0.01 ? Number((v - step).toFixed(2)) : v - step);

const fold = (text: string): string => toSimplified(text.normalize('NFKC')).replace(/[\s,，]/g, '').replace(/[—–－~～]/g, '-');

/**
 * A number, a range "a-b", "不到n", "n以下", "n以上"; money in 万元 when `money`. `step` is the fact's
 * smallest difference (knowledge.ts stepOf): a count's range "20–99" includes 99, any other's "3–5"
 * stops a step short of 5, as the next button starts there.
 */
function readRange(text: string, money: boolean, step: number): Range | undefined {
  const integer = step === 1;
  const unit = money ? MONEY_UNIT : '(人|名|年|%|％)?';
  const scale = (n: string, u: string | undefined) => {
    const v = parseNumber(n);
    return v === undefined ? undefined : money ? v * (MONEY[u ?? '万'] ?? 1) : v;
  };
  const between = new RegExp(`${NUM}${unit}(?:-|至|到)${NUM}${unit}`).exec(text);
  if (between) {
    const a = scale(between[1]!, money ? (between[2] ?? between[4]) : undefined);
    const b = scale(between[3]!, money ? between[4] : undefined);
    if (a === undefined || b === undefined) return undefined;
    // "100–500万元" on a button is the range up to 500, as the next button starts at 500.
    const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
    return { min: lo, max: integer ? hi : Math.max(lo, below(hi, step)) };
  }
  const under = new RegExp(`(?:不到|不足|少于|低于|未满)${NUM}${unit}|${NUM}${unit}(?:以下|以内|之内)`).exec(text);
  if (under) {
    const strict = under[1] !== undefined;
    const v = strict ? scale(under[1]!, under[2]) : scale(under[3]!, under[4]);
    return v === undefined ? undefined : { min: 0, max: strict ? Math.max(0, below(v, step)) : v };
  }
  const over = new RegExp(`(?:超过|多于|高于)${NUM}${unit}|${NUM}${unit}(?:及以上|以上|多)`).exec(text);
  if (over) {
    const strict = over[1] !== undefined;
    const v = strict ? scale(over[1]!, over[2]) : scale(over[3]!, over[4]);
    return v === undefined ? undefined : { min: strict ? v + step : v };
  }
  const one = new RegExp(`${NUM}${unit}`).exec(text);
  if (!one) return undefined;
  const v = scale(one[1]!, money ? one[2] : undefined);
  return v === undefined ? undefined : { min: v, max: v };
}

const YEARS = (words: string) => new RegExp(`${words}${NUM}年`);
const number = (m: RegExpExecArray | null): number | undefined => (m ? parseNumber(m[1]!) : undefined);

/**
 * Years said with 满 / 超过 / 不满 / 不超过 (the dialog's buttons, "满1年、不超过3年"): 3 years to the day
 * is 满3年 and 不超过3年, not 超过3年 and not 不满3年.
 */
function yearBounds(text: string): Range | undefined {
  const over = number(YEARS('(?<!不)超过').exec(text));
  const from = number(YEARS('(?<![不未])满').exec(text));
  const under = number(YEARS('(?:不满|未满|不到|不足)').exec(text));
  const upto = number(YEARS('不超过').exec(text));
  const min = over !== undefined ? over + YEARS_DAY : from;
  const max = under !== undefined ? Math.max(0, under - YEARS_DAY) : upto;
  if (min === undefined && max === undefined) return undefined;
  return max === undefined ? { min: min! } : { min: Math.min(min ?? 0, max), max };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Years since founding, exact as the matcher counts them (src/policies/elapsed.ts), from a date
 * ("2020年3月15日": one value), a month or a year (the range from its last day to its first:
 * "2019年成立"), or a count of years ("成立3年": 3 full years, not yet 4).
 */
function readYears(text: string, on: string): Range | undefined {
  const oy = Number(on.slice(0, 4));
  // Founded between `first` and `last` (both YYYY-MM-DD): from the years since the last to those since the first.
  const between = (first: string, last: string): Range | undefined => {
    const max = elapsedYears(first, on);
    return max === undefined ? undefined : { min: elapsedYears(last, on) ?? 0, max };
  };
  const date = /((?:19|20)\d{2})(?:年|-|\/|\.)(\d{1,2})(?:(?:月|-|\/|\.)(\d{1,2}))?/.exec(text);
  if (date) {
    const [y, m] = [Number(date[1]), Number(date[2])];
    if (m < 1 || m > 12) return undefined;
    const last = daysInMonth(y, m);
    const day = (d: number) => `${y}-${pad(m)}-${pad(Math.min(Math.max(d, 1), last))}`;
    return date[3] ? between(day(Number(date[3])), day(Number(date[3]))) : between(day(1), day(last));
  }
  const year = /((?:19|20)\d{2})年?/.exec(text);
  if (year && !/\d{5}/.test(text)) {
    const y = Number(year[1]);
    return y > oy ? undefined : between(`${y}-01-01`, `${y}-12-31`);
  }
  if (/刚成立|新成立|不到一年|今年成立/.test(text)) return { min: 0, max: 1 - YEARS_DAY };
  const bounded = yearBounds(text);
  if (bounded) return bounded;
  const range = readRange(text, false, YEARS_DAY);
  // A count of years on its own is that many full years: "成立3年" is 3 years and not yet 4.
  return range && range.min === range.max ? { min: range.min, max: range.min + 1 - YEARS_DAY } : range;
}

export interface AnswerContext {
  districts: readonly DistrictNames[];
  /** The date years are counted to (YYYY-MM-DD). */
  on: string;
}

/** The answer the text gives to the fact asked, checked by its schema; undefined when it gives none. */
export function readAnswer(fact: AskableFact, text: string, ctx: AnswerContext): AnswerOption | undefined {
  const t = fold(text);
  if (!t) return undefined;
  let value: unknown;
  switch (fact) {
    case 'district': {
      if (t.includes(OUTSIDE_DISTRICT) || /外地|外省|外市|不在本市/.test(t)) value = OUTSIDE_DISTRICT;
      else
        for (const d of ctx.districts)
          if ([d.name, ...(d.aliases ?? [])].some((n) => t.includes(n))) {
            value = d.name;
            break;
          }
      break;
    }
    case 'industry':
      value = industryIn(t);
      break;
    case 'qualifications': {
      const found = qualificationsIn(t);
      value = found.length > 0 ? found : /没有|都不是|均无|无|都没|没/.test(t) ? [] : undefined;
      break;
    }
    case 'taxCredit': {
      const grade = /(?:^|[^A-Za-z])([ABMCDabmcd])(?:级|类)?(?![A-Za-z])/.exec(t);
      value = grade ? grade[1]!.toUpperCase() : undefined;
      break;
    }
    case 'establishedYears':
      value = readYears(t, ctx.on);
      break;
    case 'employees':
      value = readRange(t, false, stepOf('employees'));
      break;
    case 'rdRatio':
      value = readRange(t, false, stepOf('rdRatio'));
      break;
    case 'revenue':
    case 'assets':
    case 'registeredCapital':
      value = readRange(t, true, stepOf(fact));
      break;
  }
  if (value === undefined) return undefined;
  const parsed = Knowledge.shape[fact].safeParse(value);
  return parsed.success && parsed.data !== undefined ? { fact, value: parsed.data as AnswerOption['value'] } : undefined;
}
