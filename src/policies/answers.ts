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
import { Knowledge, type Range } from './knowledge';

const NUM = '(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)';
/** Money units into 万元. */
const MONEY: Record<string, number> = { 亿: 10000, 千万: 1000, 百万: 100, 万: 1, 元: 0.0001 };
const MONEY_UNIT = '(亿|千万|百万|万|元)?元?';

const fold = (text: string): string => toSimplified(text.normalize('NFKC')).replace(/[\s,，]/g, '').replace(/[—–－~～]/g, '-');

/** A number, a range "a-b", "不到n", "n以下", "n以上"; money in 万元 when `money`. */
function readRange(text: string, money: boolean, integer: boolean): Range | undefined {
  const unit = money ? MONEY_UNIT : '(人|名|年|%|％)?';
  const scale = (n: string, u: string | undefined) => {
    const v = parseNumber(n);
    return v === undefined ? undefined : money ? v * (MONEY[u ?? '万'] ?? 1) : v;
  };
  const step = integer ? 1 : 0.01;
  const between = new RegExp(`${NUM}${unit}(?:-|至|到)${NUM}${unit}`).exec(text);
  if (between) {
    const a = scale(between[1]!, money ? (between[2] ?? between[4]) : undefined);
    const b = scale(between[3]!, money ? between[4] : undefined);
    if (a === undefined || b === undefined) return undefined;
    // "100–500万元" on a button is the range up to 500, as the next button starts at 500.
    const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
    return { min: lo, max: integer ? hi : Math.max(lo, Number((hi - step).toFixed(2))) };
  }
  const under = new RegExp(`(?:不到|不足|少于|低于|未满)${NUM}${unit}|${NUM}${unit}(?:以下|以内|之内)`).exec(text);
  if (under) {
    const strict = under[1] !== undefined;
    const v = strict ? scale(under[1]!, under[2]) : scale(under[3]!, under[4]);
    return v === undefined ? undefined : { min: 0, max: strict ? Math.max(0, v - step) : v };
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

/** Years since founding from "5年", "成立3年", a year ("2019年成立": one of two counts) or a date. */
function readYears(text: string, on: string): Range | undefined {
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  const date = /((?:19|20)\d{2})(?:年|-|\/|\.)(\d{1,2})(?:(?:月|-|\/|\.)(\d{1,2}))?/.exec(text);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), date[3] ? Number(date[3]) : undefined];
    if (d !== undefined) {
      const years = oy - y - (om < m || (om === m && od < d) ? 1 : 0);
      return years >= 0 ? { min: years, max: years } : undefined;
    }
    const full = oy - y - (om <= m ? 1 : 0);
    return oy - y - (om < m ? 1 : 0) >= 0 ? { min: Math.max(0, full), max: oy - y - (om < m ? 1 : 0) } : undefined;
  }
  const year = /((?:19|20)\d{2})年?/.exec(text);
  if (year && !/\d{5}/.test(text)) {
    const y = Number(year[1]);
    if (y > oy) return undefined;
    return { min: Math.max(0, oy - y - 1), max: oy - y };
  }
  if (/刚成立|新成立|不到一年|今年成立/.test(text)) return { min: 0, max: 0 };
  return readRange(text, false, true);
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
      value = readRange(t, false, true);
      break;
    case 'rdRatio':
      value = readRange(t, false, false);
      break;
    case 'revenue':
    case 'assets':
    case 'registeredCapital':
      value = readRange(t, true, false);
      break;
  }
  if (value === undefined) return undefined;
  const parsed = Knowledge.shape[fact].safeParse(value);
  return parsed.success && parsed.data !== undefined ? { fact, value: parsed.data as AnswerOption['value'] } : undefined;
}
