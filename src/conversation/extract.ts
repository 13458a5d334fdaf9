/**
 * Ticket values in free text: what the intake asks for (parseSlot, with the same validation the
 * ticket schema applies) and what a user typed before being asked (extractKnown: only values that
 * validate on their own, a phone number or a credit code with correct check characters, so a
 * stray number in a question is never taken for one).
 */
import { normalise } from '../engine';
import { resolveDistrict, type Districts } from '../tickets/districts';
import { parsePhone, type PhoneErrorCode } from '../tickets/phone';
import { SUMMARY_MAX, DETAIL_MAX, LOCATION_MAX } from '../tickets/schema';
import { normalizeUscc, validateUscc, type UsccErrorCode } from '../tickets/uscc';
import type { IntakeSlot, IntakeValues } from './state';

export type SlotProblem =
  | UsccErrorCode
  | PhoneErrorCode
  | 'district_unknown'
  | 'invalid_name'
  | 'invalid_contactName'
  | 'invalid_summary'
  | 'invalid_location';

export type SlotResult = { ok: true; values: IntakeValues } | { ok: false; problem: SlotProblem };

const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?![0-9A-Za-z])/g;
const LANDLINE = /(?<![0-9A-Za-z])(?:\(?0\d{2,3}\)?[-\s]?)[2-9]\d{6,7}(?:(?:转|分机|-|#)\d{1,6})?(?![0-9A-Za-z])/g;
const ALNUM_RUN = /[0-9A-Z]+/g;
const COMPANY =
  /([\p{Script=Han}A-Za-z0-9（）()·&]{2,60}?(?:有限责任公司|股份有限公司|有限公司|分公司|合作社|事务所|商行|经营部|门市部|工作室))/u;
/** What people say before the name: "我们是…", "我是…的". Single 是/为 are not cut: 为民服务有限公司. */
const COMPANY_LEAD = /^(?:我们是|我司是|我是|公司是|企业是|公司叫|企业叫|单位是|名称是|我们|我司|本公司|我公司)/u;
const CONTACT = /(?:我叫|我的名字是|联系人(?:是|为|叫)?[:：]?|姓名(?:是|为)?[:：]?)\s*(?!电话|手机|方式|号码|信息|姓名|名字)([\p{Script=Han}]{2,4})(?![\p{Script=Han}])/u;
const EDGE_PUNCTUATION = /^[\s，,。.:：;；、!！?？"“”']+|[\s，,。.:：;；、!！?？"“”']+$/gu;

const fold = (text: string) => text.normalize('NFKC');

/** Every valid phone number in the text, normalised, with the text it came from. */
function phonesIn(text: string): { normalized: string; raw: string }[] {
  const out: { normalized: string; raw: string }[] = [];
  for (const re of [MOBILE, LANDLINE])
    for (const m of fold(text).matchAll(re)) {
      const r = parsePhone(m[0]);
      if (r.ok) out.push({ normalized: r.normalized, raw: m[0] });
    }
  return out;
}

/** Runs of code characters once spaces and hyphens are gone ("9135 0100 M000 100Y43"). */
function codeRuns(text: string): string[] {
  return normalizeUscc(fold(text)).match(ALNUM_RUN) ?? [];
}

function validCode(text: string): string | undefined {
  return codeRuns(text).find((run) => run.length === 18 && validateUscc(run).ok);
}

/** A district table's names, longest first (with and without aliases), and its towns: built once per table. */
interface DistrictNames {
  withAliases: { name: string; district: string }[];
  withoutAliases: { name: string; district: string }[];
  towns: { town: string; district: string }[];
}
const namesOf = new WeakMap<Districts, DistrictNames>();

function districtNames(config: Districts): DistrictNames {
  let names = namesOf.get(config);
  if (!names) {
    const list = (aliases: boolean) => {
      const out: { name: string; district: string }[] = [{ name: config.cityLevel, district: config.cityLevel }];
      for (const d of config.districts) {
        out.push({ name: d.name, district: d.name });
        if (aliases) for (const a of d.aliases) out.push({ name: a, district: d.name });
      }
      return out.sort((a, b) => b.name.length - a.name.length);
    };
    names = {
      withAliases: list(true),
      withoutAliases: list(false),
      towns: config.districts.flatMap((d) => d.towns.map((t) => ({ town: t, district: d.name }))),
    };
    namesOf.set(config, names);
  }
  return names;
}

function districtIn(config: Districts, text: string, aliases: boolean): { district: string; town?: string } | undefined {
  const compact = normalise(text).text.replace(/\s+/g, '');
  if (!compact) return undefined;
  const cleaned = compact
    .replace(/^(我们|我司|企业|公司|单位)?(在|位于|属于|是|地址在|所在区县?是?|所属区县?是?)/u, '')
    .replace(/的$/u, '');
  const exact = resolveDistrict(config, cleaned);
  if (exact.ok) return { district: exact.district };
  const known = districtNames(config);
  const town = known.towns.find((t) => compact.includes(t.town));
  const named = (aliases ? known.withAliases : known.withoutAliases).find((n) => compact.includes(n.name));
  if (named && (!town || town.district === named.district)) return town ? { district: named.district, town: town.town } : { district: named.district };
  if (!named && town) return { district: town.district, town: town.town };
  return undefined;
}

/** The district (and town) a place's description names, if it names one ("东城区幸福路口"). */
export function placeOf(districts: Districts, text: string | undefined): { district: string; town?: string } | undefined {
  return text ? districtIn(districts, text, true) : undefined;
}

/** Cuts a long report into the ticket's summary (≤ 200 characters) and detail. */
export function summaryOf(text: string): { summary: string; detail: string | undefined } {
  const t = text.trim();
  // detail is always set, so a shorter corrected summary clears the detail of a longer one.
  if (t.length <= SUMMARY_MAX) return { summary: t, detail: undefined };
  return { summary: t.slice(0, SUMMARY_MAX - 1) + '…', detail: t.slice(0, DETAIL_MAX) };
}

/** Values a message holds that validate on their own; never a guess. */
export function extractKnown(text: string, districts: Districts): IntakeValues {
  const out: IntakeValues = {};
  const phone = phonesIn(text)[0];
  if (phone) out.phone = phone.normalized;
  const code = validCode(text);
  if (code) out.creditCode = code;
  const company = COMPANY.exec(fold(text))?.[1];
  if (company) {
    const name = company.replace(COMPANY_LEAD, '');
    if (name.length >= 4 && name.length <= 100) out.name = name;
  }
  const place = districtIn(districts, text, false);
  if (place) {
    out.district = place.district;
    if (place.town) out.town = place.town;
  }
  const contact = CONTACT.exec(fold(text))?.[1];
  if (contact) out.contactName = contact;
  return out;
}

function strip(text: string, remove: string[]): string {
  let t = fold(text);
  for (const r of remove) t = t.replace(r, ' ');
  return t.replace(/\s{2,}/g, ' ').replace(EDGE_PUNCTUATION, '');
}

/** The answer to one intake question, validated; other values in the same message come along. */
export function parseSlot(slot: IntakeSlot, text: string, districts: Districts): SlotResult {
  switch (slot) {
    case 'creditCode': {
      const runs = codeRuns(text);
      const candidate = runs.find((r) => r.length === 18) ?? runs.sort((a, b) => b.length - a.length)[0] ?? '';
      const r = validateUscc(candidate);
      return r.ok ? { ok: true, values: { creditCode: r.code } } : { ok: false, problem: r.code };
    }
    case 'phone': {
      const found = phonesIn(text)[0];
      if (found) return { ok: true, values: { phone: found.normalized } };
      const r = parsePhone(text);
      return r.ok ? { ok: true, values: { phone: r.normalized } } : { ok: false, problem: r.code };
    }
    case 'district': {
      const place = districtIn(districts, text, true);
      if (!place) return { ok: false, problem: 'district_unknown' };
      return { ok: true, values: place.town ? { district: place.district, town: place.town } : { district: place.district } };
    }
    case 'name': {
      const phone = phonesIn(text)[0];
      const code = validCode(text);
      const name = strip(text, [phone?.raw ?? '', code ?? ''])
        .replace(/^(我们|我司|本公司|我们公司|我们企业|企业|公司|单位)?(的)?(名称|名字|全称)?(是|为|叫|：|:)\s*/u, '')
        .replace(EDGE_PUNCTUATION, '');
      if (name.length < 2 || name.length > 100) return { ok: false, problem: 'invalid_name' };
      return { ok: true, values: { name, ...(phone ? { phone: phone.normalized } : {}), ...(code ? { creditCode: code } : {}) } };
    }
    case 'contactName': {
      const phone = phonesIn(text)[0];
      const name = strip(text, [phone?.raw ?? ''])
        .replace(/^(我叫|我是|叫我|我的名字是|联系人(是|为|叫)?|姓名(是|为)?|称呼(是|为)?|免贵姓|我姓)\s*[:：]?\s*/u, '')
        .replace(EDGE_PUNCTUATION, '');
      if (name.length < 1 || name.length > 50 || /^[\d\s+-]+$/.test(name)) return { ok: false, problem: 'invalid_contactName' };
      return { ok: true, values: { contactName: name, ...(phone ? { phone: phone.normalized } : {}) } };
    }
    case 'summary': {
      if (!text.trim()) return { ok: false, problem: 'invalid_summary' };
      return { ok: true, values: summaryOf(text) };
    }
    case 'location': {
      const place = fold(text)
        .replace(/^(?:就)?(?:在|位于|位置(?:是|在)?|地址(?:是|在)?|地点(?:是|在)?|具体(?:位置|地址)(?:是|在)?)[:：]?\s*/u, '')
        .replace(EDGE_PUNCTUATION, '');
      if (Array.from(place).length < 2 || place.length > LOCATION_MAX) return { ok: false, problem: 'invalid_location' };
      return { ok: true, values: { location: place } };
    }
  }
}
